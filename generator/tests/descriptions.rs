//! `spec/descriptions.yaml`, our own words for the API: it is a valid overlay, it gives every
//! operation a one-line summary, and none of its sentences is Mews' (the docs snapshot and the
//! official OpenAPI beside the repository, in `../shared`; those tests are ignored by default and
//! run by `cargo test -- --ignored` in CI).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mews_codegen::import::{self, overlay, Options};
use serde_json::Value;

/// Sentences this long or longer must not appear in both our texts and Mews'.
const MIN_SENTENCE: usize = 60;

/// The docs snapshots beside the repository, oldest first.
const SNAPSHOTS: [&str; 2] = ["connector-api-2026-01-27", "connector-api-2026-08-07"];

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn descriptions() -> String {
    read(&repo().join("spec/descriptions.yaml"))
}

/// `../shared`, which the ignored tests need: run on purpose, a missing one is a failure.
fn shared(path: &str) -> PathBuf {
    let path = repo().join("../shared").join(path);
    assert!(path.exists(), "{} is missing", path.display());
    path
}

/// Every string in a YAML or JSON tree (keys left out).
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
        Value::Object(map) => map.values().for_each(|item| strings(item, out)),
        _ => {}
    }
}

fn yaml_strings(text: &str) -> Vec<String> {
    let tree: Value = yaml_serde::from_str(text).expect("YAML");
    let mut out = Vec::new();
    strings(&tree, &mut out);
    out
}

/// What two texts are compared on: markdown links reduced to their text, no emphasis or code
/// marks, whitespace collapsed, lower case. A copy that only changed its formatting still counts.
fn normalize(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|mid| {
            after[mid + 2..]
                .find(')')
                .map(|close| (mid, mid + 2 + close))
        }) {
            Some((mid, close)) if !after[..mid].contains('[') => {
                plain.push_str(&after[..mid]);
                rest = &after[close + 1..];
            }
            _ => {
                plain.push('[');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    plain
        .chars()
        .filter(|c| !matches!(c, '`' | '*'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The sentences of a normalized text: split after `.`, `!` or `?` followed by a space.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(byte, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// The text units of a markdown page: table cells and paragraphs (lines between blank lines).
fn markdown_units(text: &str) -> Vec<String> {
    text.split("\n\n")
        .flat_map(|block| block.split('|'))
        .map(normalize)
        .filter(|unit| !unit.is_empty())
        .collect()
}

/// Sentences of at least [`MIN_SENTENCE`] characters shared by our texts and theirs, in either
/// direction: one of ours found in theirs, or one of theirs found in ours.
fn shared_sentences(ours: &[String], theirs: &[String]) -> BTreeSet<String> {
    const SEPARATOR: &str = "\u{1}";
    let ours: Vec<String> = ours.iter().map(|t| normalize(t)).collect();
    let theirs: Vec<String> = theirs.iter().map(|t| normalize(t)).collect();
    let (our_corpus, their_corpus) = (ours.join(SEPARATOR), theirs.join(SEPARATOR));
    let long = |units: &[String]| -> BTreeSet<String> {
        units
            .iter()
            .flat_map(|unit| sentences(unit))
            .filter(|s| s.chars().count() >= MIN_SENTENCE)
            .map(str::to_owned)
            .collect()
    };
    let mut found: BTreeSet<String> = long(&ours)
        .into_iter()
        .filter(|s| their_corpus.contains(s.as_str()))
        .collect();
    found.extend(
        long(&theirs)
            .into_iter()
            .filter(|s| our_corpus.contains(s.as_str())),
    );
    found
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
}

#[test]
fn the_descriptions_are_a_valid_overlay_of_texts_only() {
    let parsed = overlay::parse(&descriptions()).expect("spec/descriptions.yaml is an overlay");
    assert!(
        parsed.operations.len() >= 197,
        "{}",
        parsed.operations.len()
    );
    for (id, op) in &parsed.operations {
        let summary = op.summary.as_deref().unwrap_or_default();
        assert!(
            !summary.is_empty() && !summary.contains('\n') && summary.ends_with('.'),
            "{id}: a one-line summary ending with a period, got {summary:?}"
        );
        assert!(
            op.retry_safe.is_none() && op.pagination.is_none() && op.deprecated.is_none(),
            "{id}: decisions belong in spec/curation.yaml"
        );
    }
    assert!(parsed.renames.is_empty() && parsed.add_schemas.is_empty());
    for (name, schema) in &parsed.schemas {
        assert!(
            schema.values.is_none() && schema.ty.is_none() && schema.union.is_none(),
            "{name}: decisions belong in spec/curation.yaml"
        );
        for (property, change) in &schema.properties {
            assert!(
                change.description.is_some()
                    && change.ty.is_none()
                    && change.required.is_none()
                    && change.nullable.is_none()
                    && !change.remove,
                "{name}.{property}: only a description"
            );
        }
    }
}

#[test]
fn the_copy_check_finds_copies_in_either_direction() {
    let theirs = [
        "| `Count` | integer | required | The [number of items](x.md#y) that the `page` may hold at most, between 1 and 1000. |".to_owned(),
        "A short one. This sentence of theirs is long enough to be checked against our text here.".to_owned(),
    ];
    let units: Vec<String> = theirs.iter().flat_map(|t| markdown_units(t)).collect();
    let ours = vec![
        "Ours. The number of items that the page may hold at most, between 1 and 1000.".to_owned(),
        "We wrote: this sentence of theirs is long enough to be checked against our text here. Then more.".to_owned(),
        "An unrelated sentence of our own that is certainly more than sixty characters long.".to_owned(),
    ];
    let found = shared_sentences(&ours, &units);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [
            "the number of items that the page may hold at most, between 1 and 1000.",
            "this sentence of theirs is long enough to be checked against our text here."
        ]
    );
    assert!(shared_sentences(&ours[2..], &units).is_empty());
}

#[test]
#[ignore = "reads ../shared"]
fn descriptions_are_our_own_words() {
    let ours = yaml_strings(&descriptions());
    let mut theirs = yaml_strings(&read(&shared("openapi/connector-2026-06-02.yaml")));
    let mut pages = Vec::new();
    for snapshot in SNAPSHOTS {
        markdown_files(&shared(&format!("docs/{snapshot}")), &mut pages);
    }
    assert!(pages.len() > 140, "{} pages", pages.len());
    for page in &pages {
        theirs.extend(markdown_units(&read(page)));
    }
    let copied = shared_sentences(&ours, &theirs);
    println!(
        "{} texts of ours checked against {} texts of Mews ({} pages and the official OpenAPI): {} copied",
        ours.len(),
        theirs.len(),
        pages.len(),
        copied.len()
    );
    assert!(
        copied.is_empty(),
        "sentences of Mews in spec/descriptions.yaml (write them in our own words):\n{}",
        copied.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
#[ignore = "reads ../shared"]
fn every_operation_has_a_summary() {
    let official: Value = yaml_serde::from_str(&read(&shared("openapi/connector-2026-06-02.yaml")))
        .expect("the official OpenAPI");
    let mut ids: BTreeSet<String> = official["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().into_iter().flat_map(|ops| ops.values()))
        .filter_map(|op| op["operationId"].as_str())
        .map(|id| id.replace('-', "_"))
        .collect();
    let official_count = ids.len();
    // Each snapshot's operations, and the committed spec's (what Mews removed stays, deprecated).
    let mut specs: Vec<String> = SNAPSHOTS
        .iter()
        .map(|snapshot| {
            import::import(&Options {
                docs: shared(&format!("docs/{snapshot}")),
                ..Options::default()
            })
            .expect("the docs import")
            .spec
        })
        .collect();
    specs.push(read(&repo().join("spec/connector.yaml")));
    for spec in &specs {
        let imported: Value = yaml_serde::from_str(spec).expect("the imported spec");
        ids.extend(
            imported["paths"]
                .as_object()
                .expect("paths")
                .values()
                .filter_map(|item| item["post"]["operationId"].as_str())
                .map(str::to_owned),
        );
    }
    let parsed = overlay::parse(&descriptions()).expect("overlay");
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !parsed.operations.contains_key(id.as_str()))
        .collect();
    let unknown: Vec<&String> = parsed
        .operations
        .keys()
        .filter(|id| !ids.contains(id.as_str()))
        .collect();
    println!(
        "{} operations ({official_count} official, the rest only in the docs): {} summaries",
        ids.len(),
        parsed.operations.len()
    );
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "without a summary: {missing:?}; summaries of no operation: {unknown:?}"
    );
}
