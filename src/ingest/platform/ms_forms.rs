//! Microsoft Forms preset: the Excel download saved as CSV. One header row starting with
//! `ID, Start time, Completion time, Email, Name`; multi-select answers joined with `;`
//! (usually with a trailing `;`).
//!
//! `ID` is the respondent id. It knows nothing about xlsx (not read yet).

use crate::ingest::mapping::Platform;
use crate::ingest::platform::Layout;

/// One header row; `ID` is the id.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::MsForms, "excel csv", String::new(), header);
    layout.id_column = layout.find_name(&["ID"]);
    layout
}
