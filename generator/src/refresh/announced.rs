//! Does the pipeline see what Mews announces? Each entry of Mews' changelog after the older
//! docs snapshot is matched with the lines of the diff between the two snapshots' imports that
//! implement it; an entry no line implements needs an explanation, kept as data
//! (`spec/changelog-explained.yaml`): documentation only, behaviour only, or a docs error. A
//! missing explanation, or one for an entry that lines do implement (or that names no entry),
//! fails the report: it is how CI notices that the pipeline stopped seeing a kind of change.

use crate::json::Value;
use serde::Deserialize;

use crate::import::changelog::{Changelog, Claim, Entry};

/// Why an entry changes nothing in the bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    /// The docs changed, not the API (Mews says so, or the entry is about prose or examples).
    DocumentationOnly,
    /// The server behaves differently; the contract (types, values, operations) is the same.
    BehaviourOnly,
    /// The docs contradict the entry (they lack what it announces, or had it before).
    DocsError,
}

impl Why {
    fn name(self) -> &'static str {
        match self {
            Why::DocumentationOnly => "documentation-only",
            Why::BehaviourOnly => "behaviour-only",
            Why::DocsError => "docs-error",
        }
    }
}

/// One committed explanation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// `2026-07-22`.
    pub date: String,
    /// The entry's heading, as the changelog writes it.
    pub title: String,
    pub why: Why,
    /// What the entry is about, in our words.
    pub note: String,
}

/// Reads the explanations file.
pub fn explanations(text: &str) -> Result<Vec<Explanation>, String> {
    let list: Vec<Explanation> = yaml_serde::from_str(text)
        .map_err(|error| format!("invalid changelog explanations: {error}"))?;
    if let Some(empty) = list.iter().find(|e| e.note.trim().is_empty()) {
        return Err(format!(
            "the explanation of {} `{}` has no note",
            empty.date, empty.title
        ));
    }
    Ok(list)
}

/// The report: each entry with its lines or its explanation, and the problems.
#[derive(Debug, Default)]
pub struct Report {
    pub text: String,
    pub entries: usize,
    pub implemented: usize,
    pub explained: usize,
    /// Missing and stale explanations.
    pub problems: Vec<String>,
}

/// Matches the entries after `after` with the diff (`diff --json` of the older snapshot's
/// import against the newer one's), reading where each item is documented from both imports.
pub fn report(
    changelog: &Changelog,
    after: &str,
    diff: &Value,
    old: &Value,
    new: &Value,
    explained: &[Explanation],
) -> Report {
    let changes: Vec<&Value> = diff
        .get("changes")
        .and_then(Value::as_array)
        .map(|list| list.iter().collect())
        .unwrap_or_default();
    let mut out = Report::default();
    let mut used = vec![false; explained.len()];
    let entries: Vec<&Entry> = changelog
        .entries
        .iter()
        .rev()
        .filter(|entry| entry.date.as_str() > after)
        .collect();
    for entry in &entries {
        out.entries += 1;
        let lines: Vec<String> = changes
            .iter()
            .filter(|change| {
                entry
                    .claims
                    .iter()
                    .any(|claim| implements(claim, change, old, new))
            })
            .map(|change| {
                format!(
                    "{} {}: {}",
                    change
                        .get("class")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    change
                        .get("path")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    change
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                )
            })
            .collect();
        let explanation = explained
            .iter()
            .position(|e| e.date == entry.date && e.title == entry.title);
        out.text.push_str(&format!(
            "{} {} ({})\n",
            entry.date,
            entry.title,
            entry.cite()
        ));
        match (lines.is_empty(), explanation) {
            (false, None) => {
                out.implemented += 1;
                for line in &lines {
                    out.text.push_str(&format!("  {line}\n"));
                }
            }
            (false, Some(index)) => {
                used[index] = true;
                out.implemented += 1;
                for line in &lines {
                    out.text.push_str(&format!("  {line}\n"));
                }
                out.problems.push(format!(
                    "STALE explanation of {} `{}`: {} diff lines implement it now",
                    entry.date,
                    entry.title,
                    lines.len()
                ));
            }
            (true, Some(index)) => {
                used[index] = true;
                out.explained += 1;
                let e = &explained[index];
                out.text
                    .push_str(&format!("  no diff line: {}: {}\n", e.why.name(), e.note));
            }
            (true, None) => {
                out.text.push_str("  no diff line and NO EXPLANATION\n");
                out.problems.push(format!(
                    "MISSING explanation of {} `{}` ({}): no diff line implements it",
                    entry.date,
                    entry.title,
                    entry.cite()
                ));
            }
        }
    }
    for (explanation, used) in explained.iter().zip(used) {
        if !used {
            out.problems.push(format!(
                "STALE explanation of {} `{}`: no changelog entry after {after} has that date and title",
                explanation.date, explanation.title
            ));
        }
    }
    out.text.push_str(&format!(
        "changelog report: {} entries after {after}: {} implemented by diff lines, {} explained, {} problems\n",
        out.entries,
        out.implemented,
        out.explained,
        out.problems.len()
    ));
    out
}

/// Whether a diff line is (part of) what a claim announces.
fn implements(claim: &Claim, change: &Value, old: &Value, new: &Value) -> bool {
    let path = change
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = change
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let links = || claim.links.iter().chain(&claim.subjects);
    let page_of = |section: &str| section.split('#').next().unwrap_or(section).to_owned();
    let section = |spec: &Value| section_of(spec, path);
    let sections: Vec<String> = [section(new), section(old)].into_iter().flatten().collect();
    let linked = |exact: bool| {
        sections.iter().any(|section| {
            links().any(|link| {
                let target = link.target.to_lowercase();
                if exact {
                    target == section.to_lowercase()
                } else {
                    page_of(&target) == page_of(&section.to_lowercase())
                }
            })
        })
    };
    let member = path
        .split_once("::")
        .map(|(_, value)| value)
        .or_else(|| path.split_once('.').map(|(_, property)| property));
    match member {
        // A property, enum value or arm: named in code, on the page the claim links.
        Some(member) => {
            let member = member.split('.').next().unwrap_or(member);
            claim.code.iter().any(|code| code == member) && (linked(true) || linked(false))
        }
        // An operation or a schema: its own section linked and the claim saying what the line
        // does (a removal claim may link what replaces the item; an operation a claim is
        // about is added only by a claim that says it is new).
        None => {
            let says = |words: &[&str]| {
                let text = claim.text.to_lowercase();
                words.iter().any(|word| text.contains(word))
            };
            let fits = match kind {
                "operation-added" => says(&["new operation"]),
                "restricted" | "generally-available" => says(&["restrict", "generally available"]),
                "deprecated" | "undeprecated" => says(&["deprecat"]),
                kind if kind.ends_with("-removed") => says(&["remov", "discontinu"]),
                _ => !says(&["remov", "discontinu", "supersed"]),
            };
            let titled = || {
                sections.iter().any(|section| {
                    let title = section.split('#').nth(1).unwrap_or_default();
                    claim.subjects.iter().any(|subject| {
                        subject.target.is_empty()
                            && crate::import::markdown::slug(&subject.text) == title
                    })
                })
            };
            fits && (linked(true) || titled())
        }
    }
}

/// Where the item a diff path names is documented (`x-source` of its operation or schema,
/// when that is a docs page): `operations/identitydocuments.md#identity-document-parameters`.
fn section_of(spec: &Value, path: &str) -> Option<String> {
    use super::release::{place, Place};
    let node = match place(spec, path)? {
        Place::Operation(node) => return node.get("x-source")?.as_str().map(str::to_owned),
        Place::Schema(node) | Place::Property(node, _) | Place::Value(node, _) => node,
    };
    node.get("x-source")
        .and_then(Value::as_str)
        .filter(|source| source.starts_with("operations/"))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn entries_are_implemented_or_explained() {
        let changelog = Changelog::parse([(
            "changelog/README.md",
            "{% update date=\"2026-07-31\" %}\n## July\n- [Get all gizmos](../operations/gizmos.md#get-all-gizmos):\n  - Extended [Gizmo](../operations/gizmos.md#gizmo) with `Volts`.\n{% endupdate %}\n{% update date=\"2026-07-01\" %}\n## Prose\n- Clarified things. Documentation-only.\n{% endupdate %}\n{% update date=\"2026-06-01\" %}\n## Forgotten\n- New thing.\n{% endupdate %}\n",
        )]);
        let new = json!({"components": {"schemas": {"Gizmo": {"x-source": "operations/gizmos.md#gizmo"}}}});
        let diff = json!({"changes": [{"class": "additive", "kind": "property-added", "path": "Gizmo.Volts", "message": "property added"}]});
        let explained = explanations(
            "- {date: 2026-07-01, title: Prose, why: documentation-only, note: wording}\n- {date: 2026-07-31, title: July, why: behaviour-only, note: stale}\n- {date: 2025-01-01, title: Gone, why: docs-error, note: none}\n",
        )
        .expect("explanations");
        let report = report(
            &changelog,
            "2026-01-27",
            &diff,
            &json!({}),
            &new,
            &explained,
        );
        assert_eq!(
            (report.entries, report.implemented, report.explained),
            (3, 1, 1)
        );
        assert!(report.text.contains("2026-07-31 July"), "{}", report.text);
        assert!(
            report
                .text
                .contains("  additive Gizmo.Volts: property added"),
            "{}",
            report.text
        );
        assert_eq!(report.problems.len(), 3, "{:#?}", report.problems);
        let has = |start: &str| report.problems.iter().any(|p| p.starts_with(start));
        assert!(has("STALE explanation of 2026-07-31"));
        assert!(has("MISSING explanation of 2026-06-01"));
        assert!(has("STALE explanation of 2025-01-01"));
        assert!(
            explanations("- {date: x, title: y, why: documentation-only, note: \"\"}").is_err()
        );
    }
}
