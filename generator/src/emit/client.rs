//! The client side of one resource: `Client::{resource}()` and one async method per operation,
//! plus the pagination glue for operations that page with a cursor.

use proc_macro2::TokenStream;
use quote::quote;

use super::client_text::{self, Paging, Splitting, Static};
use super::decode_text::type_text;
use super::format::Splices;
use super::imports::Imports;
use super::method_text;
use super::names::{deprecated, doc, doc_break, doc_lines, ident, plain_ident, plain_literal};
use crate::ir::{naming, EnterpriseScope, Module, Operation, Pagination, SplitKind};

pub fn emit(
    module: &Module,
    operations: &[&Operation],
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    let Some(resource) = &module.resource else {
        return TokenStream::new();
    };
    let runtime = RuntimeNames {
        client: imports.client(),
        error: imports.runtime("Error"),
        operation: imports.runtime("Operation"),
        scope: imports.runtime("EnterpriseScope"),
    };
    let client = &runtime.client;
    let api = ident(&naming::api_struct_name(&module.name));
    let accessor = ident(&module.name);
    let api_doc = format!(
        " Operations on `{resource}`: get it with [`Client::{}`].",
        module.name
    );
    let accessor_doc = format!(" Operations on `{resource}`.");
    let statics: Vec<_> = operations
        .iter()
        .map(|operation| match static_as_text(operation, &runtime) {
            Some(text) => splices.add(text),
            None => operation_static(operation, &runtime),
        })
        .collect();
    let methods = match methods_as_text(module, operations, &runtime, imports) {
        Some(text) => splices.add(text),
        None => methods_tokens(&api, operations, &runtime, imports),
    };
    let paging: Vec<_> = operations
        .iter()
        .map(|operation| paging_impls(operation, imports, splices))
        .collect();
    quote! {
        #[doc = #api_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #api<'a> {
            client: &'a #client,
        }

        impl #client {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> #api<'_> {
                #api { client: self }
            }
        }

        #(#statics)*

        #methods

        #(#paging)*
    }
}

/// Runtime items, as this module can name them.
struct RuntimeNames {
    client: TokenStream,
    error: TokenStream,
    operation: TokenStream,
    scope: TokenStream,
}

fn static_ident(operation: &Operation) -> proc_macro2::Ident {
    ident(&operation.static_name)
}

/// The scope's variant, as the `static` names it.
fn scope_variant(operation: &Operation) -> &'static str {
    match operation.enterprise_scope {
        EnterpriseScope::None => "None",
        EnterpriseScope::Single => "Single",
        EnterpriseScope::Many => "Many",
    }
}

/// The `static` as text ([`client_text`]), when its printer knows the layout.
fn static_as_text(operation: &Operation, runtime: &RuntimeNames) -> Option<String> {
    let name = static_ident(operation).to_string();
    let scope_type = type_text(&runtime.scope)?;
    client_text::operation_static(&Static {
        name: &name,
        operation_type: &type_text(&runtime.operation)?,
        id: &operation.id,
        path: &operation.path,
        retry_safe: operation.retry_safe,
        scope: &format!("{scope_type}::{}", scope_variant(operation)),
    })
}

fn operation_static(operation: &Operation, runtime: &RuntimeNames) -> TokenStream {
    let name = static_ident(operation);
    let (id, path, retry_safe) = (&operation.id, &operation.path, operation.retry_safe);
    let scope = ident(scope_variant(operation));
    let (operation_type, scope_type) = (&runtime.operation, &runtime.scope);
    quote! {
        static #name: #operation_type = #operation_type {
            id: #id,
            path: #path,
            retry_safe: #retry_safe,
            enterprise_scope: #scope_type::#scope,
        };
    }
}

/// `impl XApi<'_>` with every operation's methods, as tokens.
fn methods_tokens(
    api: &proc_macro2::Ident,
    operations: &[&Operation],
    runtime: &RuntimeNames,
    imports: &mut Imports,
) -> TokenStream {
    let methods = operations
        .iter()
        .map(|operation| methods(operation, runtime, imports));
    quote! {
        impl #api<'_> {
            #(#methods)*
        }
    }
}

/// `impl XApi<'_>` as text ([`method_text`]), when its printer knows the layout. Names are
/// taken from `imports` under the same conditions as the tokens take them.
fn methods_as_text(
    module: &Module,
    operations: &[&Operation],
    runtime: &RuntimeNames,
    imports: &mut Imports,
) -> Option<String> {
    let error = type_text(&runtime.error)?;
    let api = naming::api_struct_name(&module.name);
    let mut paged = None;
    let mut methods = Vec::with_capacity(operations.len());
    for operation in operations {
        if !plain_ident(&operation.method) || !plain_ident(&operation.static_name) {
            return None;
        }
        let request = type_text(&imports.named(&operation.request))?;
        let response = type_text(&imports.named(&operation.response))?;
        let item = match &operation.pagination {
            Some(pagination) => {
                paged = Some(imports.runtime_text("Paged"));
                Some(imports.ty_text(&pagination.item))
            }
            None => None,
        };
        methods.push(method_text::Method {
            operation,
            docs: method_text::method_docs(operation, &method_notes(operation)),
            request,
            response,
            item,
        });
    }
    let names = method_text::Names {
        api: &api,
        error: &error,
        paged: paged.as_deref(),
    };
    method_text::render(&names, &methods)
}

fn methods(operation: &Operation, runtime: &RuntimeNames, imports: &mut Imports) -> TokenStream {
    let error = &runtime.error;
    let name = ident(&operation.method);
    let op = static_ident(operation);
    let request = imports.named(&operation.request);
    let response = imports.named(&operation.response);
    let docs = method_doc(operation);
    let deprecation = deprecated(operation.deprecated.as_ref());
    let single = quote! {
        #docs
        #deprecation
        #[inline]
        pub async fn #name(&self, request: &#request) -> Result<#response, #error> {
            self.client.call(&#op, request).await
        }
    };
    let Some(pagination) = &operation.pagination else {
        return single;
    };
    let paged = imports.runtime("Paged");
    let pages = ident(&format!("{}_pages", operation.method));
    let stream = ident(&format!("{}_stream", operation.method));
    let item = imports.ty(&pagination.item);
    let pages_doc = method_text::pages_doc(&operation.method);
    let stream_doc = method_text::stream_doc(&operation.method);
    quote! {
        #single

        #[doc = #pages_doc]
        #deprecation
        #[inline]
        pub fn #pages(&self, request: #request) -> #paged<#response> {
            self.client.pages(&#op, request)
        }

        #[doc = #stream_doc]
        #deprecation
        #[inline]
        pub fn #stream(&self, request: #request) -> #paged<#item> {
            self.client.items::<_, #response>(&#op, request)
        }
    }
}

fn method_doc(operation: &Operation) -> TokenStream {
    let description = doc(operation.doc.as_deref());
    let separator = (!description.is_empty()).then(doc_break);
    let notes = doc_lines(&method_notes(operation));
    quote!(#description #separator #notes)
}

/// The notes after a method's description: its path, then whether it is retried.
fn method_notes(operation: &Operation) -> String {
    let retry = if operation.retry_safe {
        "Safe to repeat: retried after timeouts, server errors and lost connections as well as 429."
    } else {
        "Not repeated after the request may have reached the server (only 429, which Mews rejects before running the request, is retried)."
    };
    format!("`POST {}`\n\n{retry}", operation.path)
}

/// `impl PagedRequest` and `impl Page`, each as text when [`client_text`] knows its layout.
fn paging_impls(
    operation: &Operation,
    imports: &mut Imports,
    splices: &mut Splices,
) -> TokenStream {
    let Some(pagination) = &operation.pagination else {
        return TokenStream::new();
    };
    let (paged, page) = paging_as_text(operation, pagination, imports);
    if let (Some(paged), Some(page)) = (&paged, &page) {
        let (paged, page) = (splices.add(paged.clone()), splices.add(page.clone()));
        return quote!(#paged #page);
    }
    let tokens = paging_tokens(operation, pagination, imports);
    let mut items = TokenStream::new();
    for (text, tokens) in [paged, page].into_iter().zip(tokens) {
        items.extend(match text {
            Some(text) => splices.add(text),
            None => tokens,
        });
    }
    items
}

/// The two impls' texts, when [`client_text`] knows their layouts.
fn paging_as_text(
    operation: &Operation,
    pagination: &Pagination,
    imports: &mut Imports,
) -> (Option<String>, Option<String>) {
    let text = |tokens: TokenStream| type_text(&tokens);
    let names = (|| {
        Some([
            text(imports.named(&operation.request))?,
            text(imports.named(&operation.response))?,
            text(imports.ty(&pagination.item))?,
            imports.runtime_text("PagedRequest"),
            imports.runtime_text("Page"),
            imports.runtime_text("ItemKey"),
        ])
    })();
    let Some([request, response, item, paged_request, page, key]) = names else {
        return (None, None);
    };
    let fields = [
        &pagination.limitation_field,
        &pagination.count_field,
        &pagination.cursor_field,
        &pagination.response_cursor_field,
        &pagination.items_field,
    ];
    if !fields.into_iter().all(|name| plain_ident(name)) {
        return (None, None);
    }
    let splitting = splitting_text(pagination, imports);
    if !pagination.splits.is_empty() && splitting.is_none() {
        return (None, None);
    }
    let item_key = item_key_text(pagination, &key);
    let paging = Paging {
        request: &request,
        response: &response,
        item: &item,
        limitation: &pagination.limitation_field,
        count: &pagination.count_field,
        cursor: &pagination.cursor_field,
        next: &pagination.response_cursor_field,
        items: &pagination.items_field,
        items_json: &pagination.items_json,
        cursor_json: &pagination.response_cursor_json,
        paged_request: &paged_request,
        page: &page,
        item_key: item_key.as_deref().unwrap_or_default(),
        item_key_type: &key,
        splitting,
    };
    let page = item_key
        .is_some()
        .then(|| client_text::page(&paging))
        .flatten();
    (client_text::paged_request(&paging), page)
}

/// The filters and narrowings as text (`None` when a name would print otherwise).
fn splitting_text(pagination: &Pagination, imports: &mut Imports) -> Option<Splitting> {
    if pagination.splits.is_empty() {
        return None;
    }
    let split_filter = imports.runtime_text("SplitFilter");
    let part = imports.runtime_text("Part");
    let mut filters = Vec::new();
    let mut narrows = Vec::new();
    for split in &pagination.splits {
        let (field, json) = (&split.field, &split.json);
        if !plain_ident(field) || !plain_literal(json) {
            return None;
        }
        match &split.kind {
            SplitKind::Items { max } => {
                filters.push((
                    format!("{split_filter}::items"),
                    vec![
                        format!("\"{json}\""),
                        max.to_string(),
                        format!("&self.{field}"),
                    ],
                ));
                narrows.push(format!("part.narrow_items(&mut self.{field})"));
            }
            SplitKind::Interval { max } => {
                let max = super::limits::max_interval_text(max, imports)?;
                filters.push((
                    format!("{split_filter}::interval"),
                    vec![format!("\"{json}\""), max, format!("&self.{field}")],
                ));
                narrows.push(format!("part.narrow_interval(&mut self.{field})"));
            }
        }
    }
    Some(Splitting {
        split_filter,
        part,
        filters,
        narrows,
    })
}

fn paging_tokens(
    operation: &Operation,
    pagination: &Pagination,
    imports: &mut Imports,
) -> [TokenStream; 2] {
    let request = imports.named(&operation.request);
    let response = imports.named(&operation.response);
    let item = imports.ty(&pagination.item);
    let limitation = ident(&pagination.limitation_field);
    let count = ident(&pagination.count_field);
    let cursor = ident(&pagination.cursor_field);
    let next = ident(&pagination.response_cursor_field);
    let items = ident(&pagination.items_field);
    let items_json = &pagination.items_json;
    let cursor_json = &pagination.response_cursor_json;
    let paged_request = imports.runtime("PagedRequest");
    let page = imports.runtime("Page");
    let splitting = splitting(pagination, imports);
    let item_key = item_key(pagination, imports);
    let paged = quote! {
        impl #paged_request for #request {
            fn page_size(&self) -> usize {
                usize::try_from(self.#limitation.#count).unwrap_or(0)
            }

            fn set_cursor(&mut self, cursor: Option<String>) {
                self.#limitation.#cursor = cursor;
            }

            #splitting
        }
    };
    let page = quote! {
        impl #page for #response {
            type Item = #item;
            const ITEMS_FIELD: &'static str = #items_json;
            const CURSOR_FIELD: &'static str = #cursor_json;

            fn cursor(&self) -> Option<String> {
                self.#next.clone()
            }

            fn len(&self) -> usize {
                self.#items.len()
            }

            fn into_items(self) -> Vec<Self::Item> {
                self.#items
            }

            #item_key

            fn retain_items<F: FnMut(&Self::Item) -> bool>(&mut self, keep: F) {
                self.#items.retain(keep);
            }
        }
    };
    [paged, page]
}

/// `split_filters` and `narrow`: the request's id lists (`maxItems`) and intervals
/// (`x-max-interval`), which a stream splits when they are longer than the API takes.
fn splitting(pagination: &Pagination, imports: &mut Imports) -> TokenStream {
    if pagination.splits.is_empty() {
        return TokenStream::new();
    }
    let (split_filter, part) = (imports.runtime("SplitFilter"), imports.runtime("Part"));
    let mut filters = Vec::new();
    let mut narrows = Vec::new();
    for (index, split) in pagination.splits.iter().enumerate() {
        let (field, json) = (ident(&split.field), &split.json);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        match &split.kind {
            SplitKind::Items { max } => {
                let max = proc_macro2::Literal::u64_unsuffixed(*max);
                filters.push(quote!(#split_filter::items(#json, #max, &self.#field)));
                narrows.push(quote!(#index => part.narrow_items(&mut self.#field),));
            }
            SplitKind::Interval { max } => {
                let max = super::limits::max_interval(max, imports);
                filters.push(quote!(#split_filter::interval(#json, #max, &self.#field)));
                narrows.push(quote!(#index => part.narrow_interval(&mut self.#field),));
            }
        }
    }
    // `Vec::from([...])`, not `vec![...]`: prettyplease leaves macro bodies unformatted.
    quote! {
        fn split_filters(&self) -> Vec<#split_filter> {
            Vec::from([#(#filters),*])
        }

        fn narrow(&mut self, filter: usize, part: &#part) {
            match filter {
                #(#narrows)*
                _ => {}
            }
        }
    }
}

/// `item_key`'s body as text, the same expression as [`item_key`]'s (`None` for a field name
/// that would print otherwise).
fn item_key_text(pagination: &Pagination, key: &str) -> Option<String> {
    let Some(id) = &pagination.item_id else {
        return Some(format!("{key}::json(item)"));
    };
    let field = &id.field;
    if !plain_ident(field) {
        return None;
    }
    Some(match (id.uuid, id.required) {
        (true, true) => format!("{key}::from(item.{field})"),
        (true, false) => format!("item.{field}.map_or_else(|| {key}::json(item), {key}::from)"),
        (false, true) => format!("{key}::from(item.{field}.as_str())"),
        (false, false) => {
            format!("item.{field}.as_deref().map_or_else(|| {key}::json(item), {key}::from)")
        }
    })
}

/// `item_key`: the item's `Id`, or its JSON when it has none.
fn item_key(pagination: &Pagination, imports: &mut Imports) -> TokenStream {
    let key = imports.runtime("ItemKey");
    let body = match &pagination.item_id {
        Some(id) => {
            let field = ident(&id.field);
            match (id.uuid, id.required) {
                (true, true) => quote!(#key::from(item.#field)),
                (true, false) => quote!(item.#field.map_or_else(|| #key::json(item), #key::from)),
                (false, true) => quote!(#key::from(item.#field.as_str())),
                (false, false) => {
                    quote!(item.#field.as_deref().map_or_else(|| #key::json(item), #key::from))
                }
            }
        }
        None => quote!(#key::json(item)),
    };
    quote! {
        fn item_key(item: &Self::Item) -> #key {
            #body
        }
    }
}

#[cfg(test)]
#[path = "client_text_tests.rs"]
mod text_tests;
