//! `diff` on a small spec and one edit per change class: each is classified breaking or additive
//! for the generated Rust API, in text and JSON, with exit 0, 1 or 2.

use std::process::Command;

use mews_codegen::diff::{self, Change, Class};

const BASE: &str = r#"
openapi: 3.0.3
info: {title: Diff fixture, version: "1"}
x-envelope: {fields: [ClientToken], secrets: [ClientToken]}
paths:
  /api/connector/v1/things/getAll:
    post:
      operationId: things_getAll
      x-retry-safe: true
      x-pagination: {items: Things}
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/ThingFilter'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ThingPage'}}}}
  /api/connector/v1/things/add:
    post:
      operationId: things_add
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/ThingAdd'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Limitation:
      type: object
      required: [Count, Cursor]
      properties:
        Count: {type: integer, format: int32}
        Cursor: {type: string, nullable: true}
    ThingFilter:
      type: object
      required: [ClientToken, Limitation]
      properties:
        ClientToken: {type: string}
        Limitation: {$ref: '#/components/schemas/Limitation'}
        Ids: {type: array, items: {type: string, format: uuid}}
    ThingAdd:
      type: object
      required: [ClientToken, Name]
      properties:
        ClientToken: {type: string}
        Name: {type: string}
    ThingPage:
      type: object
      required: [Things, Cursor]
      properties:
        Things: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        Cursor: {type: string, nullable: true}
    Thing:
      type: object
      required: [Id, Kind, Note]
      properties:
        Id: {type: string, format: uuid}
        Kind: {$ref: '#/components/schemas/ThingKind'}
        Note: {type: string, nullable: true}
        Size: {type: number}
        Shape: {$ref: '#/components/schemas/ThingShape'}
        Event: {$ref: '#/components/schemas/ThingEvent'}
    ThingKind:
      type: string
      enum: [Big, Small]
    ThingShape:
      type: object
      required: [Discriminator]
      properties:
        Discriminator: {type: string}
        Round: {$ref: '#/components/schemas/Round'}
      x-union:
        layout: sibling
        discriminator: Discriminator
        arms:
          - {value: Round, property: Round, schema: '#/components/schemas/Round'}
    Round:
      type: object
      required: [Radius]
      properties:
        Radius: {type: number}
    Square:
      type: object
      required: [Side]
      properties:
        Side: {type: number}
    ThingEvent:
      type: object
      required: [Discriminator]
      properties:
        Discriminator: {type: string}
        Value: {}
      x-union:
        layout: adjacent
        discriminator: Discriminator
        arms:
          - {value: Moved}
"#;

fn edit(replacements: &[(&str, &str)]) -> String {
    let mut spec = BASE.to_owned();
    for (from, to) in replacements {
        assert!(spec.contains(from), "the fixture has no `{from}`");
        spec = spec.replacen(from, to, 1);
    }
    spec
}

fn changes(new: &str) -> Vec<Change> {
    diff::diff(BASE, new).expect("both specs lower")
}

/// The one change an edit makes: its class and kind.
fn only(replacements: &[(&str, &str)]) -> (Class, &'static str, String) {
    let found = changes(&edit(replacements));
    assert_eq!(found.len(), 1, "{found:#?}");
    let change = &found[0];
    (change.class, change.kind, change.path.clone())
}

/// Whether an edit makes this change, among others.
fn makes(replacements: &[(&str, &str)], class: Class, kind: &str, path: &str) -> bool {
    let found = changes(&edit(replacements));
    let hit = found
        .iter()
        .any(|c| c.class == class && c.kind == kind && c.path == path);
    assert!(hit, "{found:#?}");
    hit
}

#[test]
fn identical_specs_have_no_changes() {
    assert!(changes(BASE).is_empty());
}

#[test]
fn operations() {
    let removed = edit(&[
        (
            "  /api/connector/v1/things/add:",
            "  /api/connector/v1/things/gone:",
        ),
        ("operationId: things_add", "operationId: things_gone"),
    ]);
    let found = changes(&removed);
    assert!(found.iter().any(|c| c.class == Class::Breaking
        && c.kind == "operation-removed"
        && c.path == "things_add"));
    assert!(found.iter().any(|c| c.class == Class::Additive
        && c.kind == "operation-added"
        && c.path == "things_gone"));
    assert_eq!(
        only(&[("      x-retry-safe: true\n", "")]),
        (
            Class::Additive,
            "retry-safety-changed",
            "things_getAll".into()
        )
    );
    assert_eq!(
        only(&[("      x-pagination: {items: Things}\n", "")]),
        (
            Class::Breaking,
            "pagination-removed",
            "things_getAll".into()
        )
    );
    assert_eq!(
        only(&[(
            "      operationId: things_add\n",
            "      operationId: things_add\n      deprecated: true\n"
        )]),
        (Class::Additive, "deprecated", "things_add".into())
    ); // A filter a stream now splits (an id list with a limit): the paging methods stay.
    assert!(makes(
        &[(
            "        Ids: {type: array, items: {type: string, format: uuid}}",
            "        Ids: {type: array, maxItems: 1000, items: {type: string, format: uuid}}"
        )],
        Class::Additive,
        "pagination-splits-changed",
        "things_getAll"
    ));
    assert!(!changes(&edit(&[(
        "        Ids: {type: array, items: {type: string, format: uuid}}",
        "        Ids: {type: array, maxItems: 1000, items: {type: string, format: uuid}}"
    )]))
    .iter()
    .any(|c| c.class == Class::Breaking && c.kind.starts_with("pagination")));
}

#[test]
fn schemas_and_properties() {
    assert!(makes(
        &[("    Square:\n", "    Block:\n")],
        Class::Breaking,
        "schema-removed",
        "Square"
    ));
    assert!(makes(
        &[("    Square:\n", "    Block:\n")],
        Class::Additive,
        "schema-added",
        "Block"
    ));
    let (class, kind, path) = only(&[("        Size: {type: number}\n", "")]);
    assert_eq!(
        (class, kind, path.as_str()),
        (Class::Breaking, "property-removed", "Thing.Size")
    );
    assert_eq!(
        only(&[(
            "        Size: {type: number}",
            "        Size: {type: integer}"
        )])
        .1,
        "type-changed"
    );
    // A response gains a property: additive.
    assert_eq!(
        only(&[(
            "        Size: {type: number}\n",
            "        Size: {type: number}\n        Color: {type: string}\n"
        )])
        .0,
        Class::Additive
    );
    // A request gains an optional property: additive when the struct has `new()`/`Default`...
    let (class, kind, _) = only(&[("        Ids: {type: array, items: {type: string, format: uuid}}\n", "        Ids: {type: array, items: {type: string, format: uuid}}\n        Tag: {type: string}\n")]);
    assert_eq!(
        (class, kind),
        (Class::Additive, "optional-request-property-added")
    );
    // ... breaking when callers could only write struct literals (every field required).
    let (class, kind, _) = only(&[(
        "        Name: {type: string}\n",
        "        Name: {type: string}\n        Tag: {type: string}\n",
    )]);
    assert_eq!((class, kind), (Class::Breaking, "request-property-added"));
    // A new required request property is breaking.
    let (class, kind, _) = only(&[
        (
            "      required: [ClientToken, Name]",
            "      required: [ClientToken, Name, Tag]",
        ),
        (
            "        Name: {type: string}\n",
            "        Name: {type: string}\n        Tag: {type: string}\n",
        ),
    ]);
    assert_eq!(
        (class, kind),
        (Class::Breaking, "required-request-property-added")
    );
}

#[test]
fn nullability_and_presence() {
    // T → Option<T> in a response, and back: breaking either way.
    assert_eq!(
        only(&[(
            "      required: [Id, Kind, Note]",
            "      required: [Id, Note]"
        )])
        .1,
        "became-nullable"
    );
    assert_eq!(
        only(&[(
            "        Note: {type: string, nullable: true}",
            "        Note: {type: string}"
        )])
        .1,
        "became-required"
    );
    // Required + nullable ↔ optional: the Rust type stays Option<T>.
    let (class, kind, path) = only(&[(
        "      required: [Id, Kind, Note]",
        "      required: [Id, Kind]",
    )]);
    assert_eq!(
        (class, kind, path.as_str()),
        (Class::Additive, "presence-changed", "Thing.Note")
    );
}

#[test]
fn enum_values_and_union_arms() {
    assert_eq!(
        only(&[("enum: [Big, Small]", "enum: [Big, Small, Huge]")]),
        (
            Class::Additive,
            "enum-value-added",
            "ThingKind::Huge".into()
        )
    );
    assert_eq!(
        only(&[("enum: [Big, Small]", "enum: [Big]")]),
        (
            Class::Breaking,
            "enum-value-removed",
            "ThingKind::Small".into()
        )
    );
    let added = edit(&[(
        "          - {value: Round, property: Round, schema: '#/components/schemas/Round'}\n",
        "          - {value: Round, property: Round, schema: '#/components/schemas/Round'}\n          - {value: Square, property: Square, schema: '#/components/schemas/Square'}\n",
    ), ("        Round: {$ref: '#/components/schemas/Round'}\n", "        Round: {$ref: '#/components/schemas/Round'}\n        Square: {$ref: '#/components/schemas/Square'}\n")]);
    let found = changes(&added);
    assert!(
        found.iter().all(|c| c.class == Class::Additive),
        "{found:#?}"
    );
    assert!(found
        .iter()
        .any(|c| c.kind == "union-arm-added" && c.path == "ThingShape::Square"));
    let removed = diff::diff(&added, BASE).expect("lower");
    assert!(removed
        .iter()
        .any(|c| c.class == Class::Breaking && c.kind == "union-arm-removed"));
    let payload = [(
        "          - {value: Moved}",
        "          - {value: Moved, schema: '#/components/schemas/Square'}",
    )];
    assert!(makes(
        &payload,
        Class::Breaking,
        "union-arm-payload-changed",
        "ThingEvent::Moved"
    ));
    // Square is now used by the `things` resource only: it moves module, still at the crate root.
    assert!(makes(&payload, Class::Additive, "schema-moved", "Square"));
    assert_eq!(
        only(&[(
            "          - {value: Moved}\n",
            "          - {value: Moved}\n          - {value: Stopped}\n"
        )])
        .0,
        Class::Additive
    );
    assert_eq!(
        only(&[
            (
                "        layout: adjacent",
                "        layout: adjacent\n        value: Payload"
            ),
            ("        Value: {}", "        Payload: {}")
        ])
        .1,
        "union-layout-changed"
    );
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .output()
        .expect("run mews-codegen")
}

#[test]
fn cli_text_json_and_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path.display().to_string()
    };
    let old = write("old.yaml", BASE);
    let additive = write(
        "additive.yaml",
        &edit(&[("enum: [Big, Small]", "enum: [Big, Small, Huge]")]),
    );
    let breaking = write(
        "breaking.yaml",
        &edit(&[("enum: [Big, Small]", "enum: [Big]")]),
    );
    let output = codegen(&["diff", &old, &additive]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("additive  ThingKind::Huge: enum value added")
            && text.contains("1 changes: 0 breaking, 1 additive"),
        "{text}"
    );
    let output = codegen(&["diff", &old, &breaking, "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["format"], 1);
    assert_eq!(
        json["changes"][0],
        serde_json::json!({"class": "breaking", "kind": "enum-value-removed", "target": "enum-value",
            "path": "ThingKind::Small", "message": "enum value removed", "old": null, "new": null,
            "limit": null, "docs": null, "source": null})
    );
    let invalid = write(
        "invalid.yaml",
        &edit(&[(
            "$ref: '#/components/schemas/ThingKind'",
            "$ref: '#/components/schemas/Missing'",
        )]),
    );
    let output = codegen(&["diff", &old, &invalid]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("dangling $ref"));
    assert_eq!(codegen(&["diff", &old]).status.code(), Some(2));
    assert_eq!(
        codegen(&["diff", &old, "/nonexistent.yaml"]).status.code(),
        Some(2)
    );
}
