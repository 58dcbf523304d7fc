//! The docs checkout: every page parsed once, and links resolved between them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::changelog::Changelog;
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
    /// Mews' dated list of changes (`changelog/*.md`); empty in checkouts without one.
    pub changelog: Changelog,
    /// Sections of the discontinued operations' page that a live page also defines: links to
    /// them go to the live definition (the discontinued page keeps old copies, which must not
    /// rename or retype what live operations use).
    pub archived: BTreeMap<DefId, DefId>,
}

/// Whether a page lists operations Mews discontinued (`operations/discontinued.md`, titled
/// "Discontinued API operations"): they are imported deprecated, never as live operations.
pub fn is_discontinued(page: &Page) -> bool {
    page.path.ends_with("/discontinued.md")
        || page
            .title
            .as_deref()
            .is_some_and(|title| title.to_lowercase().starts_with("discontinued"))
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
        let mut texts = Vec::with_capacity(names.len());
        for name in names {
            let path = operations.join(&name);
            let text = fs::read_to_string(&path).map_err(|error| file_error(&path, error))?;
            let is_operations = !name.starts_with('_');
            texts.push((format!("operations/{name}"), is_operations, text));
        }
        let mut pages: BTreeMap<String, Page> = parsed(&texts).into_iter().collect();
        let mut error_codes = Vec::new();
        for key in GUIDELINES {
            let path = dir.join(key);
            if let Ok(text) = fs::read_to_string(&path) {
                if key.ends_with("responses.md") {
                    error_codes = error_codes_of(&text);
                }
                pages.insert((*key).to_owned(), page::parse(key, &text, false));
            }
        }
        let changelog = load_changelog(&dir.join("changelog"))?;
        let mut docs = Docs::assemble(pages, error_codes, changelog);
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
        let changelog = Changelog::parse(
            texts
                .iter()
                .filter(|(path, _)| path.starts_with("changelog/"))
                .map(|(path, text)| (*path, *text)),
        );
        let pages = texts
            .iter()
            .filter(|(path, _)| !path.starts_with("changelog/"))
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
        Docs::assemble(pages, error_codes, changelog)
    }

    /// The checkout, with the discontinued pages' copies of live sections archived.
    fn assemble(
        mut pages: BTreeMap<String, Page>,
        error_codes: Vec<(u16, String)>,
        changelog: Changelog,
    ) -> Docs {
        let archived = archive(&mut pages);
        Docs {
            pages,
            error_codes,
            changelog,
            archived,
        }
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
        if let Some(live) = self.archived.get(&id) {
            return Ok(live.clone());
        }
        match found.definition(&id.anchor) {
            Some(_) => Ok(id),
            None => Err(format!(
                "link `{target}`: `{}` has no object or enum `#{}`",
                id.page, id.anchor
            )),
        }
    }
}

/// Takes out of each discontinued page the sections a live page defines under the same title,
/// and returns where links to them go: the live page that shares the most titles with the
/// discontinued one (the page its operations moved from), ties by page name.
fn archive(pages: &mut BTreeMap<String, Page>) -> BTreeMap<DefId, DefId> {
    let mut redirects = BTreeMap::new();
    let discontinued: Vec<String> = pages
        .values()
        .filter(|page| is_discontinued(page))
        .map(|page| page.path.clone())
        .collect();
    for path in discontinued {
        let Some(page) = pages.get(&path) else {
            continue;
        };
        let titles: Vec<(String, String)> = page
            .definitions
            .iter()
            .map(|def| (def.title.to_lowercase(), def.anchor.clone()))
            .collect();
        let live_with = |title: &str| -> Vec<(&String, String)> {
            pages
                .iter()
                .filter(|(_, other)| !is_discontinued(other))
                .filter_map(|(key, other)| {
                    let def = other
                        .definitions
                        .iter()
                        .find(|def| def.title.to_lowercase() == title)?;
                    Some((key, def.anchor.clone()))
                })
                .collect()
        };
        let mut shared: BTreeMap<String, usize> = BTreeMap::new();
        for (title, _) in &titles {
            for (key, _) in live_with(title) {
                *shared.entry(key.clone()).or_default() += 1;
            }
        }
        let mut moved = Vec::new();
        for (title, anchor) in &titles {
            let best = live_with(title)
                .into_iter()
                .max_by(|(a, _), (b, _)| shared[*a].cmp(&shared[*b]).then_with(|| b.cmp(a)));
            if let Some((key, live_anchor)) = best {
                redirects.insert(
                    DefId {
                        page: path.clone(),
                        anchor: anchor.clone(),
                    },
                    DefId {
                        page: key.clone(),
                        anchor: live_anchor,
                    },
                );
                moved.push(anchor.clone());
            }
        }
        if let Some(page) = pages.get_mut(&path) {
            page.definitions.retain(|def| !moved.contains(&def.anchor));
        }
    }
    redirects
}

/// Every `*.md` of `changelog/`, when the checkout has one.
fn load_changelog(dir: &Path) -> Result<Changelog, Error> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Changelog::default());
    };
    let mut texts = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| file_error(dir, error))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            let path = dir.join(&name);
            let text = fs::read_to_string(&path).map_err(|error| file_error(&path, error))?;
            texts.push((format!("changelog/{name}"), text));
        }
    }
    texts.sort();
    Ok(Changelog::parse(
        texts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
    ))
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

/// The operations pages parsed, in order: in two halves of about equal length beside each other
/// (pages are read independently; an import's docs side waits for them while the official spec
/// is read beside it).
fn parsed(texts: &[(String, bool, String)]) -> Vec<(String, Page)> {
    let total: usize = texts.iter().map(|(_, _, text)| text.len()).sum();
    let mut split = 0;
    let mut first_half = 0;
    while split < texts.len() && first_half < total / 2 {
        first_half += texts[split].2.len();
        split += 1;
    }
    let parse = |part: &[(String, bool, String)]| -> Vec<(String, Page)> {
        part.iter()
            .map(|(key, operations, text)| (key.clone(), page::parse(key, text, *operations)))
            .collect()
    };
    let (first, second) = texts.split_at(split);
    let (mut pages, second) = crate::threads::join(|| parse(first), || parse(second));
    pages.extend(second);
    pages
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
