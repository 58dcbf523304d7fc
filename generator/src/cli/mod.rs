//! The command line: one subcommand per module, parsed by clap (help, `--version` and
//! suggestions for misspelled commands and options come with it; usage errors exit 2).

mod crosscheck;
mod diff;
mod examples;
mod generate;
mod import;
mod refresh;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Typed Rust bindings for the Mews Connector API, generated from a curated OpenAPI spec.
///
/// Exit codes: 0 success; 1 when the answer is "no" (stale bindings, a breaking change, an
/// undecided disagreement, something skipped under `import --strict`); 2 for bad input or usage.
#[derive(Debug, Parser)]
#[command(
    name = "mews-codegen",
    version,
    propagate_version = true,
    // As before clap: a repeated option takes its last value.
    args_override_self = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the bindings in the output directory from the spec.
    Generate(generate::Args),
    /// Regenerate in memory; exit 1 naming every file of the output directory that differs.
    Check(generate::Args),
    /// Rebuild a spec from the Mews docs (DIR/operations/*.md), from Mews' own OpenAPI spec, or
    /// from both (see generator/IMPORT.md).
    ///
    /// With both sources, the spec is the base, disagreements are settled as `crosscheck`
    /// settles them and the docs' extra operations are added. The report goes to standard
    /// error, the summary last. Exit 2, writing nothing, when no operation is found; exit 1
    /// when the generator rejects the imported spec (written for a look) or, writing nothing,
    /// under --strict when anything was skipped or degraded.
    Import(import::Args),
    /// Structural changes between two specs, breaking or additive; exit 1 if any breaks.
    Diff(diff::Args),
    /// Every disagreement of the docs and Mews' OpenAPI spec, decided or not.
    ///
    /// Exit 1 if an undecided one changes the Rust API or the wire format.
    Crosscheck(crosscheck::Args),
    /// Print a Rust program that round-trips every body example of the spec through the types
    /// generated into the crate NAME (generator/src/roundtrip.rs).
    Examples(examples::Args),
    /// Refresh the committed crate from new sources, in one command.
    ///
    /// Cross-checks the docs against Mews' OpenAPI spec with spec/curation.yaml (stops on an
    /// undecided disagreement that changes the API or the wire), imports both into
    /// spec/connector.yaml (the committed spec as the previous one: what Mews removed stays,
    /// deprecated), diffs the committed spec against the new one, regenerates generated/ and
    /// the features block, writes a CHANGELOG.md section and bumps the crate's version (0.x:
    /// breaking → minor, else patch). --check writes nothing and exits 1 when the committed
    /// crate is not what the sources give.
    Refresh(refresh::Args),
    /// Each Mews changelog entry after the older docs snapshot, with the diff lines of the two
    /// snapshots' imports that implement it, or its committed explanation.
    ///
    /// Exit 1 when an entry without lines has no explanation, or an explanation is stale.
    ChangelogReport(refresh::ReportArgs),
}

/// Parses the command line (exiting 0 for `--help`/`--version`, 2 on a usage error) and runs the
/// command.
pub fn run() -> ExitCode {
    let command = Cli::parse().command;
    // On the generator's threads: the whole command then allocates in their memory only.
    mews_codegen::threads::install(move || match command {
        Command::Generate(args) => generate::generate(&args),
        Command::Check(args) => generate::check(&args),
        Command::Import(args) => import::run(args),
        Command::Diff(args) => diff::run(&args),
        Command::Crosscheck(args) => crosscheck::run(&args),
        Command::Examples(args) => examples::run(&args),
        Command::Refresh(args) => refresh::run(&args),
        Command::ChangelogReport(args) => refresh::report(&args),
    })
}

/// Reads a text file, the error naming it.
fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Prints an import's report to standard error, one issue a line, in one write (a report has
/// hundreds of lines; unbuffered, each would be a write of its own).
fn print_issues(issues: &[mews_codegen::import::report::Issue]) {
    use std::io::Write;
    let mut text = String::new();
    for issue in issues {
        text.push_str(&issue.to_string());
        text.push('\n');
    }
    // As `eprintln!` would, less its panic: a closed standard error loses the report only.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Prints an error about the input (not the usage) and returns exit code 2.
fn input_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
