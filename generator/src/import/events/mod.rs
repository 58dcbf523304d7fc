//! The events pages (`events/*.md`): the messages Mews sends the application, imported with the
//! operations' grammar (titled sections with property tables, value lists and JSON examples).
//!
//! A page with a `Request body` (a webhook) or `Message body` section (the WebSocket, whose page
//! also gives the `[WebSocketAddress]/ws/connector` endpoint) is one message; its body is the
//! message's schema, `{Page title, singular}Message` (`GeneralWebhookMessage`). What the events
//! pages add to the grammar, one module each:
//!
//! ```text
//! unions  `{Discriminator: string [enum](…), Value: object}` and `{Action, Data}`: adjacent
//!         unions over an enum list or a discriminator table (a value per row: `Value` links the
//!         payload, `Fetch operation` the operation reading the entity); a list of links ("one
//!         of the following") whose sections share a constant `string `Name`` row: an internal
//!         union tagged by that row, each section the fields beside the tag
//! fetch   each entity event's operation and its ids property (from the discriminator table)
//! writer  `x-webhooks` and `x-websocket` in the spec, and arms' `fetch`
//! ```

mod fetch;
mod unions;
mod writer;

pub use fetch::PendingFetch;
pub use unions::without_tag;
pub use writer::{fetch_tree, write};

use heck::ToLowerCamelCase;

use super::build::Builder;
use super::docs::{DefId, Docs};
use super::model::{Event, Example, ExampleOrigin};
use super::page::{DefKind, Definition, Page};
use super::report::Severity;

/// Whether a page is one of the events pages.
pub fn is_events_page(path: &str) -> bool {
    path.starts_with("events/")
}

/// The titles of a message's body section.
const BODY_TITLES: [&str; 2] = ["Request body", "Message body"];

/// A page's message body: the first object section titled `Request body` or `Message body`.
pub fn body(page: &Page) -> Option<&Definition> {
    page.definitions.iter().find(|def| {
        BODY_TITLES.contains(&def.title.as_str()) && matches!(def.kind, DefKind::Object(_))
    })
}

/// The page's name for what it documents, singular: `General Webhooks` → `GeneralWebhook`.
pub fn prefix(page: &Page) -> String {
    let title = page.title.as_deref().unwrap_or(&page.path);
    let camel = super::naming::camel(title);
    match camel.strip_suffix('s') {
        Some(singular) if !singular.is_empty() => singular.to_owned(),
        _ => camel,
    }
}

/// The message's id: `generalWebhook` for a webhook, `websocket` for the WebSocket's.
fn event_id(page: &Page) -> String {
    if page.websocket_path.is_some() {
        "websocket".to_owned()
    } else {
        prefix(page).to_lower_camel_case()
    }
}

/// Whether `--only` selects the events of `page`: nothing asked for, `events`, the page's name
/// or the message's id.
fn selected(only: &[String], page: &Page) -> bool {
    let stem = super::build::page_stem(&page.path);
    only.is_empty()
        || only
            .iter()
            .any(|item| item == "events" || item == stem || *item == event_id(page))
}

/// The pages with a message, in file order.
pub fn message_pages(docs: &Docs) -> impl Iterator<Item = &Page> {
    docs.pages
        .values()
        .filter(|page| is_events_page(&page.path) && body(page).is_some())
}

impl Builder<'_> {
    /// The selected messages: their bodies queued for conversion like operations' bodies.
    pub(in crate::import) fn events(&mut self, only: &[String]) {
        let docs = self.docs;
        for page in message_pages(docs).filter(|page| selected(only, page)) {
            let Some(def) = body(page) else { continue };
            let id = DefId {
                page: page.path.clone(),
                anchor: def.anchor.clone(),
            };
            let schema = self.schema_for(&id);
            if let Some((line, text)) = &def.example {
                match super::infer::lenient_json(text) {
                    Some(value) => self.model.examples.push(Example {
                        schema: schema.clone(),
                        value,
                        origin: Some(ExampleOrigin {
                            file: page.path.clone(),
                            line: *line,
                            text: text.clone(),
                        }),
                    }),
                    None => self.report.push(
                        &page.path,
                        *line,
                        Severity::Note,
                        "the JSON example of the message does not parse",
                    ),
                }
            }
            for issue in &page.issues {
                self.report.issues.push(issue.clone());
            }
            let description = (self.descriptions && !def.description.is_empty())
                .then(|| super::markdown::plain_text(&def.description.join(" ")));
            self.model.events.push(Event {
                id: event_id(page),
                websocket: page.websocket_path.as_ref().map(|(_, path)| path.clone()),
                summary: page.title.clone().unwrap_or_else(|| prefix(page)),
                description,
                curation: None,
                schema,
                source: id.to_string(),
                docs_url: None,
                example: None,
            });
        }
    }

    /// After every schema is converted: each event union's arms against the page's list of
    /// supported events (a value listed but without an arm, or the reverse, is a note), and
    /// the pending fetches resolved.
    pub(in crate::import) fn finish_events(&mut self) {
        self.resolve_fetches();
        let docs = self.docs;
        for event in &self.model.events {
            let page_path = event.source.split('#').next().unwrap_or_default();
            let Some(page) = docs.pages.get(page_path) else {
                continue;
            };
            if page.listed_events.is_empty() {
                continue;
            }
            let arms: Vec<&str> = self
                .model
                .schemas
                .iter()
                .filter(|(_, schema)| {
                    schema
                        .source
                        .as_deref()
                        .is_some_and(|source| source.starts_with(page_path))
                })
                .filter_map(|(_, schema)| match &schema.kind {
                    super::model::Kind::Object {
                        union: Some(union), ..
                    } => Some(union.arms.iter().map(|arm| arm.value.as_str())),
                    _ => None,
                })
                .flatten()
                .collect();
            for (line, listed) in &page.listed_events {
                if !arms.contains(&listed.as_str()) {
                    self.report.push(
                        page_path,
                        *line,
                        Severity::Note,
                        format!("`{listed}` is listed as a supported event, but no union of the page has it"),
                    );
                }
            }
        }
    }
}
