//! The component schemas are lowered in two halves on two threads when there are many: the
//! result must be what one pass in order gives, errors and their order included.

/// A spec of `count` filler components plus `extra` (YAML lines at the components' indentation),
/// with one operation so that it lowers.
fn spec(count: usize, extra: &str) -> String {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Halves\n  version: \"1\"\npaths:\n  /api/v1/widgets/get:\n    post:\n      operationId: widgets_get\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/Filler0' }\n      responses:\n        '200':\n          description: The widgets.\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/Filler1' }\ncomponents:\n  schemas:\n",
    );
    text.push_str(extra);
    for n in 0..count {
        text.push_str(&format!(
            "    Filler{n}:\n      type: object\n      properties:\n        Name: {{ type: string }}\n        Nested:\n          type: object\n          properties:\n            Depth: {{ type: integer }}\n"
        ));
    }
    text
}

fn lowered(text: &str) -> Result<mews_codegen::ir::Api, mews_codegen::Error> {
    mews_codegen::ir::lower(&mews_codegen::parse::parse(text).expect("parses"))
}

#[test]
fn types_come_out_in_spec_order_with_their_inline_types() {
    let api = lowered(&spec(100, "")).expect("lowers");
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    let expected: Vec<String> = (0..100)
        .flat_map(|n| [format!("Filler{n}Nested"), format!("Filler{n}")])
        .collect();
    // Each inline type comes before the component that holds it (as one pass pushes them).
    let mut sorted_expected = expected.clone();
    sorted_expected.sort();
    let mut sorted_names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    sorted_names.sort();
    assert_eq!(sorted_names, sorted_expected);
    let filler = |n: usize| names.iter().position(|name| *name == format!("Filler{n}"));
    assert!((0..99).all(|n| filler(n) < filler(n + 1)), "{names:?}");
}

/// `Foo.BarBaz` and `FooBar.Baz` both make the inline type `FooBarBaz`: with `Foo` first and
/// `FooBar` last (so in different halves), the collision is still reported, naming the first.
#[test]
fn an_inline_name_claimed_in_both_halves_is_the_collision_one_pass_reports() {
    let a = "    Foo:\n      type: object\n      properties:\n        BarBaz:\n          type: object\n          properties:\n            X: { type: string }\n";
    let ab = "    FooBar:\n      type: object\n      properties:\n        Baz:\n          type: object\n          properties:\n            Y: { type: string }\n";
    let mut text = spec(100, a);
    text.push_str(ab);
    let Err(error) = lowered(&text) else {
        panic!("the collision was not reported");
    };
    let error = error.to_string();
    assert!(
        error.contains("name collision: `FooBarBaz` is already the name of #/components/schemas/Foo/properties/BarBaz"),
        "{error}"
    );
    assert_eq!(error.matches("name collision").count(), 1, "{error}");
}

/// Errors in both halves come out in spec order.
#[test]
fn errors_of_both_halves_come_in_spec_order() {
    let bad = |name: &str| {
        format!("    {name}:\n      type: object\n      required: [Missing]\n      properties:\n        Present: {{ type: string }}\n")
    };
    let mut text = spec(100, &bad("Early"));
    text.push_str(&bad("Late"));
    let Err(error) = lowered(&text) else {
        panic!("the missing properties were not reported");
    };
    let error = error.to_string();
    let early = error.find("#/components/schemas/Early/required");
    let late = error.find("#/components/schemas/Late/required");
    assert!(early.is_some() && late.is_some(), "{error}");
    assert!(early < late, "{error}");
}
