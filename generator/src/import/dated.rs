//! How new each source is: the docs by their newest changelog entry, Mews' OpenAPI spec by its
//! own date. The newer source's additions win (crosscheck's `added-since`), and the window
//! between the two dates is where a changelog entry announcing an addition is looked for.

use super::changelog::is_date;

/// A source's date and how it is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `newest changelog entry`, `info.x-last-validated`, `the file name`, ...
    pub by: String,
}

/// Which source is newer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Newer {
    Docs,
    OpenApi,
    /// Same date, or a source without one: neither side's additions win by date.
    Neither,
}

/// The two sources' dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dating {
    pub docs: Option<Dated>,
    pub openapi: Option<Dated>,
}

impl Dating {
    pub fn newer(&self) -> Newer {
        match (&self.docs, &self.openapi) {
            (Some(docs), Some(spec)) if docs.date > spec.date => Newer::Docs,
            (Some(docs), Some(spec)) if spec.date > docs.date => Newer::OpenApi,
            _ => Newer::Neither,
        }
    }

    /// The dates between which the newer source changed (older exclusive, newer inclusive).
    pub fn window(&self) -> Option<(&str, &str)> {
        let (docs, spec) = (self.docs.as_ref()?, self.openapi.as_ref()?);
        Some(if docs.date >= spec.date {
            (spec.date.as_str(), docs.date.as_str())
        } else {
            (docs.date.as_str(), spec.date.as_str())
        })
    }

    /// `docs 2026-07-31 (newest changelog entry), spec 2026-06-02 (info.x-last-validated)`.
    pub fn describe(&self) -> String {
        let side = |dated: &Option<Dated>| match dated {
            Some(dated) => format!("{} ({})", dated.date, dated.by),
            None => "undated".to_owned(),
        };
        format!("docs {}, spec {}", side(&self.docs), side(&self.openapi))
    }
}

/// The last `YYYY-MM-DD` in a name (`connector-api-2026-01-27`, `connector-2026-06-02.yaml`).
pub fn date_in_name(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(9))
        .rev()
        .filter_map(|start| name.get(start..start + 10))
        .find(|candidate| is_date(candidate))
        .map(str::to_owned)
}

/// The docs' date: their newest changelog entry, else a date in the checkout's name.
pub fn docs_date(newest_entry: Option<&str>, label: &str) -> Option<Dated> {
    match newest_entry {
        Some(date) => Some(Dated {
            date: date.to_owned(),
            by: "newest changelog entry".to_owned(),
        }),
        None => date_in_name(label).map(|date| Dated {
            date,
            by: "the checkout's name (no changelog/)".to_owned(),
        }),
    }
}

/// The spec's date: `info.x-last-validated`, `info.x-date` or a dated `info.version`, else a date
/// in its file name.
pub fn spec_date(info: Option<&crate::json::Value>, label: &str) -> Option<Dated> {
    for key in ["x-last-validated", "x-date", "version"] {
        let value = info
            .and_then(|info| info.get(key))
            .and_then(crate::json::Value::as_str)
            .map(str::trim);
        if let Some(date) = value.filter(|value| is_date(value)) {
            return Some(Dated {
                date: date.to_owned(),
                by: format!("info.{key}"),
            });
        }
    }
    date_in_name(label).map(|date| Dated {
        date,
        by: "the file name".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_each_source_and_says_which_is_newer() {
        assert_eq!(
            date_in_name("connector-api-2026-01-27").as_deref(),
            Some("2026-01-27")
        );
        assert_eq!(date_in_name("spec.yaml"), None);
        let docs = docs_date(Some("2026-07-31"), "connector-api-2026-08-07").expect("dated");
        assert_eq!(docs.date, "2026-07-31");
        let info = crate::json::json!({"version": "v1", "x-last-validated": "2026-06-02"});
        let spec = spec_date(Some(&info), "x.yaml").expect("dated");
        assert_eq!(
            (spec.date.as_str(), spec.by.as_str()),
            ("2026-06-02", "info.x-last-validated")
        );
        let dating = Dating {
            docs: Some(docs),
            openapi: Some(spec),
        };
        assert_eq!(dating.newer(), Newer::Docs);
        assert_eq!(dating.window(), Some(("2026-06-02", "2026-07-31")));
        let undated = Dating {
            docs: None,
            ..dating
        };
        assert_eq!(undated.newer(), Newer::Neither);
    }
}
