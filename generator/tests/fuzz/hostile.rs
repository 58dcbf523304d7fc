//! The hostile names and values the mutators draw from: every class issue #12 lists.

/// Names that are keywords, reserved by the generated crate or its dependencies, empty after
/// case conversion, not identifiers, over-long, or carrying control and bidi characters.
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = [
        "",
        "_",
        "__",
        "___",
        "_1",
        "_9Lives",
        "9Lives",
        "async",
        "type",
        "use",
        "gen",
        "self",
        "Self",
        "self_",
        "super",
        "crate",
        "lib",
        "mod",
        "runtime",
        "shared",
        "items",
        "pages",
        "call",
        "serde",
        "Option",
        "Deserializer",
        "Serialize",
        "Result",
        "Vec",
        "Box",
        "Stream",
        "WidgetsApi",
        "Client",
        "Error",
        "get_all",
        "getAll",
        "a-b",
        "a b",
        "ünï",
        "x\u{202E}y",
        "x\ry",
        "Widget",
        "widget",
        "WIDGET",
    ]
    .iter()
    .map(|name| (*name).to_owned())
    .collect();
    names.push("n".repeat(300));
    names.push("N".repeat(20_000));
    names
}

/// Text for descriptions and enum values: control characters, bidi overrides, line breaks.
pub fn texts() -> Vec<String> {
    [
        "bare\rreturn",
        "bidi \u{202E}gnirts\u{202C} here",
        "isolate \u{2066}x\u{2069}",
        "bell \u{7} and nul \u{0}",
        "tab\tand\r\nCRLF",
        "*/ /* */ //! \" \\ `",
        "line\n\n\nbreaks",
        "#[doc = \"x\"]",
    ]
    .iter()
    .map(|text| (*text).to_owned())
    .chain(["d".repeat(20_000), "\u{202E}".repeat(100)])
    .collect()
}

/// Values of the wrong kind for whatever key they land on.
pub fn values() -> Vec<mews_codegen::json::Value> {
    use mews_codegen::json::json;
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("string"),
        json!([]),
        json!([1, "a"]),
        json!({}),
        json!({ "type": "string" }),
        json!({ "$ref": "#/components/schemas/Nope" }),
        json!({ "type": "object", "properties": { "A": { "type": "integer" } } }),
        json!({ "oneOf": [] }),
        json!({ "x-union": { "layout": "sibling" } }),
    ]
}
