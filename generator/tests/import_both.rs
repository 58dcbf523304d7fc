//! `import --openapi FILE --docs DIR`: the fixture spec (tests/fixtures/crosscheck, written in
//! Mews' OpenAPI dialect) as the base, the fixture docs (tests/fixtures/docs) beside it.

use std::path::PathBuf;

use mews_codegen::import::both::{replacement, run};
use mews_codegen::import::docs::Docs;
use mews_codegen::import::{Imported, Options};
use serde_json::Value;

const SPEC: &str = include_str!("fixtures/crosscheck/gizmos-openapi.yaml");

/// The cross-check's decisions for the fixture (as in tests/crosscheck.rs): the docs' wrapper
/// on Shade and the docs' Power, which the spec lacks.
const OVERLAY: &str = "schemas:\n  GizmosUpdateRequest:\n    properties:\n      Shade: {update-value: true, curation: \"gizmos.md:20 and the spec's GizmoUpdateParameters.Shade wrap it\"}\n\
crosscheck:\n  - {at: GizmosUpdateRequest.Power, about: presence, use: docs, reason: \"gizmos.md:37 lists it; the spec's GizmoUpdateParameters lacks it\"}\n";

fn docs() -> Docs {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs"));
    Docs::load(&dir).expect("fixture docs")
}

fn import(examples: bool) -> Imported {
    let options = Options {
        overlays: vec![(OVERLAY.to_owned(), "overlay.yaml".to_owned())],
        examples,
        ..Options::default()
    };
    run(SPEC, "gizmos-openapi.yaml", &docs(), "fixture", &options).expect("import of both")
}

fn tree(imported: &Imported) -> Value {
    yaml_serde::from_str(&imported.spec).expect("YAML")
}

fn operation<'t>(tree: &'t Value, path: &str) -> &'t Value {
    &tree["paths"][path]["post"]
}

#[test]
fn the_spec_is_the_base_and_the_docs_add_their_own_operations() {
    let imported = import(false);
    let tree = tree(&imported);
    let paths = tree["paths"].as_object().expect("paths");
    // The spec's one operation, and each operation only the docs describe.
    assert!(paths.contains_key("/api/connector/v1/gizmos/update"));
    assert!(paths.len() > 1, "{:?}", paths.keys().collect::<Vec<_>>());
    let notes: Vec<String> = imported
        .report
        .issues
        .iter()
        .map(ToString::to_string)
        .collect();
    let added = notes
        .iter()
        .filter(|line| line.contains("is only in the docs"))
        .count();
    assert_eq!(added + 1, paths.len(), "{notes:#?}");
    let counts = notes
        .iter()
        .find(|line| line.contains("disagreements:"))
        .expect("the merge's counts");
    assert!(counts.contains(" 0 undecided"), "{counts}");
    // The spec's names stay: the request body is the spec's GizmoUpdateParameters.
    let request = &operation(&tree, "/api/connector/v1/gizmos/update")["requestBody"]["content"]
        ["application/json"]["schema"]["$ref"];
    assert_eq!(request, "#/components/schemas/GizmoUpdateParameters");
}

#[test]
fn disagreements_are_settled_as_the_cross_check_settles_them() {
    let tree = tree(&import(false));
    let body = &tree["components"]["schemas"]["GizmoUpdateParameters"]["properties"];
    // Overlay: the docs' Power, which the spec lacks, is added.
    assert!(body.get("Power").is_some(), "{body}");
    // Policy hybrid-identifier: the docs' hybrid identifier wins over the spec's uuid.
    assert_eq!(body["GizmoId"]["type"], "string");
    assert_eq!(
        body["GizmoId"]["format"], "hybrid-identifier",
        "{}",
        body["GizmoId"]
    );
    // A schemas: edit of the docs (the update wrapper) reaches the base.
    assert_eq!(body["Shade"]["x-update-value"], true, "{}", body["Shade"]);
}

#[test]
fn items_link_their_page_in_the_public_docs() {
    let tree = tree(&import(false));
    assert_eq!(
        operation(&tree, "/api/connector/v1/gizmos/update")["x-docs"],
        "https://docs.mews.com/connector-api/operations/gizmos#update-gizmo"
    );
    let period = &tree["components"]["schemas"]["TimeSpan"]["x-docs"];
    assert!(
        period
            .as_str()
            .is_some_and(|url| url.starts_with("https://docs.mews.com/connector-api/operations/")),
        "{period}"
    );
}

#[test]
fn examples_are_written_only_when_asked() {
    let plain = tree(&import(false));
    for media in plain["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|path| {
            let post = &path["post"];
            [
                post["requestBody"]["content"]["application/json"].clone(),
                post["responses"]["200"]["content"]["application/json"].clone(),
            ]
        })
    {
        assert!(media.get("example").is_none(), "{media}");
        assert!(media.get("examples").is_none(), "{media}");
    }
    let tree = tree(&import(true));
    let request = &operation(&tree, "/api/connector/v1/gizmos/update")["requestBody"]["content"]
        ["application/json"];
    // The docs' example of the request (gizmos.md:16) beside the spec's (which has none).
    assert_eq!(
        request["examples"]["docs"]["value"]["GizmoId"], "5ee074b1-6c86-48e8-915f-c7aa4702086f",
        "{request}"
    );
}

#[test]
fn only_is_refused_for_both_sources() {
    let options = Options {
        only: vec!["gizmos_update".to_owned()],
        ..Options::default()
    };
    let error = run(SPEC, "gizmos-openapi.yaml", &docs(), "fixture", &options)
        .expect_err("--only with both sources");
    assert!(error.to_string().contains("--only"), "{error}");
}

#[test]
fn deprecation_notes_keep_their_replacement_in_our_words() {
    assert_eq!(
        replacement("Use [Merge accounts](https://mews-systems.gitbook.io/connector-api/operations/accounts#merge-accounts) instead."),
        "Replaced by Merge accounts (https://docs.mews.com/connector-api/operations/accounts#merge-accounts)."
    );
    assert_eq!(
        replacement("Use [Get all payments](payments.md#get-all-payments) and [Get all order items](orderitems.md#get-all-order-items)."),
        "Replaced by Get all payments (https://docs.mews.com/connector-api/operations/payments#get-all-payments) and Get all order items (https://docs.mews.com/connector-api/operations/orderitems#get-all-order-items)."
    );
    assert_eq!(replacement("This will go away."), "");
}

/// Docs newer than the spec: what only the docs list is added with the changelog entry that
/// announces it (`x-added`), and an operation on the discontinued page is deprecated with its
/// date, its copies of live sections resolving to the live ones.
#[test]
fn newer_docs_add_with_evidence_and_discontinued_operations_stay_deprecated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    for sub in ["operations", "guidelines", "changelog"] {
        std::fs::create_dir_all(docs.join(sub)).expect("mkdir");
    }
    let fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs"));
    for sub in ["operations", "guidelines"] {
        for entry in std::fs::read_dir(fixtures.join(sub)).expect("fixtures") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), docs.join(sub).join(entry.file_name())).expect("copy");
        }
    }
    let gizmos = docs.join("operations/gizmos.md");
    let text = std::fs::read_to_string(&gizmos).expect("gizmos");
    let text = text.replacen(
        "| `Currency` | string | optional | ISO 4217 code of its price. |",
        "| `Currency` | string | optional | ISO 4217 code of its price. |\n| `Label` | string | optional | A label. |",
        1,
    );
    std::fs::write(&gizmos, text).expect("gizmos");
    std::fs::write(
        docs.join("changelog/README.md"),
        "{% update date=\"2026-07-31\" %}\n\n## July\n\n- [Update gizmo](../operations/gizmos.md#update-gizmo):\n  - Extended the request with `Label`.\n- Add gizmos:\n  - **Removed** operation.\n{% endupdate %}\n",
    )
    .expect("changelog");
    std::fs::write(
        docs.join("operations/discontinued.md"),
        "# Discontinued API operations\n\n## Add gizmos\n\n{% hint style=\"warning\" %}\nUse [Update gizmo](gizmos.md#update-gizmo) instead.\n{% endhint %}\n\n### Request\n\n`[PlatformAddress]/api/connector/v1/gizmos/add`\n\n| Property | Type | Contract | Description |\n| :-- | :-- | :-- | :-- |\n| `ClientToken` | string | required | Token of the client. |\n| `AccessToken` | string | required | Token of the property. |\n| `Client` | string | required | Name of the client. |\n| `Period` | [Gizmo period](#gizmo-period) | required | When. |\n\n### Response\n\n| Property | Type | Contract | Description |\n| :-- | :-- | :-- | :-- |\n| `Done` | boolean | required | Whether it was added. |\n\n#### Gizmo period\n\n| Property | Type | Contract | Description |\n| :-- | :-- | :-- | :-- |\n| `StartUtc` | string | required | First moment. |\n",
    )
    .expect("discontinued page");
    let spec = SPEC.replacen(
        "info: {title: Gizmo fixture, version: v1}",
        "info: {title: Gizmo fixture, version: v1, x-last-validated: '2026-06-02'}",
        1,
    );
    let options = Options {
        overlays: vec![(OVERLAY.to_owned(), "overlay.yaml".to_owned())],
        ..Options::default()
    };
    let loaded = Docs::load(&docs).expect("docs");
    let imported = run(&spec, "gizmos-openapi.yaml", &loaded, "docs", &options).expect("import");
    let tree = tree(&imported);
    let label = &tree["components"]["schemas"]["GizmoUpdateParameters"]["properties"]["Label"];
    assert_eq!(label["x-added"]["date"], "2026-07-31", "{label}");
    assert_eq!(label["x-added"]["source"], "docs");
    assert_eq!(
        label["x-added"]["changelog"],
        "https://docs.mews.com/connector-api/changelog#july"
    );
    assert_eq!(
        tree["x-import"]["dates"],
        serde_json::json!({"docs": "2026-07-31", "openapi": "2026-06-02"})
    );
    let add = operation(&tree, "/api/connector/v1/gizmos/add");
    assert_eq!(add["deprecated"], true, "{add}");
    assert_eq!(add["x-discontinued"]["date"], "2026-07-31");
    assert_eq!(
        add["x-deprecated-note"],
        "Discontinued by Mews on 2026-07-31: calls fail. Replaced by Update gizmo (https://docs.mews.com/connector-api/operations/gizmos#update-gizmo)."
    );
    // The discontinued page's copy of `Gizmo period` resolves to the live section.
    let schemas = tree["components"]["schemas"].as_object().expect("schemas");
    assert!(
        !schemas.keys().any(|name| name.starts_with("Discontinued")),
        "{:?}",
        schemas.keys().collect::<Vec<_>>()
    );
    let request = add["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .expect("request");
    assert_eq!(
        tree["components"]["schemas"][request]["properties"]["Period"]["$ref"],
        "#/components/schemas/TimeSpan"
    );
}
