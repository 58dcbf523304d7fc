//! Names across the two sources, for the import of both: the committed spec names a schema the
//! docs alone describe (an operation only the docs have) by its docs name. When the official
//! spec later describes it too, the import pairs the two and would name it after the spec:
//! every such type renamed. So the schemas the committed spec took from the docs are recorded in
//! the spec's ledger under `docs:<docs key>`, and a spec schema new to the names file that pairs
//! with one of them takes its name.

use super::model::Model;
use super::report::{Report, Severity};
use super::stable::Ledger;
use crate::crosscheck::matching;

/// How the spec's ledger keys a schema taken from the docs.
const DOCS: &str = "docs:";

/// Where the report files what this stage decides.
const STAGE: &str = "names";

/// The docs key of a docs schema: its body's `{operationId}/request|response`, else its section
/// (`page.md#anchor`, the schema's source).
fn docs_key(docs: &Model, name: &str) -> Option<String> {
    for op in &docs.operations {
        if op.request == name {
            return Some(format!("{}/request", op.id));
        }
        if op.response == name {
            return Some(format!("{}/response", op.id));
        }
    }
    docs.schemas.get(name)?.source.clone()
}

/// Before the merge: each spec schema whose name is new to the names file and that pairs with a
/// docs schema the committed spec had takes that schema's name (and keeps it from then on).
pub fn adopt(base: &mut Model, docs: &Model, ledger: &mut Ledger, report: &mut Report) {
    let operations = matching::operations(docs, base);
    let pairs = matching::schemas(docs, base, &operations);
    let mut renames: Vec<(String, String)> = Vec::new();
    for pair in &pairs {
        if ledger.is_recorded_name(&pair.openapi) {
            continue;
        }
        let Some(key) = docs_key(docs, &pair.docs) else {
            continue;
        };
        let Some(name) = ledger.recorded(&format!("{DOCS}{key}")) else {
            continue;
        };
        let taken = base.schemas.contains_key(name) || renames.iter().any(|(_, to)| to == name);
        if name != pair.openapi && !taken {
            renames.push((pair.openapi.clone(), name.to_owned()));
        }
    }
    for (from, to) in renames {
        base.rename(&from, &to);
        ledger.rename_given(&from, &to);
        report.push(
            STAGE,
            0,
            Severity::Note,
            format!("`{from}` of the spec pairs with the docs' `{to}`, the name the committed spec gave it: kept"),
        );
    }
}

/// After the merge: records the schemas the base took from the docs under their docs keys.
pub fn record(base: &Model, docs: &Model, ledger: &mut Ledger) {
    for (name, schema) in &base.schemas {
        let from_docs = schema.source.as_deref().is_some_and(|source| {
            source.starts_with("operations/") || source.starts_with("guidelines/")
        });
        if !from_docs || !docs.schemas.contains_key(name) {
            continue;
        }
        if let Some(key) = docs_key(docs, name) {
            ledger.give(&format!("{DOCS}{key}"), name);
        }
    }
}
