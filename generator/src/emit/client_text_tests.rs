//! The text printer of `client_text` against prettyplease: for every `static` and paging impl it
//! takes, its text must be exactly what prettyplease prints for the tokens `client` would emit.

use std::collections::BTreeMap;

use super::*;
use crate::ir::{IntervalUnit, ItemId, MaxInterval, Split, TypeRef};

fn printed(tokens: TokenStream) -> String {
    prettyplease::unparse(&syn::parse2::<syn::File>(tokens).expect("the tokens parse"))
}

/// Compares both paths for one operation; returns how many of its items the text path took.
fn same_both_ways(operation: &Operation, homes: &BTreeMap<String, String>) -> usize {
    let mut imports = Imports::new("widgets", homes);
    let runtime = RuntimeNames {
        client: imports.client(),
        error: imports.runtime("Error"),
        operation: imports.runtime("Operation"),
        scope: imports.runtime("EnterpriseScope"),
    };
    let mut taken = 0;
    if let Some(text) = static_as_text(operation, &runtime) {
        assert_eq!(
            text,
            printed(operation_static(operation, &runtime)),
            "the static of {}",
            operation.id
        );
        taken += 1;
    }
    let Some(pagination) = &operation.pagination else {
        return taken;
    };
    let (paged, page) = paging_as_text(operation, pagination, &mut imports);
    let [paged_tokens, page_tokens] = paging_tokens(operation, pagination, &mut imports);
    for (what, text, tokens) in [
        ("PagedRequest", paged, paged_tokens),
        ("Page", page, page_tokens),
    ] {
        if let Some(text) = text {
            assert_eq!(text, printed(tokens), "{what} of {}", operation.id);
            taken += 1;
        }
    }
    taken
}

fn operation(stem: &str, splits: Vec<Split>, item_id: Option<ItemId>) -> Operation {
    Operation {
        pointer: format!("#/paths/~1api~1connector~1v1~1{stem}~1getAll/post"),
        id: format!("{stem}_getAll"),
        resource: stem.to_owned(),
        action: "getAll".to_owned(),
        method: "get_all".to_owned(),
        static_name: format!("{}_GET_ALL", stem.to_uppercase()),
        path: format!("/api/connector/v1/{stem}/getAll"),
        doc: None,
        deprecated: None,
        retry_safe: stem.len() % 2 == 0,
        enterprise_scope: EnterpriseScope::Many,
        request: format!("{stem}FilterParameters"),
        response: format!("{stem}Result"),
        pagination: Some(Pagination {
            limitation_field: "limitation".to_owned(),
            count_field: "count".to_owned(),
            cursor_field: "cursor".to_owned(),
            response_cursor_field: "cursor".to_owned(),
            response_cursor_json: "Cursor".to_owned(),
            items_field: format!("{}_items", stem.to_lowercase()),
            items_json: format!("{stem}Items"),
            item: TypeRef::Named(format!("{stem}Item")),
            item_id,
            splits,
        }),
        errors: Vec::new(),
    }
}

/// Names and filter lists of every length around each width where a line breaks: the
/// `Vec::from([...])` of filters, the `narrow` arms, `item_key`.
#[test]
fn the_text_is_what_prettyplease_prints_at_every_width() {
    let (mut taken, mut items) = (0, 0);
    for length in 1..=60 {
        let stem = format!("W{}", "x".repeat(length));
        for count in 0..4 {
            let splits: Vec<Split> = (0..count)
                .map(|index| Split {
                    field: format!("f{index}_{}", "y".repeat(length / 2)),
                    json: format!("F{index}{}", "Y".repeat(length / 3)),
                    kind: if index == 1 {
                        SplitKind::Interval {
                            max: MaxInterval {
                                amount: 3,
                                unit: IntervalUnit::Months,
                            },
                        }
                    } else {
                        SplitKind::Items { max: 1000 }
                    },
                })
                .collect();
            let item_id = (count > 0).then(|| ItemId {
                field: format!("id{}", "z".repeat(length / 4)),
                uuid: count % 2 == 0,
                required: count == 2,
            });
            let operation = operation(&stem, splits, item_id);
            let homes = BTreeMap::from([
                (operation.request.clone(), "widgets".to_owned()),
                (operation.response.clone(), "widgets".to_owned()),
                (format!("{stem}Item"), "widgets".to_owned()),
            ]);
            items += 3;
            taken += same_both_ways(&operation, &homes);
        }
    }
    // 552 of 720: the rest have names so long that a header or an argument is wider than the
    // margin, which is left to the tokens.
    assert!(
        taken * 100 >= items * 75 && taken < items,
        "{taken} of {items} as text"
    );
}

/// Every operation of the committed spec.
#[test]
fn the_text_is_what_prettyplease_prints_for_the_committed_spec() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/connector.yaml");
    let text = std::fs::read_to_string(path).expect("the committed spec");
    let spec = crate::parse::parse(&text).expect("it parses");
    let api = crate::ir::lower(&spec).expect("it lowers");
    let homes: BTreeMap<String, String> = api
        .types
        .iter()
        .map(|def| (def.name.clone(), def.module.clone()))
        .collect();
    let (mut taken, mut items) = (0, 0);
    for operation in &api.operations {
        items += if operation.pagination.is_some() { 3 } else { 1 };
        taken += same_both_ways(operation, &homes);
    }
    // All 313 (202 statics, 55 of each paging impl).
    assert_eq!(taken, items, "{taken} of {items} as text");
}
