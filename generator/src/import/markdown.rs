//! Markdown, as the Mews docs write it: a flat list of blocks, each with its 1-based line.
//!
//! Only what the operation pages use is recognised: ATX headings, pipe tables, bullet items,
//! fenced code, block quotes and plain lines. Everything else is a plain line.

/// One block of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `## Title` (level 2).
    Heading { level: usize, text: String },
    /// A pipe table: the header cells, whether the `| :-- |` separator was there, and the rows.
    Table {
        header: Vec<String>,
        separator: bool,
        rows: Vec<Row>,
    },
    /// `* item` or `- item` (nesting ignored).
    Item { text: String },
    /// A fenced code block.
    Code { text: String },
    /// One `>` line, without the marker.
    Quote { text: String },
    /// Any other non-blank line.
    Line { text: String },
}

/// A table row: its cells and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A block and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub block: Block,
}

/// Splits a page into blocks.
pub fn blocks(text: &str) -> Vec<Located> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut index = 0;
    while let Some(raw) = lines.get(index) {
        let line = index + 1;
        let trimmed = raw.trim();
        index += 1;
        if trimmed.is_empty() || trimmed.starts_with("<!--") {
            continue;
        }
        if let Some(fence) = trimmed.strip_prefix("```") {
            let _language = fence;
            let mut body = Vec::new();
            while let Some(next) = lines.get(index) {
                index += 1;
                if next.trim().starts_with("```") {
                    break;
                }
                body.push(*next);
            }
            out.push(Located {
                line,
                block: Block::Code {
                    text: body.join("\n"),
                },
            });
            continue;
        }
        if trimmed.starts_with('|') {
            let header = cells(trimmed);
            let mut separator = false;
            let mut rows = Vec::new();
            while let Some(next) = lines.get(index) {
                let next = next.trim();
                if !next.starts_with('|') {
                    break;
                }
                index += 1;
                if rows.is_empty() && !separator && is_separator(next) {
                    separator = true;
                    continue;
                }
                rows.push(Row {
                    line: index,
                    cells: cells(next),
                });
            }
            out.push(Located {
                line,
                block: Block::Table {
                    header,
                    separator,
                    rows,
                },
            });
            continue;
        }
        let block = if let Some(heading) = heading(trimmed) {
            heading
        } else if let Some(quote) = trimmed.strip_prefix('>') {
            Block::Quote {
                text: quote.trim().to_owned(),
            }
        } else if let Some(item) = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "))
        {
            Block::Item {
                text: item.trim().to_owned(),
            }
        } else {
            Block::Line {
                text: trimmed.to_owned(),
            }
        };
        out.push(Located { line, block });
    }
    out
}

fn heading(line: &str) -> Option<Block> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = line.get(level..)?;
    if !rest.starts_with(' ') {
        return None;
    }
    Some(Block::Heading {
        level,
        text: rest.trim().to_owned(),
    })
}

fn is_separator(line: &str) -> bool {
    cells(line)
        .iter()
        .all(|cell| !cell.is_empty() && cell.chars().all(|c| matches!(c, ':' | '-' | ' ')))
}

/// The cells of a `| a | b |` line. A `|` inside a code span does not split.
pub fn cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    // Without code spans or escapes, every `|` separates two cells.
    if !inner.contains(['`', '\\']) {
        return inner
            .split('|')
            .map(|cell| cell.trim().to_owned())
            .collect();
    }
    // A cell is the text between two separators as it is (escapes and code spans kept): only
    // where they are needs finding. An escape covers the next character; every character that
    // matters here is one byte, so bytes will do.
    let mut out = Vec::new();
    let (mut in_code, mut escaped) = (false, false);
    let mut start = 0;
    for (index, byte) in inner.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'`' => in_code = !in_code,
            b'|' if !in_code => {
                out.push(inner[start..index].trim().to_owned());
                start = index + 1;
            }
            _ => {}
        }
    }
    out.push(inner[start..].trim().to_owned());
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
pub fn slug(text: &str) -> String {
    let text = plain_text(text);
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Markdown inline text without its markup: links become their text; code, emphasis and
/// strike-through markers go. Brackets are matched in one pass first, so text full of them is
/// read in linear time.
pub fn plain_text(text: &str) -> String {
    // Most cells hold no link and no markup: the text itself, trimmed.
    if !text.contains(['[', '~', '*', '`', '\\']) {
        return text.trim().to_owned();
    }
    // Each `[` with the `]` that closes it, by the `[`'s position.
    let mut closing = Vec::new();
    let mut open = Vec::new();
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'[' => open.push(index),
            b']' => {
                if let Some(start) = open.pop() {
                    closing.push((start, index));
                }
            }
            _ => {}
        }
    }
    closing.sort_unstable();
    let closing_of = |start: usize| {
        let at = closing
            .binary_search_by_key(&start, |&(open, _)| open)
            .ok()?;
        Some(closing[at].1)
    };
    let mut out = String::new();
    let mut rest = 0;
    while let Some(found) = text.get(rest..).and_then(|tail| tail.find('[')) {
        let start = rest + found;
        out.push_str(text.get(rest..start).unwrap_or_default());
        let link = closing_of(start).and_then(|close| {
            let title = text.get(start + 1..close)?;
            let after = text.get(close + 1..)?.strip_prefix('(')?;
            let end = target_end(after)?;
            Some((title, close + 2 + end + 1))
        });
        match link {
            Some((title, next)) => {
                out.push_str(title);
                rest = next;
            }
            None => {
                out.push('[');
                rest = start + 1;
            }
        }
    }
    out.push_str(text.get(rest..).unwrap_or_default());
    // In this order (removing `~~` can make a `**`); each pass only when it has work.
    let out = without(out, "~~");
    let out = without(out, "**");
    let out = match memchr::memchr2(b'`', b'\\', out.as_bytes()) {
        Some(_) => out.replace(['`', '\\'], ""),
        None => out,
    };
    out.trim().to_owned()
}

/// `text` without each two-byte `pair` (`~~`, `**`), as `str::replace` removes them; the text
/// itself when it has none (the search is a byte search).
fn without(text: String, pair: &str) -> String {
    let bytes = text.as_bytes();
    let found = match pair.as_bytes() {
        [first, second] => {
            memchr::memchr_iter(*first, bytes).any(|at| bytes.get(at + 1) == Some(second))
        }
        _ => true,
    };
    if found {
        text.replace(pair, "")
    } else {
        text
    }
}

/// Where a link's target ends (its `)`), looking at most [`MAX_LINK_PART`] bytes ahead.
fn target_end(after: &str) -> Option<usize> {
    after
        .char_indices()
        .take_while(|(index, _)| *index < MAX_LINK_PART)
        .find(|(_, c)| *c == ')')
        .map(|(index, _)| index)
}

/// The longest title or target a link may have, in bytes: a bound on how far one `[` is looked
/// past, so text full of unclosed brackets is read in linear time.
const MAX_LINK_PART: usize = 2048;

/// Every `[title](target)` link in `text`, in order: (title, target).
pub fn links(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        let Some(tail) = rest.get(at..) else { break };
        match link_at(tail) {
            Some((title, target, used)) => {
                out.push((title, target));
                rest = tail.get(used..).unwrap_or_default();
            }
            None => rest = tail.get(1..).unwrap_or_default(),
        }
    }
    out
}

/// A `[title](target)` link at the start of `text`: its title, target and length in bytes.
pub fn link_at(text: &str) -> Option<(String, String, usize)> {
    let body = text.strip_prefix('[')?;
    let mut depth = 0usize;
    let mut close = None;
    for (index, c) in body
        .char_indices()
        .take_while(|(index, _)| *index < MAX_LINK_PART)
    {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(index);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let title = body.get(..close)?;
    let after = body.get(close + 1..)?.strip_prefix('(')?;
    let end = target_end(after)?;
    let target = after.get(..end)?;
    let used = 1 + close + 1 + 1 + end + 1;
    Some((title.to_owned(), target.trim().to_owned(), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cells_and_keeps_code_spans() {
        assert_eq!(
            cells("| `A|B` | string | required |  |"),
            vec!["`A|B`", "string", "required", ""]
        );
        // Without code spans or escapes (the direct split) and with them, the same cells.
        assert_eq!(
            cells("|  Id | string|required  |"),
            vec!["Id", "string", "required"]
        );
        assert_eq!(cells("a | b"), vec!["a", "b"]);
        assert_eq!(cells("||"), vec![""]);
        assert_eq!(cells("| a \\| b | c |"), vec!["a \\| b", "c"]);
        // An escaped two-byte character; a `|` after an escaped backtick in a code span.
        assert_eq!(
            cells("| \\\u{e9}|x | `a\\`|b` |"),
            vec!["\\\u{e9}", "x", "`a\\`|b`"]
        );
    }

    #[test]
    fn slugs_like_github() {
        assert_eq!(
            slug("Reservation (ver 2023-06-06)"),
            "reservation-ver-2023-06-06"
        );
        assert_eq!(
            slug("~~Get all reservation items~~"),
            "get-all-reservation-items"
        );
        assert_eq!(slug("Get image URLs"), "get-image-urls");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Use [Get all](x.md#y) and `AccountId`."),
            "Use Get all and AccountId."
        );
        assert_eq!(
            plain_text("  plain text, (no markup)  "),
            "plain text, (no markup)"
        );
        assert_eq!(plain_text("~~gone~~ **bold** a\\b"), "gone bold ab");
        // `~~` goes first, and can leave a `**` that goes too; a lone `~` or `*` stays.
        assert_eq!(plain_text("a *~~* b ~ c * `d`"), "a  b ~ c * d");
        assert_eq!(plain_text("[x](https://e.com) [y] z]"), "x [y] z]");
    }

    #[test]
    fn reads_blocks_with_lines() {
        let page = "# T\n\n## Op\n| a | b |\n| :-- | :-- |\n| 1 | 2 |\n\n```javascript\n{}\n```\n* `X` - y\n> q\n";
        let blocks = blocks(page);
        assert_eq!(blocks[0].line, 1);
        assert!(
            matches!(&blocks[2].block, Block::Table { rows, separator: true, .. } if rows[0].line == 6)
        );
        assert!(matches!(&blocks[3].block, Block::Code { text } if text == "{}"));
        assert!(matches!(&blocks[4].block, Block::Item { text } if text == "`X` - y"));
        assert!(matches!(&blocks[5].block, Block::Quote { text } if text == "q"));
    }
}
