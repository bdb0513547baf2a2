//! The last step of layout: characters that no embedded font has are replaced in the laid-out
//! text runs and collected, for the finding that names them (P002).
//!
//! Layout measured them as the replacement already, so replacing moves nothing. Done once
//! over the finished pages, so the page furniture, charts and tables are covered as well as
//! wrapped text.

use std::collections::BTreeSet;

use crate::report::display::{Item, Page};
use crate::report::fonts::{metrics, replace_missing, FontFace};

/// Replaces, in every text run, the characters no embedded font has (they were measured as
/// the replacement already) and returns them, in code-point order.
pub fn replace_missing_chars(pages: &mut [Page]) -> Vec<char> {
    let mut missing = BTreeSet::new();
    let faces = FontFace::ALL.map(metrics);
    for page in pages {
        for item in &mut page.items {
            if let Item::Text(run) = item {
                if let Some(text) =
                    replace_missing(&run.text, &faces[run.face.index()], &mut missing)
                {
                    run.text = text;
                }
            }
        }
    }
    missing.into_iter().collect()
}
