//! The webhook receiver (feature `axum`) on loopback, driven by real HTTP requests: the right
//! secret, a wrong one, none, a malformed body, an unknown event among known ones; every delivery
//! is answered before the application's handler finishes, and a refused delivery's body is never
//! read. The message type is written here the way the bindings generate one (an adjacent union
//! with an unknown catch-all), on the runtime's own helpers.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mews_connector_runtime::{
    deserialize_union, AdjacentLayout, JsonPathError, Payload, SecretIn, UnionArms, UnknownArm,
    WebhookPayload, WebhookReceiver, WebhookSecret,
};
use serde::de::{Deserializer, MapAccess};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, Mutex};

const SECRET: &str = "our-shared-secret-7f3a";

/// A delivery: `{"Events": [{"Discriminator": ..., "Value": ...}]}`.
#[derive(Debug, Deserialize)]
struct Delivery {
    #[serde(rename = "Events")]
    events: Vec<Event>,
}

#[derive(Debug)]
enum Event {
    GuestAdded(Guest),
    Unknown(UnknownArm),
}

#[derive(Debug, Deserialize)]
struct Guest {
    #[serde(rename = "Id")]
    id: u64,
}

impl UnionArms for Event {
    fn payload_property(discriminator: &str) -> Option<&'static str> {
        (discriminator == "GuestAdded").then_some("Value")
    }

    fn decode_arm<'de, A: MapAccess<'de>>(payload: Payload<'_, 'de, A>) -> Result<Self, A::Error> {
        match payload.discriminator() {
            "GuestAdded" => payload.decode().map(Event::GuestAdded),
            _ => Err(payload.not_an_arm()),
        }
    }

    fn unknown(arm: UnknownArm) -> Self {
        Event::Unknown(arm)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const LAYOUT: AdjacentLayout = AdjacentLayout {
            discriminator: "Discriminator",
            value: "Value",
        };
        deserialize_union(deserializer, LAYOUT.discriminator)
    }
}

impl WebhookPayload for Delivery {
    fn decode(body: &[u8]) -> Result<Self, JsonPathError> {
        mews_connector_runtime::decode_webhook(body)
    }
}

fn receiver() -> WebhookReceiver {
    WebhookReceiver::new(WebhookSecret::new(SECRET).expect("a secret"))
}

/// The application's side: each message it finished with, the gate that holds its handler
/// until the test has its answer, and how many times the handler was called.
struct Application {
    messages: mpsc::UnboundedReceiver<Delivery>,
    release: Arc<Mutex<Option<oneshot::Sender<()>>>>,
    finished: Arc<AtomicBool>,
    calls: Arc<AtomicUsize>,
}

impl Application {
    /// Lets the waiting handler finish, and returns the message it then hands over.
    async fn release_and_receive(&mut self) -> Delivery {
        loop {
            if let Some(release) = self.release.lock().await.take() {
                release.send(()).expect("the handler is waiting");
                break;
            }
            tokio::task::yield_now().await;
        }
        self.messages
            .recv()
            .await
            .expect("the message reaches the application")
    }
}

/// Serves a router whose handler waits to be released before it hands the message over.
async fn serve() -> (SocketAddr, Application) {
    let (sender, messages) = mpsc::unbounded_channel();
    let release: Arc<Mutex<Option<oneshot::Sender<()>>>> = Arc::new(Mutex::new(None));
    let finished = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let (gate, done, counted) = (release.clone(), finished.clone(), calls.clone());
    let router = receiver().router("/mews/webhooks", move |delivery: Delivery| {
        let (gate, done, sender) = (gate.clone(), done.clone(), sender.clone());
        counted.fetch_add(1, Ordering::SeqCst);
        async move {
            let (open, wait) = oneshot::channel();
            *gate.lock().await = Some(open);
            // The application's slow work: it ends only when the test says so.
            let _ = wait.await;
            done.store(true, Ordering::SeqCst);
            let _ = sender.send(delivery);
        }
    });
    (
        listen(router).await,
        Application {
            messages,
            release,
            finished,
            calls,
        },
    )
}

async fn listen(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

/// One HTTP/1.1 POST over a fresh connection; the status and body of the answer.
async fn post(address: SocketAddr, target: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write");
    answer(&mut stream).await
}

/// Reads an answer up to the end of its body (the test fails rather than hangs if none comes).
async fn answer(stream: &mut TcpStream) -> (u16, String) {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut chunk)).await;
        let read = read.expect("an answer, not a hang").expect("read");
        raw.extend_from_slice(&chunk[..read]);
        if read == 0 || complete(&raw) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Whether `raw` holds the head and as many body bytes as its `content-length` says.
fn complete(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    length.is_some_and(|length| body.len() >= length)
}

fn path_with(secret: &str) -> String {
    format!("/mews/webhooks?secret={secret}")
}

#[tokio::test]
async fn a_delivery_is_answered_before_the_application_finishes_with_it() {
    let (address, mut app) = serve().await;
    let body = br#"{"Events": [{"Discriminator": "GuestAdded", "Value": {"Id": 7}}]}"#;
    let (status, _) = post(address, &path_with(SECRET), body).await;
    assert_eq!(status, 200);
    // The answer is in while the handler still waits for the test to release it.
    assert!(
        !app.finished.load(Ordering::SeqCst),
        "the answer waited for the handler"
    );
    let delivery = app.release_and_receive().await;
    assert!(app.finished.load(Ordering::SeqCst));
    assert!(matches!(
        delivery.events.as_slice(),
        [Event::GuestAdded(Guest { id: 7 })]
    ));
}

#[tokio::test]
async fn an_unknown_event_among_known_ones_is_accepted_and_kept() {
    let (address, mut app) = serve().await;
    let body = br#"{"Events": [{"Discriminator": "LockerOpened", "Value": {"Locker": "B12", "Fee": 1.50}}, {"Discriminator": "GuestAdded", "Value": {"Id": 8}}]}"#;
    let (status, _) = post(address, &path_with(SECRET), body).await;
    assert_eq!(status, 200);
    let delivery = app.release_and_receive().await;
    let [Event::Unknown(unknown), Event::GuestAdded(guest)] = delivery.events.as_slice() else {
        panic!("{delivery:?}")
    };
    assert_eq!(unknown.discriminator(), "LockerOpened");
    assert_eq!(
        serde_json::to_string(unknown).unwrap(),
        // The unknown payload's JSON text as received, spaces included.
        r#"{"Discriminator":"LockerOpened","Value":{"Locker": "B12", "Fee": 1.50}}"#
    );
    assert_eq!(guest.id, 8);
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_401_and_the_application_never_sees_it() {
    let (address, app) = serve().await;
    let body = br#"{"Events": []}"#;
    for target in [
        path_with("not-the-secret"),
        path_with(""),
        path_with(&format!("{SECRET}x")),
        "/mews/webhooks".to_owned(),
        format!("/mews/webhooks?token={SECRET}"),
    ] {
        let (status, text) = post(address, &target, body).await;
        assert_eq!(status, 401, "{target}");
        assert!(!text.contains(SECRET), "{text}");
    }
    assert_eq!(app.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_refused_delivery_is_answered_without_its_body_being_read() {
    let (address, app) = serve().await;
    let mut stream = TcpStream::connect(address).await.expect("connect");
    // A megabyte announced, a few bytes sent, the rest never: a server that read the body
    // would wait for it instead of answering.
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{{\"Ev",
        path_with("wrong")
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let (status, _) = answer(&mut stream).await;
    assert_eq!(status, 401);
    assert_eq!(app.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_malformed_body_is_400_naming_the_json_path() {
    let (address, app) = serve().await;
    let (status, text) = post(
        address,
        &path_with(SECRET),
        br#"{"Events": [{"Discriminator": "GuestAdded", "Value": {"Id": "seven"}}]}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("Events[0].Value.Id"), "{text}");
    let (status, text) = post(address, &path_with(SECRET), b"{\"Events\": [").await;
    assert_eq!(status, 400);
    assert!(text.contains("does not decode at Events: EOF"), "{text}");
    let (status, _) = post(address, &path_with(SECRET), b"").await;
    assert_eq!(status, 400);
    assert_eq!(app.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_other_methods_405() {
    let router = receiver()
        .body_limit(64)
        .router("/hook", |_: Delivery| async {});
    let address = listen(router).await;
    let large = format!(r#"{{"Events": [{}]}}"#, " ".repeat(100));
    let target = format!("/hook?secret={SECRET}");
    assert_eq!(post(address, &target, large.as_bytes()).await.0, 413);
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let get = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(get.as_bytes()).await.expect("write");
    assert_eq!(answer(&mut stream).await.0, 405);
}

#[tokio::test]
async fn the_secret_may_be_the_last_path_segment() {
    let router = receiver()
        .secret_in(SecretIn::LastPathSegment)
        .router("/hook", |_: Delivery| async {});
    let address = listen(router).await;
    let body = br#"{"Events": []}"#;
    assert_eq!(post(address, &format!("/hook/{SECRET}"), body).await.0, 200);
    assert_eq!(post(address, "/hook/wrong", body).await.0, 401);
    assert_eq!(post(address, "/hook", body).await.0, 401);
}

#[tokio::test]
async fn a_full_channel_is_503_so_that_mews_delivers_again() {
    let (router, mut deliveries) = receiver().channel::<Delivery>("/hook", 1);
    let address = listen(router).await;
    let body = br#"{"Events": [{"Discriminator": "GuestAdded", "Value": {"Id": 1}}]}"#;
    let target = format!("/hook?secret={SECRET}");
    assert_eq!(post(address, &target, body).await.0, 200);
    assert_eq!(post(address, &target, body).await.0, 503);
    let first = deliveries.recv().await.expect("the first delivery");
    assert_eq!(first.events.len(), 1);
    assert_eq!(post(address, &target, body).await.0, 200);
}
