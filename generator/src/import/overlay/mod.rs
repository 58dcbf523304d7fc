//! The curation overlay (`spec/curation.yaml`): human decisions as data, applied on top of an
//! import so that re-importing newer docs keeps them. The format is described in
//! `generator/IMPORT.md`.

mod operations;
mod schemas;

use indexmap::IndexMap;
use serde::Deserialize;

use super::model::Ty;

pub use operations::{apply_operations, decided_pagination};
pub use schemas::{
    apply_docs_renames, apply_renames, apply_renames_to_named_source, apply_schemas,
};

/// The whole overlay file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Overlay {
    #[serde(default)]
    pub info: Option<InfoOverride>,
    #[serde(default)]
    pub servers: Vec<Server>,
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// Imported schema name → our name.
    #[serde(default)]
    pub renames: IndexMap<String, String>,
    /// Docs title → our name, for the docs import only (applied after `renames`): where a docs
    /// title is the name the official OpenAPI gives another type.
    #[serde(default)]
    pub docs_renames: IndexMap<String, String>,
    /// Schemas the docs do not define (known from other sources), added whole.
    #[serde(default)]
    pub add_schemas: IndexMap<String, SchemaOverride>,
    /// Changes to imported schemas, by their name after `renames`.
    #[serde(default)]
    pub schemas: IndexMap<String, SchemaOverride>,
    /// Changes to operations, by operationId.
    #[serde(default)]
    pub operations: IndexMap<String, OperationOverride>,
    /// Decisions on the disagreements of the docs and the official OpenAPI spec (read by
    /// `mews-codegen crosscheck`; the import applies them through `schemas:`).
    #[serde(default)]
    pub crosscheck: Vec<crate::crosscheck::decide::CrossDecision>,
    /// Items the sources no longer list that a breaking release lets go: not carried over from
    /// the previous spec (`import --previous`, generator/src/import/carry.rs).
    #[serde(default)]
    pub drop: Vec<Drop>,
}

/// One `drop:` entry: `at` names an operation (`paymentPlans_add`), a schema, a property
/// (`Schema.Property`) or an enum value or arm (`Schema::Value`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drop {
    pub at: String,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InfoOverride {
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub fields: Vec<String>,
    #[serde(default)]
    pub secrets: Vec<String>,
}

/// Changes to one schema, or a whole schema under `add-schemas`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SchemaOverride {
    pub description: Option<String>,
    pub curation: Option<String>,
    pub deprecated: Option<String>,
    /// Replaces the values of an enum.
    #[serde(rename = "enum")]
    pub values: Option<Vec<String>>,
    /// For an added alias, e.g. `map of string`.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub properties: IndexMap<String, PropertyOverride>,
    pub union: Option<UnionOverride>,
}

/// Changes to one property; `type` alone adds a property the docs do not list.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PropertyOverride {
    /// `string`, `string/uuid`, `integer/int32`, `number`, `boolean`, `any`, `object`,
    /// `array of X`, `map of X`, or a schema name.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub required: Option<bool>,
    pub nullable: Option<bool>,
    /// A deprecation note (empty for none); `false` is written `remove-deprecation: true`.
    pub deprecated: Option<String>,
    #[serde(default)]
    pub remove_deprecation: bool,
    pub update_value: Option<bool>,
    pub max_items: Option<u64>,
    pub min_items: Option<u64>,
    pub max_length: Option<u64>,
    pub min_length: Option<u64>,
    /// A number bound, e.g. `minimum: 1` on `Limitation.Count`.
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    pub description: Option<String>,
    pub curation: Option<String>,
    /// Leaves the property out.
    #[serde(default)]
    pub remove: bool,
    /// Keeps the property required and/or never null against the response examples that say
    /// otherwise (generator/src/import/received.rs).
    pub pin: Option<Pin>,
}

/// A property held strict against the examples, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pin {
    /// Stays required when a response example leaves the key out.
    #[serde(default)]
    pub required: bool,
    /// Stays never null when a response example sends `null`.
    #[serde(default)]
    pub never_null: bool,
    pub reason: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionOverride {
    /// `sibling` or `adjacent`.
    pub layout: Option<String>,
    pub discriminator: Option<String>,
    /// Adjacent layout: the payload property (default `Value`).
    pub value: Option<String>,
    #[serde(default)]
    pub arms: Vec<ArmOverride>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmOverride {
    pub value: String,
    pub property: Option<String>,
    pub schema: Option<String>,
    /// The operation fetching the entity the arm's event names, or `false` for none.
    pub fetch: Option<FetchOverride>,
}

/// An arm's `fetch`: `{operation, ids, id}` (`id` defaults to `Id`), or `false`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum FetchOverride {
    Fetch {
        operation: String,
        ids: String,
        #[serde(default)]
        id: Option<String>,
        /// Why (the docs do not say, or say otherwise).
        #[serde(default)]
        curation: Option<String>,
    },
    None(bool),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OperationOverride {
    pub retry_safe: Option<bool>,
    /// The paged array property, or `false` for no pagination.
    pub pagination: Option<Pagination>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub curation: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Pagination {
    Items(String),
    Enabled(bool),
}

/// Reads an overlay file's text.
pub fn parse(text: &str) -> Result<Overlay, String> {
    if text.trim().is_empty() {
        return Ok(Overlay::default());
    }
    // The fast YAML path's tree when it takes the text and the tree is an overlay; yaml_serde
    // otherwise, which gives the same overlay or the error with its line.
    let fast = crate::json::yaml::read(text)
        .and_then(|tree| crate::json::from_value::<Overlay>(&tree).ok());
    let overlay: Overlay = match fast {
        Some(overlay) => overlay,
        None => yaml_serde::from_str(text).map_err(|error| format!("invalid overlay: {error}"))?,
    };
    if let Some(entry) = overlay.drop.iter().find(|d| d.reason.trim().is_empty()) {
        return Err(format!(
            "drop: `{}` has no reason; say why a breaking release lets it go",
            entry.at
        ));
    }
    Ok(overlay)
}

/// Parses the overlay's type syntax.
pub fn parse_ty(text: &str) -> Result<Ty, String> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("array of ") {
        return Ok(Ty::Array(Box::new(parse_ty(inner)?)));
    }
    if let Some(inner) = text.strip_prefix("map of ") {
        return Ok(Ty::Map(Box::new(parse_ty(inner)?)));
    }
    let (base, format) = match text.split_once('/') {
        Some((base, format)) => (base, Some(format.to_owned())),
        None => (text, None),
    };
    Ok(match (base, format) {
        ("string", format) => Ty::String(format),
        ("integer", format) => Ty::Integer(format),
        ("number", None) => Ty::Number,
        ("boolean", None) => Ty::Boolean,
        ("any", None) => Ty::Any,
        ("object", None) => Ty::Object,
        (name, None)
            if name.starts_with(|c: char| c.is_ascii_uppercase())
                && crate::ir::naming::is_plain_identifier(name) =>
        {
            Ty::Ref(name.to_owned())
        }
        _ => return Err(format!("type `{text}` is not understood")),
    })
}

pub(super) const OVERLAY: &str = "overlay";

pub(super) fn set(slot: &mut Option<String>, value: &Option<String>) {
    if let Some(value) = value {
        *slot = Some(value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_type_syntax() {
        assert_eq!(
            parse_ty("integer/int32"),
            Ok(Ty::Integer(Some("int32".into())))
        );
        assert_eq!(
            parse_ty("array of string/uuid"),
            Ok(Ty::Array(Box::new(Ty::String(Some("uuid".into())))))
        );
        assert_eq!(
            parse_ty("map of AccountingState"),
            Ok(Ty::Map(Box::new(Ty::Ref("AccountingState".into()))))
        );
        assert!(parse_ty("number/float").is_err());
        assert!(parse_ty("lowercase").is_err());
    }

    /// What yaml_serde alone makes of an overlay's text.
    fn by_yaml_serde(text: &str) -> Result<Overlay, String> {
        yaml_serde::from_str(text).map_err(|error| format!("invalid overlay: {error}"))
    }

    /// The fast path takes the committed overlays and reads them as yaml_serde does; texts it
    /// does not take (or whose tree is no overlay) read as before.
    #[test]
    fn the_fast_path_reads_overlays_as_yaml_serde_does() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
        for name in ["curation.yaml", "descriptions.yaml"] {
            let text = std::fs::read_to_string(format!("{root}/{name}")).expect(name);
            let tree = crate::json::yaml::read(&text).expect("the fast path takes it");
            let fast = crate::json::from_value::<Overlay>(&tree).expect("an overlay");
            let slow = by_yaml_serde(&text).expect("yaml_serde reads it");
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{name}");
        }
        for text in [
            "schemas:\n  A:\n    description: 1.5\n",
            "schemas:\n  A:\n    description: yes\n",
            "schemas: {A: {description: x}} # note\n",
            "schemas:\n  A:\n    description: a\n  A:\n    description: b\n",
            "schemas: [1]\n",
            "schemas:\n  A:\n    properties:\n      P:\n        minimum: 1.50\n        maximum: 10\n        max-length: 0x10\n",
        ] {
            let read = parse(text).map(|overlay| format!("{overlay:?}"));
            let slow = by_yaml_serde(text).map(|overlay| format!("{overlay:?}"));
            assert_eq!(read, slow, "{text:?}");
        }
    }

    #[test]
    fn rejects_unknown_keys() {
        assert!(parse("schemas: {A: {propertees: {}}}").is_err());
        assert!(parse("").is_ok());
    }
}
