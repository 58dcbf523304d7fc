//! The `tracing` spans and events of calls and attempts, recorded by a subscriber written for
//! the test: what they carry, and that no token ever appears in them.

mod support;

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use support::api::*;
use support::{MewsServer, Reply, ACCESS_TOKEN, CLIENT_TOKEN};

/// A span or event: its name and every field recorded on it, as text.
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
        // Ids start at 1: the span's position in the list, plus one.
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, id: &Id, values: &Record<'_>) {
        let index = usize::try_from(id.into_u64()).unwrap() - 1;
        values.record(&mut self.spans.lock().unwrap()[index]);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut recorded = Recorded {
            name: event.metadata().name().to_owned(),
            ..Recorded::default()
        };
        event.record(&mut recorded);
        self.events.lock().unwrap().push(recorded);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn everything(recorder: &Recorder) -> Vec<Recorded> {
    let mut all = recorder.spans.lock().unwrap().clone();
    all.extend(recorder.events.lock().unwrap().iter().cloned());
    all
}

// One thread, so every span of the call reaches the thread-local subscriber.
#[tokio::test(flavor = "current_thread")]
async fn every_attempt_has_a_span_and_no_token_is_recorded() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MewsServer::scripted(vec![Reply::error(503, "busy"), Reply::ok(page(&[0]))]).await;
    let client = builder(&server).trace_request_bodies(true).build().unwrap();
    client.order_items().get_all(&order_items(5)).await.unwrap();

    let spans = recorder.spans.lock().unwrap().clone();
    let attempts: Vec<&Recorded> = spans.iter().filter(|s| s.name == "mews.attempt").collect();
    assert_eq!(attempts.len(), 2, "{spans:?}");
    for (number, (attempt, status, request_id)) in [
        (&attempts[0], "503", "req-503"),
        (&attempts[1], "200", "req-200"),
    ]
    .into_iter()
    .enumerate()
    {
        let field = |name: &str| attempt.fields.get(name).map(String::as_str);
        assert_eq!(field("operation"), Some("orderItems_getAll"));
        assert_eq!(field("attempt"), Some((number + 1).to_string().as_str()));
        assert_eq!(field("status"), Some(status));
        assert_eq!(field("request_id"), Some(request_id));
        assert!(field("elapsed_ms").is_some(), "{attempt:?}");
    }
    let call = spans
        .iter()
        .find(|s| s.name == "mews.call")
        .expect("a call span");
    assert_eq!(call.fields.get("attempts").map(String::as_str), Some("2"));
    assert_eq!(call.fields.get("status").map(String::as_str), Some("200"));

    let events = recorder.events.lock().unwrap().clone();
    assert!(
        events.iter().any(|e| e
            .fields
            .get("message")
            .is_some_and(|m| m.contains("retrying"))),
        "{events:?}"
    );
    let body = events
        .iter()
        .find_map(|e| e.fields.get("body"))
        .expect("the opted-in request body");
    assert!(
        body.contains("Limitation") && body.contains("<redacted>"),
        "{body}"
    );

    for recorded in everything(&recorder) {
        for value in recorded.fields.values() {
            assert!(
                !value.contains(CLIENT_TOKEN) && !value.contains(ACCESS_TOKEN),
                "a token in {recorded:?}"
            );
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn request_bodies_are_not_recorded_unless_asked_for() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MewsServer::scripted(vec![order_added()]).await;
    client(&server).orders().add(&add_order()).await.unwrap();
    let all = everything(&recorder);
    assert!(all.iter().any(|r| r.name == "mews.attempt"), "{all:?}");
    assert!(
        all.iter().all(|r| !r.fields.contains_key("body")
            && r.fields.values().all(|v| !v.contains("test order"))),
        "{all:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn rate_limit_waits_are_events() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MewsServer::scripted(vec![order_added(), order_added()]).await;
    let client = builder(&server)
        .rate_limit(mews_connector::RateLimit::new(
            1,
            std::time::Duration::from_millis(100),
        ))
        .build()
        .unwrap();
    client.orders().add(&add_order()).await.unwrap();
    client.orders().add(&add_order()).await.unwrap();
    let events = recorder.events.lock().unwrap().clone();
    let waits: Vec<&Recorded> = events
        .iter()
        .filter(|e| {
            e.fields
                .get("message")
                .is_some_and(|m| m.contains("rate limit"))
        })
        .collect();
    assert_eq!(waits.len(), 1, "only the second call waited: {events:?}");
    assert_eq!(
        waits[0].fields.get("operation").map(String::as_str),
        Some("orders_add")
    );
    let waited: u64 = waits[0].fields["waited_ms"].parse().unwrap();
    // A window of 100 ms, minus what the first call spent after its answer began.
    assert!(waited >= 50, "{waited} ms");
}
