//! A linear pre-scan of the text's nesting depth, before any parser sees it.
//!
//! The YAML loader's time grows quadratically with nesting (a 200 KB spec nested 100,000 deep
//! took 20–38 s), and deep trees make every recursive pass over them risk the stack. Counting
//! indentation levels and open flow brackets line by line is one pass over the bytes.

use crate::error::{Diagnostic, Location};

/// The deepest nesting a spec may have, counting block indentation levels, block sequence
/// entries and open `[`/`{`. Real specs stay under 20.
pub const MAX_DEPTH: usize = 64;

/// Rejects text nested deeper than [`MAX_DEPTH`], naming the first line that goes too deep.
pub fn check(text: &str) -> Result<(), Diagnostic> {
    let mut scan = Scan::default();
    for (index, line) in text.lines().enumerate() {
        if scan.line(line) > MAX_DEPTH {
            return Err(too_deep(index + 1));
        }
    }
    Ok(())
}

/// Rejects a tree nested deeper than [`MAX_DEPTH`] containers, naming the first node too deep.
/// The walk stops at that depth, so it recurses at most [`MAX_DEPTH`] calls deep.
pub fn check_tree(tree: &crate::json::Value) -> Result<(), Diagnostic> {
    too_deep_in(tree, 0).map_err(|mut path| {
        path.reverse();
        let pointer: String = std::iter::once("#".to_owned())
            .chain(
                path.iter()
                    .map(|step| step.replace('~', "~0").replace('/', "~1")),
            )
            .collect::<Vec<_>>()
            .join("/");
        Diagnostic::at(
            pointer,
            format!("the spec is nested deeper than {MAX_DEPTH} levels"),
        )
    })
}

/// `Err` with the path (innermost step first) to the first container deeper than the limit.
fn too_deep_in(node: &crate::json::Value, depth: usize) -> Result<(), Vec<String>> {
    use crate::json::Value;
    let is_container = |value: &Value| matches!(value, Value::Array(_) | Value::Object(_));
    let descend = |child: &Value, step: &dyn Fn() -> String| {
        if !is_container(child) {
            return Ok(());
        }
        if depth >= MAX_DEPTH {
            return Err(vec![step()]);
        }
        too_deep_in(child, depth + 1).map_err(|mut path| {
            path.push(step());
            path
        })
    };
    match node {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                descend(item, &|| index.to_string())?;
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                descend(item, &|| key.clone())?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The scanner's state between lines.
#[derive(Default)]
struct Scan {
    /// Indentation of each open block level (a monotonic stack).
    indents: Vec<usize>,
    /// Flow brackets still open, and the quote a flow scalar is open with.
    flow: usize,
    quote: Option<char>,
    /// Inside a block scalar (`|`, `>`) whose key stands at this indentation.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Takes one line; returns the deepest nesting reached on it.
    fn line(&mut self, line: &str) -> usize {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if let Some(parent) = self.block_scalar {
            if content.is_empty() || indent > parent {
                return self.indents.len();
            }
            self.block_scalar = None;
        }
        if self.flow > 0 {
            return self.flow_chars(content);
        }
        if content.is_empty() || content.starts_with('#') {
            return self.indents.len();
        }
        while self.indents.last().is_some_and(|&top| top >= indent) {
            self.indents.pop();
        }
        self.indents.push(indent);
        // `- - - x`: each sequence marker opens a level of its own.
        let mut rest = content;
        let mut level = indent;
        while let Some(after) = rest.strip_prefix("- ") {
            level += 2;
            self.indents.push(level);
            rest = after.trim_start_matches(' ');
        }
        let value = if rest.starts_with(['[', '{']) {
            rest
        } else {
            match rest.split_once(": ") {
                Some((_, value)) => value.trim_start_matches(' '),
                None => "",
            }
        };
        if value.starts_with(['|', '>']) {
            self.block_scalar = Some(indent);
        } else if value.starts_with(['[', '{']) {
            return self.flow_chars(value);
        }
        self.indents.len()
    }

    /// Brackets and quotes of flow text; returns the deepest nesting reached.
    fn flow_chars(&mut self, text: &str) -> usize {
        let mut deepest = self.indents.len() + self.flow;
        for c in text.chars() {
            match (self.quote, c) {
                (Some(open), c) if c == open => self.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => self.quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => self.flow += 1,
                (None, ']' | '}') => self.flow = self.flow.saturating_sub(1),
                _ => {}
            }
            deepest = deepest.max(self.indents.len() + self.flow);
        }
        deepest
    }
}

fn too_deep(line: usize) -> Diagnostic {
    Diagnostic {
        location: Some(Location::Line { line, column: 1 }),
        message: format!("the spec is nested deeper than {MAX_DEPTH} levels"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_blocks(depth: usize) -> String {
        (0..depth)
            .map(|level| format!("{}k{level}:\n", "  ".repeat(level)))
            .collect()
    }

    #[test]
    fn counts_block_and_flow_nesting() {
        assert!(check(&nested_blocks(MAX_DEPTH)).is_ok());
        let error = check(&nested_blocks(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(
            error.location,
            Some(Location::Line {
                line: MAX_DEPTH + 1,
                column: 1
            })
        );
        assert!(check(&"[".repeat(MAX_DEPTH + 1)).is_err());
        assert!(check(&format!("{}a", "- ".repeat(MAX_DEPTH + 1))).is_err());
        assert!(check(&format!("a: |\n  {}\nb: 1", "[".repeat(100))).is_ok());
        assert!(
            check("a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['")
                .is_ok()
        );
    }

    #[test]
    fn siblings_do_not_add_depth() {
        let text: String = (0..10_000)
            .map(|i| format!("k{i}:\n  v: [1, {{a: 2}}]\n"))
            .collect();
        assert!(check(&text).is_ok());
    }
}
