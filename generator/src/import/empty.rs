//! An import that yields no operation is an error, not an empty spec: it says what the importer
//! looked for and shows what it skipped instead (another API's address lines, other methods).

use super::model::Model;
use super::report::{Report, Severity};
use super::spec_writer::Source;
use crate::error::{Diagnostic, Error, Location};

/// How many of the skipped items the error repeats (the rest are counted).
const SHOWN: usize = 8;

/// What the docs importer takes for an operation.
pub const DOCS_EXPECTS: &str =
    "operations/*.md pages with `## Title` sections whose `### Request` \
     holds the address line `[PlatformAddress]/api/connector/v1/<resource>/<action>` (or \
     `.../<action>/<YYYY-MM-DD>`)";

/// What the OpenAPI importer takes for an operation.
pub const OPENAPI_EXPECTS: &str = "`post` operations under `paths` at \
     `/api/connector/v1/<resource>/<action>` with an operationId, a JSON request body and a JSON \
     200 response";

/// `Err` when the model has no operation: the error names the source, what was looked for,
/// `--only` when it selected nothing, and the first skipped items of the report.
pub fn refuse_empty(
    model: &Model,
    report: &Report,
    only: &[String],
    source: &Source<'_>,
) -> Result<(), Error> {
    if !model.operations.is_empty() {
        return Ok(());
    }
    let (label, expects) = match source {
        Source::Docs(label) => ((*label).to_owned(), DOCS_EXPECTS.to_owned()),
        Source::OpenApi(label) => ((*label).to_owned(), OPENAPI_EXPECTS.to_owned()),
        Source::Both { openapi, docs } => (
            format!("{openapi} + {docs}"),
            format!("in the spec, {OPENAPI_EXPECTS}; in the docs, {DOCS_EXPECTS}"),
        ),
    };
    let mut message = format!("no operation imported; nothing was written. Looked for {expects}");
    if !only.is_empty() {
        message.push_str(&format!(
            "; --only {} selected none of those found",
            only.join(",")
        ));
    }
    let skipped: Vec<String> = report
        .issues
        .iter()
        .filter(|issue| issue.severity == Severity::Skipped)
        .map(ToString::to_string)
        .collect();
    if !skipped.is_empty() {
        message.push_str(&format!(". Skipped ({}):", skipped.len()));
        for line in skipped.iter().take(SHOWN) {
            message.push_str("\n  ");
            message.push_str(line);
        }
        if skipped.len() > SHOWN {
            message.push_str(&format!("\n  ... and {} more", skipped.len() - SHOWN));
        }
    }
    Err(Error::one(Diagnostic {
        location: Some(Location::File(label)),
        message,
    }))
}
