//! Additive mutations of a spec in Mews' OpenAPI dialect: a property, an enum value, a union arm
//! (an `x-coproduct` payload or a sibling property), an operation, an identical twin of an enum
//! (`X` / `XEnum`, reached through a new property), a value added to one of two twins.

use serde_json::{json, Map, Value};

use mews_codegen::ir::{Layout, Shape};

use super::check::{
    arm_unions, property_kinds, request_types, sendable, shape, Expected, Root, Unions,
};
use super::draw::pick;
use super::rng::Rng;
use super::sources::Imported;

const SCHEMAS: &str = "#/components/schemas/";

pub fn mutate(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    super::draw::mutation(
        &[
            (30, property),
            (18, enum_value),
            (14, union_arm),
            (10, operation),
            (14, twin),
            (14, diverge),
        ],
        spec,
        rng,
        n,
        before,
    )
}

fn schemas(spec: &mut Value) -> Option<&mut Map<String, Value>> {
    spec.pointer_mut("/components/schemas")?.as_object_mut()
}

fn component_names(spec: &Value) -> Vec<String> {
    spec.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default()
}

/// The name the last import gave a component.
fn named(before: &Imported, component: &str) -> Option<String> {
    before
        .names
        .openapi
        .name(&format!("{SCHEMAS}{component}"))
        .map(str::to_owned)
}

fn is_enum(spec: &Value, component: &str) -> bool {
    spec.pointer(&format!("/components/schemas/{component}/enum"))
        .is_some_and(Value::is_array)
}

/// A property's schema: a primitive, or a `$ref` to a component (a root).
fn property_schema(
    spec: &Value,
    rng: &mut Rng,
    (owner, request): (Option<&str>, bool),
    before: &Imported,
    roots: &mut Vec<Root>,
) -> Value {
    if rng.chance(65) {
        let primitives = [
            json!({"type": "string", "nullable": true}),
            json!({"type": "integer", "format": "int32", "nullable": true}),
            json!({"type": "boolean", "nullable": true}),
            json!({"type": "array", "items": {"type": "string"}, "nullable": true}),
        ];
        return pick(rng, &primitives).cloned().unwrap_or(Value::Null);
    }
    let targets: Vec<String> = component_names(spec)
        .into_iter()
        .filter(|name| !name.ends_with("UpdateValue") && name != "Limitation")
        .filter(|name| !closes_cycle(before, name, owner))
        .filter(|name| sendable(&before.api, named(before, name).as_deref(), request))
        .collect();
    match pick(rng, &targets) {
        Some(target) => {
            roots.push(Root::SpecKey(format!("{SCHEMAS}{target}")));
            json!({"allOf": [{"$ref": format!("{SCHEMAS}{target}")}], "nullable": true})
        }
        None => json!({"type": "string"}),
    }
}

/// Whether a property of `owner` typed as the component `target` would close a cycle of types
/// (the IR boxes every use on a cycle: a known limit, generator/IMPORT.md).
fn closes_cycle(before: &Imported, target: &str, owner: Option<&str>) -> bool {
    let (Some(owner), Some(target)) = (owner, named(before, target)) else {
        return false;
    };
    super::check::reachable(&before.api, &[target]).contains(owner)
}

/// Objects a property can go into: components the IR has as structs, with the kinds the new
/// optional property is reported as.
fn structs(spec: &Value, before: &Imported) -> Vec<(String, String, &'static [&'static str])> {
    component_names(spec)
        .into_iter()
        .filter(|c| {
            spec.pointer(&format!("/components/schemas/{c}/properties"))
                .is_some()
        })
        .filter_map(|c| {
            let name = named(before, &c)?;
            let kinds = property_kinds(&before.api, &name)?;
            Some((c, name, kinds))
        })
        .collect()
}

fn add_property(spec: &mut Value, component: &str, field: &str, schema: Value) {
    if let Some(properties) = spec
        .pointer_mut(&format!("/components/schemas/{component}/properties"))
        .and_then(Value::as_object_mut)
    {
        properties.insert(field.to_owned(), schema);
    }
}

fn push_value(spec: &mut Value, component: &str, value: &str) {
    for key in ["enum", "x-enumNames"] {
        if let Some(values) = spec
            .pointer_mut(&format!("/components/schemas/{component}/{key}"))
            .and_then(Value::as_array_mut)
        {
            values.push(Value::from(value));
        }
    }
}

fn property(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let candidates = structs(spec, before);
    let (component, name, kinds) = pick(rng, &candidates)?.clone();
    let mut roots = Vec::new();
    let request = request_types(&before.api).contains(&name);
    let schema = property_schema(spec, rng, (Some(&name), request), before, &mut roots);
    let field = format!("Added{n}");
    add_property(spec, &component, &field, schema);
    let mut expected = Expected::new(
        "spec property",
        format!("spec #{n}: property {name}.{field} ({component})"),
    )
    .line(kinds, format!("{name}.{field}"));
    expected.roots = roots;
    Some(expected)
}

/// An enum component, its name, and the unions it is the discriminator of.
type EnumComponent = (String, String, Unions);

/// Enum components with their names, and the unions each is the discriminator of.
fn enums(spec: &Value, before: &Imported) -> Vec<EnumComponent> {
    component_names(spec)
        .into_iter()
        .filter(|c| is_enum(spec, c))
        .filter_map(|c| {
            let name = named(before, &c)?;
            if !matches!(shape(&before.api, &name), Some(Shape::Enum(_))) {
                return None;
            }
            let unions = before
                .api
                .types
                .iter()
                .filter_map(|t| match &t.shape {
                    Shape::Union(u) if u.discriminator_enum.as_deref() == Some(name.as_str()) => {
                        Some((t.name.clone(), u.layout == Layout::Sibling))
                    }
                    _ => None,
                })
                .collect();
            Some((c, name, unions))
        })
        .collect()
}

fn enum_value(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let candidates: Vec<EnumComponent> = enums(spec, before)
        .into_iter()
        .filter(|(_, _, unions)| unions.iter().all(|(_, sibling)| !sibling))
        .collect();
    let (component, name, unions) = pick(rng, &candidates)?.clone();
    let value = format!("Value{n}");
    push_value(spec, &component, &value);
    let mut expected = Expected::new(
        "spec enum value",
        format!("spec #{n}: value {name}::{value} ({component})"),
    )
    .line(&["enum-value-added"], format!("{name}::{value}"));
    for (union, _) in unions {
        expected = expected.line(&["union-arm-added"], format!("{union}::{value}"));
    }
    Some(expected)
}

/// Every `x-coproduct` property (its pointer) and every sibling union component, with the
/// union's name and its discriminator enum component.
fn unions(spec: &Value, before: &Imported) -> Vec<(String, String, String, bool)> {
    let mut out = Vec::new();
    let components = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (component, schema) in components.into_iter().flatten() {
        let discriminator = |node: &Value| -> Option<String> {
            let d = node.pointer("/properties/Discriminator")?;
            let reference = d
                .get("$ref")
                .or_else(|| d.pointer("/allOf/0/$ref"))?
                .as_str()?;
            Some(reference.strip_prefix(SCHEMAS)?.to_owned())
        };
        if let Some(name) = named(before, component) {
            if matches!(shape(&before.api, &name), Some(Shape::Union(u)) if u.layout == Layout::Sibling)
            {
                if let Some(d) = discriminator(schema) {
                    out.push((format!("/components/schemas/{component}"), name, d, true));
                }
            }
        }
        for (property, node) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if node.get("x-coproduct").is_none() {
                continue;
            }
            let key = format!("{SCHEMAS}{component}/properties/{property}");
            let (Some(name), Some(d)) = (before.names.openapi.name(&key), discriminator(node))
            else {
                continue;
            };
            out.push((
                format!("/components/schemas/{component}/properties/{property}"),
                name.to_owned(),
                d,
                false,
            ));
        }
    }
    out
}

fn union_arm(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let candidates: Vec<(String, Vec<String>, String, bool)> = unions(spec, before)
        .into_iter()
        .filter_map(|(pointer, union, discriminator, sibling)| {
            let enum_name = named(before, &discriminator);
            let unions = arm_unions(&before.api, &union, enum_name.as_deref())?;
            Some((pointer, unions, discriminator, sibling))
        })
        .collect();
    let (pointer, unions, discriminator, sibling) = pick(rng, &candidates)?.clone();
    let union = unions[0].clone();
    let value = format!("Arm{n}");
    let payload = format!("Arm{n}Data");
    let reference = json!({"$ref": format!("{SCHEMAS}{payload}")});
    push_value(spec, &discriminator, &value);
    let node = spec.pointer_mut(&pointer)?;
    if sibling {
        let properties = node.get_mut("properties")?.as_object_mut()?;
        properties.insert(
            value.clone(),
            json!({"allOf": [reference], "nullable": true}),
        );
    } else {
        node.pointer_mut("/properties/Value/oneOf")?
            .as_array_mut()?
            .push(reference);
    }
    schemas(spec)?.insert(
        payload.clone(),
        json!({"title": format!("Arm {n} data"), "type": "object", "required": [format!("Level{n}")],
               "properties": {format!("Level{n}"): {"type": "integer", "format": "int32"}}}),
    );
    let mut expected = Expected::new("spec union arm", format!("spec #{n}: arm {union}::{value}"))
        .root(Root::SpecKey(format!("{SCHEMAS}{payload}")));
    for union in &unions {
        expected = expected.line(&["union-arm-added"], format!("{union}::{value}"));
    }
    if let Some(enum_name) = named(before, &discriminator) {
        expected = expected.line(&["enum-value-added"], format!("{enum_name}::{value}"));
    }
    Some(expected)
}

fn operation(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let resources: Vec<String> = spec
        .get("paths")?
        .as_object()?
        .keys()
        .filter_map(|path| {
            path.strip_prefix("/api/connector/v1/")?
                .split('/')
                .next()
                .map(str::to_owned)
        })
        .collect();
    let resource = pick(rng, &resources)?.clone();
    let mut roots = Vec::new();
    let (request, response) = (
        format!("Mutation{n}Parameters"),
        format!("Mutation{n}Result"),
    );
    let parameter = property_schema(spec, rng, (None, true), before, &mut roots);
    let result = property_schema(spec, rng, (None, false), before, &mut roots);
    let schemas = schemas(spec)?;
    schemas.insert(
        request.clone(),
        json!({"type": "object", "required": ["ClientToken", "AccessToken", "Client"], "properties": {
            "ClientToken": {"type": "string"}, "AccessToken": {"type": "string"}, "Client": {"type": "string"},
            format!("Added{n}"): parameter}}),
    );
    schemas.insert(
        response.clone(),
        json!({"type": "object", "properties": {format!("Result{n}"): result}}),
    );
    let id = format!("{resource}_mutation{n}");
    let body = |name: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("{SCHEMAS}{name}")}}}});
    let mut ok = body(&response);
    ok["description"] = Value::from("OK");
    spec.get_mut("paths")?.as_object_mut()?.insert(
        format!("/api/connector/v1/{resource}/mutation{n}"),
        json!({"post": {"operationId": id, "summary": format!("Mutation {n}"),
               "requestBody": body(&request), "responses": {"200": ok}}}),
    );
    let mut expected = Expected::new("spec operation", format!("spec #{n}: operation {id}"))
        .line(&["operation-added"], &id)
        .root(Root::Operation(id.clone()));
    expected.roots.extend(roots);
    Some(expected)
}

/// An identical twin of an enum (`X` beside `XEnum`, or `XEnum` beside `X`), used by a new
/// property of a struct: the import folds twins into one enum.
fn twin(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let components = component_names(spec);
    let candidates: Vec<(String, String, String)> = enums(spec, before)
        .into_iter()
        .filter(|(_, _, unions)| unions.is_empty())
        .filter_map(|(c, name, _)| {
            let twin = match c.strip_suffix("Enum") {
                Some(plain) => plain.to_owned(),
                None => format!("{c}Enum"),
            };
            (!components.contains(&twin)
                && before
                    .names
                    .openapi
                    .name(&format!("{SCHEMAS}{twin}"))
                    .is_none())
            .then_some((c, twin, name))
        })
        .collect();
    let (component, twin, name) = pick(rng, &candidates)?.clone();
    let owners = structs(spec, before);
    let (owner_component, owner, kinds) = pick(rng, &owners)?.clone();
    let copy = spec
        .pointer(&format!("/components/schemas/{component}"))?
        .clone();
    schemas(spec)?.insert(twin.clone(), copy);
    let field = format!("Added{n}");
    let reference = json!({"allOf": [{"$ref": format!("{SCHEMAS}{twin}")}], "nullable": true});
    add_property(spec, &owner_component, &field, reference);
    Some(
        Expected::new(
            "spec identical twin",
            format!("spec #{n}: twin {twin} of {component} ({name}), reached by {owner}.{field}"),
        )
        .line(kinds, format!("{owner}.{field}"))
        .root(Root::Type(name)),
    )
}

/// A value added to one of two components the names file names alike.
fn diverge(spec: &mut Value, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let candidates: Vec<(String, String)> = enums(spec, before)
        .into_iter()
        .filter(|(_, _, unions)| unions.is_empty())
        .filter(|(c, name, _)| {
            let twin = c
                .strip_suffix("Enum")
                .map_or_else(|| format!("{c}Enum"), str::to_owned);
            is_enum(spec, &twin) && named(before, &twin).as_deref() == Some(name.as_str())
        })
        .map(|(c, name, _)| (c, name))
        .collect();
    let (component, name) = pick(rng, &candidates)?.clone();
    let value = format!("Diverged{n}");
    push_value(spec, &component, &value);
    Some(
        Expected::new(
            "spec twin diverges",
            format!("spec #{n}: twin {component} of {name} diverges"),
        )
        .line(&["enum-value-added"], format!("{name}::{value}")),
    )
}
