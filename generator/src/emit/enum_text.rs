//! An open enum's declaration and impls written straight as formatted text, as
//! [`super::struct_text`] writes a struct's: the lines prettyplease prints for the tokens
//! `enum_` emits, one text per item (so that a feature gate lands on each), or `None` where the
//! layout is not known (a line past the margin, a value that would be escaped in a literal, a
//! deprecation note), and the enum goes through tokens. The enum's own docs and deprecation stay
//! tokens, as a struct's do.

use super::decode_text::{Out, MARGIN};
use super::names::plain_literal;

/// One value of the enum.
pub struct Variant<'a> {
    pub name: &'a str,
    /// The value on the wire.
    pub json: &'a str,
    /// `#[deprecated]` without a note.
    pub deprecated: bool,
}

/// The enum as its items print.
pub struct OpenEnum<'a> {
    pub name: &'a str,
    pub unknown: &'a str,
    pub variants: &'a [Variant<'a>],
    /// The runtime's visitor as the module names it.
    pub visitor: &'a str,
}

/// The items' texts (the declaration, its inherent impl, then the trait impls), or `None` to
/// emit the enum as tokens.
pub fn render(open: &OpenEnum<'_>) -> Option<Vec<String>> {
    // A doc line loses its trailing spaces: such values are left to the tokens too.
    if open
        .variants
        .iter()
        .any(|v| !plain_literal(v.json) || v.json.ends_with(' '))
    {
        return None;
    }
    let (name, unknown) = (open.name, open.unknown);
    let trait_impl = |head: &str, body: &[(usize, String)]| -> Option<String> {
        let mut out = Out::default();
        out.line(0, &format!("{head} {{"))?;
        for (indent, line) in body {
            out.line(*indent, line)?;
        }
        out.line(0, "}")?;
        Some(out.text)
    };
    Some(vec![
        declaration(open)?,
        inherent(open)?,
        trait_impl(
            &format!("impl From<&str> for {name}"),
            &[
                (4, "fn from(value: &str) -> Self {".to_owned()),
                (
                    8,
                    format!("Self::known(value).unwrap_or_else(|| Self::{unknown}(value.to_owned()))"),
                ),
                (4, "}".to_owned()),
            ],
        )?,
        trait_impl(
            &format!("impl From<String> for {name}"),
            &[
                (4, "fn from(value: String) -> Self {".to_owned()),
                (8, format!("Self::known(&value).unwrap_or(Self::{unknown}(value))")),
                (4, "}".to_owned()),
            ],
        )?,
        trait_impl(
            &format!("impl FromStr for {name}"),
            &[
                (4, "type Err = Infallible;".to_owned()),
                (4, "fn from_str(value: &str) -> Result<Self, Self::Err> {".to_owned()),
                (8, "Ok(Self::from(value))".to_owned()),
                (4, "}".to_owned()),
            ],
        )?,
        trait_impl(
            &format!("impl fmt::Display for {name}"),
            &[
                (4, "fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {".to_owned()),
                (8, "f.write_str(self.as_str())".to_owned()),
                (4, "}".to_owned()),
            ],
        )?,
        trait_impl(
            &format!("impl Serialize for {name}"),
            &[
                (
                    4,
                    "fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {"
                        .to_owned(),
                ),
                (8, "serializer.serialize_str(self.as_str())".to_owned()),
                (4, "}".to_owned()),
            ],
        )?,
        deserialize(open)?,
    ])
}

fn declaration(open: &OpenEnum<'_>) -> Option<String> {
    let mut out = Out::default();
    out.line(
        0,
        "#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]",
    )?;
    out.line(0, "#[non_exhaustive]")?;
    out.line(0, &format!("pub enum {} {{", open.name))?;
    for variant in open.variants {
        // A doc line is never broken, however long.
        out.overflowing_line(4, &format!("/// `{}`", variant.json));
        if variant.deprecated {
            out.line(4, "#[deprecated]")?;
        }
        out.line(4, &format!("{},", variant.name))?;
    }
    out.line(
        4,
        "/// A value this version of the bindings does not know, kept exactly as received.",
    )?;
    out.line(4, &format!("{}(String),", open.unknown))?;
    out.line(0, "}")?;
    Some(out.text)
}

fn inherent(open: &OpenEnum<'_>) -> Option<String> {
    let (variants, unknown) = (open.variants, open.unknown);
    let mut out = Out::default();
    out.line(0, &format!("impl {} {{", open.name))?;
    out.line(4, "/// Every value the spec lists, in the spec's order.")?;
    let start = "pub const KNOWN: &'static [Self] = &[";
    let listed: Vec<String> = variants
        .iter()
        .map(|v| format!("Self::{}", v.name))
        .collect();
    let flat = format!("{start}{}];", listed.join(", "));
    // The closing `];` is measured (flat at 89 columns, broken at 90).
    if !out.flat_or_break(4, &flat, MARGIN, MARGIN + 1)? {
        out.line(4, start)?;
        for item in &listed {
            out.line(8, &format!("{item},"))?;
        }
        out.line(4, "];")?;
    }
    out.line(4, "/// The value as it appears on the wire.")?;
    out.line(4, "pub fn as_str(&self) -> &str {")?;
    out.line(8, "match self {")?;
    for variant in variants {
        arm(
            &mut out,
            &format!("Self::{}", variant.name),
            &format!("\"{}\"", variant.json),
        )?;
    }
    out.line(12, &format!("Self::{unknown}(value) => value,"))?;
    out.line(8, "}")?;
    out.line(4, "}")?;
    out.line(
        4,
        "/// The variant for a value the spec lists, if it is one.",
    )?;
    out.line(4, "pub fn known(value: &str) -> Option<Self> {")?;
    out.line(8, "match value {")?;
    for variant in variants {
        arm(
            &mut out,
            &format!("\"{}\"", variant.json),
            &format!("Some(Self::{})", variant.name),
        )?;
    }
    out.line(12, "_ => None,")?;
    out.line(8, "}")?;
    out.line(4, "}")?;
    out.line(4, "/// Whether this is a value the spec does not list.")?;
    out.line(4, "pub fn is_unknown(&self) -> bool {")?;
    out.line(8, &format!("matches!(self, Self::{unknown}(_))"))?;
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}

/// `pattern => value,` in a match at the top of a method, braced on lines of its own when it
/// does not fit (the arm's comma is not measured).
fn arm(out: &mut Out, pattern: &str, value: &str) -> Option<()> {
    if out.flat_or_break(
        12,
        &format!("{pattern} => {value},"),
        MARGIN + 1,
        MARGIN + 2,
    )? {
        return Some(());
    }
    out.line(12, &format!("{pattern} => {{"))?;
    out.line(16, value)?;
    out.line(12, "}")
}

/// `deserializer.deserialize_str(Visitor::new("Name", Self::known, Self::Unknown))`: never on
/// one line (it is wider than the margin with any name), so a method chain whose call is on the
/// second line, or on a line of its own, or with its arguments one per line.
fn deserialize(open: &OpenEnum<'_>) -> Option<String> {
    let (name, unknown, visitor) = (open.name, open.unknown, open.visitor);
    let mut out = Out::default();
    out.line(0, &format!("impl<'de> Deserialize<'de> for {name} {{"))?;
    out.line(
        4,
        "fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {",
    )?;
    out.line(8, "deserializer")?;
    let call = format!("{visitor}::new(\"{name}\", Self::known, Self::{unknown})");
    // The chain's closing parenthesis is measured; the argument's trailing comma is not (both
    // seen on either side of the margin).
    if !out.flat_or_break(12, &format!(".deserialize_str({call})"), MARGIN, MARGIN + 1)? {
        out.line(12, ".deserialize_str(")?;
        if !out.flat_or_break(16, &format!("{call},"), MARGIN + 1, MARGIN + 2)? {
            out.line(16, &format!("{visitor}::new("))?;
            out.line(20, &format!("\"{name}\","))?;
            out.line(20, "Self::known,")?;
            out.line(20, &format!("Self::{unknown},"))?;
            out.line(16, "),")?;
        }
        out.line(12, ")")?;
    }
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}

#[cfg(test)]
#[path = "enum_text_tests.rs"]
mod tests;
