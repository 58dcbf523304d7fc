//! `crosscheck`: the listing (or JSON, or the counts alone); exit 0, 1 when an undecided
//! disagreement changes the API or the wire, 2 on bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use super::input_error;

/// The two sources, the overlay deciding between them, and the report's form.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The docs checkout (holding operations/*.md).
    #[arg(long, value_name = "DIR")]
    docs: PathBuf,
    /// Mews' OpenAPI spec.
    #[arg(long, value_name = "FILE")]
    openapi: PathBuf,
    /// The curation overlay whose decisions settle disagreements.
    #[arg(long, value_name = "FILE")]
    overlay: Option<PathBuf>,
    /// Every disagreement as JSON.
    #[arg(long, conflicts_with = "summary")]
    json: bool,
    /// The counts alone.
    #[arg(long)]
    summary: bool,
}

/// `crosscheck`: the report on standard output.
pub fn run(args: &Args) -> ExitCode {
    let outcome = match mews_codegen::crosscheck::sources::from_files(
        &args.docs,
        &args.openapi,
        args.overlay.as_deref(),
    ) {
        Ok(outcome) => outcome,
        Err(error) => return input_error(error),
    };
    if args.json {
        println!("{}", outcome.json());
    } else if args.summary {
        print!("{}", outcome.summary());
    } else {
        print!("{}", outcome.text());
    }
    ExitCode::from(outcome.exit_code())
}
