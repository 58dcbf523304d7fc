//! The two-source cross-check on the fixture pages (tests/fixtures/docs) against a hand-built
//! "official spec" model: the docs model with other names and one disagreement of each category.

use std::path::PathBuf;

use mews_codegen::crosscheck::compare::Category;
use mews_codegen::crosscheck::sources::{docs_models, read_overlay, DocsModels};
use mews_codegen::crosscheck::{check, Disagreement, Outcome, Sources, Verdict};
use mews_codegen::import::changelog::Changelog;
use mews_codegen::import::docs::Docs;
use mews_codegen::import::model::{Arm, Kind, Model, Property, Ty};
use mews_codegen::import::overlay::{self, Overlay};
use mews_codegen::import::Report;

fn docs() -> Docs {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docs"));
    Docs::load(&dir).expect("fixture docs")
}

fn models(overlay: Option<&Overlay>) -> DocsModels {
    docs_models(&docs(), overlay, "fixture").expect("docs models")
}

fn property<'m>(model: &'m mut Model, schema: &str, name: &str) -> &'m mut Property {
    model
        .schemas
        .get_mut(schema)
        .and_then(|s| s.properties_mut())
        .and_then(|ps| ps.iter_mut().find(|p| p.name == name))
        .unwrap_or_else(|| panic!("no {schema}.{name}"))
}

/// The docs model under the spec's names, with one disagreement of each kind.
fn official(docs: &Model) -> Model {
    let mut spec = docs.clone();
    let renames: Overlay = overlay::parse(
        "renames:\n  GizmoPeriod: TimeSpan\n  GizmoShade: ShadeEnum\n  GizmoPower: PowerCoproduct\n  GizmosUpdateRequest: GizmoUpdateParameters\n",
    )
    .expect("renames");
    overlay::apply_renames(&mut spec, &renames, &mut Report::default()).expect("renamed");
    // Type: a hybrid identifier typed uuid, a wider integer, a contradicted and a missing format.
    property(&mut spec, "GizmoUpdateParameters", "GizmoId").ty = Ty::String(Some("uuid".into()));
    property(&mut spec, "BatteryGizmoPower", "Cells").ty = Ty::Integer(Some("int32".into()));
    property(&mut spec, "GizmoUpdateParameters", "Currency").ty =
        Ty::String(Some("date-time".into()));
    property(&mut spec, "TimeSpan", "EndUtc").ty = Ty::String(None);
    // A type no policy decides.
    property(&mut spec, "BatteryGizmoPower", "Cells").ty = Ty::Integer(Some("int32".into()));
    property(&mut spec, "Mains", "Volts").ty = Ty::Number;
    // Wire shape.
    property(&mut spec, "GizmoUpdateParameters", "Shade").update_value = true;
    // Required: `Option<T>` in the spec only.
    property(&mut spec, "GizmosUpdateResponse", "Periods").required = false;
    // Presence: one property each side.
    spec.schemas
        .get_mut("GizmoUpdateParameters")
        .and_then(|s| s.properties_mut())
        .expect("request")
        .retain(|p| p.name != "OwnerId");
    spec.schemas
        .get_mut("TimeSpan")
        .and_then(|s| s.properties_mut())
        .expect("span")
        .push(Property::new("TimeZone", Ty::String(None)));
    // Enum values, union arms, an arm payload.
    if let Some(Kind::Enum(values)) = spec.schemas.get_mut("ShadeEnum").map(|s| &mut s.kind) {
        values.push("Medium".into());
    }
    if let Some(Kind::Object {
        union: Some(union), ..
    }) = spec.schemas.get_mut("PowerCoproduct").map(|s| &mut s.kind)
    {
        union.arms.retain(|arm| arm.value != "Crank");
        if let Some(solar) = union.arms.iter_mut().find(|arm| arm.value == "Solar") {
            solar.schema = Some("Mains".into());
        }
        union.arms.push(Arm {
            value: "Wind".into(),
            property: None,
            schema: None,
            fetch: None,
        });
    }
    // Operations: one the spec lacks, one only the spec has (a dated id with hyphens).
    spec.operations.retain(|op| op.id != "widgets_remove");
    let mut dated = spec.operations[0].clone();
    dated.id = "gizmos_getAll_2026-01-01".into();
    dated.path = "/api/connector/v1/gizmos/getAll/2026-01-01".into();
    spec.operations.push(dated);
    // A dated operation the docs call `gadgets_getAll_2025_02_03`: matched through its path.
    if let Some(op) = spec
        .operations
        .iter_mut()
        .find(|op| op.id == "gadgets_getAll_2025_02_03")
    {
        op.id = "gadgets_getAll_2025-02-03".into();
    }
    spec
}

fn run(overlay_text: &str) -> Outcome {
    let overlay = read_overlay(overlay_text, "test-overlay.yaml").expect("overlay");
    let DocsModels { docs, curated } = models(Some(&overlay));
    let spec = official(&docs);
    check(&Sources {
        docs: &docs,
        curated: &curated,
        openapi: &spec,
        overlay: &overlay,
        changelog: &Changelog::default(),
    })
}

fn find<'a>(outcome: &'a Outcome, category: Category, at: &str) -> &'a Disagreement {
    outcome
        .disagreements
        .iter()
        .find(|d| d.finding.category == category && d.finding.docs_at.to_string() == at)
        .unwrap_or_else(|| panic!("no {category:?} at {at}:\n{}", outcome.text()))
}

fn policy_of(d: &Disagreement) -> &str {
    match &d.verdict {
        Verdict::Policy { class, .. } => class.id,
        other => panic!("not decided by policy: {other:?}"),
    }
}

#[test]
fn identical_sources_agree() {
    let DocsModels { docs, curated } = models(None);
    let outcome = check(&Sources {
        docs: &docs,
        curated: &curated,
        openapi: &docs,
        overlay: &Overlay::default(),
        changelog: &Changelog::default(),
    });
    assert!(outcome.disagreements.is_empty(), "{}", outcome.text());
    assert_eq!(outcome.matched_operations, docs.operations.len());
    assert!(outcome.only_docs.is_empty() && outcome.only_openapi.is_empty());
    assert_eq!(outcome.exit_code(), 0);
}

#[test]
fn operations_match_by_path_and_by_id_with_hyphens() {
    let outcome = run("");
    assert_eq!(outcome.only_docs, ["widgets_remove"]);
    assert_eq!(outcome.only_openapi, ["gizmos_getAll_2026-01-01"]);
    let DocsModels { docs, .. } = models(None);
    assert_eq!(outcome.matched_operations, docs.operations.len() - 1);
}

#[test]
fn schemas_pair_through_the_bodies_despite_other_names() {
    let outcome = run("");
    let missing = find(&outcome, Category::Presence, "GizmoPeriod.TimeZone");
    assert_eq!(missing.finding.openapi_at.to_string(), "TimeSpan.TimeZone");
    assert_eq!(
        (
            missing.finding.docs.as_str(),
            missing.finding.openapi.as_str()
        ),
        ("absent", "listed")
    );
    assert_eq!(
        missing.finding.operation, "gizmos_update",
        "reached through the request"
    );
    let gone = find(&outcome, Category::Presence, "GizmosUpdateRequest.OwnerId");
    assert_eq!(gone.finding.openapi_at.schema, "GizmoUpdateParameters");
    assert!(gone.finding.changes_api);
}

#[test]
fn every_category_is_detected() {
    let outcome = run("");
    let cases = [
        (
            Category::Presence,
            "GizmosUpdateRequest.OwnerId",
            "listed",
            "absent",
        ),
        (Category::Type, "Mains.Volts", "integer", "number"),
        (
            Category::Required,
            "GizmosUpdateResponse.Periods",
            "required",
            "optional",
        ),
        (
            Category::EnumValues,
            "GizmoShade",
            "Dark, Light",
            "Dark, Light, Medium",
        ),
        (
            Category::UnionArms,
            "GizmoPower",
            "adjacent (Value) on Discriminator: Battery, Crank, Mains, Solar",
            "adjacent (Value) on Discriminator: Battery, Mains, Solar, Wind",
        ),
        (
            Category::ArmPayload,
            "GizmoPower.Solar",
            "raw JSON",
            "typed (object)",
        ),
        (
            Category::WireShape,
            "GizmosUpdateRequest.Shade",
            "plain",
            "update value",
        ),
    ];
    for (category, at, docs, spec) in cases {
        let d = find(&outcome, category, at);
        assert_eq!(
            (d.finding.docs.as_str(), d.finding.openapi.as_str()),
            (docs, spec),
            "{at}"
        );
        assert!(d.finding.changes_api, "{at}");
    }
    let nullable = outcome
        .disagreements
        .iter()
        .filter(|d| d.finding.category == Category::Nullable)
        .count();
    assert_eq!(nullable, 0, "{}", outcome.text());
    let undecided: Vec<String> = outcome
        .disagreements
        .iter()
        .filter(|d| matches!(d.verdict, Verdict::Undecided { note: None }))
        .map(|d| format!("{} {}", d.finding.category.name(), d.finding.docs_at))
        .collect();
    assert_eq!(
        undecided,
        ["wire-shape GizmosUpdateRequest.Shade"],
        "what no policy decides: a wrapper (a property or arm one source lacks is kept)"
    );
    assert_eq!(outcome.exit_code(), 1, "undecided API changes");
}

#[test]
fn each_policy_class_is_counted_with_its_evidence() {
    let outcome = run("");
    // Where, which class, and what its evidence shows.
    let cases = [
        (
            Category::Type,
            "GizmosUpdateRequest.GizmoId",
            "hybrid-identifier",
            "gizmos.md:",
        ),
        (
            Category::Type,
            "BatteryGizmoPower.Cells",
            "integer-width",
            "spec integer/int32",
        ),
        (
            Category::Type,
            "GizmosUpdateRequest.Currency",
            "format-contradicted",
            "`EUR`",
        ),
        (
            Category::Type,
            "GizmoPeriod.EndUtc",
            "format-proven",
            "examples",
        ),
        // The spec is newer: what only it lists, the docs' list being a subset, was added since.
        (Category::EnumValues, "GizmoShade", "added-since", "Medium"),
        (
            Category::Presence,
            "GizmoPeriod.TimeZone",
            "added-since",
            "spec listed",
        ),
        (
            Category::ArmPayload,
            "GizmoPower.Solar",
            "spec-types-payload",
            "typed",
        ),
        // Received: `Option<T>` decodes both. Sent: an integer is a valid number.
        (
            Category::Required,
            "GizmosUpdateResponse.Periods",
            "receive-looser",
            "spec wins",
        ),
        (Category::Type, "Mains.Volts", "send-stricter", "docs wins"),
        // Only the older source (undated docs: the spec counts as newer) lists it: kept.
        (
            Category::Presence,
            "GizmosUpdateRequest.OwnerId",
            "kept-older",
            "docs wins",
        ),
        // Each source lists an arm the other lacks: both kept.
        (Category::UnionArms, "GizmoPower", "both-values", "Wind"),
    ];
    for (category, at, class, shown) in cases {
        let d = find(&outcome, category, at);
        assert_eq!(policy_of(d), class, "{at}");
        assert!(
            matches!(&d.verdict, Verdict::Policy { evidence, .. } if evidence.contains(shown)),
            "{at}: {:?}",
            d.verdict
        );
    }
    let counts: Vec<(&str, usize)> = outcome
        .policy_counts()
        .into_iter()
        .map(|(class, n)| (class.id, n))
        .collect();
    assert_eq!(
        counts,
        [
            ("integer-width", 1),
            ("hybrid-identifier", 1),
            ("format-contradicted", 1),
            ("format-proven", 1),
            ("optional-either-way", 0),
            ("added-since", 2),
            ("kept-older", 1),
            ("both-values", 1),
            ("spec-types-payload", 1),
            ("receive-looser", 1),
            ("send-stricter", 1),
        ]
    );
    let summary = outcome.summary();
    assert!(summary.contains("policy hybrid-identifier: 1"), "{summary}");
    assert!(
        summary.contains("policy optional-either-way: 0"),
        "{summary}"
    );
}

#[test]
fn an_optional_response_property_either_way_is_decided_by_policy() {
    let DocsModels { docs, curated } = models(None);
    let mut spec = docs.clone();
    // Required and nullable in the docs (a response's "optional"), left out in the spec:
    // `Option<T>` under both.
    let owner = property(&mut spec, "Widget", "OwnerId");
    assert!(owner.nullable);
    owner.required = false;
    let outcome = check(&Sources {
        docs: &docs,
        curated: &curated,
        openapi: &spec,
        overlay: &Overlay::default(),
        changelog: &Changelog::default(),
    });
    let d = find(&outcome, Category::Required, "Widget.OwnerId");
    assert!(!d.finding.changes_api);
    assert_eq!(policy_of(d), "optional-either-way");
    assert_eq!(outcome.exit_code(), 0);
}

const DECISIONS: &str = r#"
schemas:
  GizmosUpdateRequest:
    properties:
      Shade: {update-value: true, curation: "gizmos.md:20 wraps it, as the spec's GizmoUpdateParameters.Shade does"}
      OwnerId: {remove: true, curation: "gizmos.md:37 lists it; the spec's GizmoUpdateParameters does not"}
  GizmoPeriod:
    properties:
      TimeZone: {type: string, required: false, curation: "the spec's TimeSpan.TimeZone; gizmos.md:58 lacks it"}
  GizmoShade:
    enum: [Dark, Light, Medium]
crosscheck:
  - {at: Mains.Volts, about: type, use: docs, reason: "gizmos.md:98 says integer; the spec's Mains.Volts number is a spec error"}
  - {at: GizmosUpdateResponse.Periods, about: required, use: docs, reason: "gizmos.md:50 required; spec GizmosUpdateResponse.Periods optional"}
  - {at: GizmoPower, about: union-arms, use: openapi, reason: "spec PowerCoproduct arms; gizmos.md:74"}
  - {at: GizmoPower.Solar, about: arm-payload, use: neither, reason: "neither gizmos.md:83 nor the spec's PowerCoproduct"}
  - {at: Nowhere.Nothing, about: type, use: docs, reason: "matches nothing"}
"#;

#[test]
fn overlay_decisions_are_applied_and_checked() {
    let outcome = run(DECISIONS);
    let overlay = |at: &str, category: Category| match &find(&outcome, category, at).verdict {
        Verdict::Overlay { winner, reason } => (winner.clone(), reason.clone()),
        other => panic!("{at}: {other:?}"),
    };
    let (winner, reason) = overlay("GizmosUpdateRequest.Shade", Category::WireShape);
    assert_eq!(winner, "openapi");
    assert!(
        reason.contains("gizmos.md:20"),
        "the schemas: edit's curation is the reason"
    );
    assert_eq!(
        overlay("GizmosUpdateRequest.OwnerId", Category::Presence).0,
        "openapi"
    );
    assert_eq!(
        overlay("GizmoPeriod.TimeZone", Category::Presence).0,
        "openapi"
    );
    assert_eq!(overlay("GizmoShade", Category::EnumValues).0, "openapi");
    assert_eq!(overlay("Mains.Volts", Category::Type).0, "docs");
    assert_eq!(
        overlay("GizmosUpdateResponse.Periods", Category::Required).0,
        "docs"
    );
    // Decided for the spec, but `schemas:` does not give the union the spec's arms.
    let arms = find(&outcome, Category::UnionArms, "GizmoPower");
    assert!(
        matches!(&arms.verdict, Verdict::Undecided { note: Some(note) } if note.contains("curated import says")),
        "{:?}",
        arms.verdict
    );
    // `neither` without a third answer in `schemas:` is not applied either.
    assert!(matches!(
        find(&outcome, Category::ArmPayload, "GizmoPower.Solar").verdict,
        Verdict::Undecided { note: Some(_) }
    ));
    assert_eq!(outcome.unused_decisions, ["Nowhere.Nothing (type)"]);
    let counts = outcome.counts();
    assert_eq!(counts[&Category::Presence].overlay, 2);
    assert_eq!(counts[&Category::Presence].undecided, 0);
    assert_eq!(counts[&Category::UnionArms].undecided_api, 1);
    assert_eq!(outcome.exit_code(), 1);
}

#[test]
fn exit_code_is_zero_once_every_api_change_is_decided() {
    let decided = DECISIONS
        .replace(
            "  GizmoShade:\n",
            "  GizmoPower:\n    union: {arms: [{value: Wind}, {value: Solar, schema: Mains}]}\n  GizmoShade:\n",
        )
        .replace("union-arms, use: openapi", "union-arms, use: neither")
        .replace("arm-payload, use: neither", "arm-payload, use: openapi");
    let outcome = run(&decided);
    let open: Vec<String> = outcome
        .disagreements
        .iter()
        .filter(|d| matches!(d.verdict, Verdict::Undecided { .. }))
        .map(|d| format!("{:?} {}", d.finding.category, d.finding.docs_at))
        .collect();
    assert!(open.is_empty(), "{open:?}\n{}", outcome.text());
    let (winner, _) = match &find(&outcome, Category::UnionArms, "GizmoPower").verdict {
        Verdict::Overlay { winner, reason } => (winner.clone(), reason.clone()),
        other => panic!("{other:?}"),
    };
    assert!(
        winner.starts_with("neither"),
        "Crank kept and Wind added: a third answer"
    );
    assert_eq!(outcome.exit_code(), 0);
}

#[test]
fn a_decision_without_a_reason_or_with_unknown_keys_is_bad_input() {
    let no_reason = "crosscheck:\n  - {at: A.B, about: type, use: docs, reason: \" \"}\n";
    let error = read_overlay(no_reason, "o.yaml")
        .expect_err("rejected")
        .to_string();
    assert!(error.contains("no reason"), "{error}");
    let unknown = "crosscheck:\n  - {at: A.B, about: type, use: docs, reason: r, why: x}\n";
    assert!(read_overlay(unknown, "o.yaml").is_err());
    let bad_category = "crosscheck:\n  - {at: A.B, about: colour, use: docs, reason: r}\n";
    assert!(read_overlay(bad_category, "o.yaml").is_err());
    let bad_winner = "crosscheck:\n  - {at: A.B, about: type, use: both, reason: r}\n";
    assert!(read_overlay(bad_winner, "o.yaml").is_err());
}

#[test]
fn the_json_report_carries_the_counts_and_every_disagreement() {
    let outcome = run("");
    let json = outcome.json();
    assert_eq!(json["operations"]["only_docs"][0], "widgets_remove");
    assert_eq!(
        json["disagreements"].as_array().map(Vec::len),
        Some(outcome.disagreements.len())
    );
    assert_eq!(json["categories"]["wire-shape"]["undecided_api"], 1);
    assert_eq!(json["policies"][1]["class"], "hybrid-identifier");
    assert_eq!(json["policies"][1]["winner"], "docs");
    assert_eq!(json["exit_code"], 1);
}

fn codegen(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mews-codegen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run mews-codegen")
}

const DOCS: &str = "tests/fixtures/docs";
const SPEC: &str = "tests/fixtures/crosscheck/gizmos-openapi.yaml";

#[test]
fn cli_exit_codes() {
    // Undecided: the spec's update wrapper on Shade (the docs' Power, which the spec lacks, is
    // kept by policy).
    let open = codegen(&["crosscheck", "--docs", DOCS, "--openapi", SPEC, "--summary"]);
    let text = String::from_utf8_lossy(&open.stdout).into_owned();
    assert_eq!(open.status.code(), Some(1), "{text}");
    assert!(text.contains("only in the docs (6)"), "{text}");
    assert!(text.contains("policy hybrid-identifier: 1"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().eq(["total", "6", "0", "1", "1"])),
        "{text}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let overlay = dir.path().join("overlay.yaml");
    std::fs::write(
        &overlay,
        "schemas:\n  GizmosUpdateRequest:\n    properties:\n      Shade: {update-value: true, curation: \"gizmos.md:20 and the spec's GizmoUpdateParameters.Shade wrap it\"}\n\
         crosscheck:\n  - {at: GizmosUpdateRequest.Power, about: presence, use: docs, reason: \"gizmos.md:37 lists it; the spec's GizmoUpdateParameters lacks it\"}\n",
    )
    .expect("write overlay");
    let overlay = overlay.to_string_lossy().into_owned();
    let decided = codegen(&[
        "crosscheck",
        "--docs",
        DOCS,
        "--openapi",
        SPEC,
        "--overlay",
        &overlay,
        "--json",
    ]);
    assert_eq!(
        decided.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&decided.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&decided.stdout).expect("JSON");
    assert_eq!(json["categories"]["presence"]["overlay"], 1);
    assert_eq!(json["categories"]["wire-shape"]["overlay"], 1);
    assert_eq!(json["exit_code"], 0);

    let bad_overlay = dir.path().join("bad.yaml");
    std::fs::write(
        &bad_overlay,
        "crosscheck:\n  - {at: A, about: type, use: docs, reason: \"\"}\n",
    )
    .expect("write");
    let bad_overlay = bad_overlay.to_string_lossy().into_owned();
    for args in [
        vec!["crosscheck", "--docs", DOCS],
        vec![
            "crosscheck",
            "--docs",
            DOCS,
            "--openapi",
            "tests/fixtures/crosscheck/missing.yaml",
        ],
        vec![
            "crosscheck",
            "--docs",
            "tests/fixtures/nowhere",
            "--openapi",
            SPEC,
        ],
        vec![
            "crosscheck",
            "--docs",
            DOCS,
            "--openapi",
            SPEC,
            "--overlay",
            &bad_overlay,
        ],
        vec!["crosscheck", "--docs", DOCS, "--openapi", DOCS],
        vec!["crosscheck", "--docs", DOCS, "--openapi", SPEC, "--colour"],
        vec![
            "crosscheck",
            "--docs",
            DOCS,
            "--openapi",
            SPEC,
            "--json",
            "--summary",
        ],
    ] {
        let out = codegen(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stderr.is_empty(), "{args:?} says why");
    }
}

/// Dated sources: the docs newer than the spec (their newest changelog entry against the spec's
/// own date). What only the docs list is added and cites the entry announcing it; what only the
/// spec lists is kept from the older source.
#[test]
fn the_newer_source_wins_additions_citing_the_changelog() {
    let DocsModels {
        mut docs,
        mut curated,
    } = models(None);
    let mut spec = official(&docs);
    let dated = |date: &str| {
        Some(mews_codegen::import::dated::Dated {
            date: date.to_owned(),
            by: "test".to_owned(),
        })
    };
    docs.info.dated = dated("2026-07-31");
    curated.info.dated = dated("2026-07-31");
    spec.info.dated = dated("2026-06-02");
    let changelog = Changelog::parse([(
        "changelog/README.md",
        "{% update date=\"2026-07-31\" %}\n\n## July\n\n- [Update gizmo](../operations/gizmos.md#update-gizmo):\n  - Extended the request with `OwnerId`.\n{% endupdate %}\n",
    )]);
    let outcome = check(&Sources {
        docs: &docs,
        curated: &curated,
        openapi: &spec,
        overlay: &Overlay::default(),
        changelog: &changelog,
    });
    let owner = find(&outcome, Category::Presence, "GizmosUpdateRequest.OwnerId");
    assert_eq!(policy_of(owner), "added-since");
    assert!(
        matches!(&owner.verdict, Verdict::Policy { evidence, .. }
            if evidence.starts_with("docs wins") && evidence.contains("announced `OwnerId` 2026-07-31 (changelog/README.md:1)")),
        "{:?}",
        owner.verdict
    );
    let zone = find(&outcome, Category::Presence, "GizmoPeriod.TimeZone");
    assert_eq!(policy_of(zone), "kept-older");
    let shade = find(&outcome, Category::EnumValues, "GizmoShade");
    assert_eq!(policy_of(shade), "kept-older");
    assert!(
        outcome.summary().contains("the docs are newer"),
        "{}",
        outcome.summary()
    );
}
