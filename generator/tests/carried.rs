//! Sections the sources describe that no typed property reaches: the payloads a property holds
//! as untyped JSON (Mews' `Command.Data`, whose structure "depends on the device type"). Both
//! frontends keep them, tied to that property (`x-carried-by`); the generator places them with
//! it; the diff sees their changes.

use mews_codegen::import::docs::Docs;
use mews_codegen::import::{self, Options};

const PAGE: &str = r#"# Gizmo commands

## Get all gizmo commands

### Request

`[PlatformAddress]/api/connector/v1/gizmoCommands/getAll`

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `ClientToken` | string | required | Token of the client. |
| `AccessToken` | string | required | Token of the property. |
| `Client` | string | required | Name of the client. |

### Response

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Commands` | array of [Gizmo command](#gizmo-command) | required | The commands. |

#### Gizmo command

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Id` | string | required | The command. |
| `Kind` | [Gizmo kind](#gizmo-kind) | required | Which gizmo. |
| `Data` | object | required | Depends on [Gizmo kind](#gizmo-kind). |
| `Extra` | object | optional | See [Spare data](#spare-data). |

#### Gizmo kind

* `Lamp` - [Lamp command data](#lamp-command-data)
* `Fan` - [Fan command data](#fan-command-data)
* `Other`

#### Lamp command data

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Brightness` | integer | required | Percent. |

#### Fan command data

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Speed` | integer | required | Turns a minute. |

#### Spare data

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Note` | string | optional | A note. |

#### Unlinked data

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Nothing` | string | optional | No property links here. |
"#;

const SPEC: &str = r#"
openapi: 3.0.4
info: {title: Gizmo commands, version: v1}
components:
  schemas:
    GizmoCommand:
      type: object
      required: [Id, Data]
      properties:
        Id: {type: string}
        Data:
          oneOf:
            - {$ref: '#/components/schemas/LampCommandData'}
            - {$ref: '#/components/schemas/FanCommandData'}
    LampCommandData:
      type: object
      properties:
        Brightness: {type: integer, format: int32}
    FanCommandData:
      type: object
      properties:
        Speed: {type: integer, format: int32}
    Unused: {type: object, properties: {A: {type: string}}}
    Filter:
      type: object
      required: [ClientToken, AccessToken, Client]
      properties:
        ClientToken: {type: string}
        AccessToken: {type: string}
        Client: {type: string}
    Result:
      type: object
      properties:
        Commands: {type: array, items: {$ref: '#/components/schemas/GizmoCommand'}}
paths:
  /api/connector/v1/gizmoCommands/getAll:
    post:
      operationId: gizmoCommands_getAll
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Filter'}}}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Result'}}}}
"#;

fn carried_by(spec: &str, schema: &str) -> Option<String> {
    let value: serde_json::Value = yaml_serde::from_str(spec).expect("YAML");
    value
        .pointer(&format!("/components/schemas/{schema}/x-carried-by"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

fn docs_import(page: &str) -> String {
    let docs = Docs::from_texts(&[("operations/gizmocommands.md", page)]);
    import::run(&docs, &Options::default(), "fixture")
        .expect("import")
        .spec
}

#[test]
fn the_docs_payloads_of_an_untyped_property_are_kept_and_tied_to_it() {
    let spec = docs_import(PAGE);
    assert_eq!(
        carried_by(&spec, "LampCommandData").as_deref(),
        Some("GizmoCommand.Data")
    );
    assert_eq!(
        carried_by(&spec, "FanCommandData").as_deref(),
        Some("GizmoCommand.Data")
    );
    // A section the description links directly.
    assert_eq!(
        carried_by(&spec, "SpareData").as_deref(),
        Some("GizmoCommand.Extra")
    );
    // Nothing links to it: not imported.
    assert!(!spec.contains("UnlinkedData:"), "{spec}");
    // The generator places them with their carrier's resource, and says where they come from.
    let api =
        mews_codegen::ir::lower(&mews_codegen::parse::parse(&spec).expect("parse")).expect("lower");
    let lamp = api
        .types
        .iter()
        .find(|t| t.name == "LampCommandData")
        .expect("lamp type");
    assert_eq!(lamp.module, "gizmo_commands");
    assert!(lamp
        .doc
        .as_deref()
        .is_some_and(|d| d.contains("Carried as untyped JSON by `GizmoCommand.Data`")));
}

#[test]
fn the_spec_alternatives_of_a_oneof_are_kept_and_tied_to_it() {
    let imported = import::openapi::run(SPEC, "fixture.yaml", &Options::default()).expect("import");
    assert_eq!(
        carried_by(&imported.spec, "LampCommandData").as_deref(),
        Some("GizmoCommand.Data")
    );
    assert_eq!(
        carried_by(&imported.spec, "FanCommandData").as_deref(),
        Some("GizmoCommand.Data")
    );
    assert!(!imported.spec.contains("Unused:"));
}

#[test]
fn the_diff_sees_a_change_to_a_carried_payload() {
    let before = docs_import(PAGE);
    let after = docs_import(&PAGE.replace(
        "| `Speed` | integer | required | Turns a minute. |",
        "| `Speed` | integer | required | Turns a minute. |\n| `Oscillates` | boolean | optional | Whether it turns. |",
    ));
    let changes = mews_codegen::diff::diff(&before, &after).expect("diff");
    let lines: Vec<(&str, &str)> = changes.iter().map(|c| (c.kind, c.path.as_str())).collect();
    assert_eq!(lines, [("property-added", "FanCommandData.Oscillates")]);
}

#[test]
fn a_carrier_the_spec_lacks_is_an_error() {
    let broken = SPEC.replace(
        "    FanCommandData:\n      type: object\n",
        "    FanCommandData:\n      type: object\n      x-carried-by: GizmoCommand.Nope\n",
    );
    let parsed = mews_codegen::parse::parse(&broken).expect("parse");
    let error = mews_codegen::ir::lower(&parsed).expect_err("rejected");
    assert!(
        error.to_string().contains("x-carried-by must name"),
        "{error}"
    );
}

#[test]
fn both_sources_pair_what_they_carry_and_link_the_docs() {
    let docs = Docs::from_texts(&[("operations/gizmocommands.md", PAGE)]);
    let imported = import::both::run(SPEC, "fixture.yaml", &docs, "fixture", &Options::default())
        .expect("import");
    let value: serde_json::Value = yaml_serde::from_str(&imported.spec).expect("YAML");
    let lamp = &value["components"]["schemas"]["LampCommandData"];
    assert_eq!(lamp["x-carried-by"], "GizmoCommand.Data");
    assert_eq!(
        lamp["x-docs"],
        "https://docs.mews.com/connector-api/operations/gizmocommands#lamp-command-data"
    );
}
