//! Parse: the spec's YAML text into `openapiv3::OpenAPI`, plus the raw tree.
//!
//! The raw tree is kept because OpenAPI 3.0 drops every key beside a `$ref` (`description`,
//! `nullable`, `deprecated`, vendor extensions); the lowering reads those from it rather than
//! silently losing them.

use crate::error::{Diagnostic, Error, Location};

/// A parsed spec.
pub struct Spec {
    pub openapi: openapiv3::OpenAPI,
    pub raw: serde_json::Value,
}

/// Parses YAML (or JSON, which is YAML) into a spec.
pub fn parse(text: &str) -> Result<Spec, Error> {
    let raw: serde_json::Value = yaml_serde::from_str(text).map_err(syntax_error)?;
    if !raw.is_object() {
        return Err(Diagnostic::plain("the spec is not a YAML mapping").into());
    }
    // openapiv3 2.2's `ReferenceOr` deserializer can panic (an `expect`) on input it rejects
    // once and accepts on retry; that is bad input, reported as such rather than a crash.
    let openapi: openapiv3::OpenAPI =
        std::panic::catch_unwind(|| yaml_serde::from_str::<openapiv3::OpenAPI>(text))
            .map_err(|_| {
                Error::one(Diagnostic::plain(
                    "invalid spec: openapiv3 could not read it (a schema or reference has an unexpected shape)",
                ))
            })?
            .map_err(syntax_error)?;
    if !openapi.openapi.starts_with("3.0") {
        return Err(Diagnostic::at(
            "#/openapi",
            format!(
                "OpenAPI version {} is not supported (3.0.x only)",
                openapi.openapi
            ),
        )
        .into());
    }
    Ok(Spec { openapi, raw })
}

fn syntax_error(error: yaml_serde::Error) -> Error {
    let location = error.location().map(|at| Location::Line {
        line: at.line(),
        column: at.column(),
    });
    Error::one(Diagnostic {
        location,
        message: format!("invalid spec: {error}"),
    })
}
