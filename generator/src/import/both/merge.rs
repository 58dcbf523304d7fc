//! The docs' curated answer for one facet, copied into the base (Mews' official spec) under the
//! base's names, with the docs schemas it refers to.

use std::collections::HashMap;

use super::MERGE;
use crate::crosscheck::compare::{Category, Finding};
use crate::import::model::{Arm, Kind, Layout, Model, Property, Ty};
use crate::import::report::{Report, Severity};

/// The docs' curated model, copied into the base under the base's names.
pub(super) struct Merge<'a> {
    pub(super) curated: &'a Model,
    /// Docs schema name → the base's name for the same schema.
    pub(super) names: HashMap<String, String>,
    pub(super) report: &'a mut Report,
}

impl Merge<'_> {
    /// Sets the facet of the finding in the base to what the curated docs say.
    pub(super) fn follow_docs(&mut self, base: &mut Model, finding: &Finding) {
        let Some(docs_schema) = self.curated.schemas.get(&finding.docs_at.schema) else {
            return;
        };
        let member = finding.docs_at.member.clone();
        let docs_property = member
            .as_deref()
            .and_then(|m| docs_schema.properties().iter().find(|p| p.name == m))
            .cloned();
        match (finding.category, member) {
            (Category::Type | Category::EnumValues | Category::UnionArms, None) => {
                if let Some(others) = sibling_extras(&docs_schema.kind) {
                    self.report.push(
                        MERGE,
                        0,
                        Severity::Note,
                        format!(
                            "`{}`: the docs' sibling union also has {others}, which a union would not carry: the spec's object is kept",
                            finding.openapi_at
                        ),
                    );
                    return;
                }
                let kind = self.kind(base, &docs_schema.kind.clone());
                if let Some(schema) = base.schemas.get_mut(&finding.openapi_at.schema) {
                    schema.kind = kind;
                }
            }
            (Category::ArmPayload, Some(value)) => {
                let docs_arm = match &docs_schema.kind {
                    Kind::Object {
                        union: Some(union), ..
                    } => union.arms.iter().find(|arm| arm.value == value).cloned(),
                    _ => None,
                };
                let payload = docs_arm
                    .and_then(|arm| arm.schema)
                    .map(|name| self.schema(base, &name));
                if let Some(Kind::Object {
                    union: Some(union), ..
                }) = base
                    .schemas
                    .get_mut(&finding.openapi_at.schema)
                    .map(|s| &mut s.kind)
                {
                    if let Some(arm) = union.arms.iter_mut().find(|arm| arm.value == value) {
                        arm.schema = payload;
                    }
                }
            }
            (category, Some(name)) => {
                let translated = docs_property.map(|p| self.property(base, &p));
                let Some(properties) = base
                    .schemas
                    .get_mut(&finding.openapi_at.schema)
                    .and_then(|s| s.properties_mut())
                else {
                    return;
                };
                let existing = properties.iter().position(|p| p.name == name);
                match (translated, existing) {
                    (None, Some(index)) => {
                        properties.remove(index);
                    }
                    (Some(docs), None) => properties.push(docs),
                    (Some(docs), Some(index)) => {
                        let target = &mut properties[index];
                        match category {
                            Category::Type => {
                                target.ty = docs.ty;
                                target.hybrid_identifier = docs.hybrid_identifier;
                                target.inferred = docs.inferred;
                            }
                            Category::Required => {
                                target.required = docs.required;
                                target.documented_required = docs.documented_required;
                            }
                            Category::Nullable => target.nullable = docs.nullable,
                            Category::WireShape => target.update_value = docs.update_value,
                            _ => *target = docs,
                        }
                    }
                    (None, None) => {}
                }
            }
            _ => {}
        }
    }

    /// Adds to the base's enum values or union arms those only the docs list (`both-values`):
    /// the base keeps its own, in its order, and the docs' others follow in theirs.
    pub(super) fn follow_both(&mut self, base: &mut Model, finding: &Finding) {
        let Some(docs_schema) = self.curated.schemas.get(&finding.docs_at.schema) else {
            return;
        };
        let docs_kind = docs_schema.kind.clone();
        let arms: Vec<Arm> = match &docs_kind {
            Kind::Object {
                union: Some(union), ..
            } => union
                .arms
                .iter()
                .map(|arm| Arm {
                    schema: arm.schema.as_ref().map(|name| self.schema(base, name)),
                    ..arm.clone()
                })
                .collect(),
            _ => Vec::new(),
        };
        let Some(schema) = base.schemas.get_mut(&finding.openapi_at.schema) else {
            return;
        };
        match (&mut schema.kind, &docs_kind) {
            (Kind::Enum(values), Kind::Enum(docs_values)) => {
                for value in docs_values {
                    if !values.contains(value) {
                        values.push(value.clone());
                    }
                }
            }
            (
                Kind::Object {
                    union: Some(union), ..
                },
                _,
            ) => {
                for arm in arms {
                    if !union.arms.iter().any(|own| own.value == arm.value) {
                        union.arms.push(arm);
                    }
                }
            }
            _ => {}
        }
    }

    /// The base's name of a docs schema, copying the schema (and what it reaches) when the base
    /// has none of that name.
    pub(super) fn schema(&mut self, base: &mut Model, docs_name: &str) -> String {
        if let Some(name) = self.names.get(docs_name) {
            return name.clone();
        }
        self.names
            .insert(docs_name.to_owned(), docs_name.to_owned());
        if base.schemas.contains_key(docs_name) {
            self.report.push(
                MERGE,
                0,
                Severity::Note,
                format!("`{docs_name}` of the docs is taken to be the spec's schema of that name"),
            );
            return docs_name.to_owned();
        }
        if let Some(schema) = self.curated.schemas.get(docs_name) {
            let mut copy = schema.clone();
            copy.kind = self.kind(base, &schema.kind);
            base.schemas.insert(docs_name.to_owned(), copy);
        }
        docs_name.to_owned()
    }

    fn ty(&mut self, base: &mut Model, ty: &Ty) -> Ty {
        match ty {
            Ty::Ref(name) => Ty::Ref(self.schema(base, name)),
            Ty::Array(inner) => Ty::Array(Box::new(self.ty(base, inner))),
            Ty::Map(inner) => Ty::Map(Box::new(self.ty(base, inner))),
            other => other.clone(),
        }
    }

    fn property(&mut self, base: &mut Model, property: &Property) -> Property {
        Property {
            ty: self.ty(base, &property.ty),
            ..property.clone()
        }
    }

    fn kind(&mut self, base: &mut Model, kind: &Kind) -> Kind {
        match kind {
            Kind::Object { properties, union } => Kind::Object {
                properties: properties.iter().map(|p| self.property(base, p)).collect(),
                union: union.clone().map(|mut union| {
                    for arm in &mut union.arms {
                        arm.schema = arm.schema.take().map(|name| self.schema(base, &name));
                    }
                    union
                }),
            },
            Kind::Enum(values) => Kind::Enum(values.clone()),
            Kind::Alias(ty) => Kind::Alias(self.ty(base, ty)),
        }
    }

    /// The docs' event messages (which the official spec does not have) and the schemas they
    /// reach, under the base's names; returns their ids.
    pub(super) fn add_events(&mut self, base: &mut Model) -> Vec<String> {
        let mut added = Vec::new();
        for event in &self.curated.events {
            if base.events.iter().any(|other| other.id == event.id) {
                continue;
            }
            let mut event = event.clone();
            event.example = event.example.take().or_else(|| {
                self.curated
                    .examples
                    .iter()
                    .find(|example| example.schema == event.schema)
                    .map(|example| example.value.clone())
            });
            event.schema = self.schema(base, &event.schema);
            event.docs_url = Some(super::notes::events_docs_url(&event.source));
            added.push(event.id.clone());
            base.events.push(event);
        }
        added
    }

    /// Adds an operation only the docs describe, with its bodies and their examples.
    pub(super) fn add_operation(&mut self, base: &mut Model, id: &str) {
        let Some(op) = self.curated.operations.iter().find(|op| op.id == id) else {
            return;
        };
        let mut op = op.clone();
        let example = |schema: &str| {
            self.curated
                .examples
                .iter()
                .find(|example| example.schema == schema)
                .map(|example| example.value.clone())
        };
        op.request_example = op.request_example.take().or_else(|| example(&op.request));
        op.response_example = op.response_example.take().or_else(|| example(&op.response));
        op.request = self.schema(base, &op.request);
        op.response = self.schema(base, &op.response);
        self.report.push(
            MERGE,
            0,
            Severity::Note,
            format!(
                "`{id}` is only in the docs ({}): added from them",
                op.source
            ),
        );
        // Beside the operations of its resource, so that the resource's methods stay together.
        let resource = op.resource().to_owned();
        let at = base
            .operations
            .iter()
            .rposition(|other| other.resource() == resource)
            .map_or(base.operations.len(), |index| index + 1);
        base.operations.insert(at, op);
    }
}

/// The properties of a sibling union beside its discriminator and arms (`Id` of an account),
/// comma-separated; `None` for any other kind or a union without them.
fn sibling_extras(kind: &Kind) -> Option<String> {
    let Kind::Object {
        properties,
        union: Some(union),
    } = kind
    else {
        return None;
    };
    if union.layout != Layout::Sibling {
        return None;
    }
    let extras: Vec<&str> = properties
        .iter()
        .map(|p| p.name.as_str())
        .filter(|name| {
            *name != union.discriminator
                && !union
                    .arms
                    .iter()
                    .any(|arm| arm.property.as_deref() == Some(*name))
        })
        .collect();
    (!extras.is_empty()).then(|| extras.join(", "))
}
