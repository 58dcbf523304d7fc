//! From parsed pages to the model: the selected operations, their bodies, and every schema they
//! reach through links.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::case::Case;

use super::docs::{DefId, Docs};
use super::model::{
    ErrorStatus, Example, ExampleOrigin, Kind, Model, Operation, Schema, Since, Usage,
};
use super::naming;
use super::page::{Body, OpSection, Page};
use super::report::{Report, Severity};
use super::stable::Ledger;

/// Where an operation's path must start.
pub const PATH_PREFIX: &str = "/api/connector/v1/";

/// State of one build.
pub(super) struct Builder<'a> {
    pub docs: &'a Docs,
    pub names: naming::Names,
    /// Names recorded and given (spec/names.yaml), for the bodies' names.
    pub ledger: &'a mut Ledger,
    pub model: Model,
    pub report: &'a mut Report,
    pub queue: VecDeque<DefId>,
    /// Schema names queued or converted.
    pub queued: BTreeSet<String>,
    /// Whether descriptions are copied from the docs.
    pub descriptions: bool,
    /// The definition being converted, to catch links to itself.
    pub current: Option<DefId>,
    /// Schemas an untyped property's description links to, per property of the table being
    /// converted (property, schema); its owner files them in `carriers`.
    pub carried: Vec<(String, String)>,
    /// (carried schema, owner schema, property): set as `carried_by` once all are converted.
    pub carriers: Vec<(String, String, String)>,
    /// Event arms' fetch operations, resolved once every schema is built.
    pub pending_fetches: Vec<super::events::PendingFetch>,
    /// Property names converted to field names, each once (the same names recur on every page).
    pub field_names: std::collections::HashMap<String, Option<String>>,
}

/// Which operations to import: page names (`orderitems`) or operation ids (`orderItems_getAll`,
/// `orderItems/getAll`); empty imports everything.
pub fn selected(only: &[String], page: &Page, id: &str) -> bool {
    if only.is_empty() {
        return true;
    }
    let stem = page_stem(&page.path);
    only.iter()
        .any(|item| item == stem || item == id || item.replace('/', "_") == id)
}

/// A page's file name without `.md`: `operations/orderitems.md` → `orderitems`.
pub fn page_stem(path: &str) -> &str {
    path.rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md")
}

/// Builds the model of the selected operations, naming schemas as `ledger` records (and giving
/// it the names of what is new).
pub fn build(
    docs: &Docs,
    only: &[String],
    descriptions: bool,
    report: &mut Report,
    ledger: &mut Ledger,
) -> Model {
    let names = naming::assign(docs, ledger);
    let mut builder = Builder {
        docs,
        names,
        ledger,
        model: Model::default(),
        report,
        queue: VecDeque::new(),
        queued: BTreeSet::new(),
        descriptions,
        current: None,
        carried: Vec::new(),
        carriers: Vec::new(),
        pending_fetches: Vec::new(),
        field_names: std::collections::HashMap::new(),
    };
    let mut ids = BTreeSet::new();
    let mut pages = 0;
    for page in docs.operation_pages() {
        let mut any = false;
        for op in &page.operations {
            let id = op.path.as_ref().and_then(|(_, path)| operation_id(path));
            if !selected(only, page, id.as_deref().unwrap_or_default()) {
                continue;
            }
            any = true;
            builder.operation(page, op, &mut ids);
        }
        if any {
            pages += 1;
            for issue in &page.issues {
                builder.report.issues.push(issue.clone());
            }
        }
    }
    if only.is_empty() {
        builder.pages_without_operations();
    }
    builder.errors();
    builder.events(only);
    let mut used_pages = BTreeSet::new();
    while let Some(id) = builder.queue.pop_front() {
        builder.definition(&id);
        used_pages.insert(id.page);
    }
    builder.finish_events();
    // Pages without operations (_objects.md, guidelines) report what they could not place once
    // something of theirs is used.
    for path in used_pages {
        if let Some(page) = docs
            .pages
            .get(&path)
            .filter(|page| page.operations.is_empty() && !super::events::is_events_page(&page.path))
        {
            builder.report.issues.extend(page.issues.iter().cloned());
        }
    }
    builder.report.summary.pages = pages;
    for (carried, owner, property) in std::mem::take(&mut builder.carriers) {
        if let Some(schema) = builder.model.schemas.get_mut(&carried) {
            if schema.carried_by.is_none() && carried != owner {
                schema.carried_by = Some((owner, property));
            }
        }
    }
    let mut model = builder.model;
    mark_usage(&mut model);
    model
}

/// `/api/connector/v1/orderItems/getAll` → `orderItems_getAll`; a dated version
/// `/api/connector/v1/reservations/getAll/2023-06-06` → `reservations_getAll_2023_06_06`;
/// `None` for other shapes.
pub fn operation_id(path: &str) -> Option<String> {
    let rest = path.strip_prefix(PATH_PREFIX)?;
    let mut segments = rest.split('/');
    let (resource, action) = (segments.next()?, segments.next()?);
    let plain =
        |s: &str| !s.is_empty() && crate::ir::naming::is_plain_identifier(s) && !s.contains('_');
    if !(plain(resource) && plain(action)) {
        return None;
    }
    match (segments.next(), segments.next()) {
        (None, _) => Some(format!("{resource}_{action}")),
        (Some(version), None) if is_date(version) => {
            Some(format!("{resource}_{action}_{}", version.replace('-', "_")))
        }
        _ => None,
    }
}

/// `YYYY-MM-DD`, the form of Mews' operation versions.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

impl Builder<'_> {
    /// A page of operations (not an `_objects.md`-like one) with no operation section is
    /// skipped as a whole: said once, with what it could not place.
    fn pages_without_operations(&mut self) {
        for page in self.docs.pages.values() {
            let is_operations =
                page.path.starts_with("operations/") && !page.path.starts_with("operations/_");
            if !is_operations || !page.operations.is_empty() {
                continue;
            }
            self.report.push(
                &page.path,
                0,
                Severity::Skipped,
                "page without an operation section (`## Title` with a `### Request` address line)",
            );
            self.report.issues.extend(page.issues.iter().cloned());
        }
    }

    fn operation(&mut self, page: &Page, op: &OpSection, ids: &mut BTreeSet<String>) {
        for issue in &op.issues {
            self.report.issues.push(issue.clone());
        }
        let file = &page.path;
        let Some((path_line, path)) = &op.path else {
            let (line, message) = match &op.other_address {
                Some((line, address)) => (
                    *line,
                    format!(
                        "operation `{}`: its address `{address}` is not `[PlatformAddress]/api/connector/v1/<resource>/<action>`",
                        op.title
                    ),
                ),
                None => (
                    op.line,
                    format!(
                        "operation `{}` has no `[PlatformAddress]/api/connector/v1/...` line",
                        op.title
                    ),
                ),
            };
            self.report.push(file, line, Severity::Skipped, message);
            return;
        };
        let Some(id) = operation_id(path) else {
            let reason = "the path is not `/api/connector/v1/{resource}/{action}` or `.../{action}/{YYYY-MM-DD}`";
            self.report.push(
                file,
                *path_line,
                Severity::Skipped,
                format!("operation `{}` at `{path}`: {reason}", op.title),
            );
            return;
        };
        if !ids.insert(id.clone()) {
            self.report.push(
                file,
                *path_line,
                Severity::Skipped,
                format!("operation `{id}` is documented twice"),
            );
            return;
        }
        let stem = id.replace('_', " ").to_upper_camel_case();
        let request = self.body(
            file,
            op,
            op.request.as_ref(),
            (&format!("{id}/request"), &format!("{stem}Request")),
            Usage {
                request: true,
                response: false,
            },
        );
        let response = self.body(
            file,
            op,
            op.response.as_ref(),
            (&format!("{id}/response"), &format!("{stem}Response")),
            Usage {
                request: false,
                response: true,
            },
        );
        let discontinued = super::docs::is_discontinued(page).then(|| self.discontinued(op));
        let deprecated = match &discontinued {
            // The page's hint names the replacement ("Use [Set restrictions](…) instead.").
            Some(_) => Some(
                op.description
                    .iter()
                    .find(|line| line.contains("]("))
                    .map(|line| deprecation_note(line))
                    .unwrap_or_default(),
            ),
            None => op.deprecated.as_ref().map(|note| deprecation_note(note)),
        };
        let restricted = op.restricted.as_ref().map(|note| {
            if note.is_empty() {
                "Restricted.".to_owned()
            } else {
                note.clone()
            }
        });
        let description = (self.descriptions && !op.description.is_empty())
            .then(|| super::markdown::plain_text(&op.description.join("\n")));
        self.model.operations.push(Operation {
            id,
            path: path.clone(),
            summary: op.title.clone(),
            description,
            curation: None,
            deprecated,
            restricted,
            retry_safe: false,
            request,
            response,
            pagination: None,
            inferred: Vec::new(),
            source: format!("{file}#{}", op.anchor),
            request_example: None,
            response_example: None,
            docs_examples: Default::default(),
            docs_url: None,
            added: None,
            discontinued,
        });
    }

    /// When a discontinued operation went: the changelog entry that names it (Mews drops the
    /// link when it removes an operation, so by title), else the docs' own date.
    fn discontinued(&self, op: &OpSection) -> Since {
        let changelog = &self.docs.changelog;
        let newest = changelog.newest().unwrap_or("undated");
        let found = changelog.announcing_discontinuation(None, Some(&op.title));
        Since {
            date: found
                .map_or(newest, |found| found.entry.date.as_str())
                .to_owned(),
            source: "docs".to_owned(),
            changelog: found.map(|found| found.entry.url()),
        }
    }

    /// The schema of a request or response body, named after the operation (`key`, `wanted`:
    /// its key in the names file and the name it is given when it has none).
    fn body(
        &mut self,
        file: &str,
        op: &OpSection,
        body: Option<&Body>,
        (key, wanted): (&str, &str),
        usage: Usage,
    ) -> String {
        let name = self.body_name(key, wanted);
        let rows = match body {
            Some(Body {
                rows: Some(rows), ..
            }) => rows.as_slice(),
            Some(Body {
                line,
                rows: None,
                example,
            }) => {
                let empty = example.as_ref().is_none_or(|(_, text)| text.trim() == "{}");
                if !empty {
                    self.report.push(file, *line, Severity::Degraded, format!("`{}`: the body has an example but no property table; imported as an empty object", op.title));
                }
                &[]
            }
            None => {
                self.report.push(
                    file,
                    op.line,
                    Severity::Degraded,
                    format!(
                        "`{}` has no `### {}` section; imported as an empty object",
                        op.title,
                        if usage.request { "Request" } else { "Response" }
                    ),
                );
                &[]
            }
        };
        let properties = self.properties(file, rows);
        self.file_carried(&name);
        if let Some((line, text)) = body.and_then(|body| body.example.as_ref()) {
            match super::infer::lenient_json(text) {
                Some(value) => self.model.examples.push(Example {
                    schema: name.clone(),
                    value,
                    origin: Some(ExampleOrigin {
                        file: file.to_owned(),
                        line: *line,
                        text: text.clone(),
                    }),
                }),
                None => self.report.push(
                    file,
                    *line,
                    Severity::Note,
                    "the JSON example does not parse; no format or nullability is inferred from it",
                ),
            }
        }
        let mut schema = Schema::new(Kind::Object {
            properties,
            union: None,
        });
        schema.source = Some(format!("{file}#{}", op.anchor));
        schema.usage = usage;
        self.model.schemas.insert(name.clone(), schema);
        name
    }

    /// A body's recorded name, else one no definition, schema or recorded key has.
    fn body_name(&mut self, key: &str, wanted: &str) -> String {
        if let Some(name) = self.ledger.recorded(key) {
            return name.to_owned();
        }
        // Asked once per body: test the candidates against what is taken rather than copying
        // every name into a map each time (that was quadratic in the number of bodies).
        let is_taken = |name: &str| {
            // `members` holds every name `of` gives (naming::assign fills both at once).
            self.names.members.contains_key(name)
                || self.model.schemas.contains_key(name)
                || self.ledger.is_taken(name)
        };
        let mut name = wanted.to_owned();
        let mut counter = 2;
        while is_taken(&name) {
            name = format!("{wanted}{counter}");
            counter += 1;
        }
        self.ledger.give(key, &name);
        name
    }

    /// The error body and statuses of `guidelines/responses.md`, when the docs have it.
    fn errors(&mut self) {
        let Some(page) = self.docs.pages.get("guidelines/responses.md") else {
            return;
        };
        let Some(def) = page
            .definitions
            .iter()
            .find(|def| matches!(def.kind, super::page::DefKind::Object(_)))
        else {
            return;
        };
        let id = DefId {
            page: page.path.clone(),
            anchor: def.anchor.clone(),
        };
        let name = self.schema_for(&id);
        self.model.error_schema = Some(name);
        self.model.errors = self
            .docs
            .error_codes
            .iter()
            .map(|(code, description)| ErrorStatus {
                code: *code,
                description: description.clone(),
            })
            .collect();
    }
}

/// `This operation is deprecated. Use X.` → `Use X.`
fn deprecation_note(note: &str) -> String {
    let note = note.trim();
    let note = note
        .strip_prefix("This operation is deprecated.")
        .unwrap_or(note)
        .trim();
    note.to_owned()
}

/// Marks every schema with where it is used: reached from a request body, a response body, or
/// both. Schemas no operation reaches (the error body) count as responses.
pub fn mark_usage(model: &mut Model) {
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for (roots, request) in [
        (
            model
                .operations
                .iter()
                .map(|op| op.request.clone())
                .collect::<Vec<_>>(),
            true,
        ),
        (
            model
                .operations
                .iter()
                .map(|op| op.response.clone())
                .collect(),
            false,
        ),
    ] {
        let mut stack = roots;
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let entry = usage.entry(name.clone()).or_default();
            if request {
                entry.request = true;
            } else {
                entry.response = true;
            }
            if let Some(schema) = model.schemas.get(&name) {
                stack.extend(schema.references().into_iter().map(str::to_owned));
            }
        }
    }
    for (name, schema) in &mut model.schemas {
        schema.usage = usage
            .get(name)
            .copied()
            .filter(|u| u.request || u.response)
            .unwrap_or(Usage {
                request: false,
                response: true,
            });
    }
}

/// What "optional" means where a schema is used: a request property may be left out; a
/// response property is always sent and may be null (Mews writes nulls); a schema used both
/// ways gets both (may be absent, may be null).
pub fn apply_contracts(model: &mut Model) {
    for schema in model.schemas.values_mut() {
        let usage = schema.usage;
        let Some(properties) = schema.properties_mut() else {
            continue;
        };
        for property in properties {
            (property.required, property.nullable) =
                match (property.documented_required, usage.request, usage.response) {
                    (true, _, _) => (true, false),
                    (false, true, false) => (false, false),
                    (false, false, _) => (true, true),
                    (false, true, true) => (false, true),
                };
        }
    }
}
