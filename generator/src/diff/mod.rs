//! Diff: the structural changes between two specs, each classified for the generated Rust API.
//!
//! Both specs are lowered to the IR first ([`crate::ir::lower`]), so the comparison sees what the
//! emitter sees: Rust types, field presence (`T` or `Option<T>`), enum values and union arms,
//! not YAML spelling. `compare` finds the changes, `report` renders them.
//!
//! Breaking: what stops code written against the old bindings from compiling, or makes them
//! decode differently: a removed operation, schema, property, enum value or union arm; a changed
//! type; a property whose Rust type gains or loses `Option` (in either direction, request or
//! response); a new required request property; a changed union layout or pagination removed.
//!
//! Additive: new operations, schemas, enum values and union arms (enums and unions are
//! `#[non_exhaustive]` with an `Unknown` catch-all), new response properties, new optional
//! request properties (see `generator/IMPORT.md`: struct literals name every field, so callers
//! that build request structs by literal add `field: None`; we still count it additive, as the
//! Mews API itself does), and changes that keep the Rust types: required+nullable ↔ optional
//! (`null` written or the key left out), retry safety, deprecation, pagination added, a type
//! moving between modules (every type is re-exported at the crate root).

pub mod compare;
mod events;
pub mod report;

use serde::Serialize;

use crate::error::Error;

/// Whether a change breaks code written against the old bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Breaking,
    Additive,
}

/// One structural change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub class: Class,
    /// A stable identifier of the kind of change, e.g. `property-removed`.
    pub kind: &'static str,
    /// What changed: `orderItems_getAll`, `OrderItem`, `OrderItem.BillId`, `AccountingState::Open`.
    pub path: String,
    pub message: String,
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
        crate::parse::parse(text)
            .and_then(|spec| crate::ir::lower(&spec))
            .map_err(|error| (side, error))
    };
    let old = lower(old, Side::Old)?;
    let new = lower(new, Side::New)?;
    Ok(compare::compare(&old, &new))
}
