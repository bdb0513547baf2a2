//! Microsoft Forms preset: the Excel download saved as CSV. One header row starting with
//! `ID, Start time, Completion time, Email, Name`; multi-select answers joined with `;`
//! (usually with a trailing `;`).
//!
//! `ID` is the respondent id. It knows nothing about xlsx (not read yet).

use crate::ingest::mapping::Platform;
use crate::ingest::platform::Layout;

/// The header starts with `ID, Start time, Completion time`.
pub fn signature(records: &[Vec<String>]) -> Option<String> {
    let h = records.first()?;
    let is = |i: usize, name: &str| {
        h.get(i)
            .is_some_and(|c| c.trim().eq_ignore_ascii_case(name))
    };
    (is(0, "ID") && is(1, "Start time") && is(2, "Completion time"))
        .then(|| "header starts with ID, Start time, Completion time (Microsoft Forms)".into())
}

/// One header row; `ID` is the id.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::MsForms, "excel csv", String::new(), header);
    layout.id_column = layout.find_name(&["ID"]);
    layout
}
