//! Where openapiv3 failed: when it panics or reports no line, the raw tree is walked and each
//! node read with the openapiv3 type that stands there, to name the deepest node it rejects.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::{
    Components, Info, Operation, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{pointer, Diagnostic};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}
static QUIET_HOOK: Once = Once::new();

/// Runs `read`, turning a panic into `None` without printing the library's panic message
/// (this thread only; other threads' panics are reported as usual).
pub fn quietly<T>(read: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(read));
    QUIET.with(|quiet| quiet.set(was_quiet));
    result.ok()
}

/// A diagnostic at the deepest node of `raw` that openapiv3 cannot read.
pub fn shape_error(raw: &Value, detail: &str) -> Diagnostic {
    Diagnostic::at(
        find(raw),
        format!("invalid spec: this node does not have the shape OpenAPI 3.0 gives it ({detail})"),
    )
}

fn fails<T: DeserializeOwned>(value: &Value) -> bool {
    !matches!(
        quietly(|| serde_json::from_value::<T>(value.clone())),
        Some(Ok(_))
    )
}

fn find(raw: &Value) -> String {
    if let Some(info) = raw.get("info") {
        if fails::<Info>(info) {
            return "#/info".to_owned();
        }
    }
    match raw.get("paths") {
        Some(Value::Object(paths)) => {
            for (path, item) in paths {
                if fails::<ReferenceOr<PathItem>>(item) {
                    return path_item(item, &pointer("#/paths", path));
                }
            }
        }
        Some(_) => return "#/paths".to_owned(),
        None => {}
    }
    if let Some(components) = raw.get("components") {
        if let Some(Value::Object(schemas)) = components.get("schemas") {
            for (name, schema) in schemas {
                if fails::<ReferenceOr<Schema>>(schema) {
                    return schema_node(schema, &pointer("#/components/schemas", name));
                }
            }
        }
        if fails::<Components>(components) {
            return "#/components".to_owned();
        }
    }
    "#".to_owned()
}

fn path_item(item: &Value, at: &str) -> String {
    let Value::Object(methods) = item else {
        return at.to_owned();
    };
    for (method, operation) in methods {
        if is_method(method) && fails::<Operation>(operation) {
            return operation_node(operation, &format!("{at}/{method}"));
        }
    }
    at.to_owned()
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn operation_node(operation: &Value, at: &str) -> String {
    if let Some(body) = operation.get("requestBody") {
        if fails::<ReferenceOr<RequestBody>>(body) {
            return content(body, &format!("{at}/requestBody"));
        }
    }
    if let Some(Value::Object(responses)) = operation.get("responses") {
        for (status, response) in responses {
            if fails::<ReferenceOr<Response>>(response) {
                return content(response, &pointer(&format!("{at}/responses"), status));
            }
        }
    }
    at.to_owned()
}

/// A request body or response: the schemas of its `content`.
fn content(node: &Value, at: &str) -> String {
    if let Some(Value::Object(media)) = node.get("content") {
        for (kind, entry) in media {
            let entry_at = pointer(&format!("{at}/content"), kind);
            if let Some(schema) = entry.get("schema") {
                if fails::<ReferenceOr<Schema>>(schema) {
                    return schema_node(schema, &format!("{entry_at}/schema"));
                }
            }
        }
    }
    at.to_owned()
}

/// The deepest failing schema under `schema`, itself if none of its subschemas fails.
fn schema_node(schema: &Value, at: &str) -> String {
    let Value::Object(node) = schema else {
        return at.to_owned();
    };
    for (key, value) in node {
        let key_at = pointer(at, key);
        let children: Vec<(String, &Value)> = match (key.as_str(), value) {
            ("properties", Value::Object(properties)) => properties
                .iter()
                .map(|(name, child)| (pointer(&key_at, name), child))
                .collect(),
            ("items" | "not", Value::Object(_)) => vec![(key_at, value)],
            ("additionalProperties", Value::Object(_) | Value::Bool(_)) => {
                vec![(key_at, value)]
            }
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => members
                .iter()
                .enumerate()
                .map(|(index, child)| (format!("{key_at}/{index}"), child))
                .collect(),
            (
                "properties"
                | "items"
                | "not"
                | "additionalProperties"
                | "allOf"
                | "oneOf"
                | "anyOf",
                _,
            ) => return key_at,
            _ => continue,
        };
        for (child_at, child) in children {
            if child.is_object() && fails::<ReferenceOr<Schema>>(child) {
                return schema_node(child, &child_at);
            }
            if !child.is_object() && !child.is_boolean() {
                return child_at;
            }
        }
    }
    at.to_owned()
}
