//! Our conventions where the dialect has none: the body-auth envelope as `x-envelope`, cursors
//! as opaque strings, and only the schemas the operations reach.

use std::collections::BTreeSet;

use crate::json::Value;

use super::context::Context;
use crate::import::model::{Kind, Model, Ty};
use crate::import::report::Severity;

/// The fields every request body carries for the client (Mews' "authentication" section); the
/// spec's security schemes name the secret ones.
const ENVELOPE: [&str; 5] = [
    "ClientToken",
    "AccessToken",
    "Client",
    "LanguageCode",
    "CultureCode",
];

/// `x-envelope`: the five body fields, the secrets from the `apiKey` security schemes.
pub fn envelope(cx: &mut Context<'_>) {
    cx.model.envelope = ENVELOPE.map(str::to_owned).to_vec();
    let schemes = cx
        .tree
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object);
    let mut secrets: Vec<String> = schemes
        .into_iter()
        .flatten()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("apiKey"))
        .filter_map(|(_, scheme)| scheme.get("name").and_then(Value::as_str))
        .filter(|name| ENVELOPE.contains(name))
        .map(str::to_owned)
        .collect();
    if secrets.is_empty() {
        cx.issue(
            Severity::Note,
            "#/components/securitySchemes",
            "no apiKey scheme names an envelope field; ClientToken and AccessToken are the secrets",
        );
        secrets = vec!["ClientToken".to_owned(), "AccessToken".to_owned()];
    }
    cx.model.secrets = secrets;
}

/// Folds each `XEnum` schema into its twin `X` when both are enums of the same values (the
/// spec defines e.g. `AccountType` and `AccountTypeEnum` and uses both): one Rust type, the
/// name without the suffix. Noted per pair. The names file decides first: twins it names alike
/// stay one enum even once their values differ (it gets both lists), and twins it names apart
/// stay apart even once their values agree.
pub fn fold_enum_twins(cx: &mut Context<'_>) {
    let twins: Vec<(String, String, bool)> = cx
        .model
        .schemas
        .iter()
        .filter_map(|(name, schema)| {
            let plain = name.strip_suffix("Enum")?;
            let twin = cx.model.schemas.get(plain)?;
            let (Kind::Enum(a), Kind::Enum(b)) = (&schema.kind, &twin.kind) else {
                return None;
            };
            let recorded = |name: &str| cx.ledger.recorded(&component_key(name));
            let fold = match (recorded(name), recorded(plain)) {
                (Some(ours), Some(theirs)) => ours == theirs,
                (Some(ours), None) => a == b && ours == plain,
                (None, _) => a == b,
            };
            fold.then(|| (name.clone(), plain.to_owned(), a == b))
        })
        .collect();
    for (from, to, same) in twins {
        let mut extra = Vec::new();
        if !same {
            if let Some(Kind::Enum(values)) = cx.model.schemas.get(&from).map(|s| s.kind.clone()) {
                if let Some(Kind::Enum(into)) = cx.model.schemas.get_mut(&to).map(|s| &mut s.kind) {
                    for value in values {
                        if !into.contains(&value) {
                            extra.push(value.clone());
                            into.push(value);
                        }
                    }
                }
            }
        }
        cx.model.redirect(&from, &to);
        cx.model.schemas.shift_remove(&from);
        cx.aliases.push((component_key(&from), component_key(&to)));
        let message = if same {
            format!("`{from}` has the values of `{to}`: one enum, `{to}`")
        } else {
            format!(
                "`{from}` and `{to}` differ, but the names file names them alike: one enum, `{to}`, with the values of both (adds [{}])",
                extra.join(", ")
            )
        };
        cx.issue(Severity::Note, &component_key(&from), message);
    }
}

/// Where a component comes from, for the names file: `#/components/schemas/Name`.
pub fn component_key(name: &str) -> String {
    format!("{}{name}", super::tree::SCHEMAS)
}

/// Drops the `Enum` suffix the spec gives most of its enums (`AccountNoteClassificationEnum`):
/// the suffix says nothing a Rust enum does not, and the docs name the same types without it.
/// Kept where the plain name is another schema's or any key's in the names file, so nothing is
/// renamed onto a taken name; a recorded enum is left to [`settle_names`]. Runs after
/// `fold_enum_twins`, which handles the pairs where both names exist. Noted per schema, so a
/// reviewer can trace a name back to the spec's.
pub fn drop_enum_suffix(cx: &mut Context<'_>) {
    let renames: Vec<(String, String)> = cx
        .model
        .schemas
        .iter()
        .filter(|(_, schema)| matches!(schema.kind, Kind::Enum(_)))
        .filter(|(name, _)| cx.ledger.recorded(&component_key(name)).is_none())
        .filter_map(|(name, _)| {
            let plain = name.strip_suffix("Enum")?;
            (!plain.is_empty()
                && !cx.model.schemas.contains_key(plain)
                && !cx.ledger.is_taken(plain))
            .then(|| (name.clone(), plain.to_owned()))
        })
        .collect();
    for (from, to) in renames {
        // Two renames cannot meet: each target is a distinct prefix of a distinct name, and
        // was checked free against the schemas as they were before any rename.
        cx.model.rename(&from, &to);
        cx.reserve(&to);
        cx.issue(
            Severity::Note,
            &component_key(&from),
            format!("`{from}` is named `{to}` (the spec's `Enum` suffix dropped)"),
        );
    }
}

/// The names file's last word on the components: each takes the name recorded for its key (or
/// a twin folded into it); one without a record keeps the name it has unless a recorded key
/// owns that name, and then gets a fresh one. Every component's name is given to the ledger.
pub fn settle_names(cx: &mut Context<'_>) {
    let keys_of = |key: &str, aliases: &[(String, String)]| -> Vec<String> {
        std::iter::once(key.to_owned())
            .chain(
                aliases
                    .iter()
                    .filter(|(_, to)| to == key)
                    .map(|(from, _)| from.clone()),
            )
            .collect()
    };
    let components: Vec<(String, Vec<String>)> = cx
        .model
        .schemas
        .iter()
        .filter_map(|(name, schema)| {
            // A component's own pointer; inline schemas (deeper pointers) were named already.
            let key = schema.source.as_deref()?;
            let rest = key.strip_prefix(super::tree::SCHEMAS)?;
            (!rest.contains('/')).then(|| (name.clone(), keys_of(key, &cx.aliases)))
        })
        .collect();
    let mut targets: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut claimed = std::collections::BTreeSet::new();
    let mut unrecorded = Vec::new();
    for (name, keys) in components {
        match keys.iter().find_map(|key| cx.ledger.recorded(key)) {
            Some(recorded) => {
                claimed.insert(recorded.to_owned());
                targets.push((name, recorded.to_owned(), keys));
            }
            None => unrecorded.push((name, keys)),
        }
    }
    for (name, keys) in unrecorded {
        // No key of this schema is recorded, so a taken name is another key's.
        let target = if !claimed.contains(&name) && !cx.ledger.is_taken(&name) {
            name.clone()
        } else {
            let fresh = cx.fresh_name(std::slice::from_ref(&name));
            cx.issue(
                Severity::Note,
                &keys[0],
                format!(
                    "`{name}` is a name the names file gives another schema: this one is `{fresh}`"
                ),
            );
            fresh
        };
        claimed.insert(target.clone());
        targets.push((name, target, keys));
    }
    // Two steps, so that names may swap: every mover to a placeholder, then to its name.
    let movers: Vec<(String, String)> = targets
        .iter()
        .filter(|(name, target, _)| name != target)
        .map(|(name, target, _)| (name.clone(), target.clone()))
        .collect();
    for (index, (name, _)) in movers.iter().enumerate() {
        cx.model.rename(name, &format!("\u{1}{index}"));
    }
    for (index, (_, target)) in movers.iter().enumerate() {
        cx.model.rename(&format!("\u{1}{index}"), target);
        cx.reserve(target);
    }
    for (_, target, keys) in &targets {
        for key in keys {
            cx.ledger.give(key, target);
        }
    }
}

/// The schemas a component's property may hold as untyped JSON (its `oneOf` without a
/// discriminator) are carried by it (`x-carried-by`): kept, though no typed property reaches
/// them, so that the bindings and the diff have them. A first carrier wins.
pub fn carried(cx: &mut Context<'_>) {
    for (pointer, names) in std::mem::take(&mut cx.carried) {
        let Some((owner, property)) = pointer
            .strip_prefix(super::tree::SCHEMAS)
            .and_then(|rest| rest.split_once("/properties/"))
            .filter(|(owner, property)| !owner.contains('/') && !property.contains('/'))
        else {
            continue;
        };
        for name in names {
            if let Some(schema) = cx.model.schemas.get_mut(&name) {
                if schema.carried_by.is_none() {
                    schema.carried_by = Some((owner.to_owned(), property.to_owned()));
                }
            }
        }
    }
}

/// Drops the schemas no operation (nor the error body) reaches: the update-value wrappers the
/// properties unwrapped, and components the spec defines but no body uses (listed in a note).
pub fn prune_unreached(cx: &mut Context<'_>) {
    let unreached = cx.model.unreached();
    let (wrappers, unused): (Vec<String>, Vec<String>) =
        unreached.iter().cloned().partition(|name| {
            cx.tree
                .schema(name)
                .is_some_and(|schema| super::schemas::is_update_value(name, schema))
        });
    cx.model.schemas.retain(|name, _| !unreached.contains(name));
    if !wrappers.is_empty() {
        cx.issue(
            Severity::Note,
            "#/components/schemas",
            format!(
                "{} update-value wrappers became x-update-value properties: {}",
                wrappers.len(),
                wrappers.join(", ")
            ),
        );
    }
    if !unused.is_empty() {
        cx.issue(
            Severity::Note,
            "#/components/schemas",
            format!(
                "{} schemas no imported operation reaches, left out: {}",
                unused.len(),
                unused.join(", ")
            ),
        );
    }
}

/// A `Cursor` is opaque to clients: a string without format (the spec types some as uuid).
pub fn opaque_cursors(model: &mut Model) {
    for schema in model.schemas.values_mut() {
        for property in schema.properties_mut().into_iter().flatten() {
            if property.name == "Cursor" {
                if let Ty::String(format @ Some(_)) = &mut property.ty {
                    property.inferred.push(format!(
                        "format {} dropped: cursors are opaque",
                        format.take().unwrap_or_default()
                    ));
                }
            }
        }
    }
}

/// The shapes cursor pagination needs, where the spec leaves them loose: in a `getAll` whose
/// request has a required `Limitation`, the array named after the resource (`Reservations` of
/// `reservations_getAll`) is the page and always sent, and the response's `Cursor` may be null
/// (an empty page has none). Each change is recorded and reported.
pub fn paged_shapes(cx: &mut Context<'_>) {
    let mut changes: Vec<(String, String, &'static str)> = Vec::new();
    for op in &cx.model.operations {
        let limited = cx.model.schemas.get(&op.request).is_some_and(|request| {
            request
                .properties()
                .iter()
                .any(|p| p.name == "Limitation" && p.required && !p.nullable)
        });
        if !limited || !op.action().starts_with("getAll") {
            continue;
        }
        let items = crate::import::naming::camel(op.resource());
        let Some(response) = cx.model.schemas.get(&op.response) else {
            continue;
        };
        for property in response.properties() {
            if property.name == items
                && matches!(property.ty, Ty::Array(_))
                && (!property.required || property.nullable)
            {
                changes.push((
                    op.response.clone(),
                    items.clone(),
                    "required, not null (the page of a getAll)",
                ));
            }
            if property.name == "Cursor" && property.required && !property.nullable {
                changes.push((
                    op.response.clone(),
                    "Cursor".to_owned(),
                    "nullable (an empty page has no cursor)",
                ));
            }
        }
    }
    changes.sort();
    changes.dedup();
    for (schema, name, change) in changes {
        let Some(property) = cx
            .model
            .schemas
            .get_mut(&schema)
            .and_then(|s| s.properties_mut())
            .and_then(|properties| properties.iter_mut().find(|p| p.name == name))
        else {
            continue;
        };
        if name == "Cursor" {
            property.nullable = true;
        } else {
            property.required = true;
            property.nullable = false;
        }
        property.inferred.push(change.to_owned());
        let pointer = property.source.clone().unwrap_or_default();
        cx.issue(Severity::Note, &pointer, format!("made {change}"));
    }
}

/// A schema that is not a request body but carries the envelope (`ClientToken`...): a body's
/// parameters reused as items of another body. Its envelope fields are the client's, not the
/// item's: removed, and reported.
pub fn nested_envelopes(cx: &mut Context<'_>) {
    let bodies: BTreeSet<String> = cx
        .model
        .operations
        .iter()
        .map(|op| op.request.clone())
        .collect();
    let envelope = cx.model.envelope.clone();
    let mut removed = Vec::new();
    for (name, schema) in &mut cx.model.schemas {
        if bodies.contains(name) || !schema.properties().iter().any(|p| p.name == "ClientToken") {
            continue;
        }
        let pointer = schema.source.clone().unwrap_or_default();
        if let Some(properties) = schema.properties_mut() {
            properties.retain(|p| !envelope.contains(&p.name));
            removed.push(pointer);
        }
    }
    for pointer in removed {
        cx.issue(
            Severity::Note,
            &pointer,
            "not a request body, but carries the envelope fields: they are removed (the client sends them once, in the body)",
        );
    }
}
