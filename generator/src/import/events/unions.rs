//! The unions of the events pages: adjacent ones whose discriminator is a `string [enum](…)`
//! (or `[enum](…)`) row beside one `object` row (`{Discriminator, Value}`, `{Action, Data}`),
//! and internal ones from a list of links whose sections share a constant `string `Name`` row.

use std::collections::BTreeSet;

use super::super::build::Builder;
use super::super::convert::usable_values;
use super::super::docs::{DefId, Docs};
use super::super::model::{Arm, Kind, Layout, Property, Ty, Union};
use super::super::page::{DefKind, Definition, Link};
use super::super::report::Severity;
use super::super::table::{constant_string, PropertyRow};
use super::super::types::TypeExpr;
use super::PendingFetch;

impl Builder<'_> {
    /// An events page's union: the operations pages' rule first, then the events' adjacent one.
    /// The discriminator property becomes a reference to its enum.
    pub(in crate::import) fn event_union(
        &mut self,
        page: &str,
        rows: &[PropertyRow],
        properties: &mut [Property],
        inferred: &mut Vec<String>,
    ) -> Option<Union> {
        if let Some(union) = self.union(page, rows, inferred) {
            return Some(union);
        }
        let docs = self.docs;
        let named: Vec<&PropertyRow> = rows.iter().filter(|row| row.name.is_some()).collect();
        let [first, second] = named.as_slice() else {
            return None;
        };
        // The discriminator links to an enum; the other row is an object whose shape it decides.
        let (discriminator, value, enum_id) = [(*first, *second), (*second, *first)]
            .into_iter()
            .find_map(|(discriminator, value)| {
                let target = match (&discriminator.ty, &discriminator.type_link) {
                    (TypeExpr::Link { target, .. }, _) | (_, Some((_, target))) => target,
                    _ => return None,
                };
                let id = docs.resolve(page, target).ok()?;
                let is_enum = matches!(docs.definition(&id)?.kind, DefKind::Enum(_));
                let is_object = matches!(value.ty, TypeExpr::Object | TypeExpr::Any);
                (is_enum && is_object).then_some((discriminator, value, id))
            })?;
        let id = self.not_itself(enum_id, discriminator.line);
        let DefKind::Enum(items) = &docs.definition(&id)?.kind else {
            return None;
        };
        let discriminator_name = discriminator.name.clone()?;
        let value_name = value.name.clone()?;
        let (values, _) = usable_values(items);
        let mut arms = Vec::new();
        for item in values {
            let schema = self.arm_payload(&id.page, item, inferred);
            if let (Some((title, target)), Some(payload)) = (&item.fetch, &schema) {
                self.pending_fetches.push(PendingFetch {
                    page: id.page.clone(),
                    line: item.line,
                    arm: item.value.clone(),
                    payload: payload.clone(),
                    title: title.clone(),
                    target: target.clone(),
                    subject: item.subject.clone(),
                    union: self
                        .current
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                });
            }
            arms.push(Arm {
                value: item.value.clone(),
                property: None,
                schema,
                fetch: None,
            });
        }
        let enum_schema = self.schema_for(&id);
        if let Some(property) = properties
            .iter_mut()
            .find(|property| property.name == discriminator_name)
        {
            property.ty = Ty::Ref(enum_schema);
        }
        inferred.push(format!(
            "adjacent union: `{discriminator_name}` names the arm, `{value_name}` holds its payload"
        ));
        Some(Union {
            layout: Layout::Adjacent { value: value_name },
            discriminator: discriminator_name,
            arms,
        })
    }

    /// A list of links, each to an object section with the same constant `string `Value`` row:
    /// an internal union tagged by that row. Anything else is any JSON, reported.
    pub(in crate::import) fn one_of(
        &mut self,
        id: &DefId,
        def: &Definition,
        links: &[Link],
        inferred: &mut Vec<String>,
    ) -> Kind {
        let docs = self.docs;
        let mut tag: Option<String> = None;
        let mut arms: Vec<Arm> = Vec::new();
        for link in links {
            let alternative = docs
                .resolve(&id.page, &link.target)
                .ok()
                .and_then(|target| Some((docs.definition(&target)?, target)));
            let found = alternative.and_then(|(alternative, target)| {
                let DefKind::Object(rows) = &alternative.kind else {
                    return None;
                };
                let (name, value) = tag_row(rows)?;
                Some((name, value, target))
            });
            let Some((name, value, target)) = found else {
                self.report.push(
                    &id.page,
                    link.line,
                    Severity::Degraded,
                    format!(
                        "`{}` is not an object section with a constant `string `Name`` row; it is no arm of `{}`",
                        link.title, def.title
                    ),
                );
                continue;
            };
            if tag.get_or_insert_with(|| name.clone()) != &name {
                self.report.push(
                    &id.page,
                    link.line,
                    Severity::Degraded,
                    format!(
                        "`{}` is tagged by `{name}`, the other arms of `{}` by `{}`; it is no arm",
                        link.title,
                        def.title,
                        tag.as_deref().unwrap_or_default()
                    ),
                );
                continue;
            }
            if arms.iter().any(|arm| arm.value == value) {
                self.report.push(
                    &id.page,
                    link.line,
                    Severity::Skipped,
                    format!("`{value}` tags two sections of `{}`", def.title),
                );
                continue;
            }
            let schema = self.schema_for(&target);
            arms.push(Arm {
                value,
                property: None,
                schema: Some(schema),
                fetch: None,
            });
        }
        let Some(tag) = tag.filter(|_| !arms.is_empty()) else {
            self.report.push(
                &id.page,
                def.line,
                Severity::Degraded,
                format!(
                    "`{}` lists no object sections tagged alike; typed as any JSON",
                    def.title
                ),
            );
            return Kind::Alias(Ty::Any);
        };
        inferred.push(format!(
            "internal union: each arm's fields beside `{tag}`, one arm per section the list links"
        ));
        let mut property = Property::new(&tag, Ty::String(None));
        property.documented_required = true;
        property.source = Some(format!("{}:{}", id.page, def.line));
        Kind::Object {
            properties: vec![property],
            union: Some(Union {
                layout: Layout::Internal,
                discriminator: tag,
                arms,
            }),
        }
    }
}

/// The constant row of an arm's section: its name and value (`Type`, `DeviceCommand`).
fn tag_row(rows: &[PropertyRow]) -> Option<(String, String)> {
    let mut constants = rows
        .iter()
        .filter_map(|row| Some((row.name.clone()?, constant_string(&row.ty)?.to_owned())));
    match (constants.next(), constants.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The rows of an object section without its tag row, when a list of links on its page makes it
/// an arm of an internal union (the union writes the tag); otherwise all of them.
pub fn without_tag(docs: &Docs, id: &DefId, rows: &[PropertyRow]) -> Vec<PropertyRow> {
    if !super::is_events_page(&id.page) {
        return rows.to_vec();
    }
    let Some(page) = docs.pages.get(&id.page) else {
        return rows.to_vec();
    };
    let linked: BTreeSet<DefId> = page
        .definitions
        .iter()
        .filter_map(|def| match &def.kind {
            DefKind::OneOf(links) => Some(links),
            _ => None,
        })
        .flatten()
        .filter_map(|link| docs.resolve(&id.page, &link.target).ok())
        .collect();
    match tag_row(rows) {
        Some((tag, _)) if linked.contains(id) => rows
            .iter()
            .filter(|row| row.name.as_deref() != Some(tag.as_str()))
            .cloned()
            .collect(),
        _ => rows.to_vec(),
    }
}
