//! The import hands back its spec as a tree as well as text, and `import` checks that tree with
//! the generator instead of reading its own output again: the tree must be what the text reads
//! back as, and a tree gets the same depth limit as a text.

use std::path::PathBuf;

use mews_codegen::import::both::run;
use mews_codegen::import::docs::Docs;
use mews_codegen::import::Options;
use mews_codegen::json::{Map, Value};
use mews_codegen::parse::{self, MAX_DEPTH};

const SPEC: &str = include_str!("fixtures/crosscheck/gizmos-openapi.yaml");

fn docs() -> Docs {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs"));
    Docs::load(&dir).expect("fixture docs")
}

#[test]
fn the_imported_tree_is_what_its_text_reads_back_as() {
    // With examples: they bring numbers of every kind into the spec.
    let options = Options {
        examples: true,
        check_generation: true,
        ..Options::default()
    };
    let imported =
        run(SPEC, "gizmos-openapi.yaml", &docs(), "fixture", &options).expect("import of both");
    assert_eq!(imported.rejected, None, "the generator refuses the import");
    let read_back: Value = yaml_serde::from_str(&imported.spec).expect("the spec is YAML");
    assert!(read_back == imported.tree, "the tree differs from its text");
    let from_text = parse::parse(&imported.spec).expect("the spec parses");
    let from_tree = parse::from_tree(&imported.tree).expect("the tree parses");
    assert_eq!(from_text.raw, from_tree.raw);
    assert_eq!(
        from_text.openapi.paths.paths.len(),
        from_tree.openapi.paths.paths.len()
    );
    let lowered = |spec: &parse::Spec| {
        let api = mews_codegen::ir::lower(spec).expect("the spec lowers");
        (api.operations.len(), api.types.len())
    };
    assert_eq!(lowered(&from_text), lowered(&from_tree));
    assert!(lowered(&from_tree).0 > 1);
}

/// `{"openapi": "3.0.3", "x-deep": {"a": {"a": …}}}` with `levels` mappings under `x-deep`.
fn nested(levels: usize) -> Value {
    let mut node = Value::String("leaf".to_owned());
    for _ in 0..levels {
        let mut map = Map::default();
        map.insert("a".to_owned(), node);
        node = Value::Object(map);
    }
    let mut root = Map::default();
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    root.insert("x-deep".to_owned(), node);
    Value::Object(root)
}

#[test]
fn a_tree_deeper_than_the_limit_is_refused_with_its_pointer() {
    let error = match parse::from_tree(&nested(MAX_DEPTH + 5)) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("a tree {} levels deep was accepted", MAX_DEPTH + 5),
    };
    assert!(error.contains("nested deeper than"), "{error}");
    let expected = format!("#/x-deep{}", "/a".repeat(MAX_DEPTH - 1));
    assert!(error.contains(&expected), "{error}");
    assert!(!error.contains(&format!("{expected}/a/")), "{error}");
    // At the limit, the depth is not what is refused (the tree is no OpenAPI document).
    if let Err(error) = parse::from_tree(&nested(MAX_DEPTH - 1)) {
        assert!(!error.to_string().contains("nested deeper"), "{error}");
    }
}
