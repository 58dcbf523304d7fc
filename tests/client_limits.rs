//! Limits the spec states, against a loopback server that refuses what Mews refuses: a single
//! call that breaks one fails before sending; a stream splits id lists into batches and long
//! intervals into windows, yielding every item once and in order; `Count` out of 1..1000 is an
//! error before sending; and a `Count` of 0 never ends a stream as if the data had ended.

mod support;

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use uuid::Uuid;

use mews_connector::runtime::{
    CallOptions, CheckLimits, EnterpriseScope, Limit, Operation, PageProblem, PagedRequest,
};
use mews_connector::{
    CustomerExtent, CustomerFilterParameters, Error, Limitation, OrderItemFilterParameters,
    OrderItemResult, TimeInterval,
};
use support::api::*;
use support::{MewsServer, Recorded, Reply};

fn customer_id(n: usize) -> Uuid {
    Uuid::from_u128(0xc000_0000 + n as u128)
}

fn customer(id: &str) -> Value {
    json!({
        "Id": id, "Number": "1", "LastName": "Novak", "Classifications": [],
        "CreatedUtc": "2024-01-01T00:00:00Z", "UpdatedUtc": "2024-01-01T00:00:00Z"
    })
}

fn customers(ids: Vec<Uuid>, count: i32) -> CustomerFilterParameters {
    let extent = CustomerExtent {
        customers: Some(true),
        ..CustomerExtent::new()
    };
    CustomerFilterParameters {
        customer_ids: Some(ids),
        ..CustomerFilterParameters::new(extent, Limitation::new(count))
    }
}

/// The page of `matching` (the data set in server order, already filtered) after the request's
/// cursor, of at most its `Count` items.
fn page_of(request: &Recorded, matching: Vec<(String, Value)>, items_key: &str) -> Reply {
    let limitation = &request.body["Limitation"];
    let count = limitation["Count"].as_u64().unwrap_or(0) as usize;
    let start = match limitation["Cursor"].as_str() {
        Some(cursor) => match matching.iter().position(|(id, _)| id == cursor) {
            Some(position) => position + 1,
            None => return Reply::error(400, &format!("unknown cursor {cursor}")),
        },
        None => 0,
    };
    let page: Vec<(String, Value)> = matching.into_iter().skip(start).take(count).collect();
    let cursor = page.last().map(|(id, _)| id.clone());
    let items: Vec<Value> = page.into_iter().map(|(_, item)| item).collect();
    Reply::ok(json!({ items_key: items, "Cursor": cursor }))
}

/// A server holding `total` customers that answers `customers/getAll` by `CustomerIds`.
async fn customers_server(total: usize) -> MewsServer {
    MewsServer::with_handler(move |request, _| {
        let wanted: HashSet<&str> = request.body["CustomerIds"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let matching = (0..total)
            .map(|n| customer_id(n).to_string())
            .filter(|id| wanted.contains(id.as_str()))
            .map(|id| {
                let item = customer(&id);
                (id, item)
            })
            .collect();
        page_of(request, matching, "Customers")
    })
    .await
}

#[tokio::test]
async fn a_call_with_1001_customer_ids_is_an_error_and_nothing_is_sent() {
    let server = customers_server(2000).await;
    let ids = (0..1001).map(customer_id).collect();
    let error = client(&server)
        .customers()
        .get_all(&customers(ids, 100))
        .await
        .expect_err("over the limit");
    let Error::Limit(limit) = &error else {
        panic!("expected a limit error, got {error:?}");
    };
    assert_eq!(limit.operation, "customers_getAll");
    assert_eq!(limit.path, "CustomerIds");
    assert_eq!(limit.limit, Limit::MaxItems(1000));
    assert_eq!(limit.value, "1001 items");
    let message = error.to_string();
    assert!(
        message.contains("CustomerIds") && message.contains("1000"),
        "{message}"
    );
    assert!(!error.request_may_have_reached_server());
    assert_eq!(server.request_count(), 0, "the server saw nothing");
}

#[tokio::test]
async fn a_stream_of_2500_customer_ids_asks_in_batches_of_1000_and_yields_each_once() {
    let server = customers_server(3000).await;
    // The ids in an order of their own; one appears twice, in two batches.
    let mut ids: Vec<Uuid> = (0..2500).rev().map(customer_id).collect();
    ids[2400] = customer_id(2499);
    let expected: HashSet<Uuid> = ids.iter().copied().collect();
    let got: Vec<Uuid> = client(&server)
        .customers()
        .get_all_stream(customers(ids, 400))
        .map_ok(|customer| customer.id)
        .try_collect()
        .await
        .expect("every batch succeeds");
    assert_eq!(got.len(), expected.len(), "each customer once");
    assert_eq!(got.iter().copied().collect::<HashSet<_>>(), expected);
    let sizes: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| r.body["CustomerIds"].as_array().map_or(0, Vec::len))
        .collect();
    assert!(sizes.iter().all(|&n| n <= 1000), "{sizes:?}");
    // Batches of 1000, 1000 and 500 ids, each paged by 400.
    assert_eq!(sizes, [1000, 1000, 1000, 1000, 1000, 1000, 500, 500]);
    assert_mews_accepted(&server);
}

/// The instant of order item `n`: one every 6 hours from 2024-01-01, so some fall exactly where
/// three-month windows meet.
fn updated(n: usize) -> DateTime<Utc> {
    "2024-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::hours(6 * n as i64)
}

fn utc_of(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str()?.parse().ok()
}

/// A server holding `total` order items that answers `orderItems/getAll` by `UpdatedUtc`
/// (inclusive), oldest first.
async fn order_items_server(total: usize) -> MewsServer {
    MewsServer::with_handler(move |request, _| {
        let interval = &request.body["UpdatedUtc"];
        let (Some(start), Some(end)) = (utc_of(&interval["StartUtc"]), utc_of(&interval["EndUtc"]))
        else {
            return Reply::error(400, "UpdatedUtc is required in this test");
        };
        let matching = (0..total)
            .filter(|&n| (start..=end).contains(&updated(n)))
            .map(|n| {
                let id = item_id(n).to_string();
                let mut item = order_item(&id);
                item["UpdatedUtc"] = json!(updated(n).to_rfc3339());
                (id, item)
            })
            .collect();
        page_of(request, matching, "OrderItems")
    })
    .await
}

fn ten_months(count: i32) -> OrderItemFilterParameters {
    OrderItemFilterParameters {
        updated_utc: Some(TimeInterval {
            start_utc: updated(0),
            end_utc: "2024-11-01T00:00:00Z".parse().unwrap(),
        }),
        ..OrderItemFilterParameters::new(Limitation::new(count))
    }
}

/// Every request's `UpdatedUtc` spans at most three calendar months.
fn assert_windows_within_three_months(server: &MewsServer) {
    for request in server.requests() {
        let interval = &request.body["UpdatedUtc"];
        let (start, end) = (
            utc_of(&interval["StartUtc"]).unwrap(),
            utc_of(&interval["EndUtc"]).unwrap(),
        );
        let limit = start.checked_add_months(chrono::Months::new(3)).unwrap();
        assert!(end <= limit, "a window of {start} to {end}");
    }
}

#[tokio::test]
async fn ten_months_of_order_items_come_in_three_month_windows_each_once_in_order() {
    // 2024-01-01 to 2024-11-01 every 6 hours: 1,221 items.
    let total = 1221;
    let server = order_items_server(total).await;
    let got: Vec<Uuid> = client(&server)
        .order_items()
        .get_all_stream(ten_months(250))
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .expect("every window succeeds");
    let expected: Vec<Uuid> = (0..total).map(item_id).collect();
    assert_eq!(got, expected, "every item once, in order");
    assert_windows_within_three_months(&server);
    let windows: HashSet<String> = server
        .requests()
        .iter()
        .map(|r| r.body["UpdatedUtc"]["StartUtc"].to_string())
        .collect();
    assert_eq!(windows.len(), 4, "Jan-Apr, Apr-Jul, Jul-Oct, Oct-Nov");
    assert_mews_accepted(&server);

    // Pages, and a lenient stream, hold the same items.
    let server = order_items_server(total).await;
    let pages: Vec<OrderItemResult> = client(&server)
        .order_items()
        .get_all_pages(ten_months(1000))
        .try_collect()
        .await
        .expect("pages");
    let from_pages: Vec<Uuid> = pages
        .into_iter()
        .flat_map(|p| p.order_items)
        .map(|i| i.id)
        .collect();
    assert_eq!(from_pages, expected);
    let lenient = client(&server).with_options(&CallOptions::new().lenient(true));
    let from_lenient: Vec<Uuid> = lenient
        .order_items()
        .get_all_stream(ten_months(300))
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .expect("lenient stream");
    assert_eq!(from_lenient, expected);
}

#[tokio::test]
async fn splitting_turned_off_is_the_limit_error_before_sending() {
    let server = order_items_server(10).await;
    let unsplit = client(&server).with_options(&CallOptions::new().split_filters(false));
    let results: Vec<_> = unsplit
        .order_items()
        .get_all_stream(ten_months(100))
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    let Err(Error::Limit(limit)) = &results[0] else {
        panic!("expected a limit error, got {:?}", results[0]);
    };
    assert_eq!(limit.path, "UpdatedUtc");
    assert_eq!(
        limit.value,
        "2024-01-01 00:00:00 UTC to 2024-11-01 00:00:00 UTC"
    );
    // A single call never splits.
    let error = client(&server)
        .order_items()
        .get_all(&ten_months(100))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Limit(_)), "{error:?}");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_count_outside_1_to_1000_is_an_error_before_sending_from_a_call_and_a_stream() {
    let server = MewsServer::scripted(Vec::new()).await;
    let client = client(&server);
    for count in [0, -5, 1001] {
        let error = client
            .order_items()
            .get_all(&order_items(count))
            .await
            .unwrap_err();
        let Error::Limit(limit) = &error else {
            panic!("Count {count}: expected a limit error, got {error:?}");
        };
        assert_eq!(limit.path, "Limitation.Count");
        assert_eq!(limit.value, count.to_string());
        let results: Vec<_> = client
            .order_items()
            .get_all_stream(order_items(count))
            .collect()
            .await;
        assert_eq!(results.len(), 1, "the error ends the stream");
        assert!(matches!(&results[0], Err(Error::Limit(l)) if l.path == "Limitation.Count"));
        let pages: Vec<_> = client
            .order_items()
            .get_all_pages(order_items(count))
            .collect()
            .await;
        assert!(
            matches!(pages.as_slice(), [Err(Error::Limit(_))]),
            "{pages:?}"
        );
    }
    assert_eq!(server.request_count(), 0);
    // `Limitation::new` builds any value; the check is at sending, as for every other limit.
    let zero = Limitation::new(0);
    assert!(zero
        .check_limits(&mews_connector::runtime::JsonPath::ROOT)
        .is_err());
}

/// A request type that states no limits, with its page size where the test server does not
/// look, so that a `Count` of 0 reaches the pager.
#[derive(Clone, serde::Serialize)]
struct UncheckedRequest {
    #[serde(rename = "Paging")]
    paging: Limitation,
}

impl CheckLimits for UncheckedRequest {}

impl PagedRequest for UncheckedRequest {
    fn page_size(&self) -> usize {
        usize::try_from(self.paging.count).unwrap_or(0)
    }

    fn set_cursor(&mut self, cursor: Option<String>) {
        self.paging.cursor = cursor;
    }
}

/// An operation the test server requires nothing of (it would refuse `orderItems/getAll`
/// without a `Limitation`); the scripted pages are order items.
static UNCHECKED: Operation = Operation {
    id: "resources_getAll",
    path: "/api/connector/v1/resources/getAll",
    retry_safe: true,
    enterprise_scope: EnterpriseScope::None,
};

#[tokio::test]
async fn a_count_of_0_answered_with_an_empty_page_is_an_error_not_the_end() {
    let server = MewsServer::scripted(vec![
        Reply::ok(json!({ "OrderItems": [], "Cursor": null })),
        Reply::ok(json!({ "OrderItems": [], "Cursor": null })),
    ])
    .await;
    let client = client(&server);
    let request = UncheckedRequest {
        paging: Limitation::new(0),
    };
    let items: Vec<_> = client
        .items::<_, OrderItemResult>(&UNCHECKED, request.clone())
        .collect()
        .await;
    let [Err(Error::Page(error))] = items.as_slice() else {
        panic!("expected one page error, got {items:?}");
    };
    assert_eq!(error.problem, PageProblem::MissingCursor { items: 0 });
    let pages: Result<Vec<OrderItemResult>, Error> = client
        .pages::<_, OrderItemResult>(&UNCHECKED, request)
        .try_collect()
        .await;
    assert!(
        matches!(pages, Err(Error::Page(_))),
        "never Ok with the data lost"
    );
}
