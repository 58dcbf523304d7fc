//! `import --names FILE`: the names file is created, read back and written with what is new; a
//! bad one is refused before anything is written.

use std::process::{Command, Output};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

#[test]
fn the_names_file_is_written_then_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/metamorphic/docs"
    );
    let names = dir.path().join("names.yaml");
    let out = dir.path().join("out.yaml");
    let (names_arg, out_arg) = (names.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let first = codegen(&[
        "import", "--docs", docs, "--out", out_arg, "--names", names_arg,
    ]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        String::from_utf8_lossy(&first.stdout).contains(" (25 new)"),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    let written = std::fs::read_to_string(&names).expect("names written");
    assert!(written.starts_with(mews_codegen::import::stable::HEADER));
    assert!(
        written.contains("operations/teapots.md#kettle-state: KettleState"),
        "{written}"
    );
    let spec = std::fs::read_to_string(&out).expect("spec");

    let second = codegen(&[
        "import", "--docs", docs, "--out", out_arg, "--names", names_arg,
    ]);
    assert_eq!(second.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&second.stdout).contains(" (0 new)"));
    assert_eq!(std::fs::read_to_string(&names).expect("names"), written);
    assert_eq!(std::fs::read_to_string(&out).expect("spec"), spec);

    // A name edited on purpose is what the next import gives.
    std::fs::write(
        &names,
        written.replace(": TimeInterval\n", ": UpdateWindow\n"),
    )
    .expect("edit");
    let renamed = codegen(&[
        "import", "--docs", docs, "--out", out_arg, "--names", names_arg,
    ]);
    assert_eq!(renamed.status.code(), Some(0));
    let spec = std::fs::read_to_string(&out).expect("spec");
    assert!(spec.contains("    UpdateWindow:") && !spec.contains("    TimeInterval:"));
}

#[test]
fn a_bad_names_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/metamorphic/docs"
    );
    let names = dir.path().join("names.yaml");
    std::fs::write(&names, "format: 1\ndocs: {a.md#b: not a name}\n").expect("write");
    let out = dir.path().join("out.yaml");
    let output = codegen(&[
        "import",
        "--docs",
        docs,
        "--out",
        out.to_str().expect("utf-8"),
        "--names",
        names.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("names.yaml") && stderr.contains("is not a type name"),
        "{stderr}"
    );
    assert!(!out.exists());
}
