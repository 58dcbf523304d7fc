//! The overlay's operation decisions (retry safety, pagination, texts, deprecation) and root
//! settings (info, servers, envelope).

use super::{set, Overlay, Pagination, OVERLAY};
use crate::import::model::{Model, Ty};
use crate::import::report::{Report, Severity};

/// Applies operation decisions and the root settings.
pub fn apply_operations(
    model: &mut Model,
    overlay: &Overlay,
    report: &mut Report,
) -> Result<(), String> {
    if let Some(info) = &overlay.info {
        if let Some(title) = &info.title {
            model.info.title = title.clone();
        }
        if let Some(version) = &info.version {
            model.info.version = version.clone();
        }
        if let Some(description) = &info.description {
            model.info.description = Some(description.clone());
        }
    }
    if !overlay.servers.is_empty() {
        model.servers = overlay
            .servers
            .iter()
            .map(|s| (s.url.clone(), s.description.clone()))
            .collect();
    }
    if let Some(envelope) = &overlay.envelope {
        model.envelope = envelope.fields.clone();
        model.secrets = envelope.secrets.clone();
    }
    for (id, spec) in &overlay.operations {
        let misfit = match &spec.pagination {
            Some(Pagination::Items(items)) => pagination_misfit(model, id, items),
            _ => None,
        };
        let Some(op) = model.operations.iter_mut().find(|op| &op.id == id) else {
            report.push(
                OVERLAY,
                0,
                Severity::Note,
                format!("operations `{id}`: not in this import; entry unused"),
            );
            continue;
        };
        if let Some(retry_safe) = spec.retry_safe {
            op.retry_safe = retry_safe;
            op.inferred.retain(|note| !note.starts_with("retry-safe"));
        }
        match &spec.pagination {
            Some(Pagination::Items(_)) if misfit.is_some() => {
                let why = misfit.unwrap_or_default();
                report.push(
                    OVERLAY,
                    0,
                    Severity::Note,
                    format!("operations `{id}`: pagination does not apply to this import ({why}); entry part unused"),
                );
            }
            Some(Pagination::Items(items)) => {
                op.pagination = Some(items.clone());
                op.inferred.retain(|note| !note.starts_with("x-pagination"));
            }
            Some(Pagination::Enabled(false)) => {
                op.pagination = None;
                op.inferred.retain(|note| !note.starts_with("x-pagination"));
            }
            Some(Pagination::Enabled(true)) => {
                return Err(format!(
                    "operations `{id}`: `pagination` is the paged array's name or false"
                ))
            }
            None => {}
        }
        set(&mut op.description, &spec.description);
        set(&mut op.curation, &spec.curation);
        if let Some(summary) = &spec.summary {
            op.summary = summary.clone();
        }
        if let Some(note) = &spec.deprecated {
            op.deprecated = Some(note.clone());
        }
    }
    Ok(())
}

/// Why an overlay's pagination over `items` cannot apply to the operation `id` of this import
/// (an older source may not page it yet): `None` when it can, or when there is no such operation.
fn pagination_misfit(model: &Model, id: &str, items: &str) -> Option<String> {
    let op = model.operations.iter().find(|op| op.id == id)?;
    let has = |schema: &str, name: &str, array: bool| {
        model.schemas.get(schema).is_some_and(|schema| {
            schema
                .properties()
                .iter()
                .any(|p| p.name == name && (!array || matches!(p.ty, Ty::Array(_))))
        })
    };
    if !has(&op.request, "Limitation", false) {
        return Some(format!("its request `{}` has no `Limitation`", op.request));
    }
    if !has(&op.response, "Cursor", false) {
        return Some(format!("its response `{}` has no `Cursor`", op.response));
    }
    if !has(&op.response, items, true) {
        return Some(format!(
            "its response `{}` has no array `{items}`",
            op.response
        ));
    }
    None
}

/// Operations whose pagination the overlay decides (and can decide for this import).
pub fn decided_pagination(overlay: &Overlay, model: &Model) -> Vec<String> {
    overlay
        .operations
        .iter()
        .filter(|(id, spec)| match &spec.pagination {
            Some(Pagination::Items(items)) => pagination_misfit(model, id, items).is_none(),
            Some(Pagination::Enabled(_)) => true,
            None => false,
        })
        .map(|(id, _)| id.clone())
        .collect()
}
