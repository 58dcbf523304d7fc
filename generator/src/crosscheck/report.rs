//! The cross-check's report: every disagreement grouped by the operation that reaches it, the
//! policy classes with their counts, and per category how many the policy decided, the overlay
//! decided, and are undecided (and of those, how many change the Rust API or the wire format).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use super::compare::Category;
use super::policy::{Class, CLASSES};
use super::{Disagreement, Outcome, Verdict};
use crate::import::dated::Newer;

/// The counts of one category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub policy: usize,
    pub overlay: usize,
    pub undecided: usize,
    /// Undecided, and following one source or the other changes the Rust API or the wire.
    pub undecided_api: usize,
}

impl Outcome {
    pub fn counts(&self) -> BTreeMap<Category, Counts> {
        let mut out: BTreeMap<Category, Counts> = Category::ALL
            .iter()
            .map(|c| (*c, Counts::default()))
            .collect();
        for d in &self.disagreements {
            let counts = out.entry(d.finding.category).or_default();
            match &d.verdict {
                Verdict::Policy { .. } => counts.policy += 1,
                Verdict::Overlay { .. } => counts.overlay += 1,
                Verdict::Undecided { .. } => {
                    counts.undecided += 1;
                    counts.undecided_api += usize::from(d.finding.changes_api);
                }
            }
        }
        out
    }

    /// How many disagreements each policy class decided (every class, zero included).
    pub fn policy_counts(&self) -> Vec<(Class, usize)> {
        CLASSES
            .iter()
            .map(|class| {
                let n = self
                    .disagreements
                    .iter()
                    .filter(|d| matches!(&d.verdict, Verdict::Policy { class: c, .. } if c.id == class.id))
                    .count();
                (*class, n)
            })
            .collect()
    }

    /// The listing, then the summary lines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut by_operation: BTreeMap<&str, Vec<&Disagreement>> = BTreeMap::new();
        for d in &self.disagreements {
            by_operation
                .entry(d.finding.operation.as_str())
                .or_default()
                .push(d);
        }
        for (operation, list) in &by_operation {
            let heading = if operation.is_empty() {
                "(schemas matched by name)"
            } else {
                operation
            };
            let _ = writeln!(out, "{heading}");
            for d in list {
                let _ = writeln!(out, "  {}", line(d));
            }
        }
        for note in &self.unused_decisions {
            let _ = writeln!(
                out,
                "note: crosscheck: entry `{note}` matches no disagreement"
            );
        }
        out.push_str(&self.summary());
        out
    }

    /// The counts alone, as `.ci/run` prints them.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let list = |ids: &[String]| {
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        };
        let _ = writeln!(
            out,
            "operations: {} in both; only in the docs ({}): {}; only in the spec ({}): {}",
            self.matched_operations,
            self.only_docs.len(),
            list(&self.only_docs),
            self.only_openapi.len(),
            list(&self.only_openapi)
        );
        let _ = writeln!(
            out,
            "event messages: {} in both; only in the docs ({}): {}; only in the spec ({}): {}",
            self.events_both.len(),
            self.events_only_docs.len(),
            list(&self.events_only_docs),
            self.events_only_openapi.len(),
            list(&self.events_only_openapi)
        );
        let _ = writeln!(out, "schemas paired: {}", self.schema_pairs);
        let newer = match self.dating.newer() {
            Newer::Docs => "the docs are newer",
            Newer::OpenApi => "the spec is newer",
            Newer::Neither => "neither is newer (the spec's additions win, as if it were)",
        };
        let _ = writeln!(out, "sources: {}: {newer}", self.dating.describe());
        for (class, n) in self.policy_counts() {
            let _ = writeln!(out, "policy {}: {n} ({})", class.id, class.rule);
        }
        let _ = writeln!(
            out,
            "{:<12} {:>7} {:>8} {:>10} {:>14}",
            "category", "policy", "overlay", "undecided", "of which API"
        );
        let mut total = Counts::default();
        for (category, c) in self.counts() {
            let _ = writeln!(
                out,
                "{:<12} {:>7} {:>8} {:>10} {:>14}",
                category.name(),
                c.policy,
                c.overlay,
                c.undecided,
                c.undecided_api
            );
            total.policy += c.policy;
            total.overlay += c.overlay;
            total.undecided += c.undecided;
            total.undecided_api += c.undecided_api;
        }
        let _ = writeln!(
            out,
            "{:<12} {:>7} {:>8} {:>10} {:>14}",
            "total", total.policy, total.overlay, total.undecided, total.undecided_api
        );
        out
    }

    pub fn json(&self) -> Value {
        let categories: serde_json::Map<String, Value> = self
            .counts()
            .into_iter()
            .map(|(category, c)| {
                (
                    category.name().to_owned(),
                    json!({"policy": c.policy, "overlay": c.overlay, "undecided": c.undecided, "undecided_api": c.undecided_api}),
                )
            })
            .collect();
        let policies: Vec<Value> = self
            .policy_counts()
            .into_iter()
            .map(|(class, count)| json!({"class": class.id, "winner": class.winner, "rule": class.rule, "count": count}))
            .collect();
        let disagreements: Vec<Value> = self
            .disagreements
            .iter()
            .map(|d| {
                let f = &d.finding;
                let (verdict, by, why) = match &d.verdict {
                    Verdict::Policy { class, evidence } => {
                        ("policy", class.id.to_owned(), evidence.clone())
                    }
                    Verdict::Overlay { winner, reason } => {
                        ("overlay", winner.clone(), reason.clone())
                    }
                    Verdict::Undecided { note } => {
                        ("undecided", String::new(), note.clone().unwrap_or_default())
                    }
                };
                json!({
                    "category": f.category.name(),
                    "operation": f.operation,
                    "docs_at": f.docs_at.to_string(),
                    "openapi_at": f.openapi_at.to_string(),
                    "docs": f.docs,
                    "openapi": f.openapi,
                    "docs_source": f.docs_source,
                    "openapi_source": f.openapi_source,
                    "changes_api": f.changes_api,
                    "verdict": verdict,
                    "decided_by": by,
                    "why": why,
                })
            })
            .collect();
        json!({
            "operations": {"both": self.matched_operations, "only_docs": self.only_docs, "only_openapi": self.only_openapi},
            "events": {"both": self.events_both, "only_docs": self.events_only_docs, "only_openapi": self.events_only_openapi},
            "schema_pairs": self.schema_pairs,
            "dates": {
                "docs": self.dating.docs.as_ref().map(|d| json!({"date": d.date, "by": d.by})),
                "openapi": self.dating.openapi.as_ref().map(|d| json!({"date": d.date, "by": d.by})),
            },
            "categories": categories,
            "policies": policies,
            "disagreements": disagreements,
            "unused_decisions": self.unused_decisions,
            "exit_code": self.exit_code(),
        })
    }
}

/// One disagreement: where, what each source says, the verdict.
fn line(d: &Disagreement) -> String {
    let f = &d.finding;
    let verdict = match &d.verdict {
        Verdict::Policy { class, evidence } => format!("policy {}: {evidence}", class.id),
        Verdict::Overlay { winner, reason } => format!("overlay, {winner}: {reason}"),
        Verdict::Undecided { note } => {
            let api = if f.changes_api {
                "UNDECIDED (changes the API or wire)"
            } else {
                "undecided (no API or wire change)"
            };
            match note {
                Some(note) => format!("{api}: {note}"),
                None => api.to_owned(),
            }
        }
    };
    let place = if f.docs_at == f.openapi_at {
        f.docs_at.to_string()
    } else {
        format!("{} (spec: {})", f.docs_at, f.openapi_at)
    };
    let sources = [f.docs_source.as_deref(), f.openapi_source.as_deref()]
        .iter()
        .flatten()
        .copied()
        .collect::<Vec<_>>()
        .join(" | ");
    format!(
        "{} {place}: docs {}, spec {} [{sources}] — {verdict}",
        f.category.name(),
        f.docs,
        f.openapi
    )
}
