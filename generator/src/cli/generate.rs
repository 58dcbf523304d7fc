//! `generate` and `check`: the bindings written from the spec, or compared with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::input_error;

/// Where the spec, the bindings and their manifest are.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The OpenAPI spec.
    #[arg(long, value_name = "FILE", default_value = "spec/connector.yaml")]
    spec: PathBuf,
    /// The bindings directory.
    #[arg(long, value_name = "DIR", default_value = "generated")]
    out: PathBuf,
    /// The bindings' Cargo.toml, whose block of resource features `generate` rewrites and
    /// `check` compares [default: Cargo.toml beside DIR; skipped when there is none].
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
}

impl Args {
    /// The manifest holding the features block, when there is one.
    fn manifest(&self) -> Option<PathBuf> {
        manifest(&self.out, self.manifest.as_deref())
    }

    /// The generation from the spec, or the exit code of an error already reported.
    fn generation(&self) -> Result<mews_codegen::Generation, ExitCode> {
        let text = std::fs::read_to_string(&self.spec).map_err(|error| {
            input_error(format_args!(
                "error: cannot read {}: {error}",
                self.spec.display()
            ))
        })?;
        mews_codegen::generate(&text, &spec_label(&self.spec)).map_err(|error| {
            input_error(format_args!(
                "{}: spec rejected; nothing was written\n{error}",
                self.spec.display()
            ))
        })
    }
}

/// The manifest holding the features block: the one given, else `Cargo.toml` beside `out` when
/// there is one.
pub(super) fn manifest(out: &Path, given: Option<&Path>) -> Option<PathBuf> {
    if let Some(manifest) = given {
        return Some(manifest.to_owned());
    }
    let manifest = out.parent().unwrap_or(Path::new("")).join("Cargo.toml");
    if !manifest.is_file() {
        println!(
            "note: no {} beside {}: no features block to write or check",
            manifest.display(),
            out.display()
        );
        return None;
    }
    Some(manifest)
}

/// `generate`: writes what changed and lists it.
pub fn generate(args: &Args) -> ExitCode {
    let generation = match args.generation() {
        Ok(generation) => generation,
        Err(code) => return code,
    };
    let manifest = args.manifest();
    written(&generation, &args.out, manifest.as_deref())
}

/// Writes the bindings (and the features block) and says what changed: exit 0, or 2 when
/// writing failed.
pub(super) fn written(
    generation: &mews_codegen::Generation,
    out: &Path,
    manifest: Option<&Path>,
) -> ExitCode {
    match write(generation, out, manifest) {
        Ok(touched) => {
            let mut listing = format!(
                "generated {} files in {} ({} changed)\n",
                generation.files.len(),
                out.display(),
                touched.len()
            );
            for path in touched {
                listing.push_str(&format!("  {path}\n"));
            }
            print!("{listing}");
            ExitCode::SUCCESS
        }
        Err(error) => input_error(error),
    }
}

/// `check`: 0 when fresh, 1 naming every file that differs.
pub fn check(args: &Args) -> ExitCode {
    let generation = match args.generation() {
        Ok(generation) => generation,
        Err(code) => return code,
    };
    let manifest = args.manifest();
    match drifts(&generation, &args.out, manifest.as_deref()) {
        Ok(drifts) if drifts.is_empty() => {
            let manifest = manifest
                .map(|path| format!(" (and the features block of {})", path.display()))
                .unwrap_or_default();
            println!(
                "{} is fresh: {} files match {}{manifest}",
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
                eprintln!("{drift}");
            }
            eprintln!("run `cargo run -p mews-codegen -- generate` to regenerate");
            ExitCode::from(1)
        }
        Err(error) => input_error(error),
    }
}

/// Writes the files and the manifest's features block; the block is checked for its markers
/// before any file is written. Returns what changed, paths under `out` prefixed with it.
fn write(
    generation: &mews_codegen::Generation,
    out: &Path,
    manifest: Option<&Path>,
) -> Result<Vec<String>, mews_codegen::Error> {
    if let Some(manifest) = manifest {
        generation.check_manifest(manifest)?;
    }
    let mut touched: Vec<String> = generation.write(out)?;
    if let Some(manifest) = manifest {
        if generation.write_manifest(manifest)? {
            touched.push(manifest.display().to_string());
        }
    }
    Ok(touched)
}

/// Every difference between the generation and the files under `out` and the manifest's block,
/// as printable lines.
fn drifts(
    generation: &mews_codegen::Generation,
    out: &Path,
    manifest: Option<&Path>,
) -> Result<Vec<String>, mews_codegen::Error> {
    let mut drifts: Vec<String> = generation
        .check(out)?
        .into_iter()
        .map(|drift| format!("{}/{drift}", out.display()))
        .collect();
    if let Some(manifest) = manifest {
        if let Some(drift) = generation.check_manifest(manifest)? {
            drifts.push(drift.to_string());
        }
    }
    Ok(drifts)
}

/// How generated headers name the spec: as given when relative, else by file name, so the
/// output does not depend on where the repository is checked out.
pub(super) fn spec_label(spec: &Path) -> String {
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
