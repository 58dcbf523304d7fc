//! `mews-codegen`: regenerate the bindings, or check that they are fresh.
//!
//! Exit codes: 0 success (or fresh), 1 stale bindings (`check`), 2 bad input or usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: mews-codegen generate [--spec FILE] [--out DIR]
       mews-codegen check    [--spec FILE] [--out DIR]

  generate  regenerate the bindings in DIR from the spec
  check     regenerate in memory; exit 1 naming every file in DIR that differs

  --spec FILE  the OpenAPI spec (default spec/connector.yaml)
  --out DIR    the bindings directory (default generated)";

struct Args {
    command: String,
    spec: PathBuf,
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&args.spec) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", args.spec.display());
            return ExitCode::from(2);
        }
    };
    let generation = match mews_codegen::generate(&text, &spec_label(&args.spec)) {
        Ok(generation) => generation,
        Err(error) => {
            eprintln!(
                "{}: spec rejected; nothing was written\n{error}",
                args.spec.display()
            );
            return ExitCode::from(2);
        }
    };
    match args.command.as_str() {
        "generate" => match generation.write(&args.out) {
            Ok(touched) => {
                println!(
                    "generated {} files in {} ({} changed)",
                    generation.files.len(),
                    args.out.display(),
                    touched.len()
                );
                for path in touched {
                    println!("  {path}");
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::from(2)
            }
        },
        _ => match generation.check(&args.out) {
            Ok(drifts) if drifts.is_empty() => {
                println!(
                    "{} is fresh: {} files match {}",
                    args.out.display(),
                    generation.files.len(),
                    args.spec.display()
                );
                ExitCode::SUCCESS
            }
            Ok(drifts) => {
                eprintln!(
                    "{} is stale ({} files differ):",
                    args.out.display(),
                    drifts.len()
                );
                for drift in drifts {
                    eprintln!("{}", prefix(&args.out, drift));
                }
                eprintln!("run `cargo run -p mews-codegen -- generate` to regenerate");
                ExitCode::from(1)
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::from(2)
            }
        },
    }
}

fn prefix(out: &Path, drift: mews_codegen::output::Drift) -> String {
    format!("{}/{drift}", out.display())
}

/// How generated headers name the spec: as given when relative, else by file name, so the
/// output does not depend on where the repository is checked out.
fn spec_label(spec: &Path) -> String {
    if spec.is_relative() {
        spec.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    } else {
        spec.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut args = args.into_iter();
    let command = args.next().ok_or("missing command")?;
    if command == "--help" || command == "-h" {
        println!("{USAGE}");
        std::process::exit(0);
    }
    if command != "generate" && command != "check" {
        return Err(format!("unknown command `{command}`"));
    }
    let mut parsed = Args {
        command,
        spec: PathBuf::from("spec/connector.yaml"),
        out: PathBuf::from("generated"),
    };
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        match flag.as_str() {
            "--spec" => parsed.spec = PathBuf::from(value),
            "--out" => parsed.out = PathBuf::from(value),
            _ => return Err(format!("unknown option `{flag}`")),
        }
    }
    Ok(parsed)
}
