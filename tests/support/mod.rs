//! A loopback HTTP/1.1 server that plays the Mews Connector API in tests.
//!
//! It checks every request the way Mews would (POST, exact path, JSON object body, tokens,
//! required fields, `Count` and the lengths of id lists and time filters), records it, and answers from a per-test script or handler. A request that
//! Mews would reject gets the Mews error status and is listed in [`MewsServer::violations`].

#![allow(dead_code)] // Each test binary uses a different subset.

pub mod api;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The `ClientToken` tests configure; the server rejects any other.
pub const CLIENT_TOKEN: &str = "E0D439EE-test-client-token-9F3A7C21";
/// The `AccessToken` tests configure; the server rejects any other.
pub const ACCESS_TOKEN: &str = "C66EF7B2-test-access-token-5D1E8B40";
/// The `Client` name tests configure.
pub const CLIENT_NAME: &str = "mews-connector tests 1.0.0";

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The request method.
    pub method: String,
    /// The request target, exactly as sent.
    pub path: String,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON (`Value::Null` if it was not JSON).
    pub body: Value,
    /// The body's top-level keys in the order they were sent (`Value` sorts them).
    pub keys: Vec<String>,
    /// When the whole request had been read.
    pub received: Instant,
}

impl Recorded {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response.
    Respond {
        /// Status code.
        status: u16,
        /// Extra headers (`Content-Length` and `Connection` are added).
        headers: Vec<(String, String)>,
        /// Body bytes.
        body: Vec<u8>,
    },
    /// Read the request, then close the connection without answering.
    Close,
    /// Send the headers announcing the whole body, half of the body, then drop the connection.
    HalfBody {
        /// Status code.
        status: u16,
        /// Body whose first half is sent.
        body: Vec<u8>,
    },
    /// Wait, then do the inner reply.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    /// `200 OK` with a JSON body.
    pub fn ok(body: Value) -> Reply {
        Reply::json(200, body)
    }

    /// A JSON response with a `Request-Id` header.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply::Respond {
            status,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Request-Id".into(), format!("req-{status}")),
            ],
            body: body.to_string().into_bytes(),
        }
    }

    /// A Mews error object (`Message`, `RequestId`) with the given status.
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            json!({ "Message": message, "RequestId": format!("body-req-{status}") }),
        )
    }

    /// Any status with a raw body and no content type.
    pub fn raw(status: u16, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header to a [`Reply::Respond`].
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// Waits `delay` before replying.
    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delay(delay, Box::new(self))
    }
}

type Handler = Box<dyn Fn(&Recorded, usize) -> Reply + Send + Sync>;

struct Shared {
    handler: Handler,
    requests: Mutex<Vec<Recorded>>,
    violations: Mutex<Vec<String>>,
}

/// A running fake Mews server; stops when dropped.
pub struct MewsServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl MewsServer {
    /// Answers valid requests with `script` in order; once it runs out, answers 500 and
    /// records a violation.
    pub async fn scripted(script: Vec<Reply>) -> MewsServer {
        let script = Mutex::new(VecDeque::from(script));
        MewsServer::with_handler(move |_, index| {
            script.lock().unwrap().pop_front().unwrap_or_else(|| {
                Reply::error(500, &format!("test script exhausted at request {index}"))
            })
        })
        .await
    }

    /// Answers valid request number `index` (from 0) with `handler(request, index)`.
    pub async fn with_handler(
        handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> MewsServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            requests: Mutex::new(Vec::new()),
            violations: Mutex::new(Vec::new()),
        });
        let accept_shared = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&accept_shared)));
            }
        });
        MewsServer { addr, shared, task }
    }

    /// `http://127.0.0.1:{port}` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far (valid or not), in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// Number of requests received so far.
    pub fn request_count(&self) -> usize {
        self.shared.requests.lock().unwrap().len()
    }

    /// Requests Mews would have rejected, and script problems.
    pub fn violations(&self) -> Vec<String> {
        self.shared.violations.lock().unwrap().clone()
    }
}

impl Drop for MewsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let index = {
        let mut requests = shared.requests.lock().unwrap();
        requests.push(request.clone());
        requests.len() - 1
    };
    let reply = match validate(&request) {
        Ok(()) => (shared.handler)(&request, index),
        Err((status, message)) => {
            shared
                .violations
                .lock()
                .unwrap()
                .push(format!("request {index} to {}: {message}", request.path));
            Reply::error(status, &message)
        }
    };
    // Write errors mean the client gave up (e.g. timed out); nothing to do.
    let _ = write_reply(&mut stream, reply).await;
}

/// Reads one request: request line, headers, `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(i) = find(&buffer, b"\r\n\r\n") {
            break i;
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[header_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        path,
        headers,
        keys: serde_json::from_slice::<KeysInOrder>(&body)
            .map(|k| k.0)
            .unwrap_or_default(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        received: Instant::now(),
    })
}

/// A JSON object's keys in document order, values skipped.
struct KeysInOrder(Vec<String>);

impl<'de> serde::Deserialize<'de> for KeysInOrder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = KeysInOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<KeysInOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(KeysInOrder(keys))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The checks Mews makes before running an operation, with the status it would answer.
fn validate(request: &Recorded) -> Result<(), (u16, String)> {
    if request.method != "POST" {
        return Err((405, format!("method {} is not POST", request.method)));
    }
    let operation = request
        .path
        .strip_prefix("/api/connector/v1/")
        .filter(|rest| {
            let mut parts = rest.split('/');
            let ok = |p: Option<&str>| {
                p.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
            };
            ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
        })
        .ok_or_else(|| (404, format!("no operation at {:?}", request.path)))?;
    if !request
        .header("content-type")
        .is_some_and(|v| v.starts_with("application/json"))
    {
        return Err((415, "Content-Type is not application/json".into()));
    }
    let Some(body) = request.body.as_object() else {
        return Err((400, "body is not a JSON object".into()));
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    if text("ClientToken") != Some(CLIENT_TOKEN) || text("AccessToken") != Some(ACCESS_TOKEN) {
        return Err((401, "invalid ClientToken or AccessToken".into()));
    }
    if text("Client") != Some(CLIENT_NAME) {
        return Err((400, format!("Client is {:?}", body.get("Client"))));
    }
    if body.contains_key("LanguageCode") != body.contains_key("CultureCode") {
        return Err((
            400,
            "LanguageCode and CultureCode must come together".into(),
        ));
    }
    let required: &[&str] = match operation {
        "orders/add" => &["ServiceId", "AccountId"],
        "orderItems/getAll" => &["Limitation"],
        _ => &[],
    };
    for key in required {
        if body.get(*key).is_none_or(Value::is_null) {
            return Err((400, format!("missing required field {key}")));
        }
    }
    // Id lists of more than 1000 ids and time filters longer than three months are refused.
    for (key, value) in body {
        if key.ends_with("Ids") && value.as_array().is_some_and(|ids| ids.len() > 1000) {
            return Err((400, format!("{key} holds more than 1000 ids")));
        }
        let utc = |end: &str| {
            value
                .get(end)
                .and_then(Value::as_str)
                .and_then(|text| text.parse::<chrono::DateTime<chrono::Utc>>().ok())
        };
        if let (Some(start), Some(end)) = (utc("StartUtc"), utc("EndUtc")) {
            if start.checked_add_months(chrono::Months::new(3)) < Some(end) {
                return Err((400, format!("{key} spans more than 3 months")));
            }
        }
    }
    if let Some(limitation) = body.get("Limitation") {
        let count = limitation.get("Count").and_then(Value::as_i64);
        if !count.is_some_and(|c| (1..=1000).contains(&c)) {
            return Err((
                400,
                format!("Limitation.Count must be 1..=1000: {limitation}"),
            ));
        }
    }
    Ok(())
}

async fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    let mut reply = reply;
    while let Reply::Delay(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            stream
                .write_all(&head(status, &headers, body.len()))
                .await?;
            stream.write_all(&body).await?;
        }
        Reply::Close => {}
        Reply::HalfBody { status, body } => {
            let headers = [("Content-Type".to_owned(), "application/json".to_owned())];
            stream
                .write_all(&head(status, &headers, body.len()))
                .await?;
            stream.write_all(&body[..body.len() / 2]).await?;
        }
        Reply::Delay(..) => unreachable!("delays are unwrapped above"),
    }
    stream.flush().await?;
    stream.shutdown().await
}

fn head(status: u16, headers: &[(String, String)], length: usize) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    // A 204 carries no body and, per RFC 9110, no Content-Length.
    if status != 204 {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    head.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}
