//! The `use` lines of one module, collected while its items are emitted, and type rendering.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::names::ident;
use crate::ir::{Shape, TypeDef, TypeRef};

/// Rust name → module of every named type in the API, looked up for every type a module names.
pub type Homes = std::collections::HashMap<String, String, foldhash::fast::RandomState>;

/// What one module file needs to import.
pub struct Imports<'a> {
    module: &'a str,
    /// Rust name → module of every named type in the API. Short external names that would
    /// clash with one of them are written as full paths instead.
    homes: &'a Homes,
    uses: BTreeSet<String>,
    /// Aliases whose target holds a `Decimal` (`DictionaryOfNumbers = BTreeMap<String, Decimal>`).
    decimal_aliases: BTreeSet<String>,
}

impl<'a> Imports<'a> {
    pub fn new(module: &'a str, homes: &'a Homes) -> Self {
        Imports {
            module,
            homes,
            uses: BTreeSet::new(),
            decimal_aliases: BTreeSet::new(),
        }
    }

    /// Knows which of `types`' aliases hold a `Decimal`, for [`holds_decimal`](Self::holds_decimal).
    pub fn with_aliases_of(mut self, types: &[TypeDef]) -> Self {
        let aliases: BTreeMap<&str, &TypeRef> = types
            .iter()
            .filter_map(|def| match &def.shape {
                Shape::Alias(target) => Some((def.name.as_str(), target)),
                _ => None,
            })
            .collect();
        // To a fixed point: an alias may name another alias.
        loop {
            let found: Vec<String> = aliases
                .iter()
                .filter(|(name, target)| {
                    !self.decimal_aliases.contains(**name) && self.holds_decimal(target)
                })
                .map(|(name, _)| (*name).to_owned())
                .collect();
            if found.is_empty() {
                return self;
            }
            self.decimal_aliases.extend(found);
        }
    }

    /// Whether a value of `ty` holds a `Decimal`, which is then written and read as an exact JSON
    /// number through the runtime's `exact` helpers (a struct or union holding one does that
    /// itself, so only containers and aliases count).
    pub fn holds_decimal(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Decimal => true,
            TypeRef::Named(name) => self.decimal_aliases.contains(name),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::UpdateValue(inner)
            | TypeRef::Boxed(inner) => self.holds_decimal(inner),
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::Uuid
            | TypeRef::HybridId
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Json => false,
        }
    }

    /// Adds a `use` line such as `serde::Serialize`.
    pub fn add(&mut self, path: &str) {
        if !self.uses.contains(path) {
            self.uses.insert(path.to_owned());
        }
    }

    /// An external type by short name, imported unless the short name is taken by an API type.
    fn external(&mut self, short: &str, path: &str) -> TokenStream {
        if self.homes.contains_key(short) {
            path.parse().unwrap_or_default()
        } else {
            self.add(path);
            let short = ident(short);
            quote!(#short)
        }
    }

    /// An item of the runtime module, e.g. `UnknownArm`.
    pub fn runtime(&mut self, name: &str) -> TokenStream {
        self.external(name, &format!("crate::runtime::{name}"))
    }

    /// The generated `Client` (lib.rs), which carries one accessor per resource.
    pub fn client(&mut self) -> TokenStream {
        self.external("Client", "crate::Client")
    }

    /// A named API type, imported from its module when that is another one.
    pub fn named(&mut self, name: &str) -> TokenStream {
        self.import_named(name);
        let name = ident(name);
        quote!(#name)
    }

    /// Imports a named API type from its module when that is another one.
    fn import_named(&mut self, name: &str) {
        if let Some(home) = self.homes.get(name) {
            if home != self.module {
                self.add(&format!("crate::{home}::{name}"));
            }
        }
    }

    /// The Rust type for a use of a type.
    pub fn ty(&mut self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(name) => self.named(name),
            TypeRef::String => quote!(String),
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::Decimal => self.external("Decimal", "rust_decimal::Decimal"),
            TypeRef::Uuid => self.external("Uuid", "uuid::Uuid"),
            TypeRef::HybridId => self.runtime("HybridId"),
            TypeRef::DateTime => {
                let date_time = self.external("DateTime", "chrono::DateTime");
                let utc = self.external("Utc", "chrono::Utc");
                quote!(#date_time<#utc>)
            }
            TypeRef::Date => self.external("NaiveDate", "chrono::NaiveDate"),
            // Kept as its text: key order and numbers re-encode exactly.
            TypeRef::Json => self.runtime("RawJson"),
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                let map = self.external("BTreeMap", "std::collections::BTreeMap");
                quote!(#map<String, #inner>)
            }
            TypeRef::UpdateValue(inner) => {
                let inner = self.ty(inner);
                let update = self.runtime("UpdateValue");
                quote!(#update<#inner>)
            }
            TypeRef::Boxed(inner) => {
                let inner = self.ty(inner);
                quote!(Box<#inner>)
            }
        }
    }

    /// [`Imports::ty`] as the text prettyplease prints for it (with the same imports added):
    /// the text printers' types, without building tokens to print them.
    pub fn ty_text(&mut self, ty: &TypeRef) -> String {
        match ty {
            // A name `ident` takes prints as itself (`r#` included).
            TypeRef::Named(name) => {
                self.import_named(name);
                name.clone()
            }
            TypeRef::String => "String".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::Decimal => self.external_text("Decimal", "rust_decimal::Decimal"),
            TypeRef::Uuid => self.external_text("Uuid", "uuid::Uuid"),
            TypeRef::HybridId => self.runtime_text("HybridId"),
            TypeRef::DateTime => {
                let date_time = self.external_text("DateTime", "chrono::DateTime");
                let utc = self.external_text("Utc", "chrono::Utc");
                format!("{date_time}<{utc}>")
            }
            TypeRef::Date => self.external_text("NaiveDate", "chrono::NaiveDate"),
            TypeRef::Json => self.runtime_text("RawJson"),
            TypeRef::Vec(inner) => format!("Vec<{}>", self.ty_text(inner)),
            TypeRef::Map(inner) => {
                let inner = self.ty_text(inner);
                let map = self.external_text("BTreeMap", "std::collections::BTreeMap");
                format!("{map}<String, {inner}>")
            }
            TypeRef::UpdateValue(inner) => {
                let inner = self.ty_text(inner);
                let update = self.runtime_text("UpdateValue");
                format!("{update}<{inner}>")
            }
            TypeRef::Boxed(inner) => format!("Box<{}>", self.ty_text(inner)),
        }
    }

    /// [`Imports::runtime`] as text.
    pub fn runtime_text(&mut self, name: &str) -> String {
        self.external_text(name, &format!("crate::runtime::{name}"))
    }

    /// [`Imports::external`] as text: the short name imported, or the whole path.
    fn external_text(&mut self, short: &str, path: &str) -> String {
        if self.homes.contains_key(short) {
            path.to_owned()
        } else {
            self.add(path);
            short.to_owned()
        }
    }

    /// The `use` items: `std` first, then other crates, then this crate.
    pub fn tokens(&self) -> TokenStream {
        let mut grouped: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
        for path in &self.uses {
            let rank = if path.starts_with("std::") {
                0
            } else if path.starts_with("crate::") {
                2
            } else {
                1
            };
            let (parent, leaf) = path.rsplit_once("::").unwrap_or(("", path));
            grouped
                .entry((rank, parent.to_owned()))
                .or_default()
                .push(leaf.to_owned());
        }
        // Ordered as rustfmt orders them: by the path as written (`std::convert::Infallible`
        // before `std::fmt`).
        let mut items: Vec<(u8, String, TokenStream)> = grouped
            .iter()
            .map(|((rank, parent), leaves)| {
                let path: TokenStream = parent.parse().unwrap_or_default();
                let idents: Vec<_> = leaves.iter().map(|leaf| ident(leaf)).collect();
                match idents.as_slice() {
                    [single] => (
                        *rank,
                        format!("{parent}::{}", leaves[0]),
                        quote!(use #path::#single;),
                    ),
                    _ => (*rank, parent.clone(), quote!(use #path::{#(#idents),*};)),
                }
            })
            .collect();
        items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let items = items.into_iter().map(|(_, _, tokens)| tokens);
        quote!(#(#items)*)
    }
}

#[cfg(test)]
mod tests {

    use super::Imports;
    use crate::emit::decode_text::type_text;
    use crate::ir::TypeRef;

    /// Every kind of type, nested, with API types that shadow the external short names or not:
    /// the text is what the tokens print and the imports are the same.
    #[test]
    fn ty_text_is_what_ty_prints() {
        let leaves = [
            TypeRef::Named("Widget".to_owned()),
            TypeRef::Named("Gadget".to_owned()),
            TypeRef::String,
            TypeRef::Bool,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::Decimal,
            TypeRef::Uuid,
            TypeRef::HybridId,
            TypeRef::DateTime,
            TypeRef::Date,
            TypeRef::Json,
        ];
        let wrap: [fn(TypeRef) -> TypeRef; 4] = [
            |ty| TypeRef::Vec(Box::new(ty)),
            |ty| TypeRef::Map(Box::new(ty)),
            |ty| TypeRef::UpdateValue(Box::new(ty)),
            |ty| TypeRef::Boxed(Box::new(ty)),
        ];
        let mut types: Vec<TypeRef> = leaves.to_vec();
        for outer in wrap {
            for inner in wrap {
                for leaf in &leaves {
                    types.push(outer(leaf.clone()));
                    types.push(outer(inner(leaf.clone())));
                }
            }
        }
        let plain = super::Homes::from_iter([
            ("Widget".to_owned(), "widgets".to_owned()),
            ("Gadget".to_owned(), "gadgets".to_owned()),
        ]);
        let mut shadowing = plain.clone();
        for name in [
            "Decimal",
            "Uuid",
            "HybridId",
            "DateTime",
            "Utc",
            "NaiveDate",
            "RawJson",
            "BTreeMap",
            "UpdateValue",
        ] {
            shadowing.insert(name.to_owned(), "widgets".to_owned());
        }
        for homes in [&plain, &shadowing] {
            for ty in &types {
                let mut by_tokens = Imports::new("widgets", homes);
                let mut by_text = Imports::new("widgets", homes);
                let printed = type_text(&by_tokens.ty(ty));
                assert_eq!(Some(by_text.ty_text(ty)), printed, "{ty:?}");
                assert_eq!(by_text.uses, by_tokens.uses, "{ty:?}");
            }
        }
    }
}
