//! `ReportError`: a report that cannot be produced (exit code 5).

/// A report problem.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The PDF backend failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}
