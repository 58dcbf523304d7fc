//! Rust names for spec names. Every conversion is checked: a name that is not a valid
//! identifier, or that collides with another after case conversion, is an error upstream.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const PLAIN_KEYWORDS: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Whether `name` is made of ASCII letters, digits and underscores and does not start with a
/// digit: what the spec's names must look like to become Rust names.
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `OrderItem` → `OrderItem`, `orderItem` → `OrderItem`.
pub fn type_name(name: &str) -> Option<String> {
    let converted = name.to_upper_camel_case();
    (is_plain_identifier(name) && is_plain_identifier(&converted)).then_some(converted)
}

/// `EnterpriseIds` → `enterprise_ids`; `Type` → `r#type`.
pub fn field_name(name: &str) -> Option<String> {
    if !is_plain_identifier(name) {
        return None;
    }
    Some(escape(name.to_snake_case()))
}

/// Module and method names follow the same rule as fields: `orderItems` → `order_items`.
pub fn module_name(name: &str) -> Option<String> {
    field_name(name)
}

/// Cargo feature of a resource module: `order_items` → `order-items`.
pub fn feature_name(module: &str) -> String {
    module.replace('_', "-")
}

/// Enum variant for a wire value: `CityTax` → `CityTax`, `city-tax` → `CityTax`, `3DS` → `Value3ds`.
/// Values that leave nothing usable after conversion (e.g. `*`) have no variant name.
pub fn variant_name(value: &str) -> Option<String> {
    let converted = value.to_upper_camel_case();
    let converted = if converted.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Value{converted}")
    } else {
        converted
    };
    (is_plain_identifier(&converted) && converted != "Self").then_some(converted)
}

/// A name for the catch-all variant that no listed variant already uses.
pub fn catch_all<'a>(taken: impl Iterator<Item = &'a str> + Clone) -> String {
    ["Unknown", "Unrecognized", "UnknownValue"]
        .iter()
        .find(|candidate| !taken.clone().any(|name| name == **candidate))
        .map(|name| (*name).to_owned())
        .unwrap_or_else(|| {
            let mut name = String::from("UnknownValue");
            while taken.clone().any(|taken| taken == name) {
                name.push('_');
            }
            name
        })
}

/// `order_items` → `OrderItemsApi`.
pub fn api_struct_name(module: &str) -> String {
    format!("{}Api", module.to_upper_camel_case())
}

/// `orderItems_getAll` → `ORDER_ITEMS_GET_ALL`, the static describing the operation.
pub fn operation_static(resource: &str, action: &str) -> String {
    format!("{}_{}", resource.to_snake_case(), action.to_snake_case()).to_uppercase()
}

fn escape(name: String) -> String {
    if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if PLAIN_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_mews_names() {
        assert_eq!(
            field_name("EnterpriseIds").as_deref(),
            Some("enterprise_ids")
        );
        assert_eq!(field_name("Type").as_deref(), Some("r#type"));
        assert_eq!(field_name("Self").as_deref(), Some("self_"));
        assert_eq!(field_name("Bad-Name"), None);
        assert_eq!(type_name("OrderItem").as_deref(), Some("OrderItem"));
        assert_eq!(type_name("9Lives"), None);
        assert_eq!(variant_name("CityTax").as_deref(), Some("CityTax"));
        assert_eq!(variant_name("3DS").as_deref(), Some("Value3ds"));
        assert_eq!(variant_name("*"), None);
        assert_eq!(module_name("orderItems").as_deref(), Some("order_items"));
        assert_eq!(api_struct_name("order_items"), "OrderItemsApi");
        assert_eq!(
            operation_static("orderItems", "getAll"),
            "ORDER_ITEMS_GET_ALL"
        );
    }

    #[test]
    fn catch_all_avoids_listed_values() {
        assert_eq!(catch_all(["Open", "Closed"].into_iter()), "Unknown");
        assert_eq!(catch_all(["Unknown", "Other"].into_iter()), "Unrecognized");
    }
}
