//! The hand-written runtime of `mews-connector`: transport, errors, retries, rate limiting,
//! pagination, the serde helpers the generated unions and enums use, and the WebSocket client
//! (module `websocket`, cargo feature `websocket`). None of it depends on the spec; the generated
//! crate depends on this one and re-exports it as `mews_connector::runtime`.

mod client;
mod decode_struct;
mod envelope;
mod error;
pub mod exact;
mod hybrid_id;
mod interval;
mod limits;
mod observe;
mod open_enum;
mod options;
mod pagination;
mod rate_limit;
mod raw_json;
mod retry;
pub mod split;
mod tagged;
mod transport;
mod union;
mod update_value;
mod webhook;
#[cfg(feature = "axum")]
mod webhook_axum;
#[cfg(feature = "websocket")]
pub mod websocket;

/// The HTTP client crate, for [`ClientBuilder::http_client`] and [`Raw::headers`] at the
/// version this crate uses.
pub use reqwest;

/// The web framework of [`WebhookReceiver::router`] (feature `axum`), at the version this crate
/// uses, for `axum::serve` and for nesting the router in an application's own.
#[cfg(feature = "axum")]
pub use axum;
/// The stream combinators (`StreamExt::next`, `TryStreamExt::try_next`) for [`Paged`] streams,
/// at the version this crate uses.
pub use futures_util;

pub use client::*;
pub use decode_struct::*;
pub use envelope::{ApiClient, Envelope, EnvelopeField};
pub use error::*;
pub use exact::{set_exact_field, Exact, ExactDecimal, ExactSeed};
pub use hybrid_id::*;
pub use interval::*;
pub use limits::*;
pub use open_enum::*;
pub use options::*;
pub use pagination::*;
pub use rate_limit::*;
pub use raw_json::RawJson;
pub use retry::*;
pub use split::{IntervalFilter, ItemKey, ItemList, Part, SplitFilter, SplitKind};
pub use tagged::*;
pub use transport::{decode_json, JsonPathError};
pub use union::*;
pub use update_value::*;
pub use webhook::*;
