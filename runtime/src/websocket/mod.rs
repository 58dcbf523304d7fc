//! The WebSocket client (cargo feature `websocket`): the events Mews pushes over
//! `[WebSocketAddress]/ws/connector`, as a [`Stream`](futures_core::Stream) of [`Item`]s.
//!
//! ```no_run
//! # async fn run() -> Result<(), mews_connector_runtime::websocket::Error> {
//! use futures_util::StreamExt;
//! use mews_connector_runtime::websocket::{Builder, Item};
//! use mews_connector_runtime::Environment;
//!
//! /// The event type: the generated crate's `WebSocketEvent`, or any `DeserializeOwned` type.
//! #[derive(Debug, serde::Deserialize)]
//! struct Event {
//!     #[serde(rename = "Type")]
//!     kind: String,
//!     #[serde(rename = "Id")]
//!     id: String,
//! }
//!
//! let mut events = Builder::<Event>::new()
//!     .environment(Environment::Demo)
//!     .client_token("...")
//!     .access_token("...")
//!     .connect()
//!     .await?;
//! while let Some(item) = events.next().await {
//!     match item? {
//!         Item::Event(event) => println!("{} {}", event.kind, event.id),
//!         // Events may have been missed between these two instants: fetch what changed.
//!         Item::Reconnected(gap) => println!("re-sync since {:?}", gap.last_frame_at),
//!         Item::Malformed(bad) => eprintln!("{bad}"),
//!         other => println!("{other:?}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! An application using the generated crate calls `client.websocket()` on its `Client`, which
//! takes the tokens and the WebSocket address of the client's [`Environment`](crate::Environment)
//! and decodes the generated event type ([`Client::websocket`](crate::Client::websocket) for
//! any other type).
//!
//! What the stream promises:
//! - Each text (or binary) frame is a message `{"Events": [...]}`; its events are yielded one by
//!   one as [`Item::Event`], in the order they arrived. Nothing is dropped: the stream waits for
//!   the application (the connection is not read meanwhile).
//! - A message or an event that does not decode is an [`Item::Malformed`] naming its JSON path
//!   (`Events[1].State`) with the raw JSON; the other events of the message and the stream go on.
//! - The connection is kept alive with pings; a peer that answers nothing for
//!   [`Builder::keepalive`]'s timeout is treated as gone. When the connection drops (closed by
//!   the server, a network or protocol error, an unresponsive peer), the stream yields
//!   [`Item::Disconnected`], reconnects with exponential backoff and full jitter
//!   ([`ReconnectPolicy`]), then yields [`Item::Reconnected`] saying since when events may have
//!   been missed, so the application re-syncs instead of losing data silently.
//! - An `Err` is always the stream's last item: a handshake refused for good ([`Error::Rejected`]:
//!   401/403, another 4xx but 408/429, a redirect) or the reconnect attempts running out
//!   ([`Error::GaveUp`]).
//! - Dropping the stream (or [`EventStream::close`]) ends the connection with a close frame.
//! - The tokens only travel in the handshake's `Cookie` header; `Debug`, errors and `tracing`
//!   output never contain them.

mod backoff;
mod builder;
mod decode;
mod error;
mod handshake;
mod item;
mod observe;
mod session;
mod stream;

pub use backoff::ReconnectPolicy;
pub use builder::Builder;
pub use error::{ConnectError, Error, GaveUp, Rejected};
pub use item::{Disconnected, DropReason, Item, Malformed, Reconnected};
pub use stream::EventStream;

/// The TLS crate the client uses, for [`Builder::tls_config`] at the version this crate uses.
pub use tokio_rustls::rustls;
