//! `Diagnostic`: one finding or error as data, with a stable code.

use serde::Serialize;

use crate::diag::location::Location;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost.
    Info,
    /// A value was ignored or a row left out; the run went on.
    Warning,
    /// The unit of work could not be completed.
    Error,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A finding or error: a stable code, a message that says what was expected and what was
/// found, a location, and hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable, never reused: `I…` ingest, `R…` rules, `P…` report, `C…` command line.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Lower-case, no final full stop.
    pub message: String,
    /// Where.
    pub location: Location,
    /// The raw value found, when a value is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What was expected, when that can be said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Likely fixes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with no value, expectation or hints.
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        location: Location,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: shorten(&message.into(), MAX_MESSAGE_CHARS),
            location,
            value: None,
            expected: None,
            hints: Vec::new(),
        }
    }

    /// Adds the raw value at fault.
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(shorten(&value.into(), MAX_VALUE_CHARS));
        self
    }

    /// Adds what was expected.
    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// Characters of an input value echoed in a finding (message and JSON `value`): a 50 MB cell
/// was echoed whole into stderr and the JSON (issue 11).
pub const MAX_VALUE_CHARS: usize = 200;

/// Characters of a message; only a message that echoes a long value comes near.
const MAX_MESSAGE_CHARS: usize = 1_000;

/// `text` cut to its first `max` characters, with how much was left out.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let rest = text[end..].chars().count();
            format!("{}… ({rest} more characters)", &text[..end])
        }
    }
}
