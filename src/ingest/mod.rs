//! Survey exports and catalog files → model, with findings.
//!
//! Reads CSV record by record and aggregates while streaming (memory grows with organizations
//! and groups, not respondents). A bad cell becomes a finding and counts as missing; a row that
//! cannot be attributed is rejected with a finding; `rows_read = rows_used + rows_rejected`.
//! Platform exports (issue 3) plug in as header layouts in front of the canonical columns.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;

mod catalog;
mod cell;
mod error;
pub mod finding;
mod header;
mod reader;
mod suggest;

pub use catalog::read_catalog;
pub use error::IngestError;

/// The input files of one run.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Customer survey (required).
    pub customers: PathBuf,
    /// Organizational baseline survey.
    pub baseline: Option<PathBuf>,
    /// Service-maturity assessment.
    pub service_maturity: Option<PathBuf>,
}

/// Choices that shape how rows are read.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Extra labels accepted for customer groups (lower-cased label → group).
    pub group_aliases: BTreeMap<String, CustomerGroup>,
    /// The organization to assume when a file has no `organization` column or a blank cell.
    pub default_organization: Option<OrganizationId>,
}

use crate::model::catalog::Catalog;
use crate::model::survey::SurveySet;

/// Reads the customer survey and the optional baseline and service-maturity files.
///
/// Findings (bad cells, unknown labels, rejected rows) go into the returned set's data quality
/// and into each organization's; only an unreadable file or an unusable header is an error.
pub fn read_surveys(
    sources: &Sources,
    catalog: &Catalog,
    options: &IngestOptions,
) -> Result<SurveySet, IngestError> {
    let _ = (sources, catalog, options);
    todo!("issue 2: canonical ingest")
}
