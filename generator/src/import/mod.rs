//! Import: the Mews markdown docs back into an OpenAPI spec in our conventions.
//!
//! Mews generates its operation pages from its own OpenAPI spec, so they follow a regular
//! grammar. The stages, one module each:
//!
//! ```text
//! markdown  lines → blocks (headings, tables, lists, code, quotes), with line numbers
//! page      blocks → operations (request/response tables, examples, paths) and definitions
//! docs      every page of a checkout; links between pages resolved to definitions
//! naming    a schema name for every definition, collisions settled over all pages
//! build     the selected operations and every schema they reach (convert: rows and types)
//! infer     formats, nullability, retry safety and pagination the tables do not state
//! overlay   the curation decisions (spec/curation.yaml); keep: curated texts of a spec
//! received  received-only properties loosened where the response examples contradict them
//! spec_writer  the model as OpenAPI 3.0.3 YAML
//! ```
//! Everything the importer cannot place is in the [`Report`], with file and line.

mod adopt;
pub mod both;
mod build;
pub mod carry;
pub mod changelog;
mod convert;
pub mod dated;
pub mod deprecation;
pub mod docs;
mod empty;
pub mod events;
mod hybrid;
pub mod infer;
mod keep;
pub mod markdown;
mod merge;
pub mod model;
mod naming;
pub mod openapi;
pub mod overlay;
pub mod page;
mod received;
pub mod report;
pub mod spec_writer;
pub mod stable;
pub mod table;
pub mod types;
mod written;
pub mod yaml_text;

use std::path::{Path, PathBuf};

pub use report::{Issue, Report, Severity, Summary};

use crate::error::{Diagnostic, Error};
use model::{Kind, Model};

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The docs checkout (holding `operations/`).
    pub docs: PathBuf,
    /// Each overlay's text and how to name it, e.g. `spec/curation.yaml`, applied in order: a
    /// later overlay's value for the same key wins.
    pub overlays: Vec<(String, String)>,
    /// Pages (`orderitems`) or operations (`orderItems_getAll`) to import; empty for all.
    pub only: Vec<String>,
    /// Copy the docs' descriptions into the spec (off by default: our specs use our own words).
    pub docs_descriptions: bool,
    /// The text of a spec whose descriptions and `x-curation` notes are kept.
    pub keep_texts_of: Option<String>,
    /// Write the body examples of both sources into an import of both (`--examples`; for the
    /// round-trip, never into the committed spec: the examples are Mews' text).
    pub examples: bool,
    /// The text of the previous spec (`--previous`, the committed one): what it has and the
    /// sources no longer list is carried over deprecated (`carry`), and an integer it sizes
    /// keeps its width.
    pub previous: Option<String>,
    /// The names file (`--names`): schemas keep the names it records; what is new is added
    /// to the copy the import returns.
    pub names: Option<stable::NamesFile>,
    /// A docs checkout whose `events/` pages are read in place of those of [`Options::docs`]
    /// (`--events-docs`): the events of a newer snapshot beside older operations.
    pub events_docs: Option<PathBuf>,
    /// Also read the spec as the generator would (parse and lower), beside writing its text;
    /// the outcome is [`Imported::rejected`]. The command does; tests of the import need not.
    pub check_generation: bool,
    /// Also generate the bindings from that reading (implies [`Options::check_generation`]),
    /// their headers naming the spec by this label: [`Imported::generation`], the same files as
    /// [`crate::generate`] of the written text, without reading it again.
    pub generate_as: Option<String>,
}

/// An imported spec and the report of what could not be placed.
#[derive(Clone, Debug)]
pub struct Imported {
    pub spec: String,
    /// The spec as the tree `spec` reads back as: what the generator can check without reading
    /// the text again ([`crate::parse::from_tree`]).
    pub tree: crate::json::Value,
    pub report: Report,
    /// The names file with this import's new names, when [`Options::names`] was given.
    pub names: Option<stable::NamesFile>,
    /// The bindings, when [`Options::generate_as`] asked and the generator took the spec.
    pub generation: Option<crate::Generation>,
    /// Why the generator refuses the spec, when [`Options::check_generation`] asked.
    pub rejected: Option<Error>,
}

/// Imports a docs checkout (see [`openapi::import`] for Mews' OpenAPI spec).
pub fn import(options: &Options) -> Result<Imported, Error> {
    let (docs, label) = load_docs(options)?;
    run(&docs, options, &label)
}

/// The docs checkout of `options` (its events from [`Options::events_docs`] when given) and
/// how the spec's header names it: `connector-api-2026-01-27`, or
/// `connector-api-2026-01-27 (events from connector-api-2026-08-07)`.
pub fn load_docs(options: &Options) -> Result<(docs::Docs, String), Error> {
    let mut docs = docs::Docs::load(&options.docs)?;
    let mut label = path_label(&options.docs);
    if let Some(events) = &options.events_docs {
        docs.replace_events(events)?;
        label = format!("{label} (events from {})", path_label(events));
    }
    Ok((docs, label))
}

/// A file or directory by its last component (the whole path when it has none).
pub(crate) fn path_label(dir: &Path) -> String {
    dir.file_name().map_or_else(
        || dir.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Imports already-loaded docs (tests build them from strings).
pub fn run(docs: &docs::Docs, options: &Options, docs_label: &str) -> Result<Imported, Error> {
    let mut report = Report::default();
    let (model, ledger) = docs_model_named(docs, options, docs_label, &mut report);
    let source = spec_writer::Source::Docs(docs_label);
    let history = History {
        overlays: None,
        changelog: &docs.changelog,
        dating: dated::Dating {
            docs: model.info.dated.clone(),
            openapi: None,
        },
    };
    let mut imported = finish(model, report, options, &source, &history)?;
    imported.names = options.names.clone().map(|file| stable::NamesFile {
        docs: ledger,
        ..file
    });
    Ok(imported)
}

/// What the sources say of time: the docs' changelog (empty without one) and the sources'
/// dates. Dates the spec's `x-import` and what the previous spec's carried items went.
pub struct History<'a> {
    pub changelog: &'a changelog::Changelog,
    pub dating: dated::Dating,
    /// The overlays of [`Options::overlays`], when the source read them already (in order).
    pub overlays: Option<&'a [overlay::Overlay]>,
}

/// The stages every source shares: the overlays' renames, kept texts, the overlays' schema
/// decisions, retry safety and pagination, the overlays' operation decisions, the received
/// types the response examples loosen, the summary and the YAML. Overlays apply in order, stage
/// by stage, so a later file wins.
pub fn finish(
    mut model: Model,
    mut report: Report,
    options: &Options,
    source: &spec_writer::Source<'_>,
    history: &History<'_>,
) -> Result<Imported, Error> {
    let labels = options.overlays.iter().map(|(_, label)| label.as_str());
    let parsed_here: Vec<overlay::Overlay>;
    let parsed = match history.overlays {
        Some(parsed) => parsed,
        None => {
            parsed_here = options
                .overlays
                .iter()
                .map(|(text, label)| overlay::parse(text).map_err(|m| file_error(label, m)))
                .collect::<Result<_, _>>()?;
            &parsed_here
        }
    };
    let overlays: Vec<(&overlay::Overlay, &str)> = parsed.iter().zip(labels).collect();
    let keep = match &options.keep_texts_of {
        Some(text) => Some(crate::json::yaml::from_str(text).map_err(|error| {
            Error::one(Diagnostic::plain(format!(
                "cannot read the spec to keep texts from: {error}"
            )))
        })?),
        None => None,
    };
    for (overlay, label) in &overlays {
        stage(&mut report, label, |report| match source {
            spec_writer::Source::Docs(_) => {
                overlay::apply_docs_renames(&mut model, overlay, report)
            }
            // The official names are what the docs' renames adopt.
            spec_writer::Source::OpenApi(_) => {
                overlay::apply_renames_to_named_source(&mut model, overlay, report)
            }
            // `both` renamed both models before it merged them.
            spec_writer::Source::Both { .. } => Ok(()),
        })?;
    }
    if let Some(keep) = &keep {
        keep::keep_texts(&mut model, keep, true);
    }
    for (overlay, label) in &overlays {
        stage(&mut report, label, |report| {
            overlay::apply_schemas(&mut model, overlay, report)
        })?;
    }
    if let Some(keep) = &keep {
        keep::keep_texts(&mut model, keep, false);
    }
    infer::retry_safety(&mut model);
    let decided: Vec<String> = overlays
        .iter()
        .flat_map(|(overlay, _)| overlay::decided_pagination(overlay, &model))
        .collect();
    infer::pagination(&mut model, &decided, &mut report);
    for (overlay, label) in &overlays {
        stage(&mut report, label, |report| {
            overlay::apply_operations(&mut model, overlay, report)
        })?;
    }
    let mut holds = received::Holds::default();
    for (overlay, label) in &overlays {
        holds
            .add(overlay)
            .map_err(|message| file_error(label, message))?;
    }
    let previous = options
        .previous
        .as_deref()
        .map(carry::parse_previous)
        .transpose()?;
    received::loosen(&mut model, &holds, previous.as_ref(), &mut report);
    // Sources that give no operation are refused before anything is carried from the previous
    // spec (which would hide that they are broken).
    empty::refuse_empty(&model, &report, &options.only, source)?;
    let labels: Vec<&str> = overlays.iter().map(|(_, label)| *label).collect();
    let dates = [
        ("docs", &history.dating.docs),
        ("openapi", &history.dating.openapi),
    ]
    .into_iter()
    .filter_map(|(source, dated)| Some((source, dated.as_ref()?.date.clone())))
    .collect();
    let provenance = spec_writer::Provenance {
        source: *source,
        overlay: (!labels.is_empty()).then(|| labels.join(", ")),
        examples: options.examples,
        dates,
    };
    let mut tree = spec_writer::tree(&model, &provenance);
    let mut carried = carry::Carried::default();
    if let Some(previous) = &previous {
        let context = carry::Context {
            changelog: history.changelog,
            date: history
                .dating
                .window()
                .map(|(_, newest)| newest.to_owned())
                .or_else(|| history.dating.docs.as_ref().map(|d| d.date.clone()))
                .or_else(|| history.dating.openapi.as_ref().map(|d| d.date.clone())),
            drops: overlays
                .iter()
                .flat_map(|(overlay, _)| &overlay.drop)
                .map(|entry| (entry.at.clone(), entry.reason.clone()))
                .collect(),
        };
        carried = carry::carry(previous, &mut tree, &context, &mut report);
    }
    summarize(&model, &mut report);
    report.summary.operations += carried.operations;
    report.summary.schemas += carried.schemas;
    spec_writer::as_written(&mut tree);
    let (spec, generated) = written::render_and_check(&tree, &provenance, options, model);
    let spec = spec.map_err(|message| Error::one(Diagnostic::plain(message)))?;
    let (generation, rejected) = match generated {
        Some(Ok(generation)) => (generation, None),
        Some(Err(error)) => (None, Some(error)),
        None => (None, None),
    };
    Ok(Imported {
        spec,
        tree,
        generation,
        rejected,
        report,
        names: None,
    })
}

/// The docs as a model, before any overlay decision: what the pages say, with the formats,
/// nullability and contracts inferred from them.
pub fn docs_model(
    docs: &docs::Docs,
    options: &Options,
    docs_label: &str,
    report: &mut Report,
) -> Model {
    docs_model_named(docs, options, docs_label, report).0
}

/// [`docs_model`], named by the docs' ledger of [`Options::names`] (empty without one), and
/// that ledger with the names given to what is new.
pub fn docs_model_named(
    docs: &docs::Docs,
    options: &Options,
    docs_label: &str,
    report: &mut Report,
) -> (Model, stable::Ledger) {
    let mut ledger = options
        .names
        .as_ref()
        .map(|file| file.docs.reopened())
        .unwrap_or_default();
    let mut model = build::build(
        docs,
        &options.only,
        options.docs_descriptions,
        report,
        &mut ledger,
    );
    model.info = model::Info {
        title: "Mews Connector API".to_owned(),
        version: docs_label.to_owned(),
        description: None,
        dated: dated::docs_date(docs.changelog.newest(), docs_label),
    };
    model.envelope = [
        "ClientToken",
        "AccessToken",
        "Client",
        "LanguageCode",
        "CultureCode",
    ]
    .map(str::to_owned)
    .to_vec();
    model.secrets = ["ClientToken", "AccessToken"].map(str::to_owned).to_vec();
    build::apply_contracts(&mut model);
    infer::formats_and_nullability(&mut model, report);
    (model, ledger)
}

fn summarize(model: &Model, report: &mut Report) {
    let summary = &mut report.summary;
    summary.operations = model.operations.len();
    summary.schemas = model.schemas.len();
    summary.enums = model
        .schemas
        .values()
        .filter(|s| matches!(s.kind, Kind::Enum(_)))
        .count();
    summary.unions = model
        .schemas
        .values()
        .filter(|s| matches!(&s.kind, Kind::Object { union: Some(_), .. }))
        .count();
    summary.events = model
        .events
        .iter()
        .map(|event| (event.id.clone(), event_types(model, &event.schema)))
        .collect();
    summary.inferred = model
        .schemas
        .values()
        .flat_map(|s| s.properties())
        .filter(|p| p.inferred.iter().any(|note| note.starts_with("format")))
        .count();
    report.finish();
}

/// How many event types a message carries: the arms of the union it is, or of the union its
/// (array) properties hold.
fn event_types(model: &Model, schema: &str) -> usize {
    let arms = |name: &str| match model.schemas.get(name).map(|schema| &schema.kind) {
        Some(Kind::Object {
            union: Some(union), ..
        }) => Some(union.arms.len()),
        _ => None,
    };
    arms(schema).unwrap_or_else(|| {
        model.schemas.get(schema).map_or(0, |message| {
            message
                .properties()
                .iter()
                .filter_map(|property| property.ty.referenced().and_then(arms))
                .sum()
        })
    })
}

/// Runs one stage of one overlay, filing its notes and its error under the overlay's name, so
/// that with several overlays each unused entry points at its own file.
fn stage(
    report: &mut Report,
    label: &str,
    apply: impl FnOnce(&mut Report) -> Result<(), String>,
) -> Result<(), Error> {
    let mut own = Report::default();
    let result = apply(&mut own);
    report
        .issues
        .extend(own.issues.into_iter().map(|issue| Issue {
            file: label.to_owned(),
            ..issue
        }));
    result.map_err(|message| file_error(label, message))
}

fn file_error(label: &str, message: String) -> Error {
    Error::one(Diagnostic {
        location: Some(crate::error::Location::File(label.to_owned())),
        message,
    })
}
