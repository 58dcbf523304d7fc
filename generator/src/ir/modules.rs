//! Module assignment: a type lives with the one resource that uses it, or in `shared`. The
//! messages Mews sends (webhooks, WebSocket) are the roots of a module of their own, `events`,
//! compiled by the feature of that name like a resource.

use std::collections::{BTreeMap, BTreeSet};

use super::{naming, EventMessage, Module, Operation, Shape, TypeDef, TypeRef};
use crate::error::Diagnostic;

/// Module for types used by several resources (or none).
pub const SHARED: &str = "shared";

/// Module (and feature) of the event messages and the types only they use.
pub const EVENTS: &str = "events";

/// `carried` maps a type a property holds as untyped JSON (`x-carried-by`) to the type of
/// that property: it is placed as if that type referred to it.
pub(super) fn assign(
    types: &mut [TypeDef],
    operations: &[Operation],
    events: &[EventMessage],
    carried: &BTreeMap<String, String>,
) -> Result<Vec<Module>, Diagnostic> {
    let mut resources: Vec<Module> = Vec::new();
    // Module name → pointer of the first operation that made it.
    let mut made_by: BTreeMap<String, &str> = BTreeMap::new();
    for operation in operations {
        let Some(name) = naming::module_name(&operation.resource) else {
            return Err(Diagnostic::at(
                &operation.pointer,
                format!(
                    "resource `{}` is not a valid module name",
                    operation.resource
                ),
            ));
        };
        if let Some(other) = resources.iter().find(|module| module.name == name) {
            if other.resource.as_deref() != Some(operation.resource.as_str()) {
                return Err(Diagnostic::at(
                    &operation.pointer,
                    format!(
                        "resources `{}` and `{}` ({}) both become the module `{name}`",
                        operation.resource,
                        other.resource.as_deref().unwrap_or_default(),
                        made_by.get(&name).copied().unwrap_or_default(),
                    ),
                ));
            }
            continue;
        }
        let api = naming::api_struct_name(&name);
        if let Some(def) = types.iter().find(|def| def.name == api) {
            return Err(Diagnostic::at(
                &operation.pointer,
                format!(
                    "resource `{}` generates `{api}`, which is already the name of {}",
                    operation.resource, def.pointer
                ),
            ));
        }
        made_by.insert(name.clone(), &operation.pointer);
        resources.push(Module {
            name,
            resource: Some(operation.resource.clone()),
        });
    }

    let mut edges = references(types);
    for (held, carrier) in carried {
        if let Some(targets) = edges.get_mut(carrier.as_str()) {
            targets.push(held.clone());
        }
    }
    let mut users: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    // A module uses what any of its roots reaches: one walk per module, not per operation.
    let mut roots: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for operation in operations {
        let module = naming::module_name(&operation.resource).unwrap_or_default();
        let module_roots = roots.entry(module).or_default();
        module_roots.push(operation.request.as_str());
        module_roots.push(operation.response.as_str());
    }
    for event in events {
        let module_roots = roots.entry(EVENTS.to_owned()).or_default();
        module_roots.push(event.message.as_str());
    }
    for (module, mut stack) in roots {
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            users.entry(name).or_default().insert(module.clone());
            stack.extend(edges.get(name).into_iter().flatten().map(String::as_str));
        }
    }
    let placement: BTreeMap<String, String> = types
        .iter()
        .map(|def| {
            let module = match users.get(def.name.as_str()) {
                Some(modules) if modules.len() == 1 => {
                    modules.iter().next().cloned().unwrap_or_default()
                }
                _ => SHARED.to_owned(),
            };
            (def.name.clone(), module)
        })
        .collect();
    let used_by: BTreeMap<String, Vec<String>> = users
        .into_iter()
        .map(|(name, modules)| (name.to_owned(), modules.into_iter().collect()))
        .collect();
    for def in types.iter_mut() {
        def.used_by = used_by.get(&def.name).cloned().unwrap_or_default();
        def.module = placement
            .get(&def.name)
            .cloned()
            .unwrap_or_else(|| SHARED.to_owned());
    }

    let mut modules = Vec::new();
    if types.iter().any(|def| def.module == SHARED) {
        modules.push(Module {
            name: SHARED.to_owned(),
            resource: None,
        });
    }
    modules.extend(resources);
    if !events.is_empty() {
        modules.push(Module {
            name: EVENTS.to_owned(),
            resource: None,
        });
    }
    Ok(modules)
}

/// For each type, the named types it refers to.
fn references(types: &[TypeDef]) -> BTreeMap<&str, Vec<String>> {
    types
        .iter()
        .map(|def| {
            let mut named: Vec<String> = Vec::new();
            let mut add = |ty: &TypeRef| named.extend(ty.named().map(str::to_owned));
            match &def.shape {
                Shape::Struct(object) => object.fields.iter().for_each(|field| add(&field.ty)),
                Shape::Union(union) => {
                    union
                        .arms
                        .iter()
                        .filter_map(|arm| arm.payload.as_ref())
                        .for_each(&mut add);
                    if let Some(discriminator) = &union.discriminator_enum {
                        named.push(discriminator.clone());
                    }
                }
                Shape::Alias(target) => add(target),
                Shape::Enum(_) => {}
            }
            (def.name.as_str(), named)
        })
        .collect()
}
