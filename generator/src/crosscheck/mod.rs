//! The two-source cross-check: what the docs import says against what Mews' official OpenAPI
//! spec says, operation by operation and property by property. Every disagreement is decided by
//! the default policy, decided in the overlay, or reported undecided.
//!
//! ```text
//! matching  operations by path or id; schemas by walking both sides from the bodies, then by name
//! compare   the facets of a pair of schemas on which the sources differ
//! policy    the classes of disagreement a rule decides, with the evidence
//! decide    the overlay's decisions: `crosscheck:` entries and schema edits
//! report    the counts, the listing, the exit code
//! ```

pub mod compare;
pub mod decide;
pub mod matching;
pub mod policy;
pub mod report;
pub mod sources;

use compare::Finding;
use decide::Settled;
use policy::Class;

use crate::import::changelog::Changelog;
use crate::import::dated::Dating;
use crate::import::infer;
use crate::import::model::{Model, Property};
use crate::import::overlay::Overlay;

/// The models the cross-check reads.
pub struct Sources<'a> {
    /// The docs import with the overlay's renames only: what the docs say, by our names.
    pub docs: &'a Model,
    /// The same import with every overlay decision applied: what the bindings follow.
    pub curated: &'a Model,
    /// Mews' official OpenAPI spec, read into the same model.
    pub openapi: &'a Model,
    /// The overlay: its `crosscheck:` entries and the reasons of its `schemas:` edits.
    pub overlay: &'a Overlay,
    /// Mews' changelog of the docs checkout (empty when it has none): what announces an addition.
    pub changelog: &'a Changelog,
}

impl Sources<'_> {
    /// How new each source is (each model's `info.dated`).
    pub fn dating(&self) -> Dating {
        Dating {
            docs: self.docs.info.dated.clone(),
            openapi: self.openapi.info.dated.clone(),
        }
    }
}

/// How a disagreement is settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Policy { class: Class, evidence: String },
    Overlay { winner: String, reason: String },
    Undecided { note: Option<String> },
}

/// One disagreement and its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    pub finding: Finding,
    pub verdict: Verdict,
}

/// Everything the cross-check found.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub matched_operations: usize,
    pub only_docs: Vec<String>,
    pub only_openapi: Vec<String>,
    /// The event messages (`x-webhooks`, `x-websocket`) by id: in both sources, only in one.
    pub events_both: Vec<String>,
    pub events_only_docs: Vec<String>,
    pub events_only_openapi: Vec<String>,
    pub schema_pairs: usize,
    pub disagreements: Vec<Disagreement>,
    /// `crosscheck:` entries that matched no disagreement.
    pub unused_decisions: Vec<String>,
    /// How new each source is, which decides whose additions win.
    pub dating: Dating,
}

impl Outcome {
    /// 1 when an undecided disagreement changes the generated Rust API or the wire format.
    pub fn exit_code(&self) -> u8 {
        let open = self
            .disagreements
            .iter()
            .any(|d| d.finding.changes_api && matches!(d.verdict, Verdict::Undecided { .. }));
        u8::from(open)
    }
}

/// The property a place names, if the schema has it.
fn property<'m>(model: &'m Model, at: &compare::Place) -> Option<&'m Property> {
    let member = at.member.as_deref()?;
    model
        .schemas
        .get(&at.schema)?
        .properties()
        .iter()
        .find(|p| p.name == member)
}

/// Compares the sources and decides what the overlay and the policy decide.
pub fn check(sources: &Sources<'_>) -> Outcome {
    let operations = matching::operations(sources.docs, sources.openapi);
    let pairs = matching::schemas(sources.docs, sources.openapi, &operations);
    check_matched(sources, &operations, &pairs)
}

/// The docs' example strings and every pair's findings, in pair order. Independent readings of
/// the models: the pairs are compared in two halves beside the examples, on the pool's threads.
fn compared(sources: &Sources<'_>, pairs: &[matching::Pair]) -> (ExampleStrings, Vec<Finding>) {
    let compare = |pairs: &[matching::Pair]| -> Vec<Finding> {
        pairs
            .iter()
            .flat_map(|pair| compare::pair(sources.docs, sources.openapi, pair))
            .collect()
    };
    let (first, second) = pairs.split_at(pairs.len() / 2);
    let (mut findings, (later, examples)) = crate::threads::join(
        || compare(first),
        || crate::threads::join(|| compare(second), || infer::example_strings(sources.docs)),
    );
    findings.extend(later);
    (examples, findings)
}

/// What [`infer::example_strings`] finds.
type ExampleStrings = std::collections::BTreeMap<(String, String), Vec<String>>;

/// [`check`] with the operations and schema pairs already matched (by [`matching::operations`]
/// and [`matching::schemas`] over the same two models), for a caller that needs them too.
pub fn check_matched(
    sources: &Sources<'_>,
    operations: &matching::Operations<'_>,
    pairs: &[matching::Pair],
) -> Outcome {
    let (examples, findings) = compared(sources, pairs);
    let dating = sources.dating();
    let context = policy::Context {
        dating: &dating,
        changelog: sources.changelog,
        docs: sources.docs,
        examples: &examples,
    };
    let mut used = vec![false; sources.overlay.crosscheck.len()];
    let mut disagreements = Vec::new();
    for finding in findings {
        let verdict = match decide::settle(&finding, sources.curated, sources.overlay, &mut used) {
            Settled::Yes { winner, reason } => Verdict::Overlay { winner, reason },
            Settled::NotApplied(note) => Verdict::Undecided { note: Some(note) },
            Settled::No => {
                match policy::decide(
                    &finding,
                    property(sources.docs, &finding.docs_at),
                    property(sources.openapi, &finding.openapi_at),
                    &context,
                ) {
                    Some((class, evidence)) => Verdict::Policy { class, evidence },
                    None => Verdict::Undecided { note: None },
                }
            }
        };
        disagreements.push(Disagreement { finding, verdict });
    }
    let unused_decisions = sources
        .overlay
        .crosscheck
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(d, _)| format!("{} ({})", d.at, d.about.name()))
        .collect();
    Outcome {
        matched_operations: operations.both.len(),
        only_docs: operations
            .only_docs
            .iter()
            .map(|op| op.id.clone())
            .collect(),
        only_openapi: operations
            .only_openapi
            .iter()
            .map(|op| op.id.clone())
            .collect(),
        events_both: events(sources.docs, |id| has_event(sources.openapi, id)),
        events_only_docs: events(sources.docs, |id| !has_event(sources.openapi, id)),
        events_only_openapi: events(sources.openapi, |id| !has_event(sources.docs, id)),
        schema_pairs: pairs.len(),
        disagreements,
        unused_decisions,
        dating,
    }
}

/// The ids of a model's event messages that `keep` keeps.
fn events(model: &Model, keep: impl Fn(&str) -> bool) -> Vec<String> {
    model
        .events
        .iter()
        .map(|event| event.id.clone())
        .filter(|id| keep(id))
        .collect()
}

fn has_event(model: &Model, id: &str) -> bool {
    model.events.iter().any(|event| event.id == id)
}
