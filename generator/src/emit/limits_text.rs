//! A struct's `impl CheckLimits` written straight as formatted text, as
//! [`super::struct_text`] writes its declaration: the lines prettyplease prints for the tokens
//! `limits` emits, or `None` where the layout is not known (a statement wider than the margin, a
//! bound or key that would print otherwise), and the impl goes through tokens.
//!
//! [`Check`] is the impl's body as data: `limits` builds it from the same field walk as its
//! tokens, and [`render`] prints it.

use super::decode_text::Out;

/// One statement of the body, or a braced block of them.
pub enum Check {
    /// A statement on one line (`check_length(value, Some(1), None, &at)?;`).
    Line(String),
    /// `head {`, the body one level in, then `}`.
    Block(String, Vec<Check>),
}

/// Names the impl prints, as the module names them.
pub struct Names<'a> {
    pub check_limits: &'a str,
    pub path: &'a str,
    pub violation: &'a str,
}

/// The impl's text: empty when no field has a check.
pub fn render(type_ident: &str, names: &Names<'_>, fields: &[Check]) -> Option<String> {
    let mut out = Out::default();
    let head = format!("impl {} for {type_ident}", names.check_limits);
    if fields.is_empty() {
        out.line(0, &format!("{head} {{}}"))?;
        return Some(out.text);
    }
    out.line(0, &format!("{head} {{"))?;
    out.line(
        4,
        &format!(
            "fn check_limits(&self, at: &{}<'_>) -> Result<(), {}> {{",
            names.path, names.violation
        ),
    )?;
    for field in fields {
        print(&mut out, 8, field)?;
    }
    out.line(8, "Ok(())")?;
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}

fn print(out: &mut Out, indent: usize, check: &Check) -> Option<()> {
    match check {
        // Statements wider than the margin are broken by prettyplease: left to the tokens.
        Check::Line(line) => out.line(indent, line),
        Check::Block(head, body) => {
            let open = if head.is_empty() {
                "{".to_owned()
            } else {
                format!("{head} {{")
            };
            out.line(indent, &open)?;
            for inner in body {
                print(out, indent + 4, inner)?;
            }
            out.line(indent, "}")
        }
    }
}

/// A bound that prints as its own text when parsed as tokens: an integer or a plain decimal.
pub fn plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
}
