//! The docs importer on fixture pages written in the docs' grammar (tests/fixtures/docs): each
//! construct, the overlay, the report of what could not be placed, and the CLI.

use std::path::PathBuf;
use std::process::Command;

use mews_codegen::import::{self, Imported, Options, Severity};
use serde_json::Value;

fn docs() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs"))
}

/// Fixes the fixture's paging (`Count` is a number in its pagination page, as in the real docs)
/// and exercises every section of the overlay.
const OVERLAY: &str = r#"
info: {title: Fixture API, version: "7"}
renames:
  WidgetsGetAllRequest: WidgetFilter
  ErrorResponseDetails: ApiError
add-schemas:
  MovedEvent:
    description: Ours.
    properties:
      FromId: {type: string/uuid, required: true}
schemas:
  Limitation:
    properties:
      Count: {type: integer/int32}
      Cursor: {required: true, nullable: true, curation: null means the first page}
  WidgetEvent:
    union:
      arms: [{value: Moved, schema: MovedEvent}]
  Widget:
    description: A widget, in our words.
    properties:
      LegacyCode: {type: string/uuid}
      Extra: {remove: true}
      Added:
        type: boolean
        required: true
        pin: {required: true, reason: "newer than the docs' example, which cannot show it"}
  NotImported:
    description: unused
operations:
  widgets_update: {retry-safe: true}
  gadgets_getAll: {retry-safe: false, summary: Gadgets}
"#;

fn run(options: Options) -> Imported {
    import::import(&Options {
        docs: docs(),
        ..options
    })
    .expect("import")
}

fn with_overlay() -> Imported {
    run(Options {
        overlays: vec![(OVERLAY.to_owned(), "fixture-overlay.yaml".to_owned())],
        ..Options::default()
    })
}

fn tree(imported: &Imported) -> Value {
    yaml_serde::from_str(&imported.spec).expect("the import is YAML")
}

fn schema<'a>(tree: &'a Value, name: &str) -> &'a Value {
    tree.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

fn property<'a>(tree: &'a Value, schema_name: &str, name: &str) -> &'a Value {
    schema(tree, schema_name)
        .pointer(&format!("/properties/{name}"))
        .unwrap_or_else(|| panic!("no {schema_name}.{name}"))
}

fn operation<'a>(tree: &'a Value, path: &str) -> &'a Value {
    tree.pointer(&format!("/paths/{}/post", path.replace('/', "~1")))
        .unwrap_or_else(|| panic!("no operation {path}"))
}

fn required(tree: &Value, schema_name: &str) -> Vec<String> {
    schema(tree, schema_name)["required"]
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_generator_accepts_the_import() {
    let imported = with_overlay();
    mews_codegen::generate(&imported.spec, "imported.yaml")
        .expect("the generator accepts the imported spec");
    assert!(imported.spec.starts_with(import::spec_writer::HEADER));
    let summary = &imported.report.summary;
    assert_eq!((summary.pages, summary.operations), (4, 7), "{summary}");
    assert_eq!(summary.unions, 3);
}

#[test]
fn dated_versions_are_operations_of_their_own() {
    let imported = with_overlay();
    let tree = tree(&imported);
    let versioned = operation(&tree, "/api/connector/v1/gadgets/getAll/2025-02-03");
    assert_eq!(versioned["operationId"], "gadgets_getAll_2025_02_03");
    assert_eq!(
        versioned["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/GadgetsGetAll20250203Request"
    );
    // The unversioned operation is still there, with its own bodies.
    assert_eq!(
        operation(&tree, "/api/connector/v1/gadgets/getAll")["operationId"],
        "gadgets_getAll"
    );
    let generation = mews_codegen::generate(&imported.spec, "imported.yaml").expect("generates");
    let gadgets = generation
        .files
        .iter()
        .find(|file| file.path.ends_with("gadgets.rs"))
        .expect("a gadgets module");
    assert!(
        gadgets
            .contents
            .contains("pub async fn get_all_2025_02_03("),
        "{}",
        gadgets.contents
    );
    assert!(gadgets
        .contents
        .contains("\"/api/connector/v1/gadgets/getAll/2025-02-03\""));
}

#[test]
fn operations_carry_their_markers() {
    let imported = with_overlay();
    let tree = tree(&imported);
    let get_all = operation(&tree, "/api/connector/v1/widgets/getAll");
    assert_eq!(get_all["operationId"], "widgets_getAll");
    assert_eq!(get_all["x-retry-safe"], true);
    assert_eq!(get_all["x-pagination"]["items"], "Widgets");
    assert_eq!(
        get_all["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/WidgetFilter"
    );
    let notes: Vec<&str> = get_all["x-inferred"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("retry-safe"))
            && notes.iter().any(|n| n.starts_with("x-pagination")),
        "{notes:?}"
    );
    let remove = operation(&tree, "/api/connector/v1/widgets/remove");
    assert_eq!(remove["deprecated"], true);
    assert_eq!(remove["x-deprecated-note"], "Use widgets/update.");
    assert!(remove.get("x-retry-safe").is_none());
    let update = operation(&tree, "/api/connector/v1/widgets/update");
    assert_eq!(update["x-restricted"], "This operation is in beta.");
    assert_eq!(update["x-retry-safe"], true, "the overlay decides");
    let gadgets = operation(&tree, "/api/connector/v1/gadgets/getAll");
    assert!(
        gadgets.get("x-retry-safe").is_none(),
        "the overlay overrides the inference"
    );
    assert_eq!(gadgets["summary"], "Gadgets");
    assert_eq!(
        gadgets["responses"]["429"]["$ref"],
        "#/components/responses/TooManyRequests"
    );
    assert_eq!(
        tree["x-envelope"]["secrets"],
        serde_json::json!(["ClientToken", "AccessToken"])
    );
    assert_eq!(tree["info"]["title"], "Fixture API");
}

#[test]
fn optional_means_omittable_in_requests_and_nullable_in_responses() {
    let tree = tree(&with_overlay());
    let request = required(&tree, "WidgetFilter");
    assert!(
        request.contains(&"Limitation".to_owned()) && !request.contains(&"WidgetIds".to_owned())
    );
    assert!(property(&tree, "WidgetFilter", "WidgetIds")
        .get("nullable")
        .is_none());
    assert!(required(&tree, "WidgetsGetAllResponse").contains(&"Cursor".to_owned()));
    assert_eq!(
        property(&tree, "WidgetsGetAllResponse", "Cursor")["nullable"],
        true
    );
    // A nullable reference is a one-element allOf, since OpenAPI 3.0 drops siblings of $ref.
    let color = property(&tree, "Widget", "Color");
    assert_eq!(color["nullable"], true);
    assert_eq!(
        color["allOf"][0]["$ref"],
        "#/components/schemas/WidgetColor"
    );
    assert_eq!(
        property(&tree, "Widget", "LastEvent")["$ref"],
        "#/components/schemas/WidgetEvent"
    );
}

#[test]
fn formats_are_inferred_only_with_evidence_and_recorded() {
    let tree = tree(&run(Options::default()));
    let id = property(&tree, "Widget", "Id");
    assert_eq!(id["format"], "uuid");
    assert_eq!(id["x-inferred"][0], "format uuid (name *Id, 1 example)");
    assert_eq!(
        property(&tree, "WidgetsGetAllRequest", "WidgetIds")["items"]["format"],
        "uuid"
    );
    assert!(
        property(&tree, "WidgetsRemoveRequest", "WidgetIds")["items"]
            .get("format")
            .is_none(),
        "no example, no description: stays a string"
    );
    assert_eq!(property(&tree, "Widget", "BuiltOn")["format"], "date");
    assert_eq!(
        property(&tree, "TimeInterval", "StartUtc")["format"],
        "date-time"
    );
    assert_eq!(
        property(&tree, "PaintedEvent", "PaintedUtc")["format"],
        "date-time",
        "found through the adjacent union's example"
    );
    assert!(property(&tree, "Widget", "LegacyCode")
        .get("format")
        .is_none());
    assert_eq!(
        property(&tree, "WidgetsUpdateRequest", "WidgetId")["format"],
        "uuid"
    );
    assert_eq!(
        property(&tree, "WidgetsGetAllRequest", "ServiceId")["format"],
        "hybrid-identifier",
        "a hybrid identifier is a string of its own format, never a uuid"
    );
    let owner = property(&tree, "Widget", "OwnerId");
    assert_eq!(
        owner["nullable"], true,
        "required in the table, null in the example"
    );
    assert_eq!(
        owner["x-inferred"][0],
        "nullable (an example value is null)"
    );
}

#[test]
fn unions_in_both_layouts() {
    let tree = tree(&with_overlay());
    let data = &schema(&tree, "WidgetData")["x-union"];
    assert_eq!(data["layout"], "sibling");
    assert_eq!(
        data["arms"][0],
        serde_json::json!({"value": "Circle", "property": "Circle", "schema": "#/components/schemas/CircleData"})
    );
    assert_eq!(property(&tree, "WidgetData", "Square")["nullable"], true);
    let event = &schema(&tree, "WidgetEvent")["x-union"];
    assert_eq!(event["layout"], "adjacent");
    assert_eq!(event["value"], "Value");
    assert_eq!(
        event["arms"][0]["schema"],
        "#/components/schemas/PaintedEvent"
    );
    assert_eq!(
        event["arms"][1]["schema"], "#/components/schemas/MovedEvent",
        "the overlay adds the payload"
    );
    let raw = tree_of(&run(Options::default()));
    assert!(
        schema(&raw, "WidgetEvent")["x-union"]["arms"][1]
            .get("schema")
            .is_none(),
        "without a documented payload the arm keeps raw JSON"
    );
}

#[test]
fn enums_dictionaries_update_values_and_deprecated_rows() {
    let tree = tree(&run(Options::default()));
    assert_eq!(
        schema(&tree, "WidgetColor")["enum"],
        serde_json::json!(["Red", "Blue"])
    );
    assert_eq!(
        schema(&tree, "ThingKind")["enum"],
        serde_json::json!(["Big", "Small"])
    );
    assert_eq!(
        schema(&tree, "Dictionary")["additionalProperties"]["type"],
        "string"
    );
    let localized = schema(&tree, "LocalizedText");
    assert_eq!(localized["additionalProperties"]["type"], "string");
    assert_eq!(
        localized["x-inferred"][0],
        "dictionary of strings (from the example)"
    );
    let name = property(&tree, "WidgetsUpdateRequest", "Name");
    assert_eq!(
        (name["type"].as_str(), name["x-update-value"].as_bool()),
        (Some("string"), Some(true))
    );
    assert_eq!(
        property(&tree, "WidgetsUpdateRequest", "Note")["type"],
        "number",
        "`Decimal update value` read from its title"
    );
    let weight = property(&tree, "Widget", "Weight");
    assert_eq!(
        (
            weight["deprecated"].as_bool(),
            weight["x-deprecated-note"].as_str()
        ),
        (Some(true), Some("Use Size."))
    );
    assert_eq!(property(&tree, "Widget", "Name")["maxLength"], 50);
    assert_eq!(
        property(&tree, "WidgetsGetAllRequest", "WidgetIds")["maxItems"],
        100
    );
    assert_eq!(
        property(&tree, "WidgetsGetAllRequest", "CreatedUtc")["x-max-interval"],
        "3 months"
    );
    assert_eq!(
        property(&tree, "WidgetsGetAllRequest", "Codes")["items"]["type"],
        "string"
    );
    assert_eq!(property(&tree, "Widget", "Extra")["type"], "object");
    assert_eq!(
        property(&tree, "GadgetsGetAllResponse", "Widgets")["nullable"],
        true
    );
}

#[test]
fn same_titles_are_shared_when_identical_and_qualified_otherwise() {
    let tree = tree(&run(Options::default()));
    // `Widget color` on _objects.md and gadgets.md list the same values: one schema.
    assert_eq!(
        property(&tree, "GadgetsGetAllRequest", "Colors")["items"]["$ref"],
        "#/components/schemas/WidgetColor"
    );
    assert!(tree
        .pointer("/components/schemas/GadgetsWidgetColor")
        .is_none());
    // `Widget` differs: widgets.md is its home page, gadgets.md's is qualified.
    assert_eq!(
        property(&tree, "GadgetsGetAllResponse", "Widgets")["items"]["$ref"],
        "#/components/schemas/GadgetsWidget"
    );
    assert!(schema(&tree, "Widget")["properties"].get("Name").is_some());
    // Names do not depend on what is imported.
    let gadgets_only = tree_of(&run(Options {
        only: vec!["gadgets".into()],
        ..Options::default()
    }));
    assert!(gadgets_only
        .pointer("/components/schemas/GadgetsWidget")
        .is_some());
}

fn tree_of(imported: &Imported) -> Value {
    tree(imported)
}

/// The issues of an import at `file:line` whose message contains `text`.
fn issues_at<'a>(
    imported: &'a Imported,
    file: &str,
    line: usize,
    text: &str,
) -> Vec<&'a import::Issue> {
    imported
        .report
        .issues
        .iter()
        .filter(|issue| issue.file == file && issue.line == line && issue.message.contains(text))
        .collect()
}

#[test]
fn hybrid_identifiers_are_never_uuids() {
    let tree = tree(&run(Options::default()));
    for (name, why) in [
        (
            "GizmoId",
            "a UUID example and a \"Unique identifier\" description",
        ),
        ("OwnerId", "no example, a \"Unique identifier\" description"),
    ] {
        let id = property(&tree, "GizmosUpdateRequest", name);
        assert_eq!(id["type"], "string");
        assert_eq!(id["format"], "hybrid-identifier", "{name}: {why}: {id}");
    }
    let parts = property(&tree, "GizmosUpdateRequest", "PartIds");
    assert_eq!(parts["items"]["type"], "string");
    assert_eq!(parts["items"]["format"], "hybrid-identifier", "{parts}");
}

#[test]
fn a_mistyped_example_is_a_doc_error_not_a_veto() {
    let imported = run(Options::default());
    let tree = tree(&imported);
    let start = property(&tree, "GizmoPeriod", "StartUtc");
    assert_eq!(start["format"], "date-time", "{start}");
    assert_eq!(
        start["x-inferred"][0], "format date-time (name *Utc, 1 example)",
        "only the well-formed value counts"
    );
    assert_eq!(
        property(&tree, "GizmoPeriod", "EndUtc")["format"],
        "date-time"
    );
    let errors = issues_at(
        &imported,
        "operations/gizmos.md",
        21,
        "`2024-02-1T00:00:00Z`",
    );
    assert_eq!(errors.len(), 1, "{:#?}", imported.report.issues);
    assert_eq!(errors[0].severity, Severity::Note);
    assert!(errors[0].message.starts_with("doc error"), "{}", errors[0]);
}

#[test]
fn adjacent_arms_find_their_payload_on_the_same_page() {
    let tree = tree(&run(Options::default()));
    let union = &schema(&tree, "GizmoPower")["x-union"];
    let payload = |value: &str| {
        union["arms"]
            .as_array()
            .and_then(|arms| arms.iter().find(|arm| arm["value"] == value))
            .unwrap_or_else(|| panic!("no arm {value}: {union}"))
            .get("schema")
            .cloned()
    };
    assert_eq!(
        payload("Battery"),
        Some(Value::from("#/components/schemas/BatteryGizmoPower")),
        "the only section whose title starts with the value"
    );
    assert_eq!(
        payload("Mains"),
        Some(Value::from("#/components/schemas/Mains")),
        "the section titled as the value"
    );
    assert_eq!(
        payload("Solar"),
        None,
        "two sections start with Solar: none is guessed"
    );
    assert_eq!(payload("Crank"), None, "no section: raw JSON");
    assert_eq!(
        property(&tree, "BatteryGizmoPower", "Cells")["type"],
        "integer"
    );
    let notes = schema(&tree, "GizmoPower")["x-inferred"].to_string();
    assert!(
        notes.contains("arm `Battery` payload `BatteryGizmoPower`"),
        "{notes}"
    );
}

#[test]
fn update_wrappers_the_example_shows_are_reported_and_decided_in_the_overlay() {
    let imported = run(Options::default());
    let shade = property(&tree(&imported), "GizmosUpdateRequest", "Shade").clone();
    assert!(
        shade.get("x-update-value").is_none(),
        "the table says a plain enum: {shade}"
    );
    let errors = issues_at(
        &imported,
        "operations/gizmos.md",
        20,
        "`GizmosUpdateRequest.Shade` in {\"Value\": …}",
    );
    assert_eq!(errors.len(), 1, "{:#?}", imported.report.issues);
    let decided = run(Options {
        overlays: vec![(
            "schemas:\n  GizmosUpdateRequest:\n    properties:\n      Shade: {update-value: true, curation: gizmos.md:20 wraps it as the official spec does}\n".to_owned(),
            "decision.yaml".to_owned(),
        )],
        ..Options::default()
    });
    let shade = property(&tree(&decided), "GizmosUpdateRequest", "Shade").clone();
    assert_eq!(shade["x-update-value"], true, "{shade}");
    assert_eq!(
        issues_at(&decided, "operations/gizmos.md", 20, "Shade").len(),
        1,
        "the page still contradicts itself: still a doc error"
    );
}

#[test]
fn malformed_input_is_reported_with_file_and_line() {
    let imported = run(Options::default());
    let found = |line: usize, severity: Severity, text: &str| {
        imported.report.issues.iter().any(|issue| {
            issue.file == "operations/broken.md"
                && issue.line == line
                && issue.severity == severity
                && issue.message.contains(text)
        })
    };
    assert!(
        found(4, Severity::Skipped, "outside any request"),
        "{:#?}",
        imported.report.issues
    );
    assert!(found(19, Severity::Skipped, "has 3"));
    assert!(found(20, Severity::Skipped, "not a code span"));
    assert!(found(
        21,
        Severity::Skipped,
        "neither required nor optional"
    ));
    assert!(found(
        22,
        Severity::Degraded,
        "no page `operations/ghosts.md`"
    ));
    assert!(found(
        23,
        Severity::Degraded,
        "no object or enum `#phantom`"
    ));
    assert!(found(
        24,
        Severity::Degraded,
        "type `matrix of string` is not understood"
    ));
    assert!(found(33, Severity::Skipped, "second property table"));
    assert!(found(41, Severity::Skipped, "is not an enum value"));
    assert!(found(42, Severity::Skipped, "no Rust variant name"));
    assert!(found(
        48,
        Severity::Skipped,
        "or `.../{action}/{YYYY-MM-DD}`"
    ));
    assert!(found(60, Severity::Skipped, "has no `[PlatformAddress]"));
    let objects = imported.report.issues.iter().any(|issue| {
        issue.file == "operations/_objects.md"
            && issue.line == 42
            && issue.message.contains("not a property table")
    });
    assert!(
        objects,
        "a non-property table on a page whose objects are used"
    );
    let summary = &imported.report.summary;
    assert_eq!((summary.skipped, summary.degraded), (10, 3), "{summary}");
    // Broken rows degrade to any JSON and the spec still generates.
    let tree = tree(&imported);
    assert_eq!(
        property(&tree, "BrokenThingsGetAllRequest", "Ghost"),
        &serde_json::json!({})
    );
    mews_codegen::generate(&imported.spec, "imported.yaml")
        .expect("degraded output still generates");
}

#[test]
fn only_selects_pages_and_operations() {
    let count = |only: &[&str]| {
        run(Options {
            only: only.iter().map(|s| (*s).to_owned()).collect(),
            ..Options::default()
        })
        .report
        .summary
        .operations
    };
    assert_eq!(count(&["gadgets"]), 2);
    assert_eq!(count(&["widgets"]), 3);
    assert_eq!(count(&["widgets_getAll", "widgets/remove"]), 2);
    let only_gadgets = run(Options {
        only: vec!["gadgets".into()],
        ..Options::default()
    });
    assert!(
        only_gadgets
            .report
            .issues
            .iter()
            .all(|issue| issue.file != "operations/broken.md"),
        "unselected pages report nothing"
    );
}

#[test]
fn the_overlay_renames_adds_and_decides() {
    let imported = with_overlay();
    let tree = tree(&imported);
    assert!(tree
        .pointer("/components/schemas/WidgetsGetAllRequest")
        .is_none());
    assert_eq!(
        tree["components"]["responses"]["BadRequest"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/ApiError"
    );
    assert_eq!(property(&tree, "Limitation", "Count")["format"], "int32");
    assert_eq!(
        property(&tree, "Limitation", "Cursor")["x-curation"],
        "null means the first page"
    );
    assert_eq!(
        schema(&tree, "Widget")["description"],
        "A widget, in our words."
    );
    let legacy = property(&tree, "Widget", "LegacyCode");
    assert_eq!(legacy["format"], "uuid");
    assert!(schema(&tree, "Widget")["properties"].get("Extra").is_none());
    // The docs' example leaves out `Weight` (received only): not required, the page and line of
    // the example in its evidence.
    assert!(!required(&tree, "Widget").contains(&"Weight".to_owned()));
    assert_eq!(
        property(&tree, "Widget", "Weight")["x-inferred"],
        serde_json::json!(["not required (the docs response example of widgets_getAll (operations/widgets.md:37) at `Widgets[0].Weight`)"])
    );
    // The docs' example leaves `Added` out; the overlay's pin keeps it required.
    assert!(required(&tree, "Widget").contains(&"Added".to_owned()));
    assert!(imported
        .report
        .issues
        .iter()
        .any(|issue| issue.message.starts_with(
            "`Widget.Added` kept required: pinned by the overlay (newer than the docs' example"
        )));
    assert_eq!(
        schema(&tree, "MovedEvent")["properties"]["FromId"]["format"],
        "uuid"
    );
    let unused = imported.report.issues.iter().any(|issue| {
        issue.file == "fixture-overlay.yaml"
            && issue.message.contains("`NotImported`: not in this import")
    });
    assert!(
        unused,
        "unused overlay entries are noted: {:#?}",
        imported.report.issues
    );
}

/// Texts kept apart from the decisions (`spec/descriptions.yaml` next to `spec/curation.yaml`).
const TEXTS: &str = r#"
operations:
  widgets_getAll: {summary: Lists widgets a page at a time., description: Our longer text.}
  widgets_removed: {summary: Gone.}
schemas:
  Widget:
    description: A widget, in the second overlay's words.
    properties:
      Size: {description: How big it is.}
"#;

#[test]
fn overlays_apply_in_order_and_note_unused_entries_per_file() {
    let imported = run(Options {
        overlays: vec![
            (OVERLAY.to_owned(), "fixture-overlay.yaml".to_owned()),
            (TEXTS.to_owned(), "texts.yaml".to_owned()),
        ],
        ..Options::default()
    });
    let tree = tree(&imported);
    let op = operation(&tree, "/api/connector/v1/widgets/getAll");
    assert_eq!(
        (op["summary"].as_str(), op["description"].as_str()),
        (
            Some("Lists widgets a page at a time."),
            Some("Our longer text.")
        )
    );
    assert_eq!(
        schema(&tree, "Widget")["description"],
        "A widget, in the second overlay's words.",
        "the later overlay wins"
    );
    assert_eq!(
        property(&tree, "Widget", "Size")["description"],
        "How big it is."
    );
    assert_eq!(
        property(&tree, "Widget", "LegacyCode")["format"],
        "uuid",
        "the first overlay's decisions stay"
    );
    assert_eq!(
        tree["x-import"]["overlay"],
        "fixture-overlay.yaml, texts.yaml"
    );
    let noted = |file: &str, entry: &str| {
        imported.report.issues.iter().any(|issue| {
            issue.file == file
                && issue
                    .message
                    .contains(&format!("`{entry}`: not in this import"))
        })
    };
    assert!(
        noted("texts.yaml", "widgets_removed"),
        "{:#?}",
        imported.report.issues
    );
    assert!(noted("fixture-overlay.yaml", "NotImported"));
    assert!(!noted("fixture-overlay.yaml", "widgets_removed"));
    // A mistake in the second file is reported under its name.
    let error = import::import(&Options {
        docs: docs(),
        overlays: vec![
            (OVERLAY.to_owned(), "fixture-overlay.yaml".to_owned()),
            (
                "operations: {widgets_getAll: {sumary: x}}".to_owned(),
                "texts.yaml".to_owned(),
            ),
        ],
        ..Options::default()
    })
    .expect_err("unknown key")
    .to_string();
    assert!(
        error.contains("texts.yaml") && error.contains("sumary"),
        "{error}"
    );
}

/// An overlay written for another source (older or newer docs) names things this one has
/// differently or not at all: each such entry is a note, and the import still generates.
#[test]
fn entries_that_do_not_apply_to_this_source_are_notes() {
    const OTHER_SOURCE: &str = r#"
renames: {Gadget: Widget}
add-schemas:
  Extra:
    properties:
      Owner: {type: NotHere}
schemas:
  WidgetColor:
    properties:
      A: {type: string}
    union: {arms: [{value: Blue, schema: Gadget}]}
  Widget:
    enum: [A, B]
    properties:
      Color: {type: NotHere}
  WidgetEvent:
    union:
      arms: [{value: Painted, schema: Vanished}]
operations:
  gadgets_getAll: {pagination: Gadgets}
  widgets_getAll: {pagination: Gadgets}
"#;
    let imported = run(Options {
        overlays: vec![
            (OVERLAY.to_owned(), "fixture-overlay.yaml".to_owned()),
            (OTHER_SOURCE.to_owned(), "other.yaml".to_owned()),
        ],
        ..Options::default()
    });
    let notes: Vec<String> = imported
        .report
        .issues
        .iter()
        .filter(|issue| issue.file == "other.yaml" && issue.severity == Severity::Note)
        .map(|issue| issue.message.clone())
        .collect();
    for expected in [
        "renames `Gadget` → `Widget`: this import already has a schema of that name",
        "schemas `Extra` property `Owner`: `type` names `NotHere`",
        "schemas `WidgetColor`: `properties` (A), but this import's schema is not an object",
        "schemas `WidgetColor`: `union`, but this import's schema is not an object",
        "schemas `Widget`: `enum`, but this import's schema is not an enum",
        "schemas `Widget` property `Color`: `type` names `NotHere`",
        "schemas `WidgetEvent` arm `Painted`: payload `Vanished` is not in this import",
        "operations `gadgets_getAll`: pagination does not apply to this import (its request `GadgetsGetAllRequest` has no `Limitation`)",
        "operations `widgets_getAll`: pagination does not apply to this import (its response `WidgetsGetAllResponse` has no array `Gadgets`)",
    ] {
        assert!(
            notes.iter().any(|note| note.starts_with(expected)),
            "missing note `{expected}` in {notes:#?}"
        );
    }
    let tree = tree(&imported);
    // Nothing the entries name was changed, and the inferred paging of widgets stays.
    assert_eq!(
        operation(&tree, "/api/connector/v1/widgets/getAll")["x-pagination"]["items"],
        "Widgets"
    );
    assert!(operation(&tree, "/api/connector/v1/gadgets/getAll")
        .get("x-pagination")
        .is_none());
    assert_eq!(
        property(&tree, "Widget", "Color")["allOf"][0]["$ref"],
        "#/components/schemas/WidgetColor"
    );
    assert!(schema(&tree, "Gadget").is_object());
    mews_codegen::parse::parse(&imported.spec)
        .and_then(|spec| mews_codegen::ir::lower(&spec))
        .expect("the generator accepts the import");
}

#[test]
fn overlay_mistakes_are_errors() {
    for (overlay, expected) in [
        ("schemas: {Widget: {propertees: {}}}", "unknown field"),
        (
            "schemas: {Widget: {properties: {Name: {type: decimal}}}}",
            "type `decimal` is not understood",
        ),
        (
            "operations: {widgets_getAll: {pagination: true}}",
            "pagination",
        ),
    ] {
        let options = Options {
            docs: docs(),
            overlays: vec![(overlay.to_owned(), "bad.yaml".to_owned())],
            ..Options::default()
        };
        let error = import::import(&options).expect_err(overlay).to_string();
        assert!(
            error.contains(expected) && error.contains("bad.yaml"),
            "{overlay}: {error}"
        );
    }
}

#[test]
fn curated_texts_win_over_the_docs() {
    let plain = tree(&run(Options::default()));
    assert!(
        property(&plain, "Widget", "Size")
            .get("description")
            .is_none(),
        "docs text stays out unless asked for"
    );
    let with_docs = tree(&run(Options {
        docs_descriptions: true,
        ..Options::default()
    }));
    assert_eq!(
        property(&with_docs, "Widget", "Size")["description"],
        "Size."
    );
    assert_eq!(
        operation(&with_docs, "/api/connector/v1/widgets/getAll")["description"],
        "Returns widgets page by page."
    );
    let curated = r#"
openapi: 3.0.3
info: {title: Ours, version: "1", description: Our words.}
paths:
  /api/connector/v1/widgets/getAll:
    post: {operationId: widgets_getAll, summary: Our summary, description: Our operation text., x-curation: Why.}
components:
  schemas:
    Widget:
      description: Our widget.
      properties:
        Size: {type: number, description: Our size., x-curation: Decided.}
"#;
    let kept = tree(&run(Options {
        docs_descriptions: true,
        keep_texts_of: Some(curated.to_owned()),
        ..Options::default()
    }));
    assert_eq!(
        property(&kept, "Widget", "Size")["description"],
        "Our size."
    );
    assert_eq!(property(&kept, "Widget", "Size")["x-curation"], "Decided.");
    assert_eq!(schema(&kept, "Widget")["description"], "Our widget.");
    let op = operation(&kept, "/api/connector/v1/widgets/getAll");
    assert_eq!(
        (
            op["summary"].as_str(),
            op["description"].as_str(),
            op["x-curation"].as_str()
        ),
        (
            Some("Our summary"),
            Some("Our operation text."),
            Some("Why.")
        )
    );
    assert_eq!(
        property(&kept, "Widget", "Count")["description"],
        "Count.",
        "docs text where we have none"
    );
}

#[test]
fn imports_are_deterministic() {
    assert_eq!(with_overlay().spec, with_overlay().spec);
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

#[test]
fn cli_exit_codes_and_protection_of_curated_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("imported.yaml");
    let (docs, out_arg) = (docs().display().to_string(), out.display().to_string());
    let ok = codegen(&[
        "import", "--docs", &docs, "--only", "widgets", "--out", &out_arg,
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|line| line.starts_with("summary: 1 pages, 3 operations")),
        "{stdout}"
    );
    // `--overlay` may be given more than once; the import records both, in order.
    let (first, second) = (
        dir.path().join("first.yaml"),
        dir.path().join("second.yaml"),
    );
    std::fs::write(&first, "operations: {widgets_getAll: {summary: First.}}\n").expect("write");
    std::fs::write(
        &second,
        "operations: {widgets_getAll: {summary: Second.}}\n",
    )
    .expect("write");
    let (first_arg, second_arg) = (first.display().to_string(), second.display().to_string());
    let both = codegen(&[
        "import",
        "--docs",
        &docs,
        "--only",
        "widgets",
        "--out",
        &out_arg,
        "--overlay",
        &first_arg,
        "--overlay",
        &second_arg,
    ]);
    assert!(
        both.status.success(),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    let written: Value =
        yaml_serde::from_str(&std::fs::read_to_string(&out).expect("read")).expect("yaml");
    assert_eq!(
        operation(&written, "/api/connector/v1/widgets/getAll")["summary"],
        "Second."
    );
    assert_eq!(
        written["x-import"]["overlay"],
        format!("{first_arg}, {second_arg}").as_str()
    );
    // The broken page under --strict: reported, exit 1, the earlier output left as it was.
    let before = std::fs::read(&out).expect("read");
    let strict = codegen(&["import", "--docs", &docs, "--out", &out_arg, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("operations/broken.md:19: skipped:")
            && stderr.contains("--strict: 10 skipped, 3 degraded; nothing was written"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&out).expect("read"),
        before,
        "nothing written"
    );
    // A file the importer did not write (e.g. spec/connector.yaml) is never overwritten...
    let curated = dir.path().join("curated.yaml");
    std::fs::write(&curated, "# ours\nopenapi: 3.0.3\n").expect("write");
    let refused = codegen(&[
        "import",
        "--docs",
        &docs,
        "--out",
        curated.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&curated).expect("read"),
        "# ours\nopenapi: 3.0.3\n"
    );
    // ... unless forced.
    let forced = codegen(&[
        "import",
        "--docs",
        &docs,
        "--only",
        "gadgets",
        "--out",
        curated.to_str().unwrap(),
        "--force",
    ]);
    assert!(forced.status.success());
    // Bad input: exit 2.
    assert_eq!(
        codegen(&["import", "--out", &out_arg]).status.code(),
        Some(2)
    );
    assert_eq!(
        codegen(&["import", "--docs", "/nonexistent", "--out", &out_arg])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        codegen(&["import", "--docs", &docs, "--out", &out_arg, "--bogus"])
            .status
            .code(),
        Some(2)
    );
}
