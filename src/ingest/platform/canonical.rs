//! Canonical preset: our own CSV (`docs/input-format.md`), recognised so `auto` can send it
//! to the fast canonical reader. The mapping reader reads it like a generic file.
//!
//! It must not re-implement the canonical rules: `ingest::customers` owns them.

use crate::ingest::mapping::Platform;
use crate::ingest::platform::Layout;

/// One header row of canonical names.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::Canonical, "canonical", String::new(), header);
    layout.id_column = layout.find_name(&["respondent_id"]);
    layout
}
