//! Import of Mews' own OpenAPI spec (its dialect, see generator/IMPORT.md) into the same
//! [`Model`] the docs frontend builds; the overlay, kept texts and spec writer follow as for the
//! docs. The stages, one module each:
//!
//! ```text
//! tree        the raw YAML as JSON, pointers and `$ref`s
//! schemas     components and properties: wrappers unwrapped, enums, update values, formats
//! unions      sibling unions; x-coproduct → adjacent unions with typed payloads
//! operations  ids, bodies (inline ones named), examples, deprecation, x-restricted, errors
//! evidence    the spec's own errors (date formats its examples contradict), reported
//! conventions the envelope, opaque cursors, reachability
//! ```
//! Every construct it cannot place is in the report with its JSON pointer.

mod context;
mod conventions;
mod evidence;
pub mod operations;
pub mod schemas;
mod tree;
mod unions;

use std::path::Path;

use super::model::{Info, Model};
use super::report::{Report, Severity};
use super::stable::Ledger;
use super::{finish, spec_writer, Imported, Options};
use crate::error::{Diagnostic, Error, Location};
use context::Context;

/// Reads an OpenAPI spec in Mews' dialect into the import model, before the overlay: what the
/// cross-check compares with the docs' model. `label` names the file in the report.
pub fn load(text: &str, label: &str) -> Result<(Model, Report), Error> {
    load_with(text, label, false)
}

/// [`load`], with the spec's descriptions copied when `descriptions` is set.
pub(crate) fn load_with(
    text: &str,
    label: &str,
    descriptions: bool,
) -> Result<(Model, Report), Error> {
    load_named(text, label, descriptions, Ledger::default())
        .map(|(model, report, _)| (model, report))
}

/// [`load_with`], naming the schemas as `ledger` records (spec/names.yaml); returns the ledger
/// with the names given to what is new.
pub(crate) fn load_named(
    text: &str,
    label: &str,
    descriptions: bool,
    ledger: Ledger,
) -> Result<(Model, Report, Ledger), Error> {
    let tree = tree::Tree::parse(text).map_err(|message| {
        Error::one(Diagnostic {
            location: Some(Location::File(label.to_owned())),
            message: format!("not an OpenAPI document: {message}"),
        })
    })?;
    if tree.root.get("paths").and_then(|p| p.as_object()).is_none() {
        return Err(Error::one(Diagnostic {
            location: Some(Location::File(label.to_owned())),
            message: "not an OpenAPI document: no `paths`".to_owned(),
        }));
    }
    let mut cx = Context::new(&tree, label, descriptions).with_ledger(ledger);
    for (name, schema) in tree.schemas() {
        let pointer = format!("{}{name}", tree::SCHEMAS);
        let converted = schemas::component(&mut cx, name, schema, &pointer);
        cx.add_schema(name, converted);
    }
    operations::operations(&mut cx);
    conventions::carried(&mut cx);
    conventions::fold_enum_twins(&mut cx);
    conventions::drop_enum_suffix(&mut cx);
    conventions::envelope(&mut cx);
    conventions::prune_unreached(&mut cx);
    conventions::nested_envelopes(&mut cx);
    super::build::mark_usage(&mut cx.model);
    evidence::check_formats(&mut cx);
    conventions::opaque_cursors(&mut cx.model);
    conventions::paged_shapes(&mut cx);
    conventions::settle_names(&mut cx);
    let (typed, matched) = cx.payloads;
    if typed > 0 {
        cx.issue(
            Severity::Note,
            "#",
            format!("adjacent unions: {matched} of {typed} payloads the spec types have a schema"),
        );
    }
    cx.model.info = Info {
        title: "Mews Connector API".to_owned(),
        version: label.to_owned(),
        description: None,
        dated: super::dated::spec_date(tree.root.get("info"), label),
    };
    let mut tags: Vec<&str> = cx.model.operations.iter().map(|op| op.resource()).collect();
    tags.sort_unstable();
    tags.dedup();
    cx.report.summary.pages = tags.len();
    let Context {
        model,
        report,
        ledger,
        ..
    } = cx;
    // The official spec's tree is several times its text: the merge need not wait for it.
    crate::threads::free_beside(tree);
    Ok((model, report, ledger))
}

/// `import --openapi FILE`: the spec read, then the stages the docs import shares.
pub fn import(path: &Path, options: &Options) -> Result<Imported, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Error::one(Diagnostic::plain(format!(
            "cannot read {}: {error}",
            path.display()
        )))
    })?;
    let label = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    run(&text, &label, options)
}

/// Keeps the operations `--only` names (operation ids, `orderItems/getAll`, or resources),
/// and the schemas they reach.
fn select(model: &mut Model, only: &[String], text: &str, label: &str) -> Result<(), Error> {
    model.operations.retain(|op| {
        only.iter()
            .any(|item| item == &op.id || item.replace('/', "_") == op.id || item == op.resource())
    });
    let tree = tree::Tree::parse(text).map_err(|message| Error::one(Diagnostic::plain(message)))?;
    let mut cx = Context::new(&tree, label, false);
    cx.model = std::mem::take(model);
    conventions::prune_unreached(&mut cx);
    // The full import's report stands; this pruning's notes would only list the unselected.
    *model = cx.model;
    Ok(())
}

/// Imports the text of a spec (tests pass fixtures as strings).
pub fn run(text: &str, label: &str, options: &Options) -> Result<Imported, Error> {
    let ledger = options
        .names
        .as_ref()
        .map(|file| file.openapi.reopened())
        .unwrap_or_default();
    let (mut model, report, ledger) = load_named(text, label, options.docs_descriptions, ledger)?;
    if !options.only.is_empty() {
        select(&mut model, &options.only, text, label)?;
    }
    let changelog = super::changelog::Changelog::default();
    let history = super::History {
        overlays: None,
        changelog: &changelog,
        dating: super::dated::Dating {
            docs: None,
            openapi: model.info.dated.clone(),
        },
    };
    let mut imported = finish(
        model,
        report,
        options,
        &spec_writer::Source::OpenApi(label),
        &history,
    )?;
    imported.names = options
        .names
        .clone()
        .map(|file| crate::import::stable::NamesFile {
            openapi: ledger,
            ..file
        });
    Ok(imported)
}
