//! Curated text survives a re-import: descriptions and `x-curation` notes of an existing spec
//! (e.g. `spec/connector.yaml`) are copied onto the schemas, properties and operations of the
//! same name. They replace text imported from the docs; the overlay's own text is applied after.

use crate::json::Value;

use super::model::Model;

/// Copies the curated texts of `spec` (the raw tree of an OpenAPI file) into `model`: replacing
/// what is there when `replace`, else only where nothing is.
pub fn keep_texts(model: &mut Model, spec: &Value, replace: bool) {
    let fill = |slot: &mut Option<String>, value: Option<String>| {
        if value.is_some() && (replace || slot.is_none()) {
            *slot = value;
        }
    };
    if let Some(info) = spec.get("info") {
        fill(&mut model.info.description, text(info, "description"));
    }
    let schemas = spec.pointer("/components/schemas");
    for (name, schema) in &mut model.schemas {
        let Some(old) = schemas.and_then(|s| s.get(name)) else {
            continue;
        };
        fill(&mut schema.description, text(old, "description"));
        fill(&mut schema.curation, text(old, "x-curation"));
        let Some(properties) = schema.properties_mut() else {
            continue;
        };
        for property in properties {
            let Some(old) = old.get("properties").and_then(|p| p.get(&property.name)) else {
                continue;
            };
            fill(&mut property.description, text(old, "description"));
            fill(&mut property.curation, text(old, "x-curation"));
        }
    }
    let Some(Value::Object(paths)) = spec.get("paths") else {
        return;
    };
    for item in paths.values() {
        let Some(old) = item.get("post") else {
            continue;
        };
        let Some(id) = old.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let Some(op) = model.operations.iter_mut().find(|op| op.id == id) else {
            continue;
        };
        fill(&mut op.description, text(old, "description"));
        fill(&mut op.curation, text(old, "x-curation"));
        if let (Some(summary), true) = (text(old, "summary"), replace) {
            op.summary = summary;
        }
    }
}

fn text(node: &Value, key: &str) -> Option<String> {
    node.get(key).and_then(Value::as_str).map(str::to_owned)
}
