//! Which platform wrote an export, judged from its first three records, and which signature
//! matched (so a wrong guess can be understood and overridden): the one detection that both
//! `inspect` (through `ingest::detect`) and `platform = "auto"` in a mapping use, so the two
//! never disagree (issue 15: `inspect` required LimeSurvey's `startlanguage`, the reader not).
//!
//! Signatures follow docs/survey-formats.md (of the shared folder) §2–7 and are tried from the
//! most specific (a Qualtrics ImportId row) to the least (one generic header row). This module
//! only looks at decoded header cells; it must not read data rows or apply a mapping.

use crate::ingest::mapping::Platform;

/// The metadata columns that together say Alchemer (formerly SurveyGizmo).
const ALCHEMER: [&str; 4] = ["response id", "time started", "date submitted", "status"];

/// Platform, variant, signature and header rows from the first records of a file.
pub fn detect(head: &[Vec<String>]) -> (Platform, Option<&'static str>, String, usize) {
    let row = |i: usize| head.get(i).map_or(&[][..], |r| r.as_slice());
    let norm = |s: &str| {
        s.trim()
            .trim_start_matches('\u{feff}')
            .trim()
            .to_ascii_lowercase()
    };
    let (row1, row2, row3) = (row(0), row(1), row(2));
    let first = row1.first().map(|c| norm(c)).unwrap_or_default();
    let has = |cells: &[String], name: &str| cells.iter().any(|c| norm(c) == name);

    // Qualtrics current: row 3 cells are JSON objects with an ImportId.
    if let Some((i, cell)) = row3.iter().enumerate().find(|(_, c)| is_import_id_json(c)) {
        let sig = format!(
            "row 3 holds {{\"ImportId\":…}} JSON (column {}: {})",
            i + 1,
            shorten(cell)
        );
        return (Platform::Qualtrics, Some("current"), sig, 3);
    }
    // Qualtrics 2016 "Insights": the same row in single quotes.
    if let Some((i, cell)) = row3
        .iter()
        .enumerate()
        .find(|(_, c)| c.trim_start().starts_with('{') && c.contains("'ImportId'"))
    {
        let sig = format!(
            "row 3 holds {{'ImportId': …}} in single quotes (column {}: {})",
            i + 1,
            shorten(cell)
        );
        return (Platform::Qualtrics, Some("2016"), sig, 3);
    }
    let starts_with = |names: &[&str]| {
        names.len() <= row1.len() && names.iter().zip(row1).all(|(n, c)| norm(c) == *n)
    };
    if starts_with(&["v1", "v2", "v3"]) {
        let sig = "row 1 starts with V1,V2,V3 (legacy exporter)".to_string();
        return (Platform::Qualtrics, Some("legacy"), sig, 2);
    }
    let code_of = |c: &String| norm(c).split(". ").next().unwrap_or_default().to_string();
    let codes: Vec<String> = row1.iter().take(4).map(code_of).collect();
    // `startlanguage` follows in LimeSurvey's own exports but not in every one (issue 15:
    // `inspect` required it while the reader did not).
    if codes.len() >= 3 && codes[..3] == ["id", "submitdate", "lastpage"] {
        let sig = "row 1 starts with id, submitdate, lastpage".to_string();
        return (Platform::Limesurvey, None, sig, 1);
    }
    if first == "variable / field name" {
        let sig = "row 1 starts with \"Variable / Field Name\" (a data dictionary)".to_string();
        return (Platform::Redcap, Some("dictionary"), sig, 1);
    }
    let redcap = row1.iter().map(|c| norm(c)).find(|c| {
        c == "redcap_event_name"
            || c == "redcap_survey_identifier"
            || c == "redcap_repeat_instrument"
            || (c.ends_with("_complete") && c.len() > "_complete".len())
    });
    if let Some(column) = redcap {
        let sig = format!("row 1 has the REDCap column `{column}`");
        return (Platform::Redcap, None, sig, 1);
    }
    if ALCHEMER.iter().all(|name| has(row1, name)) {
        let sig = "row 1 has Response ID, Time Started, Date Submitted and Status".to_string();
        return (Platform::Alchemer, None, sig, 1);
    }
    let sub_label = row2
        .iter()
        .find(|c| matches!(c.trim(), "Response" | "Open-Ended Response"));
    let respondent_id = first.replace(' ', "") == "respondentid";
    if let Some(label) = sub_label {
        if respondent_id
            || first == "startdate"
            || first == "start date"
            || row2[0].trim().is_empty()
        {
            let sig = format!(
                "row 2 holds the sub-label {:?} under the questions",
                label.trim()
            );
            return (Platform::Surveymonkey, None, sig, 2);
        }
    }
    const TIMESTAMPS: [&str; 6] = [
        "timestamp",
        "marca temporal",
        "zeitstempel",
        "horodateur",
        "carimbo de data/hora",
        "informazioni cronologiche",
    ];
    if TIMESTAMPS.contains(&first.as_str()) {
        let sig = format!("row 1 starts with {:?}", row1[0].trim());
        return (Platform::GoogleForms, None, sig, 1);
    }
    if starts_with(&["id", "start time", "completion time"]) {
        let sig = "row 1 starts with ID, Start time, Completion time".to_string();
        return (Platform::MsForms, None, sig, 1);
    }
    if has(row1, "respondent_id") && has(row1, "customer_group") {
        let sig = "row 1 has the canonical respondent_id and customer_group columns".to_string();
        return (Platform::Canonical, None, sig, 1);
    }
    if respondent_id && sub_label.is_none() && row2.first().is_some_and(|c| c.trim().is_empty()) {
        // SurveyMonkey with every question multi-column: row 2 holds only choice labels.
        let sig = "row 1 starts with RespondentID and row 2 holds sub-labels".to_string();
        return (Platform::Surveymonkey, None, sig, 2);
    }
    let sig = "no platform signature matched: one header row assumed".to_string();
    (Platform::Generic, None, sig, 1)
}

/// Whether `cell` is a JSON object with an `ImportId` key (Qualtrics row 3).
pub fn is_import_id_json(cell: &str) -> bool {
    let cell = cell.trim();
    cell.starts_with('{')
        && cell.contains("\"ImportId\"")
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(cell)
            .is_ok_and(|m| m.contains_key("ImportId"))
}

fn shorten(cell: &str) -> String {
    let cell = cell.trim();
    match cell.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &cell[..at]),
        None => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[&[&str]]) -> Vec<Vec<String>> {
        text.iter()
            .map(|cells| cells.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn limesurvey_needs_no_startlanguage_and_alchemer_needs_all_four_columns() {
        for head in [
            &["id", "submitdate", "lastpage", "Q1"][..],
            &[
                "id. Response ID",
                "submitdate. Date submitted",
                "lastpage. Last page",
            ],
            &["id", "submitdate", "lastpage", "startlanguage"],
        ] {
            let (platform, _, signature, rows_) = detect(&rows(&[head]));
            assert_eq!((platform, rows_), (Platform::Limesurvey, 1), "{head:?}");
            assert_eq!(signature, "row 1 starts with id, submitdate, lastpage");
        }
        let alchemer = [
            "Response ID",
            "Time Started",
            "Date Submitted",
            "Status",
            "Q",
        ];
        assert_eq!(detect(&rows(&[&alchemer])).0, Platform::Alchemer);
        assert_eq!(
            detect(&rows(&[&["Response ID", "Time Started", "Status"]])).0,
            Platform::Generic
        );
    }
}
