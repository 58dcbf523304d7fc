//! Replacing the output directory all at once.
//!
//! The new tree is built in a sibling `{dir}.tmp-{id}`, then swapped in with two renames
//! (`{dir}` → `{dir}.old-{id}`, `{dir}.tmp-{id}` → `{dir}`) and the old tree removed. An
//! interruption before the first rename leaves the old output; after the second, the new one;
//! between them, `{dir}` is missing and the next run puts `{dir}.old-{id}` back before anything
//! else ([`recover`]). Files whose contents do not change are hard-linked (or, across devices,
//! copied with their mtime) into the new tree, so their mtimes stay and cargo does not rebuild
//! what did not change.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The longest file name component (bytes) most file systems accept.
pub const MAX_COMPONENT_LEN: usize = 255;

/// Checks a generated path before anything is written: relative, `/`-separated, no empty, `.`
/// or `..` components, no NUL, no component longer than [`MAX_COMPONENT_LEN`] bytes.
pub fn check_path(path: &str) -> Result<(), String> {
    let bad = path.is_empty()
        || path.starts_with('/')
        || path.contains(['\\', '\0'])
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if bad {
        return Err("is not a plain relative path".to_owned());
    }
    if path.split('/').any(|part| part.len() > MAX_COMPONENT_LEN) {
        return Err(format!("has a name longer than {MAX_COMPONENT_LEN} bytes"));
    }
    Ok(())
}

/// Siblings of `dir` left by an interrupted run: `{dir}.tmp-*` (a tree never swapped in) are
/// removed; `{dir}.old-*` is put back when `dir` is missing (interrupted between the renames),
/// else removed.
pub fn recover(dir: &Path) -> io::Result<()> {
    let (Some(parent), Some(name)) = (parent_of(dir), dir.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    let Ok(entries) = fs::read_dir(&parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    leftovers.sort();
    for path in leftovers {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
        let Some(file) = file else { continue };
        if file.starts_with(&format!("{name}.tmp-")) {
            remove(&path)?;
        } else if file.starts_with(&format!("{name}.old-")) {
            if dir.exists() {
                remove(&path)?;
            } else {
                fs::rename(&path, dir)?;
            }
        }
    }
    Ok(())
}

/// A fresh sibling path of `dir` with the given role (`tmp` or `old`).
pub fn sibling(dir: &Path, role: &str) -> Option<PathBuf> {
    let parent = parent_of(dir)?;
    let name = dir.file_name()?.to_string_lossy().into_owned();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    Some(parent.join(format!("{name}.{role}-{}-{nanos}", std::process::id())))
}

/// Puts `unchanged` (a file of the current tree with the same contents) at `target`, keeping its
/// mtime: a hard link, or a copy with the mtime set where links are impossible.
pub fn carry_over(unchanged: &Path, target: &Path) -> io::Result<()> {
    if fs::hard_link(unchanged, target).is_ok() {
        return Ok(());
    }
    fs::copy(unchanged, target)?;
    let modified = fs::metadata(unchanged)?.modified()?;
    fs::File::options()
        .write(true)
        .open(target)?
        .set_modified(modified)
}

/// Swaps the complete tree `fresh` in as `dir`.
pub fn swap(fresh: &Path, dir: &Path) -> io::Result<()> {
    if !dir.exists() {
        return fs::rename(fresh, dir);
    }
    let old = sibling(dir, "old").ok_or_else(|| io::Error::other("no parent directory"))?;
    fs::rename(dir, &old)?;
    if let Err(error) = fs::rename(fresh, dir) {
        // Put the old tree back; the fresh one is a leftover for `recover`.
        fs::rename(&old, dir)?;
        return Err(error);
    }
    remove(&old)
}

pub fn remove(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

fn parent_of(dir: &Path) -> Option<PathBuf> {
    match dir.parent() {
        Some(parent) if parent.as_os_str().is_empty() => Some(PathBuf::from(".")),
        Some(parent) => Some(parent.to_path_buf()),
        None => None,
    }
}
