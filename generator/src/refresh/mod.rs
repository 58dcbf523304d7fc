//! `mews-codegen refresh --docs DIR --openapi FILE`: the maintainer's one command when Mews
//! changes its docs or its OpenAPI spec. In a repository laid out as this one is:
//!
//! ```text
//! crosscheck  the sources against each other with spec/curation.yaml: stop on an undecided
//!             disagreement that changes the API or the wire (decide it in the overlay first)
//! import      both sources, the overlays, spec/names.yaml (every schema keeps its name), the
//!             committed spec as the previous one (what Mews removed stays, deprecated)
//!             → spec/connector.yaml and spec/names.yaml
//! diff        the committed spec against the new one (its --json contract)
//! generate    generated/ and the features block of Cargo.toml
//! release     a CHANGELOG.md section (breaking, added, deprecated, changed; each line linked to
//!             the Mews changelog entry or docs page) and the crate's version bumped by semver
//! ```
//!
//! `--check` does it all in memory and reports what differs from the committed crate (CI).

pub mod announced;
pub mod release;
pub mod version;

use std::path::{Path, PathBuf};

use crate::json::Value;

use crate::crosscheck;
use crate::diff::{self, Class};
use crate::error::{Diagnostic, Error};
use crate::import::dated::Dating;
use crate::import::{self, Options, Report};
use version::Version;

/// The repository's files a refresh reads and writes, relative to its root.
pub const SPEC: &str = "spec/connector.yaml";
/// The names file (`import --names`): every schema keeps the name it was given.
pub const NAMES: &str = "spec/names.yaml";
pub const OVERLAYS: [&str; 2] = ["spec/curation.yaml", "spec/descriptions.yaml"];
pub const GENERATED: &str = "generated";
pub const MANIFEST: &str = "Cargo.toml";
pub const CHANGELOG: &str = "CHANGELOG.md";

/// What to refresh from.
#[derive(Clone, Debug)]
pub struct Request {
    pub docs: PathBuf,
    pub openapi: PathBuf,
    /// The repository (holding `spec/`, `generated/`, `Cargo.toml`, `CHANGELOG.md`).
    pub root: PathBuf,
    /// Compare only: nothing is written.
    pub check: bool,
}

/// What a refresh found and did.
#[derive(Debug)]
pub struct Outcome {
    /// The cross-check's counts (`crosscheck --summary`).
    pub crosscheck: String,
    /// Undecided disagreements that change the API or the wire: the refresh stopped before
    /// importing when there are any.
    pub undecided: Vec<String>,
    /// The import's report (skipped, degraded, notes) and summary.
    pub import: Option<Report>,
    /// The diff of the committed spec and the new one, as text.
    pub diff: String,
    pub breaking: usize,
    pub additive: usize,
    /// The crate's version and the one the refresh gives it (the same when nothing changed).
    pub version: Option<(Version, Version)>,
    /// The CHANGELOG.md section written (or, with `--check`, that would be).
    pub section: Option<String>,
    /// `--check`: every way the committed crate differs from what the sources give.
    pub drift: Vec<String>,
    /// The files written.
    pub written: Vec<String>,
}

impl Outcome {
    /// 0 done (or fresh), 1 stopped on an undecided disagreement or (`--check`) stale.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.undecided.is_empty() || !self.drift.is_empty())
    }
}

fn read(root: &Path, path: &str) -> Result<String, Error> {
    std::fs::read_to_string(root.join(path)).map_err(|error| {
        Error::one(Diagnostic::plain(format!(
            "cannot read {}: {error}",
            root.join(path).display()
        )))
    })
}

fn write(root: &Path, path: &str, text: &str) -> Result<(), Error> {
    let target = root.join(path);
    let temporary = target.with_extension("refresh.tmp");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, &target))
        .map_err(|error| {
            Error::one(Diagnostic::plain(format!(
                "cannot write {}: {error}",
                target.display()
            )))
        })
}

/// The names file's text (empty when there is none yet) and what it holds.
fn read_names(root: &Path) -> Result<(String, import::stable::NamesFile), Error> {
    let text = match std::fs::read_to_string(root.join(NAMES)) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        _ => read(root, NAMES)?,
    };
    let file = import::stable::NamesFile::parse(&text)
        .map_err(|message| Error::one(Diagnostic::plain(format!("{NAMES}: {message}"))))?;
    Ok((text, file))
}

fn label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Runs the refresh (or, with `check`, compares).
pub fn refresh(request: &Request) -> Result<Outcome, Error> {
    let root = &request.root;
    let committed = read(root, SPEC)?;
    let curation = root.join(OVERLAYS[0]);
    let checked =
        crosscheck::sources::from_files(&request.docs, &request.openapi, Some(&curation))?;
    let mut outcome = Outcome {
        crosscheck: checked.summary(),
        undecided: checked
            .disagreements
            .iter()
            .filter(|d| {
                d.finding.changes_api && matches!(d.verdict, crosscheck::Verdict::Undecided { .. })
            })
            .map(|d| {
                format!(
                    "{} {}: docs {}, spec {}",
                    d.finding.category.name(),
                    d.finding.docs_at,
                    d.finding.docs,
                    d.finding.openapi
                )
            })
            .collect(),
        import: None,
        diff: String::new(),
        breaking: 0,
        additive: 0,
        version: None,
        section: None,
        drift: Vec::new(),
        written: Vec::new(),
    };
    if !outcome.undecided.is_empty() {
        return Ok(outcome);
    }
    let overlays = OVERLAYS
        .iter()
        .map(|path| Ok((read(root, path)?, (*path).to_owned())))
        .collect::<Result<Vec<_>, Error>>()?;
    let names = read_names(root)?;
    let options = Options {
        docs: request.docs.clone(),
        overlays,
        previous: Some(committed.clone()),
        names: Some(names.1),
        // The bindings from the import's own reading of the spec (no second reading of its text).
        generate_as: Some(SPEC.to_owned()),
        ..Options::default()
    };
    let imported = import::both::import(&request.openapi, &options)?;
    let names_text = imported
        .names
        .as_ref()
        .map(import::stable::NamesFile::write)
        .unwrap_or_default();
    let Some(generation) = &imported.generation else {
        let why = imported.rejected.as_ref().map(ToString::to_string);
        return Err(Error::one(Diagnostic::plain(format!(
            "the generator rejects the refreshed spec:\n{}",
            why.unwrap_or_default()
        ))));
    };
    let changes = diff::diff(&committed, &imported.spec).map_err(|(_, error)| error)?;
    outcome.diff = diff::report::text(&changes);
    outcome.breaking = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .count();
    outcome.additive = changes.len() - outcome.breaking;
    let manifest = read(root, MANIFEST)?;
    let current = version::read(&manifest).map_err(|m| Error::one(Diagnostic::plain(m)))?;
    let next = if changes.is_empty() {
        current
    } else {
        current.next(outcome.breaking > 0)
    };
    outcome.version = Some((current, next));
    let changelog = std::fs::read_to_string(root.join(CHANGELOG)).unwrap_or_default();
    if !changes.is_empty() {
        let json: Value = serde_json::from_str(&diff::report::json(&changes))
            .map_err(|error| Error::one(Diagnostic::plain(format!("diff JSON: {error}"))))?;
        let parse = |text: &str| import::carry::parse_previous(text);
        let (old, new) = (parse(&committed)?, parse(&imported.spec)?);
        let dating = &checked.dating;
        let version_text = next.to_string();
        let heading = release::Heading {
            version: &version_text,
            date: &newest(dating),
            sources: &sources(request, dating),
        };
        let loaded = import::docs::Docs::load(&request.docs)?;
        let after = import::carry::previous_date(&old).unwrap_or_default();
        let until = newest(dating);
        let announcements = release::Announcements {
            changelog: &loaded.changelog,
            window: (&after, &until),
        };
        outcome.section = Some(release::section(
            &json,
            (&old, &new),
            &heading,
            Some(announcements),
        ));
    }
    outcome.import = Some(imported.report.clone());
    if request.check {
        check(
            root,
            &committed,
            &imported.spec,
            generation,
            &changelog,
            current,
            &mut outcome,
        )?;
        if names_text != names.0 {
            outcome.drift.push(format!(
                "{NAMES} lacks names the import gives: run `mews-codegen refresh`"
            ));
        }
        return Ok(outcome);
    }
    if imported.spec != committed {
        write(root, SPEC, &imported.spec)?;
        outcome.written.push(SPEC.to_owned());
    }
    if names_text != names.0 {
        write(root, NAMES, &names_text)?;
        outcome.written.push(NAMES.to_owned());
    }
    for path in generation.write(&root.join(GENERATED))? {
        outcome.written.push(format!("{GENERATED}/{path}"));
    }
    if generation.write_manifest(&root.join(MANIFEST))? {
        outcome.written.push(format!("{MANIFEST} (features)"));
    }
    // A release only when the bindings' API changed; texts and evidence alone need none.
    if let Some(section) = &outcome.section {
        let manifest = read(root, MANIFEST)?;
        let bumped =
            version::write(&manifest, next).map_err(|m| Error::one(Diagnostic::plain(m)))?;
        write(root, MANIFEST, &bumped)?;
        outcome.written.push(format!("{MANIFEST} (version {next})"));
        write(root, CHANGELOG, &release::insert(&changelog, section))?;
        outcome.written.push(CHANGELOG.to_owned());
    }
    Ok(outcome)
}

/// `--check`: the committed crate against what the sources give.
fn check(
    root: &Path,
    committed: &str,
    refreshed: &str,
    generation: &crate::Generation,
    changelog: &str,
    current: Version,
    outcome: &mut Outcome,
) -> Result<(), Error> {
    if committed != refreshed {
        outcome.drift.push(format!(
            "{SPEC} is not the import of the sources ({} breaking, {} additive changes): run `mews-codegen refresh`",
            outcome.breaking, outcome.additive
        ));
    }
    for drift in generation.check(&root.join(GENERATED))? {
        outcome.drift.push(format!("{GENERATED}/{drift}"));
    }
    if let Some(drift) = generation.check_manifest(&root.join(MANIFEST))? {
        outcome.drift.push(drift.to_string());
    }
    if committed == refreshed && !release::has_section(changelog, &current.to_string()) {
        outcome.drift.push(format!(
            "{CHANGELOG} has no section for the crate's version {current}"
        ));
    }
    Ok(())
}

/// The committed explanations of changelog entries no diff line implements.
pub const EXPLAINED: &str = "spec/changelog-explained.yaml";

/// The changelog report (see [`announced`]): both docs snapshots imported with the committed
/// overlays, diffed, and the newer one's changelog entries after the older one's date matched
/// with the diff's lines; `explained` is the explanations file.
pub fn changelog_report(
    old_docs: &Path,
    docs: &Path,
    root: &Path,
    explained: &Path,
) -> Result<announced::Report, Error> {
    let overlays = OVERLAYS
        .iter()
        .map(|path| Ok((read(root, path)?, (*path).to_owned())))
        .collect::<Result<Vec<_>, Error>>()?;
    // The older snapshot with the committed names, the newer one with the names that import
    // leaves: a section keeps its name between the two, so a line is what Mews changed.
    let import = |dir: &Path, names: import::stable::NamesFile| {
        import::import(&Options {
            docs: dir.to_owned(),
            overlays: overlays.clone(),
            names: Some(names),
            ..Options::default()
        })
    };
    let old = import(old_docs, read_names(root)?.1)?;
    let new = import(docs, old.names.clone().unwrap_or_default())?;
    let changes = diff::diff(&old.spec, &new.spec).map_err(|(_, error)| error)?;
    let json: Value = serde_json::from_str(&diff::report::json(&changes))
        .map_err(|error| Error::one(Diagnostic::plain(format!("diff JSON: {error}"))))?;
    let parse = |text: &str| import::carry::parse_previous(text);
    let loaded = import::docs::Docs::load(docs)?;
    let after = import::dated::docs_date(None, &label(old_docs))
        .map(|dated| dated.date)
        .ok_or_else(|| {
            Error::one(Diagnostic::plain(format!(
                "{}: no date in the older snapshot's name",
                old_docs.display()
            )))
        })?;
    let text = std::fs::read_to_string(explained).map_err(|error| {
        Error::one(Diagnostic::plain(format!(
            "cannot read {}: {error}",
            explained.display()
        )))
    })?;
    let explanations = announced::explanations(&text).map_err(|message| {
        Error::one(Diagnostic::plain(format!(
            "{}: {message}",
            explained.display()
        )))
    })?;
    Ok(announced::report(
        &loaded.changelog,
        &after,
        &json,
        &parse(&old.spec)?,
        &parse(&new.spec)?,
        &explanations,
    ))
}

/// The newest source's date (the section's date).
fn newest(dating: &Dating) -> String {
    [&dating.docs, &dating.openapi]
        .into_iter()
        .flatten()
        .map(|dated| dated.date.clone())
        .max()
        .unwrap_or_else(|| "undated".to_owned())
}

/// `the docs connector-api-2026-08-07 (newest changelog entry 2026-07-31) and the OpenAPI spec
/// connector-2026-06-02.yaml (info.x-last-validated 2026-06-02)`.
fn sources(request: &Request, dating: &Dating) -> String {
    let dated = |d: &Option<crate::import::dated::Dated>| match d {
        Some(d) => format!(" ({} {})", d.by, d.date),
        None => String::new(),
    };
    format!(
        "the docs {}{} and the OpenAPI spec {}{}",
        label(&request.docs),
        dated(&dating.docs),
        label(&request.openapi),
        dated(&dating.openapi)
    )
}
