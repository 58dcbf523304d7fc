//! Mews hybrid identifiers: where the API takes one, an entity is named either by its `Id` (a
//! UUID) or by the external identifier an integration gave it, prefixed with `eid:`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A hybrid identifier: an entity's `Id`, or `eid:` followed by its external identifier (the
/// `ExternalIdentifier` an integration set on it).
///
/// ```
/// # use mews_connector_runtime::HybridId;
/// let id = uuid::Uuid::from_u128(0x5e41);
/// assert_eq!(HybridId::from(id).as_uuid(), Some(id));
/// let external = HybridId::external("RATE-7");
/// assert_eq!(external.as_str(), "eid:RATE-7");
/// assert_eq!(external.external_id(), Some("RATE-7"));
/// ```
///
/// On the wire it is the string itself; any string decodes (and is sent back byte for byte), so
/// a form Mews adds later is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HybridId(String);

/// The prefix of an external identifier.
const EXTERNAL: &str = "eid:";

impl HybridId {
    /// The entity's `Id`.
    pub fn id(id: uuid::Uuid) -> Self {
        HybridId(id.to_string())
    }

    /// The entity's external identifier (without the `eid:` prefix, which this adds).
    pub fn external(external_id: impl AsRef<str>) -> Self {
        HybridId(format!("{EXTERNAL}{}", external_id.as_ref()))
    }

    /// A hybrid identifier exactly as written, e.g. from a configuration file.
    pub fn from_raw(text: impl Into<String>) -> Self {
        HybridId(text.into())
    }

    /// The identifier as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `Id`, when this is one.
    pub fn as_uuid(&self) -> Option<uuid::Uuid> {
        uuid::Uuid::parse_str(&self.0).ok()
    }

    /// The external identifier, when this is one (without its prefix).
    pub fn external_id(&self) -> Option<&str> {
        self.0.strip_prefix(EXTERNAL)
    }

    /// The identifier as sent.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl From<uuid::Uuid> for HybridId {
    fn from(id: uuid::Uuid) -> Self {
        HybridId::id(id)
    }
}

impl AsRef<str> for HybridId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HybridId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for HybridId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HybridId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(HybridId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_and_the_wire() {
        let id = uuid::Uuid::from_u128(7);
        let plain = HybridId::id(id);
        assert_eq!(plain.external_id(), None);
        assert_eq!(serde_json::to_string(&plain).unwrap(), format!("\"{id}\""));
        let external: HybridId = serde_json::from_str("\"eid:COM-123\"").unwrap();
        assert_eq!(external.external_id(), Some("COM-123"));
        assert_eq!(external.as_uuid(), None);
        let odd: HybridId = serde_json::from_str("\"other:1\"").unwrap();
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"other:1\"");
    }
}
