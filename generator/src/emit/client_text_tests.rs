//! The text printer of `client_text` against prettyplease: for every `static` and paging impl it
//! takes, its text must be exactly what prettyplease prints for the tokens `client` would emit.

use super::*;
use crate::ir::{IntervalUnit, ItemId, MaxInterval, Module, Split, TypeRef};

use crate::emit::text_tests::{self, printed};

/// Compares both paths for one operation; returns how many of its items the text path took.
fn same_both_ways(operation: &Operation, homes: &crate::emit::imports::Homes) -> usize {
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
            let homes = crate::emit::imports::Homes::from_iter([
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
    let api = text_tests::committed_api();
    let homes = text_tests::homes(&api);
    let (mut taken, mut items) = (0, 0);
    for operation in &api.operations {
        items += if operation.pagination.is_some() { 3 } else { 1 };
        taken += same_both_ways(operation, &homes);
    }
    // All 313 (202 statics, 55 of each paging impl).
    assert_eq!(taken, items, "{taken} of {items} as text");
}

/// Compares both paths for one resource's `impl XApi<'_>`; returns whether the text path took it.
fn methods_same_both_ways(
    module: &Module,
    operations: &[&Operation],
    homes: &crate::emit::imports::Homes,
) -> bool {
    let mut imports = Imports::new(&module.name, homes);
    let runtime = RuntimeNames {
        client: imports.client(),
        error: imports.runtime("Error"),
        operation: imports.runtime("Operation"),
        scope: imports.runtime("EnterpriseScope"),
    };
    let Some(text) = methods_as_text(module, operations, &runtime, &mut imports) else {
        return false;
    };
    let api = ident(&naming::api_struct_name(&module.name));
    let tokens = methods_tokens(&api, operations, &runtime, &mut imports);
    assert_eq!(text, printed(tokens), "the methods of {}", module.name);
    true
}

fn module(name: &str) -> Module {
    Module {
        name: name.to_owned(),
        resource: Some(name.to_owned()),
    }
}

/// Methods with names, types and docs of every length around each width where a signature or
/// a call breaks, deprecated or not, paged or not.
#[test]
fn the_methods_are_what_prettyplease_prints_at_every_width() {
    let (mut taken, mut total) = (0, 0);
    for length in 1..=60 {
        for variant in 0..4 {
            let stem = format!("W{}", "x".repeat(length));
            let mut operation = operation(&stem, Vec::new(), None);
            operation.method = format!("get_{}", "m".repeat(length / 2 + variant * 3));
            operation.static_name = format!("{}_{}", operation.static_name, "S".repeat(length / 3));
            operation.doc = (variant % 2 == 0).then(|| format!("Reads {stem}.\n\nMore text."));
            operation.deprecated = match variant {
                1 => Some(crate::ir::Deprecation { note: None }),
                2 => Some(crate::ir::Deprecation {
                    note: Some(format!("Use {stem} instead.")),
                }),
                _ => None,
            };
            if variant == 3 {
                operation.pagination = None;
            }
            let homes = crate::emit::imports::Homes::from_iter([
                (operation.request.clone(), "widgets".to_owned()),
                (operation.response.clone(), "widgets".to_owned()),
                (format!("{stem}Item"), "widgets".to_owned()),
            ]);
            total += 1;
            taken += usize::from(methods_same_both_ways(
                &module("widgets"),
                &[&operation],
                &homes,
            ));
        }
    }
    // 149 of 240: the rest have a name or type so long that a broken signature's line, or a
    // call's, is still wider than the margin.
    assert!(taken >= 145 && taken < total, "{taken} of {total} as text");
}

/// Every resource of the committed spec.
#[test]
fn the_methods_are_what_prettyplease_prints_for_the_committed_spec() {
    let api = text_tests::committed_api();
    let homes = text_tests::homes(&api);
    let (mut taken, mut total) = (0, 0);
    for module in &api.modules {
        let Some(resource) = &module.resource else {
            continue;
        };
        let operations: Vec<&Operation> = api
            .operations
            .iter()
            .filter(|operation| &operation.resource == resource)
            .collect();
        total += 1;
        taken += usize::from(methods_same_both_ways(module, &operations, &homes));
    }
    // All 78.
    assert_eq!(taken, total, "{taken} of {total} resources as text");
}
