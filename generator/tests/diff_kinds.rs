//! `diff`'s kinds beyond the IR's shapes: restriction, deprecation of operations, properties and
//! enum values, limits, a type split or merged (with the properties the split dropped), and the
//! Mews page of each line.

use mews_codegen::diff::{self, Change, Class, Target};

const BASE: &str = r#"
openapi: 3.0.3
info: {title: Diff kinds fixture, version: "1"}
paths:
  /api/connector/v1/rates/getAll:
    post:
      operationId: rates_getAll
      x-docs: https://docs.mews.com/connector-api/operations/rates#get-all-rates
      x-source: operations/rates.md#get-all-rates
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/RateFilter'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/RatePage'}}}}
components:
  schemas:
    RateFilter:
      type: object
      x-docs: https://docs.mews.com/connector-api/operations/rates#get-all-rates
      properties:
        RateIds: {type: array, items: {type: string}, maxItems: 1000}
        Name: {type: string, maxLength: 50}
        UpdatedUtc: {x-max-interval: 3 months, allOf: [{$ref: '#/components/schemas/TimeInterval'}]}
    TimeInterval:
      type: object
      required: [StartUtc, EndUtc]
      properties:
        StartUtc: {type: string, format: date-time}
        EndUtc: {type: string, format: date-time}
    RatePage:
      type: object
      required: [Rates, Main]
      properties:
        Rates: {type: array, items: {$ref: '#/components/schemas/Rate'}}
        Main: {$ref: '#/components/schemas/Rate'}
        Kind: {$ref: '#/components/schemas/RateKind'}
    Rate:
      type: object
      x-docs: https://docs.mews.com/connector-api/operations/rates#rate
      x-source: operations/rates.md#rate
      required: [Id]
      properties:
        Id: {type: string}
        Name: {type: string}
        Code: {type: string, maxLength: 10}
    RateKind:
      type: string
      enum: [Public, Private, Hidden]
      x-source: operations/rates.md#rate-kind
    RateEvent:
      type: object
      required: [Discriminator]
      properties:
        Discriminator: {type: string}
        Value: {}
      x-union:
        layout: adjacent
        discriminator: Discriminator
        arms:
          - {value: Opened}
          - {value: Closed}
"#;

fn edit(replacements: &[(&str, &str)]) -> String {
    let mut spec = BASE.to_owned();
    for (from, to) in replacements {
        assert!(spec.contains(from), "the fixture has no `{from}`");
        spec = spec.replacen(from, to, 1);
    }
    spec
}

fn changes(replacements: &[(&str, &str)]) -> Vec<Change> {
    diff::diff(BASE, &edit(replacements)).expect("both specs lower")
}

fn find<'a>(found: &'a [Change], kind: &str, path: &str) -> &'a Change {
    found
        .iter()
        .find(|c| c.kind == kind && c.path == path)
        .unwrap_or_else(|| panic!("no {kind} at {path} in {found:#?}"))
}

#[test]
fn restriction_both_ways() {
    let restricted = changes(&[(
        "      operationId: rates_getAll\n",
        "      operationId: rates_getAll\n      x-restricted: Only for partners.\n",
    )]);
    assert_eq!(restricted.len(), 1, "{restricted:#?}");
    let change = find(&restricted, "restricted", "rates_getAll");
    assert_eq!(
        (change.class, change.target),
        (Class::Additive, Target::Operation)
    );
    assert_eq!(change.new.as_deref(), Some("Only for partners."));
    assert_eq!(
        change.docs.as_deref(),
        Some("https://docs.mews.com/connector-api/operations/rates#get-all-rates")
    );
    assert_eq!(
        change.source.as_deref(),
        Some("operations/rates.md#get-all-rates")
    );
    let restricted_spec = edit(&[(
        "      operationId: rates_getAll\n",
        "      operationId: rates_getAll\n      x-restricted: true\n",
    )]);
    let back = diff::diff(&restricted_spec, BASE).expect("lower");
    let change = find(&back, "generally-available", "rates_getAll");
    assert_eq!(change.old.as_deref(), Some(""));
}

#[test]
fn deprecations_of_each_target() {
    let found = changes(&[
        (
            "      operationId: rates_getAll\n",
            "      operationId: rates_getAll\n      deprecated: true\n      x-deprecated-note: Use rates/list.\n",
        ),
        (
            "        Code: {type: string, maxLength: 10}",
            "        Code: {type: string, maxLength: 10, deprecated: true}",
        ),
        (
            "      enum: [Public, Private, Hidden]\n",
            "      enum: [Public, Private, Hidden]\n      x-deprecated-values: {Hidden: Use Private.}\n",
        ),
    ]);
    assert_eq!(found.len(), 3, "{found:#?}");
    let op = find(&found, "deprecated", "rates_getAll");
    assert_eq!(
        (op.target, op.new.as_deref()),
        (Target::Operation, Some("Use rates/list."))
    );
    assert_eq!(
        find(&found, "deprecated", "Rate.Code").target,
        Target::Property
    );
    let value = find(&found, "deprecated", "RateKind::Hidden");
    assert_eq!(value.target, Target::EnumValue);
    assert_eq!(
        value.source.as_deref(),
        Some("operations/rates.md#rate-kind")
    );
    // Back: undeprecated, each.
    let deprecated = edit(&[(
        "      enum: [Public, Private, Hidden]\n",
        "      enum: [Public, Private, Hidden]\n      x-deprecated-values: {Hidden: ''}\n",
    )]);
    let back = diff::diff(&deprecated, BASE).expect("lower");
    assert_eq!(
        find(&back, "undeprecated", "RateKind::Hidden").class,
        Class::Additive
    );
}

#[test]
fn limits_tightened_and_loosened() {
    let found = changes(&[
        ("maxItems: 1000", "maxItems: 1"),
        (
            "Name: {type: string, maxLength: 50}",
            "Name: {type: string, maxLength: 80, minLength: 2}",
        ),
        ("x-max-interval: 3 months", "x-max-interval: 100 days"),
        (
            "Code: {type: string, maxLength: 10}",
            "Code: {type: string, maxLength: 5}",
        ),
    ]);
    let items = find(&found, "limit-tightened", "RateFilter.RateIds");
    // A request type: the client refuses what it used to send.
    assert_eq!(
        (items.class, items.limit),
        (Class::Breaking, Some("max-items"))
    );
    assert_eq!(
        (items.old.as_deref(), items.new.as_deref()),
        (Some("1000"), Some("1"))
    );
    let name: Vec<&Change> = found
        .iter()
        .filter(|c| c.path == "RateFilter.Name")
        .collect();
    assert_eq!(name.len(), 2, "{found:#?}");
    assert!(name
        .iter()
        .any(|c| c.kind == "limit-loosened" && c.limit == Some("max-length")));
    assert!(name
        .iter()
        .any(|c| c.kind == "limit-tightened" && c.limit == Some("min-length")));
    assert_eq!(
        find(&found, "limit-loosened", "RateFilter.UpdatedUtc").limit,
        Some("max-interval")
    );
    // A response type: the narrower limit is news, not a break.
    assert_eq!(
        find(&found, "limit-tightened", "Rate.Code").class,
        Class::Additive
    );
    assert_eq!(found.len(), 5, "{found:#?}");
}

#[test]
fn a_split_type_reports_the_properties_it_dropped() {
    // `Rate` becomes `Rate` (list items) and `MainRate` (the Main property), without `Code`.
    let split = changes(&[
        (
            "        Main: {$ref: '#/components/schemas/Rate'}",
            "        Main: {$ref: '#/components/schemas/MainRate'}",
        ),
        (
            "    RateKind:\n",
            "    MainRate:\n      type: object\n      required: [Id]\n      properties:\n        Id: {type: string}\n        Name: {type: string}\n        Priority: {type: integer}\n    RateKind:\n",
        ),
    ]);
    let main = find(&split, "type-split", "RatePage.Main");
    assert_eq!(main.class, Class::Breaking);
    assert!(
        main.message
            .contains("`Rate` split into `MainRate`, `Rate`"),
        "{}",
        main.message
    );
    assert_eq!(
        find(&split, "property-removed", "RatePage.Main.Code").class,
        Class::Breaking
    );
    assert_eq!(
        find(&split, "property-added", "RatePage.Main.Priority").class,
        Class::Additive
    );
    assert!(split
        .iter()
        .any(|c| c.kind == "schema-added" && c.path == "MainRate"));
    // Merged: two properties of two types now share one existing type.
    let merged = diff::diff(&edit(&[(
        "        Main: {$ref: '#/components/schemas/Rate'}",
        "        Main: {$ref: '#/components/schemas/MainRate'}",
    ), (
        "    RateKind:\n",
        "    MainRate:\n      type: object\n      properties:\n        Id: {type: string}\n    RateKind:\n",
    )]), BASE)
    .expect("lower");
    let main = find(&merged, "type-merged", "RatePage.Main");
    assert!(
        main.message.contains("merged into `Rate`"),
        "{}",
        main.message
    );
    // Into a type of another kind: the line alone.
    let enum_split = changes(&[
        (
            "        Kind: {$ref: '#/components/schemas/RateKind'}",
            "        Kind: {$ref: '#/components/schemas/RateKindV2'}",
        ),
        (
            "    RateKind:\n",
            "    RateKindV2:\n      type: string\n      enum: [Public, Private]\n    RateKind:\n",
        ),
    ]);
    assert!(enum_split
        .iter()
        .any(|c| c.path == "RatePage.Kind" && c.kind == "type-split"));
    assert_eq!(
        find(&enum_split, "enum-value-removed", "RatePage.Kind::Hidden").target,
        Target::EnumValue
    );
}

#[test]
fn a_renamed_type_is_a_type_change_with_its_differences() {
    let renamed = BASE
        .replace("schemas/RateKind'", "schemas/RateCategory'")
        .replace("    RateKind:\n", "    RateCategory:\n");
    let found = diff::diff(BASE, &renamed).expect("lower");
    let kind = find(&found, "type-changed", "RatePage.Kind");
    assert_eq!(
        (kind.old.as_deref(), kind.new.as_deref()),
        (Some("Option<RateKind>"), Some("Option<RateCategory>"))
    );
    // Same values: nothing under the property; the schemas removed and added.
    assert!(!found.iter().any(|c| c.path.starts_with("RatePage.Kind::")));
    assert_eq!(
        find(&found, "schema-removed", "RateKind").source.as_deref(),
        Some("operations/rates.md#rate-kind")
    );
}

#[test]
fn text_lines_name_the_page() {
    let found = changes(&[(
        "enum: [Public, Private, Hidden]",
        "enum: [Public, Private, Hidden, Secret]",
    )]);
    let text = diff::report::text(&found);
    assert!(
        text.contains("additive  RateKind::Secret: enum value added (variant `Secret`) [enum-value-added] <operations/rates.md#rate-kind>"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&diff::report::json(&found)).expect("json");
    assert_eq!(json["changes"][0]["new"], "Secret");
    assert_eq!(json["changes"][0]["target"], "enum-value");
}

#[test]
fn a_deprecated_union_arm() {
    let found = changes(&[(
        "          - {value: Closed}\n",
        "          - {value: Closed}\n      x-deprecated-values: {Closed: Use Opened.}\n",
    )]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let arm = find(&found, "deprecated", "RateEvent::Closed");
    assert_eq!(
        (arm.target, arm.new.as_deref()),
        (Target::UnionArm, Some("Use Opened."))
    );
}
