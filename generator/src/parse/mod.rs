//! Parse: the spec's YAML text into `openapiv3::OpenAPI`, plus the raw tree.
//!
//! The raw tree is kept because OpenAPI 3.0 drops every key beside a `$ref` (`description`,
//! `nullable`, `deprecated`, vendor extensions); the lowering reads those from it rather than
//! silently losing them. Before either is built, the text's size and nesting are checked in one
//! pass, so hostile input is rejected in time linear in its length.

mod depth;
mod locate;
mod split;
mod strict;

pub use depth::MAX_DEPTH;

use std::borrow::Cow;

use crate::error::{Diagnostic, Error, Location};
use crate::json::Value;

/// The largest spec accepted, in bytes (the whole Mews API is about 1.5 MB).
pub const MAX_SPEC_BYTES: usize = 32 * 1024 * 1024;

/// A parsed spec: openapiv3's reading and the tree it was read from, in document order (its own
/// when read from text, the caller's when read from a tree: a whole spec's tree is tens of MB, and
/// a copy of it was a twelfth of an import's instructions).
pub struct Spec<'a> {
    pub openapi: openapiv3::OpenAPI,
    pub raw: Cow<'a, Value>,
}

/// Parses YAML (or JSON, which is YAML) into a spec.
pub fn parse(text: &str) -> Result<Spec<'static>, Error> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(Diagnostic::at(
            "#",
            format!("the spec is larger than {MAX_SPEC_BYTES} bytes"),
        )
        .into());
    }
    depth::check(text)?;
    // The fast reader takes plain documents and refuses a key given twice; anything else is
    // read by yaml_serde, which names what is wrong.
    if let Some(ordered) = crate::json::yaml::read(text) {
        return owned(ordered);
    }
    let strict::Strict(ordered) = yaml_serde::from_str(text).map_err(|error| {
        let line = strict::duplicate_key(&error.to_string())
            .and_then(|key| duplicate_line(text, &key, error.location()?.line()));
        match line {
            Some(line) => Error::one(Diagnostic {
                location: Some(Location::Line { line, column: 1 }),
                message: format!(
                    "invalid spec: the key `{}` appears twice in one mapping",
                    strict::duplicate_key(&error.to_string()).unwrap_or_default()
                ),
            }),
            None => syntax_error(error),
        }
    })?;
    owned(ordered)
}

/// The spec of a tree read from its text, which it keeps.
fn owned(ordered: Value) -> Result<Spec<'static>, Error> {
    let openapi = read_tree(&ordered)?;
    Ok(Spec {
        openapi,
        raw: Cow::Owned(ordered),
    })
}

/// A spec from its tree, as [`parse`] reads it from the text once its YAML is read: what an
/// import checks without writing its spec as text and reading it again.
pub fn from_tree(ordered: &Value) -> Result<Spec<'_>, Error> {
    let openapi = read_tree(ordered)?;
    Ok(Spec {
        openapi,
        raw: Cow::Borrowed(ordered),
    })
}

/// openapiv3's reading of a spec's tree.
fn read_tree(ordered: &Value) -> Result<openapiv3::OpenAPI, Error> {
    if !ordered.is_object() {
        return Err(Diagnostic::at("#", "the spec is not a YAML mapping").into());
    }
    // The text's depth check, on the tree: the passes below recurse.
    depth::check_tree(ordered)?;
    // The YAML is scanned once (that took a sixth of a whole generation); openapiv3 reads
    // straight from the ordered tree (the paths and the components apart, see `split`; its
    // panics are caught there), and the lowering reads the same tree, in document order (a
    // property's position is the order of its struct fields and `new` arguments).
    let openapi = match split::read(ordered) {
        Some(Ok(openapi)) => openapi,
        // openapiv3 2.2's `ReferenceOr` deserializer can panic (an `expect`) on shapes it does
        // not take: either way, find the node.
        failed => {
            let detail = match failed {
                Some(Err(error)) => error.to_string(),
                _ => "a node has an unexpected shape".to_owned(),
            };
            // The search for the node walks a sorted copy, as it always has (the first of
            // several nodes in key order is the one named).
            return Err(locate::shape_error(&ordered.to_serde_json(), &detail).into());
        }
    };
    if !openapi.openapi.starts_with("3.0") {
        return Err(Diagnostic::at(
            "#/openapi",
            format!(
                "OpenAPI version {} is not supported (3.0.x only)",
                openapi.openapi
            ),
        )
        .into());
    }
    Ok(openapi)
}

/// The line of the second `key:` at the indentation of the first, from the line (1-based) where
/// the YAML parser says the mapping holding both starts. Block mappings only; `None` otherwise.
fn duplicate_line(text: &str, key: &str, from: usize) -> Option<usize> {
    let mut first_indent = None;
    for (index, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let is_key = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|prefix| content.starts_with(prefix.as_str()));
        if !is_key {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(first) if first == indent => return Some(index + 1),
            Some(_) => {}
        }
    }
    None
}

fn syntax_error(error: yaml_serde::Error) -> Error {
    let location = error
        .location()
        .map(|at| Location::Line {
            line: at.line(),
            column: at.column(),
        })
        .unwrap_or_else(|| Location::Pointer("#".to_owned()));
    Error::one(Diagnostic {
        location: Some(location),
        message: format!("invalid spec: {error}"),
    })
}
