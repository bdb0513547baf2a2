//! Column selectors of a mapping resolved against a file's `Layout`: exact name, ImportId,
//! row-2 label, SurveyMonkey question (+ sub-label), or a regular expression with captures.
//!
//! Resolved once per file, before any data row. It reads no cells.

use regex::Regex;

use crate::ingest::mapping::{normalize_label, Column, HeaderRow};
use crate::ingest::platform::{Layout, SourceColumn};

/// One selected column: its index and the regex captures (`{1}`…), empty otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 0-based column index.
    pub index: usize,
    /// Capture groups 1.., as text (empty when not a regex selector).
    pub captures: Vec<String>,
}

/// What a `Column` resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selected {
    /// A constant `value`.
    Constant(String),
    /// Columns in file order (maybe none: the caller reports it).
    Columns(Vec<Hit>),
}

impl Selected {
    /// The first column, if any.
    pub fn first(&self) -> Option<usize> {
        match self {
            Selected::Columns(hits) => hits.first().map(|h| h.index),
            Selected::Constant(_) => None,
        }
    }
}

/// The text of `column` in header row `row`.
pub(crate) fn text(column: &SourceColumn, row: HeaderRow) -> &str {
    match row {
        HeaderRow::Name => &column.name,
        HeaderRow::Label => &column.label,
        HeaderRow::ImportId => &column.import_id,
        HeaderRow::Question => &column.question,
    }
}

/// Resolves `c` against `layout`; `key` is the mapping's default header row. A bad regex is
/// an error message.
pub fn select(layout: &Layout, key: HeaderRow, c: &Column) -> Result<Selected, String> {
    if let Some(value) = &c.value {
        return Ok(Selected::Constant(value.clone()));
    }
    let plain = |index: usize| Hit {
        index,
        captures: Vec::new(),
    };
    let all = layout.columns.iter().enumerate();
    let hits: Vec<Hit> = if let Some(name) = &c.column {
        let wanted = Wanted::new(name);
        // `column` names row 1; with `key = "import_id"` a bare id also matches, so mappings
        // written against ImportIds can say `column = "QID3"`.
        all.filter(|(_, col)| {
            wanted.matches(col, &col.name)
                || (!col.heading.is_empty() && wanted.matches(col, &col.heading))
                || (key == HeaderRow::ImportId && wanted.matches(col, &col.import_id))
        })
        .map(|(i, _)| plain(i))
        .take(1)
        .collect()
    } else if let Some(id) = &c.import_id {
        let wanted = normalize_label(&id.replace('-', "_"));
        all.filter(|(_, col)| normalize_label(&col.import_id) == wanted)
            .map(|(i, _)| plain(i))
            .take(1)
            .collect()
    } else if let Some(question) = &c.question {
        let q = Wanted::new(question);
        let label = c.label.as_deref().map(Wanted::new);
        all.filter(|(_, col)| {
            q.matches(col, &col.question)
                && label.as_ref().is_none_or(|l| l.matches(col, &col.label))
        })
        .map(|(i, _)| plain(i))
        .collect()
    } else if let Some(label) = &c.label {
        let wanted = Wanted::new(label);
        all.filter(|(_, col)| wanted.matches(col, &col.label))
            .map(|(i, _)| plain(i))
            .collect()
    } else if let Some(pattern) = &c.regex {
        let re = Regex::new(pattern).map_err(|e| format!("invalid regex {pattern:?}: {e}"))?;
        let row = c.on.unwrap_or(key);
        all.filter_map(|(i, col)| {
            let caps = re.captures(text(col, row))?;
            Some(Hit {
                index: i,
                captures: caps
                    .iter()
                    .skip(1)
                    .map(|m| m.map_or(String::new(), |m| m.as_str().to_string()))
                    .collect(),
            })
        })
        .collect()
    } else {
        Vec::new()
    };
    Ok(Selected::Columns(hits))
}

/// A selector's text, compared as labels are (`normalize_label`); against a header with
/// stray bytes also by its letters and digits alone, so the clean text a person types selects
/// `statement:\u{eb}_"our sex life…"` read from a mis-encoded curly quote (issue 15).
struct Wanted {
    normalized: String,
    clean: String,
}

impl Wanted {
    fn new(text: &str) -> Self {
        Wanted {
            normalized: normalize_label(text),
            clean: clean(text),
        }
    }

    fn matches(&self, column: &SourceColumn, text: &str) -> bool {
        normalize_label(text) == self.normalized
            || (column.stray_bytes && !self.clean.is_empty() && clean(text) == self.clean)
    }
}

/// Lower-case ASCII letters and digits only.
fn clean(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How a selector reads in messages (`import_id = "QID3"`).
pub fn describe(c: &Column) -> String {
    let parts = [
        ("column", &c.column),
        ("import_id", &c.import_id),
        ("question", &c.question),
        ("label", &c.label),
        ("regex", &c.regex),
        ("value", &c.value),
    ];
    parts
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {v:?}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fills `{1}`, `{2}`… in `template` from `captures`.
pub fn fill(template: &str, captures: &[String]) -> String {
    let mut out = template.to_string();
    for (i, cap) in captures.iter().enumerate().rev() {
        out = out.replace(&format!("{{{}}}", i + 1), cap);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::mapping::Platform;

    fn layout() -> Layout {
        let mut l = Layout::plain(
            Platform::Qualtrics,
            "t",
            String::new(),
            &["ResponseId".into(), "Q6_1".into(), "Q6_2".into()],
        );
        l.columns[1].import_id = "QID6_1".into();
        l.columns[2].import_id = "QID6_2".into();
        l.columns[2].label = "Outcomes - ROI".into();
        l
    }

    #[test]
    fn selects_by_name_import_id_label_and_regex() {
        let l = layout();
        let by = |c: Column| select(&l, HeaderRow::Name, &c).unwrap();
        assert_eq!(
            by(Column {
                column: Some("responseid".into()),
                ..Column::default()
            })
            .first(),
            Some(0)
        );
        assert_eq!(
            by(Column {
                import_id: Some("QID6-2".into()),
                ..Column::default()
            })
            .first(),
            Some(2)
        );
        assert_eq!(
            by(Column {
                label: Some("outcomes - roi".into()),
                ..Column::default()
            })
            .first(),
            Some(2)
        );
        let Selected::Columns(hits) = by(Column {
            regex: Some(r"^QID6_(\d+)$".into()),
            on: Some(HeaderRow::ImportId),
            ..Column::default()
        }) else {
            panic!()
        };
        assert_eq!(
            hits[1],
            Hit {
                index: 2,
                captures: vec!["2".into()]
            }
        );
        assert_eq!(fill("o_{1}", &hits[1].captures), "o_2");
        assert!(select(
            &l,
            HeaderRow::Name,
            &Column {
                regex: Some("(".into()),
                ..Column::default()
            }
        )
        .is_err());
    }
}
