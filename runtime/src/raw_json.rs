//! Untyped JSON kept as its text, so it re-encodes byte for byte.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value the spec gives no type, kept as the text it arrived as.
///
/// Without serde_json's `preserve_order` and `arbitrary_precision` (which a library must not
/// turn on for its users), a `serde_json::Value` sorts object keys and reads numbers as `f64`.
/// `RawJson` keeps key order, number text and everything else as received, so a value decoded
/// from Mews is written back exactly. Read it with [`decode`](Self::decode) (into a type of your
/// own, or `serde_json::Value` with its defaults: sorted keys, `f64` numbers); build one with [`from_serialize`](Self::from_serialize) or
/// [`from_string`](Self::from_string).
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// JSON text, checked to be one valid JSON value.
    pub fn from_string(json: impl Into<String>) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json.into()).map(RawJson)
    }

    /// The JSON serialization of `value`.
    pub fn from_serialize<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(RawJson)
    }

    /// `null`.
    pub fn null() -> Self {
        RawJson(RawValue::NULL.to_owned())
    }

    /// The JSON text, exactly as received or built.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        self.get() == "null"
    }

    /// Decodes the value as `T` (e.g. a type of your own, or a `Decimal` with exact numbers).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.get())
    }

    /// The serde_json raw value.
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        RawJson(raw)
    }
}

impl From<RawJson> for Box<RawValue> {
    fn from(raw: RawJson) -> Self {
        raw.0
    }
}

/// The same text: JSON that differs only in whitespace or key order is not equal.
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <Box<RawValue>>::deserialize(deserializer).map(RawJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_number_text() {
        let json = r#"{"b":1.10,"a":[12345678901234567890.123456789,{"z":null,"y":true}]}"#;
        let raw: RawJson = serde_json::from_str(json).unwrap();
        assert_eq!(raw.get(), json);
        assert_eq!(serde_json::to_string(&raw).unwrap(), json);
        let list: Vec<RawJson> = serde_json::from_str(&format!("[{json}, null]")).unwrap();
        assert!(list[1].is_null());
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            format!("[{json},null]")
        );
    }

    #[test]
    fn builds_and_reads() {
        assert!(RawJson::from_string("{").is_err());
        let raw = RawJson::from_serialize(&vec![1, 2]).unwrap();
        assert_eq!(raw.get(), "[1,2]");
        assert_eq!(raw.decode::<Vec<u8>>().unwrap(), vec![1, 2]);
        assert_eq!(
            raw.decode::<serde_json::Value>().unwrap(),
            serde_json::json!([1, 2])
        );
        assert_eq!(RawJson::null().to_string(), "null");
        assert_ne!(RawJson::from_string("[1, 2]").unwrap(), raw);
    }
}
