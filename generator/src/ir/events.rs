//! Lowering of the messages Mews sends the application: `x-webhooks` (OpenAPI 3.1's `webhooks`
//! carried by an extension, since the spec is 3.0: one POST each, its body the message) and
//! `x-websocket` (the WebSocket endpoint's path and its message).
//!
//! Read from the raw tree key by key, so that every key is either understood or an error naming
//! its JSON pointer: nothing is accepted and then ignored.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::lower::Lowerer;
use super::schema::{deprecation, with_docs_link};
use super::{naming, refs, Channel, EventMessage, Layout, Shape, TypeRef};
use crate::error::{pointer, Diagnostic};

/// Keys every message description may carry beside its own.
const NOTES: &[&str] = &[
    "summary",
    "description",
    "deprecated",
    "x-deprecated-note",
    "x-source",
    "x-docs",
    "x-curation",
    "x-inferred",
];

/// Names the events' generated items take in the crate.
pub const GENERATED_NAMES: &[&str] = &["Webhook", "EventEntity", "EntitiesToFetch"];

impl Lowerer<'_> {
    pub(super) fn lower_events(
        &mut self,
        extensions: &indexmap::IndexMap<String, Value>,
    ) -> Vec<EventMessage> {
        let mut events = Vec::new();
        if let Some(webhooks) = extensions.get("x-webhooks") {
            self.webhooks(webhooks, &mut events);
        }
        if let Some(websocket) = extensions.get("x-websocket") {
            if let Some(message) = self.websocket(websocket) {
                events.push(message);
            }
        }
        if let Some(first) = events.first() {
            let at = first.pointer.clone();
            for name in GENERATED_NAMES {
                self.claim_name(name, &at);
            }
        }
        self.mark_webhooks(&mut events);
        events
    }

    fn webhooks(&mut self, webhooks: &Value, events: &mut Vec<EventMessage>) {
        let at = "#/x-webhooks";
        let Some(webhooks) = self.object(webhooks, at) else {
            return;
        };
        for (name, item) in webhooks {
            let item_at = pointer(at, name);
            let Some(item) = self.object(item, &item_at) else {
                continue;
            };
            if let Some(key) = item.keys().find(|key| *key != "post") {
                let message = format!("unsupported key `{key}`: a webhook is one `post`");
                self.error(Diagnostic::at(pointer(&item_at, key), message));
                continue;
            }
            let post_at = format!("{item_at}/post");
            let Some(post) = item
                .get("post")
                .and_then(|post| self.object(post, &post_at))
            else {
                self.error(Diagnostic::at(&item_at, "a webhook needs a `post`"));
                continue;
            };
            if !self.known_keys(post, &post_at, &["operationId", "requestBody", "responses"]) {
                continue;
            }
            let Some(id) = post.get("operationId").and_then(Value::as_str) else {
                self.error(Diagnostic::at(
                    &post_at,
                    "a webhook needs a string `operationId`",
                ));
                continue;
            };
            if let Some(responses) = post.get("responses") {
                self.object(responses, &format!("{post_at}/responses"));
            }
            let body_at = format!("{post_at}/requestBody");
            let Some(body) = post
                .get("requestBody")
                .and_then(|body| self.object(body, &body_at))
            else {
                self.error(Diagnostic::at(&post_at, "a webhook needs a `requestBody`"));
                continue;
            };
            if !self.known_keys(body, &body_at, &["required", "description", "content"]) {
                continue;
            }
            let Some(message) = self.message_type(body, &body_at) else {
                continue;
            };
            let Some(variant) = naming::type_name(id) else {
                let message = format!("webhook `{id}` has no Rust name");
                self.error(Diagnostic::at(format!("{post_at}/operationId"), message));
                continue;
            };
            if events
                .iter()
                .any(|other: &EventMessage| other.id == id || other.variant == variant)
            {
                let message =
                    format!("webhook `{id}` is declared twice (or collides as `{variant}`)");
                self.error(Diagnostic::at(format!("{post_at}/operationId"), message));
                continue;
            }
            events.push(EventMessage {
                pointer: post_at,
                id: id.to_owned(),
                channel: Channel::Webhook,
                doc: doc_of(post),
                deprecated: deprecation_of(post),
                message,
                variant,
                marker: None,
            });
        }
    }

    fn websocket(&mut self, websocket: &Value) -> Option<EventMessage> {
        let at = "#/x-websocket";
        let websocket = self.object(websocket, at)?;
        if !self.known_keys(websocket, at, &["path", "message"]) {
            return None;
        }
        let path = match websocket.get("path").and_then(Value::as_str) {
            Some(path) if path.starts_with('/') && !path.contains(char::is_whitespace) => path,
            _ => {
                let message =
                    "the WebSocket needs a `path` starting with `/` (e.g. `/ws/connector`)";
                self.error(Diagnostic::at(format!("{at}/path"), message));
                return None;
            }
        };
        let message_at = format!("{at}/message");
        let Some(body) = websocket
            .get("message")
            .and_then(|body| self.object(body, &message_at))
        else {
            self.error(Diagnostic::at(at, "the WebSocket needs a `message`"));
            return None;
        };
        if !self.known_keys(body, &message_at, &["description", "content"]) {
            return None;
        }
        let message = self.message_type(body, &message_at)?;
        Some(EventMessage {
            pointer: at.to_owned(),
            id: "websocket".to_owned(),
            channel: Channel::WebSocket {
                path: path.to_owned(),
            },
            doc: doc_of(websocket),
            deprecated: deprecation_of(websocket),
            message,
            variant: "WebSocket".to_owned(),
            marker: None,
        })
    }

    /// The body's `content: {application/json: {schema: {$ref}}}`: a component struct or union.
    fn message_type(&mut self, body: &Map<String, Value>, at: &str) -> Option<String> {
        let content_at = format!("{at}/content");
        let content = body
            .get("content")
            .and_then(|content| self.object(content, &content_at));
        let media_at = pointer(&content_at, "application/json");
        let Some(media) = content
            .and_then(|content| content.get("application/json"))
            .and_then(|media| self.object(media, &media_at))
        else {
            self.error(Diagnostic::at(
                content_at,
                "a message needs `application/json` content",
            ));
            return None;
        };
        if !self.known_keys(media, &media_at, &["schema", "example", "examples"]) {
            return None;
        }
        let schema_at = format!("{media_at}/schema");
        let reference = media
            .get("schema")
            .and_then(|schema| schema.get("$ref"))
            .and_then(Value::as_str);
        let Some(reference) = reference else {
            self.error(Diagnostic::at(
                schema_at,
                "the message schema must be a $ref to a component schema",
            ));
            return None;
        };
        let TypeRef::Named(name) = self.resolve(reference, &schema_at)? else {
            return None;
        };
        match self.find_type(&name).map(|def| &def.shape) {
            Some(Shape::Struct(_) | Shape::Union(_)) => Some(name),
            // Lowering the schema failed: that error is reported already.
            None => None,
            Some(_) => {
                let message = format!(
                    "`{}` must be an object or union schema",
                    refs::component_name(reference).unwrap_or_default()
                );
                self.error(Diagnostic::at(schema_at, message));
                None
            }
        }
    }

    /// Each webhook's marker: the first key its message always has and no other webhook's does.
    fn mark_webhooks(&self, events: &mut [EventMessage]) {
        let keys: Vec<Vec<String>> = events
            .iter()
            .map(|event| match event.channel {
                Channel::Webhook => self.always_present(&event.message),
                Channel::WebSocket { .. } => Vec::new(),
            })
            .collect();
        for (index, event) in events.iter_mut().enumerate() {
            if event.channel != Channel::Webhook {
                continue;
            }
            let others: BTreeSet<&String> = keys
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .flat_map(|(_, keys)| keys)
                .collect();
            event.marker = keys[index]
                .iter()
                .find(|key| !others.contains(key))
                .cloned();
        }
    }

    /// The keys a message always carries: a struct's required fields, a union's discriminator.
    fn always_present(&self, message: &str) -> Vec<String> {
        match self.find_type(message).map(|def| &def.shape) {
            Some(Shape::Struct(object)) => object
                .fields
                .iter()
                .filter(|field| field.presence != super::Presence::Optional)
                .map(|field| field.json_name.clone())
                .collect(),
            Some(Shape::Union(union)) => {
                let mut keys = vec![union.discriminator.clone()];
                if let Layout::Adjacent { value } = &union.layout {
                    keys.push(value.clone());
                }
                keys
            }
            _ => Vec::new(),
        }
    }

    fn object<'v>(&mut self, value: &'v Value, at: &str) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.error(Diagnostic::at(at, "expected a mapping"));
        }
        object
    }

    /// Whether every key of `node` is one of `own` or of the notes; each other key is an error.
    fn known_keys(&mut self, node: &Map<String, Value>, at: &str, own: &[&str]) -> bool {
        let mut ok = true;
        for key in node.keys() {
            if !own.contains(&key.as_str()) && !NOTES.contains(&key.as_str()) {
                let message = format!(
                    "unsupported key `{key}` (expected one of: {})",
                    own.join(", ")
                );
                self.error(Diagnostic::at(pointer(at, key), message));
                ok = false;
            }
        }
        ok
    }
}

fn text(node: &Map<String, Value>, key: &str) -> Option<String> {
    node.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn doc_of(node: &Map<String, Value>) -> Option<String> {
    let doc = match (text(node, "summary"), text(node, "description")) {
        (Some(summary), Some(description)) => Some(format!("{summary}\n\n{description}")),
        (summary, description) => summary.or(description),
    };
    with_docs_link(doc, &extensions(node))
}

fn deprecation_of(node: &Map<String, Value>) -> Option<super::Deprecation> {
    let deprecated = node.get("deprecated").and_then(Value::as_bool) == Some(true);
    deprecation(deprecated, &extensions(node))
}

/// The `x-` keys of a node, as openapiv3 gives an operation's extensions.
fn extensions(node: &Map<String, Value>) -> indexmap::IndexMap<String, Value> {
    node.iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}
