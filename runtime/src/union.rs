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
use serde_json::{Map, Value};

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
                map.serialize_entry(sibling, &Value::Null)?;
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
        // Everything read before the arm is known (all of it, for an unknown arm).
        let mut kept = Map::new();
        let mut discriminator: Option<String> = None;
        let mut payload_property: Option<&'static str> = None;
        let mut decoded: Option<U> = None;
        while let Some(key) = map.next_key::<String>()? {
            if discriminator.is_none() && key == self.discriminator {
                let value = match map.next_value::<Value>()? {
                    Value::String(value) => value,
                    other => {
                        return Err(de::Error::custom(format_args!(
                            "`{}` must be a string, found {}",
                            self.discriminator,
                            kind(&other)
                        )))
                    }
                };
                payload_property = U::payload_property(&value);
                match payload_property {
                    Some(property) => {
                        if let Some(early) = kept.remove(property) {
                            decoded =
                                Some(U::decode_arm::<A>(Payload::kept(&value, property, early))?);
                        }
                        kept = Map::new();
                    }
                    None => {
                        kept.insert(key, Value::String(value.clone()));
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
                kept.insert(key, map.next_value::<Value>()?);
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
                object: kept,
            })),
        }
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
    Kept(Value, PhantomData<&'de ()>),
    Missing,
}

impl<'a, 'de, A: MapAccess<'de>> Payload<'a, 'de, A> {
    fn kept(discriminator: &'a str, property: &'static str, value: Value) -> Self {
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
        let (discriminator, property) = (self.discriminator, self.property);
        let missing = || {
            de::Error::custom(format_args!(
                "discriminator `{discriminator}` needs a payload in `{property}`, but it is missing or null"
            ))
        };
        match self.source {
            Source::Stream(map) => map.next_value::<Option<T>>()?.ok_or_else(missing),
            Source::Missing | Source::Kept(Value::Null, _) => Err(missing()),
            // Read before the discriminator (rare): decoded from JSON, naming the inner path.
            Source::Kept(value, _) => serde_path_to_error::deserialize(value).map_err(|error| {
                let path = error.path().to_string();
                let inner = error.into_inner();
                if path == "." {
                    de::Error::custom(format_args!("{property}: {inner}"))
                } else {
                    de::Error::custom(format_args!("{property}.{path}: {inner}"))
                }
            }),
        }
    }

    /// The payload as raw JSON (`null` when missing), for arms the spec gives no type.
    pub fn raw(self) -> Result<Value, A::Error> {
        match self.source {
            Source::Stream(map) => map.next_value(),
            Source::Kept(value, _) => Ok(value),
            Source::Missing => Ok(Value::Null),
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

/// A union value whose discriminator this version of the bindings does not know.
///
/// It keeps the object exactly as received (key order included), so it re-encodes unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownArm {
    discriminator: String,
    object: Map<String, Value>,
}

impl UnknownArm {
    /// An unknown arm of the discriminator (or tag) `discriminator`, the whole object as received.
    pub(crate) fn new(discriminator: String, object: Map<String, Value>) -> Self {
        UnknownArm {
            discriminator,
            object,
        }
    }

    /// The discriminator value as received.
    pub fn discriminator(&self) -> &str {
        &self.discriminator
    }

    /// The whole object as received, discriminator included.
    pub fn object(&self) -> &Map<String, Value> {
        &self.object
    }
}

impl Serialize for UnknownArm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.object.serialize(serializer)
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
