//! What the committed spec keeps of the sources' deprecation notes (facts and links, in our
//! words), and links to the public Mews docs.

use crate::import::model::Model;

/// Deprecation notes are the sources' sentences; the committed spec keeps their facts only:
/// what replaces the item, with the links rewritten to the public docs
/// (`Use [Merge accounts](…/accounts#merge-accounts) instead.` → `Replaced by Merge accounts
/// (https://docs.mews.com/connector-api/operations/accounts#merge-accounts).`).
pub(super) fn notes_in_our_words(model: &mut Model) {
    for op in &mut model.operations {
        if let Some(note) = &mut op.deprecated {
            *note = replacement(note);
            if let Some(since) = &op.discontinued {
                *note = format!("Discontinued by Mews on {}: calls fail. {note}", since.date)
                    .trim_end()
                    .to_owned();
            }
        }
        // The docs' Restricted! text is Mews' sentence; the fact is that it is restricted.
        if let Some(note) = &mut op.restricted {
            if !note.starts_with("Restricted by Mews") {
                *note = "Restricted by Mews (the docs mark it restricted).".to_owned();
            }
        }
    }
    for schema in model.schemas.values_mut() {
        if let Some(note) = &mut schema.deprecated {
            *note = replacement(note);
        }
        if let Some(properties) = schema.properties_mut() {
            for property in properties {
                if let Some(note) = &mut property.deprecated {
                    *note = replacement(note);
                }
            }
        }
    }
}

/// The replacements a deprecation note links to, as our sentence; empty when it links none.
pub fn replacement(note: &str) -> String {
    let mut links = Vec::new();
    let mut rest = note;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let Some((text, tail)) = after.split_once("](") else {
            break;
        };
        let Some((url, tail)) = tail.split_once(')') else {
            break;
        };
        links.push(format!("{text} ({})", public_docs(url)));
        rest = tail;
    }
    if links.is_empty() {
        String::new()
    } else {
        format!("Replaced by {}.", links.join(" and "))
    }
}

/// A link of the sources as a link to the public Mews docs: the docs' old host and relative
/// page links (`accounts.md#merge-accounts`) become `https://docs.mews.com/connector-api/...`.
pub fn public_docs(url: &str) -> String {
    const PUBLIC: &str = "https://docs.mews.com/connector-api/";
    if let Some(path) = url.strip_prefix("https://mews-systems.gitbook.io/connector-api/") {
        return format!("{PUBLIC}{path}");
    }
    if url.starts_with("http") {
        return url.to_owned();
    }
    let page = url
        .trim_start_matches("./")
        .trim_start_matches("../operations/");
    let (file, anchor) = page.split_once('#').unwrap_or((page, ""));
    let file = file.trim_end_matches(".md");
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    format!("{PUBLIC}operations/{file}{anchor}")
}

/// `operations/orderitems.md#get-all-order-items` (where the docs import found an item) as its
/// page in the public Mews docs.
pub(super) fn docs_url(source: &str) -> String {
    public_docs(source.strip_prefix("operations/").unwrap_or(source))
}

/// `events/wh-general.md#request-body` as its page in the public Mews docs.
pub(super) fn events_docs_url(source: &str) -> String {
    let (file, anchor) = source.split_once('#').unwrap_or((source, ""));
    let file = file.trim_end_matches(".md");
    match anchor {
        "" => format!("https://docs.mews.com/connector-api/{file}"),
        anchor => format!("https://docs.mews.com/connector-api/{file}#{anchor}"),
    }
}
