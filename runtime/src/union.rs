//! Serde for the two Mews union layouts, used by the generated union enums.
//!
//! - sibling: `{"Discriminator": "Product", "Rebate": null, "Product": {...}}`
//! - adjacent: `{"Discriminator": "ProductOrder", "Value": {...}}`
//!
//! Decoding streams: the payload the discriminator names is decoded straight into its type. A
//! discriminator the bindings do not know keeps the whole object, so it re-encodes as it came.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::exact::{Exact, ExactDecimal};
use crate::raw_json::RawJson;

/// The sibling layout: the payload sits in the property its discriminator value names.
pub struct SiblingLayout {
    /// The discriminator property, e.g. `Discriminator`.
    pub discriminator: &'static str,
    /// Every arm's property, in spec order; the ones not in use are written as `null`.
    pub properties: &'static [&'static str],
    /// The arms' properties the spec does not require (arms newer than some senders): when not
    /// in use they are left out rather than written as `null`.
    pub optional: &'static [&'static str],
}

impl SiblingLayout {
    /// Writes `{discriminator: value, p1: null, ..., property: payload, ...}`.
    pub fn serialize<S: Serializer, T: Serialize>(
        &self,
        serializer: S,
        value: &str,
        property: &str,
        payload: &T,
    ) -> Result<S::Ok, S::Error> {
        let written = self
            .properties
            .iter()
            .filter(|&&sibling| sibling == property || !self.optional.contains(&sibling))
            .count();
        let mut map = serializer.serialize_map(Some(1 + written))?;
        map.serialize_entry(self.discriminator, value)?;
        for &sibling in self.properties {
            if sibling == property {
                map.serialize_entry(sibling, payload)?;
            } else if !self.optional.contains(&sibling) {
                map.serialize_entry(sibling, &())?;
            }
        }
        map.end()
    }
}

/// The adjacent layout: the payload sits in one value property.
pub struct AdjacentLayout {
    /// The discriminator property, e.g. `Discriminator`.
    pub discriminator: &'static str,
    /// The payload property, e.g. `Value`.
    pub value: &'static str,
}

impl AdjacentLayout {
    /// Writes `{discriminator: value, value_property: payload}`.
    pub fn serialize<S: Serializer, T: Serialize>(
        &self,
        serializer: S,
        value: &str,
        payload: &T,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(self.discriminator, value)?;
        map.serialize_entry(self.value, payload)?;
        map.end()
    }
}

/// A union's arms, as the generated code declares them for [`deserialize_union`].
pub trait UnionArms: Sized {
    /// The property holding the payload of a discriminator value the bindings know, or `None`
    /// for a value they do not know.
    fn payload_property(discriminator: &str) -> Option<&'static str>;

    /// Decodes the arm of a known discriminator value from its payload.
    fn decode_arm<'de, A: MapAccess<'de>>(payload: Payload<'_, 'de, A>) -> Result<Self, A::Error>;

    /// The value for a discriminator the bindings do not know.
    fn unknown(arm: UnknownArm) -> Self;
}

/// Decodes a union object in one pass.
///
/// Mews writes the discriminator first, so the payload is decoded straight from the input
/// into its type and the other arms' properties are skipped. Properties before the
/// discriminator are kept as JSON until it is known; an unknown discriminator keeps the whole
/// object (key order included). A payload that is missing or `null` is an error.
pub fn deserialize_union<'de, D: Deserializer<'de>, U: UnionArms>(
    deserializer: D,
    discriminator: &'static str,
) -> Result<U, D::Error> {
    deserializer.deserialize_map(UnionVisitor {
        discriminator,
        union: PhantomData,
    })
}

struct UnionVisitor<U> {
    discriminator: &'static str,
    union: PhantomData<fn() -> U>,
}

impl<'de, U: UnionArms> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "an object with a `{}`", self.discriminator)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        // Everything read before the arm is known (all of it, for an unknown arm), as text.
        let mut kept: Vec<(String, RawJson)> = Vec::new();
        let mut discriminator: Option<String> = None;
        let mut payload_property: Option<&'static str> = None;
        let mut decoded: Option<U> = None;
        while let Some(key) = map.next_key::<String>()? {
            if discriminator.is_none() && key == self.discriminator {
                let value = map.next_value_seed(DiscriminatorSeed(self.discriminator))?;
                payload_property = U::payload_property(&value);
                match payload_property {
                    Some(property) => {
                        if let Some(index) = kept.iter().position(|(key, _)| key == property) {
                            let (_, early) = kept.swap_remove(index);
                            decoded =
                                Some(U::decode_arm::<A>(Payload::kept(&value, property, early))?);
                        }
                        kept = Vec::new();
                    }
                    None => {
                        let text = RawJson::from_serialize(&value).map_err(de::Error::custom)?;
                        kept.push((key, text));
                    }
                }
                discriminator = Some(value);
            } else if let (Some(property), Some(value)) = (payload_property, &discriminator) {
                if key == property && decoded.is_none() {
                    decoded = Some(U::decode_arm(Payload {
                        discriminator: value,
                        property,
                        source: Source::Stream(&mut map),
                    })?);
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            } else {
                let value = map.next_value::<RawJson>()?;
                kept.push((key, value));
            }
        }
        match (discriminator, payload_property, decoded) {
            (None, _, _) => Err(de::Error::missing_field(self.discriminator)),
            (Some(_), Some(_), Some(decoded)) => Ok(decoded),
            (Some(value), Some(property), None) => U::decode_arm::<A>(Payload {
                discriminator: &value,
                property,
                source: Source::Missing,
            }),
            (Some(discriminator), None, _) => Ok(U::unknown(UnknownArm {
                discriminator,
                fields: kept,
            })),
        }
    }
}

/// Reads the discriminator: a string, or an error naming the property.
pub(crate) struct DiscriminatorSeed(pub(crate) &'static str);

impl<'de> de::DeserializeSeed<'de> for DiscriminatorSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl DiscriminatorSeed {
    fn not_a_string<E: de::Error>(&self, found: &str) -> E {
        de::Error::custom(format_args!("`{}` must be a string, found {found}", self.0))
    }
}

impl<'de> Visitor<'de> for DiscriminatorSeed {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "a string in `{}`", self.0)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(self.not_a_string("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Err(self.not_a_string("null"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<String, E> {
        Err(self.not_a_string("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<String, E> {
        Err(self.not_a_string("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<String, E> {
        Err(self.not_a_string("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
        Err(self.not_a_string("a number"))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.not_a_string("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.not_a_string("an object"))
    }
}

/// The payload of a known arm: next in the input, read earlier, or absent.
pub struct Payload<'a, 'de, A: MapAccess<'de>> {
    discriminator: &'a str,
    property: &'static str,
    source: Source<'a, 'de, A>,
}

enum Source<'a, 'de, A: MapAccess<'de>> {
    Stream(&'a mut A),
    Kept(RawJson, PhantomData<&'de ()>),
    Missing,
}

impl<'a, 'de, A: MapAccess<'de>> Payload<'a, 'de, A> {
    fn kept(discriminator: &'a str, property: &'static str, value: RawJson) -> Self {
        Payload {
            discriminator,
            property,
            source: Source::Kept(value, PhantomData),
        }
    }

    /// The discriminator value this payload belongs to.
    pub fn discriminator(&self) -> &'a str {
        self.discriminator
    }

    /// Decodes the payload as `T`; missing or `null` is an error, never a silent default.
    pub fn decode<T: DeserializeOwned>(self) -> Result<T, A::Error> {
        self.decode_seed(PhantomData::<T>)
    }

    /// Decodes a payload holding decimals exactly (see [`ExactDecimal`]).
    pub fn decode_exact<T: ExactDecimal>(self) -> Result<T, A::Error> {
        self.decode_seed(Exact::<T>::seed())
    }

    fn decode_seed<T, S: for<'x> de::DeserializeSeed<'x, Value = T>>(
        self,
        seed: S,
    ) -> Result<T, A::Error> {
        let (discriminator, property) = (self.discriminator, self.property);
        let missing = || {
            de::Error::custom(format_args!(
                "discriminator `{discriminator}` needs a payload in `{property}`, but it is missing or null"
            ))
        };
        match self.source {
            Source::Stream(map) => map.next_value_seed(NonNull(seed))?.ok_or_else(missing),
            Source::Missing => Err(missing()),
            Source::Kept(value, _) if value.is_null() => Err(missing()),
            // Read before the discriminator (rare): decoded from its text, naming the inner path.
            Source::Kept(value, _) => decode_kept(value.get(), seed).map_err(|(path, inner)| {
                if path == "." {
                    de::Error::custom(format_args!("{property}: {inner}"))
                } else {
                    de::Error::custom(format_args!("{property}.{path}: {inner}"))
                }
            }),
        }
    }

    /// The payload as raw JSON (`null` when missing), for arms the spec gives no type.
    pub fn raw(self) -> Result<RawJson, A::Error> {
        match self.source {
            Source::Stream(map) => map.next_value(),
            Source::Kept(value, _) => Ok(value),
            Source::Missing => Ok(RawJson::null()),
        }
    }

    /// The error for a discriminator the union does not declare (a bug in its `UnionArms`).
    pub fn not_an_arm(self) -> A::Error {
        de::Error::custom(format_args!(
            "`{}` is not an arm of this union",
            self.discriminator
        ))
    }
}

/// Decodes JSON text with `seed`, tracking the path of a failure.
fn decode_kept<T, S: for<'x> de::DeserializeSeed<'x, Value = T>>(
    json: &str,
    seed: S,
) -> Result<T, (String, serde_json::Error)> {
    let mut track = serde_path_to_error::Track::new();
    let mut deserializer = serde_json::Deserializer::from_str(json);
    seed.deserialize(serde_path_to_error::Deserializer::new(
        &mut deserializer,
        &mut track,
    ))
    .map_err(|error| (track.path().to_string(), error))
}

/// `seed`'s value, or `None` for `null`.
struct NonNull<S>(S);

impl<'de, S: de::DeserializeSeed<'de>> de::DeserializeSeed<'de> for NonNull<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: de::DeserializeSeed<'de>> Visitor<'de> for NonNull<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a payload or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// A union value whose discriminator this version of the bindings does not know.
///
/// It keeps the object's properties as received (key order and each value's JSON text,
/// numbers included), so it re-encodes unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownArm {
    discriminator: String,
    fields: Vec<(String, RawJson)>,
}

impl UnknownArm {
    /// An unknown arm of the discriminator (or tag) `discriminator`: the object's properties as
    /// received, discriminator included.
    pub(crate) fn new(discriminator: String, fields: Vec<(String, RawJson)>) -> Self {
        UnknownArm {
            discriminator,
            fields,
        }
    }

    /// The discriminator value as received.
    pub fn discriminator(&self) -> &str {
        &self.discriminator
    }

    /// The object's properties in the order received, discriminator included.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.fields.iter().map(|(key, value)| (key.as_str(), value))
    }

    /// The value of the property `key`, e.g. the payload of an arm newer than the bindings.
    pub fn get(&self, key: &str) -> Option<&RawJson> {
        self.fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }
}

impl Serialize for UnknownArm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.fields.iter().map(|(key, value)| (key, value)))
    }
}
