//! The generator's contract under hostile input, checked on seeded mutants of the fixture specs
//! and docs pages (issue #12). Each mutant runs the CLI as a subprocess, and must:
//!
//! - not panic (exit 101 or a signal) and exit 0, 1 or 2 only;
//! - on rejection, name a JSON pointer, line or file in every `error:` line and leave the
//!   output directory exactly as it was;
//! - on success, leave exactly the files the library generates for it (never a mix);
//! - finish within 2 s.
//!
//! `fuzz_fast` runs a few hundred mutants in `cargo test`; `fuzz_long` (ignored; `.ci/run` runs
//! it through `scripts/fuzz.sh`) runs `FUZZ_MUTANTS` (default 2,000) spec and
//! `FUZZ_DOCS_MUTANTS` (default 500) docs mutants from `FUZZ_SEED`, and with `FUZZ_KEEP=DIR`
//! keeps up to `FUZZ_KEEP_COUNT` (default 24) accepted mutants with distinct bindings there, for
//! the script to compile. A failing mutant is saved under `$TMPDIR/mews-fuzz-failures/`.

mod docs;
mod hostile;
mod rng;
mod spec;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rng::Rng;

const BIN: &str = env!("CARGO_BIN_EXE_mews-codegen");
const TIME_LIMIT: Duration = Duration::from_secs(2);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[derive(Default)]
struct Tally {
    mutants: usize,
    accepted: usize,
    rejected: usize,
    panics: usize,
    bad_exits: usize,
    half_writes: usize,
    unlocated: usize,
    slow: usize,
    slowest: Duration,
    kept: usize,
    failures: Vec<String>,
}

impl Tally {
    fn fail(&mut self, what: &str, seed: u64, index: usize, input: &str, detail: &str) {
        let dir = std::env::temp_dir().join("mews-fuzz-failures");
        let saved = dir.join(format!("{what}-{seed}-{index}.txt"));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(&saved, input);
        let detail: String = detail.chars().take(600).collect();
        self.failures.push(format!(
            "{what} mutant {index} of seed {seed} (saved as {}): {detail}",
            saved.display()
        ));
    }

    fn summary(&self, label: &str) -> String {
        format!(
            "{label}: {} mutants ({} accepted, {} rejected): {} panics, {} bad exit codes, {} half-writes, {} rejections without a location, {} over 2 s (slowest {} ms)",
            self.mutants,
            self.accepted,
            self.rejected,
            self.panics,
            self.bad_exits,
            self.half_writes,
            self.unlocated,
            self.slow,
            self.slowest.as_millis()
        )
    }

    fn assert_clean(&self, label: &str) {
        println!("{}", self.summary(label));
        assert!(
            self.failures.is_empty(),
            "{}\n{}",
            self.summary(label),
            self.failures.join("\n")
        );
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let bytes = std::fs::read(&path).unwrap_or_default();
                files.insert(relative.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    files
}

struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

fn run(args: &[&Path]) -> Run {
    let started = Instant::now();
    let output = Command::new(BIN)
        .args(args)
        .output()
        .expect("run mews-codegen");
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// `mews-codegen generate --spec SPEC --out OUT`.
fn generate(spec: &Path, out: &Path) -> Run {
    run(&[
        Path::new("generate"),
        Path::new("--spec"),
        spec,
        Path::new("--out"),
        out,
    ])
}

/// Whether every `error:` line names where: a pointer, a line, or a file.
fn located(stderr: &str) -> bool {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
        .all(|rest| rest.starts_with('#') || rest.starts_with("line ") || rest.starts_with('/'))
}

/// The checks every run shares; returns whether the run was a clean exit with that code.
fn check_run(
    tally: &mut Tally,
    what: &str,
    seed: u64,
    index: usize,
    input: &str,
    run: &Run,
) -> bool {
    tally.slowest = tally.slowest.max(run.elapsed);
    if run.elapsed > TIME_LIMIT {
        tally.slow += 1;
        tally.fail(what, seed, index, input, &format!("took {:?}", run.elapsed));
    }
    match run.code {
        Some(0..=2) => {}
        Some(101) | None => {
            tally.panics += 1;
            tally.fail(
                what,
                seed,
                index,
                input,
                &format!("panicked: {}", run.stderr),
            );
            return false;
        }
        Some(code) => {
            tally.bad_exits += 1;
            tally.fail(
                what,
                seed,
                index,
                input,
                &format!("exit {code}: {}", run.stderr),
            );
            return false;
        }
    }
    if run.code != Some(0) {
        tally.rejected += 1;
        if !located(&run.stderr) || !run.stderr.contains("error: ") {
            tally.unlocated += 1;
            tally.fail(
                what,
                seed,
                index,
                input,
                &format!("rejection without a location: {}", run.stderr),
            );
        }
    }
    true
}

/// Accepted mutants kept for the compile check.
struct Keep {
    dir: PathBuf,
    limit: usize,
    seen: BTreeSet<u64>,
}

impl Keep {
    fn from_env() -> Option<Keep> {
        let dir = PathBuf::from(std::env::var_os("FUZZ_KEEP")?);
        std::fs::create_dir_all(&dir).expect("create FUZZ_KEEP");
        Some(Keep {
            dir,
            limit: env_number("FUZZ_KEEP_COUNT", 24),
            seen: BTreeSet::new(),
        })
    }
}

fn fingerprint(files: &BTreeMap<String, Vec<u8>>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut hasher);
    hasher.finish()
}

fn spec_fuzz(count: usize, seed: u64, mut keep: Option<&mut Keep>) -> Tally {
    let bases: Vec<mews_codegen::json::Value> = ["widgets.yaml", "recursive.yaml"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture");
            yaml_serde::from_str(&text).expect("fixture parses")
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let spec_path = dir.path().join("mutant.yaml");
    let out = dir.path().join("generated");
    std::fs::copy(fixtures().join("widgets.yaml"), &spec_path).expect("copy");
    let first = generate(&spec_path, &out);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let base_output = fingerprint(&snapshot(&out));

    let mut tally = Tally::default();
    for index in 0..count {
        let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let base = rng.pick(&bases);
        let text = spec::mutant(base, &mut rng);
        // The fast YAML path reads what it takes as yaml_serde does: on the mutant (JSON, flow
        // style) and on the same tree written as block YAML by yaml_serde.
        for (form, yaml) in readers_inputs(&text) {
            if let Some(detail) = readers_disagree(&yaml) {
                tally.fail(form, seed, index, &yaml, &detail);
            }
        }
        // The spec's writer writes what it takes as yaml_serde does.
        if let Some(detail) = writers_disagree(&text) {
            tally.fail("yaml-writer", seed, index, &text, &detail);
        }
        std::fs::write(&spec_path, &text).expect("write mutant");
        let before = snapshot(&out);
        let result = generate(&spec_path, &out);
        tally.mutants += 1;
        if !check_run(&mut tally, "spec", seed, index, &text, &result) {
            continue;
        }
        let after = snapshot(&out);
        if result.code != Some(0) {
            if after != before {
                tally.half_writes += 1;
                tally.fail(
                    "spec",
                    seed,
                    index,
                    &text,
                    "rejected, but the output directory changed",
                );
            }
            continue;
        }
        tally.accepted += 1;
        let expected =
            match std::panic::catch_unwind(|| mews_codegen::generate(&text, "mutant.yaml")) {
                Ok(Ok(generation)) => generation
                    .files
                    .into_iter()
                    .map(|file| (file.path, file.contents.into_bytes()))
                    .collect::<BTreeMap<_, _>>(),
                _ => {
                    tally.fail(
                        "spec",
                        seed,
                        index,
                        &text,
                        "the CLI accepted what the library rejects",
                    );
                    continue;
                }
            };
        if after != expected {
            tally.half_writes += 1;
            tally.fail(
                "spec",
                seed,
                index,
                &text,
                "accepted, but the output is not exactly the generated files",
            );
        }
        if let Some(keep) = keep.as_deref_mut() {
            let print = fingerprint(&after);
            if print != base_output && keep.seen.len() < keep.limit && keep.seen.insert(print) {
                std::fs::write(keep.dir.join(format!("mutant-{seed}-{index}.yaml")), &text)
                    .expect("keep mutant");
                tally.kept += 1;
            }
        }
    }
    tally
}

/// The mutant's text, and the same tree as yaml_serde writes it (block style) when the fast
/// path takes the text (yaml_serde alone takes quadratic time on the deepest mutants).
fn readers_inputs(text: &str) -> Vec<(&'static str, String)> {
    let mut inputs = vec![("yaml-reader-json", text.to_owned())];
    if mews_codegen::json::yaml::read(text).is_none() {
        return inputs;
    }
    if let Ok(tree) = yaml_serde::from_str::<yaml_serde::Value>(text) {
        if let Ok(block) = yaml_serde::to_string(&tree) {
            inputs.push(("yaml-reader-block", block));
        }
    }
    inputs
}

/// How the fast YAML path and yaml_serde differ on `text`, if the fast path takes it.
fn readers_disagree(text: &str) -> Option<String> {
    let fast = std::panic::catch_unwind(|| mews_codegen::json::yaml::read(text))
        .map_err(|_| "the fast YAML path panicked".to_owned());
    match fast {
        Err(panic) => Some(panic),
        Ok(None) => None,
        Ok(Some(fast)) => match yaml_serde::from_str::<mews_codegen::json::Value>(text) {
            Ok(slow) if slow == fast => None,
            Ok(_) => Some("the fast YAML path reads another tree than yaml_serde".to_owned()),
            Err(error) => Some(format!(
                "the fast YAML path took what yaml_serde refuses: {error}"
            )),
        },
    }
}

/// How the spec's YAML writer and yaml_serde differ on the mutant's tree, if the writer takes it.
fn writers_disagree(text: &str) -> Option<String> {
    use mews_codegen::import::{spec_writer, yaml_text};
    let tree = mews_codegen::json::yaml::read(text)?;
    let fast = match std::panic::catch_unwind(|| yaml_text::write(&tree)) {
        Ok(fast) => fast?,
        Err(_) => return Some("the YAML writer panicked".to_owned()),
    };
    let slow = spec_writer::yaml_serde_text(&tree).ok()?;
    (fast != slow)
        .then(|| format!("the YAML writer writes\n{fast}\nwhere yaml_serde writes\n{slow}"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn docs_fuzz(count: usize, seed: u64) -> Tally {
    let source = fixtures().join("docs");
    let pages: Vec<PathBuf> = std::fs::read_dir(source.join("operations"))
        .expect("pages")
        .flatten()
        .map(|entry| PathBuf::from("operations").join(entry.file_name()))
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    let spec_path = dir.path().join("imported.yaml");
    let out = dir.path().join("generated");
    let mut tally = Tally::default();
    for index in 0..count {
        let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let _ = std::fs::remove_dir_all(&docs);
        copy_dir(&source, &docs);
        let page = rng.pick(&pages).clone();
        let original = std::fs::read_to_string(source.join(&page)).expect("page");
        let text = docs::mutant(&original, &mut rng);
        std::fs::write(docs.join(&page), &text).expect("write page");
        let input = format!("{}:\n{text}", page.display());
        let imported = run(&[
            Path::new("import"),
            Path::new("--docs"),
            &docs,
            Path::new("--out"),
            &spec_path,
            Path::new("--force"),
        ]);
        tally.mutants += 1;
        if !check_run(&mut tally, "docs", seed, index, &input, &imported)
            || imported.code != Some(0)
        {
            continue;
        }
        // An import that succeeds must generate.
        let spec = std::fs::read_to_string(&spec_path).unwrap_or_default();
        let generated = generate(&spec_path, &out);
        if check_run(&mut tally, "docs", seed, index, &input, &generated) {
            if generated.code == Some(0) {
                tally.accepted += 1;
            } else {
                tally.fail(
                    "docs",
                    seed,
                    index,
                    &format!("{input}\n--- imported spec:\n{spec}"),
                    &format!("imported, but generate rejects it: {}", generated.stderr),
                );
            }
        }
    }
    tally
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[test]
fn fuzz_fast() {
    spec_fuzz(300, 12, None).assert_clean("spec fuzz (fast)");
    docs_fuzz(100, 12).assert_clean("docs fuzz (fast)");
}

#[test]
#[ignore = "minutes: run by .ci/run through generator/scripts/fuzz.sh"]
fn fuzz_long() {
    let seed = env_number("FUZZ_SEED", 2026) as u64;
    let mut keep = Keep::from_env();
    let specs = spec_fuzz(env_number("FUZZ_MUTANTS", 2_000), seed, keep.as_mut());
    println!(
        "kept {} accepted mutants with distinct bindings",
        specs.kept
    );
    let docs = docs_fuzz(env_number("FUZZ_DOCS_MUTANTS", 500), seed);
    specs.assert_clean("spec fuzz");
    docs.assert_clean("docs fuzz");
}
