//! Diff: the structural changes between two specs, each classified for the generated Rust API.
//!
//! Both specs are lowered to the IR first ([`crate::ir::lower`]), so the comparison sees what the
//! emitter sees: Rust types, field presence (`T` or `Option<T>`), enum values and union arms,
//! not YAML spelling. What the IR does not carry (restriction, deprecated enum values, limits,
//! where Mews documents each item) is read from the same specs' raw trees ([`facts`]).
//!
//! - `compare`: operations and the types by name; `types`: structs, enums and unions;
//!   `split`: a property whose type became another (split, merged), compared field by field;
//!   `facts`: restriction, value deprecations, limits and sources; `report`: text and JSON.
//!
//! Breaking: what stops code written against the old bindings from compiling, makes them decode
//! differently, or has the client refuse a call it used to send (a tightened limit on a request):
//! a removed operation, schema, property, enum value or union arm; a changed type; a property
//! whose Rust type gains or loses `Option` (in either direction, request or response); a new
//! required request property; a changed union layout or pagination removed.
//!
//! Additive: new operations, schemas, enum values and union arms (enums and unions are
//! `#[non_exhaustive]` with an `Unknown` catch-all), new response properties, new optional
//! request properties (see `generator/DIFF.md`: struct literals name every field, so callers
//! that build request structs by literal add `field: None`; we still count it additive, as the
//! Mews API itself does), and changes that keep the Rust types: required+nullable ↔ optional
//! (`null` written or the key left out), retry safety, deprecation, restriction, pagination
//! added, a type moving between modules (every type is re-exported at the crate root).
//!
//! The JSON form is a contract (`generator/DIFF.md`, "diff --json"): kinds only ever grow.

pub mod compare;
mod events;
pub mod facts;
pub mod report;
mod split;
mod types;

use serde::Serialize;

use crate::error::Error;
use crate::ir::Api;

/// The version of the JSON form; bumped only if a key or kind is renamed or dropped.
pub const FORMAT: u32 = 1;

/// Whether a change breaks code written against the old bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Breaking,
    Additive,
}

/// What a change's path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// `orderItems_getAll`.
    Operation,
    /// `OrderItem`.
    Schema,
    /// `OrderItem.BillId`, or `Reservation.Rate.Name` through a property whose type changed.
    Property,
    /// `AccountingState::Open`.
    EnumValue,
    /// `OrderItemData::Product`.
    UnionArm,
    /// An event message: `generalWebhook`.
    Event,
}

/// One structural change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub class: Class,
    /// A stable identifier of the kind of change, e.g. `property-removed`.
    pub kind: &'static str,
    pub target: Target,
    /// What changed: `orderItems_getAll`, `OrderItem`, `OrderItem.BillId`, `AccountingState::Open`.
    pub path: String,
    pub message: String,
    /// The changed facet before and after (a Rust type, a limit, a note), where it has one.
    pub old: Option<String>,
    pub new: Option<String>,
    /// Which limit a `limit-*` change is about (`max-items`, `max-length`, ...).
    pub limit: Option<&'static str>,
    /// The item's page in the public Mews docs (`x-docs`).
    pub docs: Option<String>,
    /// Where the import read the item (`x-source`: a docs page and anchor, or a spec pointer).
    pub source: Option<String>,
}

impl Change {
    /// A change without facet values or sources (set them with the builders).
    pub fn new(
        class: Class,
        kind: &'static str,
        target: Target,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Change {
        Change {
            class,
            kind,
            target,
            path: path.into(),
            message: message.into(),
            old: None,
            new: None,
            limit: None,
            docs: None,
            source: None,
        }
    }

    /// The facet before and after.
    pub fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }

    /// The schema (or operation) the path starts with: `OrderItem` of `OrderItem.BillId`.
    pub fn owner(&self) -> &str {
        let end = self.path.find(['.', ':']).unwrap_or(self.path.len());
        &self.path[..end]
    }
}

/// Which input a problem is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// Lowers both specs and compares them.
pub fn diff(old: &str, new: &str) -> Result<Vec<Change>, (Side, Error)> {
    let lower = |text: &str, side: Side| {
        let spec = crate::parse::parse(text).map_err(|error| (side, error))?;
        let api = crate::ir::lower(&spec).map_err(|error| (side, error))?;
        let facts = facts::Facts::read(&spec.raw, &api);
        Ok((api, facts))
    };
    let (old_api, old_facts) = lower(old, Side::Old)?;
    let (new_api, new_facts) = lower(new, Side::New)?;
    Ok(changes(&old_api, &old_facts, &new_api, &new_facts))
}

/// The changes between two lowered specs and their facts (for callers that lowered them).
pub fn changes(
    old: &Api,
    old_facts: &facts::Facts,
    new: &Api,
    new_facts: &facts::Facts,
) -> Vec<Change> {
    let mut changes = compare::compare(old, new);
    let usage = compare::usage(old, new);
    changes.extend(facts::compare(old_facts, new_facts, &usage));
    facts::attach_sources(&mut changes, old_facts, new_facts);
    changes
}
