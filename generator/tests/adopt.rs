//! Stable names across the two sources: an operation only the docs described keeps its docs
//! names in the import of both once the official spec describes it too.

use mews_codegen::diff::Class;
use mews_codegen::import::docs::Docs;
use mews_codegen::import::stable::NamesFile;
use mews_codegen::import::{self, Options};

const PAGE: &str = r#"# Gizmos

## Get all gizmos

### Request

`[PlatformAddress]/api/connector/v1/gizmos/getAll`

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `ClientToken` | string | required | Token of the client. |
| `AccessToken` | string | required | Token of the property. |
| `Client` | string | required | Name of the client. |

### Response

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Gizmos` | array of [Gizmo](#gizmo) | required | The gizmos. |

#### Gizmo

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Id` | string | required | The gizmo. |
| `Name` | string | required | Its name. |

## Add gizmo

### Request

`[PlatformAddress]/api/connector/v1/gizmos/add`

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `ClientToken` | string | required | Token of the client. |
| `AccessToken` | string | required | Token of the property. |
| `Client` | string | required | Name of the client. |
| `Name` | string | required | Its name. |

### Response

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `GizmoId` | string | required | The new gizmo. |
"#;

const SPEC: &str = r#"
openapi: 3.0.4
info: {title: Gizmos, version: v1}
components:
  schemas:
    GizmoFilterParameters:
      type: object
      required: [ClientToken, AccessToken, Client]
      properties:
        ClientToken: {type: string}
        AccessToken: {type: string}
        Client: {type: string}
    Gizmo:
      type: object
      required: [Id, Name]
      properties:
        Id: {type: string}
        Name: {type: string}
    GizmoResult:
      type: object
      required: [Gizmos]
      properties:
        Gizmos: {type: array, items: {$ref: '#/components/schemas/Gizmo'}}
paths:
  /api/connector/v1/gizmos/getAll:
    post:
      operationId: gizmos_getAll
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/GizmoFilterParameters'}}}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/GizmoResult'}}}}
"#;

/// The spec once it describes `gizmos/add` too, under its own names.
fn newer_spec() -> String {
    SPEC.replace(
        "    GizmoResult:\n",
        "    GizmoAddParameters:\n      type: object\n      required: [ClientToken, AccessToken, Client, Name]\n      properties:\n        ClientToken: {type: string}\n        AccessToken: {type: string}\n        Client: {type: string}\n        Name: {type: string}\n    GizmoAddResult:\n      type: object\n      required: [GizmoId]\n      properties:\n        GizmoId: {type: string}\n    GizmoResult:\n",
    ) + "  /api/connector/v1/gizmos/add:\n    post:\n      operationId: gizmos_add\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/GizmoAddParameters'}}}}\n      responses:\n        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/GizmoAddResult'}}}}\n"
}

fn both(spec: &str, names: &NamesFile) -> (String, NamesFile) {
    let docs = Docs::from_texts(&[("operations/gizmos.md", PAGE)]);
    let options = Options {
        names: Some(names.clone()),
        ..Options::default()
    };
    let imported = import::both::run(spec, "gizmos.yaml", &docs, "docs", &options).expect("import");
    (imported.spec, imported.names.expect("names"))
}

#[test]
fn an_operation_the_spec_catches_up_with_keeps_its_docs_names() {
    let (before, names) = both(SPEC, &NamesFile::default());
    assert!(before.contains("    GizmosAddRequest:"), "{before}");
    assert_eq!(
        names.openapi.name("docs:gizmos_add/request"),
        Some("GizmosAddRequest")
    );
    let (after, _) = both(&newer_spec(), &names);
    assert!(
        after.contains("    GizmosAddRequest:") && !after.contains("    GizmoAddParameters:"),
        "{after}"
    );
    assert!(after.contains("    GizmosAddResponse:") && !after.contains("    GizmoAddResult:"));
    let changes = mews_codegen::diff::diff(&before, &after).expect("diff");
    assert!(
        changes.iter().all(|c| c.class == Class::Additive),
        "{changes:#?}"
    );
    // Without the names file the spec's names win: the operation's types are renamed.
    let (forgetful, _) = both(&newer_spec(), &NamesFile::default());
    let changes = mews_codegen::diff::diff(&before, &forgetful).expect("diff");
    assert!(
        changes
            .iter()
            .any(|c| c.kind == "request-type-changed" && c.path == "gizmos_add"),
        "{changes:#?}"
    );
}
