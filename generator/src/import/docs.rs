//! The docs checkout: every page parsed once, and links resolved between them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::page::{self, Definition, Page};
use crate::error::{Diagnostic, Error, Location};

/// A named object or enum: the page holding it and its anchor.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DefId {
    pub page: String,
    pub anchor: String,
}

impl std::fmt::Display for DefId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.page, self.anchor)
    }
}

/// The pages of a docs checkout.
pub struct Docs {
    /// By path relative to the docs directory (`operations/orders.md`).
    pub pages: BTreeMap<String, Page>,
    /// Error statuses listed by `guidelines/responses.md` (`* **400 Bad Request**`).
    pub error_codes: Vec<(u16, String)>,
}

/// Guideline pages read for their definitions (pagination's `Limitation`, the error body).
const GUIDELINES: &[&str] = &["guidelines/pagination.md", "guidelines/responses.md"];

impl Docs {
    /// Reads `dir/operations/*.md` (except the index `README.md`), `dir/events/*.md` when there
    /// are events pages, and the guideline pages links point into.
    pub fn load(dir: &Path) -> Result<Docs, Error> {
        let operations = dir.join("operations");
        let entries = fs::read_dir(&operations).map_err(|error| file_error(&operations, error))?;
        let mut names: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|error| file_error(&operations, error))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && name != "README.md" {
                names.push(name);
            }
        }
        names.sort();
        let mut pages = BTreeMap::new();
        let mut error_codes = Vec::new();
        for name in names {
            let path = operations.join(&name);
            let text = fs::read_to_string(&path).map_err(|error| file_error(&path, error))?;
            let key = format!("operations/{name}");
            let is_operations = !name.starts_with('_');
            pages.insert(key.clone(), page::parse(&key, &text, is_operations));
        }
        for key in GUIDELINES {
            let path = dir.join(key);
            if let Ok(text) = fs::read_to_string(&path) {
                if key.ends_with("responses.md") {
                    error_codes = error_codes_of(&text);
                }
                pages.insert((*key).to_owned(), page::parse(key, &text, false));
            }
        }
        let mut docs = Docs { pages, error_codes };
        docs.read_events(dir)?;
        Ok(docs)
    }

    /// Puts the events pages of another checkout (`dir/events/*.md`) in place of this one's: the
    /// events of a newer snapshot beside the operations of an older one. Their links into
    /// `../operations/` resolve against this checkout's pages. An error when `dir` has no
    /// `events/` folder, or it has no events pages.
    pub fn replace_events(&mut self, dir: &Path) -> Result<(), Error> {
        let events = dir.join("events");
        if !events.is_dir() {
            return Err(Error::one(Diagnostic {
                location: Some(Location::File(events.display().to_string())),
                message: "no events pages here (the events docs need an `events/` folder)".into(),
            }));
        }
        self.pages.retain(|key, _| !key.starts_with("events/"));
        if self.read_events(dir)? == 0 {
            return Err(Error::one(Diagnostic {
                location: Some(Location::File(events.display().to_string())),
                message: "no events pages here (no `*.md` besides README.md)".into(),
            }));
        }
        Ok(())
    }

    /// Reads `dir/events/*.md` (except the index `README.md`) when there is such a folder;
    /// the number of pages read.
    fn read_events(&mut self, dir: &Path) -> Result<usize, Error> {
        let events = dir.join("events");
        let Ok(entries) = fs::read_dir(&events) else {
            return Ok(0);
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".md") && name != "README.md")
            .collect();
        names.sort();
        for name in &names {
            let path = events.join(name);
            let text = fs::read_to_string(&path).map_err(|error| file_error(&path, error))?;
            let key = format!("events/{name}");
            self.pages
                .insert(key.clone(), page::parse_events(&key, &text));
        }
        Ok(names.len())
    }

    /// Builds a docs set from texts, for tests: `(path, text)` pairs.
    pub fn from_texts(texts: &[(&str, &str)]) -> Docs {
        let error_codes = texts
            .iter()
            .filter(|(path, _)| path.ends_with("responses.md"))
            .flat_map(|(_, text)| error_codes_of(text))
            .collect();
        let pages = texts
            .iter()
            .map(|(path, text)| {
                let is_operations =
                    path.starts_with("operations/") && !path.starts_with("operations/_");
                let page = if super::events::is_events_page(path) {
                    page::parse_events(path, text)
                } else {
                    page::parse(path, text, is_operations)
                };
                ((*path).to_owned(), page)
            })
            .collect();
        Docs { pages, error_codes }
    }

    /// The pages with operations, in file order.
    pub fn operation_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages
            .values()
            .filter(|page| !page.operations.is_empty())
    }

    pub fn definition(&self, id: &DefId) -> Option<&Definition> {
        self.pages.get(&id.page)?.definition(&id.anchor)
    }

    /// Resolves a link target written on page `from`, e.g. `_objects.md#amount` or
    /// `../guidelines/pagination.md#limitation`, to the definition it names.
    pub fn resolve(&self, from: &str, target: &str) -> Result<DefId, String> {
        let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
        if anchor.is_empty() {
            return Err(format!("link `{target}` has no #anchor"));
        }
        let page = if file.is_empty() {
            from.to_owned()
        } else {
            join(from, file)
        };
        let Some(found) = self.pages.get(&page) else {
            return Err(format!("link `{target}`: no page `{page}` in the docs"));
        };
        let id = DefId {
            page,
            anchor: anchor.to_lowercase(),
        };
        match found.definition(&id.anchor) {
            Some(_) => Ok(id),
            None => Err(format!(
                "link `{target}`: `{}` has no object or enum `#{}`",
                id.page, id.anchor
            )),
        }
    }
}

/// `* **429 Too Many Requests**` lines: the error statuses (400 and up) and their names.
fn error_codes_of(text: &str) -> Vec<(u16, String)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("* **")?;
            let end = rest.find("**")?;
            let label = rest.get(..end)?;
            let (code, name) = label.split_once(' ')?;
            let code: u16 = code.parse().ok()?;
            (code >= 400).then(|| (code, name.trim().to_owned()))
        })
        .collect()
}

/// `operations/a.md` + `../guidelines/b.md` → `guidelines/b.md`.
pub fn join(from: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn file_error(path: &Path, error: std::io::Error) -> Error {
    Error::one(Diagnostic {
        location: Some(Location::File(path.display().to_string())),
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_links() {
        assert_eq!(
            join("operations/a.md", "../guidelines/b.md"),
            "guidelines/b.md"
        );
        assert_eq!(
            join("operations/a.md", "_objects.md"),
            "operations/_objects.md"
        );
        assert_eq!(join("operations/a.md", "./c.md"), "operations/c.md");
    }
}
