//! Client-side request limit, so bulk jobs wait instead of collecting 429s.
//!
//! Mews counts requests when they arrive, on its own clock. The client cannot see that clock,
//! only two bounds on it: a request arrives after it was sent and before its answer's headers
//! come back. So a request holds its place in the window from the moment it is sent until one
//! window after its answer began (or the attempt failed): however the network delays each
//! request, the arrivals the server counts in any sliding window are a subset of those places.
//! A small extra margin covers a server that counts a little after arrival.

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// A sliding-window request limit: at most `max_requests` requests in any `window`, measured
/// where the server measures it (see the module documentation), plus `margin`.
///
/// Mews limits requests per `AccessToken`: 200 per 30 s on both environments at the time of
/// writing, changeable without notice. Clients that use the same access token against the same
/// platform in one process share one limiter (so do all clones of a client); retries count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    max_requests: u32,
    window: Duration,
    margin: Duration,
}

impl RateLimit {
    /// At most `max_requests` requests in any `window`, with a margin of 2 % of the window.
    /// Both must be non-zero, which [`ClientBuilder::build`](crate::ClientBuilder::build)
    /// checks.
    pub fn new(max_requests: u32, window: Duration) -> Self {
        RateLimit {
            max_requests,
            window,
            margin: window / 50,
        }
    }

    /// The limit Mews publishes per access token: 200 requests per 30 seconds (the default of
    /// [`ClientBuilder`](crate::ClientBuilder)).
    pub fn mews_default() -> Self {
        RateLimit::new(200, Duration::from_secs(30))
    }

    /// Extra time each request keeps its place in the window after its answer began.
    #[must_use]
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Requests allowed per window.
    pub fn max_requests(&self) -> u32 {
        self.max_requests
    }

    /// Length of the sliding window.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Extra time added to the window, see [`with_margin`](Self::with_margin).
    pub fn margin(&self) -> Duration {
        self.margin
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

    /// How long a finished request keeps its place.
    fn hold(&self) -> Duration {
        self.window.saturating_add(self.margin)
    }
}

/// The shared state of one [`RateLimit`].
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: RateLimit,
    state: Mutex<Window>,
    /// Woken when an in-flight request finishes, so waiters can compute their new wake time.
    finished: Notify,
}

#[derive(Debug, Default)]
struct Window {
    /// Requests sent whose answer has not begun: the server may count them at any moment.
    in_flight: usize,
    /// When recent requests finished, oldest first (pushed under the lock at `now`, so sorted).
    finished: VecDeque<Instant>,
}

/// A place in the window, held by one attempt; dropping it marks the attempt finished.
#[derive(Debug)]
pub(crate) struct Permit {
    limiter: Arc<RateLimiter>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut window = self.limiter.lock();
        window.in_flight = window.in_flight.saturating_sub(1);
        window.finished.push_back(Instant::now());
        drop(window);
        self.limiter.finished.notify_waiters();
    }
}

impl RateLimiter {
    /// The limiter for `limit` shared by every client of this process that calls `base_url`
    /// with the access token `token`.
    pub(crate) fn shared(limit: RateLimit, base_url: &str, token: &str) -> Arc<RateLimiter> {
        type Registry = Mutex<HashMap<(RateLimit, String, u64), Weak<RateLimiter>>>;
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        // A hash, so the registry never holds a token.
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        token.hash(&mut hasher);
        let key = (limit, base_url.to_owned(), hasher.finish());
        let mut registry = REGISTRY
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(limiter) = registry.get(&key).and_then(Weak::upgrade) {
            return limiter;
        }
        registry.retain(|_, limiter| limiter.strong_count() > 0);
        let limiter = Arc::new(RateLimiter::new(limit));
        registry.insert(key, Arc::downgrade(&limiter));
        limiter
    }

    pub(crate) fn new(limit: RateLimit) -> Self {
        RateLimiter {
            limit,
            state: Mutex::new(Window::default()),
            finished: Notify::new(),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        // Every update leaves the window consistent, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until one more request fits in the window and takes a place for it. Returns how
    /// long it had to wait (`None`: a place was free). Cancel-safe: a place is only taken when
    /// the future completes.
    pub(crate) async fn acquire(self: &Arc<Self>) -> (Permit, Option<Duration>) {
        let mut waiting_since = None;
        loop {
            // Registered before checking, so a request finishing in between still wakes us.
            let finished = self.finished.notified();
            let now = Instant::now();
            match self.try_acquire(now) {
                Ok(()) => {
                    let permit = Permit {
                        limiter: Arc::clone(self),
                    };
                    return (permit, waiting_since.map(|since: Instant| since.elapsed()));
                }
                Err(Some(until)) => {
                    waiting_since.get_or_insert(now);
                    let _ = tokio::time::timeout_at(until, finished).await;
                }
                Err(None) => {
                    waiting_since.get_or_insert(now);
                    finished.await;
                }
            }
        }
    }

    /// Takes a place at `now`, or says when to look again (`None`: when a request finishes).
    fn try_acquire(&self, now: Instant) -> Result<(), Option<Instant>> {
        let hold = self.limit.hold();
        let mut window = self.lock();
        while window
            .finished
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= hold)
        {
            window.finished.pop_front();
        }
        let max = usize::try_from(self.limit.max_requests).unwrap_or(usize::MAX);
        if window.in_flight + window.finished.len() < max.max(1) {
            window.in_flight += 1;
            return Ok(());
        }
        // An unrepresentable instant (a window of centuries) means: when a request finishes.
        Err(window.finished.front().and_then(|&t| t.checked_add(hold)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_held_from_sending_until_a_window_after_the_answer() {
        let limit = RateLimit::new(2, Duration::from_secs(10)).with_margin(Duration::ZERO);
        let limiter = Arc::new(RateLimiter::new(limit));
        let t0 = Instant::now();
        assert_eq!(limiter.try_acquire(t0), Ok(()));
        assert_eq!(limiter.try_acquire(t0), Ok(()));
        // Both in flight: only a finishing request frees a place.
        assert_eq!(limiter.try_acquire(t0), Err(None));
        let finished = {
            let mut window = limiter.lock();
            window.in_flight -= 1;
            window.finished.push_back(t0 + Duration::from_secs(1));
            t0 + Duration::from_secs(1)
        };
        let free_at = finished + Duration::from_secs(10);
        assert_eq!(limiter.try_acquire(t0), Err(Some(free_at)));
        assert_eq!(limiter.try_acquire(free_at), Ok(()));
        assert!(RateLimit::new(0, Duration::from_secs(1))
            .validate()
            .is_err());
        assert!(RateLimit::mews_default().validate().is_ok());
    }

    #[test]
    fn clients_with_the_same_token_and_platform_share_a_limiter() {
        let limit = RateLimit::mews_default();
        let a = RateLimiter::shared(limit, "https://a", "token-1");
        let b = RateLimiter::shared(limit, "https://a", "token-1");
        let other_token = RateLimiter::shared(limit, "https://a", "token-2");
        let other_url = RateLimiter::shared(limit, "https://b", "token-1");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &other_token));
        assert!(!Arc::ptr_eq(&a, &other_url));
    }
}
