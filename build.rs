//! Keeps `generated/` in sync with `spec/`.
//!
//! `generated/lib.rs` records the fingerprint of the spec it was generated from. When the spec
//! has changed since, the build fails naming the command that regenerates the bindings, or, with
//! the `regenerate` feature, regenerates them itself. Applications that depend on this crate
//! build none of the generator: this script only hashes one file.

use std::path::Path;
use std::process::ExitCode;

#[path = "generator/src/fingerprint.rs"]
mod fingerprint;

const SPEC: &str = "spec/connector.yaml";
const LIB: &str = "generated/lib.rs";
const REGENERATE: &str = "cargo run -p mews-codegen -- generate";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={LIB}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A packaged copy of the crate may ship without the spec; then there is nothing to compare.
    let Ok(spec) = std::fs::read_to_string(root.join(SPEC)) else {
        return ExitCode::SUCCESS;
    };
    let expected = fingerprint::of_text(&spec);
    let lib = std::fs::read_to_string(root.join(LIB)).unwrap_or_default();
    let recorded = fingerprint::recorded_in(&lib);
    if recorded == Some(expected.as_str()) {
        return ExitCode::SUCCESS;
    }
    regenerate_or_fail(root, &spec, recorded, &expected)
}

#[cfg(feature = "regenerate")]
fn regenerate_or_fail(root: &Path, spec: &str, _: Option<&str>, _: &str) -> ExitCode {
    let generation = match mews_codegen::generate(spec, SPEC) {
        Ok(generation) => generation,
        Err(error) => {
            eprintln!("error: {SPEC} was rejected, generated/ left as it was:\n{error}");
            return ExitCode::FAILURE;
        }
    };
    // The features block of Cargo.toml is not rewritten from here (a build script must not edit
    // its own manifest); when the resources changed, say what to run instead.
    match generation.check_manifest(&root.join("Cargo.toml")) {
        Ok(None) => {}
        Ok(Some(drift)) => {
            eprintln!(
                "error: the resources in {SPEC} changed, so the features block of Cargo.toml is \
                 stale:\n{drift}\nRun:\n\n    {REGENERATE}\n"
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    match generation.write(&root.join("generated")) {
        Ok(written) => {
            println!(
                "cargo:warning=regenerated {} files of generated/ from {SPEC}",
                written.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write generated/:\n{error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "regenerate"))]
fn regenerate_or_fail(_: &Path, _: &str, recorded: Option<&str>, expected: &str) -> ExitCode {
    eprintln!(
        "error: generated/ is stale: {SPEC} has fingerprint {expected}, but generated/lib.rs was \
         generated from {}.\n\
         Regenerate the bindings with:\n\n    {REGENERATE}\n\n\
         (or build with `--features regenerate`).",
        recorded.unwrap_or("no recorded spec")
    );
    ExitCode::FAILURE
}
