//! The generated models against JSON: examples round-trip exactly, values the spec does not know
//! survive, money stays exact, and decode errors name the path of the bad value.
//!
//! Round-trip rule: decoding then encoding an example gives back equal JSON, `null`s included.
//! That holds because the spec marks a property `required` exactly when the API always sends the
//! key (a `null` value is then written back as `null`), and leaves other properties out when
//! unset. Request examples are compared without the envelope fields (`ClientToken`,
//! `AccessToken`, `Client`), which the client adds rather than the request type.

#[path = "support/json_examples.rs"]
mod json_examples;

use std::path::Path;

use json_examples::json_examples;
use mews_connector::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes like the client does, reporting the JSON path of a failure.
fn decode<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    mews_connector::runtime::decode_json(json.as_bytes()).map_err(|error| error.to_string())
}

/// Decodes `input` as `T`, encodes it again, and asserts the JSON is unchanged.
fn assert_round_trip<T: DeserializeOwned + Serialize>(name: &str, input: &Value) {
    let text = input.to_string();
    let decoded: T =
        decode(&text).unwrap_or_else(|error| panic!("{name}: decode failed at {error}"));
    let encoded = serde_json::to_value(&decoded).expect("encode");
    assert_eq!(&encoded, input, "{name}: JSON changed in the round trip");
    println!("round-trip ok: {name} as {}", std::any::type_name::<T>());
}

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("fixture is JSON")
}

#[test]
fn fixture_examples_round_trip() {
    assert_round_trip::<OrderAddParameters>(
        "orders_add.request",
        &fixture("orders_add.request.json"),
    );
    assert_round_trip::<OrderAddResult>(
        "orders_add.response",
        &fixture("orders_add.response.json"),
    );
    assert_round_trip::<OrderItemFilterParameters>(
        "order_items_get_all.request",
        &fixture("order_items_get_all.request.json"),
    );
    assert_round_trip::<OrderItemResult>(
        "order_items_get_all.response",
        &fixture("order_items_get_all.response.json"),
    );
    assert_round_trip::<ReservationItemParameters>(
        "reservations_get_all_items.request",
        &fixture("reservations_get_all_items.request.json"),
    );
    assert_round_trip::<ReservationItemResult>(
        "reservations_get_all_items.response",
        &fixture("reservations_get_all_items.response.json"),
    );
}

/// Every JSON example in `../shared/seeds` (run by `.ci/run`; the seeds are not in the repo).
#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --ignored"]
fn seed_examples_round_trip() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    let mut checked = 0;
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file).expect("seed text");
        let examples = json_examples(&text);
        assert!(!examples.is_empty(), "{name}: no JSON example found");
        for (index, (line, mut example)) in examples.into_iter().enumerate() {
            let label = format!("{name} example {} (line {line})", index + 1);
            let request = example.get("ClientToken").is_some();
            if request {
                let object = example.as_object_mut().expect("object");
                for key in ["ClientToken", "AccessToken", "Client"] {
                    object.remove(key);
                }
            }
            match (&name[..3], request) {
                ("000" | "001" | "002", true) => {
                    assert_round_trip::<OrderAddParameters>(&label, &example)
                }
                ("000" | "001" | "002", false) => {
                    assert_round_trip::<OrderAddResult>(&label, &example)
                }
                ("003", true) => assert_round_trip::<OrderItemFilterParameters>(&label, &example),
                ("003", false) => assert_round_trip::<OrderItemResult>(&label, &example),
                ("004", true) => assert_round_trip::<ReservationItemParameters>(&label, &example),
                ("004", false) => assert_round_trip::<ReservationItemResult>(&label, &example),
                _ => panic!("{label}: no operation is known for this seed"),
            }
            checked += 1;
        }
    }
    println!("{checked} seed examples round-tripped");
    assert!(
        checked >= 10,
        "expected the 10 examples of the five seeds, found {checked}"
    );
}

fn order_items_page() -> Value {
    fixture("order_items_get_all.response.json")
}

#[test]
fn values_the_spec_does_not_know_survive() {
    let mut page = order_items_page();
    let item = &mut page["OrderItems"][0];
    item["Type"] = json!("LoyaltyCredit");
    item["AccountingState"] = json!("PendingApproval");
    item["RevenueType"] = json!("Gift");
    item["AccountType"] = json!("Partner");
    // An arm newer than the spec: its payload property comes along with the known arms' nulls.
    item["Data"] = json!({
        "Discriminator": "LoyaltyCredit",
        "Rebate": null,
        "Product": null,
        "AllowanceDiscount": null,
        "AllowanceProfits": null,
        "LoyaltyCredit": {"AllowanceId": "0b5d9c1e-6f2a-4e3b-8c7d-1a2b3c4d5e6f", "Share": 0.25}
    });
    let text = page.to_string();
    let decoded: OrderItemResult = decode(&text).expect("unknown values decode");
    let item = &decoded.order_items[0];
    assert_eq!(
        item.r#type,
        Some(OrderItemType::Unknown("LoyaltyCredit".into()))
    );
    assert!(item.r#type.as_ref().is_some_and(OrderItemType::is_unknown));
    assert_eq!(
        item.accounting_state.as_ref().map(AccountingState::as_str),
        Some("PendingApproval")
    );
    assert_eq!(item.revenue_type, Some(RevenueType::from("Gift")));
    assert_eq!(
        item.account_type
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("Partner")
    );
    let Some(OrderItemData::Unknown(arm)) = &item.data else {
        panic!("expected the unknown arm, got {:?}", item.data);
    };
    assert_eq!(arm.discriminator(), "LoyaltyCredit");
    // The new arm's payload is kept as its JSON text, number included.
    assert_eq!(
        arm.get("LoyaltyCredit").map(RawJson::get),
        Some(r#"{"AllowanceId":"0b5d9c1e-6f2a-4e3b-8c7d-1a2b3c4d5e6f","Share":0.25}"#)
    );
    assert_eq!(arm.fields().count(), 6);
    // Byte for byte: the unknown values and the whole unknown arm re-encode as they came.
    let encoded = serde_json::to_string(&decoded).expect("encode");
    for fragment in [
        r#""Type":"LoyaltyCredit""#,
        r#""AccountingState":"PendingApproval""#,
        r#""RevenueType":"Gift""#,
        r#""AccountType":"Partner""#,
        &page["OrderItems"][0]["Data"].to_string(),
    ] {
        assert!(encoded.contains(fragment), "{fragment} not in {encoded}");
    }
    assert_eq!(serde_json::to_value(&decoded).expect("encode"), page);
    // Known values still map to their variants.
    assert_eq!(
        decoded.order_items[1].r#type,
        Some(OrderItemType::ProductOrderRebate)
    );
    assert!(OrderItemType::KNOWN.contains(&OrderItemType::CityTax));
    assert_eq!(
        "CityTax".parse::<OrderItemType>(),
        Ok(OrderItemType::CityTax)
    );
}

#[test]
fn adjacent_union_arms_decode_by_discriminator() {
    let mut page = fixture("reservations_get_all_items.response.json");
    page["Reservations"][0]["OrderItems"][0]["Data"] =
        json!({"Discriminator": "Voucher", "Value": {"Code": "X1"}});
    let decoded: ReservationItemResult = decode(&page.to_string()).expect("decode");
    let items = &decoded.reservations[0].order_items;
    let ReservationOrderItemData::Unknown(arm) = &items[0].data else {
        panic!("expected unknown arm: {:?}", items[0].data);
    };
    assert_eq!(arm.discriminator(), "Voucher");
    let ReservationOrderItemData::ProductOrder(product) = &items[1].data else {
        panic!("expected ProductOrder: {:?}", items[1].data);
    };
    assert_eq!(
        product.product_id.to_string(),
        "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
    );
    assert_eq!(serde_json::to_value(&decoded).expect("encode"), page);
}

#[test]
fn union_keys_may_come_in_any_order() {
    // Mews writes the discriminator first; a payload before it is read as JSON, then decoded.
    let data: OrderItemData = decode(
        r#"{"Product":{"ProductId":"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f","AgeCategoryId":null},"Rebate":null,"Discriminator":"Product"}"#,
    )
    .expect("decode");
    let OrderItemData::Product(product) = &data else {
        panic!("expected Product: {data:?}");
    };
    assert_eq!(
        product.product_id.to_string(),
        "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
    );
    let error = decode::<OrderItemData>(
        r#"{"Product":{"ProductId":"not-a-uuid"},"Discriminator":"Product"}"#,
    )
    .expect_err("must fail");
    assert!(error.contains("Product.ProductId"), "{error}");

    // An unknown discriminator anywhere keeps every key, in order.
    let text =
        r#"{"Rebate":null,"Discriminator":"Voucher","Voucher":{"Code":"X1"},"Product":null}"#;
    let data: OrderItemData = decode(text).expect("decode");
    let OrderItemData::Unknown(arm) = &data else {
        panic!("expected Unknown: {data:?}");
    };
    assert_eq!(arm.discriminator(), "Voucher");
    assert_eq!(serde_json::to_string(&data).expect("encode"), text);

    let error =
        decode::<OrderItemData>(r#"{"Discriminator":7,"Rebate":null}"#).expect_err("must fail");
    assert!(
        error.contains("`Discriminator` must be a string"),
        "{error}"
    );
    let error =
        decode::<ReservationOrderItemData>(r#"{"Discriminator":"Rebate"}"#).expect_err("must fail");
    assert!(error.contains("missing or null"), "{error}");
    // Arms without a documented payload keep it raw, `null` when absent.
    let data: ReservationOrderItemData = decode(r#"{"Discriminator":"Deposit"}"#).expect("decode");
    assert_eq!(data, ReservationOrderItemData::Deposit(RawJson::null()));
    // A payload the spec gives no type re-encodes as its text: key order, number text.
    let text =
        r#"{"Discriminator":"Deposit","Value":{"Z":1.50,"A":[12345678901234567890.123456789]}}"#;
    let data: ReservationOrderItemData = decode(text).expect("decode");
    assert_eq!(serde_json::to_string(&data).expect("encode"), text);
}

#[test]
fn sibling_union_without_its_payload_is_an_error() {
    let mut page = order_items_page();
    page["OrderItems"][0]["Data"]["Product"] = Value::Null;
    let error = decode::<OrderItemResult>(&page.to_string()).expect_err("must fail");
    assert!(error.starts_with("OrderItems[0].Data"), "{error}");
    assert!(
        error.contains("`Product`") && error.contains("missing or null"),
        "{error}"
    );

    page["OrderItems"][0]["Data"] = json!({"Rebate": null, "Product": null});
    let error = decode::<OrderItemResult>(&page.to_string()).expect_err("must fail");
    assert!(error.contains("Discriminator"), "{error}");
}

#[test]
fn errors_inside_a_union_payload_name_the_inner_path() {
    let mut page = order_items_page();
    page["OrderItems"][0]["Data"]["Product"]["ProductId"] = json!("not-a-uuid");
    let error = decode::<OrderItemResult>(&page.to_string()).expect_err("must fail");
    assert!(error.starts_with("OrderItems[0].Data"), "{error}");
    assert!(error.contains("Product.ProductId"), "{error}");
}

#[test]
fn trailing_bytes_and_malformed_json_are_errors_of_the_document() {
    let error = decode::<Amount>(r#"{"Currency":"EUR","NetValue":1,"GrossValue":1,"TaxValues":[],"Breakdown":{"Items":[]}} x"#)
        .expect_err("trailing bytes");
    assert!(error.starts_with(".: trailing characters"), "{error}");
    let error = decode::<Amount>(r#"{"Currency":"EUR","#).expect_err("truncated");
    assert!(error.contains("EOF"), "{error}");
}

#[test]
fn money_is_exact() {
    let amount: Amount = decode(
        r#"{"Currency":"EUR","NetValue":93.46,"GrossValue":100,"TaxValues":[{"Code":"DE","Value":6.54}],"Breakdown":{"Items":[]}}"#,
    )
    .expect("decode");
    assert_eq!(amount.net_value, Decimal::new(9346, 2));
    let tax = amount.tax_values[0].value.expect("the tax value");
    assert_eq!(amount.net_value + tax, amount.gross_value);
    let tenth: TaxValue = decode(r#"{"Code":null,"Value":0.1}"#).expect("decode");
    let value = tenth.value.expect("the value");
    let three_tenths = value + value + value;
    assert_eq!(three_tenths, Decimal::new(3, 1), "0.1 * 3 is exactly 0.3");
    let encoded = serde_json::to_string(&amount).expect("encode");
    assert!(
        encoded.contains(r#""NetValue":93.46"#) && encoded.contains(r#""GrossValue":100"#),
        "{encoded}"
    );
    assert_eq!(
        serde_json::to_string(&tenth).expect("encode"),
        r#"{"Code":null,"Value":0.1}"#
    );
    // More digits than an f64 holds survive too.
    let precise: TaxValue = decode(r#"{"Value":1234567890.123456789}"#).expect("decode");
    assert!(serde_json::to_string(&precise)
        .expect("encode")
        .contains("1234567890.123456789"));
}

#[test]
fn malformed_date_is_an_error_naming_its_path() {
    let mut page = order_items_page();
    page["OrderItems"][1]["CreatedUtc"] = json!("2017-02-41T10:41:54Z");
    let error = decode::<OrderItemResult>(&page.to_string()).expect_err("day 41 must fail");
    assert!(error.starts_with("OrderItems[1].CreatedUtc:"), "{error}");
}

#[test]
fn missing_and_repeated_keys_are_errors_naming_the_key() {
    let mut page = order_items_page();
    let item = page["OrderItems"][1].as_object_mut().expect("an item");
    item.remove("ServiceOrderId");
    let error =
        decode::<OrderItemResult>(&page.to_string()).expect_err("ServiceOrderId is required");
    assert!(error.starts_with("OrderItems[1]"), "{error}");
    assert!(error.contains("missing field `ServiceOrderId`"), "{error}");
    // serde_json's Value cannot hold a key twice: splice a second `Id` into the text.
    let text = order_items_page().to_string();
    let twice = text.replacen(
        "\"Id\":",
        "\"Id\":\"0f1a2b3c-0000-0000-0000-000000000000\",\"Id\":",
        1,
    );
    let error = decode::<OrderItemResult>(&twice).expect_err("Id given twice");
    assert!(error.contains("duplicate field `Id`"), "{error}");
}

#[test]
fn decode_failure_in_a_1000_item_page_names_the_item() {
    let item = order_items_page()["OrderItems"][0].clone();
    let mut items = vec![item; 1000];
    items[737]["UnitAmount"]["NetValue"] = json!("twelve");
    let page = json!({"OrderItems": items, "Cursor": null});
    let error = decode::<OrderItemResult>(&page.to_string()).expect_err("must fail");
    assert!(
        error.starts_with("OrderItems[737].UnitAmount.NetValue:"),
        "{error}"
    );
}

#[test]
fn requests_leave_out_what_is_unset() {
    let request = OrderItemFilterParameters {
        types: Some(vec![OrderItemType::SpaceOrder]),
        ..OrderItemFilterParameters::new(Limitation::new(10))
    };
    let encoded = serde_json::to_value(&request).expect("encode");
    // `Cursor` is always sent (null asks for the first page); unset filters are left out.
    assert_eq!(
        encoded,
        json!({"Limitation": {"Count": 10, "Cursor": null}, "Types": ["SpaceOrder"]})
    );
}

#[test]
fn unknown_properties_in_responses_are_ignored() {
    let mut page = order_items_page();
    page["OrderItems"][0]["SomethingNew"] = json!({"Nested": [1, 2]});
    page["AlsoNew"] = json!(true);
    let decoded: OrderItemResult =
        decode(&page.to_string()).expect("new fields must not break decoding");
    assert_eq!(decoded.order_items.len(), 2);
}

#[test]
fn update_value_has_three_states() {
    #[derive(Serialize)]
    struct Update {
        #[serde(rename = "Notes", skip_serializing_if = "Option::is_none")]
        notes: Option<UpdateValue<String>>,
    }
    let keep = Update { notes: None };
    let clear = Update {
        notes: Some(UpdateValue::clear()),
    };
    let set = Update {
        notes: Some(UpdateValue::set("Late check-in".to_owned())),
    };
    assert_eq!(serde_json::to_value(keep).expect("encode"), json!({}));
    assert_eq!(
        serde_json::to_value(clear).expect("encode"),
        json!({"Notes": {"Value": null}})
    );
    assert_eq!(
        serde_json::to_value(set).expect("encode"),
        json!({"Notes": {"Value": "Late check-in"}})
    );
}

/// The fields and values the three seed operations lacked before the whole-API import (issue
/// 11): each is sent or decoded with the value it carries.
#[test]
fn seed_operations_carry_what_the_api_added() {
    let account = uuid::Uuid::parse_str("a4c2e8f1-5d3b-4a6e-b7c9-1f0e2d3c4b5a").expect("uuid");
    let request = OrderItemFilterParameters {
        account_ids: Some(vec![account]),
        ..OrderItemFilterParameters::new(Limitation::new(10))
    };
    assert_eq!(
        serde_json::to_value(&request).expect("encode")["AccountIds"],
        json!([account.to_string()])
    );

    let decoded: OrderItemResult =
        decode(&order_items_page().to_string()).expect("the fixture decodes");
    let product = &decoded.order_items[0];
    assert_eq!(product.billing_name.as_deref(), Some("Jane Doe"));
    assert_eq!(product.external_identifier.as_deref(), Some("pos-4711"));
    let Some(OrderItemData::Product(data)) = &product.data else {
        panic!("expected a product item, got {:?}", product.data);
    };
    assert_eq!(data.product_type, Some(ProductType::Product));
    let Some(OrderItemData::Rebate(rebate)) = &decoded.order_items[1].data else {
        panic!("expected a rebate item");
    };
    assert_eq!(
        rebate.product_id.map(|id| id.to_string()).as_deref(),
        Some("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f")
    );

    let mut page = order_items_page();
    let item = &mut page["OrderItems"][0];
    item["TaxExemptionReason"] = json!("IT_N1");
    item["TaxExemptionLegalReference"] = json!("Art. 8 DPR 633/72");
    let decoded: OrderItemResult = decode(&page.to_string()).expect("decodes");
    let item = &decoded.order_items[0];
    assert_eq!(
        item.tax_exemption_reason
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("IT_N1")
    );
    assert!(item
        .tax_exemption_reason
        .as_ref()
        .is_some_and(|r| !r.is_unknown()));
    assert_eq!(
        item.tax_exemption_legal_reference.as_deref(),
        Some("Art. 8 DPR 633/72")
    );

    for value in [
        "MulticurrencyFee",
        "AllowanceDiscount",
        "AllowanceBreakage",
        "AllowanceContraBreakage",
    ] {
        let known = OrderItemType::from(value.to_owned());
        assert!(!known.is_unknown(), "{value} is a known OrderItemType");
        assert_eq!(known.as_str(), value);
    }

    let discount = json!({
        "Discriminator": "AllowanceDiscount",
        "Rebate": null,
        "Product": null,
        "AllowanceDiscount": {
            "DiscountedOrderItemId": "11111111-2222-4333-8444-555555555555",
            "AllowanceProductOrderItemId": "0b5d9c1e-6f2a-4e3b-8c7d-1a2b3c4d5e6f"
        },
        "AllowanceProfits": null
    });
    match decode::<OrderItemData>(&discount.to_string()) {
        Ok(OrderItemData::AllowanceDiscount(_)) => {}
        other => panic!("expected the AllowanceDiscount arm, got {other:?}"),
    }
    let profits = json!({
        "Discriminator": "AllowanceProfits",
        "Rebate": null,
        "Product": null,
        "AllowanceDiscount": null,
        "AllowanceProfits": {
            "AllowanceProductOrderItemId": "0b5d9c1e-6f2a-4e3b-8c7d-1a2b3c4d5e6f",
            "AllowanceProfitType": "AllowanceBreakage"
        }
    });
    match decode::<OrderItemData>(&profits.to_string()) {
        Ok(OrderItemData::AllowanceProfits(data)) => {
            assert_eq!(data.allowance_profit_type.as_str(), "AllowanceBreakage");
        }
        other => panic!("expected the AllowanceProfits arm, got {other:?}"),
    }
}

/// Hybrid identifiers are typed: a constructor takes a `Uuid` or an external id, the wire holds
/// the id or `eid:` and the external id, and a value decodes and re-encodes byte for byte.
#[test]
fn hybrid_identifiers_take_an_id_or_an_external_id() {
    let service = uuid::Uuid::from_u128(0x5e41);
    let by_id = SetRestrictionParameters::new(service, Vec::new());
    let by_external = SetRestrictionParameters::new(HybridId::external("SPA-1"), Vec::new());
    let encode = |value: &SetRestrictionParameters| serde_json::to_value(value).unwrap();
    assert_eq!(encode(&by_id)["ServiceId"], json!(service.to_string()));
    assert_eq!(encode(&by_external)["ServiceId"], json!("eid:SPA-1"));
    let data: RestrictionSetData = decode(
        &json!({
            "Type": "Start", "ExactRateId": "eid:RATE-7", "BaseRateId": service.to_string(),
            "Days": { "Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true,
                      "Friday": true, "Saturday": false, "Sunday": false }
        })
        .to_string(),
    )
    .expect("decodes");
    let exact = data.exact_rate_id.as_ref().expect("set");
    assert_eq!(
        (exact.external_id(), exact.as_uuid()),
        (Some("RATE-7"), None)
    );
    assert_eq!(
        data.base_rate_id.as_ref().and_then(HybridId::as_uuid),
        Some(service)
    );
    let again = serde_json::to_value(&data).unwrap();
    assert_eq!(again["ExactRateId"], json!("eid:RATE-7"));
}
