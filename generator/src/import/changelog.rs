//! Mews' own dated list of API changes (`changelog/` of a docs checkout): each entry with its
//! date, heading and claims, and the lookups that find the entry announcing an item.
//!
//! Two grammars are read. The current year (`changelog/README.md`) wraps each entry in
//! `{% update date="2026-07-31" %}` … `{% endupdate %}` under a `## Title`; earlier years
//! (`changelog2025.md`) head each entry with its date, `## 15th December 2025`. Inside, a
//! top-level bullet ending in `:` names what the claims below it are about (usually a link to an
//! operation), and each nested bullet is one claim. A top-level bullet without the colon is a
//! claim about nothing in particular.

use super::markdown::{link_at, slug};

/// A link of a claim, its target relative to the docs directory (`operations/orders.md#add-order`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub target: String,
}

impl Link {
    /// The target in the public Mews docs (`operations/x.md#a` →
    /// `https://docs.mews.com/connector-api/operations/x#a`); external links as they are.
    pub fn url(&self) -> String {
        if self.target.contains("://") {
            return self.target.clone();
        }
        let (page, anchor) = self
            .target
            .split_once('#')
            .unwrap_or((self.target.as_str(), ""));
        let page = page.trim_end_matches(".md").trim_end_matches("/README");
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        format!("https://docs.mews.com/connector-api/{page}{anchor}")
    }
}

/// One bullet that says something changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub line: usize,
    /// The bullet's text, markup kept (for matching, never copied into the repository).
    pub text: String,
    pub links: Vec<Link>,
    /// The `code spans` of the bullet: property names, enum values.
    pub code: Vec<String>,
    /// What the claim is about: the top-level bullets ending in `:` above it (their link when
    /// they have one, else their text as a link without target).
    pub subjects: Vec<Link>,
}

/// One dated entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The entry's heading (`July 2026 updates`, or the date itself in earlier years).
    pub title: String,
    /// `changelog/README.md`.
    pub file: String,
    /// The line of the heading (or of the `{% update %}` tag).
    pub line: usize,
    pub claims: Vec<Claim>,
}

impl Entry {
    /// The entry in the public Mews docs: the changelog page of its year, at its heading.
    pub fn url(&self) -> String {
        let page = self
            .file
            .trim_start_matches("changelog/")
            .trim_end_matches(".md");
        let page = if page == "README" {
            "changelog".to_owned()
        } else {
            format!("changelog/{page}")
        };
        format!(
            "https://docs.mews.com/connector-api/{page}#{}",
            slug(&self.title)
        )
    }

    /// `2026-07-31 (changelog/README.md:4)`: how reports and evidence name the entry.
    pub fn cite(&self) -> String {
        format!("{} ({}:{})", self.date, self.file, self.line)
    }
}

/// Every entry of a checkout, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changelog {
    pub entries: Vec<Entry>,
}

/// The claim of an entry that announces an item.
#[derive(Clone, Copy, Debug)]
pub struct Announcement<'a> {
    pub entry: &'a Entry,
    pub claim: &'a Claim,
}

impl Changelog {
    /// Parses the changelog pages, `(path relative to the docs directory, text)`.
    pub fn parse<'a>(pages: impl IntoIterator<Item = (&'a str, &'a str)>) -> Changelog {
        let mut entries = Vec::new();
        for (path, text) in pages {
            entries.extend(parse_page(path, text));
        }
        entries.sort_by(|a, b| {
            (b.date.as_str(), a.file.as_str(), a.line).cmp(&(
                a.date.as_str(),
                b.file.as_str(),
                b.line,
            ))
        });
        Changelog { entries }
    }

    /// The date of the newest entry: how new the docs are.
    pub fn newest(&self) -> Option<&str> {
        self.entries.first().map(|entry| entry.date.as_str())
    }

    /// The entries dated after `after` (exclusive) up to `until` (inclusive), oldest first.
    pub fn between<'a>(
        &'a self,
        after: &'a str,
        until: &'a str,
    ) -> impl Iterator<Item = &'a Entry> {
        self.entries
            .iter()
            .rev()
            .filter(move |entry| entry.date.as_str() > after && entry.date.as_str() <= until)
    }

    /// The earliest claim in the window that names `member` in code and links the definition
    /// at `anchor` (`operations/identitydocuments.md#identity-document-parameters`); failing
    /// that, one that names `member` and links any section of the same page.
    pub fn announcing_member<'a>(
        &'a self,
        window: (&'a str, &'a str),
        anchor: Option<&str>,
        member: &str,
    ) -> Option<Announcement<'a>> {
        let names = |claim: &Claim| claim.code.iter().any(|code| code == member);
        let exact = |claim: &Claim| anchor.is_some_and(|anchor| links_to(claim, anchor));
        let same_page = |claim: &Claim| {
            anchor.is_some_and(|anchor| {
                let page = anchor.split('#').next().unwrap_or(anchor);
                claim
                    .links
                    .iter()
                    .chain(&claim.subjects)
                    .any(|link| link.target.split('#').next() == Some(page))
            })
        };
        self.find(window, |claim| names(claim) && exact(claim))
            .or_else(|| self.find(window, |claim| names(claim) && same_page(claim)))
    }

    /// The earliest claim in the window about the operation at `anchor`
    /// (`operations/resourcecategories.md#add-resource-categories`) or, for claims whose subject
    /// has no link (operations Mews removed), titled `title`.
    pub fn announcing_operation<'a>(
        &'a self,
        window: (&'a str, &'a str),
        anchor: Option<&str>,
        title: Option<&str>,
    ) -> Option<Announcement<'a>> {
        self.find(window, |claim| {
            anchor.is_some_and(|anchor| links_to(claim, anchor))
                || title.is_some_and(|title| {
                    claim.subjects.iter().any(|subject| {
                        subject.target.is_empty() && same_title(&subject.text, title)
                    })
                })
        })
    }

    /// The earliest claim in the window that says an item was removed, discontinued or
    /// deprecated: about the operation at `anchor` or titled `title` (Mews drops the link of
    /// what it removes), or naming `member` in code on the page of `anchor`.
    pub fn announcing_removal<'a>(
        &'a self,
        window: (&'a str, &'a str),
        anchor: Option<&str>,
        title: Option<&str>,
        member: Option<&str>,
    ) -> Option<Announcement<'a>> {
        let removes = |claim: &Claim| {
            let text = claim.text.to_lowercase();
            ["remov", "discontinu", "deprecat"]
                .iter()
                .any(|word| text.contains(word))
        };
        let page = anchor.map(|anchor| anchor.split('#').next().unwrap_or(anchor));
        self.find(window, |claim| {
            if !removes(claim) {
                return false;
            }
            match member {
                Some(member) => {
                    claim.code.iter().any(|code| code == member)
                        && page.is_some_and(|page| {
                            claim
                                .links
                                .iter()
                                .chain(&claim.subjects)
                                .any(|link| link.target.split('#').next() == Some(page))
                        })
                }
                None => {
                    anchor.is_some_and(|anchor| {
                        claim
                            .subjects
                            .iter()
                            .any(|s| s.target.eq_ignore_ascii_case(anchor))
                    }) || title.is_some_and(|title| {
                        claim.subjects.iter().any(|subject| {
                            subject.target.is_empty() && same_title(&subject.text, title)
                        })
                    })
                }
            }
        })
    }

    /// The latest claim that says the operation at `anchor` or titled `title` was removed or
    /// discontinued (a deprecation years before does not count).
    pub fn announcing_discontinuation<'a>(
        &'a self,
        anchor: Option<&str>,
        title: Option<&str>,
    ) -> Option<Announcement<'a>> {
        self.entries.iter().find_map(|entry| {
            entry
                .claims
                .iter()
                .find(|claim| {
                    let text = claim.text.to_lowercase();
                    (text.contains("remov") || text.contains("discontinu"))
                        && claim.subjects.iter().any(|subject| {
                            anchor.is_some_and(|a| subject.target.eq_ignore_ascii_case(a))
                                || title.is_some_and(|t| same_title(&subject.text, t))
                        })
                })
                .map(|claim| Announcement { entry, claim })
        })
    }

    fn find<'a>(
        &'a self,
        (after, until): (&'a str, &'a str),
        matches: impl Fn(&Claim) -> bool,
    ) -> Option<Announcement<'a>> {
        self.between(after, until).find_map(|entry| {
            entry
                .claims
                .iter()
                .find(|claim| matches(claim))
                .map(|claim| Announcement { entry, claim })
        })
    }
}

fn links_to(claim: &Claim, anchor: &str) -> bool {
    claim
        .links
        .iter()
        .chain(&claim.subjects)
        .any(|link| link.target.eq_ignore_ascii_case(anchor))
}

/// Titles compared as slugs (`Add payment plan` = `add-payment-plan`).
fn same_title(a: &str, b: &str) -> bool {
    slug(a) == slug(b)
}

fn parse_page(path: &str, text: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    // `{% update date=... %}` seen, waiting for its heading.
    let mut pending: Option<(String, usize)> = None;
    let mut subjects: Vec<Link> = Vec::new();
    let mut after_claim = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if let Some(date) = update_tag(trimmed) {
            pending = Some((date, line));
            continue;
        }
        if trimmed.starts_with("{%") {
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("## ") {
            let heading = heading.trim();
            let dated = match pending.take() {
                Some((date, at)) => Some((date, at)),
                None => heading_date(heading).map(|date| (date, line)),
            };
            if let Some((date, at)) = dated {
                entries.push(Entry {
                    date,
                    title: heading.to_owned(),
                    file: path.to_owned(),
                    line: at,
                    claims: Vec::new(),
                });
                subjects.clear();
                after_claim = false;
            }
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            continue;
        };
        let indent = raw.len() - raw.trim_start().len();
        let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        else {
            continue;
        };
        let item = item.trim();
        let (links, code) = inline(item, path);
        if indent == 0 && item.ends_with(':') {
            if after_claim {
                subjects.clear();
                after_claim = false;
            }
            let subject = links.into_iter().next().unwrap_or_else(|| Link {
                text: item.trim_end_matches(':').trim().to_owned(),
                target: String::new(),
            });
            subjects.push(subject);
            continue;
        }
        let about = if indent == 0 {
            subjects.clear();
            Vec::new()
        } else {
            after_claim = true;
            subjects.clone()
        };
        entry.claims.push(Claim {
            line,
            text: item.to_owned(),
            links,
            code,
            subjects: about,
        });
    }
    entries
}

/// `{% update date="2026-07-31" %}` → `2026-07-31`.
fn update_tag(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("{%")?
        .trim_start()
        .strip_prefix("update ")?;
    let (_, after) = rest.split_once("date=\"")?;
    let (date, _) = after.split_once('"')?;
    is_date(date).then(|| date.to_owned())
}

/// `15th December 2025` → `2025-12-15`.
fn heading_date(heading: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut words = heading.split_whitespace();
    let day: u32 = words
        .next()?
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    let month = words.next()?.to_lowercase();
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let year: u32 = words.next()?.parse().ok()?;
    if words.next().is_some() || !(1..=31).contains(&day) || !(2000..=2999).contains(&year) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The links (targets made relative to the docs directory) and code spans of a bullet.
fn inline(text: &str, page: &str) -> (Vec<Link>, Vec<String>) {
    let mut links = Vec::new();
    let mut code = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            if let Some((title, target, used)) = link_at(rest) {
                links.push(Link {
                    text: super::markdown::plain_text(&title),
                    target: resolve(page, &target),
                });
                rest = rest.get(used..).unwrap_or_default();
                continue;
            }
        }
        if c == '`' {
            if let Some(end) = rest.get(1..).and_then(|tail| tail.find('`')) {
                code.push(rest.get(1..1 + end).unwrap_or_default().to_owned());
                rest = rest.get(end + 2..).unwrap_or_default();
                continue;
            }
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    (links, code)
}

/// `../operations/orders.md#add-order` from `changelog/README.md` → `operations/orders.md#add-order`
/// (anchor in lower case); external links stay as they are.
fn resolve(page: &str, target: &str) -> String {
    if target.contains("://") {
        return target.to_owned();
    }
    let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in file.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let path = if file.is_empty() {
        page.to_owned()
    } else {
        parts.join("/")
    };
    if anchor.is_empty() {
        path
    } else {
        format!("{path}#{}", anchor.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRENT: &str = r#"# Changelog

{% updates format="full" %}
{% update date="2026-07-31" %}

## July updates

- [Add gizmos](../operations/gizmos.md#add-gizmos):
- [Update gizmos](../operations/gizmos.md#update-gizmos):
  - Extended [Gizmo](../operations/gizmos.md#gizmo) with `Volts` property.
- Remove gizmos:
  - **Removed** operation.

{% endupdate %}
{% update date="2026-02-10" %}

## Colours

- Changed the colours page. Documentation-only, no change to API.
{% endupdate %}
{% endupdates %}
"#;

    const EARLIER: &str = "# Changelog 2025\n\n## 15th December 2025\n\n* [Get all gizmos](../operations/gizmos.md#get-all-gizmos):\n  * Extended [Gizmo shade](../operations/gizmos.md#gizmo-shade) enum with `Grey` value.\n";

    fn changelog() -> Changelog {
        Changelog::parse([
            ("changelog/README.md", CURRENT),
            ("changelog/changelog2025.md", EARLIER),
        ])
    }

    #[test]
    fn reads_both_grammars_newest_first() {
        let log = changelog();
        let dates: Vec<&str> = log.entries.iter().map(|e| e.date.as_str()).collect();
        assert_eq!(dates, ["2026-07-31", "2026-02-10", "2025-12-15"]);
        assert_eq!(log.newest(), Some("2026-07-31"));
        let july = &log.entries[0];
        assert_eq!(july.line, 4);
        assert_eq!(july.claims.len(), 2);
        assert_eq!(july.claims[0].subjects.len(), 2);
        assert_eq!(july.claims[0].code, ["Volts"]);
        assert_eq!(july.claims[0].links[0].target, "operations/gizmos.md#gizmo");
        assert_eq!(july.claims[1].subjects[0].text, "Remove gizmos");
        assert_eq!(
            july.url(),
            "https://docs.mews.com/connector-api/changelog#july-updates"
        );
        assert_eq!(
            log.entries[2].url(),
            "https://docs.mews.com/connector-api/changelog/changelog2025#15th-december-2025"
        );
    }

    #[test]
    fn finds_what_announces_an_item_within_the_window() {
        let log = changelog();
        let found = log
            .announcing_member(
                ("2026-06-02", "2026-07-31"),
                Some("operations/gizmos.md#gizmo"),
                "Volts",
            )
            .expect("Volts is announced");
        assert_eq!(found.entry.date, "2026-07-31");
        assert!(log
            .announcing_member(
                ("2026-07-31", "2026-08-07"),
                Some("operations/gizmos.md#gizmo"),
                "Volts"
            )
            .is_none());
        let grey = log
            .announcing_member(
                ("2025-01-01", "2026-08-07"),
                Some("operations/gizmos.md#gizmo-shade"),
                "Grey",
            )
            .expect("Grey is announced");
        assert_eq!(grey.entry.date, "2025-12-15");
        let added = log
            .announcing_operation(
                ("2026-01-01", "2026-08-07"),
                Some("operations/gizmos.md#add-gizmos"),
                None,
            )
            .expect("the operation is named");
        assert_eq!(added.entry.date, "2026-07-31");
        let removed = log
            .announcing_operation(("2026-01-01", "2026-08-07"), None, Some("Remove gizmos"))
            .expect("the removed operation is named by its title");
        assert!(removed.claim.text.contains("Removed"));
    }

    #[test]
    fn reads_dates() {
        assert_eq!(
            heading_date("1st February 2024").as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(heading_date("May 2026 updates"), None);
        assert_eq!(
            update_tag("{% update date=\"2026-05-11\" %}").as_deref(),
            Some("2026-05-11")
        );
        assert!(is_date("2026-06-02") && !is_date("2026-6-02"));
    }
}
