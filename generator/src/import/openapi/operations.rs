//! Operations: ids of dated versions in our convention (`reservations_getAll_2023-06-06` →
//! `reservations_getAll_2023_06_06`), request and response bodies by reference or named when
//! inline, their examples, deprecation and `x-restricted`, and the error statuses.

use crate::json::Value;

use super::context::Context;
use super::schemas;
use super::tree::{child, flag, ref_name, str_of};
use crate::import::build::PATH_PREFIX;
use crate::import::model::{ErrorStatus, Kind, Operation, Property, Schema};
use crate::import::naming;
use crate::import::report::Severity;

/// Reads every operation under `paths`.
pub fn operations(cx: &mut Context<'_>) {
    let paths = cx.tree.root.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let at = child("#/paths", path);
        for (method, op) in item.as_object().into_iter().flatten() {
            let op_at = child(&at, method);
            if method != "post" {
                cx.issue(
                    Severity::Skipped,
                    &op_at,
                    format!("a `{method}` operation: the Connector API is POST only"),
                );
                continue;
            }
            operation(cx, path, op, &op_at);
        }
    }
}

/// `reservations_getAll_2023-06-06` → `reservations_getAll_2023_06_06`.
pub fn operation_id(raw: &str) -> String {
    raw.replace(['-', '/', '.'], "_")
}

fn operation(cx: &mut Context<'_>, path: &str, op: &Value, at: &str) {
    let Some(raw_id) = str_of(op, "operationId") else {
        cx.issue(Severity::Skipped, at, "an operation without operationId");
        return;
    };
    if !path.starts_with(PATH_PREFIX) {
        cx.issue(
            Severity::Skipped,
            at,
            format!("`{raw_id}`: the path does not start with {PATH_PREFIX}"),
        );
        return;
    }
    let id = operation_id(raw_id);
    let title = id.replace('_', " ");
    let request_at = child(at, "requestBody/content/application~1json");
    let Some(request) = body(
        cx,
        op.pointer("/requestBody/content/application~1json"),
        &request_at,
        &format!("{title} request"),
    ) else {
        cx.issue(
            Severity::Skipped,
            at,
            format!("`{raw_id}` has no JSON request body"),
        );
        return;
    };
    let response_at = child(at, "responses/200/content/application~1json");
    let Some(response) = body(
        cx,
        op.pointer("/responses/200/content/application~1json"),
        &response_at,
        &format!("{title} response"),
    ) else {
        cx.issue(
            Severity::Skipped,
            at,
            format!("`{raw_id}` has no JSON 200 response"),
        );
        return;
    };
    if cx.model.errors.is_empty() {
        errors(cx, op);
    }
    let summary = str_of(op, "summary").unwrap_or(raw_id);
    cx.model.operations.push(Operation {
        id,
        path: path.to_owned(),
        summary: summary.strip_prefix("Mews ").unwrap_or(summary).to_owned(),
        description: str_of(op, "description")
            .filter(|_| cx.descriptions)
            .map(str::to_owned),
        curation: None,
        deprecated: schemas::deprecation(op),
        restricted: flag(op, "x-restricted")
            .then(|| "Restricted by Mews (x-restricted in the OpenAPI spec).".to_owned()),
        retry_safe: false,
        request,
        response,
        pagination: None,
        inferred: Vec::new(),
        source: format!("{}{at}", cx.file),
        request_example: example(op.pointer("/requestBody/content/application~1json")),
        response_example: example(op.pointer("/responses/200/content/application~1json")),
        docs_examples: Default::default(),
        docs_url: None,
        added: None,
        discontinued: None,
    });
}

/// The `example`, else the first of `examples`.
fn example(media: Option<&Value>) -> Option<Value> {
    let media = media?;
    media.get("example").cloned().or_else(|| {
        media
            .get("examples")?
            .as_object()?
            .values()
            .next()?
            .get("value")
            .cloned()
    })
}

/// A body's schema name: its `$ref`, or a schema made of the inline definition.
fn body(cx: &mut Context<'_>, media: Option<&Value>, at: &str, name: &str) -> Option<String> {
    let schema = media?.get("schema")?;
    if let Some(name) = ref_name(schema) {
        return Some(name.to_owned());
    }
    let at = child(at, "schema");
    let wanted = [
        str_of(schema, "title")
            .map(naming::camel)
            .unwrap_or_default(),
        naming::camel(name),
    ];
    if let Some(members) = schema.get("oneOf").and_then(Value::as_array) {
        let name = cx.name_for(&at, &[wanted[1].clone()]);
        let merged = alternatives(cx, members, &at, &name);
        cx.add_schema(&name, merged);
        return Some(name);
    }
    match schemas::ty(cx, schema, &at, &wanted) {
        crate::import::model::Ty::Ref(name) => Some(name),
        other => {
            let name = cx.name_for(&at, &[wanted[1].clone()]);
            let mut alias = Schema::new(Kind::Alias(other));
            alias.source = Some(at);
            cx.add_schema(&name, alias);
            Some(name)
        }
    }
}

/// A `oneOf` body of alternative parameter sets → one object with every property of every
/// alternative; a property is required only when every alternative requires it.
fn alternatives(cx: &mut Context<'_>, members: &[Value], at: &str, name: &str) -> Schema {
    let mut sets: Vec<Vec<Property>> = Vec::new();
    let mut names = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let member_at = child(&child(at, "oneOf"), &index.to_string());
        let target = ref_name(member).and_then(|n| cx.tree.schema(n).map(|s| (n.to_owned(), s)));
        match target {
            Some((member_name, target)) => {
                let pointer = format!("{}{member_name}", super::tree::SCHEMAS);
                let converted = schemas::component(cx, &member_name, target, &pointer);
                sets.push(converted.properties().to_vec());
                names.push(member_name);
            }
            None => cx.issue(
                Severity::Skipped,
                &member_at,
                "a oneOf alternative that is not a $ref: left out of the merged body",
            ),
        }
    }
    let mut properties: Vec<Property> = Vec::new();
    for set in &sets {
        for property in set {
            if properties.iter().all(|p| p.name != property.name) {
                let mut property = property.clone();
                property.required = sets
                    .iter()
                    .all(|set| set.iter().any(|p| p.name == property.name && p.required));
                property.documented_required = property.required;
                properties.push(property);
            }
        }
    }
    cx.issue(
        Severity::Note,
        at,
        format!(
            "a oneOf request body ({}): merged into `{name}`; a property is required only where every alternative requires it",
            names.join(", ")
        ),
    );
    let mut schema = Schema::new(Kind::Object {
        properties,
        union: None,
    });
    schema.source = Some(at.to_owned());
    schema
}

/// The error statuses (every 4xx/5xx with a JSON body) and their body schema, from the first
/// operation; our own short texts name them.
fn errors(cx: &mut Context<'_>, op: &Value) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return;
    };
    for (code, response) in responses {
        let Ok(code) = code.parse::<u16>() else {
            continue;
        };
        if code < 400 {
            continue;
        }
        let schema = response
            .pointer("/content/application~1json/schema")
            .and_then(ref_name);
        if let Some(schema) = schema {
            cx.model
                .error_schema
                .get_or_insert_with(|| schema.to_owned());
        }
        let description = match code {
            400 => "Bad request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not found",
            408 => "Request timeout",
            409 => "Conflict",
            429 => "Too many requests",
            500 => "Server error",
            _ => "Error",
        };
        cx.model.errors.push(ErrorStatus {
            code,
            description: format!("{description} ({code})"),
        });
    }
}
