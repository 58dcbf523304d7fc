//! The committed bindings are what the committed spec generates (the `check` command, as a
//! test): fails naming each stale file, or a stale features block in `Cargo.toml`, and its first
//! differing line.

use std::path::Path;

#[test]
fn generated_bindings_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read_to_string(root.join("spec/connector.yaml")).expect("spec");
    let generation =
        mews_codegen::generate(&spec, "spec/connector.yaml").expect("the spec is valid");
    let drifts = generation
        .check(&root.join("generated"))
        .expect("read generated/");
    let mut report: Vec<String> = drifts
        .iter()
        .map(|drift| format!("generated/{drift}"))
        .collect();
    let manifest = generation
        .check_manifest(&root.join("Cargo.toml"))
        .expect("Cargo.toml has the features block");
    report.extend(manifest.map(|drift| drift.to_string()));
    assert!(
        report.is_empty(),
        "generated/ or Cargo.toml is stale; run `cargo run -p mews-codegen -- generate`:\n{}",
        report.join("\n")
    );
}
