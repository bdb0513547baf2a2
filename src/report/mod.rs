//! Recommendation → JSON, PDF and manifest.
//!
//! `build` turns model values into a semantic `Document`; `layout` places it into a
//! `DisplayList` of pages; a backend turns that into bytes (only `backend/pdf.rs` and
//! `backend/pdf/` know printpdf). JSON and the manifest skip layout and serialize wire types.
//!
//! `Renderer` pays the PDF setup (font subsetting, parsing and compression) once; make one per
//! run and share it across threads. The free functions are thin wrappers over a process-wide
//! renderer made on first use.

use std::sync::{Arc, OnceLock};

use crate::diag::Diagnostic;
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::period::{Period, ReportDate};
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;

pub mod backend;
pub mod build;
pub mod ci;
pub mod cost;
pub mod diff;
pub mod display;
pub mod document;
mod error;
pub mod fonts;
pub mod json;
pub mod layout;
pub mod manifest;
pub mod markdown;

pub use build::History;
pub use error::ReportError;
pub use fonts::FallbackFont;
pub use manifest::{
    render_manifest, sha256_hex, write_manifest, Fingerprint, HashedFile, HashingWriter, InPeriod,
    Manifest, NoPeriod, PrefixHasher, Shard,
};
pub use markdown::{render_summary, render_summary_of, write_summary, SummaryHeader, SummaryOrg};

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
    /// The loaded cost per FTE the config sets, for the charter's budget; `None`: not set.
    pub fte_cost: Option<&'a cost::FteCost>,
}

/// A rendered PDF with the warnings met on the way (characters no font has, cells shortened).
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Layout warnings, in the order met; empty for a clean report.
    pub warnings: Vec<String>,
}

/// Renders reports; holds the PDF fonts prepared once. `Send + Sync`: share one per run.
#[derive(Debug)]
pub struct Renderer {
    pdf: Result<backend::pdf::PdfBackend, String>,
    /// The configured fallback fonts, which layout measures with too.
    fallbacks: Arc<[FallbackFont]>,
}

impl Default for Renderer {
    fn default() -> Self {
        Renderer::new()
    }
}

impl Renderer {
    /// Prepares the fonts (subset to the common report characters, parsed, compressed).
    pub fn new() -> Renderer {
        Renderer::with_fallback_fonts(Vec::new())
    }

    /// Prepares the fonts, with fallback fonts for the characters DejaVu lacks (tried in
    /// order; see `fonts::FallbackFont`).
    pub fn with_fallback_fonts(fallbacks: Vec<FallbackFont>) -> Renderer {
        // A failure here means a font cannot be prepared; it is reported by every
        // `render_pdf` call rather than at construction, so JSON output still works.
        Renderer {
            pdf: backend::pdf::PdfBackend::new(&fallbacks).map_err(|e| e.to_string()),
            fallbacks: Arc::from(fallbacks),
        }
    }

    /// Lays `doc` out. When some characters have no glyph in any embedded font, the finding
    /// naming them (P002) becomes a warning of the display list, and `rebuild` may make the
    /// document again with the finding (for its data-quality appendix) to be laid out instead.
    fn lay_out(
        &self,
        paper: Paper,
        doc: document::Document,
        rebuild: impl FnOnce(Diagnostic) -> Option<document::Document>,
    ) -> display::DisplayList {
        fonts::with_fallbacks(&self.fallbacks, || {
            let list = layout::layout_document(&doc, paper);
            if list.missing_chars.is_empty() {
                return list;
            }
            let finding = fonts::missing_finding(&list.missing_chars.iter().copied().collect());
            let warning = format!("{} ({})", finding.message, finding.code);
            let mut list = match rebuild(finding) {
                Some(doc) => layout::layout_document(&doc, paper),
                None => list,
            };
            list.warnings.push(warning);
            list
        })
    }

    /// The report's display list (for the text dump, margin checks and other backends).
    pub fn layout(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
    ) -> display::DisplayList {
        self.layout_with_history(ctx, input, rec, None)
    }

    /// The report's display list with the changes and trends of earlier periods (`None`, or
    /// a history without earlier periods, lays out the same report as `layout`).
    pub fn layout_with_history(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
        history: Option<&History<'_>>,
    ) -> display::DisplayList {
        // The summary is one page: laid out alone (a page or two, not the whole report)
        // before the document is.
        let fits = |summary: &document::Section| {
            fonts::with_fallbacks(&self.fallbacks, || {
                layout::section_pages(summary, ctx.paper) == 1
            })
        };
        let doc = build::build_document_fitted(ctx, input, rec, history, &fits);
        self.lay_out(ctx.paper, doc, |finding| {
            let mut noted = input.clone();
            noted.data_quality.findings.push(finding);
            Some(build::build_document_fitted(
                ctx, &noted, rec, history, &fits,
            ))
        })
    }

    /// The PDF report with a "Changes since last period" chapter and trend charts when
    /// `history` has earlier periods; otherwise the same bytes as `render_pdf_with_warnings`.
    pub fn render_pdf_with_history(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
        history: Option<&History<'_>>,
    ) -> Result<PdfOutput, ReportError> {
        self.write_pdf(self.layout_with_history(ctx, input, rec, history))
    }

    /// A customer group's brief laid out, or `None` when the group did not answer.
    pub fn layout_group_brief(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
        group: CustomerGroup,
    ) -> Option<display::DisplayList> {
        // A brief has no data-quality appendix: the finding is a warning only.
        build::build_group_brief(ctx, input, rec, group)
            .map(|doc| self.lay_out(ctx.paper, doc, |_| None))
    }

    /// A one- or two-page PDF brief for one customer group (what it asked for, what the PMO
    /// will do for it), or `None` when the group did not answer.
    pub fn render_group_brief(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
        group: CustomerGroup,
    ) -> Result<Option<PdfOutput>, ReportError> {
        match self.layout_group_brief(ctx, input, rec, group) {
            Some(list) => self.write_pdf(list).map(Some),
            None => Ok(None),
        }
    }

    /// The PDF report with its layout warnings.
    pub fn render_pdf_with_warnings(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
    ) -> Result<PdfOutput, ReportError> {
        self.write_pdf(self.layout(ctx, input, rec))
    }

    /// The bytes every PDF of this renderer starts with (empty when fonts failed to load):
    /// hash many reports with `PrefixHasher::new(renderer.pdf_prefix())`.
    pub fn pdf_prefix(&self) -> Vec<u8> {
        self.pdf
            .as_ref()
            .map(backend::pdf::PdfBackend::shared_prefix)
            .unwrap_or_default()
    }

    /// Writes a laid-out document as PDF, with its layout warnings.
    fn write_pdf(&self, list: display::DisplayList) -> Result<PdfOutput, ReportError> {
        // Measuring the margins below needs the fallback fonts too.
        fonts::with_fallbacks(&self.fallbacks, || self.write_pdf_measured(list))
    }

    fn write_pdf_measured(&self, mut list: display::DisplayList) -> Result<PdfOutput, ReportError> {
        let backend = self
            .pdf
            .as_ref()
            .map_err(|e| ReportError::Setup { message: e.clone() })?;
        if cfg!(debug_assertions) {
            // Debug builds (the test suite) check every report against the margins; release
            // builds skip this second measuring pass.
            let outside: Vec<String> = list
                .items_outside_margins()
                .iter()
                .map(|(page, item)| match item {
                    display::Item::Text(t) => format!("page {} {:?}", page + 1, t.text),
                    other => format!("page {} {:?}", page + 1, other.bounds()),
                })
                .collect();
            if !outside.is_empty() {
                list.warnings.push(format!(
                    "{} item(s) cross the page margins: {}",
                    outside.len(),
                    outside
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
        let bytes = backend.render(&list)?;
        Ok(PdfOutput {
            bytes,
            warnings: list.warnings,
        })
    }

    /// The PDF report.
    pub fn render_pdf(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
    ) -> Result<Vec<u8>, ReportError> {
        self.render_pdf_with_warnings(ctx, input, rec)
            .map(|out| out.bytes)
    }

    /// The JSON result (schema in `json.rs`).
    pub fn render_json(
        &self,
        ctx: &ReportContext<'_>,
        input: &OrganizationInput,
        rec: &Recommendation,
    ) -> Vec<u8> {
        json::report_bytes(&json::build_json(ctx, input, rec))
    }
}

fn shared_renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(Renderer::new)
}

/// The organization's results as JSON (schema documented in `json.rs`).
pub fn render_json(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Vec<u8> {
    json::report_bytes(&json::build_json(ctx, input, rec))
}

/// The organization's PDF report (through a process-wide `Renderer`).
pub fn render_pdf(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<Vec<u8>, ReportError> {
    shared_renderer().render_pdf(ctx, input, rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderer_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Renderer>();
    }
}
