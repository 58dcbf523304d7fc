//! Per-resource cargo features: the `cfg` that compiles an item only for the resources using it.
//!
//! A resource module is compiled by its own feature (`lib.rs` gates the whole module). A type in
//! `shared` is reached by several resources: each of its items (the type and its impls) gets
//! `#[cfg(any(feature = "a", feature = "b"))]` over exactly those resources, so a build that
//! picks a few resources compiles only the shared types they reach.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::ir::naming;

/// `#[cfg(feature = "x")]`, or `#[cfg(any(...))]` over several modules' features; nothing for
/// no module (an item no operation reaches is always compiled).
pub fn cfg<S: AsRef<str>>(modules: &[S]) -> TokenStream {
    let features: Vec<String> = modules
        .iter()
        .map(|module| naming::feature_name(module.as_ref()))
        .collect();
    match features.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts `cfg` on every item of `items` (a type's declaration and all its impls), after its doc
/// attributes and before the others, as one would write it.
///
/// Works on the tokens: an item ends at a top-level `;`, or at a `{ ... }` group followed by
/// the next item (an attribute `#`, a keyword) or by nothing. Parsing the items with syn to put
/// the attribute in took a tenth of a whole generation (they are parsed again to be printed).
pub fn gate(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut tokens = items.into_iter().peekable();
    let mut item_start = true;
    while let Some(token) = tokens.next() {
        if item_start {
            let doc = matches!(&token, TokenTree::Punct(p) if p.as_char() == '#')
                && matches!(tokens.peek(), Some(TokenTree::Group(g)) if is_doc(g));
            if doc {
                out.extend([token]);
                out.extend(tokens.next());
                continue;
            }
            out.extend(cfg.clone());
        }
        let ends = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && match tokens.peek() {
                        None | Some(TokenTree::Ident(_)) => true,
                        Some(TokenTree::Punct(next)) => next.as_char() == '#',
                        _ => false,
                    }
            }
            _ => false,
        };
        out.extend([token]);
        item_start = ends;
    }
    out
}

/// `[doc = ...]`, the group of a doc attribute.
fn is_doc(group: &proc_macro2::Group) -> bool {
    group.delimiter() == Delimiter::Bracket
        && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(ident)) if ident == "doc")
}
