//! LimeSurvey preset: CSV with question-code headings (`Q[SQ001]`), all fields quoted,
//! UTF-8 with BOM. `id` is the respondent id; a blank `submitdate` marks an incomplete
//! response; `1980-01-01 00:00:00` is the placeholder of anonymised surveys, not a date.
//!
//! Answer codes (`A1`, `D4`) are the survey author's: scales in the mapping turn them into
//! numbers. It must not assume any code meaning.

use crate::ingest::mapping::Platform;
use crate::ingest::platform::{Completion, Layout};

/// The anonymised-survey date.
pub const ANONYMISED_DATE: &str = "1980-01-01 00:00:00";

/// The first headers are `id, submitdate, lastpage, startlanguage` (or `code. text` forms).
pub fn signature(records: &[Vec<String>]) -> Option<String> {
    let h = records.first()?;
    let code = |i: usize| {
        h.get(i).map(|c| {
            c.split('.')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    };
    (code(0).as_deref() == Some("id")
        && code(1).as_deref() == Some("submitdate")
        && code(2).as_deref() == Some("lastpage"))
    .then(|| "headers start id, submitdate, lastpage (LimeSurvey)".into())
}

/// One header row of codes (a `code. text` heading keeps the code as name, text as label).
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(
        Platform::Limesurvey,
        "question codes",
        String::new(),
        header,
    );
    for column in &mut layout.columns {
        if let Some((code, text)) = column.name.split_once(". ") {
            if !code.contains(' ') {
                column.label = text.trim().to_string();
                column.name = code.trim().to_string();
                column.question = column.name.clone();
            }
        }
    }
    layout.id_column = layout.find_name(&["id"]);
    layout.completion = layout.find_name(&["submitdate"]).map(Completion::NotBlank);
    layout.placeholder_date = Some(ANONYMISED_DATE);
    layout
}
