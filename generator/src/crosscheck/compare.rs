//! What two corresponding schemas say differently, one aspect ("facet") at a time: presence,
//! type and format, required, nullable, wire shape of each property; enum values, union arms and
//! arm payloads of each schema.

use std::borrow::Cow;

use serde::Deserialize;

use super::matching::{resolved, Pair};
use crate::import::model::{Kind, Layout, Model, Property, Schema, Ty, Usage};

/// What a disagreement is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A property only one source lists.
    Presence,
    /// The type or format of a property, or the kind of a schema.
    Type,
    Required,
    Nullable,
    EnumValues,
    /// The layout, discriminator or set of arms of a union.
    UnionArms,
    /// An arm typed in one source and raw JSON in the other.
    ArmPayload,
    /// `{"Value": …}` update wrapper or the plain value.
    WireShape,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Presence,
        Category::Type,
        Category::Required,
        Category::Nullable,
        Category::EnumValues,
        Category::UnionArms,
        Category::ArmPayload,
        Category::WireShape,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Presence => "presence",
            Category::Type => "type",
            Category::Required => "required",
            Category::Nullable => "nullable",
            Category::EnumValues => "enum-values",
            Category::UnionArms => "union-arms",
            Category::ArmPayload => "arm-payload",
            Category::WireShape => "wire-shape",
        }
    }
}

/// Where a facet is read: a schema, one of its properties, or one of its arms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub schema: String,
    /// A property name, or an arm's value for [`Category::ArmPayload`].
    pub member: Option<String>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.member {
            Some(member) => write!(f, "{}.{member}", self.schema),
            None => f.write_str(&self.schema),
        }
    }
}

/// One aspect on which the sources differ, before it is decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub category: Category,
    /// By the docs import's names (after the overlay's renames).
    pub docs_at: Place,
    pub openapi_at: Place,
    /// The first operation whose bodies reach it (empty when matched by name).
    pub operation: String,
    pub docs: String,
    pub openapi: String,
    /// `file:line` in the docs and the source the OpenAPI model gives (a JSON pointer).
    pub docs_source: Option<String>,
    pub openapi_source: Option<String>,
    /// Whether following one source or the other changes the generated Rust API or what goes
    /// on the wire.
    pub changes_api: bool,
    /// Where either source uses the schema: what is sent, what is received, or both.
    pub usage: Usage,
}

/// Every facet on which a pair of schemas disagrees.
pub fn pair(docs: &Model, openapi: &Model, pair: &Pair) -> Vec<Finding> {
    let (Some(ds), Some(os)) = (
        docs.schemas.get(&pair.docs),
        openapi.schemas.get(&pair.openapi),
    ) else {
        return Vec::new();
    };
    let at = |member: Option<&str>| {
        (
            Place {
                schema: pair.docs.clone(),
                member: member.map(str::to_owned),
            },
            Place {
                schema: pair.openapi.clone(),
                member: member.map(str::to_owned),
            },
        )
    };
    let envelope: Vec<&String> = docs.envelope.iter().chain(&openapi.envelope).collect();
    let is_body = |model: &Model, name: &str| model.operations.iter().any(|op| op.request == name);
    let mut places = vec![
        (Category::Type, None),
        (Category::EnumValues, None),
        (Category::UnionArms, None),
    ];
    let mut members: Vec<&str> = Vec::new();
    for property in ds.properties().iter().chain(os.properties()) {
        if !members.contains(&property.name.as_str()) {
            members.push(&property.name);
        }
    }
    let request_body = is_body(docs, &pair.docs) || is_body(openapi, &pair.openapi);
    members.retain(|name| !(request_body && envelope.iter().any(|e| e == name)));
    for name in &members {
        places.push((Category::Presence, Some(*name)));
        for category in [
            Category::Type,
            Category::Required,
            Category::Nullable,
            Category::WireShape,
        ] {
            places.push((category, Some(*name)));
        }
    }
    let mut arms: Vec<&str> = Vec::new();
    for schema in [ds, os] {
        if let Kind::Object {
            union: Some(union), ..
        } = &schema.kind
        {
            arms.extend(union.arms.iter().map(|arm| arm.value.as_str()));
        }
    }
    arms.sort_unstable();
    arms.dedup();
    places.extend(
        arms.into_iter()
            .map(|arm| (Category::ArmPayload, Some(arm))),
    );
    let mut out = Vec::new();
    for (category, member) in places {
        // Most facets agree: they are compared before anything is copied for a finding.
        let d = facet_of(docs, ds, member, category);
        let o = facet_of(openapi, os, member, category);
        let (Some(d), Some(o)) = (d, o) else { continue };
        if d == o {
            continue;
        }
        let (d, o) = (d.into_owned(), o.into_owned());
        let (docs_at, openapi_at) = at(member);
        let dp = member.and_then(|m| ds.properties().iter().find(|p| p.name == m));
        let op = member.and_then(|m| os.properties().iter().find(|p| p.name == m));
        out.push(Finding {
            category,
            changes_api: changes_api(category, dp, op, ds.usage.request || os.usage.request),
            usage: Usage {
                request: ds.usage.request || os.usage.request,
                response: ds.usage.response || os.usage.response,
            },
            docs_source: dp
                .and_then(|p| p.source.clone())
                .or_else(|| ds.source.clone()),
            openapi_source: op
                .and_then(|p| p.source.clone())
                .or_else(|| os.source.clone()),
            docs_at,
            openapi_at,
            operation: pair.operation.clone(),
            docs: d,
            openapi: o,
        });
    }
    out
}

/// Whether the generated Rust API or the wire format depends on which source is followed.
fn changes_api(
    category: Category,
    docs: Option<&Property>,
    openapi: Option<&Property>,
    in_requests: bool,
) -> bool {
    let optional = |p: &Property| !p.required || p.nullable;
    match (category, docs, openapi) {
        // `Option<T>` either way: a response decodes both, a request writes null or leaves the
        // key out.
        (Category::Required | Category::Nullable, Some(d), Some(o)) => {
            optional(d) != optional(o) || (in_requests && d.required != o.required)
        }
        _ => true,
    }
}

/// What one source says about one facet, as text comparable across sources (schema names,
/// which differ, are replaced by what they are). `None` where the facet does not apply.
pub fn facet(model: &Model, at: &Place, category: Category) -> Option<String> {
    let schema = model.schemas.get(&at.schema)?;
    facet_of(model, schema, at.member.as_deref(), category).map(Cow::into_owned)
}

/// [`facet`] of a schema at hand (`member`: the property or arm, if the facet has one).
fn facet_of(
    model: &Model,
    schema: &Schema,
    member: Option<&str>,
    category: Category,
) -> Option<Cow<'static, str>> {
    let property = || member.and_then(|m| schema.properties().iter().find(|p| p.name == m));
    let union = match &schema.kind {
        Kind::Object { union, .. } => union.as_ref(),
        _ => None,
    };
    let text = |text: &'static str| Some(Cow::Borrowed(text));
    match (category, member) {
        (Category::Presence, Some(_)) => text(if property().is_some() {
            "listed"
        } else {
            "absent"
        }),
        (Category::Type, Some(_)) => property().map(|p| Cow::Owned(shape(model, &p.ty, 0))),
        (Category::Type, None) => Some(Cow::Owned(kind_of(model, Some(schema)))),
        (Category::Required, Some(_)) => {
            property().and_then(|p| text(if p.required { "required" } else { "optional" }))
        }
        (Category::Nullable, Some(_)) => property().and_then(|p| {
            text(if p.nullable {
                "nullable"
            } else {
                "not nullable"
            })
        }),
        (Category::WireShape, Some(_)) => property().and_then(|p| {
            text(if p.update_value {
                "update value"
            } else {
                "plain"
            })
        }),
        (Category::EnumValues, None) => match &schema.kind {
            Kind::Enum(values) => {
                let mut values = values.clone();
                values.sort();
                Some(Cow::Owned(values.join(", ")))
            }
            _ => None,
        },
        (Category::UnionArms, None) => union.map(|u| {
            let mut arms: Vec<&str> = u.arms.iter().map(|a| a.value.as_str()).collect();
            arms.sort_unstable();
            let layout = match &u.layout {
                Layout::Sibling => "sibling".to_owned(),
                Layout::Adjacent { value } => format!("adjacent ({value})"),
                Layout::Internal => "internal".to_owned(),
            };
            Cow::Owned(format!(
                "{layout} on {}: {}",
                u.discriminator,
                arms.join(", ")
            ))
        }),
        (Category::ArmPayload, Some(value)) => {
            let arm = union?.arms.iter().find(|a| a.value == value)?;
            Some(match &arm.schema {
                Some(name) => Cow::Owned(format!("typed ({})", kind(model, name))),
                None => Cow::Borrowed("raw JSON"),
            })
        }
        _ => None,
    }
}

/// A schema's kind: what a reference to it is, whatever its name.
fn kind(model: &Model, name: &str) -> String {
    kind_of(model, model.schemas.get(name))
}

/// [`kind`] of a schema at hand (`None`: a name no schema has).
fn kind_of(model: &Model, schema: Option<&Schema>) -> String {
    match schema.map(|s| &s.kind) {
        Some(Kind::Enum(_)) => "enum".to_owned(),
        Some(Kind::Object { union: Some(_), .. }) => "union".to_owned(),
        Some(Kind::Object { .. }) => "object".to_owned(),
        Some(Kind::Alias(ty)) => shape(model, ty, 1),
        None => "an undefined schema".to_owned(),
    }
}

/// A type as text: `string/date-time`, `array of enum`, `map of number`.
pub fn shape(model: &Model, ty: &Ty, depth: usize) -> String {
    let with = |base: &str, format: &Option<String>| match format {
        Some(format) => format!("{base}/{format}"),
        None => base.to_owned(),
    };
    match resolved(model, ty) {
        Ty::String(format) => with("string", format),
        Ty::Integer(format) => with("integer", format),
        Ty::Number => "number".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::Any => "any JSON".to_owned(),
        Ty::Object => "JSON object".to_owned(),
        Ty::Array(inner) => format!("array of {}", shape(model, inner, depth + 1)),
        Ty::Map(inner) => format!("map of {}", shape(model, inner, depth + 1)),
        Ty::Ref(name) if depth < 8 => kind(model, name),
        Ty::Ref(name) => name.clone(),
    }
}
