//! Output: the rendered files, written to disk or compared with what is there.
//!
//! Everything is rendered in memory and every path checked before the first write, and the
//! directory is replaced as a whole ([`replace`]): an interruption or a failing write at any
//! point leaves either the old or the new complete output, never a mix.

mod replace;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::error::{Diagnostic, Error, Location};

/// How many threads write a generation's files.
const WRITERS: usize = 4;

/// Writes one new file (tests pass one that fails).
pub(crate) type WriteFile<'a> = dyn Fn(&Path, &str) -> std::io::Result<()> + Sync + 'a;

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
    /// Replaces `dir` with exactly these files: built beside it, then swapped in. Files whose
    /// contents do not change keep their mtimes (linked or copied from the current tree).
    /// Returns the paths written or removed; on error, `dir` is as it was.
    pub fn write(&self, dir: &Path) -> Result<Vec<String>, Error> {
        self.write_with(dir, &|path, contents| fs::write(path, contents))
    }

    /// [`Generation::write`] with the function that writes a new file (tests make it fail).
    pub(crate) fn write_with(
        &self,
        dir: &Path,
        write_file: &WriteFile<'_>,
    ) -> Result<Vec<String>, Error> {
        for file in &self.files {
            replace::check_path(&file.path).map_err(|problem| {
                Error::one(Diagnostic {
                    location: Some(Location::File(file.path.clone())),
                    message: format!("generated file name {problem}"),
                })
            })?;
        }
        replace::recover(dir).map_err(|error| io_error(dir, error))?;
        let fresh = replace::sibling(dir, "tmp").ok_or_else(|| {
            io_error(
                dir,
                std::io::Error::other("the output directory has no parent"),
            )
        })?;
        let result = self.build_tree(dir, &fresh, write_file);
        let touched = match result {
            Ok(touched) => touched,
            Err(error) => {
                let _ = replace::remove(&fresh);
                return Err(error);
            }
        };
        let mut touched = touched;
        touched.extend(self.extra_files(dir)?);
        if touched.is_empty() && dir.exists() {
            // Nothing changes: leave the directory itself alone too.
            let _ = replace::remove(&fresh);
            return Ok(touched);
        }
        replace::swap(&fresh, dir).map_err(|error| {
            let _ = replace::remove(&fresh);
            io_error(dir, error)
        })?;
        Ok(touched)
    }

    /// Writes the new tree into `fresh`; returns the paths whose contents change (in file order).
    /// The files are written on a few threads: each is a handful of system calls that wait on
    /// the file system, and a generation has a hundred of them.
    fn build_tree(
        &self,
        dir: &Path,
        fresh: &Path,
        write_file: &WriteFile<'_>,
    ) -> Result<Vec<String>, Error> {
        fs::create_dir_all(fresh).map_err(|error| io_error(fresh, error))?;
        for file in &self.files {
            if let Some(parent) = fresh.join(&file.path).parent() {
                fs::create_dir_all(parent).map_err(|error| io_error(parent, error))?;
            }
        }
        // Both paths of every file and a slot for every result, made here: a writer thread that
        // allocates nothing gets no heap of its own (each heap costs the allocator fresh memory).
        let paths: Vec<(PathBuf, PathBuf)> = self
            .files
            .iter()
            .map(|file| (dir.join(&file.path), fresh.join(&file.path)))
            .collect();
        let placed: Vec<OnceLock<Result<bool, Error>>> =
            self.files.iter().map(|_| OnceLock::new()).collect();
        let place = |file: &GeneratedFile, (current, target): &(PathBuf, PathBuf)| {
            if fs::read_to_string(current).is_ok_and(|text| text == file.contents) {
                replace::carry_over(current, target).map_err(|error| io_error(target, error))?;
                Ok(false)
            } else {
                write_file(target, &file.contents).map_err(|error| io_error(target, error))?;
                Ok(true)
            }
        };
        let threads = WRITERS.min(self.files.len()).max(1);
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let (Some(file), Some(paths), Some(slot)) =
                            (self.files.get(index), paths.get(index), placed.get(index))
                        else {
                            break;
                        };
                        // Each index is taken once: the slot is empty.
                        let _ = slot.set(place(file, paths));
                    })
                })
                .collect();
            for worker in workers {
                crate::threads::joined(worker);
            }
        });
        let mut touched = Vec::new();
        for (slot, (file, (_, target))) in placed.into_iter().zip(self.files.iter().zip(&paths)) {
            // Every index below the count was taken (a writer that panicked resumed above).
            let result = slot.into_inner().unwrap_or_else(|| {
                Err(io_error(
                    target,
                    std::io::Error::other("no writer placed the file"),
                ))
            });
            if result? {
                touched.push(file.path.clone());
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn generation(files: &[(&str, &str)]) -> Generation {
        Generation {
            files: files
                .iter()
                .map(|(path, contents)| GeneratedFile {
                    path: (*path).to_owned(),
                    contents: (*contents).to_owned(),
                })
                .collect(),
            features: String::new(),
        }
    }

    /// Every file under `dir` with its contents, sorted.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        let mut paths = Vec::new();
        list_files(dir, dir, &mut paths).expect("list");
        paths.sort();
        paths
            .into_iter()
            .map(|path| {
                let text = fs::read_to_string(dir.join(&path)).expect("read");
                (path, text)
            })
            .collect()
    }

    fn siblings(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir.parent().expect("parent"))
            .expect("read_dir")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failing_write_leaves_the_old_output_byte_identical() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("generated");
        let old = generation(&[("lib.rs", "old lib"), ("a.rs", "old a"), ("sub/b.rs", "b")]);
        old.write(&dir).expect("first write");
        let before = snapshot(&dir);

        let new = generation(&[("lib.rs", "new lib"), ("c.rs", "new c"), ("sub/b.rs", "b2")]);
        let writes = std::sync::atomic::AtomicUsize::new(0);
        let error = new
            .write_with(&dir, &|path, contents| {
                if writes.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1 {
                    return Err(std::io::Error::other("disk full"));
                }
                fs::write(path, contents)
            })
            .unwrap_err();
        assert!(error.to_string().contains("disk full"), "{error}");
        assert_eq!(snapshot(&dir), before);
        assert_eq!(siblings(&dir), ["generated"], "no leftovers");

        // A name no file system takes is refused before anything is written.
        let long = format!("{}.rs", "x".repeat(300));
        let error = generation(&[("lib.rs", "new"), (&long, "x")])
            .write(&dir)
            .unwrap_err();
        assert!(
            error.to_string().contains("longer than 255 bytes"),
            "{error}"
        );
        assert_eq!(snapshot(&dir), before);
    }

    #[test]
    fn unchanged_files_keep_their_mtimes_and_extras_go() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("out");
        generation(&[("lib.rs", "lib"), ("a.rs", "a"), ("gone.rs", "x")])
            .write(&dir)
            .expect("write");
        let old_time =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        fs::File::options()
            .write(true)
            .open(dir.join("a.rs"))
            .and_then(|file| file.set_modified(old_time))
            .expect("set mtime");
        let touched = generation(&[("lib.rs", "lib 2"), ("a.rs", "a")])
            .write(&dir)
            .expect("write");
        assert_eq!(touched, ["lib.rs", "gone.rs"]);
        assert_eq!(
            snapshot(&dir),
            [
                ("a.rs".to_owned(), "a".to_owned()),
                ("lib.rs".to_owned(), "lib 2".to_owned())
            ]
        );
        let mtime = fs::metadata(dir.join("a.rs"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(mtime, old_time);
        assert_eq!(siblings(&dir), ["out"]);
    }

    #[test]
    fn an_interrupted_swap_is_recovered_on_the_next_run() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("out");
        generation(&[("lib.rs", "old")]).write(&dir).expect("write");
        // Interrupted between the renames: only the old tree, under its temporary name, and
        // half a new tree.
        fs::rename(&dir, root.path().join("out.old-1-2")).expect("rename");
        fs::create_dir(root.path().join("out.tmp-1-2")).expect("mkdir");
        fs::write(root.path().join("out.tmp-1-2/lib.rs"), "half").expect("write");
        let touched = generation(&[("lib.rs", "old")]).write(&dir).expect("write");
        assert!(touched.is_empty(), "{touched:?}");
        assert_eq!(snapshot(&dir), [("lib.rs".to_owned(), "old".to_owned())]);
        assert_eq!(siblings(&dir), ["out"]);
    }
}
