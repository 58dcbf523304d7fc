//! Structs: one field per property, with serde attributes that say how it appears on the wire.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructor_text::{self, Argument, Constructor};
use super::decode_text::{self, DecodeField, DecodeImpl};
use super::format::Splices;
use super::imports::Imports;
use super::names::{deprecated, doc, doc_break, doc_comments, doc_lines, ident};
use super::struct_text::{self, DeclaredField};
use crate::ir::{Field, Presence, Struct, TypeDef, TypeRef};

pub fn emit(
    def: &TypeDef,
    object: &Struct,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Serialize");
    let head = head_as_text(def, object);
    let declaration = declaration_as_text(def, object, imports);
    let (head, declaration) = match (head, declaration) {
        (Some(head), Some(text)) => (TokenStream::new(), splices.add_headed(head, text)),
        (None, Some(text)) => (head_tokens(def, object), splices.add(text)),
        (_, None) => (
            head_tokens(def, object),
            declaration_tokens(def, object, imports),
        ),
    };
    let constructor = constructor(def, object, imports, splices);
    let deserialize = deserialize(def, object, imports, splices);
    quote! {
        #head
        #declaration

        #constructor

        #deserialize
    }
}

/// The struct's docs (with the envelope's note) and deprecation, which come before its
/// declaration.
fn head_tokens(def: &TypeDef, object: &Struct) -> TokenStream {
    let docs = doc(def.doc.as_deref());
    let envelope = envelope_note(object, def.doc.as_deref());
    let deprecation = deprecated(def.deprecated.as_ref());
    quote!(#docs #envelope #deprecation)
}

/// [`head_tokens`] as the `///` lines prettyplease prints for them; `None` for a deprecated
/// struct (its attribute is left to the tokens).
fn head_as_text(def: &TypeDef, object: &Struct) -> Option<String> {
    if def.deprecated.is_some() {
        return None;
    }
    let mut lines = doc_comments(def.doc.as_deref());
    if let Some(note) = envelope_text(object) {
        if !lines.is_empty() {
            lines.push("///".to_owned());
        }
        lines.extend(doc_comments(Some(&note)));
    }
    Some(lines.iter().map(|line| format!("{line}\n")).collect())
}

/// `#[derive(..)] pub struct X { fields }` as tokens (the struct's docs come before it).
fn declaration_tokens(def: &TypeDef, object: &Struct, imports: &mut Imports) -> TokenStream {
    let name = ident(&def.name);
    let default = object.all_optional().then(|| quote!(Default,));
    let fields: Vec<_> = object
        .fields
        .iter()
        .map(|field| emit_field(field, imports))
        .collect();
    quote! {
        #[derive(Clone, Debug, #default PartialEq, Serialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The declaration as formatted text ([`struct_text`]), when its printer knows the layout.
fn declaration_as_text(def: &TypeDef, object: &Struct, imports: &mut Imports) -> Option<String> {
    let mut fields = Vec::with_capacity(object.fields.len());
    for field in &object.fields {
        let deprecated = field.deprecated.as_ref().map(|deprecation| {
            deprecation
                .note
                .as_deref()
                .map(|note| super::names::literal_text(&super::names::clean(note)))
        });
        fields.push(DeclaredField {
            docs: doc_comments(field.doc.as_deref()),
            deprecated,
            json: field.json_name.clone(),
            exact_decimal: imports.holds_decimal(&field.ty),
            optional: field.presence == Presence::Optional,
            name: ident(&field.rust_name).to_string(),
            ty: field_text(field, imports),
        });
    }
    struct_text::render(
        &ident(&def.name).to_string(),
        object.all_optional(),
        &fields,
    )
}

/// `Deserialize` through the runtime's `DecodeStruct` and `FieldKeys`: the map visitor's body only, instead of
/// serde's derive (which adds a field-identifier enum and visitor and a sequence visitor per
/// struct, most of the crate's compile time). Same errors: `missing field`, `duplicate field`,
/// unknown keys skipped, a missing optional (or nullable) field is `None`.
fn deserialize(
    def: &TypeDef,
    object: &Struct,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    imports.add("serde::Deserializer");
    imports.add("serde::de::MapAccess");
    let deserialize_struct = imports.runtime("deserialize_struct");
    let name = ident(&def.name);
    let text = decode_text::type_text(&deserialize_struct)
        .and_then(|path| decode_text::render_deserialize(&name.to_string(), &path));
    let deserialize = match text {
        Some(text) => splices.add(text),
        None => quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #deserialize_struct(deserializer)
                }
            }
        },
    };
    let decode = match decode_text(def, object, imports) {
        Some(text) => splices.add(text),
        None => decode_tokens(def, object, imports),
    };
    quote!(#deserialize #decode)
}

/// The `DecodeStruct` impl as formatted text ([`decode_text`]), when its printer knows the layout.
fn decode_text(def: &TypeDef, object: &Struct, imports: &mut Imports) -> Option<String> {
    let locals = decode_locals(object);
    // The two setters' names, each made once for the struct.
    let (mut set_field, mut set_exact_field) = (None, None);
    let mut fields = Vec::with_capacity(object.fields.len());
    for (field, local) in object.fields.iter().zip(&locals) {
        let setter = if imports.holds_decimal(&field.ty) {
            set_exact_field.get_or_insert_with(|| setter_text(field, imports))
        } else {
            set_field.get_or_insert_with(|| setter_text(field, imports))
        };
        fields.push(DecodeField {
            json: super::names::literal_text(&field.json_name),
            local: local.to_string(),
            name: ident(&field.rust_name).to_string(),
            setter: setter.clone(),
            ty: field_text(field, imports),
            presence: field.presence,
        });
    }
    decode_text::render(&DecodeImpl {
        type_name: &def.name,
        type_ident: ident(&def.name).to_string(),
        decode_struct: imports.runtime_text("DecodeStruct"),
        field_keys: imports.runtime_text("FieldKeys"),
        map_access: "MapAccess".to_owned(),
        missing_field: imports.runtime_text("missing_field"),
        access: access_param(object).to_string(),
        fields,
    })
}

/// The `DecodeStruct` impl as tokens.
fn decode_tokens(def: &TypeDef, object: &Struct, imports: &mut Imports) -> TokenStream {
    let decode_struct = imports.runtime("DecodeStruct");
    let field_keys = imports.runtime("FieldKeys");
    let missing_field = imports.runtime("missing_field");
    let name = ident(&def.name);
    let type_name = &def.name;
    let access = access_param(object);
    let wire_names: Vec<&str> = object.fields.iter().map(|f| f.json_name.as_str()).collect();
    let locals = decode_locals(object);
    let declarations: Vec<_> = object
        .fields
        .iter()
        .zip(&locals)
        .map(|(field, local)| {
            let ty = field_type(field, imports);
            quote!(let mut #local: Option<#ty> = None;)
        })
        .collect();
    let last = object.fields.len().saturating_sub(1);
    let arms = object
        .fields
        .iter()
        .zip(&locals)
        .enumerate()
        .map(|(index, (field, local))| {
            let json = &field.json_name;
            // The last arm is the wildcard: indices come from FIELDS, so there is no other.
            let pattern = if index == last {
                quote!(_)
            } else {
                let index = proc_macro2::Literal::usize_unsuffixed(index);
                quote!(#index)
            };
            let set = setter(field, imports);
            quote!(#pattern => #set(&mut #local, &mut map, #json),)
        })
        .collect::<Vec<_>>();
    let loop_ = if object.fields.len() < 2 {
        // No field to tell apart: every index is the one field's, if there is one.
        let set = single_field_body(&locals, object, imports);
        quote! {
            let mut keys = #field_keys::<Self>::new();
            while keys.next(&mut map)?.is_some() { #set }
        }
    } else {
        quote! {
            let mut keys = #field_keys::<Self>::new();
            while let Some(field) = keys.next(&mut map)? {
                // One `?` for every arm: the compiler checks one conversion, not one per field.
                match field {
                    #(#arms)*
                }?;
            }
        }
    };
    let indices = wire_names.iter().enumerate().map(|(index, json)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#json => Some(#index),)
    });
    let field_index = if object.fields.is_empty() {
        quote! {
            fn field_index(_key: &str) -> Option<u32> {
                None
            }
        }
    } else {
        // Inline, like `decode`: the key match compiles into the application's decode loop, as
        // the derive's field visitor does, instead of a call into this crate per key.
        quote! {
            #[inline]
            fn field_index(key: &str) -> Option<u32> {
                match key {
                    #(#indices)*
                    _ => None,
                }
            }
        }
    };
    // Required fields are unwrapped before the struct is built, in field order (the first
    // missing one is the error, as with serde's derive).
    let required = object
        .fields
        .iter()
        .zip(&locals)
        .filter(|(field, _)| field.presence == Presence::Required)
        .map(|(field, local)| {
            let json = &field.json_name;
            quote!(let Some(#local) = #local else { return Err(#missing_field(#json)) };)
        });
    let values = object.fields.iter().zip(&locals).map(|(field, local)| {
        let field_name = ident(&field.rust_name);
        match field.presence {
            Presence::Required if field_name == *local => quote!(#field_name),
            Presence::Required => quote!(#field_name: #local),
            Presence::RequiredNullable | Presence::Optional => {
                quote!(#field_name: #local.unwrap_or_default())
            }
        }
    });
    quote! {
        impl #decode_struct for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];

            #field_index

            // Inline: otherwise LLVM keeps `decode` and serde_json's `next_key_seed` as calls of
            // their own; inlined, a 1000-item page takes 3.4 % fewer instructions (callgrind),
            // within 1.1 % of the derive's.
            #[inline]
            fn decode<'de, #access: MapAccess<'de>>(mut map: #access) -> Result<Self, #access::Error> {
                #(#declarations)*
                #loop_
                #(#required)*
                Ok(Self { #(#values),* })
            }
        }
    }
}

/// Names `decode`'s body uses besides the fields' locals.
const DECODE_NAMES: [&str; 6] = [
    "map",
    "keys",
    "field",
    "set_field",
    "set_exact_field",
    "missing_field",
];

/// `decode`'s locals: named after the fields, except where that would hide a name of
/// `DECODE_NAMES`; such a local gets `_value` (and more `_` while another field has that name).
fn decode_locals(object: &Struct) -> Vec<proc_macro2::Ident> {
    let taken = |name: &str| object.fields.iter().any(|field| field.rust_name == name);
    object
        .fields
        .iter()
        .map(|field| {
            let name = field.rust_name.as_str();
            if !DECODE_NAMES.contains(&name) {
                return ident(name);
            }
            let mut local = format!("{name}_value");
            while taken(&local) || DECODE_NAMES.contains(&local.as_str()) {
                local.push('_');
            }
            ident(&local)
        })
        .collect()
}

/// The loop body of a struct with at most one field.
fn single_field_body(
    locals: &[proc_macro2::Ident],
    object: &Struct,
    imports: &mut Imports,
) -> TokenStream {
    match (locals.first(), object.fields.first()) {
        (Some(local), Some(field)) => {
            let json = &field.json_name;
            let set = setter(field, imports);
            quote!(#set(&mut #local, &mut map, #json)?;)
        }
        _ => TokenStream::new(),
    }
}

/// The runtime function that reads a field's value into its local: decimals exactly, from
/// their number text.
fn setter(field: &Field, imports: &mut Imports) -> TokenStream {
    if imports.holds_decimal(&field.ty) {
        imports.runtime("set_exact_field")
    } else {
        imports.runtime("set_field")
    }
}

/// The name of `decode`'s `MapAccess` parameter: `A`, unless a field's type is an API type of
/// that name, which the parameter would hide in the locals' annotations.
fn access_param(object: &Struct) -> proc_macro2::Ident {
    let taken = |candidate: &str| {
        object
            .fields
            .iter()
            .any(|field| field.ty.named() == Some(candidate))
    };
    let name = std::iter::once("A".to_owned())
        .chain((0..).map(|n| format!("A{n}")))
        .find(|candidate| !taken(candidate))
        .unwrap_or_default();
    ident(&name)
}

/// [`field_type`] as text.
fn field_text(field: &Field, imports: &mut Imports) -> String {
    let inner = imports.ty_text(&field.ty);
    match field.presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => format!("Option<{inner}>"),
    }
}

/// [`setter`] as text.
fn setter_text(field: &Field, imports: &mut Imports) -> String {
    if imports.holds_decimal(&field.ty) {
        imports.runtime_text("set_exact_field")
    } else {
        imports.runtime_text("set_field")
    }
}

/// The field's Rust type: `Option<T>` unless it is required and not nullable.
fn field_type(field: &Field, imports: &mut Imports) -> TokenStream {
    let inner = imports.ty(&field.ty);
    match field.presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#inner>),
    }
}

/// More required fields than this make a constructor worse than a struct literal, for a type
/// only received (tests and mocks build those); a type a request sends always gets `new`.
const MAX_CONSTRUCTOR_ARGUMENTS: usize = 7;

/// `new(required fields)` with every optional field unset, so callers need not spell out the
/// `None`s; string parameters take `impl Into<String>` (hybrid identifiers `impl Into<HybridId>`). Every type a request sends has one
/// (`new()` when nothing is required); a type only received gets one when it has both required
/// and optional fields and at most `MAX_CONSTRUCTOR_ARGUMENTS` required ones.
fn constructor(
    def: &TypeDef,
    object: &Struct,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    let required: Vec<&Field> = object
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required)
        .collect();
    let received_only = !def.sent
        && (required.is_empty()
            || required.len() == object.fields.len()
            || required.len() > MAX_CONSTRUCTOR_ARGUMENTS);
    if received_only {
        return TokenStream::new();
    }
    match constructor_as_text(def, object, imports) {
        Some(text) => splices.add(text),
        None => constructor_tokens(def, object, imports),
    }
}

/// The constructor as tokens (see [`constructor`] for when there is one).
fn constructor_tokens(def: &TypeDef, object: &Struct, imports: &mut Imports) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = object
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required)
        .collect();
    if required.is_empty() {
        return quote! {
            impl #name {
                /// A value with every field unset (the same as `Default`).
                pub fn new() -> Self {
                    Self::default()
                }
            }
        };
    }
    let parameters: Vec<_> = required
        .iter()
        .map(|field| {
            let field_name = ident(&field.rust_name);
            let ty = imports.ty(&field.ty);
            if converts(&field.ty) {
                return quote!(#field_name: impl Into<#ty>);
            }
            quote!(#field_name: #ty)
        })
        .collect();
    let values = object.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        match field.presence {
            Presence::Required if converts(&field.ty) => quote!(#field_name: #field_name.into()),
            Presence::Required => quote!(#field_name),
            _ => quote!(#field_name: None),
        }
    });
    let allow = (required.len() > MAX_CONSTRUCTOR_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = constructor_doc(required.len(), object.fields.len());
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#values),* }
            }
        }
    }
}

/// The constructor as formatted text ([`constructor_text`]), when its printer knows the layout.
fn constructor_as_text(def: &TypeDef, object: &Struct, imports: &mut Imports) -> Option<String> {
    let required = object
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required)
        .count();
    if required == 0 {
        return Some(constructor_text::render_default(
            &ident(&def.name).to_string(),
        ));
    }
    let mut fields = Vec::with_capacity(object.fields.len());
    for field in &object.fields {
        let parameter = if field.presence == Presence::Required {
            let ty = imports.ty_text(&field.ty);
            Some(if converts(&field.ty) {
                format!("impl Into<{ty}>")
            } else {
                ty
            })
        } else {
            None
        };
        fields.push(Argument {
            name: ident(&field.rust_name).to_string(),
            parameter,
            converts: converts(&field.ty),
        });
    }
    constructor_text::render(&Constructor {
        type_ident: &ident(&def.name).to_string(),
        doc: constructor_doc(required, object.fields.len()),
        too_many_arguments: required > MAX_CONSTRUCTOR_ARGUMENTS,
        fields,
    })
}

/// The constructor's doc line (after `///`).
fn constructor_doc(required: usize, fields: usize) -> &'static str {
    if required == fields {
        " A value with every field set."
    } else {
        " A value with the required fields set and every other field unset."
    }
}

/// Constructor parameters that take anything convertible: a `&str` for a `String`, a `Uuid` or
/// an external id for a [`HybridId`](TypeRef::HybridId).
fn converts(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::HybridId)
}

fn emit_field(field: &Field, imports: &mut Imports) -> TokenStream {
    let name = ident(&field.rust_name);
    let json = &field.json_name;
    let docs = doc(field.doc.as_deref());
    let deprecation = deprecated(field.deprecated.as_ref());
    let ty = field_type(field, imports);
    // How the field is written; `deserialize` reads it (a missing optional or nullable key is
    // `None` there).
    // Decimals are written as their exact number text (rust_decimal's own `Serialize` would
    // need a feature that changes every `Decimal` in the application).
    let mut serde = vec![quote!(rename = #json)];
    if imports.holds_decimal(&field.ty) {
        serde.push(quote!(serialize_with = "crate::runtime::exact::serialize"));
    }
    // Required ones are always on the wire (`None` is written as `null`).
    if field.presence == Presence::Optional {
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = quote!(#[serde(#(#serde),*)]);
    quote! {
        #docs
        #deprecation
        #serde
        pub #name: #ty,
    }
}

/// The sentence naming the fields the client adds, for a request type that leaves them out.
fn envelope_text(object: &Struct) -> Option<String> {
    if object.envelope_fields.is_empty() {
        return None;
    }
    let fields = object
        .envelope_fields
        .iter()
        .map(|field| format!("`{field}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!("The client adds {fields} to the body."))
}

/// Request types leave out the fields the client adds; their docs say so (a paragraph of its
/// own after the type's description, if it has one).
fn envelope_note(object: &Struct, description: Option<&str>) -> TokenStream {
    let Some(note) = envelope_text(object) else {
        return TokenStream::new();
    };
    let note = doc_lines(&note);
    if description.is_some_and(|text| !text.trim().is_empty()) {
        let separator = doc_break();
        quote!(#separator #note)
    } else {
        note
    }
}

#[cfg(test)]
#[path = "struct_text_tests.rs"]
mod text_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn field(ty: TypeRef) -> Field {
        Field {
            json_name: "X".to_owned(),
            rust_name: "x".to_owned(),
            ty,
            presence: Presence::Required,
            limits: crate::ir::Limits::default(),
            doc: None,
            deprecated: None,
        }
    }

    #[test]
    fn the_map_access_parameter_never_hides_a_field_type() {
        let named = |name: &str| TypeRef::Named(name.to_owned());
        let object = |fields: Vec<Field>| Struct {
            fields,
            envelope_fields: Vec::new(),
            interval: None,
        };
        assert_eq!(access_param(&object(vec![field(named("B"))])), "A");
        let hides = object(vec![
            field(named("A")),
            field(TypeRef::Vec(Box::new(named("A0")))),
        ]);
        assert_eq!(access_param(&hides), "A1");
    }
}
