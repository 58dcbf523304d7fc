//! A WebSocket server on loopback that plays Mews' `/ws/connector`: it checks each handshake's
//! path and cookie the way Mews would, answers as the test scripts it, and hands every accepted
//! connection to the test, which then sends, drops, corrupts or closes it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::WebSocketStream;

/// The `ClientToken` the tests configure.
pub const CLIENT_TOKEN: &str = "E0D439EE-ws-test-client-token-7C21";
/// The `AccessToken` the tests configure.
pub const ACCESS_TOKEN: &str = "C66EF7B2-ws-test-access-token-8B40";
/// The one `Cookie` header value the server accepts, as the Mews docs write it.
pub const COOKIE: &str =
    "ClientToken=E0D439EE-ws-test-client-token-7C21; AccessToken=C66EF7B2-ws-test-access-token-8B40";

/// One accepted connection, server side.
pub type Connection = WebSocketStream<TcpStream>;

/// How the server answers a handshake.
#[derive(Debug, Clone)]
pub enum Handshake {
    /// `101 Switching Protocols` when the path and the cookie are right, else 404/401.
    Check,
    /// This status and body whatever the request (the body may echo the cookie, as a careless
    /// server would, to prove the client redacts it).
    Reject {
        status: u16,
        body: String,
        retry_after: Option<u64>,
    },
}

/// A handshake as the server received it.
#[derive(Debug, Clone)]
pub struct Handshaken {
    pub path: String,
    /// Every `Cookie` header's raw bytes, in order.
    pub cookies: Vec<Vec<u8>>,
}

pub struct Server {
    /// `127.0.0.1:port`.
    pub host: String,
    connections: mpsc::UnboundedReceiver<Connection>,
    script: Arc<Mutex<VecDeque<Handshake>>>,
    handshakes: Arc<Mutex<Vec<Handshaken>>>,
    listener: JoinHandle<()>,
}

impl Server {
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let (sender, connections) = mpsc::unbounded_channel();
        let script = Arc::new(Mutex::new(VecDeque::new()));
        let handshakes = Arc::new(Mutex::new(Vec::new()));
        let (task_script, task_handshakes) = (script.clone(), handshakes.clone());
        let listener = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let sender = sender.clone();
                let answer = task_script
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or(Handshake::Check);
                let handshakes = task_handshakes.clone();
                tokio::spawn(async move {
                    let callback = |request: &Request, response: Response| {
                        answer_handshake(request, response, answer, &handshakes)
                    };
                    if let Ok(connection) = tokio_tungstenite::accept_hdr_async(tcp, callback).await
                    {
                        let _ = sender.send(connection);
                    }
                });
            }
        });
        Server {
            host,
            connections,
            script,
            handshakes,
            listener,
        }
    }

    /// The next handshakes are answered like this, in order (then [`Handshake::Check`]).
    pub fn script(&self, answers: impl IntoIterator<Item = Handshake>) {
        self.script.lock().unwrap().extend(answers);
    }

    /// The next accepted connection (the test fails after 10 s without one).
    pub async fn accept(&mut self) -> Connection {
        tokio::time::timeout(Duration::from_secs(10), self.connections.recv())
            .await
            .expect("no connection within 10 s")
            .expect("the server stopped")
    }

    /// Every handshake so far.
    pub fn handshakes(&self) -> Vec<Handshaken> {
        self.handshakes.lock().unwrap().clone()
    }

    /// Stops accepting: later connection attempts are refused.
    pub fn stop_listening(&self) {
        self.listener.abort();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

fn answer_handshake(
    request: &Request,
    response: Response,
    answer: Handshake,
    handshakes: &Mutex<Vec<Handshaken>>,
) -> Result<Response, ErrorResponse> {
    let cookies: Vec<Vec<u8>> = request
        .headers()
        .get_all("cookie")
        .iter()
        .map(|v| v.as_bytes().to_vec())
        .collect();
    let path = request.uri().path().to_owned();
    handshakes.lock().unwrap().push(Handshaken {
        path: path.clone(),
        cookies: cookies.clone(),
    });
    let reject = |status: u16, body: String, retry_after: Option<u64>| {
        let mut error = ErrorResponse::new(Some(body));
        *error.status_mut() = StatusCode::from_u16(status).unwrap();
        if let Some(seconds) = retry_after {
            error
                .headers_mut()
                .insert("retry-after", HeaderValue::from(seconds));
        }
        Err(error)
    };
    match answer {
        Handshake::Reject {
            status,
            body,
            retry_after,
        } => reject(status, body, retry_after),
        Handshake::Check if path != "/ws/connector" => reject(404, "no such endpoint".into(), None),
        Handshake::Check if cookies != [COOKIE.as_bytes().to_vec()] => {
            // Echoes what it got, tokens and all.
            let got: Vec<String> = cookies
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            reject(401, format!("unknown tokens in cookie {got:?}"), None)
        }
        Handshake::Check => Ok(response),
    }
}
