// Decodes the seed examples and payloads with values the spec does not know into one generated
// crate's types, re-encodes what decoded, and prints one line per case and a summary.
// `benches/progenitor-compare` writes it into both crates after a header that defines `api`
// (the module holding the types) and `STRIP_ENVELOPE` (whether request types leave out the
// fields the client adds: ClientToken, AccessToken, Client).
//
// usage: decode_check <seeds dir> <tests/fixtures/order_items_get_all.response.json>

mod json_examples;

use json_examples::json_examples;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

#[derive(Default)]
struct Tally {
    cases: usize,
    decoded: usize,
    exact: usize,
}

/// Decodes `text` as `T`; when it decodes, encodes it again and compares with `expected`.
fn check<T: DeserializeOwned + Serialize>(
    tally: &mut Tally,
    label: &str,
    type_name: &str,
    text: &str,
    expected: &Value,
) -> Option<String> {
    tally.cases += 1;
    match serde_json::from_str::<T>(text) {
        Err(error) => {
            println!("FAIL    {label} as {type_name}: {error}");
            None
        }
        Ok(decoded) => {
            tally.decoded += 1;
            let encoded = serde_json::to_string(&decoded).expect("encode");
            let back: Value = serde_json::from_str(&encoded).expect("re-read");
            let mut found = Vec::new();
            differences("", expected, &back, &mut found);
            if found.is_empty() {
                tally.exact += 1;
                println!("ok      {label} as {type_name}");
            } else {
                let shown = found.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
                let more = found.len().saturating_sub(3);
                let more = if more > 0 {
                    format!(" (+{more} more)")
                } else {
                    String::new()
                };
                println!(
                    "DIFFERS {label} as {type_name}: decodes, re-encodes {} value(s) differently: {shown}{more}",
                    found.len()
                );
            }
            Some(encoded)
        }
    }
}

/// Every place where `actual` differs from `expected`, as `path: what`.
fn differences(path: &str, expected: &Value, actual: &Value, found: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}.{key}");
                match b.get(key) {
                    None => found.push(format!("{here} ({value}) is missing")),
                    Some(other) => differences(&here, value, other, found),
                }
            }
            for key in b.keys().filter(|key| !a.contains_key(*key)) {
                found.push(format!("{path}.{key} was added ({})", b[key]));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, found);
            }
        }
        _ if expected == actual => {}
        _ => found.push(format!("{path}: {expected} became {actual}")),
    }
}

macro_rules! check_as {
    ($tally:expr, $label:expr, $type:ident, $value:expr) => {
        check::<api::$type>(
            $tally,
            $label,
            stringify!($type),
            &$value.to_string(),
            &$value,
        )
    };
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seeds = args
        .next()
        .expect("usage: decode_check <seeds dir> <order items fixture>");
    let fixture = args
        .next()
        .expect("usage: decode_check <seeds dir> <order items fixture>");

    let mut seeds_tally = Tally::default();
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .expect("seeds dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file).expect("seed text");
        for (line, mut example) in json_examples(&text) {
            let label = format!("seed {name} line {line}");
            let request = example.get("ClientToken").is_some();
            if request && STRIP_ENVELOPE {
                let object = example.as_object_mut().expect("object");
                for key in ["ClientToken", "AccessToken", "Client"] {
                    object.remove(key);
                }
            }
            let t = &mut seeds_tally;
            match (&name[..3], request) {
                ("000" | "001" | "002", true) => check_as!(t, &label, OrderAddParameters, example),
                ("000" | "001" | "002", false) => check_as!(t, &label, OrderAddResult, example),
                ("003", true) => check_as!(t, &label, OrderItemFilterParameters, example),
                ("003", false) => check_as!(t, &label, OrderItemResult, example),
                ("004", true) => check_as!(t, &label, ReservationItemParameters, example),
                ("004", false) => check_as!(t, &label, ReservationItemResult, example),
                _ => {
                    println!("SKIP    {label}: no operation known for this seed");
                    None
                }
            };
        }
    }
    println!(
        "summary seeds: {} examples, {} decode, {} re-encode exactly",
        seeds_tally.cases, seeds_tally.decoded, seeds_tally.exact
    );

    // Values the spec does not know, in the order items fixture.
    let page: Value = serde_json::from_str(&std::fs::read_to_string(&fixture).expect("fixture"))
        .expect("fixture JSON");
    let mut unknown_tally = Tally::default();
    let t = &mut unknown_tally;
    let mut payload = page.clone();
    // Values newer than any spec we generate from (the whole API now knows `AllowanceBreakage`
    // and the `AllowanceProfits` arm, which these checks used before).
    payload["OrderItems"][0]["Type"] = "LoyaltyCredit".into();
    check_as!(
        t,
        "unknown enum value (OrderItem.Type = LoyaltyCredit)",
        OrderItemResult,
        payload
    );
    let mut payload = page.clone();
    payload["OrderItems"][0]["AccountingState"] = "PendingApproval".into();
    check_as!(
        t,
        "unknown enum value (OrderItem.AccountingState = PendingApproval)",
        OrderItemResult,
        payload
    );
    let mut payload = page.clone();
    payload["OrderItems"][0]["Data"] = serde_json::json!({
        "Discriminator": "LoyaltyCredit",
        "Rebate": null,
        "Product": null,
        "LoyaltyCredit": {"AllowanceId": "0b5d9c1e-6f2a-4e3b-8c7d-1a2b3c4d5e6f"}
    });
    check_as!(
        t,
        "unknown union arm (Data.Discriminator = LoyaltyCredit)",
        OrderItemResult,
        payload
    );
    println!(
        "summary unknown values: {} payloads, {} decode, {} re-encode exactly",
        unknown_tally.cases, unknown_tally.decoded, unknown_tally.exact
    );

    // Money with more significant digits than an f64 holds (at most 17), which Decimal keeps
    // (up to 28): e.g. an amount converted at an exchange rate with many decimals.
    let exact = "12345678.901234567891";
    let mut payload = page.clone();
    payload["OrderItems"][0]["Amount"]["GrossValue"] = "__MONEY__".into();
    let text = payload.to_string().replace("\"__MONEY__\"", exact);
    let mut money_tally = Tally::default();
    let expected: Value = serde_json::from_str(&text).expect("money payload");
    if let Some(encoded) = check::<api::OrderItemResult>(
        &mut money_tally,
        "money 12345678.901234567891 in Amount.GrossValue",
        "OrderItemResult",
        &text,
        &expected,
    ) {
        let kept = encoded.contains(exact);
        println!(
            "summary money: {exact} {} the decode/encode round trip",
            if kept { "survives" } else { "does NOT survive" }
        );
    } else {
        println!("summary money: does not decode");
    }
}
