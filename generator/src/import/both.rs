//! `import --openapi FILE --docs DIR`: one spec from both of Mews' sources. Mews' official OpenAPI
//! spec is the base; every disagreement the cross-check finds is settled the way the cross-check
//! settles it (the overlay's `crosscheck:` entries and `schemas:` edits, then the default policy),
//! and the operations only the docs describe are added from the docs' model. Undecided
//! disagreements keep the spec's answer and are noted.

use std::collections::HashMap;
use std::path::Path;

use super::model::{DocsExamples, Kind, Layout, Model, Property, Ty};
use super::report::{Report, Severity};
use super::{docs, finish, openapi, overlay, spec_writer, Imported, Options};
use crate::crosscheck::compare::{Category, Finding};
use crate::crosscheck::{self, Verdict};
use crate::error::{Diagnostic, Error, Location};

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
    let names = options.names.clone().unwrap_or_default();
    let (mut base, mut report, mut openapi_names) = openapi::load_named(
        openapi_text,
        openapi_label,
        options.docs_descriptions,
        names.openapi.reopened(),
    )?;
    let mut docs_report = Report::default();
    let (mut docs_model, docs_names) =
        super::docs_model_named(docs, options, docs_label, &mut docs_report);
    // Both models by our names (`finish` renames nothing more for this source).
    for (overlay, (_, label)) in overlays.iter().zip(&options.overlays) {
        overlay::apply_docs_renames(&mut docs_model, overlay, &mut docs_report)
            .map_err(|message| overlay_error(label, message))?;
        overlay::apply_renames_to_named_source(&mut base, overlay, &mut report)
            .map_err(|message| overlay_error(label, message))?;
    }
    super::adopt::adopt(&mut base, &docs_model, &mut openapi_names, &mut report);
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
            let of = |schema: &str| -> Vec<crate::json::Value> {
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
    super::adopt::record(&base, &docs_model, &mut openapi_names);
    let mut imported = finish(base, report, options, &source)?;
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

/// The properties of a sibling union beside its discriminator and arms (`Id` of an account),
/// comma-separated; `None` for any other kind or a union without them.
fn sibling_extras(kind: &Kind) -> Option<String> {
    let Kind::Object {
        properties,
        union: Some(union),
    } = kind
    else {
        return None;
    };
    if union.layout != Layout::Sibling {
        return None;
    }
    let extras: Vec<&str> = properties
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| {
            *name != union.discriminator
                && !union
                    .arms
                    .iter()
                    .any(|arm| arm.property.as_deref() == Some(*name))
        })
        .collect();
    (!extras.is_empty()).then(|| extras.join(", "))
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

/// The docs' curated model, copied into the base under the base's names.
struct Merge<'a> {
    curated: &'a Model,
    /// Docs schema name → the base's name for the same schema.
    names: HashMap<String, String>,
    report: &'a mut Report,
}

impl Merge<'_> {
    /// Sets the facet of the finding in the base to what the curated docs say.
    fn follow_docs(&mut self, base: &mut Model, finding: &Finding) {
        let Some(docs_schema) = self.curated.schemas.get(&finding.docs_at.schema) else {
            return;
        };
        let member = finding.docs_at.member.clone();
        let docs_property = member
            .as_deref()
            .and_then(|m| docs_schema.properties().iter().find(|p| p.name == m))
            .cloned();
        match (finding.category, member) {
            (Category::Type | Category::EnumValues | Category::UnionArms, None) => {
                if let Some(others) = sibling_extras(&docs_schema.kind) {
                    self.report.push(
                        MERGE,
                        0,
                        Severity::Note,
                        format!(
                            "`{}`: the docs' sibling union also has {others}, which a union would not carry: the spec's object is kept",
                            finding.openapi_at
                        ),
                    );
                    return;
                }
                let kind = self.kind(base, &docs_schema.kind.clone());
                if let Some(schema) = base.schemas.get_mut(&finding.openapi_at.schema) {
                    schema.kind = kind;
                }
            }
            (Category::ArmPayload, Some(value)) => {
                let docs_arm = match &docs_schema.kind {
                    Kind::Object {
                        union: Some(union), ..
                    } => union.arms.iter().find(|arm| arm.value == value).cloned(),
                    _ => None,
                };
                let payload = docs_arm
                    .and_then(|arm| arm.schema)
                    .map(|name| self.schema(base, &name));
                if let Some(Kind::Object {
                    union: Some(union), ..
                }) = base
                    .schemas
                    .get_mut(&finding.openapi_at.schema)
                    .map(|s| &mut s.kind)
                {
                    if let Some(arm) = union.arms.iter_mut().find(|arm| arm.value == value) {
                        arm.schema = payload;
                    }
                }
            }
            (category, Some(name)) => {
                let translated = docs_property.map(|p| self.property(base, &p));
                let Some(properties) = base
                    .schemas
                    .get_mut(&finding.openapi_at.schema)
                    .and_then(|s| s.properties_mut())
                else {
                    return;
                };
                let existing = properties.iter().position(|p| p.name == name);
                match (translated, existing) {
                    (None, Some(index)) => {
                        properties.remove(index);
                    }
                    (Some(docs), None) => properties.push(docs),
                    (Some(docs), Some(index)) => {
                        let target = &mut properties[index];
                        match category {
                            Category::Type => {
                                target.ty = docs.ty;
                                target.hybrid_identifier = docs.hybrid_identifier;
                                target.inferred = docs.inferred;
                            }
                            Category::Required => {
                                target.required = docs.required;
                                target.documented_required = docs.documented_required;
                            }
                            Category::Nullable => target.nullable = docs.nullable,
                            Category::WireShape => target.update_value = docs.update_value,
                            _ => *target = docs,
                        }
                    }
                    (None, None) => {}
                }
            }
            _ => {}
        }
    }

    /// The base's name of a docs schema, copying the schema (and what it reaches) when the base
    /// has none of that name.
    fn schema(&mut self, base: &mut Model, docs_name: &str) -> String {
        if let Some(name) = self.names.get(docs_name) {
            return name.clone();
        }
        self.names
            .insert(docs_name.to_owned(), docs_name.to_owned());
        if base.schemas.contains_key(docs_name) {
            self.report.push(
                MERGE,
                0,
                Severity::Note,
                format!("`{docs_name}` of the docs is taken to be the spec's schema of that name"),
            );
            return docs_name.to_owned();
        }
        if let Some(schema) = self.curated.schemas.get(docs_name) {
            let mut copy = schema.clone();
            copy.kind = self.kind(base, &schema.kind);
            base.schemas.insert(docs_name.to_owned(), copy);
        }
        docs_name.to_owned()
    }

    fn ty(&mut self, base: &mut Model, ty: &Ty) -> Ty {
        match ty {
            Ty::Ref(name) => Ty::Ref(self.schema(base, name)),
            Ty::Array(inner) => Ty::Array(Box::new(self.ty(base, inner))),
            Ty::Map(inner) => Ty::Map(Box::new(self.ty(base, inner))),
            other => other.clone(),
        }
    }

    fn property(&mut self, base: &mut Model, property: &Property) -> Property {
        Property {
            ty: self.ty(base, &property.ty),
            ..property.clone()
        }
    }

    fn kind(&mut self, base: &mut Model, kind: &Kind) -> Kind {
        match kind {
            Kind::Object { properties, union } => Kind::Object {
                properties: properties.iter().map(|p| self.property(base, p)).collect(),
                union: union.clone().map(|mut union| {
                    for arm in &mut union.arms {
                        arm.schema = arm.schema.take().map(|name| self.schema(base, &name));
                    }
                    union
                }),
            },
            Kind::Enum(values) => Kind::Enum(values.clone()),
            Kind::Alias(ty) => Kind::Alias(self.ty(base, ty)),
        }
    }

    /// Adds an operation only the docs describe, with its bodies and their examples.
    fn add_operation(&mut self, base: &mut Model, id: &str) {
        let Some(op) = self.curated.operations.iter().find(|op| op.id == id) else {
            return;
        };
        let mut op = op.clone();
        let example = |schema: &str| {
            self.curated
                .examples
                .iter()
                .find(|example| example.schema == schema)
                .map(|example| example.value.clone())
        };
        op.request_example = op.request_example.take().or_else(|| example(&op.request));
        op.response_example = op.response_example.take().or_else(|| example(&op.response));
        op.request = self.schema(base, &op.request);
        op.response = self.schema(base, &op.response);
        self.report.push(
            MERGE,
            0,
            Severity::Note,
            format!(
                "`{id}` is only in the docs ({}): added from them",
                op.source
            ),
        );
        // Beside the operations of its resource, so that the resource's methods stay together.
        let resource = op.resource().to_owned();
        let at = base
            .operations
            .iter()
            .rposition(|other| other.resource() == resource)
            .map_or(base.operations.len(), |index| index + 1);
        base.operations.insert(at, op);
    }
}

/// Deprecation notes are the sources' sentences; the committed spec keeps their facts only:
/// what replaces the item, with the links rewritten to the public docs
/// (`Use [Merge accounts](…/accounts#merge-accounts) instead.` → `Replaced by Merge accounts
/// (https://docs.mews.com/connector-api/operations/accounts#merge-accounts).`).
fn notes_in_our_words(model: &mut Model) {
    for op in &mut model.operations {
        if let Some(note) = &mut op.deprecated {
            *note = replacement(note);
        }
    }
    for schema in model.schemas.values_mut() {
        if let Some(note) = &mut schema.deprecated {
            *note = replacement(note);
        }
        if let Some(properties) = schema.properties_mut() {
            for property in properties {
                if let Some(note) = &mut property.deprecated {
                    *note = replacement(note);
                }
            }
        }
    }
}

/// The replacements a deprecation note links to, as our sentence; empty when it links none.
pub fn replacement(note: &str) -> String {
    let mut links = Vec::new();
    let mut rest = note;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let Some((text, tail)) = after.split_once("](") else {
            break;
        };
        let Some((url, tail)) = tail.split_once(')') else {
            break;
        };
        links.push(format!("{text} ({})", public_docs(url)));
        rest = tail;
    }
    if links.is_empty() {
        String::new()
    } else {
        format!("Replaced by {}.", links.join(" and "))
    }
}

/// A link of the sources as a link to the public Mews docs: the docs' old host and relative
/// page links (`accounts.md#merge-accounts`) become `https://docs.mews.com/connector-api/...`.
fn public_docs(url: &str) -> String {
    const PUBLIC: &str = "https://docs.mews.com/connector-api/";
    if let Some(path) = url.strip_prefix("https://mews-systems.gitbook.io/connector-api/") {
        return format!("{PUBLIC}{path}");
    }
    if url.starts_with("http") {
        return url.to_owned();
    }
    let page = url
        .trim_start_matches("./")
        .trim_start_matches("../operations/");
    let (file, anchor) = page.split_once('#').unwrap_or((page, ""));
    let file = file.trim_end_matches(".md");
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    format!("{PUBLIC}operations/{file}{anchor}")
}

/// `operations/orderitems.md#get-all-order-items` (where the docs import found an item) as its
/// page in the public Mews docs.
fn docs_url(source: &str) -> String {
    public_docs(source.strip_prefix("operations/").unwrap_or(source))
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
