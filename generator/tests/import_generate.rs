//! `import --generate DIR`: the bindings generated from the import's own reading of the spec it
//! writes are the files `generate` writes from that spec's text, byte for byte (headers and the
//! lib.rs fingerprint included), and the features block of the manifest is the same.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mews_codegen::import::{self, docs::Docs, Options};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs the CLI in `dir`, so that the labels the headers print are relative as in a repository.
fn codegen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run mews-codegen")
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("read"))
        })
        .collect()
}

fn manifest(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!(
        "[package]\nname = \"w\"\n\n[features]\n{}\n{}\n",
        mews_codegen::manifest::BEGIN,
        mews_codegen::manifest::END
    );
    std::fs::write(&path, text).expect("write");
    path
}

/// Imports with `--generate`, generates from the written spec, and compares both outputs.
fn same_as_generate(source: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    manifest(dir, "one.toml");
    manifest(dir, "two.toml");
    let mut args = vec!["import"];
    args.extend_from_slice(source);
    args.extend_from_slice(&[
        "--out",
        "spec/api.yaml",
        "--generate",
        "one",
        "--manifest",
        "one.toml",
    ]);
    std::fs::create_dir(dir.join("spec")).expect("mkdir");
    let imported = codegen(dir, &args);
    let stdout = String::from_utf8_lossy(&imported.stdout);
    assert_eq!(imported.status.code(), Some(0), "{imported:?}");
    assert!(
        stdout.contains("wrote spec/api.yaml") && stdout.contains("files in one ("),
        "{stdout}"
    );
    let generated = codegen(
        dir,
        &[
            "generate",
            "--spec",
            "spec/api.yaml",
            "--out",
            "two",
            "--manifest",
            "two.toml",
        ],
    );
    assert_eq!(generated.status.code(), Some(0), "{generated:?}");
    let (one, two) = (files(&dir.join("one")), files(&dir.join("two")));
    assert!(
        one.contains_key("lib.rs") && one.len() > 2,
        "{:?}",
        one.keys()
    );
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, text) in &one {
        assert!(text == &two[name], "{name} differs from `generate`'s");
    }
    let block = |name: &str| std::fs::read_to_string(dir.join(name)).expect("read");
    assert!(block("one.toml").contains("all-resources = ["));
    assert_eq!(block("one.toml"), block("two.toml"));
}

#[test]
fn generating_from_an_import_of_the_docs_writes_what_generate_writes() {
    let docs = fixtures().join("docs");
    same_as_generate(&["--docs", docs.to_str().unwrap()]);
}

#[test]
fn generating_from_an_import_of_an_openapi_spec_writes_what_generate_writes() {
    let spec = fixtures().join("openapi/gadgets.yaml");
    same_as_generate(&["--openapi", spec.to_str().unwrap()]);
}

#[test]
fn the_generation_in_memory_is_the_generation_of_the_written_text() {
    let docs = Docs::load(&fixtures().join("docs")).expect("docs");
    let options = Options {
        generate_as: Some("spec/fixture.yaml".to_owned()),
        ..Options::default()
    };
    let imported = import::run(&docs, &options, "fixture-docs").expect("import");
    assert!(imported.rejected.is_none(), "{:?}", imported.rejected);
    let generation = imported.generation.expect("generated with the import");
    let expected = mews_codegen::generate(&imported.spec, "spec/fixture.yaml").expect("generate");
    assert_eq!(generation.files, expected.files);
    assert_eq!(generation.features, expected.features);
    // Without `generate_as` nothing is generated, with or without the check.
    for check_generation in [false, true] {
        let options = Options {
            check_generation,
            ..Options::default()
        };
        let imported = import::run(&docs, &options, "fixture-docs").expect("import");
        assert!(imported.generation.is_none() && imported.rejected.is_none());
    }
}

#[test]
fn a_manifest_without_a_generation_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = fixtures().join("docs");
    let output = codegen(
        dir.path(),
        &[
            "import",
            "--docs",
            docs.to_str().unwrap(),
            "--out",
            "api.yaml",
            "--manifest",
            "Cargo.toml",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--generate <DIR>"));
    assert!(!dir.path().join("api.yaml").exists(), "nothing written");
}
