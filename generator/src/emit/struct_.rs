//! Structs: one field per property, with serde attributes that say how it appears on the wire.

use proc_macro2::TokenStream;
use quote::quote;

use super::imports::Imports;
use super::names::{deprecated, doc, doc_break, doc_lines, ident};
use crate::ir::{Field, Presence, Struct, TypeDef};

pub fn emit(def: &TypeDef, object: &Struct, imports: &mut Imports) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Serialize");
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref());
    let envelope = envelope_note(object, def.doc.as_deref());
    let deprecation = deprecated(def.deprecated.as_ref());
    let default = object.all_optional().then(|| quote!(Default,));
    let fields: Vec<_> = object
        .fields
        .iter()
        .map(|field| emit_field(field, imports))
        .collect();
    let constructor = constructor(&name, object, imports);
    quote! {
        #docs
        #envelope
        #deprecation
        #[derive(Clone, Debug, #default PartialEq, Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        #constructor
    }
}

/// More required fields than this make a constructor worse than a struct literal.
const MAX_CONSTRUCTOR_ARGUMENTS: usize = 7;

/// `new(required fields)` with every optional field unset, so callers need not spell out the
/// `None`s. Not emitted when nothing is optional (a literal says it all) or nothing is required
/// (`Default` is derived then).
fn constructor(name: &proc_macro2::Ident, object: &Struct, imports: &mut Imports) -> TokenStream {
    let required: Vec<&Field> = object
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required)
        .collect();
    if required.is_empty()
        || required.len() == object.fields.len()
        || required.len() > MAX_CONSTRUCTOR_ARGUMENTS
    {
        return TokenStream::new();
    }
    let parameters: Vec<_> = required
        .iter()
        .map(|field| {
            let field_name = ident(&field.rust_name);
            let ty = imports.ty(&field.ty);
            quote!(#field_name: #ty)
        })
        .collect();
    let values = object.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        match field.presence {
            Presence::Required => quote!(#field_name),
            _ => quote!(#field_name: None),
        }
    });
    quote! {
        impl #name {
            /// A value with the required fields set and every other field unset.
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#values),* }
            }
        }
    }
}

fn emit_field(field: &Field, imports: &mut Imports) -> TokenStream {
    let name = ident(&field.rust_name);
    let json = &field.json_name;
    let docs = doc(field.doc.as_deref());
    let deprecation = deprecated(field.deprecated.as_ref());
    let inner = imports.ty(&field.ty);
    let (ty, serde) = match field.presence {
        Presence::Required => (inner, quote!(#[serde(rename = #json)])),
        // Always on the wire: `None` is written as `null`; decoding also accepts a missing key.
        Presence::RequiredNullable => (
            quote!(Option<#inner>),
            quote!(#[serde(rename = #json, default)]),
        ),
        Presence::Optional => (
            quote!(Option<#inner>),
            quote!(#[serde(rename = #json, default, skip_serializing_if = "Option::is_none")]),
        ),
    };
    quote! {
        #docs
        #deprecation
        #serde
        pub #name: #ty,
    }
}

/// Request types leave out the fields the client adds; their docs say so (a paragraph of its
/// own after the type's description, if it has one).
fn envelope_note(object: &Struct, description: Option<&str>) -> TokenStream {
    if object.envelope_fields.is_empty() {
        return TokenStream::new();
    }
    let fields = object
        .envelope_fields
        .iter()
        .map(|field| format!("`{field}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let note = doc_lines(&format!("The client adds {fields} to the body."));
    if description.is_some_and(|text| !text.trim().is_empty()) {
        let separator = doc_break();
        quote!(#separator #note)
    } else {
        note
    }
}
