//! Alchemer (formerly SurveyGizmo) preset: the CSV export's one header row starts with
//! metadata such as `Response ID`, `Time Started`, `Date Submitted` and `Status`, every
//! field is quoted, and a matrix row or checkbox option is headed `sub-field:question`
//! (the sub-field before the question).
//!
//! `Response ID` is the id; `Status` other than `Complete` (`Partial`, `Disqualified`) marks
//! an incomplete response. It must not read answers: a mapping does.

use crate::ingest::mapping::Platform;
use crate::ingest::platform::{Completion, Layout};

/// One header row; `sub-field:question` headings become label and question, so a matrix is
/// selected by its question and keyed by its row labels.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::Alchemer, "csv", String::new(), header);
    let splits: Vec<Option<(String, String)>> =
        header.iter().map(|h| split_heading(h, header)).collect();
    for (column, split) in layout.columns.iter_mut().zip(splits) {
        if let Some((sub, question)) = split {
            column.label = sub;
            column.question = question;
        }
    }
    layout.id_column = layout.find_name(&["Response ID"]);
    layout.completion = layout
        .find_name(&["Status"])
        .map(|i| Completion::Values(i, vec!["Complete".to_string()]));
    layout
}

/// `sub-field:question` as (sub-field, question) when another heading shares the question
/// (so `Please rate: speed` alone stays one question); the first such `:` from the left
/// wins, so a sub-field may itself hold a colon only if its question does not.
pub fn split_heading(heading: &str, header: &[String]) -> Option<(String, String)> {
    let heading = heading.trim();
    for (at, _) in heading.match_indices(':') {
        let (sub, question) = (heading[..at].trim(), heading[at + 1..].trim());
        if sub.is_empty() || question.is_empty() {
            continue;
        }
        let suffix = &heading[at..];
        let shared = header
            .iter()
            .map(|h| h.trim())
            .any(|h| h != heading && h.ends_with(suffix) && h.len() > suffix.len());
        if shared {
            return Some((sub.to_string(), question.to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matrix_headings_split_into_row_label_and_question() {
        let h = header(&[
            "Response ID",
            "Time Started",
            "Date Submitted",
            "Status",
            "Please rate: speed",
            "Strategic alignment:How important is each outcome?",
            "Higher ROI:How important is each outcome?",
        ]);
        let layout = layout(&h);
        assert_eq!(layout.id_column, Some(0));
        assert_eq!(
            layout.completion,
            Some(Completion::Values(3, vec!["Complete".into()]))
        );
        assert_eq!(layout.columns[4].label, "", "a lone colon is no sub-field");
        assert_eq!(layout.columns[5].label, "Strategic alignment");
        assert_eq!(layout.columns[6].question, "How important is each outcome?");
    }
}
