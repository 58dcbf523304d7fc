//! The entities events name (`x-union` arms with `fetch`): `EventEntity` (an entity's kind and
//! id), each union's `entity()`, and `EntitiesToFetch` (the distinct entities of messages,
//! grouped by the operation that fetches them, with a request builder per operation).

use proc_macro2::TokenStream;
use quote::quote;

use super::imports::Imports;
use super::names::{doc_lines, ident};
use crate::ir::{Api, Entity, Presence, Shape, TypeDef, TypeRef, Union};

/// The unions with at least one arm naming an entity.
pub fn fetching_unions(api: &Api) -> impl Iterator<Item = (&TypeDef, &Union)> {
    api.types.iter().filter_map(|def| match &def.shape {
        Shape::Union(union) if union.arms.iter().any(|arm| arm.fetch.is_some()) => {
            Some((def, union))
        }
        _ => None,
    })
}

pub fn emit(api: &Api, imports: &mut Imports) -> TokenStream {
    if api.entities.is_empty() {
        return TokenStream::new();
    }
    let entity = entity_enum(&api.entities, imports);
    let fetches = entities_to_fetch(api, imports);
    let unions: Vec<_> = fetching_unions(api)
        .map(|(def, union)| union_entity(api, def, union, imports))
        .collect();
    quote! {
        #entity
        #fetches
        #(#unions)*
    }
}

fn entity_enum(entities: &[Entity], imports: &mut Imports) -> TokenStream {
    let variants = entities.iter().map(|entity| {
        let variant = ident(&entity.variant);
        let id = imports.ty(&entity.id);
        let text = format!(
            " Fetched with `{}` (its `{}`).",
            entity.operation, entity.ids_json
        );
        quote!(#[doc = #text] #variant(#id),)
    });
    let operations = entities.iter().map(|entity| {
        let variant = ident(&entity.variant);
        let operation = &entity.operation;
        quote!(Self::#variant(_) => #operation,)
    });
    quote! {
        /// An entity an event names: its kind and id. Fetch it with the operation
        /// [`EventEntity::operation_id`] names; [`EntitiesToFetch`] gathers many, each once.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventEntity {
            #(#variants)*
        }

        impl EventEntity {
            /// The id of the operation that fetches this entity, e.g. `customers_getAll`.
            pub fn operation_id(&self) -> &'static str {
                match self {
                    #(#operations)*
                }
            }
        }
    }
}

fn entities_to_fetch(api: &Api, imports: &mut Imports) -> TokenStream {
    let entities = &api.entities;
    let fields: Vec<_> = entities.iter().map(|entity| ident(&entity.field)).collect();
    let declarations = entities
        .iter()
        .zip(&fields)
        .map(|(entity, field)| {
            let id = imports.ty(&entity.id);
            let text = format!(
                " Ids to fetch with `{}`, each once, in the order first named.",
                entity.operation
            );
            quote!(#[doc = #text] pub #field: Vec<#id>,)
        })
        .collect::<Vec<_>>();
    let inserts = entities.iter().zip(&fields).map(|(entity, field)| {
        let variant = ident(&entity.variant);
        quote!(EventEntity::#variant(id) => {
            if self.#field.contains(&id) {
                return false;
            }
            self.#field.push(id);
        })
    });
    let iterators: Vec<_> = entities
        .iter()
        .zip(&fields)
        .map(|(entity, field)| {
            let variant = ident(&entity.variant);
            quote!(self.#field.iter().cloned().map(EventEntity::#variant))
        })
        .collect();
    let chain = iterators.iter().skip(1).fold(
        iterators.first().cloned().unwrap_or_default(),
        |chain, next| quote!(#chain.chain(#next)),
    );
    let builders: Vec<_> = entities
        .iter()
        .filter_map(|entity| request_builder(api, entity, imports))
        .collect();
    quote! {
        /// The distinct entities of one or more messages, grouped by the operation that fetches
        /// them: a customer that one message says was added and then updated is one customer to
        /// fetch. Build it with `entities()` of a message, or collect [`EventEntity`] values.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct EntitiesToFetch {
            #(#declarations)*
        }

        impl EntitiesToFetch {
            /// Adds an entity; `false` when it is there already.
            pub fn insert(&mut self, entity: EventEntity) -> bool {
                match entity {
                    #(#inserts)*
                }
                true
            }

            /// How many distinct entities there are.
            pub fn len(&self) -> usize {
                #(self.#fields.len())+*
            }

            /// Whether there is nothing to fetch.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// Every entity, grouped by operation, each in the order first named.
            pub fn iter(&self) -> impl Iterator<Item = EventEntity> + '_ {
                #chain
            }

            #(#builders)*
        }

        impl Extend<EventEntity> for EntitiesToFetch {
            fn extend<I: IntoIterator<Item = EventEntity>>(&mut self, entities: I) {
                for entity in entities {
                    self.insert(entity);
                }
            }
        }

        impl FromIterator<EventEntity> for EntitiesToFetch {
            fn from_iter<I: IntoIterator<Item = EventEntity>>(entities: I) -> Self {
                let mut fetches = EntitiesToFetch::default();
                fetches.extend(entities);
                fetches
            }
        }
    }
}

/// `customers_get_all(extent, limitation) -> Option<CustomerFilterParameters>`: the operation's
/// request for these ids, taking the request's other required fields; compiled with the
/// operation's resource.
fn request_builder(api: &Api, entity: &Entity, imports: &mut Imports) -> Option<TokenStream> {
    let Shape::Struct(request) = &api
        .types
        .iter()
        .find(|def| def.name == entity.request)?
        .shape
    else {
        return None;
    };
    let own = ident(&entity.field);
    let parameters = request
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Required && field.json_name != entity.ids_json)
        .map(|field| {
            let name = ident(&field.rust_name);
            let ty = rooted(&field.ty, imports);
            quote!(#name: #ty)
        })
        .collect::<Vec<_>>();
    let values = request.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        match (field.json_name == entity.ids_json, field.presence) {
            (true, Presence::Required) => quote!(#name: self.#own.clone()),
            (true, _) => quote!(#name: Some(self.#own.clone())),
            (false, Presence::Required) => quote!(#name),
            (false, _) => quote!(#name: None),
        }
    });
    let method = ident(&format!(
        "{}_{}",
        entity.module.trim_end_matches('_'),
        entity.method.trim_start_matches("r#")
    ));
    let request_type = rooted(&TypeRef::Named(entity.request.clone()), imports);
    let feature = super::features::cfg(&[entity.module.as_str()]);
    let text = format!(
        "A `{}` request for the ids in `{}` (its `{}`), with the request's other required\n\
         fields as given; `None` when there are none. Compiled with the operation's resource.",
        entity.operation, entity.field, entity.ids_json
    );
    let docs = doc_lines(&text);
    Some(quote! {
        #docs
        #feature
        #[allow(clippy::too_many_arguments, deprecated)]
        pub fn #method(&self, #(#parameters),*) -> Option<#request_type> {
            if self.#own.is_empty() {
                return None;
            }
            Some(#request_type { #(#values),* })
        }
    })
}

/// A type written from the crate root (`crate::CustomerExtent`), for items compiled only with a
/// resource, whose types this module does not import.
fn rooted(ty: &TypeRef, imports: &mut Imports) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(crate::#name)
        }
        TypeRef::Vec(inner) => {
            let inner = rooted(inner, imports);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rooted(inner, imports);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::UpdateValue(inner) => {
            let inner = rooted(inner, imports);
            quote!(crate::runtime::UpdateValue<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = rooted(inner, imports);
            quote!(Box<#inner>)
        }
        other => imports.ty(other),
    }
}

/// `entity()` of a union whose arms name entities.
fn union_entity(api: &Api, def: &TypeDef, union: &Union, imports: &mut Imports) -> TokenStream {
    let name = imports.named(&def.name);
    let arms = union.arms.iter().filter_map(|arm| {
        let fetch = arm.fetch.as_ref()?;
        let entity = api.entities.get(fetch.entity)?;
        let variant = ident(&arm.variant);
        let kind = ident(&entity.variant);
        let field = ident(&fetch.id_field);
        let id = match entity.id {
            TypeRef::String => quote!(payload.#field.clone()),
            _ => quote!(payload.#field),
        };
        Some(quote!(Self::#variant(payload) => Some(EventEntity::#kind(#id)),))
    });
    quote! {
        impl #name {
            /// The entity this event names, to fetch with the operation that reads it; `None`
            /// for an event that names none, and for one these bindings do not know.
            pub fn entity(&self) -> Option<EventEntity> {
                match self {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    }
}
