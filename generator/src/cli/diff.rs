//! `diff`: exit 0 when nothing breaks, 1 when something does, 2 on bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{input_error, read};

/// The two specs and the report's form.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec before.
    #[arg(value_name = "OLD.yaml")]
    old: PathBuf,
    /// The spec after.
    #[arg(value_name = "NEW.yaml")]
    new: PathBuf,
    /// The changes as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// `diff`: the changes on standard output.
pub fn run(args: &Args) -> ExitCode {
    let texts = read(&args.old).and_then(|old| read(&args.new).map(|new| (old, new)));
    let (old_text, new_text) = match texts {
        Ok(texts) => texts,
        Err(message) => return input_error(format_args!("error: {message}")),
    };
    let changes = match mews_codegen::diff::diff(&old_text, &new_text) {
        Ok(changes) => changes,
        Err((which, error)) => {
            let file = if which == mews_codegen::diff::Side::Old {
                &args.old
            } else {
                &args.new
            };
            return input_error(format_args!("{}: spec rejected\n{error}", file.display()));
        }
    };
    if args.json {
        println!("{}", mews_codegen::diff::report::json(&changes));
    } else {
        print!("{}", mews_codegen::diff::report::text(&changes));
    }
    if changes
        .iter()
        .any(|change| change.class == mews_codegen::diff::Class::Breaking)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
