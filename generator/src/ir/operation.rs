//! Lowering of operations: one POST per path, `{resource}_{action}` ids, typed bodies.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, StatusCode};
use serde::Deserialize;

use super::lower::Lowerer;
use super::schema::{deprecation, flag};
use super::{
    naming, refs, EnterpriseScope, Field, ItemId, Operation, Pagination, Presence, Shape, Split,
    SplitKind, Struct, TypeRef,
};
use crate::error::{pointer, Diagnostic};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginationSpec {
    items: String,
}

impl Lowerer<'_> {
    pub(super) fn lower_operations(&mut self, paths: &openapiv3::Paths) -> Vec<Operation> {
        let mut operations: Vec<Operation> = Vec::new();
        let mut ids = BTreeSet::new();
        for (path, item) in &paths.paths {
            let path_at = pointer("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                self.error(Diagnostic::at(
                    path_at,
                    "path item references are not supported",
                ));
                continue;
            };
            for (method, operation) in item.iter() {
                let at = format!("{path_at}/{method}");
                if method != "post" {
                    self.error(Diagnostic::at(
                        at,
                        format!("unsupported method `{method}`: the API takes POST only"),
                    ));
                    continue;
                }
                let Some(lowered) = self.lower_operation(path, operation, &at) else {
                    continue;
                };
                if !ids.insert(lowered.id.clone()) {
                    self.error(Diagnostic::at(
                        format!("{at}/operationId"),
                        format!("duplicate operationId `{}`", lowered.id),
                    ));
                    continue;
                }
                operations.push(lowered);
            }
        }
        self.check_method_names(&operations);
        self.check_paged_bodies(&operations);
        operations
    }

    /// Two operations of one resource must not give the same method (`orderItems_getAll` and
    /// `orderItems_get_all`), nor one's `*_pages`/`*_stream` another's method; their statics
    /// follow from the methods.
    fn check_method_names(&mut self, operations: &[Operation]) {
        let mut taken: BTreeMap<(&str, String), &Operation> = BTreeMap::new();
        for operation in operations {
            let mut names = vec![operation.method.clone()];
            if operation.pagination.is_some() {
                let plain = operation.method.trim_start_matches("r#");
                names.push(format!("{plain}_pages"));
                names.push(format!("{plain}_stream"));
            }
            for name in names {
                let key = (operation.resource.as_str(), name.clone());
                if let Some(other) = taken.get(&key) {
                    let message = format!(
                        "operations `{}` ({}) and `{}` both define the method `{name}`",
                        other.id, other.pointer, operation.id
                    );
                    self.error(Diagnostic::at(
                        format!("{}/operationId", operation.pointer),
                        message,
                    ));
                } else {
                    taken.insert(key, operation);
                }
            }
        }
    }

    /// Pagination is implemented on the body types, so two paginated operations cannot share one.
    fn check_paged_bodies(&mut self, operations: &[Operation]) {
        let mut seen: Vec<(&str, &Operation)> = Vec::new();
        for operation in operations
            .iter()
            .filter(|operation| operation.pagination.is_some())
        {
            for body in [operation.request.as_str(), operation.response.as_str()] {
                if let Some((_, other)) = seen.iter().find(|(name, _)| *name == body) {
                    let message = format!("paginated operations `{}` and `{}` share the body type `{body}`; give each its own schema", other.id, operation.id);
                    self.error(Diagnostic::at(
                        format!("{}/x-pagination", operation.pointer),
                        message,
                    ));
                }
                seen.push((body, operation));
            }
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        operation: &openapiv3::Operation,
        at: &str,
    ) -> Option<Operation> {
        let Some(id) = operation.operation_id.clone() else {
            self.error(Diagnostic::at(at, "missing operationId"));
            return None;
        };
        let Some((resource, action)) = id.split_once('_') else {
            self.error(Diagnostic::at(
                format!("{at}/operationId"),
                format!("operationId `{id}` is not `{{resource}}_{{action}}`"),
            ));
            return None;
        };
        let tail = match dated_version(action) {
            Some((name, date)) => format!("/{resource}/{name}/{date}"),
            None => format!("/{resource}/{action}"),
        };
        if !path.ends_with(&tail) {
            self.error(Diagnostic::at(
                format!("{at}/operationId"),
                format!("operationId `{id}` does not match the path `{path}` (expected it to end in `{tail}`)"),
            ));
            return None;
        }
        let (Some(method), Some(module)) =
            (naming::field_name(action), naming::module_name(resource))
        else {
            let (part, name) = match naming::module_name(resource) {
                None => ("resource", resource),
                Some(_) => ("action", action),
            };
            let reason = naming::invalid_reason(name).unwrap_or("is not a valid Rust name");
            self.error(Diagnostic::at(
                format!("{at}/operationId"),
                format!("operationId `{id}`: the {part} `{name}` {reason}"),
            ));
            return None;
        };
        let static_name = naming::operation_static(&module, &method);
        let request = self.request_type(operation, at);
        let response = self.response_type(operation, at);
        let (request, response) = (request?, response?);
        let pagination = self.pagination(operation, &request, &response, at);
        let enterprise_scope = self.enterprise_scope(&request);
        let doc = match (&operation.summary, &operation.description) {
            (Some(summary), Some(description)) => Some(format!("{summary}\n\n{description}")),
            (summary, description) => summary.clone().or_else(|| description.clone()),
        };
        let doc = super::schema::with_docs_link(doc, &operation.extensions);
        Some(Operation {
            pointer: at.to_owned(),
            id: id.clone(),
            resource: resource.to_owned(),
            action: action.to_owned(),
            method,
            static_name,
            path: path.to_owned(),
            doc,
            deprecated: deprecation(operation.deprecated, &operation.extensions),
            retry_safe: flag(&operation.extensions, "x-retry-safe"),
            enterprise_scope,
            request,
            response,
            pagination: pagination.unwrap_or(None),
            errors: operation
                .responses
                .responses
                .keys()
                .filter_map(|status| match status {
                    StatusCode::Code(code) if *code >= 400 => Some(*code),
                    _ => None,
                })
                .collect(),
        })
    }

    fn request_type(&mut self, operation: &openapiv3::Operation, at: &str) -> Option<String> {
        let body_at = format!("{at}/requestBody");
        let Some(ReferenceOr::Item(body)) = &operation.request_body else {
            self.error(Diagnostic::at(
                body_at,
                "a request body (not a reference) is required",
            ));
            return None;
        };
        let schema = body
            .content
            .get("application/json")
            .and_then(|media| media.schema.as_ref());
        self.body_schema(
            schema,
            &pointer(&format!("{body_at}/content"), "application/json"),
        )
    }

    fn response_type(&mut self, operation: &openapiv3::Operation, at: &str) -> Option<String> {
        let response_at = format!("{at}/responses/200");
        let Some(ReferenceOr::Item(response)) =
            operation.responses.responses.get(&StatusCode::Code(200))
        else {
            self.error(Diagnostic::at(
                response_at,
                "a 200 response (not a reference) is required",
            ));
            return None;
        };
        let schema = response
            .content
            .get("application/json")
            .and_then(|media| media.schema.as_ref());
        self.body_schema(
            schema,
            &pointer(&format!("{response_at}/content"), "application/json"),
        )
    }

    /// Bodies are `$ref`s to component objects, so every body type has a stable name.
    fn body_schema(
        &mut self,
        schema: Option<&ReferenceOr<openapiv3::Schema>>,
        at: &str,
    ) -> Option<String> {
        let Some(ReferenceOr::Reference { reference }) = schema else {
            self.error(Diagnostic::at(
                format!("{at}/schema"),
                "the body schema must be a $ref to a component schema",
            ));
            return None;
        };
        let TypeRef::Named(name) = self.resolve(reference, &format!("{at}/schema"))? else {
            return None;
        };
        if !matches!(
            self.find_type(&name).map(|def| &def.shape),
            Some(Shape::Struct(_))
        ) {
            self.error(Diagnostic::at(
                format!("{at}/schema"),
                format!(
                    "`{}` must be an object schema",
                    refs::component_name(reference).unwrap_or_default()
                ),
            ));
            return None;
        }
        Some(name)
    }

    fn enterprise_scope(&self, request: &str) -> EnterpriseScope {
        let Some(object) = self.find_struct(request) else {
            return EnterpriseScope::None;
        };
        if object
            .fields
            .iter()
            .any(|field| field.json_name == "EnterpriseId")
        {
            EnterpriseScope::Single
        } else if object
            .fields
            .iter()
            .any(|field| field.json_name == "EnterpriseIds")
        {
            EnterpriseScope::Many
        } else {
            EnterpriseScope::None
        }
    }

    /// Checks `x-pagination` against the request and response shapes the runtime relies on.
    fn pagination(
        &mut self,
        operation: &openapiv3::Operation,
        request: &str,
        response: &str,
        at: &str,
    ) -> Option<Option<Pagination>> {
        let spec = operation.extensions.get("x-pagination")?;
        let at = format!("{at}/x-pagination");
        let spec: PaginationSpec = match serde_json::from_value(spec.clone()) {
            Ok(spec) => spec,
            Err(error) => {
                self.error(Diagnostic::at(at, format!("invalid x-pagination: {error}")));
                return None;
            }
        };
        let checked = self.check_pagination(&spec, request, response);
        match checked {
            Ok(pagination) => Some(Some(pagination)),
            Err(message) => {
                self.error(Diagnostic::at(at, message));
                None
            }
        }
    }

    fn check_pagination(
        &self,
        spec: &PaginationSpec,
        request: &str,
        response: &str,
    ) -> Result<Pagination, String> {
        let request_struct = self
            .find_struct(request)
            .ok_or("the request is not an object")?;
        let limitation = field(request_struct, "Limitation")
            .ok_or_else(|| format!("`{request}` has no `Limitation` property"))?;
        // The pager sets the page size and cursor on every request it sends.
        if limitation.presence != Presence::Required {
            return Err(format!("`{request}` must list `Limitation` as required"));
        }
        let TypeRef::Named(limitation_type) = &limitation.ty else {
            return Err("`Limitation` must be a $ref to an object".into());
        };
        let limitation_struct = self
            .find_struct(limitation_type)
            .ok_or("`Limitation` must be an object")?;
        let count = field(limitation_struct, "Count").filter(|f| {
            matches!(f.ty, TypeRef::I32 | TypeRef::I64) && f.presence == Presence::Required
        });
        let count =
            count.ok_or_else(|| format!("`{limitation_type}` needs a required integer `Count`"))?;
        let cursor = field(limitation_struct, "Cursor")
            .filter(|f| f.ty == TypeRef::String && f.presence != Presence::Required);
        let cursor = cursor.ok_or_else(|| {
            format!("`{limitation_type}` needs a string `Cursor` that may be null")
        })?;
        let response_struct = self
            .find_struct(response)
            .ok_or("the response is not an object")?;
        let next = field(response_struct, "Cursor")
            .filter(|f| f.ty == TypeRef::String && f.presence != Presence::Required);
        let next =
            next.ok_or_else(|| format!("`{response}` needs a string `Cursor` that may be null"))?;
        let items = field(response_struct, &spec.items)
            .ok_or_else(|| format!("`{response}` has no `{}` property", spec.items))?;
        let (TypeRef::Vec(item), Presence::Required) = (&items.ty, items.presence) else {
            return Err(format!(
                "`{}` must be a required, non-null array",
                spec.items
            ));
        };
        let splits = request_struct
            .fields
            .iter()
            .filter_map(|field| {
                let kind = match (&field.ty, &field.limits) {
                    (TypeRef::Vec(_), limits) if limits.max_items.is_some() => SplitKind::Items {
                        max: limits.max_items.unwrap_or_default(),
                    },
                    (TypeRef::Named(_), limits) => SplitKind::Interval {
                        max: limits.max_interval?,
                    },
                    _ => return None,
                };
                Some(Split {
                    field: field.rust_name.clone(),
                    json: field.json_name.clone(),
                    kind,
                })
            })
            .collect();
        let item_id = match &**item {
            TypeRef::Named(name) => self.find_struct(name).and_then(|object| {
                let id = field(object, "Id")?;
                let uuid = match &id.ty {
                    TypeRef::Uuid => true,
                    TypeRef::String => false,
                    _ => return None,
                };
                Some(ItemId {
                    field: id.rust_name.clone(),
                    uuid,
                    required: id.presence == Presence::Required,
                })
            }),
            _ => None,
        };
        Ok(Pagination {
            item_id,
            splits,
            limitation_field: limitation.rust_name.clone(),
            count_field: count.rust_name.clone(),
            cursor_field: cursor.rust_name.clone(),
            response_cursor_field: next.rust_name.clone(),
            response_cursor_json: next.json_name.clone(),
            items_field: items.rust_name.clone(),
            items_json: items.json_name.clone(),
            item: (**item).clone(),
        })
    }

    fn find_struct(&self, name: &str) -> Option<&Struct> {
        match &self.find_type(name)?.shape {
            Shape::Struct(object) => Some(object),
            _ => None,
        }
    }
}

/// `getAll_2023_06_06` → (`getAll`, `2023-06-06`): Mews versions an action by the date its
/// shape changed, in the URL's last segment (`/reservations/getAll/2023-06-06`).
fn dated_version(action: &str) -> Option<(&str, String)> {
    let mut parts = action.rsplitn(4, '_');
    let (day, month, year, name) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |text: &str, len: usize| text.len() == len && text.bytes().all(|b| b.is_ascii_digit());
    (digits(year, 4)
        && digits(month, 2)
        && digits(day, 2)
        && !name.is_empty()
        && !name.contains('_'))
    .then(|| (name, format!("{year}-{month}-{day}")))
}

fn field<'a>(object: &'a Struct, json_name: &str) -> Option<&'a Field> {
    object
        .fields
        .iter()
        .find(|field| field.json_name == json_name)
}
