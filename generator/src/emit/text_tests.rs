//! What the tests of the text printers share: prettyplease's text for tokens, the committed
//! spec's API, and a type definition to build cases around.

use proc_macro2::TokenStream;

use crate::ir::{Api, Shape, TypeDef};

/// prettyplease's text for one file's tokens.
pub fn printed(tokens: TokenStream) -> String {
    prettyplease::unparse(&syn::parse2::<syn::File>(tokens).expect("the tokens parse"))
}

/// The API of `spec/connector.yaml`.
pub fn committed_api() -> Api {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/connector.yaml");
    let text = std::fs::read_to_string(path).expect("the committed spec");
    let spec = crate::parse::parse(&text).expect("it parses");
    crate::ir::lower(&spec).expect("it lowers")
}

/// Each type's module, as `Imports` takes them.
pub fn homes(api: &Api) -> crate::emit::imports::Homes {
    api.types
        .iter()
        .map(|def| (def.name.clone(), def.module.clone()))
        .collect()
}

/// A type of the module `widgets`, neither sent nor limited.
pub fn type_def(name: String, shape: Shape) -> TypeDef {
    TypeDef {
        pointer: format!("#/components/schemas/{name}"),
        name,
        module: "widgets".to_owned(),
        used_by: Vec::new(),
        sent: false,
        limited: false,
        doc: None,
        deprecated: None,
        shape,
    }
}
