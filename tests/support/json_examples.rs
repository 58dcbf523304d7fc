//! What counts as a JSON example in a seed document: shared by `tests/models.rs` and the
//! progenitor comparison's `decode_check` (benches/progenitor-compare), so both check the same
//! examples.

use serde_json::Value;

/// Top-level JSON objects that start at the beginning of a line, with the line they start on.
/// Objects nested in an example are skipped with it, even when a page does not indent them.
pub fn json_examples(text: &str) -> Vec<(usize, Value)> {
    let mut examples = Vec::new();
    let mut position = 0;
    while let Some(found) = text[position..].find('{') {
        let start = position + found;
        position = start + 1;
        if start > 0 && !text[..start].ends_with('\n') {
            continue;
        }
        let mut values = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        if let Some(Ok(value @ Value::Object(_))) = values.next() {
            examples.push((text[..start].matches('\n').count() + 1, value));
            position = start + values.byte_offset();
        }
    }
    examples
}
