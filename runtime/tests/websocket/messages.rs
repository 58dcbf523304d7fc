//! What arrives: malformed messages as items naming the path, binary frames, and volume (1,000
//! events a second for 10 s) in order with none lost, also past a slow application.

use mews_connector_runtime::websocket::Malformed;

use super::server::Server;
use super::*;

fn malformed(item: Result<Item<Event>, websocket::Error>) -> Malformed {
    match item {
        Ok(Item::Malformed(bad)) => bad,
        other => panic!("expected a malformed item, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_messages_are_items_naming_the_path_and_the_stream_goes_on() {
    let mut server = Server::start().await;
    let mut events = client(&server).connect().await.expect("connects");
    let mut connection = server.accept().await;
    let frames = [
        Message::text("this is not JSON"),
        Message::text(
            r#"{"Events":[{"Type":"Resource","Id":"a","State":"Dirty"},{"Type":"Reservation","Id":"b","State":"Started"},{"Type":"Resource","Id":"c","State":"Clean"}]}"#,
        ),
        Message::text(r#"{"Events":{"Type":"Resource"}}"#),
        Message::text(r#"{"Messages":[]}"#),
        Message::text(r#"{"Events":[{"Type":"Teleport","Id":"t"}]}"#),
        Message::binary(resource_message("bin").into_bytes()),
        Message::binary(vec![0xff, 0x00, 0x7b]),
        Message::text(resource_message("last")),
    ];
    for frame in frames {
        connection.send(frame).await.unwrap();
    }
    let not_json = malformed(next(&mut events).await);
    assert_eq!((not_json.path.as_str(), not_json.index), (".", None));
    assert_eq!(not_json.raw, "this is not JSON");
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "a"));
    // The reservation lacks StartUtc: only that event is lost, and the item says where.
    let missing = malformed(next(&mut events).await);
    assert_eq!(missing.path, "Events[1]");
    assert_eq!(missing.index, Some(1));
    assert!(missing.message.contains("StartUtc"), "{missing}");
    assert_eq!(
        missing.raw,
        r#"{"Type":"Reservation","Id":"b","State":"Started"}"#
    );
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "c"));
    assert_eq!(malformed(next(&mut events).await).path, "Events");
    let no_events = malformed(next(&mut events).await);
    assert!(no_events.message.contains("Events"), "{no_events}");
    // A type this closed enum does not know (the generated union keeps such events instead).
    let unknown = malformed(next(&mut events).await);
    assert_eq!(unknown.path, "Events[0].Type");
    assert!(unknown.message.contains("Teleport"), "{unknown}");
    // Binary frames carrying JSON are decoded like text.
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "bin"));
    let garbage = malformed(next(&mut events).await);
    assert_eq!(garbage.path, ".");
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "last"));
}

fn resource_message(id: &str) -> String {
    format!(r#"{{"Events":[{}]}}"#, resource(id))
}

/// The acceptance scenario: 1,000 events a second for 10 s, one message each, all arrive in
/// order. Order and count are asserted, not timing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_events_at_a_thousand_a_second_arrive_in_order() {
    const EVENTS: usize = 10_000;
    let mut server = Server::start().await;
    let mut events = client(&server).connect().await.expect("connects");
    let mut connection = server.accept().await;
    let sender = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        for n in 0..EVENTS {
            tick.tick().await;
            send_events(&mut connection, &[resource(n)]).await;
        }
        connection
    });
    for expected in 0..EVENTS {
        match next(&mut events).await {
            Ok(Item::Event(Event::Resource { id, .. })) => {
                assert_eq!(id, expected.to_string(), "out of order")
            }
            other => panic!("event {expected}: got {other:?}"),
        }
    }
    let _connection = sender.await.unwrap();
    // Nothing more: no duplicate, no stray item.
    let extra = tokio::time::timeout(Duration::from_millis(200), events.next()).await;
    assert!(extra.is_err(), "unexpected item {extra:?}");
}

/// An application that does not read for a while (longer than the keepalive's timeout) loses
/// nothing, and its connection is not mistaken for a dead one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_application_loses_nothing_and_keeps_its_connection() {
    const EVENTS: usize = 2_000;
    let mut server = Server::start().await;
    let mut events = client(&server).connect().await.expect("connects");
    let connection = server.accept().await;
    let (mut sink, mut source) = connection.split();
    // The server keeps reading, so it answers the client's pings.
    let reader = tokio::spawn(async move { while let Some(Ok(_)) = source.next().await {} });
    for chunk in 0..EVENTS / 10 {
        let batch: Vec<String> = (chunk * 10..chunk * 10 + 10).map(resource).collect();
        let message = format!(r#"{{"Events":[{}]}}"#, batch.join(","));
        sink.send(Message::text(message)).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    for expected in 0..EVENTS {
        match next(&mut events).await {
            Ok(Item::Event(Event::Resource { id, .. })) => assert_eq!(id, expected.to_string()),
            other => panic!("event {expected}: got {other:?}"),
        }
    }
    assert_eq!(server.handshakes().len(), 1, "the connection was dropped");
    reader.abort();
}
