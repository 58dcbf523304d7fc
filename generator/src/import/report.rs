//! What an import could not place, and the closing summary.

use std::fmt;

/// How serious an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Left out of the spec: a table row, enum value or section with no place.
    Skipped,
    /// In the spec with a fallback: a broken link or unknown type became any JSON.
    Degraded,
    /// Worth knowing, nothing lost (an example that is not JSON, an unused overlay entry).
    Note,
}

/// One issue, with the file and line it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub file: String,
    /// 1-based; 0 when the issue is about the whole file.
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Skipped => "skipped",
            Severity::Degraded => "degraded",
            Severity::Note => "note",
        };
        if self.line == 0 {
            write!(f, "{}: {label}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {label}: {}", self.file, self.line, self.message)
        }
    }
}

/// The counts printed at the end of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub operations: usize,
    pub schemas: usize,
    pub enums: usize,
    pub unions: usize,
    pub inferred: usize,
    pub skipped: usize,
    pub degraded: usize,
    pub notes: usize,
    /// Each event message and how many event types (arms) it has.
    pub events: Vec<(String, usize)>,
}

impl Summary {
    /// `events: generalWebhook 7, integrationWebhook 7, websocket 4 (event types per message)`,
    /// when the import has event messages.
    pub fn events_line(&self) -> Option<String> {
        if self.events.is_empty() {
            return None;
        }
        let counts: Vec<String> = self
            .events
            .iter()
            .map(|(id, arms)| format!("{id} {arms}"))
            .collect();
        Some(format!(
            "events: {} (event types per message)",
            counts.join(", ")
        ))
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "summary: {} pages, {} operations, {} schemas ({} enums, {} unions), {} inferred formats, \
             {} warnings ({} degraded, {} notes), {} skipped",
            self.pages,
            self.operations,
            self.schemas,
            self.enums,
            self.unions,
            self.inferred,
            self.degraded + self.notes,
            self.degraded,
            self.notes,
            self.skipped
        )
    }
}

/// Every issue of a run, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub issues: Vec<Issue>,
    pub summary: Summary,
}

impl Report {
    pub fn push(
        &mut self,
        file: &str,
        line: usize,
        severity: Severity,
        message: impl Into<String>,
    ) {
        self.issues.push(Issue {
            file: file.to_owned(),
            line,
            severity,
            message: message.into(),
        });
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.issues
            .iter()
            .filter(|issue| issue.severity == severity)
            .count()
    }

    /// Sorts the issues by file and line and fills in their counts.
    pub fn finish(&mut self) {
        self.issues
            .sort_by(|a, b| (&a.file, a.line, a.severity).cmp(&(&b.file, b.line, b.severity)));
        self.issues.dedup();
        self.summary.skipped = self.count(Severity::Skipped);
        self.summary.degraded = self.count(Severity::Degraded);
        self.summary.notes = self.count(Severity::Note);
    }
}
