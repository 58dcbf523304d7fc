//! The curation overlay (`spec/curation.yaml`): human decisions as data, applied on top of an
//! import so that re-importing newer docs keeps them. The format is described in
//! `generator/IMPORT.md`.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

use super::model::{Arm, Kind, Layout, Model, Property, Schema, Ty, Union};
use super::report::{Report, Severity};

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
    let overlay: Overlay =
        yaml_serde::from_str(text).map_err(|error| format!("invalid overlay: {error}"))?;
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

const OVERLAY: &str = "overlay";

/// Renames imported schemas to ours.
pub fn apply_renames(
    model: &mut Model,
    overlay: &Overlay,
    report: &mut Report,
) -> Result<(), String> {
    renames(model, overlay, false, report)
}

/// Renames for a source that already uses the target names (Mews' OpenAPI spec, whose names
/// the docs' renames adopt): a rename whose target this import already has is a note, not an
/// error: it is meant for another source.
pub fn apply_renames_to_named_source(
    model: &mut Model,
    overlay: &Overlay,
    report: &mut Report,
) -> Result<(), String> {
    renames(model, overlay, true, report)
}

fn renames(
    model: &mut Model,
    overlay: &Overlay,
    taken_is_unused: bool,
    report: &mut Report,
) -> Result<(), String> {
    for (from, to) in &overlay.renames {
        rename(model, from, to, taken_is_unused, report)?;
    }
    Ok(())
}

/// The renames of a docs import: `renames`, then `docs-renames`.
pub fn apply_docs_renames(
    model: &mut Model,
    overlay: &Overlay,
    report: &mut Report,
) -> Result<(), String> {
    apply_renames(model, overlay, report)?;
    for (from, to) in &overlay.docs_renames {
        rename(model, from, to, false, report)?;
    }
    Ok(())
}

/// Adds the overlay's schemas and applies its schema decisions. An entry that does not apply to
/// this source (a schema it lacks or has as another kind, a type naming a schema it lacks) is a
/// note: the same overlay serves older and newer sources.
pub fn apply_schemas(
    model: &mut Model,
    overlay: &Overlay,
    report: &mut Report,
) -> Result<(), String> {
    let known: BTreeSet<String> = model
        .schemas
        .keys()
        .chain(overlay.add_schemas.keys())
        .cloned()
        .collect();
    for (name, spec) in &overlay.add_schemas {
        if model.schemas.contains_key(name) {
            report.push(OVERLAY, 0, Severity::Note, format!("add-schemas `{name}`: the import already has it; the overlay's version replaces it"));
        }
        let schema = new_schema(name, spec, &known, report)?;
        model.schemas.insert(name.clone(), schema);
    }
    for (name, spec) in &overlay.schemas {
        let Some(schema) = model.schemas.get_mut(name) else {
            report.push(
                OVERLAY,
                0,
                Severity::Note,
                format!("schemas `{name}`: not in this import; entry unused"),
            );
            continue;
        };
        change_schema(name, schema, spec, &known, report)?;
    }
    Ok(())
}

/// Applies operation decisions and the root settings.
pub fn apply_operations(
    model: &mut Model,
    overlay: &Overlay,
    report: &mut Report,
) -> Result<(), String> {
    if let Some(info) = &overlay.info {
        if let Some(title) = &info.title {
            model.info.title = title.clone();
        }
        if let Some(version) = &info.version {
            model.info.version = version.clone();
        }
        if let Some(description) = &info.description {
            model.info.description = Some(description.clone());
        }
    }
    if !overlay.servers.is_empty() {
        model.servers = overlay
            .servers
            .iter()
            .map(|s| (s.url.clone(), s.description.clone()))
            .collect();
    }
    if let Some(envelope) = &overlay.envelope {
        model.envelope = envelope.fields.clone();
        model.secrets = envelope.secrets.clone();
    }
    for (id, spec) in &overlay.operations {
        let misfit = match &spec.pagination {
            Some(Pagination::Items(items)) => pagination_misfit(model, id, items),
            _ => None,
        };
        let Some(op) = model.operations.iter_mut().find(|op| &op.id == id) else {
            report.push(
                OVERLAY,
                0,
                Severity::Note,
                format!("operations `{id}`: not in this import; entry unused"),
            );
            continue;
        };
        if let Some(retry_safe) = spec.retry_safe {
            op.retry_safe = retry_safe;
            op.inferred.retain(|note| !note.starts_with("retry-safe"));
        }
        match &spec.pagination {
            Some(Pagination::Items(_)) if misfit.is_some() => {
                let why = misfit.unwrap_or_default();
                report.push(
                    OVERLAY,
                    0,
                    Severity::Note,
                    format!("operations `{id}`: pagination does not apply to this import ({why}); entry part unused"),
                );
            }
            Some(Pagination::Items(items)) => {
                op.pagination = Some(items.clone());
                op.inferred.retain(|note| !note.starts_with("x-pagination"));
            }
            Some(Pagination::Enabled(false)) => {
                op.pagination = None;
                op.inferred.retain(|note| !note.starts_with("x-pagination"));
            }
            Some(Pagination::Enabled(true)) => {
                return Err(format!(
                    "operations `{id}`: `pagination` is the paged array's name or false"
                ))
            }
            None => {}
        }
        set(&mut op.description, &spec.description);
        set(&mut op.curation, &spec.curation);
        if let Some(summary) = &spec.summary {
            op.summary = summary.clone();
        }
        if let Some(note) = &spec.deprecated {
            op.deprecated = Some(note.clone());
        }
    }
    Ok(())
}

/// Why an overlay's pagination over `items` cannot apply to the operation `id` of this import
/// (an older source may not page it yet): `None` when it can, or when there is no such operation.
fn pagination_misfit(model: &Model, id: &str, items: &str) -> Option<String> {
    let op = model.operations.iter().find(|op| op.id == id)?;
    let has = |schema: &str, name: &str, array: bool| {
        model.schemas.get(schema).is_some_and(|schema| {
            schema
                .properties()
                .iter()
                .any(|p| p.name == name && (!array || matches!(p.ty, Ty::Array(_))))
        })
    };
    if !has(&op.request, "Limitation", false) {
        return Some(format!("its request `{}` has no `Limitation`", op.request));
    }
    if !has(&op.response, "Cursor", false) {
        return Some(format!("its response `{}` has no `Cursor`", op.response));
    }
    if !has(&op.response, items, true) {
        return Some(format!(
            "its response `{}` has no array `{items}`",
            op.response
        ));
    }
    None
}

/// Operations whose pagination the overlay decides (and can decide for this import).
pub fn decided_pagination(overlay: &Overlay, model: &Model) -> Vec<String> {
    overlay
        .operations
        .iter()
        .filter(|(id, spec)| match &spec.pagination {
            Some(Pagination::Items(items)) => pagination_misfit(model, id, items).is_none(),
            Some(Pagination::Enabled(_)) => true,
            None => false,
        })
        .map(|(id, _)| id.clone())
        .collect()
}

fn set(slot: &mut Option<String>, value: &Option<String>) {
    if let Some(value) = value {
        *slot = Some(value.clone());
    }
}

fn rename(
    model: &mut Model,
    from: &str,
    to: &str,
    taken_is_unused: bool,
    report: &mut Report,
) -> Result<(), String> {
    let Some(index) = model.schemas.get_index_of(from) else {
        report.push(
            OVERLAY,
            0,
            Severity::Note,
            format!("renames `{from}`: not in this import; entry unused"),
        );
        return Ok(());
    };
    if model.schemas.contains_key(to) {
        // Meant for another source (the official names the docs' renames adopt), or a source
        // where both types exist: the entry does not apply here.
        let why = if taken_is_unused {
            "this import has both names already"
        } else {
            "this import already has a schema of that name, so the entry does not apply to it"
        };
        report.push(
            OVERLAY,
            0,
            Severity::Note,
            format!("renames `{from}` → `{to}`: {why}; entry unused"),
        );
        return Ok(());
    }
    let Some((_, schema)) = model.schemas.swap_remove_index(index) else {
        return Ok(());
    };
    let (last, _) = model.schemas.insert_full(to.to_owned(), schema);
    model.schemas.swap_indices(index, last);
    model.redirect(from, to);
    Ok(())
}

fn new_schema(
    name: &str,
    spec: &SchemaOverride,
    known: &BTreeSet<String>,
    report: &mut Report,
) -> Result<Schema, String> {
    let kind = if let Some(values) = &spec.values {
        Kind::Enum(values.clone())
    } else if let Some(ty) = &spec.ty {
        Kind::Alias(parse_ty(ty).map_err(|e| format!("add-schemas `{name}`: {e}"))?)
    } else {
        Kind::Object {
            properties: Vec::new(),
            union: None,
        }
    };
    let mut schema = Schema::new(kind);
    schema.source = Some("overlay".to_owned());
    change_schema(
        name,
        &mut schema,
        &SchemaOverride {
            values: None,
            ty: None,
            ..spec.clone()
        },
        known,
        report,
    )?;
    Ok(schema)
}

fn change_schema(
    name: &str,
    schema: &mut Schema,
    spec: &SchemaOverride,
    known: &BTreeSet<String>,
    report: &mut Report,
) -> Result<(), String> {
    set(&mut schema.description, &spec.description);
    set(&mut schema.curation, &spec.curation);
    if let Some(note) = &spec.deprecated {
        schema.deprecated = Some(note.clone());
    }
    let unused = |report: &mut Report, what: &str| {
        report.push(
            OVERLAY,
            0,
            Severity::Note,
            format!("schemas `{name}`: {what}; entry part unused"),
        );
    };
    if let Some(values) = &spec.values {
        match &mut schema.kind {
            Kind::Enum(current) => *current = values.clone(),
            _ => unused(report, "`enum`, but this import's schema is not an enum"),
        }
    }
    if let Some(ty) = &spec.ty {
        let ty = parse_ty(ty).map_err(|e| format!("schemas `{name}`: {e}"))?;
        match ty.referenced().filter(|target| !known.contains(*target)) {
            Some(target) => unused(
                report,
                &format!("`type` names `{target}`, which this import lacks"),
            ),
            None => schema.kind = Kind::Alias(ty),
        }
    }
    for (property, change) in &spec.properties {
        let Some(properties) = schema.properties_mut() else {
            unused(
                report,
                &format!("`properties` ({property}), but this import's schema is not an object"),
            );
            continue;
        };
        change_property(name, properties, property, change, known, report)?;
    }
    if let Some(union) = &spec.union {
        change_union(name, schema, union, known, report)?;
    }
    Ok(())
}

fn change_property(
    schema: &str,
    properties: &mut Vec<Property>,
    name: &str,
    change: &PropertyOverride,
    known: &BTreeSet<String>,
    report: &mut Report,
) -> Result<(), String> {
    let at = format!("schemas `{schema}` property `{name}`");
    let ty = change
        .ty
        .as_deref()
        .map(parse_ty)
        .transpose()
        .map_err(|e| format!("{at}: {e}"))?;
    // A type naming a schema this source lacks would leave a dangling reference.
    let dangling = ty
        .as_ref()
        .and_then(Ty::referenced)
        .filter(|target| !known.contains(*target))
        .map(str::to_owned);
    if let Some(target) = &dangling {
        report.push(
            OVERLAY,
            0,
            Severity::Note,
            format!("{at}: `type` names `{target}`, which this import lacks; type unused"),
        );
        if !properties.iter().any(|p| p.name == name) {
            return Ok(());
        }
    }
    let ty = ty.filter(|_| dangling.is_none());
    let index = match properties.iter().position(|p| p.name == name) {
        Some(index) => index,
        None if change.remove => {
            report.push(
                OVERLAY,
                0,
                Severity::Note,
                format!("{at}: not imported; `remove` unused"),
            );
            return Ok(());
        }
        None => {
            let Some(ty) = &ty else {
                report.push(
                    OVERLAY,
                    0,
                    Severity::Note,
                    format!("{at}: not imported and no `type` to add it with; entry unused"),
                );
                return Ok(());
            };
            let mut added = Property::new(name, ty.clone());
            added.source = Some("overlay".to_owned());
            properties.push(added);
            properties.len() - 1
        }
    };
    if change.remove {
        properties.remove(index);
        return Ok(());
    }
    let Some(property) = properties.get_mut(index) else {
        return Ok(());
    };
    if let Some(ty) = ty {
        property.ty = ty;
        property.inferred.retain(|note| !note.starts_with("format"));
    }
    if let Some(required) = change.required {
        property.required = required;
    }
    if let Some(nullable) = change.nullable {
        property.nullable = nullable;
        property
            .inferred
            .retain(|note| !note.starts_with("nullable"));
    }
    if let Some(note) = &change.deprecated {
        property.deprecated = Some(note.clone());
    }
    if change.remove_deprecation {
        property.deprecated = None;
    }
    if let Some(update_value) = change.update_value {
        property.update_value = update_value;
    }
    if change.max_items.is_some() {
        property.max_items = change.max_items;
    }
    set(&mut property.description, &change.description);
    set(&mut property.curation, &change.curation);
    Ok(())
}

fn change_union(
    name: &str,
    schema: &mut Schema,
    change: &UnionOverride,
    known: &BTreeSet<String>,
    report: &mut Report,
) -> Result<(), String> {
    let Kind::Object { union, .. } = &mut schema.kind else {
        report.push(
            OVERLAY,
            0,
            Severity::Note,
            format!("schemas `{name}`: `union`, but this import's schema is not an object; entry part unused"),
        );
        return Ok(());
    };
    let layout = match (change.layout.as_deref(), &change.value) {
        (Some("sibling"), _) => Some(Layout::Sibling),
        (Some("adjacent"), value) => Some(Layout::Adjacent {
            value: value.clone().unwrap_or_else(|| "Value".to_owned()),
        }),
        (Some(other), _) => {
            return Err(format!(
                "schemas `{name}`: union layout `{other}` is neither sibling nor adjacent"
            ))
        }
        (None, _) => None,
    };
    let current = union.get_or_insert_with(|| Union {
        layout: Layout::Sibling,
        discriminator: "Discriminator".to_owned(),
        arms: Vec::new(),
    });
    if let Some(layout) = layout {
        current.layout = layout;
    }
    if let Some(discriminator) = &change.discriminator {
        current.discriminator = discriminator.clone();
    }
    for arm in &change.arms {
        let schema = arm.schema.as_deref().map(|s| {
            s.strip_prefix("#/components/schemas/")
                .unwrap_or(s)
                .to_owned()
        });
        let schema = match schema {
            Some(target) if !known.contains(&target) => {
                report.push(
                    OVERLAY,
                    0,
                    Severity::Note,
                    format!("schemas `{name}` arm `{}`: payload `{target}` is not in this import; unused", arm.value),
                );
                None
            }
            other => other,
        };
        let arm = ArmOverride {
            value: arm.value.clone(),
            property: arm.property.clone(),
            schema,
        };
        match current
            .arms
            .iter_mut()
            .find(|existing| existing.value == arm.value)
        {
            Some(existing) => {
                if arm.schema.is_some() {
                    existing.schema = arm.schema.clone();
                }
                if arm.property.is_some() {
                    existing.property = arm.property.clone();
                }
            }
            None => current.arms.push(Arm {
                value: arm.value.clone(),
                property: arm.property.clone(),
                schema: arm.schema.clone(),
            }),
        }
    }
    Ok(())
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

    #[test]
    fn rejects_unknown_keys() {
        assert!(parse("schemas: {A: {propertees: {}}}").is_err());
        assert!(parse("").is_ok());
    }
}
