//! Diagnostics: every rejection names where in the spec it comes from.

use std::fmt;

/// Where a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A JSON pointer into the spec, e.g. `#/components/schemas/OrderItem/properties/Data`.
    Pointer(String),
    /// A line and column of the spec's text (1-based), for syntax errors.
    Line { line: usize, column: usize },
    /// A file on disk.
    File(String),
}

/// One problem found in the input, or while reading and writing files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Option<Location>,
    pub message: String,
}

impl Diagnostic {
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Some(Location::Pointer(pointer.into())),
            message: message.into(),
        }
    }

    pub fn plain(message: impl Into<String>) -> Self {
        Diagnostic {
            location: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(Location::Pointer(pointer)) => write!(f, "{pointer}: {}", self.message),
            Some(Location::Line { line, column }) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            Some(Location::File(path)) => write!(f, "{path}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The generator's error: one or more diagnostics. Lowering collects as many as it can find so
/// that one run shows every problem in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Error {
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::one(diagnostic)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "error: {diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// JSON pointer helpers: `#/a/b` with `~` and `/` escaped as the RFC says.
pub fn pointer(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    if segment.contains(['~', '/']) {
        out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(segment);
    }
    out
}
