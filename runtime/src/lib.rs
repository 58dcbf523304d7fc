//! The hand-written runtime of `mews-connector`: transport, errors, retries, rate limiting,
//! pagination, and the serde helpers the generated unions and enums use. None of it depends on
//! the spec; the generated crate depends on this one and re-exports it as
//! `mews_connector::runtime`.

mod client;
mod decode_struct;
mod error;
mod observe;
mod open_enum;
mod options;
mod pagination;
mod rate_limit;
mod retry;
mod tagged;
mod transport;
mod union;
mod update_value;
mod webhook;
#[cfg(feature = "axum")]
mod webhook_axum;

/// The HTTP client crate, for [`ClientBuilder::http_client`] and [`Raw::headers`] at the
/// version this crate uses.
pub use reqwest;

/// The web framework of [`WebhookReceiver::router`] (feature `axum`), at the version this crate
/// uses, for `axum::serve` and for nesting the router in an application's own.
#[cfg(feature = "axum")]
pub use axum;

pub use client::*;
pub use decode_struct::*;
pub use error::*;
pub use open_enum::*;
pub use options::*;
pub use pagination::*;
pub use rate_limit::*;
pub use retry::*;
pub use tagged::*;
pub use transport::{decode_json, JsonPathError};
pub use union::*;
pub use update_value::*;
pub use webhook::*;
