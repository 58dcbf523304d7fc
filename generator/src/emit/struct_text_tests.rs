//! The text printer of `decode_text` against prettyplease: for every struct it takes, its text
//! must be exactly what prettyplease prints for the tokens the struct would emit otherwise.

use super::*;
use crate::ir::{Limits, Shape};

use crate::emit::text_tests::{self, printed};

/// Compares both paths for one struct; returns whether the text path took it.
fn same_both_ways(def: &TypeDef, object: &Struct, homes: &crate::emit::imports::Homes) -> bool {
    let mut imports = Imports::new(&def.module, homes);
    if let Some(text) = declaration_as_text(def, object, &mut imports) {
        let tokens = declaration_tokens(def, object, &mut imports);
        let head = head_tokens(def, object);
        match head_as_text(def, object) {
            Some(head_text) => assert_eq!(
                format!("{head_text}{text}"),
                printed(quote!(#head #tokens)),
                "the docs and declaration of {}",
                def.name
            ),
            None => assert_eq!(text, printed(tokens), "the declaration of {}", def.name),
        }
    }
    if let Some(text) = constructor_as_text(def, object, &mut imports) {
        let tokens = constructor_tokens(def, object, &mut imports);
        assert_eq!(text, printed(tokens), "the constructor of {}", def.name);
    }
    let Some(text) = decode_text(def, object, &mut imports) else {
        return false;
    };
    let tokens = decode_tokens(def, object, &mut imports);
    assert_eq!(text, printed(tokens), "DecodeStruct of {}", def.name);
    let name = ident(&def.name);
    let deserialize = quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_struct(deserializer)
            }
        }
    };
    let text = decode_text::render_deserialize(&def.name, "deserialize_struct");
    assert_eq!(
        text,
        Some(printed(deserialize)),
        "Deserialize of {}",
        def.name
    );
    true
}

fn def(name: String, fields: Vec<Field>) -> (TypeDef, Struct) {
    let object = Struct {
        fields,
        envelope_fields: Vec::new(),
        interval: None,
    };
    let def = text_tests::type_def(name, Shape::Alias(TypeRef::String));
    (def, object)
}

fn field(rust_name: String, json_name: String, ty: TypeRef, presence: Presence) -> Field {
    Field {
        json_name,
        rust_name,
        ty,
        presence,
        limits: Limits::default(),
        doc: None,
        deprecated: None,
    }
}

/// Names of every length around each width where a line breaks, in every presence and with
/// types of growing length: each layout choice is met on both sides of its threshold.
#[test]
fn the_text_is_what_prettyplease_prints_at_every_width() {
    let presences = [
        Presence::Required,
        Presence::Optional,
        Presence::RequiredNullable,
    ];
    let (mut taken, mut left) = (0, 0);
    for length in 1..=80 {
        for (turn, presence) in presences.into_iter().enumerate() {
            let rust_name = "f".repeat(length);
            // Wire names with a two-byte character in every other one: widths are in bytes.
            let letter = if length % 2 == 0 { "é" } else { "x" };
            let json_name = format!("F{}", letter.repeat(length.saturating_sub(1)));
            let named = TypeRef::Named(format!("T{}", "y".repeat(length / 2 + turn * 7)));
            let ty = match turn {
                0 => TypeRef::Vec(Box::new(named)),
                1 => named,
                _ => TypeRef::Decimal,
            };
            let mut fields = [
                field(rust_name.clone(), json_name.clone(), ty, presence),
                field(
                    "map".to_owned(),
                    "Map".to_owned(),
                    TypeRef::String,
                    presence,
                ),
                field(
                    format!("{rust_name}_2"),
                    format!("{json_name}2"),
                    TypeRef::Bool,
                    Presence::Required,
                ),
            ];
            // Deprecation notes whose attribute crosses the margin, one with characters that
            // are escaped in the literal (and a two-byte one), and a bare deprecation.
            let note = match turn {
                0 => Some(format!("Replaced by {}", "n".repeat(length))),
                1 => None,
                _ => Some(format!("Use \"{}\" \\ or é\ttab", "q".repeat(length))),
            };
            fields[0].deprecated = Some(crate::ir::Deprecation { note });
            // Three fields, then the first alone (a loop without a `match`).
            for count in [3, 1] {
                let fields = fields[..count].to_vec();
                let (mut def, mut object) = def(format!("W{}", "z".repeat(length)), fields);
                // Docs of every kind the head prints: none, a paragraph, several; the envelope's
                // note alone or after them.
                def.doc = match (length + count) % 4 {
                    0 => None,
                    1 => Some(format!("A widget of {length} letters.")),
                    2 => Some(format!(
                        "  First  line {}.\n\nSecond paragraph, `code` and a [link](https://example.com/{length}).\n",
                        "w".repeat(length)
                    )),
                    _ => Some("   ".to_owned()),
                };
                if turn == 1 {
                    object.envelope_fields = vec!["ClientToken".to_owned(), "Client".to_owned()];
                }
                let homes = crate::emit::imports::Homes::from_iter([(
                    def.name.clone(),
                    "widgets".to_owned(),
                )]);
                if same_both_ways(&def, &object, &homes) {
                    taken += 1;
                } else {
                    left += 1;
                }
            }
        }
    }
    // Names up to about 25 characters take the text path; longer ones are left to tokens.
    // 195 of 480 since the broken `let`-`else`, struct literal field and single-field call
    // layouts are printed as text too (60 before).
    assert!(taken > 180 && left > 0, "text path {taken}, tokens {left}");
}

/// Every struct of the committed spec.
#[test]
fn the_text_is_what_prettyplease_prints_for_the_committed_spec() {
    let api = text_tests::committed_api();
    let homes = text_tests::homes(&api);
    let (mut taken, mut declared, mut structs) = (0, 0, 0);
    for def in &api.types {
        if let Shape::Struct(object) = &def.shape {
            structs += 1;
            taken += usize::from(same_both_ways(def, object, &homes));
            let mut imports = Imports::new(&def.module, &homes);
            declared += usize::from(declaration_as_text(def, object, &mut imports).is_some());
        }
    }
    // 679 of 690 (the rest have no field); 620 before the layouts above were known.
    assert!(
        taken * 100 >= structs * 97,
        "{taken} of {structs} structs as text"
    );
    // 672 of 690 declarations since a long `#[serde(..)]` is broken as prettyplease breaks it;
    // 683 since a field's deprecation note is printed too.
    assert!(
        declared * 100 >= structs * 97,
        "{declared} of {structs} declarations as text"
    );
}
