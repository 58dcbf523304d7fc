//! The fast YAML readers (json/yaml.rs, json/yaml_block.rs) take the specs this project reads,
//! and read them as yaml_serde does: the committed spec always, Mews' official spec when
//! ../shared is beside the repository (.ci/run). Both fast paths are held to it: the line reader
//! (which takes these specs first) and saphyr's events (which take what it leaves).

use std::path::Path;

use mews_codegen::json::{yaml, Value};

fn takes_and_agrees(path: &Path) {
    let text = std::fs::read_to_string(path).expect("readable");
    let fast = yaml::read(&text)
        .unwrap_or_else(|| panic!("{}: the fast path left it to yaml_serde", path.display()));
    let slow: Value = yaml_serde::from_str(&text).expect("yaml_serde reads it");
    assert!(fast == slow, "{}: the two readers disagree", path.display());
    let lines = yaml::read_lines(&text)
        .unwrap_or_else(|| panic!("{}: the line reader left it", path.display()));
    assert!(
        lines == slow,
        "{}: the line reader disagrees",
        path.display()
    );
    let events = yaml::read_events(&text)
        .unwrap_or_else(|| panic!("{}: saphyr's events left it", path.display()));
    assert!(
        events == slow,
        "{}: saphyr's events disagree",
        path.display()
    );
}

#[test]
fn the_committed_spec_is_read_by_the_fast_path_as_by_yaml_serde() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    takes_and_agrees(&root.join("spec/connector.yaml"));
}

#[test]
fn mews_official_spec_is_read_by_the_fast_path_as_by_yaml_serde() {
    let openapi = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi");
    let Ok(entries) = std::fs::read_dir(&openapi) else {
        eprintln!("{} not found: skipped (run in .ci/run)", openapi.display());
        return;
    };
    let mut read = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "yaml") {
            takes_and_agrees(&path);
            read += 1;
        }
    }
    assert!(read > 0, "no spec in {}", openapi.display());
}
