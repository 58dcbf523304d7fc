//! The committed bindings are what the committed spec generates (the `check` command, as a
//! test): fails naming each stale file and its first differing line.

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
    let report: Vec<String> = drifts
        .iter()
        .map(|drift| format!("generated/{drift}"))
        .collect();
    assert!(
        report.is_empty(),
        "generated/ is stale; run `cargo run -p mews-codegen -- generate`:\n{}",
        report.join("\n")
    );
}
