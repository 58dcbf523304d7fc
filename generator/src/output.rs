//! Output: the rendered files, written to disk or compared with what is there.
//!
//! Everything is rendered in memory before the first write, so a bad spec never leaves half a
//! `generated/` behind.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Location};

/// One file of the bindings, by its path relative to the output directory (`/`-separated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A complete set of generated files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation {
    pub files: Vec<GeneratedFile>,
    /// The features block of the bindings' `Cargo.toml` (see [`crate::manifest`]).
    pub features: String,
}

/// How a file on disk differs from the freshly generated one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Drift {
    /// Generated but not on disk.
    Missing { path: String },
    /// On disk but not generated (e.g. a resource that left the spec).
    Extra { path: String },
    /// Different contents; `line` is the first differing line (1-based) with both versions.
    Changed {
        path: String,
        line: usize,
        expected: String,
        found: String,
    },
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing { path } => write!(f, "{path}: missing (the spec generates it)"),
            Drift::Extra { path } => write!(f, "{path}: not generated from the spec (stale or added by hand)"),
            Drift::Changed { path, line, expected, found } => write!(
                f,
                "{path}:{line}: differs from the generated code\n  generated: {expected}\n  on disk:   {found}"
            ),
        }
    }
}

impl Generation {
    /// Writes the files under `dir`: unchanged files are left alone (so their mtimes stay), and
    /// files the generator no longer produces are removed. Returns the paths written or removed.
    pub fn write(&self, dir: &Path) -> Result<Vec<String>, Error> {
        let mut touched = Vec::new();
        for file in &self.files {
            let path = dir.join(&file.path);
            if fs::read_to_string(&path).is_ok_and(|current| current == file.contents) {
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|error| io_error(parent, error))?;
            }
            // Write beside, then rename: a reader never sees a half-written file.
            let temporary = path.with_extension("rs.tmp");
            fs::write(&temporary, &file.contents).map_err(|error| io_error(&temporary, error))?;
            fs::rename(&temporary, &path).map_err(|error| io_error(&path, error))?;
            touched.push(file.path.clone());
        }
        for extra in self.extra_files(dir)? {
            let path = dir.join(&extra);
            fs::remove_file(&path).map_err(|error| io_error(&path, error))?;
            touched.push(extra);
        }
        Ok(touched)
    }

    /// Compares the files under `dir` with these, listing every difference.
    pub fn check(&self, dir: &Path) -> Result<Vec<Drift>, Error> {
        let mut drifts = Vec::new();
        for file in &self.files {
            match fs::read_to_string(dir.join(&file.path)) {
                Ok(found) if found == file.contents => {}
                Ok(found) => drifts.push(first_difference(&file.path, &file.contents, &found)),
                Err(_) => drifts.push(Drift::Missing {
                    path: file.path.clone(),
                }),
            }
        }
        drifts.extend(
            self.extra_files(dir)?
                .into_iter()
                .map(|path| Drift::Extra { path }),
        );
        Ok(drifts)
    }

    /// Files under `dir` that this generation does not produce.
    fn extra_files(&self, dir: &Path) -> Result<Vec<String>, Error> {
        let mut found = Vec::new();
        if dir.exists() {
            list_files(dir, dir, &mut found)?;
        }
        found.retain(|path| !self.files.iter().any(|file| &file.path == path));
        found.sort();
        Ok(found)
    }
}

impl Drift {
    /// The first line where `found` differs from `expected` (which must differ).
    pub fn between(path: &str, expected: &str, found: &str) -> Drift {
        first_difference(path, expected, found)
    }
}

fn first_difference(path: &str, expected: &str, found: &str) -> Drift {
    let mut expected_lines = expected.lines();
    let mut found_lines = found.lines();
    let mut line = 1;
    loop {
        match (expected_lines.next(), found_lines.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => {
                return Drift::Changed {
                    path: path.to_owned(),
                    line,
                    expected: a.unwrap_or("<end of file>").to_owned(),
                    found: b.unwrap_or("<end of file>").to_owned(),
                }
            }
        }
    }
}

fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<(), Error> {
    let entries = fs::read_dir(dir).map_err(|error| io_error(dir, error))?;
    for entry in entries {
        let entry = entry.map_err(|error| io_error(dir, error))?;
        let path: PathBuf = entry.path();
        if path.is_dir() {
            list_files(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(relative.join("/"));
        }
    }
    Ok(())
}

fn io_error(path: &Path, error: std::io::Error) -> Error {
    Error::one(Diagnostic {
        location: Some(Location::File(path.display().to_string())),
        message: error.to_string(),
    })
}
