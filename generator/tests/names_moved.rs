//! Stable names when Mews moves a section: the docs page of an operation changes (as
//! `restrictions_add` moved from restrictions.md to discontinued.md), and the sections it
//! defines move with it. A section whose recorded place is gone keeps its name at its new
//! place; a section whose recorded place is still there never gives its name away.

use mews_codegen::diff::Class;
use mews_codegen::import::docs::Docs;
use mews_codegen::import::stable::NamesFile;
use mews_codegen::import::{self, Options};

/// The operation that moves, with the section only it uses.
const SET: &str = r#"## Set gizmo options

### Request

`[PlatformAddress]/api/connector/v1/gizmos/setOptions`

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `ClientToken` | string | required | Token of the client. |
| `AccessToken` | string | required | Token of the property. |
| `Client` | string | required | Name of the client. |
| `Options` | [Gizmo options](#gizmo-options) | required | What to set. |

#### Gizmo options

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `Loud` | boolean | required | Whether it beeps. |

### Response

| Property | Type | Contract | Description |
| :-- | :-- | :-- | :-- |
| `GizmoId` | string | required | The gizmo. |
"#;

fn import(pages: &[(&str, &str)], names: &NamesFile) -> (String, NamesFile) {
    let docs = Docs::from_texts(pages);
    let options = Options {
        names: Some(names.clone()),
        ..Options::default()
    };
    let imported = import::run(&docs, &options, "docs").expect("import");
    (imported.spec, imported.names.expect("names"))
}

fn discontinued(body: &str) -> String {
    format!("# Discontinued API operations\n\n{body}")
}

#[test]
fn a_section_that_moved_to_another_page_keeps_its_name() {
    let before_page = format!("# Gizmos\n\n{SET}");
    let (before, names) = import(
        &[("operations/gizmos.md", &before_page)],
        &NamesFile::default(),
    );
    assert_eq!(
        names.docs.name("operations/gizmos.md#gizmo-options"),
        Some("GizmoOptions")
    );
    let moved = discontinued(SET);
    let (after, names) = import(
        &[
            ("operations/gizmos.md", "# Gizmos\n"),
            ("operations/discontinued.md", &moved),
        ],
        &names,
    );
    assert_eq!(
        names.docs.name("operations/discontinued.md#gizmo-options"),
        Some("GizmoOptions"),
        "{after}"
    );
    assert!(after.contains("    GizmoOptions:"), "{after}");
    let changes = mews_codegen::diff::diff(&before, &after).expect("diff");
    assert!(
        changes.iter().all(|c| c.class == Class::Additive),
        "{changes:#?}"
    );
}

#[test]
fn a_section_still_in_its_place_keeps_its_name_and_a_differing_copy_gets_another() {
    let before_page = format!("# Gizmos\n\n{SET}");
    let (_, names) = import(
        &[("operations/gizmos.md", &before_page)],
        &NamesFile::default(),
    );
    // A copy on another live page that differs, while the recorded section is still there (a
    // discontinued page's copy would be archived in favour of the live one).
    let changed = SET
        .replace(
            "| `Loud` | boolean | required | Whether it beeps. |",
            "| `Loud` | boolean | required | Whether it beeps. |\n| `Bright` | boolean | optional | Whether it glows. |",
        )
        .replace("setOptions", "setOldOptions")
        .replace("## Set gizmo options", "## Set old gizmo options");
    let copy = format!("# Legacy gizmos\n\n{changed}");
    let (after, names) = import(
        &[
            ("operations/gizmos.md", &before_page),
            ("operations/legacy.md", &copy),
        ],
        &names,
    );
    assert_eq!(
        names.docs.name("operations/gizmos.md#gizmo-options"),
        Some("GizmoOptions")
    );
    let other = names
        .docs
        .name("operations/legacy.md#gizmo-options")
        .expect("named");
    assert_ne!(other, "GizmoOptions", "{after}");
}
