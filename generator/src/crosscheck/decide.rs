//! Decisions taken in the overlay: the `crosscheck:` entries of `spec/curation.yaml` (which
//! source wins, or a third answer, with a reason naming both places), and the overlay's schema
//! edits, which are decisions in themselves when they change what the docs say.

use serde::Deserialize;

use super::compare::{facet, Category, Finding};
use crate::import::model::Model;
use crate::import::overlay::Overlay;

/// One `crosscheck:` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossDecision {
    /// `Schema.Property`, `Schema.ArmValue` or `Schema`, by our (renamed) schema names.
    pub at: String,
    pub about: Category,
    #[serde(rename = "use")]
    pub winner: Winner,
    /// Names both places: the docs page and line, and the spec's schema and property.
    pub reason: String,
}

/// Which source a decision follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Winner {
    Docs,
    Openapi,
    /// A third answer, given in the overlay's `schemas:` section.
    Neither,
}

impl Winner {
    pub fn name(self) -> &'static str {
        match self {
            Winner::Docs => "docs",
            Winner::Openapi => "openapi",
            Winner::Neither => "neither (the overlay's own answer)",
        }
    }
}

/// How the overlay settles a finding, or why it does not.
pub enum Settled {
    Yes {
        winner: String,
        reason: String,
    },
    /// A `crosscheck:` entry whose winner the overlay's `schemas:` section does not apply.
    NotApplied(String),
    No,
}

/// The overlay's verdict on a finding: an entry of `crosscheck:` (checked against what the
/// curated import says), else a schema edit that changed the docs' answer.
pub fn settle(finding: &Finding, curated: &Model, overlay: &Overlay, used: &mut [bool]) -> Settled {
    let decisions = &overlay.crosscheck;
    let curated_says = facet(curated, &finding.docs_at, finding.category);
    let at = finding.docs_at.to_string();
    let entry = decisions
        .iter()
        .enumerate()
        .find(|(_, d)| d.at == at && d.about == finding.category);
    if let Some((index, decision)) = entry {
        if let Some(flag) = used.get_mut(index) {
            *flag = true;
        }
        let applied = match decision.winner {
            Winner::Docs => curated_says.as_deref() == Some(finding.docs.as_str()),
            Winner::Openapi => curated_says.as_deref() == Some(finding.openapi.as_str()),
            Winner::Neither => {
                curated_says.as_deref() != Some(finding.docs.as_str())
                    && curated_says.as_deref() != Some(finding.openapi.as_str())
            }
        };
        return if applied {
            Settled::Yes {
                winner: decision.winner.name().to_owned(),
                reason: decision.reason.clone(),
            }
        } else {
            Settled::NotApplied(format!(
                "crosscheck: decides `{at}` {} for {}, but the curated import says {}",
                finding.category.name(),
                decision.winner.name(),
                curated_says.as_deref().unwrap_or("nothing")
            ))
        };
    }
    match curated_says {
        Some(says) if says != finding.docs => {
            let winner = if says == finding.openapi {
                "openapi".to_owned()
            } else {
                format!("neither: {says}")
            };
            Settled::Yes {
                winner,
                reason: curation(overlay, curated, finding)
                    .unwrap_or_else(|| "schemas: edit without a curation note".to_owned()),
            }
        }
        _ => Settled::No,
    }
}

/// The curation note of the overlay's entry for the property (which may be gone), else the
/// `x-curation` the curated import keeps on the property or the schema.
fn curation(overlay: &Overlay, curated: &Model, finding: &Finding) -> Option<String> {
    let entry = overlay.schemas.get(&finding.docs_at.schema);
    let member = finding.docs_at.member.as_deref();
    if let Some(note) = entry
        .and_then(|e| member.and_then(|m| e.properties.get(m)))
        .and_then(|p| p.curation.clone())
    {
        return Some(note);
    }
    let schema = curated.schemas.get(&finding.docs_at.schema)?;
    let property = finding
        .docs_at
        .member
        .as_deref()
        .and_then(|m| schema.properties().iter().find(|p| p.name == m));
    property
        .and_then(|p| p.curation.clone())
        .or_else(|| schema.curation.clone())
}
