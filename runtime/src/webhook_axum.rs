//! The webhook receiver as an `axum` router (feature `axum`): it answers every delivery at once
//! and hands the decoded message to the application, which works on it after the answer.
//!
//! Mews waits a few seconds for a success status and otherwise delivers the message again, so
//! the application's work must not hold the answer. The order of the checks: the URL's secret
//! (401, before the body is read), the body's size (413), its JSON (400, naming the path); then
//! 200 and the message goes to the application.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use tokio::sync::mpsc;

use crate::webhook::{Refusal, SecretIn, WebhookPayload, WebhookReceiver};

impl WebhookReceiver {
    /// A router answering deliveries posted to `path` (with the secret appended as a path
    /// segment when the secret is in the path); each message is handed to `handler` in a task
    /// of its own, spawned after the delivery is accepted, so the answer never waits for it.
    ///
    /// Must be served inside a tokio runtime (as `axum::serve` is).
    pub fn router<T, H, Fut>(self, path: &str, handler: H) -> Router
    where
        T: WebhookPayload,
        H: Fn(T) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let handler = Arc::new(handler);
        self.route(path, move |message: T| {
            tokio::spawn(handler(message));
            Ok(())
        })
    }

    /// A router answering deliveries posted to `path`, and the receiving end of a channel of
    /// up to `capacity` messages that it fills. When the channel is full (or closed) a delivery
    /// is answered 503, so that Mews delivers it again later: no message is dropped.
    pub fn channel<T: WebhookPayload>(
        self,
        path: &str,
        capacity: usize,
    ) -> (Router, mpsc::Receiver<T>) {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        let router = self.route(path, move |message: T| {
            sender.try_send(message).map_err(|_| Refusal::Busy)
        });
        (router, receiver)
    }

    fn route<T, F>(self, path: &str, accept: F) -> Router
    where
        T: WebhookPayload,
        F: Fn(T) -> Result<(), Refusal> + Send + Sync + 'static,
    {
        let state = Arc::new(Endpoint {
            receiver: self,
            accept,
        });
        let base = path.trim_end_matches('/');
        let router = Router::new();
        let router = match state.receiver.place() {
            SecretIn::Query(_) => router.route(with_root(base), post(deliver::<T, F>)),
            SecretIn::LastPathSegment => router
                .route(&format!("{base}/{{secret}}"), post(deliver::<T, F>))
                .route(with_root(base), post(deliver::<T, F>)),
        };
        router.with_state(state)
    }
}

fn with_root(base: &str) -> &str {
    if base.is_empty() {
        "/"
    } else {
        base
    }
}

struct Endpoint<F> {
    receiver: WebhookReceiver,
    accept: F,
}

async fn deliver<T, F>(State(endpoint): State<Arc<Endpoint<F>>>, request: Request) -> Response
where
    T: WebhookPayload,
    F: Fn(T) -> Result<(), Refusal> + Send + Sync + 'static,
{
    match receive(&endpoint, request).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(refusal) => refuse(&refusal),
    }
}

async fn receive<T, F>(endpoint: &Endpoint<F>, request: Request) -> Result<(), Refusal>
where
    T: WebhookPayload,
    F: Fn(T) -> Result<(), Refusal>,
{
    let (parts, body) = request.into_parts();
    // Refused before a byte of the body is read.
    endpoint
        .receiver
        .authorize(parts.uri.path(), parts.uri.query())?;
    let limit = endpoint.receiver.limit();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Refusal::TooLarge { limit });
    }
    let bytes = read(body, limit).await?;
    let message = T::decode(&bytes).map_err(Refusal::Malformed)?;
    (endpoint.accept)(message)
}

async fn read(body: Body, limit: usize) -> Result<axum::body::Bytes, Refusal> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
        while let Some(error) = source {
            if error.is::<http_body_util::LengthLimitError>() {
                return Refusal::TooLarge { limit };
            }
            source = error.source();
        }
        Refusal::Unreadable(error.to_string())
    })
}

fn refuse(refusal: &Refusal) -> Response {
    #[cfg(feature = "tracing")]
    tracing::warn!(status = refusal.status(), reason = %refusal, "webhook delivery refused");
    let status =
        StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, refusal.to_string()).into_response();
    if matches!(refusal, Refusal::MissingSecret | Refusal::WrongSecret) {
        // Ask nothing more of a caller without the secret.
        response.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
    }
    response
}
