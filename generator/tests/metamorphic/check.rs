//! What a mutation must show in the diff, and the tally of a run.

use std::collections::{BTreeMap, BTreeSet};

use mews_codegen::diff::{self, Class};
use mews_codegen::ir::{Api, Presence, Shape, Struct};

use super::sources::Imported;

/// Something a mutation adds, from which the diff may report new or moved types.
#[derive(Clone, Debug)]
pub enum Root {
    /// A type by its name.
    Type(String),
    /// A docs key or spec key of the names file, resolved after the import.
    DocsKey(String),
    SpecKey(String),
    /// A new operation: its bodies.
    Operation(String),
}

/// What one mutation must show: each line (any of the kinds, at the path), and the roots whose
/// types may be added or moved.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    /// The kind of mutation, for the tally (`docs property`).
    pub kind: &'static str,
    pub what: String,
    pub lines: Vec<(Vec<&'static str>, String)>,
    pub roots: Vec<Root>,
}

impl Expected {
    pub fn new(kind: &'static str, what: impl Into<String>) -> Expected {
        Expected {
            kind,
            what: what.into(),
            ..Expected::default()
        }
    }

    pub fn line(mut self, kinds: &[&'static str], path: impl Into<String>) -> Expected {
        self.lines.push((kinds.to_vec(), path.into()));
        self
    }

    pub fn root(mut self, root: Root) -> Expected {
        self.roots.push(root);
        self
    }
}

/// The counts the run prints, and what went wrong.
#[derive(Default)]
pub struct Tally {
    pub mutations: usize,
    /// Mutations by kind.
    pub kinds: BTreeMap<&'static str, usize>,
    pub lines: usize,
    pub non_additive: usize,
    pub unlisted: usize,
    pub unexplained: usize,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn summary(&self) -> String {
        format!(
            "{} mutations, {} non-additive lines, {} unlisted mutations ({} diff lines, {} not explained by a mutation)",
            self.mutations, self.non_additive, self.unlisted, self.lines, self.unexplained
        )
    }

    /// `docs property 31, spec twin diverges 4, ...`.
    pub fn kinds(&self) -> String {
        self.kinds
            .iter()
            .map(|(kind, count)| format!("{kind} {count}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn clean(&self) -> bool {
        self.non_additive == 0
            && self.unlisted == 0
            && self.unexplained == 0
            && self.failures.is_empty()
    }
}

/// Diffs the imports before and after a mutation and counts what is not as expected.
pub fn check(expected: &Expected, before: &Imported, after: &Imported, tally: &mut Tally) {
    tally.mutations += 1;
    *tally.kinds.entry(expected.kind).or_default() += 1;
    let changes = diff::changes(&before.api, &before.facts, &after.api, &after.facts);
    if after.problems > before.problems {
        tally.failures.push(format!(
            "{}: the import skipped or degraded more",
            expected.what
        ));
    }
    for (key, name) in before
        .names
        .docs
        .entries()
        .iter()
        .chain(&before.names.openapi.entries())
    {
        let kept = after.names.docs.name(key).or(after.names.openapi.name(key));
        if kept != Some(name.as_str()) {
            tally.failures.push(format!(
                "{}: `{key}` was `{name}`, now {kept:?}",
                expected.what
            ));
        }
    }
    let reach = reachable(&after.api, &roots(expected, after));
    tally.lines += changes.len();
    let mut missing = false;
    for (kinds, path) in &expected.lines {
        if !changes
            .iter()
            .any(|c| kinds.contains(&c.kind) && &c.path == path)
        {
            missing = true;
            tally
                .failures
                .push(format!("{}: no {kinds:?} line at {path}", expected.what));
        }
    }
    tally.unlisted += usize::from(missing);
    for change in &changes {
        if change.class == Class::Breaking {
            tally.non_additive += 1;
        }
        let listed = expected
            .lines
            .iter()
            .any(|(kinds, path)| kinds.contains(&change.kind) && path == &change.path);
        // What a mutation reaches may be added, move module, or (a response type now used by a
        // request too) write `None` as a left-out key rather than null: same Rust types.
        let follows = match change.kind {
            "schema-added" | "schema-moved" => reach.contains(&change.path),
            "presence-changed" => reach.contains(change.owner()),
            _ => false,
        };
        if change.class == Class::Breaking || !(listed || follows) {
            if !(listed || follows) {
                tally.unexplained += 1;
            }
            tally.failures.push(format!(
                "{}: {:?} {} {}: {}",
                expected.what, change.class, change.kind, change.path, change.message
            ));
        }
    }
}

fn roots(expected: &Expected, after: &Imported) -> Vec<String> {
    let mut names = Vec::new();
    for root in &expected.roots {
        match root {
            Root::Type(name) => names.push(name.clone()),
            Root::DocsKey(key) => names.extend(after.names.docs.name(key).map(str::to_owned)),
            Root::SpecKey(key) => names.extend(after.names.openapi.name(key).map(str::to_owned)),
            Root::Operation(id) => {
                if let Some(op) = after.api.operations.iter().find(|op| &op.id == id) {
                    names.push(op.request.clone());
                    names.push(op.response.clone());
                }
            }
        }
    }
    names
}

/// The types reachable from `roots` in `api`.
pub fn reachable(api: &Api, roots: &[String]) -> BTreeSet<String> {
    let types: BTreeMap<&str, &Shape> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.shape))
        .collect();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.to_vec();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        match types.get(name.as_str()) {
            Some(Shape::Struct(object)) => stack.extend(
                object
                    .fields
                    .iter()
                    .filter_map(|f| f.ty.named())
                    .map(str::to_owned),
            ),
            Some(Shape::Union(union)) => {
                stack.extend(
                    union
                        .arms
                        .iter()
                        .filter_map(|a| a.payload.as_ref()?.named())
                        .map(str::to_owned),
                );
                stack.extend(union.discriminator_enum.clone());
            }
            Some(Shape::Alias(ty)) => stack.extend(ty.named().map(str::to_owned)),
            _ => {}
        }
    }
    seen
}

/// Whether a property of a type requests use may be typed as `target` (a type name, `None`
/// for one the API does not have yet). A type only responses use may have been loosened by
/// their examples (received types, generator/IMPORT.md); once a request uses it, it is strict
/// again and its fields' Rust types change: a known limit, left out of the mutations. Enums
/// and types requests already reach are safe.
pub fn sendable(api: &Api, target: Option<&str>, request: bool) -> bool {
    let Some(target) = target else {
        return !request;
    };
    !request
        || matches!(shape(api, target), Some(Shape::Enum(_)))
        || request_types(api).contains(target)
}

/// The types requests reach.
pub fn request_types(api: &Api) -> BTreeSet<String> {
    let roots: Vec<String> = api.operations.iter().map(|op| op.request.clone()).collect();
    reachable(api, &roots)
}

/// The kinds an optional property added to the struct `name` is reported as, or `None` when
/// that is breaking (a request struct callers build by literal) or the struct is not there.
pub fn property_kinds(api: &Api, name: &str) -> Option<&'static [&'static str]> {
    let def = api.types.iter().find(|t| t.name == name)?;
    let Shape::Struct(object) = &def.shape else {
        return None;
    };
    if !request_types(api).contains(name) {
        return Some(&["property-added"]);
    }
    buildable(object).then_some(&["optional-request-property-added"][..])
}

/// Mirrors the diff's rule: `Default` or `new()` exists, so callers need no struct literal.
fn buildable(object: &Struct) -> bool {
    let required = object
        .fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .count();
    required == 0 || (required < object.fields.len() && required <= 7)
}

/// Unions by name, each with whether it is a sibling union.
pub type Unions = Vec<(String, bool)>;

/// The unions whose discriminator is the enum `name`, and whether each is a sibling union.
pub fn sharers(api: &Api, name: &str) -> Unions {
    api.types
        .iter()
        .filter_map(|t| match &t.shape {
            Shape::Union(u) if u.discriminator_enum.as_deref() == Some(name) => Some((
                t.name.clone(),
                u.layout == mews_codegen::ir::Layout::Sibling,
            )),
            _ => None,
        })
        .collect()
}

/// The unions a new value of a discriminator enum adds an arm to (`union` and every other
/// union of that discriminator), or `None` when the value would break one: a sibling union
/// needs a property of its own for it.
pub fn arm_unions(api: &Api, union: &str, enum_name: Option<&str>) -> Option<Vec<String>> {
    let mut unions = vec![union.to_owned()];
    for (other, sibling) in enum_name.map(|e| sharers(api, e)).unwrap_or_default() {
        if other != union {
            if sibling
                || matches!(shape(api, union), Some(Shape::Union(u)) if u.layout == mews_codegen::ir::Layout::Sibling)
            {
                return None;
            }
            unions.push(other);
        }
    }
    Some(unions)
}

/// The shape of the type `name`.
pub fn shape<'a>(api: &'a Api, name: &str) -> Option<&'a Shape> {
    api.types.iter().find(|t| t.name == name).map(|t| &t.shape)
}
