//! Received types believe the examples. Mews' response examples are mostly real server output:
//! when one leaves out a key that the schema calls required, or sends `null` where the schema
//! says never null, a server can do the same, and a strict type would then fail a whole page.
//! So a property of a schema that is only ever received (never part of a request body) becomes
//! not required when a response example of either source leaves it out, and nullable when one
//! sends it as `null`; each change records its evidence in `x-inferred` (the operation, the
//! source, the JSON path) and is listed in the report.
//!
//! What is sent stays strict: a schema that requests use too keeps its required keys (one Rust
//! type serves both directions, and loosening it would let the client send what the server
//! refuses); its contradicting examples are reported as kept. The paged array of a paginated
//! response stays required (pagination is built on it). The overlay can pin a property against
//! the examples (`pin: {required: true, never-null: true, reason: ...}`), and every pin that no
//! example contradicts is reported as unused.

use std::collections::{BTreeMap, BTreeSet};

use crate::json::Value;

use super::infer::{self, Evidence, Seen};
use super::model::{Kind, Model, Property, Usage};
use super::overlay::{Overlay, Pin};
use super::report::{Report, Severity};

/// Where the report files what this stage decides.
const STAGE: &str = "received types";

/// One response example: the operation, which source's example it is, and the body.
struct Sample<'a> {
    operation: &'a str,
    /// `openapi`, `docs`, `docs-2`, ...
    source: String,
    /// Where the docs import read it: ` (operations/orders.md:120)`, else empty.
    origin: String,
    schema: &'a str,
    value: &'a Value,
}

/// A property, by schema and property name.
type Key = (String, String);

/// What the overlays say about strictness: their pins, and the properties an edit makes
/// required (`required: true`) or never null (`nullable: false`) without pinning them, which the
/// examples may still loosen (the report says so).
#[derive(Debug, Default)]
pub struct Holds {
    pins: BTreeMap<Key, Pin>,
    required: BTreeSet<Key>,
    never_null: BTreeSet<Key>,
}

impl Holds {
    /// Adds an overlay's holds (a later overlay's pin of the same property wins). A pin without
    /// a reason, or one that pins nothing, is an error.
    pub fn add(&mut self, overlay: &Overlay) -> Result<(), String> {
        for (schema, edit) in overlay.add_schemas.iter().chain(&overlay.schemas) {
            for (property, change) in &edit.properties {
                let key = (schema.clone(), property.clone());
                if change.required == Some(true) {
                    self.required.insert(key.clone());
                }
                if change.nullable == Some(false) {
                    self.never_null.insert(key.clone());
                }
                let Some(pin) = &change.pin else { continue };
                let at = format!("schemas `{schema}` property `{property}`: `pin`");
                if pin.reason.trim().is_empty() {
                    return Err(format!("{at} needs a `reason`"));
                }
                if !pin.required && !pin.never_null {
                    return Err(format!(
                        "{at} pins nothing: give `required: true`, `never-null: true` or both"
                    ));
                }
                self.pins.insert(key, pin.clone());
            }
        }
        Ok(())
    }

    /// Whether a contradicted property stays strict, and why: a pin comes first, then the
    /// direction it is sent in, then pagination.
    fn keeps(&self, key: &Key, change: Change, sent: bool, paged: bool) -> Option<Kept> {
        if self.pins.get(key).is_some_and(|pin| change.pinned_by(pin)) {
            Some(Kept::Pinned)
        } else if sent {
            Some(Kept::Sent)
        } else if change == Change::Optional && paged {
            Some(Kept::Paged)
        } else {
            None
        }
    }

    fn why(&self, key: &Key, kept: Kept) -> String {
        match kept {
            Kept::Pinned => format!(
                "pinned by the overlay ({})",
                self.pins.get(key).map_or("", |pin| pin.reason.as_str())
            ),
            Kept::Sent => "requests use the type too, and what is sent stays strict".to_owned(),
            Kept::Paged => "the paged array of a paginated response".to_owned(),
        }
    }

    /// Whether an overlay edit (not a pin) says what `change` undoes.
    fn decided(&self, key: &Key, change: Change) -> bool {
        match change {
            Change::Optional => self.required.contains(key),
            Change::Nullable => self.never_null.contains(key),
        }
    }
}

/// Loosens the received-only properties the response examples contradict, except where pinned.
/// What the previous spec loosened stays loose (`previous`): newer examples that happen to show
/// a key do not make it required again, which would break callers while the API is the same.
pub fn loosen(model: &mut Model, holds: &Holds, previous: Option<&Value>, report: &mut Report) {
    let mut seen = Seen::default();
    let samples = samples(model);
    for (index, sample) in samples.iter().enumerate() {
        infer::collect_from(model, sample.schema, sample.value, index, &mut seen);
    }
    // Each example by name, for the evidence (the walk is done with the bodies).
    let names: Vec<String> = samples
        .iter()
        .map(|sample| {
            format!(
                "the {} response example of {}{}",
                sample.source, sample.operation, sample.origin
            )
        })
        .collect();
    // Reuses the send/receive use the cross-check compares by; recomputed because the overlay
    // and the merge of both sources add schemas after the sources marked theirs.
    super::build::mark_usage(model);
    let paged: Vec<(String, String)> = model
        .operations
        .iter()
        .filter_map(|op| Some((op.response.clone(), op.pagination.clone()?)))
        .collect();
    let mut lines = Vec::new();
    let mut counts = Counts::default();
    let mut pins_used = BTreeSet::new();
    plain_properties(model, |schema_name, usage, property| {
        let Some(evidence) = seen.get(schema_name, &property.name) else {
            return;
        };
        let key = (schema_name.to_owned(), property.name.clone());
        let at = format!("{schema_name}.{}", property.name);
        for change in contradicted(property, evidence) {
            let first = change.sightings(evidence).first.as_ref();
            let Some((example, path)) = first else {
                continue;
            };
            let Some(name) = names.get(*example) else {
                continue;
            };
            let witness = witness(name, path, change.sightings(evidence).count);
            let kept = holds.keeps(&key, change, usage.request, paged.contains(&key));
            if let Some(kept) = kept {
                counts.kept(kept);
                if kept == Kept::Pinned {
                    pins_used.insert(key.clone());
                }
            }
            let kept = kept.map(|kept| holds.why(&key, kept));
            match kept {
                Some(why) => {
                    lines.push(format!("`{at}` kept {}: {why}; {witness}", change.strict()))
                }
                None => {
                    change.apply(property);
                    let note = format!("{} ({witness})", change.loose());
                    property.inferred.push(note);
                    counts.loosened(change);
                    let against = if holds.decided(&key, change) {
                        format!(" (against the overlay's `{}`)", change.overlay_key())
                    } else {
                        String::new()
                    };
                    lines.push(format!("`{at}` {}{against}: {witness}", change.loose()));
                }
            }
        }
    });
    if let Some(previous) = previous {
        plain_properties(model, |schema_name, usage, property| {
            let key = (schema_name.to_owned(), property.name.clone());
            for change in [Change::Optional, Change::Nullable] {
                let strict = match change {
                    Change::Optional => property.required,
                    Change::Nullable => !property.nullable,
                };
                let Some(earlier) = previous_loosening(previous, &key, change) else {
                    continue;
                };
                if !strict
                    || holds
                        .keeps(&key, change, usage.request, paged.contains(&key))
                        .is_some()
                {
                    continue;
                }
                change.apply(property);
                let note = sticky_note(change, &earlier);
                lines.push(format!("`{}.{}` {}", key.0, key.1, note));
                property.inferred.push(note);
                counts.loosened(change);
            }
        });
    }
    for (key, pin) in &holds.pins {
        if !pins_used.contains(key) && model.schemas.contains_key(&key.0) {
            lines.push(format!(
                "`{}.{}`: the overlay's pin is unused, no response example contradicts it ({})",
                key.0, key.1, pin.reason
            ));
        }
    }
    report.push(STAGE, 0, Severity::Note, counts.line(names.len()));
    for line in lines {
        report.push(STAGE, 0, Severity::Note, line);
    }
}

/// Calls `f` with every property of the objects that are not unions (a union's own properties
/// document its wire shape and are never loosened), with its schema's name and use.
fn plain_properties(model: &mut Model, mut f: impl FnMut(&str, Usage, &mut Property)) {
    for (schema_name, schema) in &mut model.schemas {
        let usage = schema.usage;
        if let Kind::Object {
            properties,
            union: None,
        } = &mut schema.kind
        {
            for property in properties {
                f(schema_name, usage, property);
            }
        }
    }
}

/// The received types' note the previous spec has on the property for `change`, if any.
fn previous_loosening(
    previous: &Value,
    (schema, property): &Key,
    change: Change,
) -> Option<String> {
    let notes = previous
        .get("components")?
        .get("schemas")?
        .get(schema)?
        .get("properties")?
        .get(property)?
        .get("x-inferred")?
        .as_array()?;
    let head = change.loose();
    notes
        .iter()
        .filter_map(Value::as_str)
        .find(|note| {
            note.strip_prefix(head).is_some_and(|rest| {
                rest.starts_with(" (the ") || rest.starts_with(" (kept from the previous spec")
            })
        })
        .map(str::to_owned)
}

/// `not required (kept from the previous spec: the docs response example of …)`; a note
/// already kept is kept as it is, so importing again gives the same spec.
fn sticky_note(change: Change, earlier: &str) -> String {
    let head = change.loose();
    if earlier.starts_with(&format!("{head} (kept from the previous spec")) {
        return earlier.to_owned();
    }
    let evidence = earlier
        .strip_prefix(head)
        .map(str::trim)
        .and_then(|rest| rest.strip_prefix('('))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or(earlier);
    format!("{head} (kept from the previous spec: {evidence})")
}

/// Why a property the examples contradict stays strict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kept {
    Pinned,
    Sent,
    Paged,
}

/// A loosening the examples call for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    /// Required → may be left out.
    Optional,
    /// Never null → may be null.
    Nullable,
}

impl Change {
    fn sightings(self, evidence: &Evidence) -> &infer::Sightings {
        match self {
            Change::Optional => &evidence.absent,
            Change::Nullable => &evidence.nulls,
        }
    }

    fn pinned_by(self, pin: &Pin) -> bool {
        match self {
            Change::Optional => pin.required,
            Change::Nullable => pin.never_null,
        }
    }

    fn apply(self, property: &mut Property) {
        match self {
            Change::Optional => property.required = false,
            Change::Nullable => property.nullable = true,
        }
    }

    /// The `x-inferred` note's head, and the report's verb.
    fn loose(self) -> &'static str {
        match self {
            Change::Optional => "not required",
            Change::Nullable => "nullable",
        }
    }

    /// The overlay edit that this change undoes.
    fn overlay_key(self) -> &'static str {
        match self {
            Change::Optional => "required: true",
            Change::Nullable => "nullable: false",
        }
    }

    fn strict(self) -> &'static str {
        match self {
            Change::Optional => "required",
            Change::Nullable => "never null",
        }
    }
}

/// The loosenings a property's evidence calls for, given what the schema says now.
fn contradicted(property: &Property, evidence: &Evidence) -> Vec<Change> {
    let mut out = Vec::new();
    if property.required && evidence.absent.count > 0 {
        out.push(Change::Optional);
    }
    if !property.nullable && evidence.nulls.count > 0 {
        out.push(Change::Nullable);
    }
    out
}

/// `the openapi response example of payments_getAll at `Payments[0].SettlementUtc`, 3
/// sightings in all`: the first place the examples show it, and how often they do.
fn witness(example: &str, path: &str, count: usize) -> String {
    let more = match count {
        1 => String::new(),
        n => format!(", {n} sightings in all"),
    };
    format!("{example} at `{path}`{more}")
}

/// Every response example of the model, in operation order: the official spec's, the docs'
/// kept beside it (an import of both sources), and the docs import's own.
fn samples(model: &Model) -> Vec<Sample<'_>> {
    let mut out = Vec::new();
    for op in &model.operations {
        if let Some(value) = &op.response_example {
            // An operation only the docs describe carries the docs' example as its own.
            let source = if op.source.starts_with("operations/") {
                "docs"
            } else {
                "openapi"
            };
            out.push(Sample {
                operation: &op.id,
                source: source.to_owned(),
                origin: String::new(),
                schema: &op.response,
                value,
            });
        }
        for (index, value) in op.docs_examples.response.iter().enumerate() {
            out.push(Sample {
                operation: &op.id,
                source: super::spec_writer::docs_example_name(index),
                origin: String::new(),
                schema: &op.response,
                value,
            });
        }
        for example in model.examples.iter().filter(|e| e.schema == op.response) {
            out.push(Sample {
                operation: &op.id,
                source: "docs".to_owned(),
                origin: example.origin.as_ref().map_or_else(String::new, |origin| {
                    format!(" ({}:{})", origin.file, origin.line)
                }),
                schema: &op.response,
                value: &example.value,
            });
        }
    }
    // The messages Mews sends are received too: their examples are evidence like responses'.
    for event in &model.events {
        let examples = model.examples.iter().filter(|e| e.schema == event.schema);
        for example in event.example.iter().chain(examples.map(|e| &e.value)) {
            out.push(Sample {
                operation: &event.id,
                source: "docs".to_owned(),
                origin: String::new(),
                schema: &event.schema,
                value: example,
            });
        }
    }
    out
}

#[derive(Default)]
struct Counts {
    optional: usize,
    nullable: usize,
    sent: usize,
    paged: usize,
    pinned: usize,
}

impl Counts {
    fn kept(&mut self, kept: Kept) {
        match kept {
            Kept::Pinned => self.pinned += 1,
            Kept::Sent => self.sent += 1,
            Kept::Paged => self.paged += 1,
        }
    }

    fn loosened(&mut self, change: Change) {
        match change {
            Change::Optional => self.optional += 1,
            Change::Nullable => self.nullable += 1,
        }
    }

    fn line(&self, samples: usize) -> String {
        format!(
            "{} loosenings of received-only properties by {samples} response example{}: {} no longer required, {} nullable; kept strict: {} used in requests, {} paged arrays, {} pinned by the overlay",
            self.optional + self.nullable,
            if samples == 1 { "" } else { "s" },
            self.optional,
            self.nullable,
            self.sent,
            self.paged,
            self.pinned
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::json::json;

    use super::*;
    use crate::import::model::{DocsExamples, Operation, Schema, Ty};

    fn required(name: &str, ty: Ty) -> Property {
        Property {
            required: true,
            ..Property::new(name, ty)
        }
    }

    /// An import of both sources: the official spec's example and two of the docs' for one
    /// operation, whose body `Kite` is only received.
    fn both_sources() -> Model {
        let mut model = Model::default();
        let kite = Kind::Object {
            properties: vec![
                required("Id", Ty::String(None)),
                required("Tail", Ty::String(None)),
                required("Wind", Ty::Number),
            ],
            union: None,
        };
        model.schemas.insert("Kite".into(), Schema::new(kite));
        let filter = Kind::Object {
            properties: Vec::new(),
            union: None,
        };
        model
            .schemas
            .insert("KiteFilter".into(), Schema::new(filter));
        model.operations.push(Operation {
            id: "kites_get".into(),
            path: "/api/connector/v1/kites/get".into(),
            summary: String::new(),
            description: None,
            curation: None,
            deprecated: None,
            restricted: None,
            retry_safe: true,
            request: "KiteFilter".into(),
            response: "Kite".into(),
            pagination: None,
            inferred: Vec::new(),
            source: "kites.yaml#/paths/~1api~1connector~1v1~1kites~1get/post".into(),
            request_example: None,
            response_example: Some(json!({"Id": "a", "Tail": "red", "Wind": 3})),
            docs_examples: DocsExamples {
                request: Vec::new(),
                response: vec![
                    json!({"Id": "b", "Tail": "blue", "Wind": 4}),
                    json!({"Id": "c", "Wind": null}),
                ],
            },
            docs_url: None,
            added: None,
            discontinued: None,
        });
        model
    }

    #[test]
    fn the_docs_examples_beside_the_spec_s_are_evidence_under_their_names() {
        let mut model = both_sources();
        let mut report = Report::default();
        loosen(&mut model, &Holds::default(), None, &mut report);
        let kite = model.schemas["Kite"].properties();
        let tail = &kite[1];
        assert!(!tail.required);
        assert_eq!(
            tail.inferred,
            ["not required (the docs-2 response example of kites_get at `Tail`)"]
        );
        let wind = &kite[2];
        assert!(wind.required && wind.nullable);
        assert_eq!(
            wind.inferred,
            ["nullable (the docs-2 response example of kites_get at `Wind`)"]
        );
        assert!(kite[0].required && kite[0].inferred.is_empty());
        let lines: Vec<&str> = report.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(lines[0], "2 loosenings of received-only properties by 3 response examples: 1 no longer required, 1 nullable; kept strict: 0 used in requests, 0 paged arrays, 0 pinned by the overlay");
        assert_eq!(lines.len(), 3, "{lines:#?}");
    }

    #[test]
    fn an_overlay_required_true_is_loosened_and_said_so() {
        let mut model = both_sources();
        let overlay: Overlay =
            yaml_serde::from_str("schemas: {Kite: {properties: {Tail: {required: true}}}}")
                .expect("overlay");
        let mut holds = Holds::default();
        holds.add(&overlay).expect("holds");
        let mut report = Report::default();
        loosen(&mut model, &holds, None, &mut report);
        assert!(report.issues.iter().any(|issue| issue.message
            == "`Kite.Tail` not required (against the overlay's `required: true`): the docs-2 response example of kites_get at `Tail`"));
    }
}
