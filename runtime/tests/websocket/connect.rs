//! The handshake: the endpoint and cookie byte for byte, refused handshakes as final errors
//! without the tokens, closing.

use super::server::{Handshake, Server, ACCESS_TOKEN, CLIENT_TOKEN, COOKIE};
use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_the_documented_cookie_and_yields_the_events_in_order() {
    let mut server = Server::start().await;
    let mut events = client(&server).connect().await.expect("connects");
    assert_eq!(
        events.endpoint(),
        format!("ws://{}/ws/connector", server.host)
    );
    let mut connection = server.accept().await;
    let handshakes = server.handshakes();
    assert_eq!(handshakes.len(), 1);
    assert_eq!(handshakes[0].path, "/ws/connector");
    // One Cookie header, exactly the documented bytes: no spaces around `=`.
    assert_eq!(handshakes[0].cookies, vec![COOKIE.as_bytes().to_vec()]);

    // The docs' example message (our ids), then one event per message.
    let docs_example = [
        r#"{"Type":"DeviceCommand","Id":"c1","State":"Pending"}"#.to_owned(),
        r#"{"Type":"Reservation","Id":"r1","State":"Processed","StartUtc":"2016-02-20T13:00:00Z","EndUtc":"2016-02-22T11:00:00Z"}"#.to_owned(),
        r#"{"Type":"Resource","Id":"s1","State":"Dirty"}"#.to_owned(),
        r#"{"Type":"PriceUpdate","Id":"p1","StartUtc":"2019-09-07T22:00:00Z","EndUtc":"2019-09-07T22:00:00Z","RateId":"rate","ResourceCategoryId":null}"#.to_owned(),
    ];
    send_events(&mut connection, &docs_example).await;
    send_events(&mut connection, &[resource("s2")]).await;
    assert_eq!(
        next_event(&mut events).await,
        Event::DeviceCommand {
            id: "c1".into(),
            state: "Pending".into()
        }
    );
    assert!(
        matches!(next_event(&mut events).await, Event::Reservation { id, assigned_resource_id: None, .. } if id == "r1")
    );
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "s1"));
    assert!(
        matches!(next_event(&mut events).await, Event::PriceUpdate { rate_id: Some(r), .. } if r == "rate")
    );
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "s2"));

    // Dropping the stream closes the connection with a close frame.
    drop(events);
    assert!(receives_close(&mut connection).await, "no close frame");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_waits_for_the_close_handshake() {
    let mut server = Server::start().await;
    // Waits too long to add to an instant are taken as "never", not a panic.
    let events = client(&server)
        .keepalive(Duration::MAX, Duration::MAX)
        .connect_timeout(Duration::MAX)
        .reconnect(ReconnectPolicy::new().with_backoff(Duration::MAX, Duration::MAX))
        .connect()
        .await
        .expect("connects");
    let mut connection = server.accept().await;
    let closing = tokio::spawn(events.close());
    assert!(receives_close(&mut connection).await, "no close frame");
    // The server's reply and its end of the TCP connection let `close` finish.
    let _ = connection.close(None).await;
    drop(connection);
    tokio::time::timeout(Duration::from_secs(5), closing)
        .await
        .expect("close finishes")
        .expect("close does not panic");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_tokens_are_a_clear_error_without_the_tokens() {
    let server = Server::start().await;
    let error = client(&server)
        .client_token("WRONG-client-token-1")
        .access_token("WRONG-access-token-2")
        .connect()
        .await
        .expect_err("the server refuses the cookie");
    let shown = format!("{error} / {error:?}");
    assert_eq!(error.status(), Some(401), "{shown}");
    assert!(matches!(error, websocket::Error::Rejected(_)), "{shown}");
    assert!(shown.contains("unauthorized"), "{shown}");
    // The server echoed the cookie in its body; the error keeps the body, not the tokens.
    assert!(shown.contains("unknown tokens"), "{shown}");
    assert!(!shown.contains("WRONG-"), "{shown}");
    // Tried once, not retried.
    assert_eq!(server.handshakes().len(), 1);

    for status in [403, 404, 400] {
        server.script([Handshake::Reject {
            status,
            body: format!("no: {COOKIE}"),
            retry_after: None,
        }]);
        let error = client(&server).connect().await.expect_err("refused");
        let shown = format!("{error} / {error:?}");
        assert_eq!(error.status(), Some(status), "{shown}");
        assert!(
            !shown.contains(CLIENT_TOKEN) && !shown.contains(ACCESS_TOKEN),
            "{shown}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_after_a_drop_ends_the_stream_with_the_error() {
    let mut server = Server::start().await;
    let mut events = client(&server).connect().await.expect("connects");
    let connection = server.accept().await;
    // A 503 may pass (retried); then the tokens are revoked: 401 is final.
    server.script([
        Handshake::Reject {
            status: 503,
            body: "busy".into(),
            retry_after: None,
        },
        Handshake::Reject {
            status: 401,
            body: format!("revoked: {COOKIE}"),
            retry_after: None,
        },
    ]);
    drop(connection);
    assert!(matches!(next(&mut events).await, Ok(Item::Disconnected(_))));
    let error = next(&mut events)
        .await
        .expect_err("the refusal ends the stream");
    assert_eq!(error.status(), Some(401));
    assert!(!format!("{error:?}").contains(ACCESS_TOKEN), "{error:?}");
    let end = tokio::time::timeout(Duration::from_secs(5), events.next()).await;
    assert!(
        matches!(end, Ok(None)),
        "the stream goes on after its error"
    );
    // The first connection, the 503, the 401: no more attempts.
    assert_eq!(server.handshakes().len(), 3);
}

#[tokio::test]
async fn bad_configuration_is_refused_before_connecting() {
    let no_token = Builder::<Event>::new()
        .environment(Environment::custom("http://127.0.0.1:9"))
        .access_token(ACCESS_TOKEN)
        .connect()
        .await
        .expect_err("no client token");
    assert!(
        no_token.to_string().contains("ClientToken is required"),
        "{no_token}"
    );
    let bad_address = Builder::<Event>::new()
        .environment(Environment::Demo.with_websocket_address("https://ws.example"))
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .connect()
        .await
        .expect_err("not a ws address");
    assert!(
        bad_address.to_string().contains("ws or wss"),
        "{bad_address}"
    );
    let debug = format!(
        "{:?}",
        Builder::<Event>::new()
            .client_token(CLIENT_TOKEN)
            .access_token(ACCESS_TOKEN)
    );
    assert!(
        !debug.contains(CLIENT_TOKEN) && !debug.contains(ACCESS_TOKEN),
        "{debug}"
    );
    assert!(debug.contains("wss://ws.mews.com"), "{debug}");
}

#[test]
fn environments_know_their_websocket_addresses() {
    assert_eq!(
        Environment::Demo.websocket_address(),
        "wss://ws.mews-demo.com"
    );
    assert_eq!(
        Environment::Production.websocket_address(),
        "wss://ws.mews.com"
    );
    assert_eq!(
        Environment::custom("https://proxy.example/mews/").websocket_address(),
        "wss://proxy.example/mews"
    );
    let split =
        Environment::custom("http://127.0.0.1:1").with_websocket_address("ws://127.0.0.1:2/");
    assert_eq!(split.base_url(), "http://127.0.0.1:1");
    assert_eq!(split.websocket_address(), "ws://127.0.0.1:2");
}

#[test]
fn no_runtime_is_a_configuration_error_not_a_panic() {
    let connecting = Builder::<Event>::new()
        .client_token(CLIENT_TOKEN)
        .access_token(ACCESS_TOKEN)
        .connect();
    let error = futures_util::FutureExt::now_or_never(connecting)
        .expect("fails at once")
        .expect_err("no Tokio runtime");
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}
