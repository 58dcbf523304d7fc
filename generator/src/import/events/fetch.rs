//! Each entity event's fetch: the operation the discriminator table's `Fetch operation` column
//! links (an operation section of an operations page) and its request property taking the ids,
//! named after the entity the event's description links (`A [Customer](…) was updated.` →
//! `CustomerIds`). What the docs do not settle is a note; the overlay decides it (`fetch`).

use super::super::build::{operation_id, Builder};
use super::super::model::{Fetch, Kind, Ty};
use super::super::naming::camel;
use super::super::report::Severity;

/// A `Fetch operation` link waiting for every operation and schema to be built.
#[derive(Clone, Debug)]
pub struct PendingFetch {
    /// The discriminator table's page and row.
    pub page: String,
    pub line: usize,
    /// The arm (discriminator value) and its payload schema.
    pub arm: String,
    pub payload: String,
    /// The link's title and target.
    pub title: String,
    pub target: String,
    /// The entity the row's description links.
    pub subject: Option<String>,
    /// The union's section (its schema's `source`).
    pub union: String,
}

impl Builder<'_> {
    /// Sets the fetch of every arm whose link, operation, ids property and payload id agree.
    pub(super) fn resolve_fetches(&mut self) {
        for pending in std::mem::take(&mut self.pending_fetches) {
            match self.fetch_of(&pending) {
                Ok(fetch) => {
                    let note = format!(
                        "arm `{}` fetched by `{}` with its `{}` (the docs' fetch operation; the ids named after the event's entity)",
                        pending.arm, fetch.operation, fetch.ids
                    );
                    self.set_fetch(&pending, fetch, note);
                }
                Err(why) => self.report.push(
                    &pending.page,
                    pending.line,
                    Severity::Note,
                    format!(
                        "`{}` names no entity to fetch: {why} (the overlay can give its arm a `fetch`)",
                        pending.arm
                    ),
                ),
            }
        }
    }

    fn fetch_of(&self, pending: &PendingFetch) -> Result<Fetch, String> {
        let (file, anchor) = pending
            .target
            .split_once('#')
            .ok_or_else(|| format!("the fetch link `{}` has no #anchor", pending.target))?;
        let page_path = super::super::docs::join(&pending.page, file);
        let section = self
            .docs
            .pages
            .get(&page_path)
            .and_then(|page| {
                page.operations
                    .iter()
                    .find(|op| op.anchor == anchor.to_lowercase())
            })
            .ok_or_else(|| format!("`{}` is no operation section of the docs", pending.target))?;
        let operation = section
            .path
            .as_ref()
            .and_then(|(_, path)| operation_id(path))
            .ok_or_else(|| format!("`{}` has no operation path", pending.title))?;
        let op = self
            .model
            .operations
            .iter()
            .find(|op| op.id == operation)
            .ok_or_else(|| format!("`{operation}` is not imported"))?;
        let subject = pending
            .subject
            .as_deref()
            .ok_or("the row's description links no entity")?;
        let ids = format!("{}Ids", camel(subject));
        let request = self.model.schemas.get(&op.request);
        let takes_ids = request
            .and_then(|schema| schema.properties().iter().find(|p| p.name == ids))
            .is_some_and(|property| matches!(property.ty, Ty::Array(_)));
        if !takes_ids {
            return Err(format!(
                "`{operation}` takes no `{ids}` (an array of the entity's ids)"
            ));
        }
        let has_id = self
            .model
            .schemas
            .get(&pending.payload)
            .is_some_and(|schema| schema.properties().iter().any(|p| p.name == "Id"));
        if !has_id {
            return Err(format!("the payload `{}` has no `Id`", pending.payload));
        }
        Ok(Fetch {
            operation,
            ids,
            id: "Id".to_owned(),
        })
    }

    fn set_fetch(&mut self, pending: &PendingFetch, fetch: Fetch, note: String) {
        for schema in self.model.schemas.values_mut() {
            let Kind::Object {
                union: Some(union), ..
            } = &mut schema.kind
            else {
                continue;
            };
            if schema.source.as_deref() != Some(pending.union.as_str()) {
                continue;
            }
            if let Some(arm) = union.arms.iter_mut().find(|arm| {
                arm.value == pending.arm && arm.schema.as_deref() == Some(pending.payload.as_str())
            }) {
                arm.fetch = Some(fetch.clone());
                schema.inferred.push(note.clone());
            }
        }
    }
}
