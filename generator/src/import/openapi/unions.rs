//! Mews' two union layouts as the dialect writes them.
//!
//! - Sibling: an object with a `Discriminator` enum and one nullable object property per value
//!   (`OrderItemData`) → `x-union` sibling.
//! - Adjacent: an inline `x-coproduct: true` object with a `Discriminator` enum and a `Value`
//!   that is a `oneOf` of payloads, with no mapping from value to payload. Each payload is
//!   matched to the value its schema name, title or `x-schema-id` starts with (the longest
//!   such value); what matches nothing is reported and its arm keeps the raw JSON.

use crate::json::Value;

use super::context::Context;
use super::schemas;
use super::tree::{child, ref_name, single, str_of};
use crate::import::model::{Arm, Kind, Layout, Property, Schema, Ty, Union};
use crate::import::naming;
use crate::import::report::Severity;

/// The values of the enum a `Discriminator` property refers to.
fn enum_values(cx: &Context<'_>, ty: &Ty) -> Option<(String, Vec<String>)> {
    let Ty::Ref(name) = ty else { return None };
    let values = cx.tree.schema(name)?.get("enum")?.as_array()?;
    let values = values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    Some((name.clone(), values))
}

/// Whether a component is an object with properties (a payload a sibling arm can hold).
fn is_object(cx: &Context<'_>, ty: &Ty) -> bool {
    let Ty::Ref(name) = ty else { return false };
    cx.tree
        .schema(name)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// The sibling layout, when every value of the `Discriminator` enum has a nullable object
/// property of its name and the object has no other property.
pub fn sibling(cx: &mut Context<'_>, properties: &[Property], pointer: &str) -> Option<Union> {
    let discriminator = properties.iter().find(|p| p.name == "Discriminator")?;
    let (enum_name, values) = enum_values(cx, &discriminator.ty)?;
    let others: Vec<&Property> = properties
        .iter()
        .filter(|p| p.name != "Discriminator")
        .collect();
    let armed: Vec<&&Property> = others
        .iter()
        .filter(|p| values.contains(&p.name) && is_object(cx, &p.ty))
        .collect();
    if armed.is_empty() {
        return None;
    }
    if armed.len() != values.len() || others.len() != values.len() {
        cx.issue(
            Severity::Note,
            pointer,
            format!(
                "a Discriminator (`{enum_name}`) with {} object properties named after its {} values and {} other properties: not a sibling union, kept as an object",
                armed.len(),
                values.len(),
                others.len() - armed.len()
            ),
        );
        return None;
    }
    let arms = values
        .iter()
        .map(|value| Arm {
            value: value.clone(),
            property: Some(value.clone()),
            schema: others
                .iter()
                .find(|p| &p.name == value)
                .and_then(|p| p.ty.referenced())
                .map(str::to_owned),
            fetch: None,
        })
        .collect();
    Some(Union {
        layout: Layout::Sibling,
        discriminator: "Discriminator".to_owned(),
        arms,
    })
}

/// The names, plus each without the words it shares at its start with the discriminator's enum
/// (`RuleActionProductData` of `RuleActionDiscriminator` → `ProductData`).
fn without_common_prefix(names: &[String], enum_name: &str) -> Vec<String> {
    let mut out = names.to_vec();
    for name in names {
        let shared = name
            .char_indices()
            .zip(enum_name.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((index, _), _)| index)
            .last();
        // Cut at the last word start (an uppercase letter) inside the shared part.
        let cut = shared.and_then(|end| {
            name.char_indices()
                .skip(1)
                .take_while(|(index, _)| *index <= end + 1)
                .filter(|(_, c)| c.is_ascii_uppercase())
                .map(|(index, _)| index)
                .last()
        });
        if let Some(rest) = cut.and_then(|cut| name.get(cut..)) {
            out.push(rest.to_owned());
        }
    }
    out
}

/// One payload of a `oneOf`: its schema and the names it can be matched by.
struct Payload {
    schema: String,
    names: Vec<String>,
    pointer: String,
}

/// An `x-coproduct` object → an adjacent union schema of its own; the reference to it.
pub fn coproduct(cx: &mut Context<'_>, schema: &Value, pointer: &str, hints: &[String]) -> Ty {
    let key = schemas::inline_key(schema, pointer);
    if let Some(name) = cx.inline.get(&key) {
        return Ty::Ref(name.clone());
    }
    let properties = child(pointer, "properties");
    let discriminator_at = child(&properties, "Discriminator");
    let discriminator = match schema.pointer("/properties/Discriminator") {
        Some(value) => schemas::property(cx, "", "Discriminator", value, true, &discriminator_at),
        None => {
            cx.issue(
                Severity::Degraded,
                pointer,
                "x-coproduct without a Discriminator: any JSON",
            );
            return Ty::Any;
        }
    };
    let Some((enum_name, values)) = enum_values(cx, &discriminator.ty) else {
        cx.issue(
            Severity::Degraded,
            &discriminator_at,
            "the Discriminator of an x-coproduct is not a string enum: any JSON",
        );
        return Ty::Any;
    };
    let name = cx.name_for(&key, hints);
    cx.inline.insert(key, name.clone());
    let value_at = child(&properties, "Value");
    let value = schema
        .pointer("/properties/Value")
        .cloned()
        .unwrap_or(Value::Null);
    let payloads = payloads(cx, &value, &value_at, &name);
    let mut arms: Vec<Arm> = values
        .iter()
        .map(|value| Arm {
            value: value.clone(),
            property: None,
            schema: None,
            fetch: None,
        })
        .collect();
    cx.payloads.0 += payloads.len();
    for payload in payloads {
        let names = without_common_prefix(&payload.names, &enum_name);
        let matched = values
            .iter()
            .filter(|value| names.iter().any(|name| name.starts_with(value.as_str())))
            .max_by_key(|value| value.len());
        let arm = matched.and_then(|value| arms.iter_mut().find(|arm| &arm.value == value));
        match arm {
            Some(arm) if arm.schema.is_none() => {
                arm.schema = Some(payload.schema);
                cx.payloads.1 += 1;
            }
            Some(arm) => cx.issue(
                Severity::Degraded,
                &payload.pointer,
                format!(
                    "payload `{}` and `{}` both match the value `{}` of `{enum_name}`; the first is kept",
                    payload.schema,
                    arm.schema.as_deref().unwrap_or_default(),
                    arm.value
                ),
            ),
            None => cx.issue(
                Severity::Degraded,
                &payload.pointer,
                format!(
                    "payload `{}` matches no value of `{enum_name}` by name, title or x-schema-id; its arm stays raw JSON (the overlay can type it)",
                    payload.schema
                ),
            ),
        }
    }
    let mut value_property = Property::new("Value", Ty::Any);
    value_property.nullable = true;
    value_property.source = Some(value_at);
    let mut union = Schema::new(Kind::Object {
        properties: vec![discriminator, value_property],
        union: Some(Union {
            layout: Layout::Adjacent {
                value: "Value".to_owned(),
            },
            discriminator: "Discriminator".to_owned(),
            arms,
        }),
    });
    union.source = Some(pointer.to_owned());
    if cx.descriptions {
        union.description = str_of(schema, "description").map(str::to_owned);
    }
    cx.add_schema(&name, union);
    Ty::Ref(name)
}

/// The payloads of a `Value: {oneOf: [...]}` (or a single payload): components by reference,
/// inline objects as schemas of their own.
fn payloads(cx: &mut Context<'_>, value: &Value, pointer: &str, union: &str) -> Vec<Payload> {
    let members: Vec<(String, &Value)> = match value.get("oneOf").and_then(Value::as_array) {
        Some(members) => members
            .iter()
            .enumerate()
            .map(|(index, member)| (child(&child(pointer, "oneOf"), &index.to_string()), member))
            .collect(),
        None => match single(value, "allOf").or_else(|| value.get("$ref").map(|_| value)) {
            Some(member) => vec![(pointer.to_owned(), member)],
            None => Vec::new(),
        },
    };
    let mut out = Vec::new();
    for (at, member) in members {
        if let Some(name) = ref_name(member) {
            let target = cx.tree.schema(name);
            let mut names = vec![name.to_owned()];
            names.extend(
                ["title", "x-schema-id"]
                    .iter()
                    .filter_map(|key| target.and_then(|t| str_of(t, key)))
                    .map(naming::camel),
            );
            out.push(Payload {
                schema: name.to_owned(),
                names,
                pointer: at,
            });
            continue;
        }
        let title = str_of(member, "title").unwrap_or_default().to_owned();
        if member.get("type").and_then(Value::as_str) != Some("object") {
            cx.issue(
                Severity::Degraded,
                &at,
                "a payload that is neither a $ref nor an object: its arm stays raw JSON",
            );
            continue;
        }
        let name = cx.name_for(&at, &[title.clone(), format!("{union} payload")]);
        let converted = schemas::component(cx, &name, member, &at);
        cx.add_schema(&name, converted);
        out.push(Payload {
            schema: name.clone(),
            names: vec![name, naming::camel(&title)],
            pointer: at,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_the_words_they_share_with_the_enum() {
        let names = without_common_prefix(
            &["RuleActionProductData".to_owned()],
            "RuleActionDiscriminator",
        );
        assert_eq!(names, ["RuleActionProductData", "ProductData"]);
        // A shared part that ends inside a word cuts at that word's start.
        let names = without_common_prefix(&["ServiceData".to_owned()], "ServiceDataDiscriminator");
        assert_eq!(names, ["ServiceData", "Data"]);
        assert_eq!(
            without_common_prefix(
                &["BookableServiceData".to_owned()],
                "ServiceDataDiscriminator"
            ),
            ["BookableServiceData"]
        );
    }
}
