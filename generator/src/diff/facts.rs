//! What the diff reads from the raw spec beside the IR: where Mews documents each operation and
//! schema (`x-docs`, `x-source`), an operation's restriction (`x-restricted`), an enum's
//! deprecated values (`x-deprecated-values`) and a property's limits. The emitter needs none of
//! them to build types, so the IR does not carry them; users and the changelog do.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::json;

use super::compare::Usage;
use super::{Change, Class, Target};
use crate::ir::Api;

/// The limits a property may state, by their JSON key and the name the diff gives them.
const LIMITS: [(&str, &str, Bound); 7] = [
    ("maxItems", "max-items", Bound::Max),
    ("minItems", "min-items", Bound::Min),
    ("maxLength", "max-length", Bound::Max),
    ("minLength", "min-length", Bound::Min),
    ("x-max-interval", "max-interval", Bound::Max),
    ("minimum", "minimum", Bound::Min),
    ("maximum", "maximum", Bound::Max),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    Max,
    Min,
}

/// Where an item is documented.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub docs: Option<String>,
    pub source: Option<String>,
}

/// The facts of one schema.
#[derive(Clone, Debug, Default)]
pub struct SchemaFacts {
    pub place: Place,
    /// The values of an enum (or a union's arms), and the deprecated ones with their notes.
    pub values: BTreeSet<String>,
    /// Whether the values are a union's arms.
    pub union: bool,
    pub deprecated_values: BTreeMap<String, String>,
    /// Per property (wire name), its limits by name (`max-items` → `1000`).
    pub limits: BTreeMap<String, BTreeMap<&'static str, Value>>,
    /// The wire names of its properties.
    pub properties: BTreeSet<String>,
}

/// The facts of one spec, by the IR's names.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub operations: BTreeMap<String, (Place, Option<String>)>,
    pub schemas: BTreeMap<String, SchemaFacts>,
}

fn text(value: Option<&json::Value>) -> Option<String> {
    match value? {
        json::Value::String(text) => Some(text.clone()),
        json::Value::Bool(true) => Some(String::new()),
        _ => None,
    }
}

fn place(node: &json::Value) -> Place {
    Place {
        docs: text(node.get("x-docs")),
        source: text(node.get("x-source")),
    }
}

impl Facts {
    /// Reads the facts of every operation and named type of `api` from its spec's raw tree.
    pub fn read(raw: &json::Value, api: &Api) -> Facts {
        let mut facts = Facts::default();
        for op in &api.operations {
            let node = raw
                .pointer(op.pointer.trim_start_matches('#'))
                .unwrap_or(&json::Value::Null);
            facts
                .operations
                .insert(op.id.clone(), (place(node), text(node.get("x-restricted"))));
        }
        for def in &api.types {
            let Some(node) = raw.pointer(def.pointer.trim_start_matches('#')) else {
                continue;
            };
            let mut schema = SchemaFacts {
                place: place(node),
                ..SchemaFacts::default()
            };
            if let Some(values) = node.get("enum").and_then(json::Value::as_array) {
                schema.values = values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
            }
            if let Some(arms) = node
                .pointer("/x-union/arms")
                .and_then(json::Value::as_array)
            {
                schema.union = true;
                schema.values = arms
                    .iter()
                    .filter_map(|arm| arm.get("value")?.as_str().map(str::to_owned))
                    .collect();
            }
            if let Some(notes) = node
                .get("x-deprecated-values")
                .and_then(json::Value::as_object)
            {
                for (value, note) in notes {
                    let note = text(Some(note)).unwrap_or_default();
                    schema.deprecated_values.insert(value.clone(), note);
                }
            }
            for (name, property) in node
                .get("properties")
                .and_then(json::Value::as_object)
                .into_iter()
                .flatten()
            {
                schema.properties.insert(name.clone());
                let limits: BTreeMap<&'static str, Value> = LIMITS
                    .iter()
                    .filter_map(|(key, limit, _)| {
                        Some((*limit, property.get(*key)?.to_serde_json()))
                    })
                    .collect();
                if !limits.is_empty() {
                    schema.limits.insert(name.clone(), limits);
                }
            }
            facts.schemas.insert(def.name.clone(), schema);
        }
        facts
    }
}

/// Restriction, value deprecations and limits, old to new.
pub fn compare(old: &Facts, new: &Facts, usage: &BTreeMap<String, Usage>) -> Vec<Change> {
    let mut changes = Vec::new();
    for (id, (_, restricted)) in &new.operations {
        let Some((_, was)) = old.operations.get(id) else {
            continue;
        };
        match (was, restricted) {
            (None, Some(note)) => changes.push(
                Change::new(
                    Class::Additive,
                    "restricted",
                    Target::Operation,
                    id,
                    format!("now restricted: {}", or_none(note)),
                )
                .values(None, Some(note.clone())),
            ),
            (Some(note), None) => changes.push(
                Change::new(
                    Class::Additive,
                    "generally-available",
                    Target::Operation,
                    id,
                    "no longer restricted: generally available",
                )
                .values(Some(note.clone()), None),
            ),
            _ => {}
        }
    }
    for (name, schema) in &new.schemas {
        let Some(was) = old.schemas.get(name) else {
            continue;
        };
        values(&mut changes, name, was, schema);
        let request = usage.get(name).is_some_and(|u| u.request);
        for (property, limits) in &schema.limits {
            if let Some(before) = was.limits.get(property) {
                compare_limits(
                    &mut changes,
                    &format!("{name}.{property}"),
                    before,
                    limits,
                    request,
                );
            }
        }
        for (property, before) in &was.limits {
            // A removed property's limits go with it (the IR comparison reports the removal).
            if !schema.limits.contains_key(property) && schema.properties.contains(property) {
                compare_limits(
                    &mut changes,
                    &format!("{name}.{property}"),
                    before,
                    &BTreeMap::new(),
                    request,
                );
            }
        }
    }
    changes
}

fn or_none(note: &str) -> &str {
    if note.is_empty() {
        "(no note)"
    } else {
        note
    }
}

fn values(changes: &mut Vec<Change>, name: &str, old: &SchemaFacts, new: &SchemaFacts) {
    let target = if new.union {
        Target::UnionArm
    } else {
        Target::EnumValue
    };
    for (value, note) in &new.deprecated_values {
        if !old.deprecated_values.contains_key(value) && new.values.contains(value) {
            changes.push(
                Change::new(
                    Class::Additive,
                    "deprecated",
                    target,
                    format!("{name}::{value}"),
                    format!("value now deprecated: {}", or_none(note)),
                )
                .values(None, Some(note.clone())),
            );
        }
    }
    for (value, note) in &old.deprecated_values {
        if !new.deprecated_values.contains_key(value) && new.values.contains(value) {
            changes.push(
                Change::new(
                    Class::Additive,
                    "undeprecated",
                    target,
                    format!("{name}::{value}"),
                    "value no longer deprecated",
                )
                .values(Some(note.clone()), None),
            );
        }
    }
}

fn compare_limits(
    changes: &mut Vec<Change>,
    path: &str,
    old: &BTreeMap<&'static str, Value>,
    new: &BTreeMap<&'static str, Value>,
    request: bool,
) {
    for (_, limit, bound) in LIMITS {
        let (a, b) = (old.get(limit), new.get(limit));
        let tightened = match (a, b) {
            (None, None) => continue,
            (Some(a), Some(b)) if a == b => continue,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => match (magnitude(a), magnitude(b)) {
                (Some(x), Some(y)) if bound == Bound::Max => y < x,
                (Some(x), Some(y)) => y > x,
                // Not comparable (an interval in words we do not read): say so as tightened.
                _ => true,
            },
        };
        let shown = |v: Option<&Value>| v.map(show);
        let (kind, class, verb) = if tightened {
            let class = if request {
                Class::Breaking
            } else {
                Class::Additive
            };
            ("limit-tightened", class, "tightened")
        } else {
            ("limit-loosened", Class::Additive, "loosened")
        };
        let message = format!(
            "{limit} {verb}: {} → {}",
            shown(a).unwrap_or_else(|| "none".to_owned()),
            shown(b).unwrap_or_else(|| "none".to_owned())
        );
        let mut change =
            Change::new(class, kind, Target::Property, path, message).values(shown(a), shown(b));
        change.limit = Some(limit);
        changes.push(change);
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A limit as a number: itself, or an interval (`3 months`, `100 days`) in days.
fn magnitude(value: &Value) -> Option<f64> {
    if let Some(number) = value.as_f64() {
        return Some(number);
    }
    let text = value.as_str()?.trim().to_lowercase();
    let (count, unit) = text.split_once(' ')?;
    let count: f64 = count.trim().parse().ok()?;
    let days = match unit.trim().trim_end_matches('s') {
        "hour" => 1.0 / 24.0,
        "day" => 1.0,
        "week" => 7.0,
        "month" => 30.44,
        "year" => 365.25,
        _ => return None,
    };
    Some(count * days)
}

/// Sets each change's `docs` and `source`: a removed item's from the old spec, others' from the
/// new one (falling back to the other side).
pub fn attach_sources(changes: &mut [Change], old: &Facts, new: &Facts) {
    for change in changes.iter_mut() {
        let removed = change.kind.ends_with("-removed");
        let (first, second) = if removed { (old, new) } else { (new, old) };
        let owner = change.owner().to_owned();
        let find = |facts: &Facts| -> Option<Place> {
            match change.target {
                Target::Operation => facts.operations.get(&owner).map(|(place, _)| place.clone()),
                _ => facts.schemas.get(&owner).map(|schema| schema.place.clone()),
            }
        };
        if let Some(place) = find(first).or_else(|| find(second)) {
            change.docs = place.docs;
            change.source = place.source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_compare_in_days() {
        assert_eq!(magnitude(&Value::from(1000)), Some(1000.0));
        let three = magnitude(&Value::from("3 months")).unwrap_or_default();
        let hundred = magnitude(&Value::from("100 days")).unwrap_or_default();
        assert!(three < hundred && three > 90.0);
        assert_eq!(magnitude(&Value::from("a fortnight")), None);
    }
}
