//! `import --openapi FILE --docs DIR`: one spec from both of Mews' sources. Mews' official OpenAPI
//! spec is the base; every disagreement the cross-check finds is settled the way the cross-check
//! settles it (the overlay's `crosscheck:` entries and `schemas:` edits, then the default policy),
//! and the operations only the docs describe are added from the docs' model. Undecided
//! disagreements keep the spec's answer and are noted.

use std::collections::HashMap;
use std::path::Path;

mod merge;
mod notes;

pub use notes::{public_docs, replacement};

use super::model::{DocsExamples, Model};
use super::report::{Report, Severity};
use super::{docs, finish, openapi, overlay, spec_writer, Imported, Options};
use crate::crosscheck::{self, Verdict};
use crate::error::{Diagnostic, Error, Location};
use merge::Merge;
use notes::{docs_url, notes_in_our_words};

/// Where the report files what this stage decides.
const MERGE: &str = "both sources";

/// Reads both sources from files and imports them as one spec.
pub fn import(openapi_path: &Path, options: &Options) -> Result<Imported, Error> {
    let text = std::fs::read_to_string(openapi_path).map_err(|error| {
        Error::one(Diagnostic::plain(format!(
            "cannot read {}: {error}",
            openapi_path.display()
        )))
    })?;
    let docs = docs::Docs::load(&options.docs)?;
    run(
        &text,
        &file_label(openapi_path),
        &docs,
        &file_label(&options.docs),
        options,
    )
}

fn overlay_error(label: &str, message: String) -> Error {
    Error::one(Diagnostic {
        location: Some(Location::File(label.to_owned())),
        message,
    })
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Imports an OpenAPI text and loaded docs (tests pass fixtures).
pub fn run(
    openapi_text: &str,
    openapi_label: &str,
    docs: &docs::Docs,
    docs_label: &str,
    options: &Options,
) -> Result<Imported, Error> {
    if !options.only.is_empty() {
        return Err(Error::one(Diagnostic::plain(
            "--only selects from one source; import both sources whole".to_owned(),
        )));
    }
    let overlays = options
        .overlays
        .iter()
        .map(|(text, label)| crosscheck::sources::read_overlay(text, label))
        .collect::<Result<Vec<_>, _>>()?;
    let (mut base, mut report) =
        openapi::load_with(openapi_text, openapi_label, options.docs_descriptions)?;
    let mut docs_report = Report::default();
    let mut docs_model = super::docs_model(docs, options, docs_label, &mut docs_report);
    // Both models by our names (`finish` renames nothing more for this source).
    for (overlay, (_, label)) in overlays.iter().zip(&options.overlays) {
        overlay::apply_docs_renames(&mut docs_model, overlay, &mut docs_report)
            .map_err(|message| overlay_error(label, message))?;
        overlay::apply_renames_to_named_source(&mut base, overlay, &mut report)
            .map_err(|message| overlay_error(label, message))?;
    }
    let mut curated = docs_model.clone();
    for (overlay, (_, label)) in overlays.iter().zip(&options.overlays) {
        overlay::apply_schemas(&mut curated, overlay, &mut Report::default())
            .map_err(|message| overlay_error(label, message))?;
    }
    let decisions = merged_decisions(&overlays);
    let outcome = crosscheck::check(&crosscheck::Sources {
        docs: &docs_model,
        curated: &curated,
        openapi: &base,
        overlay: &decisions,
        changelog: &docs.changelog,
    });
    let operations = crosscheck::matching::operations(&docs_model, &base);
    let pairs = crosscheck::matching::schemas(&docs_model, &base, &operations);
    let only_docs: Vec<String> = operations
        .only_docs
        .iter()
        .map(|op| op.id.clone())
        .collect();
    let docs_examples: Vec<(String, DocsExamples, String)> = operations
        .both
        .iter()
        .map(|(docs_op, spec_op)| {
            let of = |schema: &str| -> Vec<serde_json::Value> {
                curated
                    .examples
                    .iter()
                    .filter(|example| example.schema == schema)
                    .map(|example| example.value.clone())
                    .collect()
            };
            let examples = DocsExamples {
                request: of(&docs_op.request),
                response: of(&docs_op.response),
            };
            (spec_op.id.clone(), examples, docs_url(&docs_op.source))
        })
        .collect();
    let mut merge = Merge {
        curated: &curated,
        names: HashMap::new(),
        report: &mut report,
    };
    for pair in &pairs {
        merge
            .names
            .entry(pair.docs.clone())
            .or_insert_with(|| pair.openapi.clone());
    }
    let mut counts = [0usize; 3];
    for disagreement in &outcome.disagreements {
        let index = match docs_wins(&disagreement.verdict) {
            Some(true) => {
                merge.follow_docs(&mut base, &disagreement.finding);
                0
            }
            Some(false) => 1,
            None => {
                merge.report.push(
                    MERGE,
                    0,
                    Severity::Note,
                    format!(
                        "undecided {} at {} (docs {}, spec {}): the spec's answer is kept",
                        disagreement.finding.category.name(),
                        disagreement.finding.openapi_at,
                        disagreement.finding.docs,
                        disagreement.finding.openapi
                    ),
                );
                2
            }
        };
        counts[index] += 1;
    }
    for id in &only_docs {
        merge.add_operation(&mut base, id);
    }
    for (id, examples, url) in docs_examples {
        if let Some(op) = base.operations.iter_mut().find(|op| op.id == id) {
            op.docs_examples = examples;
            op.docs_url = Some(url);
        }
    }
    for op in &mut base.operations {
        if op.docs_url.is_none() && op.source.starts_with("operations/") {
            op.docs_url = Some(docs_url(&op.source));
        }
    }
    for pair in &pairs {
        let url = curated
            .schemas
            .get(&pair.docs)
            .and_then(|schema| schema.source.as_deref())
            .filter(|source| source.starts_with("operations/"))
            .map(docs_url);
        if let Some(schema) = base.schemas.get_mut(&pair.openapi) {
            if schema.docs_url.is_none() {
                schema.docs_url = url;
            }
        }
    }
    for schema in base.schemas.values_mut() {
        if let Some(source) = schema
            .source
            .as_deref()
            .filter(|s| s.starts_with("operations/"))
        {
            if schema.docs_url.is_none() {
                schema.docs_url = Some(docs_url(source));
            }
        }
    }
    notes_in_our_words(&mut base);
    prune_orphans(&mut base, merge.report);
    merge.report.push(
        MERGE,
        0,
        Severity::Note,
        format!(
            "{} disagreements: {} settled for the docs, {} for the spec, {} undecided (the spec's answer kept); {} operations only in the docs added: {}",
            outcome.disagreements.len(),
            counts[0],
            counts[1],
            counts[2],
            only_docs.len(),
            only_docs.join(", ")
        ),
    );
    report.issues.extend(docs_report.issues);
    let source = spec_writer::Source::Both {
        openapi: openapi_label,
        docs: docs_label,
    };
    finish(base, report, options, &source)
}

/// Every overlay's `crosscheck:` entries and `schemas:` edits in one overlay (a later file's
/// edit of the same schema wins), as the cross-check reads them.
fn merged_decisions(overlays: &[overlay::Overlay]) -> overlay::Overlay {
    let mut merged = overlay::Overlay::default();
    for overlay in overlays {
        merged.crosscheck.extend(overlay.crosscheck.iter().cloned());
        merged.schemas.extend(
            overlay
                .schemas
                .iter()
                .map(|(name, edit)| (name.clone(), edit.clone())),
        );
    }
    merged
}

/// Whether the cross-check's verdict follows the docs (`Some(true)`), the spec, or nobody.
/// A third answer of the overlay is the curated docs' answer, so it counts as the docs'.
fn docs_wins(verdict: &Verdict) -> Option<bool> {
    match verdict {
        Verdict::Overlay { winner, .. } => Some(winner != "openapi"),
        Verdict::Policy { class, evidence } => match class.winner {
            "docs" => Some(true),
            "openapi" => Some(false),
            _ => Some(evidence.starts_with("docs wins")),
        },
        Verdict::Undecided { .. } => None,
    }
}

/// Drops the schemas that following the docs left unreached (a wrapper the docs' type replaced),
/// in one note: an unreached type would be compiled under no resource's feature.
fn prune_orphans(model: &mut Model, report: &mut Report) {
    let orphans = model.unreached();
    if orphans.is_empty() {
        return;
    }
    model.schemas.retain(|name, _| !orphans.contains(name));
    report.push(
        MERGE,
        0,
        Severity::Note,
        format!(
            "no operation reaches {} once the docs are followed; left out: {}",
            orphans.len(),
            orphans.join(", ")
        ),
    );
}
