//! Decoding of generated structs: the loop over the keys of a JSON object lives here once, and
//! each struct supplies only what differs (its field names, where each value goes, which fields
//! are required).
//!
//! serde's derive emits, per struct, a field-identifier enum with its own visitor (string, bytes
//! and integer keys), a sequence visitor and a map visitor. For hundreds of structs that is most
//! of the crate's compile time. The generated `decode` is the map visitor's body alone: keys are
//! matched to field indices by [`next_field`] (no allocation: the key is compared as it is read),
//! values decode straight into typed locals, and errors are serde's own (`missing field`,
//! `duplicate field`, the paths of `serde_path_to_error`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// A struct decoded from a JSON object by [`deserialize_struct`].
pub trait DecodeStruct: Sized {
    /// The type's name, for error messages (`expected struct OrderItem`).
    const NAME: &'static str;
    /// The wire names of the fields; [`next_field`] yields indices into this list.
    const FIELDS: &'static [&'static str];

    /// Reads the object's entries and builds the value.
    fn decode<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct.
pub fn deserialize_struct<'de, T: DecodeStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(map)
    }
}

/// The index in `fields` of the next key that names a field; the values of other keys are
/// skipped (Mews adds properties without notice). `None` at the end of the object.
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    while let Some(key) = map.next_key_seed(FieldIndex(fields))? {
        match key {
            Some(index) => return Ok(Some(index)),
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(None)
}

/// Decodes the current value into `slot`; a second value for the same field is an error, as
/// with serde's derive.
pub fn set_field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or serde's `missing field` error.
pub fn required_field<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Reads a key as the index of the field it names (`None` for other keys).
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| *field == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| field.as_bytes() == key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator emits for a struct with one required and one optional field.
    #[derive(Debug, PartialEq)]
    struct Pair {
        id: u32,
        note: Option<String>,
    }

    impl DecodeStruct for Pair {
        const NAME: &'static str = "Pair";
        const FIELDS: &'static [&'static str] = &["Id", "Note"];

        fn decode<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id: Option<u32> = None;
            let mut note: Option<Option<String>> = None;
            while let Some(field) = next_field(&mut map, Self::FIELDS)? {
                match field {
                    0 => set_field(&mut id, &mut map, "Id")?,
                    _ => set_field(&mut note, &mut map, "Note")?,
                }
            }
            Ok(Pair {
                id: required_field(id, "Id")?,
                note: note.unwrap_or_default(),
            })
        }
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    fn decode(json: &str) -> Result<Pair, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| format!("{}: {}", error.path(), error.inner()))
    }

    #[test]
    fn decodes_known_fields_and_skips_others() {
        let pair = decode(r#"{"Extra":{"a":[1,2]},"Note":"n","Id":7,"Z":null}"#);
        assert_eq!(
            pair,
            Ok(Pair {
                id: 7,
                note: Some("n".into())
            })
        );
        assert_eq!(decode(r#"{"Id":1,"Note":null}"#).map(|p| p.note), Ok(None));
        // Escaped keys arrive as transient strings; they still match.
        assert_eq!(decode(r#"{"\u0049d":2}"#).map(|p| p.id), Ok(2));
    }

    #[test]
    fn errors_are_serdes_with_the_path() {
        let missing = decode(r#"{"Note":"n"}"#).unwrap_err();
        assert!(missing.contains("missing field `Id`"), "{missing}");
        let duplicate = decode(r#"{"Id":1,"Id":2}"#).unwrap_err();
        assert!(duplicate.contains("duplicate field `Id`"), "{duplicate}");
        let wrong = decode(r#"{"Id":"x"}"#).unwrap_err();
        assert!(wrong.starts_with("Id: invalid type: string"), "{wrong}");
        let not_an_object = decode("[1]").unwrap_err();
        assert!(
            not_an_object.contains("expected struct Pair"),
            "{not_an_object}"
        );
    }
}
