//! Rows of `| Property | Type | Contract | Description |` tables, and enum list items.

use super::markdown::{link_at, plain_text, Row};
use super::types::{parse_contract, parse_type, Contract, TypeExpr};

/// The header every property table has.
pub const PROPERTY_HEADER: [&str; 4] = ["Property", "Type", "Contract", "Description"];

/// Whether a table header is a property table's.
pub fn is_property_table(header: &[String]) -> bool {
    header.len() == PROPERTY_HEADER.len()
        && header
            .iter()
            .zip(PROPERTY_HEADER)
            .all(|(cell, name)| cell == name)
}

/// One property row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyRow {
    pub line: usize,
    /// Name on the wire, e.g. `EnterpriseIds`; `None` for a `?Key?` row (a dictionary).
    pub name: Option<String>,
    pub ty: TypeExpr,
    /// The link of a `string [Title](target)` Type cell (a string the linked section describes,
    /// e.g. the enum of an event discriminator).
    pub type_link: Option<(String, String)>,
    pub contract: Contract,
    pub description: String,
    /// `Some(note)` for a struck-through or **Deprecated!** row; the note may be empty.
    pub deprecated: Option<String>,
    /// The links of the description cell (title, target): where the docs say what an untyped
    /// property holds ("Structure of the object depends on [Device type](devices.md#...)").
    pub links: Vec<(String, String)>,
}

/// Parses a property row, or says why it cannot.
pub fn property_row(row: &Row) -> Result<PropertyRow, String> {
    let [name, ty, contract, description] = row.cells.as_slice() else {
        return Err(format!(
            "a property row has 4 cells, this one has {}",
            row.cells.len()
        ));
    };
    let struck = name.starts_with("~~");
    let name = name.replace("~~", "");
    let name = name.trim();
    let name = if name == "?Key?" {
        None
    } else {
        let bare = name.strip_prefix('`').and_then(|n| n.strip_suffix('`'));
        match bare {
            Some(bare) if !bare.is_empty() && !bare.contains('`') => Some(bare.to_owned()),
            _ => return Err(format!("property name `{name}` is not a code span")),
        }
    };
    let contract = parse_contract(contract)?;
    let links = super::markdown::links(description);
    let (description, deprecated) = deprecation(description);
    let deprecated = deprecated.or_else(|| struck.then(String::new));
    let type_link = ty
        .replace("~~", "")
        .trim()
        .strip_prefix("string ")
        .and_then(|rest| markdown_link(rest.trim()));
    Ok(PropertyRow {
        line: row.line,
        name,
        ty: parse_type(ty),
        type_link,
        contract,
        description,
        deprecated,
        links,
    })
}

/// A cell that is exactly one link: its title and target.
fn markdown_link(cell: &str) -> Option<(String, String)> {
    let (title, target, used) = link_at(cell)?;
    (used == cell.len()).then_some((title, target))
}

/// Splits `text **Deprecated!** Use X.` into the description and the deprecation note.
pub fn deprecation(cell: &str) -> (String, Option<String>) {
    const MARK: &str = "**Deprecated!**";
    // Most cells have no `!` at all: no searcher is set up for them.
    let marked = memchr::memchr(b'!', cell.as_bytes()).and_then(|_| cell.rfind(MARK));
    match marked {
        Some(at) => {
            let before = cell.get(..at).unwrap_or_default().replace(MARK, "");
            let after = cell.get(at + MARK.len()..).unwrap_or_default();
            (plain_text(&before), Some(plain_text(after)))
        }
        None => (plain_text(cell), None),
    }
}

/// One value of an enum list: `` * `Value` - description ``.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumItem {
    pub line: usize,
    pub value: String,
    pub description: Option<String>,
    /// A link in the description, e.g. the payload of a union arm: (title, target).
    pub link: Option<(String, String)>,
    /// The operation that fetches the entity an event names (an event discriminator table's
    /// `Fetch operation` column): (title, target).
    pub fetch: Option<(String, String)>,
    /// The title of the first link of a discriminator table's description: the entity the
    /// event is about (`A [Customer](…) was added.` → `Customer`).
    pub subject: Option<String>,
}

/// Parses a list item as an enum value.
pub fn enum_item(text: &str, line: usize) -> Option<EnumItem> {
    let rest = text.strip_prefix('`')?;
    let end = rest.find('`')?;
    let value = rest.get(..end)?.trim();
    if value.is_empty() {
        return None;
    }
    let tail = rest.get(end + 1..)?.trim();
    let description = if tail.is_empty() {
        None
    } else {
        // A hyphen, or the en or em dash some pages use.
        let rest = ['-', '–', '—']
            .iter()
            .find_map(|dash| tail.strip_prefix(*dash))?;
        Some(rest.trim().to_owned())
    };
    let link = description
        .as_deref()
        .and_then(|d| d.find('[').and_then(|at| d.get(at..)).and_then(link_at))
        .map(|(title, target, _)| (title, target));
    Some(EnumItem {
        line,
        value: value.to_owned(),
        description: description.map(|d| plain_text(&d)),
        link,
        fetch: None,
        subject: None,
    })
}

/// The header of an event discriminator table (the events pages): one row per value, with its
/// payload in `Value` and, for an entity's event, the operation that fetches it.
pub fn is_discriminator_table(header: &[String]) -> bool {
    header.first().is_some_and(|cell| cell == "Discriminator")
        && header.iter().any(|cell| cell == "Value")
}

/// A row of a discriminator table as an enum value; `None` when its first cell is no code span.
pub fn discriminator_row(header: &[String], row: &Row) -> Option<EnumItem> {
    let cell = |name: &str| {
        let index = header.iter().position(|cell| cell == name)?;
        row.cells.get(index).map(String::as_str)
    };
    let value = cell("Discriminator")?
        .trim()
        .strip_prefix('`')?
        .strip_suffix('`')?
        .trim();
    if value.is_empty() || value.contains('`') {
        return None;
    }
    let first_link = |text: &str| {
        text.find('[')
            .and_then(|at| text.get(at..))
            .and_then(link_at)
            .map(|(title, target, _)| (title, target))
    };
    let description = cell("Description").map(str::trim).unwrap_or_default();
    let subject = first_link(description).map(|(title, _)| plain_text(&title));
    Some(EnumItem {
        line: row.line,
        value: value.to_owned(),
        description: (!description.is_empty()).then(|| plain_text(description)),
        link: cell("Value").and_then(first_link),
        fetch: cell("Fetch operation").and_then(first_link),
        subject,
    })
}

/// A table listing the events a page documents (`| Entity | Event | Description |`): the event
/// names, each a code span.
pub fn listed_events(header: &[String], rows: &[Row]) -> Option<Vec<(usize, String)>> {
    let column = header.iter().position(|cell| cell == "Event")?;
    if !header.iter().any(|cell| cell == "Entity") {
        return None;
    }
    Some(
        rows.iter()
            .filter_map(|row| {
                let cell = row.cells.get(column)?.trim();
                let name = cell.strip_prefix('`')?.strip_suffix('`')?;
                Some((row.line, name.to_owned()))
            })
            .collect(),
    )
}

/// `string `DeviceCommand``: a string that is always this value (an event's tag).
pub fn constant_string(cell: &TypeExpr) -> Option<&str> {
    let TypeExpr::Unknown(text) = cell else {
        return None;
    };
    let value = text
        .strip_prefix("string ")?
        .trim()
        .strip_prefix('`')?
        .strip_suffix('`')?;
    (!value.is_empty() && !value.contains('`')).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        Row {
            line: 7,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn reads_rows() {
        let parsed = property_row(&row(&[
            "`Ids`",
            "array of string",
            "optional, max 10 items",
            "Ids.",
        ]))
        .unwrap();
        assert_eq!(parsed.name.as_deref(), Some("Ids"));
        assert_eq!(parsed.contract.max_items, Some(10));
        assert_eq!(parsed.deprecated, None);
        let deprecated = property_row(&row(&[
            "~~`CustomerId`~~",
            "~~string~~",
            "~~optional~~",
            "~~Old.  **Deprecated!**~~ **Deprecated!** Use `AccountId`.",
        ]))
        .unwrap();
        assert_eq!(deprecated.deprecated.as_deref(), Some("Use AccountId."));
        assert_eq!(deprecated.description, "Old.");
        assert!(property_row(&row(&["Name", "string", "required", ""])).is_err());
        assert!(property_row(&row(&["`A`", "string"])).is_err());
        assert_eq!(
            property_row(&row(&["?Key?", "string", "optional", ""]))
                .unwrap()
                .name,
            None
        );
    }

    #[test]
    fn reads_enum_items() {
        let item = enum_item("`Rebate` - [Rebate data](x.md#rebate-data)", 3).unwrap();
        assert_eq!(item.value, "Rebate");
        assert_eq!(
            item.link,
            Some(("Rebate data".into(), "x.md#rebate-data".into()))
        );
        assert_eq!(
            enum_item("`Deleted`- gone", 1)
                .unwrap()
                .description
                .as_deref(),
            Some("gone")
        );
        assert_eq!(enum_item("`Open`", 1).unwrap().description, None);
        assert!(enum_item("**Payment types**: only some", 1).is_none());
        assert!(enum_item("`A` and more", 1).is_none());
    }
}
