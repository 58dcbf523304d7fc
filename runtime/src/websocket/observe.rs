//! `tracing` spans and events of the WebSocket client (cargo feature `tracing`), no-ops
//! without it, like the HTTP client's (`crate::observe`).
//!
//! Fields are the endpoint (which holds no token), attempt numbers, statuses, durations, drop
//! reasons and JSON paths: never a token, never an event's content.

use std::future::Future;
use std::time::Duration;

use super::item::DropReason;

/// The span of one stream (`mews.websocket`) or of one connection attempt
/// (`mews.websocket.connect`).
#[derive(Clone)]
pub(crate) struct Span {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl Span {
    /// `mews.websocket`: the stream's whole life, every connection and wait included.
    pub(crate) fn stream(endpoint: &str) -> Span {
        #[cfg(not(feature = "tracing"))]
        let _ = endpoint;
        Span {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!("mews.websocket", endpoint),
        }
    }

    /// `mews.websocket.connect`: one handshake (TCP, TLS, upgrade), a child of the stream's
    /// span; `attempt` counts from 1 after each drop (0 for the first connection).
    pub(crate) fn connect(&self, attempt: u32) -> Span {
        #[cfg(not(feature = "tracing"))]
        let _ = attempt;
        Span {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                parent: &self.span,
                "mews.websocket.connect",
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            ),
        }
    }

    /// Records how a handshake ended.
    pub(crate) fn finish(&self, status: Option<u16>, elapsed: Duration) {
        #[cfg(feature = "tracing")]
        {
            if let Some(status) = status {
                self.span.record("status", status);
            }
            self.span.record("elapsed_ms", millis(elapsed));
        }
        let _ = (self, status, elapsed);
    }

    /// Runs `future` inside this span.
    pub(crate) async fn run<F: Future>(&self, future: F) -> F::Output {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            future.instrument(self.span.clone()).await
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = self;
            future.await
        }
    }
}

#[cfg(feature = "tracing")]
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A connection is up (`attempt` 0 is the first one).
pub(crate) fn connected(attempt: u32) {
    #[cfg(feature = "tracing")]
    tracing::info!(attempt, "mews: websocket connected");
    let _ = attempt;
}

/// The connection ended after `lasted`.
pub(crate) fn dropped(reason: &DropReason, lasted: Duration) {
    #[cfg(feature = "tracing")]
    tracing::warn!(reason = %reason, lasted_ms = millis(lasted), "mews: websocket dropped");
    let _ = (reason, lasted);
}

/// Reconnect attempt `attempt` starts after `delay`.
pub(crate) fn reconnecting(attempt: u32, delay: Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        attempt,
        delay_ms = millis(delay),
        "mews: websocket reconnecting"
    );
    let _ = (attempt, delay);
}

/// A reconnect attempt failed in a way that may pass; another follows.
pub(crate) fn attempt_failed(attempt: u32, error: &dyn std::fmt::Display) {
    #[cfg(feature = "tracing")]
    tracing::info!(attempt, error = %error, "mews: websocket connection attempt failed");
    let _ = (attempt, error);
}

/// The stream ends with an error.
pub(crate) fn ended(error: &dyn std::fmt::Display) {
    #[cfg(feature = "tracing")]
    tracing::error!(error = %error, "mews: websocket stream ended");
    let _ = error;
}

/// A message or event did not decode.
pub(crate) fn malformed(path: &str, error: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(path, error, "mews: websocket message did not decode");
    let _ = (path, error);
}

/// The application dropped the stream; the connection is closed.
pub(crate) fn closed() {
    #[cfg(feature = "tracing")]
    tracing::info!("mews: websocket closed by the application");
}
