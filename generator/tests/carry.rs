//! Deprecate, don't delete: what the previous spec has and a new import lacks is carried over,
//! deprecated, with when it went (generator/src/import/carry.rs), on small trees.

use mews_codegen::import::carry::{carry, Carried, Context};
use mews_codegen::import::changelog::Changelog;
use mews_codegen::import::Report;
use mews_codegen::json::{json, Value};

fn previous() -> Value {
    json!({
        "x-import": {"source": "spec.yaml + connector-api-2026-01-27", "operations": 1, "schemas": 2},
        "paths": {},
        "components": {"schemas": {
            "Widget": {
                "type": "object",
                "required": ["Id", "Legacy"],
                "x-source": "operations/widgets.md#widget",
                "properties": {
                    "Id": {"type": "string"},
                    "Legacy": {"type": "string"},
                    "OwnerId": {"type": "string"},
                    "RateId": {"type": "string"},
                    "Count": {"type": "integer", "format": "int64"}
                }
            },
            "Color": {"type": "string", "enum": ["Red", "Green", "Blue"], "x-source": "operations/widgets.md#color"},
            "Gone": {"type": "object", "properties": {"A": {"type": "string"}}}
        }}
    })
}

fn new() -> Value {
    json!({
        "x-import": {"source": "spec.yaml + connector-api-2026-08-07", "operations": 0, "schemas": 2},
        "paths": {},
        "components": {"schemas": {
            "Widget": {
                "type": "object",
                "required": ["Id"],
                "x-source": "operations/widgets.md#widget",
                "properties": {
                    "Id": {"type": "string"},
                    "OwnerId": {"type": "string", "format": "uuid", "x-inferred": ["format uuid (name *Id and 2 examples)"]},
                    "RateId": {"type": "string", "format": "hybrid-identifier"},
                    "Count": {"type": "integer", "format": "int32"}
                }
            },
            "Color": {"type": "string", "enum": ["Red", "Blue"], "x-source": "operations/widgets.md#color"}
        }}
    })
}

const CHANGELOG: &str = "{% update date=\"2026-05-21\" %}\n## Spring\n- [Get all widgets](../operations/widgets.md#get-all-widgets):\n  - Removed `Legacy` from [Widget](../operations/widgets.md#widget), see [Widget kinds](../operations/widgets.md#widget-kind).\n{% endupdate %}\n";

fn run(previous: &Value, drops: Vec<(String, String)>) -> (Value, Carried, Report) {
    let changelog = Changelog::parse([("changelog/README.md", CHANGELOG)]);
    let context = Context {
        changelog: &changelog,
        date: Some("2026-07-31".to_owned()),
        drops,
    };
    let mut tree = new();
    let mut report = Report::default();
    let carried = carry(previous, &mut tree, &context, &mut report);
    (tree, carried, report)
}

#[test]
fn what_went_stays_deprecated_with_when_and_why() {
    let (tree, carried, _) = run(&previous(), Vec::new());
    assert_eq!(
        carried,
        Carried {
            operations: 0,
            schemas: 1,
            properties: 1,
            values: 1
        }
    );
    let widget = &tree["components"]["schemas"]["Widget"];
    // In its old place, deprecated, never required (Mews no longer sends it).
    let names: Vec<&String> = widget["properties"]
        .as_object()
        .expect("props")
        .keys()
        .collect();
    assert_eq!(names, ["Id", "Legacy", "OwnerId", "RateId", "Count"]);
    let legacy = &widget["properties"]["Legacy"];
    assert_eq!(legacy["deprecated"], true);
    assert_eq!(legacy["x-removed"]["date"], "2026-05-21", "{legacy}");
    assert_eq!(
        legacy["x-deprecated-note"],
        "Removed by Mews on 2026-05-21; kept until a breaking release; see Widget kinds (https://docs.mews.com/connector-api/operations/widgets#widget-kind)."
    );
    assert_eq!(widget["required"], json!(["Id"]));
    // A format the sources now add is not taken (narrowing breaks callers); int32 is followed.
    assert!(widget["properties"]["OwnerId"].get("format").is_none());
    assert_eq!(widget["properties"]["Count"]["format"], "int32");
    // A hybrid identifier takes any string: no narrowing, so it is followed.
    assert_eq!(
        widget["properties"]["RateId"]["format"],
        "hybrid-identifier"
    );
    // An enum value: back in its place, deprecated; no entry names it: the refresh's date.
    let color = &tree["components"]["schemas"]["Color"];
    assert_eq!(color["enum"], json!(["Red", "Green", "Blue"]));
    assert!(color["x-deprecated-values"]["Green"]
        .as_str()
        .is_some_and(|note| note.starts_with("Removed by Mews on 2026-07-31")));
    assert_eq!(color["x-removed-values"]["Green"]["date"], "2026-07-31");
    assert_eq!(tree["components"]["schemas"]["Gone"]["deprecated"], true);
    assert_eq!(tree["x-import"]["schemas"], 3u64);
}

#[test]
fn carrying_twice_changes_nothing() {
    let (once, _, _) = run(&previous(), Vec::new());
    let (twice, _, _) = run(&once, Vec::new());
    assert_eq!(
        twice["components"], once["components"],
        "the result is a fixed point"
    );
}

#[test]
fn an_overlay_drop_lets_an_item_go() {
    let drops = vec![
        ("Gone".to_owned(), "released in 0.3.0".to_owned()),
        ("Color::Green".to_owned(), "released in 0.3.0".to_owned()),
        ("Widget.Nothing".to_owned(), "a typo".to_owned()),
    ];
    let (tree, carried, report) = run(&previous(), drops);
    assert!(tree["components"]["schemas"].get("Gone").is_none());
    assert_eq!(
        tree["components"]["schemas"]["Color"]["enum"],
        json!(["Red", "Blue"])
    );
    assert_eq!(carried.schemas + carried.values, 0);
    let notes: Vec<String> = report.issues.iter().map(|i| i.message.clone()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("drop `Widget.Nothing`: nothing of that name is carried")),
        "{notes:#?}"
    );
}
