//! The state of one OpenAPI import: the tree being read, the model being built, the report, and
//! the names taken so far (component names and the names given to inline schemas).

use std::collections::{BTreeMap, BTreeSet};

use super::tree::Tree;
use crate::import::model::{Model, Schema};
use crate::import::naming;
use crate::import::report::{Report, Severity};
use crate::import::stable::Ledger;

pub struct Context<'a> {
    pub tree: &'a Tree,
    /// How the report names the file, e.g. `connector-2026-06-02.yaml`.
    pub file: String,
    pub report: Report,
    pub model: Model,
    /// Copy Mews' descriptions (off by default: our specs use our own words).
    pub descriptions: bool,
    /// Every schema name in use: the components' and the inline schemas'.
    taken: BTreeMap<String, String>,
    /// Inline schemas already converted, by `x-schema-id` (or pointer): one schema each.
    pub inline: BTreeMap<String, String>,
    /// Inline schemas under conversion, so that a cycle stops.
    pub converting: BTreeSet<String>,
    /// Adjacent-union payloads the spec types, and how many of them got a schema.
    pub payloads: (usize, usize),
    /// The names recorded for this spec's schemas (spec/names.yaml) and those given now.
    pub ledger: Ledger,
    /// Components folded into another one's schema (enum twins): (their key, the other's key).
    pub aliases: Vec<(String, String)>,
    /// Properties typed as any JSON that list the schemas they may hold (a `oneOf` without a
    /// discriminator): the property's pointer and those schemas' names.
    pub carried: Vec<(String, Vec<String>)>,
}

impl<'a> Context<'a> {
    pub fn new(tree: &'a Tree, file: &str, descriptions: bool) -> Context<'a> {
        let taken = tree
            .schemas()
            .map(|(name, _)| (name.clone(), String::new()))
            .collect();
        Context {
            tree,
            file: file.to_owned(),
            report: Report::default(),
            model: Model::default(),
            descriptions,
            taken,
            inline: BTreeMap::new(),
            converting: BTreeSet::new(),
            payloads: (0, 0),
            ledger: Ledger::default(),
            aliases: Vec::new(),
            carried: Vec::new(),
        }
    }

    /// Names schemas as `ledger` records: its names are taken from the start, so nothing new
    /// takes one.
    pub fn with_ledger(mut self, ledger: Ledger) -> Context<'a> {
        for name in ledger.names() {
            self.taken.entry(name.to_owned()).or_default();
        }
        self.ledger = ledger;
        self
    }

    /// The name of the inline schema at `key` (its `x-schema-id` or pointer): the recorded
    /// one, else a fresh one from `wanted`, given to the ledger.
    pub fn name_for(&mut self, key: &str, wanted: &[String]) -> String {
        if let Some(name) = self.ledger.recorded(key) {
            let name = name.to_owned();
            self.taken.entry(name.clone()).or_default();
            return name;
        }
        let name = self.fresh_name(wanted);
        self.ledger.give(key, &name);
        name
    }

    /// Reports an issue at a JSON pointer of the file.
    pub fn issue(&mut self, severity: Severity, pointer: &str, message: impl std::fmt::Display) {
        self.report
            .push(&self.file, 0, severity, format!("{pointer}: {message}"));
    }

    /// A free schema name: the first wanted one not taken (UpperCamelCase), else numbered.
    pub fn fresh_name(&mut self, wanted: &[String]) -> String {
        let wanted: Vec<String> = wanted
            .iter()
            .filter(|w| !w.is_empty())
            .map(|w| naming::camel(w))
            .collect();
        let first = wanted
            .iter()
            .find(|name| !self.taken.contains_key(*name))
            .or(wanted.last())
            .cloned()
            .unwrap_or_else(|| "Inline".to_owned());
        naming::unique(&first, "", &mut self.taken)
    }

    /// Marks `name` as in use (a schema renamed after conversion), so no later name takes it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.entry(name.to_owned()).or_default();
    }

    pub fn add_schema(&mut self, name: &str, schema: Schema) {
        self.model.schemas.insert(name.to_owned(), schema);
    }
}
