//! Decoding of generated structs: the loop over the keys of a JSON object lives here once, and
//! each struct supplies only what differs (its field names, where each value goes, which fields
//! are required).
//!
//! serde's derive emits, per struct, a field-identifier enum with its own visitor (string, bytes
//! and integer keys), a sequence visitor and a map visitor. For hundreds of structs that is most
//! of the crate's compile time. The generated `decode` is the map visitor's body alone: keys are
//! matched to field indices by [`FieldKeys`] (no allocation: the key is compared as it is read),
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
    /// The wire names of the fields, in order.
    const FIELDS: &'static [&'static str];

    /// The index in [`FIELDS`](Self::FIELDS) of the field named `key`, if one is (a `match`
    /// over constant strings, which compiles to length checks and inline comparisons). `u32`,
    /// not `usize`: the decoder's `Result<Option<u32>, _>` fits in two registers.
    fn field_index(key: &str) -> Option<u32>;

    /// Reads the object's entries and builds the value.
    fn decode<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct.
#[inline]
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

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode(map)
    }
}

/// Reads the keys of an object as the indices of the fields of `T` they name; the values of
/// other keys are skipped (Mews adds properties without notice).
pub struct FieldKeys<T>(PhantomData<fn() -> T>);

impl<T: DecodeStruct> FieldKeys<T> {
    /// Keys for the fields of `T`.
    pub fn new() -> Self {
        FieldKeys(PhantomData)
    }

    /// The index of the next key that names a field, `None` at the end of the object.
    #[inline]
    pub fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<u32>, A::Error> {
        while let Some(key) = map.next_key_seed(FieldIndex::<T>(PhantomData))? {
            match key {
                Some(index) => return Ok(Some(index)),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(None)
    }
}

impl<T: DecodeStruct> Default for FieldKeys<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Decodes the current value into `slot`; a second value for the same field is an error, as
/// with serde's derive.
#[inline]
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

/// serde's `missing field` error. Generated `decode` bodies check required fields with
/// `let Some(x) = x else { return Err(missing_field(..)) }`: no `?` (and its trait lookups) per
/// field, which the compiler pays for in every struct.
#[cold]
pub fn missing_field<E: de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// Reads a key as the index of the field of `T` it names (`None` for other keys).
struct FieldIndex<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeStruct> DeserializeSeed<'de> for FieldIndex<T> {
    type Value = Option<u32>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: DecodeStruct> Visitor<'_> for FieldIndex<T> {
    type Value = Option<u32>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(T::field_index(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(std::str::from_utf8(key).ok().and_then(T::field_index))
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

        fn field_index(key: &str) -> Option<u32> {
            match key {
                "Id" => Some(0),
                "Note" => Some(1),
                _ => None,
            }
        }

        fn decode<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut id: Option<u32> = None;
            let mut note: Option<Option<String>> = None;
            let mut keys = FieldKeys::<Self>::new();
            while let Some(field) = keys.next(&mut map)? {
                match field {
                    0 => set_field(&mut id, &mut map, "Id"),
                    _ => set_field(&mut note, &mut map, "Note"),
                }?;
            }
            let Some(id) = id else {
                return Err(missing_field("Id"));
            };
            Ok(Pair {
                id,
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
        // Out of order, and after an unknown key: found by the search.
        assert_eq!(
            decode(r#"{"Note":"a","X":1,"Id":3}"#).map(|p| (p.id, p.note)),
            Ok((3, Some("a".into())))
        );
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
