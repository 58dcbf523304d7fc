//! Per-resource cargo features: the `cfg` that compiles an item only for the resources using it.
//!
//! A resource module is compiled by its own feature (`lib.rs` gates the whole module). A type in
//! `shared` is reached by several resources: each of its items (the type and its impls) gets
//! `#[cfg(any(feature = "a", feature = "b"))]` over exactly those resources, so a build that
//! picks a few resources compiles only the shared types they reach.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;

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

/// Puts `cfg` on every item of `items` (a type's declaration and all its impls).
pub fn gate(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        // Not a list of items: leave it whole; `format::render` reports tokens that do not parse.
        return items;
    };
    for item in &mut file.items {
        // syn's `Attribute` is not `Clone` without its `clone-impls` feature: parse one per item.
        let Ok(attribute) = syn::Attribute::parse_outer.parse2(cfg.clone()) else {
            return items;
        };
        if let Some(attrs) = attrs_mut(item) {
            // After the docs, before the derives, as one would write it.
            let at = attrs
                .iter()
                .position(|attr| !attr.path().is_ident("doc"))
                .unwrap_or(attrs.len());
            attrs.splice(at..at, attribute);
        }
    }
    let items = file.items;
    quote!(#(#items)*)
}

fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::ExternCrate(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::ForeignMod(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Static(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::TraitAlias(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        Item::Union(item) => &mut item.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return None,
    })
}
