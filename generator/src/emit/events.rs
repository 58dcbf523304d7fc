//! The `events` module's own items: decoding of each message from a body's bytes, the
//! `Webhook` enum of every webhook an endpoint may receive, each message's `entities()`, and the
//! entity helpers (`entities`).

use proc_macro2::TokenStream;
use quote::quote;

use super::entities::{self, fetching_unions};
use super::imports::Imports;
use super::names::{doc_lines, ident};
use crate::ir::{Api, Channel, EventMessage, Presence, Shape, TypeRef};

pub fn emit(api: &Api, imports: &mut Imports) -> TokenStream {
    let decoders: Vec<_> = api
        .events
        .iter()
        .map(|event| decoder(event, imports))
        .collect();
    let webhook = webhook_enum(api, imports);
    let entities = entities::emit(api, imports);
    let websocket = websocket_client(api, imports);
    let message_entities: Vec<_> = api
        .events
        .iter()
        .filter_map(|event| message_entities(api, event, imports))
        .collect();
    quote! {
        #(#decoders)*
        #webhook
        #websocket
        #entities
        #(#message_entities)*
    }
}

/// The items this module defines beside the spec's types (`Webhook`, `EventEntity`,
/// `EntitiesToFetch`), for the crate root's re-exports: exactly those [`emit`] writes.
pub fn own_items(api: &Api) -> Vec<&'static str> {
    let mut items = Vec::new();
    if has_webhook_enum(api) {
        items.push("Webhook");
    }
    if !api.entities.is_empty() {
        items.extend(["EventEntity", "EntitiesToFetch"]);
    }
    items
}

/// Whether there is a `Webhook` enum: several webhooks, each with a marker key.
fn has_webhook_enum(api: &Api) -> bool {
    let mut webhooks = api
        .events
        .iter()
        .filter(|event| event.channel == Channel::Webhook);
    webhooks.clone().count() >= 2 && webhooks.all(|event| event.marker.is_some())
}

fn channel_text(event: &EventMessage) -> String {
    match &event.channel {
        Channel::Webhook => format!("the body of a `{}` webhook delivery", event.id),
        Channel::WebSocket { path } => format!("a message of the WebSocket at `{path}`"),
    }
}

fn decoder(event: &EventMessage, imports: &mut Imports) -> TokenStream {
    let name = imports.named(&event.message);
    let error = imports.runtime("JsonPathError");
    let decode_json = imports.runtime("decode_json");
    let docs = doc_lines(&format!(
        "Decodes {} from its bytes; the error names the JSON path of the\nfailure (`Events[2].Value.Id`).",
        channel_text(event)
    ));
    let payload = (event.channel == Channel::Webhook).then(|| {
        let trait_ = imports.runtime("WebhookPayload");
        quote! {
            impl #trait_ for #name {
                fn decode(body: &[u8]) -> Result<Self, #error> {
                    Self::from_json(body)
                }
            }
        }
    });
    quote! {
        impl #name {
            #docs
            pub fn from_json(body: &[u8]) -> Result<Self, #error> {
                #decode_json(body)
            }
        }

        #payload
    }
}

/// `Webhook`: every webhook, told apart by each message's marker key. Only when there are
/// several webhooks and each has a key no other has.
fn webhook_enum(api: &Api, imports: &mut Imports) -> TokenStream {
    if !has_webhook_enum(api) {
        return TokenStream::new();
    }
    let webhooks: Vec<&EventMessage> = api
        .events
        .iter()
        .filter(|event| event.channel == Channel::Webhook)
        .collect();
    imports.add("serde::Serialize");
    imports.add("serde::Serializer");
    let error = imports.runtime("JsonPathError");
    let trait_ = imports.runtime("WebhookPayload");
    let object_keys = imports.runtime("object_keys");
    let unknown_message = imports.runtime("unknown_message");
    let mut variants = Vec::new();
    let mut decodes = Vec::new();
    let mut serializes = Vec::new();
    let mut expected = Vec::new();
    for event in &webhooks {
        let variant = ident(&event.variant);
        let message = imports.named(&event.message);
        let marker = event.marker.clone().unwrap_or_default();
        let text = format!(" A `{}` delivery (its body has `{marker}`).", event.id);
        variants.push(quote!(#[doc = #text] #variant(#message),));
        decodes.push(quote! {
            if keys.iter().any(|key| key == #marker) {
                return #message::from_json(body).map(Self::#variant);
            }
        });
        serializes.push(quote!(Self::#variant(message) => message.serialize(serializer),));
        expected.push(format!("`{marker}` ({})", event.id));
    }
    let expected = expected.join(" or ");
    quote! {
        /// A delivery to an endpoint registered for several webhooks: the message of whichever
        /// webhook it is, told apart by a key only that webhook's messages have.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Webhook {
            #(#variants)*
        }

        impl Webhook {
            /// Decodes a delivery's body as the webhook its keys say it is; the error names the
            /// JSON path of the failure, or says the body is none of them.
            pub fn from_json(body: &[u8]) -> Result<Self, #error> {
                let keys = #object_keys(body)?;
                #(#decodes)*
                Err(#unknown_message(#expected))
            }
        }

        impl #trait_ for Webhook {
            fn decode(body: &[u8]) -> Result<Self, #error> {
                Self::from_json(body)
            }
        }

        impl Serialize for Webhook {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serializes)*
                }
            }
        }
    }
}

/// `client.websocket()` typed with the WebSocket's event: the runtime's client (feature
/// `websocket`) splits each message's `Events` array and decodes every event on its own, so the
/// stream's items are the array's element type. Only when the message has that array.
fn websocket_client(api: &Api, imports: &mut Imports) -> TokenStream {
    let Some(event) = api
        .events
        .iter()
        .find(|event| matches!(event.channel, Channel::WebSocket { .. }))
    else {
        return TokenStream::new();
    };
    let element = api
        .types
        .iter()
        .find(|def| def.name == event.message)
        .and_then(|def| {
            let Shape::Struct(object) = &def.shape else {
                return None;
            };
            let field = object
                .fields
                .iter()
                .find(|field| field.json_name == "Events")?;
            match &field.ty {
                TypeRef::Vec(inner) => Some((**inner).clone()),
                _ => None,
            }
        });
    let Some(element) = element else {
        return TokenStream::new();
    };
    let element = imports.ty(&element);
    let path = match &event.channel {
        Channel::WebSocket { path } => path.as_str(),
        Channel::Webhook => "",
    };
    let docs = doc_lines(&format!(
        "Subscribes to the WebSocket (`{path}` on the environment's WebSocket address) with this\n\
         client's tokens: `.connect().await` gives a stream of [`{}`] items, with reconnects and\n\
         a note of each drop (see `runtime::websocket`).",
        element
    ));
    // `crate::Client` by path: an import would be unused without the `websocket` feature.
    quote! {
        #[cfg(feature = "websocket")]
        impl crate::Client {
            #docs
            pub fn websocket(&self) -> crate::runtime::websocket::Builder<#element> {
                self.as_ref().websocket()
            }
        }
    }
}

/// `entities()` of a message whose fields hold events naming entities (or that is such an
/// event itself).
fn message_entities(api: &Api, event: &EventMessage, imports: &mut Imports) -> Option<TokenStream> {
    let fetching: Vec<&str> = fetching_unions(api)
        .map(|(def, _)| def.name.as_str())
        .collect();
    let def = api.types.iter().find(|def| def.name == event.message)?;
    let gathers: Vec<TokenStream> = match &def.shape {
        Shape::Union(_) if fetching.contains(&def.name.as_str()) => {
            vec![quote!(entities.extend(self.entity());)]
        }
        Shape::Struct(object) => object
            .fields
            .iter()
            .filter_map(|field| {
                let name = ident(&field.rust_name);
                let optional = field.presence != Presence::Required;
                let (union, many) = match &field.ty {
                    TypeRef::Named(union) => (union, false),
                    TypeRef::Vec(inner) => match &**inner {
                        TypeRef::Named(union) => (union, true),
                        _ => return None,
                    },
                    _ => return None,
                };
                if !fetching.contains(&union.as_str()) {
                    return None;
                }
                let union = imports.named(union);
                Some(match (optional, many) {
                    (false, false) => quote!(entities.extend(self.#name.entity());),
                    (true, false) => quote!(entities.extend(self.#name.as_ref().and_then(#union::entity));),
                    (false, true) => quote!(entities.extend(self.#name.iter().filter_map(#union::entity));),
                    (true, true) => quote!(entities.extend(self.#name.iter().flatten().filter_map(#union::entity));),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    if gathers.is_empty() {
        return None;
    }
    let name = imports.named(&event.message);
    Some(quote! {
        impl #name {
            /// The entities this message's events name, each once, grouped by the operation
            /// that fetches them (an entity added and updated in one message is fetched once).
            pub fn entities(&self) -> EntitiesToFetch {
                let mut entities = EntitiesToFetch::default();
                #(#gathers)*
                entities
            }
        }
    })
}
