//! Events through the whole pipeline, on fixtures written by us in the docs' grammar: the events
//! pages imported (both webhook layouts, the WebSocket's internal union, fetch operations, the
//! docs' quirks), the spec's `x-webhooks`/`x-websocket` checked with JSON pointers on hostile
//! input, the diff's event lines and the example round-trip's message cases.

use std::path::PathBuf;

use mews_codegen::import::{self, docs::Docs, Options, Severity};
use serde_json::Value;

/// A webhook carrying entity events, in the grammar of Mews' General Webhooks page.
const GENERAL: &str = r#"# Widget Webhooks

Deliveries about widgets.

## Supported events

| Entity | Event | Description |
| :-- | :-- | :-- |
| Widget | `WidgetAdded` | A widget appears. |
| Widget | `WidgetUpdated` | A widget changes. |
| Gadget | `GadgetPolished` | A gadget shines. |
| Widget | `WidgetVanished` | Listed, but documented nowhere else. |

## Request body

```json
{
  "FactoryId": "5b0f7b8e-2d7c-4a52-9a64-0f6d1c1f0a01",
  "Events": [
    {"Discriminator": "WidgetAdded", "Value": {"Id": "5b0f7b8e-2d7c-4a52-9a64-0f6d1c1f0a02"}},
    {"Discriminator": "WidgetUpdated", "Value": {"Id": "5b0f7b8e-2d7c-4a52-9a64-0f6d1c1f0a02"}},
    {"Discriminator": "GadgetPolished", "Value": {"Id": "5b0f7b8e-2d7c-4a52-9a64-0f6d1c1f0a03"}}
  ]
}
```

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `FactoryId` | string | required | The factory the events belong to. |
| `Events` | array of [Event](wh-widgets.md#event) | required | What happened. |

### Event

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Discriminator` | string [Event discriminator](wh-widgets.md#event-discriminator) | required | Which event. |
| `Value` | object | required | Shaped by the [Event discriminator](wh-widgets.md#event-discriminator). |

### Event discriminator

| Discriminator | Description | Value | Fetch operation |
| :-- | :-- | :-- | :-- |
| `WidgetAdded` | A [Widget](../operations/widgets.md#widget) appeared. | [Changed entity](wh-widgets.md#changed-entity) | [Get all widgets](../operations/widgets.md#get-all-widgets) |
| `WidgetUpdated` | A [Widget](../operations/widgets.md#widget) changed. | [Changed entity](wh-widgets.md#changed-entity) | [Get all widgets](../operations/widgets.md#get-all-widgets) |
| `GadgetPolished` | A [Gadget](../operations/gadgets.md#gadget) shines. | [Changed entity](wh-widgets.md#changed-entity) | [Get all gadgets](../operations/gadgets.md#get-all-gadgets) |

### Changed entity

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Id` | string | required | Unique identifier of what changed. |
"#;

/// A webhook that is itself a union over `Action`/`Data`, with an en dash in one value's item
/// and a `bool` type, as Mews' Integration Webhooks page has them.
const LIFECYCLE: &str = r#"# Lifecycle Webhooks

## Request body

```json
{"Action": "FactoryOpened", "Data": {"Factory": {"Id": "5b0f7b8e-2d7c-4a52-9a64-0f6d1c1f0a09", "Name": "North"}, "IsBusy": true}}
```

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Action` | string [Lifecycle action](wh-lifecycle.md#lifecycle-action) | required | What happened. |
| `Data` | object | required | Shaped by the [Lifecycle action](wh-lifecycle.md#lifecycle-action). |

### Lifecycle action

* `FactoryOpened` - A factory opens. `Data` is [Factory opened data](wh-lifecycle.md#factory-opened-data).
* `FactoryClosed` – A factory closes. `Data` is [Factory closed data](wh-lifecycle.md#factory-closed-data).

### Factory opened data

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Factory` | [Factory](wh-lifecycle.md#factory) | required | Which factory. |
| `IsBusy` | bool | required | Whether it is busy. |

### Factory closed data

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Factory` | [Factory](wh-lifecycle.md#factory) | required | Which factory. |

### Factory

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Id` | string | required | Unique identifier of the factory. |
| `Name` | string | required | Its name. |
"#;

/// A WebSocket page: the endpoint, a cookie block that is no example, and a list of links whose
/// sections share a constant `Type` row.
const SOCKET: &str = r#"# Sockets

## Endpoint URL

```
[WebSocketAddress]/ws/factory
```

## Authentication

```
Cookie: ClientToken=abc; AccessToken=def
```

## Message body

```json
{"Events": [
  {"Type": "Widget", "Id": "5b0f7b8e-2d7c-4a52-9a64-0f6d1c1f0a02"},
  {"Type": "Alarm", "Level": 3}
]}
```

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Events` | array of [Event](sockets.md#event) | required | What happened. |

### Event

Depending on `Type`, one of:

* [Widget event](sockets.md#widget-event)
* [Alarm event](sockets.md#alarm-event)

#### Widget event

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Type` | string `Widget` | required | Type of the event. |
| `Id` | string | required | Unique identifier of the widget. |
| `Color` | string [Widget color](../operations/_objects.md#widget-color) | optional | Its colour. |

#### Alarm event

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Type` | string `Alarm` | required | Type of the event. |
| `Level` | integer | required | How loud. |
"#;

fn fixture_docs() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs"))
}

/// The fixture docs' pages plus the events pages above.
fn docs() -> Docs {
    let mut texts: Vec<(String, String)> = Vec::new();
    for folder in ["operations", "guidelines"] {
        let dir = fixture_docs().join(folder);
        for entry in std::fs::read_dir(&dir).expect("fixture docs") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("page");
            texts.push((format!("{folder}/{name}"), text));
        }
    }
    for (name, text) in [
        ("wh-widgets.md", GENERAL),
        ("wh-lifecycle.md", LIFECYCLE),
        ("sockets.md", SOCKET),
    ] {
        texts.push((format!("events/{name}"), text.to_owned()));
    }
    let borrowed: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Docs::from_texts(&borrowed)
}

const OVERLAY: &str = r#"
schemas:
  SocketEvent:
    union:
      arms:
        - value: Widget
          fetch: {operation: widgets_getAll, ids: WidgetIds, curation: the event's Id is a widget's}
"#;

fn imported() -> (Value, import::Report) {
    let options = Options {
        overlays: vec![(OVERLAY.to_owned(), "events-overlay.yaml".to_owned())],
        ..Options::default()
    };
    let imported = import::run(&docs(), &options, "fixture-docs").expect("import");
    let spec: Value = yaml_serde::from_str(&imported.spec).expect("yaml");
    (spec, imported.report)
}

fn schema<'a>(spec: &'a Value, name: &str) -> &'a Value {
    spec.pointer(&format!("/components/schemas/{name}"))
        .unwrap_or_else(|| panic!("no schema {name}"))
}

#[test]
fn the_events_pages_import_as_messages_with_typed_unions() {
    let (spec, report) = imported();
    let webhooks = spec["x-webhooks"].as_object().expect("x-webhooks");
    assert_eq!(
        webhooks.keys().collect::<Vec<_>>(),
        ["lifecycleWebhook", "widgetWebhook"]
    );
    let body = &webhooks["widgetWebhook"]["post"]["requestBody"]["content"]["application/json"];
    assert_eq!(
        body["schema"]["$ref"],
        "#/components/schemas/WidgetWebhookMessage"
    );
    assert!(
        body["example"]["Events"].is_array(),
        "a docs import keeps the example"
    );
    assert_eq!(spec["x-websocket"]["path"], "/ws/factory");

    // General: an adjacent union over the discriminator table, its enum referenced.
    let event = schema(&spec, "WidgetWebhookEvent");
    assert_eq!(event["x-union"]["layout"], "adjacent");
    assert_eq!(
        event["properties"]["Discriminator"]["$ref"],
        "#/components/schemas/EventDiscriminator"
    );
    let arms = event["x-union"]["arms"].as_array().expect("arms");
    assert_eq!(arms.len(), 3);
    assert_eq!(
        arms[0]["fetch"],
        serde_json::json!({"operation": "widgets_getAll", "ids": "WidgetIds"})
    );
    // `gadgets_getAll` takes no `GadgetIds` in the fixture: no fetch, a note says why.
    assert!(arms[2].get("fetch").is_none());
    let notes: Vec<String> = report.issues.iter().map(ToString::to_string).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`GadgetPolished` names no entity to fetch")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`WidgetVanished` is listed as a supported event")),
        "{notes:#?}"
    );

    // Integration-like: the message is the union; the en dash item and `bool` are read.
    let lifecycle = schema(&spec, "LifecycleWebhookMessage");
    assert_eq!(lifecycle["x-union"]["value"], "Data");
    assert_eq!(lifecycle["x-union"]["discriminator"], "Action");
    assert_eq!(lifecycle["x-union"]["arms"].as_array().unwrap().len(), 2);
    assert_eq!(
        schema(&spec, "FactoryOpenedData")["properties"]["IsBusy"]["type"],
        "boolean"
    );

    // WebSocket: an internal union; the arm's schema has no `Type`; the colour is the enum.
    let socket = schema(&spec, "SocketEvent");
    assert_eq!(socket["x-union"]["layout"], "internal");
    assert_eq!(socket["x-union"]["discriminator"], "Type");
    // `Widget event` is an operations page's title too: the events page's section is prefixed.
    assert_eq!(
        socket["x-union"]["arms"][0]["schema"],
        "#/components/schemas/SocketWidgetEvent"
    );
    let widget = schema(&spec, "SocketWidgetEvent");
    assert!(widget["properties"].get("Type").is_none());
    let color = &widget["properties"]["Color"];
    assert_eq!(
        color.pointer("/allOf/0/$ref").or(color.get("$ref")),
        Some(&Value::from("#/components/schemas/WidgetColor")),
        "{color}"
    );
    assert_eq!(
        socket["x-union"]["arms"][0]["fetch"]["operation"],
        "widgets_getAll"
    );
    assert!(socket["x-curation"]
        .as_str()
        .unwrap()
        .contains("a widget's"));
    // The example leaves `Color` out: received types loosen it.
    assert!(!widget["required"]
        .as_array()
        .unwrap()
        .contains(&Value::from("Color")));

    assert!(
        report
            .issues
            .iter()
            .all(|issue| issue.severity != Severity::Skipped || !issue.file.starts_with("events/")),
        "{:#?}",
        report.issues
    );
    assert_eq!(
        report.summary.events_line().as_deref(),
        Some("events: websocket 2, lifecycleWebhook 2, widgetWebhook 3 (event types per message)")
    );
}

#[test]
fn the_imported_events_generate_and_their_examples_are_cases() {
    let options = Options::default();
    let imported = import::run(&docs(), &options, "fixture-docs").expect("import");
    let generation = mews_codegen::generate(&imported.spec, "imported").expect("generates");
    let events = generation
        .files
        .iter()
        .find(|f| f.path == "events.rs")
        .expect("events.rs");
    for item in [
        "pub enum Webhook",
        "pub enum EventEntity",
        "pub fn entities(",
        "impl TaggedArms for SocketEvent",
    ] {
        assert!(events.contents.contains(item), "{item}");
    }
    assert!(generation
        .features
        .contains("events = [] # 2 webhooks, 1 WebSocket message"));
    let (cases, _) = mews_codegen::roundtrip::cases(&imported.spec).expect("cases");
    let messages: Vec<&str> = cases
        .iter()
        .filter(|case| case.direction == "message")
        .map(|case| case.rust_type.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "events::LifecycleWebhookMessage",
            "events::WidgetWebhookMessage",
            "events::SocketMessage"
        ]
    );
}

/// The fixture spec with `edit` applied to its YAML text.
fn mutated(edit: impl FnOnce(&mut Value)) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/events.yaml"
    ))
    .expect("fixture");
    let mut spec: Value = yaml_serde::from_str(&text).expect("yaml");
    edit(&mut spec);
    serde_json::to_string(&spec).expect("json")
}

fn rejected(edit: impl FnOnce(&mut Value)) -> String {
    match mews_codegen::generate(&mutated(edit), "mutated") {
        Ok(_) => panic!("accepted"),
        Err(error) => error.to_string(),
    }
}

/// An edit of the fixture spec.
type Edit = Box<dyn FnOnce(&mut Value)>;

#[test]
fn hostile_events_are_errors_naming_the_pointer() {
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|s| s["x-webhooks"] = Value::from(3)), "#/x-webhooks: expected a mapping"),
        (Box::new(|s| s["x-webhooks"]["generalWebhook"]["get"] = serde_json::json!({})), "#/x-webhooks/generalWebhook/get"),
        (Box::new(|s| s["x-webhooks"]["generalWebhook"]["post"]["requestBody"]["content"]["application/json"]["schema"] = serde_json::json!({"$ref": "#/components/schemas/Nope"})), "dangling $ref"),
        (Box::new(|s| s["x-webhooks"]["generalWebhook"]["post"]["requestBody"]["content"]["application/json"]["schema"] = serde_json::json!({"$ref": "#/components/schemas/DoorState"})), "must be an object or union schema"),
        (Box::new(|s| s["x-webhooks"]["generalWebhook"]["post"]["surprise"] = Value::from(1)), "#/x-webhooks/generalWebhook/post/surprise: unsupported key"),
        (Box::new(|s| s["x-webhooks"]["integrationWebhook"]["post"]["operationId"] = Value::from("generalWebhook")), "declared twice"),
        (Box::new(|s| s["x-websocket"]["path"] = Value::from("ws")), "#/x-websocket/path"),
        (Box::new(|s| { s["x-websocket"].as_object_mut().unwrap().remove("message"); }), "the WebSocket needs a `message`"),
        (Box::new(|s| s["components"]["schemas"]["WebSocketEvent"]["x-union"]["value"] = Value::from("V")), "an internal union has no `value`"),
        (Box::new(|s| s["components"]["schemas"]["DoorCommandEvent"]["properties"]["Type"] = serde_json::json!({"type": "string"})), "the union writes the tag itself"),
        (Box::new(|s| s["components"]["schemas"]["GeneralWebhookEvent"]["x-union"]["arms"][0]["fetch"]["operation"] = Value::from("guests_getNone")), "#/components/schemas/GeneralWebhookEvent/x-union/arms/0/fetch/operation: no operation `guests_getNone`"),
        (Box::new(|s| s["components"]["schemas"]["GeneralWebhookEvent"]["x-union"]["arms"][0]["fetch"]["ids"] = Value::from("Limitation")), "must be an array of identifiers"),
        (Box::new(|s| s["components"]["schemas"]["GeneralWebhookEvent"]["x-union"]["arms"][3]["fetch"]["id"] = Value::from("Id")), "has no property `Id`"),
        (Box::new(|s| s["components"]["schemas"]["GeneralWebhookEvent"]["x-union"]["arms"][0]["fetch"]["extra"] = Value::from(1)), "unknown field `extra`"),
        (Box::new(|s| s["components"]["schemas"]["Webhook"] = serde_json::json!({"type": "string"})), "name collision: `Webhook`"),
    ];
    for (edit, expected) in cases {
        let error = rejected(edit);
        assert!(
            error.contains(expected),
            "expected `{expected}` in:\n{error}"
        );
    }
}

#[test]
fn the_diff_sees_events() {
    let old = mutated(|_| {});
    let new = mutated(|s| {
        s["x-webhooks"]
            .as_object_mut()
            .unwrap()
            .remove("integrationWebhook");
        s["x-websocket"]["path"] = Value::from("/ws/v2");
        let arms = &mut s["components"]["schemas"]["GeneralWebhookEvent"]["x-union"]["arms"];
        arms[2].as_object_mut().unwrap().remove("fetch");
        arms[4]["schema"] = Value::from("#/components/schemas/EntityUpdatedData");
        arms[4]["fetch"] = serde_json::json!({"operation": "guests_getAll", "ids": "GuestIds"});
    });
    let changes = mews_codegen::diff::diff(&old, &new).expect("both lower");
    let kinds: Vec<(&str, &str)> = changes.iter().map(|c| (c.kind, c.path.as_str())).collect();
    for expected in [
        ("event-removed", "integrationWebhook"),
        ("event-channel-changed", "websocket"),
        ("event-fetch-removed", "GeneralWebhookEvent::DoorUpdated"),
        ("event-fetch-added", "GeneralWebhookEvent::Ping"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} in {kinds:#?}");
    }
    let added = mews_codegen::diff::diff(
        &mutated(|s| {
            s.as_object_mut().unwrap().remove("x-websocket");
        }),
        &old,
    )
    .expect("both lower");
    assert!(added
        .iter()
        .any(|c| c.kind == "event-added" && c.path == "websocket"));
}

#[test]
fn the_crosscheck_lists_the_event_messages_of_each_source() {
    let mut report = import::Report::default();
    let docs_model = import::docs_model(&docs(), &Options::default(), "fixture-docs", &mut report);
    let mut openapi = docs_model.clone();
    openapi.events.retain(|event| event.id == "websocket");
    openapi.events.push(import::model::Event {
        id: "spareWebhook".to_owned(),
        ..openapi.events[0].clone()
    });
    let outcome = mews_codegen::crosscheck::check(&mews_codegen::crosscheck::Sources {
        docs: &docs_model,
        curated: &docs_model,
        openapi: &openapi,
        overlay: &Default::default(),
        changelog: &Default::default(),
    });
    assert_eq!(outcome.events_both, ["websocket"]);
    assert_eq!(
        outcome.events_only_docs,
        ["lifecycleWebhook", "widgetWebhook"]
    );
    assert_eq!(outcome.events_only_openapi, ["spareWebhook"]);
    let text = outcome.text();
    assert!(
        text.contains("event messages: 1 in both; only in the docs (2): lifecycleWebhook, widgetWebhook; only in the spec (1): spareWebhook"),
        "{text}"
    );
    assert_eq!(outcome.json()["events"]["only_openapi"][0], "spareWebhook");
}

/// `--events-docs`: the events pages of another checkout beside this one's operations; the
/// header names both, and a checkout without events pages is an error, not an empty import.
#[test]
fn events_docs_come_from_another_checkout() {
    let newer = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(newer.path().join("events")).expect("events/");
    std::fs::write(newer.path().join("events/wh-widgets.md"), GENERAL).expect("page");
    std::fs::write(newer.path().join("events/README.md"), "# Events\n").expect("index");
    let options = Options {
        docs: fixture_docs(),
        events_docs: Some(newer.path().to_owned()),
        ..Options::default()
    };
    let imported = import::import(&options).expect("import");
    let spec: Value = yaml_serde::from_str(&imported.spec).expect("yaml");
    let webhooks: Vec<&String> = spec["x-webhooks"]
        .as_object()
        .expect("x-webhooks")
        .keys()
        .collect();
    assert_eq!(webhooks, ["widgetWebhook"]);
    // Its fetch links (`../operations/widgets.md`) resolve against the fixture docs' pages.
    assert_eq!(
        schema(&spec, "Event")["x-union"]["arms"][0]["fetch"]["operation"],
        "widgets_getAll"
    );
    let name = newer
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        imported
            .spec
            .lines()
            .next()
            .unwrap()
            .contains(&format!("the docs in docs (events from {name})")),
        "{}",
        imported.spec.lines().next().unwrap()
    );

    let empty = tempfile::tempdir().expect("tempdir");
    let error = import::import(&Options {
        events_docs: Some(empty.path().to_owned()),
        ..options.clone()
    })
    .expect_err("no events/ folder");
    assert!(
        error.to_string().contains("no events pages here"),
        "{error}"
    );
    std::fs::create_dir(empty.path().join("events")).expect("events/");
    std::fs::write(empty.path().join("events/README.md"), "# Events\n").expect("index");
    let error = import::import(&Options {
        events_docs: Some(empty.path().to_owned()),
        ..options
    })
    .expect_err("only an index");
    assert!(
        error.to_string().contains("no `*.md` besides README.md"),
        "{error}"
    );
}
