//! Schema names for the docs' titles, decided over every page so that a name never depends on
//! which operations are imported.
//!
//! A title becomes UpperCamelCase (`Order item data` → `OrderItemData`). When several pages
//! define the same title: identical definitions share one schema; otherwise the definition on the
//! title's home page keeps the plain name (the page whose name starts the title: `orderitems.md`
//! for `Order item data`, and `_objects.md` for everything it defines) and the others are
//! qualified by their page's title (`AccountingItemsOrderItem`). Remaining ties get a number.

use std::collections::BTreeMap;

use crate::case::Case;

use super::docs::{DefId, Docs};
use super::page::{DefKind, Definition};
use super::stable::Ledger;
use super::types::TypeExpr;

/// Schema names: for every definition its name, and for every name the definition it is
/// converted from (the one on the title's home page when identical definitions share it) and
/// every definition that has it (more than one when copies share a name).
pub struct Names {
    pub of: BTreeMap<DefId, String>,
    pub canonical: BTreeMap<String, DefId>,
    pub members: BTreeMap<String, Vec<DefId>>,
}

/// A name for every definition of every page: the name `ledger` records for it, else one
/// decided as described above among the names no definition has had. Every name is given to
/// the ledger. With an empty ledger, the names are those of the rule alone.
pub fn assign(docs: &Docs, ledger: &mut Ledger) -> Names {
    let mut groups: BTreeMap<String, Vec<DefId>> = BTreeMap::new();
    // The events pages are named afterwards, so that they never change an operation page's name.
    for (path, page) in docs
        .pages
        .iter()
        .filter(|(path, _)| !super::events::is_events_page(path))
    {
        for def in &page.definitions {
            groups.entry(camel(&def.title)).or_default().push(DefId {
                page: path.clone(),
                anchor: def.anchor.clone(),
            });
        }
    }
    let present: std::collections::BTreeSet<String> =
        groups.values().flatten().map(ToString::to_string).collect();
    let mut names = BTreeMap::new();
    let mut taken: BTreeMap<String, String> = ledger
        .names()
        .map(|name| (name.to_owned(), String::new()))
        .collect();
    for (base, ids) in groups {
        // Definitions named before keep their names; the others form classes of identical
        // definitions, in page order, and join a recorded name one of its definitions shares.
        let mut recorded: Vec<(String, Vec<(String, DefId)>)> = Vec::new();
        let mut classes: Vec<(String, Vec<DefId>)> = Vec::new();
        for id in ids {
            let Some(def) = docs.definition(&id) else {
                continue;
            };
            let print = fingerprint(docs, &id.page, def);
            if let Some(name) = ledger.recorded(&id.to_string()) {
                match recorded.iter_mut().find(|(other, _)| other == name) {
                    Some((_, members)) => members.push((print, id)),
                    None => recorded.push((name.to_owned(), vec![(print, id)])),
                }
                continue;
            }
            match classes.iter_mut().find(|(other, _)| *other == print) {
                Some((_, members)) => members.push(id),
                None => classes.push((print, vec![id])),
            }
        }
        let mut fresh: Vec<(String, Vec<DefId>)> = Vec::new();
        for (print, members) in classes {
            let joined = recorded
                .iter()
                .find(|(_, named)| named.iter().any(|(other, _)| *other == print));
            match joined {
                Some((name, _)) => {
                    for member in members {
                        names.insert(member, name.clone());
                    }
                }
                None => fresh.push((print, members)),
            }
        }
        for (name, members) in &recorded {
            for (_, member) in members {
                names.insert(member.clone(), name.clone());
            }
        }
        // The rule decides among every class, the recorded ones included, so that a new class
        // gets the plain title only where the rule would give it that.
        let all: Vec<(String, Vec<DefId>)> = recorded
            .iter()
            .map(|(name, members)| {
                (
                    format!("recorded:{name}"),
                    members.iter().map(|(_, id)| id.clone()).collect(),
                )
            })
            .chain(fresh.iter().cloned())
            .collect();
        let home = (all.len() > 1).then(|| home_class(&base, &all)).flatten();
        for (index, (_, members)) in fresh.iter().enumerate() {
            let Some(first) = members.first() else {
                continue;
            };
            let qualified = || {
                let qualifier = docs
                    .pages
                    .get(&first.page)
                    .and_then(|p| p.title.as_deref())
                    .map_or_else(|| stem(&first.page).to_upper_camel_case(), camel);
                format!("{qualifier}{base}")
            };
            let plain = all.len() == 1 || home == Some(recorded.len() + index);
            // A recorded name is never taken over: the class is qualified instead. Unless the
            // section moved: every key recorded with the plain name is gone from the docs (Mews
            // moved the section to another page or anchor), so the new key takes the name over.
            let moved = plain
                && moved_here(ledger, &base, &present)
                && taken.get(&base) == Some(&String::new());
            let name = if moved {
                taken.insert(base.clone(), first.to_string());
                base.clone()
            } else {
                let wanted = if plain && !ledger.is_taken(&base) {
                    base.clone()
                } else {
                    qualified()
                };
                unique(&wanted, &first.to_string(), &mut taken)
            };
            for member in members {
                names.insert(member.clone(), name.clone());
            }
        }
    }
    events_names(docs, &mut names, &mut taken, ledger);
    let mut members: BTreeMap<String, Vec<DefId>> = BTreeMap::new();
    for (id, name) in &names {
        ledger.give(&id.to_string(), name);
        members.entry(name.clone()).or_default().push(id.clone());
    }
    let canonical = members
        .iter()
        .filter_map(|(name, ids)| Some((name.clone(), best(docs, ids)?.clone())))
        .collect();
    Names {
        of: names,
        canonical,
        members,
    }
}

/// The definition a shared name is converted from: the one on `_objects.md`, else on the page
/// whose name starts the title best, else the first.
fn best<'a>(docs: &Docs, ids: &'a [DefId]) -> Option<&'a DefId> {
    let title = ids
        .first()
        .and_then(|id| docs.definition(id))
        .map(|def| camel(&def.title).to_lowercase())
        .unwrap_or_default();
    ids.iter().max_by_key(|member| {
        (
            stem(&member.page) == "_objects",
            home_score(&title, stem(&member.page)),
            std::cmp::Reverse((*member).clone()),
        )
    })
}

/// The names of the events pages' sections, after every other page's: a message body is
/// `{Page}Message` (`GeneralWebhookMessage`); another section keeps its title's name unless that
/// is taken or another events page has the title too, when it is prefixed with its page's
/// (`GeneralWebhookEvent`, `IntegrationWebhookEnterprise`).
fn events_names(
    docs: &Docs,
    names: &mut BTreeMap<DefId, String>,
    taken: &mut BTreeMap<String, String>,
    ledger: &Ledger,
) {
    let events: Vec<&super::page::Page> = docs
        .pages
        .iter()
        .filter(|(path, _)| super::events::is_events_page(path))
        .map(|(_, page)| page)
        .collect();
    let mut titles: BTreeMap<String, usize> = BTreeMap::new();
    for page in &events {
        for def in &page.definitions {
            *titles.entry(camel(&def.title)).or_default() += 1;
        }
    }
    for page in events {
        let prefix = super::events::prefix(page);
        let body = super::events::body(page).map(|def| def.anchor.clone());
        for def in &page.definitions {
            let id = DefId {
                page: page.path.clone(),
                anchor: def.anchor.clone(),
            };
            if let Some(name) = ledger.recorded(&id.to_string()) {
                names.insert(id, name.to_owned());
                continue;
            }
            let base = camel(&def.title);
            let wanted = if body.as_deref() == Some(def.anchor.as_str()) {
                format!("{prefix}Message")
            } else if taken.contains_key(&base)
                || titles.get(&base).copied().unwrap_or_default() > 1
            {
                if base.starts_with(&prefix) {
                    base
                } else {
                    format!("{prefix}{base}")
                }
            } else {
                base
            };
            let name = unique(&wanted, &id.to_string(), taken);
            names.insert(id, name);
        }
    }
}

/// A title as a schema name: `Reservation (ver 2023-06-06)` → `ReservationVer20230606`.
pub fn camel(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let name = cleaned.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("T{name}")
    } else {
        name
    }
}

/// Whether `name` is recorded, and only for docs sections no longer in the docs (a name recorded
/// for an operation's body is never moved).
fn moved_here(ledger: &Ledger, name: &str, present: &std::collections::BTreeSet<String>) -> bool {
    let mut keys = ledger.recorded_keys(name).peekable();
    keys.peek().is_some() && keys.all(|key| key.contains(".md#") && !present.contains(key))
}

/// Reserves `wanted`, or the first free `wanted2`, `wanted3`...
pub fn unique(wanted: &str, holder: &str, taken: &mut BTreeMap<String, String>) -> String {
    let mut name = wanted.to_owned();
    let mut counter = 2;
    while taken.contains_key(&name) {
        name = format!("{wanted}{counter}");
        counter += 1;
    }
    taken.insert(name.clone(), holder.to_owned());
    name
}

fn stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// The class defined on the title's home page, if exactly one page is the best match.
fn home_class(base: &str, classes: &[(String, Vec<DefId>)]) -> Option<usize> {
    let title = base.to_lowercase();
    let mut best: Option<(usize, usize)> = None;
    let mut tie = false;
    for (index, (_, members)) in classes.iter().enumerate() {
        for member in members {
            let score = if stem(&member.page) == "_objects" {
                usize::MAX
            } else {
                home_score(&title, stem(&member.page))
            };
            if score == 0 {
                continue;
            }
            match best {
                Some((_, best_score)) if best_score > score => {}
                Some((best_index, best_score)) if best_score == score => tie |= best_index != index,
                _ => {
                    best = Some((index, score));
                    tie = false;
                }
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(index, _)| index)
}

/// How well a page's file name starts a title: the length of the matching singular form.
fn home_score(title: &str, stem: &str) -> usize {
    let mut forms = vec![stem.to_owned()];
    if let Some(singular) = stem.strip_suffix("ies") {
        forms.push(format!("{singular}y"));
    }
    if let Some(singular) = stem.strip_suffix('s') {
        forms.push(singular.to_owned());
    }
    forms
        .into_iter()
        .filter(|form| !form.is_empty() && title.starts_with(form.as_str()))
        .map(|form| form.len())
        .max()
        .unwrap_or(0)
}

/// What makes two definitions the same schema: their shape with links resolved, not their text.
pub(super) fn fingerprint(docs: &Docs, page: &str, def: &Definition) -> String {
    match &def.kind {
        DefKind::Object(rows) => rows
            .iter()
            .map(|row| {
                format!(
                    "{}:{}:{}:{}",
                    row.name.as_deref().unwrap_or("?"),
                    type_print(docs, page, &row.ty),
                    row.contract.required,
                    row.deprecated.is_some()
                )
            })
            .collect::<Vec<_>>()
            .join(";"),
        DefKind::Enum(items) => {
            let mut values: Vec<&str> = items.iter().map(|item| item.value.as_str()).collect();
            values.sort_unstable();
            format!("enum:{}", values.join(","))
        }
        DefKind::Map(ty) => format!("map:{}", type_print(docs, page, ty)),
        DefKind::OneOf(links) => format!(
            "oneof:{}",
            links
                .iter()
                .map(|link| link.target.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
        DefKind::Example => format!(
            "example:{}",
            def.example
                .as_ref()
                .map(|(_, text)| text.as_str())
                .unwrap_or_default()
        ),
    }
}

fn type_print(docs: &Docs, page: &str, ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Array(inner) => format!("[{}]", type_print(docs, page, inner)),
        TypeExpr::Link { title, target } => match docs.resolve(page, target) {
            Ok(id) => id.to_string(),
            Err(_) => format!("broken:{title}"),
        },
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases_titles() {
        assert_eq!(camel("Order item data"), "OrderItemData");
        assert_eq!(
            camel("Reservation (ver 2023-06-06)"),
            "ReservationVer20230606"
        );
        assert_eq!(camel("CancellationReason"), "CancellationReason");
    }

    #[test]
    fn scores_home_pages() {
        assert_eq!(home_score("orderitemdata", "orderitems"), 9);
        assert_eq!(home_score("orderitemdata", "accountingitems"), 0);
        assert_eq!(home_score("company", "companies"), 7);
    }
}
