//! A resource's `impl XApi<'_>` (one async method per operation, and the pages and stream
//! methods of paged ones) written straight as formatted text, as [`super::client_text`] writes
//! the statics: the lines prettyplease prints for the tokens `client` emits, or `None` where
//! the layout is not known (a signature or call wider than the margin once broken, a note that
//! would print escaped), and the impl goes through tokens.

use super::decode_text::{Out, MARGIN};
use super::names::{doc_comments, plain_literal};
use crate::ir::Operation;

/// The names the methods print, as the module names them.
pub struct Names<'a> {
    pub api: &'a str,
    pub error: &'a str,
    /// `Paged`, when an operation pages.
    pub paged: Option<&'a str>,
}

/// One operation's methods, as printed.
pub struct Method<'a> {
    pub operation: &'a Operation,
    /// The `///` lines of its docs (see `client::method_doc`).
    pub docs: Vec<String>,
    pub request: String,
    pub response: String,
    /// The page's item type, for a paged operation.
    pub item: Option<String>,
}

/// The impl's text, or `None` to emit it as tokens.
pub fn render(names: &Names<'_>, methods: &[Method<'_>]) -> Option<String> {
    let mut out = Out::default();
    out.line(0, &format!("impl {}<'_> {{", names.api))?;
    for method in methods {
        one(&mut out, names, method)?;
    }
    out.line(0, "}")?;
    Some(out.text)
}

fn one(out: &mut Out, names: &Names<'_>, method: &Method<'_>) -> Option<()> {
    let operation = method.operation;
    let deprecation = deprecation(operation)?;
    let (name, op) = (&operation.method, &operation.static_name);
    for doc in &method.docs {
        out.overflowing_line(4, doc);
    }
    attributes(out, deprecation.as_deref())?;
    signature(
        out,
        &format!("pub async fn {name}("),
        &format!("request: &{}", method.request),
        &format!("Result<{}, {}>", method.response, names.error),
    )?;
    body(out, &format!("call(&{op}, request)"), ".await")?;
    out.line(4, "}")?;
    let (Some(item), Some(paged)) = (&method.item, names.paged) else {
        return operation.pagination.is_none().then_some(());
    };
    out.overflowing_line(4, &format!("///{}", pages_doc(name)));
    attributes(out, deprecation.as_deref())?;
    signature(
        out,
        &format!("pub fn {name}_pages("),
        &format!("request: {}", method.request),
        &format!("{paged}<{}>", method.response),
    )?;
    body(out, &format!("pages(&{op}, request)"), "")?;
    out.line(4, "}")?;
    out.overflowing_line(4, &format!("///{}", stream_doc(name)));
    attributes(out, deprecation.as_deref())?;
    signature(
        out,
        &format!("pub fn {name}_stream("),
        &format!("request: {}", method.request),
        &format!("{paged}<{item}>"),
    )?;
    let flat = format!(
        "self.client.items::<_, {}>(&{op}, request)",
        method.response
    );
    if !out.flat_or_break(8, &flat, MARGIN, MARGIN + 1)? {
        out.line(8, "self.client")?;
        let call = format!(".items::<_, {}>(&{op}, request)", method.response);
        // Wider still, the turbofish's arguments go one per line.
        if !out.flat_or_break(12, &call, MARGIN, MARGIN + 1)? {
            out.line(12, ".items::<")?;
            out.line(16, "_,")?;
            out.line(16, &format!("{},", method.response))?;
            out.line(12, &format!(">(&{op}, request)"))?;
        }
    }
    out.line(4, "}")
}

/// The docs of a paged operation's `_pages` method (a doc attribute's value).
pub fn pages_doc(method: &str) -> String {
    format!(" Every page of [`{method}`](Self::{method}), following the cursor from the request's; one request per page, made as the stream is polled.")
}

/// The docs of a paged operation's `_stream` method (a doc attribute's value).
pub fn stream_doc(method: &str) -> String {
    format!(" Every item of every page of [`{method}`](Self::{method}), in order; holds one page in memory at a time. Lenient with `CallOptions::lenient`: an item that does not decode yields `Error::Item` and the stream goes on.")
}

/// The deprecation attribute's arguments (`Some(None)` for none, `Some(Some(""))` for a bare
/// `#[deprecated]`), or `None` for a note that would print escaped.
fn deprecation(operation: &Operation) -> Option<Option<String>> {
    let Some(deprecation) = &operation.deprecated else {
        return Some(None);
    };
    let Some(note) = &deprecation.note else {
        return Some(Some(String::new()));
    };
    let note = super::names::clean(note);
    plain_literal(&note).then(|| Some(format!("note = \"{note}\"")))
}

/// The deprecation and `#[inline]`. A note wider than the margin goes on a line of its own
/// (flat at 89 columns, broken at 90), however long.
fn attributes(out: &mut Out, deprecation: Option<&str>) -> Option<()> {
    if let Some(arguments) = deprecation {
        let flat = if arguments.is_empty() {
            "#[deprecated]".to_owned()
        } else {
            format!("#[deprecated({arguments})]")
        };
        if !out.flat_or_break(4, &flat, MARGIN, MARGIN + 1)? {
            out.line(4, "#[deprecated(")?;
            out.overflowing_line(8, arguments);
            out.line(4, ")]")?;
        }
    }
    out.line(4, "#[inline]")
}

/// `self.client.call(..)` (and `.await`) on one line, or as a chain of one call per line.
fn body(out: &mut Out, call: &str, then: &str) -> Option<()> {
    if out.flat_or_break(8, &format!("self.client.{call}{then}"), MARGIN, MARGIN + 1)? {
        return Some(());
    }
    out.line(8, "self.client")?;
    out.line(12, &format!(".{call}"))?;
    if !then.is_empty() {
        out.line(12, then)?;
    }
    Some(())
}

/// `head&self, param) -> output {` on one line, or its parameters one per line (flat at 89
/// columns, broken at 90).
fn signature(out: &mut Out, head: &str, param: &str, output: &str) -> Option<()> {
    let flat = format!("{head}&self, {param}) -> {output} {{");
    if out.flat_or_break(4, &flat, MARGIN, MARGIN + 1)? {
        return Some(());
    }
    out.line(4, head)?;
    out.line(8, "&self,")?;
    out.line(8, &format!("{param},"))?;
    out.line(4, &format!(") -> {output} {{"))
}

/// The `///` lines of an operation's method (its description, a blank line, then the path and
/// its retry note), as `client::method_doc` writes them as attributes.
pub fn method_docs(operation: &Operation, notes: &str) -> Vec<String> {
    let mut docs = doc_comments(operation.doc.as_deref());
    if !docs.is_empty() {
        docs.push("///".to_owned());
    }
    docs.extend(doc_comments(Some(notes)));
    docs
}
