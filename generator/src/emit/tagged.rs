//! Internally tagged unions (the WebSocket events): the tag beside each arm's own fields, with
//! the runtime's `deserialize_tagged` reading the fields straight into the arm's struct and
//! `TaggedLayout` writing the tag first.

use proc_macro2::TokenStream;
use quote::quote;

use super::imports::Imports;
use super::names::{clean_line, deprecated, doc, ident};
use crate::ir::{TypeDef, TypeRef, Union};

pub fn emit(def: &TypeDef, union: &Union, imports: &mut Imports) -> TokenStream {
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    imports.add("serde::de::MapAccess");
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref());
    let separator = (!docs.is_empty()).then(super::names::doc_break);
    let deprecation = deprecated(def.deprecated.as_ref());
    let unknown = ident(&union.unknown_variant);
    let tag = &union.discriminator;
    let unknown_arm = imports.runtime("UnknownArm");
    let tagged_arms = imports.runtime("TaggedArms");
    let tagged_layout = imports.runtime("TaggedLayout");
    let deserialize_tagged = imports.runtime("deserialize_tagged");
    let decode_payload = imports.runtime("decode_tagged_payload");
    let layout_doc = clean_line(&format!(
        " On the wire: `{{\"{tag}\": ..., ...}}`, the arm's fields beside the tag."
    ));
    let mut variants = Vec::new();
    let mut serialize = Vec::new();
    let mut decode = Vec::new();
    for arm in &union.arms {
        let variant = ident(&arm.variant);
        let value = &arm.value;
        // The IR requires a payload struct for every internal arm; JSON keeps any other case
        // compiling.
        let payload = arm.payload.clone().unwrap_or(TypeRef::Json);
        let ty = imports.ty(&payload);
        let arm_doc = clean_line(&format!(
            " `{tag}: {value}`, with the fields of its payload."
        ));
        variants.push(quote!(#[doc = #arm_doc] #variant(#ty),));
        serialize.push(
            quote!(Self::#variant(payload) => Self::LAYOUT.serialize(serializer, #value, payload),),
        );
        decode.push(match &payload {
            TypeRef::Boxed(inner) => {
                let inner = imports.ty(inner);
                quote!(#value => #decode_payload::<#inner, A>(fields).map(|payload| Self::#variant(Box::new(payload))),)
            }
            _ => quote!(#value => #decode_payload(fields).map(Self::#variant),),
        });
    }
    let wires: Vec<&str> = union.arms.iter().map(|arm| arm.value.as_str()).collect();
    let arm_variants: Vec<_> = union.arms.iter().map(|arm| ident(&arm.variant)).collect();
    quote! {
        #docs
        #separator
        #[doc = #layout_doc]
        #deprecation
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A tag this version of the bindings does not know; the whole object is kept
            /// exactly as received.
            #unknown(#unknown_arm),
        }

        impl #name {
            const LAYOUT: #tagged_layout = #tagged_layout { tag: #tag };

            /// The tag, as on the wire.
            pub fn discriminator(&self) -> &str {
                match self {
                    #(Self::#arm_variants(_) => #wires,)*
                    Self::#unknown(arm) => arm.discriminator(),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize)*
                    Self::#unknown(arm) => arm.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #deserialize_tagged(deserializer, Self::LAYOUT.tag)
            }
        }

        impl #tagged_arms for #name {
            fn knows(tag: &str) -> bool {
                matches!(tag, #(#wires)|*)
            }

            fn decode_arm<'de, A: MapAccess<'de>>(tag: &str, fields: A) -> Result<Self, A::Error> {
                match tag {
                    #(#decode)*
                    other => Err(<A::Error as serde::de::Error>::custom(format_args!("`{other}` is not an arm of this union"))),
                }
            }

            fn unknown(arm: #unknown_arm) -> Self {
                Self::#unknown(arm)
            }
        }
    }
}
