//! The entities events name: each union arm's `fetch` (the operation that reads the entity and
//! its request property taking ids) checked against the operations, and one [`Entity`] per
//! distinct operation and property, which the emitter turns into `EventEntity` and
//! `EntitiesToFetch`.

use super::lower::Lowerer;
use super::{naming, Entity, Operation, Presence, Shape, TypeRef};
use crate::error::Diagnostic;

impl Lowerer<'_> {
    /// Settles every arm's fetch (its entity and its payload's id field), or reports why not.
    pub(super) fn check_fetches(&mut self, operations: &[Operation]) -> Vec<Entity> {
        let mut entities: Vec<Entity> = Vec::new();
        let mut problems = Vec::new();
        let mut settled = Vec::new();
        for (type_index, def) in self.types.iter().enumerate() {
            let Shape::Union(union) = &def.shape else {
                continue;
            };
            for (arm_index, arm) in union.arms.iter().enumerate() {
                let Some(fetch) = &arm.fetch else {
                    continue;
                };
                let at = format!("{}/x-union/arms/{arm_index}/fetch", def.pointer);
                let Some(operation) = operations.iter().find(|op| op.id == fetch.operation) else {
                    problems.push(Diagnostic::at(
                        format!("{at}/operation"),
                        format!("no operation `{}` in the spec", fetch.operation),
                    ));
                    continue;
                };
                let (ids_field, ids_presence, id) = match self.ids_property(operation, &fetch.ids) {
                    Ok(found) => found,
                    Err(message) => {
                        problems.push(Diagnostic::at(format!("{at}/ids"), message));
                        continue;
                    }
                };
                let id_field = match self.payload_id(arm.payload.as_ref(), &fetch.id_json, &id) {
                    Ok(field) => field,
                    Err(message) => {
                        problems.push(Diagnostic::at(format!("{at}/id"), message));
                        continue;
                    }
                };
                let known = entities.iter().position(|entity| {
                    entity.operation == operation.id && entity.ids_json == fetch.ids
                });
                let index = match known {
                    Some(index) => index,
                    None => match new_entity(
                        &entities,
                        operation,
                        &fetch.ids,
                        ids_field,
                        ids_presence,
                        id,
                    ) {
                        Some(entity) => {
                            entities.push(entity);
                            entities.len() - 1
                        }
                        None => {
                            problems.push(Diagnostic::at(
                                format!("{at}/ids"),
                                format!(
                                    "the entity of `{}` has no Rust name of its own",
                                    fetch.ids
                                ),
                            ));
                            continue;
                        }
                    },
                };
                settled.push((type_index, arm_index, index, id_field));
            }
        }
        for (type_index, arm_index, index, id_field) in settled {
            if let Some(Shape::Union(union)) =
                self.types.get_mut(type_index).map(|def| &mut def.shape)
            {
                if let Some(fetch) = union
                    .arms
                    .get_mut(arm_index)
                    .and_then(|arm| arm.fetch.as_mut())
                {
                    fetch.entity = index;
                    fetch.id_field = id_field;
                }
            }
        }
        for problem in problems {
            self.error(problem);
        }
        entities
    }

    /// The request's ids property: its Rust field, presence and item type.
    fn ids_property(
        &self,
        operation: &Operation,
        ids: &str,
    ) -> Result<(String, Presence, TypeRef), String> {
        let Some(Shape::Struct(request)) = self.find_type(&operation.request).map(|def| &def.shape)
        else {
            return Err(format!("`{}` has no request object", operation.id));
        };
        let Some(field) = request.fields.iter().find(|field| field.json_name == ids) else {
            return Err(format!(
                "the request of `{}` (`{}`) has no property `{ids}`",
                operation.id, operation.request
            ));
        };
        match &field.ty {
            TypeRef::Vec(item) if is_id(item) => {
                Ok((field.rust_name.clone(), field.presence, (**item).clone()))
            }
            _ => Err(format!(
                "`{}.{ids}` must be an array of identifiers (strings or UUIDs)",
                operation.request
            )),
        }
    }

    /// The payload's id field, which must be always present and of the ids' item type.
    fn payload_id(
        &self,
        payload: Option<&TypeRef>,
        id_json: &str,
        id: &TypeRef,
    ) -> Result<String, String> {
        let Some(TypeRef::Named(name)) = payload else {
            return Err("the arm has no payload object to read the id from".to_owned());
        };
        let Some(Shape::Struct(object)) = self.find_type(name).map(|def| &def.shape) else {
            return Err(format!("the payload `{name}` is not an object"));
        };
        let Some(field) = object
            .fields
            .iter()
            .find(|field| field.json_name == id_json)
        else {
            return Err(format!("the payload `{name}` has no property `{id_json}`"));
        };
        if field.presence != Presence::Required || &field.ty != id {
            return Err(format!(
                "`{name}.{id_json}` must be required, never null, and of the type the operation takes ids of"
            ));
        }
        Ok(field.rust_name.clone())
    }
}

fn is_id(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Uuid | TypeRef::String | TypeRef::I32 | TypeRef::I64
    )
}

/// The entity of an operation and ids property: named after the property (`CustomerIds` →
/// `Customer`), or after the operation when another entity has that name.
fn new_entity(
    entities: &[Entity],
    operation: &Operation,
    ids: &str,
    ids_field: String,
    ids_presence: Presence,
    id: TypeRef,
) -> Option<Entity> {
    let stem = ids
        .strip_suffix("Ids")
        .filter(|stem| !stem.is_empty())
        .unwrap_or(ids);
    let candidates = [naming::type_name(stem), naming::type_name(&operation.id)];
    let variant = candidates
        .into_iter()
        .flatten()
        .find(|variant| entities.iter().all(|entity| &entity.variant != variant))?;
    let field = naming::field_name(&format!("{variant}Ids"))?;
    Some(Entity {
        variant,
        field,
        operation: operation.id.clone(),
        module: naming::module_name(&operation.resource)?,
        static_name: operation.static_name.clone(),
        method: operation.method.clone(),
        request: operation.request.clone(),
        ids_json: ids.to_owned(),
        ids_field,
        ids_presence,
        id,
    })
}
