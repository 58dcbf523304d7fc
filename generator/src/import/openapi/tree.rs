//! The raw OpenAPI tree as JSON, with JSON pointers for the report and `$ref` resolution.

use crate::json::Value;

/// The prefix of a component schema reference.
pub const SCHEMAS: &str = "#/components/schemas/";

/// The whole document.
pub struct Tree {
    pub root: Value,
}

impl Tree {
    /// Reads YAML (or JSON) text.
    pub fn parse(text: &str) -> Result<Tree, String> {
        let root = crate::json::yaml::from_str(text).map_err(|error| error.to_string())?;
        if !root.is_object() {
            return Err("the document is not a mapping".into());
        }
        Ok(Tree { root })
    }

    /// The component schemas, in document order.
    pub fn schemas(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
    }

    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.root
            .pointer("/components/schemas")
            .and_then(|schemas| schemas.get(name))
    }
}

/// `#/components/schemas/X` → `X`.
pub fn ref_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix(SCHEMAS)
}

/// A JSON pointer with one more segment, escaped (`~0`, `~1`).
pub fn child(pointer: &str, segment: &str) -> String {
    crate::error::pointer(pointer, segment)
}

/// The only element of a one-element `allOf`/`anyOf`/`oneOf`.
pub fn single<'a>(schema: &'a Value, key: &str) -> Option<&'a Value> {
    match schema.get(key)?.as_array()?.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

pub fn str_of<'a>(schema: &'a Value, key: &str) -> Option<&'a str> {
    schema.get(key).and_then(Value::as_str)
}

pub fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_pointer_segments() {
        assert_eq!(
            child("#/paths", "/api/a~b"),
            "#/paths/~1api~1a~0b".to_owned()
        );
    }
}
