//! A property whose type became another named type. Said alone (`type Rate → RateV2`), the
//! change hides what the old type had that the new one lacks: a type Mews split in two drops
//! properties in each half. So each such property is followed by the comparison of the two
//! types, field by field (or value by value), under the property's path; and the property's own
//! line says whether the old type was split (its uses now go to several types, or it lives on
//! beside the new one) or merged (several old types, or an existing one, took its uses).

use std::collections::{BTreeMap, BTreeSet};

use super::compare::Comparer;
use super::types::{enums, field_type, structs};
use super::{Class, Target};
use crate::ir::Shape;

pub(super) fn properties(comparer: &mut Comparer<'_>) {
    let retyped = std::mem::take(&mut comparer.retyped);
    let mut into: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let pairs: Vec<(String, String)> = retyped
        .iter()
        .map(|r| {
            let name = |ty: &crate::ir::TypeRef| ty.named().unwrap_or_default().to_owned();
            (name(&r.old.ty), name(&r.new.ty))
        })
        .collect();
    for (a, b) in &pairs {
        into.entry(a.clone()).or_default().insert(b.clone());
        from.entry(b.clone()).or_default().insert(a.clone());
    }
    for (r, (a, b)) in retyped.iter().zip(&pairs) {
        let a_lives = comparer.new.contains_key(a.as_str());
        let b_existed = comparer.old.contains_key(b.as_str());
        let halves = &into[a];
        let sources = &from[b];
        let list = |names: &BTreeSet<String>| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (kind, how) = if halves.len() >= 2 || (a_lives && !b_existed) {
            let mut parts = halves.clone();
            if a_lives {
                parts.insert(a.clone());
            }
            (
                "type-split",
                format!(" (`{a}` split into {})", list(&parts)),
            )
        } else if sources.len() >= 2 || (b_existed && !a_lives) {
            let mut parts = sources.clone();
            if b_existed {
                parts.insert(b.clone());
            }
            (
                "type-merged",
                format!(" ({} merged into `{b}`)", list(&parts)),
            )
        } else {
            ("type-changed", String::new())
        };
        let (old_ty, new_ty) = (field_type(&r.old), field_type(&r.new));
        comparer
            .push(
                Class::Breaking,
                kind,
                Target::Property,
                &r.path,
                format!("type `{old_ty}` → `{new_ty}`{how}"),
            )
            .set(old_ty, new_ty);
        let (Some(old), Some(new)) = (comparer.old.get(a.as_str()), comparer.new.get(b.as_str()))
        else {
            continue;
        };
        match (old.shape.clone(), new.shape.clone()) {
            (Shape::Struct(x), Shape::Struct(y)) => structs(comparer, &r.path, b, &x, &y, false),
            (Shape::Enum(x), Shape::Enum(y)) => enums(comparer, &r.path, &x, &y),
            _ => {}
        }
    }
}
