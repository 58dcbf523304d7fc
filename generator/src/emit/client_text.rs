//! An operation's `static` and its paging impls written straight as formatted text, as
//! [`super::struct_text`] writes a struct's declaration: the lines prettyplease prints for the
//! tokens `client` emits, or `None` where the layout is not known (a line past the margin, a
//! literal that would print escaped), and the item goes through tokens.

use super::decode_text::{Out, MARGIN};
use super::names::plain_literal;

/// `static NAME: Operation = Operation { .. };`.
pub struct Static<'a> {
    pub name: &'a str,
    pub operation_type: &'a str,
    pub id: &'a str,
    pub path: &'a str,
    pub retry_safe: bool,
    /// `EnterpriseScope::Single`, as printed.
    pub scope: &'a str,
}

pub fn operation_static(item: &Static<'_>) -> Option<String> {
    if !plain_literal(item.id) || !plain_literal(item.path) {
        return None;
    }
    let mut out = Out::default();
    let ty = item.operation_type;
    out.line(0, &format!("static {}: {ty} = {ty} {{", item.name))?;
    out.line(4, &format!("id: \"{}\",", item.id))?;
    out.line(4, &format!("path: \"{}\",", item.path))?;
    out.line(4, &format!("retry_safe: {},", item.retry_safe))?;
    out.line(4, &format!("enterprise_scope: {},", item.scope))?;
    out.line(0, "};")?;
    Some(out.text)
}

/// What the paging impls name, as printed.
pub struct Paging<'a> {
    pub request: &'a str,
    pub response: &'a str,
    pub item: &'a str,
    pub limitation: &'a str,
    pub count: &'a str,
    pub cursor: &'a str,
    /// The response's cursor field.
    pub next: &'a str,
    pub items: &'a str,
    pub items_json: &'a str,
    pub cursor_json: &'a str,
    pub paged_request: &'a str,
    pub page: &'a str,
    /// `item_key`'s body.
    pub item_key: &'a str,
    pub item_key_type: &'a str,
    /// `split_filters` and `narrow`, when the request has lists or intervals to split.
    pub splitting: Option<Splitting>,
}

/// The request's filters a stream splits.
pub struct Splitting {
    pub split_filter: String,
    pub part: String,
    /// `SplitFilter::items` and its arguments (`"Ids"`, `1000`, `&self.ids`), as printed.
    pub filters: Vec<(String, Vec<String>)>,
    /// `part.narrow_items(&mut self.ids)`, one per filter in order.
    pub narrows: Vec<String>,
}

/// `impl PagedRequest for Request`.
pub fn paged_request(paging: &Paging<'_>) -> Option<String> {
    let mut out = Out::default();
    out.line(
        0,
        &format!("impl {} for {} {{", paging.paged_request, paging.request),
    )?;
    out.line(4, "fn page_size(&self) -> usize {")?;
    out.line(
        8,
        &format!(
            "usize::try_from(self.{}.{}).unwrap_or(0)",
            paging.limitation, paging.count
        ),
    )?;
    out.line(4, "}")?;
    out.line(4, "fn set_cursor(&mut self, cursor: Option<String>) {")?;
    out.line(
        8,
        &format!("self.{}.{} = cursor;", paging.limitation, paging.cursor),
    )?;
    out.line(4, "}")?;
    if let Some(splitting) = &paging.splitting {
        split_filters(&mut out, splitting)?;
    }
    out.line(0, "}")?;
    Some(out.text)
}

fn split_filters(out: &mut Out, splitting: &Splitting) -> Option<()> {
    out.line(
        4,
        &format!(
            "fn split_filters(&self) -> Vec<{}> {{",
            splitting.split_filter
        ),
    )?;
    let calls: Vec<String> = splitting
        .filters
        .iter()
        .map(|(callee, args)| format!("{callee}({})", args.join(", ")))
        .collect();
    let flat = format!("Vec::from([{}])", calls.join(", "));
    // The closing `])` is measured (a chain's closing parenthesis is).
    if !out.flat_or_break(8, &flat, MARGIN, MARGIN + 1)? {
        out.line(8, "Vec::from([")?;
        for (index, (call, (callee, args))) in calls.iter().zip(&splitting.filters).enumerate() {
            // The comma after an element is measured, except the last one's (the list's
            // trailing comma); a wider element has its arguments one per line.
            let last = usize::from(index + 1 == calls.len());
            let line = format!("{call},");
            if !out.flat_or_break(12, &line, MARGIN + last, MARGIN + last + 1)? {
                out.line(12, &format!("{callee}("))?;
                for arg in args {
                    out.line(16, &format!("{arg},"))?;
                }
                out.line(12, "),")?;
            }
        }
        out.line(8, "])")?;
    }
    out.line(4, "}")?;
    out.line(
        4,
        &format!(
            "fn narrow(&mut self, filter: usize, part: &{}) {{",
            splitting.part
        ),
    )?;
    out.line(8, "match filter {")?;
    for (index, narrow) in splitting.narrows.iter().enumerate() {
        // The arm's comma is not measured; wider arms are braced, which is left to the tokens.
        if !out.flat_or_break(12, &format!("{index} => {narrow},"), MARGIN + 1, MARGIN + 2)? {
            return None;
        }
    }
    out.line(12, "_ => {}")?;
    out.line(8, "}")?;
    out.line(4, "}")
}

/// `impl Page for Response`.
pub fn page(paging: &Paging<'_>) -> Option<String> {
    if !plain_literal(paging.items_json) || !plain_literal(paging.cursor_json) {
        return None;
    }
    let (next, items) = (paging.next, paging.items);
    let mut out = Out::default();
    out.line(
        0,
        &format!("impl {} for {} {{", paging.page, paging.response),
    )?;
    out.line(4, &format!("type Item = {};", paging.item))?;
    out.line(
        4,
        &format!(
            "const ITEMS_FIELD: &'static str = \"{}\";",
            paging.items_json
        ),
    )?;
    out.line(
        4,
        &format!(
            "const CURSOR_FIELD: &'static str = \"{}\";",
            paging.cursor_json
        ),
    )?;
    out.line(4, "fn cursor(&self) -> Option<String> {")?;
    out.line(8, &format!("self.{next}.clone()"))?;
    out.line(4, "}")?;
    out.line(4, "fn len(&self) -> usize {")?;
    out.line(8, &format!("self.{items}.len()"))?;
    out.line(4, "}")?;
    out.line(4, "fn into_items(self) -> Vec<Self::Item> {")?;
    out.line(8, &format!("self.{items}"))?;
    out.line(4, "}")?;
    out.line(
        4,
        &format!(
            "fn item_key(item: &Self::Item) -> {} {{",
            paging.item_key_type
        ),
    )?;
    out.line(8, paging.item_key)?;
    out.line(4, "}")?;
    out.line(
        4,
        "fn retain_items<F: FnMut(&Self::Item) -> bool>(&mut self, keep: F) {",
    )?;
    out.line(8, &format!("self.{items}.retain(keep);"))?;
    out.line(4, "}")?;
    out.line(0, "}")?;
    Some(out.text)
}
