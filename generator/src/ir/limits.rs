//! Limits the spec states on properties (`maxItems`, `minItems`, `maxLength`, `minLength`,
//! `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `uniqueItems`,
//! `x-max-interval`): read from the raw property, checked against the property's type, and
//! marked on the types a request sends, whose values the client checks before sending.

use std::collections::{BTreeMap, BTreeSet};

use crate::json::Value;

use super::{Field, IntervalEnds, Presence, Shape, Struct, TypeDef, TypeRef};
use crate::error::Diagnostic;

/// What the spec states about one property's value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub unique_items: bool,
    pub max_interval: Option<MaxInterval>,
    /// The limits of each item, for an array of strings or numbers (`items: {maxLength: 10}`).
    pub items: Option<Box<Limits>>,
    /// A constraining keyword the generator cannot check (`pattern`...): an error where a
    /// request sends the property.
    pub unsupported: Option<String>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// A number bound, as the spec writes it (`1000`, `-90`, `0.5`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub text: String,
    /// `exclusiveMinimum`/`exclusiveMaximum`: the bound itself is not allowed.
    pub exclusive: bool,
}

/// `x-max-interval: 3 months`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxInterval {
    pub amount: u32,
    pub unit: IntervalUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntervalUnit {
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

impl std::fmt::Display for MaxInterval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Hours => "hour",
            IntervalUnit::Days => "day",
            IntervalUnit::Weeks => "week",
            IntervalUnit::Months => "month",
            IntervalUnit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// Keywords that constrain a value and that the generator does not check: refused rather than
/// accepted and ignored.
const UNSUPPORTED: &[&str] = &[
    "pattern",
    "multipleOf",
    "maxProperties",
    "minProperties",
    "const",
];

/// Reads the limits of the raw property `node` (at `at`).
pub(super) fn read(node: Option<&Value>, at: &str) -> Result<Limits, Diagnostic> {
    let Some(Value::Object(node)) = node else {
        return Ok(Limits::default());
    };
    let count = |key: &str| -> Result<Option<u64>, Diagnostic> {
        match node.get(key) {
            None => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or_else(|| {
                Diagnostic::at(at, format!("`{key}` must be a whole number of at least 0"))
            }),
        }
    };
    let unsupported = UNSUPPORTED
        .iter()
        .find(|key| node.contains_key(**key))
        .map(|key| (*key).to_owned());
    let flag = |key: &str| -> Result<bool, Diagnostic> {
        match node.get(key) {
            None => Ok(false),
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(_) => Err(Diagnostic::at(at, format!("`{key}` must be true or false"))),
        }
    };
    let bound = |key: &str, exclusive_key: &str| -> Result<Option<Bound>, Diagnostic> {
        // OpenAPI 3.0: `exclusiveMinimum: true` beside `minimum`; 3.1: `exclusiveMinimum: 5`.
        match (node.get(key), node.get(exclusive_key)) {
            (Some(Value::Number(n)), None | Some(Value::Bool(_))) => Ok(Some(Bound {
                text: n.to_string(),
                exclusive: flag(exclusive_key)?,
            })),
            (None, Some(Value::Number(n))) => Ok(Some(Bound {
                text: n.to_string(),
                exclusive: true,
            })),
            (None, None | Some(Value::Bool(false))) => Ok(None),
            _ => Err(Diagnostic::at(
                at,
                format!("`{key}`/`{exclusive_key}` must be a number (and a flag)"),
            )),
        }
    };
    let max_interval = match node.get("x-max-interval") {
        None => None,
        Some(Value::String(text)) => Some(parse_interval(text).ok_or_else(|| {
            Diagnostic::at(
                at,
                format!("`x-max-interval: {text}` is not `<positive whole number> <hours|days|weeks|months|years>`"),
            )
        })?),
        Some(_) => {
            return Err(Diagnostic::at(
                at,
                "`x-max-interval` must be a string such as `3 months`",
            ))
        }
    };
    let items = match node.get("items") {
        Some(items) => {
            let limits = read(Some(items), &format!("{at}/items"))?;
            (!limits.is_empty()).then(|| Box::new(limits))
        }
        None => None,
    };
    Ok(Limits {
        min_items: count("minItems")?,
        max_items: count("maxItems")?,
        min_length: count("minLength")?,
        max_length: count("maxLength")?,
        minimum: bound("minimum", "exclusiveMinimum")?,
        maximum: bound("maximum", "exclusiveMaximum")?,
        unique_items: flag("uniqueItems")?,
        max_interval,
        items,
        unsupported,
    })
}

/// `3 months`, `1 month`, `24 hours`...
pub fn parse_interval(text: &str) -> Option<MaxInterval> {
    let (amount, unit) = text.trim().split_once(char::is_whitespace)?;
    let amount: u32 = amount.parse().ok().filter(|n| *n > 0)?;
    let unit = match unit.trim().to_ascii_lowercase().trim_end_matches('s') {
        "hour" => IntervalUnit::Hours,
        "day" => IntervalUnit::Days,
        "week" => IntervalUnit::Weeks,
        "month" => IntervalUnit::Months,
        "year" => IntervalUnit::Years,
        _ => return None,
    };
    Some(MaxInterval { amount, unit })
}

/// The value a property's limits apply to: the property's type without `Option` (presence),
/// `UpdateValue` (limits apply to the new value) and `Box`, with aliases resolved.
fn value_type<'a>(ty: &'a TypeRef, types: &'a BTreeMap<&str, &TypeDef>) -> &'a TypeRef {
    match ty {
        TypeRef::UpdateValue(inner) | TypeRef::Boxed(inner) => value_type(inner, types),
        TypeRef::Named(name) => match types.get(name.as_str()).map(|def| &def.shape) {
            Some(Shape::Alias(target)) => value_type(target, types),
            _ => ty,
        },
        _ => ty,
    }
}

/// Checks that every limit of a sent type fits its property's type (items for arrays, lengths
/// for strings, bounds for numbers, intervals for interval objects), and records the interval
/// objects' ends. Returns the problems, each at its property. The limits of types only
/// received are documentation: the client does not check what it receives.
pub(super) fn check(types: &mut [TypeDef]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut intervals: BTreeMap<String, IntervalEnds> = BTreeMap::new();
    {
        let by_name: BTreeMap<&str, &TypeDef> =
            types.iter().map(|def| (def.name.as_str(), def)).collect();
        for def in types.iter().filter(|def| def.sent) {
            let Shape::Struct(object) = &def.shape else {
                continue;
            };
            for field in &object.fields {
                let at = format!("{}/properties/{}", def.pointer, field.json_name);
                if let Some(key) = &field.limits.unsupported {
                    problems.push(Diagnostic::at(
                        &at,
                        format!("`{key}` is not supported: the client could not check it before sending"),
                    ));
                    continue;
                }
                let value = value_type(&field.ty, &by_name);
                if let Err(message) = fits(&field.limits, value, &by_name) {
                    problems.push(Diagnostic::at(&at, message));
                    continue;
                }
                if field.limits.max_interval.is_none() {
                    continue;
                }
                let target = match value {
                    TypeRef::Named(name) => {
                        by_name.get(name.as_str()).map(|def| (name, &def.shape))
                    }
                    _ => None,
                };
                match target {
                    Some((name, Shape::Struct(target))) => match interval_ends(target) {
                        Ok(ends) => {
                            intervals.insert(name.clone(), ends);
                        }
                        Err(message) => problems.push(Diagnostic::at(&at, message)),
                    },
                    _ => problems.push(Diagnostic::at(
                        &at,
                        "`x-max-interval` needs an object with a start and an end",
                    )),
                }
            }
        }
    }
    for def in types.iter_mut() {
        if let (Shape::Struct(object), Some(ends)) = (&mut def.shape, intervals.remove(&def.name)) {
            object.interval = Some(ends);
        }
    }
    problems
}

/// Whether `limits` can apply to a value of type `value`.
fn fits(limits: &Limits, value: &TypeRef, types: &BTreeMap<&str, &TypeDef>) -> Result<(), String> {
    let is_array = matches!(value, TypeRef::Vec(_));
    if (limits.min_items.is_some() || limits.max_items.is_some() || limits.unique_items)
        && !is_array
    {
        return Err("`minItems`, `maxItems` and `uniqueItems` apply to arrays only".into());
    }
    if (limits.min_length.is_some() || limits.max_length.is_some())
        && !matches!(value, TypeRef::String | TypeRef::HybridId)
    {
        return Err(
            "`minLength` and `maxLength` apply to strings without a format only (not to UUIDs, dates, enums or arrays)"
                .into(),
        );
    }
    for bound in [&limits.minimum, &limits.maximum].into_iter().flatten() {
        number_bound(bound, value)?;
    }
    if let (Some(min), Some(max)) = (limits.min_items, limits.max_items) {
        if min > max {
            return Err(format!("`minItems` {min} is more than `maxItems` {max}"));
        }
    }
    if let (Some(min), Some(max)) = (limits.min_length, limits.max_length) {
        if min > max {
            return Err(format!("`minLength` {min} is more than `maxLength` {max}"));
        }
    }
    if let Some(items) = &limits.items {
        let TypeRef::Vec(item) = value else {
            return Err("limits under `items` apply to arrays only".into());
        };
        let item = value_type(item, types);
        if items.max_interval.is_some() || matches!(item, TypeRef::Named(_) | TypeRef::Vec(_)) {
            return Err(
                "limits under `items` are supported for arrays of strings and numbers only".into(),
            );
        }
        fits(items, item, types)?;
    }
    Ok(())
}

/// A bound must be a number of the property's type: a whole number within an integer type's
/// range, any exact decimal of at most 28 fractional digits for a decimal.
fn number_bound(bound: &Bound, value: &TypeRef) -> Result<(), String> {
    let text = &bound.text;
    match value {
        TypeRef::I32 if text.parse::<i32>().is_ok() => Ok(()),
        TypeRef::I64 if text.parse::<i64>().is_ok() => Ok(()),
        TypeRef::I32 | TypeRef::I64 => Err(format!(
            "the bound `{text}` is not a whole number the integer property can hold"
        )),
        TypeRef::Decimal if decimal_parts(text).is_some() => Ok(()),
        TypeRef::Decimal => Err(format!(
            "the bound `{text}` is not an exact decimal of at most 28 fractional digits"
        )),
        _ => Err("`minimum` and `maximum` apply to numbers only".into()),
    }
}

/// `-90.5` → (-905, 1): the mantissa and scale of `rust_decimal::Decimal::from_i128_with_scale`.
/// Plain decimal notation and exponents (`1e3`, `2.5E-2`) are accepted.
pub fn decimal_parts(text: &str) -> Option<(i128, u32)> {
    let (number, exponent) = match text.split_once(['e', 'E']) {
        Some((number, exponent)) => (number, exponent.parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, digits) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut mantissa: i128 = format!("{whole}{fraction}").parse().ok()?;
    let mut scale = i32::try_from(fraction.len()).ok()? - exponent;
    while scale < 0 {
        mantissa = mantissa.checked_mul(10)?;
        scale += 1;
    }
    let scale = u32::try_from(scale).ok().filter(|scale| *scale <= 28)?;
    // `Decimal` holds 96 bits of mantissa.
    (mantissa < 1 << 96).then_some((if negative { -mantissa } else { mantissa }, scale))
}

/// The start and end of an interval object: one property whose name starts with `Start`, one
/// with `End`, both date-times or both dates, both required or both not.
fn interval_ends(object: &Struct) -> Result<IntervalEnds, String> {
    let end_of = |prefix: &str| -> Result<&Field, String> {
        let mut found = object
            .fields
            .iter()
            .filter(|field| field.json_name.starts_with(prefix));
        match (found.next(), found.next()) {
            (Some(field), None) => Ok(field),
            _ => Err(format!(
                "`x-max-interval` needs an object with exactly one `{prefix}…` property"
            )),
        }
    };
    let (start, end) = (end_of("Start")?, end_of("End")?);
    if start.ty != end.ty || !matches!(start.ty, TypeRef::DateTime | TypeRef::Date) {
        return Err("the interval's start and end must both be date-times or both be dates".into());
    }
    let required = |field: &Field| field.presence == Presence::Required;
    if required(start) != required(end) {
        return Err("the interval's start and end must both be required or both not".into());
    }
    Ok(IntervalEnds {
        start: start.rust_name.clone(),
        end: end.rust_name.clone(),
        optional: !required(start),
    })
}

/// Marks the types a request body reaches (`sent`) and those whose sent values can break a
/// limit (`limited`: a field with limits, or a field of a limited type, arms included).
pub(super) fn mark(types: &mut [TypeDef], request_bodies: &BTreeSet<String>) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|def| (def.name.clone(), referenced(def)))
        .collect();
    let mut sent = BTreeSet::new();
    let mut stack: Vec<&str> = request_bodies.iter().map(String::as_str).collect();
    while let Some(name) = stack.pop() {
        if sent.insert(name.to_owned()) {
            stack.extend(edges.get(name).into_iter().flatten().map(String::as_str));
        }
    }
    let mut limited: BTreeSet<String> = types
        .iter()
        .filter(|def| match &def.shape {
            Shape::Struct(object) => object.fields.iter().any(|f| !f.limits.is_empty()),
            _ => false,
        })
        .map(|def| def.name.clone())
        .collect();
    // Whoever contains a limited type is limited too, until nothing changes.
    loop {
        let before = limited.len();
        for (name, targets) in &edges {
            if targets.iter().any(|target| limited.contains(target)) {
                limited.insert(name.clone());
            }
        }
        if limited.len() == before {
            break;
        }
    }
    for def in types {
        def.sent = sent.contains(&def.name);
        def.limited = def.sent && limited.contains(&def.name);
    }
}

/// The named types a type's values contain (aliases followed by the edges of the alias).
fn referenced(def: &TypeDef) -> Vec<String> {
    let mut named = Vec::new();
    let mut add = |ty: &TypeRef| named.extend(ty.named().map(str::to_owned));
    match &def.shape {
        Shape::Struct(object) => object.fields.iter().for_each(|field| add(&field.ty)),
        Shape::Union(union) => union
            .arms
            .iter()
            .filter_map(|arm| arm.payload.as_ref())
            .for_each(&mut add),
        Shape::Alias(target) => add(target),
        Shape::Enum(_) => {}
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_written() {
        let three = parse_interval("3 months").unwrap();
        assert_eq!((three.amount, three.unit), (3, IntervalUnit::Months));
        assert_eq!(parse_interval("1 month").unwrap().to_string(), "1 month");
        assert_eq!(
            parse_interval("24 Hours").unwrap().unit,
            IntervalUnit::Hours
        );
        assert!(parse_interval("0 days").is_none());
        assert!(parse_interval("3 fortnights").is_none());
        assert!(parse_interval("months").is_none());
    }

    #[test]
    fn decimal_bounds_are_exact() {
        assert_eq!(decimal_parts("-90"), Some((-90, 0)));
        assert_eq!(decimal_parts("0.25"), Some((25, 2)));
        assert_eq!(decimal_parts("1e3"), Some((1000, 0)));
        assert_eq!(decimal_parts("2.5E-2"), Some((25, 3)));
        assert_eq!(decimal_parts("abc"), None);
        assert_eq!(decimal_parts("1e-40"), None);
    }

    #[test]
    fn limits_are_read_and_unsupported_keywords_refused() {
        let node = crate::json::json!({"maxItems": 1000, "minItems": 1, "x-max-interval": "3 months", "minimum": 1, "exclusiveMaximum": true, "maximum": 10});
        let limits = read(Some(&node), "#/x").unwrap();
        assert_eq!(limits.max_items, Some(1000));
        assert_eq!(limits.min_items, Some(1));
        assert_eq!(limits.maximum.as_ref().map(|b| b.exclusive), Some(true));
        assert_eq!(limits.minimum.as_ref().map(|b| b.exclusive), Some(false));
        let pattern = crate::json::json!({"pattern": "^a$"});
        let unsupported = read(Some(&pattern), "#/x").unwrap().unsupported;
        assert_eq!(unsupported.as_deref(), Some("pattern"));
        let bad = crate::json::json!({"maxItems": -1});
        assert!(read(Some(&bad), "#/x").is_err());
    }
}
