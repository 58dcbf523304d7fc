//! The envelope is data: the generated crate hands the runtime the spec's `x-envelope` (wire
//! names, which are required, which secret) and its request types leave those fields out. The
//! loopback test of a generated crate with another envelope is
//! `fixtures/envelope/loopback.rs`, run by `.ci/run` through `scripts/check-bindings.sh`.

const HOTELS: &str = include_str!("fixtures/envelope/hotels.yaml");

fn file<'a>(generation: &'a mews_codegen::Generation, path: &str) -> &'a str {
    generation
        .files
        .iter()
        .find(|file| file.path == path)
        .map(|file| file.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn another_envelope_is_passed_to_the_runtime_as_written() {
    let generation = mews_codegen::generate(HOTELS, "hotels.yaml").expect("generates");
    let lib = file(&generation, "lib.rs");
    let envelope = &lib[lib.find("pub const ENVELOPE").expect("ENVELOPE")..];
    let envelope = &envelope[..envelope.find("};").expect("end")];
    let names: Vec<&str> = envelope
        .lines()
        .filter_map(|line| line.trim().strip_prefix("name: \""))
        .map(|rest| rest.trim_end_matches("\","))
        .collect();
    assert_eq!(names, ["Client", "ConfigurationId"], "{envelope}");
    assert_eq!(envelope.matches("required: true").count(), 2, "{envelope}");
    assert!(!envelope.contains("secret: true"), "{envelope}");
    assert!(lib.contains("impl runtime::ApiClient for Client"), "{lib}");
    let hotels = file(&generation, "hotels.rs");
    assert!(
        hotels.contains("pub hotel_id: Uuid")
            && !hotels.contains("pub configuration_id")
            && !hotels.contains("pub client:"),
        "{hotels}"
    );
}

#[test]
fn required_and_secret_follow_the_spec() {
    // `LanguageCode`: in the envelope, required by no request; `Client` a secret here.
    let spec = HOTELS
        .replace(
            "fields: [Client, ConfigurationId]",
            "fields: [Client, ConfigurationId, LanguageCode]\n  secrets: [Client]",
        )
        .replace(
            "        HotelId: { type: string, format: uuid, description: The hotel. }",
            "        HotelId: { type: string, format: uuid, description: The hotel. }\n        LanguageCode: { type: string, description: The language. }",
        );
    let generation = mews_codegen::generate(&spec, "hotels.yaml").expect("generates");
    let lib = file(&generation, "lib.rs");
    let compact: String = lib.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        r#"name: "Client", required: true, secret: true"#,
        r#"name: "ConfigurationId", required: true, secret: false"#,
        r#"name: "LanguageCode", required: false, secret: false"#,
    ] {
        assert!(compact.contains(expected), "`{expected}` not in {compact}");
    }
    let duplicate = HOTELS.replace(
        "fields: [Client, ConfigurationId]",
        "fields: [Client, ConfigurationId, Client]",
    );
    let error = mews_codegen::generate(&duplicate, "hotels.yaml").expect_err("listed twice");
    assert!(
        error
            .to_string()
            .contains("#/x-envelope/fields/2: envelope field `Client` is listed twice"),
        "{error}"
    );
}
