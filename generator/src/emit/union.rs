//! Discriminated unions in the sibling and adjacent layouts (the internal one is `tagged`), with hand-written serde that reads and writes
//! exactly that layout and keeps discriminator values the spec does not list.

use proc_macro2::TokenStream;
use quote::quote;

use super::imports::Imports;
use super::names::{deprecated, doc, ident};
use crate::ir::{Arm, Layout, TypeDef, Union};

pub fn emit(def: &TypeDef, union: &Union, imports: &mut Imports) -> TokenStream {
    if union.layout == Layout::Internal {
        return super::tagged::emit(def, union, imports);
    }
    imports.add("serde::Deserialize");
    imports.add("serde::Deserializer");
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref());
    let deprecation = deprecated(def.deprecated.as_ref());
    let unknown = ident(&union.unknown_variant);
    let discriminator = &union.discriminator;
    let layout_doc = layout_doc(union, !docs.is_empty());
    let unknown_arm = imports.runtime("UnknownArm");
    let union_arms = imports.runtime("UnionArms");
    let payload_type = imports.runtime("Payload");
    let deserialize_union = imports.runtime("deserialize_union");
    imports.add("serde::de::MapAccess");

    let variants = union.arms.iter().map(|arm| {
        let variant = ident(&arm.variant);
        let payload = match &arm.payload {
            Some(ty) => imports.ty(ty),
            None => imports.ty(&crate::ir::TypeRef::Json),
        };
        let arm_doc = match (&arm.payload, &arm.property) {
            (_, Some(property)) => format!(" `{discriminator}: {}`, payload in `{property}`.", arm.value),
            (Some(_), None) => format!(" `{discriminator}: {}`.", arm.value),
            (None, None) => format!(" `{discriminator}: {}`; the spec documents no payload, so it is kept as raw JSON.", arm.value),
        };
        let arm_doc = super::names::clean_line(&arm_doc);
        let deprecation = deprecated(arm.deprecated.as_ref());
        quote!(#[doc = #arm_doc] #deprecation #variant(#payload),)
    }).collect::<Vec<_>>();
    let wires: Vec<&str> = union.arms.iter().map(|arm| arm.value.as_str()).collect();
    let arm_variants: Vec<_> = union.arms.iter().map(|arm| ident(&arm.variant)).collect();

    // How each known arm's payload is read: typed, or raw JSON when the spec gives no type.
    let decode_arms = union
        .arms
        .iter()
        .map(|arm| {
            let variant = ident(&arm.variant);
            let value = &arm.value;
            match &arm.payload {
                Some(ty) if imports.holds_decimal(ty) => {
                    quote!(#value => payload.decode_exact().map(Self::#variant),)
                }
                Some(_) => quote!(#value => payload.decode().map(Self::#variant),),
                None => quote!(#value => payload.raw().map(Self::#variant),),
            }
        })
        .collect::<Vec<_>>();
    let (layout_const, serialize_arms, payload_properties) = match &union.layout {
        Layout::Sibling => {
            let properties: Vec<&str> = union
                .arms
                .iter()
                .filter_map(|arm| arm.property.as_deref())
                .collect();
            let optional: Vec<&str> = union
                .arms
                .iter()
                .filter(|arm| arm.optional)
                .filter_map(|arm| arm.property.as_deref())
                .collect();
            let sibling = imports.runtime("SiblingLayout");
            let layout = quote! {
                const LAYOUT: #sibling = #sibling {
                    discriminator: #discriminator,
                    properties: &[#(#properties),*],
                    optional: &[#(#optional),*],
                };
            };
            let serialize = union.arms.iter().map(|arm| {
                let variant = ident(&arm.variant);
                let (value, property) = (&arm.value, arm.property.as_deref().unwrap_or_default());
                let payload = payload_expression(arm, imports);
                quote!(Self::#variant(payload) => Self::LAYOUT.serialize(serializer, #value, #property, #payload),)
            }).collect::<Vec<_>>();
            let properties = union.arms.iter().map(|arm| {
                let (value, property) = (&arm.value, arm.property.as_deref().unwrap_or_default());
                quote!(#value => Some(#property),)
            });
            (layout, quote!(#(#serialize)*), quote!(#(#properties)*))
        }
        Layout::Adjacent {
            value: value_property,
        } => {
            let adjacent = imports.runtime("AdjacentLayout");
            let layout = quote! {
                const LAYOUT: #adjacent = #adjacent {
                    discriminator: #discriminator,
                    value: #value_property,
                };
            };
            let serialize = union.arms.iter().map(|arm| {
                let variant = ident(&arm.variant);
                let value = &arm.value;
                let payload = payload_expression(arm, imports);
                quote!(Self::#variant(payload) => Self::LAYOUT.serialize(serializer, #value, #payload),)
            }).collect::<Vec<_>>();
            let properties = quote!(#(#wires)|* => Some(#value_property),);
            (layout, quote!(#(#serialize)*), properties)
        }
        Layout::Internal => return super::tagged::emit(def, union, imports),
    };

    quote! {
        #docs
        #layout_doc
        #deprecation
        // Payloads stay inline so arms can be matched without a `Box`; one large arm is
        // expected, not a mistake.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A discriminator value this version of the bindings does not know; the whole object
            /// is kept exactly as received.
            #unknown(#unknown_arm),
        }

        impl #name {
            #layout_const

            /// The discriminator value, as on the wire.
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
                    #serialize_arms
                    Self::#unknown(arm) => arm.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #deserialize_union(deserializer, Self::LAYOUT.discriminator)
            }
        }

        impl #union_arms for #name {
            fn payload_property(discriminator: &str) -> Option<&'static str> {
                match discriminator {
                    #payload_properties
                    _ => None,
                }
            }

            fn decode_arm<'de, A: MapAccess<'de>>(payload: #payload_type<'_, 'de, A>) -> Result<Self, A::Error> {
                match payload.discriminator() {
                    #(#decode_arms)*
                    _ => Err(payload.not_an_arm()),
                }
            }

            fn unknown(arm: #unknown_arm) -> Self {
                Self::#unknown(arm)
            }
        }
    }
}

/// What an arm's `serialize` writes: the payload, or a payload holding decimals wrapped so that
/// they are written as exact numbers.
fn payload_expression(arm: &Arm, imports: &mut Imports) -> TokenStream {
    match &arm.payload {
        Some(ty) if imports.holds_decimal(ty) => {
            let exact = imports.runtime("Exact");
            quote!(&#exact(payload))
        }
        _ => quote!(payload),
    }
}

/// The wire layout's doc line, after a blank doc line when a description precedes it.
fn layout_doc(union: &Union, described: bool) -> TokenStream {
    let discriminator = &union.discriminator;
    let text = match &union.layout {
        Layout::Sibling => format!(
            " On the wire: `{{\"{discriminator}\": ..., ...}}` with the payload in the property the \
             discriminator names and the other arms' properties `null`."
        ),
        Layout::Adjacent { value } => {
            format!(" On the wire: `{{\"{discriminator}\": ..., \"{value}\": ...}}`.")
        }
        Layout::Internal => {
            format!(" On the wire: `{{\"{discriminator}\": ..., ...}}`, the arm's fields beside it.")
        }
    };
    let text = super::names::clean_line(&text);
    let separator = described.then(super::names::doc_break);
    quote!(#separator #[doc = #text])
}
