//! Identifiers and doc attributes as tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Deprecation;

/// An identifier from an IR name, which lowering has already checked; `r#type` becomes a raw one.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` lines for a description, one per line so rustdoc keeps paragraphs.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return TokenStream::new();
    };
    doc_lines(text)
}

/// Doc lines for text that is always there.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = doc_text(text).map(|line| quote!(#[doc = #line]));
    quote!(#(#lines)*)
}

/// Inner doc lines (`//!`), for a module or the crate.
pub fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = doc_text(text).map(|line| quote!(#![doc = #line]));
    quote!(#(#lines)*)
}

fn doc_text(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(|line| {
        if line.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        }
    })
}

/// A blank doc line, to separate paragraphs.
pub fn doc_break() -> TokenStream {
    quote!(#[doc = ""])
}

/// `#[deprecated(note = "...")]`.
pub fn deprecated(deprecation: Option<&Deprecation>) -> TokenStream {
    match deprecation {
        Some(Deprecation { note: Some(note) }) => quote!(#[deprecated(note = #note)]),
        Some(Deprecation { note: None }) => quote!(#[deprecated]),
        None => TokenStream::new(),
    }
}
