//! What the tables do not say, inferred only where it is safe, and always recorded
//! (`x-inferred`): string formats from names, descriptions and examples; nullability from
//! examples; retry safety of reads; cursor pagination from the body shapes.

use std::collections::BTreeMap;

use crate::json::Value;

use super::model::{Model, Ty};
use super::report::{Report, Severity};

mod walk;

pub(crate) use walk::{collect, collect_from, Evidence, Seen, Sightings};

/// Parses a docs example: JSON, forgiving the trailing commas the pages sometimes have.
pub fn lenient_json(text: &str) -> Option<Value> {
    if let Ok(value) = serde_json::from_str(text) {
        return Some(value);
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = text.chars().collect();
    for (index, c) in chars.iter().enumerate() {
        if in_string {
            cleaned.push(*c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if *c == '"' {
            in_string = true;
        }
        if *c == ',' {
            let next = chars
                .get(index + 1..)
                .unwrap_or_default()
                .iter()
                .find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        cleaned.push(*c);
    }
    serde_json::from_str(&cleaned).ok()
}

/// A string format, how to recognise its values, and how to recognise a value that was meant
/// to be one but is mistyped in the docs (`2023-02-1T00:00:00Z`).
struct Format {
    name: &'static str,
    is: fn(&str) -> bool,
    is_malformed: fn(&str) -> bool,
}

const DATE_TIME: Format = Format {
    name: "date-time",
    is: is_date_time,
    is_malformed: malformed_date_time,
};
const DATE: Format = Format {
    name: "date",
    is: is_date,
    is_malformed: malformed_date,
};
const UUID: Format = Format {
    name: "uuid",
    is: is_uuid,
    is_malformed: malformed_uuid,
};

/// Infers string formats and example-proven nullability. A malformed value of the inferred
/// format is a doc error: reported with its file and line, it does not block the inference
/// the other examples support.
pub fn formats_and_nullability(model: &mut Model, report: &mut Report) -> usize {
    let mut seen = Seen::default();
    for (index, example) in model.examples.iter().enumerate() {
        collect_from(model, &example.schema, &example.value, index, &mut seen);
    }
    let mut inferred = 0;
    let mut doc_errors = Vec::new();
    for (schema_name, schema) in &mut model.schemas {
        let response = schema.usage.response;
        let Some(properties) = schema.properties_mut() else {
            continue;
        };
        for property in properties {
            let evidence = seen.get(schema_name, &property.name);
            if response
                && property.required
                && !property.nullable
                && evidence.is_some_and(|e| e.nulls.count > 0)
            {
                property.nullable = true;
                property
                    .inferred
                    .push("nullable (an example value is null)".to_owned());
            }
            for example in evidence.map_or(&[][..], |e| e.wrapped.as_slice()) {
                let message = format!("doc error: the example wraps `{schema_name}.{}` in {{\"Value\": …}}, its table has no update value", property.name);
                doc_errors.push((*example, format!("\"{}\"", property.name), message));
            }
            let strings = evidence.map_or(&[][..], |e| e.strings.as_slice());
            let name = property.name.as_str();
            let described_id = property
                .docs_text
                .to_lowercase()
                .starts_with("unique identifier");
            let hybrid = property.hybrid_identifier;
            let Some(format) = property.ty.string_format_mut() else {
                continue;
            };
            if format.is_some() {
                continue;
            }
            let well_formed = |f: &Format| strings.iter().filter(|(s, _)| (f.is)(s)).count();
            let supports = |f: &Format| {
                strings
                    .iter()
                    .all(|(s, _)| (f.is)(s) || (f.is_malformed)(s))
            };
            let counted = |n: usize| match n {
                0 => String::new(),
                1 => ", 1 example".to_owned(),
                n => format!(", {n} examples"),
            };
            let found = if name.ends_with("Utc") {
                supports(&DATE_TIME).then(|| {
                    let n = well_formed(&DATE_TIME);
                    (
                        &DATE_TIME,
                        format!("format date-time (name *Utc{})", counted(n)),
                    )
                })
            } else if (name.ends_with("Id") || name.ends_with("Ids")) && !hybrid {
                if !strings.is_empty() {
                    let n = well_formed(&UUID);
                    (n > 0 && supports(&UUID))
                        .then(|| (&UUID, format!("format uuid (name *Id{})", counted(n))))
                } else {
                    described_id.then(|| {
                        (
                            &UUID,
                            "format uuid (name *Id, \"Unique identifier\" description)".to_owned(),
                        )
                    })
                }
            } else {
                let n = well_formed(&DATE);
                (n > 0 && supports(&DATE))
                    .then(|| (&DATE, format!("format date (examples{})", counted(n))))
            };
            if let Some((found, note)) = found {
                for (value, example) in strings.iter().filter(|(s, _)| !(found.is)(s)) {
                    let message = format!(
                        "doc error: example value `{value}` of `{schema_name}.{name}` is not a well-formed {}; left out of the format inference",
                        found.name
                    );
                    doc_errors.push((
                        *example,
                        crate::json::Value::String(value.clone()).to_string(),
                        message,
                    ));
                }
                *format = Some(found.name.to_owned());
                property.inferred.push(note);
                inferred += 1;
            }
        }
    }
    for (example, needle, message) in doc_errors {
        let origin = model.examples.get(example).and_then(|e| e.origin.as_ref());
        let (file, line) = origin.map_or(("", 0), |origin| {
            (origin.file.as_str(), origin.line_of_text(&needle))
        });
        report.push(file, line, Severity::Note, message);
    }
    inferred
}

/// The string values the examples give each property, by schema and property name.
pub fn example_strings(model: &Model) -> BTreeMap<(String, String), Vec<String>> {
    let mut seen = Seen::default();
    for (index, example) in model.examples.iter().enumerate() {
        collect_from(model, &example.schema, &example.value, index, &mut seen);
    }
    seen.into_strings()
}

/// Whether a value is well-formed for a string format (`date-time`, `date`, `uuid`); `None` for
/// a format the importer does not check.
pub fn fits_format(format: &str, value: &str) -> Option<bool> {
    match format {
        "date-time" => Some(is_date_time(value)),
        "date" => Some(is_date(value)),
        "uuid" => Some(is_uuid(value)),
        _ => None,
    }
}

/// Operations that only read (`get...`) are safe to retry.
pub fn retry_safety(model: &mut Model) {
    for op in &mut model.operations {
        if !op.retry_safe && op.action().starts_with("get") {
            op.retry_safe = true;
            op.inferred.push("retry-safe (a read: get...)".to_owned());
        }
    }
}

/// Cursor pagination where the request has a `Limitation` and the response a `Cursor` and one
/// required array: the shapes `x-pagination` needs. Operations already decided are left alone.
pub fn pagination(model: &mut Model, decided: &[String], report: &mut Report) {
    let mut found = Vec::new();
    for (index, op) in model.operations.iter().enumerate() {
        if op.pagination.is_some() || decided.contains(&op.id) {
            continue;
        }
        let Some(request) = model.schemas.get(&op.request) else {
            continue;
        };
        let Some(limitation) = request.properties().iter().find(|p| p.name == "Limitation") else {
            continue;
        };
        if !limitation.required || limitation.nullable {
            report.push(
                op.source.split('#').next().unwrap_or_default(),
                0,
                Severity::Note,
                format!("`{}` has an optional Limitation; no x-pagination", op.id),
            );
            continue;
        }
        match paged_items(model, &limitation.ty, &op.response) {
            Ok(items) => found.push((index, items)),
            Err(reason) => report.push(
                op.source.split('#').next().unwrap_or_default(),
                0,
                Severity::Note,
                format!("`{}` has a Limitation but no x-pagination: {reason}", op.id),
            ),
        }
    }
    for (index, items) in found {
        if let Some(op) = model.operations.get_mut(index) {
            op.pagination = Some(items);
            op.inferred.push(
                "x-pagination (Limitation in the request, Cursor and one array in the response)"
                    .to_owned(),
            );
        }
    }
}

fn paged_items(model: &Model, limitation: &Ty, response: &str) -> Result<String, String> {
    let Ty::Ref(limitation) = limitation else {
        return Err("`Limitation` is not an object".into());
    };
    let limitation = model
        .schemas
        .get(limitation)
        .ok_or("`Limitation` is not an object")?;
    let count = limitation.properties().iter().find(|p| p.name == "Count");
    if !count.is_some_and(|p| matches!(p.ty, Ty::Integer(_)) && p.required && !p.nullable) {
        return Err("`Limitation.Count` is not a required integer".into());
    }
    let cursor = limitation.properties().iter().find(|p| p.name == "Cursor");
    if !cursor.is_some_and(|p| p.ty == Ty::String(None) && (p.nullable || !p.required)) {
        return Err("`Limitation.Cursor` is not a string that may be null".into());
    }
    let response = model.schemas.get(response).ok_or("no response schema")?;
    let next = response.properties().iter().find(|p| p.name == "Cursor");
    if !next.is_some_and(|p| p.ty == Ty::String(None) && (p.nullable || !p.required)) {
        return Err("the response has no `Cursor` string that may be null".into());
    }
    let arrays: Vec<&str> = response
        .properties()
        .iter()
        .filter(|p| matches!(p.ty, Ty::Array(_)) && p.required && !p.nullable)
        .map(|p| p.name.as_str())
        .collect();
    match arrays.as_slice() {
        [only] => Ok((*only).to_owned()),
        [] => Err("the response has no required array".into()),
        many => Err(format!(
            "the response has several required arrays ({})",
            many.join(", ")
        )),
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

/// `2023-03-01`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 && digits(y) && digits(m) && digits(d))
}

/// `2023-03-01T00:00:00Z`, `2023-03-01T00:00:00.123+01:00`.
pub(crate) fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let time = time
        .strip_suffix('Z')
        .or_else(|| time.rfind(['+', '-']).and_then(|at| time.get(..at)))
        .unwrap_or("");
    let time = time.split('.').next().unwrap_or_default();
    let parts: Vec<&str> = time.split(':').collect();
    is_date(date)
        && matches!(parts.as_slice(), [h, m, s] if [h, m, s].iter().all(|p| p.len() == 2 && digits(p)))
}

/// Digits and separators of a date (`2023-2-1`), but not `YYYY-MM-DD`.
fn malformed_date(text: &str) -> bool {
    loose_date(text) && !is_date(text)
}

fn loose_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if [y, m, d].iter().all(|p| p.len() <= 4 && digits(p)))
}

/// A date and a time with a digit missing or extra (`2023-02-1T00:00:00Z`).
fn malformed_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let loose_time = time
        .trim_end_matches('Z')
        .split([':', '.', '+', '-'])
        .all(|part| part.len() <= 4 && digits(part));
    loose_date(date) && loose_time && !is_date_time(text)
}

/// Five groups of hex digits of the wrong lengths.
fn malformed_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_hexdigit()))
        && !is_uuid(text)
}

/// `3fa85f64-5717-4562-b3fc-2c963f66afa6`: five groups of 8, 4, 4, 4 and 12 hex digits joined by
/// dashes (checked byte by byte: ids are most of the example values).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(at, byte)| match at {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats() {
        assert!(is_uuid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!is_uuid("eid:COM-123"));
        assert!(is_uuid("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
        for not in [
            "3fa85f64-5717-4562-b3fc-2c963f66afa",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6a",
            "3fa85f6445717-4562-b3fc-2c963f66afa6",
            "3fa85f64-5717-4562-b3fc-2c963f66afg6",
            "3fa85f64-5717-4562-b3fc--c963f66afa6",
            "3fa85f64-5717-4562-b3fc-2c963f66af\u{e9}",
        ] {
            assert!(!is_uuid(not), "{not}");
        }
        assert!(is_date_time("2023-03-01T00:00:00Z"));
        assert!(is_date_time("2023-03-01T00:00:00.5+01:00"));
        assert!(!is_date_time("2023-03-01"));
        assert!(is_date("2025-09-01"));
        assert!(!is_date("2025-9-1"));
    }

    #[test]
    fn tells_mistyped_values_from_other_formats() {
        assert!(malformed_date_time("2023-02-1T00:00:00Z"));
        assert!(malformed_date_time("2023-02-01T0:00:00+01:00"));
        assert!(!malformed_date_time("2023-02-01T00:00:00Z"));
        assert!(!malformed_date_time("2023-02-01"));
        assert!(!malformed_date_time("sometimes"));
        assert!(malformed_date("2025-9-1"));
        assert!(!malformed_date("P1D"));
        assert!(malformed_uuid("3fa85f64-5717-4562-b3fc-2c963f66afa"));
        assert!(!malformed_uuid("eid:COM-123"));
    }

    #[test]
    fn forgives_trailing_commas() {
        assert_eq!(
            lenient_json("{\"a\": 1,\n}"),
            Some(crate::json::json!({"a": 1}))
        );
        assert_eq!(
            lenient_json("{\"a,\": [1,],}"),
            Some(crate::json::json!({"a,": [1]}))
        );
        assert_eq!(lenient_json("{ ... }"), None);
    }
}
