//! Stable schema names: the names file (`spec/names.yaml`) that `import --names FILE` reads
//! and writes back.
//!
//! The frontends name a schema from what the sources say today (a docs title, qualified by its
//! page when another page defines the same title differently; a spec schema without its `Enum`
//! suffix when the plain name is free; an inline schema after its title or its place). Such a
//! name depends on things that change in additive updates: a copy of a title on a second page,
//! a new schema taking a plain name. So each name given is recorded against where the schema
//! comes from (its key), and read back the next time: a key keeps its name for good, and a new
//! key gets a name that no key has had.
//!
//! Keys: the docs' `page.md#anchor` of a section, `{operationId}/request` or `/response` for an
//! operation's body table; the official spec's `#/components/schemas/Name`, an inline schema's
//! `x-schema-id` or JSON pointer. Names are the frontend's, before the overlay's `renames:`
//! (which are decisions applied on top, every time). Operations, fields and enum variants need
//! no entry: their Rust names follow from the wire (paths, keys, values) alone.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The names one source's keys have been given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Read from the file: key → name. Never changed by an import.
    recorded: BTreeMap<String, String>,
    /// Given by this import to keys the file did not have.
    given: BTreeMap<String, String>,
    /// Every name a key has, recorded or given.
    taken: BTreeSet<String>,
}

impl Ledger {
    /// A ledger holding `recorded`.
    pub fn new(recorded: BTreeMap<String, String>) -> Ledger {
        let taken = recorded.values().cloned().collect();
        Ledger {
            recorded,
            given: BTreeMap::new(),
            taken,
        }
    }

    /// The ledger an import starts from: everything named so far counts as recorded (a file
    /// read back, or the ledger an earlier import in the same process returned).
    pub fn reopened(&self) -> Ledger {
        Ledger::new(self.entries())
    }

    /// The name `key` has, recorded or given by this import.
    pub fn name(&self, key: &str) -> Option<&str> {
        self.recorded
            .get(key)
            .or_else(|| self.given.get(key))
            .map(String::as_str)
    }

    /// The name the file gave `key` (not this import).
    pub fn recorded(&self, key: &str) -> Option<&str> {
        self.recorded.get(key).map(String::as_str)
    }

    /// The keys the file gave `name`.
    pub fn recorded_keys<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.recorded
            .iter()
            .filter(move |(_, given)| *given == name)
            .map(|(key, _)| key.as_str())
    }

    /// Whether some key has `name`.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Whether the file gave some key `name` (this import's names aside).
    pub fn is_recorded_name(&self, name: &str) -> bool {
        self.recorded.values().any(|other| other == name)
    }

    /// This import's name `from` becomes `to`, for every key given it (a name adopted across
    /// sources, `adopt`).
    pub fn rename_given(&mut self, from: &str, to: &str) {
        let mut renamed = false;
        for name in self.given.values_mut().filter(|name| *name == from) {
            *name = to.to_owned();
            renamed = true;
        }
        if renamed {
            self.taken.insert(to.to_owned());
            if !self
                .recorded
                .values()
                .chain(self.given.values())
                .any(|n| n == from)
            {
                self.taken.remove(from);
            }
        }
    }

    /// Every name some key has.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.taken.iter().map(String::as_str)
    }

    /// Records the name this import gives `key`; a recorded key keeps its recorded name.
    pub fn give(&mut self, key: &str, name: &str) {
        if self.recorded.contains_key(key) {
            return;
        }
        self.given.insert(key.to_owned(), name.to_owned());
        self.taken.insert(name.to_owned());
    }

    /// The recorded entries and this import's, as the file holds them.
    pub fn entries(&self) -> BTreeMap<String, String> {
        let mut all = self.recorded.clone();
        all.extend(self.given.clone());
        all
    }

    /// The keys this import named that the file did not have.
    pub fn new_keys(&self) -> impl Iterator<Item = (&str, &str)> {
        self.given.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// `spec/names.yaml`: a ledger per source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamesFile {
    pub docs: Ledger,
    pub openapi: Ledger,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: u32,
    #[serde(default)]
    docs: BTreeMap<String, String>,
    #[serde(default)]
    openapi: BTreeMap<String, String>,
}

/// The first line of the file, which says what it is.
pub const HEADER: &str =
    "# Schema names given by `mews-codegen import --names` (generator/IMPORT.md: stable names).";

impl NamesFile {
    /// Reads the file's text; an empty text is an empty file.
    pub fn parse(text: &str) -> Result<NamesFile, String> {
        if text.trim().is_empty() {
            return Ok(NamesFile::default());
        }
        let stored: Stored = yaml_serde::from_str(text)
            .map_err(|error| format!("not a names file (format, docs, openapi): {error}"))?;
        if stored.format != 1 {
            return Err(format!("names file format {} is not 1", stored.format));
        }
        for (key, name) in stored.docs.iter().chain(&stored.openapi) {
            if crate::ir::naming::type_name(name).as_deref() != Some(name.as_str()) {
                return Err(format!(
                    "`{key}`: `{name}` is not a type name (UpperCamelCase letters and digits)"
                ));
            }
        }
        Ok(NamesFile {
            docs: Ledger::new(stored.docs),
            openapi: Ledger::new(stored.openapi),
        })
    }

    /// The file's text: a header, then each ledger's entries sorted by key.
    pub fn write(&self) -> String {
        let stored = Stored {
            format: 1,
            docs: self.docs.entries(),
            openapi: self.openapi.entries(),
        };
        let body = yaml_serde::to_string(&stored).unwrap_or_default();
        format!(
            "{HEADER}\n# A name once given is kept: import reads this file and adds what is new. Edit a name\n# only to rename it on purpose (a breaking change); never reuse one.\n{body}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_key_keeps_its_name_and_new_ones_are_added() {
        let mut ledger = Ledger::new(BTreeMap::from([("a.md#x".to_owned(), "X".to_owned())]));
        ledger.give("a.md#x", "Other");
        ledger.give("b.md#y", "Y");
        assert_eq!(ledger.name("a.md#x"), Some("X"));
        assert_eq!(ledger.name("b.md#y"), Some("Y"));
        assert!(ledger.is_taken("X") && ledger.is_taken("Y") && !ledger.is_taken("Z"));
        assert_eq!(ledger.new_keys().count(), 1);
    }

    #[test]
    fn the_file_round_trips_and_rejects_bad_names() {
        let mut file = NamesFile::default();
        file.docs.give("operations/a.md#thing", "Thing");
        file.openapi.give("#/components/schemas/KindEnum", "Kind");
        let text = file.write();
        assert!(text.starts_with(HEADER));
        let back = NamesFile::parse(&text).expect("parses");
        assert_eq!(back.docs.name("operations/a.md#thing"), Some("Thing"));
        assert_eq!(
            back.openapi.recorded("#/components/schemas/KindEnum"),
            Some("Kind")
        );
        assert_eq!(back.write(), text);
        assert!(NamesFile::parse("format: 1\ndocs: {a: not-a-name}\n").is_err());
        assert!(NamesFile::parse("format: 2\n").is_err());
        assert!(NamesFile::parse("format: 1\nextra: {}\n").is_err());
        assert_eq!(NamesFile::parse("").expect("empty"), NamesFile::default());
    }
}
