//! The text printer of `enum_text` against prettyplease: for every enum it takes, its items'
//! text must be exactly what prettyplease prints for the tokens the enum would emit otherwise.

use super::super::enum_::{items_as_text, items_tokens};
use super::super::imports::Imports;
use crate::ir::{Deprecation, Enum, EnumValue, Shape, TypeDef};

use crate::emit::text_tests::{self, printed};

/// Compares both paths for one enum; returns whether the text path took it.
fn same_both_ways(def: &TypeDef, open: &Enum, homes: &crate::emit::imports::Homes) -> bool {
    let mut imports = Imports::new(&def.module, homes);
    let Some(texts) = items_as_text(def, open, &mut imports) else {
        return false;
    };
    assert_eq!(texts.len(), 8, "the declaration and seven impls");
    assert_eq!(
        texts.concat(),
        printed(items_tokens(def, open, &mut imports)),
        "the enum {}",
        def.name
    );
    true
}

fn def(name: String, values: Vec<EnumValue>) -> (TypeDef, Enum) {
    let open = Enum {
        values,
        unknown_variant: "Unknown".to_owned(),
    };
    let def = text_tests::type_def(name, Shape::Enum(open.clone()));
    (def, open)
}

fn value(variant: String, json: String, deprecated: bool) -> EnumValue {
    EnumValue {
        json,
        variant,
        deprecated: deprecated.then_some(Deprecation { note: None }),
    }
}

/// Names, value lists and wire values of every length around each width where a line breaks:
/// the `KNOWN` list, the match arms, the visitor call.
#[test]
fn the_text_is_what_prettyplease_prints_at_every_width() {
    let (mut taken, mut left) = (0, 0);
    for length in 1..=70 {
        for count in [1, 2, 3, 5, 8] {
            let values: Vec<EnumValue> = (0..count)
                .map(|index| {
                    let variant = format!("V{}{index}", "a".repeat(length / count));
                    let json = match index % 3 {
                        0 => format!("w{}", "b".repeat(length)),
                        1 => format!("With space {index}"),
                        _ => variant.clone(),
                    };
                    value(variant, json, index == 1)
                })
                .collect();
            let (def, open) = def(format!("E{}", "z".repeat(length / 2)), values);
            let homes =
                crate::emit::imports::Homes::from_iter([(def.name.clone(), "widgets".to_owned())]);
            if same_both_ways(&def, &open, &homes) {
                taken += 1;
            } else {
                left += 1;
            }
        }
    }
    // 335 of 350: the rest have a wire value so long that even its braced arm is wider than the
    // margin.
    assert!(taken >= 330 && left > 0, "text path {taken}, tokens {left}");
}

/// Values the text path leaves to the tokens: escaped in a literal, a deprecation note.
#[test]
fn values_that_print_escaped_or_with_a_note_go_through_tokens() {
    let homes = crate::emit::imports::Homes::from_iter([("E".to_owned(), "widgets".to_owned())]);
    for json in ["quote\"d", "back\\slash", "tab\there", "naïve", "trailing "] {
        let (def, open) = def("E".to_owned(), vec![value("A".into(), json.into(), false)]);
        let mut imports = Imports::new(&def.module, &homes);
        assert!(items_as_text(&def, &open, &mut imports).is_none(), "{json}");
    }
    let mut noted = value("A".into(), "A".into(), true);
    noted.deprecated = Some(Deprecation {
        note: Some("use B".into()),
    });
    let (def, open) = def("E".to_owned(), vec![noted]);
    let mut imports = Imports::new(&def.module, &homes);
    assert!(items_as_text(&def, &open, &mut imports).is_none());
}

/// Every enum of the committed spec.
#[test]
fn the_text_is_what_prettyplease_prints_for_the_committed_spec() {
    let api = text_tests::committed_api();
    let homes = text_tests::homes(&api);
    let (mut taken, mut enums) = (0, 0);
    for def in &api.types {
        if let Shape::Enum(open) = &def.shape {
            enums += 1;
            taken += usize::from(same_both_ways(def, open, &homes));
        }
    }
    // 130 of 132: the other two have values with a deprecation note.
    assert!(taken + 2 >= enums, "{taken} of {enums} enums as text");
}
