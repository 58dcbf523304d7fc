//! A faster path again, for the block YAML that emitters write (libyaml's, as in our specs, and
//! PyYAML's, as in Mews' OpenAPI spec): mappings and sequences by indentation, plain and quoted
//! scalars (folded over lines), `[]` and `{}`, anchors and their aliases. It reads a line at a
//! time instead of a character at a time, and builds the tree as it goes.
//!
//! Like the saphyr path it is never a second opinion: anything outside that shape (a tab, a
//! comment after a value, a flow collection with items, a block scalar, a tag, a key over more
//! than one line, text YAML would refuse) gives `None`, and the caller reads the text with the
//! saphyr path, then yaml_serde, as before. Plain scalars resolve as in the saphyr path.

use std::collections::HashMap;

use super::yaml::{plain_scalar, MAX_KEY, MAX_NESTING};
use super::{Map, Value};

/// The document as a tree, or `None` when the other paths must read it.
pub fn read(text: &str) -> Option<Value> {
    // Emitters end the text with a line break: its last line is never cut short.
    if memchr::memchr2(b'\t', b'\r', text.as_bytes()).is_some()
        || text.starts_with('\u{feff}')
        || !text.ends_with('\n')
    {
        return None;
    }
    let mut reader = Reader {
        lines: lines(text),
        pos: 0,
        moved: None,
        anchors: HashMap::new(),
    };
    reader.skip_blank();
    let (indent, content) = reader.current()?;
    if indent != 0 || content.starts_with('-') || content.starts_with("---") {
        return None;
    }
    let root = reader.mapping(0, 1)?;
    reader.skip_blank();
    (reader.pos == reader.lines.len()).then_some(root)
}

/// A line of the text and its indentation, measured once (the reader looks at a line several
/// times).
#[derive(Clone, Copy)]
struct Line<'a> {
    raw: &'a str,
    indent: usize,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Line<'a> {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        Line { raw, indent }
    }

    /// The line after its indentation.
    fn content(self) -> &'a str {
        &self.raw[self.indent..]
    }
}

/// The text's lines, as `str::split('\n')` gives them (the last one empty).
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(text.len() / 32);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(Line::new(&text[start..end]));
        start = end + 1;
    }
    lines.push(Line::new(&text[start..]));
    lines
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// The line being read.
    pos: usize,
    /// The current line read from a later column: the item after a sequence's `- `.
    moved: Option<(usize, &'a str)>,
    anchors: HashMap<&'a str, Value>,
}

/// Characters that cannot start a plain scalar.
const INDICATORS: &[char] = &[
    ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Whether `text` can start a plain scalar: no indicator first, and `-`, `?`, `:` only when a
/// non-space follows.
fn plain_start(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        None => false,
        Some('-' | '?' | ':') => chars.next().is_some_and(|next| next != ' '),
        Some(first) => !INDICATORS.contains(&first),
    }
}

impl<'a> Reader<'a> {
    /// The current line's indentation and content.
    fn current(&self) -> Option<(usize, &'a str)> {
        if let Some(moved) = self.moved {
            return Some(moved);
        }
        let line = self.lines.get(self.pos)?;
        Some((line.indent, line.content()))
    }

    fn advance(&mut self) {
        self.moved = None;
        self.pos += 1;
    }

    /// Past blank lines and comment lines.
    fn skip_blank(&mut self) {
        while self.moved.is_none() {
            match self.lines.get(self.pos) {
                Some(line) if line.content().is_empty() || line.content().starts_with('#') => {
                    self.pos += 1;
                }
                _ => break,
            }
        }
    }

    /// A block mapping whose keys are at `indent`.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Value> {
        if depth >= MAX_NESTING {
            return None;
        }
        let mut map = Map::default();
        loop {
            self.skip_blank();
            let Some((at, content)) = self.current() else {
                break;
            };
            if at < indent {
                break;
            }
            if at > indent || is_item(content) {
                return None;
            }
            let (key, rest) = key(content)?;
            let value = self.value(rest, indent, depth, true)?;
            // One lookup per key; a key given twice leaves the text to the other paths.
            match map.entry(key.to_owned()) {
                indexmap::map::Entry::Occupied(_) => return None,
                indexmap::map::Entry::Vacant(slot) => {
                    slot.insert(value);
                }
            }
        }
        Some(Value::Object(map))
    }

    /// A block sequence whose `- ` are at `indent`.
    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Value> {
        if depth >= MAX_NESTING {
            return None;
        }
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some((at, content)) = self.current() else {
                break;
            };
            if at < indent || (at == indent && !is_item(content)) {
                break;
            }
            if at > indent {
                return None;
            }
            let after = &content[1..];
            let item = after.trim_start_matches(' ');
            let column = indent + 1 + (after.len() - item.len());
            let value = if item.is_empty() {
                self.value("", indent, depth, false)?
            } else if is_item(item) {
                self.moved = Some((column, item));
                self.sequence(column, depth + 1)?
            } else if key(item).is_some() {
                self.moved = Some((column, item));
                self.mapping(column, depth + 1)?
            } else {
                self.value(item, indent, depth, false)?
            };
            items.push(value);
        }
        Some(Value::Array(items))
    }

    /// The value after a key (`in_mapping`) or a `- ` whose line is at `indent`: `rest` is the
    /// rest of the current line (empty when the value is a block on the next lines).
    fn value(
        &mut self,
        rest: &'a str,
        indent: usize,
        depth: usize,
        in_mapping: bool,
    ) -> Option<Value> {
        if let Some(anchored) = rest.strip_prefix('&') {
            let (name, rest) = anchored.split_once(' ').unwrap_or((anchored, ""));
            if name.is_empty() || self.anchors.contains_key(name) {
                return None;
            }
            let value = self.value(rest.trim_start_matches(' '), indent, depth, in_mapping)?;
            self.anchors.insert(name, value.clone());
            return Some(value);
        }
        if let Some(name) = rest.strip_prefix('*') {
            let value = self.anchors.get(name)?.clone();
            self.advance();
            return Some(value);
        }
        if !rest.is_empty() {
            return self.scalar(rest, indent);
        }
        self.advance();
        self.skip_blank();
        match self.current() {
            Some((at, content)) if at > indent => {
                if is_item(content) {
                    self.sequence(at, depth + 1)
                } else {
                    self.mapping(at, depth + 1)
                }
            }
            // A sequence in a mapping may be at the mapping's own indentation.
            Some((at, content)) if in_mapping && at == indent && is_item(content) => {
                self.sequence(at, depth + 1)
            }
            _ => Some(Value::Null),
        }
    }

    /// A scalar starting with `first` on the current line, continued on the lines indented
    /// past `indent`.
    fn scalar(&mut self, first: &'a str, indent: usize) -> Option<Value> {
        match first {
            "[]" => {
                self.advance();
                return Some(Value::Array(Vec::new()));
            }
            "{}" => {
                self.advance();
                return Some(Value::Object(Map::default()));
            }
            _ => {}
        }
        if let Some(header) = first.strip_prefix('|') {
            return self.literal(header, indent).map(Value::String);
        }
        if let Some(quoted) = first.strip_prefix('\'') {
            return self.quoted(quoted, indent, false).map(Value::String);
        }
        if let Some(quoted) = first.strip_prefix('"') {
            return self.quoted(quoted, indent, true).map(Value::String);
        }
        if !plain_start(first) || !plain_line(first) {
            return None;
        }
        let mut text = first.to_owned();
        self.advance();
        // Continuation lines: folded into one space, or a line break per blank line between.
        loop {
            let mut blank = 0;
            let mut next = self.pos;
            while self
                .lines
                .get(next)
                .is_some_and(|line| line.content().is_empty())
            {
                blank += 1;
                next += 1;
            }
            let Some(line) = self.lines.get(next) else {
                break;
            };
            let content = line.content();
            if line.indent <= indent {
                break;
            }
            if !continues_plain(content) || !plain_line(content) || content.starts_with("---") {
                return None;
            }
            if blank == 0 {
                text.push(' ');
            }
            text.extend(std::iter::repeat_n('\n', blank));
            text.push_str(content);
            self.pos = next + 1;
        }
        plain_scalar(text)
    }

    /// A single- or double-quoted scalar after its opening quote, folded over lines indented
    /// past `indent`; the rest of its last line must be empty.
    fn quoted(&mut self, mut line: &'a str, indent: usize, double: bool) -> Option<String> {
        let mut text = String::new();
        loop {
            let mut escaped_break = false;
            let mut from = 0;
            // Runs of plain text are copied whole, up to the next quote or escape.
            while let Some(index) = quoted_special(line, from, double) {
                text.push_str(&line[from..index]);
                match line.as_bytes()[index] {
                    b'\'' if line[index + 1..].starts_with('\'') => {
                        text.push('\'');
                        from = index + 2;
                    }
                    b'\\' => {
                        let mut chars = line[index + 1..].char_indices();
                        let Some((_, escape)) = chars.next() else {
                            escaped_break = true;
                            break;
                        };
                        text.push(unescape(escape, &mut chars)?);
                        from = index + 1 + chars.offset();
                    }
                    // The closing quote.
                    _ => return self.closed(text, &line[index + 1..]),
                }
            }
            // The line ends inside the quotes: fold it into the next one, without the literal
            // spaces that end it (escaped ones are content, and end the runs before them).
            if !escaped_break {
                let run = &line[from..];
                text.push_str(run.trim_end_matches(' '));
            }
            let mut blank = 0;
            loop {
                self.advance();
                let next = *self.lines.get(self.pos)?;
                let content = next.content();
                if content.is_empty() {
                    blank += 1;
                    continue;
                }
                if next.indent <= indent || content.starts_with("---") {
                    return None;
                }
                line = content;
                break;
            }
            if escaped_break {
                if blank > 0 {
                    return None;
                }
            } else if blank == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', blank));
            }
        }
    }

    /// A literal block scalar after its `|`: `header` holds its indentation indicator and
    /// chomping (`|2-`), its lines are those indented past `indent`.
    fn literal(&mut self, header: &str, indent: usize) -> Option<String> {
        let (mut digit, mut chomp) = (None, None);
        for c in header.chars() {
            match c {
                '1'..='9' if digit.is_none() => digit = c.to_digit(10),
                '-' | '+' if chomp.is_none() => chomp = Some(c),
                _ => return None,
            }
        }
        self.advance();
        let start = self.pos;
        // The content's indentation: given, or that of the first line with text.
        let content_indent = match digit {
            Some(digit) => indent + digit as usize,
            None => {
                let first = self.lines[start..]
                    .iter()
                    .find(|line| !line.content().is_empty())?;
                let at = first.indent;
                // Blank lines before it with more spaces would be refused.
                let blank_wider = self.lines[start..]
                    .iter()
                    .take_while(|line| line.content().is_empty())
                    .any(|line| line.raw.len() > at);
                if blank_wider {
                    return None;
                }
                at
            }
        };
        if content_indent <= indent {
            return None;
        }
        let mut lines: Vec<&str> = Vec::new();
        while let Some(&Line { raw, indent: at }) = self.lines.get(self.pos) {
            if raw.len() == at {
                lines.push(raw.get(content_indent..).unwrap_or(""));
            } else if at >= content_indent {
                lines.push(&raw[content_indent..]);
            } else {
                break;
            }
            self.pos += 1;
        }
        // The text ends at its last line with text; the blank lines after it are chomped.
        let kept = lines
            .iter()
            .rposition(|line| !line.is_empty())
            .map_or(0, |i| i + 1);
        let trailing = lines.len() - kept;
        // Split on line breaks, text ending in one ends in an empty element that is no line.
        let ends_document = self.pos >= self.lines.len();
        let mut text = lines[..kept].join("\n");
        match chomp {
            Some('-') => {}
            Some(_) => {
                // `+` keeps every line break.
                let breaks =
                    (usize::from(kept > 0) + trailing).saturating_sub(usize::from(ends_document));
                text.extend(std::iter::repeat_n('\n', breaks));
            }
            None if kept > 0 => text.push('\n'),
            None => {}
        }
        Some(text)
    }

    /// The end of a quoted scalar: nothing may follow it on its line.
    fn closed(&mut self, text: String, after: &str) -> Option<String> {
        if !after.is_empty() {
            return None;
        }
        self.advance();
        Some(text)
    }
}

/// Where the next quote (and, in double quotes, backslash) is in `line` from `from`.
fn quoted_special(line: &str, from: usize, double: bool) -> Option<usize> {
    let rest = &line.as_bytes()[from..];
    let found = if double {
        memchr::memchr2(b'"', b'\\', rest)
    } else {
        memchr::memchr(b'\'', rest)
    };
    found.map(|at| from + at)
}

/// Whether a line can continue a plain scalar: indicators are text there, except a comment's
/// `#` and `-`, `?`, `:` before a space (left to the other paths).
fn continues_plain(content: &str) -> bool {
    let mut chars = content.chars();
    match chars.next() {
        None | Some('#') => false,
        Some('-' | '?' | ':') => chars.next().is_some_and(|next| next != ' '),
        Some(_) => true,
    }
}

/// Whether the content is a sequence item (`- x`, or `-` alone).
fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// A plain scalar's line as this reader takes it: no `: ` or ` #` (which YAML reads as a mapping
/// or a comment), no `:` at its end, no trailing space.
fn plain_line(content: &str) -> bool {
    colon_space(content).is_none()
        && !space_hash(content)
        && !content.ends_with(':')
        && !content.ends_with(' ')
}

/// Where `: ` first occurs (a byte search: `str::find` with a two-character pattern sets up a
/// substring searcher per call, and the reader asks once or twice per line).
fn colon_space(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b':', &bytes[from..]) {
        let at = from + found;
        if bytes.get(at + 1) == Some(&b' ') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether ` #` occurs.
fn space_hash(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'#', &bytes[from..]) {
        let at = from + found;
        if at > 0 && bytes[at - 1] == b' ' {
            return true;
        }
        from = at + 1;
    }
    false
}

/// The key of a `key: value` (or `key:`) line, and the value's text after it.
fn key(content: &str) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(quoted) = content.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        if quoted[end + 1..].starts_with('\'') {
            return None;
        }
        (&quoted[..end], &quoted[end + 1..])
    } else if content.starts_with('"') {
        return None;
    } else {
        if !plain_start(content) {
            return None;
        }
        let end =
            colon_space(content).or_else(|| content.strip_suffix(':').map(|key| key.len()))?;
        let key = &content[..end];
        if space_hash(key) || key.ends_with(' ') {
            return None;
        }
        (key, &content[end..])
    };
    if key.len() >= MAX_KEY {
        return None;
    }
    let rest = rest.strip_prefix(':')?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// The character a double-quoted escape stands for (`chars` is after its letter, for the hex
/// digits of `\x`, `\u` and `\U`).
fn unescape(escape: char, chars: &mut std::str::CharIndices<'_>) -> Option<char> {
    let hex = |chars: &mut std::str::CharIndices<'_>, digits: usize| {
        let mut code = 0u32;
        for _ in 0..digits {
            code = code * 16 + chars.next()?.1.to_digit(16)?;
        }
        char::from_u32(code)
    };
    Some(match escape {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' => hex(chars, 2)?,
        'u' => hex(chars, 4)?,
        'U' => hex(chars, 8)?,
        _ => return None,
    })
}

#[cfg(test)]
#[path = "yaml_block_tests.rs"]
mod tests;
