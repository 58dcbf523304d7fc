//! The model as an OpenAPI tree in our conventions, which `spec_writer` writes as text.

use crate::case::Case;
use crate::json::{json, Map, Value};

use super::super::model::{
    DocsExamples, Kind, Layout, Model, Operation, Property, Schema, Since, Ty,
};
use super::{Provenance, Source};

/// The OpenAPI tree.
pub fn tree(model: &Model, provenance: &Provenance<'_>) -> Value {
    // The component schemas, most of the tree, are built beside the rest.
    let (root, schemas) = crate::threads::join(
        || tree_but_schemas(model, provenance),
        || {
            model
                .schemas
                .iter()
                .map(|(name, schema)| (name.clone(), component(schema)))
                .collect::<Map<String, Value>>()
        },
    );
    with_schemas(root, schemas)
}

/// The tree without `components.schemas` (a mapping), which [`with_schemas`] puts in.
fn tree_but_schemas(model: &Model, provenance: &Provenance<'_>) -> Map<String, Value> {
    let mut root = Map::default();
    root.insert("openapi".into(), json!("3.0.3"));
    let mut info = Map::default();
    info.insert("title".into(), json!(model.info.title));
    info.insert("version".into(), json!(model.info.version));
    if let Some(description) = &model.info.description {
        info.insert("description".into(), json!(description));
    }
    root.insert("info".into(), Value::Object(info));
    if !model.servers.is_empty() {
        let servers: Vec<Value> = model
            .servers
            .iter()
            .map(|(url, description)| match description {
                Some(description) => json!({"url": url, "description": description}),
                None => json!({"url": url}),
            })
            .collect();
        root.insert("servers".into(), Value::Array(servers));
    }
    root.insert(
        "x-envelope".into(),
        json!({"fields": model.envelope, "secrets": model.secrets}),
    );
    let inferred: usize = model
        .schemas
        .values()
        .flat_map(|s| s.properties())
        .map(|p| p.inferred.len())
        .sum::<usize>()
        + model
            .operations
            .iter()
            .map(|op| op.inferred.len())
            .sum::<usize>();
    let mut import = Map::default();
    import.insert("source".into(), json!(provenance.source.label()));
    if !provenance.dates.is_empty() {
        let dates: Map<String, Value> = provenance
            .dates
            .iter()
            .map(|(source, date)| ((*source).to_owned(), json!(date)))
            .collect();
        import.insert("dates".into(), Value::Object(dates));
    }
    import.insert("overlay".into(), json!(provenance.overlay));
    import.insert("operations".into(), json!(model.operations.len()));
    import.insert("schemas".into(), json!(model.schemas.len()));
    import.insert("inferred".into(), json!(inferred));
    root.insert("x-import".into(), Value::Object(import));
    let mut tags: Vec<&str> = model.operations.iter().map(Operation::resource).collect();
    tags.dedup();
    let mut seen = std::collections::BTreeSet::new();
    tags.retain(|tag| seen.insert(*tag));
    root.insert(
        "tags".into(),
        Value::Array(tags.iter().map(|tag| json!({"name": tag})).collect()),
    );
    let mut paths = Map::default();
    for op in &model.operations {
        let examples = match provenance.source {
            Source::Docs(_) => false,
            Source::OpenApi(_) => true,
            Source::Both { .. } => provenance.examples,
        };
        paths.insert(
            op.path.clone(),
            json!({"post": operation(model, op, examples)}),
        );
    }
    root.insert("paths".into(), Value::Object(paths));
    let examples = !matches!(provenance.source, Source::Both { .. }) || provenance.examples;
    crate::import::events::write(&mut root, model, examples);
    let mut components = Map::default();
    if let Some(error) = &model.error_schema {
        let responses: Map<String, Value> = model
            .errors
            .iter()
            .map(|status| {
                (response_name(&status.description), json!({"description": status.description, "content": {"application/json": {"schema": reference(error)}}}))
            })
            .collect();
        components.insert("responses".into(), Value::Object(responses));
    }
    root.insert("components".into(), Value::Object(components));
    root
}

/// `root` with `schemas` as `components.schemas`, after the components' other entries.
fn with_schemas(mut root: Map<String, Value>, schemas: Map<String, Value>) -> Value {
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.insert("schemas".into(), Value::Object(schemas));
    }
    Value::Object(root)
}

fn response_name(description: &str) -> String {
    let cleaned: String = description
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.to_upper_camel_case()
}

pub(in crate::import) fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A body: its schema, and its example when there is one to write.
/// A body's media type: the schema, and its examples: one as `example`; with the docs' too, all
/// under `examples` named by source (`openapi`, `docs`, `docs-2`, ...).
fn body(schema: &str, example: Option<&Value>, docs: &[Value]) -> Value {
    let mut media = Map::default();
    media.insert("schema".into(), reference(schema));
    match (example, docs) {
        (Some(example), []) => {
            media.insert("example".into(), example.clone());
        }
        (example, docs) => {
            let mut named = Map::default();
            if let Some(example) = example {
                named.insert("openapi".into(), json!({"value": example}));
            }
            for (index, value) in docs.iter().enumerate() {
                named.insert(docs_example_name(index), json!({"value": value}));
            }
            if !named.is_empty() {
                media.insert("examples".into(), Value::Object(named));
            }
        }
    }
    json!({"application/json": media})
}

/// The name of the docs' n-th example of a body (`docs`, `docs-2`, ...), as the round-trip and
/// the received types' evidence call it.
pub fn docs_example_name(index: usize) -> String {
    match index {
        0 => "docs".to_owned(),
        n => format!("docs-{}", n + 1),
    }
}

fn operation(model: &Model, op: &Operation, examples: bool) -> Value {
    let mut out = Map::default();
    out.insert("operationId".into(), json!(op.id));
    out.insert("tags".into(), json!([op.resource()]));
    out.insert("summary".into(), json!(op.summary));
    if let Some(description) = &op.description {
        out.insert("description".into(), json!(description));
    }
    if let Some(note) = &op.deprecated {
        out.insert("deprecated".into(), json!(true));
        if !note.is_empty() {
            out.insert("x-deprecated-note".into(), json!(note));
        }
    }
    if let Some(note) = &op.restricted {
        out.insert("x-restricted".into(), json!(note));
    }
    if op.retry_safe {
        out.insert("x-retry-safe".into(), json!(true));
    }
    if let Some(items) = &op.pagination {
        out.insert("x-pagination".into(), json!({"items": items}));
    }
    if !op.inferred.is_empty() {
        out.insert("x-inferred".into(), json!(op.inferred));
    }
    if let Some(curation) = &op.curation {
        out.insert("x-curation".into(), json!(curation));
    }
    if let Some(added) = &op.added {
        out.insert("x-added".into(), since_value(added));
    }
    if let Some(discontinued) = &op.discontinued {
        out.insert("x-discontinued".into(), since_value(discontinued));
    }
    out.insert("x-source".into(), json!(op.source));
    if let Some(url) = &op.docs_url {
        out.insert("x-docs".into(), json!(url));
    }
    let example = |value: &Option<Value>| value.as_ref().filter(|_| examples).cloned();
    let request_example = example(&op.request_example);
    let response_example = example(&op.response_example);
    let docs = if examples {
        op.docs_examples.clone()
    } else {
        DocsExamples::default()
    };
    out.insert(
        "requestBody".into(),
        json!({"required": true, "content": body(&op.request, request_example.as_ref(), &docs.request)}),
    );
    let mut responses = Map::default();
    responses.insert(
        "200".into(),
        json!({"description": "Success.", "content": body(&op.response, response_example.as_ref(), &docs.response)}),
    );
    if model.error_schema.is_some() {
        for status in &model.errors {
            responses.insert(status.code.to_string(), json!({"$ref": format!("#/components/responses/{}", response_name(&status.description))}));
        }
    }
    out.insert("responses".into(), Value::Object(responses));
    Value::Object(out)
}

fn component(schema: &Schema) -> Value {
    let mut out = Map::default();
    match &schema.kind {
        Kind::Object { properties, union } => {
            out.insert("type".into(), json!("object"));
            notes(&mut out, schema);
            let required: Vec<&str> = properties
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.as_str())
                .collect();
            if !required.is_empty() {
                out.insert("required".into(), json!(required));
            }
            let props: Map<String, Value> = properties
                .iter()
                .map(|p| (p.name.clone(), property(p)))
                .collect();
            out.insert("properties".into(), Value::Object(props));
            if let Some(union) = union {
                let arms: Vec<Value> = union
                    .arms
                    .iter()
                    .map(|arm| {
                        let mut value = Map::default();
                        value.insert("value".into(), json!(arm.value));
                        if let Some(property) = &arm.property {
                            value.insert("property".into(), json!(property));
                        }
                        if let Some(schema) = &arm.schema {
                            value.insert(
                                "schema".into(),
                                json!(format!("#/components/schemas/{schema}")),
                            );
                        }
                        if let Some(fetch) = &arm.fetch {
                            value.insert("fetch".into(), crate::import::events::fetch_tree(fetch));
                        }
                        Value::Object(value)
                    })
                    .collect();
                let mut spec = Map::default();
                match &union.layout {
                    Layout::Sibling => {
                        spec.insert("layout".into(), json!("sibling"));
                        spec.insert("discriminator".into(), json!(union.discriminator));
                    }
                    Layout::Adjacent { value } => {
                        spec.insert("layout".into(), json!("adjacent"));
                        spec.insert("discriminator".into(), json!(union.discriminator));
                        spec.insert("value".into(), json!(value));
                    }
                    Layout::Internal => {
                        spec.insert("layout".into(), json!("internal"));
                        spec.insert("discriminator".into(), json!(union.discriminator));
                    }
                }
                spec.insert("arms".into(), Value::Array(arms));
                out.insert("x-union".into(), Value::Object(spec));
            }
        }
        Kind::Enum(values) => {
            out.insert("type".into(), json!("string"));
            notes(&mut out, schema);
            out.insert("enum".into(), json!(values));
        }
        Kind::Alias(ty) => {
            if let Value::Object(inline) = type_schema(ty) {
                out.extend(inline);
            }
            notes(&mut out, schema);
        }
    }
    Value::Object(out)
}

fn notes(out: &mut Map<String, Value>, schema: &Schema) {
    if let Some(description) = &schema.description {
        out.insert("description".into(), json!(description));
    }
    if let Some(note) = &schema.deprecated {
        out.insert("deprecated".into(), json!(true));
        if !note.is_empty() {
            out.insert("x-deprecated-note".into(), json!(note));
        }
    }
    if !schema.inferred.is_empty() {
        out.insert("x-inferred".into(), json!(schema.inferred));
    }
    if let Some(curation) = &schema.curation {
        out.insert("x-curation".into(), json!(curation));
    }
    if let Some(source) = &schema.source {
        out.insert("x-source".into(), json!(source));
    }
    if let Some((carrier, property)) = &schema.carried_by {
        out.insert(
            "x-carried-by".into(),
            json!(format!("{carrier}.{property}")),
        );
    }
    if let Some(url) = &schema.docs_url {
        out.insert("x-docs".into(), json!(url));
    }
    // Only values the schema lists (an overlay's `enum:` may have replaced them).
    let listed: Vec<&str> = match &schema.kind {
        Kind::Enum(values) => values.iter().map(String::as_str).collect(),
        Kind::Object {
            union: Some(union), ..
        } => union.arms.iter().map(|arm| arm.value.as_str()).collect(),
        _ => Vec::new(),
    };
    let deprecated: Map<String, Value> = schema
        .values_deprecated
        .iter()
        .filter(|(value, _)| listed.contains(&value.as_str()))
        .map(|(value, note)| (value.clone(), json!(note)))
        .collect();
    if !deprecated.is_empty() {
        out.insert("x-deprecated-values".into(), Value::Object(deprecated));
    }
    let added: Map<String, Value> = schema
        .values_added
        .iter()
        .filter(|(value, _)| listed.contains(&value.as_str()))
        .map(|(value, added)| (value.clone(), since_value(added)))
        .collect();
    if !added.is_empty() {
        out.insert("x-added-values".into(), Value::Object(added));
    }
}

/// `{date, source, changelog}`: why an item only one source lists is in the spec.
fn since_value(added: &Since) -> Value {
    let mut out = Map::default();
    out.insert("date".into(), json!(added.date));
    out.insert("source".into(), json!(added.source));
    if let Some(url) = &added.changelog {
        out.insert("changelog".into(), json!(url));
    }
    Value::Object(out)
}

/// A type as an inline schema, without property metadata.
fn type_schema(ty: &Ty) -> Value {
    match ty {
        Ty::String(format) => with_format("string", format),
        Ty::Integer(format) => with_format("integer", format),
        Ty::Number => json!({"type": "number"}),
        Ty::Boolean => json!({"type": "boolean"}),
        Ty::Any => json!({}),
        Ty::Object => json!({"type": "object"}),
        Ty::Array(item) => json!({"type": "array", "items": type_schema(item)}),
        Ty::Map(value) => json!({"type": "object", "additionalProperties": type_schema(value)}),
        Ty::Ref(name) => reference(name),
    }
}

fn with_format(kind: &str, format: &Option<String>) -> Value {
    match format {
        Some(format) => json!({"type": kind, "format": format}),
        None => json!({"type": kind}),
    }
}

/// A property: its type with what the table says about it. A `$ref` that needs any of that
/// (nullable, a description...) is wrapped in a one-element `allOf`, since OpenAPI 3.0 drops
/// the siblings of a bare `$ref`.
fn property(p: &Property) -> Value {
    let mut meta = Map::default();
    if p.nullable {
        meta.insert("nullable".into(), json!(true));
    }
    if let Some(description) = &p.description {
        meta.insert("description".into(), json!(description));
    }
    if let Some(note) = &p.deprecated {
        meta.insert("deprecated".into(), json!(true));
        if !note.is_empty() {
            meta.insert("x-deprecated-note".into(), json!(note));
        }
    }
    if p.update_value {
        meta.insert("x-update-value".into(), json!(true));
    }
    limits(p, &mut meta);
    if let Some(interval) = &p.max_interval {
        meta.insert("x-max-interval".into(), json!(interval));
    }
    if !p.inferred.is_empty() {
        meta.insert("x-inferred".into(), json!(p.inferred));
    }
    if let Some(curation) = &p.curation {
        meta.insert("x-curation".into(), json!(curation));
    }
    if let Some(added) = &p.added {
        meta.insert("x-added".into(), since_value(added));
    }
    let mut out = Map::default();
    match &p.ty {
        Ty::Ref(name) if meta.is_empty() => return reference(name),
        Ty::Ref(name) => {
            out.extend(meta);
            out.insert("allOf".into(), json!([reference(name)]));
        }
        ty => {
            let ty = if p.hybrid_identifier && crate::import::hybrid::is_plain_string(ty) {
                &hybrid_identifier(ty)
            } else {
                ty
            };
            if let Value::Object(inline) = type_schema(ty) {
                out.extend(inline);
            }
            out.extend(meta);
        }
    }
    Value::Object(out)
}

/// The limits of a property, with the OpenAPI keyword where it applies to the property's type
/// (openapiv3 rejects `maxLength` on an array) and an `x-` key elsewhere, which records the
/// source's words without a check: a length limit on a UUID or a date is the format's business.
/// A `maxLength` on an array (the official spec's update values of id lists) is its `maxItems`.
fn limits(p: &Property, meta: &mut Map<String, Value>) {
    let array = matches!(p.ty, Ty::Array(_));
    let text = matches!(&p.ty, Ty::String(format) if !matches!(format.as_deref(), Some("uuid" | "date" | "date-time")));
    let number = matches!(p.ty, Ty::Integer(_) | Ty::Number);
    let key = |standard: &'static str, applies: bool| -> String {
        if applies {
            standard.to_owned()
        } else {
            format!("x-{}", heck::ToKebabCase::to_kebab_case(standard))
        }
    };
    let (max_items, max_length) = match (array, p.max_items, p.max_length) {
        (true, None, Some(length)) => (Some(length), None),
        (_, items, length) => (items, length),
    };
    let mut put = |name: String, value: Value| {
        meta.insert(name, value);
    };
    if let Some(max) = max_items {
        put(key("maxItems", array), json!(max));
    }
    if let Some(min) = p.min_items {
        put(key("minItems", array), json!(min));
    }
    if p.unique_items {
        put(key("uniqueItems", array), json!(true));
    }
    if let Some(max) = max_length {
        put(key("maxLength", text), json!(max));
    }
    if let Some(min) = p.min_length {
        put(key("minLength", text), json!(min));
    }
    for (name, bound) in [("minimum", &p.minimum), ("maximum", &p.maximum)] {
        if let Some(bound) = bound {
            let value = bound
                .parse::<serde_json::Number>()
                .map_or_else(|_| json!(bound), Value::Number);
            put(key(name, number), value);
        }
    }
}

/// A string (or array of strings) with the format of a hybrid identifier.
fn hybrid_identifier(ty: &Ty) -> Ty {
    match ty {
        Ty::Array(item) => Ty::Array(Box::new(hybrid_identifier(item))),
        _ => Ty::String(Some("hybrid-identifier".to_owned())),
    }
}
