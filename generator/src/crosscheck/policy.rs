//! The default policy: whole classes of disagreement decided by a rule, each with the evidence
//! that makes the rule apply. Every class is listed in the report with its count.

use std::collections::BTreeMap;

use super::compare::{Category, Finding};
use crate::import::infer;
use crate::import::model::{Property, Ty};

/// A class of disagreements the policy decides, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Class {
    pub id: &'static str,
    pub rule: &'static str,
    /// `docs`, `openapi`, or `either` when the class names no fixed side.
    pub winner: &'static str,
}

pub const INTEGER_WIDTH: Class = Class {
    id: "integer-width",
    rule: "the docs' `integer` against the spec's int32/int64: the docs win, an i64 holds every value of either",
    winner: "docs",
};
pub const HYBRID_IDENTIFIER: Class = Class {
    id: "hybrid-identifier",
    rule: "a docs `string [Hybrid identifier]` the spec types uuid: the docs win, `eid:…` identifiers are no UUIDs",
    winner: "docs",
};
pub const FORMAT_CONTRADICTED: Class = Class {
    id: "format-contradicted",
    rule: "a string format of the spec that a docs example value of the property does not fit (a date-time `Currency`, a date `*Utc`): the docs win",
    winner: "docs",
};
pub const FORMAT_PROVEN: Class = Class {
    id: "format-proven",
    rule: "a string format the docs import inferred from example values where the spec gives none: the docs win",
    winner: "docs",
};
pub const OPTIONAL_EITHER_WAY: Class = Class {
    id: "optional-either-way",
    rule: "required/nullable differences of a property that is `Option<T>` under both and, where it is sent, equally required: nothing changes, the docs are kept",
    winner: "docs",
};
pub const ADDED_SINCE: Class = Class {
    id: "added-since",
    rule: "a property, enum value or union arm only the spec lists, the docs' list being a subset: the official spec is the newer source (2026-06-02 against the 2026-01-27 snapshot), the spec wins",
    winner: "openapi",
};
pub const SPEC_TYPES_PAYLOAD: Class = Class {
    id: "spec-types-payload",
    rule: "a union arm whose payload the spec types and the docs leave raw JSON: the spec wins",
    winner: "openapi",
};
pub const RECEIVE_LOOSER: Class = Class {
    id: "receive-looser",
    rule: "in a schema only received, the side whose Rust type accepts every value of the other wins (`Option<T>` over `T`, a string over a uuid or an enum, any JSON over an object): the bindings decode what either source promises",
    winner: "either",
};
pub const SEND_STRICTER: Class = Class {
    id: "send-stricter",
    rule: "in a schema only sent, the side whose values the other also accepts wins (required over optional, a uuid over a string): what the bindings send is valid under both sources",
    winner: "either",
};

/// Every class, in report order.
pub const CLASSES: [Class; 9] = [
    INTEGER_WIDTH,
    HYBRID_IDENTIFIER,
    FORMAT_CONTRADICTED,
    FORMAT_PROVEN,
    OPTIONAL_EITHER_WAY,
    ADDED_SINCE,
    SPEC_TYPES_PAYLOAD,
    RECEIVE_LOOSER,
    SEND_STRICTER,
];

/// The string values of the docs' examples, by schema and property.
pub type Examples = BTreeMap<(String, String), Vec<String>>;

/// The class that decides a finding, and the evidence, if any applies.
pub fn decide(
    finding: &Finding,
    docs: Option<&Property>,
    openapi: Option<&Property>,
    examples: &Examples,
) -> Option<(Class, String)> {
    let both = format!("docs {}, spec {}", finding.docs, finding.openapi);
    let decided = match finding.category {
        Category::Required | Category::Nullable if !finding.changes_api => {
            Some((OPTIONAL_EITHER_WAY, both.clone()))
        }
        Category::Type => types(finding, docs?, openapi?, examples),
        Category::Presence if finding.docs == "absent" => Some((ADDED_SINCE, both.clone())),
        Category::EnumValues | Category::UnionArms if subset(&finding.docs, &finding.openapi) => {
            Some((ADDED_SINCE, both.clone()))
        }
        Category::ArmPayload if finding.docs == "raw JSON" => {
            Some((SPEC_TYPES_PAYLOAD, both.clone()))
        }
        _ => None,
    };
    decided.or_else(|| direction(finding, docs?, openapi?))
}

/// Receive looser, send stricter: for types, `required` and `nullable` of a schema used in
/// one direction only.
fn direction(finding: &Finding, docs: &Property, openapi: &Property) -> Option<(Class, String)> {
    let usage = finding.usage;
    if usage.request == usage.response {
        return None;
    }
    // Whether the docs' answer accepts every value of the spec's, and the other way round.
    let (docs_wider, spec_wider) = match finding.category {
        Category::Type => (
            accepts(&finding.docs, &finding.openapi),
            accepts(&finding.openapi, &finding.docs),
        ),
        Category::Required => (!docs.required, !openapi.required),
        Category::Nullable => (docs.nullable, openapi.nullable),
        _ => return None,
    };
    let (class, docs_win) = match (usage.response, docs_wider, spec_wider) {
        (true, true, false) => (RECEIVE_LOOSER, true),
        (true, false, true) => (RECEIVE_LOOSER, false),
        (false, true, false) => (SEND_STRICTER, false),
        (false, false, true) => (SEND_STRICTER, true),
        _ => return None,
    };
    let side = if docs_win { "docs" } else { "spec" };
    Some((
        class,
        format!(
            "{side} wins: docs {}, spec {}",
            finding.docs, finding.openapi
        ),
    ))
}

/// Whether every value of type `narrow` (a facet of [`super::compare::shape`]) is one of `wide`.
fn accepts(wide: &str, narrow: &str) -> bool {
    if wide == narrow || wide == "any JSON" {
        return true;
    }
    for container in ["array of ", "map of "] {
        if let (Some(w), Some(n)) = (wide.strip_prefix(container), narrow.strip_prefix(container)) {
            return accepts(w, n);
        }
    }
    let object_like = |t: &str| matches!(t, "object" | "union") || t.starts_with("map of ");
    match wide {
        "string" => narrow.starts_with("string/") || narrow == "enum",
        "integer" => narrow.starts_with("integer/"),
        "number" => narrow.starts_with("integer"),
        "JSON object" => object_like(narrow),
        _ => false,
    }
}

/// Whether the comma-separated values after the last `: ` of `small` are all in `large` (and
/// everything before, the layout, is the same).
fn subset(small: &str, large: &str) -> bool {
    let (small_head, small_values) = small.rsplit_once(": ").unwrap_or(("", small));
    let (large_head, large_values) = large.rsplit_once(": ").unwrap_or(("", large));
    let large: Vec<&str> = large_values.split(", ").collect();
    small_head == large_head && small_values.split(", ").all(|v| large.contains(&v))
}

fn types(
    finding: &Finding,
    docs: &Property,
    openapi: &Property,
    examples: &Examples,
) -> Option<(Class, String)> {
    if without_formats(&finding.docs) != without_formats(&finding.openapi) {
        return None;
    }
    let both = format!("docs {}, spec {}", finding.docs, finding.openapi);
    match (innermost(&docs.ty), innermost(&openapi.ty)) {
        (Ty::Integer(None), Ty::Integer(Some(_))) => Some((INTEGER_WIDTH, both)),
        (Ty::String(None), Ty::String(Some(format))) => {
            if docs.hybrid_identifier && format == "uuid" {
                let at = docs.source.as_deref().unwrap_or("the docs");
                return Some((
                    HYBRID_IDENTIFIER,
                    format!("{at}: string [Hybrid identifier]; {both}"),
                ));
            }
            let key = (finding.docs_at.schema.clone(), docs.name.clone());
            let values = examples.get(&key).map_or(&[][..], Vec::as_slice);
            let misfit = values
                .iter()
                .find(|value| infer::fits_format(format, value) == Some(false))?;
            Some((
                FORMAT_CONTRADICTED,
                format!("docs example value `{misfit}` is no {format}; {both}"),
            ))
        }
        (Ty::String(Some(_)), Ty::String(None)) => {
            let note = docs
                .inferred
                .iter()
                .find(|note| note.starts_with("format") && note.contains("example"))?;
            Some((FORMAT_PROVEN, format!("docs import: {note}; {both}")))
        }
        _ => None,
    }
}

/// The item type of arrays, the value type of maps.
fn innermost(ty: &Ty) -> &Ty {
    match ty {
        Ty::Array(inner) | Ty::Map(inner) => innermost(inner),
        other => other,
    }
}

/// `array of string/uuid` → `array of string`.
fn without_formats(shape: &str) -> String {
    shape
        .split(' ')
        .map(|word| word.split('/').next().unwrap_or(word))
        .collect::<Vec<_>>()
        .join(" ")
}
