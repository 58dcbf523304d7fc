//! The generator, all in memory (nothing written):
//! - `spec_connector_yaml`: parse + IR + emit of `spec/connector.yaml`;
//! - when the docs snapshot `../shared/docs/connector-api-2026-01-27` is there:
//!   `import_whole_api` (every operation page of the docs into one spec, with the
//!   `spec/curation.yaml` overlay when present) and `generate_whole_api` (parse + IR + emit of
//!   that spec).
//!
//! `cargo bench --bench codegen`.

mod summary;

use std::hint::black_box;
use std::path::Path;

use criterion::Throughput;
use mews_codegen::import::{self, Options};

const GROUP: &str = "codegen";
const DOCS: &str = "../shared/docs/connector-api-2026-01-27";

fn lines(generation: &mews_codegen::Generation) -> usize {
    generation
        .files
        .iter()
        .map(|file| file.contents.lines().count())
        .sum()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = std::fs::read_to_string(root.join("spec/connector.yaml")).expect("spec");
    let generation =
        mews_codegen::generate(&spec, "spec/connector.yaml").expect("the spec generates");
    let mut notes = vec![format!(
        "spec/connector.yaml: {} bytes -> {} files, {} lines",
        spec.len(),
        generation.files.len(),
        lines(&generation)
    )];

    let docs = root.join(DOCS);
    let import_options = docs.is_dir().then(|| Options {
        docs: docs.clone(),
        overlays: ["spec/curation.yaml", "spec/descriptions.yaml"]
            .into_iter()
            .filter_map(|name| {
                let text = std::fs::read_to_string(root.join(name)).ok()?;
                Some((text, name.to_owned()))
            })
            .collect(),
        ..Options::default()
    });
    let mut whole_api = None;
    match &import_options {
        None => notes.push(format!(
            "{DOCS} not found: the whole-API benches are left out"
        )),
        Some(options) => {
            let imported = import::import(options).expect("the docs import");
            let summary = &imported.report.summary;
            notes.push(format!(
                "whole-API import: {} operations, {} schemas -> {} bytes of spec",
                summary.operations,
                summary.schemas,
                imported.spec.len()
            ));
            let generation = mews_codegen::generate(&imported.spec, "imported.yaml")
                .expect("the generator accepts the whole-API import");
            notes.push(format!(
                "whole-API generation: {} files, {} lines",
                generation.files.len(),
                lines(&generation)
            ));
            whole_api = Some(imported.spec);
        }
    }

    let mut c = summary::criterion().configure_from_args();
    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Bytes(spec.len() as u64));
    group.bench_function("spec_connector_yaml", |b| {
        b.iter(|| {
            mews_codegen::generate(black_box(&spec), "spec/connector.yaml").expect("generates")
        })
    });
    if let Some(options) = &import_options {
        group.throughput(Throughput::Elements(1));
        group.bench_function("import_whole_api", |b| {
            b.iter(|| import::import(black_box(options)).expect("imports"))
        });
    }
    if let Some(imported) = &whole_api {
        group.throughput(Throughput::Bytes(imported.len() as u64));
        group.bench_function("generate_whole_api", |b| {
            b.iter(|| {
                mews_codegen::generate(black_box(imported), "imported.yaml").expect("generates")
            })
        });
    }
    group.finish();
    c.final_summary();
    if !summary::measuring() {
        return;
    }

    println!();
    for note in notes {
        println!("{note}");
    }
    summary::print(
        GROUP,
        &[
            "spec_connector_yaml",
            "import_whole_api",
            "generate_whole_api",
        ],
        None,
    );
}
