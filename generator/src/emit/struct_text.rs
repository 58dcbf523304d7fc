//! A struct's declaration (its `derive` and fields, with their docs and attributes) written
//! straight as formatted text, as [`super::decode_text`] writes `DecodeStruct`: the lines
//! prettyplease prints for the tokens `struct_` emits, or `None` where the layout is not known
//! (a field past the margin, a wire name that would be escaped), and the
//! struct goes through tokens. The struct's own docs and deprecation stay tokens, so that the
//! feature gate goes between them as before.

use super::decode_text::{Out, MARGIN};

/// One field of the declaration.
pub struct DeclaredField {
    /// Its `///` lines.
    pub docs: Vec<String>,
    /// `#[deprecated]`: `Some(None)` without a note, `Some(Some(literal))` with one (the note's
    /// string literal as its token prints).
    pub deprecated: Option<Option<String>>,
    /// The wire name (printed inside a string literal).
    pub json: String,
    pub exact_decimal: bool,
    pub optional: bool,
    /// The field's name and type as printed.
    pub name: String,
    pub ty: String,
}

/// The declaration's text, or `None` to emit it as tokens.
pub fn render(type_ident: &str, default: bool, fields: &[DeclaredField]) -> Option<String> {
    let mut out = Out::default();
    let default = if default { "Default, " } else { "" };
    out.line(
        0,
        &format!("#[derive(Clone, Debug, {default}PartialEq, Serialize)]"),
    )?;
    if fields.is_empty() {
        out.line(0, &format!("pub struct {type_ident} {{}}"))?;
        return Some(out.text);
    }
    out.line(0, &format!("pub struct {type_ident} {{"))?;
    for field in fields {
        for doc in &field.docs {
            // A doc line is never broken, however long.
            out.overflowing_line(4, doc);
        }
        match &field.deprecated {
            None => {}
            Some(None) => out.line(4, "#[deprecated]")?,
            // As the `#[serde(..)]` below: one line up to the margin (the guard writes it),
            // else the note alone on a line (a literal is never broken, however long).
            Some(Some(note)) if !out.try_line(4, &format!("#[deprecated(note = {note})]")) => {
                out.line(4, "#[deprecated(")?;
                out.overflowing_line(8, &format!("note = {note}"));
                out.line(4, ")]")?;
            }
            Some(Some(_)) => {} // written by the guard
        }
        // Escaped in a literal: left to the tokens.
        if !super::names::plain_literal(&field.json) {
            return None;
        }
        let mut serde = vec![format!("rename = \"{}\"", field.json)];
        if field.exact_decimal {
            serde.push("serialize_with = \"crate::runtime::exact::serialize\"".to_owned());
        }
        if field.optional {
            serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        }
        // Attributes and fields up to the margin are one line (both seen at 89 columns); a
        // longer attribute has one argument a line.
        if !out.try_line(4, &format!("#[serde({})]", serde.join(", "))) {
            out.line(4, "#[serde(")?;
            let last = serde.len() - 1;
            for (index, argument) in serde.iter().enumerate() {
                let comma = if index == last { "" } else { "," };
                out.line(8, &format!("{argument}{comma}"))?;
            }
            out.line(4, ")]")?;
        }
        let line = format!("pub {}: {},", field.name, field.ty);
        if 4 + line.len() > MARGIN {
            return None;
        }
        out.line(4, &line)?;
    }
    out.line(0, "}")?;
    Some(out.text)
}
