//! Table rows, types and titled sections into schemas.

use std::collections::BTreeSet;

use super::build::Builder;
use super::docs::DefId;
use super::model::{Arm, Kind, Layout, Property, Schema, Ty, Union};
use super::page::{DefKind, Definition};
use super::report::Severity;
use super::table::{EnumItem, PropertyRow};
use super::types::TypeExpr;
use crate::ir::naming;

impl Builder<'_> {
    /// The type of a Type cell written on `page` at `line`, and whether it is an update value.
    pub(super) fn ty(&mut self, page: &str, line: usize, expr: &TypeExpr) -> (Ty, bool) {
        match expr {
            TypeExpr::String | TypeExpr::HybridIdentifier => (Ty::String(None), false),
            TypeExpr::Integer => (Ty::Integer(None), false),
            TypeExpr::Number => (Ty::Number, false),
            TypeExpr::Boolean => (Ty::Boolean, false),
            TypeExpr::Object => (Ty::Object, false),
            TypeExpr::Any => (Ty::Any, false),
            TypeExpr::Array(inner) => {
                let (item, update) = self.ty(page, line, inner);
                if update {
                    self.report.push(
                        page,
                        line,
                        Severity::Note,
                        "an array of update values: the items are typed without the wrapper",
                    );
                }
                (Ty::Array(Box::new(item)), false)
            }
            TypeExpr::Link { title, target } => self.link(page, line, title, target),
            TypeExpr::Unknown(text) => {
                self.report.push(
                    page,
                    line,
                    Severity::Degraded,
                    format!("type `{text}` is not understood; typed as any JSON"),
                );
                (Ty::Any, false)
            }
        }
    }

    fn link(&mut self, page: &str, line: usize, title: &str, target: &str) -> (Ty, bool) {
        let resolved = self.docs.resolve(page, target).or_else(|message| {
            // A misspelt page (`_object.md`) whose anchor the common objects page has.
            let anchor = target
                .split_once('#')
                .map(|(_, anchor)| anchor)
                .unwrap_or_default();
            let fallback = self
                .docs
                .resolve(page, &format!("_objects.md#{anchor}"))
                .map_err(|_| message.clone())?;
            let note = format!(
                "{message}; read as `_objects.md#{anchor}`, the common object of that anchor"
            );
            self.report.push(page, line, Severity::Note, note);
            Ok::<_, String>(fallback)
        });
        match resolved {
            Ok(id) => {
                let id = self.not_itself(id, line);
                let Some(def) = self.docs.definition(&id) else {
                    return (Ty::Any, false);
                };
                if let Some(value) = update_value_row(def) {
                    let (ty, _) = self.ty(&id.page, value.line, &value.ty);
                    return (ty, true);
                }
                (Ty::Ref(self.schema_for(&id)), false)
            }
            Err(message) => match update_value_title(title) {
                Some(ty) => {
                    self.report.push(
                        page,
                        line,
                        Severity::Note,
                        format!("{message}; `{title}` read as an update value from its title"),
                    );
                    (ty, true)
                }
                None => {
                    self.report.push(
                        page,
                        line,
                        Severity::Degraded,
                        format!("broken {message}; typed as any JSON"),
                    );
                    (Ty::Any, false)
                }
            },
        }
    }

    /// A definition's link to itself where a later section of the page has the same title (the
    /// docs sometimes title an object and its discriminator enum alike): the later section.
    pub(super) fn not_itself(&mut self, id: DefId, line: usize) -> DefId {
        if self.current.as_ref() != Some(&id) {
            return id;
        }
        let Some(page) = self.docs.pages.get(&id.page) else {
            return id;
        };
        let prefix = format!("{}-", id.anchor);
        let twin = page.definitions.iter().find(|def| {
            def.anchor
                .strip_prefix(&prefix)
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        });
        match twin {
            Some(twin) => {
                self.report.push(&id.page, line, Severity::Note, format!("link to `#{}` from its own section: read as the next section of that title (`#{}`)", id.anchor, twin.anchor));
                DefId {
                    page: id.page.clone(),
                    anchor: twin.anchor.clone(),
                }
            }
            None => id,
        }
    }

    /// The schema name settled for a definition (its anchor if naming did not see it).
    fn name_of(&self, id: &DefId) -> String {
        self.names
            .of
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.anchor.clone())
    }

    /// The schema name of a definition, queueing it for conversion the first time.
    pub(super) fn schema_for(&mut self, id: &DefId) -> String {
        let name = self.name_of(id);
        if self.queued.insert(name.clone()) {
            let canonical = self
                .names
                .canonical
                .get(&name)
                .cloned()
                .unwrap_or_else(|| id.clone());
            self.queue.push_back(canonical);
        }
        name
    }

    /// The properties of a table's rows.
    pub(super) fn properties(&mut self, page: &str, rows: &[PropertyRow]) -> Vec<Property> {
        let mut properties: Vec<Property> = Vec::new();
        let mut fields = BTreeSet::new();
        for row in rows {
            let Some(name) = &row.name else { continue };
            let field = match self.field_names.get(name.as_str()) {
                Some(field) => field.clone(),
                None => {
                    let field = naming::field_name(name);
                    self.field_names.insert(name.clone(), field.clone());
                    field
                }
            };
            let Some(field) = field else {
                self.report.push(
                    page,
                    row.line,
                    Severity::Skipped,
                    format!("property `{name}` is not a valid identifier"),
                );
                continue;
            };
            if !fields.insert(field.clone()) {
                self.report.push(
                    page,
                    row.line,
                    Severity::Skipped,
                    format!("property `{name}` repeats an earlier one (as the field `{field}`)"),
                );
                continue;
            }
            let (ty, update_value) = match self.documented_enum(page, row) {
                Some(ty) => (ty, false),
                None => self.ty(page, row.line, &row.ty),
            };
            if matches!(ty, Ty::Object | Ty::Any) {
                self.carried_by_links(page, name, &row.links);
            }
            let mut property = Property::new(name, ty);
            property.documented_required = row.contract.required;
            property.deprecated = row.deprecated.clone();
            property.update_value = update_value;
            property.hybrid_identifier = row.ty.is_hybrid_identifier();
            property.max_items = row.contract.max_items;
            property.max_length = row.contract.max_length;
            property.max_interval = row.contract.max_interval.clone();
            property.source = Some(format!("{page}:{}", row.line));
            property.docs_text = row.description.clone();
            if self.descriptions && !row.description.is_empty() {
                property.description = Some(row.description.clone());
            }
            properties.push(property);
        }
        properties
    }

    /// The objects an untyped property's description links to (directly, or through an enum
    /// whose values link to them, as `Command.Data` links to the device types and each type to
    /// its command data): queued, and filed as carried by the property.
    fn carried_by_links(&mut self, page: &str, property: &str, links: &[(String, String)]) {
        let docs = self.docs;
        let mut targets = Vec::new();
        for (_, target) in links {
            let Ok(id) = docs.resolve(page, target) else {
                continue;
            };
            match docs.definition(&id).map(|def| &def.kind) {
                Some(DefKind::Object(_)) => targets.push(id),
                Some(DefKind::Enum(items)) => {
                    for (_, item_target) in items.iter().filter_map(|item| item.link.as_ref()) {
                        if let Ok(payload) = docs.resolve(&id.page, item_target) {
                            targets.push(payload);
                        }
                    }
                }
                _ => {}
            }
        }
        for id in targets {
            let is_object = docs.definition(&id).is_some_and(is_payload);
            if is_object {
                let name = self.schema_for(&id);
                self.carried.push((property.to_owned(), name));
            }
        }
    }

    /// Files the carried schemas of the table just converted under their owner.
    pub(super) fn file_carried(&mut self, owner: &str) {
        for (property, carried) in std::mem::take(&mut self.carried) {
            self.carriers.push((carried, owner.to_owned(), property));
        }
    }

    /// On an events page, a `string [Title](…)` row whose link is an enum list: that enum (the
    /// operations pages use the form for strings of a documented syntax, and stay strings).
    fn documented_enum(&mut self, page: &str, row: &PropertyRow) -> Option<Ty> {
        if !super::events::is_events_page(page) {
            return None;
        }
        let (_, target) = row.type_link.as_ref()?;
        let id = self.docs.resolve(page, target).ok()?;
        matches!(self.docs.definition(&id)?.kind, DefKind::Enum(_))
            .then(|| Ty::Ref(self.schema_for(&id)))
    }

    /// Converts a queued definition into its schema. Copies that share its name but no longer
    /// its shape (a name recorded for both, see `stable`) are merged into it.
    pub(super) fn definition(&mut self, id: &DefId) {
        let docs = self.docs;
        let Some(def) = docs.definition(id) else {
            return;
        };
        let name = self.name_of(id);
        if self.model.schemas.contains_key(&name) {
            return;
        }
        for issue in &def.issues {
            self.report.issues.push(issue.clone());
        }
        let mut inferred = Vec::new();
        let mut deprecated_values = indexmap::IndexMap::new();
        let mut kind = self.kind(id, def, &mut inferred, &mut deprecated_values);
        self.file_carried(&name);
        let print = super::naming::fingerprint(docs, &id.page, def);
        let others: Vec<DefId> = self
            .names
            .members
            .get(&name)
            .into_iter()
            .flatten()
            .filter(|other| *other != id)
            .filter(|other| {
                docs.definition(other)
                    .is_some_and(|d| super::naming::fingerprint(docs, &other.page, d) != print)
            })
            .cloned()
            .collect();
        for other in &others {
            let Some(copy) = docs.definition(other) else {
                continue;
            };
            let theirs = self.kind(other, copy, &mut Vec::new(), &mut deprecated_values);
            self.file_carried(&name);
            let added = super::merge::kinds(&mut kind, theirs);
            self.report.push(
                &other.page,
                copy.line,
                Severity::Note,
                format!(
                    "`{name}`: this copy differs from `{id}`; the names file gives both the name, so they stay one schema{added}"
                ),
            );
        }
        let mut schema = Schema::new(kind);
        schema.inferred = inferred;
        schema.values_deprecated = deprecated_values;
        schema.source = Some(id.to_string());
        if self.descriptions && !def.description.is_empty() {
            schema.description = Some(super::markdown::plain_text(&def.description.join(" ")));
        }
        self.model.schemas.insert(name, schema);
    }

    /// What a definition is: an enum, an object (a union), a map. An enum's values deprecated
    /// in their descriptions are added to `deprecated_values` with their notes.
    fn kind(
        &mut self,
        id: &DefId,
        def: &Definition,
        inferred: &mut Vec<String>,
        deprecated_values: &mut indexmap::IndexMap<String, String>,
    ) -> Kind {
        match &def.kind {
            DefKind::Enum(items) => {
                let (usable, problems) = usable_values(items);
                for (line, message) in problems {
                    self.report.push(&id.page, line, Severity::Skipped, message);
                }
                deprecated_values.extend(usable.iter().filter_map(|item| {
                    let note = super::deprecation::value_note(item.description.as_deref()?)?;
                    Some((item.value.clone(), note))
                }));
                let values: Vec<String> =
                    usable.into_iter().map(|item| item.value.clone()).collect();
                if values.is_empty() {
                    self.report.push(
                        &id.page,
                        def.line,
                        Severity::Degraded,
                        format!("enum `{}` has no usable value; typed as string", def.title),
                    );
                    Kind::Alias(Ty::String(None))
                } else {
                    Kind::Enum(values)
                }
            }
            DefKind::Object(rows) => {
                self.current = Some(id.clone());
                let rows = super::events::without_tag(self.docs, id, rows);
                let mut properties = self.properties(&id.page, &rows);
                let union = if super::events::is_events_page(&id.page) {
                    self.event_union(&id.page, &rows, &mut properties, inferred)
                } else {
                    self.union(&id.page, &rows, inferred)
                };
                self.current = None;
                Kind::Object { properties, union }
            }
            DefKind::Map(expr) => {
                let (value, _) = self.ty(&id.page, def.line, expr);
                Kind::Alias(Ty::Map(Box::new(value)))
            }
            DefKind::OneOf(links) => self.one_of(id, def, links, inferred),
            DefKind::Example => {
                let value = example_map(def);
                inferred.push(format!(
                    "dictionary of {} (from the example)",
                    describe(&value)
                ));
                Kind::Alias(Ty::Map(Box::new(value)))
            }
        }
    }

    /// A union, when the table has a `Discriminator` linking to an enum and either one `Value`
    /// property (adjacent layout) or one object property per discriminator value (sibling).
    pub(super) fn union(
        &mut self,
        page: &str,
        rows: &[PropertyRow],
        inferred: &mut Vec<String>,
    ) -> Option<Union> {
        let docs = self.docs;
        let discriminator = rows
            .iter()
            .find(|row| row.name.as_deref() == Some("Discriminator"))?;
        let TypeExpr::Link { target, .. } = &discriminator.ty else {
            return None;
        };
        let enum_id = docs.resolve(page, target).ok()?;
        let enum_id = self.not_itself(enum_id, discriminator.line);
        let DefKind::Enum(items) = &docs.definition(&enum_id)?.kind else {
            return None;
        };
        let (values, _) = usable_values(items);
        let others: Vec<&PropertyRow> = rows
            .iter()
            .filter(|row| row.name.as_deref() != Some("Discriminator"))
            .collect();
        if let [only] = others.as_slice() {
            if only.name.as_deref() == Some("Value") {
                let arms = values
                    .iter()
                    .map(|item| Arm {
                        value: item.value.clone(),
                        property: None,
                        schema: self.arm_payload(&enum_id.page, item, inferred),
                        fetch: None,
                    })
                    .collect();
                return Some(Union {
                    layout: Layout::Adjacent {
                        value: "Value".to_owned(),
                    },
                    discriminator: "Discriminator".to_owned(),
                    arms,
                });
            }
        }
        let mut arms = Vec::new();
        let mut missing = Vec::new();
        for item in &values {
            let payload = others
                .iter()
                .find(|row| row.name.as_deref() == Some(item.value.as_str()))
                .and_then(|row| match &row.ty {
                    TypeExpr::Link { target, .. } => docs
                        .resolve(page, target)
                        .ok()
                        .filter(|id| docs.definition(id).is_some_and(is_payload)),
                    _ => None,
                });
            match payload {
                Some(id) => arms.push(Arm {
                    value: item.value.clone(),
                    property: Some(item.value.clone()),
                    schema: Some(self.schema_for(&id)),
                    fetch: None,
                }),
                None => missing.push(item.value.clone()),
            }
        }
        if !missing.is_empty() {
            if !arms.is_empty() {
                self.report.push(
                    page,
                    discriminator.line,
                    Severity::Note,
                    format!("no object property for the discriminator values [{}]; read as a plain object, not a union", missing.join(", ")),
                );
            }
            return None;
        }
        Some(Union {
            layout: Layout::Sibling,
            discriminator: "Discriminator".to_owned(),
            arms,
        })
    }

    /// An adjacent arm's payload: the object its enum value's description links to, or else
    /// the object section of the enum's page titled after the value.
    pub(super) fn arm_payload(
        &mut self,
        page: &str,
        item: &EnumItem,
        inferred: &mut Vec<String>,
    ) -> Option<String> {
        let Some((title, target)) = item.link.as_ref() else {
            let id = self.same_page_payload(page, &item.value)?;
            let schema = self.schema_for(&id);
            inferred.push(format!(
                "arm `{}` payload `{schema}` (the section `#{}` of the same page, titled after the value)",
                item.value, id.anchor
            ));
            return Some(schema);
        };
        match self.docs.resolve(page, target) {
            Ok(id) if self.docs.definition(&id).is_some_and(is_payload) => {
                Some(self.schema_for(&id))
            }
            Ok(_) => {
                self.report.push(page, item.line, Severity::Note, format!("arm `{}` links to `{title}`, which is not an object; its payload stays raw JSON", item.value));
                None
            }
            Err(message) => {
                self.report.push(
                    page,
                    item.line,
                    Severity::Degraded,
                    format!(
                        "arm `{}`: broken {message}; its payload stays raw JSON",
                        item.value
                    ),
                );
                None
            }
        }
    }
}

impl Builder<'_> {
    /// The object section of `page` titled after an arm's value: exactly (`BillCustomerData` →
    /// "Bill customer data") or as its first words (`Bookable` → "Bookable service data"), the
    /// latter only when one section fits.
    fn same_page_payload(&self, page: &str, value: &str) -> Option<DefId> {
        let definitions = &self.docs.pages.get(page)?.definitions;
        let payloads = || definitions.iter().filter(|def| is_payload(def));
        let exact = payloads().find(|def| super::naming::camel(&def.title) == value);
        let chosen = match exact {
            Some(def) => def,
            None => {
                let mut starting = payloads().filter(|def| {
                    super::naming::camel(&def.title)
                        .strip_prefix(value)
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                });
                match (starting.next(), starting.next()) {
                    (Some(only), None) => only,
                    _ => return None,
                }
            }
        };
        Some(DefId {
            page: page.to_owned(),
            anchor: chosen.anchor.clone(),
        })
    }
}

/// The values of an enum list that make distinct Rust variants, and why the others do not.
pub(super) fn usable_values(items: &[EnumItem]) -> (Vec<&EnumItem>, Vec<(usize, String)>) {
    let mut variants = BTreeSet::new();
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for item in items {
        match naming::variant_name(&item.value) {
            None => problems.push((
                item.line,
                format!("enum value `{}` has no Rust variant name", item.value),
            )),
            Some(variant) if !variants.insert(variant.clone()) => problems.push((
                item.line,
                format!(
                    "enum value `{}` repeats the variant `{variant}`",
                    item.value
                ),
            )),
            Some(_) => values.push(item),
        }
    }
    (values, problems)
}

/// An object with properties, which a union arm can carry.
fn is_payload(def: &Definition) -> bool {
    matches!(&def.kind, DefKind::Object(rows) if !rows.is_empty())
        && update_value_row(def).is_none()
}

/// The `Value` row of an `... update value` object: the Mews update wrapper.
fn update_value_row(def: &Definition) -> Option<&PropertyRow> {
    if !def.title.to_lowercase().ends_with("update value") {
        return None;
    }
    match &def.kind {
        DefKind::Object(rows) => match rows.as_slice() {
            [row] if row.name.as_deref() == Some("Value") => Some(row),
            _ => None,
        },
        _ => None,
    }
}

/// `Decimal update value` → a number update value, for links to wrappers the docs never define.
fn update_value_title(title: &str) -> Option<Ty> {
    let lower = title.to_lowercase();
    let kind = lower.strip_suffix(" update value")?;
    match kind {
        "string" => Some(Ty::String(None)),
        "bool" | "boolean" => Some(Ty::Boolean),
        "number" | "decimal" => Some(Ty::Number),
        "integer" => Some(Ty::Integer(None)),
        "array of strings" | "array of string" => Some(Ty::Array(Box::new(Ty::String(None)))),
        _ => None,
    }
}

/// The value type of a dictionary shown only by example.
fn example_map(def: &Definition) -> Ty {
    let Some(crate::json::Value::Object(map)) = def
        .example
        .as_ref()
        .and_then(|(_, text)| super::infer::lenient_json(text))
    else {
        return Ty::Any;
    };
    let kinds: BTreeSet<&str> = map
        .values()
        .map(|value| match value {
            crate::json::Value::String(_) => "string",
            crate::json::Value::Number(_) => "number",
            crate::json::Value::Array(items)
                if items.iter().all(|item| item.is_i64() || item.is_u64()) =>
            {
                "integers"
            }
            _ => "other",
        })
        .collect();
    match kinds.iter().next() {
        Some(&"string") if kinds.len() == 1 => Ty::String(None),
        Some(&"number") if kinds.len() == 1 => Ty::Number,
        Some(&"integers") if kinds.len() == 1 => Ty::Array(Box::new(Ty::Integer(None))),
        _ => Ty::Any,
    }
}

fn describe(ty: &Ty) -> &'static str {
    match ty {
        Ty::String(_) => "strings",
        Ty::Number => "numbers",
        Ty::Array(_) => "integer arrays",
        _ => "any JSON",
    }
}
