//! Regression tests for every class of hostile input in issue #12: each reproducer either
//! generates (and, for the fixtures, compiles in CI) or is rejected with exit 2, a JSON pointer
//! or line, no panic text, and the previous output left byte for byte.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A one-resource spec: `things_get` taking `ThingFilter` and returning `ThingResult`, whose
/// `Things` are `Thing`s. Tests replace parts of it.
const BASE: &str = r##"openapi: 3.0.3
info: { title: Things, version: "1" }
paths:
  /api/v1/things/get:
    post:
      operationId: things_get
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ThingFilter' }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/ThingResult' }
components:
  schemas:
    ThingFilter:
      type: object
      properties:
        Ids: { type: array, items: { type: string, format: uuid } }
    ThingResult:
      type: object
      required: [Things]
      properties:
        Things: { type: array, items: { $ref: '#/components/schemas/Thing' } }
    Thing:
      type: object
      properties:
        Name: { type: string }
"##;

/// An operation of resource `resource` with action `action`, to add under `paths:`.
fn operation(resource: &str, action: &str) -> String {
    format!(
        r##"  /api/v1/{resource}/{action}:
    post:
      operationId: {resource}_{action}
      requestBody:
        content:
          application/json:
            schema: {{ $ref: '#/components/schemas/ThingFilter' }}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{ $ref: '#/components/schemas/ThingResult' }}
"##
    )
}

fn with_operation(resource: &str, action: &str) -> String {
    BASE.replacen(
        "components:\n",
        &format!("{}components:\n", operation(resource, action)),
        1,
    )
}

/// `Thing`'s properties replaced.
fn with_thing_properties(properties: &str) -> String {
    BASE.replacen("        Name: { type: string }\n", properties, 1)
}

/// Extra component schemas.
fn with_schemas(schemas: &str) -> String {
    format!("{BASE}{schemas}")
}

fn codegen(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("mtime");
                files.insert(
                    path.clone(),
                    (std::fs::read(&path).expect("read"), modified),
                );
            }
        }
    }
    files
}

/// Generates `BASE` into a fresh directory, then `spec`: returns the second run's stderr after
/// checking exit 2, no panic text, the `expected` texts, and the output left as it was.
fn rejected(spec: &str, expected: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let (good, bad, out) = (
        dir.path().join("good.yaml"),
        dir.path().join("bad.yaml"),
        dir.path().join("generated"),
    );
    std::fs::write(&good, BASE).expect("write");
    std::fs::write(&bad, spec).expect("write");
    let first = codegen(&[
        Path::new("generate"),
        Path::new("--spec"),
        &good,
        Path::new("--out"),
        &out,
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&out);
    let output = codegen(&[
        Path::new("generate"),
        Path::new("--spec"),
        &bad,
        Path::new("--out"),
        &out,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for line in stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
    {
        assert!(
            line.starts_with("#/") || line.starts_with("line "),
            "unlocated: {line}"
        );
    }
    for text in expected {
        assert!(stderr.contains(text), "`{text}` not in:\n{stderr}");
    }
    assert_eq!(snapshot(&out), before, "the output changed");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
    stderr
}

/// Generates `spec`; returns the files.
fn generated(spec: &str) -> BTreeMap<String, String> {
    let generation = mews_codegen::generate(spec, "spec.yaml")
        .unwrap_or_else(|error| panic!("rejected:\n{error}"));
    generation
        .files
        .into_iter()
        .map(|file| (file.path, file.contents))
        .collect()
}

// Names that snake-case to nothing or to a leading digit: panics before.

#[test]
fn properties_that_become_empty_or_start_with_a_digit_are_rejected() {
    for name in ["__", "_", "_1", "_9Lives"] {
        let spec = with_thing_properties(&format!("        {name}: {{ type: string }}\n"));
        rejected(
            &spec,
            &[&format!("#/components/schemas/Thing/properties/{name}")],
        );
    }
}

#[test]
fn actions_that_become_empty_or_start_with_a_digit_are_rejected() {
    for action in ["_1", "_9Lives"] {
        rejected(
            &with_operation("things", action),
            &["operationId", &format!("`{action}`")],
        );
    }
}

#[test]
fn an_imported_row_that_becomes_empty_is_reported_not_passed_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs");
    let docs = dir.path().join("docs");
    for sub in ["operations", "guidelines"] {
        std::fs::create_dir_all(docs.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(source.join(sub)).expect("read").flatten() {
            std::fs::copy(entry.path(), docs.join(sub).join(entry.file_name())).expect("copy");
        }
    }
    let page = docs.join("operations/widgets.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let text = text.replacen("| `Codes` |", "| `___` |", 1).replacen(
        "| array of strings |",
        &format!("| {}string |", "array of ".repeat(16_000)),
        1,
    );
    std::fs::write(&page, text).expect("write");
    let out = dir.path().join("imported.yaml");
    let output = codegen(&[
        Path::new("import"),
        Path::new("--docs"),
        &docs,
        Path::new("--out"),
        &out,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("property `___`"), "{stderr}");
    let spec = std::fs::read_to_string(&out).expect("imported");
    assert!(!spec.contains("___"));
    generated(&spec);
}

// openapiv3's panic text, and no location.

#[test]
fn properties_inf_is_rejected_with_its_line() {
    let spec = BASE.replacen(
        "      properties:\n        Name: { type: string }\n",
        "      properties: .inf\n",
        1,
    );
    rejected(&spec, &["line 30", "not a JSON number"]);
}

#[test]
fn a_node_of_the_wrong_shape_is_rejected_with_a_location() {
    // The spec is read once into a tree, and openapiv3 reads that: the node it rejects is named
    // by its pointer (a YAML syntax error still has its line: `yaml_syntax_error` in cli.rs).
    let spec = with_thing_properties("        Name: { type: string, nullable: 3 }\n");
    rejected(
        &spec,
        &[
            "error: #/components/schemas/Thing/properties/Name: ",
            "expected a boolean",
        ],
    );
    let spec = with_thing_properties("        Kids: { type: array, items: [1] }\n");
    rejected(
        &spec,
        &["error: #/components/schemas/Thing/properties/Kids"],
    );
}

// Duplicate keys: silently accepted, or openapiv3's panic.

#[test]
fn an_operation_id_given_twice_is_rejected_with_its_line() {
    let spec = BASE.replacen(
        "      operationId: things_get\n",
        "      operationId: things_get\n      operationId: things_get\n",
        1,
    );
    rejected(&spec, &["line 7", "`operationId` appears twice"]);
}

#[test]
fn a_schema_defined_twice_is_rejected_with_its_line() {
    let spec = with_schemas("    Thing:\n      type: object\n");
    rejected(&spec, &["line 32", "`Thing` appears twice"]);
}

// Half-written output.

#[test]
fn an_over_long_resource_is_rejected_before_anything_is_written() {
    let resource = "r".repeat(300);
    rejected(
        &with_operation(&resource, "get"),
        &["#/paths/~1api~1v1~1", "longer than 128 characters"],
    );
}

#[test]
fn an_over_long_property_is_rejected() {
    // YAML itself limits implicit keys to 1024 characters; an explicit key (`? key`) has none.
    let name = "P".repeat(20_000);
    rejected(
        &with_thing_properties(&format!("        ? {name}\n        : {{ type: string }}\n")),
        &[
            "#/components/schemas/Thing/properties/PPP",
            "longer than 128 characters",
        ],
    );
    let name = "P".repeat(129);
    rejected(
        &with_thing_properties(&format!("        {name}: {{ type: string }}\n")),
        &["longer than 128 characters"],
    );
}

// Time and depth.

#[test]
fn nesting_past_the_limit_is_rejected_with_its_line() {
    let deep = format!("x-deep: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    rejected(
        &format!("{BASE}{deep}"),
        &["line 32", "nested deeper than 64 levels"],
    );
    let block: String = (0..100_000)
        .map(|level| format!("{}- \n", " ".repeat(level.min(200))))
        .collect();
    rejected(
        &format!("{BASE}x-deep:\n{block}"),
        &["nested deeper than 64 levels"],
    );
}

// Recursive schemas: boxed where they would have infinite size, not behind Vec or maps.

#[test]
fn recursive_schemas_are_boxed_only_where_needed() {
    let spec = include_str!("fixtures/recursive.yaml");
    let files = generated(spec);
    let trees = &files["trees.rs"];
    for boxed in [
        "pub next: Option<Box<Node>>",
        "pub children: Option<Vec<Node>>",
        "pub by_name: Option<BTreeMap<String, Node>>",
        "pub readme: Option<Box<File>>",
        "pub parent: Option<Box<Folder>>",
        "Not(Box<Not>)",
        "pub operand: Box<Expression>",
        "pub root: Node",
    ] {
        assert!(trees.contains(boxed), "`{boxed}` not in:\n{trees}");
    }
}

#[test]
fn alias_cycles_are_rejected_with_their_pointers() {
    rejected(
        &with_schemas("    A: { $ref: '#/components/schemas/A' }\n"),
        &["#/components/schemas/A", "only in terms of itself"],
    );
    rejected(
        &with_schemas("    L: { type: array, items: { $ref: '#/components/schemas/L' } }\n"),
        &["#/components/schemas/L"],
    );
    rejected(
        &with_schemas(
            "    B: { $ref: '#/components/schemas/C' }\n    C: { type: array, items: { $ref: '#/components/schemas/B' } }\n",
        ),
        &["#/components/schemas/B", "#/components/schemas/C"],
    );
}

// Keywords and names the crate already uses.

#[test]
fn keyword_and_reserved_resources_get_module_names_that_work_as_files() {
    let files = generated(include_str!("fixtures/hostile.yaml"));
    for file in [
        "async_.rs",
        "type_.rs",
        "use_.rs",
        "gen_.rs",
        "items_.rs",
        "lib_.rs",
        "serde_.rs",
        "lib.rs",
    ] {
        assert!(files.contains_key(file), "{file}: {:?}", files.keys());
    }
    assert!(files["items_.rs"].contains("pub fn items_(&self) -> ItemsApi<'_>"));
    assert!(
        files["lib.rs"].contains("pub mod r#async") || files["lib.rs"].contains("pub mod async_;")
    );
}

#[test]
fn schemas_that_shadow_what_the_generated_code_uses_are_rejected() {
    for name in [
        "Option",
        "Deserializer",
        "Serialize",
        "Result",
        "Self",
        "self_",
    ] {
        rejected(
            &with_schemas(&format!(
                "    {name}: {{ type: object, properties: {{ A: {{ type: string }} }} }}\n"
            )),
            &[&format!("#/components/schemas/{name}")],
        );
    }
}

#[test]
fn a_schema_named_like_a_resource_api_is_rejected_naming_both() {
    rejected(
        &with_schemas("    ThingsApi: { type: object, properties: { A: { type: string } } }\n"),
        &[
            "#/paths/~1api~1v1~1things~1get/post",
            "ThingsApi",
            "#/components/schemas/ThingsApi",
        ],
    );
}

#[test]
fn operation_ids_equal_after_case_conversion_are_rejected_naming_both() {
    let spec = with_operation("orderItems", "getAll").replacen(
        "components:\n",
        &format!("{}components:\n", operation("orderItems", "get_all")),
        1,
    );
    rejected(
        &spec,
        &[
            "#/paths/~1api~1v1~1orderItems~1getAll/post",
            "#/paths/~1api~1v1~1orderItems~1get_all/post",
            "get_all",
        ],
    );
}

// Text that cannot go into a doc comment.

#[test]
fn doc_text_loses_bare_carriage_returns_and_bidi_controls() {
    let files = generated(include_str!("fixtures/hostile.yaml"));
    for (path, text) in &files {
        if path.starts_with("runtime/") {
            continue;
        }
        for bad in ['\r', '\u{202E}', '\u{2066}', '\u{7}'] {
            assert!(!text.contains(bad), "{path} contains {bad:?}");
        }
    }
    assert!(
        files["shared.rs"].contains(r#""odd\u{202e}value""#),
        "wire values stay exact"
    );
}

#[test]
fn inline_type_names_past_256_characters_are_rejected() {
    let long = "Q".repeat(100);
    let properties = format!(
        "        {long}:\n          type: object\n          properties:\n            {long}:\n              type: object\n              properties:\n                {long}:\n                  type: string\n                  enum: [A, B]\n"
    );
    rejected(
        &with_thing_properties(&properties),
        &[
            "#/components/schemas/Thing/properties/QQQ",
            "longer than 256 characters",
        ],
    );
}

#[test]
fn a_spec_over_32_mib_is_refused_before_parsing() {
    let huge = format!(
        "{BASE}# {}\n",
        "x".repeat(mews_codegen::parse::MAX_SPEC_BYTES)
    );
    let error = mews_codegen::generate(&huge, "spec.yaml").expect_err("rejected");
    assert!(
        error
            .to_string()
            .starts_with("error: #: the spec is larger than"),
        "{error}"
    );
}
