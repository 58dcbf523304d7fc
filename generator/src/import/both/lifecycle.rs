//! What the merge records about the life of items, beside the facets it settles: what the newer
//! source added (`x-added`, with the changelog entry announcing it), whether an operation is
//! restricted (the newer source says), operations the docs list as discontinued, and the enum
//! values either source deprecates in prose.

use super::MERGE;
use crate::crosscheck::policy::{extra_values, ADDED_SINCE};
use crate::crosscheck::{Outcome, Verdict};
use crate::import::changelog::Changelog;
use crate::import::dated::{Dating, Newer};
use crate::import::model::{Model, Operation, Since};
use crate::import::report::{Report, Severity};

/// What the lifecycle records read: the sources' dates and the docs' changelog.
pub(super) struct Lives<'a> {
    pub dating: &'a Dating,
    pub changelog: &'a Changelog,
    /// The docs model (by our names), whose schemas and operations name their page and anchor.
    pub docs: &'a Model,
}

impl Lives<'_> {
    /// The newer source's name and date, when the sources are dated apart.
    fn newer(&self) -> Option<(&'static str, &str)> {
        match self.dating.newer() {
            Newer::Docs => Some(("docs", self.dating.docs.as_ref()?.date.as_str())),
            Newer::OpenApi => Some(("openapi", self.dating.openapi.as_ref()?.date.as_str())),
            Newer::Neither => None,
        }
    }

    /// `x-added` of a member (`anchor`: the docs section that lists it) added by `source`.
    fn since_member(&self, source: &str, anchor: Option<&str>, member: &str) -> Option<Since> {
        let (_, date) = self.newer()?;
        let found = self
            .dating
            .window()
            .and_then(|window| self.changelog.announcing_member(window, anchor, member));
        Some(since(
            source,
            date,
            found.map(|f| (f.entry.date.as_str(), f.entry.url())),
        ))
    }

    /// `x-added` of an operation (`anchor`: its docs section) only `source` describes.
    fn since_operation(&self, source: &str, anchor: Option<&str>) -> Option<Since> {
        let (newer, date) = self.newer()?;
        if newer != source {
            return None;
        }
        let found = self
            .dating
            .window()
            .and_then(|window| self.changelog.announcing_operation(window, anchor, None));
        Some(since(
            source,
            date,
            found.map(|f| (f.entry.date.as_str(), f.entry.url())),
        ))
    }
}

fn since(source: &str, date: &str, entry: Option<(&str, String)>) -> Since {
    match entry {
        Some((date, url)) => Since {
            date: date.to_owned(),
            source: source.to_owned(),
            changelog: Some(url),
        },
        None => Since {
            date: date.to_owned(),
            source: source.to_owned(),
            changelog: None,
        },
    }
}

/// Marks in the base what the `added-since` policy took from the newer source: a property
/// (`x-added`), enum values or union arms (`x-added-values`).
pub(super) fn record_added(base: &mut Model, outcome: &Outcome, lives: &Lives<'_>) {
    for disagreement in &outcome.disagreements {
        let Verdict::Policy { class, evidence } = &disagreement.verdict else {
            continue;
        };
        if class.id != ADDED_SINCE.id {
            continue;
        }
        let finding = &disagreement.finding;
        let docs_won = evidence.starts_with("docs wins");
        let source = if docs_won { "docs" } else { "openapi" };
        let anchor = lives
            .docs
            .schemas
            .get(&finding.docs_at.schema)
            .and_then(|schema| schema.source.as_deref());
        let Some(schema) = base.schemas.get_mut(&finding.openapi_at.schema) else {
            continue;
        };
        match &finding.docs_at.member {
            Some(member) => {
                let since = lives.since_member(source, anchor, member);
                if let Some(property) = schema
                    .properties_mut()
                    .and_then(|properties| properties.iter_mut().find(|p| &p.name == member))
                {
                    property.added = since;
                }
            }
            None => {
                let (winner, loser) = if docs_won {
                    (&finding.docs, &finding.openapi)
                } else {
                    (&finding.openapi, &finding.docs)
                };
                for value in extra_values(winner, loser) {
                    if let Some(since) = lives.since_member(source, anchor, &value) {
                        schema.values_added.insert(value, since);
                    }
                }
            }
        }
    }
}

/// What the docs say of operations both sources describe, where the docs are the word:
/// restricted or generally available (when the docs are newer), discontinued (the docs list it
/// among the discontinued operations), and the enum values they deprecate in prose.
/// `paired`: each docs operation with the id of the same operation in the base.
pub(super) fn follow_operations(
    base: &mut Model,
    paired: &[(Operation, String)],
    lives: &Lives<'_>,
    report: &mut Report,
) {
    let docs_newer = lives.dating.newer() == Newer::Docs;
    for (docs_op, spec_id) in paired {
        let Some(op) = base.operations.iter_mut().find(|op| &op.id == spec_id) else {
            continue;
        };
        if docs_newer && docs_op.restricted.is_some() != op.restricted.is_some() {
            let now = if docs_op.restricted.is_some() {
                "restricted"
            } else {
                "generally available"
            };
            let found = lives.dating.window().and_then(|window| {
                lives
                    .changelog
                    .announcing_operation(window, Some(&docs_op.source), None)
            });
            let cite = found.map_or_else(String::new, |f| format!(" ({})", f.entry.cite()));
            report.push(
                MERGE,
                0,
                Severity::Note,
                format!("`{}` is {now} per the newer docs{cite}", op.id),
            );
            op.restricted = docs_op
                .restricted
                .as_ref()
                .map(|_| "Restricted by Mews (the docs mark it restricted).".to_owned());
        }
        if docs_op.discontinued.is_some() && op.discontinued.is_none() {
            op.discontinued = docs_op.discontinued.clone();
            op.deprecated = docs_op.deprecated.clone().or(Some(String::new()));
        }
    }
}

/// `x-added` on the operations only the newer source describes.
pub(super) fn record_added_operations(
    base: &mut Model,
    only_docs: &[String],
    only_openapi: &[String],
    lives: &Lives<'_>,
) {
    for op in &mut base.operations {
        let docs_only = only_docs.contains(&op.id);
        let spec_only = only_openapi.contains(&op.id);
        if op.discontinued.is_some() || !(docs_only || spec_only) {
            continue;
        }
        let (source, anchor) = if docs_only {
            ("docs", Some(op.source.clone()))
        } else {
            ("openapi", None)
        };
        op.added = lives.since_operation(source, anchor.as_deref());
    }
}

/// What the docs deprecate, merged into the paired schemas of the base: enum values deprecated
/// in prose always; schemas and properties when the docs are the newer source (the older
/// spec cannot know yet).
pub(super) fn merge_deprecations(
    base: &mut Model,
    docs: &Model,
    names: &std::collections::HashMap<String, String>,
    lives: &Lives<'_>,
) {
    let docs_newer = lives.dating.newer() == Newer::Docs;
    for (docs_name, schema) in &docs.schemas {
        let Some(target) = names
            .get(docs_name)
            .and_then(|name| base.schemas.get_mut(name))
        else {
            continue;
        };
        for (value, note) in &schema.values_deprecated {
            target
                .values_deprecated
                .entry(value.clone())
                .or_insert_with(|| note.clone());
        }
        if !docs_newer {
            continue;
        }
        if target.deprecated.is_none() {
            target.deprecated = schema.deprecated.clone();
        }
        let Some(properties) = target.properties_mut() else {
            continue;
        };
        for property in schema.properties() {
            let Some(note) = &property.deprecated else {
                continue;
            };
            if let Some(own) = properties
                .iter_mut()
                .find(|own| own.name == property.name && own.deprecated.is_none())
            {
                own.deprecated = Some(note.clone());
            }
        }
    }
}
