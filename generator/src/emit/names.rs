//! Identifiers and doc attributes as tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Deprecation;

/// An identifier from an IR name, which lowering has already checked; `r#type` becomes a raw one.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The `///` lines prettyplease prints for [`doc`]'s attributes (each line starts with a space
/// or is empty, so it is always printed as a line comment).
pub fn doc_comments(text: Option<&str>) -> Vec<String> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Vec::new();
    };
    doc_text(text).map(|line| format!("///{line}")).collect()
}

/// `#[doc = "..."]` lines for a description, one per line so rustdoc keeps paragraphs.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return TokenStream::new();
    };
    doc_lines(text)
}

/// Doc lines for text that is always there.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = doc_text(text).map(|line| quote!(#[doc = #line]));
    quote!(#(#lines)*)
}

/// Inner doc lines (`//!`), for a module or the crate.
pub fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = doc_text(text).map(|line| quote!(#![doc = #line]));
    quote!(#(#lines)*)
}

/// Text as it can stand in a doc comment: line breaks normalised (a bare `\r` is one), tabs as
/// spaces, and control characters and the bidi overrides rustc rejects in comments and
/// literals (U+202A–U+202E, U+2066–U+2069) removed.
pub fn clean(text: &str) -> String {
    // Most text is printable ASCII and line breaks: nothing to drop or replace.
    if text
        .bytes()
        .all(|b| (b' '..0x7f).contains(&b) || b == b'\n')
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// [`clean`] text for one doc line: line breaks become spaces.
pub fn clean_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

fn doc_text(text: &str) -> impl Iterator<Item = String> {
    let text = clean(text);
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                let line = line.trim_end();
                let mut doc = String::with_capacity(line.len() + 1);
                doc.push(' ');
                doc.push_str(line);
                doc
            }
        })
        .collect();
    lines.into_iter()
}

/// A blank doc line, to separate paragraphs.
pub fn doc_break() -> TokenStream {
    quote!(#[doc = ""])
}

/// Whether `name` prints as itself as an identifier (not as a raw identifier): what the text
/// printers take.
pub fn plain_ident(name: &str) -> bool {
    ident(name) == name
}

/// Whether `text` prints unchanged inside a string literal (printable ASCII, nothing escaped):
/// what the text printers take.
pub fn plain_literal(text: &str) -> bool {
    text.chars()
        .all(|c| (c == ' ' || c.is_ascii_graphic()) && c != '"' && c != '\\')
}

/// `text` as a string literal's token prints it (quoted, escaped where needed); plain text
/// without building the token.
pub fn literal_text(text: &str) -> String {
    if plain_literal(text) {
        format!("\"{text}\"")
    } else {
        proc_macro2::Literal::string(text).to_string()
    }
}

/// `#[deprecated(note = "...")]`.
pub fn deprecated(deprecation: Option<&Deprecation>) -> TokenStream {
    match deprecation {
        Some(Deprecation { note: Some(note) }) => {
            let note = clean(note);
            quote!(#[deprecated(note = #note)])
        }
        Some(Deprecation { note: None }) => quote!(#[deprecated]),
        None => TokenStream::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn literal_text_is_what_the_token_prints() {
        for text in [
            "",
            "plain",
            "a b-c_d.e",
            "quote \" here",
            "back\\slash",
            "tab\t",
            "\u{e9}t\u{e9}",
            "'",
        ] {
            assert_eq!(
                super::literal_text(text),
                proc_macro2::Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn doc_text_loses_control_and_bidi_characters() {
        assert_eq!(
            clean("a\rb\r\nc\u{202E}d\u{2066}e\u{7}f\tg"),
            "a\nb\ncdef g"
        );
        assert_eq!(clean("plain, ASCII\ntext ~"), "plain, ASCII\ntext ~");
        assert_eq!(clean("del\u{7f} and é"), "del and é");
        assert_eq!(clean("cr\r"), "cr\n");
    }
}
