//! The Type and Contract cells of a property table.

use super::markdown::link_at;

/// What a Type cell says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeExpr {
    String,
    /// `string [Hybrid identifier](...)`: a string that may be a UUID or an `eid:…` external
    /// identifier, so never given the uuid format.
    HybridIdentifier,
    Integer,
    /// `number` or `decimal`.
    Number,
    Boolean,
    /// `object`: some JSON object the docs do not describe.
    Object,
    /// `any`.
    Any,
    Array(Box<TypeExpr>),
    /// `[Title](target)`: a named object or enum, resolved later.
    Link {
        title: String,
        target: String,
    },
    /// A cell the importer does not understand, kept for the report.
    Unknown(String),
}

impl TypeExpr {
    /// A hybrid identifier, or an array of them.
    pub fn is_hybrid_identifier(&self) -> bool {
        match self {
            TypeExpr::HybridIdentifier => true,
            TypeExpr::Array(inner) => inner.is_hybrid_identifier(),
            _ => false,
        }
    }
}

/// Parses a Type cell: `string`, `array of [Title](file.md#anchor)`, `string [Hybrid identifier](...)`...
pub fn parse_type(cell: &str) -> TypeExpr {
    let cell = cell.replace("~~", "");
    let cell = cell.trim();
    if let Some(inner) = cell.strip_prefix("array of ") {
        let inner = inner.trim();
        // `array of strings`: the plural of a primitive.
        let item = match parse_type(inner) {
            TypeExpr::Unknown(_) => parse_type(inner.strip_suffix('s').unwrap_or(inner)),
            item => item,
        };
        return TypeExpr::Array(Box::new(item));
    }
    if let Some(link) = cell
        .strip_prefix("array ")
        .filter(|rest| rest.trim_start().starts_with('['))
    {
        // `array [Hybrid identifier](...)`: identifiers are strings.
        return match link_target(link.trim()) {
            Some((title, _)) => TypeExpr::Array(Box::new(string_of(&title))),
            None => TypeExpr::Unknown(cell.to_owned()),
        };
    }
    if let Some(link) = cell
        .strip_prefix("string ")
        .filter(|rest| rest.trim_start().starts_with('['))
    {
        // `string [Hybrid identifier](...)`: a string with a documented syntax.
        return match link_target(link.trim()) {
            Some((title, _)) => string_of(&title),
            None => TypeExpr::Unknown(cell.to_owned()),
        };
    }
    match cell {
        "string" => TypeExpr::String,
        "integer" => TypeExpr::Integer,
        "number" | "decimal" => TypeExpr::Number,
        "boolean" => TypeExpr::Boolean,
        "object" => TypeExpr::Object,
        "any" => TypeExpr::Any,
        _ => match link_target(cell) {
            Some((title, target)) => TypeExpr::Link { title, target },
            None => TypeExpr::Unknown(cell.to_owned()),
        },
    }
}

/// A string whose syntax a linked section documents.
fn string_of(title: &str) -> TypeExpr {
    if title.eq_ignore_ascii_case("hybrid identifier") {
        TypeExpr::HybridIdentifier
    } else {
        TypeExpr::String
    }
}

/// A cell that is exactly one link.
fn link_target(cell: &str) -> Option<(String, String)> {
    let (title, target, used) = link_at(cell)?;
    (used == cell.len()).then_some((title, target))
}

/// What a Contract cell says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contract {
    pub required: bool,
    pub max_items: Option<u64>,
    pub max_length: Option<u64>,
    /// `max length 3 months`: the longest time interval accepted.
    pub max_interval: Option<String>,
}

/// Parses a Contract cell: `required`, `optional, max 1000 items`, `optional, max length 3 months`.
pub fn parse_contract(cell: &str) -> Result<Contract, String> {
    let cell = cell.replace("~~", "");
    let mut parts = cell.split(',').map(str::trim);
    let mut contract = Contract {
        required: match parts.next() {
            Some("required") => true,
            Some("optional") => false,
            other => {
                return Err(format!(
                    "contract `{}` is neither required nor optional",
                    other.unwrap_or_default()
                ))
            }
        },
        ..Contract::default()
    };
    for part in parts {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            ["max", n, "items" | "item"] => contract.max_items = Some(number(n, part)?),
            ["max", "length", n, "characters" | "character"] => {
                contract.max_length = Some(number(n, part)?)
            }
            ["max", "length", n, unit @ ("months" | "month" | "days" | "day" | "hours" | "hour" | "years" | "year")] =>
            {
                number(n, part)?;
                contract.max_interval = Some(format!("{n} {unit}"));
            }
            _ => return Err(format!("contract clause `{part}` is not understood")),
        }
    }
    Ok(contract)
}

fn number(text: &str, clause: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("`{text}` in `{clause}` is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types() {
        assert_eq!(parse_type("string"), TypeExpr::String);
        assert_eq!(parse_type("~~number~~"), TypeExpr::Number);
        assert_eq!(
            parse_type("array of strings"),
            TypeExpr::Array(Box::new(TypeExpr::String))
        );
        assert_eq!(
            parse_type("string [Hybrid identifier](_objects.md#hybrid-identifier)"),
            TypeExpr::HybridIdentifier
        );
        assert_eq!(
            parse_type("array [Hybrid identifier](_objects.md#hybrid-identifier)"),
            TypeExpr::Array(Box::new(TypeExpr::HybridIdentifier))
        );
        assert_eq!(
            parse_type("string [Language code](_objects.md#language)"),
            TypeExpr::String
        );
        assert_eq!(
            parse_type("array of [Tax value](#tax-value)"),
            TypeExpr::Array(Box::new(TypeExpr::Link {
                title: "Tax value".into(),
                target: "#tax-value".into()
            }))
        );
        assert_eq!(
            parse_type("array,null"),
            TypeExpr::Unknown("array,null".into())
        );
    }

    #[test]
    fn parses_contracts() {
        let contract = parse_contract("optional, max 1000 items").unwrap();
        assert!(!contract.required);
        assert_eq!(contract.max_items, Some(1000));
        assert_eq!(
            parse_contract("required, max length 3 months")
                .unwrap()
                .max_interval
                .as_deref(),
            Some("3 months")
        );
        assert_eq!(
            parse_contract("optional, max length 5 characters")
                .unwrap()
                .max_length,
            Some(5)
        );
        assert!(parse_contract("sometimes").is_err());
        assert!(parse_contract("required, max lots").is_err());
    }
}
