//! A fast path for reading plain YAML documents into a [`Value`].
//!
//! Reading YAML through yaml_serde was the largest single cost of an import (the official spec is
//! 2.85 MB) and a sixth of a generation: libyaml's reader decodes its input one character at a
//! time, and yaml_serde buffers every event before it is deserialized. saphyr-parser's events
//! build the same tree in about 60 % of the instructions.
//!
//! This reader is only a fast path, never a second opinion: it takes the documents specs are
//! (one document of mappings, sequences and untagged scalars) and returns `None` for anything
//! else (a tag, an anchor's alias, a non-scalar or duplicate key, a second document, a number
//! form this reader does not resolve, any syntax error), and the caller then reads the text with
//! yaml_serde as before, which gives the same tree or the error it always gave. Plain scalars
//! are resolved exactly as yaml_serde resolves them (YAML 1.2's core schema).

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{Map, Number, Value};

/// Nesting past which the text is left to yaml_serde, which refuses it at 128 levels: the passes
/// over the tree recurse.
pub(super) const MAX_NESTING: usize = 100;

/// The longest key (in characters of the text, quotes included) the fast path takes; libyaml's
/// limit for implicit keys is 1024.
pub(super) const MAX_KEY: usize = 1000;

/// The text as a tree: by the fast path when it takes it, else by yaml_serde (which keeps the
/// last value of a key given twice; callers that refuse those use [`read`] and their own
/// fallback).
pub fn from_str(text: &str) -> Result<Value, yaml_serde::Error> {
    match read(text) {
        Some(value) => Ok(value),
        None => yaml_serde::from_str(text),
    }
}

/// The document as a tree, or `None` when yaml_serde must read it (see the module docs): by
/// the line reader of block YAML when it takes the text, else through saphyr-parser's events.
pub fn read(text: &str) -> Option<Value> {
    super::yaml_block::read(text).or_else(|| read_events(text))
}

/// [`read`] by the line reader of block YAML alone (`None` where it leaves the text).
pub fn read_lines(text: &str) -> Option<Value> {
    super::yaml_block::read(text)
}

/// A plain scalar's value, as [`read`] resolves it.
pub(super) fn plain_scalar(text: String) -> Option<Value> {
    scalar(text, ScalarStyle::Plain)
}

/// [`read`] through saphyr-parser's events.
pub fn read_events(text: &str) -> Option<Value> {
    // libyaml drops a byte-order mark; leave such text to it.
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    // Anchored nodes by anchor id, for their aliases (yaml_serde replays the anchored events:
    // the same value again).
    let mut anchors: std::collections::HashMap<usize, Value> = std::collections::HashMap::new();
    loop {
        let (event, span) = parser.next_event()?.ok()?;
        let value = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Alias(id) => {
                if let Some(Open::Mapping(_, None, _)) = stack.last() {
                    return None;
                }
                anchors.get(&id)?.clone()
            }
            Event::MappingStart(anchor, tag) => {
                if tag.is_some() {
                    return None;
                }
                if stack.len() >= MAX_NESTING {
                    return None;
                }
                stack.push(Open::Mapping(Map::default(), None, anchor));
                continue;
            }
            Event::SequenceStart(anchor, tag) => {
                if tag.is_some() {
                    return None;
                }
                if stack.len() >= MAX_NESTING {
                    return None;
                }
                stack.push(Open::Sequence(Vec::new(), anchor));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, anchor) = match stack.pop()? {
                    Open::Mapping(map, None, anchor) => (Value::Object(map), anchor),
                    Open::Sequence(items, anchor) => (Value::Array(items), anchor),
                    Open::Mapping(_, Some(_), _) => return None,
                };
                anchored(&mut anchors, anchor, value)
            }
            Event::Scalar(text, style, anchor, tag) => {
                if tag.is_some() {
                    return None;
                }
                // A mapping waiting for a key takes the scalar's text as it is (yaml_serde reads
                // keys as strings: `200:` is the key "200").
                if let Some(Open::Mapping(_, key @ None, _)) = stack.last_mut() {
                    // libyaml refuses an implicit key longer than 1024 characters or over more
                    // than one line, which saphyr takes: such keys are left to yaml_serde.
                    let long = span.end.index().saturating_sub(span.start.index()) >= MAX_KEY
                        || span.end.line() != span.start.line();
                    if anchor != 0 || long {
                        return None;
                    }
                    *key = Some(text.into_owned());
                    continue;
                }
                anchored(&mut anchors, anchor, scalar(text.into_owned(), style)?)
            }
        };
        match stack.last_mut() {
            None => {
                if root.replace(value).is_some() {
                    return None;
                }
            }
            Some(Open::Sequence(items, _)) => items.push(value),
            Some(Open::Mapping(map, key, _)) => {
                // A mapping or sequence as a key leaves no key here.
                let key = key.take()?;
                if map.contains_key(&key) {
                    return None;
                }
                map.insert(key, value);
            }
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

/// A container being read, with its anchor id (0 for none); a mapping holds the key whose value
/// comes next.
enum Open {
    Mapping(Map, Option<String>, usize),
    Sequence(Vec<Value>, usize),
}

/// `value`, kept for its aliases when it has an anchor.
fn anchored(
    anchors: &mut std::collections::HashMap<usize, Value>,
    anchor: usize,
    value: Value,
) -> Value {
    if anchor != 0 {
        anchors.insert(anchor, value.clone());
    }
    value
}

/// Whether `text` written as a plain scalar reads back as this string (not as null, a bool or a
/// number, and not as digits with a leading zero, which yaml_serde quotes too): where yaml_serde
/// lets the emitter write a string plain.
pub fn plain_reads_as_string(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return false;
    };
    if !matches!(
        first,
        b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'
    ) {
        return true;
    }
    !digits_but_not_number(text)
        && matches!(
            scalar(text.to_owned(), ScalarStyle::Plain),
            Some(Value::String(_))
        )
}

/// A scalar's value: quoted and block scalars are strings; a plain one is resolved as
/// yaml_serde resolves it (the same steps, in the same order, as its `visit_untagged_scalar`),
/// or `None` for what it resolves in ways the tree cannot hold the same (integers beyond 64 bits,
/// infinities and NaN).
fn scalar(text: String, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::String(text));
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Text that starts otherwise is never a number (Rust's float parser takes `inf` and `nan`,
    // which are not finite and so read as strings).
    if !matches!(text.as_bytes()[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
        return Some(Value::String(text));
    }
    if let Some(number) = unsigned_int(&text, u64::from_str_radix) {
        return Some(Value::Number(number.into()));
    }
    if let Some(number) = negative_int(&text, i64::from_str_radix) {
        return Some(Value::Number(number.into()));
    }
    if unsigned_int(&text, u128::from_str_radix).is_some()
        || negative_int(&text, i128::from_str_radix).is_some()
    {
        return None;
    }
    if !digits_but_not_number(&text) {
        if let Some(float) = float(&text)? {
            return Some(Value::Number(Number::from_f64(float)?));
        }
    }
    Some(Value::String(text))
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// A non-negative integer, decimal or `0x`/`0o`/`0b`, after an optional `+`.
fn unsigned_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unpositive = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(number) = from_str_radix(rest, radix) {
                return Some(number);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

/// A negative integer, decimal or `-0x`/`-0o`/`-0b`.
fn negative_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Ok(number) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(number);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from_str_radix(text, 10).ok()
}

/// `Some(Some(x))` for a finite float, `Some(None)` for no float, `None` for the infinities and
/// NaN that yaml_serde reads (`.inf`, `-.inf`, `.nan` in their three spellings).
fn float(text: &str) -> Option<Option<f64>> {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return Some(None),
        Some(rest) => rest,
        None => text,
    };
    let special = [".inf", ".Inf", ".INF"].contains(&unpositive)
        || ["-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"].contains(&text);
    if special {
        return None;
    }
    Some(
        unpositive
            .parse::<f64>()
            .ok()
            .filter(|float| float.is_finite()),
    )
}

/// Leading zeros followed by digits are a string in YAML 1.2 (`007`), as yaml_serde reads them.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path reads `text` as yaml_serde does, or leaves it to yaml_serde.
    fn agrees(text: &str) -> bool {
        let slow: Result<Value, _> = yaml_serde::from_str(text);
        match read(text) {
            Some(fast) => slow.map(|slow| slow == fast).unwrap_or(false),
            None => true,
        }
    }

    #[test]
    fn plain_scalars_resolve_as_yaml_serde_resolves_them() {
        for scalar in [
            "1",
            "0",
            "-0",
            "-5",
            "007",
            "-007",
            "00",
            "1.5",
            "-1.5",
            "1e3",
            "1E-3",
            "1e999",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "2026-01-27",
            "12:30",
            "1_000",
            "1.2.3",
            "-",
            "--",
            "-a",
            "inf",
            "NaN",
            "infinity",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "no",
            "on",
            "off",
            "null",
            "Null",
            "NULL",
            "~",
            "nULL",
            "0x1F",
            "-0x1F",
            "0o17",
            "0b101",
            "+1",
            "+.5",
            ".5",
            ".inf",
            "-.inf",
            ".nan",
            "+",
            "a b",
            "3 apples",
            "1.0",
            "0.1",
            "5.",
            "0b9560fb-055d",
            "0x",
            "0xZZ",
            "-0b1",
            "-0o7",
            "+-1",
            "++1",
            "+0x1F",
            "0x+1",
            "1e5",
            "-1E+5",
            "+.inf",
            ".NaN",
            "-.Inf",
            "0.0",
            "-0.0",
            "1e-400",
            "0755",
            "08",
            "0o8",
        ] {
            for text in [
                format!("key: {scalar}\n"),
                format!("- {scalar}\n"),
                format!("{scalar}: value\n"),
                format!("key: '{scalar}'\n"),
            ] {
                assert!(agrees(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn aliases_repeat_their_anchored_value() {
        taken_and_same("a: &x {b: [1, &y two]}\nc: *x\nd: *y\ne: [*x]\n");
    }

    #[test]
    fn documents_it_does_not_take_are_left_to_yaml_serde() {
        for text in [
            "&x a: 1\nb: 2\n",
            "a: &x 1\n*x : 2\n",
            "a: !!str 1\n",
            "a: 1\na: 2\n",
            "? [a]\n: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: [1,\n",
            "\u{feff}a: 1\n",
            "a: .inf\n",
            "a: 99999999999999999999\n",
            &format!("\"{}\": 1\n", "k".repeat(1100)),
            &format!("{{\"{}\": 1}}\n", "k".repeat(1100)),
            "? a\n  b\n: 1\n",
            &format!(
                "{}1{}",
                "[".repeat(MAX_NESTING + 1),
                "]".repeat(MAX_NESTING + 1)
            ),
        ] {
            assert_eq!(read(text), None, "{text:?}");
            assert!(agrees(text), "{text:?}");
        }
    }

    #[test]
    fn a_spec_shaped_document_reads_the_same_both_ways() {
        let text = "openapi: 3.0.3\ninfo:\n  title: \"T: x\"\n  version: '1.0'\npaths:\n  /a:\n    post:\n      responses:\n        200:\n          description: >-\n            folded\n            text\n        '400': {description: \"flow\", x-n: [1, {b: c}]}\n      x-list: [1, -2, 3.25, \"4\", ~, true]\n      x-empty:\n      x-block: |\n        line one\n\n        line three\n";
        taken_and_same(text);
    }

    /// Quoted scalars as emitters fold them: runs of text, escapes, doubled quotes, spaces
    /// before a fold, blank lines, an escaped line break; the line reader takes each and reads
    /// it as yaml_serde does.
    #[test]
    fn quoted_scalars_read_the_same_by_lines() {
        let values = [
            "'plain text'",
            "'it''s ''quoted'''",
            "'a  \n  b   \n\n  c'",
            "'ends with spaces   '",
            "\"esc \\x41\\u00e9\\U0001F600 \\\\ \\\" \\t end\"",
            "\"spaces before   \n  a fold\"",
            "\"escaped space\\ \n  next\"",
            "\"line \\\n  joined\"",
            "\"trailing\\t   \n  \n\n  after blanks\"",
            "\"\"",
            "''",
            "\"caf\u{e9} \\u00e9\u{e9}\"",
        ];
        for value in values {
            let text = format!("key: {value}\nother: 1\n");
            let lines = read_lines(&text).unwrap_or_else(|| panic!("line reader took {text:?}"));
            let slow: Value = yaml_serde::from_str(&text).expect("yaml_serde reads it");
            assert_eq!(lines, slow, "{text:?}");
        }
    }

    /// The fast path takes `text` and reads it as yaml_serde does.
    fn taken_and_same(text: &str) {
        let fast = read(text).expect("the fast path takes it");
        let slow: Value = yaml_serde::from_str(text).expect("yaml_serde reads it");
        assert_eq!(fast, slow);
    }
}
