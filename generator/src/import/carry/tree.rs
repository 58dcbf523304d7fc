//! Small operations on the written spec's tree that carrying over needs: what a node reaches,
//! the values of an enum or union, where an item is documented, inserting in order, and the
//! type a property keeps.

use std::collections::BTreeSet;

use crate::json::{json, Map, Value};

/// The string format that accepts every string, so never narrows one.
const WIDE_FORMAT: &str = "hybrid-identifier";

/// Keeps a property's previous string type where the new one only narrows it by a format
/// (`string` → `uuid`, `date`, `date-time`, usually inferred from newer examples); returns the
/// format given up. Widening (a format dropped, `int32` → `int64`) and a format that takes any
/// string (`hybrid-identifier`) are followed.
pub(super) fn never_narrowed(before: &Value, now: &mut Value) -> Option<String> {
    let before = innermost(before);
    let kind = |node: &Value| node.get("type").and_then(Value::as_str).map(str::to_owned);
    if kind(before).as_deref() != Some("string") || before.get("format").is_some() {
        return None;
    }
    let pointer = items_pointer(now);
    let scalar = now.pointer_mut(&pointer)?;
    if kind(scalar).as_deref() != Some("string") {
        return None;
    }
    let object = scalar.as_object_mut()?;
    // A hybrid identifier takes any string (kept byte for byte): a type, not a narrowing.
    if object.get("format").and_then(Value::as_str) == Some(WIDE_FORMAT) {
        return None;
    }
    let format = object.shift_remove("format")?.as_str()?.to_owned();
    let notes = match object.get_mut("x-inferred").and_then(Value::as_array_mut) {
        Some(notes) => notes,
        None => {
            object.insert("x-inferred".into(), json!([]));
            object.get_mut("x-inferred")?.as_array_mut()?
        }
    };
    notes.retain(|note| !note.as_str().is_some_and(|n| n.starts_with("format")));
    notes.push(json!(format!(
        "format {format} not taken: the previous spec types it as a plain string"
    )));
    Some(format)
}

fn innermost(node: &Value) -> &Value {
    match node.get("items") {
        Some(items) => innermost(items),
        None => node,
    }
}

/// The pointer to the innermost item of arrays (`/items/items`), empty for a scalar.
fn items_pointer(node: &Value) -> String {
    let mut pointer = String::new();
    let mut node = node;
    while let Some(items) = node.get("items") {
        pointer.push_str("/items");
        node = items;
    }
    pointer
}

/// The component schemas `node` reaches in `spec`, through every `$ref`.
pub(super) fn reached(spec: &Value, node: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![node.clone()];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    let target = value
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"));
                    if let (true, Some(name)) = (key == "$ref" || key == "schema", target) {
                        if found.insert(name.to_owned()) {
                            if let Some(schema) =
                                spec.pointer(&format!("/components/schemas/{name}"))
                            {
                                stack.push(schema.clone());
                            }
                        }
                    } else {
                        stack.push(value);
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// The values of an enum, or the arm values of a union.
pub(super) fn listed(schema: &Value) -> Vec<String> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    schema
        .pointer("/x-union/arms")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|arm| arm.get("value").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// Puts `value` back into `new`'s enum or union arms after `after` (first when `None`).
pub(super) fn add_value(old: &Value, new: &mut Value, value: &str, after: Option<&str>) {
    let is_enum = new.get("enum").is_some();
    let (list, item) = if is_enum {
        (new.get_mut("enum"), json!(value))
    } else {
        let arm = old
            .pointer("/x-union/arms")
            .and_then(Value::as_array)
            .and_then(|arms| {
                arms.iter()
                    .find(|arm| arm.get("value").and_then(Value::as_str) == Some(value))
            })
            .cloned()
            .unwrap_or_else(|| json!({"value": value}));
        (new.pointer_mut("/x-union/arms"), arm)
    };
    let Some(list) = list.and_then(Value::as_array_mut) else {
        return;
    };
    let key = |entry: &Value| -> Option<String> {
        entry
            .as_str()
            .or_else(|| entry.get("value").and_then(Value::as_str))
            .map(str::to_owned)
    };
    let at = after
        .and_then(|after| {
            list.iter()
                .position(|entry| key(entry).as_deref() == Some(after))
        })
        .map_or(0, |index| index + 1);
    list.insert(at, item);
}

pub(super) fn operation_id(item: &Value) -> Option<String> {
    item.pointer("/post/operationId")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The docs section of a schema (`x-source` when it is a docs page, else its `x-docs` link):
/// `operations/reservations.md#update-reservations`.
pub(super) fn section_of(schema: &Map<String, Value>) -> Option<String> {
    schema
        .get("x-source")
        .and_then(Value::as_str)
        .filter(|source| source.starts_with("operations/"))
        .map(docs_anchor)
        .or_else(|| {
            schema
                .get("x-docs")
                .and_then(Value::as_str)
                .map(docs_anchor)
        })
}

/// A docs section from `x-source` or an `x-docs` link: `operations/x.md#anchor`.
pub(super) fn docs_anchor(source: &str) -> String {
    match source.strip_prefix("https://docs.mews.com/connector-api/") {
        Some(rest) => {
            let (page, anchor) = rest.split_once('#').unwrap_or((rest, ""));
            format!("{page}.md#{anchor}")
        }
        None => source.to_owned(),
    }
}

/// Inserts `key` after the key `after` (first when `None` or absent), keeping the rest's order.
pub(super) fn insert_after(
    map: &mut Map<String, Value>,
    after: Option<&str>,
    key: &str,
    value: Value,
) {
    let mut rebuilt = Map::default();
    let mut value = Some(value);
    if after.is_none_or(|after| !map.contains_key(after)) {
        if let Some(value) = value.take() {
            rebuilt.insert(key.to_owned(), value);
        }
    }
    for (existing, entry) in std::mem::take(map) {
        let here = Some(existing.as_str()) == after;
        rebuilt.insert(existing, entry);
        if here {
            if let Some(value) = value.take() {
                rebuilt.insert(key.to_owned(), value);
            }
        }
    }
    *map = rebuilt;
}
