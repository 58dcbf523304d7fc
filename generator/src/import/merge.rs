//! Copies of a schema that the names file keeps as one (two pages' copies of an enum, once
//! identical, now differing): one schema that accepts what each copy describes. An enum gets
//! every copy's values, an object every copy's properties (one only some copies list is not
//! required), a union every copy's arms. Where the copies disagree beyond that (another type
//! for the same property, another kind), the first copy's answer stands and the note says so.

use super::model::{Kind, Property};

/// Merges `theirs` into `ours`; says what was added, for the report (`; adds ...`).
pub fn kinds(ours: &mut Kind, theirs: Kind) -> String {
    let mut added: Vec<String> = Vec::new();
    let mut kept = false;
    match (ours, theirs) {
        (Kind::Enum(values), Kind::Enum(other)) => {
            for value in other {
                if !values.contains(&value) {
                    added.push(format!("value `{value}`"));
                    values.push(value);
                }
            }
        }
        (
            Kind::Object { properties, union },
            Kind::Object {
                properties: other,
                union: other_union,
            },
        ) => {
            for property in properties.iter_mut() {
                if !other.iter().any(|p| p.name == property.name) {
                    optional(property);
                }
            }
            for property in other {
                match properties.iter().find(|p| p.name == property.name) {
                    Some(existing) => kept |= existing.ty != property.ty,
                    None => {
                        added.push(format!("property `{}`", property.name));
                        let mut property = property;
                        optional(&mut property);
                        properties.push(property);
                    }
                }
            }
            match (union, other_union) {
                (Some(union), Some(other)) if union.layout == other.layout => {
                    for arm in other.arms {
                        if !union.arms.iter().any(|a| a.value == arm.value) {
                            added.push(format!("arm `{}`", arm.value));
                            union.arms.push(arm);
                        }
                    }
                }
                (None, None) => {}
                _ => kept = true,
            }
        }
        _ => kept = true,
    }
    let mut out = String::new();
    if !added.is_empty() {
        out.push_str(&format!("; adds {}", added.join(", ")));
    }
    if kept {
        out.push_str("; where they disagree otherwise, the first copy's answer is kept");
    }
    out
}

/// A property not every copy lists: not required by the docs' contract.
fn optional(property: &mut Property) {
    property.documented_required = false;
}
