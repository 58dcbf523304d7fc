//! Serde for the third union layout, internally tagged: the tag and the arm's own fields side by
//! side in one object, `{"Type": "Reservation", "Id": "…", "State": "Processed"}` (the events of
//! a WebSocket message).
//!
//! An arm's payload is a generated struct without the tag: decoding hands the object's remaining
//! entries straight to the struct's [`DecodeStruct::decode`] (no intermediate value when the tag
//! comes first, as Mews writes it), and encoding writes the tag, then the struct's fields. A tag
//! the bindings do not know keeps the whole object, so it re-encodes as it came.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::ser::{self, Impossible, SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::decode_struct::DecodeStruct;
use crate::raw_json::RawJson;
use crate::union::{DiscriminatorSeed, UnknownArm};

/// The internally tagged layout: `{tag: value, field: …, …}`.
pub struct TaggedLayout {
    /// The tag property, e.g. `Type`.
    pub tag: &'static str,
}

impl TaggedLayout {
    /// Writes `{tag: value, …the payload's fields}`; the payload must serialize as a struct or
    /// a map (generated structs do).
    pub fn serialize<S: Serializer, T: Serialize + ?Sized>(
        &self,
        serializer: S,
        value: &str,
        payload: &T,
    ) -> Result<S::Ok, S::Error> {
        payload.serialize(TagFirst {
            inner: serializer,
            tag: self.tag,
            value,
        })
    }
}

/// A tagged union's arms, as the generated code declares them for [`deserialize_tagged`].
pub trait TaggedArms: Sized {
    /// Whether the bindings know this tag value.
    fn knows(tag: &str) -> bool;

    /// Decodes the arm of a known tag from the object's other entries.
    fn decode_arm<'de, A: MapAccess<'de>>(tag: &str, fields: A) -> Result<Self, A::Error>;

    /// The value for a tag the bindings do not know.
    fn unknown(arm: UnknownArm) -> Self;
}

/// Decodes an arm's payload struct from the entries of its object (the tag among them is
/// skipped like any key the struct does not have): what [`TaggedArms::decode_arm`] calls.
#[inline]
pub fn decode_tagged_payload<'de, T: DecodeStruct, A: MapAccess<'de>>(
    fields: A,
) -> Result<T, A::Error> {
    T::decode(fields)
}

/// Decodes an internally tagged union object.
///
/// Entries before the tag are kept as JSON until the tag is known (none, as Mews writes the tag
/// first); then a known arm's struct reads them and the rest of the object straight from the
/// input. An unknown tag keeps the whole object, key order included. A missing tag, or one that
/// is not a string, is an error.
pub fn deserialize_tagged<'de, D: Deserializer<'de>, U: TaggedArms>(
    deserializer: D,
    tag: &'static str,
) -> Result<U, D::Error> {
    deserializer.deserialize_map(TaggedVisitor {
        tag,
        union: PhantomData,
    })
}

struct TaggedVisitor<U> {
    tag: &'static str,
    union: PhantomData<fn() -> U>,
}

impl<'de, U: TaggedArms> Visitor<'de> for TaggedVisitor<U> {
    type Value = U;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "an object with a `{}`", self.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        // Entries before the tag, as their JSON text.
        let mut kept: Vec<(String, RawJson)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key != self.tag {
                let value = map.next_value::<RawJson>()?;
                kept.push((key, value));
                continue;
            }
            let value = map.next_value_seed(DiscriminatorSeed(self.tag))?;
            if U::knows(&value) {
                return U::decode_arm(
                    &value,
                    Chained {
                        kept: kept.into_iter(),
                        pending: None,
                        rest: &mut map,
                        marker: PhantomData,
                    },
                );
            }
            let tag = RawJson::from_serialize(&value).map_err(de::Error::custom)?;
            kept.push((key, tag));
            while let Some(key) = map.next_key::<String>()? {
                let entry = map.next_value::<RawJson>()?;
                kept.push((key, entry));
            }
            return Ok(U::unknown(UnknownArm::new(value, kept)));
        }
        Err(de::Error::missing_field(self.tag))
    }
}

/// The entries kept before the tag, then the rest of the object from the input.
struct Chained<'a, 'de, A: MapAccess<'de>> {
    kept: std::vec::IntoIter<(String, RawJson)>,
    /// The value of the kept key just returned.
    pending: Option<RawJson>,
    rest: &'a mut A,
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Chained<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.kept.next() {
            Some((key, value)) => {
                self.pending = Some(value);
                let key: de::value::StringDeserializer<A::Error> = key.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => {
                // A reader, not a borrowed `&str`: the text does not live for `'de`.
                let mut deserializer =
                    serde_json::Deserializer::from_reader(value.get().as_bytes());
                seed.deserialize(&mut deserializer)
                    .map_err(de::Error::custom)
            }
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A serializer that writes a struct (or map) with one more entry first: the tag.
struct TagFirst<'a, S> {
    inner: S,
    tag: &'static str,
    value: &'a str,
}

impl<S: Serializer> TagFirst<'_, S> {
    fn not_an_object(what: &str) -> S::Error {
        ser::Error::custom(format_args!(
            "the payload of a tagged union arm must be an object, not {what}"
        ))
    }

    fn open(self, len: Option<usize>) -> Result<Tagged<S::SerializeMap>, S::Error> {
        let mut map = self.inner.serialize_map(len.map(|len| len + 1))?;
        map.serialize_entry(self.tag, self.value)?;
        Ok(Tagged(map))
    }
}

/// The open object after the tag.
struct Tagged<M>(M);

impl<M: SerializeMap> SerializeStruct for Tagged<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

impl<M: SerializeMap> SerializeMap for Tagged<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        self.0.serialize_key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        self.0.serialize_value(value)
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// Everything but a struct or a map is refused with [`TagFirst::not_an_object`].
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) $what:literal;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<S::Ok, S::Error> {
            Err(Self::not_an_object($what))
        })*
    };
}

impl<S: Serializer> Serializer for TagFirst<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Tagged<S::SerializeMap>;
    type SerializeStruct = Tagged<S::SerializeMap>;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    refuse! {
        serialize_bool(bool) "a boolean";
        serialize_i8(i8) "a number";
        serialize_i16(i16) "a number";
        serialize_i32(i32) "a number";
        serialize_i64(i64) "a number";
        serialize_u8(u8) "a number";
        serialize_u16(u16) "a number";
        serialize_u32(u32) "a number";
        serialize_u64(u64) "a number";
        serialize_f32(f32) "a number";
        serialize_f64(f64) "a number";
        serialize_char(char) "a string";
        serialize_str(&str) "a string";
        serialize_bytes(&[u8]) "bytes";
        serialize_none() "null";
        serialize_unit() "null";
        serialize_unit_struct(&'static str) "null";
        serialize_unit_variant(&'static str, u32, &'static str) "a string";
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(Self::not_an_object("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(Self::not_an_object("an array"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(Self::not_an_object("an array"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(Self::not_an_object("an array"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(Self::not_an_object("an enum variant"))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.open(len)
    }

    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.open(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Err(Self::not_an_object("an enum variant"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// A hand-written arm payload in the generated shape.
    #[derive(Debug, PartialEq, Serialize)]
    struct Door {
        #[serde(rename = "Id")]
        id: String,
        #[serde(rename = "Open", skip_serializing_if = "Option::is_none")]
        open: Option<bool>,
    }

    impl DecodeStruct for Door {
        const NAME: &'static str = "Door";
        const FIELDS: &'static [&'static str] = &["Id", "Open"];

        fn field_index(key: &str) -> Option<u32> {
            match key {
                "Id" => Some(0),
                "Open" => Some(1),
                _ => None,
            }
        }

        fn decode<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut id, mut open) = (None, None);
            let mut keys = crate::FieldKeys::<Door>::new();
            while let Some(index) = keys.next(&mut map)? {
                match index {
                    0 => crate::set_field(&mut id, &mut map, "Id")?,
                    _ => crate::set_field(&mut open, &mut map, "Open")?,
                }
            }
            let Some(id) = id else {
                return Err(crate::missing_field("Id"));
            };
            Ok(Door {
                id,
                open: open.unwrap_or_default(),
            })
        }
    }

    #[derive(Debug, PartialEq)]
    enum Event {
        Door(Door),
        Other(UnknownArm),
    }

    const LAYOUT: TaggedLayout = TaggedLayout { tag: "Type" };

    impl TaggedArms for Event {
        fn knows(tag: &str) -> bool {
            tag == "Door"
        }

        fn decode_arm<'de, A: MapAccess<'de>>(tag: &str, fields: A) -> Result<Self, A::Error> {
            match tag {
                "Door" => decode_tagged_payload(fields).map(Event::Door),
                other => Err(de::Error::custom(format_args!("no arm {other}"))),
            }
        }

        fn unknown(arm: UnknownArm) -> Self {
            Event::Other(arm)
        }
    }

    impl<'de> Deserialize<'de> for Event {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_tagged(deserializer, LAYOUT.tag)
        }
    }

    impl Serialize for Event {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Event::Door(door) => LAYOUT.serialize(serializer, "Door", door),
                Event::Other(arm) => arm.serialize(serializer),
            }
        }
    }

    fn round_trip(json: &str) -> String {
        let event: Event = serde_json::from_str(json).unwrap();
        serde_json::to_string(&event).unwrap()
    }

    #[test]
    fn known_arms_decode_and_encode_with_the_tag_first() {
        let json = r#"{"Type":"Door","Id":"d1","Open":true}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        assert_eq!(
            event,
            Event::Door(Door {
                id: "d1".into(),
                open: Some(true)
            })
        );
        assert_eq!(round_trip(json), json);
        // Entries before the tag are read too; the tag is written first.
        assert_eq!(
            round_trip(r#"{"Open":false,"Id":"d2","Type":"Door"}"#),
            r#"{"Type":"Door","Id":"d2","Open":false}"#
        );
    }

    #[test]
    fn unknown_tags_keep_the_object_byte_for_byte() {
        let json = r#"{"Id":"x","Type":"Window","Size":1.50,"Nested":{"b":1,"a":[true,null]}}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        let Event::Other(arm) = &event else {
            panic!("{event:?}")
        };
        assert_eq!(arm.discriminator(), "Window");
        assert_eq!(serde_json::to_string(&event).unwrap(), json);
    }

    #[test]
    fn errors_name_the_problem() {
        let missing = serde_json::from_str::<Event>(r#"{"Id":"x"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `Type`"),
            "{missing}"
        );
        let number = serde_json::from_str::<Event>(r#"{"Type":3}"#).unwrap_err();
        assert!(number.to_string().contains("must be a string"), "{number}");
        let field = serde_json::from_str::<Event>(r#"{"Type":"Door"}"#).unwrap_err();
        assert!(field.to_string().contains("missing field `Id`"), "{field}");
        let mut de = serde_json::Deserializer::from_str(r#"{"Type":"Door","Id":7}"#);
        let error = serde_path_to_error::deserialize::<_, Event>(&mut de).unwrap_err();
        assert_eq!(error.path().to_string(), "Id");
        let kept = serde_json::from_str::<Event>(r#"{"Id":7,"Type":"Door"}"#).unwrap_err();
        assert!(kept.to_string().contains("expected a string"), "{kept}");
    }

    #[test]
    fn a_payload_that_is_not_an_object_is_refused() {
        let mut out = Vec::new();
        let error = LAYOUT
            .serialize(&mut serde_json::Serializer::new(&mut out), "Door", &3)
            .unwrap_err();
        assert!(error.to_string().contains("must be an object"), "{error}");
        let mut out = Vec::new();
        let map: std::collections::BTreeMap<&str, i32> = [("A", 1)].into();
        LAYOUT
            .serialize(&mut serde_json::Serializer::new(&mut out), "Map", &map)
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"Type":"Map","A":1}"#);
    }
}
