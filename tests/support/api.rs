//! The API side of the tests: a client configured for a [`MewsServer`], requests, and the
//! documented response shapes.

use std::time::Duration;

use serde_json::{json, Value};
use uuid::Uuid;

use mews_connector::runtime::RetryPolicy;
use mews_connector::{
    Client, ClientBuilder, Environment, Limitation, OrderAddParameters, OrderItemFilterParameters,
    TimeInterval,
};

use super::{MewsServer, Reply, ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN};

/// `orders/add`: not retry-safe.
pub const ORDERS_ADD: &str = "/api/connector/v1/orders/add";
/// `orderItems/getAll`: paginated and retry-safe.
pub const ORDER_ITEMS_GET_ALL: &str = "/api/connector/v1/orderItems/getAll";

/// A builder for a client that talks to `server` with the test tokens and a short backoff.
pub fn builder(server: &MewsServer) -> ClientBuilder {
    Client::builder()
        .environment(Environment::Custom(server.base_url()))
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .client(CLIENT_NAME)
        // Short backoff keeps the suite fast; the rules under test are the same.
        .retry(RetryPolicy::new().with_backoff(Duration::from_millis(5), Duration::from_millis(20)))
}

/// [`builder`] built.
pub fn client(server: &MewsServer) -> Client {
    builder(server).build().expect("valid configuration")
}

/// A valid `orders/add` request.
#[allow(deprecated)] // `customer_id` is deprecated but still a field.
pub fn add_order() -> OrderAddParameters {
    OrderAddParameters {
        enterprise_id: None,
        service_id: Uuid::from_u128(0x5e41),
        account_id: Uuid::from_u128(0xacc),
        options: None,
        product_orders: None,
        items: None,
        consumption_utc: None,
        notes: Some("test order".into()),
        business_segment_id: None,
        bill_id: None,
        linked_reservation_id: None,
        customer_id: None,
    }
}

/// A valid `orderItems/getAll` request for pages of `count` items.
pub fn order_items(count: i32) -> OrderItemFilterParameters {
    let end = chrono::Utc::now();
    OrderItemFilterParameters {
        updated_utc: Some(TimeInterval {
            start_utc: end - chrono::Duration::days(1),
            end_utc: end,
        }),
        ..OrderItemFilterParameters::new(Limitation::new(count))
    }
}

/// The id of the `n`th order item (from 0) of the fake data set.
pub fn item_id(n: usize) -> Uuid {
    Uuid::from_u128(n as u128 + 1)
}

/// An order item as documented for `orderItems/getAll`.
pub fn order_item(id: &str) -> Value {
    let amount = json!({
        "Currency": "EUR", "NetValue": 5, "GrossValue": 5,
        "TaxValues": [{ "Code": "DE-2020-1-Z", "Value": 0 }],
        "Breakdown": { "Items": [{ "TaxRateCode": "DE-2020-1-Z", "NetValue": 5, "TaxValue": 0 }] }
    });
    json!({
        "Id": id,
        "EnterpriseId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "AccountId": "c173bb22-6ff8-4ffd-875f-afb900c92865",
        "AccountType": "Customer",
        "Notes": null,
        "ServiceId": "294c7859-63ba-46ad-a8bf-34fad2019383",
        "ServiceOrderId": "ac5ef5eb-c5b2-4083-879f-83f04a5ebda5",
        "BillId": null,
        "AccountingCategoryId": null,
        "UnitCount": 1,
        "UnitAmount": amount,
        "Amount": amount,
        "OriginalAmount": amount,
        "RevenueType": "Additional",
        "CreatorProfileId": "3cd637ef-4728-47f9-8fb1-afb900c9cdcf",
        "UpdaterProfileId": "3cd637ef-4728-47f9-8fb1-afb900c9cdcf",
        "CreatedUtc": "2023-03-28T07:28:04Z",
        "UpdatedUtc": "2023-03-28T07:28:04Z",
        "ConsumedUtc": "2023-03-31T00:00:00Z",
        "CanceledUtc": null,
        "ClosedUtc": null,
        "StartUtc": "2023-03-30T22:00:00Z",
        "AccountingState": "Open",
        "Type": "CityTax",
        "Options": { "CanceledWithReservation": false },
        "Data": null
    })
}

/// An `orderItems/getAll` page with the items `ids`, its cursor the last item's id.
pub fn page(ids: &[usize]) -> Value {
    let items: Vec<Value> = ids
        .iter()
        .map(|&n| order_item(&item_id(n).to_string()))
        .collect();
    let cursor = ids.last().map(|&n| item_id(n).to_string());
    json!({ "OrderItems": items, "Cursor": cursor })
}

/// The error of an `orderItems/getAll` call for pages of 10 that must fail.
pub async fn get_all_error(client: &Client) -> mews_connector::Error {
    client
        .order_items()
        .get_all(&order_items(10))
        .await
        .expect_err("the call fails")
}

/// The success answer of `orders/add`.
pub fn order_added() -> Reply {
    Reply::ok(json!({ "OrderId": "0b9b9ff9-2b4a-4b4d-8d0e-b0d1a9a6d6a1" }))
}

/// Mews would have accepted every request the server received.
pub fn assert_mews_accepted(server: &MewsServer) {
    assert_eq!(server.violations(), Vec::<String>::new());
}
