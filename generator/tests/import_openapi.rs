//! `import --openapi`: the fixture in Mews' OpenAPI dialect (tests/fixtures/openapi/gadgets.yaml,
//! one construct per schema or operation) imported into our conventions, the report lines with
//! their pointers, and the CLI's exit codes.

use std::process::Command;

use mews_codegen::import::{openapi, Options};
use mews_codegen::json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/openapi/gadgets.yaml");

/// A fixture imported (the generator must accept it): the spec as JSON and the report lines.
fn import(text: &str, label: &str) -> (Value, Vec<String>) {
    let imported = openapi::run(text, label, &Options::default()).expect("imports");
    mews_codegen::generate(&imported.spec, "imported.yaml").expect("the generator accepts it");
    let spec: Value = yaml_serde::from_str(&imported.spec).expect("YAML");
    let report = imported
        .report
        .issues
        .iter()
        .map(ToString::to_string)
        .collect();
    (spec, report)
}

fn imported() -> (Value, Vec<String>) {
    import(FIXTURE, "gadgets.yaml")
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    &spec["components"]["schemas"][name]
}

#[test]
fn the_generator_accepts_the_import() {
    let imported = openapi::run(FIXTURE, "gadgets.yaml", &Options::default()).expect("imports");
    let generation = mews_codegen::generate(&imported.spec, "imported.yaml").expect("generates");
    let gadgets = generation
        .files
        .iter()
        .find(|file| file.path == "gadgets.rs")
        .expect("gadgets.rs");
    assert!(!gadgets.contents.contains("client_token"));
}

#[test]
fn dated_ids_pagination_retry_and_examples() {
    let (spec, _) = imported();
    let op = &spec["paths"]["/api/connector/v1/gadgets/getAll/2024-01-02"]["post"];
    assert_eq!(op["operationId"], "gadgets_getAll_2024_01_02");
    assert_eq!(op["summary"], "Get all gadgets");
    assert_eq!(op["x-retry-safe"], true);
    assert_eq!(op["x-pagination"], json!({"items": "Gadgets"}));
    let example = &op["requestBody"]["content"]["application/json"]["example"];
    assert_eq!(example["Limitation"], json!({"Count": 10, "Cursor": null}));
    let gadget = &op["responses"]["200"]["content"]["application/json"]["example"]["Gadgets"][0];
    assert_eq!(gadget["Price"], json!(10.5));
    assert_eq!(
        spec["x-envelope"]["secrets"],
        json!(["ClientToken", "AccessToken"])
    );
}

#[test]
fn deprecation_restriction_unit_and_inline_bodies() {
    let (spec, _) = imported();
    let update = &spec["paths"]["/api/connector/v1/gadgets/update"]["post"];
    assert_eq!(update["deprecated"], true);
    assert_eq!(update["x-deprecated-note"], "Use gadgets/set.");
    assert!(update["x-restricted"].is_string());
    assert_eq!(update.get("x-retry-safe"), None);
    assert_eq!(
        schema(&spec, "Unit"),
        &json!({"type": "object", "x-source": "#/components/schemas/Unit", "properties": {}})
    );
    let find = &spec["paths"]["/api/connector/v1/gadgets/find"]["post"];
    assert_eq!(
        find["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/FindGadgetParameters"
    );
    assert_eq!(
        schema(&spec, "FindGadgetParameters")["required"],
        json!(["ClientToken", "AccessToken", "Client", "Name"])
    );
}

#[test]
fn properties_in_our_conventions() {
    let (spec, _) = imported();
    let gadget = &schema(&spec, "Gadget")["properties"];
    assert_eq!(
        gadget["OwnerId"],
        json!({"type": "string"}),
        "hybrid identifier: never uuid"
    );
    assert_eq!(
        gadget["Price"],
        json!({"type": "number"}),
        "money: exact number"
    );
    assert_eq!(
        gadget["Stock"],
        json!({"type": "integer", "format": "int32"})
    );
    assert_eq!(gadget["Name"], json!({"type": "string", "maxLength": 50}));
    assert_eq!(
        gadget["Colour"],
        json!({"$ref": "#/components/schemas/Colour"})
    );
    assert_eq!(
        gadget["Tint"],
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Colour"}]})
    );
    assert_eq!(
        gadget["SeenUtcs"],
        json!({"type": "array", "items": {"type": "string", "format": "date-time"}})
    );
    assert_eq!(
        gadget["Legacy"],
        json!({"type": "string", "nullable": true, "deprecated": true, "x-deprecated-note": "Use `Name`."})
    );
    assert_eq!(gadget["BuiltUtc"]["format"], "date-time");
    assert_eq!(gadget["Currency"].get("format"), None);
    let update = &schema(&spec, "GadgetUpdate")["properties"];
    assert_eq!(
        update["Name"],
        json!({"type": "string", "nullable": true, "x-update-value": true})
    );
    assert_eq!(
        update["Colour"],
        json!({"nullable": true, "x-update-value": true, "allOf": [{"$ref": "#/components/schemas/Colour"}]})
    );
    assert_eq!(schema(&spec, "StringUpdateValue"), &Value::Null);
    assert_eq!(schema(&spec, "Orphan"), &Value::Null);
    assert_eq!(
        schema(&spec, "Limitation")["properties"]["Cursor"],
        json!({"type": "string", "nullable": true, "x-inferred": ["format uuid dropped: cursors are opaque"]})
    );
}

#[test]
fn unions_of_both_layouts() {
    let (spec, _) = imported();
    assert_eq!(
        schema(&spec, "ShapeData")["x-union"],
        json!({"layout": "sibling", "discriminator": "Discriminator", "arms": [
            {"value": "Round", "property": "Round", "schema": "#/components/schemas/RoundData"},
            {"value": "Square", "property": "Square", "schema": "#/components/schemas/SquareData"}]})
    );
    assert_eq!(
        schema(&spec, "Power")["x-union"],
        json!({"layout": "adjacent", "discriminator": "Discriminator", "value": "Value", "arms": [
            {"value": "Battery", "schema": "#/components/schemas/BatteryPower"},
            {"value": "Mains"},
            {"value": "Solar", "schema": "#/components/schemas/SolarPowerData"}]})
    );
    assert_eq!(
        schema(&spec, "Gadget")["properties"]["Power"],
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Power"}]})
    );
}

#[test]
fn every_construct_not_placed_is_reported_with_its_pointer() {
    let (_, report) = imported();
    let expected = [
        "gadgets.yaml: skipped: #/paths/~1api~1connector~1v1~1gadgets~1sell/get: a `get` operation: the Connector API is POST only",
        "gadgets.yaml: degraded: #/components/schemas/Gadget/properties/Power/properties/Value/oneOf/2: a payload that is neither a $ref nor an object: its arm stays raw JSON",
        "gadgets.yaml: note: #/components/schemas: 1 schemas no imported operation reaches, left out: Orphan",
        "gadgets.yaml: note: #/components/schemas/Gadget/properties/BuiltUtc: spec error: typed date, but its example values are date-times (`2024-01-02T00:00:00Z`): imported as date-time",
        "gadgets.yaml: note: #/components/schemas/Gadget/properties/Currency: spec error: typed date-time, but it holds an ISO 4217 currency code: imported as a string",
        "gadgets.yaml: note: #: adjacent unions: 2 of 2 payloads the spec types have a schema",
    ];
    for line in expected {
        assert!(
            report.iter().any(|issue| issue == line),
            "missing: {line}\nreport: {report:#?}"
        );
    }
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn cli_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("imported.yaml");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/openapi/gadgets.yaml"
    );
    let out_arg = out.to_str().expect("utf-8 path");
    let plain = codegen(&["import", "--openapi", fixture, "--out", out_arg]);
    assert_eq!(plain.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&plain.stdout);
    assert!(summary.contains("3 operations"), "{summary}");
    let only = codegen(&[
        "import",
        "--openapi",
        fixture,
        "--out",
        out_arg,
        "--only",
        "gadgets/find",
    ]);
    assert_eq!(only.status.code(), Some(0));
    let imported = std::fs::read_to_string(&out).expect("written");
    assert!(imported.contains("operationId: gadgets_find"));
    assert!(!imported.contains("operationId: gadgets_update"));
    assert!(
        !imported.contains("GadgetUpdate:"),
        "schemas only the others reach are left out"
    );
    let strict = codegen(&["import", "--openapi", fixture, "--out", out_arg, "--strict"]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "skipped and degraded under --strict"
    );
    let both = codegen(&[
        "import",
        "--openapi",
        fixture,
        "--docs",
        "x",
        "--out",
        out_arg,
    ]);
    assert_eq!(both.status.code(), Some(2));
    let missing = codegen(&["import", "--openapi", "/nonexistent.yaml", "--out", out_arg]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::write(&out, "curated: true\n").expect("writes");
    let guarded = codegen(&["import", "--openapi", fixture, "--out", out_arg]);
    assert_eq!(
        guarded.status.code(),
        Some(2),
        "does not overwrite a file it did not write"
    );
}

const BODIES: &str = include_str!("fixtures/openapi/bodies.yaml");

fn bodies() -> (Value, Vec<String>) {
    import(BODIES, "bodies.yaml")
}

#[test]
fn a_one_of_body_is_merged_from_its_alternatives_and_their_bases() {
    let (spec, report) = bodies();
    let find = &spec["paths"]["/api/connector/v1/widgets/find"]["post"];
    assert_eq!(
        find["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/WidgetsFindRequest"
    );
    let merged = schema(&spec, "WidgetsFindRequest");
    assert_eq!(
        merged["required"],
        json!(["ClientToken", "AccessToken", "Client"])
    );
    let names: Vec<&String> = merged["properties"]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    assert_eq!(
        names,
        [
            "ClientToken",
            "AccessToken",
            "Client",
            "Mode",
            "Ids",
            "Name"
        ]
    );
    assert!(report.contains(&"bodies.yaml: note: #/paths/~1api~1connector~1v1~1widgets~1find/post/requestBody~1content~1application~01json/schema: a oneOf request body (ByIds, ByName): merged into `WidgetsFindRequest`; a property is required only where every alternative requires it".to_owned()));
    // The first of `examples` is the response's example.
    assert_eq!(
        find["responses"]["200"]["content"]["application/json"]["example"]["Widgets"][0]["MinStay"],
        "P0M2DT0H0M0S"
    );
}

#[test]
fn nested_envelopes_formats_beside_wrappers_and_legacy_nulls() {
    let (spec, report) = bodies();
    let change = schema(&spec, "WidgetChange");
    assert_eq!(
        change["required"],
        json!(["WidgetId"]),
        "no envelope in an item"
    );
    assert_eq!(
        change["properties"]["ReleasedUtc"],
        json!({"type": "string", "format": "date-time", "nullable": true, "x-update-value": true})
    );
    assert!(report.contains(&"bodies.yaml: note: #/components/schemas/WidgetChange: not a request body, but carries the envelope fields: they are removed (the client sends them once, in the body)".to_owned()));
    assert!(
        !report
            .iter()
            .any(|line| line.contains("#/components/schemas/FilterBase:")),
        "pruned first"
    );
    let widget = &schema(&spec, "Widget")["properties"];
    assert_eq!(
        widget["OwnerId"],
        json!({"type": "string", "format": "uuid", "nullable": true, "x-inferred": ["nullable (x-mews-legacy-nullable: legacy data may hold null)"]})
    );
    assert_eq!(widget["MinStay"]["type"], "string");
    assert_eq!(
        widget["MinStay"].get("format"),
        None,
        "an ISO duration, not a date-time"
    );
    assert_eq!(
        widget["Command"],
        json!({}),
        "a oneOf without discriminator: any JSON"
    );
}

#[test]
fn near_misses_are_reported() {
    let (spec, report) = bodies();
    assert_eq!(schema(&spec, "Worker").get("x-union"), None);
    assert_eq!(schema(&spec, "RobotData")["x-carried-by"], "Widget.Command");
    assert_eq!(schema(&spec, "Mode")["enum"], json!(["Fast", "Slow"]));
    for line in [
        "bodies.yaml: degraded: #/components/schemas/Widget/properties/Command/oneOf: oneOf without a discriminator (not x-coproduct): any JSON; the schemas it may hold are kept, carried by it: PersonData, RobotData",
        "bodies.yaml: note: #/components/schemas/ModeEnum/x-enumNames: x-enumNames differ from the enum values; the values are what goes on the wire",
        "bodies.yaml: note: #/components/schemas/Worker: a Discriminator (`KindEnum`) with 2 object properties named after its 2 values and 1 other properties: not a sibling union, kept as an object",
        "bodies.yaml: note: #/components/schemas/Widget/properties/MinStay: spec error: typed date-time, but no example value is one (`P0M2DT0H0M0S`): imported as a string",
        "bodies.yaml: note: #/components/schemas: 3 schemas no imported operation reaches, left out: FilterBase, ByIds, ByName",
    ] {
        assert!(report.iter().any(|issue| issue == line), "missing: {line}\nreport: {report:#?}");
    }
}

#[test]
fn round_trip_cases_name_the_generated_types() {
    let imported = openapi::run(FIXTURE, "gadgets.yaml", &Options::default()).expect("imports");
    let (cases, envelope) = mews_codegen::roundtrip::cases(&imported.spec).expect("cases");
    let listed: Vec<(&str, &str, &str)> = cases
        .iter()
        .map(|case| {
            (
                case.operation.as_str(),
                case.direction,
                case.rust_type.as_str(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "gadgets_getAll_2024_01_02",
                "request",
                "gadgets::GadgetFilter"
            ),
            (
                "gadgets_getAll_2024_01_02",
                "response",
                "gadgets::GadgetResult"
            ),
        ]
    );
    assert_eq!(envelope[..3], ["ClientToken", "AccessToken", "Client"]);
    let program = mews_codegen::roundtrip::program(&cases, &envelope, "bindings");
    assert!(program.contains("check::<bindings::gadgets::GadgetFilter>(&mut tally, \"gadgets_getAll_2024_01_02\", \"request\", "));
    assert!(program.contains("const ENVELOPE: &[&str] = &[\"ClientToken\", \"AccessToken\", \"Client\", \"LanguageCode\", \"CultureCode\"];"));
}

#[test]
fn renames_into_names_the_spec_already_has_are_unused_notes() {
    let overlay = "renames:\n  Colour: PowerKind\n  Gadget: Widget\n".to_owned();
    let options = Options {
        overlays: vec![(overlay, "overlay.yaml".to_owned())],
        ..Options::default()
    };
    let imported = openapi::run(FIXTURE, "gadgets.yaml", &options).expect("imports");
    let report: Vec<String> = imported
        .report
        .issues
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(report.contains(
        &"overlay.yaml: note: renames `Colour` → `PowerKind`: this import has both names already; entry unused"
            .to_owned()
    ));
    let spec: Value = yaml_serde::from_str(&imported.spec).expect("YAML");
    assert!(
        schema(&spec, "Widget").is_object(),
        "a free target is renamed"
    );
    assert!(
        schema(&spec, "Colour").is_object(),
        "a taken target renames nothing"
    );
}

#[test]
fn the_enum_suffix_is_dropped_where_the_plain_name_is_free() {
    let imported = openapi::run(FIXTURE, "gadgets.yaml", &Options::default()).expect("imports");
    let spec: Value = yaml_serde::from_str(&imported.spec).expect("YAML");
    let report: Vec<String> = imported
        .report
        .issues
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(schema(&spec, "ColourEnum"), &Value::Null);
    assert!(schema(&spec, "Colour")["enum"].is_array(), "{spec:#}");
    assert_eq!(
        schema(&spec, "Colour")["x-source"],
        json!("#/components/schemas/ColourEnum"),
        "the spec's own name stays traceable"
    );
    assert!(report.contains(
        &"gadgets.yaml: note: #/components/schemas/ColourEnum: `ColourEnum` is named `Colour` (the spec's `Enum` suffix dropped)"
            .to_owned()
    ));
    // `ShapeKindEnum` is the discriminator of the `ShapeData` union.
    assert_eq!(schema(&spec, "ShapeKindEnum"), &Value::Null);
    assert!(schema(&spec, "ShapeKind")["enum"].is_array());
}
