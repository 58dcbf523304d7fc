//! The `tracing` spans and events of a stream (feature `tracing`), recorded by a subscriber
//! written for the test: what they carry, and that no token appears in them.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event as TraceEvent, Metadata, Subscriber};

use super::server::{Server, ACCESS_TOKEN, CLIENT_TOKEN};
use super::*;

/// A span or event: its name (events: their message) and every field, as text.
#[derive(Debug, Clone, Default)]
struct Recorded {
    name: String,
    fields: HashMap<String, String>,
}

impl Visit for Recorded {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields
            .insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.fields
            .insert(field.name().to_owned(), format!("{value:?}"));
    }
}

#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<Recorded>>>,
    events: Arc<Mutex<Vec<Recorded>>>,
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut span = Recorded {
            name: attributes.metadata().name().to_owned(),
            ..Recorded::default()
        };
        attributes.record(&mut span);
        let mut spans = self.spans.lock().unwrap();
        spans.push(span);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, id: &Id, values: &Record<'_>) {
        let index = usize::try_from(id.into_u64()).unwrap() - 1;
        values.record(&mut self.spans.lock().unwrap()[index]);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &TraceEvent<'_>) {
        let mut recorded = Recorded::default();
        event.record(&mut recorded);
        recorded.name = recorded.fields.get("message").cloned().unwrap_or_default();
        self.events.lock().unwrap().push(recorded);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// A connection, a malformed message, a drop and a reconnect, then a refused handshake: all
/// in spans and events, none with a token. A current-thread runtime keeps the connection's
/// task on the thread whose default subscriber is the recorder.
#[test]
fn spans_and_events_describe_the_stream_without_tokens() {
    let recorder = Recorder::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(recorder.clone(), || {
        runtime.block_on(async {
            let mut server = Server::start().await;
            let mut events = client(&server).connect().await.expect("connects");
            let mut connection = server.accept().await;
            connection
                .send(Message::text(r#"{"Events":[{"Type":"Resource"}]}"#))
                .await
                .unwrap();
            assert!(matches!(next(&mut events).await, Ok(Item::Malformed(_))));
            std::mem::drop(connection);
            assert!(matches!(next(&mut events).await, Ok(Item::Disconnected(_))));
            assert!(matches!(next(&mut events).await, Ok(Item::Reconnected(_))));
            drop(events);
            client(&server)
                .access_token("WRONG-token")
                .connect()
                .await
                .expect_err("refused");
        });
    });
    let spans = recorder.spans.lock().unwrap().clone();
    let events = recorder.events.lock().unwrap().clone();
    let stream = spans
        .iter()
        .find(|s| s.name == "mews.websocket")
        .expect("a stream span");
    assert!(
        stream.fields["endpoint"].ends_with("/ws/connector"),
        "{stream:?}"
    );
    let connects: Vec<&Recorded> = spans
        .iter()
        .filter(|s| s.name == "mews.websocket.connect")
        .collect();
    // First connection, the reconnect, the refused one.
    assert_eq!(connects.len(), 3, "{connects:?}");
    assert_eq!(connects[0].fields["status"], "101");
    assert_eq!(connects[1].fields["attempt"], "1");
    assert_eq!(connects[2].fields["status"], "401");
    let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    for expected in [
        "mews: websocket connected",
        "mews: websocket message did not decode",
        "mews: websocket dropped",
        "mews: websocket reconnecting",
        "mews: websocket stream ended",
    ] {
        assert!(names.contains(&expected), "no {expected:?} in {names:?}");
    }
    let malformed = events
        .iter()
        .find(|e| e.name == "mews: websocket message did not decode")
        .unwrap();
    assert_eq!(malformed.fields["path"], "Events[0]");
    assert!(malformed.fields["error"].contains("Id"), "{malformed:?}");
    let everything = format!("{spans:?} {events:?}");
    for secret in [CLIENT_TOKEN, ACCESS_TOKEN, "WRONG-token"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
