//! The example round-trip: a Rust program that decodes every body example of a spec into the
//! type generated for that body and encodes it back, comparing the JSON.
//!
//! The rule for comparing: the request example loses the envelope fields first (the client
//! adds them); then, on both sides, object keys whose value is `null` are dropped (decoding
//! treats absent and `null` alike for every `Option`, and encoding leaves out a `None` that
//! may be absent), numbers compare by decimal value (`100.0` equals `100`), date-times as
//! instants (`…00.000Z` equals `…00Z`) and UUIDs regardless of case.
//! Everything else must be equal: a key or value lost or added is an exception.
//!
//! Numbers reach the program as `serde_json::Value`, which (without serde_json's
//! `arbitrary_precision`, which the crate no longer enables) holds them as `f64`: exact for every
//! example the sources have (none has more than 15 significant digits), not a check of money's
//! exactness. That is checked on the bindings' own decode path, from text, by `tests/models.rs`
//! and `tests/app-json` (28-digit amounts).

use serde_json::Value;

use crate::error::Error;

/// One example to check.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub operation: String,
    /// `request`, `response`, or `message` (an event message's example).
    pub direction: &'static str,
    /// The generated type, as a path inside the bindings crate (`order_items::OrderItemResult`).
    pub rust_type: String,
    pub example: Value,
}

/// The cases of a spec in our conventions: the `example` of each request and 200 response
/// body, and of each event message (`x-webhooks`, `x-websocket`), with the Rust type the
/// generator makes of that body.
pub fn cases(spec_text: &str) -> Result<(Vec<Case>, Vec<String>), Error> {
    let spec = crate::parse::parse(spec_text)?;
    let api = crate::ir::lower(&spec)?;
    // serde_json's tree, whose examples the cases hold (its objects sorted by key).
    let raw = spec.raw.to_serde_json();
    let mut out = Vec::new();
    for op in &api.operations {
        // `example`, and each of `examples` (an import of both sources names them by source:
        // `openapi`, `docs`, `docs-2`; the case's operation is then `orders_add@docs`).
        let media = |at: &str| -> Vec<(String, Value)> {
            let Some(media) = raw.pointer(&format!(
                "{}/{at}/content/application~1json",
                pointer_of(&op.pointer)
            )) else {
                return Vec::new();
            };
            let mut found: Vec<(String, Value)> = media
                .get("example")
                .map(|example| (op.id.clone(), example.clone()))
                .into_iter()
                .collect();
            if let Some(named) = media.get("examples").and_then(Value::as_object) {
                for (name, example) in named {
                    if let Some(value) = example.get("value") {
                        found.push((format!("{}@{name}", op.id), value.clone()));
                    }
                }
            }
            found
        };
        for (direction, rust_type, examples) in [
            ("request", &op.request, media("requestBody")),
            ("response", &op.response, media("responses/200")),
        ] {
            let module = api
                .types
                .iter()
                .find(|t| &t.name == rust_type)
                .map(|t| t.module.clone())
                .unwrap_or_default();
            for (operation, example) in examples {
                out.push(Case {
                    operation,
                    direction,
                    rust_type: format!("{module}::{rust_type}"),
                    example,
                });
            }
        }
    }
    for event in &api.events {
        let media_at = match event.channel {
            crate::ir::Channel::Webhook => {
                format!(
                    "{}/requestBody/content/application~1json",
                    pointer_of(&event.pointer)
                )
            }
            crate::ir::Channel::WebSocket { .. } => {
                format!(
                    "{}/message/content/application~1json",
                    pointer_of(&event.pointer)
                )
            }
        };
        let Some(media) = raw.pointer(&media_at) else {
            continue;
        };
        let module = api
            .types
            .iter()
            .find(|t| t.name == event.message)
            .map(|t| t.module.clone())
            .unwrap_or_default();
        let mut found: Vec<(String, Value)> = media
            .get("example")
            .map(|example| (event.id.clone(), example.clone()))
            .into_iter()
            .collect();
        if let Some(named) = media.get("examples").and_then(Value::as_object) {
            for (name, example) in named {
                if let Some(value) = example.get("value") {
                    found.push((format!("{}@{name}", event.id), value.clone()));
                }
            }
        }
        for (operation, example) in found {
            out.push(Case {
                operation,
                direction: "message",
                rust_type: format!("{module}::{}", event.message),
                example,
            });
        }
    }
    let envelope = api
        .envelope
        .iter()
        .map(|field| field.name.clone())
        .collect();
    Ok((out, envelope))
}

/// `#/paths/~1a~1b/post` → `/paths/~1a~1b/post` (a `serde_json` pointer).
fn pointer_of(at: &str) -> &str {
    at.strip_prefix('#').unwrap_or(at)
}

/// The program: `main` checks every case and prints one line per exception, then
/// `roundtrip: N of M examples round-trip, K exceptions`. `krate` is the bindings crate's name as Rust spells it.
pub fn program(cases: &[Case], envelope: &[String], krate: &str) -> String {
    let mut calls = String::new();
    for case in cases {
        let json = serde_json::to_string(&case.example).unwrap_or_default();
        calls.push_str(&format!(
            "    check::<{krate}::{}>(&mut tally, {:?}, {:?}, {:?});\n",
            case.rust_type, case.operation, case.direction, json
        ));
    }
    let envelope: Vec<String> = envelope.iter().map(|f| format!("{f:?}")).collect();
    format!(
        r#"//! Generated by `mews-codegen examples`: every body example decoded into its generated type
//! and encoded back (see generator/src/roundtrip.rs for the comparison rule).

use serde::{{de::DeserializeOwned, Serialize}};
use serde_json::Value;

const ENVELOPE: &[&str] = &[{envelope}];

#[derive(Default)]
struct Tally {{
    passed: usize,
    failed: usize,
}}

fn main() {{
    let mut tally = Tally::default();
{calls}    // Not "N passed, N failed": CI reads such a line as a test runner's verdict.
    println!(
        "roundtrip: {{}} of {{}} examples round-trip, {{}} exceptions",
        tally.passed,
        tally.passed + tally.failed,
        tally.failed
    );
}}

fn check<T: DeserializeOwned + Serialize>(tally: &mut Tally, operation: &str, direction: &str, json: &str) {{
    let outcome = round_trip::<T>(direction, json);
    match outcome {{
        Ok(()) => tally.passed += 1,
        Err(why) => {{
            tally.failed += 1;
            println!("exception: {{operation}} {{direction}}: {{why}}");
        }}
    }}
}}

fn round_trip<T: DeserializeOwned + Serialize>(direction: &str, json: &str) -> Result<(), String> {{
    let mut example: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {{e}}"))?;
    if direction == "request" {{
        if let Value::Object(map) = &mut example {{
            map.retain(|key, _| !ENVELOPE.contains(&key.as_str()));
        }}
    }}
    let decoded: T = serde_path_to_error::deserialize(example.clone())
        .map_err(|e| format!("does not decode at `{{}}`: {{}}", e.path(), e.inner()))?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {{e}}"))?;
    match difference(&canonical(example), &canonical(encoded), "") {{
        None => Ok(()),
        Some(at) => Err(format!("re-encodes differently at `{{at}}`")),
    }}
}}

/// Null-valued keys dropped; numbers as their exact decimal value.
fn canonical(value: Value) -> Value {{
    match value {{
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, canonical(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        Value::Number(number) => {{
            let text = number.to_string();
            match text.parse::<rust_decimal::Decimal>() {{
                Ok(decimal) => Value::String(format!("number {{}}", decimal.normalize())),
                Err(_) => Value::String(format!("number {{text}}")),
            }}
        }}
        Value::String(text) => {{
            if let Ok(instant) = chrono::DateTime::parse_from_rfc3339(&text) {{
                Value::String(format!("instant {{}}", instant.with_timezone(&chrono::Utc).to_rfc3339()))
            }} else if let Ok(id) = uuid::Uuid::parse_str(&text) {{
                Value::String(format!("uuid {{id}}"))
            }} else {{
                Value::String(text)
            }}
        }}
        other => other,
    }}
}}

/// The path of the first difference.
fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {{
    match (a, b) {{
        (Value::Object(x), Value::Object(y)) => {{
            for key in x.keys().chain(y.keys()) {{
                let path = format!("{{at}}/{{key}}");
                match (x.get(key), y.get(key)) {{
                    (Some(p), Some(q)) => {{
                        if let Some(found) = difference(p, q, &path) {{
                            return Some(found);
                        }}
                    }}
                    (Some(_), None) => return Some(format!("{{path}} (lost)")),
                    (None, _) => return Some(format!("{{path}} (added)")),
                }}
            }}
            None
        }}
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| difference(p, q, &format!("{{at}}/{{i}}"))),
        _ if a == b => None,
        _ => Some(format!("{{at}} ({{a}} became {{b}})")),
    }}
}}
"#,
        envelope = envelope.join(", ")
    )
}
