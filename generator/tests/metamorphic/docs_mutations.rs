//! Additive mutations of docs pages, written in the docs' grammar: a property row, an enum value,
//! a union arm (adjacent or sibling), an operation, an identical copy of an enum on another
//! page (reached through a new property), a value added to one copy of an enum others share.

use mews_codegen::import::docs::DefId;
use mews_codegen::import::markdown::slug;
use mews_codegen::import::page::{self, DefKind, Definition, Page};
use mews_codegen::import::types::TypeExpr;
use mews_codegen::ir::{Layout, Shape};

use super::check::{
    arm_unions, property_kinds, request_types, sendable, shape, Expected, Root, Unions,
};
use super::draw::pick;
use super::rng::Rng;
use super::sources::{Imported, Pages};

/// One mutation; `None` when nothing in the pages fits the kind drawn (another is tried).
pub fn mutate(pages: &mut Pages, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    super::draw::mutation(
        &[
            (30, property),
            (18, enum_value),
            (14, union_arm),
            (10, operation),
            (14, identical_copy),
            (14, diverge),
        ],
        pages,
        rng,
        n,
        before,
    )
}

fn parsed(pages: &Pages) -> Vec<Page> {
    pages
        .0
        .iter()
        .map(|(path, text)| {
            let operations = path.starts_with("operations/") && !path.starts_with("operations/_");
            page::parse(path, text, operations)
        })
        .collect()
}

/// Inserts `text` after the 1-based line `line` of the page.
fn insert_after(pages: &mut Pages, path: &str, line: usize, text: &str) {
    let Some(page) = pages.0.get_mut(path) else {
        return;
    };
    let mut lines: Vec<&str> = page.split('\n').collect();
    let at = line.min(lines.len());
    lines.insert(at, text);
    *page = lines.join("\n");
}

fn append(pages: &mut Pages, path: &str, text: &str) {
    if let Some(page) = pages.0.get_mut(path) {
        page.push_str(&format!("\n{text}\n"));
    }
}

/// A link from `from` to a definition, as the docs write it.
fn link(from: &str, to: &DefId) -> String {
    let dir = |path: &str| path.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
    let file = to.page.rsplit('/').next().unwrap_or_default();
    if from == to.page {
        format!("#{}", to.anchor)
    } else if dir(from) == dir(&to.page) {
        format!("{file}#{}", to.anchor)
    } else {
        format!("../{}#{}", to.page, to.anchor)
    }
}

fn id(page: &Page, def: &Definition) -> DefId {
    DefId {
        page: page.path.clone(),
        anchor: def.anchor.clone(),
    }
}

fn is_wrapper(def: &Definition) -> bool {
    def.title.to_lowercase().ends_with("update value")
}

/// A type cell for a new row: a primitive, or a link to a definition (its key a root).
fn type_cell(
    pages: &[Page],
    rng: &mut Rng,
    from: &str,
    (owner, request): (Option<&str>, bool),
    before: &Imported,
    roots: &mut Vec<Root>,
) -> String {
    if rng.chance(65) {
        let primitives = ["string", "integer", "boolean", "number", "array of strings"];
        return (*pick(rng, &primitives).unwrap_or(&"string")).to_owned();
    }
    let targets: Vec<(DefId, String)> = pages
        .iter()
        .flat_map(|page| page.definitions.iter().map(move |def| (page, def)))
        .filter(|(_, def)| !is_wrapper(def) && matches!(def.kind, DefKind::Object(ref rows) if !rows.is_empty() && rows.iter().all(|r| r.name.is_some()) || matches!(def.kind, DefKind::Enum(_))))
        .map(|(page, def)| (id(page, def), def.title.clone()))
        .filter(|(target, _)| !closes_cycle(before, &target.to_string(), owner))
        .filter(|(target, _)| {
            sendable(&before.api, before.names.docs.name(&target.to_string()), request)
        })
        .collect();
    match pick(rng, &targets) {
        Some((target, title)) => {
            roots.push(Root::DocsKey(target.to_string()));
            let cell = format!("[{title}]({})", link(from, target));
            if rng.chance(30) {
                format!("array of {cell}")
            } else {
                cell
            }
        }
        None => "string".to_owned(),
    }
}

/// Whether a property of `owner` typed as the definition `key` would close a cycle of types:
/// the IR boxes every use on a cycle, which changes the Rust type of existing fields (a known
/// limit of stable types, generator/IMPORT.md), so the mutations leave cycles out.
fn closes_cycle(before: &Imported, key: &str, owner: Option<&str>) -> bool {
    let (Some(owner), Some(target)) = (owner, before.names.docs.name(key)) else {
        return false;
    };
    super::check::reachable(&before.api, &[target.to_owned()]).contains(owner)
}

fn row(name: &str, ty: &str, contract: &str, n: usize) -> String {
    format!("| `{name}` | {ty} | {contract} | Added by mutation {n}. |")
}

/// Tables a property can go into: (page, last row's line, names-file key).
fn tables(pages: &[Page]) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for page in pages {
        for def in &page.definitions {
            if let DefKind::Object(rows) = &def.kind {
                let named = rows.iter().all(|r| r.name.is_some());
                if let (Some(last), true, false) = (rows.last(), named, is_wrapper(def)) {
                    out.push((page.path.clone(), last.line, id(page, def).to_string()));
                }
            }
        }
        for op in &page.operations {
            let Some(op_id) = op.path.as_ref().and_then(|(_, path)| operation_id(path)) else {
                continue;
            };
            for (body, role) in [(&op.request, "request"), (&op.response, "response")] {
                if let Some(last) = body
                    .as_ref()
                    .and_then(|b| b.rows.as_ref())
                    .and_then(|r| r.last())
                {
                    out.push((page.path.clone(), last.line, format!("{op_id}/{role}")));
                }
            }
        }
    }
    out
}

fn operation_id(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/api/connector/v1/")?;
    let mut parts = rest.split('/');
    let (resource, action) = (parts.next()?, parts.next()?);
    Some(match parts.next() {
        Some(version) => format!("{resource}_{action}_{}", version.replace('-', "_")),
        None => format!("{resource}_{action}"),
    })
}

fn property(pages: &mut Pages, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let parsed = parsed(pages);
    let candidates: Vec<(String, usize, String, &'static [&'static str])> = tables(&parsed)
        .into_iter()
        .filter_map(|(path, line, key)| {
            let name = before.names.docs.name(&key)?.to_owned();
            let kinds = property_kinds(&before.api, &name)?;
            Some((path, line, name, kinds))
        })
        .collect();
    let (path, line, name, kinds) = pick(rng, &candidates)?.clone();
    let mut roots = Vec::new();
    let request = request_types(&before.api).contains(&name);
    let ty = type_cell(
        &parsed,
        rng,
        &path,
        (Some(&name), request),
        before,
        &mut roots,
    );
    let contract = if kinds == ["property-added"] && rng.chance(30) {
        "required"
    } else {
        "optional"
    };
    let field = format!("Added{n}");
    insert_after(pages, &path, line, &row(&field, &ty, contract, n));
    let mut expected = Expected::new(
        "docs property",
        format!("docs #{n}: property {name}.{field} ({ty}) in {path}"),
    )
    .line(kinds, format!("{name}.{field}"));
    expected.roots = roots;
    Some(expected)
}

/// An enum definition, its name, and the unions it is the discriminator of.
type EnumDef<'a> = (&'a Page, &'a Definition, String, Unions);

/// Enum definitions with their names, and the unions each is the discriminator of.
fn enums<'a>(parsed: &'a [Page], before: &Imported) -> Vec<EnumDef<'a>> {
    let mut out = Vec::new();
    for page in parsed {
        for def in &page.definitions {
            let DefKind::Enum(items) = &def.kind else {
                continue;
            };
            let Some(name) = before.names.docs.name(&id(page, def).to_string()) else {
                continue;
            };
            if items.is_empty() || !matches!(shape(&before.api, name), Some(Shape::Enum(_))) {
                continue;
            }
            let unions: Vec<(String, bool)> = before
                .api
                .types
                .iter()
                .filter_map(|t| match &t.shape {
                    Shape::Union(u) if u.discriminator_enum.as_deref() == Some(name) => {
                        Some((t.name.clone(), u.layout == Layout::Sibling))
                    }
                    _ => None,
                })
                .collect();
            out.push((page, def, name.to_owned(), unions));
        }
    }
    out
}

fn last_item_line(def: &Definition) -> Option<usize> {
    match &def.kind {
        DefKind::Enum(items) => items.last().map(|item| item.line),
        _ => None,
    }
}

fn copies(before: &Imported, name: &str) -> usize {
    before
        .names
        .docs
        .entries()
        .values()
        .filter(|other| *other == name)
        .count()
}

fn enum_value(pages: &mut Pages, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let parsed = parsed(pages);
    // Not a sibling union's discriminator (a value without its property is no union), nor a
    // discriminator with copies (the union reads its own copy).
    let candidates: Vec<(String, usize, String, Vec<String>)> = enums(&parsed, before)
        .into_iter()
        .filter(|(_, _, name, unions)| {
            unions.iter().all(|(_, sibling)| !sibling)
                && (unions.is_empty() || copies(before, name) == 1)
        })
        .filter_map(|(page, def, name, unions)| {
            Some((
                page.path.clone(),
                last_item_line(def)?,
                name,
                unions.into_iter().map(|(u, _)| u).collect(),
            ))
        })
        .collect();
    let (path, line, name, unions) = pick(rng, &candidates)?.clone();
    let value = format!("Value{n}");
    insert_after(
        pages,
        &path,
        line,
        &format!("* `{value}` - Added by mutation {n}."),
    );
    let mut expected = Expected::new(
        "docs enum value",
        format!("docs #{n}: value {name}::{value} in {path}"),
    )
    .line(&["enum-value-added"], format!("{name}::{value}"));
    for union in unions {
        expected = expected.line(&["union-arm-added"], format!("{union}::{value}"));
    }
    Some(expected)
}

fn union_arm(pages: &mut Pages, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let parsed = parsed(pages);
    let docs = pages.docs();
    let mut candidates = Vec::new();
    for page in &parsed {
        for def in &page.definitions {
            let DefKind::Object(rows) = &def.kind else {
                continue;
            };
            let Some(name) = before.names.docs.name(&id(page, def).to_string()) else {
                continue;
            };
            let Some(Shape::Union(union)) = shape(&before.api, name) else {
                continue;
            };
            let Some(TypeExpr::Link { target, .. }) = rows
                .iter()
                .find(|r| r.name.as_deref() == Some("Discriminator"))
                .map(|r| &r.ty)
            else {
                continue;
            };
            let Ok(enum_id) = docs.resolve(&page.path, target) else {
                continue;
            };
            let enum_name = before
                .names
                .docs
                .name(&enum_id.to_string())
                .map(str::to_owned);
            if enum_name.as_deref().is_some_and(|e| copies(before, e) > 1) {
                continue;
            }
            let Some(enum_line) = docs.definition(&enum_id).and_then(last_item_line) else {
                continue;
            };
            let last_row = rows.last().map(|r| r.line).unwrap_or(def.line);
            let Some(unions) = arm_unions(&before.api, name, enum_name.as_deref()) else {
                continue;
            };
            candidates.push((
                page.path.clone(),
                unions,
                union.layout == Layout::Sibling,
                enum_id,
                enum_line,
                enum_name,
                last_row,
            ));
        }
    }
    let (path, unions, sibling, enum_id, enum_line, enum_name, last_row) =
        pick(rng, &candidates)?.clone();
    let union = unions[0].clone();
    let value = format!("Arm{n}");
    let title = format!("Arm {n} data");
    let home = if sibling {
        path.clone()
    } else {
        enum_id.page.clone()
    };
    let payload = DefId {
        page: home.clone(),
        anchor: slug(&title),
    };
    let section = format!(
        "#### {title}\n\n| Property | Type | Contract | Description |\n| :-- | :-- | :-- | :-- |\n{}\n",
        row(&format!("Level{n}"), "integer", "required", n)
    );
    if sibling {
        // The row first: it is below the enum when both are on the page.
        insert_after(
            pages,
            &path,
            last_row,
            &row(
                &value,
                &format!("[{title}]({})", link(&path, &payload)),
                "optional",
                n,
            ),
        );
        let shift = usize::from(enum_id.page == path && enum_line > last_row);
        insert_after(
            pages,
            &enum_id.page,
            enum_line + shift,
            &format!("* `{value}`"),
        );
    } else {
        insert_after(
            pages,
            &enum_id.page,
            enum_line,
            &format!("* `{value}` - [{title}]({})", link(&enum_id.page, &payload)),
        );
    }
    append(pages, &home, &section);
    let mut expected = Expected::new("docs union arm", format!("docs #{n}: arm {union}::{value}"))
        .root(Root::DocsKey(payload.to_string()));
    for union in &unions {
        expected = expected.line(&["union-arm-added"], format!("{union}::{value}"));
    }
    if let Some(enum_name) = enum_name {
        expected = expected.line(&["enum-value-added"], format!("{enum_name}::{value}"));
    }
    Some(expected)
}

fn operation(pages: &mut Pages, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let parsed = parsed(pages);
    let candidates: Vec<(String, String)> = parsed
        .iter()
        .filter_map(|page| {
            let path = page.operations.iter().find_map(|op| op.path.as_ref())?;
            let resource = path
                .1
                .strip_prefix("/api/connector/v1/")?
                .split('/')
                .next()?;
            Some((page.path.clone(), resource.to_owned()))
        })
        .collect();
    let (path, resource) = pick(rng, &candidates)?.clone();
    let mut roots = Vec::new();
    let request_ty = type_cell(&parsed, rng, &path, (None, true), before, &mut roots);
    let response_ty = type_cell(&parsed, rng, &path, (None, false), before, &mut roots);
    let header = "| Property | Type | Contract | Description |\n| :-- | :-- | :-- | :-- |";
    let envelope = "| `ClientToken` | string | required | Token of the client. |\n| `AccessToken` | string | required | Token of the property. |\n| `Client` | string | required | Name of the client. |";
    let text = format!(
        "## Mutation {n}\n\n### Request\n\n`[PlatformAddress]/api/connector/v1/{resource}/mutation{n}`\n\n{header}\n{envelope}\n{}\n\n### Response\n\n{header}\n{}\n",
        row(&format!("Added{n}"), &request_ty, "optional", n),
        row(&format!("Result{n}"), &response_ty, "required", n),
    );
    append(pages, &path, &text);
    let id = format!("{resource}_mutation{n}");
    let mut expected = Expected::new("docs operation", format!("docs #{n}: operation {id}"))
        .line(&["operation-added"], &id)
        .root(Root::Operation(id.clone()));
    expected.roots.extend(roots);
    Some(expected)
}

fn identical_copy(
    pages: &mut Pages,
    rng: &mut Rng,
    n: usize,
    before: &Imported,
) -> Option<Expected> {
    let parsed = parsed(pages);
    let sources: Vec<(&Page, &Definition, String)> = enums(&parsed, before)
        .into_iter()
        .filter(|(_, _, _, unions)| unions.is_empty())
        .map(|(page, def, name, _)| (page, def, name))
        .collect();
    let (source_page, def, name) = pick(rng, &sources)?.clone();
    let anchor = slug(&def.title);
    // A page with a table to reach the copy from, that has no section of that title yet.
    let targets: Vec<(String, usize, String, &'static [&'static str])> = tables(&parsed)
        .into_iter()
        .filter(|(path, _, _)| path != &source_page.path && path.starts_with("operations/"))
        .filter(|(path, _, _)| {
            parsed.iter().find(|p| &p.path == path).is_some_and(|p| {
                p.definitions.iter().all(|d| d.anchor != anchor)
                    && p.operations.iter().all(|o| o.anchor != anchor)
            })
        })
        .filter_map(|(path, line, key)| {
            let owner = before.names.docs.name(&key)?.to_owned();
            Some((
                path,
                line,
                owner.clone(),
                property_kinds(&before.api, &owner)?,
            ))
        })
        .collect();
    let (path, line, owner, kinds) = pick(rng, &targets)?.clone();
    let DefKind::Enum(items) = &def.kind else {
        return None;
    };
    let text = pages.0.get(&source_page.path)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let (first, last) = (items.first()?.line, items.last()?.line);
    let body = lines.get(first - 1..last)?.join("\n");
    let field = format!("Added{n}");
    insert_after(
        pages,
        &path,
        line,
        &row(
            &field,
            &format!("[{}](#{anchor})", def.title),
            "optional",
            n,
        ),
    );
    append(pages, &path, &format!("#### {}\n\n{body}\n", def.title));
    Some(
        Expected::new(
            "docs identical copy",
            format!(
                "docs #{n}: a copy of {name} ({}) on {path}, reached by {owner}.{field}",
                source_page.path
            ),
        )
        .line(kinds, format!("{owner}.{field}"))
        .root(Root::Type(name)),
    )
}

fn diverge(pages: &mut Pages, rng: &mut Rng, n: usize, before: &Imported) -> Option<Expected> {
    let parsed = parsed(pages);
    let candidates: Vec<(String, usize, String)> = enums(&parsed, before)
        .into_iter()
        .filter(|(_, _, name, unions)| unions.is_empty() && copies(before, name) > 1)
        .filter_map(|(page, def, name, _)| Some((page.path.clone(), last_item_line(def)?, name)))
        .collect();
    let (path, line, name) = pick(rng, &candidates)?.clone();
    let value = format!("Diverged{n}");
    insert_after(pages, &path, line, &format!("* `{value}`"));
    Some(
        Expected::new(
            "docs copy diverges",
            format!("docs #{n}: the copy of {name} on {path} diverges"),
        )
        .line(&["enum-value-added"], format!("{name}::{value}")),
    )
}
