//! The HTTP runtime against a loopback server that checks requests like Mews does.

mod support;

use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use uuid::Uuid;

use mews_connector::runtime::{ApiErrorKind, RateLimit, RetryPolicy};
use mews_connector::{Client, Environment, Error};
use support::api::*;
use support::{MewsServer, Reply, ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN};

#[tokio::test]
async fn auth_fields_are_added_to_every_body() {
    let server = MewsServer::scripted(vec![order_added(), Reply::ok(page(&[0]))]).await;
    let client = client(&server);

    let added = client
        .orders()
        .add(&add_order())
        .await
        .expect("order added");
    assert_eq!(
        added.order_id.to_string(),
        "0b9b9ff9-2b4a-4b4d-8d0e-b0d1a9a6d6a1"
    );
    client
        .order_items()
        .get_all(&order_items(10))
        .await
        .expect("page");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.body["ClientToken"], CLIENT_TOKEN);
        assert_eq!(request.body["AccessToken"], ACCESS_TOKEN);
        assert_eq!(request.body["Client"], CLIENT_NAME);
        assert!(request.body.get("LanguageCode").is_none());
        // The envelope (Mews' x-envelope, as data) leads the body, in its order, as always.
        let keys: Vec<&str> = request.keys.iter().map(String::as_str).collect();
        assert_eq!(keys[..3], ["ClientToken", "AccessToken", "Client"]);
        assert!(request
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        assert!(request.header("prefer").is_none());
    }
    assert_eq!(
        requests[0].body["ServiceId"],
        Uuid::from_u128(0x5e41).to_string()
    );
    assert_eq!(requests[1].body["Limitation"]["Count"], 10);
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn language_and_culture_are_sent_together() {
    let server = MewsServer::scripted(vec![order_added()]).await;
    let client = builder(&server)
        .language_code("de-DE")
        .culture_code("de-DE")
        .build()
        .unwrap();
    client.orders().add(&add_order()).await.unwrap();
    let body = &server.requests()[0].body;
    assert_eq!(body["LanguageCode"], "de-DE");
    assert_eq!(body["CultureCode"], "de-DE");
    let requests = server.requests();
    let keys: Vec<&str> = requests[0].keys.iter().map(String::as_str).collect();
    assert_eq!(
        keys[..5],
        [
            "ClientToken",
            "AccessToken",
            "Client",
            "LanguageCode",
            "CultureCode"
        ]
    );
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn url_path_is_exact_even_with_a_trailing_slash_in_the_base() {
    let server = MewsServer::scripted(vec![order_added(), Reply::ok(page(&[]))]).await;
    let client = builder(&server)
        .environment(Environment::Custom(format!("{}/", server.base_url())))
        .build()
        .unwrap();
    client.orders().add(&add_order()).await.unwrap();
    client.order_items().get_all(&order_items(5)).await.unwrap();
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, [ORDERS_ADD, ORDER_ITEMS_GET_ALL]);
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn default_enterprise_id_fills_missing_enterprise_only() {
    let default = Uuid::from_u128(0xe1);
    let explicit = Uuid::from_u128(0xe2);
    let server =
        MewsServer::scripted(vec![order_added(), order_added(), Reply::ok(page(&[]))]).await;
    let client = builder(&server).enterprise_id(default).build().unwrap();
    assert_eq!(client.default_enterprise_id(), Some(default));

    client.orders().add(&add_order()).await.unwrap();
    let mut own = add_order();
    own.enterprise_id = Some(explicit);
    client.orders().add(&own).await.unwrap();
    client.order_items().get_all(&order_items(5)).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].body["EnterpriseId"], default.to_string());
    assert_eq!(requests[1].body["EnterpriseId"], explicit.to_string());
    assert_eq!(
        requests[2].body["EnterpriseIds"],
        json!([default.to_string()])
    );
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after_then_retries_once() {
    let server = MewsServer::scripted(vec![
        Reply::error(429, "Too many requests").with_header("Retry-After", "1"),
        order_added(),
    ])
    .await;
    let client = client(&server);
    let started = Instant::now();
    // 429 is retried even for orders/add: Mews rejected the request before running it.
    client
        .orders()
        .add(&add_order())
        .await
        .expect("retried after 429");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received - requests[0].received;
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn server_error_on_retry_safe_operation_is_retried() {
    let server =
        MewsServer::scripted(vec![Reply::error(500, "boom"), Reply::ok(page(&[0, 1]))]).await;
    let result = client(&server)
        .order_items()
        .get_all(&order_items(10))
        .await
        .expect("retried after 500");
    assert_eq!(result.order_items.len(), 2);
    assert_eq!(server.request_count(), 2);
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let server = MewsServer::with_handler(|_, _| Reply::error(503, "down")).await;
    let client = builder(&server)
        .retry(
            RetryPolicy::new()
                .with_max_attempts(3)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let err = get_all_error(&client).await;
    assert!(matches!(&err, Error::Api(e) if e.kind == ApiErrorKind::Server && e.status == 503));
    assert_eq!(server.request_count(), 3);
    // The error says what the call cost.
    assert_eq!(err.attempts().map(|a| a.count), Some(3));
    assert!(err.to_string().contains("after 3 attempts in"), "{err}");
}

#[tokio::test]
async fn server_error_on_orders_add_is_not_retried() {
    let server =
        MewsServer::scripted(vec![Reply::error(500, "Internal error"), order_added()]).await;
    let err = client(&server)
        .orders()
        .add(&add_order())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.kind, ApiErrorKind::Server);
    assert_eq!(api.status, 500);
    assert_eq!(api.operation, "orders_add");
    assert_eq!(api.message.as_deref(), Some("Internal error"));
    assert_eq!(
        api.request_id.as_deref(),
        Some("req-500"),
        "header wins over body"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn forbidden_keeps_the_end_user_message_and_body_request_id() {
    let reply = Reply::raw(
        403,
        r#"{"Message":"Bill is closed.","RequestId":"abc-1","Details":null}"#,
    );
    let server = MewsServer::scripted(vec![reply]).await;
    let err = client(&server)
        .orders()
        .add(&add_order())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.kind, ApiErrorKind::Forbidden);
    assert_eq!(api.message.as_deref(), Some("Bill is closed."));
    assert_eq!(api.request_id.as_deref(), Some("abc-1"));
    assert_eq!(api.details, None);
    assert_eq!(err.request_id(), Some("abc-1"));
    assert!(err.to_string().contains("Bill is closed."), "{err}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn non_json_error_body_still_gives_an_api_error() {
    let html = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        " ".repeat(400)
    );
    let server = MewsServer::scripted(vec![Reply::raw(502, &html)]).await;
    let err = client(&server)
        .orders()
        .add(&add_order())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.kind, ApiErrorKind::Server);
    let message = api.message.as_deref().unwrap();
    assert!(
        message.starts_with("<html><body>502 Bad Gateway"),
        "{message}"
    );
    assert!(message.chars().count() <= 200);
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn dropped_response_on_orders_add_is_surfaced_not_retried() {
    let body = json!({ "OrderId": "0b9b9ff9-2b4a-4b4d-8d0e-b0d1a9a6d6a1" }).to_string();
    let server = MewsServer::scripted(vec![
        Reply::HalfBody {
            status: 200,
            body: body.into_bytes(),
        },
        order_added(),
    ])
    .await;
    let err = client(&server)
        .orders()
        .add(&add_order())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.may_have_reached_server),
        "{err:?}"
    );
    assert!(err.request_may_have_reached_server());
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn connection_closed_without_answer_is_retried_only_when_safe() {
    let server = MewsServer::scripted(vec![Reply::Close, order_added()]).await;
    let err = client(&server)
        .orders()
        .add(&add_order())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if e.may_have_reached_server),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 1);

    let server = MewsServer::scripted(vec![Reply::Close, Reply::ok(page(&[0]))]).await;
    let result = client(&server)
        .order_items()
        .get_all(&order_items(10))
        .await;
    assert_eq!(result.expect("retried").order_items.len(), 1);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn refused_connection_is_retried_even_for_orders_add() {
    // Nothing listens on a port that was just released, so the request is never sent.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .environment(Environment::Custom(format!("http://127.0.0.1:{port}")))
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .client(CLIENT_NAME)
        .retry(
            RetryPolicy::new()
                .with_max_attempts(2)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = client.orders().add(&add_order()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(e) if !e.may_have_reached_server),
        "{err:?}"
    );
    assert!(!err.request_may_have_reached_server());
}

#[tokio::test]
async fn malformed_item_reports_its_json_path() {
    let mut body = page(&[0, 1, 2]);
    body["OrderItems"][1]["Id"] = json!("not-a-uuid");
    let server = MewsServer::scripted(vec![Reply::ok(body)]).await;
    let err = get_all_error(&client(&server)).await;
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "OrderItems[1].Id");
    assert_eq!(decode.status, 200);
    assert!(decode.excerpt.contains("not-a-uuid"), "{}", decode.excerpt);
    assert!(decode.excerpt.chars().count() <= 200);
    assert!(err.to_string().contains("OrderItems[1].Id"), "{err}");
    assert_eq!(server.request_count(), 1, "decode errors are not retried");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let full = page(&[0, 1]).to_string();
    let truncated = &full[..full.len() * 3 / 4];
    let server = MewsServer::scripted(vec![Reply::raw(200, truncated)]).await;
    let err = get_all_error(&client(&server)).await;
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(decode.path.starts_with("OrderItems[1]"), "{}", decode.path);
    // Only named segments: serde's `?` for the value cut off is left out.
    assert!(!decode.path.contains('?'), "{}", decode.path);
    assert!(decode.message.contains("EOF"), "{}", decode.message);
    assert!(
        truncated.ends_with(decode.excerpt.as_str()),
        "{}",
        decode.excerpt
    );
}

#[tokio::test]
async fn slow_server_times_out_within_the_bound() {
    let server = MewsServer::scripted(vec![order_added().after(Duration::from_secs(5))]).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.orders().add(&add_order()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(&err, Error::Timeout(t) if t.timeout == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(
        server.request_count(),
        1,
        "orders/add is not retried after a timeout"
    );
}

#[tokio::test]
async fn pagination_yields_every_item_once_in_order() {
    const TOTAL: usize = 2_500;
    let server = MewsServer::with_handler(|request, _| {
        let limitation = &request.body["Limitation"];
        let count = limitation["Count"].as_u64().unwrap() as usize;
        // The cursor is the id of the last item already returned.
        let start = match limitation["Cursor"].as_str() {
            None => 0,
            Some(cursor) => (1..=TOTAL)
                .find(|&n| item_id(n - 1).to_string() == cursor)
                .unwrap(),
        };
        let ids: Vec<usize> = (start..TOTAL.min(start + count)).collect();
        Reply::ok(page(&ids))
    })
    .await;
    // Spawning proves the stream is `Send + 'static`.
    let stream = client(&server)
        .order_items()
        .get_all_stream(order_items(1000));
    let items: Vec<_> = tokio::spawn(stream.try_collect::<Vec<_>>())
        .await
        .expect("task")
        .expect("all pages");

    let ids: Vec<Uuid> = items.iter().map(|item| item.id).collect();
    let expected: Vec<Uuid> = (0..TOTAL).map(item_id).collect();
    assert_eq!(ids, expected);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].body["Limitation"]["Cursor"].is_null());
    assert_eq!(
        requests[1].body["Limitation"]["Cursor"],
        item_id(999).to_string()
    );
    assert_eq!(
        requests[2].body["Limitation"]["Cursor"],
        item_id(1999).to_string()
    );
    assert!(requests
        .iter()
        .all(|r| r.body["Limitation"]["Count"] == 1000));
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn pages_stop_on_null_cursor_and_surface_errors() {
    let server =
        MewsServer::scripted(vec![Reply::ok(json!({ "OrderItems": [], "Cursor": null }))]).await;
    let pages: Vec<_> = client(&server)
        .order_items()
        .get_all_pages(order_items(10))
        .collect()
        .await;
    assert_eq!(pages.len(), 1);
    assert!(pages[0].as_ref().unwrap().order_items.is_empty());
    assert_eq!(server.request_count(), 1);

    let server =
        MewsServer::scripted(vec![Reply::ok(page(&[0, 1])), Reply::error(400, "bad")]).await;
    let results: Vec<_> = client(&server)
        .order_items()
        .get_all_stream(order_items(2))
        .collect()
        .await;
    assert_eq!(
        results.len(),
        3,
        "two items, then the error ends the stream"
    );
    assert!(matches!(&results[2], Err(Error::Api(e)) if e.kind == ApiErrorKind::BadRequest));
}

#[tokio::test]
async fn no_content_ends_streams_and_is_a_clear_decode_error_for_results() {
    let server = MewsServer::scripted(vec![Reply::raw(204, ""), Reply::raw(204, "")]).await;
    let client = builder(&server)
        .prefer_minimal_responses(true)
        .build()
        .unwrap();
    let items: Vec<_> = client
        .order_items()
        .get_all_stream(order_items(10))
        .collect()
        .await;
    assert!(items.is_empty());

    let err = client.orders().add(&add_order()).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status, 204);
    assert!(decode.message.contains("no body"), "{}", decode.message);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.header("prefer") == Some("return=minimal")));
}

#[tokio::test]
async fn missing_configuration_is_a_config_error() {
    let complete = || {
        Client::builder()
            .environment(Environment::Demo)
            .client_token(CLIENT_TOKEN)
            .access_token(ACCESS_TOKEN)
            .client(CLIENT_NAME)
    };
    let cases = [
        (
            "ClientToken",
            Client::builder().access_token("a").client("c"),
        ),
        (
            "AccessToken",
            Client::builder().client_token("c").client("c"),
        ),
        (
            "Client",
            Client::builder().client_token("c").access_token("a"),
        ),
        ("AccessToken", complete().access_token("  ")),
        (
            "environment is required",
            Client::builder()
                .client_token("c")
                .access_token("a")
                .client("c"),
        ),
        ("CultureCode", complete().language_code("en-US")),
        (
            "base URL",
            complete().environment(Environment::Custom("ftp://x".into())),
        ),
        (
            "base URL",
            complete().environment(Environment::Custom("not a url".into())),
        ),
        (
            "rate limit",
            complete().rate_limit(RateLimit::new(0, Duration::from_secs(1))),
        ),
    ];
    for (needle, builder) in cases {
        match builder.build() {
            Err(Error::Config(e)) => assert!(e.message.contains(needle), "{needle}: {e}"),
            other => panic!("{needle}: expected a config error, got {other:?}"),
        }
    }
    let client = complete().build().expect("complete configuration");
    assert_eq!(client.base_url(), "https://api.mews-demo.com");
    let production = complete()
        .environment(Environment::Production)
        .build()
        .unwrap();
    assert_eq!(production.base_url(), "https://api.mews.com");
}

#[tokio::test]
async fn debug_and_errors_never_show_tokens() {
    let echo = json!({
        "Message": format!("Invalid AccessToken {ACCESS_TOKEN}"),
        "RequestId": "r-1",
        "Details": { "Request": { "ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN } }
    });
    let server = MewsServer::scripted(vec![Reply::json(400, echo)]).await;
    let builder = builder(&server).enterprise_id(Uuid::from_u128(1));
    let client = builder.clone().build().unwrap();
    let err = client.orders().add(&add_order()).await.unwrap_err();

    let mut outputs = vec![
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{:?}", add_order()),
        format!("{err:?}"),
        format!("{err}"),
    ];
    if let Error::Api(api) = &err {
        outputs.push(api.details.as_ref().unwrap().to_string());
        assert!(api.message.as_deref().unwrap().contains("<redacted>"));
    } else {
        panic!("expected an API error, got {err:?}");
    }
    for output in &outputs {
        assert!(
            !output.contains(CLIENT_TOKEN),
            "client token leaked: {output}"
        );
        assert!(
            !output.contains(ACCESS_TOKEN),
            "access token leaked: {output}"
        );
    }
    assert!(
        outputs[1].contains(CLIENT_NAME),
        "Debug still shows useful fields"
    );
}

#[tokio::test]
async fn rate_limiter_is_shared_by_clones() {
    let server = MewsServer::with_handler(|_, _| order_added()).await;
    let window = Duration::from_millis(500);
    let client = builder(&server)
        .rate_limit(RateLimit::new(3, window))
        .build()
        .unwrap();
    let clone = client.clone();
    let started = Instant::now();
    client.orders().add(&add_order()).await.unwrap();
    clone.orders().add(&add_order()).await.unwrap();
    client.orders().add(&add_order()).await.unwrap();
    let three = started.elapsed();
    clone.orders().add(&add_order()).await.unwrap();
    let four = started.elapsed();
    assert!(three < window, "first three fit in the window: {three:?}");
    assert!(four >= window, "the fourth waited for the window: {four:?}");
    assert_eq!(server.request_count(), 4);
}

#[test]
fn clients_errors_and_futures_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Client>();
    send_sync::<Error>();
    let client = Client::builder()
        .environment(Environment::Demo)
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .client(CLIENT_NAME)
        .build()
        .unwrap();
    let request = add_order();
    send(&client.orders().add(&request));
    send(&client.order_items().get_all(&order_items(1)));
}

#[test]
fn the_committed_bindings_name_mews_envelope() {
    // Generated from spec/connector.yaml's x-envelope; the runtime's default is the same.
    assert_eq!(
        mews_connector::ENVELOPE,
        mews_connector::runtime::Envelope::MEWS
    );
}
