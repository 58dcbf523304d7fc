//! The metamorphic test of stable names (generator/IMPORT.md, "Stable names"): seeded random
//! additive mutations of docs and spec fixtures, each imported before and after with the names
//! file carried over. The diff must list every mutation, every line additive, and nothing else;
//! every name the file held must be kept.
//!
//! `METAMORPHIC_MUTATIONS` sets the count (default 60; `.ci/run` runs 240) and
//! `METAMORPHIC_SEED` the seed (default 2026). Chains of mutations alternate between the docs
//! and the spec, so that a mutation lands on what earlier ones made (a copy, then its
//! divergence).

mod check;
mod docs_mutations;
mod draw;
#[path = "../fuzz/rng.rs"]
mod rng;
mod sources;
mod spec_mutations;

use std::path::Path;

use mews_codegen::import::stable::NamesFile;

use check::Tally;
use rng::Rng;
use sources::{fixtures, import_docs, import_spec, Imported, Pages};

/// Mutations per chain; a new chain starts from the fixtures with an empty names file.
const CHAIN: usize = 20;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// One chain: `length` mutations of `start`, each imported with the names the import before
/// left, each checked against the one before.
fn chain<S: Clone>(
    start: &S,
    import: fn(&S, &NamesFile) -> Result<Imported, String>,
    mutate: fn(&mut S, &mut Rng, usize, &Imported) -> Option<check::Expected>,
    (rng, first, length): (&mut Rng, usize, usize),
    tally: &mut Tally,
) {
    let mut state = start.clone();
    let mut before = import(&state, &NamesFile::default()).expect("the fixture imports");
    for n in first..first + length {
        let Some(expected) = mutate(&mut state, rng, n, &before) else {
            tally.failures.push(format!("#{n}: no mutation fits"));
            return;
        };
        let after = match import(&state, &before.names) {
            Ok(after) => after,
            Err(error) => {
                tally.mutations += 1;
                tally
                    .failures
                    .push(format!("{}: the import fails: {error}", expected.what));
                return;
            }
        };
        check::check(&expected, &before, &after, tally);
        before = after;
    }
}

fn run(
    pages: &Pages,
    spec: &serde_json::Value,
    count: usize,
    per_chain: usize,
    seed: u64,
) -> Tally {
    let mut rng = Rng::new(seed);
    let mut tally = Tally::default();
    let mut done = 0;
    let mut docs = true;
    while done < count {
        let length = per_chain.min(count - done);
        let draws = (&mut rng, done, length);
        if docs {
            chain(
                pages,
                import_docs,
                docs_mutations::mutate,
                draws,
                &mut tally,
            );
        } else {
            chain(spec, import_spec, spec_mutations::mutate, draws, &mut tally);
        }
        done += length;
        docs = !docs;
    }
    tally
}

fn report(tally: &Tally) {
    println!("metamorphic: {}", tally.summary());
    println!("metamorphic: by kind: {}", tally.kinds());
    for failure in tally.failures.iter().take(40) {
        println!("  {failure}");
    }
}

fn fixture_spec() -> serde_json::Value {
    let text =
        std::fs::read_to_string(fixtures().join("kettles.yaml")).expect("read the spec fixture");
    yaml_serde::from_str(&text).expect("the spec fixture is YAML")
}

#[test]
fn additive_mutations_are_listed_and_nothing_else() {
    let count = env_number("METAMORPHIC_MUTATIONS", 60) as usize;
    let seed = env_number("METAMORPHIC_SEED", 2026);
    let pages = Pages::load(&fixtures().join("docs"));
    let tally = run(&pages, &fixture_spec(), count, CHAIN, seed);
    report(&tally);
    assert_eq!(tally.mutations, count, "every mutation ran");
    assert!(tally.clean(), "{}", tally.summary());
}

/// Without the names file the same kind of change renames: the copies of `Kettle state` on
/// two pages share a name while identical; one gains a value, and the rule alone gives each
/// copy a name of its own (breaking both properties that used the shared one).
#[test]
fn without_the_names_file_a_diverging_copy_renames() {
    let mut pages = Pages::load(&fixtures().join("docs"));
    let empty = NamesFile::default();
    let before = import_docs(&pages, &empty).expect("import");
    let teapots = pages
        .0
        .get_mut("operations/teapots.md")
        .expect("teapots page");
    *teapots = teapots.replacen("* `Boiling`\n", "* `Boiling`\n* `Cooling`\n", 1);
    let forgetful = import_docs(&pages, &empty).expect("import");
    let changes = mews_codegen::diff::diff(&before.spec, &forgetful.spec).expect("diff");
    assert!(
        changes
            .iter()
            .any(|c| c.kind == "type-split" && c.path == "Teapot.State"),
        "{changes:#?}"
    );
    let kept = import_docs(&pages, &before.names).expect("import");
    let changes = mews_codegen::diff::diff(&before.spec, &kept.spec).expect("diff");
    let lines: Vec<(&str, &str)> = changes.iter().map(|c| (c.kind, c.path.as_str())).collect();
    assert_eq!(lines, [("enum-value-added", "KettleState::Cooling")]);
}

/// The same run over a copy of the real docs snapshot and the official spec (`.ci/run`).
#[test]
#[ignore = "reads ../shared"]
fn additive_mutations_of_the_real_sources() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let docs = shared.join("docs/connector-api-2026-01-27");
    let spec = shared.join("openapi/connector-2026-06-02.yaml");
    if !docs.is_dir() || !spec.is_file() {
        println!("metamorphic: ../shared is not there; skipped");
        return;
    }
    let count = env_number("METAMORPHIC_REAL_MUTATIONS", 12) as usize;
    let pages = Pages::load(&docs);
    let text = std::fs::read_to_string(spec).expect("read the official spec");
    let spec: serde_json::Value = yaml_serde::from_str(&text).expect("YAML");
    let tally = run(
        &pages,
        &spec,
        count,
        count.div_ceil(2),
        env_number("METAMORPHIC_SEED", 2026),
    );
    report(&tally);
    assert!(tally.clean(), "{}", tally.summary());
}
