//! `inspect`'s view of which survey platform wrote a file: the platform, variant, signature and
//! header rows that `platform::signature` (the one detection, which `platform = "auto"` also
//! uses) finds in its first records, with the encoding and delimiter the reader settled.
//! This module only looks at decoded header cells; it must not read data rows or apply a
//! mapping.

use std::io::Read;

use crate::ingest::encoding::FileEncoding;
use crate::ingest::error::IngestError;
use crate::ingest::mapping::Platform;
use crate::ingest::platform::signature;
use crate::ingest::reader::{delimiter_name, RecordReader, TextRecord};

pub use crate::ingest::platform::signature::is_import_id_json;

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

/// Platform, variant, signature and header rows from the first records of a file: the one
/// detection `platform = "auto"` uses too (`platform::signature`).
pub fn detect(head: &[TextRecord]) -> (Platform, Option<&'static str>, String, usize) {
    let cells: Vec<Vec<String>> = head.iter().map(|r| r.cells.clone()).collect();
    signature::detect(&cells)
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
