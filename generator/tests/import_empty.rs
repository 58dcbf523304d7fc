//! An import that finds no operation exits 2, says what it looked for, and writes nothing;
//! `--strict` refuses (exit 1, nothing written) an import that skipped a page or a table.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/empty")
        .join(name)
        .display()
        .to_string()
}

/// Runs `import` with `args` and `--out` in a fresh folder holding an earlier import; returns
/// the output and whether that folder is exactly as it was.
fn import_into_existing(args: &[&str]) -> (Output, bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out: PathBuf = dir.path().join("spec.yaml");
    let earlier = format!(
        "{}\nopenapi: 3.0.3\n",
        mews_codegen::import::spec_writer::HEADER
    );
    std::fs::write(&out, &earlier).expect("write");
    let mut full: Vec<&str> = args.to_vec();
    let out_arg = out.display().to_string();
    full.extend(["--out", &out_arg]);
    let output = codegen(&full);
    let entries = std::fs::read_dir(dir.path()).expect("read dir").count();
    let untouched = entries == 1 && std::fs::read_to_string(&out).expect("read") == earlier;
    (output, untouched)
}

fn assert_empty_refused(args: &[&str], expected: &[&str]) {
    let (output, untouched) = import_into_existing(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    for needle in ["no operation imported; nothing was written"]
        .iter()
        .chain(expected)
    {
        assert!(
            stderr.contains(needle),
            "{args:?}: `{needle}` not in:\n{stderr}"
        );
    }
    assert!(untouched, "{args:?}: the output folder changed");
}

#[test]
fn another_apis_docs_name_the_address_lines_expected_and_found() {
    let docs = fixture("distributor");
    for strict in [false, true] {
        let mut args = vec!["import", "--docs", &docs];
        if strict {
            args.push("--strict");
        }
        assert_empty_refused(
            &args,
            &[
                "distributor: ",
                "`[PlatformAddress]/api/connector/v1/<resource>/<action>`",
                "operations/hotels.md:11: skipped: operation `Get hotel`: its address \
                 `[ApiBaseUrl]/api/distributor/v1/hotels/get`",
            ],
        );
    }
}

#[test]
fn a_docs_folder_without_operation_pages_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("operations")).expect("mkdir");
    let docs = dir.path().display().to_string();
    assert_empty_refused(
        &["import", "--docs", &docs],
        &["`[PlatformAddress]/api/connector/v1/<resource>/<action>`"],
    );
    // Only a page of prose: the page itself is named as skipped.
    std::fs::write(
        dir.path().join("operations/about.md"),
        "# About\n\nNothing to call here.\n",
    )
    .expect("write");
    assert_empty_refused(
        &["import", "--docs", &docs],
        &["operations/about.md: skipped: page without an operation section"],
    );
}

#[test]
fn an_openapi_spec_without_connector_operations_is_refused() {
    let spec = fixture("openapi-get.yaml");
    assert_empty_refused(
        &["import", "--openapi", &spec],
        &[
            "openapi-get.yaml: ",
            "`post` operations under `paths` at `/api/connector/v1/<resource>/<action>`",
            "skipped: #/paths/~1pets/get: a `get` operation",
            "`pets_add`: the path does not start with /api/connector/v1/",
        ],
    );
}

#[test]
fn only_selecting_nothing_is_refused() {
    let docs = fixture("mixed");
    assert_empty_refused(
        &["import", "--docs", &docs, "--only", "balloons"],
        &["--only balloons selected none of those found"],
    );
}

#[test]
fn strict_refuses_a_skipped_page_and_table_and_writes_nothing() {
    let docs = fixture("mixed");
    let (lenient, written) = import_into_existing(&["import", "--docs", &docs]);
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    assert_eq!(lenient.status.code(), Some(0), "{stderr}");
    assert!(!written, "without --strict the spec is written");
    assert!(
        stderr.contains("operations/flying.md: skipped: page without an operation section")
            && stderr
                .contains("operations/flying.md:7: skipped: table with columns `Wind | Advice`"),
        "{stderr}"
    );
    let (strict, untouched) = import_into_existing(&["import", "--docs", &docs, "--strict"]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--strict: 2 skipped, 0 degraded; nothing was written"),
        "{stderr}"
    );
    assert!(untouched, "--strict wrote the output");
}
