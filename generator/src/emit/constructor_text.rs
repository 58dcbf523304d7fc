//! A struct's `new` constructor written straight as formatted text, as [`super::decode_text`]
//! writes `DecodeStruct`: the same lines prettyplease prints for the tokens `struct_` emits, or
//! `None` where its layout is not known (the constructor then goes through tokens). A test holds
//! both paths equal on every struct of the committed spec and on names of every length.

use super::decode_text::{Out, STRUCT_LITERAL_MAX};

/// One parameter or field value of the constructor.
pub struct Argument {
    /// The field's name as printed (`r#type` for a keyword).
    pub name: String,
    /// The parameter's type as printed (`impl Into<String>`), for a required field.
    pub parameter: Option<String>,
    /// Whether the value is `name.into()` rather than `name`.
    pub converts: bool,
}

/// What the impl says besides its fields.
pub struct Constructor<'a> {
    pub type_ident: &'a str,
    /// The doc line's text, after `///`.
    pub doc: &'a str,
    pub too_many_arguments: bool,
    /// Every field, in order.
    pub fields: Vec<Argument>,
}

/// `impl X { pub fn new() -> Self { Self::default() } }` for a type with no required field.
pub fn render_default(type_ident: &str) -> String {
    format!(
        "impl {type_ident} {{\n    /// A value with every field unset (the same as `Default`).\n    pub fn new() -> Self {{\n        Self::default()\n    }}\n}}\n"
    )
}

/// The impl's text at the top level of a module, or `None` to emit it as tokens.
pub fn render(constructor: &Constructor<'_>) -> Option<String> {
    let mut out = Out::default();
    out.line(0, &format!("impl {} {{", constructor.type_ident))?;
    out.line(4, &format!("///{}", constructor.doc))?;
    if constructor.too_many_arguments {
        out.line(4, "#[allow(clippy::too_many_arguments)]")?;
    }
    let parameters: Vec<String> = constructor
        .fields
        .iter()
        .filter_map(|field| Some(format!("{}: {}", field.name, field.parameter.as_ref()?)))
        .collect();
    let flat = format!("pub fn new({}) -> Self {{", parameters.join(", "));
    // One line up to 89 columns, one parameter per line from 90 (both seen in the output).
    if !out.flat_or_break(4, &flat, 89, 90)? {
        out.line(4, "pub fn new(")?;
        for parameter in &parameters {
            out.line(8, &format!("{parameter},"))?;
        }
        out.line(4, ") -> Self {")?;
    }
    let values: Vec<String> = constructor
        .fields
        .iter()
        .map(|field| match (&field.parameter, field.converts) {
            (Some(_), true) => format!("{0}: {0}.into()", field.name),
            (Some(_), false) => field.name.clone(),
            (None, _) => format!("{}: None", field.name),
        })
        .collect();
    let flat = format!("Self {{ {} ", values.join(", "));
    if flat.len() > STRUCT_LITERAL_MAX || !out.try_line(8, &format!("{flat}}}")) {
        out.line(8, "Self {")?;
        for value in &values {
            // A field too long for its line (none in the committed output) goes through tokens.
            out.line(12, &format!("{value},"))?;
        }
        out.line(8, "}")?;
    }
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}
