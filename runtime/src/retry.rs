//! When to send a request again, and how long to wait first.
//!
//! The rules never risk running a non-idempotent operation (such as `orders/add`) twice:
//! - `429 Too Many Requests` is retried for every operation: Mews rejects it before it runs.
//!   The wait is `Retry-After` (seconds or HTTP date), else exponential backoff.
//! - A connection that could not be established is retried for every operation: nothing was
//!   sent.
//! - `408`, `5xx`, timeouts and connections lost after the request was sent are retried only for
//!   operations marked retry-safe (the `getAll`s); otherwise they are returned to the caller.

use std::cell::Cell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{ApiErrorKind, Error};

/// How many times, and for how long, failed requests are retried.
///
/// Backoff is exponential with full jitter: before retry `n` the client sleeps a random
/// duration in `[0, min(max_delay, base_delay * 2^(n-1))]`, unless the server sent
/// `Retry-After`. How long all of it may take is the call's timeout
/// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)): a retry whose wait would end
/// after the deadline is not made, and the last error is returned at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 500 ms up to 8 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retry: every request is sent exactly once.
    #[must_use]
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts including the first (`0` is treated as `1`).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Exponential backoff bounds: `base` before the first retry, doubling, capped at `max`.
    #[must_use]
    pub fn with_backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// Total attempts including the first.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retrying after `attempts_made` attempts failed with `error`, or `None`
    /// when the error must be returned. The caller checks the wait against its deadline.
    pub(crate) fn next_delay(
        &self,
        error: &Error,
        retry_safe: bool,
        attempts_made: u32,
    ) -> Option<Duration> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        match retry_verdict(error, retry_safe) {
            RetryVerdict::Never => None,
            RetryVerdict::After(wait) => Some(wait),
            RetryVerdict::Backoff => Some(self.backoff(attempts_made)),
        }
    }

    fn backoff(&self, attempts_made: u32) -> Duration {
        let doublings = attempts_made.saturating_sub(1).min(31);
        let cap = self
            .base_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay);
        full_jitter(cap)
    }
}

enum RetryVerdict {
    Never,
    After(Duration),
    Backoff,
}

fn retry_verdict(error: &Error, retry_safe: bool) -> RetryVerdict {
    let if_safe = |verdict| {
        if retry_safe {
            verdict
        } else {
            RetryVerdict::Never
        }
    };
    match error {
        Error::Api(api) => match api.kind {
            ApiErrorKind::TooManyRequests {
                retry_after: Some(wait),
            } => RetryVerdict::After(wait),
            ApiErrorKind::TooManyRequests { retry_after: None } => RetryVerdict::Backoff,
            ApiErrorKind::RequestTimeout | ApiErrorKind::Server => if_safe(RetryVerdict::Backoff),
            _ => RetryVerdict::Never,
        },
        Error::Transport(e) if !e.may_have_reached_server => RetryVerdict::Backoff,
        Error::Transport(_) | Error::Timeout(_) => if_safe(RetryVerdict::Backoff),
        Error::Decode(_)
        | Error::Page(_)
        | Error::Item(_)
        | Error::Limit(_)
        | Error::Encode(_)
        | Error::Config(_) => RetryVerdict::Never,
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A uniformly random duration in `[0, cap]`.
pub(crate) fn full_jitter(cap: Duration) -> Duration {
    let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
    match cap_nanos.checked_add(1) {
        Some(range) => Duration::from_nanos(next_random() % range),
        None => Duration::from_nanos(next_random()),
    }
}

thread_local! {
    static RNG_STATE: Cell<u64> = Cell::new(seed());
}

/// xorshift64*: jitter only needs to de-synchronise clients, not to be unpredictable.
fn next_random() -> u64 {
    RNG_STATE.with(|state| {
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

fn seed() -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| {
        d.as_secs().rotate_left(32) ^ u64::from(d.subsec_nanos())
    });
    // Mix in a per-thread address so threads started in the same nanosecond differ.
    let local = 0u8;
    let address = std::ptr::addr_of!(local) as u64;
    (nanos ^ address.rotate_left(32)) | 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, Attempts, TimeoutError, TimeoutLimit};

    fn api(status: u16, retry_after: Option<Duration>) -> Error {
        ApiError {
            operation: "x",
            kind: ApiErrorKind::from_status(status, retry_after),
            status,
            message: None,
            request_id: None,
            details: None,
            attempts: Attempts::default(),
        }
        .into()
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        let later = now + Duration::from_secs(120);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(later), now).unwrap();
        assert!(parsed <= Duration::from_secs(120) && parsed >= Duration::from_secs(118));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(60));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn only_rejected_requests_are_retried_for_unsafe_operations() {
        let p = RetryPolicy::default();
        let wait = Some(Duration::from_secs(2));
        assert_eq!(p.next_delay(&api(429, wait), false, 1), wait);
        assert!(p.next_delay(&api(429, None), false, 1).is_some());
        assert_eq!(p.next_delay(&api(500, None), false, 1), None);
        assert_eq!(p.next_delay(&api(408, None), false, 1), None);
        assert!(p.next_delay(&api(503, None), true, 1).is_some());
        assert_eq!(p.next_delay(&api(400, None), true, 1), None);
        let timeout = Error::Timeout(TimeoutError {
            operation: "x",
            limit: TimeoutLimit::Attempt,
            timeout: Duration::ZERO,
            may_have_reached_server: true,
            attempts: Attempts::default(),
        });
        assert_eq!(p.next_delay(&timeout, false, 1), None);
        assert!(p.next_delay(&timeout, true, 1).is_some());
    }

    #[test]
    fn attempts_are_bounded() {
        let p = RetryPolicy::new().with_max_attempts(2);
        assert!(p.next_delay(&api(429, None), true, 1).is_some());
        assert_eq!(p.next_delay(&api(429, None), true, 2), None);
        let d = RetryPolicy::disabled();
        assert_eq!(d.next_delay(&api(429, None), true, 1), None);
    }

    proptest::proptest! {
        #[test]
        fn backoff_stays_within_its_cap(attempt in 1u32..100, base_ms in 0u64..5_000) {
            let p = RetryPolicy::new()
                .with_backoff(Duration::from_millis(base_ms), Duration::from_secs(8));
            let cap = Duration::from_millis(base_ms)
                .saturating_mul(1 << (attempt - 1).min(31))
                .min(Duration::from_secs(8).max(Duration::from_millis(base_ms)));
            proptest::prop_assert!(p.backoff(attempt) <= cap);
        }
    }
}
