//! Recommendation → JSON, PDF and manifest.
//!
//! `build` turns model values into a semantic `Document`; `layout` places it into a
//! `DisplayList` of pages; a backend turns that into bytes (only `backend/pdf.rs` knows
//! printpdf). JSON and the manifest skip layout and serialize wire types.

use crate::model::catalog::Catalog;
use crate::model::period::{Period, ReportDate};
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;

mod error;

pub use error::ReportError;

/// Paper size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// What every report of a run shares.
#[derive(Debug, Clone, Copy)]
pub struct ReportContext<'a> {
    /// The catalog (names, categories).
    pub catalog: &'a Catalog,
    /// The period reported.
    pub period: Period,
    /// The report date (from `SOURCE_DATE_EPOCH` or the period's end; never the clock).
    pub date: ReportDate,
    /// Short hash of the rule scripts that produced the results.
    pub rules_version: &'a str,
    /// The tool's version.
    pub tool_version: &'a str,
    /// Paper size.
    pub paper: Paper,
}

/// The organization's results as JSON (schema documented in `json.rs`).
pub fn render_json(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Vec<u8> {
    let _ = (ctx, input, rec);
    todo!("issue 2: json")
}

/// The organization's PDF report.
pub fn render_pdf(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<Vec<u8>, ReportError> {
    let _ = (ctx, input, rec);
    todo!("issue 2: pdf")
}
