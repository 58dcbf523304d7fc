//! Schemas in Mews' dialect → model schemas: the `allOf`/`anyOf` wrappers around `$ref`s
//! unwrapped (their `nullable`, `deprecated`, limits kept on the property), `*Enum` schemas,
//! `*UpdateValue` wrappers as update values, `format` on arrays moved to the items, money as
//! exact `number`, `int32` kept, inline objects named.

use crate::json::Value;

use super::context::Context;
use super::tree::{child, flag, ref_name, single, str_of};
use super::unions;
use crate::import::model::{Kind, Property, Schema, Ty};
use crate::import::report::Severity;

/// Converts a component schema.
pub fn component(cx: &mut Context<'_>, name: &str, schema: &Value, pointer: &str) -> Schema {
    let mut out = if let Some(values) = schema.get("enum") {
        enumeration(cx, values, schema, pointer)
    } else if has_properties(schema) {
        object(cx, name, schema, pointer)
    } else {
        match ty(cx, schema, pointer, &[name.to_owned()]) {
            Ty::Object if is_closed(schema) => Schema::new(Kind::Object {
                properties: Vec::new(),
                union: None,
            }),
            ty => Schema::new(Kind::Alias(ty)),
        }
    };
    out.source = Some(pointer.to_owned());
    out.deprecated = deprecation(schema);
    if cx.descriptions {
        out.description = str_of(schema, "description").map(str::to_owned);
    }
    out
}

fn has_properties(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || schema.get("allOf").is_some() && schema.get("properties").is_some()
}

/// `additionalProperties: false` with no properties: an empty object (Mews' `Unit`).
fn is_closed(schema: &Value) -> bool {
    schema.get("additionalProperties") == Some(&Value::Bool(false))
}

fn enumeration(cx: &mut Context<'_>, values: &Value, schema: &Value, pointer: &str) -> Schema {
    let mut names = Vec::new();
    for (index, value) in values.as_array().into_iter().flatten().enumerate() {
        match value.as_str() {
            Some(text) => names.push(text.to_owned()),
            None => cx.issue(
                Severity::Skipped,
                &child(&child(pointer, "enum"), &index.to_string()),
                format!("enum value {value} is not a string"),
            ),
        }
    }
    if let Some(listed) = schema.get("x-enumNames").and_then(Value::as_array) {
        let listed: Vec<&str> = listed.iter().filter_map(Value::as_str).collect();
        if listed != names.iter().map(String::as_str).collect::<Vec<_>>() {
            cx.issue(
                Severity::Note,
                &child(pointer, "x-enumNames"),
                "x-enumNames differ from the enum values; the values are what goes on the wire",
            );
        }
    }
    // `x-enumDescriptions` say which values are deprecated ("… – deprecated, …").
    let mut out = Schema::new(Kind::Enum(names));
    let descriptions = schema.get("x-enumDescriptions").and_then(Value::as_array);
    for (index, value) in values.as_array().into_iter().flatten().enumerate() {
        let note = descriptions
            .and_then(|all| all.get(index))
            .and_then(Value::as_str)
            .and_then(super::super::deprecation::value_note);
        if let (Some(value), Some(note)) = (value.as_str(), note) {
            out.values_deprecated.insert(value.to_owned(), note);
        }
    }
    out
}

/// An object: its own properties after those of the schemas it extends (`allOf` members).
fn object(cx: &mut Context<'_>, name: &str, schema: &Value, pointer: &str) -> Schema {
    let mut properties: Vec<Property> = Vec::new();
    for (index, base) in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let at = child(&child(pointer, "allOf"), &index.to_string());
        let target = ref_name(base).and_then(|base| cx.tree.schema(base).map(|s| (base, s)));
        match target {
            Some((base, target)) => {
                let base_pointer = format!("{}{base}", super::tree::SCHEMAS);
                properties.extend(own_properties(cx, base, target, &base_pointer));
            }
            None => cx.issue(
                Severity::Skipped,
                &at,
                "an allOf member that is not a $ref to a component: not merged",
            ),
        }
    }
    for property in own_properties(cx, name, schema, pointer) {
        properties.retain(|p| p.name != property.name);
        properties.push(property);
    }
    let union = unions::sibling(cx, &properties, pointer);
    Schema::new(Kind::Object { properties, union })
}

fn own_properties(
    cx: &mut Context<'_>,
    owner: &str,
    schema: &Value,
    pointer: &str,
) -> Vec<Property> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let props = child(pointer, "properties");
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let at = child(&props, name);
            property(
                cx,
                owner,
                name,
                value,
                required.contains(&name.as_str()),
                &at,
            )
        })
        .collect()
}

/// One property, its wrappers unwrapped.
pub fn property(
    cx: &mut Context<'_>,
    owner: &str,
    name: &str,
    schema: &Value,
    required: bool,
    pointer: &str,
) -> Property {
    let hints = [
        str_of(schema, "title").unwrap_or_default().to_owned(),
        format!("{owner} {name}"),
        format!("{owner} {name} data"),
    ];
    let (ty, update_value) = match update_value_of(cx, schema, pointer, &hints) {
        Some(inner) => (inner, true),
        None => (ty(cx, schema, pointer, &hints), false),
    };
    let mut property = Property::new(name, ty);
    property.required = required;
    property.documented_required = required;
    property.update_value = update_value;
    property.nullable = flag(schema, "nullable");
    if flag(schema, "x-mews-legacy-nullable") && !property.nullable {
        property.nullable = true;
        property
            .inferred
            .push("nullable (x-mews-legacy-nullable: legacy data may hold null)".to_owned());
    }
    property.deprecated = deprecation(schema);
    property.max_items = schema.get("maxItems").and_then(Value::as_u64);
    property.max_length = schema.get("maxLength").and_then(Value::as_u64);
    property.min_items = schema.get("minItems").and_then(Value::as_u64);
    property.min_length = schema.get("minLength").and_then(Value::as_u64);
    let number = |key: &str| match schema.get(key) {
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    property.minimum = number("minimum");
    property.maximum = number("maximum");
    property.unique_items = flag(schema, "uniqueItems");
    property.max_interval = schema
        .get("x-max-interval-in-months")
        .and_then(Value::as_u64)
        .map(|months| format!("{months} months"));
    if cx.descriptions {
        property.description = str_of(schema, "description").map(str::to_owned);
    }
    property.source = Some(pointer.to_owned());
    property
}

/// `deprecated: true`, with `x-deprecatedMessage` as the note.
pub fn deprecation(schema: &Value) -> Option<String> {
    flag(schema, "deprecated").then(|| {
        str_of(schema, "x-deprecatedMessage")
            .unwrap_or_default()
            .to_owned()
    })
}

/// The wrapped type of an `allOf: [$ref: *UpdateValue]` property; a sibling one-element
/// `anyOf` names the real value type (an enum wrapped as a string update value), and a sibling
/// `format` applies to the wrapped string.
fn update_value_of(
    cx: &mut Context<'_>,
    schema: &Value,
    pointer: &str,
    hints: &[String],
) -> Option<Ty> {
    let wrapper_name = single(schema, "allOf").and_then(ref_name)?;
    let wrapper = cx.tree.schema(wrapper_name)?;
    if !is_update_value(wrapper_name, wrapper) {
        return None;
    }
    let mut inner = match single(schema, "anyOf") {
        Some(value) => ty(cx, value, &child(pointer, "anyOf/0"), hints),
        None => {
            let value = wrapper.pointer("/properties/Value")?;
            let at = format!("{}{wrapper_name}/properties/Value", super::tree::SCHEMAS);
            ty(cx, value, &at, hints)
        }
    };
    apply_format(&mut inner, schema);
    Some(inner)
}

/// Mews' `{"Value": ...}` wrapper: a `*UpdateValue` object whose only property is `Value`.
pub fn is_update_value(name: &str, schema: &Value) -> bool {
    let properties = schema.get("properties").and_then(Value::as_object);
    name.ends_with("UpdateValue")
        && properties.is_some_and(|p| p.len() == 1 && p.contains_key("Value"))
}

/// A schema's type. `hints` name an inline object or union, best first.
pub fn ty(cx: &mut Context<'_>, schema: &Value, pointer: &str, hints: &[String]) -> Ty {
    if let Some(name) = ref_name(schema) {
        return Ty::Ref(name.to_owned());
    }
    if schema.get("$ref").is_some() {
        cx.issue(
            Severity::Degraded,
            pointer,
            "a $ref outside #/components/schemas: any JSON",
        );
        return Ty::Any;
    }
    if flag(schema, "x-coproduct") {
        return unions::coproduct(cx, schema, pointer, hints);
    }
    for key in ["allOf", "anyOf"] {
        if let Some(only) = single(schema, key) {
            let mut inner = ty(cx, only, &child(pointer, &format!("{key}/0")), hints);
            apply_format(&mut inner, schema);
            return inner;
        }
        if schema.get(key).is_some() {
            cx.issue(
                Severity::Degraded,
                &child(pointer, key),
                format!("{key} of several schemas: any JSON"),
            );
            return Ty::Any;
        }
    }
    if let Some(members) = schema.get("oneOf") {
        let alternatives: Vec<String> = members
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|member| ref_name(member).map(str::to_owned))
            .collect();
        cx.issue(
            Severity::Degraded,
            &child(pointer, "oneOf"),
            format!(
                "oneOf without a discriminator (not x-coproduct): any JSON{}",
                if alternatives.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; the schemas it may hold are kept, carried by it: {}",
                        alternatives.join(", ")
                    )
                }
            ),
        );
        if !alternatives.is_empty() {
            cx.carried.push((pointer.to_owned(), alternatives));
        }
        return Ty::Any;
    }
    let format = str_of(schema, "format");
    match str_of(schema, "type") {
        Some("string") => Ty::String(
            format
                .filter(|f| matches!(*f, "uuid" | "date-time" | "date"))
                .map(str::to_owned),
        ),
        Some("integer") => Ty::Integer(
            format
                .filter(|f| matches!(*f, "int32" | "int64"))
                .map(str::to_owned),
        ),
        // Money and every other number: exact decimal (`format: double` is the server's type).
        Some("number") => Ty::Number,
        Some("boolean") => Ty::Boolean,
        Some("array") => {
            let mut inner = match schema.get("items") {
                Some(items) => ty(cx, items, &child(pointer, "items"), hints),
                None => Ty::Any,
            };
            apply_format(&mut inner, schema);
            Ty::Array(Box::new(inner))
        }
        Some("object") | None if has_properties(schema) => {
            inline_object(cx, schema, pointer, hints)
        }
        Some("object") => match schema.get("additionalProperties") {
            Some(values @ Value::Object(_)) => Ty::Map(Box::new(ty(
                cx,
                values,
                &child(pointer, "additionalProperties"),
                hints,
            ))),
            _ => Ty::Object,
        },
        None => Ty::Any,
        Some(other) => {
            cx.issue(
                Severity::Degraded,
                &child(pointer, "type"),
                format!("unknown type `{other}`: any JSON"),
            );
            Ty::Any
        }
    }
}

/// A `format` beside a wrapper or on an array: it applies to the string inside.
fn apply_format(ty: &mut Ty, schema: &Value) {
    let Some(format) = str_of(schema, "format") else {
        return;
    };
    if !matches!(format, "uuid" | "date-time" | "date") {
        return;
    }
    if let Some(slot @ None) = ty.string_format_mut() {
        *slot = Some(format.to_owned());
    }
}

/// Where an inline schema comes from, for the names file: `x-schema-id:Id` when the spec names
/// it so (one schema however often it is written), else its pointer.
pub fn inline_key(schema: &Value, pointer: &str) -> String {
    str_of(schema, "x-schema-id")
        .map_or_else(|| pointer.to_owned(), |id| format!("x-schema-id:{id}"))
}

/// An object defined inline: a schema of its own, named from its title or where it is.
pub fn inline_object(cx: &mut Context<'_>, schema: &Value, pointer: &str, hints: &[String]) -> Ty {
    let key = inline_key(schema, pointer);
    if let Some(name) = cx.inline.get(&key) {
        return Ty::Ref(name.clone());
    }
    if !cx.converting.insert(key.clone()) {
        cx.issue(
            Severity::Degraded,
            pointer,
            "an inline object that contains itself: any JSON",
        );
        return Ty::Any;
    }
    let name = cx.name_for(&key, hints);
    cx.inline.insert(key.clone(), name.clone());
    let converted = component(cx, &name, schema, pointer);
    cx.add_schema(&name, converted);
    cx.converting.remove(&key);
    Ty::Ref(name)
}
