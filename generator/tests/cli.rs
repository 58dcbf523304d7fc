//! The CLI on bad input: exit 2, a message naming where in the spec, and nothing written.
//! And `check`: exit 1 naming each stale file, 0 when fresh.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = include_str!("fixtures/widgets.yaml");

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// Generates the fixture into a fresh directory, then runs `generate` on `spec`.
fn generate_bad(spec: &str) -> (Output, bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.yaml");
    let bad = dir.path().join("bad.yaml");
    let out = dir.path().join("generated");
    std::fs::write(&good, FIXTURE).expect("write");
    std::fs::write(&bad, spec).expect("write");
    let first = codegen(&[
        "generate",
        "--spec",
        good.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&out);
    let output = codegen(&[
        "generate",
        "--spec",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let unchanged = snapshot(&out) == before;
    (output, unchanged)
}

fn assert_rejected(case: &str, spec: &str, expected: &[&str]) {
    assert_ne!(spec, FIXTURE, "{case}: the mutation did not apply");
    let (output, unchanged) = generate_bad(spec);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{case}: exit code; stderr:\n{stderr}"
    );
    for needle in expected {
        assert!(
            stderr.contains(needle),
            "{case}: `{needle}` not in:\n{stderr}"
        );
    }
    assert!(stderr.contains("nothing was written"), "{case}: {stderr}");
    assert!(unchanged, "{case}: the output directory changed");
    println!(
        "{case}: rejected as expected: {}",
        stderr.lines().nth(1).unwrap_or_default()
    );
}

#[test]
fn dangling_ref() {
    let spec = FIXTURE.replace(
        "Color: { $ref: '#/components/schemas/WidgetColor' }",
        "Color: { $ref: '#/components/schemas/Colour' }",
    );
    assert_rejected(
        "dangling $ref",
        &spec,
        &[
            "#/components/schemas/Widget/properties/Color",
            "dangling $ref",
            "Colour",
        ],
    );
}

#[test]
fn unsupported_construct() {
    let spec = FIXTURE.replace(
        "Tags: { type: array, items: { type: string } }",
        "Tags: { oneOf: [{ type: string }, { type: integer }] }",
    );
    assert_rejected(
        "oneOf",
        &spec,
        &[
            "#/components/schemas/Widget/properties/Tags",
            "unsupported construct",
        ],
    );
}

#[test]
fn name_collision_after_case_conversion() {
    let spec = FIXTURE.replace(
        "    Circle:\n      type: object",
        "    circle:\n      type: string\n    Circle:\n      type: object",
    );
    assert_rejected(
        "name collision",
        &spec,
        &["#/components/schemas/Circle", "name collision", "`Circle`"],
    );
}

#[test]
fn field_collision_after_case_conversion() {
    let spec = FIXTURE.replace(
        "Count: { type: integer, format: int32 }\n        Color",
        "Count: { type: integer, format: int32 }\n        count: { type: string }\n        Color",
    );
    assert_rejected(
        "field collision",
        &spec,
        &[
            "#/components/schemas/Widget/properties/count",
            "both become the field `count`",
        ],
    );
}

#[test]
fn invalid_identifier() {
    let spec = FIXTURE.replace("Tags: { type: array", "Tag-List: { type: array");
    assert_rejected(
        "invalid identifier",
        &spec,
        &[
            "#/components/schemas/Widget/properties/Tag-List",
            "not a valid identifier",
        ],
    );
}

#[test]
fn duplicate_operation_id() {
    let spec = FIXTURE.replace(
        "  /api/v1/widgets/update:",
        "  /api/v2/widgets/getAll:\n    post:\n      operationId: widgets_getAll\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/WidgetFilter' }\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/WidgetPage' }\n  /api/v1/widgets/update:",
    );
    assert_rejected(
        "duplicate operationId",
        &spec,
        &[
            "#/paths/~1api~1v2~1widgets~1getAll/post/operationId",
            "duplicate operationId `widgets_getAll`",
        ],
    );
}

#[test]
fn yaml_syntax_error() {
    let spec = FIXTURE.replace("  title: Widgets API", "  title: [Widgets API");
    assert_rejected("YAML syntax", &spec, &["line "]);
}

#[test]
fn union_arms_must_match_the_discriminator_enum() {
    let spec = FIXTURE.replace(
        "      enum: [Circle, Square]",
        "      enum: [Circle, Square, Triangle]",
    );
    assert_rejected(
        "union arms",
        &spec,
        &["#/components/schemas/WidgetShape/x-union/arms", "Triangle"],
    );
}

#[test]
fn dated_operation_id_must_match_its_path() {
    let spec = FIXTURE.replace(
        "operationId: widgets_update",
        "operationId: widgets_update_2024_01_01",
    );
    assert_rejected(
        "dated operationId",
        &spec,
        &["expected it to end in `/widgets/update/2024-01-01`"],
    );
}

#[test]
fn paginated_request_needs_a_required_limitation() {
    let spec = FIXTURE.replace(
        "required: [ClientToken, AccessToken, Client, Limitation]",
        "required: [ClientToken, AccessToken, Client]",
    );
    assert_rejected(
        "optional Limitation",
        &spec,
        &[
            "widgets~1getAll/post/x-pagination",
            "`WidgetFilter` must list `Limitation` as required",
        ],
    );
}

#[test]
fn undeclared_union_layout_is_an_error() {
    let spec = FIXTURE.replace("layout: adjacent", "layout: nested");
    assert_rejected(
        "union layout",
        &spec,
        &[
            "#/components/schemas/WidgetEvent/x-union/layout",
            "unknown union layout `nested`",
        ],
    );
}

#[test]
fn sibling_ref_keys_are_not_silently_dropped() {
    let spec = FIXTURE.replace(
        "Color: { $ref: '#/components/schemas/WidgetColor' }",
        "Color: { $ref: '#/components/schemas/WidgetColor', maxLength: 3 }",
    );
    assert_rejected(
        "key beside $ref",
        &spec,
        &[
            "#/components/schemas/Widget/properties/Color",
            "`maxLength` beside `$ref`",
        ],
    );
}

#[test]
fn check_names_stale_and_fresh_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("widgets.yaml");
    let out = dir.path().join("generated");
    std::fs::write(&spec, FIXTURE).expect("write");
    let (spec, out) = (spec.to_str().unwrap(), out.to_str().unwrap());
    assert!(codegen(&["generate", "--spec", spec, "--out", out])
        .status
        .success());
    let fresh = codegen(&["check", "--spec", spec, "--out", out]);
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );

    let edited = Path::new(out).join("widgets.rs");
    let text = std::fs::read_to_string(&edited).expect("read");
    std::fs::write(
        &edited,
        text.replacen(
            "pub struct Widget {",
            "pub struct Widget {\n    pub extra: u8,",
            1,
        ),
    )
    .expect("write");
    std::fs::write(Path::new(out).join("notes.rs"), "// added by hand\n").expect("write");
    let stale = codegen(&["check", "--spec", spec, "--out", out]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("widgets.rs:") && stderr.contains("pub extra: u8"),
        "{stderr}"
    );
    assert!(stderr.contains("notes.rs: not generated"), "{stderr}");

    // `generate` repairs both.
    assert!(codegen(&["generate", "--spec", spec, "--out", out])
        .status
        .success());
    assert_eq!(
        codegen(&["check", "--spec", spec, "--out", out])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(codegen(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(codegen(&["generate", "--spec"]).status.code(), Some(2));
    assert_eq!(
        codegen(&["check", "--spec", "/nonexistent/spec.yaml"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_features_block_of_the_manifest_is_generated_and_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("widgets.yaml");
    let out = dir.path().join("src");
    let manifest = dir.path().join("Cargo.toml");
    std::fs::write(&spec, FIXTURE).expect("write");
    let markers = format!(
        "[package]\nname = \"w\"\n\n[features]\n{}\n{}\nextra = []\n",
        mews_codegen::manifest::BEGIN,
        mews_codegen::manifest::END
    );
    std::fs::write(&manifest, &markers).expect("write");
    let (spec, out) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let generated = codegen(&["generate", "--spec", spec, "--out", out]);
    assert!(generated.status.success(), "{generated:?}");
    let text = std::fs::read_to_string(&manifest).expect("read");
    assert!(
        text.contains("all-resources = [\n    \"widgets\",\n]\nwidgets = [] # widgets: ")
            && text.ends_with("extra = []\n"),
        "{text}"
    );
    assert_eq!(
        codegen(&["check", "--spec", spec, "--out", out])
            .status
            .code(),
        Some(0)
    );

    std::fs::write(&manifest, text.replace("widgets = []", "gadgets = []")).expect("write");
    let stale = codegen(&["check", "--spec", spec, "--out", out]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Cargo.toml:") && stderr.contains("gadgets = []"),
        "{stderr}"
    );

    // A manifest without the block: an error naming it, and nothing written.
    std::fs::write(&manifest, "[package]\nname = \"w\"\n").expect("write");
    std::fs::remove_dir_all(out).expect("remove");
    let rejected = codegen(&["generate", "--spec", spec, "--out", out]);
    let stderr = String::from_utf8_lossy(&rejected.stderr);
    assert_eq!(rejected.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Cargo.toml") && stderr.contains("no line `# @generated"),
        "{stderr}"
    );
    assert!(!Path::new(out).exists(), "nothing written");
}

#[test]
fn a_closed_standard_output_ends_the_program_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("widgets.yaml");
    std::fs::write(&spec, FIXTURE).expect("write");
    // `examples` prints a whole program; the reader goes away before the first line is written
    // (parsing the spec comes first), as with `mews-codegen examples ... | head -0`.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args([
            "examples",
            "--spec",
            spec.to_str().expect("utf-8"),
            "--crate",
            "widgets",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mews-codegen");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

/// The subcommands a user can type; each answers `--help` and `--version`.
const SUBCOMMANDS: [&str; 6] = [
    "generate",
    "check",
    "import",
    "diff",
    "crosscheck",
    "examples",
];

#[test]
fn every_subcommand_answers_help_and_version() {
    for command in SUBCOMMANDS {
        let help = codegen(&[command, "--help"]);
        let stdout = String::from_utf8_lossy(&help.stdout);
        assert_eq!(help.status.code(), Some(0), "{command} --help: {help:?}");
        assert!(
            stdout.contains(&format!("Usage: mews-codegen {command}")),
            "{command} --help:\n{stdout}"
        );
        let version = codegen(&[command, "--version"]);
        assert_eq!(version.status.code(), Some(0), "{command} --version");
        assert!(
            String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")),
            "{command} --version: {version:?}"
        );
    }
    let help = codegen(&["--help"]);
    let stdout = String::from_utf8_lossy(&help.stdout);
    assert_eq!(help.status.code(), Some(0));
    for command in SUBCOMMANDS {
        assert!(stdout.contains(command), "`{command}` not in:\n{stdout}");
    }
    let version = codegen(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("mews-codegen {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn generate_help_shows_the_defaults() {
    let help = codegen(&["generate", "--help"]);
    let stdout = String::from_utf8_lossy(&help.stdout);
    assert!(
        stdout.contains("[default: spec/connector.yaml]")
            && stdout.contains("[default: generated]"),
        "{stdout}"
    );
}

#[test]
fn typos_get_a_suggestion_and_exit_2() {
    let cases: [(&[&str], &str); 4] = [
        (&["genrate"], "'generate'"),
        (&["crosschek"], "'crosscheck'"),
        (&["generate", "--sepc", "x.yaml"], "'--spec'"),
        (
            &["import", "--docs", "d", "--out", "o", "--stirct"],
            "'--strict'",
        ),
    ];
    for (args, suggestion) in cases {
        let output = codegen(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("tip: a similar") && stderr.contains(suggestion),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn missing_and_conflicting_arguments_exit_2() {
    for args in [
        &[][..],
        &["import", "--out", "x.yaml"],
        &["import", "--docs", "d"],
        &["diff", "only-one.yaml"],
        &["crosscheck", "--docs", "d"],
        &[
            "crosscheck",
            "--docs",
            "d",
            "--openapi",
            "o",
            "--json",
            "--summary",
        ],
        &["examples", "--spec", "s.yaml"],
    ] {
        let output = codegen(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("Usage: mews-codegen"),
            "{args:?}: {output:?}"
        );
    }
}

#[test]
fn a_repeated_option_takes_its_last_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("widgets.yaml");
    let out = dir.path().join("generated");
    std::fs::write(&spec, FIXTURE).expect("write");
    let output = codegen(&[
        "generate",
        "--spec",
        "/nonexistent/spec.yaml",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(out.join("lib.rs").is_file());
}
