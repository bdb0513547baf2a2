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

/// A "question code and question text" heading (`id. Response ID`, `Q1[SQ001]. How …`)
/// as (code, text); `None` for a plain code.
pub fn split_heading(heading: &str) -> Option<(&str, &str)> {
    let (code, text) = heading.split_once(". ")?;
    let code = code.trim();
    (!code.is_empty() && !code.contains(' ')).then(|| (code, text.trim()))
}

/// One header row of codes (a `code. text` heading keeps the code as name, text as label,
/// and the whole heading so a mapping may select by either).
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(
        Platform::Limesurvey,
        "question codes",
        String::new(),
        header,
    );
    for column in &mut layout.columns {
        if let Some((code, text)) = split_heading(&column.name) {
            let (code, text) = (code.to_string(), text.to_string());
            column.heading = std::mem::take(&mut column.name);
            column.label = text;
            column.name = code;
            column.question = column.name.clone();
        }
    }
    layout.id_column = layout.find_name(&["id"]);
    layout.completion = layout.find_name(&["submitdate"]).map(Completion::NotBlank);
    layout.placeholder_date = Some(ANONYMISED_DATE);
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_text_headings_keep_both() {
        let header: Vec<String> = ["id. Response ID", "submitdate. Date submitted", "Q1"]
            .map(String::from)
            .to_vec();
        let layout = layout(&header);
        assert_eq!(layout.columns[0].name, "id");
        assert_eq!(layout.columns[0].label, "Response ID");
        assert_eq!(layout.columns[0].heading, "id. Response ID");
        assert_eq!(layout.columns[2].heading, "");
        assert_eq!(layout.id_column, Some(0));
        assert_eq!(split_heading("Which one. Please say"), None);
    }
}
