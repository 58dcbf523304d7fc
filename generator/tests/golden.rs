//! Golden files: the code emitted for `fixtures/widgets.yaml` (an enum, a struct, a sibling
//! union, an adjacent union, a paginated and a deprecated operation, every kind of limit) is
//! checked in under
//! `golden/` (with the features block of the manifest as `features.toml`), so every change to
//! the emitter is visible in review.
//!
//! After an intended change: `BLESS=1 cargo test -p mews-codegen --test golden`.

use std::path::Path;

#[test]
fn emitted_code_matches_the_golden_files() {
    let compared = compare("widgets.yaml", "golden");
    assert_eq!(
        compared, 4,
        "lib.rs, root-exports.rs, widgets.rs and the features block are golden"
    );
}

/// The events fixture (webhooks, a WebSocket, the three union layouts, entities): every file.
#[test]
fn emitted_events_match_the_golden_files() {
    let compared = compare("events.yaml", "golden/events");
    assert_eq!(
        compared, 8,
        "six modules, the root exports and the features block are golden"
    );
}

/// Compares (or, with `BLESS`, writes) every file generated from `fixtures/{fixture}` with
/// `tests/{golden}/`; returns how many it compared.
fn compare(fixture: &str, golden_dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let spec = std::fs::read_to_string(root.join("fixtures").join(fixture)).expect("fixture");
    let generation = mews_codegen::generate(&spec, &format!("tests/fixtures/{fixture}"))
        .expect("fixture spec is valid");
    let bless = std::env::var_os("BLESS").is_some();
    let mut compared = 0;
    // The manifest's features block is golden too, as `features.toml`.
    let features = mews_codegen::GeneratedFile {
        path: "features.toml".to_owned(),
        contents: generation.features.clone(),
    };
    for file in generation.files.iter().chain([&features]) {
        let golden = root.join(golden_dir).join(&file.path);
        if bless {
            std::fs::create_dir_all(root.join(golden_dir)).expect("golden directory");
            std::fs::write(&golden, &file.contents).expect("write golden file");
            compared += 1;
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!("{}: {e} (run with BLESS=1 to create it)", golden.display())
        });
        if expected != file.contents {
            let line = expected
                .lines()
                .zip(file.contents.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| expected.lines().count().min(file.contents.lines().count()))
                + 1;
            panic!(
                "{} differs from the emitted code at line {line}; review the change and run with BLESS=1",
                golden.display()
            );
        }
        compared += 1;
    }
    compared
}

/// The same spec twice gives byte-identical output.
#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for spec in ["tests/fixtures/widgets.yaml", "../spec/connector.yaml"] {
        let text = std::fs::read_to_string(root.join(spec)).expect("spec");
        let first = mews_codegen::generate(&text, spec).expect("valid");
        let second = mews_codegen::generate(&text, spec).expect("valid");
        assert_eq!(first, second, "{spec}: two runs differ");
    }
}
