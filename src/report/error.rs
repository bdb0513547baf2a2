//! `ReportError`: a report that cannot be produced (exit code 5).
//!
//! The foreign crates' errors (printpdf, lopdf) are translated into these variants in their
//! home, `backend/pdf.rs` (and `backend/pdf/`), keeping the library's message; the rest name
//! what was expected.

/// A report problem.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The PDF renderer could not be set up (the bundled fonts could not be prepared).
    #[error("the PDF renderer could not be set up: {message}")]
    Setup {
        /// Why.
        message: String,
    },
    /// A bundled font could not be parsed or subset.
    #[error("cannot prepare font {font}: {problem}")]
    Font {
        /// The font's PostScript name.
        font: String,
        /// What failed.
        problem: String,
    },
    /// printpdf refused the document it built.
    #[error("the PDF library refused the document: {message}")]
    Printpdf {
        /// printpdf's message.
        message: String,
    },
    /// The built PDF could not be post-processed (lopdf: object lookup, streams, saving).
    #[error("cannot post-process the PDF ({step}): {message}")]
    PostProcess {
        /// Which step failed.
        step: &'static str,
        /// lopdf's message.
        message: String,
    },
    /// A stream could not be compressed.
    #[error("cannot compress a PDF stream: {source}")]
    Compress {
        /// The encoder's error.
        source: std::io::Error,
    },
    /// The report date cannot be written as a PDF date.
    #[error("report date out of range: {epoch_seconds} s since 1970")]
    Date {
        /// The date asked for.
        epoch_seconds: i64,
    },
    /// A link or outline entry points at a page or entry that does not exist.
    #[error("broken internal link: {what}")]
    Link {
        /// What it points at.
        what: String,
    },
}

impl ReportError {
    /// A structural surprise in the fonts' template document, as a post-processing error.
    pub(crate) fn font_template(problem: &'static str) -> ReportError {
        ReportError::PostProcess {
            step: "font template",
            message: problem.to_string(),
        }
    }
}
