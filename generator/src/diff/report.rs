//! The changes as text (one line each, then a count) or JSON.

use serde_json::json;

use super::{Change, Class};

fn counts(changes: &[Change]) -> (usize, usize) {
    let breaking = changes
        .iter()
        .filter(|change| change.class == Class::Breaking)
        .count();
    (breaking, changes.len() - breaking)
}

/// `breaking  OrderItem.BillId: property removed (was Option<Uuid>)`, breaking changes first.
pub fn text(changes: &[Change]) -> String {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|change| change.class);
    let mut out = String::new();
    for change in sorted {
        let class = match change.class {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
        };
        out.push_str(&format!(
            "{class:<9} {}: {} [{}]\n",
            change.path, change.message, change.kind
        ));
    }
    let (breaking, additive) = counts(changes);
    out.push_str(&format!(
        "{} changes: {breaking} breaking, {additive} additive\n",
        changes.len()
    ));
    out
}

/// `{"breaking": n, "additive": n, "changes": [{"class", "kind", "path", "message"}]}`.
pub fn json(changes: &[Change]) -> String {
    let (breaking, additive) = counts(changes);
    let value = json!({"breaking": breaking, "additive": additive, "changes": changes});
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
