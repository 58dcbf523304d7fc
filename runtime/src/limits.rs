//! Limits the spec states on request values, checked before a request is sent.
//!
//! The generator turns every constraint of a request type's properties (`maxItems`,
//! `minItems`, `maxLength`, `minLength`, `minimum`, `maximum`, `uniqueItems`, `x-max-interval`)
//! into an implementation of [`CheckLimits`]; the client runs it before it sends anything, so a
//! request Mews would refuse for a stated limit is an [`Error::Limit`](crate::Error::Limit)
//! naming the JSON path, the limit and the value, and the server never sees it.

use std::fmt;

use crate::interval::{Interval, MaxInterval};
use crate::update_value::UpdateValue;

/// A value whose limits the spec states: generated for every request type and the types it
/// contains that state limits (a request type that states none keeps the default, which checks
/// nothing).
pub trait CheckLimits {
    /// Checks every limit of this value and of what it contains; `at` is where the value stands
    /// in the request body.
    ///
    /// # Errors
    ///
    /// The first limit broken, in field order.
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        let _ = at;
        Ok(())
    }
}

impl<T: CheckLimits + ?Sized> CheckLimits for &T {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        (**self).check_limits(at)
    }
}

impl<T: CheckLimits + ?Sized> CheckLimits for Box<T> {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        (**self).check_limits(at)
    }
}

impl<T: CheckLimits> CheckLimits for Option<T> {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        self.as_ref().map_or(Ok(()), |value| value.check_limits(at))
    }
}

impl<T: CheckLimits> CheckLimits for [T] {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        self.iter()
            .enumerate()
            .try_for_each(|(index, item)| item.check_limits(&at.index(index)))
    }
}

impl<T: CheckLimits> CheckLimits for Vec<T> {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        self.as_slice().check_limits(at)
    }
}

impl<T: CheckLimits> CheckLimits for UpdateValue<T> {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        self.value.check_limits(&at.key("Value"))
    }
}

impl<T: CheckLimits> CheckLimits for std::collections::BTreeMap<String, T> {
    fn check_limits(&self, at: &JsonPath<'_>) -> Result<(), Violation> {
        self.iter()
            .try_for_each(|(key, value)| value.check_limits(&at.key(key)))
    }
}

/// Untyped JSON states no limits: [`Client::call`](crate::Client::call) with a `Value` body
/// sends it as it is.
impl CheckLimits for serde_json::Value {}

/// Where a value stands in a request body: `CustomerIds`, `Rates[3].Name`. Built on the stack
/// while the checks descend, and rendered only when one fails.
#[derive(Clone, Copy, Debug)]
pub struct JsonPath<'a> {
    parent: Option<&'a JsonPath<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl JsonPath<'static> {
    /// The body itself.
    pub const ROOT: JsonPath<'static> = JsonPath {
        parent: None,
        step: Step::Root,
    };
}

impl<'a> JsonPath<'a> {
    /// The property `key` of the object at this path.
    pub fn key(&'a self, key: &'a str) -> JsonPath<'a> {
        JsonPath {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    /// Item `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> JsonPath<'a> {
        JsonPath {
            parent: Some(self),
            step: Step::Index(index),
        }
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parent_is_root = self
            .parent
            .is_none_or(|parent| matches!(parent.step, Step::Root));
        if let Some(parent) = self.parent.filter(|_| !parent_is_root) {
            parent.fmt(f)?;
        }
        match self.step {
            Step::Root => f.write_str("."),
            Step::Key(key) if parent_is_root => f.write_str(key),
            Step::Key(key) => write!(f, ".{key}"),
            Step::Index(index) => write!(f, "[{index}]"),
        }
    }
}

/// A limit the spec states on a value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// `maxItems`: an array holds at most this many items.
    MaxItems(u64),
    /// `minItems`: an array holds at least this many items.
    MinItems(u64),
    /// `maxLength`: a string has at most this many characters.
    MaxLength(u64),
    /// `minLength`: a string has at least this many characters.
    MinLength(u64),
    /// `minimum` (`exclusiveMinimum` when `exclusive`): the smallest number allowed, as the
    /// spec writes it.
    Minimum {
        /// The bound, e.g. `1`.
        bound: &'static str,
        /// The bound itself is not allowed.
        exclusive: bool,
    },
    /// `maximum` (`exclusiveMaximum` when `exclusive`): the largest number allowed.
    Maximum {
        /// The bound, e.g. `1000`.
        bound: &'static str,
        /// The bound itself is not allowed.
        exclusive: bool,
    },
    /// `uniqueItems`: no item of the array equals another.
    UniqueItems,
    /// `x-max-interval`: a time interval spans at most this much.
    MaxInterval(MaxInterval),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        match self {
            Limit::MaxItems(n) => write!(f, "at most {n} item{} (maxItems)", plural(*n)),
            Limit::MinItems(n) => write!(f, "at least {n} item{} (minItems)", plural(*n)),
            Limit::MaxLength(n) => write!(f, "at most {n} character{} (maxLength)", plural(*n)),
            Limit::MinLength(n) => write!(f, "at least {n} character{} (minLength)", plural(*n)),
            Limit::Minimum { bound, exclusive } if *exclusive => {
                write!(f, "greater than {bound} (exclusiveMinimum)")
            }
            Limit::Minimum { bound, .. } => write!(f, "at least {bound} (minimum)"),
            Limit::Maximum { bound, exclusive } if *exclusive => {
                write!(f, "less than {bound} (exclusiveMaximum)")
            }
            Limit::Maximum { bound, .. } => write!(f, "at most {bound} (maximum)"),
            Limit::UniqueItems => f.write_str("no duplicate items (uniqueItems)"),
            Limit::MaxInterval(max) => write!(f, "an interval of at most {max} (x-max-interval)"),
        }
    }
}

/// A broken limit, found by [`CheckLimits`]: where, which limit, and the value that breaks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The JSON path of the value, e.g. `CustomerIds` or `Limitation.Count`.
    pub path: String,
    /// The limit it breaks.
    pub limit: Limit,
    /// The value, described: `1001 items`, `0`, `2024-01-01T00:00:00Z to 2024-11-01T00:00:00Z`.
    pub value: String,
}

impl Violation {
    fn new(at: &JsonPath<'_>, limit: Limit, value: String) -> Self {
        Violation {
            path: at.to_string(),
            limit,
            value,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` must be {}, but is {}",
            self.path, self.limit, self.value
        )
    }
}

impl std::error::Error for Violation {}

/// A request broke a limit the spec states, so it was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LimitError {
    /// The operation, e.g. `customers_getAll`.
    pub operation: &'static str,
    /// The JSON path of the value, e.g. `CustomerIds`.
    pub path: String,
    /// The limit it breaks, e.g. [`Limit::MaxItems(1000)`](Limit::MaxItems).
    pub limit: Limit,
    /// The value, described (`1001 items`).
    pub value: String,
}

impl LimitError {
    pub(crate) fn new(operation: &'static str, violation: Violation) -> Self {
        LimitError {
            operation,
            path: violation.path,
            limit: violation.limit,
            value: violation.value,
        }
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: `{}` must be {}, but is {}; nothing was sent",
            self.operation, self.path, self.limit, self.value
        )
    }
}

impl std::error::Error for LimitError {}

/// `minItems`/`maxItems` of an array.
///
/// # Errors
///
/// A [`Violation`] when `items` has fewer than `min` or more than `max` items.
pub fn check_items<T>(
    items: &[T],
    min: Option<u64>,
    max: Option<u64>,
    at: &JsonPath<'_>,
) -> Result<(), Violation> {
    let len = u64::try_from(items.len()).unwrap_or(u64::MAX);
    let describe = || format!("{len} item{}", if len == 1 { "" } else { "s" });
    match (min, max) {
        (Some(min), _) if len < min => Err(Violation::new(at, Limit::MinItems(min), describe())),
        (_, Some(max)) if len > max => Err(Violation::new(at, Limit::MaxItems(max), describe())),
        _ => Ok(()),
    }
}

/// `minLength`/`maxLength` of a string, in characters (Unicode scalar values), as JSON Schema
/// counts them.
///
/// # Errors
///
/// A [`Violation`] when `text` is shorter than `min` or longer than `max`.
pub fn check_length(
    text: &str,
    min: Option<u64>,
    max: Option<u64>,
    at: &JsonPath<'_>,
) -> Result<(), Violation> {
    let len = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
    let describe = || format!("{len} character{}", if len == 1 { "" } else { "s" });
    match (min, max) {
        (Some(min), _) if len < min => Err(Violation::new(at, Limit::MinLength(min), describe())),
        (_, Some(max)) if len > max => Err(Violation::new(at, Limit::MaxLength(max), describe())),
        _ => Ok(()),
    }
}

/// `minimum` (`exclusiveMinimum`) of a number; `bound` is the limit as a value of the field's
/// type and `text` as the spec writes it.
///
/// # Errors
///
/// A [`Violation`] when `value` is below the bound (or equal to an exclusive one).
pub fn check_minimum<T: PartialOrd + fmt::Display>(
    value: &T,
    bound: &T,
    text: &'static str,
    exclusive: bool,
    at: &JsonPath<'_>,
) -> Result<(), Violation> {
    let broken = if exclusive {
        value <= bound
    } else {
        value < bound
    };
    if broken {
        let limit = Limit::Minimum {
            bound: text,
            exclusive,
        };
        return Err(Violation::new(at, limit, value.to_string()));
    }
    Ok(())
}

/// `maximum` (`exclusiveMaximum`) of a number; see [`check_minimum`].
///
/// # Errors
///
/// A [`Violation`] when `value` is above the bound (or equal to an exclusive one).
pub fn check_maximum<T: PartialOrd + fmt::Display>(
    value: &T,
    bound: &T,
    text: &'static str,
    exclusive: bool,
    at: &JsonPath<'_>,
) -> Result<(), Violation> {
    let broken = if exclusive {
        value >= bound
    } else {
        value > bound
    };
    if broken {
        let limit = Limit::Maximum {
            bound: text,
            exclusive,
        };
        return Err(Violation::new(at, limit, value.to_string()));
    }
    Ok(())
}

/// `uniqueItems` of an array.
///
/// # Errors
///
/// A [`Violation`] naming the first item equal to an earlier one.
pub fn check_unique<T: PartialEq>(items: &[T], at: &JsonPath<'_>) -> Result<(), Violation> {
    for (index, item) in items.iter().enumerate() {
        if let Some(first) = items[..index].iter().position(|earlier| earlier == item) {
            let value = format!("item {index} equal to item {first}");
            return Err(Violation::new(at, Limit::UniqueItems, value));
        }
    }
    Ok(())
}

/// `x-max-interval` of a time interval: its end is at most `max` after its start (an end
/// before the start, or an end left out, is not this check's business).
///
/// # Errors
///
/// A [`Violation`] when the interval is longer than `max`.
pub fn check_interval<I: Interval>(
    interval: &I,
    max: MaxInterval,
    at: &JsonPath<'_>,
) -> Result<(), Violation> {
    let Some((start, end)) = interval.ends() else {
        return Ok(());
    };
    if max.allows(start, end) {
        return Ok(());
    }
    let value = format!("{start} to {end}");
    Err(Violation::new(at, Limit::MaxInterval(max), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_json() {
        let root = JsonPath::ROOT;
        assert_eq!(root.to_string(), ".");
        let rates = root.key("Rates");
        let third = rates.index(3);
        let name = third.key("Name");
        assert_eq!(name.to_string(), "Rates[3].Name");
        let ids = root.key("CustomerIds");
        assert_eq!(ids.index(0).to_string(), "CustomerIds[0]");
    }

    #[test]
    fn items_and_lengths_name_the_limit_and_the_value() {
        let at = JsonPath::ROOT;
        let ids = at.key("CustomerIds");
        let error = check_items(&[0; 1001], None, Some(1000), &ids).unwrap_err();
        assert_eq!(error.limit, Limit::MaxItems(1000));
        assert_eq!(
            error.to_string(),
            "`CustomerIds` must be at most 1000 items (maxItems), but is 1001 items"
        );
        assert!(check_items(&[0; 1000], Some(1), Some(1000), &ids).is_ok());
        let empty: [u8; 0] = [];
        assert_eq!(
            check_items(&empty, Some(1), None, &ids).unwrap_err().limit,
            Limit::MinItems(1)
        );
        // Characters, not bytes.
        assert!(check_length("ééé", None, Some(3), &ids).is_ok());
        assert_eq!(
            check_length("abcd", None, Some(3), &ids).unwrap_err().value,
            "4 characters"
        );
    }

    #[test]
    fn bounds_inclusive_and_exclusive() {
        let at = JsonPath::ROOT;
        assert!(check_minimum(&1, &1, "1", false, &at).is_ok());
        assert!(check_minimum(&1, &1, "1", true, &at).is_err());
        let error = check_minimum(&0, &1, "1", false, &at).unwrap_err();
        assert_eq!(error.value, "0");
        assert!(check_maximum(&1000, &1000, "1000", false, &at).is_ok());
        assert!(check_maximum(&1001, &1000, "1000", false, &at).is_err());
        assert!(check_maximum(&1000, &1000, "1000", true, &at).is_err());
    }

    #[test]
    fn duplicates_name_both_items() {
        let at = JsonPath::ROOT;
        assert!(check_unique(&[1, 2, 3], &at).is_ok());
        assert_eq!(
            check_unique(&[1, 2, 1], &at).unwrap_err().value,
            "item 2 equal to item 0"
        );
    }
}
