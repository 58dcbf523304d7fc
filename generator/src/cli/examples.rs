//! `examples`: the round-trip program on standard output.

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
}

/// `examples`: prints the program, the count of examples on standard error.
pub fn run(args: &Args) -> ExitCode {
    let text = match read(&args.spec) {
        Ok(text) => text,
        Err(message) => return input_error(format_args!("error: {message}")),
    };
    match mews_codegen::roundtrip::cases(&text) {
        Ok((cases, envelope)) => {
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
