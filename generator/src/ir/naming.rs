//! Rust names for spec names. Every conversion is checked: a name that is not a valid
//! identifier, that is longer than [`MAX_NAME_LEN`], that becomes empty or starts with a digit
//! after case conversion, or that would shadow a name the generated code relies on, has no Rust
//! name, and lowering reports it with its pointer. Collisions are checked by the callers, which
//! know both pointers.

use crate::case::Case;

/// The longest spec name (in bytes) that becomes a Rust identifier. rustc's memory grows
/// steeply with identifier length (over 8 GiB for a 20,000-character one); real names are short.
pub const MAX_NAME_LEN: usize = 128;

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

/// Type names the generated modules use unqualified (the prelude, serde's traits, the std items
/// the emitters import, `Stream`): a schema with one of these names would shadow it. Runtime
/// names need no entry: the emitters spell them `crate::runtime::X` where a schema takes them.
const RESERVED_TYPES: &[&str] = &[
    // The prelude.
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "From",
    "Into",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    // serde and std, imported by the emitters.
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "MapAccess",
    "FromStr",
    "Infallible",
    // futures.
    "Stream",
];

/// Module names taken by the crate itself, by file names that are not modules, or by crates the
/// generated code names in paths; and the methods of the generated `Client` (its own, the
/// runtime client's it dereferences to, and the std traits'), since every resource module adds
/// `Client::{module}()`. A resource with one of these names gets a trailing underscore
/// (`lib` → `lib_`, `items` → `items_`).
const RESERVED_MODULES: &[&str] = &[
    "lib",
    "mod",
    "main",
    "build",
    "runtime",
    "shared",
    "events",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "chrono",
    "uuid",
    "rust_decimal",
    "futures_core",
    "futures_util",
    "reqwest",
    "tokio",
    "mews_connector_runtime",
    // Methods of `Client`.
    "base_url",
    "build_request",
    "builder",
    "call",
    "call_optional",
    "default_enterprise_id",
    "execute",
    "items",
    "pages",
    "clone",
    "deref",
    "as_ref",
    "from",
    "into",
    "fmt",
];

/// Why a spec name has no Rust name, for the diagnostic; `None` when it has one.
pub fn invalid_reason(name: &str) -> Option<&'static str> {
    if name.len() > MAX_NAME_LEN {
        Some("is longer than 128 characters")
    } else if !is_plain_identifier(name) {
        Some("is not a valid identifier (ASCII letters, digits and `_`, not starting with a digit)")
    } else if name.to_snake_case().is_empty() {
        Some("has no letters or digits")
    } else if name
        .to_snake_case()
        .starts_with(|c: char| c.is_ascii_digit())
    {
        Some("starts with a digit after its leading underscores")
    } else if RESERVED_TYPES.contains(&name.to_upper_camel_case().as_str()) {
        Some("would shadow a type the generated code uses (the prelude's, serde's or std's)")
    } else {
        None
    }
}

/// Whether `name` is made of ASCII letters, digits and underscores and does not start with a
/// digit: what the spec's names must look like to become Rust names.
pub fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The longest Rust name generated for an inline schema (its container's name plus its own).
pub const MAX_INLINE_NAME_LEN: usize = 256;

/// Whether a Rust type name would shadow one the generated code uses.
pub fn is_reserved_type(name: &str) -> bool {
    RESERVED_TYPES.contains(&name) || PLAIN_KEYWORDS.contains(&name)
}

/// Whether a converted name is a usable identifier: not empty, no leading digit, short enough.
fn usable(name: &str, converted: &str) -> bool {
    name.len() <= MAX_NAME_LEN && is_plain_identifier(name) && is_plain_identifier(converted)
}

/// `OrderItem` → `OrderItem`, `orderItem` → `OrderItem`. `Self` and the reserved type names
/// have none.
pub fn type_name(name: &str) -> Option<String> {
    let converted = name.to_upper_camel_case();
    (usable(name, &converted)
        && !PLAIN_KEYWORDS.contains(&converted.as_str())
        && !RESERVED_TYPES.contains(&converted.as_str()))
    .then_some(converted)
}

/// `EnterpriseIds` → `enterprise_ids`; `Type` → `r#type`; `Self` → `self_`. Names that become
/// empty (`__`) or start with a digit (`_9Lives`) have none.
pub fn field_name(name: &str) -> Option<String> {
    let converted = name.to_snake_case();
    usable(name, &converted).then(|| escape(converted))
}

/// Module names become file names, so keywords and reserved names take a trailing underscore
/// rather than `r#`: `orderItems` → `order_items`, `async` → `async_`, `lib` → `lib_`.
pub fn module_name(name: &str) -> Option<String> {
    let converted = name.to_snake_case();
    if !usable(name, &converted) {
        return None;
    }
    let taken = RAW_KEYWORDS.contains(&converted.as_str())
        || PLAIN_KEYWORDS.contains(&converted.as_str())
        || RESERVED_MODULES.contains(&converted.as_str());
    Some(if taken {
        format!("{converted}_")
    } else {
        converted
    })
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
    (value.len() <= MAX_NAME_LEN && is_plain_identifier(&converted) && converted != "Self")
        .then_some(converted)
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

/// `order_items` → `OrderItemsApi`; `async_` → `AsyncApi`.
pub fn api_struct_name(module: &str) -> String {
    format!("{}Api", module.to_upper_camel_case())
}

/// `order_items` + `get_all` → `ORDER_ITEMS_GET_ALL`, the static describing the operation.
pub fn operation_static(module: &str, method: &str) -> String {
    let method = method.strip_prefix("r#").unwrap_or(method);
    format!("{module}_{method}").to_uppercase()
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
            operation_static("order_items", "get_all"),
            "ORDER_ITEMS_GET_ALL"
        );
    }

    #[test]
    fn names_that_convert_to_nothing_or_a_digit_have_none() {
        for name in ["_", "__", "___", "_1", "_9Lives"] {
            assert_eq!(field_name(name), None, "{name}");
            assert_eq!(module_name(name), None, "{name}");
            assert!(invalid_reason(name).is_some(), "{name}");
        }
        assert_eq!(type_name("_"), None);
        assert_eq!(type_name("self_"), None);
        assert_eq!(type_name("Self"), None);
    }

    #[test]
    fn reserved_and_keyword_names() {
        assert_eq!(module_name("async").as_deref(), Some("async_"));
        assert_eq!(module_name("gen").as_deref(), Some("gen_"));
        assert_eq!(module_name("lib").as_deref(), Some("lib_"));
        assert_eq!(module_name("items").as_deref(), Some("items_"));
        assert_eq!(module_name("self").as_deref(), Some("self_"));
        assert_eq!(field_name("gen").as_deref(), Some("r#gen"));
        for name in ["Option", "Deserializer", "Serialize", "Stream"] {
            assert_eq!(type_name(name), None, "{name}");
        }
        assert_eq!(operation_static("things", "r#type"), "THINGS_TYPE");
    }

    #[test]
    fn over_long_names_have_none() {
        let long = "a".repeat(MAX_NAME_LEN + 1);
        assert_eq!(field_name(&long), None);
        assert_eq!(type_name(&long), None);
        assert_eq!(module_name(&long), None);
        assert_eq!(variant_name(&long), None);
        assert!(field_name(&"a".repeat(MAX_NAME_LEN)).is_some());
    }

    #[test]
    fn catch_all_avoids_listed_values() {
        assert_eq!(catch_all(["Open", "Closed"].into_iter()), "Unknown");
        assert_eq!(catch_all(["Unknown", "Other"].into_iter()), "Unrecognized");
    }
}
