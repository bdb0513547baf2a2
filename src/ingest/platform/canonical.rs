//! Canonical preset: our own CSV (`docs/input-format.md`), recognised so `auto` can send it
//! to the fast canonical reader. The mapping reader reads it like a generic file.
//!
//! It must not re-implement the canonical rules: `ingest::customers` owns them.

use crate::ingest::mapping::Platform;
use crate::ingest::platform::Layout;

/// `respondent_id` and `customer_group` in the first header row.
pub fn signature(records: &[Vec<String>]) -> Option<String> {
    let header = records.first()?;
    let has = |name: &str| header.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    (has("respondent_id") && has("customer_group"))
        .then(|| "header has respondent_id and customer_group (canonical CSV)".into())
}

/// One header row of canonical names.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::Canonical, "canonical", String::new(), header);
    layout.id_column = layout.find_name(&["respondent_id"]);
    layout
}
