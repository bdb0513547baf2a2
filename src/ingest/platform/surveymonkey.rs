//! SurveyMonkey preset: "all individual responses" CSV with two header rows. Row 1 has the
//! question text only over a group's first column; row 2 has `Response`, `Open-Ended
//! Response`, a choice label (multi-select, expanded single choice) or a matrix row label.
//!
//! The question text is carried over the blank cells of its group, so a column is
//! identified by (question, sub-label) and never by row-1 text alone (stems repeat).

use crate::ingest::mapping::Platform;
use crate::ingest::platform::{Layout, SourceColumn};

/// Row-2 sub-labels of single-column questions.
const SUB_LABELS: [&str; 3] = ["response", "open-ended response", "other (please specify)"];

/// Two header rows; question text carried right over blank row-1 cells.
pub fn layout(records: &[Vec<String>]) -> Layout {
    let empty = Vec::new();
    let names = records.first().unwrap_or(&empty);
    let labels = records.get(1).unwrap_or(&empty);
    let width = names.len().max(labels.len());
    let mut question = String::new();
    let mut columns = Vec::with_capacity(width);
    let mut expanded = false;
    for i in 0..width {
        let name = names.get(i).map_or("", |s| s.trim());
        let label = labels.get(i).map_or("", |s| s.trim());
        if !name.is_empty() {
            question = name.to_string();
        } else if !label.is_empty() && !SUB_LABELS.contains(&label.to_ascii_lowercase().as_str()) {
            expanded = true;
        }
        columns.push(SourceColumn {
            name: name.to_string(),
            label: label.to_string(),
            import_id: String::new(),
            // Metadata columns (blank row 2) are their own question.
            question: if label.is_empty() {
                name.to_string()
            } else {
                question.clone()
            },
            choices: Vec::new(),
            heading: String::new(),
            stray_bytes: false,
        });
    }
    let mut layout = Layout {
        platform: Platform::Surveymonkey,
        variant: if expanded {
            "groups of columns"
        } else {
            "condensed"
        },
        signature: String::new(),
        header_rows: 2,
        columns,
        id_column: None,
        completion: None,
        negative_na: false,
        placeholder_date: None,
    };
    layout.id_column = layout.find_name(&["Respondent ID"]);
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_text_is_carried_over_its_group() {
        let rows: Vec<Vec<String>> = vec![
            ["RespondentID", "Gender", "", "Why?", "", ""]
                .map(String::from)
                .to_vec(),
            [
                "",
                "Male",
                "Female",
                "Snores",
                "Sick",
                "Other (please specify)",
            ]
            .map(String::from)
            .to_vec(),
        ];
        let l = layout(&rows);
        assert_eq!(l.id_column, Some(0));
        assert_eq!(l.columns[2].question, "Gender");
        assert_eq!(l.columns[2].display(), "Gender - Female");
        assert_eq!(l.columns[5].question, "Why?");
        assert_eq!(l.variant, "groups of columns");
    }
}
