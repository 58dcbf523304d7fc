//! The models the cross-check compares, read from files: the docs at two stages (as the pages
//! say, by our names; and as curated by the overlay) and Mews' OpenAPI spec.

use crate::error::{Diagnostic, Error, Location};
use crate::import::docs::Docs;
use crate::import::model::Model;
use crate::import::overlay::{self, Overlay};
use crate::import::{self, Options, Report};

/// The docs import by our names, before and after the overlay's schema decisions.
pub struct DocsModels {
    pub docs: Model,
    pub curated: Model,
}

/// Reads an overlay's text (`label` names it in errors).
pub fn read_overlay(text: &str, label: &str) -> Result<Overlay, Error> {
    let overlay = overlay::parse(text).map_err(|message| file_error(label, message))?;
    if let Some(empty) = overlay
        .crosscheck
        .iter()
        .find(|d| d.reason.trim().is_empty())
    {
        return Err(file_error(
            label,
            format!("crosscheck: `{}` has no reason; name both places", empty.at),
        ));
    }
    Ok(overlay)
}

/// Builds the two docs models from loaded pages.
pub fn docs_models(
    docs: &Docs,
    overlay: Option<&Overlay>,
    label: &str,
) -> Result<DocsModels, Error> {
    let mut report = Report::default();
    let mut model = import::docs_model(docs, &Options::default(), label, &mut report);
    let failed = |message: String| file_error("overlay", message);
    if let Some(overlay) = overlay {
        overlay::apply_renames(&mut model, overlay, &mut report).map_err(failed)?;
    }
    let mut curated = model.clone();
    if let Some(overlay) = overlay {
        overlay::apply_schemas(&mut curated, overlay, &mut report).map_err(failed)?;
    }
    Ok(DocsModels {
        docs: model,
        curated,
    })
}

fn file_error(label: &str, message: String) -> Error {
    Error::one(Diagnostic {
        location: Some(Location::File(label.to_owned())),
        message,
    })
}
