//! The writer against yaml_serde: every scalar in every position, byte for byte, and `None`
//! (yaml_serde writes it) only where yaml_serde uses a style the writer does not write.

use super::write;
use crate::import::spec_writer::yaml_serde_text;
use crate::json::{Map, Value};

/// Strings at the edges of libyaml's analysis: indicators first and inside, leading and trailing
/// spaces and breaks, chomping, text that reads back as another type, characters libyaml
/// escapes, non-ASCII text, long text.
fn strings() -> Vec<String> {
    let mut strings: Vec<String> = [
        "",
        "a",
        " a",
        "a ",
        "  ",
        " ",
        "a\n",
        "a\n\n",
        "\n",
        "\n\n",
        "\na",
        " a\nb",
        "a \nb",
        "a\n b",
        "a\nb",
        "a\n\nb",
        "a\n\nb\n",
        "a\n\n\n",
        "a\n  b\n",
        "- a",
        "-a",
        "-",
        ": a",
        ":a",
        "a: b",
        "a:b",
        "a:",
        "a #b",
        "a#b",
        "#a",
        "'a",
        "a'b",
        "a''",
        "\"a",
        "a\"b",
        "---",
        "--- a",
        "...",
        "..a",
        "null",
        "Null",
        "NULL",
        "~",
        "true",
        "False",
        "yes",
        "1",
        "01",
        "-01",
        "+1",
        "-1",
        "1.5",
        "1e3",
        "1E3",
        ".5",
        "5.",
        ".inf",
        "-.Inf",
        ".nan",
        "0x1F",
        "0o17",
        "0b101",
        "1_000",
        "99999999999999999999999",
        "?a",
        "? a",
        "?",
        "@a",
        "`a",
        "%a",
        "a\tb",
        "\tb",
        "é",
        "naïve text",
        "日本語",
        "a\u{2028}b",
        "a\u{85}b",
        "a\rb",
        "a\r\nb",
        "\u{feff}a",
        "a\u{7f}",
        "a\u{0}",
        "[a",
        "a]",
        "a[b]",
        "{",
        "{}",
        "[]",
        "a,b",
        ",a",
        "*a",
        "&a",
        "!a",
        "|",
        "|a",
        ">",
        ">a",
        "a|b",
        "x: |",
        "a\n- b",
        "😀 emoji",
        "a\n😀\n",
        "https://docs.mews.com/connector-api/operations/orders#add-order",
        "#/components/schemas/Order",
        "Deprecated: use `x` instead.",
        "{{ClientToken}}",
        "2024-01-02",
        "2024-01-02T00:00:00Z",
        "12:30",
        "1:2:3",
        "0.1.2",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    strings.push("x".repeat(128));
    strings.push("x".repeat(129));
    strings.push("word ".repeat(60).trim_end().to_owned());
    strings.push("line of text\n".repeat(30));
    strings
}

fn object(entries: Vec<(String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect::<Map>())
}

fn numbers() -> Vec<Value> {
    let parse = |text: &str| Value::Number(text.parse().expect("number"));
    vec![
        parse("0"),
        parse("1"),
        parse("-1"),
        parse("18446744073709551615"),
        parse("-9223372036854775808"),
        parse("1.5"),
        parse("0.1"),
        parse("1e300"),
        parse("-0.0"),
        parse("123456.789"),
        Value::Bool(true),
        Value::Bool(false),
        Value::Null,
    ]
}

/// `value` in each position a node can take.
fn placements(value: &Value) -> Vec<Value> {
    let item = || Value::Array(vec![value.clone(), Value::String("b".into())]);
    vec![
        value.clone(),
        object(vec![("key".into(), value.clone())]),
        object(vec![
            ("key".into(), value.clone()),
            ("next".into(), "b".into()),
        ]),
        item(),
        Value::Array(vec![item()]),
        object(vec![("key".into(), item())]),
        object(vec![(
            "outer".into(),
            object(vec![
                ("inner".into(), item()),
                ("after".into(), value.clone()),
            ]),
        )]),
        Value::Array(vec![object(vec![
            ("first".into(), value.clone()),
            ("second".into(), item()),
        ])]),
        Value::Array(vec![Value::Array(vec![value.clone()]), value.clone()]),
    ]
}

/// Asserts the writer agrees with yaml_serde; `true` when it wrote the tree itself.
fn agrees(tree: &Value) -> bool {
    let expected = yaml_serde_text(tree).expect("yaml_serde writes it");
    match write(tree) {
        Some(text) => {
            assert_eq!(text, expected, "for {tree:?}");
            true
        }
        None => {
            let other_break = ['\r', '\u{85}', '\u{2028}', '\u{2029}'];
            assert!(
                expected.contains('"') || expected.contains("? ") || expected.contains(other_break),
                "left to yaml_serde, which writes it without double quotes, a complex key or a line break other than \\n: {tree:?}\n{expected}"
            );
            false
        }
    }
}

#[test]
fn every_scalar_in_every_position_is_written_as_yaml_serde_writes_it() {
    let mut written = 0;
    let mut total = 0;
    let mut values: Vec<Value> = strings().into_iter().map(Value::String).collect();
    values.extend(numbers());
    values.push(Value::Array(Vec::new()));
    values.push(object(Vec::new()));
    for value in &values {
        for tree in placements(value) {
            total += 1;
            written += usize::from(agrees(&tree));
        }
    }
    // Only the scalars libyaml double-quotes are left to yaml_serde.
    assert!(written * 10 > total * 8, "{written} of {total} written");
}

#[test]
fn every_string_as_a_key_is_written_as_yaml_serde_writes_it() {
    let mut written = 0;
    for key in strings() {
        let trees = [
            object(vec![(key.clone(), "v".into())]),
            Value::Array(vec![object(vec![
                ("a".into(), Value::Null),
                (
                    key.clone(),
                    object(vec![(key.clone(), Value::Array(vec![]))]),
                ),
            ])]),
        ];
        for tree in &trees {
            written += usize::from(agrees(tree));
        }
    }
    assert!(written > 150, "{written} written");
}

#[test]
fn a_kept_final_line_break_is_written_without_an_end_of_document() {
    let kept = object(vec![("a".into(), "x\n\n".into()), ("b".into(), "y".into())]);
    assert!(agrees(&kept));
    assert!(agrees(&Value::String("x\n\n".into())));
    assert_eq!(write(&kept).unwrap(), "a: |+\n  x\n\nb: y\n");
}

#[test]
fn what_needs_double_quotes_or_a_complex_key_is_left_to_yaml_serde() {
    for tree in [
        object(vec![("a".into(), "tab\there".into())]),
        object(vec![("a".into(), "trailing \nspace".into())]),
        object(vec![("k\ney".into(), "v".into())]),
        object(vec![("k".repeat(129), "v".into())]),
        Value::Array(vec!["carriage\rreturn".into()]),
    ] {
        assert_eq!(write(&tree), None, "{tree:?}");
        assert!(yaml_serde_text(&tree).is_ok());
    }
}

#[test]
fn the_committed_spec_is_written_as_yaml_serde_writes_it() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/connector.yaml");
    let text = std::fs::read_to_string(path).expect("spec/connector.yaml");
    let tree = crate::json::yaml::from_str(&text).expect("the spec reads");
    let written = write(&tree).expect("the writer takes the committed spec");
    assert_eq!(
        written,
        yaml_serde_text(&tree).expect("yaml_serde writes it")
    );
    // And that is the committed text after its two header lines.
    let body: String = text.split_inclusive('\n').skip(2).collect();
    assert_eq!(written, body);
}
