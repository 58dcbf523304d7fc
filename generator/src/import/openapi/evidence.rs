//! Known errors of the official spec, found by evidence and reported, never trusted or fixed
//! silently: a date/date-time format that the body examples (or the property's name and the
//! kind of value its own text promises) contradict.
//!
//! - `date` whose example values are all date-times → `date-time`.
//! - `date-time` whose example values are not date-times (ISO durations such as `P1D`, currency
//!   codes) → plain string.
//! - `date-time` on a `Currency` property (an ISO 4217 code) → plain string.

use std::collections::BTreeMap;

use serde_json::Value;

use super::context::Context;
use crate::import::infer::is_date_time;
use crate::import::model::{Kind, Layout, Model, Ty};
use crate::import::report::Severity;

type Seen = BTreeMap<(String, String), Vec<String>>;

/// Checks every date format against the example values that reach it.
pub fn check_formats(cx: &mut Context<'_>) {
    let mut seen = Seen::new();
    for op in &cx.model.operations {
        for (schema, example) in [
            (&op.request, &op.request_example),
            (&op.response, &op.response_example),
        ] {
            if let Some(example) = example {
                walk(&cx.model, schema, example, &mut seen, 0);
            }
        }
    }
    let mut findings = Vec::new();
    for (schema_name, schema) in &mut cx.model.schemas {
        let Some(properties) = schema.properties_mut() else {
            continue;
        };
        for property in properties {
            let values = seen
                .get(&(schema_name.clone(), property.name.clone()))
                .map_or(&[][..], Vec::as_slice);
            let pointer = property.source.clone().unwrap_or_default();
            let name = property.name.clone();
            let Some(format) = property.ty.string_format_mut() else {
                continue;
            };
            let finding = match (format.as_deref(), values.first()) {
                (Some("date-time"), _) if name.ends_with("Currency") => {
                    *format = None;
                    Some("typed date-time, but it holds an ISO 4217 currency code: imported as a string".to_owned())
                }
                (Some("date"), Some(first)) if values.iter().all(|v| is_date_time(v)) => {
                    *format = Some("date-time".to_owned());
                    Some(format!("typed date, but its example values are date-times (`{first}`): imported as date-time"))
                }
                (Some("date-time"), Some(first)) if !values.iter().any(|v| is_date_time(v)) => {
                    *format = None;
                    Some(format!("typed date-time, but no example value is one (`{first}`): imported as a string"))
                }
                _ => None,
            };
            if let Some(message) = finding {
                property.inferred.push(format!("format: {message}"));
                findings.push((pointer, message));
            }
        }
    }
    for (pointer, message) in findings {
        cx.issue(Severity::Note, &pointer, format!("spec error: {message}"));
    }
}

/// Collects the string values of every property reached from `value` as schema `name`.
fn walk(model: &Model, name: &str, value: &Value, seen: &mut Seen, depth: usize) {
    let Some(schema) = model.schemas.get(name) else {
        return;
    };
    let (Kind::Object { properties, union }, Value::Object(map), true) =
        (&schema.kind, value, depth < 32)
    else {
        return;
    };
    for property in properties {
        let Some(value) = map.get(&property.name) else {
            continue;
        };
        let value = match (property.update_value, value) {
            (true, Value::Object(wrapper)) => wrapper.get("Value").unwrap_or(&Value::Null),
            _ => value,
        };
        let strings = seen
            .entry((name.to_owned(), property.name.clone()))
            .or_default();
        match value {
            Value::String(text) => strings.push(text.clone()),
            Value::Array(items) => {
                strings.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
            }
            _ => {}
        }
        descend(model, &property.ty, value, seen, depth);
    }
    if let Some(union) = union {
        let arm = map
            .get(&union.discriminator)
            .and_then(Value::as_str)
            .and_then(|value| union.arms.iter().find(|arm| arm.value == value));
        let payload = match &union.layout {
            Layout::Adjacent { value } => map.get(value),
            Layout::Sibling => arm
                .and_then(|arm| arm.property.as_ref())
                .and_then(|property| map.get(property)),
        };
        if let (Some(schema), Some(payload)) = (arm.and_then(|arm| arm.schema.as_deref()), payload)
        {
            walk(model, schema, payload, seen, depth + 1);
        }
    }
}

fn descend(model: &Model, ty: &Ty, value: &Value, seen: &mut Seen, depth: usize) {
    match (ty, value) {
        (Ty::Ref(name), _) => walk(model, name, value, seen, depth + 1),
        (Ty::Array(inner), Value::Array(items)) => {
            for item in items {
                descend(model, inner, item, seen, depth);
            }
        }
        (Ty::Map(inner), Value::Object(entries)) => {
            for item in entries.values() {
                descend(model, inner, item, seen, depth);
            }
        }
        _ => {}
    }
}
