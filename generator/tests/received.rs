//! Received types believe the examples (generator/src/import/received.rs), on our own fixture in
//! Mews' dialect (tests/fixtures/openapi/received.yaml): what a response example leaves out
//! becomes optional and what it sends as null nullable, each with its evidence in `x-inferred`;
//! what requests use stays strict; the overlay's pin wins.

use mews_codegen::import::{openapi, Imported, Options};
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/openapi/received.yaml");

fn import_with(overlay: Option<&str>) -> Result<Imported, mews_codegen::error::Error> {
    let options = Options {
        overlays: overlay
            .map(|text| (text.to_owned(), "pins.yaml".to_owned()))
            .into_iter()
            .collect(),
        ..Options::default()
    };
    openapi::run(FIXTURE, "received.yaml", &options)
}

/// The fixture imported: the spec as JSON and the report lines.
fn imported(overlay: Option<&str>) -> (Value, Vec<String>) {
    let imported = import_with(overlay).expect("imports");
    let spec = yaml_serde::from_str(&imported.spec).expect("YAML");
    let lines = imported
        .report
        .issues
        .iter()
        .map(ToString::to_string)
        .collect();
    (spec, lines)
}

fn required(spec: &Value, schema: &str) -> Vec<String> {
    spec["components"]["schemas"][schema]["required"]
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn property<'a>(spec: &'a Value, schema: &str, name: &str) -> &'a Value {
    &spec["components"]["schemas"][schema]["properties"][name]
}

#[test]
fn a_key_a_response_example_leaves_out_becomes_optional_with_its_evidence() {
    let (spec, report) = imported(None);
    // At the top of an item, in a nested object, and in an adjacent union's payload.
    for (schema, name, path) in [
        ("Parcel", "Weight", "Parcels[0].Weight"),
        ("Courier", "Name", "Parcels[0].Courier.Name"),
        ("LetterContent", "Pages", "Parcels[0].Content.Value.Pages"),
    ] {
        assert!(
            !required(&spec, schema).contains(&name.to_owned()),
            "{schema}.{name}: {:?}",
            required(&spec, schema)
        );
        let evidence =
            format!("not required (the openapi response example of parcels_getAll at `{path}`)");
        assert_eq!(
            property(&spec, schema, name)["x-inferred"],
            json!([evidence]),
            "{schema}.{name}"
        );
        let line = format!(
            "received types: note: `{schema}.{name}` not required: the openapi response example of parcels_getAll at `{path}`"
        );
        assert!(report.contains(&line), "{line}\n{report:#?}");
    }
    // The keys every example sends stay required.
    assert!(required(&spec, "Parcel").contains(&"Id".to_owned()));
    assert!(required(&spec, "Courier").contains(&"Phone".to_owned()));
    assert!(report.iter().any(|line| line.contains(
        "5 loosenings of received-only properties by 2 response examples: 4 no longer required, 1 nullable; kept strict: 1 used in requests, 1 paged arrays, 0 pinned by the overlay"
    )), "{report:#?}");
}

#[test]
fn a_null_in_a_response_example_makes_the_key_nullable_not_optional() {
    let (spec, _) = imported(None);
    let label = property(&spec, "Parcel", "Label");
    assert_eq!(label["nullable"], true, "{label}");
    assert_eq!(
        label["x-inferred"],
        json!(["nullable (the openapi response example of parcels_getAll at `Parcels[1].Label`)"])
    );
    // Sent by both items, once as null: still required.
    assert!(required(&spec, "Parcel").contains(&"Label".to_owned()));
    // Never null where no example sends null.
    assert!(property(&spec, "Parcel", "Weight")
        .get("nullable")
        .is_none());
}

#[test]
fn what_requests_use_and_paged_arrays_stay_strict() {
    let (spec, report) = imported(None);
    // Address is sent by parcels/send and received in Parcel.Destination: the response example
    // leaves out Street, and it stays required (one Rust type serves both directions).
    assert_eq!(required(&spec, "Address"), ["Street", "City"]);
    assert!(property(&spec, "Address", "Street")
        .get("x-inferred")
        .is_none());
    assert!(report.contains(&"received types: note: `Address.Street` kept required: requests use the type too, and what is sent stays strict; the openapi response example of parcels_getAll at `Parcels[0].Destination.Street`".to_owned()), "{report:#?}");
    // The paged array stays required (pagination is built on it), though a page leaves it out.
    assert_eq!(required(&spec, "ParcelResult"), ["Parcels"]);
    assert!(report.contains(&"received types: note: `ParcelResult.Parcels` kept required: the paged array of a paginated response; the openapi response example of parcels_getArchived at `Parcels`".to_owned()), "{report:#?}");
    // A request example that leaves out a required key is no evidence: requests stay as written.
    assert!(required(&spec, "ParcelSendParameters").contains(&"ParcelId".to_owned()));
    assert!(!report
        .iter()
        .any(|line| line.contains("ParcelSendParameters")));
}

#[test]
fn the_overlay_pin_wins_over_the_examples() {
    const PINS: &str = "schemas:\n  Parcel:\n    properties:\n      Code: {pin: {required: true, reason: \"our couriers always print one\"}}\n      Label: {pin: {never-null: true, reason: \"a label is never blank\"}}\n      Id: {pin: {required: true, reason: \"every example sends it\"}}\n";
    let (unpinned, _) = imported(None);
    assert!(!required(&unpinned, "Parcel").contains(&"Code".to_owned()));
    let (spec, report) = imported(Some(PINS));
    assert!(required(&spec, "Parcel").contains(&"Code".to_owned()));
    assert!(property(&spec, "Parcel", "Code")
        .get("x-inferred")
        .is_none());
    assert!(property(&spec, "Parcel", "Label").get("nullable").is_none());
    for line in [
        "received types: note: `Parcel.Code` kept required: pinned by the overlay (our couriers always print one); the openapi response example of parcels_getAll at `Parcels[0].Code`",
        "received types: note: `Parcel.Label` kept never null: pinned by the overlay (a label is never blank); the openapi response example of parcels_getAll at `Parcels[1].Label`",
        // A pin no example contradicts is reported, so stale pins are seen.
        "received types: note: `Parcel.Id`: the overlay's pin is unused, no response example contradicts it (every example sends it)",
    ] {
        assert!(report.contains(&line.to_owned()), "{line}\n{report:#?}");
    }
    // The unpinned loosenings still happen.
    assert!(!required(&spec, "Parcel").contains(&"Weight".to_owned()));
}

#[test]
fn a_pin_needs_a_reason_and_something_to_pin() {
    for (pin, expected) in [
        ("{required: true, reason: \" \"}", "needs a `reason`"),
        ("{reason: why}", "pins nothing"),
        ("{required: true}", "missing field `reason`"),
    ] {
        let overlay = format!("schemas:\n  Parcel:\n    properties:\n      Code: {{pin: {pin}}}\n");
        let error = import_with(Some(&overlay)).expect_err(pin).to_string();
        assert!(
            error.contains("pins.yaml") && error.contains(expected),
            "{pin}: {error}"
        );
    }
}

#[test]
fn the_loosened_types_generate_optional_fields() {
    let imported = import_with(None).expect("imports");
    let generation = mews_codegen::generate(&imported.spec, "received.yaml").expect("generates");
    let parcels = generation
        .files
        .iter()
        .find(|file| file.path == "parcels.rs")
        .expect("parcels.rs");
    let code = &parcels.contents;
    for field in [
        "pub weight: Option<Decimal>",
        "pub label: Option<String>",
        "pub code: Option<String>",
        "pub id: Uuid",
        "pub street: String",
        "pub parcel_id: Uuid",
    ] {
        assert!(code.contains(field), "{field}");
    }
    // Deterministic: the same input gives the same spec.
    assert_eq!(import_with(None).expect("imports").spec, imported.spec);
}
