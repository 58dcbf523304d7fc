//! `$ref` resolution and the keys OpenAPI 3.0 ignores beside a `$ref`.

use crate::json::Value;

use crate::error::Diagnostic;

const SCHEMAS: &str = "#/components/schemas/";

/// Keys accepted beside a `$ref`. openapiv3 drops them, so they are read from the raw tree;
/// any other key would be silently ignored and is rejected instead.
const REF_SIBLINGS: &[&str] = &[
    "description",
    "nullable",
    "deprecated",
    "example",
    "x-deprecated-note",
    "x-curation",
    "x-update-value",
];

/// The component schema a `$ref` names, e.g. `#/components/schemas/OrderItem` → `OrderItem`.
pub fn component_name(reference: &str) -> Option<String> {
    let name = reference.strip_prefix(SCHEMAS)?;
    (!name.is_empty() && !name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// The raw node at a `#/...` pointer.
pub fn raw_at<'a>(raw: &'a Value, pointer: &str) -> Option<&'a Value> {
    raw.pointer(pointer.strip_prefix('#').unwrap_or(pointer))
}

/// What a `$ref` node says beside the reference.
#[derive(Default)]
pub struct RefSiblings {
    pub description: Option<String>,
    pub nullable: bool,
    pub deprecated: bool,
    pub deprecated_note: Option<String>,
    pub update_value: bool,
}

/// Reads the siblings of the `$ref` in `node` (the raw node at `pointer`), rejecting keys that
/// would be ignored.
pub fn ref_siblings(node: Option<&Value>, pointer: &str) -> Result<RefSiblings, Diagnostic> {
    let Some(Value::Object(node)) = node else {
        return Ok(RefSiblings::default());
    };
    let mut siblings = RefSiblings::default();
    // In key order (the tree keeps the document's): of several keys that cannot stand there,
    // the one named is the same whatever order the spec writes them in.
    let mut entries: Vec<(&String, &Value)> = node.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (key, value) in entries {
        match key.as_str() {
            "$ref" => {}
            "description" => siblings.description = value.as_str().map(str::to_owned),
            "nullable" => siblings.nullable = flag(value, pointer, key)?,
            "deprecated" => siblings.deprecated = flag(value, pointer, key)?,
            "x-update-value" => siblings.update_value = flag(value, pointer, key)?,
            "x-deprecated-note" => siblings.deprecated_note = value.as_str().map(str::to_owned),
            _ if REF_SIBLINGS.contains(&key.as_str()) => {}
            _ => {
                return Err(Diagnostic::at(
                    pointer,
                    format!(
                        "`{key}` beside `$ref` would be ignored; only {} may stand there",
                        REF_SIBLINGS.join(", ")
                    ),
                ))
            }
        }
    }
    Ok(siblings)
}

fn flag(value: &Value, pointer: &str, key: &str) -> Result<bool, Diagnostic> {
    value
        .as_bool()
        .ok_or_else(|| Diagnostic::at(pointer, format!("`{key}` must be true or false")))
}

#[cfg(test)]
mod tests {
    use super::ref_siblings;
    use crate::json::json;

    /// Of two keys that cannot stand beside a `$ref`, the one named is the first in key order,
    /// whichever the spec writes first.
    #[test]
    fn the_sibling_named_does_not_depend_on_the_written_order() {
        for node in [
            json!({"$ref": "#/components/schemas/A", "zeta": 1, "alpha": true}),
            json!({"alpha": true, "$ref": "#/components/schemas/A", "zeta": 1}),
        ] {
            let error = ref_siblings(Some(&node), "#/x").err().expect("refused");
            assert!(
                error.message.starts_with("`alpha` beside `$ref`"),
                "{}",
                error.message
            );
        }
        let fine = json!({"$ref": "#/components/schemas/A", "nullable": true, "description": "d"});
        let siblings = ref_siblings(Some(&fine), "#/x").expect("accepted");
        assert!(siblings.nullable);
        assert_eq!(siblings.description.as_deref(), Some("d"));
    }
}
