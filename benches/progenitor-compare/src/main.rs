//! Generates two crates from the same spec, one with mews-codegen and one with progenitor,
//! times both generators in-process, counts the lines each one writes, and gives each crate an
//! example (`decode_check`) that decodes the seed examples and payloads with values the spec
//! does not know. `benches/compare.sh` drives it and times the cold builds.
//!
//! ```text
//! progenitor-compare <repo root> <output dir> [runs] [spec]
//! ```
//!
//! Without `spec`, the repository as it is: `spec/connector.yaml`, and our crate is `generated/`
//! as checked in. With `spec` (e.g. the whole-docs import), our crate is generated from it.
//!
//! Output dir afterwards:
//! - `ours/`: the bindings as a crate with the root package's `[dependencies]` (workspace
//!   entries resolved, the runtime's path made absolute), the features block `generate` writes,
//!   and the root `Cargo.lock`; no build script.
//! - `progenitor/`: progenitor's output in `src/lib.rs`, with the dependencies cargo-progenitor
//!   would list for it; `types.txt` lists the types progenitor made of the schemas.
//! - `ours-runtime-only/`: the runtime crate (`runtime/`) alone, with its own dependencies, and
//!   `ours-empty/`: an empty library with the bindings' dependencies, to split our build time.
//! - `features.txt`: our crate's resource features, one a line.
//! - `report.tsv`: `metric<TAB>ours<TAB>progenitor` lines.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use progenitor::{GenerationSettings, Generator};

/// The spec when none is given.
const SPEC: &str = "spec/connector.yaml";
/// The body of both crates' `examples/decode_check/main.rs`, after a two-line header naming
/// the API.
const DECODE_CHECK: &str = include_str!("../check/decode_check.rs");
/// Each crate's `examples/seed_calls.rs`: an application calling the three seed operations.
const SEED_CALLS_OURS: &str = include_str!("../check/seed_calls_ours.rs");
const SEED_CALLS_PROGENITOR: &str = include_str!("../check/seed_calls_progenitor.rs");
/// Its `json_examples` module: the test suite's own rule for what a seed example is.
const JSON_EXAMPLES: &str = include_str!("../../../tests/support/json_examples.rs");

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: progenitor-compare <repo root> <output dir> [runs] [spec]";
    let root = PathBuf::from(args.next().ok_or(usage)?);
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(11);
    let given_spec = args.next().map(PathBuf::from);
    let spec_path = given_spec.clone().unwrap_or_else(|| root.join(SPEC));
    let spec = std::fs::read_to_string(&spec_path)?;
    let label = spec_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();

    // Generation: the same input text to the same kind of output (formatted Rust source).
    // Alternating, run by run, so that a change in the machine's load weighs on both alike.
    let (ours_time, progenitor_time) = median_times(
        runs,
        || {
            let generation =
                mews_codegen::generate(&spec, &label).expect("mews-codegen accepts the spec");
            generation.files.len()
        },
        || {
            progenitor_generate(&spec, &label)
                .expect("progenitor accepts the spec")
                .0
                .len()
        },
    );

    // Our crate: by default generated/ as checked in (the drift check keeps it equal to the
    // generator's output), so the build measures exactly what users compile.
    let generation = mews_codegen::generate(&spec, &label).map_err(|e| e.to_string())?;
    let ours = out.join("ours");
    let _ = std::fs::remove_dir_all(&ours);
    match &given_spec {
        None => copy_dir(&root.join("generated"), &ours.join("generated"))?,
        Some(_) => {
            generation
                .write(&ours.join("generated"))
                .map_err(|e| e.to_string())?;
        }
    }
    let manifest = ours_manifest(&root, "mews-connector", "generated/lib.rs", &root.join("Cargo.toml"))?;
    // `default` is hand-written in the root manifest, outside the generated block: without it
    // the crate's default build would gate every resource out.
    std::fs::write(
        ours.join("Cargo.toml"),
        format!(
            "{manifest}\n[features]\ndefault = [\"all-resources\"]\n{}",
            generation.features
        ),
    )?;
    std::fs::copy(root.join("Cargo.lock"), ours.join("Cargo.lock"))?;
    write_check(
        &ours,
        "use mews_connector as api;\nconst STRIP_ENVELOPE: bool = true;\n",
    )?;
    write_seed_calls(&ours, SEED_CALLS_OURS)?;
    let features: String = generation
        .features
        .lines()
        .filter_map(|line| line.split_once(" = [] #").map(|(feature, _)| format!("{feature}\n")))
        .collect();
    std::fs::write(out.join("features.txt"), features)?;
    let ours_lines = count_lines(&ours.join("generated"))?;

    // Two crates to split our build time: the runtime alone (progenitor's equivalent is its
    // progenitor-client crate) and an empty library with the bindings' dependencies (the fixed
    // cost of cargo and rustc).
    let runtime_only = out.join("ours-runtime-only");
    let _ = std::fs::remove_dir_all(&runtime_only);
    copy_dir(&root.join("runtime/src"), &runtime_only.join("src"))?;
    std::fs::write(
        runtime_only.join("Cargo.toml"),
        ours_manifest(&root, "ours-runtime-only", "src/lib.rs", &root.join("runtime/Cargo.toml"))?,
    )?;
    std::fs::copy(root.join("Cargo.lock"), runtime_only.join("Cargo.lock"))?;
    let empty = out.join("ours-empty");
    let _ = std::fs::remove_dir_all(&empty);
    std::fs::create_dir_all(empty.join("src"))?;
    std::fs::write(
        empty.join("src/lib.rs"),
        "//! Nothing: measures the fixed cost of a build.\n",
    )?;
    std::fs::write(
        empty.join("Cargo.toml"),
        ours_manifest(&root, "ours-empty", "src/lib.rs", &root.join("Cargo.toml"))?,
    )?;
    std::fs::copy(root.join("Cargo.lock"), empty.join("Cargo.lock"))?;
    let runtime_lines = count_lines(&root.join("runtime/src"))?;

    // progenitor's crate.
    let (code, generator) = progenitor_generate(&spec, &label)?;
    let theirs = out.join("progenitor");
    let _ = std::fs::remove_dir_all(&theirs);
    std::fs::create_dir_all(theirs.join("src"))?;
    std::fs::write(theirs.join("src/lib.rs"), &code)?;
    std::fs::write(theirs.join("Cargo.toml"), progenitor_manifest(&generator, &label))?;
    write_check(
        &theirs,
        "use mews_connector_progenitor::types as api;\nconst STRIP_ENVELOPE: bool = false;\n",
    )?;
    write_seed_calls(&theirs, SEED_CALLS_PROGENITOR)?;
    let mut types = String::new();
    for (index, entry) in generator.get_type_space().iter_types().enumerate() {
        writeln!(types, "{index:>4}  {}", entry.describe())?;
    }
    std::fs::write(theirs.join("types.txt"), types)?;
    let theirs_lines = count_lines(&theirs.join("src"))?;

    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    let report = format!(
        "metric\tours\tprogenitor\n\
         spec\t{}\t{}\n\
         generation_ms_median_of_{runs}\t{}\t{}\n\
         generated_lines\t{}\t{}\n\
         generated_code_lines\t{}\t{}\n\
         runtime_crate_lines (runtime/, progenitor-client)\t{}\t-\n\
         runtime_crate_code_lines\t{}\t-\n",
        spec_path.display(),
        spec_path.display(),
        ms(ours_time),
        ms(progenitor_time),
        ours_lines.total,
        theirs_lines.total,
        ours_lines.code,
        theirs_lines.code,
        runtime_lines.total,
        runtime_lines.code,
    );
    std::fs::write(out.join("report.tsv"), &report)?;
    print!("{report}");
    Ok(())
}

/// progenitor with its default settings (positional interface, merged tags), formatted with
/// prettyplease like our generator's output. Parsing goes straight from YAML into
/// `openapiv3::OpenAPI`, the type progenitor takes (cargo-progenitor does the same for a
/// `.yaml` input), so no JSON conversion is needed.
fn progenitor_generate(spec: &str, label: &str) -> Result<(String, Generator)> {
    let openapi: openapiv3::OpenAPI = yaml_serde::from_str(spec)?;
    let mut generator = Generator::new(&GenerationSettings::default());
    let tokens = generator.generate_tokens(&openapi)?;
    let file = syn::parse2::<syn::File>(tokens)?;
    let code = format!(
        "// Generated by progenitor {} from {label} (benches/progenitor-compare).\n{}",
        PROGENITOR_VERSION,
        prettyplease::unparse(&file)
    );
    Ok((code, generator))
}

const PROGENITOR_VERSION: &str = "0.15.1";

/// The median times of `ours` and `theirs` over `runs` runs of each, alternating (after one
/// warm-up run of each).
fn median_times<A, B>(
    runs: usize,
    mut ours: impl FnMut() -> A,
    mut theirs: impl FnMut() -> B,
) -> (Duration, Duration) {
    std::hint::black_box(ours());
    std::hint::black_box(theirs());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        std::hint::black_box(ours());
        a.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(theirs());
        b.push(start.elapsed());
    }
    a.sort();
    b.sort();
    (a[a.len() / 2], b[b.len() / 2])
}

/// A manifest of its own workspace for the crate `name` (library at `lib`), with the
/// `[dependencies]` of `source` (a manifest of this repository): `x.workspace = true` replaced by
/// the workspace's entry (local `features` added), `path`s made absolute.
fn ours_manifest(root: &Path, name: &str, lib: &str, source: &Path) -> Result<String> {
    let workspace: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))?.parse()?;
    let workspace_deps = workspace
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default();
    let manifest: toml::Table = std::fs::read_to_string(source)?.parse()?;
    let source_dir = source.parent().unwrap_or(root).canonicalize()?;
    let deps = manifest
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .ok_or_else(|| format!("{} has no [dependencies]", source.display()))?;
    let mut resolved = toml::Table::new();
    for (dep, spec) in deps {
        let inherits = spec.get("workspace").and_then(toml::Value::as_bool) == Some(true);
        let mut value = if inherits {
            let mut base = match workspace_deps
                .get(dep)
                .ok_or_else(|| format!("{dep} not in [workspace.dependencies]"))?
            {
                toml::Value::String(version) => {
                    let mut table = toml::Table::new();
                    table.insert("version".into(), toml::Value::String(version.clone()));
                    table
                }
                toml::Value::Table(table) => table.clone(),
                other => {
                    return Err(format!("unexpected workspace dependency {dep} = {other}").into())
                }
            };
            if let Some(toml::Value::Array(extra)) = spec.get("features") {
                let features = base
                    .entry("features")
                    .or_insert_with(|| toml::Value::Array(Vec::new()));
                if let toml::Value::Array(features) = features {
                    features.extend(extra.iter().cloned());
                }
            }
            if let Some(optional) = spec.get("optional") {
                base.insert("optional".into(), optional.clone());
            }
            toml::Value::Table(base)
        } else {
            spec.clone()
        };
        if let Some(toml::Value::String(path)) = value.get_mut("path") {
            *path = source_dir.join(&*path).display().to_string();
        }
        resolved.insert(dep.clone(), value);
    }
    let mut text = format!(
        "# Written by benches/progenitor-compare from {}.\n\
         [package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         publish = false\nbuild = false\nautoexamples = true\n\n\
         [lib]\npath = \"{lib}\"\n\n[workspace]\n\n",
        source.display()
    );
    let mut dependencies = toml::Table::new();
    dependencies.insert("dependencies".into(), toml::Value::Table(resolved));
    text.push_str(&toml::to_string(&dependencies)?);
    Ok(text)
}

/// The dependencies cargo-progenitor 0.15.1 writes for a generated crate (its
/// `dependencies()`), chosen by what the type space uses; `serde_json` for the check example.
fn progenitor_manifest(generator: &Generator, label: &str) -> String {
    let types = generator.get_type_space();
    let mut deps = vec![
        "bytes = \"1.9\"".to_owned(),
        "futures-core = \"0.3\"".to_owned(),
        format!("progenitor-client = \"{PROGENITOR_VERSION}\""),
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\"] }".to_owned(),
        "serde = { version = \"1.0\", features = [\"derive\"] }".to_owned(),
        "serde_urlencoded = \"0.7\"".to_owned(),
    ];
    if types.uses_regress() {
        deps.push("regress = \"0.10\"".into());
    }
    if types.uses_uuid() {
        deps.push("uuid = { version = \"1.0\", features = [\"serde\", \"v4\"] }".into());
    }
    if types.uses_chrono() {
        deps.push(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }"
                .into(),
        );
    }
    if generator.uses_futures() {
        deps.push("futures = \"0.3\"".into());
    }
    let serde_json = types.uses_serde_json();
    if serde_json {
        deps.push("serde_json = \"1.0\"".into());
    }
    deps.sort();
    format!(
        "# Written by benches/progenitor-compare: progenitor {PROGENITOR_VERSION}'s output for {label},\n\
         # with the dependencies cargo-progenitor would list.\n\
         [package]\nname = \"mews-connector-progenitor\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         publish = false\n\n[workspace]\n\n[dependencies]\n{}\n\n[dev-dependencies]\n{}",
        deps.join("\n"),
        if serde_json { "" } else { "serde_json = \"1.0\"\n" }
    )
}

/// Writes `examples/seed_calls.rs`, the application `compare.sh` builds with the bindings.
fn write_seed_calls(krate: &Path, text: &str) -> Result<()> {
    std::fs::create_dir_all(krate.join("examples"))?;
    std::fs::write(krate.join("examples/seed_calls.rs"), text)?;
    Ok(())
}

fn write_check(krate: &Path, header: &str) -> Result<()> {
    let dir = krate.join("examples/decode_check");
    std::fs::create_dir_all(&dir)?;
    // The single-file layout of earlier runs would be a second `decode_check` example.
    let _ = std::fs::remove_file(krate.join("examples/decode_check.rs"));
    std::fs::write(
        dir.join("main.rs"),
        format!("// Written by benches/progenitor-compare from check/decode_check.rs.\n{header}\n{DECODE_CHECK}"),
    )?;
    std::fs::write(
        dir.join("json_examples.rs"),
        format!("// Written by benches/progenitor-compare from tests/support/json_examples.rs.\n{JSON_EXAMPLES}"),
    )?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[derive(Default)]
struct Lines {
    /// Every line of every `.rs` file.
    total: usize,
    /// Lines that are neither blank nor only a comment (`//`, `///`, `//!`).
    code: usize,
}

fn count_lines(dir: &Path) -> Result<Lines> {
    let mut lines = Lines::default();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            let inner = count_lines(&path)?;
            lines.total += inner.total;
            lines.code += inner.code;
        } else if path.extension().is_some_and(|e| e == "rs") {
            for line in std::fs::read_to_string(&path)?.lines() {
                lines.total += 1;
                let line = line.trim();
                if !line.is_empty() && !line.starts_with("//") {
                    lines.code += 1;
                }
            }
        }
    }
    Ok(lines)
}
