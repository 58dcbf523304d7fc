//! One module file: its docs, its imports, its types in spec order, then its operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::format::Splices;
use super::imports::Imports;
use super::limits::Checks;
use super::{client, enum_, events, features, limits, struct_, union};
use crate::ir::{Api, Module, Shape, TypeDef};

/// The module's tokens, and the items printed apart from them (`checks` is the whole API's,
/// made once for every module).
pub fn emit(
    api: &Api,
    module: &Module,
    homes: &super::imports::Homes,
    checks: &Checks<'_>,
) -> (TokenStream, Splices) {
    let mut splices = Splices::default();
    let mut imports = Imports::new(&module.name, homes).with_aliases_of(&api.types);
    let types: Vec<&TypeDef> = api
        .types
        .iter()
        .filter(|def| def.module == module.name)
        .collect();
    // Resource modules (and `events`) are gated as a whole in lib.rs; a shared type only for
    // its users.
    let shared = module.is_shared();
    let items: Vec<TokenStream> = types
        .iter()
        .map(|def| {
            let items = emit_type(def, checks, &mut imports, &mut splices);
            if shared {
                let cfg = features::cfg(&def.used_by);
                features::gate(items, &cfg, &features::cfg_text(&def.used_by), &mut splices)
            } else {
                items
            }
        })
        .collect();
    let operations: Vec<_> = api
        .operations
        .iter()
        .filter(|operation| Some(&operation.resource) == module.resource.as_ref())
        .collect();
    let client = client::emit(module, &operations, &mut imports, &mut splices);
    let events = module.is_events().then(|| events::emit(api, &mut imports));
    let module_doc = match &module.resource {
        Some(resource) => format!("`{resource}`: its operations and the types only they use."),
        None if module.is_events() => "Events: the messages Mews sends the application (webhooks, the WebSocket), the types only they use, and the entities they name.".to_owned(),
        None => "Types used by more than one resource.".to_owned(),
    };
    let module_doc = super::names::inner_doc_lines(&module_doc);
    // Deprecated items are still generated, and generated code may use them; only callers are warned.
    let allow_deprecated =
        has_deprecations(api, module, &types).then(|| quote!(#![allow(deprecated)]));
    // With some features off, an import may serve only items that are compiled out.
    let allow_unused_imports = (shared && types.iter().any(|def| !def.used_by.is_empty()))
        .then(|| quote!(#![allow(unused_imports)]));
    let uses = imports.tokens();
    let tokens = quote! {
        #module_doc
        #allow_deprecated
        #allow_unused_imports

        #uses

        #(#items)*

        #client

        #events
    };
    (tokens, splices)
}

fn emit_type(
    def: &TypeDef,
    checks: &Checks<'_>,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    match &def.shape {
        Shape::Struct(object) => {
            let items = struct_::emit(def, object, imports, splices);
            let limits = limits::for_struct(def, object, checks, imports, splices);
            quote!(#items #limits)
        }
        Shape::Enum(open) => enum_::emit(def, open, imports, splices),
        Shape::Union(tagged) => {
            let items = union::emit(def, tagged, imports);
            let limits = limits::for_union(def, tagged, checks, imports);
            quote!(#items #limits)
        }
        Shape::Alias(target) => {
            let name = super::names::ident(&def.name);
            let docs = super::names::doc(def.doc.as_deref());
            let target = imports.ty(target);
            quote!(#docs pub type #name = #target;)
        }
    }
}

fn has_deprecations(api: &Api, module: &Module, types: &[&TypeDef]) -> bool {
    let deprecated_types: Vec<&str> = api
        .types
        .iter()
        .filter(|def| def.deprecated.is_some())
        .map(|def| def.name.as_str())
        .collect();
    // The impls of an enum or union name each of its variants, deprecated ones too.
    let uses_deprecated = |def: &TypeDef| match &def.shape {
        Shape::Struct(object) => object.fields.iter().any(|field| {
            field.deprecated.is_some()
                || field
                    .ty
                    .named()
                    .is_some_and(|name| deprecated_types.contains(&name))
        }),
        Shape::Enum(open) => open.values.iter().any(|value| value.deprecated.is_some()),
        Shape::Union(union) => union.arms.iter().any(|arm| {
            arm.deprecated.is_some()
                || arm
                    .payload
                    .as_ref()
                    .and_then(|payload| payload.named())
                    .is_some_and(|name| deprecated_types.contains(&name))
        }),
        Shape::Alias(_) => false,
    };
    types
        .iter()
        .any(|def| def.deprecated.is_some() || uses_deprecated(def))
        || api.operations.iter().any(|operation| {
            operation.deprecated.is_some() && Some(&operation.resource) == module.resource.as_ref()
        })
}
