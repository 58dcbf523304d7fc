//! Lowering of schemas: objects to structs, string enums to open enums, primitives to types.

use crate::case::Case;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::lower::Lowerer;
use super::naming;
use super::refs;
use super::{
    Bound, Deprecation, Enum, EnumValue, Field, Limits, Presence, Shape, Struct, TypeDef, TypeRef,
};
use crate::error::{pointer, Diagnostic};

/// How a property's schema is written: directly, or as a `$ref` (possibly wrapped in a
/// one-element `allOf`, the OpenAPI 3.0 idiom for a reference with its own `nullable`).
pub(super) struct PropertyMeta {
    pub description: Option<String>,
    pub nullable: bool,
    pub deprecated: Option<Deprecation>,
    pub update_value: bool,
}

impl Lowerer<'_> {
    /// Lowers a component schema into its type definition.
    pub(super) fn lower_component(&mut self, name: &str, schema: &ReferenceOr<Schema>) {
        let at = pointer("#/components/schemas", name);
        let Some(rust_name) = self.type_name_of(name) else {
            return;
        };
        let (doc, deprecated, shape) = match schema {
            ReferenceOr::Reference { reference } => {
                let Some(target) = self.resolve(reference, &at) else {
                    return;
                };
                (None, None, Shape::Alias(target))
            }
            ReferenceOr::Item(schema) => {
                let doc = with_docs_link(
                    schema.schema_data.description.clone(),
                    &schema.schema_data.extensions,
                );
                let deprecated = deprecation(
                    schema.schema_data.deprecated,
                    &schema.schema_data.extensions,
                );
                let Some(shape) = self.shape_of(&rust_name, schema, &at) else {
                    return;
                };
                (doc, deprecated, shape)
            }
        };
        self.push_type(TypeDef {
            pointer: at,
            name: rust_name,
            module: String::new(),
            used_by: Vec::new(),
            sent: false,
            limited: false,
            doc,
            deprecated,
            shape,
        });
    }

    fn shape_of(&mut self, rust_name: &str, schema: &Schema, at: &str) -> Option<Shape> {
        if let Some(spec) = schema.schema_data.extensions.get("x-union") {
            return self
                .lower_union(rust_name, schema, spec, at)
                .map(Shape::Union);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => self
                .lower_enum(&string.enumeration, &schema.schema_data.extensions, at)
                .map(Shape::Enum),
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => self
                .lower_struct(rust_name, &object.properties, &object.required, at)
                .map(Shape::Struct),
            SchemaKind::Any(any) if !any.properties.is_empty() => self
                .lower_struct(rust_name, &any.properties, &any.required, at)
                .map(Shape::Struct),
            // `properties: {}` written out (not merely absent) and no `additionalProperties`:
            // an object with nothing in it, e.g. the empty result of a delete. A struct, so it
            // can be a body; without the key, an untyped object stays a JSON map.
            SchemaKind::Type(Type::Object(object))
                if object.additional_properties.is_none() && self.has_properties_key(at) =>
            {
                self.lower_struct(rust_name, &object.properties, &object.required, at)
                    .map(Shape::Struct)
            }
            _ => self.type_of_schema(schema, rust_name, at).map(Shape::Alias),
        }
    }

    fn has_properties_key(&self, at: &str) -> bool {
        matches!(
            refs::raw_at(self.raw, at),
            Some(crate::json::Value::Object(node)) if node.contains_key("properties")
        )
    }

    fn lower_enum(
        &mut self,
        values: &[Option<String>],
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        at: &str,
    ) -> Option<Enum> {
        let listed: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
        let notes = self.deprecated_values(extensions, &listed, at)?;
        let mut lowered: Vec<EnumValue> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let value_at = format!("{at}/enum/{index}");
            let Some(value) = value else {
                self.error(Diagnostic::at(
                    value_at,
                    "null is not supported as an enum value; mark the schema nullable instead",
                ));
                continue;
            };
            let Some(variant) = naming::variant_name(value) else {
                self.error(Diagnostic::at(
                    value_at,
                    format!("enum value `{value}` has no valid Rust variant name"),
                ));
                continue;
            };
            if let Some(other) = lowered.iter().find(|other| other.variant == variant) {
                self.error(Diagnostic::at(
                    value_at,
                    format!(
                        "enum values `{}` and `{value}` both become the variant `{variant}`",
                        other.json
                    ),
                ));
                continue;
            }
            lowered.push(EnumValue {
                json: value.clone(),
                variant,
                deprecated: notes.get(value.as_str()).map(|note| Deprecation {
                    note: (!note.is_empty()).then(|| note.clone()),
                }),
            });
        }
        let unknown_variant = naming::catch_all(lowered.iter().map(|value| value.variant.as_str()));
        Some(Enum {
            values: lowered,
            unknown_variant,
        })
    }

    fn lower_struct(
        &mut self,
        rust_name: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &str,
    ) -> Option<Struct> {
        for name in required {
            if !properties.contains_key(name) {
                self.error(Diagnostic::at(
                    format!("{at}/required"),
                    format!("`{name}` is required but is not a property"),
                ));
            }
        }
        let is_request = self.request_types.contains(rust_name);
        let mut fields: Vec<Field> = Vec::new();
        let mut envelope_fields = Vec::new();
        // The raw nodes of the properties, found once (not by a pointer per property).
        let raw_properties = refs::raw_at(self.raw, at).and_then(|node| node.get("properties"));
        let properties_at = format!("{at}/properties");
        for (json_name, property) in properties {
            let property_at = pointer(&properties_at, json_name);
            if is_request && self.envelope.contains(json_name) {
                envelope_fields.push(json_name.clone());
                continue;
            }
            let raw_property = raw_properties.and_then(|node| node.get(json_name));
            let names = self.property_names(json_name);
            let Some(rust_field) = names.field else {
                self.error(Diagnostic::at(
                    property_at,
                    format!(
                        "property `{json_name}` {}",
                        naming::invalid_reason(json_name).unwrap_or("is not a valid identifier")
                    ),
                ));
                continue;
            };
            if let Some(other) = fields.iter().find(|field| field.rust_name == rust_field) {
                self.error(Diagnostic::at(
                    property_at,
                    format!(
                        "properties `{}` and `{json_name}` both become the field `{rust_field}`",
                        other.json_name
                    ),
                ));
                continue;
            }
            let context = format!("{rust_name}{}", names.camel);
            let Some((ty, meta)) =
                self.property_type_in(property, raw_property, &context, &property_at)
            else {
                continue;
            };
            let ty = if meta.update_value {
                TypeRef::UpdateValue(Box::new(ty))
            } else {
                ty
            };
            let presence = match (required.contains(json_name), meta.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, _) => Presence::Optional,
            };
            let limits = match super::limits::read(raw_property, &property_at) {
                Ok(limits) => limits,
                Err(diagnostic) => {
                    self.error(diagnostic);
                    continue;
                }
            };
            let facts = wire_facts(json_name, &ty, presence, &limits);
            let doc = match meta.description {
                Some(text) if !text.trim().is_empty() => format!("{text}\n\n{facts}"),
                _ => facts,
            };
            fields.push(Field {
                json_name: json_name.clone(),
                rust_name: rust_field,
                ty,
                presence,
                limits,
                doc: Some(doc),
                deprecated: meta.deprecated,
            });
        }
        Some(Struct {
            fields,
            envelope_fields,
            interval: None,
        })
    }

    /// What a property's JSON name becomes (converted once per name).
    fn property_names(&mut self, json_name: &str) -> super::lower::PropertyNames {
        if let Some(names) = self.property_names.get(json_name) {
            return names.clone();
        }
        let names = super::lower::PropertyNames {
            field: naming::field_name(json_name),
            camel: json_name.to_upper_camel_case(),
        };
        self.property_names
            .insert(json_name.to_owned(), names.clone());
        names
    }

    /// The type of a property, with what the property itself says about it.
    pub(super) fn property_type(
        &mut self,
        property: &ReferenceOr<Box<Schema>>,
        context: &str,
        at: &str,
    ) -> Option<(TypeRef, PropertyMeta)> {
        let raw = refs::raw_at(self.raw, at);
        self.property_type_in(property, raw, context, at)
    }

    /// [`Self::property_type`] with the property's raw node (`raw`, found at `at`) at hand.
    fn property_type_in(
        &mut self,
        property: &ReferenceOr<Box<Schema>>,
        raw: Option<&crate::json::Value>,
        context: &str,
        at: &str,
    ) -> Option<(TypeRef, PropertyMeta)> {
        match property {
            ReferenceOr::Reference { reference } => {
                let siblings = match refs::ref_siblings(raw, at) {
                    Ok(siblings) => siblings,
                    Err(diagnostic) => {
                        self.error(diagnostic);
                        return None;
                    }
                };
                let ty = self.resolve(reference, at)?;
                let deprecated = siblings.deprecated.then(|| Deprecation {
                    note: siblings.deprecated_note.clone(),
                });
                Some((
                    ty,
                    PropertyMeta {
                        description: siblings.description,
                        nullable: siblings.nullable,
                        deprecated,
                        update_value: siblings.update_value,
                    },
                ))
            }
            ReferenceOr::Item(schema) => {
                let data = &schema.schema_data;
                let meta = PropertyMeta {
                    description: data.description.clone(),
                    nullable: data.nullable,
                    deprecated: deprecation(data.deprecated, &data.extensions),
                    update_value: flag(&data.extensions, "x-update-value"),
                };
                Some((self.type_of_schema(schema, context, at)?, meta))
            }
        }
    }

    /// The type of an inline schema; inline enums and objects become named types after `context`.
    pub(super) fn type_of_schema(
        &mut self,
        schema: &Schema,
        context: &str,
        at: &str,
    ) -> Option<TypeRef> {
        if schema.schema_data.extensions.contains_key("x-union") {
            self.error(Diagnostic::at(
                at,
                "`x-union` is only supported on component schemas",
            ));
            return None;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    return self.inline_type(schema, context, at);
                }
                Some(match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                    VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
                    VariantOrUnknownOrEmpty::Unknown(format) if format == "hybrid-identifier" => {
                        TypeRef::HybridId
                    }
                    _ => TypeRef::String,
                })
            }
            SchemaKind::Type(Type::Number(_)) => Some(TypeRef::Decimal),
            SchemaKind::Type(Type::Integer(integer)) => Some(match &integer.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                let Some(items) = &array.items else {
                    self.error(Diagnostic::at(at, "an array needs `items`"));
                    return None;
                };
                let (item, _) =
                    self.property_type(items, &format!("{context}Item"), &format!("{at}/items"))?;
                Some(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.inline_type(schema, context, at)
            }
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let (value, _) = self.property_type(
                        &boxed(values),
                        &format!("{context}Value"),
                        &format!("{at}/additionalProperties"),
                    )?;
                    Some(TypeRef::Map(Box::new(value)))
                }
                _ => Some(TypeRef::Map(Box::new(TypeRef::Json))),
            },
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.inline_type(schema, context, at)
            }
            // `allOf` with one member: the OpenAPI 3.0 idiom for a `$ref` with its own `nullable`.
            SchemaKind::Any(any)
                if any.all_of.len() == 1 && any.one_of.is_empty() && any.any_of.is_empty() =>
            {
                self.single_all_of(&any.all_of[0], context, at)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.single_all_of(&all_of[0], context, at)
            }
            SchemaKind::Any(any)
                if any.typ.is_none()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.not.is_none() =>
            {
                Some(TypeRef::Json)
            }
            _ => {
                self.error(Diagnostic::at(
                    at,
                    "unsupported construct: oneOf, anyOf, not and multi-element allOf are not supported; declare unions with `x-union`",
                ));
                None
            }
        }
    }

    fn single_all_of(
        &mut self,
        member: &ReferenceOr<Schema>,
        context: &str,
        at: &str,
    ) -> Option<TypeRef> {
        let (ty, _) = self.property_type(&boxed(member), context, &format!("{at}/allOf/0"))?;
        Some(ty)
    }

    /// An inline enum or object, lifted into a named type called after where it stands.
    fn inline_type(&mut self, schema: &Schema, context: &str, at: &str) -> Option<TypeRef> {
        if context.len() > naming::MAX_INLINE_NAME_LEN {
            self.error(Diagnostic::at(
                at,
                format!(
                    "the type generated for this inline schema would have a name longer than {} characters; make it a component schema",
                    naming::MAX_INLINE_NAME_LEN
                ),
            ));
            return None;
        }
        let shape = self.shape_of(context, schema, at)?;
        if self.claim_name(context, at) {
            self.push_type(TypeDef {
                pointer: at.to_owned(),
                name: context.to_owned(),
                module: String::new(),
                used_by: Vec::new(),
                sent: false,
                limited: false,
                doc: schema.schema_data.description.clone(),
                deprecated: None,
                shape,
            });
        }
        Some(TypeRef::Named(context.to_owned()))
    }

    /// Resolves a `$ref` to a component schema, naming the pointer when it dangles.
    pub(super) fn resolve(&mut self, reference: &str, at: &str) -> Option<TypeRef> {
        let Some(name) = refs::component_name(reference) else {
            self.error(Diagnostic::at(
                at,
                format!("unsupported $ref `{reference}`: only `#/components/schemas/...` references are supported"),
            ));
            return None;
        };
        if !self.components.contains_key(&name) {
            self.error(Diagnostic::at(
                at,
                format!("dangling $ref `{reference}`: no schema `{name}` in #/components/schemas"),
            ));
            return None;
        }
        let rust_name = self.type_name_of(&name)?;
        Some(TypeRef::Named(rust_name))
    }
}

/// `allOf` members and `additionalProperties` hold unboxed schemas; properties hold boxed ones.
fn boxed(schema: &ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema.clone())),
    }
}

impl Lowerer<'_> {
    /// `x-deprecated-values: {Value: note}` of an enum or union: each key must be one of
    /// `listed` and each note a string (empty for none).
    pub(super) fn deprecated_values(
        &mut self,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        listed: &[&str],
        at: &str,
    ) -> Option<std::collections::BTreeMap<String, String>> {
        let mut out = std::collections::BTreeMap::new();
        let Some(spec) = extensions.get("x-deprecated-values") else {
            return Some(out);
        };
        let at = format!("{at}/x-deprecated-values");
        let Some(map) = spec.as_object() else {
            self.error(Diagnostic::at(
                &at,
                "x-deprecated-values must map values to notes",
            ));
            return None;
        };
        for (value, note) in map {
            let Some(note) = note.as_str() else {
                self.error(Diagnostic::at(
                    pointer(&at, value),
                    "the deprecation note must be a string (empty for none)",
                ));
                return None;
            };
            if !listed.contains(&value.as_str()) {
                self.error(Diagnostic::at(
                    pointer(&at, value),
                    format!("`{value}` is not one of the listed values"),
                ));
                return None;
            }
            out.insert(value.clone(), note.to_owned());
        }
        Some(out)
    }
}

pub(super) fn deprecation(
    deprecated: bool,
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
) -> Option<Deprecation> {
    deprecated.then(|| Deprecation {
        note: extensions
            .get("x-deprecated-note")
            .and_then(|note| note.as_str())
            .map(str::to_owned),
    })
}

pub(super) fn flag(extensions: &indexmap::IndexMap<String, serde_json::Value>, key: &str) -> bool {
    extensions
        .get(key)
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

/// The doc text with the item's page in the public Mews docs (`x-docs`) as its last paragraph.
pub(super) fn with_docs_link(
    doc: Option<String>,
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
) -> Option<String> {
    // A type a property holds as untyped JSON says which, so users know to decode it there.
    let doc = match extensions
        .get("x-carried-by")
        .and_then(serde_json::Value::as_str)
    {
        Some(by) => {
            let carried = format!("Carried as untyped JSON by `{by}`: decode that value with `serde_json::from_value` into this type.");
            Some(match doc {
                Some(doc) if !doc.trim().is_empty() => format!("{doc}\n\n{carried}"),
                _ => carried,
            })
        }
        None => doc,
    };
    let Some(url) = extensions.get("x-docs").and_then(serde_json::Value::as_str) else {
        return doc;
    };
    let link = format!("Mews docs: <{url}>");
    Some(match doc {
        Some(doc) if !doc.trim().is_empty() => format!("{doc}\n\n{link}"),
        _ => link,
    })
}

/// What a property is on the wire, for its rustdoc: the JSON name and type, whether the key is
/// always there and may be null, and the limits the spec states.
fn wire_facts(json_name: &str, ty: &TypeRef, presence: Presence, limits: &Limits) -> String {
    let presence = match presence {
        Presence::Required => "required, never null",
        Presence::RequiredNullable => "always present, may be null",
        Presence::Optional => "optional (left out when `None`)",
    };
    let mut facts = format!("Wire: `{json_name}`, {}, {presence}", wire_type(ty));
    for limit in limit_words(limits) {
        facts.push_str("; ");
        facts.push_str(&limit);
    }
    if let Some(items) = &limits.items {
        let words = limit_words(items);
        if !words.is_empty() {
            facts.push_str(&format!("; each item {}", words.join(", ")));
        }
    }
    facts.push('.');
    facts
}

/// The limits in words: `at most 1000 items`, `between 1 and 1000`...
fn limit_words(limits: &Limits) -> Vec<String> {
    let mut words = Vec::new();
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    let range = |min: Option<u64>, max: Option<u64>, unit: &str| match (min, max) {
        (Some(min), Some(max)) if min == max => {
            Some(format!("exactly {max} {unit}{}", plural(max)))
        }
        (Some(min), Some(max)) => Some(format!("{min} to {max} {unit}s")),
        (Some(min), None) => Some(format!("at least {min} {unit}{}", plural(min))),
        (None, Some(max)) => Some(format!("at most {max} {unit}{}", plural(max))),
        (None, None) => None,
    };
    words.extend(range(limits.min_items, limits.max_items, "item"));
    words.extend(range(limits.min_length, limits.max_length, "character"));
    let bound = |bound: &Bound, inclusive: &str, exclusive: &str| {
        let relation = if bound.exclusive {
            exclusive
        } else {
            inclusive
        };
        format!("{relation} {}", bound.text)
    };
    match (&limits.minimum, &limits.maximum) {
        (Some(min), Some(max)) if !min.exclusive && !max.exclusive => {
            words.push(format!("between {} and {}", min.text, max.text));
        }
        (min, max) => {
            words.extend(min.iter().map(|b| bound(b, "at least", "greater than")));
            words.extend(max.iter().map(|b| bound(b, "at most", "less than")));
        }
    }
    if limits.unique_items {
        words.push("no duplicates".to_owned());
    }
    if let Some(max) = &limits.max_interval {
        words.push(format!("an interval of at most {max}"));
    }
    words
}

/// The JSON type of a property in words.
fn wire_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => format!("[`{name}`]"),
        TypeRef::String => "string".to_owned(),
        TypeRef::Bool => "boolean".to_owned(),
        TypeRef::I32 => "32-bit integer".to_owned(),
        TypeRef::I64 => "integer".to_owned(),
        TypeRef::Decimal => "exact decimal number".to_owned(),
        TypeRef::Uuid => "UUID string".to_owned(),
        TypeRef::HybridId => {
            "hybrid identifier string (the entity's `Id`, or `eid:` and its external identifier)"
                .to_owned()
        }
        TypeRef::DateTime => "RFC 3339 date-time string".to_owned(),
        TypeRef::Date => "date string (YYYY-MM-DD)".to_owned(),
        TypeRef::Json => "any JSON".to_owned(),
        TypeRef::Vec(inner) => format!("array of {}", wire_type(inner)),
        TypeRef::Map(inner) => format!("object of {} values", wire_type(inner)),
        TypeRef::UpdateValue(inner) => {
            format!("update value `{{\"Value\": ...}}` of {}", wire_type(inner))
        }
        TypeRef::Boxed(inner) => wire_type(inner),
    }
}
