//! The default policy: whole classes of disagreement decided by a rule, each with the evidence
//! that makes the rule apply. Every class is listed in the report with its count.

use std::collections::BTreeMap;

use super::compare::{Category, Finding};
use crate::import::changelog::Changelog;
use crate::import::dated::{Dating, Newer};
use crate::import::infer;
use crate::import::model::{Model, Property, Ty};

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
    rule: "a property, enum value or union arm only the newer source lists (the docs dated by their newest changelog entry, the spec by its own date; undated, the spec counts as newer): the newer source wins, citing the changelog entry that announces it where one does",
    winner: "either",
};
pub const KEPT_OLDER: Class = Class {
    id: "kept-older",
    rule: "a property, enum value or union arm only the older source lists: kept, since one source's silence deletes nothing (what Mews removes is deprecated by the refresh, not dropped)",
    winner: "either",
};
pub const BOTH_VALUES: Class = Class {
    id: "both-values",
    rule: "enum values or union arms each source lists some of the other lacks: the bindings take every value of both (the newer source's additions, the older's values kept)",
    winner: "both",
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
pub const CLASSES: [Class; 11] = [
    INTEGER_WIDTH,
    HYBRID_IDENTIFIER,
    FORMAT_CONTRADICTED,
    FORMAT_PROVEN,
    OPTIONAL_EITHER_WAY,
    ADDED_SINCE,
    KEPT_OLDER,
    BOTH_VALUES,
    SPEC_TYPES_PAYLOAD,
    RECEIVE_LOOSER,
    SEND_STRICTER,
];

/// The string values of the docs' examples, by schema and property.
pub type Examples = BTreeMap<(String, String), Vec<String>>;

/// What the policy knows beyond the finding: how new each source is, and Mews' changelog.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub dating: &'a Dating,
    pub changelog: &'a Changelog,
    /// The docs model, whose schemas name their page and anchor (to find the changelog claim).
    pub docs: &'a Model,
    pub examples: &'a Examples,
}

/// The class that decides a finding, and the evidence, if any applies.
pub fn decide(
    finding: &Finding,
    docs: Option<&Property>,
    openapi: Option<&Property>,
    context: &Context<'_>,
) -> Option<(Class, String)> {
    let both = format!("docs {}, spec {}", finding.docs, finding.openapi);
    let decided = match finding.category {
        Category::Required | Category::Nullable if !finding.changes_api => {
            Some((OPTIONAL_EITHER_WAY, both.clone()))
        }
        Category::Type => types(finding, docs?, openapi?, context.examples),
        Category::Presence => one_side(finding, finding.docs == "listed", context),
        Category::EnumValues | Category::UnionArms => {
            if subset(&finding.docs, &finding.openapi) {
                one_side(finding, false, context)
            } else if subset(&finding.openapi, &finding.docs) {
                one_side(finding, true, context)
            } else if same_head(&finding.docs, &finding.openapi) {
                Some((BOTH_VALUES, both.clone()))
            } else {
                None
            }
        }
        Category::ArmPayload if finding.docs == "raw JSON" => {
            Some((SPEC_TYPES_PAYLOAD, both.clone()))
        }
        _ => None,
    };
    decided.or_else(|| direction(finding, docs?, openapi?))
}

/// Something only one source lists (`docs_has`: the docs): added by the newer source, or kept
/// from the older one. The evidence starts with the winning side (`docs wins`/`spec wins`).
fn one_side(finding: &Finding, docs_has: bool, context: &Context<'_>) -> Option<(Class, String)> {
    let newer = match context.dating.newer() {
        Newer::Neither => Newer::OpenApi,
        newer => newer,
    };
    let side = if docs_has { "docs" } else { "spec" };
    let dates = context.dating.describe();
    let both = format!("docs {}, spec {}", finding.docs, finding.openapi);
    let added = (newer == Newer::Docs) == docs_has;
    if !added {
        return Some((
            KEPT_OLDER,
            format!("{side} wins (only the older source lists it; {dates}): {both}"),
        ));
    }
    let announced = announcement(finding, docs_has, context).map_or_else(
        || "no changelog entry names it".to_owned(),
        |cite| format!("announced {cite}"),
    );
    Some((
        ADDED_SINCE,
        format!("{side} wins (the newer source; {dates}; {announced}): {both}"),
    ))
}

/// The changelog entry that announces what the docs add, cited (`2026-07-31 (changelog/README.md:4)`).
fn announcement(finding: &Finding, docs_has: bool, context: &Context<'_>) -> Option<String> {
    if !docs_has {
        return None;
    }
    let window = context.dating.window()?;
    let anchor = context
        .docs
        .schemas
        .get(&finding.docs_at.schema)
        .and_then(|schema| schema.source.as_deref());
    let members: Vec<String> = match (&finding.docs_at.member, finding.category) {
        (Some(member), _) => vec![member.clone()],
        (None, _) => extra_values(&finding.docs, &finding.openapi),
    };
    let cites: Vec<String> = members
        .iter()
        .filter_map(|member| {
            context
                .changelog
                .announcing_member(window, anchor, member)
                .map(|found| format!("`{member}` {}", found.entry.cite()))
        })
        .collect();
    (!cites.is_empty()).then(|| cites.join(", "))
}

/// The values of `large` (after its last `: `) that `small` lacks.
pub fn extra_values(large: &str, small: &str) -> Vec<String> {
    let values = |text: &str| -> Vec<String> {
        let list = text.rsplit_once(": ").map_or(text, |(_, values)| values);
        list.split(", ").map(str::to_owned).collect()
    };
    let small = values(small);
    values(large)
        .into_iter()
        .filter(|value| !small.contains(value))
        .collect()
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

/// Whether everything before the values (a union's layout) is the same.
fn same_head(a: &str, b: &str) -> bool {
    a.rsplit_once(": ").map(|(head, _)| head) == b.rsplit_once(": ").map(|(head, _)| head)
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
