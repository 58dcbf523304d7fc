//! The overlay's renames and schema decisions, applied to an import. An entry that does not
//! apply to this source is a note in the report, not an error.

use std::collections::BTreeSet;

use super::{
    parse_ty, set, ArmOverride, FetchOverride, Overlay, PropertyOverride, SchemaOverride,
    UnionOverride, OVERLAY,
};
use crate::import::model::{Arm, Fetch, Kind, Layout, Model, Property, Schema, Ty, Union};
use crate::import::report::{Report, Severity};

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
    for (value, target) in [
        (change.max_items, &mut property.max_items),
        (change.min_items, &mut property.min_items),
        (change.max_length, &mut property.max_length),
        (change.min_length, &mut property.min_length),
    ] {
        if value.is_some() {
            *target = value;
        }
    }
    for (value, target) in [
        (&change.minimum, &mut property.minimum),
        (&change.maximum, &mut property.maximum),
    ] {
        if let Some(number) = value {
            *target = Some(number.to_string());
        }
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
        (Some("internal"), _) => Some(Layout::Internal),
        (Some("adjacent"), value) => Some(Layout::Adjacent {
            value: value.clone().unwrap_or_else(|| "Value".to_owned()),
        }),
        (Some(other), _) => {
            return Err(format!(
                "schemas `{name}`: union layout `{other}` is not sibling, adjacent or internal"
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
    let mut curations = Vec::new();
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
        let fetch = match &arm.fetch {
            None => None,
            Some(FetchOverride::None(false)) => Some(None),
            Some(FetchOverride::None(true)) => {
                return Err(format!(
                    "schemas `{name}`: arm `{}`: `fetch` is a mapping or `false`",
                    arm.value
                ))
            }
            Some(FetchOverride::Fetch {
                operation,
                ids,
                id,
                curation,
            }) => Some(Some(Fetch {
                operation: operation.clone(),
                ids: ids.clone(),
                id: id.clone().unwrap_or_else(|| "Id".to_owned()),
            }))
            .inspect(|_| {
                if let Some(curation) = curation {
                    curations.push(format!("arm `{}` fetch: {curation}", arm.value));
                }
            }),
        };
        let arm = ArmOverride {
            value: arm.value.clone(),
            property: arm.property.clone(),
            schema,
            fetch: None,
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
                if let Some(fetch) = fetch {
                    existing.fetch = fetch;
                }
            }
            None => current.arms.push(Arm {
                value: arm.value.clone(),
                property: arm.property.clone(),
                schema: arm.schema.clone(),
                fetch: fetch.flatten(),
            }),
        }
    }
    if !curations.is_empty() {
        let notes = curations.join("; ");
        schema.curation = Some(match schema.curation.take() {
            Some(before) => format!("{before}; {notes}"),
            None => notes,
        });
    }
    Ok(())
}
