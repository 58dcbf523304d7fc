//! `tracing` spans and events for calls and attempts (cargo feature `tracing`), and no-ops
//! without the feature, so the client code reads the same either way.
//!
//! Fields are operation ids, attempt numbers, statuses, Request-Ids, durations and error
//! messages: never a token, and the request body only when the user opted in (tokens redacted).

use std::future::Future;
use std::time::Duration;

use crate::error::Error;

/// The span of one call or one attempt.
#[derive(Clone)]
pub(crate) struct Span {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl Span {
    /// `mews.call`: one call, all attempts and waits included.
    pub(crate) fn call(operation: &'static str) -> Span {
        #[cfg(not(feature = "tracing"))]
        let _ = operation;
        Span {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "mews.call",
                operation,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            ),
        }
    }

    /// `mews.attempt`: one HTTP exchange, a child of the call's span.
    pub(crate) fn attempt(&self, operation: &'static str, attempt: u32) -> Span {
        #[cfg(not(feature = "tracing"))]
        let _ = (self, operation, attempt);
        Span {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                parent: &self.span,
                "mews.attempt",
                operation,
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            ),
        }
    }

    /// Records how the call or attempt ended.
    pub(crate) fn finish(
        &self,
        status: Option<u16>,
        request_id: Option<&str>,
        elapsed: Duration,
        attempts: Option<u32>,
    ) {
        #[cfg(feature = "tracing")]
        {
            if let Some(status) = status {
                self.span.record("status", status);
            }
            if let Some(id) = request_id {
                self.span.record("request_id", id);
            }
            if let Some(attempts) = attempts {
                self.span.record("attempts", attempts);
            }
            let elapsed_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
            self.span.record("elapsed_ms", elapsed_ms);
        }
        let _ = (self, status, request_id, elapsed, attempts);
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

/// A retry is coming after `delay`.
pub(crate) fn retrying(operation: &'static str, attempt: u32, delay: Duration, error: &Error) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        operation,
        attempt,
        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        error = %error,
        "mews: retrying"
    );
    let _ = (operation, attempt, delay, error);
}

/// An attempt waited `waited` for a place in the rate limiter's window.
pub(crate) fn rate_limited(operation: &'static str, attempt: u32, waited: Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(
        operation,
        attempt,
        waited_ms = u64::try_from(waited.as_millis()).unwrap_or(u64::MAX),
        "mews: waited for the rate limit"
    );
    let _ = (operation, attempt, waited);
}

/// The request body (tokens already redacted), for users who opted in.
pub(crate) fn request_body(operation: &'static str, body: &str) {
    #[cfg(feature = "tracing")]
    tracing::debug!(operation, body, "mews: request body");
    let _ = (operation, body);
}
