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

/// The deepest `array of array of ...` a Type cell may nest; the docs use two at most.
pub const MAX_ARRAY_DEPTH: usize = 8;

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
/// Nested arrays are unwrapped in a loop (linear time, no recursion), at most
/// [`MAX_ARRAY_DEPTH`] deep; deeper cells are `Unknown` (and reported).
pub fn parse_type(cell: &str) -> TypeExpr {
    let cell = cell.replace("~~", "");
    let cell = cell.trim();
    let mut depth = 0;
    let mut inner = cell;
    while let Some(rest) = inner.strip_prefix("array of ") {
        depth += 1;
        if depth > MAX_ARRAY_DEPTH {
            return TypeExpr::Unknown(abbreviated(cell));
        }
        inner = rest.trim();
    }
    let item = match parse_item(inner) {
        // `array of strings`: the plural of a primitive.
        TypeExpr::Unknown(_) if depth > 0 => parse_item(inner.strip_suffix('s').unwrap_or(inner)),
        item => item,
    };
    let item = match item {
        TypeExpr::Unknown(_) if depth > 0 => TypeExpr::Unknown(abbreviated(cell)),
        item => item,
    };
    (0..depth).fold(item, |item, _| TypeExpr::Array(Box::new(item)))
}

/// A cell as a report quotes it: at most 100 characters.
fn abbreviated(cell: &str) -> String {
    match cell.char_indices().nth(100) {
        Some((end, _)) => format!("{}...", &cell[..end]),
        None => cell.to_owned(),
    }
}

/// A Type cell that is not `array of ...`.
fn parse_item(cell: &str) -> TypeExpr {
    if let Some(link) = cell
        .strip_prefix("array ")
        .filter(|rest| rest.trim_start().starts_with('['))
    {
        // `array [Hybrid identifier](...)`: identifiers are strings.
        return match link_target(link.trim()) {
            Some((title, _)) => TypeExpr::Array(Box::new(string_of(&title))),
            None => TypeExpr::Unknown(abbreviated(cell)),
        };
    }
    if let Some(link) = cell
        .strip_prefix("string ")
        .filter(|rest| rest.trim_start().starts_with('['))
    {
        // `string [Hybrid identifier](...)`: a string with a documented syntax.
        return match link_target(link.trim()) {
            Some((title, _)) => string_of(&title),
            None => TypeExpr::Unknown(abbreviated(cell)),
        };
    }
    match cell {
        "string" => TypeExpr::String,
        "integer" => TypeExpr::Integer,
        "number" | "decimal" => TypeExpr::Number,
        // `bool` on some events pages.
        "boolean" | "bool" => TypeExpr::Boolean,
        "object" => TypeExpr::Object,
        "any" => TypeExpr::Any,
        _ => match link_target(cell) {
            Some((title, target)) => TypeExpr::Link { title, target },
            None => TypeExpr::Unknown(abbreviated(cell)),
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
        assert_eq!(
            parse_type("array of array of integer"),
            TypeExpr::Array(Box::new(TypeExpr::Array(Box::new(TypeExpr::Integer))))
        );
    }

    #[test]
    fn deep_array_cells_are_unknown_not_a_stack_overflow() {
        let cell = format!("{}string", "array of ".repeat(16_000));
        let TypeExpr::Unknown(quoted) = parse_type(&cell) else {
            panic!("accepted")
        };
        assert!(quoted.len() < 120, "{}", quoted.len());
        assert!(matches!(
            parse_type(&format!("{}string", "array of ".repeat(MAX_ARRAY_DEPTH))),
            TypeExpr::Array(_)
        ));
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
