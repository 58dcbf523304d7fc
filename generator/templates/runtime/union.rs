//! Serde for the two Mews union layouts, used by the generated union enums.
//!
//! - sibling: `{"Discriminator": "Product", "Rebate": null, "Product": {...}}`
//! - adjacent: `{"Discriminator": "ProductOrder", "Value": {...}}`
//!
//! Decoding reads the object once into a map, then decodes the payload the discriminator names.
//! A discriminator the bindings do not know keeps the whole object, so it re-encodes as it came.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The sibling layout: the payload sits in the property its discriminator value names.
pub struct SiblingLayout {
    /// The discriminator property, e.g. `Discriminator`.
    pub discriminator: &'static str,
    /// Every arm's property, in spec order; the ones not in use are written as `null`.
    pub properties: &'static [&'static str],
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
        let mut map = serializer.serialize_map(Some(1 + self.properties.len()))?;
        map.serialize_entry(self.discriminator, value)?;
        for &sibling in self.properties {
            if sibling == property {
                map.serialize_entry(sibling, payload)?;
            } else {
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

/// A union's JSON object, read before its arm is known.
pub struct UnionObject {
    fields: Map<String, Value>,
}

impl<'de> Deserialize<'de> for UnionObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(UnionObject {
            fields: Map::deserialize(deserializer)?,
        })
    }
}

impl UnionObject {
    /// The discriminator value; missing or not a string is an error.
    pub fn discriminator<E: de::Error>(&self, property: &'static str) -> Result<String, E> {
        match self.fields.get(property) {
            Some(Value::String(value)) => Ok(value.clone()),
            Some(other) => Err(E::custom(format_args!(
                "`{property}` must be a string, found {}",
                kind(other)
            ))),
            None => Err(E::missing_field(property)),
        }
    }

    /// Decodes the payload in `property` for the arm `discriminator`. A payload that is missing
    /// or `null` is an error, never a silent default; errors inside it name its path.
    pub fn payload<T: DeserializeOwned, E: de::Error>(
        mut self,
        discriminator: &str,
        property: &str,
    ) -> Result<T, E> {
        match self.fields.remove(property) {
            None | Some(Value::Null) => Err(E::custom(format_args!(
                "discriminator `{discriminator}` needs a payload in `{property}`, but it is missing or null"
            ))),
            Some(payload) => serde_path_to_error::deserialize(payload).map_err(|error| {
                let path = error.path().to_string();
                let inner = error.into_inner();
                if path == "." {
                    E::custom(format_args!("{property}: {inner}"))
                } else {
                    E::custom(format_args!("{property}.{path}: {inner}"))
                }
            }),
        }
    }

    /// The payload in `property` as raw JSON (`null` when missing), for arms the spec gives no type.
    pub fn raw_payload(mut self, property: &str) -> Value {
        self.fields.remove(property).unwrap_or(Value::Null)
    }

    /// Keeps the whole object for a discriminator the bindings do not know.
    pub fn into_unknown(self, discriminator: String) -> UnknownArm {
        UnknownArm {
            discriminator,
            object: self.fields,
        }
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

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
