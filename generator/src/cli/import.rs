//! `import`: docs and/or Mews' OpenAPI spec in, a spec out, the report on standard error.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{input_error, read};

/// The sources, the output and what to keep.
#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("source").args(["docs", "openapi"]).required(true).multiple(true)
))]
pub struct Args {
    /// The docs checkout (holding operations/*.md).
    #[arg(long, value_name = "DIR")]
    docs: Option<PathBuf>,
    /// Another docs checkout whose events/ pages are read instead of those of --docs (events of
    /// a newer snapshot beside older operations).
    #[arg(long, value_name = "DIR", requires = "docs")]
    events_docs: Option<PathBuf>,
    /// Mews' OpenAPI spec; the base when --docs is given too.
    #[arg(long, value_name = "FILE")]
    openapi: Option<PathBuf>,
    /// Where to write the spec.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// A curation overlay, applied in order (a later overlay's value for a key wins).
    #[arg(long, value_name = "FILE")]
    overlay: Vec<PathBuf>,
    /// Pages (orderitems) or operations (orderItems_getAll) to import, comma-separated.
    #[arg(long, value_name = "PAGE,...")]
    only: Option<String>,
    /// A spec whose descriptions and x-curation notes are kept.
    #[arg(long, value_name = "SPEC")]
    keep_texts: Option<PathBuf>,
    /// Copy the docs' descriptions into the spec (off: our specs use our own words).
    #[arg(long)]
    docs_descriptions: bool,
    /// Exit 1, writing nothing, when anything was skipped or degraded.
    #[arg(long)]
    strict: bool,
    /// Overwrite an output file that `mews-codegen import` did not write.
    #[arg(long)]
    force: bool,
    /// Write the body examples of both sources (for the round-trip, never the committed spec).
    #[arg(long)]
    examples: bool,
    /// The previous spec (the committed one): what it has and the sources no longer list is
    /// carried over deprecated, with when it went (generator/src/import/carry.rs).
    #[arg(long, value_name = "SPEC")]
    previous: Option<PathBuf>,
    /// The names file (spec/names.yaml): schemas keep the names it records; the names of
    /// what is new are written back to it (a missing file starts empty).
    #[arg(long, value_name = "FILE")]
    names: Option<PathBuf>,
    /// Also generate the bindings into DIR from the imported spec: what `generate --spec OUT
    /// --out DIR` writes, from the import's own reading of the spec instead of a second one.
    /// Nothing is generated when the generator refuses the spec.
    #[arg(long, value_name = "DIR")]
    generate: Option<PathBuf>,
    /// With --generate: the bindings' Cargo.toml whose block of resource features is rewritten
    /// [default: Cargo.toml beside DIR; skipped when there is none].
    #[arg(long, value_name = "FILE", requires = "generate")]
    manifest: Option<PathBuf>,
}

impl Args {
    /// The library's options, the overlays and kept texts read.
    fn options(&self) -> Result<mews_codegen::import::Options, String> {
        let mut options = mews_codegen::import::Options {
            docs: self.docs.clone().unwrap_or_default(),
            docs_descriptions: self.docs_descriptions,
            examples: self.examples,
            events_docs: self.events_docs.clone(),
            check_generation: true,
            generate_as: self
                .generate
                .as_ref()
                .map(|_| super::generate::spec_label(&self.out)),
            ..Default::default()
        };
        for overlay in &self.overlay {
            options
                .overlays
                .push((read(overlay)?, overlay.display().to_string()));
        }
        if let Some(path) = &self.keep_texts {
            options.keep_texts_of = Some(read(path)?);
        }
        if let Some(path) = &self.previous {
            options.previous = Some(read(path)?);
        }
        if let Some(path) = &self.names {
            // A names file not yet written starts empty.
            let text = match std::fs::read_to_string(path) {
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
                other => {
                    other.map_err(|error| format!("cannot read {}: {error}", path.display()))?
                }
            };
            let file = mews_codegen::import::stable::NamesFile::parse(&text)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            options.names = Some(file);
        }
        if let Some(only) = &self.only {
            options.only = only
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
        Ok(options)
    }
}

/// `import`: docs in, spec out, report on stderr, summary last.
pub fn run(args: Args) -> ExitCode {
    let options = match args.options() {
        Ok(options) => options,
        Err(message) => return input_error(format_args!("error: {message}")),
    };
    let out = &args.out;
    if let Ok(existing) = std::fs::read_to_string(out) {
        if !args.force && !existing.starts_with(mews_codegen::import::spec_writer::HEADER) {
            return input_error(format_args!("error: {} was not written by `mews-codegen import` (curated text would be lost); pass --force to overwrite it", out.display()));
        }
    }
    let imported = match (&args.openapi, args.docs.is_some()) {
        (Some(path), true) => mews_codegen::import::both::import(path, &options),
        (Some(path), false) => mews_codegen::import::openapi::import(path, &options),
        (None, _) => mews_codegen::import::import(&options),
    };
    let imported = match imported {
        Ok(imported) => imported,
        Err(error) => return input_error(error),
    };
    super::print_issues(&imported.report.issues);
    let summary = &imported.report.summary;
    if args.strict && summary.skipped + summary.degraded > 0 {
        println!("{summary}");
        eprintln!(
            "--strict: {} skipped, {} degraded; nothing was written",
            summary.skipped, summary.degraded
        );
        return ExitCode::from(1);
    }
    let temporary = out.with_extension("yaml.tmp");
    if let Err(error) =
        std::fs::write(&temporary, &imported.spec).and_then(|()| std::fs::rename(&temporary, out))
    {
        return input_error(format_args!(
            "error: cannot write {}: {error}",
            out.display()
        ));
    }
    if let (Some(path), Some(file)) = (&args.names, &imported.names) {
        let temporary = path.with_extension("yaml.tmp");
        if let Err(error) = std::fs::write(&temporary, file.write())
            .and_then(|()| std::fs::rename(&temporary, path))
        {
            return input_error(format_args!(
                "error: cannot write {}: {error}",
                path.display()
            ));
        }
        let new = file.docs.new_keys().count() + file.openapi.new_keys().count();
        println!("names: {} ({new} new)", path.display());
    }
    let mut code = ExitCode::SUCCESS;
    // Written all the same, for the maintainer to look at what the generator refuses (the import
    // read the spec as the generator does, beside writing it).
    if let Some(error) = &imported.rejected {
        eprintln!(
            "{}: the generator rejects the imported spec:\n{error}",
            out.display()
        );
        code = ExitCode::from(1);
    }
    println!("wrote {}", out.display());
    if let (Some(dir), Some(generation)) = (&args.generate, &imported.generation) {
        let manifest = super::generate::manifest(dir, args.manifest.as_deref());
        let written = super::generate::written(generation, dir, manifest.as_deref());
        if written != ExitCode::SUCCESS {
            return written;
        }
    } else if let Some(dir) = &args.generate {
        eprintln!("nothing was generated in {}", dir.display());
    }
    if let Some(events) = summary.events_line() {
        println!("{events}");
    }
    println!("{summary}");
    // The command ends here: the import's trees and models go back to the system with the
    // process instead of being freed node by node first.
    std::mem::forget(imported);
    code
}
