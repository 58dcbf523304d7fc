//! The comparison of one type in both APIs: a struct's fields, an enum's values, a union's arms.

use super::compare::{deprecation, note, Comparer};
use super::{Class, Target};
use crate::ir::{Arm, Enum, Field, Layout, Presence, Shape, Struct, TypeDef, TypeRef, Union};

/// A property whose type names another type than before (`Rate` → `RateV2`): `split` decides
/// whether the old type was split or merged and compares the two types field by field.
pub(super) struct Retyped {
    /// `Reservation.Rate`.
    pub path: String,
    pub old: Field,
    pub new: Field,
}

pub(super) fn type_def(comparer: &mut Comparer<'_>, old: &TypeDef, new: &TypeDef) {
    let name = new.name.as_str();
    if old.module != new.module {
        comparer
            .push(
                Class::Additive,
                "schema-moved",
                Target::Schema,
                name,
                format!(
                    "moved from module `{}` to `{}` (still re-exported at the crate root)",
                    old.module, new.module
                ),
            )
            .set(&old.module, &new.module);
    }
    deprecation(
        comparer,
        Target::Schema,
        name,
        note(&old.deprecated),
        note(&new.deprecated),
    );
    match (&old.shape, &new.shape) {
        (Shape::Struct(a), Shape::Struct(b)) => structs(comparer, name, name, a, b, true),
        (Shape::Enum(a), Shape::Enum(b)) => enums(comparer, name, a, b),
        (Shape::Union(a), Shape::Union(b)) => unions(comparer, name, a, b),
        (Shape::Alias(a), Shape::Alias(b)) if a != b => {
            comparer
                .push(
                    Class::Breaking,
                    "type-changed",
                    Target::Schema,
                    name,
                    format!("alias of `{}` → `{}`", rust(a), rust(b)),
                )
                .set(rust(a), rust(b));
        }
        (Shape::Alias(_), Shape::Alias(_)) => {}
        (a, b) => {
            comparer
                .push(
                    Class::Breaking,
                    "schema-kind-changed",
                    Target::Schema,
                    name,
                    format!("{} → {}", shape_name(a), shape_name(b)),
                )
                .set(shape_name(a), shape_name(b));
        }
    }
}

/// The fields of a struct (`prefix` starts each path; `owner` is the struct whose usage
/// classifies additions). With `follow`, a field whose named type changed is left to `split`;
/// without (inside such a comparison), it is a plain `type-changed`.
pub(super) fn structs(
    comparer: &mut Comparer<'_>,
    prefix: &str,
    owner: &str,
    old: &Struct,
    new: &Struct,
    follow: bool,
) {
    let usage = comparer.usage_of(owner);
    for field in &old.fields {
        if !new
            .fields
            .iter()
            .any(|other| other.json_name == field.json_name)
        {
            comparer
                .push(
                    Class::Breaking,
                    "property-removed",
                    Target::Property,
                    format!("{prefix}.{}", field.json_name),
                    format!("property removed (was {})", field_type(field)),
                )
                .old = Some(field_type(field));
        }
    }
    for field in &new.fields {
        let path = format!("{prefix}.{}", field.json_name);
        let Some(old_field) = old.fields.iter().find(|o| o.json_name == field.json_name) else {
            let ty = field_type(field);
            let (class, kind, message) = if usage.request && field.presence == Presence::Required {
                (
                    Class::Breaking,
                    "required-request-property-added",
                    format!("required property added to a request type ({ty})"),
                )
            } else if usage.request && !buildable_without_literal(old) {
                (Class::Breaking, "request-property-added", format!("optional property added to a request type that has no `new()` or `Default`, so callers wrote struct literals ({ty})"))
            } else if usage.request {
                (Class::Additive, "optional-request-property-added", format!("optional property added to a request type ({ty}; `new()`/`Default` callers are unaffected, struct literals add `None`)"))
            } else {
                (
                    Class::Additive,
                    "property-added",
                    format!("property added ({ty})"),
                )
            };
            comparer
                .push(class, kind, Target::Property, path, message)
                .new = Some(ty);
            continue;
        };
        property(comparer, &path, old_field, field, follow);
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

fn property(comparer: &mut Comparer<'_>, path: &str, old: &Field, new: &Field, follow: bool) {
    if old.rust_name != new.rust_name {
        comparer
            .push(
                Class::Breaking,
                "field-renamed",
                Target::Property,
                path,
                format!("Rust field `{}` → `{}`", old.rust_name, new.rust_name),
            )
            .set(&old.rust_name, &new.rust_name);
    }
    if old.ty != new.ty {
        if follow && retyped(&old.ty, &new.ty) {
            comparer.retyped.push(Retyped {
                path: path.to_owned(),
                old: old.clone(),
                new: new.clone(),
            });
        } else {
            let (a, b) = (field_type(old), field_type(new));
            comparer
                .push(
                    Class::Breaking,
                    "type-changed",
                    Target::Property,
                    path,
                    format!("type `{a}` → `{b}`"),
                )
                .set(a, b);
        }
    } else if is_option(old.presence) != is_option(new.presence) {
        let (kind, what) = if is_option(new.presence) {
            ("became-nullable", "may now be absent or null")
        } else {
            ("became-required", "now always present")
        };
        let (a, b) = (field_type(old), field_type(new));
        comparer
            .push(
                Class::Breaking,
                kind,
                Target::Property,
                path,
                format!("{what}: `{a}` → `{b}`"),
            )
            .set(a, b);
    } else if old.presence != new.presence {
        let (a, b) = (presence(old.presence), presence(new.presence));
        comparer
            .push(
                Class::Additive,
                "presence-changed",
                Target::Property,
                path,
                format!("{a} → {b} (same Rust type; only whether `null` is written or the key left out)"),
            )
            .set(a, b);
    }
    deprecation(
        comparer,
        Target::Property,
        path,
        note(&old.deprecated),
        note(&new.deprecated),
    );
}

/// Whether two types differ only in the named type they hold (`Vec<A>` → `Vec<B>`).
fn retyped(old: &TypeRef, new: &TypeRef) -> bool {
    match (old, new) {
        (TypeRef::Named(a), TypeRef::Named(b)) => a != b,
        (TypeRef::Vec(a), TypeRef::Vec(b))
        | (TypeRef::Map(a), TypeRef::Map(b))
        | (TypeRef::UpdateValue(a), TypeRef::UpdateValue(b))
        | (TypeRef::Boxed(a), TypeRef::Boxed(b)) => retyped(a, b),
        _ => false,
    }
}

/// An enum's values; `prefix` starts each path (`Kind`, or `Thing.Kind` through a retyped
/// property).
pub(super) fn enums(comparer: &mut Comparer<'_>, prefix: &str, old: &Enum, new: &Enum) {
    for value in &old.values {
        let path = format!("{prefix}::{}", value.json);
        match new.values.iter().find(|other| other.json == value.json) {
            None => {
                comparer.push(
                    Class::Breaking,
                    "enum-value-removed",
                    Target::EnumValue,
                    path,
                    "enum value removed",
                );
            }
            Some(other) if other.variant != value.variant => {
                comparer
                    .push(
                        Class::Breaking,
                        "enum-variant-renamed",
                        Target::EnumValue,
                        path,
                        format!("variant `{}` → `{}`", value.variant, other.variant),
                    )
                    .set(&value.variant, &other.variant);
            }
            Some(_) => {}
        }
    }
    for value in &new.values {
        if !old.values.iter().any(|other| other.json == value.json) {
            comparer
                .push(
                    Class::Additive,
                    "enum-value-added",
                    Target::EnumValue,
                    format!("{prefix}::{}", value.json),
                    format!("enum value added (variant `{}`)", value.variant),
                )
                .new = Some(value.variant.clone());
        }
    }
    catch_all(comparer, prefix, &old.unknown_variant, &new.unknown_variant);
}

fn catch_all(comparer: &mut Comparer<'_>, name: &str, old: &str, new: &str) {
    if old != new {
        comparer
            .push(
                Class::Breaking,
                "catch-all-renamed",
                Target::Schema,
                name,
                format!("the catch-all variant `{old}` → `{new}` (a listed value took its name)"),
            )
            .set(old, new);
    }
}

fn unions(comparer: &mut Comparer<'_>, name: &str, old: &Union, new: &Union) {
    if old.layout != new.layout {
        let (a, b) = (layout(&old.layout), layout(&new.layout));
        comparer
            .push(
                Class::Breaking,
                "union-layout-changed",
                Target::Schema,
                name,
                format!("layout {a} → {b} (the wire format changes)"),
            )
            .set(a, b);
    }
    if old.discriminator != new.discriminator {
        comparer
            .push(
                Class::Breaking,
                "union-discriminator-changed",
                Target::Schema,
                name,
                format!(
                    "discriminator `{}` → `{}`",
                    old.discriminator, new.discriminator
                ),
            )
            .set(&old.discriminator, &new.discriminator);
    }
    for arm in &old.arms {
        let path = format!("{name}::{}", arm.value);
        let Some(other) = new.arms.iter().find(|other| other.value == arm.value) else {
            comparer
                .push(
                    Class::Breaking,
                    "union-arm-removed",
                    Target::UnionArm,
                    path,
                    "union arm removed",
                )
                .old = Some(payload(arm));
            continue;
        };
        if other.payload != arm.payload {
            let (a, b) = (payload(arm), payload(other));
            comparer
                .push(
                    Class::Breaking,
                    "union-arm-payload-changed",
                    Target::UnionArm,
                    &path,
                    format!("payload `{a}` → `{b}`"),
                )
                .set(a, b);
        }
        if other.property != arm.property {
            comparer.push(
                Class::Breaking,
                "union-arm-property-changed",
                Target::UnionArm,
                &path,
                "the payload moves to another property",
            );
        }
        if other.variant != arm.variant {
            comparer
                .push(
                    Class::Breaking,
                    "union-variant-renamed",
                    Target::UnionArm,
                    &path,
                    format!("variant `{}` → `{}`", arm.variant, other.variant),
                )
                .set(&arm.variant, &other.variant);
        }
        super::events::fetch(comparer, &path, arm, other);
    }
    for arm in &new.arms {
        if !old.arms.iter().any(|other| other.value == arm.value) {
            comparer
                .push(
                    Class::Additive,
                    "union-arm-added",
                    Target::UnionArm,
                    format!("{name}::{}", arm.value),
                    format!("union arm added (payload `{}`)", payload(arm)),
                )
                .new = Some(payload(arm));
        }
    }
    catch_all(comparer, name, &old.unknown_variant, &new.unknown_variant);
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

pub(super) fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Struct(_) => "struct",
        Shape::Enum(_) => "enum",
        Shape::Union(_) => "union",
        Shape::Alias(_) => "alias",
    }
}

/// A field's Rust type, `Option` included.
pub(super) fn field_type(field: &Field) -> String {
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
