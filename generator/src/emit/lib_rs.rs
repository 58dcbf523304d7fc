//! The crate root: the front page, modules, re-exports of every type and of the crates the API
//! uses at the root, and the spec fingerprint.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{doc_lines, ident, inner_doc_lines, plain_ident};
use super::runtime::{CRATE, DEPENDENCY_EXPORTS, ROOT_EXPORTS, RUNTIME_DEPENDENCY_EXPORTS};
use super::{features, front_page};
use crate::ir::{naming, Api, EnvelopeField, Module};

pub fn emit(api: &Api, fingerprint: &str) -> TokenStream {
    let crate_doc = inner_doc_lines(&front_page::text(api));
    // A resource module (and its re-exports) is compiled by its feature; `shared` always, its
    // types gated one by one.
    let gate = |module: &Module| match &module.resource {
        Some(_) => features::cfg(&[module.name.as_str()]),
        None if module.is_events() => features::cfg(&[module.name.as_str()]),
        None => TokenStream::new(),
    };
    let modules = api.modules.iter().map(|module| {
        let name = ident(&module.name);
        let cfg = gate(module);
        // prettyplease formats these files; rustfmt would format them differently.
        quote!(#cfg #[rustfmt::skip] pub mod #name;)
    });
    let runtime_exports = ROOT_EXPORTS.iter().map(|name| ident(name));
    let crate_exports = DEPENDENCY_EXPORTS.iter().map(|name| ident(name));
    let runtime_crate_exports = RUNTIME_DEPENDENCY_EXPORTS.iter().map(|name| ident(name));
    let runtime_crate = ident(CRATE);
    let example = api
        .modules
        .iter()
        .find(|module| module.resource.is_some())
        .map_or("resource", |module| module.name.as_str());
    let client = client(example);
    let envelope = envelope(&api.envelope);
    quote! {
        #crate_doc

        pub use #runtime_crate as runtime;

        // The crates whose types the API uses, at the versions it uses: `mews_connector::uuid::Uuid`
        // needs no version matching in the application's manifest.
        pub use runtime::{#(#runtime_crate_exports),*};
        pub use {#(#crate_exports),*};

        #(#modules)*

        // prettyplease breaks this list elsewhere than rustfmt would.
        #[rustfmt::skip]
        pub use runtime::{#(#runtime_exports),*};

        // Every type and API struct, by name (see the file); included, so that rustfmt, whose
        // layout of long `cfg` attributes differs from the generator's, leaves them alone.
        include!(#ROOT_EXPORTS_FILE);

        #client

        #envelope

        /// Fingerprint of the spec these bindings were generated from; `build.rs` compares it with
        /// the spec's current text to catch bindings that were not regenerated.
        pub const SPEC_FINGERPRINT: &str = #fingerprint;
    }
}

/// Types `lib.rs` defines itself.
const ROOT_ITEMS: &[&str] = &["Client", "ClientBuilder"];

/// The file `lib.rs` includes with the root re-exports; a hyphen keeps it apart from every
/// module file.
pub const ROOT_EXPORTS_FILE: &str = "root-exports.rs";

/// The contents of [`ROOT_EXPORTS_FILE`]: every type and API struct at the crate root, one
/// `pub use` each with the `cfg` of the item it names. A glob (`pub use bills::*`) would hide
/// the item from rustc's "found an item that was configured out" note, so a type of a disabled
/// resource would be a bare "no `X` in the root"; named one by one, the error points at the
/// gate, which names the feature to enable. Sorted by path.
pub fn root_exports(api: &Api) -> TokenStream {
    let exports = exports(api).into_iter().map(|export| {
        let cfg = features::cfg(&export.cfg);
        // Re-exporting a deprecated type is no use of it: the user's use still warns.
        let allow = export.deprecated.then(|| quote!(#[allow(deprecated)]));
        let (module, name) = (ident(&export.module), ident(&export.name));
        quote!(#cfg #allow pub use #module::#name;)
    });
    quote!(#(#exports)*)
}

/// [`root_exports`] as the text prettyplease prints for it, or `None` when a name would print
/// otherwise (a raw identifier).
pub fn root_exports_text(api: &Api) -> Option<String> {
    let mut text = String::new();
    for export in exports(api) {
        let (module, name) = (&export.module, &export.name);
        if !plain_ident(module) || !plain_ident(name) {
            return None;
        }
        text.push_str(&features::cfg_text(&export.cfg));
        if export.deprecated {
            text.push_str("#[allow(deprecated)]\n");
        }
        text.push_str(&format!("pub use {module}::{name};\n"));
    }
    Some(text)
}

/// One `pub use` of the root.
struct Export {
    module: String,
    name: String,
    /// The modules whose features gate it.
    cfg: Vec<String>,
    deprecated: bool,
}

/// The root's re-exports, sorted by path.
fn exports(api: &Api) -> Vec<Export> {
    let mut exports = Vec::new();
    for module in &api.modules {
        if module.resource.is_some() {
            exports.push(Export {
                module: module.name.clone(),
                name: naming::api_struct_name(&module.name),
                cfg: vec![module.name.clone()],
                deprecated: false,
            });
        }
    }
    // A type named like an item the root defines or takes from the runtime (`Client`,
    // `ApiError`...) stays at its module's path: two `pub use`s of one name do not compile.
    let taken = |name: &str| ROOT_EXPORTS.contains(&name) || ROOT_ITEMS.contains(&name);
    for def in api.types.iter().filter(|def| !taken(&def.name)) {
        let cfg = match api.modules.iter().find(|module| module.name == def.module) {
            Some(module) if module.resource.is_some() => vec![module.name.clone()],
            _ => def.used_by.clone(),
        };
        exports.push(Export {
            module: def.module.clone(),
            name: def.name.clone(),
            cfg,
            deprecated: def.deprecated.is_some(),
        });
    }
    // The events module's own items (`Webhook`, `EventEntity`, `EntitiesToFetch`).
    for name in super::events::own_items(api) {
        if !taken(name) {
            exports.push(Export {
                module: "events".to_owned(),
                name: name.to_owned(),
                cfg: vec!["events".to_owned()],
                deprecated: false,
            });
        }
    }
    exports.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
    exports
}

/// The spec's `x-envelope` as data for the runtime: the body fields every request carries, which
/// `build()` requires, which are secrets; and the client type that names it.
fn envelope(fields: &[EnvelopeField]) -> TokenStream {
    let fields = fields.iter().map(|field| {
        let EnvelopeField {
            name,
            required,
            secret,
        } = field;
        quote!(runtime::EnvelopeField { name: #name, required: #required, secret: #secret })
    });
    quote! {
        /// The body fields every request carries (the spec's `x-envelope`), in the order they are
        /// sent; the client fills them from what it was built with
        /// ([`runtime::ClientBuilder::envelope_field`] and the named setters).
        pub const ENVELOPE: runtime::Envelope = runtime::Envelope {
            fields: &[#(#fields),*],
        };

        impl runtime::ApiClient for Client {
            const ENVELOPE: &'static runtime::Envelope = &ENVELOPE;
        }
    }
}

/// The crate's `Client`: a wrapper of the runtime's, so that the resource modules can give it one
/// accessor each (`client.orders()`) without a trait to import; an inherent impl on the runtime's
/// type is not possible from another crate.
fn client(example_resource: &str) -> TokenStream {
    let client_doc = doc_lines(&format!(
        "The asynchronous API client: the runtime's [`runtime::Client`] with one accessor per\n\
         resource, e.g. `client.{example_resource}()`.\n\n\
         Build one with [`Client::builder`]. Cheap to clone: clones share the connection pool\n\
         and the rate limiter. It dereferences to [`runtime::Client`], whose methods (`base_url`,\n\
         `call`, ...) it therefore has too."
    ));
    quote! {
        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: runtime::Client,
        }

        /// Configures a [`Client`]; every setting is described on [`runtime::ClientBuilder`].
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// A cheap view of this client whose calls use `options` over the client's
            /// settings; see [`runtime::Client::with_options`].
            #[must_use]
            pub fn with_options(&self, options: &runtime::CallOptions) -> Client {
                Client { inner: self.inner.with_options(options) }
            }

            /// Runs `calls` with a view of this client and returns its value with the HTTP
            /// answer of the last successful call it made; see [`runtime::Client::with_raw`].
            ///
            /// # Errors
            ///
            /// The error of `calls`, or [`runtime::Error::Config`] when it made no successful
            /// call.
            pub async fn with_raw<T, F, Fut>(&self, calls: F) -> Result<runtime::Raw<T>, Error>
            where
                F: FnOnce(Client) -> Fut,
                Fut: std::future::Future<Output = Result<T, Error>>,
            {
                self.inner.with_raw(|inner| calls(Client { inner })).await
            }
        }

        impl From<runtime::Client> for Client {
            fn from(inner: runtime::Client) -> Self {
                Client { inner }
            }
        }

        impl std::ops::Deref for Client {
            type Target = runtime::Client;

            fn deref(&self) -> &runtime::Client {
                &self.inner
            }
        }

        impl AsRef<runtime::Client> for Client {
            fn as_ref(&self) -> &runtime::Client {
                &self.inner
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The root's re-exports as text are what prettyplease prints for their tokens (the
    /// committed spec's: gates of one feature, of a few, of many, and deprecated types).
    #[test]
    fn the_root_exports_as_text_are_what_prettyplease_prints() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/connector.yaml");
        let text = std::fs::read_to_string(path).expect("the committed spec");
        let api =
            crate::ir::lower(&crate::parse::parse(&text).expect("it parses")).expect("lowers");
        let tokens = super::root_exports(&api);
        let printed = prettyplease::unparse(&syn::parse2(tokens).expect("the tokens parse"));
        let text = super::root_exports_text(&api).expect("the committed spec's names are plain");
        assert!(text.contains("#[allow(deprecated)]") && text.contains("    any(\n"));
        assert_eq!(text, printed);
    }
}
