//! Google Forms preset: the response sheet downloaded as CSV. One header row, `Timestamp`
//! first, full question titles, grid questions as `Question [Row]`, checkbox answers joined
//! with ", " in one cell (split against declared options by `values`).
//!
//! There is no respondent id: rows get `row-<n>` unless the mapping names a column.

use crate::ingest::mapping::Platform;
use crate::ingest::platform::Layout;

/// One header row.
pub fn layout(header: &[String]) -> Layout {
    Layout::plain(Platform::GoogleForms, "sheet csv", String::new(), header)
}
