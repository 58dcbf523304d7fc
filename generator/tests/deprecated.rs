//! Deprecated enum values and union arms (`x-deprecated-values`) become `#[deprecated]`
//! variants, in a module that allows `deprecated` for its own impls; a key that names no value
//! is rejected with its pointer.

/// `things_get` returning `Thing`s with a `Kind` enum and an adjacent `Shape` union, each with a
/// deprecated member; `EXTRA` is spliced into `Kind`.
fn spec(extra: &str) -> String {
    format!(
        r##"openapi: 3.0.3
info: {{ title: Things, version: "1" }}
paths:
  /api/v1/things/get:
    post:
      operationId: things_get
      requestBody:
        content:
          application/json:
            schema: {{ $ref: '#/components/schemas/ThingFilter' }}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{ $ref: '#/components/schemas/ThingResult' }}
components:
  schemas:
    ThingFilter:
      type: object
      properties:
        Kind: {{ $ref: '#/components/schemas/Kind' }}
    ThingResult:
      type: object
      required: [Things]
      properties:
        Things: {{ type: array, items: {{ $ref: '#/components/schemas/Thing' }} }}
    Thing:
      type: object
      properties:
        Kind: {{ $ref: '#/components/schemas/Kind' }}
        Shape: {{ $ref: '#/components/schemas/Shape' }}
    Kind:
      type: string
      enum: [Blocklist, Blacklist, Plain]
      x-deprecated-values:
        Blacklist: Deprecated by Mews; use `Blocklist` instead.
        Plain: ''
{extra}
    Shape:
      type: object
      properties:
        Discriminator: {{ type: string }}
        Value: {{}}
      x-union:
        layout: adjacent
        discriminator: Discriminator
        arms: [{{ value: Circle }}, {{ value: Square }}]
      x-deprecated-values:
        Square: Removed by Mews on 2026-06-11; kept until a breaking release.
"##
    )
}

#[test]
fn deprecated_values_and_arms_are_deprecated_variants() {
    let generation = mews_codegen::generate(&spec(""), "things.yaml").expect("generates");
    let module = generation
        .files
        .iter()
        .find(|file| file.contents.contains("pub enum Kind"))
        .expect("the module of Kind");
    let text = &module.contents;
    assert!(text.contains("#![allow(deprecated)]"), "{text}");
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squashed.contains(
            "#[deprecated(note = \"Deprecated by Mews; use `Blocklist` instead.\")] Blacklist,"
        ),
        "{squashed}"
    );
    assert!(squashed.contains("#[deprecated] Plain,"), "{squashed}");
    assert!(
        squashed.contains("/// `Blocklist` Blocklist,"),
        "a value not deprecated stays plain: {squashed}"
    );
    assert!(
        squashed.contains(
            "#[deprecated( note = \"Removed by Mews on 2026-06-11; kept until a breaking release.\" )] Square("
        ) || squashed.contains(
            "#[deprecated(note = \"Removed by Mews on 2026-06-11; kept until a breaking release.\")] Square("
        ),
        "{squashed}"
    );
}

#[test]
fn a_deprecation_of_no_value_is_rejected_with_its_pointer() {
    let spec = spec("").replace("        Plain: ''", "        Purple: ''");
    let error = mews_codegen::generate(&spec, "things.yaml")
        .expect_err("Purple is not a value")
        .to_string();
    assert!(
        error.contains("#/components/schemas/Kind/x-deprecated-values/Purple")
            && error.contains("`Purple` is not one of the listed values"),
        "{error}"
    );
}
