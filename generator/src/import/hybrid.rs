//! Hybrid identifiers: the docs type some identifiers `string [Hybrid identifier]` (a UUID, or
//! `eid:` and the entity's external identifier); the official spec types them plain strings.
//! The flag is carried from the docs to the matching property of the merged model, where the
//! spec writer turns it into `format: hybrid-identifier` (a typed `HybridId` in the bindings).

use crate::crosscheck::matching::Pair;

use super::model::{Kind, Model, Ty};

/// Flags each property of `merged` that the docs call a hybrid identifier, when its merged type
/// is still a string (or an array of strings) without a format: a UUID format the sources
/// settled on wins.
pub fn carry(docs: &Model, merged: &mut Model, pairs: &[Pair]) {
    for pair in pairs {
        let Some(Kind::Object { properties, .. }) = docs.schemas.get(&pair.docs).map(|s| &s.kind)
        else {
            continue;
        };
        let hybrid: Vec<&str> = properties
            .iter()
            .filter(|property| property.hybrid_identifier)
            .map(|property| property.name.as_str())
            .collect();
        if hybrid.is_empty() {
            continue;
        }
        let Some(Kind::Object { properties, .. }) =
            merged.schemas.get_mut(&pair.openapi).map(|s| &mut s.kind)
        else {
            continue;
        };
        for property in properties
            .iter_mut()
            .filter(|property| hybrid.contains(&property.name.as_str()))
        {
            if is_plain_string(&property.ty) {
                property.hybrid_identifier = true;
            }
        }
    }
}

/// A string without a format, or an array of them.
pub fn is_plain_string(ty: &Ty) -> bool {
    match ty {
        Ty::String(None) => true,
        Ty::Array(item) => is_plain_string(item),
        _ => false,
    }
}
