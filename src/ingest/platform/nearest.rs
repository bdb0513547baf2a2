//! "Did you mean …?" for a mapping selector that matches no column (`I130`, and `I003` for a
//! missing id or group column): the nearest texts of the header row the selector reads.
//!
//! Only words a hint; selecting stays exact in `select.rs`, so nothing is guessed.

use crate::diag::nearest;
use crate::ingest::mapping::{Column, HeaderRow};
use crate::ingest::platform::select::text;
use crate::ingest::platform::Layout;

/// Names suggested at most.
const SUGGESTED: usize = 3;

/// `did you mean `a`, `b` or `c`?` for a selector that matched nothing, when some header
/// text is near what it asked for.
pub fn hint(layout: &Layout, key: HeaderRow, c: &Column) -> Option<String> {
    let (wanted, row) = if let Some(name) = &c.column {
        (name, key_row(key))
    } else if let Some(id) = &c.import_id {
        (id, HeaderRow::ImportId)
    } else if let Some(label) = c.label.as_ref().filter(|_| c.question.is_none()) {
        (label, HeaderRow::Label)
    } else if let Some(question) = &c.question {
        (question, HeaderRow::Question)
    } else {
        return None;
    };
    let texts = layout.columns.iter().map(|col| text(col, row));
    let near = nearest(wanted, texts, SUGGESTED);
    let quoted: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

/// `column = …` reads row 1, or the ImportId under `key = "import_id"`.
fn key_row(key: HeaderRow) -> HeaderRow {
    match key {
        HeaderRow::ImportId => HeaderRow::ImportId,
        _ => HeaderRow::Name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::mapping::Platform;

    #[test]
    fn suggests_the_code_of_a_code_and_text_heading() {
        let names: Vec<String> = ["id", "submitdate", "Q1[SQ001]", "Q1[SQ002]"]
            .map(String::from)
            .to_vec();
        let layout = Layout::plain(Platform::Limesurvey, "t", String::new(), &names);
        let by_column = |name: &str| Column {
            column: Some(name.into()),
            ..Column::default()
        };
        assert_eq!(
            hint(&layout, HeaderRow::Name, &by_column("id. Response ID")).as_deref(),
            Some("did you mean `id`?")
        );
        assert_eq!(
            hint(&layout, HeaderRow::Name, &by_column("Q1[SQ003]")).as_deref(),
            Some("did you mean `Q1[SQ001]` or `Q1[SQ002]`?")
        );
        assert_eq!(hint(&layout, HeaderRow::Name, &by_column("weather")), None);
    }
}
