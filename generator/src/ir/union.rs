//! Lowering of `x-union`: the Mews union layouts (sibling and adjacent in bodies, internally
//! tagged in WebSocket messages), declared explicitly and checked here.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde::Deserialize;

use super::lower::Lowerer;
use super::naming;
use super::{Arm, ArmFetch, Layout, Union};
use crate::error::Diagnostic;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnionSpec {
    layout: String,
    discriminator: String,
    #[serde(default)]
    value: Option<String>,
    arms: Vec<ArmSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArmSpec {
    value: String,
    #[serde(default)]
    property: Option<String>,
    #[serde(default)]
    schema: Option<String>,
    /// The operation fetching the entity this arm's event names.
    #[serde(default)]
    fetch: Option<FetchSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FetchSpec {
    /// `customers_getAll`.
    operation: String,
    /// Its request property taking the ids, `CustomerIds`.
    ids: String,
    /// The payload property holding the id (default `Id`).
    #[serde(default)]
    id: Option<String>,
}

impl Lowerer<'_> {
    pub(super) fn lower_union(
        &mut self,
        rust_name: &str,
        schema: &Schema,
        spec: &serde_json::Value,
        at: &str,
    ) -> Option<Union> {
        let at = format!("{at}/x-union");
        let spec: UnionSpec = match serde_json::from_value(spec.clone()) {
            Ok(spec) => spec,
            Err(error) => {
                self.error(Diagnostic::at(&at, format!("invalid x-union: {error}")));
                return None;
            }
        };
        let layout = match (spec.layout.as_str(), &spec.value) {
            ("sibling", None) => Layout::Sibling,
            ("sibling", Some(_)) => {
                self.error(Diagnostic::at(
                    &at,
                    "a sibling union has no `value` property; each arm names its own `property`",
                ));
                return None;
            }
            ("adjacent", value) => Layout::Adjacent {
                value: value.clone().unwrap_or_else(|| "Value".to_owned()),
            },
            ("internal", None) => Layout::Internal,
            ("internal", Some(_)) => {
                self.error(Diagnostic::at(
                    &at,
                    "an internal union has no `value` property; each arm's fields sit beside the tag",
                ));
                return None;
            }
            (other, _) => {
                self.error(Diagnostic::at(
                    format!("{at}/layout"),
                    format!("unknown union layout `{other}`: expected `sibling`, `adjacent` or `internal`"),
                ));
                return None;
            }
        };
        if spec.arms.is_empty() {
            self.error(Diagnostic::at(
                format!("{at}/arms"),
                "a union needs at least one arm",
            ));
            return None;
        }
        let listed: Vec<&str> = spec.arms.iter().map(|arm| arm.value.as_str()).collect();
        let schema_at = at.trim_end_matches("/x-union");
        let notes = self.deprecated_values(&schema.schema_data.extensions, &listed, schema_at)?;
        let properties = object_properties(schema);
        let required = object_required(schema);
        let mut arms: Vec<Arm> = Vec::new();
        let mut ok = true;
        for (index, arm) in spec.arms.iter().enumerate() {
            let arm_at = format!("{at}/arms/{index}");
            match self.lower_arm(arm, &layout, (properties, required), &arms, &arm_at) {
                Some(mut lowered) => {
                    lowered.deprecated = notes.get(&arm.value).map(|note| super::Deprecation {
                        note: (!note.is_empty()).then(|| note.clone()),
                    });
                    arms.push(lowered)
                }
                None => ok = false,
            }
        }
        let discriminator_enum = self.check_discriminator(rust_name, &spec, properties, &at);
        if !ok {
            return None;
        }
        let unknown_variant = naming::catch_all(arms.iter().map(|arm| arm.variant.as_str()));
        Some(Union {
            layout,
            discriminator: spec.discriminator,
            discriminator_enum,
            arms,
            unknown_variant,
        })
    }

    fn lower_arm(
        &mut self,
        arm: &ArmSpec,
        layout: &Layout,
        (properties, required): (Option<&Properties>, &[String]),
        earlier: &[Arm],
        at: &str,
    ) -> Option<Arm> {
        let Some(variant) = naming::variant_name(&arm.value) else {
            self.error(Diagnostic::at(
                at,
                format!("arm `{}` has no valid Rust variant name", arm.value),
            ));
            return None;
        };
        if earlier
            .iter()
            .any(|other| other.value == arm.value || other.variant == variant)
        {
            self.error(Diagnostic::at(
                at,
                format!(
                    "arm `{}` is declared twice (or collides as `{variant}`)",
                    arm.value
                ),
            ));
            return None;
        }
        let property = match (layout, &arm.property) {
            (Layout::Sibling, None) => {
                self.error(Diagnostic::at(
                    at,
                    format!(
                        "sibling arm `{}` needs the `property` holding its payload",
                        arm.value
                    ),
                ));
                return None;
            }
            (Layout::Sibling, Some(property)) => {
                if properties.is_some_and(|properties| !properties.contains_key(property)) {
                    self.error(Diagnostic::at(
                        format!("{at}/property"),
                        format!("arm property `{property}` is not among the schema's properties"),
                    ));
                    return None;
                }
                Some(property.clone())
            }
            (Layout::Adjacent { .. }, Some(_)) => {
                self.error(Diagnostic::at(at, "adjacent arms carry their payload in the union's `value` property, not a `property` of their own"));
                return None;
            }
            (Layout::Adjacent { .. }, None) | (Layout::Internal, None) => None,
            (Layout::Internal, Some(_)) => {
                self.error(Diagnostic::at(at, "internal arms carry their fields beside the tag, not in a `property` of their own"));
                return None;
            }
        };
        let payload = match (&arm.schema, layout) {
            (Some(reference), _) => Some(self.resolve(reference, &format!("{at}/schema"))?),
            (None, Layout::Adjacent { .. }) => None,
            (None, Layout::Sibling | Layout::Internal) => {
                self.error(Diagnostic::at(
                    at,
                    format!(
                        "{} arm `{}` needs a `schema`",
                        layout_name(layout),
                        arm.value
                    ),
                ));
                return None;
            }
        };
        let fetch = arm.fetch.as_ref().map(|fetch| ArmFetch {
            operation: fetch.operation.clone(),
            ids: fetch.ids.clone(),
            id_json: fetch.id.clone().unwrap_or_else(|| "Id".to_owned()),
            // Both are settled by `check_fetches`, once the operations are lowered.
            id_field: String::new(),
            entity: usize::MAX,
        });
        let optional = property
            .as_deref()
            .is_some_and(|property| !required.iter().any(|name| name == property));
        Some(Arm {
            value: arm.value.clone(),
            variant,
            property,
            optional,
            payload,
            deprecated: None,
            fetch,
        })
    }

    /// When the discriminator property refers to an enum, its values and the arms must match.
    fn check_discriminator(
        &mut self,
        rust_name: &str,
        spec: &UnionSpec,
        properties: Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>>,
        at: &str,
    ) -> Option<String> {
        let property = properties?.get(&spec.discriminator);
        let Some(property) = property else {
            self.error(Diagnostic::at(
                format!("{at}/discriminator"),
                format!(
                    "`{}` is not a property of `{rust_name}`",
                    spec.discriminator
                ),
            ));
            return None;
        };
        let ReferenceOr::Reference { reference } = property else {
            return None;
        };
        let name = super::refs::component_name(reference)?;
        let Some(ReferenceOr::Item(target)) = self.components.get(&name) else {
            return None;
        };
        let SchemaKind::Type(Type::String(string)) = &target.schema_kind else {
            return None;
        };
        let listed: BTreeSet<&str> = string
            .enumeration
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let armed: BTreeSet<&str> = spec.arms.iter().map(|arm| arm.value.as_str()).collect();
        let missing: Vec<&str> = listed.difference(&armed).copied().collect();
        let extra: Vec<&str> = armed.difference(&listed).copied().collect();
        if !missing.is_empty() || !extra.is_empty() {
            self.error(Diagnostic::at(
                format!("{at}/arms"),
                format!(
                    "arms and the values of `{name}` differ: values without an arm [{}], arms without a value [{}]",
                    missing.join(", "),
                    extra.join(", ")
                ),
            ));
        }
        naming::type_name(&name)
    }
}

fn layout_name(layout: &Layout) -> &'static str {
    match layout {
        Layout::Sibling => "sibling",
        Layout::Adjacent { .. } => "adjacent",
        Layout::Internal => "internal",
    }
}

/// An object schema's properties.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The required properties of an object schema.
fn object_required(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.required,
        SchemaKind::Any(any) => &any.required,
        _ => &[],
    }
}

fn object_properties(
    schema: &Schema,
) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
            Some(&object.properties)
        }
        SchemaKind::Any(any) if !any.properties.is_empty() => Some(&any.properties),
        _ => None,
    }
}
