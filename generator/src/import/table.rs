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
    Ok(PropertyRow {
        line: row.line,
        name,
        ty: parse_type(ty),
        contract,
        description,
        deprecated,
        links,
    })
}

/// Splits `text **Deprecated!** Use X.` into the description and the deprecation note.
pub fn deprecation(cell: &str) -> (String, Option<String>) {
    const MARK: &str = "**Deprecated!**";
    match cell.rfind(MARK) {
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
        Some(tail.strip_prefix('-')?.trim().to_owned())
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
    })
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
