//! Deprecate, don't delete: what the previous spec (the committed one) has and the sources no
//! longer list (an operation, a schema, a property, an enum value or a union arm) is carried
//! into the new spec, marked `deprecated` with when it went and what to use instead
//! (`x-removed`, `x-removed-values`), until an overlay `drop:` entry deliberately lets it go.
//!
//! It works on the written tree, so a carried item is exactly what users compiled against. An
//! item the previous spec already carried is copied as it is: importing again with the result as
//! the previous spec gives the same spec (a fixed point), so the committed spec stays exactly
//! the import of its sources, overlays and itself.

use std::collections::BTreeSet;

use crate::json::{json, Map, Value};

mod tree;

use super::changelog::{Announcement, Changelog};
use super::dated::date_in_name;
use super::report::{Report, Severity};
use crate::error::{Diagnostic, Error};
use tree::{
    add_value, docs_anchor, insert_after, listed, never_narrowed, operation_id, reached, section_of,
};

const CARRY: &str = "carried";

/// Reads the previous spec's text.
pub fn parse_previous(text: &str) -> Result<Value, Error> {
    crate::json::yaml::from_str(text).map_err(|error| {
        Error::one(Diagnostic::plain(format!(
            "cannot read the previous spec (--previous): {error}"
        )))
    })
}

/// What dates and explains a removal.
pub struct Context<'a> {
    /// The docs' changelog (empty without one): the entry that announces a removal.
    pub changelog: &'a Changelog,
    /// The newest source's date: when a removal no entry announces was seen.
    pub date: Option<String>,
    /// `drop:` entries of the overlays: `(at, reason)`; a dropped item is not carried.
    pub drops: Vec<(String, String)>,
}

/// How many items of each kind were carried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Carried {
    pub operations: usize,
    pub schemas: usize,
    pub properties: usize,
    pub values: usize,
}

struct Carrier<'a> {
    context: &'a Context<'a>,
    /// The changelog window: after the previous spec's oldest source, up to the newest.
    window: (String, String),
    used_drops: BTreeSet<usize>,
    report: &'a mut Report,
    carried: Carried,
    /// The removal of each carried operation, for the schemas only it reached.
    inherited: std::collections::BTreeMap<String, (Value, String)>,
}

/// Carries into `tree` what `previous` has and `tree` lacks; returns the counts.
pub fn carry(
    previous: &Value,
    tree: &mut Value,
    context: &Context<'_>,
    report: &mut Report,
) -> Carried {
    let until = context
        .date
        .clone()
        .unwrap_or_else(|| "9999-12-31".to_owned());
    let after = previous_date(previous).unwrap_or_default();
    let mut carrier = Carrier {
        context,
        window: (after, until),
        used_drops: BTreeSet::new(),
        report,
        carried: Carried::default(),
        inherited: std::collections::BTreeMap::new(),
    };
    carrier.operations(previous, tree);
    carrier.schemas(previous, tree);
    for (index, (at, _)) in context.drops.iter().enumerate() {
        if !carrier.used_drops.contains(&index) {
            carrier.report.push(
                CARRY,
                0,
                Severity::Note,
                format!("drop `{at}`: nothing of that name is carried; entry unused"),
            );
        }
    }
    let carried = carrier.carried;
    if carried != Carried::default() {
        carrier.report.push(
            CARRY,
            0,
            Severity::Note,
            format!(
                "kept deprecated from the previous spec (in neither source now): {} operations, {} schemas, {} properties, {} enum values or arms",
                carried.operations, carried.schemas, carried.properties, carried.values
            ),
        );
        count_in_import(tree, &carried);
    }
    carried
}

/// The oldest source date the previous spec was imported from (`x-import.dates`, else the
/// dates in its sources' names): changelog entries after it may announce what went since.
pub fn previous_date(previous: &Value) -> Option<String> {
    let import = previous.get("x-import")?;
    let dates: Vec<String> = match import.get("dates").and_then(Value::as_object) {
        Some(dates) => dates
            .values()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        None => import
            .get("source")
            .and_then(Value::as_str)?
            .split(" + ")
            .filter_map(date_in_name)
            .collect(),
    };
    dates.into_iter().min()
}

/// Updates `x-import`'s counts with what was carried.
fn count_in_import(tree: &mut Value, carried: &Carried) {
    let Some(import) = tree.get_mut("x-import").and_then(Value::as_object_mut) else {
        return;
    };
    for (key, added) in [
        ("operations", carried.operations),
        ("schemas", carried.schemas),
    ] {
        if let Some(count) = import.get(key).and_then(Value::as_u64) {
            import.insert(key.into(), json!(count + added as u64));
        }
    }
}

impl Carrier<'_> {
    /// Whether an overlay drops `at`; marks the entry used and notes it.
    fn dropped(&mut self, at: &str) -> bool {
        let Some(index) = self.context.drops.iter().position(|(name, _)| name == at) else {
            return false;
        };
        self.used_drops.insert(index);
        let reason = &self.context.drops[index].1;
        self.report.push(
            CARRY,
            0,
            Severity::Note,
            format!("`{at}` is in neither source and the overlay drops it ({reason}): left out"),
        );
        true
    }

    /// `x-removed` and the deprecation note of an item that went, from the entry announcing it.
    fn removal(&self, found: Option<Announcement<'_>>, own: Option<&str>) -> (Value, String) {
        let date = found
            .map(|f| f.entry.date.clone())
            .or_else(|| self.context.date.clone())
            .unwrap_or_else(|| "undated".to_owned());
        let mut since = Map::default();
        since.insert("date".into(), json!(date));
        since.insert("source".into(), json!("neither"));
        let mut note = format!("Removed by Mews on {date}; kept until a breaking release");
        if let Some(found) = found {
            since.insert("changelog".into(), json!(found.entry.url()));
            let see: Vec<String> = found
                .claim
                .links
                .iter()
                .filter(|link| Some(link.target.as_str()) != own && !link.target.is_empty())
                .map(|link| format!("{} ({})", link.text, link.url()))
                .collect();
            if !see.is_empty() {
                note.push_str(&format!("; see {}", see.join(" and ")));
            }
        }
        note.push('.');
        (Value::Object(since), note)
    }

    /// Marks a carried operation or schema (documented at `section`, whose anchor is its title
    /// as a slug) with the removal the changelog announces, unless it is marked already.
    fn mark_item(&self, object: &mut Map<String, Value>, section: Option<String>) {
        if object.contains_key("x-removed") {
            return;
        }
        let title = section.as_deref().and_then(|s| s.split('#').nth(1));
        let found = self.context.changelog.announcing_removal(
            (&self.window.0, &self.window.1),
            section.as_deref(),
            title,
            None,
        );
        let (since, note) = self.removal(found, section.as_deref());
        mark(object, since, &note);
    }

    fn operations(&mut self, previous: &Value, tree: &mut Value) {
        let Some(old) = previous.get("paths").and_then(Value::as_object) else {
            return;
        };
        let live: BTreeSet<String> = tree
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|paths| paths.values())
            .filter_map(operation_id)
            .collect();
        let mut last: Option<String> = None;
        for (path, item) in old {
            let Some(id) = operation_id(item) else {
                continue;
            };
            if live.contains(&id) {
                last = Some(path.clone());
                continue;
            }
            if self.dropped(&id) {
                continue;
            }
            let mut item = item.clone();
            if let Some(post) = item.get_mut("post").and_then(Value::as_object_mut) {
                let section = post
                    .get("x-source")
                    .and_then(Value::as_str)
                    .map(docs_anchor);
                self.mark_item(post, section);
                let marks = (
                    post.get("x-removed").cloned().unwrap_or(Value::Null),
                    post.get("x-deprecated-note")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                );
                for name in reached(previous, &Value::Object(post.clone())) {
                    self.inherited.entry(name).or_insert_with(|| marks.clone());
                }
            }
            if let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) {
                insert_after(paths, last.as_deref(), path, item);
            }
            last = Some(path.clone());
            self.carried.operations += 1;
        }
    }

    fn schemas(&mut self, previous: &Value, tree: &mut Value) {
        let Some(old) = previous
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        let Some(new) = tree
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let mut last: Option<String> = None;
        for (name, schema) in old {
            match new.get_mut(name) {
                Some(current) => {
                    self.members(name, schema, current);
                    last = Some(name.clone());
                }
                None if self.dropped(name) => {}
                None => {
                    let mut schema = schema.clone();
                    if let Some(object) = schema.as_object_mut() {
                        if let Some((since, note)) = self.inherited.get(name).cloned() {
                            if !object.contains_key("x-removed") {
                                object.insert("deprecated".into(), json!(true));
                                object.insert("x-deprecated-note".into(), json!(note));
                                object.insert("x-removed".into(), since);
                            }
                        }
                        let section = section_of(object);
                        self.mark_item(object, section);
                    }
                    insert_after(new, last.as_deref(), name, schema);
                    last = Some(name.clone());
                    self.carried.schemas += 1;
                }
            }
        }
    }

    /// Properties, enum values and union arms of a schema both specs have.
    fn members(&mut self, name: &str, old: &Value, new: &mut Value) {
        let anchor = old.as_object().and_then(section_of);
        self.properties(name, old, new, anchor.as_deref());
        self.values(name, old, new, anchor.as_deref());
    }

    fn properties(&mut self, name: &str, old: &Value, new: &mut Value, anchor: Option<&str>) {
        let (Some(old_props), Some(new_props)) = (
            old.get("properties").and_then(Value::as_object),
            new.get_mut("properties").and_then(Value::as_object_mut),
        ) else {
            return;
        };
        for (property, value) in new_props.iter_mut() {
            if let Some(before) = old_props.get(property) {
                if let Some(format) = never_narrowed(before, value) {
                    self.report.push(
                        CARRY,
                        0,
                        Severity::Note,
                        format!("`{name}.{property}`: the sources now give it the format `{format}`; the previous, wider type is kept (narrowing would break callers and gains nothing on the wire)"),
                    );
                }
            }
        }
        let new_props = new_props.clone();
        let missing: Vec<(String, Value, Option<String>)> = {
            let mut last = None;
            let mut out = Vec::new();
            for (property, value) in old_props {
                if new_props.contains_key(property) {
                    last = Some(property.clone());
                    continue;
                }
                out.push((property.clone(), value.clone(), last.clone()));
                last = Some(property.clone());
            }
            out
        };
        for (property, mut value, after) in missing {
            if self.dropped(&format!("{name}.{property}")) {
                continue;
            }
            let marked = value
                .as_object()
                .is_some_and(|v| v.contains_key("x-removed"));
            if !marked {
                let found = self.context.changelog.announcing_removal(
                    (&self.window.0, &self.window.1),
                    anchor,
                    None,
                    Some(&property),
                );
                let (since, note) = self.removal(found, anchor);
                value = deprecated_property(value, since, &note);
            }
            if let Some(props) = new.get_mut("properties").and_then(Value::as_object_mut) {
                insert_after(props, after.as_deref(), &property, value);
            }
            self.carried.properties += 1;
        }
    }

    /// Enum values and union arms the previous spec lists and the new one does not.
    fn values(&mut self, name: &str, old: &Value, new: &mut Value, anchor: Option<&str>) {
        let (old_values, new_values) = (listed(old), listed(new));
        if old_values.is_empty() || new_values.is_empty() {
            return;
        }
        let carried_before = |value: &str| {
            old.pointer("/x-removed-values")
                .and_then(|removed| removed.get(value))
                .cloned()
        };
        for (index, value) in old_values.iter().enumerate() {
            if new_values.contains(value) || self.dropped(&format!("{name}::{value}")) {
                continue;
            }
            let (since, note) = match carried_before(value) {
                Some(since) => {
                    let note = old
                        .pointer("/x-deprecated-values")
                        .and_then(|notes| notes.get(value))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    (since, note)
                }
                None => {
                    let found = self.context.changelog.announcing_removal(
                        (&self.window.0, &self.window.1),
                        anchor,
                        None,
                        Some(value),
                    );
                    self.removal(found, anchor)
                }
            };
            let after = old_values[..index]
                .iter()
                .rev()
                .find(|earlier| listed(new).contains(*earlier))
                .cloned();
            add_value(old, new, value, after.as_deref());
            for (key, entry) in [
                ("x-deprecated-values", json!(note)),
                ("x-removed-values", since),
            ] {
                if let Some(object) = new.as_object_mut() {
                    let map = object
                        .entry(key.to_owned())
                        .or_insert_with(|| Value::Object(Map::default()));
                    if let Some(map) = map.as_object_mut() {
                        map.insert(value.clone(), entry);
                    }
                }
            }
            self.carried.values += 1;
        }
    }
}

/// A carried property: deprecated, never required (Mews no longer sends it), with its marks.
fn deprecated_property(value: Value, since: Value, note: &str) -> Value {
    let mut object = match value {
        // A bare `$ref` cannot carry the marks: wrapped in a one-element `allOf`.
        Value::Object(object) if object.contains_key("$ref") => {
            let mut wrapper = Map::default();
            wrapper.insert("allOf".into(), json!([Value::Object(object)]));
            wrapper
        }
        Value::Object(object) => object,
        other => return other,
    };
    mark(&mut object, since, note);
    Value::Object(object)
}

/// `deprecated: true`, the note (the previous one kept after ours) and `x-removed`.
fn mark(object: &mut Map<String, Value>, since: Value, note: &str) {
    let earlier = object
        .get("x-deprecated-note")
        .and_then(Value::as_str)
        .filter(|earlier| !earlier.is_empty())
        .map(str::to_owned);
    let note = match earlier {
        Some(earlier) => format!("{note} {earlier}"),
        None => note.to_owned(),
    };
    object.insert("deprecated".into(), json!(true));
    object.insert("x-deprecated-note".into(), json!(note));
    object.insert("x-removed".into(), since);
}
