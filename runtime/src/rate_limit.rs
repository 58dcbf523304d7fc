//! Optional client-side request limit, so bulk jobs wait instead of collecting 429s.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// A sliding-window request limit: at most `max_requests` attempts in any `window`.
///
/// Mews limits requests per `AccessToken` (200 per 30 s on both environments at the time of
/// writing, changeable without notice). One limiter is created per [`Client`](crate::Client)
/// and shared by all its clones; retries count too. Clients built separately do not share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    max_requests: u32,
    window: Duration,
}

impl RateLimit {
    /// At most `max_requests` requests in any `window`. Both must be non-zero, which
    /// [`ClientBuilder::build`](crate::ClientBuilder::build) checks.
    pub fn new(max_requests: u32, window: Duration) -> Self {
        RateLimit {
            max_requests,
            window,
        }
    }

    /// The documented Mews limit: 200 requests per 30 seconds.
    pub fn mews_default() -> Self {
        RateLimit::new(200, Duration::from_secs(30))
    }

    /// Requests allowed per window.
    pub fn max_requests(&self) -> u32 {
        self.max_requests
    }

    /// Length of the sliding window.
    pub fn window(&self) -> Duration {
        self.window
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_requests == 0 || self.window.is_zero() {
            return Err(format!(
                "rate limit must allow at least one request in a non-empty window, got {} per {:?}",
                self.max_requests, self.window
            ));
        }
        Ok(())
    }
}

/// The shared state of one [`RateLimit`]: start times of the requests in the current window.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    sent: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            sent: Mutex::new(VecDeque::new()),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Waits until one more request fits in the window, then records it.
    pub(crate) async fn acquire(&self) {
        loop {
            match self.try_acquire(Instant::now()) {
                None => return,
                Some(until) => tokio::time::sleep_until(until).await,
            }
        }
    }

    /// Records a request at `now` and returns `None`, or returns when a slot frees up.
    fn try_acquire(&self, now: Instant) -> Option<Instant> {
        // A panic elsewhere cannot leave the queue inconsistent, so poisoning is ignored.
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        while sent
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= self.limit.window)
        {
            sent.pop_front();
        }
        let max = usize::try_from(self.limit.max_requests).unwrap_or(usize::MAX);
        if sent.len() < max.max(1) {
            sent.push_back(now);
            return None;
        }
        let oldest = sent.front().copied().unwrap_or(now);
        Some(oldest.checked_add(self.limit.window).unwrap_or(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_slides() {
        let limiter = RateLimiter::new(RateLimit::new(2, Duration::from_secs(10)));
        let t0 = Instant::now();
        assert_eq!(limiter.try_acquire(t0), None);
        assert_eq!(limiter.try_acquire(t0 + Duration::from_secs(1)), None);
        let third = t0 + Duration::from_secs(2);
        assert_eq!(
            limiter.try_acquire(third),
            Some(t0 + Duration::from_secs(10))
        );
        assert_eq!(limiter.try_acquire(t0 + Duration::from_secs(10)), None);
        assert!(RateLimit::new(0, Duration::from_secs(1))
            .validate()
            .is_err());
        assert!(RateLimit::mews_default().validate().is_ok());
    }
}
