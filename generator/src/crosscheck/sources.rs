//! The models the cross-check compares, read from files: the docs at two stages (as the pages
//! say, by our names; and as curated by the overlay) and Mews' OpenAPI spec.

use std::path::Path;

use super::{check, Outcome, Sources};
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
        overlay::apply_docs_renames(&mut model, overlay, &mut report).map_err(failed)?;
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

/// `crosscheck --docs DIR --openapi FILE [--overlay FILE]`: reads the three files and compares.
pub fn from_files(
    docs_dir: &Path,
    openapi: &Path,
    overlay: Option<&Path>,
) -> Result<Outcome, Error> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|error| {
            Error::one(Diagnostic::plain(format!(
                "cannot read {}: {error}",
                path.display()
            )))
        })
    };
    let overlay = match overlay {
        Some(path) => read_overlay(&read(path)?, &path.display().to_string())?,
        None => Overlay::default(),
    };
    let docs = Docs::load(docs_dir)?;
    let label = docs_dir.file_name().map_or_else(
        || docs_dir.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let models = docs_models(&docs, Some(&overlay), &label)?;
    let spec_label = openapi.file_name().map_or_else(
        || openapi.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let (spec, _report) = import::openapi::load(&read(openapi)?, &spec_label)?;
    Ok(check(&Sources {
        docs: &models.docs,
        curated: &models.curated,
        openapi: &spec,
        overlay: &overlay,
        changelog: &docs.changelog,
    }))
}

fn file_error(label: &str, message: String) -> Error {
    Error::one(Diagnostic {
        location: Some(Location::File(label.to_owned())),
        message,
    })
}
