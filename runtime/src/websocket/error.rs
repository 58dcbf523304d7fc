//! The errors that end a WebSocket stream (or keep it from starting). Their text never holds a
//! token: everything that came from the server or the network is redacted first.

use std::fmt;
use std::time::Duration;

use crate::error::ConfigError;

/// Why the stream could not start, or why it ended. Always the stream's last item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The client is misconfigured: a missing or unusable token, a bad WebSocket address, a
    /// zero timeout, no Tokio runtime.
    Config(ConfigError),
    /// The server refused the handshake in a way a retry cannot fix (401/403: wrong tokens or
    /// no permission for WebSockets; another 4xx but 408/429; a redirect, which is not followed
    /// so the tokens go nowhere else).
    Rejected(Rejected),
    /// The first connection failed in a way that may pass (network, TLS, timeout, 408/429/5xx);
    /// [`Builder::connect`](super::Builder::connect) does not retry it.
    Connect(ConnectError),
    /// After a drop, every reconnect attempt the [`ReconnectPolicy`](super::ReconnectPolicy)
    /// allows failed.
    GaveUp(GaveUp),
}

impl Error {
    /// The HTTP status of the refused or failed handshake, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Rejected(e) => Some(e.status),
            Error::Connect(e) => e.status,
            Error::GaveUp(e) => e.last.status,
            Error::Config(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(e) => e.fmt(f),
            Error::Rejected(e) => e.fmt(f),
            Error::Connect(e) => e.fmt(f),
            Error::GaveUp(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

/// A handshake the server refused for good.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rejected {
    /// The WebSocket endpoint (it holds no token).
    pub endpoint: String,
    /// The HTTP status instead of `101 Switching Protocols`.
    pub status: u16,
    /// The start of the response body, tokens redacted, when there was one.
    pub message: Option<String>,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let meaning = match self.status {
            401 => "unauthorized: check the ClientToken and AccessToken",
            403 => "forbidden: the tokens are not allowed to use WebSockets",
            300..=399 => "a redirect, not followed so the tokens go nowhere else",
            404 => "not found: check the WebSocket address",
            _ => "refused",
        };
        write!(
            f,
            "mews websocket: the handshake with {} was rejected with HTTP {} ({meaning})",
            self.endpoint, self.status
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

/// A connection attempt that failed in a way that may pass.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectError {
    /// The WebSocket endpoint (it holds no token).
    pub endpoint: String,
    /// The HTTP status, when the server answered the handshake (408, 429, 5xx).
    pub status: Option<u16>,
    /// What went wrong, tokens redacted.
    pub message: String,
    /// How long the server asked to wait (`Retry-After`), when it did.
    pub retry_after: Option<Duration>,
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mews websocket: cannot connect to {}: {}",
            self.endpoint, self.message
        )
    }
}

impl std::error::Error for ConnectError {}

/// The reconnect attempts after a drop ran out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GaveUp {
    /// Attempts made since the drop.
    pub attempts: u32,
    /// The last attempt's failure.
    pub last: ConnectError,
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mews websocket: gave up reconnecting after {} attempts; last: {}",
            self.attempts, self.last.message
        )
    }
}

impl std::error::Error for GaveUp {}
