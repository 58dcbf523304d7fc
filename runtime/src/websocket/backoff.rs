//! How long to wait before each reconnect attempt, and when to stop.

use std::time::Duration;

use crate::retry::full_jitter;

/// Reconnects after a drop: exponential backoff with full jitter, so clients dropped together
/// (a server restart) do not come back together.
///
/// Before attempt `n` of a streak of failures the client sleeps a random duration in
/// `[0, min(max_delay, base_delay * 2^(n-1))]`, or the server's `Retry-After` when that is
/// longer. A connection that stays up at least `max_delay` ends the streak; one that drops
/// sooner does not, so a server that accepts and at once drops the connection is not hammered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReconnectPolicy {
    base_delay: Duration,
    max_delay: Duration,
    max_attempts: Option<u32>,
}

impl Default for ReconnectPolicy {
    /// Backoff from 500 ms up to 30 s; reconnects for as long as it takes.
    fn default() -> Self {
        ReconnectPolicy {
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_attempts: None,
        }
    }
}

impl ReconnectPolicy {
    /// The default policy (see [`ReconnectPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Exponential backoff bounds: up to `base` before the first attempt, doubling, capped at
    /// `max`.
    #[must_use]
    pub fn with_backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// Gives up after `attempts` failed reconnect attempts following one drop (`0` is treated
    /// as `1`); the stream then ends with [`Error::GaveUp`](super::Error::GaveUp).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Reconnect attempts allowed after a drop; `None` means no limit.
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// The longest backoff; also how long a connection must last to end a streak of failures.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The wait before the `streak`-th attempt of a streak (counted from 1).
    pub(crate) fn delay(&self, streak: u32) -> Duration {
        let doublings = streak.saturating_sub(1).min(31);
        let cap = self
            .base_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay);
        full_jitter(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_to_the_cap_and_stay_under_it() {
        let policy =
            ReconnectPolicy::new().with_backoff(Duration::from_millis(100), Duration::from_secs(1));
        for streak in 1..40 {
            let cap = Duration::from_millis(100)
                .saturating_mul(1 << (streak - 1).min(31))
                .min(Duration::from_secs(1));
            let delay = policy.delay(streak);
            assert!(delay <= cap, "streak {streak}: {delay:?} > {cap:?}");
        }
        assert_eq!(ReconnectPolicy::new().max_attempts(), None);
        assert_eq!(
            ReconnectPolicy::new().with_max_attempts(0).max_attempts(),
            Some(1)
        );
    }
}
