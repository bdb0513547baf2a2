//! Data-quality accounting: rows read, used and rejected per source, and every finding.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

/// The row counts of one input file (or of one organization's rows in it). The names are
/// shared: every organization has one of these per file, and a string of each per
/// organization was about 0.3 KB held for the whole run (issue 16).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceStats {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// What the file holds: `customers`, `baseline` or `service_maturity`.
    pub kind: Arc<str>,
    /// Data rows read (header rows and fully empty rows excluded).
    pub rows_read: u64,
    /// Rows that contributed to the results.
    pub rows_used: u64,
    /// Rows left out, each with a finding that says why.
    pub rows_rejected: u64,
}

/// Row counts and findings; `rows_read == rows_used + rows_rejected` always holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DataQuality {
    /// Per source file.
    pub sources: Vec<SourceStats>,
    /// Every finding, in file and row order.
    pub findings: Vec<Diagnostic>,
}

impl DataQuality {
    /// Rows read across sources.
    pub fn rows_read(&self) -> u64 {
        self.sources.iter().map(|s| s.rows_read).sum()
    }

    /// Rows used across sources.
    pub fn rows_used(&self) -> u64 {
        self.sources.iter().map(|s| s.rows_used).sum()
    }

    /// Rows rejected across sources.
    pub fn rows_rejected(&self) -> u64 {
        self.sources.iter().map(|s| s.rows_rejected).sum()
    }
}
