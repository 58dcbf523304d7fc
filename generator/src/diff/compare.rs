//! The comparison of two lowered APIs.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Class};
use crate::ir::{
    Api, Arm, Enum, Field, Layout, Operation, Presence, Shape, Struct, TypeDef, TypeRef, Union,
};

/// Where a type is used: in requests (callers build it) and/or responses (callers read it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Usage {
    request: bool,
    response: bool,
}

pub(super) struct Comparer {
    changes: Vec<Change>,
    usage: BTreeMap<String, Usage>,
}

impl Comparer {
    pub(super) fn push(
        &mut self,
        class: Class,
        kind: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.changes.push(Change {
            class,
            kind,
            path: path.into(),
            message: message.into(),
        });
    }
}

/// Every change from `old` to `new`: operations first, then types by name.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut usage = usage_of(old);
    for (name, used) in usage_of(new) {
        let entry = usage.entry(name).or_default();
        entry.request |= used.request;
        entry.response |= used.response;
    }
    let mut comparer = Comparer {
        changes: Vec::new(),
        usage,
    };
    operations(&mut comparer, old, new);
    super::events::compare(&mut comparer, old, new);
    let old_types: BTreeMap<&str, &TypeDef> = old
        .types
        .iter()
        .map(|def| (def.name.as_str(), def))
        .collect();
    let new_types: BTreeMap<&str, &TypeDef> = new
        .types
        .iter()
        .map(|def| (def.name.as_str(), def))
        .collect();
    let names: BTreeSet<&str> = old_types.keys().chain(new_types.keys()).copied().collect();
    for name in names {
        match (old_types.get(name), new_types.get(name)) {
            (Some(_), None) => {
                comparer.push(Class::Breaking, "schema-removed", name, "schema removed")
            }
            (None, Some(def)) => comparer.push(
                Class::Additive,
                "schema-added",
                name,
                format!("schema added ({})", shape_name(&def.shape)),
            ),
            (Some(old), Some(new)) => type_def(&mut comparer, old, new),
            (None, None) => {}
        }
    }
    comparer.changes
}

fn operations(comparer: &mut Comparer, old: &Api, new: &Api) {
    for op in &old.operations {
        if !new.operations.iter().any(|other| other.id == op.id) {
            comparer.push(
                Class::Breaking,
                "operation-removed",
                &op.id,
                format!("operation removed ({})", op.path),
            );
        }
    }
    for op in &new.operations {
        match old.operations.iter().find(|other| other.id == op.id) {
            None => comparer.push(
                Class::Additive,
                "operation-added",
                &op.id,
                format!("operation added ({})", op.path),
            ),
            Some(old_op) => operation(comparer, old_op, op),
        }
    }
}

fn operation(comparer: &mut Comparer, old: &Operation, new: &Operation) {
    let id = new.id.as_str();
    if old.request != new.request {
        comparer.push(
            Class::Breaking,
            "request-type-changed",
            id,
            format!("request type `{}` → `{}`", old.request, new.request),
        );
    }
    if old.response != new.response {
        comparer.push(
            Class::Breaking,
            "response-type-changed",
            id,
            format!("response type `{}` → `{}`", old.response, new.response),
        );
    }
    if old.method != new.method {
        comparer.push(
            Class::Breaking,
            "method-renamed",
            id,
            format!("method `{}` → `{}`", old.method, new.method),
        );
    }
    if old.path != new.path {
        comparer.push(
            Class::Additive,
            "path-changed",
            id,
            format!("path `{}` → `{}` (same Rust method)", old.path, new.path),
        );
    }
    match (&old.pagination, &new.pagination) {
        (None, Some(paged)) => comparer.push(
            Class::Additive,
            "pagination-added",
            id,
            format!(
                "now paginated over `{}` (adds the paging methods)",
                paged.items_field
            ),
        ),
        (Some(_), None) => comparer.push(
            Class::Breaking,
            "pagination-removed",
            id,
            "no longer paginated (the paging methods go)",
        ),
        (Some(a), Some(b)) if a != b => comparer.push(
            Class::Breaking,
            "pagination-changed",
            id,
            format!("pagination over `{}` → `{}`", a.items_field, b.items_field),
        ),
        _ => {}
    }
    if old.retry_safe != new.retry_safe {
        let now = if new.retry_safe {
            "now retry-safe (retried after timeouts and 5xx)"
        } else {
            "no longer retry-safe"
        };
        comparer.push(Class::Additive, "retry-safety-changed", id, now);
    }
    if old.enterprise_scope != new.enterprise_scope {
        comparer.push(
            Class::Additive,
            "enterprise-scope-changed",
            id,
            format!(
                "default enterprise goes into {:?} → {:?}",
                old.enterprise_scope, new.enterprise_scope
            ),
        );
    }
    deprecation(
        comparer,
        id,
        old.deprecated.is_some(),
        new.deprecated.is_some(),
    );
}

fn deprecation(comparer: &mut Comparer, path: &str, old: bool, new: bool) {
    match (old, new) {
        (false, true) => comparer.push(Class::Additive, "deprecated", path, "now deprecated"),
        (true, false) => comparer.push(
            Class::Additive,
            "undeprecated",
            path,
            "no longer deprecated",
        ),
        _ => {}
    }
}

fn type_def(comparer: &mut Comparer, old: &TypeDef, new: &TypeDef) {
    let name = new.name.as_str();
    if old.module != new.module {
        comparer.push(
            Class::Additive,
            "schema-moved",
            name,
            format!(
                "moved from module `{}` to `{}` (still re-exported at the crate root)",
                old.module, new.module
            ),
        );
    }
    deprecation(
        comparer,
        name,
        old.deprecated.is_some(),
        new.deprecated.is_some(),
    );
    match (&old.shape, &new.shape) {
        (Shape::Struct(a), Shape::Struct(b)) => structs(comparer, name, a, b),
        (Shape::Enum(a), Shape::Enum(b)) => enums(comparer, name, a, b),
        (Shape::Union(a), Shape::Union(b)) => unions(comparer, name, a, b),
        (Shape::Alias(a), Shape::Alias(b)) if a != b => comparer.push(
            Class::Breaking,
            "type-changed",
            name,
            format!("alias of `{}` → `{}`", rust(a), rust(b)),
        ),
        (Shape::Alias(_), Shape::Alias(_)) => {}
        (a, b) => comparer.push(
            Class::Breaking,
            "schema-kind-changed",
            name,
            format!("{} → {}", shape_name(a), shape_name(b)),
        ),
    }
}

fn structs(comparer: &mut Comparer, name: &str, old: &Struct, new: &Struct) {
    let usage = comparer.usage.get(name).copied().unwrap_or_default();
    for field in &old.fields {
        if !new
            .fields
            .iter()
            .any(|other| other.json_name == field.json_name)
        {
            comparer.push(
                Class::Breaking,
                "property-removed",
                format!("{name}.{}", field.json_name),
                format!("property removed (was {})", field_type(field)),
            );
        }
    }
    for field in &new.fields {
        let path = format!("{name}.{}", field.json_name);
        match old.fields.iter().find(|other| other.json_name == field.json_name) {
            None if usage.request && field.presence == Presence::Required => {
                comparer.push(Class::Breaking, "required-request-property-added", path, format!("required property added to a request type ({})", field_type(field)))
            }
            None if usage.request && !buildable_without_literal(old) => comparer.push(
                Class::Breaking,
                "request-property-added",
                path,
                format!("optional property added to a request type that has no `new()` or `Default`, so callers wrote struct literals ({})", field_type(field)),
            ),
            None if usage.request => comparer.push(
                Class::Additive,
                "optional-request-property-added",
                path,
                format!("optional property added to a request type ({}; `new()`/`Default` callers are unaffected, struct literals add `None`)", field_type(field)),
            ),
            None => comparer.push(Class::Additive, "property-added", path, format!("property added ({})", field_type(field))),
            Some(old_field) => property(comparer, &path, old_field, field),
        }
    }
}

/// Whether the emitter gives a struct `Default` (nothing required) or `new(required fields)`
/// (something optional and at most 7 required), so callers need not write struct literals.
/// Mirrors `emit::struct_`.
fn buildable_without_literal(object: &Struct) -> bool {
    let required = object
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required)
        .count();
    required == 0 || (required < object.fields.len() && required <= 7)
}

fn property(comparer: &mut Comparer, path: &str, old: &Field, new: &Field) {
    if old.rust_name != new.rust_name {
        comparer.push(
            Class::Breaking,
            "field-renamed",
            path,
            format!("Rust field `{}` → `{}`", old.rust_name, new.rust_name),
        );
    }
    if old.ty != new.ty {
        comparer.push(
            Class::Breaking,
            "type-changed",
            path,
            format!("type `{}` → `{}`", field_type(old), field_type(new)),
        );
    } else if is_option(old.presence) != is_option(new.presence) {
        let (kind, what) = if is_option(new.presence) {
            ("became-nullable", "may now be absent or null")
        } else {
            ("became-required", "now always present")
        };
        comparer.push(
            Class::Breaking,
            kind,
            path,
            format!("{what}: `{}` → `{}`", field_type(old), field_type(new)),
        );
    } else if old.presence != new.presence {
        comparer.push(
            Class::Additive,
            "presence-changed",
            path,
            format!(
                "{} → {} (same Rust type; only whether `null` is written or the key left out)",
                presence(old.presence),
                presence(new.presence)
            ),
        );
    }
    deprecation(
        comparer,
        path,
        old.deprecated.is_some(),
        new.deprecated.is_some(),
    );
}

fn enums(comparer: &mut Comparer, name: &str, old: &Enum, new: &Enum) {
    for value in &old.values {
        match new.values.iter().find(|other| other.json == value.json) {
            None => comparer.push(
                Class::Breaking,
                "enum-value-removed",
                format!("{name}::{}", value.json),
                "enum value removed",
            ),
            Some(other) if other.variant != value.variant => comparer.push(
                Class::Breaking,
                "enum-variant-renamed",
                format!("{name}::{}", value.json),
                format!("variant `{}` → `{}`", value.variant, other.variant),
            ),
            Some(_) => {}
        }
    }
    for value in &new.values {
        if !old.values.iter().any(|other| other.json == value.json) {
            comparer.push(
                Class::Additive,
                "enum-value-added",
                format!("{name}::{}", value.json),
                format!("enum value added (variant `{}`)", value.variant),
            );
        }
    }
}

fn unions(comparer: &mut Comparer, name: &str, old: &Union, new: &Union) {
    if old.layout != new.layout {
        comparer.push(
            Class::Breaking,
            "union-layout-changed",
            name,
            format!(
                "layout {} → {} (the wire format changes)",
                layout(&old.layout),
                layout(&new.layout)
            ),
        );
    }
    if old.discriminator != new.discriminator {
        comparer.push(
            Class::Breaking,
            "union-discriminator-changed",
            name,
            format!(
                "discriminator `{}` → `{}`",
                old.discriminator, new.discriminator
            ),
        );
    }
    for arm in &old.arms {
        let path = format!("{name}::{}", arm.value);
        match new.arms.iter().find(|other| other.value == arm.value) {
            None => comparer.push(
                Class::Breaking,
                "union-arm-removed",
                path,
                "union arm removed",
            ),
            Some(other) => {
                if other.payload != arm.payload {
                    comparer.push(
                        Class::Breaking,
                        "union-arm-payload-changed",
                        &path,
                        format!("payload `{}` → `{}`", payload(arm), payload(other)),
                    );
                }
                if other.property != arm.property {
                    comparer.push(
                        Class::Breaking,
                        "union-arm-property-changed",
                        &path,
                        "the payload moves to another property",
                    );
                }
                if other.variant != arm.variant {
                    comparer.push(
                        Class::Breaking,
                        "union-variant-renamed",
                        &path,
                        format!("variant `{}` → `{}`", arm.variant, other.variant),
                    );
                }
                super::events::fetch(comparer, &path, arm, other);
            }
        }
    }
    for arm in &new.arms {
        if !old.arms.iter().any(|other| other.value == arm.value) {
            comparer.push(
                Class::Additive,
                "union-arm-added",
                format!("{name}::{}", arm.value),
                format!("union arm added (payload `{}`)", payload(arm)),
            );
        }
    }
}

/// Reachability of every type from the operations' request and response types.
fn usage_of(api: &Api) -> BTreeMap<String, Usage> {
    let types: BTreeMap<&str, &TypeDef> = api
        .types
        .iter()
        .map(|def| (def.name.as_str(), def))
        .collect();
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    // Event messages are received, like responses.
    let roots = api
        .operations
        .iter()
        .flat_map(|op| [(&op.request, true), (&op.response, false)])
        .chain(api.events.iter().map(|event| (&event.message, false)));
    {
        for (root, request) in roots {
            let mut stack = vec![root.clone()];
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let entry = usage.entry(name.clone()).or_default();
                if request {
                    entry.request = true;
                } else {
                    entry.response = true;
                }
                let Some(def) = types.get(name.as_str()) else {
                    continue;
                };
                match &def.shape {
                    Shape::Struct(object) => stack.extend(
                        object
                            .fields
                            .iter()
                            .filter_map(|f| f.ty.named())
                            .map(str::to_owned),
                    ),
                    Shape::Union(union) => {
                        stack.extend(
                            union
                                .arms
                                .iter()
                                .filter_map(|arm| arm.payload.as_ref()?.named())
                                .map(str::to_owned),
                        );
                        stack.extend(union.discriminator_enum.clone());
                    }
                    Shape::Alias(target) => stack.extend(target.named().map(str::to_owned)),
                    Shape::Enum(_) => {}
                }
            }
        }
    }
    usage
}

fn is_option(presence: Presence) -> bool {
    presence != Presence::Required
}

fn presence(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required and nullable",
        Presence::Optional => "optional",
    }
}

fn layout(layout: &Layout) -> String {
    match layout {
        Layout::Sibling => "sibling".to_owned(),
        Layout::Adjacent { value } => format!("adjacent (`{value}`)"),
        Layout::Internal => "internal".to_owned(),
    }
}

fn payload(arm: &Arm) -> String {
    arm.payload
        .as_ref()
        .map_or_else(|| "raw JSON".to_owned(), rust)
}

fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct(_) => "struct",
        Shape::Enum(_) => "enum",
        Shape::Union(_) => "union",
        Shape::Alias(_) => "alias",
    }
}

fn field_type(field: &Field) -> String {
    let inner = rust(&field.ty);
    if is_option(field.presence) {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

/// A type as the bindings spell it.
pub fn rust(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::Decimal => "Decimal".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::HybridId => "HybridId".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust(inner)),
        TypeRef::Map(inner) => format!("Map<String, {}>", rust(inner)),
        TypeRef::UpdateValue(inner) => format!("UpdateValue<{}>", rust(inner)),
        TypeRef::Boxed(inner) => format!("Box<{}>", rust(inner)),
    }
}
