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
}

pub const INTEGER_WIDTH: Class = Class {
    id: "integer-width",
    rule: "the docs' `integer` against the spec's int32/int64: the docs win, an i64 holds every value of either",
};
pub const HYBRID_IDENTIFIER: Class = Class {
    id: "hybrid-identifier",
    rule: "a docs `string [Hybrid identifier]` the spec types uuid: the docs win, `eid:…` identifiers are no UUIDs",
};
pub const FORMAT_CONTRADICTED: Class = Class {
    id: "format-contradicted",
    rule: "a string format of the spec that a docs example value of the property does not fit (a date-time `Currency`, a date `*Utc`): the docs win",
};
pub const FORMAT_PROVEN: Class = Class {
    id: "format-proven",
    rule: "a string format the docs import inferred from example values where the spec gives none: the docs win",
};
pub const OPTIONAL_EITHER_WAY: Class = Class {
    id: "optional-either-way",
    rule: "required/nullable differences of a response property that is `Option<T>` under both: nothing changes, the docs are kept",
};

/// Every class, in report order.
pub const CLASSES: [Class; 5] = [
    INTEGER_WIDTH,
    HYBRID_IDENTIFIER,
    FORMAT_CONTRADICTED,
    FORMAT_PROVEN,
    OPTIONAL_EITHER_WAY,
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
    match finding.category {
        Category::Required | Category::Nullable if !finding.changes_api => Some((
            OPTIONAL_EITHER_WAY,
            format!("docs {}, spec {}", finding.docs, finding.openapi),
        )),
        Category::Type => {
            let (docs, openapi) = (docs?, openapi?);
            types(finding, docs, openapi, examples)
        }
        _ => None,
    }
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
