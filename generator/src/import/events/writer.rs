//! The events in the spec: `x-webhooks` (each webhook a `post` whose request body is the
//! message, as OpenAPI 3.1's `webhooks` has it) and `x-websocket` (the endpoint's path and its
//! message), and each union arm's `fetch` (generator/DESIGN.md).

use crate::json::{json, Map, Value};

use super::super::model::{Event, Fetch, Model};
use super::super::spec_writer::reference;

/// Adds `x-webhooks` and `x-websocket` to the root when the model has events; `examples`
/// writes each message's example beside its schema.
pub fn write(root: &mut Map<String, Value>, model: &Model, examples: bool) {
    let example_of = |event: &Event| {
        event.example.clone().or_else(|| {
            model
                .examples
                .iter()
                .find(|example| example.schema == event.schema)
                .map(|example| example.value.clone())
        })
    };
    let mut webhooks = Map::default();
    let mut websocket = None;
    for event in &model.events {
        let mut media = Map::default();
        media.insert("schema".into(), reference(&event.schema));
        if let Some(example) = example_of(event).filter(|_| examples) {
            media.insert("example".into(), example);
        }
        let content = json!({"application/json": media});
        let mut node = Map::default();
        match &event.websocket {
            Some(path) => {
                node.insert("path".into(), json!(path));
                notes(&mut node, event);
                node.insert("message".into(), json!({"content": content}));
                websocket = Some(Value::Object(node));
            }
            None => {
                node.insert("operationId".into(), json!(event.id));
                notes(&mut node, event);
                node.insert(
                    "requestBody".into(),
                    json!({"required": true, "content": content}),
                );
                node.insert(
                    "responses".into(),
                    json!({"200": {"description": "Received; any other answer makes Mews deliver the message again."}}),
                );
                webhooks.insert(event.id.clone(), json!({"post": node}));
            }
        }
    }
    if !webhooks.is_empty() {
        root.insert("x-webhooks".into(), Value::Object(webhooks));
    }
    if let Some(websocket) = websocket {
        root.insert("x-websocket".into(), websocket);
    }
}

fn notes(node: &mut Map<String, Value>, event: &Event) {
    node.insert("summary".into(), json!(event.summary));
    if let Some(description) = &event.description {
        node.insert("description".into(), json!(description));
    }
    if let Some(curation) = &event.curation {
        node.insert("x-curation".into(), json!(curation));
    }
    node.insert("x-source".into(), json!(event.source));
    if let Some(url) = &event.docs_url {
        node.insert("x-docs".into(), json!(url));
    }
}

/// An arm's `fetch`: `{operation, ids}`, and `id` when it is not `Id`.
pub fn fetch_tree(fetch: &Fetch) -> Value {
    let mut out = Map::default();
    out.insert("operation".into(), json!(fetch.operation));
    out.insert("ids".into(), json!(fetch.ids));
    if fetch.id != "Id" {
        out.insert("id".into(), json!(fetch.id));
    }
    Value::Object(out)
}
