//! The crate root: modules, re-exports of every type at the root, and the spec fingerprint.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{ident, inner_doc_lines};
use super::runtime::ROOT_EXPORTS;
use crate::ir::Api;

pub fn emit(api: &Api, fingerprint: &str) -> TokenStream {
    let mut crate_doc = format!(
        "{} ({}): typed bindings generated from the spec.",
        api.title, api.version
    );
    if let Some(description) = &api.description {
        crate_doc.push_str("\n\n");
        crate_doc.push_str(description.trim());
    }
    let crate_doc = inner_doc_lines(&crate_doc);
    let modules = api.modules.iter().map(|module| {
        let name = ident(&module.name);
        // prettyplease formats these files; rustfmt would format them differently.
        quote!(#[rustfmt::skip] pub mod #name;)
    });
    let runtime_exports = ROOT_EXPORTS.iter().map(|name| ident(name));
    // Every type and API struct at the crate root; the modules hold nothing else public.
    // Sorted, as rustfmt sorts them (it checks this file).
    let mut exported: Vec<&str> = api
        .modules
        .iter()
        .map(|module| module.name.as_str())
        .collect();
    exported.sort_unstable();
    let exports = exported.into_iter().map(|module| {
        let module = ident(module);
        quote!(pub use #module::*;)
    });
    quote! {
        #crate_doc

        pub mod runtime;
        #(#modules)*

        pub use runtime::{#(#runtime_exports),*};
        #(#exports)*

        /// Fingerprint of the spec these bindings were generated from; `build.rs` compares it with
        /// the spec's current text to catch bindings that were not regenerated.
        pub const SPEC_FINGERPRINT: &str = #fingerprint;
    }
}
