//! Per-call options, raw access, a caller's own `reqwest::Client`, and custom environments.

mod support;

use std::time::Duration;

use uuid::Uuid;

use mews_connector::runtime::{reqwest, CallOptions, RetryPolicy, TimeoutLimit};
use mews_connector::{Client, Environment, Error};
use support::api::*;
use support::{MewsServer, Reply, ACCESS_TOKEN, CLIENT_NAME, CLIENT_TOKEN};

#[tokio::test]
async fn options_apply_to_the_view_only() {
    let server = MewsServer::with_handler(|_, index| match index {
        0 => order_added().after(Duration::from_millis(800)),
        _ => order_added().after(Duration::from_millis(300)),
    })
    .await;
    let client = builder(&server)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let quick = client.with_options(&CallOptions::new().timeout(Duration::from_millis(150)));
    let err = quick.orders().add(&add_order()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(t) if t.limit == TimeoutLimit::Call
            && t.timeout == Duration::from_millis(150)),
        "{err:?}"
    );
    // The client itself keeps its own 5 s and waits for the slower answer.
    client.orders().add(&add_order()).await.expect("within 5 s");
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn attempt_timeout_and_retry_policy_can_be_set_per_call() {
    let server = MewsServer::with_handler(|_, index| match index {
        0 => Reply::error(503, "busy"),
        _ => Reply::ok(page(&[])).after(Duration::from_secs(2)),
    })
    .await;
    let client = client(&server);
    let once = client.with_options(&CallOptions::new().retry(RetryPolicy::disabled()));
    let err = once
        .order_items()
        .get_all(&order_items(5))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts().map(|a| a.count), Some(1));

    let short = client.with_options(
        &CallOptions::new()
            .attempt_timeout(Duration::from_millis(100))
            .retry(RetryPolicy::disabled()),
    );
    let err = short
        .order_items()
        .get_all(&order_items(5))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(t) if t.limit == TimeoutLimit::Attempt),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn the_enterprise_can_be_chosen_per_call() {
    let server = MewsServer::with_handler(|_, _| order_added()).await;
    let default = Uuid::from_u128(1);
    let chosen = Uuid::from_u128(2);
    let client = builder(&server).enterprise_id(default).build().unwrap();
    client.orders().add(&add_order()).await.unwrap();
    let view = client.with_options(&CallOptions::new().enterprise_id(chosen));
    view.orders().add(&add_order()).await.unwrap();
    assert_eq!(view.default_enterprise_id(), Some(chosen));
    let sent: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.body["EnterpriseId"].clone())
        .collect();
    assert_eq!(sent, [default.to_string(), chosen.to_string()]);
}

#[tokio::test]
async fn raw_access_gives_status_headers_and_body() {
    let answer = order_added().with_header("Request-Id", "raw-42");
    let Reply::Respond { body, .. } = &answer else {
        unreachable!("order_added is a complete response")
    };
    let expected_body = body.clone();
    let server = MewsServer::scripted(vec![answer]).await;
    let raw = client(&server)
        .with_raw(|client| async move { client.orders().add(&add_order()).await })
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.body.as_ref(), expected_body.as_slice());
    assert_eq!(raw.headers.get_all("request-id").iter().count(), 2);
    assert_eq!(raw.request_id(), Some("req-200"));
    assert_eq!(
        raw.value.order_id,
        Uuid::parse_str("0b9b9ff9-2b4a-4b4d-8d0e-b0d1a9a6d6a1").unwrap()
    );

    let err = client(&server)
        .with_raw(|_| async { Ok::<_, Error>(()) })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn a_callers_reqwest_client_is_used() {
    let server = MewsServer::scripted(vec![order_added()]).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-through-proxy", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    builder(&server)
        .http_client(http)
        .build()
        .unwrap()
        .orders()
        .add(&add_order())
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("x-through-proxy"), Some("yes"));
    assert_mews_accepted(&server);
}

#[tokio::test]
async fn custom_environments_take_any_string_and_are_checked_at_build() {
    let base = |env: Environment| {
        Client::builder()
            .environment(env)
            .client_token(CLIENT_TOKEN)
            .access_token(ACCESS_TOKEN)
            .client(CLIENT_NAME)
            .build()
    };
    assert!(matches!(
        base(Environment::custom("ftp://x")),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        base(Environment::custom("not a url")),
        Err(Error::Config(_))
    ));
    let client = base(Environment::custom("http://127.0.0.1:9/prefix/")).unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix");
}
