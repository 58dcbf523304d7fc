//! Recursive schemas: a type that contains itself by value (directly, or through other types,
//! aliases or union arms) has infinite size in Rust. The fields and arms on such a cycle are
//! boxed; a `Vec` or map already breaks the size, so uses through them are left alone. A cycle
//! made only of aliases (`A: $ref A`, `L: array of L`) names no type at all and is rejected.

use std::collections::BTreeMap;

use super::{Shape, TypeDef, TypeRef};
use crate::error::Diagnostic;

/// Boxes the by-value uses that close a cycle; errors for alias-only cycles.
pub(super) fn resolve(types: &mut [TypeDef]) -> Vec<Diagnostic> {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect();
    let lookup = |name: Option<&str>| name.and_then(|name| index.get(name).copied());

    // Aliases refer to their target whatever the container: `type L = Vec<L>` is a cycle too.
    let alias_edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.shape {
            Shape::Alias(target) => lookup(target.named()).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let alias_components = components(&alias_edges);
    let mut sizes = vec![0usize; types.len()];
    for &c in &alias_components {
        sizes[c] += 1;
    }
    let mut diagnostics = Vec::new();
    for (i, def) in types.iter().enumerate() {
        if alias_edges[i].contains(&i) || sizes[alias_components[i]] > 1 {
            diagnostics.push(Diagnostic::at(
                &def.pointer,
                format!(
                    "`{}` is defined only in terms of itself (a cycle of references and arrays with no object in it)",
                    def.name
                ),
            ));
        }
    }
    if !diagnostics.is_empty() {
        return diagnostics;
    }

    // Containment by value: struct fields and union arms not behind a `Vec` or map, and aliases.
    let value_edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let uses: Vec<&TypeRef> = match &def.shape {
                Shape::Struct(object) => object.fields.iter().map(|field| &field.ty).collect(),
                Shape::Union(union) => union
                    .arms
                    .iter()
                    .filter_map(|arm| arm.payload.as_ref())
                    .collect(),
                Shape::Alias(target) => vec![target],
                Shape::Enum(_) => Vec::new(),
            };
            uses.into_iter()
                .filter_map(|ty| lookup(by_value(ty)))
                .collect()
        })
        .collect();
    let component = components(&value_edges);
    let in_cycle = |from: usize, ty: &TypeRef| {
        lookup(by_value(ty)).is_some_and(|to| component[to] == component[from])
    };
    for (i, def) in types.iter_mut().enumerate() {
        match &mut def.shape {
            Shape::Struct(object) => {
                for field in &mut object.fields {
                    if in_cycle(i, &field.ty) {
                        box_in_place(&mut field.ty);
                    }
                }
            }
            Shape::Union(union) => {
                for payload in union.arms.iter_mut().filter_map(|arm| arm.payload.as_mut()) {
                    if in_cycle(i, payload) {
                        box_in_place(payload);
                    }
                }
            }
            Shape::Alias(_) | Shape::Enum(_) => {}
        }
    }
    diagnostics
}

/// The named type a use holds by value: itself, or inside the update-value wrapper.
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::UpdateValue(inner) | TypeRef::Boxed(inner) => by_value(inner),
        _ => None,
    }
}

/// `T` → `Box<T>`; `UpdateValue<T>` → `UpdateValue<Box<T>>`.
fn box_in_place(ty: &mut TypeRef) {
    match ty {
        TypeRef::UpdateValue(inner) => box_in_place(inner),
        TypeRef::Named(_) => {
            let named = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(named));
        }
        _ => {}
    }
}

/// Strongly connected components (Kosaraju, iterative): the component number of each node.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&to) = edges[*node].get(*next) {
                *next += 1;
                if !visited[to] {
                    visited[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = count;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
        count += 1;
    }
    component
}
