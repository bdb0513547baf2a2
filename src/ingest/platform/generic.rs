//! Generic preset: one header row of column names, no platform conventions.
//!
//! Used for hand-made spreadsheets; `respondent_id` or `id` is taken as the id column when
//! present. It must not guess anything else.

use crate::ingest::mapping::Platform;
use crate::ingest::platform::Layout;

/// One header row of names.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::Generic, "one header row", String::new(), header);
    layout.id_column = layout.find_name(&["respondent_id", "respondent id", "id"]);
    layout
}
