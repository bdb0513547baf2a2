//! Qualtrics preset: the current three-header-row export (names, labels, ImportId JSON), the
//! legacy `V1…V10` export (two header rows, trailing comma) and the 2016 "Insights" export
//! (three rows, ImportIds in single quotes with dashes).
//!
//! ImportIds are the stable keys (they survive renamed export tags); row-2 labels may be
//! localised and are never used as keys unless the mapping asks. `Finished` marks complete
//! responses; negative codes (`-1`, `-99`) mean "not applicable".

use crate::ingest::mapping::Platform;
use crate::ingest::platform::{Completion, Layout, SourceColumn};

/// The legacy exporter's metadata names for `V1…V10`.
const LEGACY: [&str; 10] = [
    "ResponseID",
    "ResponseSet",
    "Name",
    "ExternalDataReference",
    "EmailAddress",
    "IPAddress",
    "Status",
    "StartDate",
    "EndDate",
    "Finished",
];

/// The ImportId in a row-3 cell: JSON (`{"ImportId":"QID1"}`) or the 2016 single-quoted
/// form (`{'ImportId': 'QID2-1'}`), read tolerantly rather than as JSON. Dashes become
/// underscores so `QID2-1` and `QID2_1` select the same column.
pub fn import_id(cell: &str) -> Option<String> {
    let at = cell.find("ImportId")?;
    let rest = &cell[at + "ImportId".len()..];
    let rest = rest.trim_start_matches(['"', '\'']).trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find(['"', '\'', '}', ','])?;
    Some(rest[..end].trim().replace('-', "_"))
}

/// The layout of whichever variant the rows are.
pub fn layout(records: &[Vec<String>]) -> Layout {
    let empty = Vec::new();
    let names = records.first().unwrap_or(&empty);
    let labels = records.get(1).unwrap_or(&empty);
    let third = records.get(2).unwrap_or(&empty);
    let has_ids = third.iter().take(3).any(|c| import_id(c).is_some());
    let legacy = names.first().is_some_and(|c| c.trim() == "V1");
    let variant = if legacy {
        "legacy"
    } else if third.iter().any(|c| c.contains("'ImportId'")) {
        "2016"
    } else if has_ids {
        "current"
    } else {
        "two header rows"
    };
    let width = names.len().max(labels.len());
    let columns = (0..width)
        .map(|i| {
            let raw = names.get(i).map_or("", |s| s.trim());
            let label = labels.get(i).map_or("", |s| s.trim()).to_string();
            // Legacy `V1…V10` are replaced by their row-2 names so one mapping serves both.
            let name = match raw.strip_prefix('V').and_then(|n| n.parse::<usize>().ok()) {
                Some(n @ 1..=10) if legacy => LEGACY[n - 1].to_string(),
                _ => raw.to_string(),
            };
            SourceColumn {
                question: name.clone(),
                name,
                label,
                import_id: if has_ids {
                    third.get(i).and_then(|c| import_id(c)).unwrap_or_default()
                } else {
                    String::new()
                },
                choices: Vec::new(),
                heading: String::new(),
                stray_bytes: false,
            }
        })
        .collect();
    let mut layout = Layout {
        platform: Platform::Qualtrics,
        variant,
        signature: String::new(),
        header_rows: if has_ids { 3 } else { 2 },
        columns,
        id_column: None,
        completion: None,
        negative_na: true,
        placeholder_date: None,
    };
    layout.id_column = layout.find_name(&["ResponseId"]);
    layout.completion = layout
        .find_name(&["Finished"])
        .map(|i| Completion::Values(i, vec!["1".into(), "true".into()]));
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_ids_in_both_quotings() {
        assert_eq!(
            import_id("{\"ImportId\":\"QID2_1\"}").as_deref(),
            Some("QID2_1")
        );
        assert_eq!(
            import_id("{'ImportId': 'QID2-1'}").as_deref(),
            Some("QID2_1")
        );
        assert_eq!(
            import_id("{\"ImportId\":\"startDate\",\"timeZone\":\"America/New_York\"}").as_deref(),
            Some("startDate")
        );
        assert_eq!(import_id("Q1"), None);
    }

    #[test]
    fn legacy_names_come_from_row_two() {
        let rows: Vec<Vec<String>> = vec![
            ["V1", "V10", "Q1", ""].map(String::from).to_vec(),
            ["ResponseID", "Finished", "Question", ""]
                .map(String::from)
                .to_vec(),
        ];
        let l = layout(&rows);
        assert_eq!((l.variant, l.header_rows), ("legacy", 2));
        assert_eq!(l.columns[1].name, "Finished");
        assert_eq!(l.id_column, Some(0));
        assert!(matches!(l.completion, Some(Completion::Values(1, _))));
    }
}
