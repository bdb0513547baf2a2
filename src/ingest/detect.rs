//! `platform = "auto"`: which survey platform wrote a file, judged from its first three
//! records, and which signature matched (so a wrong guess can be understood and overridden).
//!
//! Signatures follow docs/survey-formats.md (of the shared folder) §2–7 and are tried from the
//! most specific (a Qualtrics ImportId row) to the least (one generic header row). This module
//! only looks at decoded header cells; it must not read data rows or apply a mapping.

use std::io::Read;

use crate::ingest::encoding::FileEncoding;
use crate::ingest::error::IngestError;
use crate::ingest::mapping::Platform;
use crate::ingest::reader::{delimiter_name, RecordReader, TextRecord};

/// How many records detection looks at (the most header rows any platform writes).
pub const HEAD_RECORDS: usize = 3;

/// What `platform = "auto"` found out about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The platform preset (never `Auto`).
    pub platform: Platform,
    /// The exporter variant when a platform has several: `current`, `legacy`, `2016`
    /// (Qualtrics), `dictionary` (a REDCap data dictionary rather than data).
    pub variant: Option<&'static str>,
    /// The signature that matched, in words, e.g. `row 3 holds {"ImportId":…} JSON`.
    pub signature: String,
    /// How many header rows precede the data (1 to 3).
    pub header_rows: usize,
    /// The file's encoding, as detected or configured.
    pub encoding: FileEncoding,
    /// The delimiter, as sniffed or configured.
    pub delimiter: u8,
    /// Whether bytes that are not valid UTF-8 were read (known once the file is read through).
    pub invalid_bytes: bool,
}

impl Detected {
    /// One line for people: `qualtrics (current): row 3 holds … ; 3 header rows; UTF-8; ","`.
    pub fn summary(&self) -> String {
        let variant = self.variant.map(|v| format!(" ({v})")).unwrap_or_default();
        format!(
            "{}{variant}: {}; {} header row{}; {}; delimiter {}",
            self.platform,
            self.signature,
            self.header_rows,
            if self.header_rows == 1 { "" } else { "s" },
            self.encoding.describe(self.invalid_bytes),
            delimiter_name(self.delimiter)
        )
    }
}

/// Detects the platform of `reader`'s file from its first records, which stay unread.
pub fn detect_reader<R: Read>(reader: &mut RecordReader<R>) -> Result<Detected, IngestError> {
    let head = reader.peek(HEAD_RECORDS)?;
    let (platform, variant, signature, header_rows) = detect(&head);
    Ok(Detected {
        platform,
        variant,
        signature,
        header_rows,
        encoding: reader.encoding(),
        delimiter: reader.delimiter(),
        invalid_bytes: false,
    })
}

/// Platform, variant, signature and header rows from the first records of a file.
pub fn detect(head: &[TextRecord]) -> (Platform, Option<&'static str>, String, usize) {
    let row = |i: usize| head.get(i).map_or(&[][..], |r| r.cells.as_slice());
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
    if codes == ["id", "submitdate", "lastpage", "startlanguage"] {
        let sig = "row 1 starts with id, submitdate, lastpage, startlanguage".to_string();
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
    if let Some(sig) = crate::ingest::platform::alchemer::signature(&[row1.to_vec()]) {
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

/// The ImportId of a Qualtrics row-3 cell, JSON or 2016 single-quoted (`QID2-1`).
pub fn import_id(cell: &str) -> Option<String> {
    let cell = cell.trim();
    if let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(cell) {
        return map.get("ImportId")?.as_str().map(str::to_string);
    }
    // The 2016 form `{'ImportId': 'QID2-1'}`: the value after the key, up to a quote or `}`.
    let rest = &cell[cell.find("ImportId")? + "ImportId".len()..];
    let rest = rest.trim_start_matches(['\'', '"']).trim_start();
    let rest = rest
        .strip_prefix(':')?
        .trim_start()
        .trim_start_matches(['\'', '"']);
    let end = rest.find(['\'', '"', '}']).unwrap_or(rest.len());
    let id = rest[..end].trim();
    (!id.is_empty()).then(|| id.to_string())
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

    fn rows(text: &[&[&str]]) -> Vec<TextRecord> {
        text.iter()
            .enumerate()
            .map(|(i, cells)| TextRecord {
                row: i as u64 + 1,
                cells: cells.iter().map(|c| c.to_string()).collect(),
                ..TextRecord::default()
            })
            .collect()
    }

    fn platform(text: &[&[&str]]) -> (Platform, Option<&'static str>, usize) {
        let (p, v, _, n) = detect(&rows(text));
        (p, v, n)
    }

    #[test]
    fn recognises_each_signature() {
        let q = platform(&[
            &["ResponseId", "Q1"],
            &["Response ID", "Q"],
            &["{\"ImportId\":\"_recordId\"}", "{\"ImportId\":\"QID1\"}"],
        ]);
        assert_eq!(q, (Platform::Qualtrics, Some("current"), 3));
        let q16 = platform(&[
            &["ResponseID"],
            &["ResponseID"],
            &["{'ImportId': 'QID2-1'}"],
        ]);
        assert_eq!(q16, (Platform::Qualtrics, Some("2016"), 3));
        assert_eq!(
            platform(&[&["\u{feff}V1", "V2", "V3", ""]]).0,
            Platform::Qualtrics
        );
        let sm = platform(&[&["RespondentID", "Q?"], &["", "Response"]]);
        assert_eq!(sm, (Platform::Surveymonkey, None, 2));
        assert_eq!(platform(&[&["Timestamp", "Q1"]]).0, Platform::GoogleForms);
        assert_eq!(
            platform(&[&["ID", "Start time", "Completion time", "Email"]]).0,
            Platform::MsForms
        );
        assert_eq!(
            platform(&[&[
                "id. Response ID",
                "submitdate. Date submitted",
                "lastpage",
                "startlanguage"
            ]])
            .0,
            Platform::Limesurvey
        );
        assert_eq!(
            platform(&[&["record_id", "consent___1", "survey_complete"]]).0,
            Platform::Redcap
        );
        assert_eq!(
            platform(&[&["respondent_id", "organization", "customer_group"]]).0,
            Platform::Canonical
        );
        assert_eq!(platform(&[&["a", "b"], &["1", "2"]]).0, Platform::Generic);
        assert_eq!(platform(&[]).0, Platform::Generic);
    }

    #[test]
    fn reads_import_ids_of_both_spellings() {
        assert_eq!(
            import_id("{\"ImportId\":\"QID2_1\"}").as_deref(),
            Some("QID2_1")
        );
        assert_eq!(
            import_id("{'ImportId': 'QID2-1'}").as_deref(),
            Some("QID2-1")
        );
        assert_eq!(import_id("Q2"), None);
        assert!(is_import_id_json(
            " {\"ImportId\":\"startDate\",\"timeZone\":\"America/New_York\"} "
        ));
        assert!(!is_import_id_json("{ImportId}"));
    }
}
