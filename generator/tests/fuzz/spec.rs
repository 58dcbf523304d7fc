//! Mutants of a spec: tree mutations on the parsed YAML, then text mutations on the JSON it is
//! written as (JSON is YAML), for what a tree cannot hold (duplicate keys, `.inf`, deep text).

use mews_codegen::json::{json, Map, Value};

use super::hostile;
use super::rng::Rng;

/// One mutant of `base`: one to three mutations.
pub fn mutant(base: &Value, rng: &mut Rng) -> String {
    let mut tree = base.clone();
    for _ in 0..1 + rng.below(3) {
        mutate_tree(&mut tree, rng);
    }
    let mut text = serde_json::to_string_pretty(&tree).unwrap_or_default();
    if rng.chance(25) {
        text = mutate_text(&text, rng);
    }
    text
}

fn mutate_tree(tree: &mut Value, rng: &mut Rng) {
    match rng.below(10) {
        0 => rename_key(tree, rng),
        1 => delete_key(tree, rng),
        2 => replace_value(tree, rng),
        3 => nest(tree, rng),
        4 => hostile_text(tree, rng),
        5 | 6 => cycle(tree, rng),
        7 => rename_resource(tree, rng),
        8 => duplicate_operation_in_other_case(tree, rng),
        _ => rename_schema(tree, rng),
    }
}

/// Every pointer to an object member or array item, in document order.
fn pointers(tree: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), tree)];
    while let Some((at, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push(child_at.clone());
                    stack.push((child_at, child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let child_at = format!("{at}/{index}");
                    out.push(child_at.clone());
                    stack.push((child_at, child));
                }
            }
            _ => {}
        }
    }
    out
}

/// The parent object of a member pointer and the member's key.
fn member<'a>(tree: &'a mut Value, at: &str) -> Option<(&'a mut Map<String, Value>, String)> {
    let (parent, key) = at.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    match tree.pointer_mut(parent)? {
        Value::Object(map) => Some((map, key)),
        _ => None,
    }
}

fn random_member(tree: &Value, rng: &mut Rng) -> Option<String> {
    let all = pointers(tree);
    (!all.is_empty()).then(|| rng.pick(&all).clone())
}

fn rename_key(tree: &mut Value, rng: &mut Rng) {
    let names = hostile::names();
    let name = rng.pick(&names).clone();
    let Some(at) = random_member(tree, rng) else {
        return;
    };
    if let Some((map, key)) = member(tree, &at) {
        if let Some(value) = map.shift_remove(&key) {
            map.insert(name, value);
        }
    }
}

fn delete_key(tree: &mut Value, rng: &mut Rng) {
    let Some(at) = random_member(tree, rng) else {
        return;
    };
    if let Some((map, key)) = member(tree, &at) {
        map.shift_remove(&key);
    }
}

fn replace_value(tree: &mut Value, rng: &mut Rng) {
    let values = hostile::values();
    let value = rng.pick(&values).clone();
    let Some(at) = random_member(tree, rng) else {
        return;
    };
    if let Some(node) = tree.pointer_mut(&at) {
        *node = value;
    }
}

/// Wraps a value in objects or arrays, from a few levels to far past the limit.
fn nest(tree: &mut Value, rng: &mut Rng) {
    let depth = *rng.pick(&[2, 10, 40, 70, 500]);
    let Some(at) = random_member(tree, rng) else {
        return;
    };
    let arrays = rng.chance(50);
    if let Some(node) = tree.pointer_mut(&at) {
        let mut value = node.take();
        for _ in 0..depth {
            value = if arrays {
                json!([value])
            } else {
                json!({ "properties": { "A": value } })
            };
        }
        *node = value;
    }
}

fn hostile_text(tree: &mut Value, rng: &mut Rng) {
    let texts = hostile::texts();
    let text = rng.pick(&texts).clone();
    let strings: Vec<String> = pointers(tree)
        .into_iter()
        .filter(|at| tree.pointer(at).is_some_and(Value::is_string))
        .collect();
    if strings.is_empty() {
        return;
    }
    let at = rng.pick(&strings).clone();
    if let Some(node) = tree.pointer_mut(&at) {
        *node = Value::String(text);
    }
}

fn schema_names(tree: &Value) -> Vec<String> {
    tree.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default()
}

/// A schema that refers to itself or another: by a property, through an array, as an alias.
fn cycle(tree: &mut Value, rng: &mut Rng) {
    let names = schema_names(tree);
    if names.is_empty() {
        return;
    }
    let from = rng.pick(&names).clone();
    let to = if rng.chance(60) {
        from.clone()
    } else {
        rng.pick(&names).clone()
    };
    let reference = json!({ "$ref": format!("#/components/schemas/{to}") });
    let Some(schema) = tree.pointer_mut(&format!("/components/schemas/{from}")) else {
        return;
    };
    match rng.below(4) {
        0 => *schema = reference,
        1 => *schema = json!({ "type": "array", "items": reference }),
        _ => {
            if let Some(Value::Object(properties)) = schema.get_mut("properties") {
                let name = if rng.chance(50) { "Next" } else { "Parent" };
                properties.insert(name.to_owned(), reference);
            }
        }
    }
}

fn operations(tree: &Value) -> Vec<String> {
    tree.get("paths")
        .and_then(Value::as_object)
        .map(|paths| paths.keys().cloned().collect())
        .unwrap_or_default()
}

/// Moves an operation to a hostile resource, keeping its path and id consistent.
fn rename_resource(tree: &mut Value, rng: &mut Rng) {
    let paths = operations(tree);
    if paths.is_empty() {
        return;
    }
    let path = rng.pick(&paths).clone();
    let names = hostile::names();
    let resource = rng.pick(&names).clone();
    let Some(Value::Object(all)) = tree.get_mut("paths") else {
        return;
    };
    let Some(mut item) = all.shift_remove(&path) else {
        return;
    };
    let action = path.rsplit('/').next().unwrap_or_default().to_owned();
    if let Some(operation) = item.get_mut("post") {
        operation["operationId"] = json!(format!("{resource}_{action}"));
    }
    all.insert(format!("/api/v1/{resource}/{action}"), item);
}

/// A copy of an operation whose action is the same after case conversion (`getAll`/`get_all`).
fn duplicate_operation_in_other_case(tree: &mut Value, rng: &mut Rng) {
    let paths = operations(tree);
    if paths.is_empty() {
        return;
    }
    let path = rng.pick(&paths).clone();
    let Some(Value::Object(all)) = tree.get_mut("paths") else {
        return;
    };
    let Some(mut item) = all.get(&path).cloned() else {
        return;
    };
    let Some(Value::String(id)) = item.pointer("/post/operationId").cloned() else {
        return;
    };
    let Some((resource, action)) = id.split_once('_') else {
        return;
    };
    let snake = heck::ToSnakeCase::to_snake_case(action);
    item["post"]["operationId"] = json!(format!("{resource}_{snake}"));
    let prefix = path
        .rsplit_once('/')
        .map(|(prefix, _)| prefix)
        .unwrap_or_default();
    all.insert(format!("{prefix}/{snake}"), item);
}

/// Renames a schema and every reference to it.
fn rename_schema(tree: &mut Value, rng: &mut Rng) {
    let names = schema_names(tree);
    if names.is_empty() {
        return;
    }
    let old = rng.pick(&names).clone();
    let hostile = hostile::names();
    let new = rng.pick(&hostile).replace(['/', '~'], "");
    let text = serde_json::to_string(tree).unwrap_or_default();
    let text = text.replace(
        &format!("\"#/components/schemas/{old}\""),
        &serde_json::to_string(&format!("#/components/schemas/{new}")).unwrap_or_default(),
    );
    if let Ok(mut renamed) = serde_json::from_str::<Value>(&text) {
        if let Some(Value::Object(schemas)) = renamed.pointer_mut("/components/schemas") {
            if let Some(schema) = schemas.shift_remove(&old) {
                schemas.insert(new, schema);
            }
        }
        *tree = renamed;
    }
}

/// Mutations of the text: a line twice (duplicate keys), `.inf`, a cut, deep flow nesting.
fn mutate_text(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        return text.to_owned();
    }
    let index = rng.below(lines.len());
    match rng.below(4) {
        0 => {
            let line = lines[index].clone();
            let line = if line.ends_with(',') {
                line
            } else {
                format!("{line},")
            };
            lines.insert(index, line);
        }
        1 => {
            if let Some((key, _)) = lines[index].split_once(": ") {
                let comma = if lines[index].ends_with(',') { "," } else { "" };
                lines[index] = format!("{key}: .inf{comma}");
            }
        }
        2 => lines.truncate(index),
        _ => {
            let depth = *rng.pick(&[65, 1_000, 100_000]);
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            if let Some((key, _)) = lines[index].split_once(": ") {
                let comma = if lines[index].ends_with(',') { "," } else { "" };
                lines[index] = format!("{key}: {deep}{comma}");
            }
        }
    }
    lines.join("\n")
}
