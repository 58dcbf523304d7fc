//! Per-resource cargo features: the `cfg` that compiles an item only for the resources using it.
//!
//! A resource module is compiled by its own feature (`lib.rs` gates the whole module). A type in
//! `shared` is reached by several resources: each of its items (the type and its impls) gets
//! `#[cfg(any(feature = "a", feature = "b"))]` over exactly those resources, so a build that
//! picks a few resources compiles only the shared types they reach.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use super::decode_text::MARGIN;
use super::format::Splices;
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

/// [`cfg`] as the lines prettyplease prints for it at the top level: on one line, with `any(..)`
/// on a line of its own, or one feature per line (each seen at 89 and 90 columns); empty for no
/// module.
pub fn cfg_text<S: AsRef<str>>(modules: &[S]) -> String {
    let features: Vec<String> = modules
        .iter()
        .map(|module| format!("feature = \"{}\"", naming::feature_name(module.as_ref())))
        .collect();
    match features.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]\n"),
        many => {
            let any = format!("any({})", many.join(", "));
            if 6 + any.len() + 2 <= MARGIN {
                format!("#[cfg({any})]\n")
            } else if 4 + any.len() <= MARGIN {
                format!("#[cfg(\n    {any}\n)]\n")
            } else {
                format!(
                    "#[cfg(\n    any(\n        {}\n    )\n)]\n",
                    many.join(",\n        ")
                )
            }
        }
    }
}

/// Puts `cfg` on every item of `items` (a type's declaration and all its impls), after its doc
/// attributes and before the others, as one would write it.
///
/// Works on the tokens: an item ends at a top-level `;`, or at a `{ ... }` group followed by
/// the next item (an attribute `#`, a keyword) or by nothing. Parsing the items with syn to put
/// the attribute in took a tenth of a whole generation (they are parsed again to be printed).
///
/// An item printed as text (a splice's placeholder) gets `cfg_text` in its text instead of the
/// attribute in its tokens: the lines are the same.
pub fn gate(
    items: TokenStream,
    cfg: &TokenStream,
    cfg_text: &str,
    splices: &mut Splices,
) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let all: Vec<TokenTree> = items.into_iter().collect();
    let mut tokens = all.iter().cloned().enumerate().peekable();
    let mut item_start = true;
    while let Some((at, token)) = tokens.next() {
        if item_start {
            let doc = matches!(&token, TokenTree::Punct(p) if p.as_char() == '#')
                && matches!(tokens.peek(), Some((_, TokenTree::Group(g))) if is_doc(g));
            if doc {
                out.extend([token]);
                out.extend(tokens.next().map(|(_, token)| token));
                continue;
            }
            let spliced = Splices::placeholder_at(&all, at)
                .is_some_and(|index| splices.set_prefix(index, cfg_text));
            if !spliced {
                out.extend(cfg.clone());
            }
        }
        let ends = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && match tokens.peek() {
                        None | Some((_, TokenTree::Ident(_))) => true,
                        Some((_, TokenTree::Punct(next))) => next.as_char() == '#',
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

#[cfg(test)]
mod tests {
    use super::{cfg, cfg_text};

    /// The gate's text is what prettyplease prints for its tokens, on both sides of each width
    /// where its layout changes.
    #[test]
    fn the_gate_as_text_is_what_prettyplease_prints() {
        for count in 0..=6 {
            for length in 1..=40 {
                let modules: Vec<String> = (0..count)
                    .map(|index| format!("m{index}_{}", "x".repeat(length)))
                    .collect();
                let tokens = cfg(&modules);
                let file = quote::quote!(#tokens pub use a::B;);
                let printed = prettyplease::unparse(&syn::parse2(file).expect("it parses"));
                assert_eq!(
                    format!("{}pub use a::B;\n", cfg_text(&modules)),
                    printed,
                    "{count} features of {length} characters"
                );
            }
        }
    }
}
