//! The two sources a run mutates (docs pages, a spec in Mews' dialect), and their imports with
//! the names file carried from one import to the next.

use std::collections::BTreeMap;
use std::path::Path;

use mews_codegen::diff::facts::Facts;
use mews_codegen::import::docs::Docs;
use mews_codegen::import::stable::NamesFile;
use mews_codegen::import::{self, Options};
use mews_codegen::ir::Api;

/// Docs pages by path (`operations/kettles.md`), as text.
#[derive(Clone, Debug)]
pub struct Pages(pub BTreeMap<String, String>);

impl Pages {
    /// Every `.md` under `dir/operations` and `dir/guidelines` (the pages an import reads).
    pub fn load(dir: &Path) -> Pages {
        let mut pages = BTreeMap::new();
        for sub in ["operations", "guidelines"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".md") && name != "README.md" {
                    let text = std::fs::read_to_string(entry.path()).expect("read page");
                    pages.insert(format!("{sub}/{name}"), text);
                }
            }
        }
        Pages(pages)
    }

    pub fn docs(&self) -> Docs {
        let texts: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter(|(path, _)| {
                path.starts_with("operations/")
                    || path.as_str() == "guidelines/pagination.md"
                    || path.as_str() == "guidelines/responses.md"
            })
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        Docs::from_texts(&texts)
    }
}

/// One import: the spec, the names file it leaves, and the API it lowers to.
pub struct Imported {
    pub spec: String,
    pub names: NamesFile,
    pub api: Api,
    /// What the diff reads beside the IR.
    pub facts: Facts,
    /// Skipped and degraded report lines, which a well-formed mutation must not add.
    pub problems: usize,
}

fn finish(imported: import::Imported) -> Result<Imported, String> {
    let spec = mews_codegen::parse::parse(&imported.spec).map_err(|e| e.to_string())?;
    let api = mews_codegen::ir::lower(&spec).map_err(|e| e.to_string())?;
    let facts = Facts::read(&spec.raw, &api);
    let summary = &imported.report.summary;
    Ok(Imported {
        facts,
        problems: summary.skipped + summary.degraded,
        names: imported.names.ok_or("the import returned no names file")?,
        spec: imported.spec,
        api,
    })
}

fn options(names: &NamesFile) -> Options {
    Options {
        names: Some(names.clone()),
        ..Options::default()
    }
}

pub fn import_docs(pages: &Pages, names: &NamesFile) -> Result<Imported, String> {
    let imported =
        import::run(&pages.docs(), &options(names), "fixture").map_err(|e| e.to_string())?;
    finish(imported)
}

pub fn import_spec(spec: &serde_json::Value, names: &NamesFile) -> Result<Imported, String> {
    let text = yaml_text(spec);
    let imported =
        import::openapi::run(&text, "fixture.yaml", &options(names)).map_err(|e| e.to_string())?;
    finish(imported)
}

pub fn yaml_text(spec: &serde_json::Value) -> String {
    yaml_serde::to_string(spec).expect("a JSON value is YAML")
}

/// The fixtures' directory.
pub fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metamorphic")
}
