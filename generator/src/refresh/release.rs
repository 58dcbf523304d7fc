//! The crate's CHANGELOG.md section for one refresh: the diff of the committed spec before and
//! after (its `--json` form, the diff's stable contract), grouped as breaking, added,
//! deprecated and changed, each line linking the Mews changelog entry that announces it (the
//! spec's `x-added`, `x-removed`, `x-discontinued` evidence) or else the item's page in the
//! Mews docs.

use crate::json::Value;

use crate::import::changelog::Changelog;
use crate::ir::naming::type_name;

/// The file's head when there is none yet.
pub const PREAMBLE: &str = "# Changelog\n\nWhat changed in `mews-connector` with each release, newest first. `mews-codegen refresh`\nwrites each section from the diff of the spec before and after (generator/src/refresh/); every\nline links the Mews changelog entry that announces the change, else the item's page in the\nMews docs. Breaking changes bump the minor version while the crate is 0.x, others the patch.\n";

/// Where the public Mews changelog starts, for a change nothing else places.
const MEWS_CHANGELOG: &str = "https://docs.mews.com/connector-api/changelog";

/// The groups of a section, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Breaking,
    Added,
    Deprecated,
    Changed,
}

impl Group {
    fn title(self) -> &'static str {
        match self {
            Group::Breaking => "Breaking",
            Group::Added => "Added",
            Group::Deprecated => "Deprecated",
            Group::Changed => "Changed",
        }
    }

    fn of(change: &Value) -> Group {
        let kind = text(change, "kind");
        if text(change, "class") == "breaking" {
            Group::Breaking
        } else if kind == "deprecated" {
            Group::Deprecated
        } else if kind.ends_with("-added") {
            Group::Added
        } else {
            Group::Changed
        }
    }
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Mews' changelog and the window of this refresh (after the previous spec's oldest source, up
/// to the newest): where a change without evidence in the spec is looked up by name.
#[derive(Clone, Copy)]
pub struct Announcements<'a> {
    pub changelog: &'a Changelog,
    pub window: (&'a str, &'a str),
}

/// What heads a section.
pub struct Heading<'a> {
    pub version: &'a str,
    /// The newest source's date: the section's date (so that `--check` gives the same text).
    pub date: &'a str,
    /// `the docs connector-api-2026-08-07 (…) and the OpenAPI spec connector-2026-06-02.yaml (…)`.
    pub sources: &'a str,
}

/// The section: `## version (date)`, the sources, then one list per group.
pub fn section(
    diff: &Value,
    (old, new): (&Value, &Value),
    heading: &Heading<'_>,
    announcements: Option<Announcements<'_>>,
) -> String {
    let mut lines: Vec<(Group, String)> = diff
        .get("changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|change| (Group::of(change), line(change, old, new, announcements)))
        .collect();
    lines.sort_by_key(|(group, _)| *group);
    let mut out = format!(
        "## {} ({})\n\nRegenerated from {}.\n",
        heading.version, heading.date, heading.sources
    );
    let mut current = None;
    for (group, line) in lines {
        if current != Some(group) {
            out.push_str(&format!("\n### {}\n\n", group.title()));
            current = Some(group);
        }
        out.push_str(&format!("- {line}\n"));
    }
    out
}

/// `` `IdentityDocumentV20241025.IsVerified`: property added (Option<bool>) ([Mews changelog
/// 2026-07-31](…)) ``.
fn line(
    change: &Value,
    old: &Value,
    new: &Value,
    announcements: Option<Announcements<'_>>,
) -> String {
    let path = text(change, "path");
    let message = text(change, "message").replace('`', "");
    let removed = text(change, "class") == "breaking" && text(change, "kind").ends_with("-removed");
    let (first, second) = if removed { (old, new) } else { (new, old) };
    let link = evidence(first, path)
        .or_else(|| evidence(second, path))
        .or_else(|| announced(announcements?, first, path))
        .map(|(date, url)| format!("[Mews changelog {date}]({url})"))
        .or_else(|| {
            change
                .get("docs")
                .and_then(Value::as_str)
                .or_else(|| docs_page(first, path))
                .or_else(|| docs_page(second, path))
                .map(|url| format!("[docs]({url})"))
        })
        .unwrap_or_else(|| format!("[Mews changelog]({MEWS_CHANGELOG})"));
    format!("`{path}`: {message} ({link})")
}

/// The spec node a diff path names, and for a value or arm its value: an operation by id, a
/// schema by its Rust name, `Schema.Property`, `Schema::Value`.
pub(super) enum Place<'a> {
    Operation(&'a Value),
    Schema(&'a Value),
    /// The schema and, when it has it, the property.
    Property(&'a Value, Option<&'a Value>),
    Value(&'a Value, String),
}

pub(super) fn place<'a>(spec: &'a Value, path: &str) -> Option<Place<'a>> {
    if let Some(op) = spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(|item| item.get("post"))
        .find(|post| post.get("operationId").and_then(Value::as_str) == Some(path))
    {
        return Some(Place::Operation(op));
    }
    let (schema, member) = match (path.split_once("::"), path.split_once('.')) {
        (Some((schema, value)), _) => (schema, Some((true, value))),
        (None, Some((schema, property))) => (schema, Some((false, property))),
        (None, None) => (path, None),
    };
    let schemas = spec.pointer("/components/schemas")?.as_object()?;
    let node = schemas.get(schema).or_else(|| {
        schemas
            .iter()
            .find(|(name, _)| type_name(name).as_deref() == Some(schema))
            .map(|(_, node)| node)
    })?;
    Some(match member {
        None => Place::Schema(node),
        Some((true, value)) => Place::Value(node, value.to_owned()),
        Some((false, property)) => {
            // `Reservation.Rate.Name` (through a split type) names the first property.
            let first = property.split('.').next().unwrap_or(property);
            Place::Property(node, node.get("properties").and_then(|p| p.get(first)))
        }
    })
}

/// The changelog entry the spec records for the item: `(date, url)`.
fn evidence(spec: &Value, path: &str) -> Option<(String, String)> {
    let marks = |node: &Value| -> Option<(String, String)> {
        ["x-added", "x-removed", "x-discontinued"]
            .iter()
            .find_map(|key| {
                let since = node.get(*key)?;
                Some((
                    text(since, "date").to_owned(),
                    since.get("changelog")?.as_str()?.to_owned(),
                ))
            })
    };
    match place(spec, path)? {
        Place::Operation(node) | Place::Schema(node) => marks(node),
        Place::Property(_, property) => marks(property?),
        Place::Value(schema, value) => {
            ["x-added-values", "x-removed-values"]
                .iter()
                .find_map(|key| {
                    let since = schema.get(*key)?.get(&value)?;
                    Some((
                        text(since, "date").to_owned(),
                        since.get("changelog")?.as_str()?.to_owned(),
                    ))
                })
        }
    }
}

/// The entry of Mews' changelog that names the item, found by its docs section and name.
fn announced(
    announcements: Announcements<'_>,
    spec: &Value,
    path: &str,
) -> Option<(String, String)> {
    let section = docs_page(spec, path).map(|url| {
        let rest = url
            .strip_prefix("https://docs.mews.com/connector-api/")
            .unwrap_or(url);
        let (page, anchor) = rest.split_once('#').unwrap_or((rest, ""));
        format!("{page}.md#{anchor}")
    });
    let member = path
        .split_once("::")
        .map(|(_, value)| value)
        .or_else(|| path.split_once('.').map(|(_, property)| property));
    let (changelog, window) = (announcements.changelog, announcements.window);
    let found = match member {
        Some(member) => changelog.announcing_member(window, section.as_deref(), member),
        None => changelog.announcing_operation(window, section.as_deref(), None),
    }?;
    Some((found.entry.date.clone(), found.entry.url()))
}

/// The item's page in the public Mews docs (`x-docs` of the operation or schema).
fn docs_page<'a>(spec: &'a Value, path: &str) -> Option<&'a str> {
    let node = match place(spec, path)? {
        Place::Operation(node) | Place::Schema(node) => node,
        Place::Property(schema, _) | Place::Value(schema, _) => schema,
    };
    node.get("x-docs").and_then(Value::as_str)
}

/// CHANGELOG.md with `section` as its newest: after the preamble, before the first `## `.
pub fn insert(changelog: &str, section: &str) -> String {
    let base = if changelog.trim().is_empty() {
        PREAMBLE.to_owned()
    } else {
        changelog.to_owned()
    };
    match base.find("\n## ") {
        Some(at) => format!("{}\n{section}{}", &base[..=at], &base[at..]),
        None => format!(
            "{}\n{section}",
            base.trim_end_matches('\n').to_owned() + "\n"
        ),
    }
}

/// Whether CHANGELOG.md has a section for `version`.
pub fn has_section(changelog: &str, version: &str) -> bool {
    changelog
        .lines()
        .any(|line| line.starts_with(&format!("## {version} ")) || line == format!("## {version}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn groups_changes_and_links_their_evidence() {
        let new = json!({
            "paths": {"/a": {"post": {"operationId": "things_add", "x-docs": "https://docs.example/things#add"}}},
            "components": {"schemas": {
                "Thing": {"x-docs": "https://docs.example/things#thing", "properties": {
                    "IsVerified": {"type": "boolean", "x-added": {"date": "2026-07-31", "source": "docs", "changelog": "https://log#july"}}
                }},
                "Kind": {"enum": ["A", "B"], "x-added-values": {"B": {"date": "2026-06-24", "source": "docs", "changelog": "https://log#june"}}}
            }}
        });
        let diff = json!({"changes": [
            {"class": "breaking", "kind": "type-changed", "path": "Thing.Size", "message": "type `i32` → `i64`"},
            {"class": "additive", "kind": "property-added", "path": "Thing.IsVerified", "message": "property added (Option<bool>)"},
            {"class": "additive", "kind": "enum-value-added", "path": "Kind::B", "message": "enum value added"},
            {"class": "additive", "kind": "operation-added", "path": "things_add", "message": "operation added"},
            {"class": "additive", "kind": "deprecated", "path": "things_add", "message": "now deprecated"}
        ]});
        let heading = Heading {
            version: "0.2.0",
            date: "2026-07-31",
            sources: "the docs",
        };
        let text = section(&diff, (&json!({}), &new), &heading, None);
        assert!(text.starts_with("## 0.2.0 (2026-07-31)\n\nRegenerated from the docs.\n\n### Breaking\n\n- `Thing.Size`: type i32 → i64 ([docs](https://docs.example/things#thing))\n"), "{text}");
        assert!(text.contains("### Added\n\n- `Thing.IsVerified`: property added (Option<bool>) ([Mews changelog 2026-07-31](https://log#july))\n- `Kind::B`: enum value added ([Mews changelog 2026-06-24](https://log#june))\n- `things_add`: operation added ([docs](https://docs.example/things#add))\n"), "{text}");
        assert!(
            text.contains("### Deprecated\n\n- `things_add`: now deprecated"),
            "{text}"
        );
        let file = insert(
            &insert("", &text),
            "## 0.2.1 (2026-08-01)\n\nRegenerated.\n",
        );
        assert!(file.starts_with(PREAMBLE), "{file}");
        assert!(file.find("## 0.2.1") < file.find("## 0.2.0"), "{file}");
        assert!(has_section(&file, "0.2.0") && !has_section(&file, "0.3.0"));
    }
}
