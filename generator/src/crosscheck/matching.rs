//! Which operation of one source is which of the other, and which schemas correspond: the two
//! sources name schemas differently (docs titles, OpenAPI component names), so pairs are found by
//! walking both sides from the operations' bodies, property by property, and only then by name.

use std::collections::{BTreeSet, VecDeque};

use crate::import::model::{Kind, Model, Operation, Ty};

/// Two schemas that describe the same thing, and the operation that first reached them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub docs: String,
    pub openapi: String,
    pub operation: String,
    /// Found by name only, not through a body.
    pub by_name: bool,
}

/// The operations of both sources, matched.
#[derive(Clone, Debug, Default)]
pub struct Operations<'a> {
    pub both: Vec<(&'a Operation, &'a Operation)>,
    pub only_docs: Vec<&'a Operation>,
    pub only_openapi: Vec<&'a Operation>,
}

/// An operation's identity across sources: its path (`/api/connector/v1/orders/add`), else its
/// id with the hyphens of dated versions read as underscores.
fn keys(op: &Operation) -> [String; 2] {
    [
        op.path.to_lowercase(),
        op.id.replace('-', "_").to_lowercase(),
    ]
}

pub fn operations<'a>(docs: &'a Model, openapi: &'a Model) -> Operations<'a> {
    let mut out = Operations::default();
    let mut taken = BTreeSet::new();
    // Each side's keys once (not for every pair).
    let others: Vec<[String; 2]> = openapi.operations.iter().map(keys).collect();
    for op in &docs.operations {
        let [path, id] = keys(op);
        let found = openapi
            .operations
            .iter()
            .zip(&others)
            .enumerate()
            .find(|(index, (_, [other_path, other_id]))| {
                !taken.contains(index) && (*other_path == path || *other_id == id)
            })
            .map(|(index, (other, _))| (index, other));
        match found {
            Some((index, other)) => {
                taken.insert(index);
                out.both.push((op, other));
            }
            None => out.only_docs.push(op),
        }
    }
    out.only_openapi = openapi
        .operations
        .iter()
        .enumerate()
        .filter(|(index, _)| !taken.contains(index))
        .map(|(_, op)| op)
        .collect();
    out
}

/// The schemas both sources use for the same thing: the bodies of matched operations, then
/// everything reached from them through properties of the same name and arms of the same
/// value, then schemas of the same name that the walk did not reach.
pub fn schemas(docs: &Model, openapi: &Model, operations: &Operations<'_>) -> Vec<Pair> {
    let mut queue = VecDeque::new();
    for (d, o) in &operations.both {
        queue.push_back((d.request.clone(), o.request.clone(), d.id.clone()));
        queue.push_back((d.response.clone(), o.response.clone(), d.id.clone()));
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut seen_docs = BTreeSet::new();
    let mut seen_openapi = BTreeSet::new();
    // Then the schemas both sources carry as a property's untyped JSON (`x-carried-by`), paired
    // by name, and what they reach: no operation's walk gets to them.
    let carried: Vec<(String, String, String)> = docs
        .schemas
        .iter()
        .filter_map(|(name, schema)| {
            let (carrier, property) = schema.carried_by.as_ref()?;
            openapi
                .schemas
                .get(name)
                .filter(|other| other.carried_by.is_some())
                .map(|_| {
                    (
                        name.clone(),
                        name.clone(),
                        format!("carried by {carrier}.{property}"),
                    )
                })
        })
        .collect();
    let mut carried = carried.into_iter();
    while let Some((d, o, operation)) = queue.pop_front().or_else(|| carried.next()) {
        if !seen_docs.insert(d.clone()) {
            seen_openapi.insert(o);
            continue;
        }
        seen_openapi.insert(o.clone());
        let (Some(ds), Some(os)) = (docs.schemas.get(&d), openapi.schemas.get(&o)) else {
            continue;
        };
        if let (
            Kind::Object {
                properties: dp,
                union: du,
            },
            Kind::Object {
                properties: op,
                union: ou,
            },
        ) = (&ds.kind, &os.kind)
        {
            for property in dp {
                if let Some(other) = op.iter().find(|p| p.name == property.name) {
                    if let Some((a, b)) = referenced_pair(docs, openapi, &property.ty, &other.ty) {
                        queue.push_back((a, b, operation.clone()));
                    }
                }
            }
            if let (Some(du), Some(ou)) = (du, ou) {
                for arm in &du.arms {
                    let other = ou.arms.iter().find(|a| a.value == arm.value);
                    if let (Some(a), Some(b)) =
                        (arm.schema.clone(), other.and_then(|a| a.schema.clone()))
                    {
                        queue.push_back((a, b, operation.clone()));
                    }
                }
            }
        }
        pairs.push(Pair {
            docs: d,
            openapi: o,
            operation,
            by_name: false,
        });
    }
    for name in docs.schemas.keys() {
        if !seen_docs.contains(name)
            && !seen_openapi.contains(name)
            && openapi.schemas.contains_key(name)
        {
            pairs.push(Pair {
                docs: name.clone(),
                openapi: name.clone(),
                operation: String::new(),
                by_name: true,
            });
        }
    }
    pairs
}

/// The schemas two property types name at the same place (through arrays, maps and aliases).
fn referenced_pair(docs: &Model, openapi: &Model, a: &Ty, b: &Ty) -> Option<(String, String)> {
    match (resolved(docs, a), resolved(openapi, b)) {
        (Ty::Ref(a), Ty::Ref(b)) => Some((a.clone(), b.clone())),
        (Ty::Array(a), Ty::Array(b)) | (Ty::Map(a), Ty::Map(b)) => {
            referenced_pair(docs, openapi, a, b)
        }
        _ => None,
    }
}

/// A type with named aliases (`type: object` dictionaries, renamed strings) replaced by what
/// they stand for, so an inline map in one source meets a named one in the other.
pub fn resolved<'a>(model: &'a Model, ty: &'a Ty) -> &'a Ty {
    let mut ty = ty;
    for _ in 0..8 {
        match ty {
            Ty::Ref(name) => match model.schemas.get(name).map(|s| &s.kind) {
                Some(Kind::Alias(inner)) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}
