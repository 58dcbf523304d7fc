//! The hand-written runtime of `mews-connector`: transport, errors, retries, rate limiting,
//! pagination, the serde helpers the generated unions and enums use, and the WebSocket client
//! (module `websocket`, cargo feature `websocket`). None of it depends on the spec; the generated
//! crate depends on this one and re-exports it as `mews_connector::runtime`.

mod client;
mod decode_struct;
mod envelope;
mod error;
pub mod exact;
mod observe;
mod open_enum;
mod options;
mod pagination;
mod rate_limit;
mod raw_json;
mod retry;
mod transport;
mod union;
mod update_value;
#[cfg(feature = "websocket")]
pub mod websocket;

/// The HTTP client crate, for [`ClientBuilder::http_client`] and [`Raw::headers`] at the
/// version this crate uses.
pub use reqwest;

pub use client::*;
pub use decode_struct::*;
pub use envelope::{ApiClient, Envelope, EnvelopeField};
pub use error::*;
pub use exact::{set_exact_field, Exact, ExactDecimal, ExactSeed};
pub use open_enum::*;
pub use options::*;
pub use pagination::*;
pub use rate_limit::*;
pub use raw_json::RawJson;
pub use retry::*;
pub use transport::{decode_json, JsonPathError};
pub use union::*;
pub use update_value::*;
