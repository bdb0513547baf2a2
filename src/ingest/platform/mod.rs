//! Platform presets: how each survey platform lays out its header rows, and the conventions
//! a mapping can rely on (respondent id column, what marks an incomplete response, codes
//! that mean "not applicable"), one file per source.
//!
//! A preset turns the first records of an export into a `Layout` (one `SourceColumn` per
//! column: row-1 name, row-2 label, ImportId, question text). `rows` applies a `Mapping` to
//! the data records and `customers` aggregates them. Canonical CSV files never come here:
//! they keep the fast canonical reader. This module must not know the rules or reports.

use crate::ingest::mapping::Platform;

pub mod alchemer;
pub(crate) mod baseline;
pub mod canonical;
pub mod customers;
pub mod generic;
pub mod google_forms;
pub mod limesurvey;
pub mod ms_forms;
pub mod nearest;
pub mod plan;
pub mod qualtrics;
pub mod redcap;
pub mod rows;
pub mod select;
pub mod signature;
pub mod source;
pub mod surveymonkey;
pub mod values;

/// How many records a preset may look at before deciding (header rows plus one).
pub const SNIFF_RECORDS: usize = 4;

/// One column of an export, described from its header rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceColumn {
    /// Row-1 field name (Qualtrics legacy `V1…V10` are replaced by their row-2 names).
    pub name: String,
    /// Row-2 label (question text or sub-label); empty when the platform has one header row.
    pub label: String,
    /// Qualtrics ImportId (`QID6_3`; 2016 dashes become underscores); else empty.
    pub import_id: String,
    /// SurveyMonkey question text carried over its group; else the name.
    pub question: String,
    /// REDCap: the dictionary's choice codes → labels for this column.
    pub choices: Vec<(String, String)>,
    /// The row-1 heading as written when the preset split it (LimeSurvey `code. text`), so
    /// `column = …` accepts the full heading as well as the code; else empty.
    pub heading: String,
    /// A header text of this column held bytes that are not valid UTF-8: selectors may then
    /// match its clean text, letters and digits alone (issue 15).
    pub stray_bytes: bool,
}

impl SourceColumn {
    /// A column known only by its row-1 name.
    pub fn named(name: &str) -> Self {
        SourceColumn {
            name: name.trim().to_string(),
            question: name.trim().to_string(),
            ..SourceColumn::default()
        }
    }

    /// How findings name the column: the name, else `question - label`.
    pub fn display(&self) -> String {
        match (self.name.is_empty(), self.label.is_empty()) {
            (false, _) => self.name.clone(),
            (true, false) if !self.question.is_empty() => {
                format!("{} - {}", self.question, self.label)
            }
            (true, false) => self.label.clone(),
            (true, true) => String::new(),
        }
    }
}

/// What marks a response incomplete on a platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Complete when the column holds one of these values (Qualtrics `Finished`).
    Values(usize, Vec<String>),
    /// Complete when the column is not blank (LimeSurvey `submitdate`).
    NotBlank(usize),
    /// Incomplete when any of these columns holds the value (REDCap `[not completed]`).
    NoneEquals(Vec<usize>, String),
}

/// A file's header layout and platform conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The platform.
    pub platform: Platform,
    /// The variant (`current`, `legacy`, `2016`, `condensed`, …).
    pub variant: &'static str,
    /// Which signature matched (for messages and `inspect`).
    pub signature: String,
    /// Records before the data.
    pub header_rows: usize,
    /// Columns in file order.
    pub columns: Vec<SourceColumn>,
    /// The respondent-id column when the mapping names none.
    pub id_column: Option<usize>,
    /// The platform's completion marker.
    pub completion: Option<Completion>,
    /// Whether negative whole numbers (`-1`, `-99`) mean "not applicable" (Qualtrics).
    pub negative_na: bool,
    /// A placeholder date written instead of real ones (LimeSurvey anonymised surveys).
    pub placeholder_date: Option<&'static str>,
}

impl Layout {
    /// A layout with one header row of plain names and no conventions.
    pub fn plain(
        platform: Platform,
        variant: &'static str,
        signature: String,
        header: &[String],
    ) -> Self {
        Layout {
            platform,
            variant,
            signature,
            header_rows: 1,
            columns: header.iter().map(|n| SourceColumn::named(n)).collect(),
            id_column: None,
            completion: None,
            negative_na: false,
            placeholder_date: None,
        }
    }

    /// The first column whose name matches one of `names` (case, space and `_` insensitive).
    pub fn find_name(&self, names: &[&str]) -> Option<usize> {
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '_')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let wanted: Vec<String> = names.iter().map(|n| squash(n)).collect();
        self.columns
            .iter()
            .position(|c| wanted.contains(&squash(&c.name)))
    }
}

/// Which platform the first records look like, and the signature that matched: the same
/// detection `inspect` shows (`signature::detect`).
pub fn detect(records: &[Vec<String>]) -> (Platform, String) {
    let (platform, _, signature, _) = signature::detect(records);
    (platform, signature)
}

/// Everything read from one export through a mapping, rows kept in memory: for tests and
/// `inspect`, not for runs (`customers` streams).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedFile {
    /// The layout the preset found.
    pub layout: Layout,
    /// Used rows, in file order.
    pub rows: Vec<rows::DecodedRow>,
    /// Rejected rows' reasons, in file order.
    pub rejected: Vec<crate::diag::Diagnostic>,
    /// Every other finding (header, mapping, cells), in file order.
    pub findings: Vec<crate::diag::Diagnostic>,
}

impl DecodedFile {
    /// Non-blank data rows read: always `rows.len() + rejected.len()`.
    pub fn rows_read(&self) -> usize {
        self.rows.len() + self.rejected.len()
    }
}

/// Reads `path` through `mapping` and keeps every decoded row (see `DecodedFile`).
pub fn decode_file(
    path: &std::path::Path,
    mapping: &crate::ingest::mapping::Mapping,
    catalog: &crate::model::catalog::Catalog,
    options: &crate::ingest::IngestOptions,
) -> Result<DecodedFile, crate::ingest::IngestError> {
    let labels = crate::ingest::group_labels::GroupLabels::new(catalog, options);
    let mut file =
        rows::MappedFile::open(path, mapping, labels, options.default_organization.clone())?;
    let mut out = DecodedFile {
        layout: file.layout.clone(),
        rows: Vec::new(),
        rejected: Vec::new(),
        findings: std::mem::take(&mut file.header_findings),
    };
    while let Some(outcome) = file.next_row()? {
        match outcome {
            rows::RowOutcome::Used(row, findings) => {
                out.rows.push(*row);
                out.findings.extend(findings);
            }
            rows::RowOutcome::Rejected(_, reason, findings)
            | rows::RowOutcome::LeftOut(_, reason, findings) => {
                out.findings.extend(findings);
                out.rejected.push(*reason);
            }
        }
    }
    Ok(out)
}

/// Whether `mapping` sends `path` to the canonical reader: `platform = "canonical"`, or
/// `auto` on a file whose header is canonical (an unreadable file goes the mapped way and
/// reports its error there).
pub fn is_canonical(path: &std::path::Path, mapping: &crate::ingest::mapping::Mapping) -> bool {
    match mapping.platform {
        Platform::Canonical => true,
        Platform::Auto => {
            let options = crate::ingest::ReadOptions {
                sheet: mapping.sheet.clone(),
                ..Default::default()
            };
            let Ok(mut records) = source::TextRecords::open_with(path, &options) else {
                return false;
            };
            let mut head = Vec::new();
            while head.len() < SNIFF_RECORDS {
                match records.next_record() {
                    Ok(Some(r)) => head.push(r.cells),
                    _ => break,
                }
            }
            detect(&head).0 == Platform::Canonical
        }
        _ => false,
    }
}

/// The layout of `records` (the first `SNIFF_RECORDS` of a file) for `platform`; `auto`
/// detects. `header_rows` overrides the preset's count.
pub fn layout(platform: Platform, records: &[Vec<String>], header_rows: Option<usize>) -> Layout {
    let (platform, signature) = match platform {
        Platform::Auto => detect(records),
        p => (p, format!("platform = \"{p}\" in the mapping")),
    };
    let empty = Vec::new();
    let first = records.first().unwrap_or(&empty);
    let mut layout = match platform {
        Platform::Qualtrics => qualtrics::layout(records),
        Platform::Surveymonkey => surveymonkey::layout(records),
        Platform::GoogleForms => google_forms::layout(first),
        Platform::MsForms => ms_forms::layout(first),
        Platform::Limesurvey => limesurvey::layout(first),
        Platform::Redcap => redcap::layout(first),
        Platform::Alchemer => alchemer::layout(first),
        Platform::Canonical => canonical::layout(first),
        Platform::Generic | Platform::Auto => generic::layout(first),
    };
    layout.signature = signature;
    if let Some(rows) = header_rows {
        layout.header_rows = rows.max(1);
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn detects_each_platform_by_its_signature() {
        let cases = [
            ("StartDate,ResponseId,Q1\nStart,Id,Q\n{\"ImportId\":\"startDate\"},{\"ImportId\":\"_recordId\"},{\"ImportId\":\"QID1\"}", Platform::Qualtrics),
            ("V1,V2,V3,Q1\nResponseID,ResponseSet,Name,Q", Platform::Qualtrics),
            ("id,submitdate,lastpage,startlanguage,Q1", Platform::Limesurvey),
            ("id,submitdate,lastpage,Q1", Platform::Limesurvey),
            ("record_id,q1,survey_complete", Platform::Redcap),
            ("Response ID,Time Started,Date Submitted,Status,Q1", Platform::Alchemer),
            ("ID,Start time,Completion time,Email,Name,Q1", Platform::MsForms),
            ("Timestamp,Q1", Platform::GoogleForms),
            ("Respondent ID,Q1,\n,Response,Other", Platform::Surveymonkey),
            ("respondent_id,organization,customer_group", Platform::Canonical),
            ("a,b", Platform::Generic),
        ];
        for (text, platform) in cases {
            assert_eq!(detect(&rows(text)).0, platform, "{text}");
        }
    }

    #[test]
    fn auto_reads_limesurvey_without_startlanguage_as_inspect_shows_it() {
        let head =
            rows("id. Response ID,submitdate. Date submitted,lastpage. Last page,Q1\n1,x,2,3");
        let layout = layout(Platform::Auto, &head, None);
        assert_eq!(layout.platform, Platform::Limesurvey);
        assert_eq!(layout.id_column, Some(0));
        let records: Vec<crate::ingest::TextRecord> = head
            .iter()
            .map(|cells| crate::ingest::TextRecord {
                cells: cells.clone(),
                ..Default::default()
            })
            .collect();
        let (inspected, _, signature, _) = crate::ingest::detect::detect(&records);
        assert_eq!(inspected, layout.platform);
        assert_eq!(signature, layout.signature);
    }
}
