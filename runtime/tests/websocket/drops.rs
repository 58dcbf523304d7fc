//! Drops and what the stream says about them: reconnects with an item each time, the dead peer
//! found by keepalive, giving up when the policy says so.

use std::time::SystemTime;

use mews_connector_runtime::websocket::{DropReason, Reconnected};
use tokio::io::AsyncWriteExt;

use super::server::{Handshake, Server};
use super::*;

/// How the server ends a connection.
#[derive(Debug, Clone, Copy)]
enum Ending {
    /// The TCP connection goes away without a close frame.
    Abrupt,
    /// A close frame (1001, going away).
    CloseFrame,
    /// Bytes that are not a valid frame (an unknown opcode), which the protocol answers by
    /// failing the connection.
    Garbage,
}

async fn drop_connection(mut connection: Connection, how: Ending) {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
    use tokio_tungstenite::tungstenite::protocol::CloseFrame;
    match how {
        Ending::Abrupt => std::mem::drop(connection),
        Ending::CloseFrame => {
            let frame = CloseFrame {
                code: CloseCode::Away,
                reason: "restarting".into(),
            };
            let _ = connection.close(Some(frame)).await;
        }
        Ending::Garbage => {
            // FIN + reserved opcode 0x3, empty payload: a protocol violation.
            let tcp = connection.get_mut();
            tcp.write_all(&[0x83, 0x00]).await.expect("write raw bytes");
            tcp.flush().await.expect("flush");
            // The client fails the connection; let it see the bytes before the socket goes.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// The acceptance scenario: three drops within 10 s, each followed by a reconnect item that
/// carries the time of the drop; events before and after each drop all arrive, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_drops_give_three_reconnect_items_with_the_time_of_the_drop() {
    let mut server = Server::start().await;
    let started = SystemTime::now();
    let mut events = client(&server).connect().await.expect("connects");
    let mut connection = server.accept().await;
    let mut next_id = 0;
    for (round, how) in [Ending::Abrupt, Ending::CloseFrame, Ending::Garbage]
        .into_iter()
        .enumerate()
    {
        send_events(&mut connection, &[resource(next_id), resource(next_id + 1)]).await;
        for id in [next_id, next_id + 1] {
            assert_eq!(
                next_event(&mut events).await,
                Event::Resource {
                    id: id.to_string(),
                    state: "Dirty".into()
                }
            );
        }
        next_id += 2;
        let before_drop = SystemTime::now();
        drop_connection(connection, how).await;
        let disconnected = match next(&mut events).await {
            Ok(Item::Disconnected(d)) => d,
            other => panic!("round {round}: expected Disconnected, got {other:?}"),
        };
        match (how, &disconnected.reason) {
            (Ending::Abrupt, DropReason::Ended | DropReason::Failed { .. })
            | (Ending::CloseFrame, DropReason::ClosedByServer { code: 1001, .. })
            | (Ending::Garbage, DropReason::Failed { .. }) => {}
            (how, reason) => panic!("{how:?} reported as {reason:?}"),
        }
        connection = server.accept().await;
        let Reconnected {
            dropped_at,
            last_frame_at,
            reconnected_at,
            attempts,
            ..
        } = match next(&mut events).await {
            Ok(Item::Reconnected(r)) => r,
            other => panic!("round {round}: expected Reconnected, got {other:?}"),
        };
        assert_eq!(dropped_at, disconnected.at);
        assert!(
            before_drop <= dropped_at,
            "round {round}: drop time before the drop"
        );
        assert!(last_frame_at <= dropped_at && dropped_at <= reconnected_at);
        assert!(attempts >= 1);
    }
    // The three drops and reconnects fit in 10 s (the acceptance's window), with room to spare.
    let took = started.elapsed().unwrap();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    send_events(&mut connection, &[resource(next_id)]).await;
    assert!(
        matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == next_id.to_string())
    );
    assert_eq!(server.handshakes().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unresponsive_peer_is_dropped_by_keepalive() {
    let mut server = Server::start().await;
    let mut events = client(&server)
        .keepalive(Duration::from_millis(200), Duration::from_millis(400))
        .connect()
        .await
        .expect("connects");
    // Accepted but never read again: pings go unanswered.
    let silent = server.accept().await;
    let disconnected = match next(&mut events).await {
        Ok(Item::Disconnected(d)) => d,
        other => panic!("expected Disconnected, got {other:?}"),
    };
    assert_eq!(
        disconnected.reason,
        DropReason::Unresponsive {
            waited: Duration::from_millis(400)
        }
    );
    let mut connection = server.accept().await;
    assert!(matches!(next(&mut events).await, Ok(Item::Reconnected(_))));
    std::mem::drop(silent);
    // A live server that reads sees the pings and answers them: no drop while it does.
    let reader = tokio::spawn(async move {
        let mut pings = 0;
        let deadline = tokio::time::Instant::now() + Duration::from_millis(1000);
        while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, connection.next()).await {
            pings += usize::from(matches!(frame, Message::Ping(_)));
        }
        (pings, connection)
    });
    let (pings, mut connection) = reader.await.unwrap();
    assert!(pings >= 2, "{pings} pings in a second at a 200 ms interval");
    send_events(&mut connection, &[resource("after")]).await;
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "after"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_give_up_when_the_policy_says_so() {
    let mut server = Server::start().await;
    let mut events = client(&server)
        .reconnect(
            ReconnectPolicy::new()
                .with_backoff(Duration::from_millis(5), Duration::from_millis(20))
                .with_max_attempts(3),
        )
        .connect()
        .await
        .expect("connects");
    let connection = server.accept().await;
    // Every reconnect is answered 503 with `Retry-After: 0`.
    server.script((0..3).map(|_| Handshake::Reject {
        status: 503,
        body: "maintenance".into(),
        retry_after: Some(0),
    }));
    std::mem::drop(connection);
    assert!(matches!(next(&mut events).await, Ok(Item::Disconnected(_))));
    let error = next(&mut events).await.expect_err("gives up");
    match &error {
        websocket::Error::GaveUp(gave_up) => {
            assert_eq!(gave_up.attempts, 3);
            assert_eq!(gave_up.last.status, Some(503));
        }
        other => panic!("expected GaveUp, got {other:?}"),
    }
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    assert!(events.next().await.is_none());
    assert_eq!(server.handshakes().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_is_gone_is_retried_until_it_is_back() {
    let mut server = Server::start().await;
    let mut events = client(&server).connect().await.expect("connects");
    let connection = server.accept().await;
    // Nothing listens any more: attempts are refused, and retried.
    server.stop_listening();
    std::mem::drop(connection);
    assert!(matches!(next(&mut events).await, Ok(Item::Disconnected(_))));
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Back on the same port.
    let listener = tokio::net::TcpListener::bind(&server.host)
        .await
        .expect("rebind");
    let (tcp, _) = listener.accept().await.unwrap();
    let mut connection = tokio_tungstenite::accept_async(tcp).await.unwrap();
    let reconnected = match next(&mut events).await {
        Ok(Item::Reconnected(r)) => r,
        other => panic!("expected Reconnected, got {other:?}"),
    };
    assert!(reconnected.attempts > 1, "{reconnected:?}");
    send_events(&mut connection, &[resource("back")]).await;
    assert!(matches!(next_event(&mut events).await, Event::Resource { id, .. } if id == "back"));
}
