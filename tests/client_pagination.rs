//! Pagination never passes off missing data as the end of the data, and a lenient stream
//! survives one bad item.

mod support;

use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use uuid::Uuid;

use mews_connector::runtime::{CallOptions, PageProblem};
use mews_connector::{Error, OrderItem};
use support::api::*;
use support::{MewsServer, Reply};

/// Page `number` (from 1) of pages of `size` items.
fn page_of(number: usize, size: usize) -> serde_json::Value {
    let first = (number - 1) * size;
    page(&(first..first + size).collect::<Vec<_>>())
}

async fn collect(stream: mews_connector::runtime::Paged<OrderItem>) -> Vec<Result<Uuid, Error>> {
    stream.map(|item| item.map(|item| item.id)).collect().await
}

#[tokio::test]
async fn an_empty_200_on_page_two_is_an_error_after_page_ones_items() {
    let server = MewsServer::scripted(vec![
        Reply::ok(page_of(1, 5)),
        Reply::raw(200, ""),
        Reply::ok(page_of(3, 5)),
    ])
    .await;
    let results = collect(client(&server).order_items().get_all_stream(order_items(5))).await;
    assert_eq!(results.len(), 6, "five items, then the error: {results:?}");
    let ids: Vec<Uuid> = results[..5].iter().map(|r| *r.as_ref().unwrap()).collect();
    assert_eq!(ids, (0..5).map(item_id).collect::<Vec<_>>());
    let Err(Error::Page(error)) = &results[5] else {
        panic!("expected a page error, got {:?}", results[5]);
    };
    assert_eq!(error.page, 2);
    assert_eq!(error.problem, PageProblem::NoBody { status: 200 });
    assert_eq!(server.request_count(), 2, "page 3 is never requested");

    // Collected the usual way, the stream can never be Ok with fewer items.
    let server = MewsServer::scripted(vec![Reply::ok(page_of(1, 5)), Reply::raw(200, "")]).await;
    let all: Result<Vec<OrderItem>, Error> = client(&server)
        .order_items()
        .get_all_stream(order_items(5))
        .try_collect()
        .await;
    assert!(matches!(all, Err(Error::Page(_))), "{all:?}");
}

#[tokio::test]
async fn an_empty_200_is_an_error_for_single_calls_too() {
    let server = MewsServer::scripted(vec![Reply::raw(200, "")]).await;
    let err = client(&server)
        .orders()
        .add(&add_order())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(
        decode.message.contains("no minimal response was requested"),
        "{err}"
    );
}

#[tokio::test]
async fn a_full_page_without_a_cursor_is_an_error_naming_the_page() {
    let mut second = page_of(2, 3);
    second["Cursor"] = json!(null);
    let server = MewsServer::scripted(vec![Reply::ok(page_of(1, 3)), Reply::ok(second)]).await;
    let results = collect(client(&server).order_items().get_all_stream(order_items(3))).await;
    assert_eq!(results.len(), 7, "six items, then the error");
    assert!(results[..6].iter().all(Result::is_ok));
    let Err(Error::Page(error)) = &results[6] else {
        panic!("expected a page error, got {:?}", results[6]);
    };
    assert_eq!(error.page, 2);
    assert_eq!(error.problem, PageProblem::MissingCursor { items: 3 });
    assert!(error.to_string().contains("page 2"), "{error}");
}

#[tokio::test]
async fn a_repeated_cursor_is_an_error_not_a_loop() {
    let server =
        MewsServer::scripted(vec![Reply::ok(page_of(1, 2)), Reply::ok(page_of(1, 2))]).await;
    let results = collect(client(&server).order_items().get_all_stream(order_items(2))).await;
    assert_eq!(results.len(), 5);
    let Err(Error::Page(error)) = &results[4] else {
        panic!("expected a page error, got {:?}", results[4]);
    };
    assert_eq!(error.page, 2);
    assert_eq!(
        error.problem,
        PageProblem::RepeatedCursor {
            cursor: item_id(1).to_string()
        }
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_short_page_is_the_end_even_with_a_cursor() {
    let server =
        MewsServer::scripted(vec![Reply::ok(page_of(1, 4)), Reply::ok(page(&[4, 5]))]).await;
    // Unpin: `try_next` works on the stream as returned.
    let mut stream = client(&server).order_items().get_all_stream(order_items(4));
    let mut ids = Vec::new();
    while let Some(item) = stream.try_next().await.unwrap() {
        ids.push(item.id);
    }
    assert_eq!(ids, (0..6).map(item_id).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_lenient_stream_reports_one_bad_item_and_delivers_the_rest() {
    let mut second = page_of(2, 10);
    second["OrderItems"][7]["Id"] = json!("not-a-uuid");
    let server = MewsServer::scripted(vec![
        Reply::ok(page_of(1, 10)),
        Reply::ok(second),
        Reply::ok(page(&(20..25).collect::<Vec<_>>())),
    ])
    .await;
    let lenient = client(&server).with_options(&CallOptions::new().lenient(true));
    let results = collect(lenient.order_items().get_all_stream(order_items(10))).await;

    let delivered: Vec<Uuid> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    let expected: Vec<Uuid> = (0..25).filter(|&n| n != 17).map(item_id).collect();
    assert_eq!(delivered, expected, "every other item, in order");
    let errors: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let Error::Item(item) = errors[0] else {
        panic!("expected an item error, got {:?}", errors[0]);
    };
    assert_eq!((item.page, item.index), (2, 7));
    assert_eq!(item.path, "Id");
    assert!(item.raw.contains("\"not-a-uuid\""), "{}", item.raw);
    assert!(item.raw.starts_with('{') && item.raw.contains("OriginalAmount"));
    assert!(results[17].is_err(), "the error comes where the item was");
    assert_eq!(server.request_count(), 3);
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn a_strict_stream_ends_at_the_bad_item_s_page() {
    let mut second = page_of(2, 10);
    second["OrderItems"][7]["Id"] = json!("not-a-uuid");
    let server = MewsServer::scripted(vec![Reply::ok(page_of(1, 10)), Reply::ok(second)]).await;
    let results = collect(
        client(&server)
            .order_items()
            .get_all_stream(order_items(10)),
    )
    .await;
    assert_eq!(results.len(), 11);
    let Err(Error::Decode(decode)) = &results[10] else {
        panic!("expected a decode error, got {:?}", results[10]);
    };
    assert_eq!(decode.path, "OrderItems[7].Id");
}
