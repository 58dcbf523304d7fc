//! mews-codegen: an OpenAPI 3.0 generator of typed Rust bindings for body-authenticated,
//! cursor-paginated APIs, made for the Mews Connector API.
//!
//! The pipeline: [`parse`] (YAML → `openapiv3`) → [`ir`] (checked types and operations) →
//! [`emit`] (Rust files in memory) → [`output`] (written, or compared for `check`).

mod case;
pub mod crosscheck;
pub mod diff;
pub mod emit;
pub mod error;
pub mod fingerprint;
pub mod import;
pub mod ir;
pub mod json;
pub mod manifest;
pub mod output;
pub mod parse;
pub mod refresh;
pub mod roundtrip;
pub mod threads;

pub use error::{Diagnostic, Error};
pub use output::{GeneratedFile, Generation};

/// Generates the bindings for a spec's text, entirely in memory.
///
/// `spec_label` is how the header names the spec (e.g. `spec/connector.yaml`).
pub fn generate(spec_text: &str, spec_label: &str) -> Result<Generation, Error> {
    let spec = parse::parse(spec_text)?;
    let api = ir::lower(&spec)?;
    generate_deferred(&api, spec_label, || Ok(fingerprint::of_text(spec_text)))
}

/// Generates the bindings for an API already lowered (an import's own reading of the spec it
/// writes): the same files as [`generate`] of the spec's text, whose fingerprint `fingerprint`
/// gives when `lib.rs` is rendered (the modules are rendered before it is asked for).
pub fn generate_deferred(
    api: &ir::Api,
    spec_label: &str,
    fingerprint: impl FnOnce() -> Result<String, Error> + Send,
) -> Result<Generation, Error> {
    let files = emit::emit(api, spec_label, fingerprint)?;
    Ok(Generation {
        files,
        features: manifest::block(api),
    })
}
