//! Known errors of the official spec, found by evidence and reported, never trusted or fixed
//! silently: a date/date-time format that the body examples (or the property's name and the
//! kind of value its own text promises) contradict.
//!
//! - `date` whose example values are all date-times → `date-time`.
//! - `date-time` whose example values are not date-times (ISO durations such as `P1D`, currency
//!   codes) → plain string.
//! - `date-time` on a `Currency` property (an ISO 4217 code) → plain string.

use super::context::Context;
use crate::import::infer::{self, is_date_time};
use crate::import::report::Severity;

/// Checks every date format against the example values that reach it.
pub fn check_formats(cx: &mut Context<'_>) {
    let mut seen = infer::Seen::default();
    for op in &cx.model.operations {
        for (schema, example) in [
            (&op.request, &op.request_example),
            (&op.response, &op.response_example),
        ] {
            if let Some(example) = example {
                infer::collect(&cx.model, schema, example, &mut seen);
            }
        }
    }
    let mut findings = Vec::new();
    for (schema_name, schema) in &mut cx.model.schemas {
        let Some(properties) = schema.properties_mut() else {
            continue;
        };
        for property in properties {
            let values: Vec<&str> =
                seen.get(schema_name, &property.name)
                    .map_or_else(Vec::new, |evidence| {
                        evidence
                            .strings
                            .iter()
                            .map(|(value, _)| value.as_str())
                            .collect()
                    });
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
