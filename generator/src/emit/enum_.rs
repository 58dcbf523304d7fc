//! Open string enums: one variant per listed value and a catch-all that keeps unknown strings,
//! so values Mews adds later decode, and re-encode exactly as they came.

use proc_macro2::TokenStream;
use quote::quote;

use super::enum_text::{self, OpenEnum, Variant};
use super::format::Splices;
use super::imports::Imports;
use super::names::{deprecated, doc, doc_comments, ident, plain_ident};
use crate::ir::{Enum, TypeDef};

/// The enum's docs and deprecation, then its declaration and impls: as text when
/// [`enum_text`] knows their layout, else as tokens.
pub fn emit(
    def: &TypeDef,
    open: &Enum,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    imports.add("std::fmt");
    imports.add("std::str::FromStr");
    imports.add("std::convert::Infallible");
    // Printed as text without a deprecation, the docs are text too: the head of the first item
    // (as a struct's).
    let mut docs = doc(def.doc.as_deref());
    let items = match items_as_text(def, open, imports) {
        Some(texts) => {
            let mut head = String::new();
            if def.deprecated.is_none() {
                docs = TokenStream::new();
                head = doc_comments(def.doc.as_deref())
                    .iter()
                    .map(|line| format!("{line}\n"))
                    .collect();
            }
            let placeholders: Vec<TokenStream> = texts
                .into_iter()
                .map(|text| splices.add_headed(std::mem::take(&mut head), text))
                .collect();
            quote!(#(#placeholders)*)
        }
        None => items_tokens(def, open, imports),
    };
    let deprecation = deprecated(def.deprecated.as_ref());
    quote! {
        #docs
        #deprecation
        #items
    }
}

/// The items as text ([`enum_text`]), when its printer knows their layout.
pub(super) fn items_as_text(
    def: &TypeDef,
    open: &Enum,
    imports: &mut Imports,
) -> Option<Vec<String>> {
    let clean = |json: &str| super::names::clean_line(json) == json;
    if !plain_ident(&def.name) || !plain_ident(&open.unknown_variant) {
        return None;
    }
    let variants = open
        .values
        .iter()
        .map(|value| {
            let bare = match &value.deprecated {
                None => false,
                Some(deprecation) if deprecation.note.is_none() => true,
                Some(_) => return None,
            };
            (clean(&value.json) && plain_ident(&value.variant)).then_some(Variant {
                name: &value.variant,
                json: &value.json,
                deprecated: bare,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let visitor = imports.runtime_text("OpenEnumVisitor");
    enum_text::render(&OpenEnum {
        name: &def.name,
        unknown: &open.unknown_variant,
        variants: &variants,
        visitor: &visitor,
    })
}

/// The declaration and impls as tokens (the enum's docs come before them).
pub(super) fn items_tokens(def: &TypeDef, open: &Enum, imports: &mut Imports) -> TokenStream {
    let name = ident(&def.name);
    let name_text = &def.name;
    let unknown = ident(&open.unknown_variant);
    let variants: Vec<_> = open
        .values
        .iter()
        .map(|value| ident(&value.variant))
        .collect();
    let wires: Vec<_> = open
        .values
        .iter()
        .map(|value| value.json.as_str())
        .collect();
    let variant_docs = wires
        .iter()
        .map(|wire| format!(" `{}`", super::names::clean_line(wire)));
    let variant_deprecations: Vec<TokenStream> = open
        .values
        .iter()
        .map(|value| deprecated(value.deprecated.as_ref()))
        .collect();
    let visitor = imports.runtime("OpenEnumVisitor");
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #variant_docs] #variant_deprecations #variants,)*
            /// A value this version of the bindings does not know, kept exactly as received.
            #unknown(String),
        }

        impl #name {
            /// Every value the spec lists, in the spec's order.
            pub const KNOWN: &'static [Self] = &[#(Self::#variants),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::#unknown(value) => value,
                }
            }

            /// The variant for a value the spec lists, if it is one.
            pub fn known(value: &str) -> Option<Self> {
                match value {
                    #(#wires => Some(Self::#variants),)*
                    _ => None,
                }
            }

            /// Whether this is a value the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::#unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::#unknown(value.to_owned()))
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::#unknown(value))
            }
        }

        impl FromStr for #name {
            type Err = Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(#visitor::new(#name_text, Self::known, Self::#unknown))
            }
        }
    }
}
