//! In one build with mews-connector: the application's own serde_json code behaves as with plain
//! serde_json, and the bindings still keep money and unknown union arms exact.

use std::str::FromStr;

use app_json::{Measured, Measurement, Reading};
use mews_connector::{Amount, OrderItemData, OrderItemResult, RawJson};
use rust_decimal::Decimal;
use serde_json::Value;

#[test]
fn an_untagged_enum_reads_numbers() {
    let reading: Reading = serde_json::from_str("1.5").expect("1.5 is a number");
    assert_eq!(reading, Reading::Number(1.5));
    let readings: Vec<Reading> = serde_json::from_str(r#"[2, "two", -0.25]"#).expect("decodes");
    assert_eq!(
        readings,
        [
            Reading::Number(2.0),
            Reading::Text("two".into()),
            Reading::Number(-0.25)
        ]
    );
}

#[test]
fn a_flattened_struct_reads_its_number() {
    let measured: Measured =
        serde_json::from_str(r#"{"name":"pool","amount":27.5,"unit":"C"}"#).expect("decodes");
    assert_eq!(
        measured,
        Measured {
            name: "pool".into(),
            value: Measurement {
                amount: 27.5,
                unit: "C".into()
            }
        }
    );
}

#[test]
fn value_numbers_are_plain() {
    let value: Value = serde_json::from_str("[1.10, 12345678901234567890123, 7]").expect("JSON");
    let numbers = value.as_array().expect("an array");
    assert!(numbers[0].is_f64() && numbers[0].as_f64() == Some(1.1));
    // Without `arbitrary_precision` a number too big for u64 is an f64, and numbers are
    // written back from their binary value.
    assert!(numbers[1].is_f64());
    assert_eq!(numbers[2].as_u64(), Some(7));
    assert_eq!(value.to_string(), "[1.1,1.2345678901234568e+22,7]");
    // `Number` is an f64 inside: no text to read back.
    let number: serde_json::Number = serde_json::from_str("0.30").expect("a number");
    assert_eq!(number.to_string(), "0.3");
}

#[test]
fn value_maps_sort_their_keys() {
    let value: Value = serde_json::from_str(r#"{"b":1,"c":{"z":0,"y":1},"a":2}"#).expect("JSON");
    let keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["a", "b", "c"]);
    assert_eq!(value.to_string(), r#"{"a":2,"b":1,"c":{"y":1,"z":0}}"#);
    let mut built = serde_json::Map::new();
    built.insert("second".into(), Value::Null);
    built.insert("first".into(), Value::Null);
    assert_eq!(
        Value::Object(built).to_string(),
        r#"{"first":null,"second":null}"#
    );
}

/// 28 significant digits, more than an f64's 15–17: any trip through f64 changes them.
const NET: &str = "1234567890123456789012345678";
const GROSS: &str = "0.1234567890123456789012345678";
const TAX: &str = "-9999999999.999999999999999999";

fn amount_json() -> String {
    format!(
        r#"{{"Currency":"EUR","NetValue":{NET},"GrossValue":{GROSS},"TaxValues":[{{"Code":"DE-19","Value":{TAX}}},{{"Code":null,"Value":0.10}}],"Breakdown":{{"Items":[]}}}}"#
    )
}

#[test]
fn a_28_digit_amount_survives_decode_and_encode() {
    let json = amount_json();
    let amount: Amount = serde_json::from_str(&json).expect("decodes");
    assert_eq!(amount.net_value, Decimal::from_str(NET).expect("decimal"));
    assert_eq!(amount.gross_value.to_string(), GROSS);
    assert_eq!(
        amount.tax_values[0].value.map(|v| v.to_string()).as_deref(),
        Some(TAX)
    );
    assert_eq!(serde_json::to_string(&amount).expect("encodes"), json);
    // The same through the client's decoding path and from a reader.
    let decoded: Amount = mews_connector::runtime::decode_json(json.as_bytes()).expect("decodes");
    assert_eq!(decoded, amount);
    let read: Amount = serde_json::from_reader(json.as_bytes()).expect("decodes");
    assert_eq!(read, amount);
}

/// An arm newer than the bindings, keys in no sorted order, numbers with trailing zeros.
const UNKNOWN_ARM: &str = r#"{"Discriminator":"LoyaltyCredit","Rebate":null,"Product":null,"LoyaltyCredit":{"Share":0.250,"Points":12345678901234567890.5,"AllowanceId":"0b5d9c1e-6f2a-4e3b-8c7d-1a2b3c4d5e6f","Tiers":[{"z":1,"a":2}]}}"#;

#[test]
fn an_unknown_union_arm_survives_byte_for_byte() {
    let data: OrderItemData = serde_json::from_str(UNKNOWN_ARM).expect("decodes");
    let OrderItemData::Unknown(arm) = &data else {
        panic!("expected the unknown arm, got {data:?}");
    };
    assert_eq!(arm.discriminator(), "LoyaltyCredit");
    let keys: Vec<&str> = arm.fields().map(|(key, _)| key).collect();
    assert_eq!(
        keys,
        ["Discriminator", "Rebate", "Product", "LoyaltyCredit"]
    );
    assert!(arm
        .get("LoyaltyCredit")
        .map(RawJson::get)
        .is_some_and(|payload| payload.contains("12345678901234567890.5")));
    assert_eq!(serde_json::to_string(&data).expect("encodes"), UNKNOWN_ARM);
}

/// A minimal loopback HTTP server: answers each request with `answer`, returns the bodies sent.
async fn serve(answer: String, requests: usize) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let mut bodies = Vec::new();
        for _ in 0..requests {
            let (mut stream, _) = listener.accept().await.expect("accept");
            let mut received = Vec::new();
            let mut chunk = [0u8; 8192];
            let body_start = loop {
                let read = stream.read(&mut chunk).await.expect("read");
                assert!(read > 0, "the client closed before the body");
                received.extend_from_slice(&chunk[..read]);
                if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                    break end + 4;
                }
            };
            let head = String::from_utf8_lossy(&received[..body_start]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .expect("a content-length");
            while received.len() < body_start + length {
                let read = stream.read(&mut chunk).await.expect("read");
                assert!(read > 0, "the client closed inside the body");
                received.extend_from_slice(&chunk[..read]);
            }
            bodies.push(String::from_utf8_lossy(&received[body_start..]).into_owned());
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            stream.write_all(response.as_bytes()).await.expect("write");
        }
        bodies
    });
    (base, server)
}

fn client(base: String) -> mews_connector::Client {
    mews_connector::Client::builder()
        .environment(mews_connector::Environment::Custom(base))
        .client_token("client-token")
        .access_token("access-token")
        .client("app-json 1.0")
        .build()
        .expect("a client")
}

#[tokio::test]
async fn money_and_unknown_arms_cross_the_wire_exactly() {
    // A page whose item carries the 28-digit amount and the unknown arm.
    let amount = amount_json();
    let item = format!(
        r#"{{"Id":"00000000-0000-0000-0000-000000000001","EnterpriseId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","AccountId":"c173bb22-6ff8-4ffd-875f-afb900c92865","AccountType":"Customer","Notes":null,"ServiceId":"294c7859-63ba-46ad-a8bf-34fad2019383","ServiceOrderId":"ac5ef5eb-c5b2-4083-879f-83f04a5ebda5","BillId":null,"AccountingCategoryId":null,"UnitCount":1,"UnitAmount":{amount},"Amount":{amount},"OriginalAmount":{amount},"RevenueType":"Additional","CreatorProfileId":"3cd637ef-4728-47f9-8fb1-afb900c9cdcf","UpdaterProfileId":"3cd637ef-4728-47f9-8fb1-afb900c9cdcf","CreatedUtc":"2023-03-28T07:28:04Z","UpdatedUtc":"2023-03-28T07:28:04Z","ConsumedUtc":"2023-03-31T00:00:00Z","CanceledUtc":null,"ClosedUtc":null,"StartUtc":"2023-03-30T22:00:00Z","AccountingState":"Open","Type":"CityTax","Options":{{"CanceledWithReservation":false}},"Data":{UNKNOWN_ARM}}}"#
    );
    let page = format!(r#"{{"OrderItems":[{item}],"Cursor":null}}"#);
    let (base, server) = serve(page, 1).await;
    let request =
        mews_connector::OrderItemFilterParameters::new(mews_connector::Limitation::new(10));
    let result: OrderItemResult = client(base)
        .order_items()
        .get_all(&request)
        .await
        .expect("the page decodes");
    server.await.expect("the server ran");
    let encoded = serde_json::to_string(&result.order_items[0]).expect("encodes");
    assert!(
        encoded.contains(&format!(r#""Amount":{amount}"#)),
        "{encoded}"
    );
    assert!(
        encoded.contains(&format!(r#""Data":{UNKNOWN_ARM}"#)),
        "{encoded}"
    );

    // And the other way: an amount in a request reaches the server as its exact text.
    let (base, server) = serve(
        r#"{"OrderId":"0b9b9ff9-2b4a-4b4d-8d0e-b0d1a9a6d6a1"}"#.into(),
        1,
    )
    .await;
    let mut unit_amount =
        mews_connector::AmountParameters::new("EUR".to_owned(), vec!["DE-19".to_owned()]);
    unit_amount.gross_value = Some(Decimal::from_str(GROSS).expect("decimal"));
    let mut request: mews_connector::OrderAddParameters =
        serde_json::from_str(r#"{"ServiceId":"00000000-0000-0000-0000-00000000005e","AccountId":"00000000-0000-0000-0000-000000000acc"}"#)
            .expect("a request");
    request.items = Some(vec![mews_connector::ItemParameters::new(
        "Dinner".to_owned(),
        1,
        unit_amount,
    )]);
    client(base)
        .orders()
        .add(&request)
        .await
        .expect("the order is added");
    let bodies = server.await.expect("the server ran");
    assert!(
        bodies[0].contains(&format!(r#""GrossValue":{GROSS}"#)),
        "{}",
        bodies[0]
    );
}
