//! One docs page: its operations (`## Title` with `### Request` / `### Response`) and its named
//! objects and enums (`### Title` / `#### Title` followed by a table or a value list).

use std::collections::BTreeMap;

use super::markdown::{self, plain_text, Block, Located};
use super::report::{Issue, Severity};
use super::table::{
    discriminator_row, enum_item, is_discriminator_table, is_property_table, listed_events,
    property_row, EnumItem, PropertyRow,
};
use super::types::TypeExpr;

/// The request or response part of an operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    pub line: usize,
    /// The first untitled property table; `None` when there is none.
    pub rows: Option<Vec<PropertyRow>>,
    pub example: Option<(usize, String)>,
}

/// One `## Operation` section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpSection {
    pub line: usize,
    pub title: String,
    pub anchor: String,
    /// `Some(note)` when struck through or marked Deprecated!.
    pub deprecated: Option<String>,
    /// The text of a Restricted! note.
    pub restricted: Option<String>,
    pub description: Vec<String>,
    /// `/api/connector/v1/orders/add` and its line.
    pub path: Option<(usize, String)>,
    /// An address line in another form (`[ApiBaseUrl]/api/distributor/v1/hotels/get`): another
    /// API's, named when the operation is skipped.
    pub other_address: Option<(usize, String)>,
    pub request: Option<Body>,
    pub response: Option<Body>,
    pub issues: Vec<Issue>,
}

/// What a named section defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefKind {
    Object(Vec<PropertyRow>),
    Enum(Vec<EnumItem>),
    /// A `?Key?` table: a dictionary with values of this type.
    Map(TypeExpr),
    /// No table or list, only a JSON example (e.g. a dictionary shown by example).
    Example,
    /// Only a list of links (events pages): "one of the following", each an object section.
    OneOf(Vec<Link>),
}

/// A link of a list: its line, title and target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub line: usize,
    pub title: String,
    pub target: String,
}

/// A named object or enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub line: usize,
    pub title: String,
    pub anchor: String,
    pub description: Vec<String>,
    pub kind: DefKind,
    pub example: Option<(usize, String)>,
    pub issues: Vec<Issue>,
}

/// A parsed page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// Relative to the docs directory, `/`-separated, e.g. `operations/orders.md`.
    pub path: String,
    /// The `# Title`, e.g. `Order items`.
    pub title: Option<String>,
    pub operations: Vec<OpSection>,
    pub definitions: Vec<Definition>,
    /// Issues outside any operation or definition.
    pub issues: Vec<Issue>,
    /// Events pages: the events a `| Entity | Event | Description |` table lists.
    pub listed_events: Vec<(usize, String)>,
    /// Events pages: the WebSocket endpoint (`[WebSocketAddress]/ws/connector`) and its line.
    pub websocket_path: Option<(usize, String)>,
}

impl Page {
    pub fn definition(&self, anchor: &str) -> Option<&Definition> {
        let anchor = anchor.to_lowercase();
        self.definitions.iter().find(|def| def.anchor == anchor)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Request,
    Response,
}

/// A section being read.
enum Section {
    Top,
    Intro,
    Body(Part),
    Named(Box<Pending>),
}

struct Pending {
    line: usize,
    title: String,
    anchor: String,
    description: Vec<String>,
    rows: Option<Vec<PropertyRow>>,
    items: Vec<EnumItem>,
    prose_items: Vec<(usize, String)>,
    example: Option<(usize, String)>,
    issues: Vec<Issue>,
}

/// Parses a page. `operations` says whether `## Title` sections are operations (true for the
/// pages under `operations/`, false for guidelines).
pub fn parse(path: &str, text: &str, operations: bool) -> Page {
    read(path, text, operations, false)
}

/// Parses an events page (`events/*.md`): titled sections as on the guideline pages, plus
/// event discriminator tables (a value per row, with its payload and fetch operation), lists of
/// links ("one of the following"), the table of supported events and the WebSocket endpoint.
pub fn parse_events(path: &str, text: &str) -> Page {
    read(path, text, false, true)
}

fn read(path: &str, text: &str, operations: bool, events: bool) -> Page {
    let mut reader = Reader {
        page: Page {
            path: path.to_owned(),
            ..Page::default()
        },
        anchors: BTreeMap::new(),
        section: Section::Top,
        in_operation: false,
        quote: None,
        events,
    };
    for located in markdown::blocks(text) {
        reader.block(located, operations);
    }
    reader.close();
    reader.page
}

struct Reader {
    page: Page,
    anchors: BTreeMap<String, usize>,
    section: Section,
    /// Inside an operation's `## Title` section.
    in_operation: bool,
    /// Inside a `> ### Deprecated!` or `> ### Restricted!` note.
    quote: Option<&'static str>,
    /// An events page (see [`parse_events`]).
    events: bool,
}

impl Reader {
    fn anchor(&mut self, text: &str) -> String {
        let slug = markdown::slug(text);
        let seen = self.anchors.entry(slug.clone()).or_insert(0);
        let anchor = if *seen == 0 {
            slug
        } else {
            format!("{slug}-{seen}")
        };
        *seen += 1;
        anchor
    }

    fn issue(&self, line: usize, severity: Severity, message: impl Into<String>) -> Issue {
        Issue {
            file: self.page.path.clone(),
            line,
            severity,
            message: message.into(),
        }
    }

    /// Where an issue found now belongs.
    fn keep(&mut self, issue: Issue) {
        match &mut self.section {
            Section::Named(pending) => pending.issues.push(issue),
            Section::Intro | Section::Body(_) => match self.page.operations.last_mut() {
                Some(op) => op.issues.push(issue),
                None => self.page.issues.push(issue),
            },
            Section::Top => self.page.issues.push(issue),
        }
    }

    fn block(&mut self, Located { line, block }: Located, operations: bool) {
        if !matches!(block, Block::Quote { .. }) {
            self.quote = None;
        }
        match block {
            Block::Heading { level, text } => self.heading(line, level, &text, operations),
            Block::Table {
                header,
                separator,
                rows,
            } => self.table(line, &header, separator, rows),
            Block::Item { text } => self.item(line, text),
            Block::Code { text } => self.code(line, text),
            Block::Quote { text } => self.quote(line, &text),
            Block::Line { text } => self.line(line, text),
        }
    }

    fn heading(&mut self, line: usize, level: usize, text: &str, operations: bool) {
        self.close();
        let anchor = self.anchor(text);
        let title = plain_text(text);
        if level <= 2 {
            self.in_operation = level == 2 && operations;
        }
        let in_operation = self.in_operation;
        self.section = match level {
            1 => {
                self.page.title = Some(title);
                Section::Top
            }
            2 if operations => {
                let deprecated = text.contains("~~") || text.contains("Deprecated!");
                self.page.operations.push(OpSection {
                    line,
                    title: title.replace("Deprecated!", "").trim().to_owned(),
                    anchor,
                    deprecated: deprecated.then(String::new),
                    ..OpSection::default()
                });
                Section::Intro
            }
            3 if in_operation && (title == "Request" || title == "Response") => {
                let part = if title == "Request" {
                    Part::Request
                } else {
                    Part::Response
                };
                if let Some(op) = self.page.operations.last_mut() {
                    let body = Some(Body {
                        line,
                        ..Body::default()
                    });
                    let slot = if part == Part::Request {
                        &mut op.request
                    } else {
                        &mut op.response
                    };
                    if slot.is_some() {
                        let issue = self.issue(
                            line,
                            Severity::Skipped,
                            format!("second `### {title}` section of one operation"),
                        );
                        self.keep(issue);
                        return;
                    }
                    *slot = body;
                }
                Section::Body(part)
            }
            _ => Section::Named(Box::new(Pending {
                line,
                title,
                anchor,
                description: Vec::new(),
                rows: None,
                items: Vec::new(),
                prose_items: Vec::new(),
                example: None,
                issues: Vec::new(),
            })),
        };
    }

    fn table(&mut self, line: usize, header: &[String], separator: bool, rows: Vec<markdown::Row>) {
        if self.events && !is_property_table(header) && self.events_table(header, &rows) {
            return;
        }
        if !is_property_table(header) {
            let issue = self.issue(
                line,
                Severity::Skipped,
                format!(
                    "table with columns `{}` is not a property table",
                    header.join(" | ")
                ),
            );
            self.keep(issue);
            return;
        }
        if !separator {
            let issue = self.issue(
                line,
                Severity::Note,
                "property table without a `| :-- |` separator line",
            );
            self.keep(issue);
        }
        let mut parsed = Vec::new();
        for row in rows {
            match property_row(&row) {
                Ok(row) => parsed.push(row),
                Err(message) => {
                    let issue = self.issue(
                        row.line,
                        Severity::Skipped,
                        format!("row not understood: {message}"),
                    );
                    self.keep(issue);
                }
            }
        }
        let slot = match &mut self.section {
            Section::Named(pending) => &mut pending.rows,
            Section::Body(part) => {
                let part = *part;
                match self.page.operations.last_mut().and_then(|op| {
                    if part == Part::Request {
                        op.request.as_mut()
                    } else {
                        op.response.as_mut()
                    }
                }) {
                    Some(body) => &mut body.rows,
                    None => return,
                }
            }
            Section::Top | Section::Intro => {
                let issue = self.issue(
                    line,
                    Severity::Skipped,
                    "property table outside any request, response or titled section",
                );
                self.keep(issue);
                return;
            }
        };
        if slot.is_some() {
            let issue = self.issue(
                line,
                Severity::Skipped,
                "second property table in one section (only the first is used)",
            );
            self.keep(issue);
            return;
        }
        *slot = Some(parsed);
    }

    /// The tables only events pages have; `false` when this is none of them.
    fn events_table(&mut self, header: &[String], rows: &[markdown::Row]) -> bool {
        if is_discriminator_table(header) {
            let Section::Named(pending) = &mut self.section else {
                return false;
            };
            for row in rows {
                match discriminator_row(header, row) {
                    Some(item) => pending.items.push(item),
                    None => pending.issues.push(Issue {
                        file: self.page.path.clone(),
                        line: row.line,
                        severity: Severity::Skipped,
                        message: "discriminator row without a `Value` code span".to_owned(),
                    }),
                }
            }
            return true;
        }
        match listed_events(header, rows) {
            Some(listed) => {
                self.page.listed_events.extend(listed);
                true
            }
            None => false,
        }
    }

    fn item(&mut self, line: usize, text: String) {
        if let Section::Named(pending) = &mut self.section {
            match enum_item(&text, line) {
                Some(item) => pending.items.push(item),
                None => pending.prose_items.push((line, text)),
            }
        } else if let (Section::Intro, Some(op)) = (&self.section, self.page.operations.last_mut())
        {
            op.description.push(format!("- {text}"));
        } else if let (Section::Body(_), Some(item)) = (&self.section, enum_item(&text, line)) {
            let message = format!("enum value `{}` outside a titled section", item.value);
            let issue = self.issue(line, Severity::Skipped, message);
            self.keep(issue);
        }
    }

    fn code(&mut self, line: usize, text: String) {
        if self.events {
            let trimmed = text.trim();
            if let Some(path) = trimmed.strip_prefix("[WebSocketAddress]") {
                if self.page.websocket_path.is_none() && path.starts_with('/') {
                    self.page.websocket_path = Some((line, path.trim().to_owned()));
                }
                return;
            }
            // Headers, cookies and URLs are shown in code blocks too; only JSON is an example.
            if !trimmed.starts_with(['{', '[']) {
                return;
            }
        }
        match &mut self.section {
            Section::Named(pending) if pending.example.is_none() => {
                pending.example = Some((line, text))
            }
            Section::Body(part) => {
                let part = *part;
                let body = self.page.operations.last_mut().and_then(|op| {
                    if part == Part::Request {
                        op.request.as_mut()
                    } else {
                        op.response.as_mut()
                    }
                });
                if let Some(body) = body {
                    if body.example.is_none() {
                        body.example = Some((line, text));
                    }
                }
            }
            _ => {}
        }
    }

    fn quote(&mut self, line: usize, text: &str) {
        let Some(op) = self
            .page
            .operations
            .last_mut()
            .filter(|_| matches!(self.section, Section::Intro))
        else {
            return;
        };
        let heading = text.trim_start_matches('#').trim();
        if text.starts_with('#') {
            self.quote = match heading {
                "Deprecated!" => {
                    op.deprecated.get_or_insert_with(String::new);
                    Some("deprecated")
                }
                "Restricted!" => {
                    op.restricted.get_or_insert_with(String::new);
                    Some("restricted")
                }
                _ => None,
            };
            let _ = line;
            return;
        }
        let slot = match self.quote {
            Some("deprecated") => op.deprecated.as_mut(),
            Some("restricted") => op.restricted.as_mut(),
            _ => None,
        };
        match slot {
            Some(note) => {
                if !note.is_empty() {
                    note.push(' ');
                }
                note.push_str(&plain_text(text));
            }
            None => op.description.push(text.to_owned()),
        }
    }

    fn line(&mut self, line: usize, text: String) {
        match &mut self.section {
            Section::Named(pending) => pending.description.push(text),
            Section::Intro => {
                if let Some(op) = self.page.operations.last_mut() {
                    op.description.push(text);
                }
            }
            Section::Body(part) => {
                let part = *part;
                let Some(op) = self.page.operations.last_mut() else {
                    return;
                };
                if part != Part::Request || op.path.is_some() {
                    return;
                }
                if let Some(path) = path_of(&text) {
                    op.path = Some((line, path));
                } else if op.other_address.is_none() {
                    op.other_address = address_of(&text).map(|address| (line, address));
                }
            }
            Section::Top => {}
        }
    }

    /// Ends the current section: a titled one becomes a definition when it has content.
    fn close(&mut self) {
        let section = std::mem::replace(&mut self.section, Section::Top);
        let Section::Named(mut pending) = section else {
            self.section = section;
            return;
        };
        let kind = match (pending.rows.take(), pending.items.is_empty()) {
            (Some(rows), items_empty) => {
                if !items_empty {
                    for item in &pending.items {
                        pending.issues.push(self.issue(
                            item.line,
                            Severity::Skipped,
                            format!("enum value `{}` in a section that is an object", item.value),
                        ));
                    }
                }
                match rows.as_slice() {
                    [only] if only.name.is_none() => Some(DefKind::Map(only.ty.clone())),
                    _ => {
                        for row in rows.iter().filter(|row| row.name.is_none()) {
                            pending.issues.push(self.issue(
                                row.line,
                                Severity::Skipped,
                                "a `?Key?` row next to named properties",
                            ));
                        }
                        Some(DefKind::Object(
                            rows.into_iter().filter(|row| row.name.is_some()).collect(),
                        ))
                    }
                }
            }
            (None, false) => {
                for (line, text) in &pending.prose_items {
                    pending.issues.push(self.issue(
                        *line,
                        Severity::Skipped,
                        format!("list item `{text}` is not an enum value"),
                    ));
                }
                Some(DefKind::Enum(std::mem::take(&mut pending.items)))
            }
            (None, true) if pending.example.is_some() => Some(DefKind::Example),
            (None, true) => self.links_only(&pending.prose_items).map(DefKind::OneOf),
        };
        let Some(kind) = kind else {
            // Prose only (e.g. `### Conditions`): nothing to place.
            self.page.issues.append(&mut pending.issues);
            return;
        };
        self.page.definitions.push(Definition {
            line: pending.line,
            title: pending.title,
            anchor: pending.anchor,
            description: pending.description,
            kind,
            example: pending.example,
            issues: pending.issues,
        });
    }
}

impl Reader {
    /// On an events page, a list whose every item is one link: the alternatives of a union.
    fn links_only(&self, items: &[(usize, String)]) -> Option<Vec<Link>> {
        if !self.events || items.is_empty() {
            return None;
        }
        items
            .iter()
            .map(|(line, text)| {
                let text = text.trim();
                let (title, target, used) = markdown::link_at(text)?;
                (used == text.len()).then_some(Link {
                    line: *line,
                    title,
                    target,
                })
            })
            .collect()
    }
}

/// `` `[PlatformAddress]/api/connector/v1/orders/add` `` → `/api/connector/v1/orders/add`.
fn path_of(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('`')?.strip_suffix('`')?;
    let path = inner.strip_prefix("[PlatformAddress]")?;
    path.starts_with('/').then(|| path.to_owned())
}

/// `` `[ApiBaseUrl]/api/distributor/v1/hotels/get` ``: any `[Placeholder]/path` in a code span.
fn address_of(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('`')?.strip_suffix('`')?;
    let (placeholder, path) = inner.strip_prefix('[')?.split_once(']')?;
    (!placeholder.is_empty() && path.starts_with('/')).then(|| inner.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_other_address_lines() {
        assert_eq!(
            address_of("`[ApiBaseUrl]/api/distributor/v1/hotels/get`").as_deref(),
            Some("[ApiBaseUrl]/api/distributor/v1/hotels/get")
        );
        assert_eq!(address_of("`[]/a`"), None);
        assert_eq!(address_of("`x/a`"), None);
    }

    #[test]
    fn reads_path_lines() {
        assert_eq!(
            path_of("`[PlatformAddress]/api/connector/v1/a/b`").as_deref(),
            Some("/api/connector/v1/a/b")
        );
        assert_eq!(path_of("see `x`"), None);
    }
}
