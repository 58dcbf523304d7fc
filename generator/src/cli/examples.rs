//! `examples`: the round-trip program on standard output (operations' bodies and event
//! messages, or one kind with `--only`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{input_error, read};

/// The spec and the crate the program calls.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The OpenAPI spec whose body examples are round-tripped.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The crate holding the bindings generated from the spec.
    #[arg(long = "crate", value_name = "NAME")]
    krate: String,
    /// Only the event messages' examples (`messages`) or only the operations' bodies (`bodies`).
    #[arg(long, value_enum)]
    only: Option<Only>,
}

/// Which examples `--only` keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// The examples of the event messages (`x-webhooks`, `x-websocket`).
    Messages,
    /// The examples of the operations' request and response bodies.
    Bodies,
}

/// `examples`: prints the program, the count of examples on standard error.
pub fn run(args: &Args) -> ExitCode {
    let text = match read(&args.spec) {
        Ok(text) => text,
        Err(message) => return input_error(format_args!("error: {message}")),
    };
    match mews_codegen::roundtrip::cases(&text) {
        Ok((mut cases, envelope)) => {
            cases.retain(|case| match args.only {
                Some(Only::Messages) => case.direction == "message",
                Some(Only::Bodies) => case.direction != "message",
                None => true,
            });
            print!(
                "{}",
                mews_codegen::roundtrip::program(&cases, &envelope, &args.krate)
            );
            eprintln!("examples: {} body examples", cases.len());
            ExitCode::SUCCESS
        }
        Err(error) => input_error(format_args!(
            "{}: spec rejected\n{error}",
            args.spec.display()
        )),
    }
}
