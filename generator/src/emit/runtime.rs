//! What the generated crate takes from the runtime crate (`runtime/`, `mews-connector-runtime`):
//! the part of the client that does not depend on the spec.

/// The runtime crate's name as the generated code writes it; `lib.rs` re-exports it as `runtime`.
pub const CRATE: &str = "mews_connector_runtime";

/// Runtime items re-exported at the crate root. `Client` and `ClientBuilder` are not among them:
/// the generated crate defines its own `Client` (see `lib_rs`).
pub const ROOT_EXPORTS: &[&str] = &[
    "ApiError",
    "ApiErrorKind",
    "Attempts",
    "CallOptions",
    "ConfigError",
    "DecodeError",
    "EncodeError",
    "Environment",
    "Error",
    "HybridId",
    "IntervalUnit",
    "ItemError",
    "Limit",
    "LimitError",
    "MaxInterval",
    "PageError",
    "PageProblem",
    "Paged",
    "RateLimit",
    "Raw",
    "RawJson",
    "RetryPolicy",
    "TimeoutError",
    "TimeoutLimit",
    "TransportError",
    "UnknownArm",
    "UpdateValue",
];

/// Crates whose types the generated API uses (`uuid::Uuid`, `chrono::DateTime`,
/// `rust_decimal::Decimal`, `serde_json::Value`), re-exported at the root so that applications
/// name them at the crate's versions. Every generated crate depends on them.
pub const DEPENDENCY_EXPORTS: &[&str] = &["chrono", "rust_decimal", "serde_json", "uuid"];

/// The runtime's own dependencies applications need: `futures_util` (`StreamExt`/`TryStreamExt`
/// on the paged streams) and `reqwest` (`ClientBuilder::http_client`, `Raw::headers`).
pub const RUNTIME_DEPENDENCY_EXPORTS: &[&str] = &["futures_util", "reqwest"];
