//! The spec's YAML text written straight from the tree, byte for byte as yaml_serde writes it.
//!
//! yaml_serde builds a second tree of its own values and drives libyaml's emitter one event at a
//! time: for the committed spec that was two thirds of an import's writing. This writer follows
//! the same emitter (libyaml's block style: two-space indents, sequences in mappings not
//! indented, `{}`/`[]` for empty collections, no line width) for the scalars specs hold, with the
//! styles yaml_serde asks for: plain, single-quoted when plain text would read back as another
//! type, literal for text with line breaks.
//!
//! It is a fast path, never a second opinion: for anything it does not write the way libyaml
//! would (a scalar that needs double quotes, a line break other than `\n`, a key libyaml does not
//! write as a simple key) it returns `None`, and the caller writes the tree with yaml_serde.

use super::spec_writer::exact_f64;
use crate::json::{yaml, Value};

/// libyaml's indent step (yaml_serde keeps the default).
const INDENT: i32 = 2;

/// The longest key, in bytes, that libyaml writes as a simple `key: value` key.
const SIMPLE_KEY: usize = 128;

/// The tree as yaml_serde's `to_string` writes it, or `None` when yaml_serde must write it.
pub fn write(tree: &Value) -> Option<String> {
    let mut emitter = Emitter {
        out: String::with_capacity(1 << 20),
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
    };
    emitter.node(tree, Context::Root)?;
    // The document's implicit end (yaml_serde ends no stream, so no `...` after a `|+` scalar).
    emitter.write_indent();
    Some(emitter.out)
}

/// Where a node is, as libyaml's emitter tracks it.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Root,
    Item,
    Key,
    Value,
}

/// How a scalar is written.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
    Literal,
}

/// The part of libyaml's emitter state that block output depends on.
struct Emitter {
    out: String,
    /// Characters since the last line break.
    column: i32,
    indent: i32,
    indents: Vec<i32>,
    /// The last character written was whitespace (or nothing was written on this line yet).
    whitespace: bool,
    /// Only indentation was written on this line so far.
    indention: bool,
}

impl Emitter {
    fn node(&mut self, value: &Value, context: Context) -> Option<()> {
        match value {
            Value::Array(items) if items.is_empty() => self.empty("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty("{", "}"),
            Value::Array(items) => {
                let indentless = context == Context::Value && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.indicator("-", true, false, true);
                    self.node(item, Context::Item)?;
                }
                self.pop_indent();
            }
            Value::Object(map) => {
                self.increase_indent(false, false);
                for (key, value) in map {
                    self.write_indent();
                    if key.len() > SIMPLE_KEY || key.contains('\n') {
                        return None;
                    }
                    self.string(key, Context::Key)?;
                    self.indicator(":", false, false, false);
                    self.node(value, Context::Value)?;
                }
                self.pop_indent();
            }
            Value::Null => self.scalar("null", Style::Plain, context)?,
            Value::Bool(flag) => {
                self.scalar(if *flag { "true" } else { "false" }, Style::Plain, context)?;
            }
            Value::Number(number) => {
                let text = if let Some(n) = number.as_u64() {
                    n.to_string()
                } else if let Some(n) = number.as_i64() {
                    n.to_string()
                } else if let Some(n) = exact_f64(number) {
                    ryu::Buffer::new().format(n).to_owned()
                } else {
                    return self.string(&number.to_string(), context);
                };
                self.scalar(&text, Style::Plain, context)?;
            }
            Value::String(text) => self.string(text, context)?,
        }
        Some(())
    }

    /// A string in the style yaml_serde asks for: literal when it has line breaks, quoted when
    /// plain text would read back as something else, else whatever libyaml picks.
    fn string(&mut self, text: &str, context: Context) -> Option<()> {
        let style = if text.contains('\n') {
            Style::Literal
        } else if !yaml::plain_reads_as_string(text) {
            Style::SingleQuoted
        } else {
            Style::Plain
        };
        self.scalar(text, style, context)
    }

    /// An empty collection, in flow style.
    fn empty(&mut self, open: &str, close: &str) {
        self.indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.indicator(close, false, false, false);
    }

    fn scalar(&mut self, text: &str, requested: Style, context: Context) -> Option<()> {
        let analysis = Analysis::of(text)?;
        let simple_key = context == Context::Key;
        let mut style = requested;
        if simple_key && analysis.multiline {
            return None;
        }
        if style == Style::Plain && (!analysis.plain_allowed || (text.is_empty() && simple_key)) {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
            return None;
        }
        if style == Style::Literal && (!analysis.block_allowed || simple_key) {
            return None;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.plain(text),
            Style::SingleQuoted => self.single_quoted(text),
            Style::Literal => self.literal(text),
        }
        self.pop_indent();
        Some(())
    }

    fn plain(&mut self, text: &str) {
        if !self.whitespace && !text.is_empty() {
            self.put(" ");
        }
        self.put(text);
        self.whitespace = false;
        self.indention = false;
    }

    fn single_quoted(&mut self, text: &str) {
        self.indicator("'", true, false, false);
        for (index, piece) in text.split('\'').enumerate() {
            if index > 0 {
                self.put("''");
            }
            self.put(piece);
        }
        self.indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, text: &str) {
        self.indicator("|", true, false, false);
        if text.starts_with([' ', '\n']) {
            self.indicator(&INDENT.to_string(), false, false, false);
        }
        // Chomping: `-` strips a missing final break, none clips one, `+` keeps several.
        let chomp = match text.strip_suffix('\n') {
            None => Some("-"),
            Some("") => Some("+"),
            Some(rest) if rest.ends_with('\n') => Some("+"),
            Some(_) => None,
        };
        if let Some(chomp) = chomp {
            self.indicator(chomp, false, false, false);
        }
        self.line_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for (index, line) in text.split('\n').enumerate() {
            if index > 0 {
                self.line_break();
                self.indention = true;
                breaks = true;
            }
            if !line.is_empty() {
                if breaks {
                    self.write_indent();
                }
                self.put(line);
                self.indention = false;
                breaks = false;
            }
        }
    }

    fn indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(" ");
        }
        self.put(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.line_break();
        }
        while self.column < indent {
            self.put(" ");
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { INDENT } else { 0 };
        } else if !indentless {
            self.indent += INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn line_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Text without line breaks.
    fn put(&mut self, text: &str) {
        self.out.push_str(text);
        let width = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        self.column += i32::try_from(width).unwrap_or(i32::MAX);
    }
}

/// What libyaml's `analyze_scalar` finds in a scalar, for the styles this writer writes; `None`
/// for a scalar it leaves to yaml_serde (characters libyaml escapes, line breaks other than
/// `\n`).
struct Analysis {
    multiline: bool,
    plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(text: &str) -> Option<Analysis> {
        if text.is_empty() {
            return Some(Analysis {
                multiline: false,
                plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
            });
        }
        // Most scalars are ASCII: their characters are their bytes, with nothing to decode.
        if text.is_ascii() {
            Self::scan(text, text.bytes().map(char::from))
        } else {
            Self::scan(text, text.chars())
        }
    }

    /// [`Analysis::of`] a non-empty `text`, whose characters `chars` gives.
    fn scan(text: &str, chars: impl Iterator<Item = char>) -> Option<Analysis> {
        let mut indicators = text.starts_with("---") || text.starts_with("...");
        let (mut line_breaks, mut space_break, mut break_space) = (false, false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        let mut chars = chars.peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            if !printable(c) || matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
                return None;
            }
            let followed_by_whitespace = chars.peek().is_none_or(|&next| blank(next));
            if first {
                indicators |= matches!(
                    c,
                    '#' | ','
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '&'
                        | '*'
                        | '!'
                        | '|'
                        | '>'
                        | '\''
                        | '"'
                        | '%'
                        | '@'
                        | '`'
                ) || (matches!(c, '?' | ':' | '-') && followed_by_whitespace);
            } else {
                indicators |=
                    (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace);
            }
            match c {
                ' ' => {
                    break_space |= previous_break;
                    previous_space = true;
                    previous_break = false;
                }
                '\n' => {
                    line_breaks = true;
                    space_break |= previous_space;
                    previous_space = false;
                    previous_break = true;
                }
                _ => {
                    previous_space = false;
                    previous_break = false;
                }
            }
            preceded_by_whitespace = blank(c);
            first = false;
        }
        let leading = text.starts_with([' ', '\n']);
        let trailing_space = text.ends_with(' ');
        let trailing = trailing_space || text.ends_with('\n');
        Some(Analysis {
            multiline: line_breaks,
            plain_allowed: !(leading
                || trailing
                || break_space
                || space_break
                || line_breaks
                || indicators),
            single_quoted_allowed: !(break_space || space_break),
            block_allowed: !(trailing_space || space_break),
        })
    }
}

/// libyaml's `IS_BLANKZ` for the characters this writer takes.
fn blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

/// libyaml's `IS_PRINTABLE`.
fn printable(c: char) -> bool {
    matches!(c,
        '\n' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}'
            | '\u{10000}'..)
        && c != '\u{feff}'
}

#[cfg(test)]
#[path = "yaml_text_tests.rs"]
mod tests;
