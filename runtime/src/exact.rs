//! Money as exact JSON numbers, without serde_json's `arbitrary_precision`.
//!
//! That feature (and rust_decimal's `serde-float` / `serde-arbitrary-precision`) would change
//! how every other crate in the application reads JSON: Cargo unifies features. Instead the
//! generated fields holding a [`Decimal`] are written and read through this module:
//!
//! - encoding writes the decimal's own text as a JSON number (`12.50`, never `12.5000001`), as a
//!   serde_json [`RawValue`], so the number never passes through `f64`;
//! - decoding reads the number's text as a [`RawValue`] and parses it exactly; a number that a
//!   `Decimal` cannot hold exactly (more than 28 or 29 significant digits) is an error, not a
//!   rounded amount.
//!
//! Generated structs name [`serialize`] in `#[serde(serialize_with = ...)]` and read the field
//! with [`set_exact_field`]; other shapes (`Option`, `Vec`, maps, `UpdateValue`) compose through
//! [`ExactDecimal`]. The generated types are JSON types: decoding them needs serde_json's
//! deserializer (from bytes, a string, a reader or a `serde_json::Value`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::ser::{self, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::update_value::UpdateValue;

/// A type holding [`Decimal`]s that are written and read as exact JSON numbers.
pub trait ExactDecimal: Sized {
    /// Writes the value with every decimal as its exact JSON number text.
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// Reads the value, parsing every decimal from its JSON number text.
    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(serialize_with = "...")]` of a field holding decimals.
pub fn serialize<T: ExactDecimal, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    value.serialize_exact(serializer)
}

/// Reads a value holding decimals exactly (the counterpart of [`serialize`]).
pub fn deserialize<'de, T: ExactDecimal, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize_exact(deserializer)
}

/// Decodes the current value of a generated struct's decimal field into `slot`, like
/// [`set_field`](crate::set_field) (a second value for the field is an error).
#[inline]
pub fn set_exact_field<'de, T: ExactDecimal, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(Exact::<T>::seed())?);
    Ok(())
}

/// A value holding decimals, serialized exactly (`Exact(&amounts)`), or the seed that reads one
/// (`Exact::<Vec<Decimal>>::seed()`).
pub struct Exact<'a, T>(pub &'a T);

impl<T> Exact<'_, T> {
    /// The [`DeserializeSeed`] that reads a `T` exactly.
    pub fn seed() -> ExactSeed<T> {
        ExactSeed(PhantomData)
    }
}

impl<T: ExactDecimal> Serialize for Exact<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_exact(serializer)
    }
}

/// Reads a `T` exactly; see [`Exact::seed`].
pub struct ExactSeed<T>(PhantomData<fn() -> T>);

impl<'de, T: ExactDecimal> DeserializeSeed<'de> for ExactSeed<T> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_exact(deserializer)
    }
}

impl ExactDecimal for Decimal {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `Display` writes the mantissa and scale as they are (`12.50`), never an exponent; at
        // most 31 bytes (sign, point, 28 places and a leading zero), so no allocation.
        let mut text = NumberText::default();
        fmt::write(&mut text, format_args!("{self}")).map_err(ser::Error::custom)?;
        let raw: &RawValue = serde_json::from_str(text.as_str()).map_err(ser::Error::custom)?;
        raw.serialize(serializer)
    }

    #[inline]
    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <Box<RawValue>>::deserialize(deserializer)?;
        parse(raw.get())
    }
}

/// A decimal's text, on the stack.
struct NumberText {
    bytes: [u8; 40],
    len: usize,
}

impl Default for NumberText {
    fn default() -> Self {
        NumberText {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl NumberText {
    fn as_str(&self) -> &str {
        // Only `write_str` fills it, with whole `str`s.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for NumberText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A decimal from its JSON text: a number, or a string holding one (as rust_decimal's own
/// `Deserialize` accepts). Exact or an error.
fn parse<E: de::Error>(json: &str) -> Result<Decimal, E> {
    let expected = &"a decimal number";
    let number = match json.as_bytes().first() {
        Some(b'-' | b'0'..=b'9') => json,
        Some(b'"') => {
            let text: String = serde_json::from_str(json).map_err(E::custom)?;
            return parse_number(&text)
                .ok_or_else(|| E::invalid_value(Unexpected::Str(&text), expected));
        }
        _ => return Err(E::invalid_type(unexpected(json), expected)),
    };
    parse_number(number).ok_or_else(|| E::invalid_value(Unexpected::Other(number), expected))
}

/// `12.50`, `-3`, `1.5e3`: `None` for anything a `Decimal` cannot hold exactly.
fn parse_number(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
        None => return Decimal::from_str_exact(text).ok(),
    };
    let mut value = Decimal::from_str_exact(mantissa).ok()?;
    let scale = i64::from(value.scale()) - exponent;
    if scale >= 0 {
        // Only the scale moves; `set_scale` refuses more than 28 places.
        value.set_scale(u32::try_from(scale).ok()?).ok()?;
        return Some(value);
    }
    value.set_scale(0).ok()?;
    // 10^29 overflows any non-zero mantissa; a zero stays zero.
    if value.is_zero() || scale < -29 {
        return value.is_zero().then_some(value);
    }
    (0..-scale).try_fold(value, |value, _| value.checked_mul(Decimal::TEN))
}

fn unexpected(json: &str) -> Unexpected<'_> {
    match json.as_bytes().first() {
        Some(b'n') => Unexpected::Unit,
        Some(b't') => Unexpected::Bool(true),
        Some(b'f') => Unexpected::Bool(false),
        Some(b'[') => Unexpected::Seq,
        Some(b'{') => Unexpected::Map,
        _ => Unexpected::Other(json),
    }
}

impl<T: ExactDecimal> ExactDecimal for Option<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Exact(value)),
            None => serializer.serialize_none(),
        }
    }

    #[inline]
    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct OptionVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: ExactDecimal> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize_exact(deserializer).map(Some)
    }
}

impl<T: ExactDecimal> ExactDecimal for Box<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_exact(serializer)
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_exact(deserializer).map(Box::new)
    }
}

impl<T: ExactDecimal> ExactDecimal for Vec<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Exact))
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

struct VecVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: ExactDecimal> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Exact::<T>::seed())? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<T: ExactDecimal> ExactDecimal for BTreeMap<String, T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Exact(value))))
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

struct MapVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: ExactDecimal> Visitor<'de> for MapVisitor<T> {
    type Value = BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Exact::<T>::seed())?;
            entries.insert(key, value);
        }
        Ok(entries)
    }
}

/// `{"Value": ...}`, as `UpdateValue`'s own serde reads and writes it.
impl<T: ExactDecimal> ExactDecimal for UpdateValue<T> {
    fn serialize_exact<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut update = serializer.serialize_struct("UpdateValue", 1)?;
        update.serialize_field("Value", &Exact(&self.value))?;
        update.end()
    }

    fn deserialize_exact<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("UpdateValue", &["Value"], UpdateVisitor(PhantomData))
    }
}

struct UpdateVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: ExactDecimal> Visitor<'de> for UpdateVisitor<T> {
    type Value = UpdateValue<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct UpdateValue")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value: Option<Option<T>> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "Value" {
                set_exact_field(&mut value, &mut map, "Value")?;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(UpdateValue {
            value: value.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[derive(Debug, PartialEq)]
    struct Amounts(Option<Vec<Decimal>>);

    impl<'de> Deserialize<'de> for Amounts {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(Amounts)
        }
    }

    fn exact<T: ExactDecimal>(json: &str) -> Result<T, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let value = T::deserialize_exact(&mut deserializer).map_err(|e| e.to_string())?;
        deserializer.end().map_err(|e| e.to_string())?;
        Ok(value)
    }

    fn text<T: ExactDecimal>(value: &T) -> String {
        serde_json::to_string(&Exact(value)).expect("encodes")
    }

    #[test]
    fn numbers_decode_and_encode_as_their_text() {
        for json in [
            "0",
            "-0.01",
            "12.50",
            "1234567890123456789012345678",
            "0.1234567890123456789012345678",
            "-7922816251426433759354395033.5",
            "79228162514264337593543950335",
        ] {
            let value: Decimal = exact(json).expect(json);
            assert_eq!(value.to_string(), json);
            assert_eq!(text(&value), json);
        }
        // Not through f64: 0.1 + 0.2 is 0.3 here.
        let sum: Decimal = exact::<Decimal>("0.1").unwrap() + exact::<Decimal>("0.2").unwrap();
        assert_eq!(text(&sum), "0.3");
        assert_eq!(exact::<Decimal>("1.5e3"), Ok(Decimal::new(1500, 0)));
        assert_eq!(exact::<Decimal>("25E-2"), Ok(Decimal::new(25, 2)));
        assert_eq!(exact::<Decimal>(r#""12.5""#), Ok(Decimal::new(125, 1)));
    }

    #[test]
    fn what_a_decimal_cannot_hold_is_an_error() {
        for json in [
            "79228162514264337593543950336",
            "0.12345678901234567890123456789012",
            "1e40",
            "null",
            "true",
            "[1]",
            r#"{"a":1}"#,
            r#""x""#,
        ] {
            let error = exact::<Decimal>(json).expect_err(json);
            assert!(error.contains("decimal number"), "{json}: {error}");
        }
    }

    #[test]
    fn shapes_compose() {
        assert_eq!(exact::<Option<Decimal>>("null"), Ok(None));
        assert_eq!(text(&None::<Decimal>), "null");
        let list: Vec<Decimal> = exact("[1.10, 2]").unwrap();
        assert_eq!(text(&list), "[1.10,2]");
        let map: BTreeMap<String, Decimal> = exact(r#"{"b": 0.5, "a": 1.00}"#).unwrap();
        assert_eq!(text(&map), r#"{"a":1.00,"b":0.5}"#);
        let update: UpdateValue<Decimal> = exact(r#"{"Value": 3.30, "Other": [1]}"#).unwrap();
        assert_eq!(text(&update), r#"{"Value":3.30}"#);
        let cleared: UpdateValue<Decimal> = exact(r#"{"Value": null}"#).unwrap();
        assert_eq!(text(&cleared), r#"{"Value":null}"#);
        let duplicate = exact::<UpdateValue<Decimal>>(r#"{"Value": 1, "Value": 2}"#).unwrap_err();
        assert!(duplicate.contains("duplicate field `Value`"), "{duplicate}");
    }

    #[test]
    fn every_serde_json_source_reads_the_number() {
        let json = r#"[0.1, 12345678901234567890.12345678]"#;
        let expected = Amounts(Some(vec![
            Decimal::new(1, 1),
            Decimal::from_str("12345678901234567890.12345678").unwrap(),
        ]));
        assert_eq!(serde_json::from_str::<Amounts>(json).unwrap(), expected);
        assert_eq!(
            serde_json::from_slice::<Amounts>(json.as_bytes()).unwrap(),
            expected
        );
        assert_eq!(
            serde_json::from_reader::<_, Amounts>(json.as_bytes()).unwrap(),
            expected
        );
        // Through a `Value` (f64 numbers): the shortest text of each f64.
        let value: serde_json::Value = serde_json::from_str("[0.1, 2.50]").unwrap();
        let amounts: Amounts = serde_json::from_value(value).unwrap();
        assert_eq!(
            amounts,
            Amounts(Some(vec![Decimal::new(1, 1), Decimal::new(25, 1)]))
        );
        // With the path tracked, as the client's error path decodes.
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let tracked: Amounts = serde_path_to_error::deserialize(&mut deserializer).unwrap();
        assert_eq!(tracked, expected);
    }
}
