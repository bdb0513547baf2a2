//! `IngestError`: what stops ingest (an unreadable file or a broken header), as opposed to
//! findings, which are data and let the run go on.

use crate::diag::{Diagnostic, Location, Severity};

/// An input problem that stops the run (exit code 4, or 2 for the catalog).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file's structure is unusable (missing required column, no header, bad catalog row).
    #[error("{}", .0.message)]
    Invalid(Box<Diagnostic>),
}

impl IngestError {
    /// An `Invalid` error.
    pub fn invalid(code: &'static str, message: impl Into<String>, location: Location) -> Self {
        IngestError::Invalid(Box::new(Diagnostic::new(
            code,
            Severity::Error,
            message,
            location,
        )))
    }

    /// As a diagnostic, for rendering.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            IngestError::Read { file, source } => Diagnostic::new(
                "I001",
                Severity::Error,
                format!("cannot read the file: {source}"),
                Location::File { file: file.clone() },
            ),
            IngestError::Invalid(d) => (**d).clone(),
        }
    }
}
