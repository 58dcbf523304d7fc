//! `mews-codegen`: regenerate the bindings, or check that they are fresh; import a spec from the
//! Mews docs or from Mews' OpenAPI spec; diff two specs; write the example round-trip program.
//!
//! Exit codes: 0 success (or fresh), 1 stale bindings (`check`), something skipped under
//! `import --strict` or an imported spec the generator rejects, a breaking change (`diff`);
//! 2 bad input or usage.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// `println!`/`print!` panic when standard output is a closed pipe (`mews-codegen diff a b |
// head`); these end the program quietly instead, as other command-line tools do.
macro_rules! println {
    ($($arg:tt)*) => { write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! print {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

fn write_stdout(text: std::fmt::Arguments<'_>) {
    if let Err(error) = std::io::stdout().lock().write_fmt(text) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {error}");
        std::process::exit(2);
    }
}

const USAGE: &str = "\
usage: mews-codegen generate [--spec FILE] [--out DIR] [--manifest FILE]
       mews-codegen check    [--spec FILE] [--out DIR] [--manifest FILE]
       mews-codegen import   (--docs DIR | --openapi FILE | --openapi FILE --docs DIR)
                             --out FILE [--overlay FILE]...
                             [--only PAGE,...] [--keep-texts SPEC] [--docs-descriptions]
                             [--strict] [--force] [--examples] [--names FILE]
       mews-codegen diff     OLD.yaml NEW.yaml [--json]
       mews-codegen crosscheck --docs DIR --openapi FILE [--overlay FILE] [--json | --summary]
       mews-codegen examples --spec FILE --crate NAME

  generate  regenerate the bindings in DIR from the spec
  check     regenerate in memory; exit 1 naming every file in DIR that differs
  import    rebuild a spec from the Mews docs (DIR/operations/*.md), from Mews' own OpenAPI
            spec, or from both (the spec as the base, disagreements settled as crosscheck
            settles them, the docs' extra operations added); see generator/IMPORT.md
  diff      structural changes between two specs, breaking or additive; exit 1 if any breaks
  crosscheck  every disagreement of the docs and Mews' OpenAPI spec, decided or not; exit 1 if
            an undecided one changes the Rust API or the wire format
  examples  print a Rust program that round-trips every body example of the spec through the
            types generated into the crate NAME (generator/src/roundtrip.rs)

  --spec FILE  the OpenAPI spec (default spec/connector.yaml)
  --out DIR    the bindings directory (default generated)
  --manifest FILE  the bindings' Cargo.toml, whose block of resource features generate rewrites
               and check compares (default: Cargo.toml beside DIR; skipped when there is none)";

struct Args {
    command: String,
    spec: PathBuf,
    out: PathBuf,
    manifest: Option<PathBuf>,
}

impl Args {
    /// The manifest holding the features block, when there is one.
    fn manifest(&self) -> Option<PathBuf> {
        let manifest = self.manifest.clone().unwrap_or_else(|| {
            let parent = self.out.parent().unwrap_or(Path::new(""));
            parent.join("Cargo.toml")
        });
        if self.manifest.is_none() && !manifest.is_file() {
            println!(
                "note: no {} beside {}: no features block to write or check",
                manifest.display(),
                self.out.display()
            );
            return None;
        }
        Some(manifest)
    }
}

fn main() -> ExitCode {
    let mut raw: Vec<String> = std::env::args().skip(1).collect();
    match raw.first().map(String::as_str) {
        Some("import") => return import_command(raw.split_off(1)),
        Some("diff") => return diff_command(raw.split_off(1)),
        Some("crosscheck") => return crosscheck_command(raw.split_off(1)),
        Some("examples") => return examples_command(raw.split_off(1)),
        _ => {}
    }
    let args = match parse_args(raw) {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
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
    let manifest = args.manifest();
    match args.command.as_str() {
        "generate" => match write(&generation, &args.out, manifest.as_deref()) {
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
        _ => match check(&generation, &args.out, manifest.as_deref()) {
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
            Err(error) => {
                eprintln!("{error}");
                ExitCode::from(2)
            }
        },
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
fn check(
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
        manifest: None,
    };
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        match flag.as_str() {
            "--spec" => parsed.spec = PathBuf::from(value),
            "--out" => parsed.out = PathBuf::from(value),
            "--manifest" => parsed.manifest = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option `{flag}`")),
        }
    }
    Ok(parsed)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// What `import` was asked to do.
struct ImportArgs {
    options: mews_codegen::import::Options,
    /// `--openapi FILE`: read instead of `--docs`, or as the base when both are given.
    openapi: Option<PathBuf>,
    /// Both `--openapi` and `--docs`: one spec from both sources (`import::both`).
    both: bool,
    out: PathBuf,
    /// `--names FILE`: read (when it exists) and written back with the new names.
    names: Option<PathBuf>,
    strict: bool,
    force: bool,
}

fn parse_import_args(args: Vec<String>) -> Result<ImportArgs, String> {
    let mut options = mews_codegen::import::Options::default();
    let (mut docs, mut out, mut strict, mut force) = (None, None, false, false);
    let (mut openapi, mut names) = (None, None);
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--docs-descriptions" => options.docs_descriptions = true,
            "--strict" => strict = true,
            "--examples" => options.examples = true,
            "--force" => force = true,
            "--docs" | "--openapi" | "--out" | "--overlay" | "--keep-texts" | "--only"
            | "--names" => {
                let value = args
                    .next()
                    .ok_or_else(|| format!("`{flag}` needs a value"))?;
                match flag.as_str() {
                    "--docs" => docs = Some(PathBuf::from(value)),
                    "--openapi" => openapi = Some(PathBuf::from(value)),
                    "--out" => out = Some(PathBuf::from(value)),
                    "--names" => {
                        // A names file not yet written starts empty.
                        let text = match std::fs::read_to_string(&value) {
                            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                                String::new()
                            }
                            other => {
                                other.map_err(|error| format!("cannot read {value}: {error}"))?
                            }
                        };
                        options.names = Some(
                            mews_codegen::import::stable::NamesFile::parse(&text)
                                .map_err(|error| format!("{value}: {error}"))?,
                        );
                        names = Some(PathBuf::from(value));
                    }
                    "--overlay" => options.overlays.push((read(&value)?, value)),
                    "--keep-texts" => options.keep_texts_of = Some(read(&value)?),
                    _ => {
                        options.only = value
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_owned)
                            .collect()
                    }
                }
            }
            _ => return Err(format!("unknown option `{flag}`")),
        }
    }
    let Some(out) = out else {
        return Err("import needs --out FILE".to_owned());
    };
    let both = docs.is_some() && openapi.is_some();
    match (docs, &openapi) {
        (Some(docs), _) => options.docs = docs,
        (None, Some(_)) => {}
        (None, None) => return Err("import needs --docs DIR, --openapi FILE, or both".to_owned()),
    }
    Ok(ImportArgs {
        options,
        openapi,
        both,
        out,
        names,
        strict,
        force,
    })
}

/// `import`: docs in, spec out, report on stderr, summary last.
fn import_command(args: Vec<String>) -> ExitCode {
    let ImportArgs {
        options,
        openapi,
        both,
        out,
        names,
        strict,
        force,
    } = match parse_import_args(args) {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    if let Ok(existing) = std::fs::read_to_string(&out) {
        if !force && !existing.starts_with(mews_codegen::import::spec_writer::HEADER) {
            eprintln!("error: {} was not written by `mews-codegen import` (curated text would be lost); pass --force to overwrite it", out.display());
            return ExitCode::from(2);
        }
    }
    let imported = match &openapi {
        Some(path) if both => mews_codegen::import::both::import(path, &options),
        Some(path) => mews_codegen::import::openapi::import(path, &options),
        None => mews_codegen::import::import(&options),
    };
    let imported = match imported {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    for issue in &imported.report.issues {
        eprintln!("{issue}");
    }
    let temporary = out.with_extension("yaml.tmp");
    if let Err(error) =
        std::fs::write(&temporary, &imported.spec).and_then(|()| std::fs::rename(&temporary, &out))
    {
        eprintln!("error: cannot write {}: {error}", out.display());
        return ExitCode::from(2);
    }
    if let (Some(path), Some(file)) = (&names, &imported.names) {
        let temporary = path.with_extension("yaml.tmp");
        if let Err(error) = std::fs::write(&temporary, file.write())
            .and_then(|()| std::fs::rename(&temporary, path))
        {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(2);
        }
        let new = file.docs.new_keys().count() + file.openapi.new_keys().count();
        println!("names: {} ({new} new)", path.display());
    }
    let summary = &imported.report.summary;
    let mut code = ExitCode::SUCCESS;
    if let Err(error) =
        mews_codegen::parse::parse(&imported.spec).and_then(|spec| mews_codegen::ir::lower(&spec))
    {
        eprintln!(
            "{}: the generator rejects the imported spec:\n{error}",
            out.display()
        );
        code = ExitCode::from(1);
    }
    println!("wrote {}", out.display());
    println!("{summary}");
    if strict && summary.skipped + summary.degraded > 0 {
        eprintln!(
            "--strict: {} skipped, {} degraded",
            summary.skipped, summary.degraded
        );
        code = ExitCode::from(1);
    }
    code
}

/// `examples`: the round-trip program on stdout.
fn examples_command(args: Vec<String>) -> ExitCode {
    let (mut spec, mut krate) = (None, None);
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            return usage_error(&format!("`{flag}` needs a value"));
        };
        match flag.as_str() {
            "--spec" => spec = Some(value),
            "--crate" => krate = Some(value),
            _ => return usage_error(&format!("unknown option `{flag}`")),
        }
    }
    let (Some(spec), Some(krate)) = (spec, krate) else {
        return usage_error("examples needs --spec FILE and --crate NAME");
    };
    let text = match read(&spec) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match mews_codegen::roundtrip::cases(&text) {
        Ok((cases, envelope)) => {
            print!(
                "{}",
                mews_codegen::roundtrip::program(&cases, &envelope, &krate)
            );
            eprintln!("examples: {} body examples", cases.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{spec}: spec rejected\n{error}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))
}

/// `diff`: exit 0 when nothing breaks, 1 when something does, 2 on bad input.
fn diff_command(args: Vec<String>) -> ExitCode {
    let json = args.iter().any(|arg| arg == "--json");
    let files: Vec<&String> = args.iter().filter(|arg| *arg != "--json").collect();
    if let Some(flag) = files.iter().find(|arg| arg.starts_with("--")) {
        return usage_error(&format!("unknown option `{flag}`"));
    }
    let [old, new] = files.as_slice() else {
        return usage_error("diff needs OLD.yaml and NEW.yaml");
    };
    let texts = read(old).and_then(|old| read(new).map(|new| (old, new)));
    let (old_text, new_text) = match texts {
        Ok(texts) => texts,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let changes = match mews_codegen::diff::diff(&old_text, &new_text) {
        Ok(changes) => changes,
        Err((which, error)) => {
            let file = if which == mews_codegen::diff::Side::Old {
                old
            } else {
                new
            };
            eprintln!("{file}: spec rejected\n{error}");
            return ExitCode::from(2);
        }
    };
    if json {
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

/// `crosscheck`: the listing (or JSON, or the counts alone); exit 0, 1 when an undecided
/// disagreement changes the API or the wire, 2 on bad input.
fn crosscheck_command(args: Vec<String>) -> ExitCode {
    let (mut docs, mut openapi, mut overlay) = (None, None, None);
    let (mut json, mut summary) = (false, false);
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--json" => json = true,
            "--summary" => summary = true,
            "--docs" | "--openapi" | "--overlay" => {
                let Some(value) = args.next() else {
                    return usage_error(&format!("`{flag}` needs a value"));
                };
                let slot = match flag.as_str() {
                    "--docs" => &mut docs,
                    "--openapi" => &mut openapi,
                    _ => &mut overlay,
                };
                *slot = Some(PathBuf::from(value));
            }
            _ => return usage_error(&format!("unknown option `{flag}`")),
        }
    }
    let (Some(docs), Some(openapi)) = (docs, openapi) else {
        return usage_error("crosscheck needs --docs DIR and --openapi FILE");
    };
    if json && summary {
        return usage_error("crosscheck takes --json or --summary, not both");
    }
    let outcome =
        match mews_codegen::crosscheck::sources::from_files(&docs, &openapi, overlay.as_deref()) {
            Ok(outcome) => outcome,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(2);
            }
        };
    if json {
        println!("{}", outcome.json());
    } else if summary {
        print!("{}", outcome.summary());
    } else {
        print!("{}", outcome.text());
    }
    ExitCode::from(outcome.exit_code())
}
