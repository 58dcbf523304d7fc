//! The hand-written runtime, copied verbatim into `generated/runtime/`: the part of the client
//! that does not depend on the spec.

/// `(file name, contents)` of every runtime file.
pub const FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../templates/runtime/mod.rs")),
    (
        "client.rs",
        include_str!("../../templates/runtime/client.rs"),
    ),
    ("error.rs", include_str!("../../templates/runtime/error.rs")),
    (
        "observe.rs",
        include_str!("../../templates/runtime/observe.rs"),
    ),
    (
        "options.rs",
        include_str!("../../templates/runtime/options.rs"),
    ),
    (
        "pagination.rs",
        include_str!("../../templates/runtime/pagination.rs"),
    ),
    (
        "rate_limit.rs",
        include_str!("../../templates/runtime/rate_limit.rs"),
    ),
    ("retry.rs", include_str!("../../templates/runtime/retry.rs")),
    (
        "transport.rs",
        include_str!("../../templates/runtime/transport.rs"),
    ),
    (
        "open_enum.rs",
        include_str!("../../templates/runtime/open_enum.rs"),
    ),
    ("union.rs", include_str!("../../templates/runtime/union.rs")),
    (
        "update_value.rs",
        include_str!("../../templates/runtime/update_value.rs"),
    ),
];

/// Runtime items re-exported at the crate root.
pub const ROOT_EXPORTS: &[&str] = &[
    "ApiError",
    "ApiErrorKind",
    "Client",
    "ClientBuilder",
    "ConfigError",
    "DecodeError",
    "EncodeError",
    "Environment",
    "Error",
    "RateLimit",
    "RetryPolicy",
    "TimeoutError",
    "TransportError",
    "UnknownArm",
    "UpdateValue",
];
