//! The comparison of two lowered APIs: operations, then every type by name.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Class, Target};
use crate::ir::{Api, Operation, Shape, TypeDef, TypeRef};

/// Where a type is used: in requests (callers build it) and/or responses (callers read it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

pub(super) struct Comparer<'a> {
    pub changes: Vec<Change>,
    /// Usage of every type in either API.
    pub usage: BTreeMap<String, Usage>,
    pub old: BTreeMap<&'a str, &'a TypeDef>,
    pub new: BTreeMap<&'a str, &'a TypeDef>,
    /// Properties whose named type changed, for `split`.
    pub retyped: Vec<super::types::Retyped>,
}

impl Comparer<'_> {
    /// Records a change and returns it, to set its facet values.
    pub fn push(
        &mut self,
        class: Class,
        kind: &'static str,
        target: Target,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Change {
        self.changes
            .push(Change::new(class, kind, target, path, message));
        let last = self.changes.len() - 1;
        &mut self.changes[last]
    }

    pub fn usage_of(&self, name: &str) -> Usage {
        self.usage.get(name).copied().unwrap_or_default()
    }
}

/// Usage of every type of either API (a type used by requests in either counts as a request type).
pub fn usage(old: &Api, new: &Api) -> BTreeMap<String, Usage> {
    let mut usage = usage_of(old);
    for (name, used) in usage_of(new) {
        let entry = usage.entry(name).or_default();
        entry.request |= used.request;
        entry.response |= used.response;
    }
    usage
}

fn by_name(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types
        .iter()
        .map(|def| (def.name.as_str(), def))
        .collect()
}

/// Every change from `old` to `new`: operations first, then types by name.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut comparer = Comparer {
        changes: Vec::new(),
        usage: usage(old, new),
        old: by_name(old),
        new: by_name(new),
        retyped: Vec::new(),
    };
    operations(&mut comparer, old, new);
    super::events::compare(&mut comparer, old, new);
    let names: BTreeSet<&str> = comparer
        .old
        .keys()
        .chain(comparer.new.keys())
        .copied()
        .collect();
    for name in names {
        match (
            comparer.old.get(name).copied(),
            comparer.new.get(name).copied(),
        ) {
            (Some(_), None) => {
                comparer.push(
                    Class::Breaking,
                    "schema-removed",
                    Target::Schema,
                    name,
                    "schema removed",
                );
            }
            (None, Some(def)) => {
                comparer.push(
                    Class::Additive,
                    "schema-added",
                    Target::Schema,
                    name,
                    format!("schema added ({})", super::types::shape_name(&def.shape)),
                );
            }
            (Some(old), Some(new)) => super::types::type_def(&mut comparer, old, new),
            (None, None) => {}
        }
    }
    super::split::properties(&mut comparer);
    comparer.changes
}

fn operations(comparer: &mut Comparer<'_>, old: &Api, new: &Api) {
    for op in &old.operations {
        if !new.operations.iter().any(|other| other.id == op.id) {
            comparer.push(
                Class::Breaking,
                "operation-removed",
                Target::Operation,
                &op.id,
                format!("operation removed ({})", op.path),
            );
        }
    }
    for op in &new.operations {
        match old.operations.iter().find(|other| other.id == op.id) {
            None => {
                comparer.push(
                    Class::Additive,
                    "operation-added",
                    Target::Operation,
                    &op.id,
                    format!("operation added ({})", op.path),
                );
            }
            Some(old_op) => operation(comparer, old_op, op),
        }
    }
}

fn operation(comparer: &mut Comparer<'_>, old: &Operation, new: &Operation) {
    let id = new.id.as_str();
    let op = Target::Operation;
    for (kind, what, a, b) in [
        (
            "request-type-changed",
            "request type",
            &old.request,
            &new.request,
        ),
        (
            "response-type-changed",
            "response type",
            &old.response,
            &new.response,
        ),
        ("method-renamed", "method", &old.method, &new.method),
    ] {
        if a != b {
            comparer
                .push(
                    Class::Breaking,
                    kind,
                    op,
                    id,
                    format!("{what} `{a}` → `{b}`"),
                )
                .set(a, b);
        }
    }
    if old.path != new.path {
        comparer
            .push(
                Class::Additive,
                "path-changed",
                op,
                id,
                format!("path `{}` → `{}` (same Rust method)", old.path, new.path),
            )
            .set(&old.path, &new.path);
    }
    match (&old.pagination, &new.pagination) {
        (None, Some(paged)) => {
            comparer.push(
                Class::Additive,
                "pagination-added",
                op,
                id,
                format!(
                    "now paginated over `{}` (adds the paging methods)",
                    paged.items_field
                ),
            );
        }
        (Some(_), None) => {
            comparer.push(
                Class::Breaking,
                "pagination-removed",
                op,
                id,
                "no longer paginated (the paging methods go)",
            );
        }
        (Some(a), Some(b)) if a != b && same_paging_api(a, b) => {
            // Only what a stream does with it: which filters it splits, how it knows an item.
            let splits = |p: &crate::ir::Pagination| {
                let fields: Vec<&str> = p.splits.iter().map(|s| s.json.as_str()).collect();
                format!("[{}]", fields.join(", "))
            };
            let (before, after) = (splits(a), splits(b));
            comparer
                .push(
                    Class::Additive,
                    "pagination-splits-changed",
                    op,
                    id,
                    format!(
                        "streams split the filters {before} → {after} (the paging methods are unchanged)"
                    ),
                )
                .set(before, after);
        }
        (Some(a), Some(b)) if a != b => {
            comparer
                .push(
                    Class::Breaking,
                    "pagination-changed",
                    op,
                    id,
                    format!("pagination over `{}` → `{}`", a.items_field, b.items_field),
                )
                .set(&a.items_field, &b.items_field);
        }
        _ => {}
    }
    if old.retry_safe != new.retry_safe {
        let now = if new.retry_safe {
            "now retry-safe (retried after timeouts and 5xx)"
        } else {
            "no longer retry-safe"
        };
        comparer.push(Class::Additive, "retry-safety-changed", op, id, now);
    }
    if old.enterprise_scope != new.enterprise_scope {
        comparer.push(
            Class::Additive,
            "enterprise-scope-changed",
            op,
            id,
            format!(
                "default enterprise goes into {:?} → {:?}",
                old.enterprise_scope, new.enterprise_scope
            ),
        );
    }
    deprecation(
        comparer,
        op,
        id,
        note(&old.deprecated),
        note(&new.deprecated),
    );
}

/// A deprecation's note (empty when it has none), for the facet of a `deprecated` line.
pub(super) fn note(deprecated: &Option<crate::ir::Deprecation>) -> Option<String> {
    deprecated
        .as_ref()
        .map(|d| d.note.clone().unwrap_or_default())
}

/// `deprecated` / `undeprecated`, with the notes as the facet.
pub(super) fn deprecation(
    comparer: &mut Comparer<'_>,
    target: Target,
    path: &str,
    old: Option<String>,
    new: Option<String>,
) {
    match (old, new) {
        (None, Some(note)) => {
            let message = if note.is_empty() {
                "now deprecated".to_owned()
            } else {
                format!("now deprecated: {note}")
            };
            comparer
                .push(Class::Additive, "deprecated", target, path, message)
                .new = Some(note);
        }
        (Some(note), None) => {
            comparer
                .push(
                    Class::Additive,
                    "undeprecated",
                    target,
                    path,
                    "no longer deprecated",
                )
                .old = Some(note);
        }
        _ => {}
    }
}

impl Change {
    /// Sets the facet before and after from displayable values.
    pub(super) fn set(&mut self, old: impl ToString, new: impl ToString) {
        self.old = Some(old.to_string());
        self.new = Some(new.to_string());
    }
}

/// Reachability of every type from the operations' request and response types.
fn usage_of(api: &Api) -> BTreeMap<String, Usage> {
    let types = by_name(api);
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    // Event messages are received, like responses.
    let roots = api
        .operations
        .iter()
        .flat_map(|op| [(&op.request, true), (&op.response, false)])
        .chain(api.events.iter().map(|event| (&event.message, false)));
    {
        for (root, request) in roots {
            let mut stack = vec![root.clone()];
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let entry = usage.entry(name.clone()).or_default();
                if request {
                    entry.request = true;
                } else {
                    entry.response = true;
                }
                let Some(def) = types.get(name.as_str()) else {
                    continue;
                };
                stack.extend(references(&def.shape).into_iter().map(str::to_owned));
            }
        }
    }
    usage
}

/// The named types a shape refers to.
pub(super) fn references(shape: &Shape) -> Vec<&str> {
    match shape {
        Shape::Struct(object) => object.fields.iter().filter_map(|f| f.ty.named()).collect(),
        Shape::Union(union) => union
            .arms
            .iter()
            .filter_map(|arm| arm.payload.as_ref().and_then(TypeRef::named))
            .chain(union.discriminator_enum.as_deref())
            .collect(),
        Shape::Alias(target) => target.named().into_iter().collect(),
        Shape::Enum(_) => Vec::new(),
    }
}

/// Whether two paginations give the same paging methods and wire (they may differ in the filters
/// a stream splits and the item identity it deduplicates by).
fn same_paging_api(a: &crate::ir::Pagination, b: &crate::ir::Pagination) -> bool {
    let api = |p: &crate::ir::Pagination| crate::ir::Pagination {
        item_id: None,
        splits: Vec::new(),
        ..p.clone()
    };
    api(a) == api(b)
}
