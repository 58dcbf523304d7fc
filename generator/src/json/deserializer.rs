//! `&Value` as a serde `Deserializer`: typed data (openapiv3's model, serde_json's `Value`) is
//! read straight from the ordered tree, in its key order, without printing it as JSON text and
//! scanning that again.

use serde::de::value::{BorrowedStrDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::Value;

/// A deserializer over a borrowed [`Value`], with the caller's error type.
pub struct ValueDeserializer<'de, E> {
    value: &'de Value,
    error: std::marker::PhantomData<E>,
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for &'de Value {
    type Deserializer = ValueDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        ValueDeserializer {
            value: self,
            error: std::marker::PhantomData,
        }
    }
}

impl<'de, E: de::Error> Deserializer<'de> for ValueDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(flag) => visitor.visit_bool(*flag),
            // The order serde_json's own `Value` uses: unsigned, then signed, then float.
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(unsigned), _, _) => visitor.visit_u64(unsigned),
                (None, Some(signed), _) => visitor.visit_i64(signed),
                (None, None, Some(float)) => visitor.visit_f64(float),
                (None, None, None) => Err(E::custom("a number out of range")),
            },
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Object(map) => {
                let entries = map
                    .iter()
                    .map(|(key, value)| (BorrowedKey(key.as_str()), value));
                let mut access = MapDeserializer::new(entries);
                let value = visitor.visit_map(&mut access)?;
                access.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            // A unit variant by its name; `{"Variant": value}` for the others, as in JSON text.
            Value::String(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
            Value::Object(map) if map.len() == 1 => {
                let entries = map
                    .iter()
                    .map(|(key, value)| (BorrowedKey(key.as_str()), value));
                visitor.visit_enum(de::value::MapAccessDeserializer::new(MapDeserializer::new(
                    entries,
                )))
            }
            _ => Err(E::invalid_type(unexpected(self.value), &"an enum variant")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An object key, handed out borrowed (serde's `&str` deserializer would copy it).
struct BorrowedKey<'de>(&'de str);

impl<'de, E: de::Error> IntoDeserializer<'de, E> for BorrowedKey<'de> {
    type Deserializer = BorrowedStrDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        BorrowedStrDeserializer::new(self.0)
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(flag) => de::Unexpected::Bool(*flag),
        Value::Number(_) => de::Unexpected::Other("a number"),
        Value::String(text) => de::Unexpected::Str(text),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::json::json;

    fn read<T: Deserialize<'static>>(value: &'static Value) -> Result<T, de::value::Error> {
        T::deserialize(value.into_deserializer())
    }

    #[test]
    fn reads_typed_data_in_document_order_as_json_text_would() {
        let value: &'static Value = Box::leak(Box::new(json!({
            "b": [1, -2, 2.5, true, null, "x"],
            "a": {"z": 1, "y": 2},
        })));
        let ordered: indexmap::IndexMap<String, serde_json::Value> = read(value).unwrap();
        assert_eq!(ordered.keys().collect::<Vec<_>>(), ["b", "a"]);
        let text = serde_json::to_string(value).unwrap();
        let from_text: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(read::<serde_json::Value>(value).unwrap(), from_text);
        let inner: indexmap::IndexMap<String, u8> = read(&value["a"]).unwrap();
        assert_eq!(inner.keys().collect::<Vec<_>>(), ["z", "y"]);
    }

    #[test]
    fn reads_enums_options_and_rejects_wrong_shapes() {
        #[derive(Debug, Deserialize, PartialEq)]
        enum Shape {
            Unit,
            Tagged(u8),
        }
        let unit: &'static Value = Box::leak(Box::new(json!("Unit")));
        let tagged: &'static Value = Box::leak(Box::new(json!({"Tagged": 7})));
        let null: &'static Value = Box::leak(Box::new(json!(null)));
        assert_eq!(read::<Shape>(unit).unwrap(), Shape::Unit);
        assert_eq!(read::<Shape>(tagged).unwrap(), Shape::Tagged(7));
        assert_eq!(read::<Option<Shape>>(null).unwrap(), None);
        assert!(read::<Shape>(null).is_err());
        assert!(read::<Vec<u8>>(unit).is_err());
        let long: &'static Value = Box::leak(Box::new(json!([1, 2, 3])));
        assert!(
            read::<(u8, u8)>(long).is_err(),
            "trailing elements are an error"
        );
    }
}
