//! The changes as text (one line each, then a count) or JSON (the contract in
//! `generator/DIFF.md`, "diff --json").

use serde_json::json;

use super::{Change, Class, FORMAT};

fn counts(changes: &[Change]) -> (usize, usize) {
    let breaking = changes
        .iter()
        .filter(|change| change.class == Class::Breaking)
        .count();
    (breaking, changes.len() - breaking)
}

/// Breaking first, each class in the order found.
fn sorted(changes: &[Change]) -> Vec<&Change> {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|change| change.class);
    sorted
}

/// `breaking  OrderItem.BillId: property removed (was Option<Uuid>) [property-removed]
/// <https://docs.mews.com/...#order-item>`, breaking changes first.
pub fn text(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in sorted(changes) {
        let class = match change.class {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
        };
        out.push_str(&format!(
            "{class:<9} {}: {} [{}]",
            change.path, change.message, change.kind
        ));
        if let Some(place) = change.docs.as_ref().or(change.source.as_ref()) {
            out.push_str(&format!(" <{place}>"));
        }
        out.push('\n');
    }
    let (breaking, additive) = counts(changes);
    out.push_str(&format!(
        "{} changes: {breaking} breaking, {additive} additive\n",
        changes.len()
    ));
    out
}

/// `{"format", "breaking", "additive", "changes": [...]}`, the changes in the text's order.
pub fn json(changes: &[Change]) -> String {
    let (breaking, additive) = counts(changes);
    let value = json!({
        "format": FORMAT,
        "breaking": breaking,
        "additive": additive,
        "changes": sorted(changes),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
