//! REDCap preset: raw (coded) record export with one header row of variable names, and
//! optionally its data dictionary, which supplies field labels and choice lists (`code,
//! label | code, label`). Checkbox fields expand to `field___code` columns holding 0/1;
//! `<form>_timestamp` holds `[not completed]` for unfinished surveys.
//!
//! The record id is the first column. It reads the dictionary file but no data rows.

use std::path::Path;

use crate::ingest::error::IngestError;
use crate::ingest::mapping::Platform;
use crate::ingest::platform::source::TextRecords;
use crate::ingest::platform::{Completion, Layout};

/// The marker of an unfinished survey instrument.
pub const NOT_COMPLETED: &str = "[not completed]";

/// One header row; the first column is the record id.
pub fn layout(header: &[String]) -> Layout {
    let mut layout = Layout::plain(Platform::Redcap, "raw", String::new(), header);
    layout.id_column = (!layout.columns.is_empty()).then_some(0);
    let stamps: Vec<usize> = layout
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name.ends_with("_timestamp"))
        .map(|(i, _)| i)
        .collect();
    if !stamps.is_empty() {
        layout.completion = Some(Completion::NoneEquals(stamps, NOT_COMPLETED.into()));
    }
    layout
}

/// One dictionary field: name, label, type and choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    /// Variable name.
    pub name: String,
    /// Field label.
    pub label: String,
    /// Field type (`radio`, `checkbox`, …).
    pub kind: String,
    /// Choice codes and labels.
    pub choices: Vec<(String, String)>,
}

/// Parses `1, Yes | 0, No`.
pub fn parse_choices(text: &str) -> Vec<(String, String)> {
    text.split('|')
        .filter_map(|part| {
            let (code, label) = part.split_once(',')?;
            Some((code.trim().to_string(), label.trim().to_string()))
        })
        .collect()
}

/// Reads a data dictionary.
pub fn read_dictionary(path: &Path) -> Result<Vec<Field>, IngestError> {
    let mut records = TextRecords::open(path)?;
    let mut fields = Vec::new();
    // Skip the header row.
    records.next_record()?;
    while let Some(r) = records.next_record()? {
        if r.is_blank() {
            continue;
        }
        let kind = r.cell(3).trim().to_string();
        let choices = match kind.as_str() {
            "yesno" => vec![("1".into(), "Yes".into()), ("0".into(), "No".into())],
            "truefalse" => vec![("1".into(), "True".into()), ("0".into(), "False".into())],
            _ => parse_choices(r.cell(5)),
        };
        fields.push(Field {
            name: r.cell(0).trim().to_string(),
            label: r.cell(4).trim().to_string(),
            kind,
            choices,
        });
    }
    Ok(fields)
}

/// Puts dictionary labels and choices on the columns: `field` gets the field label and its
/// choices; `field___code` gets `label - choice label` and stays a 0/1 column.
pub fn apply_dictionary(layout: &mut Layout, fields: &[Field]) {
    for column in &mut layout.columns {
        let (base, code) = match column.name.split_once("___") {
            Some((base, code)) => (base, Some(code)),
            None => (column.name.as_str(), None),
        };
        let Some(field) = fields.iter().find(|f| f.name == base) else {
            continue;
        };
        match code {
            Some(code) => {
                let choice = field.choices.iter().find(|(c, _)| c == code);
                column.label = choice.map_or_else(|| field.label.clone(), |(_, l)| l.clone());
                column.question = field.name.clone();
            }
            None => {
                column.label = field.label.clone();
                column.choices = field.choices.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_and_checkbox_columns_get_labels() {
        assert_eq!(
            parse_choices("0, Female | 1, Male")[1],
            ("1".into(), "Male".into())
        );
        let header: Vec<String> = ["record_id", "sex", "consent___1", "s_timestamp"]
            .map(String::from)
            .to_vec();
        let mut l = layout(&header);
        let fields = vec![
            Field {
                name: "sex".into(),
                label: "Sex".into(),
                kind: "radio".into(),
                choices: parse_choices("0, Female | 1, Male"),
            },
            Field {
                name: "consent".into(),
                label: "Consent".into(),
                kind: "checkbox".into(),
                choices: parse_choices("1, I consent"),
            },
        ];
        apply_dictionary(&mut l, &fields);
        assert_eq!(l.columns[1].choices.len(), 2);
        assert_eq!(l.columns[2].label, "I consent");
        assert_eq!(
            l.completion,
            Some(Completion::NoneEquals(vec![3], NOT_COMPLETED.into()))
        );
    }
}
