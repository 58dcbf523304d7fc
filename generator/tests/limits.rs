//! Limits come from the spec: a limit added to a property a request sends is checked by the
//! regenerated code, one removed is no longer checked, and a limit the client could not check
//! (or that cannot apply to its property) is refused with the property's pointer.
//! (`fixtures/widgets_limits.rs`, run by CI inside the generated crate, shows the checks at work.)

use std::path::Path;

fn widgets() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/widgets.yaml");
    std::fs::read_to_string(path).expect("fixture")
}

fn module(spec: &str) -> String {
    let generation = mews_codegen::generate(spec, "widgets.yaml").expect("valid spec");
    generation
        .files
        .into_iter()
        .find(|file| file.path == "widgets.rs")
        .expect("widgets.rs")
        .contents
}

fn error(spec: &str) -> String {
    match mews_codegen::generate(spec, "widgets.yaml") {
        Ok(_) => panic!("the spec was accepted"),
        Err(error) => error.to_string(),
    }
}

/// The impl of `CheckLimits` for `name`, if the module has one.
fn check_impl<'a>(module: &'a str, name: &str) -> Option<&'a str> {
    let start = module.find(&format!("impl CheckLimits for {name} "))?;
    let rest = &module[start..];
    let end = match rest.find('\n') {
        Some(line) if rest[..line].ends_with("{}") => line + 1,
        _ => rest.find("\n}\n").map_or(rest.len(), |end| end + 3),
    };
    Some(&rest[..end])
}

#[test]
fn a_limit_added_to_the_spec_is_checked_after_regeneration() {
    let before = widgets();
    let square = "        Side: { type: number }";
    assert!(before.contains(square), "the fixture changed");
    let after = before.replace(square, "        Side: { type: number, maximum: 9 }");

    let (old, new) = (module(&before), module(&after));
    // `Square` is sent (WidgetUpdate.Shape holds it) but stated no limit: nothing to check.
    assert!(check_impl(&old, "Square").is_none());
    let square = check_impl(&new, "Square").expect("Square is checked now");
    assert!(
        square.contains(r#"let at = at.key("Side");"#)
            && square.contains(
                r#"check_maximum(value, &Decimal::from_i128_with_scale(9, 0), "9", false, &at)?;"#
            ),
        "{square}"
    );
    // The union holding it descends into the new arm.
    let shape = check_impl(&new, "WidgetShape").expect("union check");
    assert!(
        shape.contains(r#"Self::Square(value) => value.check_limits(&at.key("Square"))"#),
        "{shape}"
    );
    assert!(!check_impl(&old, "WidgetShape")
        .unwrap_or_default()
        .contains("Square"));

    // And a limit removed is no longer checked.
    let unlimited = before.replace(", minItems: 1, maxItems: 10 }", " }");
    let delete = check_impl(&module(&unlimited), "WidgetDelete").map(str::to_owned);
    assert_eq!(
        delete.as_deref(),
        Some("impl CheckLimits for WidgetDelete {}\n")
    );
}

#[test]
fn limits_are_documented_on_the_field() {
    let module = module(&widgets());
    assert!(module
        .contains("/// Wire: `Count`, 32-bit integer, required, never null; between 1 and 1000."));
    assert!(module.contains("optional (left out when `None`); an interval of at most 3 months."));
}

#[test]
fn limits_that_cannot_be_checked_are_refused_with_their_pointer() {
    let spec = widgets();
    let name = "        Name: { type: string, x-update-value: true, maxLength: 100,";
    assert!(spec.contains(name), "the fixture changed");

    let pattern = spec.replace(
        name,
        "        Name: { type: string, x-update-value: true, pattern: '^a', ",
    );
    let message = error(&pattern);
    assert!(
        message.contains("#/components/schemas/WidgetUpdate/properties/Name")
            && message.contains("`pattern` is not supported"),
        "{message}"
    );

    let released = "        ReleasedOn: { type: string, format: date }";
    let on_a_date = spec.replace(
        released,
        "        ReleasedOn: { type: string, format: date, maxLength: 3 }",
    );
    assert!(error(&on_a_date).contains("apply to strings without a format only"));

    let not_an_interval = spec.replace(
        released,
        "        ReleasedOn: { type: string, format: date, x-max-interval: 3 months }",
    );
    assert!(error(&not_an_interval).contains("x-max-interval"));

    let bad_interval = spec.replace("x-max-interval: 3 months", "x-max-interval: 3 fortnights");
    assert!(error(&bad_interval).contains("is not `<positive whole number>"));

    let tiny = spec.replace(
        "minimum: -0.5, maximum: 12.25",
        "minimum: 1e-40, maximum: 12.25",
    );
    assert!(error(&tiny).contains("is not an exact decimal of at most 28 fractional digits"));

    // A response-only type's limits are documentation: the client does not check what it
    // receives, so nothing is refused there.
    let kind = "        Type: { type: string, description: Free-form kind. }";
    assert!(spec.contains(kind), "the fixture changed");
    let received = spec.replace(
        kind,
        "        Type: { type: string, pattern: '^a', description: Free-form kind. }",
    );
    assert!(mews_codegen::generate(&received, "widgets.yaml").is_ok());
}
