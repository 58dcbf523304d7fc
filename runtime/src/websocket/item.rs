//! What the stream yields besides its final error: events, malformed messages, and the
//! connection's drops and recoveries.

use std::fmt;
use std::time::{Duration, SystemTime};

/// One item of an [`EventStream`](super::EventStream).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Item<E> {
    /// One event of a message, in the order received.
    Event(E),
    /// A message or one of its events did not decode; the stream goes on.
    Malformed(Malformed),
    /// The connection dropped; the client is reconnecting. Until [`Item::Reconnected`], no
    /// event arrives.
    Disconnected(Disconnected),
    /// A new connection is up after a drop. Events Mews sent from
    /// [`last_frame_at`](Reconnected::last_frame_at) to
    /// [`reconnected_at`](Reconnected::reconnected_at) may be lost: fetch what changed in that
    /// window through the API.
    Reconnected(Reconnected),
}

/// A message (or an event in it) that did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Malformed {
    /// Where decoding failed: `Events[2].State` for an event, `Events` for a message without
    /// its event array, `.` for a frame that is not JSON.
    pub path: String,
    /// The decoder's message.
    pub message: String,
    /// The event's position in its message, or `None` when the message itself failed.
    pub index: Option<usize>,
    /// The event's JSON exactly as received, or the whole frame when the message itself failed
    /// (a binary frame's bytes as lossy UTF-8).
    pub raw: String,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mews websocket: cannot decode the message at `{}`: {}",
            self.path, self.message
        )
    }
}

impl std::error::Error for Malformed {}

/// Why a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DropReason {
    /// The server sent a close frame.
    ClosedByServer {
        /// The close code (1000 normal, 1001 going away, ...); `1005` when the frame had none.
        code: u16,
        /// The close reason, possibly empty.
        reason: String,
    },
    /// The connection ended without a close frame.
    Ended,
    /// A network error, or a frame that broke the WebSocket protocol (which ends the
    /// connection by the protocol's rules).
    Failed {
        /// What happened.
        message: String,
    },
    /// Nothing arrived for this long after a ping: the peer or the path to it is gone.
    Unresponsive {
        /// How long the client waited.
        waited: Duration,
    },
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::ClosedByServer { code, reason } if reason.is_empty() => {
                write!(f, "closed by the server (code {code})")
            }
            DropReason::ClosedByServer { code, reason } => {
                write!(f, "closed by the server (code {code}: {reason})")
            }
            DropReason::Ended => f.write_str("the connection ended without a close frame"),
            DropReason::Failed { message } => write!(f, "connection failed: {message}"),
            DropReason::Unresponsive { waited } => {
                write!(f, "no answer to a ping within {} ms", waited.as_millis())
            }
        }
    }
}

/// The connection dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Disconnected {
    /// When the client saw the connection end.
    pub at: SystemTime,
    /// When the last frame (event, ping or pong) arrived: the last moment the connection is
    /// known to have worked.
    pub last_frame_at: SystemTime,
    /// Why it ended.
    pub reason: DropReason,
}

/// A connection is up again after a drop; events may have been missed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reconnected {
    /// When the client saw the previous connection end.
    pub dropped_at: SystemTime,
    /// When the last frame of the previous connection arrived. Events sent after it may not
    /// have reached the client, so a re-sync starts here (minus any clock skew margin the
    /// application wants).
    pub last_frame_at: SystemTime,
    /// When the new connection was established.
    pub reconnected_at: SystemTime,
    /// Connection attempts it took, the successful one included.
    pub attempts: u32,
    /// Why the previous connection ended.
    pub reason: DropReason,
}
