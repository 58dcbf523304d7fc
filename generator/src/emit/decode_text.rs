//! A struct's `DecodeStruct` impl written straight as formatted text.
//!
//! These impls are half of the generated lines, and going through tokens → `syn` → prettyplease
//! cost most of a generation (syn's parse alone was a third of it). Their shape is fixed, so they
//! are printed here exactly as prettyplease prints the tokens `struct_` would emit (same margin,
//! same line breaks), and spliced into the module's text after it is formatted
//! ([`super::format::Splices`]). Anything whose layout this printer does not know (a line too
//! long to break the way it breaks them, a struct without fields) returns `None`,
//! and the struct goes through tokens as before. A test compares both paths on every struct of
//! the committed spec and on names of every length.

use proc_macro2::{TokenStream, TokenTree};

use crate::ir::Presence;

/// prettyplease's line width (it counts bytes, and so does this printer).
pub(super) const MARGIN: usize = 89;
/// prettyplease's width above which a struct literal is broken into one field per line.
pub(super) const STRUCT_LITERAL_MAX: usize = 34;

/// One field of the struct, as `decode` uses it.
pub struct DecodeField {
    /// The wire name as a Rust string literal (escaped as the token would print).
    pub json: String,
    /// `decode`'s local for it.
    pub local: String,
    /// The struct field's name.
    pub name: String,
    /// The local's type (inside `Option<..>`).
    pub ty: String,
    /// The runtime function that reads it (`set_field` or `set_exact_field`, maybe a path).
    pub setter: String,
    pub presence: Presence,
}

/// What the impl names besides its fields.
pub struct DecodeImpl<'a> {
    /// The type's name (its `NAME`) and its identifier.
    pub type_name: &'a str,
    pub type_ident: String,
    pub decode_struct: String,
    pub field_keys: String,
    pub map_access: String,
    pub missing_field: String,
    pub access: String,
    pub fields: Vec<DecodeField>,
}

/// Prints a token stream of a path or type the way prettyplease does (`Option<Vec<crate::x::Y>>`),
/// or `None` for anything else.
pub fn type_text(tokens: &TokenStream) -> Option<String> {
    let mut out = String::new();
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(ident) => out.push_str(&ident.to_string()),
            TokenTree::Punct(punct) => match punct.as_char() {
                ',' => out.push_str(", "),
                c @ (':' | '<' | '>') => out.push(c),
                _ => return None,
            },
            _ => return None,
        }
    }
    Some(out)
}

/// `impl Deserialize` through the runtime's `deserialize_struct` (a path or a name), or `None`
/// to emit it as tokens.
pub fn render_deserialize(type_ident: &str, deserialize_struct: &str) -> Option<String> {
    let mut out = Out::default();
    out.line(
        0,
        &format!("impl<'de> Deserialize<'de> for {type_ident} {{"),
    )?;
    out.line(
        4,
        "fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {",
    )?;
    out.line(8, &format!("{deserialize_struct}(deserializer)"))?;
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}

/// The impl's text at the top level of a module, or `None` to emit it as tokens.
pub fn render(decode: &DecodeImpl<'_>) -> Option<String> {
    if decode.fields.is_empty() {
        return None;
    }
    let mut out = Out::default();
    out.line(
        0,
        &format!("impl {} for {} {{", decode.decode_struct, decode.type_ident),
    )?;
    out.line(
        4,
        &format!(
            "const NAME: &'static str = {};",
            super::names::literal_text(decode.type_name)
        ),
    )?;
    let wire: Vec<&str> = decode.fields.iter().map(|f| f.json.as_str()).collect();
    let head = "const FIELDS: &'static [&'static str] = &[";
    if !out.try_line(4, &format!("{head}{}];", wire.join(", "))) {
        out.line(4, head)?;
        for json in &wire {
            out.line(8, &format!("{json},"))?;
        }
        out.line(4, "];")?;
    }
    out.line(4, "#[inline]")?;
    out.line(4, "fn field_index(key: &str) -> Option<u32> {")?;
    out.line(8, "match key {")?;
    for (index, json) in wire.iter().enumerate() {
        out.line(12, &format!("{json} => Some({index}),"))?;
    }
    out.line(12, "_ => None,")?;
    out.line(8, "}")?;
    out.line(4, "}")?;
    out.line(4, "#[inline]")?;
    let access = &decode.access;
    out.line(
        4,
        &format!(
            "fn decode<'de, {access}: {}<'de>>(mut map: {access}) -> Result<Self, {access}::Error> {{",
            decode.map_access
        ),
    )?;
    for field in &decode.fields {
        declaration(&mut out, field)?;
    }
    out.line(
        8,
        &format!("let mut keys = {}::<Self>::new();", decode.field_keys),
    )?;
    if let [field] = decode.fields.as_slice() {
        // No key to tell apart: every one found is the field's.
        out.line(8, "while keys.next(&mut map)?.is_some() {")?;
        let (setter, local, json) = (&field.setter, &field.local, &field.json);
        let flat = format!("{setter}(&mut {local}, &mut map, {json})?;");
        // One line up to 88 columns, the arguments one per line from 90 (89 not seen).
        if !out.flat_or_break(12, &flat, 88, 90)? {
            out.line(12, &format!("{setter}("))?;
            out.line(16, &format!("&mut {local},"))?;
            out.line(16, "&mut map,")?;
            out.line(16, &format!("{json},"))?;
            out.line(12, ")?;")?;
        }
        out.line(8, "}")?;
    } else {
        out.line(8, "while let Some(field) = keys.next(&mut map)? {")?;
        out.line(12, "match field {")?;
        let last = decode.fields.len() - 1;
        for (index, field) in decode.fields.iter().enumerate() {
            let pattern = if index == last {
                "_".to_owned()
            } else {
                index.to_string()
            };
            arm(&mut out, &pattern, field)?;
        }
        out.line(12, "}?;")?;
        out.line(8, "}")?;
    }
    for field in &decode.fields {
        if field.presence == Presence::Required {
            let local = &field.local;
            let head = format!("let Some({local}) = {local} else {{");
            let body = format!("return Err({}({}))", decode.missing_field, field.json);
            let flat = format!("{head} {body} }};");
            // One line up to 88 columns, broken from 90 (prettyplease; 89 not seen, left to it).
            if !out.flat_or_break(8, &flat, 88, 90)? {
                // The block on lines of its own while `let … else` (the brace not counted) is
                // at most 88 columns; from 90 on, `else` and the block on the next line, the
                // `let` line left as long as it is (89 not seen).
                let head_width = 8 + head.len() - " {".len();
                if head_width <= 88 {
                    out.overflowing_line(8, &head);
                    out.line(12, &body)?;
                    out.line(8, "};")?;
                } else if head_width >= 90 {
                    out.overflowing_line(8, &format!("let Some({local}) = {local}"));
                    out.line(8, &format!("else {{ {body} }};"))?;
                } else {
                    return None;
                }
            }
        }
    }
    let values: Vec<String> = decode
        .fields
        .iter()
        .map(|field| match field.presence {
            Presence::Required if field.name == field.local => field.name.clone(),
            Presence::Required => format!("{}: {}", field.name, field.local),
            Presence::RequiredNullable | Presence::Optional => {
                format!("{}: {}.unwrap_or_default()", field.name, field.local)
            }
        })
        .collect();
    let flat = format!("Self {{ {} ", values.join(", "));
    if flat.len() > STRUCT_LITERAL_MAX || !out.try_line(8, &format!("Ok({flat}}})")) {
        out.line(8, "Ok(Self {")?;
        for (field, value) in decode.fields.iter().zip(&values) {
            // `name: local.unwrap_or_default(),` up to 89 columns; from 91, the call on a line
            // of its own (90 not seen).
            let line = format!("{value},");
            if out.flat_or_break(12, &line, 89, 91)? {
                continue;
            }
            if field.presence == Presence::Required {
                return None;
            }
            out.line(12, &format!("{}: {}", field.name, field.local))?;
            out.line(16, ".unwrap_or_default(),")?;
        }
        out.line(8, "})")?;
    }
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}

/// `let mut local: Option<T> = None;`, the type's arguments on a line of their own if needed.
fn declaration(out: &mut Out, field: &DecodeField) -> Option<()> {
    let local = &field.local;
    let ty = &field.ty;
    // prettyplease measures the type's arguments up to the `= `: `None;` may pass the margin.
    let flat = format!("let mut {local}: Option<{ty}> = None;");
    if out.flat_or_break(8, &flat, MARGIN + "None;".len(), MARGIN + "None;".len() + 1)? {
        return Some(());
    }
    out.line(8, &format!("let mut {local}: Option<"))?;
    out.line(12, &format!("{ty},"))?;
    out.line(8, "> = None;")
}

/// `pattern => setter(&mut local, &mut map, "Json"),`: braced on lines of its own when it does
/// not fit, its arguments one per line when the call does not fit either.
fn arm(out: &mut Out, pattern: &str, field: &DecodeField) -> Option<()> {
    let (setter, local, json) = (&field.setter, &field.local, &field.json);
    let call = format!("{setter}(&mut {local}, &mut map, {json})");
    // The arm's comma is not measured.
    let flat = format!("{pattern} => {call},");
    if out.flat_or_break(16, &flat, MARGIN + 1, MARGIN + 2)? {
        return Some(());
    }
    out.line(16, &format!("{pattern} => {{"))?;
    if !out.try_line(20, &call) {
        out.line(20, &format!("{setter}("))?;
        out.line(24, &format!("&mut {local},"))?;
        out.line(24, "&mut map,")?;
        out.line(24, &format!("{json},"))?;
        out.line(20, ")")?;
    }
    out.line(16, "}")
}

/// Lines as prettyplease lays them out, or `None` where its layout is not known.
#[derive(Default)]
pub(super) struct Out {
    pub(super) text: String,
}

impl Out {
    fn fits(indent: usize, text: &str) -> bool {
        indent + text.len() <= MARGIN
    }

    /// Writes the line if it fits the margin.
    pub(super) fn try_line(&mut self, indent: usize, text: &str) -> bool {
        if !Self::fits(indent, text) {
            return false;
        }
        self.push_line(indent, text);
        true
    }

    /// Writes `text` as one line if it is at most `flat_max` columns wide (indent included) and
    /// says whether it did; from `broken_min` columns on, writes nothing (the caller breaks it);
    /// `None` in between, where prettyplease's choice is not known.
    pub(super) fn flat_or_break(
        &mut self,
        indent: usize,
        text: &str,
        flat_max: usize,
        broken_min: usize,
    ) -> Option<bool> {
        let width = indent + text.len();
        if width <= flat_max {
            self.push_line(indent, text);
            Some(true)
        } else if width >= broken_min {
            Some(false)
        } else {
            None
        }
    }

    /// Appends `text` indented by `indent` spaces, and a line break (`format!`'s padding writes
    /// spaces one at a time, and the printers write a hundred thousand lines).
    fn push_line(&mut self, indent: usize, text: &str) {
        const SPACES: &str = "                                                                ";
        let mut left = indent;
        while left > 0 {
            let run = left.min(SPACES.len());
            self.text.push_str(&SPACES[..run]);
            left -= run;
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// Writes the line however long it is (where prettyplease cannot break it either).
    pub(super) fn overflowing_line(&mut self, indent: usize, text: &str) {
        self.push_line(indent, text);
    }

    /// Writes the line; `None` (give up) when it does not fit.
    pub(super) fn line(&mut self, indent: usize, text: &str) -> Option<()> {
        self.try_line(indent, text).then_some(())
    }
}
