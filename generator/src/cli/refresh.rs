//! `refresh` (the committed crate from new sources, or `--check` that it is) and
//! `changelog-report` (what Mews announced, and the diff lines that implement it).

use std::path::PathBuf;
use std::process::ExitCode;

use super::input_error;

/// The new sources, and where the repository is.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs checkout (holding operations/*.md and changelog/).
    #[arg(long, value_name = "DIR")]
    docs: PathBuf,
    /// Mews' OpenAPI spec.
    #[arg(long, value_name = "FILE")]
    openapi: PathBuf,
    /// The repository (holding spec/, generated/, Cargo.toml, CHANGELOG.md).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Write nothing; exit 1 when the committed crate is not what the sources give.
    #[arg(long)]
    check: bool,
}

/// `refresh`: the steps' results on standard output, the import's report on standard error.
pub fn run(args: &Args) -> ExitCode {
    let request = mews_codegen::refresh::Request {
        docs: args.docs.clone(),
        openapi: args.openapi.clone(),
        root: args.root.clone(),
        check: args.check,
    };
    let outcome = match mews_codegen::refresh::refresh(&request) {
        Ok(outcome) => outcome,
        Err(error) => return input_error(error),
    };
    println!("== crosscheck\n{}", outcome.crosscheck.trim_end());
    if !outcome.undecided.is_empty() {
        eprintln!(
            "refresh: {} undecided disagreements change the API or the wire; decide them in spec/curation.yaml (mews-codegen crosscheck lists them with both places):",
            outcome.undecided.len()
        );
        for line in &outcome.undecided {
            eprintln!("  {line}");
        }
        return ExitCode::from(1);
    }
    if let Some(report) = &outcome.import {
        super::print_issues(&report.issues);
        println!("== import\n{}", report.summary);
    }
    println!(
        "== diff (committed spec → refreshed)\n{}",
        outcome.diff.trim_end()
    );
    if let Some((current, next)) = &outcome.version {
        println!("== version: {current} → {next}");
    }
    if let Some(section) = &outcome.section {
        println!("== CHANGELOG.md section\n{}", section.trim_end());
    }
    if args.check {
        if outcome.drift.is_empty() {
            println!("refresh --check: the committed crate is what the sources give");
        } else {
            eprintln!("refresh --check: the committed crate is not what the sources give:");
            for drift in &outcome.drift {
                eprintln!("  {drift}");
            }
        }
    } else {
        println!("== wrote {} files", outcome.written.len());
        for path in &outcome.written {
            println!("  {path}");
        }
    }
    ExitCode::from(outcome.exit_code())
}

/// The two docs snapshots and the explanations.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The older docs snapshot (its name carries its date: connector-api-YYYY-MM-DD).
    #[arg(long, value_name = "DIR")]
    old_docs: PathBuf,
    /// The newer docs snapshot, whose changelog/ is read.
    #[arg(long, value_name = "DIR")]
    docs: PathBuf,
    /// The repository (its overlays are applied to both imports).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Why the entries no diff line implements change nothing.
    #[arg(long, value_name = "FILE", default_value = mews_codegen::refresh::EXPLAINED)]
    explanations: PathBuf,
}

/// `changelog-report`: the report on standard output, problems on standard error.
pub fn report(args: &ReportArgs) -> ExitCode {
    let explanations = args.root.join(&args.explanations);
    let report = match mews_codegen::refresh::changelog_report(
        &args.old_docs,
        &args.docs,
        &args.root,
        &explanations,
    ) {
        Ok(report) => report,
        Err(error) => return input_error(error),
    };
    print!("{}", report.text);
    for problem in &report.problems {
        eprintln!("{problem}");
    }
    ExitCode::from(u8::from(!report.problems.is_empty()))
}
