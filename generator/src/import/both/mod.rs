//! `import --openapi FILE --docs DIR`: one spec from both of Mews' sources. Mews' official OpenAPI
//! spec is the base; every disagreement the cross-check finds is settled the way the cross-check
//! settles it (the overlay's `crosscheck:` entries and `schemas:` edits, then the default policy),
//! and the operations only the docs describe are added from the docs' model. Undecided
//! disagreements keep the spec's answer and are noted.

use std::collections::HashMap;
use std::path::Path;

mod lifecycle;
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

/// Reads both sources from files and imports them as one spec. The official spec is read and
/// modelled beside the docs: the two are independent until they are compared.
pub fn import(openapi_path: &Path, options: &Options) -> Result<Imported, Error> {
    let text = std::fs::read_to_string(openapi_path).map_err(|error| {
        Error::one(Diagnostic::plain(format!(
            "cannot read {}: {error}",
            openapi_path.display()
        )))
    })?;
    let openapi_label = super::path_label(openapi_path);
    let (openapi, (docs_side, prepared)) = sides(
        || load_openapi(&text, &openapi_label, options),
        || {
            super::load_docs(options).map(|(docs, label)| {
                let model = DocsSide::model(&docs, options, &label);
                (docs, label, model)
            })
        },
        |(_, _, side), overlays| side.curate(overlays, options),
        options,
    );
    // Errors in the order of a reading one after the other: the docs, the options, the spec,
    // the previous spec.
    let (docs, docs_label, docs_side) = docs_side?;
    let prepared = prepared?;
    let openapi = openapi?;
    let imported = merge_sources(
        openapi,
        &openapi_label,
        docs_side,
        &docs,
        &docs_label,
        options,
        prepared?,
    );
    // The pages are many small strings: the caller need not wait for them to be freed.
    crate::threads::free_beside(docs);
    imported
}

/// What the first phase gives: the official spec's side, then the docs' side (curated when the
/// overlays were read) and the overlays (with the previous spec).
type Sides<D> = (Result<OpenApiSide, Error>, (Result<D, Error>, PreparedRead));

/// The overlays' reading, as [`prepare`] gives it.
type PreparedRead = Result<Result<Prepared, Error>, Error>;

/// The two sides of an import beside each other: the overlays are read first on the official
/// spec's side (the docs' side, the longer one, waits for them only to curate what it made).
fn sides<D: Send>(
    openapi: impl FnOnce() -> Result<OpenApiSide, Error> + Send,
    docs: impl FnOnce() -> Result<D, Error> + Send,
    curate: impl FnOnce(&mut D, &[overlay::Overlay]) + Send,
    options: &Options,
) -> Sides<D> {
    let (sender, receiver) = std::sync::mpsc::channel::<PreparedRead>();
    crate::threads::join(
        move || {
            // The receiver is gone only when the docs' side panicked.
            let _ = sender.send(prepare(options));
            openapi()
        },
        move || {
            let mut side = docs();
            // `a` sends before anything else; it can only fail to by panicking, which the join
            // then resumes.
            let prepared = receiver.recv().unwrap_or_else(|_| {
                Err(Error::one(Diagnostic::plain(
                    "the overlays were not read".to_owned(),
                )))
            });
            if let (Ok(side), Ok(Ok(prepared))) = (&mut side, &prepared) {
                curate(side, &prepared.overlays);
            }
            (side, prepared)
        },
    )
}

fn overlay_error(label: &str, message: String) -> Error {
    Error::one(Diagnostic {
        location: Some(Location::File(label.to_owned())),
        message,
    })
}

/// Imports an OpenAPI text and loaded docs (tests pass fixtures); the two are modelled on two
/// threads, as in [`import`].
pub fn run(
    openapi_text: &str,
    openapi_label: &str,
    docs: &docs::Docs,
    docs_label: &str,
    options: &Options,
) -> Result<Imported, Error> {
    let (openapi, (docs_side, prepared)) = sides(
        || load_openapi(openapi_text, openapi_label, options),
        || Ok(DocsSide::model(docs, options, docs_label)),
        |side, overlays| side.curate(overlays, options),
        options,
    );
    let docs_side = docs_side?;
    let prepared = prepared?;
    let openapi = openapi?;
    merge_sources(
        openapi,
        openapi_label,
        docs_side,
        docs,
        docs_label,
        options,
        prepared?,
    )
}

/// What is read from the options beside the official spec's reading: the overlays, then the
/// previous spec (its error comes after the spec's, as `Err` inside).
struct Prepared {
    overlays: Vec<overlay::Overlay>,
    previous: Option<crate::json::Value>,
}

fn prepare(options: &Options) -> Result<Result<Prepared, Error>, Error> {
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
    let previous = options
        .previous
        .as_deref()
        .map(super::carry::parse_previous)
        .transpose();
    Ok(previous.map(|previous| Prepared { overlays, previous }))
}

/// The official spec's model, its report and the names it was given.
type OpenApiSide = (Model, Report, super::stable::Ledger);

fn load_openapi(text: &str, label: &str, options: &Options) -> Result<OpenApiSide, Error> {
    let names = options.names.clone().unwrap_or_default();
    openapi::load_named(
        text,
        label,
        options.docs_descriptions,
        names.openapi.reopened(),
    )
}

/// The docs' model, the report of building it and the names it was given; once curated, the
/// model carries the overlays' renames and `curated` is its copy with their schema edits.
struct DocsSide {
    model: Model,
    report: Report,
    names: super::stable::Ledger,
    curated: Option<Result<Model, Error>>,
}

impl DocsSide {
    fn model(docs: &docs::Docs, options: &Options, label: &str) -> DocsSide {
        let mut report = Report::default();
        let (model, names) = super::docs_model_named(docs, options, label, &mut report);
        DocsSide {
            model,
            report,
            names,
            curated: None,
        }
    }

    /// Renames and curates the docs' side once (the official spec is still being read when the
    /// import asks).
    fn curate(&mut self, overlays: &[overlay::Overlay], options: &Options) {
        if self.curated.is_none() {
            self.curated = Some(self.curated_copy(overlays, options));
        }
    }

    /// The model renamed by the overlays and its copy with their schema edits, which is what
    /// the cross-check compares.
    fn curated_copy(
        &mut self,
        overlays: &[overlay::Overlay],
        options: &Options,
    ) -> Result<Model, Error> {
        for (overlay, (_, label)) in overlays.iter().zip(&options.overlays) {
            overlay::apply_docs_renames(&mut self.model, overlay, &mut self.report)
                .map_err(|message| overlay_error(label, message))?;
        }
        let mut curated = self.model.clone();
        for (overlay, (_, label)) in overlays.iter().zip(&options.overlays) {
            overlay::apply_schemas(&mut curated, overlay, &mut Report::default())
                .map_err(|message| overlay_error(label, message))?;
        }
        Ok(curated)
    }
}

/// Compares the two models and merges them into one spec.
fn merge_sources(
    openapi: OpenApiSide,
    openapi_label: &str,
    mut docs_side: DocsSide,
    docs: &docs::Docs,
    docs_label: &str,
    options: &Options,
    prepared: Prepared,
) -> Result<Imported, Error> {
    let (mut base, mut report, mut openapi_names) = openapi;
    let Prepared { overlays, previous } = prepared;
    // Both models by our names (`finish` renames nothing more for this source).
    let curated = match docs_side.curated.take() {
        Some(curated) => curated,
        None => docs_side.curated_copy(&overlays, options),
    }?;
    let DocsSide {
        model: docs_model,
        report: docs_report,
        names: docs_names,
        curated: _,
    } = docs_side;
    for (overlay, (_, label)) in overlays.iter().zip(&options.overlays) {
        overlay::apply_renames_to_named_source(&mut base, overlay, &mut report)
            .map_err(|message| overlay_error(label, message))?;
    }
    super::adopt::adopt(&mut base, &docs_model, &mut openapi_names, &mut report);
    let decisions = merged_decisions(&overlays);
    let operations = crosscheck::matching::operations(&docs_model, &base);
    let pairs = crosscheck::matching::schemas(&docs_model, &base, &operations);
    let sources = crosscheck::Sources {
        docs: &docs_model,
        curated: &curated,
        openapi: &base,
        overlay: &decisions,
        changelog: &docs.changelog,
    };
    let outcome = crosscheck::check_matched(&sources, &operations, &pairs);
    let only_docs: Vec<String> = operations
        .only_docs
        .iter()
        .map(|op| op.id.clone())
        .collect();
    let only_openapi: Vec<String> = operations
        .only_openapi
        .iter()
        .map(|op| op.id.clone())
        .collect();
    let paired: Vec<(super::model::Operation, String)> = operations
        .both
        .iter()
        .map(|(docs_op, spec_op)| ((*docs_op).clone(), spec_op.id.clone()))
        .collect();
    // The docs' examples by schema, in their order (looked up twice per operation).
    let mut examples_of: HashMap<&str, Vec<&crate::json::Value>> = HashMap::new();
    for example in &curated.examples {
        examples_of
            .entry(example.schema.as_str())
            .or_default()
            .push(&example.value);
    }
    let docs_examples: Vec<(String, DocsExamples, String)> = operations
        .both
        .iter()
        .map(|(docs_op, spec_op)| {
            let of = |schema: &str| -> Vec<crate::json::Value> {
                examples_of
                    .get(schema)
                    .map(|values| values.iter().map(|&value| value.clone()).collect())
                    .unwrap_or_default()
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
        if kept_as_before(
            &disagreement.verdict,
            &disagreement.finding,
            previous.as_ref(),
        ) {
            merge.report.push(
                MERGE,
                0,
                Severity::Note,
                format!(
                    "`{}`: the previous spec's type is kept (docs {}, spec {}: the docs do not state it; retyping would break callers)",
                    disagreement.finding.openapi_at,
                    disagreement.finding.docs,
                    disagreement.finding.openapi
                ),
            );
            counts[1] += 1;
            continue;
        }
        let index = match follow(&disagreement.verdict) {
            Follow::Docs => {
                merge.follow_docs(&mut base, &disagreement.finding);
                0
            }
            Follow::Both => {
                merge.follow_both(&mut base, &disagreement.finding);
                0
            }
            Follow::Spec => 1,
            Follow::Undecided => {
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
    // The official spec has no events: the docs' messages come in whole.
    let events = merge.add_events(&mut base);
    let lives = lifecycle::Lives {
        dating: &outcome.dating,
        changelog: &docs.changelog,
        docs: &docs_model,
    };
    lifecycle::record_added(&mut base, &outcome, &lives);
    lifecycle::record_added_operations(&mut base, &only_docs, &only_openapi, &lives);
    lifecycle::follow_operations(&mut base, &paired, &lives, merge.report);
    let names = merge.names.clone();
    lifecycle::merge_deprecations(&mut base, &curated, &names, &lives);
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
    super::hybrid::carry(&curated, &mut base, &pairs);
    notes_in_our_words(&mut base);
    prune_orphans(&mut base, merge.report);
    merge.report.push(
        MERGE,
        0,
        Severity::Note,
        format!(
            "{} disagreements: {} settled for the docs, {} for the spec, {} undecided (the spec's answer kept); {} operations only in the docs added: {}; {} event messages from the docs: {}",
            outcome.disagreements.len(),
            counts[0],
            counts[1],
            counts[2],
            only_docs.len(),
            only_docs.join(", "),
            events.len(),
            events.join(", ")
        ),
    );
    report.issues.extend(docs_report.issues);
    let source = spec_writer::Source::Both {
        openapi: openapi_label,
        docs: docs_label,
    };
    let history = super::History {
        changelog: &docs.changelog,
        dating: outcome.dating.clone(),
        overlays: Some(&overlays),
    };
    super::adopt::record(&base, &docs_model, &mut openapi_names);
    // The docs' two models and the comparison are large and no longer needed: they are freed
    // beside `finish` (before it, they would hold the import up).
    let (imported, ()) = crate::threads::join(
        || finish(base, report, options, &source, &history),
        move || drop((docs_model, curated, outcome)),
    );
    let mut imported = imported?;
    imported.names = options.names.is_some().then_some(super::stable::NamesFile {
        docs: docs_names,
        openapi: openapi_names,
    });
    Ok(imported)
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

/// Which source's answer the base takes.
enum Follow {
    Docs,
    Spec,
    /// Every value or arm of both (`both-values`).
    Both,
    Undecided,
}

/// Whose answer the cross-check's verdict takes. A third answer of the overlay is the curated
/// docs' answer, so it counts as the docs'.
fn follow(verdict: &Verdict) -> Follow {
    let side = |docs: bool| if docs { Follow::Docs } else { Follow::Spec };
    match verdict {
        Verdict::Overlay { winner, .. } => side(winner != "openapi"),
        Verdict::Policy { class, evidence } => match class.winner {
            "docs" => Follow::Docs,
            "openapi" => Follow::Spec,
            "both" => Follow::Both,
            _ => side(evidence.starts_with("docs wins")),
        },
        Verdict::Undecided { .. } => Follow::Undecided,
    }
}

/// Whether a type refinement the docs bring without stating it (`integer-width`: their unsized
/// `integer` over the spec's int32; `format-proven`: a format inferred from their examples)
/// would retype a property the previous spec types as the spec does: then the previous type
/// stays, so that documenting an existing operation, or a new example, retypes nothing.
fn kept_as_before(
    verdict: &Verdict,
    finding: &crate::crosscheck::compare::Finding,
    previous: Option<&crate::json::Value>,
) -> bool {
    use crate::crosscheck::policy::{FORMAT_PROVEN, INTEGER_WIDTH};
    let Verdict::Policy { class, .. } = verdict else {
        return false;
    };
    if class.id != INTEGER_WIDTH.id && class.id != FORMAT_PROVEN.id {
        return false;
    }
    let Some(member) = &finding.openapi_at.member else {
        return false;
    };
    let Some(property) = previous.and_then(|spec| {
        spec.get("components")?
            .get("schemas")?
            .get(&finding.openapi_at.schema)?
            .get("properties")?
            .get(member)
    }) else {
        return false;
    };
    // The innermost scalar, through arrays and a one-element `allOf`.
    let mut node = property;
    loop {
        if let Some(items) = node.get("items") {
            node = items;
        } else if let Some(first) = node.get("allOf").and_then(|all| all.get(0)) {
            node = first;
        } else {
            break;
        }
    }
    let format = node.get("format").and_then(crate::json::Value::as_str);
    // The spec's side of the finding, `integer/int32` or `array of string`: its last format.
    let spec_format = finding
        .openapi
        .rsplit(' ')
        .next()
        .and_then(|scalar| scalar.split_once('/'))
        .map(|(_, format)| format);
    node.get("type").is_some() && format == spec_format
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
