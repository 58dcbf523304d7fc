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
    "ItemError",
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
