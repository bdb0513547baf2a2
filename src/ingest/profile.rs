//! Column profiles of an export for `inspect`: per column its header texts, fill rate,
//! distinct values with examples and a guessed kind, so an analyst can write a mapping.
//!
//! Reads the whole file once, streaming; what it keeps per column is bounded (at most
//! `DISTINCT_KEPT` distinct values of at most `VALUE_CHARS` characters each), never the rows.
//! Guesses are hints for a person, never used to read data: the mapping decides that.

use std::collections::BTreeMap;
use std::io::Read;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::ingest::detect::{self, Detected};
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::joined::combines_options;
use crate::ingest::mapping::Platform;
use crate::ingest::platform::{alchemer, limesurvey};
use crate::ingest::reader::{RecordReader, TextRecord};

/// Distinct values counted per column; beyond this only "more" is known.
const DISTINCT_KEPT: usize = 200;
/// Values are kept up to this many characters.
const VALUE_CHARS: usize = 80;
/// Distinct parts of joined multi-select cells tracked per separator.
const PARTS_KEPT: usize = 60;
/// At most this many distinct answers (and short ones) make a single-choice question.
const CHOICES_MAX: usize = 15;
/// Up to this many distinct values are all shown, so a scale can be written from them.
const ALL_SHOWN_MAX: usize = 12;
/// Otherwise this many of the most frequent are.
const EXAMPLES_SHOWN: usize = 5;

/// What a column seems to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    /// A respondent or record id (all distinct).
    Id,
    /// Dates or date-times.
    Timestamp,
    /// Whole numbers 1–5.
    Likert5,
    /// Whole numbers 0–10.
    Nps,
    /// Other numbers.
    Number,
    /// A few distinct answers.
    SingleChoice,
    /// Several options per cell (joined), or one column per option.
    MultiSelect,
    /// Free text.
    FreeText,
    /// No answer in any row.
    Empty,
}

impl ColumnKind {
    /// How `inspect` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnKind::Id => "id",
            ColumnKind::Timestamp => "timestamp",
            ColumnKind::Likert5 => "likert 1-5",
            ColumnKind::Nps => "nps 0-10",
            ColumnKind::Number => "number",
            ColumnKind::SingleChoice => "single choice",
            ColumnKind::MultiSelect => "multi-select",
            ColumnKind::FreeText => "free text",
            ColumnKind::Empty => "empty",
        }
    }
}

/// One column of an export, profiled.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnProfile {
    /// 1-based column number.
    pub column: usize,
    /// Row-1 text (field name, export tag or question).
    pub name: String,
    /// The question text: Qualtrics row 2, SurveyMonkey row 1 carried over its group.
    pub question: String,
    /// Row-2 sub-label (SurveyMonkey) when the platform has one.
    pub label: String,
    /// Qualtrics ImportId (row 3).
    pub import_id: String,
    /// Data rows with a non-blank cell.
    pub filled: u64,
    /// Distinct non-blank values (a lower bound when `distinct_more`).
    pub distinct: usize,
    /// More distinct values exist than were counted.
    pub distinct_more: bool,
    /// Every distinct value, most frequent first, when there are at most 12; else the five
    /// most frequent.
    pub examples: Vec<String>,
    /// The guessed kind.
    pub kind: ColumnKind,
    /// The separator of joined multi-select cells (`;` or `, `), when guessed.
    pub split: Option<String>,
}

/// A whole file, profiled.
#[derive(Debug, Clone)]
pub struct FileProfile {
    /// Platform, signature, encoding, delimiter and header rows.
    pub detected: Detected,
    /// Data rows (after the header rows; blank rows not counted).
    pub rows: u64,
    /// Every column that has a header text or a value.
    pub columns: Vec<ColumnProfile>,
    /// Reader findings (invalid bytes with offset and row).
    pub findings: Vec<Diagnostic>,
}

/// Header rows a platform writes when the user names the platform instead of detecting it.
pub fn default_header_rows(platform: Platform) -> usize {
    match platform {
        Platform::Qualtrics => 3,
        Platform::Surveymonkey => 2,
        _ => 1,
    }
}

/// Profiles every column of `reader`'s file; `platform` overrides detection.
pub fn profile<R: Read>(
    mut reader: RecordReader<R>,
    platform: Option<Platform>,
) -> Result<FileProfile, IngestError> {
    let mut detected = detect::detect_reader(&mut reader)?;
    if let Some(p) = platform.filter(|&p| p != Platform::Auto && p != detected.platform) {
        detected.platform = p;
        detected.variant = None;
        detected.header_rows = default_header_rows(p);
        detected.signature = format!("set by the user (detection said: {})", detected.signature);
    }
    let mut headers: Vec<TextRecord> = Vec::new();
    let mut stats: Vec<Stats> = Vec::new();
    let mut record = TextRecord::default();
    let mut rows = 0u64;
    while reader.read_text(&mut record)? {
        if headers.len() < detected.header_rows {
            headers.push(record.clone());
            if headers.len() == 1 {
                reader.set_column_names(record.cells.clone());
            }
            continue;
        }
        if record.is_blank() {
            continue;
        }
        rows += 1;
        if stats.len() < record.cells.len() {
            stats.resize_with(record.cells.len(), Stats::default);
        }
        for (cell, s) in record.cells.iter().zip(&mut stats) {
            s.add(cell.trim());
        }
    }
    let width = headers
        .iter()
        .map(|h| h.cells.len())
        .max()
        .unwrap_or(0)
        .max(stats.len());
    stats.resize_with(width, Stats::default);
    let header = |r: usize, i: usize| headers.get(r).map_or("", |h| h.cell(i).trim());
    let mut question = String::new();
    let mut columns = Vec::new();
    let alchemer = (detected.platform == Platform::Alchemer)
        .then(|| alchemer::layout(headers.first().map_or(&[][..], |h| &h.cells[..])));
    for (i, s) in stats.into_iter().enumerate() {
        let mut name = header(0, i).to_string();
        let (mut q, mut label, mut import_id) = (String::new(), String::new(), String::new());
        match detected.platform {
            // `code. text` headings: the code is what `column = …` is best written with.
            Platform::Alchemer => {
                let layout = alchemer.as_ref();
                if let Some(c) = layout
                    .and_then(|l| l.columns.get(i))
                    .filter(|c| !c.label.is_empty())
                {
                    (q, label) = (c.question.clone(), c.label.clone());
                }
            }
            Platform::Limesurvey => {
                if let Some((code, text)) = limesurvey::split_heading(&name) {
                    (name, q) = (code.to_string(), text.to_string());
                }
            }
            Platform::Qualtrics => {
                if detected.header_rows >= 2 {
                    q = header(1, i).to_string();
                }
                if detected.header_rows >= 3 {
                    import_id = detect::import_id(header(2, i)).unwrap_or_default();
                }
            }
            Platform::Surveymonkey => {
                if !name.is_empty() {
                    question = name.clone();
                }
                q = question.clone();
                label = header(1, i).to_string();
            }
            _ => {}
        }
        let unnamed = (0..detected.header_rows).all(|r| header(r, i).is_empty());
        if unnamed && s.filled == 0 {
            continue; // a trailing comma's empty column
        }
        columns.push(s.finish(i + 1, rows, [name, q, label, import_id]));
    }
    let findings = reader.take_findings();
    detected.invalid_bytes = findings.iter().any(|d| d.code == finding::BAD_ENCODING);
    Ok(FileProfile {
        detected,
        rows,
        columns,
        findings,
    })
}

/// Running statistics of one column.
#[derive(Debug, Default)]
struct Stats {
    filled: u64,
    values: BTreeMap<String, u64>,
    more: bool,
    numbers: u64,
    integers: u64,
    min: f64,
    max: f64,
    dates: u64,
    total_chars: u64,
    /// Per separator (`;`, `, `): cells containing it, and distinct parts (bounded).
    joined: [(u64, BTreeMap<String, u64>, bool); 2],
}

const SEPARATORS: [&str; 2] = [";", ", "];

impl Stats {
    fn add(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        self.filled += 1;
        self.total_chars += value.chars().count() as u64;
        let kept: String = value.chars().take(VALUE_CHARS).collect();
        if let Some(n) = self.values.get_mut(&kept) {
            *n += 1;
        } else if self.values.len() < DISTINCT_KEPT {
            self.values.insert(kept, 1);
        } else {
            self.more = true;
        }
        if let Some(n) = number(value) {
            if self.numbers == 0 {
                (self.min, self.max) = (n, n);
            }
            self.numbers += 1;
            self.integers += u64::from(n.fract() == 0.0);
            self.min = self.min.min(n);
            self.max = self.max.max(n);
        } else if is_date(value) {
            self.dates += 1;
        }
        for (sep, joined) in SEPARATORS.iter().zip(&mut self.joined) {
            if !value.contains(sep) {
                continue;
            }
            joined.0 += 1;
            for part in value.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
                let part: String = part.chars().take(VALUE_CHARS).collect();
                if let Some(n) = joined.1.get_mut(&part) {
                    *n += 1;
                } else if joined.1.len() < PARTS_KEPT {
                    joined.1.insert(part, 1);
                } else {
                    joined.2 = true;
                }
            }
        }
    }

    /// `texts`: name, question, label and ImportId of the column.
    fn finish(self, column: usize, rows: u64, texts: [String; 4]) -> ColumnProfile {
        let [name, question, label, import_id] = texts;
        let (kind, split) = self.kind(&name, &label, rows);
        let mut by_count: Vec<(&String, &u64)> = self.values.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let shown = if !self.more && by_count.len() <= ALL_SHOWN_MAX {
            ALL_SHOWN_MAX
        } else {
            EXAMPLES_SHOWN
        };
        let examples = by_count
            .iter()
            .take(shown)
            .map(|(v, _)| (*v).clone())
            .collect();
        ColumnProfile {
            column,
            name,
            question,
            label,
            import_id,
            filled: self.filled,
            distinct: self.values.len(),
            distinct_more: self.more,
            examples,
            kind,
            split,
        }
    }

    fn kind(&self, name: &str, label: &str, rows: u64) -> (ColumnKind, Option<String>) {
        if self.filled == 0 {
            return (ColumnKind::Empty, None);
        }
        let all_distinct = !self.more && self.values.values().all(|&n| n == 1);
        if looks_like_id(name) && (all_distinct || self.more) {
            return (ColumnKind::Id, None);
        }
        if self.dates == self.filled
            || (self.dates > 0 && self.dates + self.numbers == self.filled && self.numbers == 0)
        {
            return (ColumnKind::Timestamp, None);
        }
        // One column per option: the same mark (`1`, `Y`, the option label) or blank.
        if self.values.len() == 1 && !self.more && self.filled < rows {
            let only = self.values.keys().next().map_or("", String::as_str);
            if ["1", "y", "yes", "checked"].contains(&only.to_ascii_lowercase().as_str())
                || (!label.is_empty() && only == label)
            {
                return (ColumnKind::MultiSelect, None);
            }
        }
        if self.numbers == self.filled {
            let whole = self.integers == self.numbers;
            return match (whole, self.min, self.max) {
                (true, min, max) if min >= 1.0 && max <= 5.0 => (ColumnKind::Likert5, None),
                (true, min, max) if min >= 0.0 && (9.0..=10.0).contains(&max) => {
                    (ColumnKind::Nps, None)
                }
                _ => (ColumnKind::Number, None),
            };
        }
        let write_in = ["please specify", "open-ended"]
            .iter()
            .any(|w| label.to_lowercase().contains(w) || name.to_lowercase().contains(w));
        for (sep, (cells, parts, more)) in SEPARATORS.iter().zip(&self.joined) {
            // Joined answers: a fair share of cells joined, few distinct parts (free text has
            // many), and one part in several distinct answers (`A;B` and `A`): a single choice
            // whose labels contain the separator never shares parts across answers, and
            // write-ins ("please specify") are free text whatever they hold (issue 15).
            let share = *cells * 10 >= self.filled;
            let few = !more && parts.len() <= self.values.len();
            let combined = !self.more && combines_options(&self.values, self.filled, sep);
            if share && few && !write_in && combined {
                return (ColumnKind::MultiSelect, Some((*sep).to_string()));
            }
        }
        let short = self.total_chars <= self.filled * 60;
        let repeated = self.values.len() * 2 <= usize::try_from(self.filled).unwrap_or(usize::MAX);
        if !self.more
            && short
            && (self.values.len() <= CHOICES_MAX
                || (repeated && self.values.len() <= 2 * CHOICES_MAX))
        {
            return (ColumnKind::SingleChoice, None);
        }
        (ColumnKind::FreeText, None)
    }
}

/// Whether a header names an id column (`ResponseId`, `Respondent ID`, `record_id`, `ID`).
fn looks_like_id(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        n.as_str(),
        "id" | "responseid" | "respondentid" | "recordid" | "participantid" | "v1"
    ) || n.ends_with("responseid")
}

/// A number, with a decimal comma accepted (`3,5`).
fn number(value: &str) -> Option<f64> {
    let ok = value
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.,".contains(&b))
        && value.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    let fixed = if value.matches(',').count() == 1 && !value.contains('.') {
        value.replace(',', ".")
    } else {
        value.to_string()
    };
    fixed.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Dates and date-times as exports write them (`2018-03-06 15:52:43`, `4/22/2016 19:57:50`,
/// `2021/03/04 10:15:26 AM GMT+1`), and REDCap's `[not completed]`.
fn is_date(value: &str) -> bool {
    if value == "[not completed]" {
        return true;
    }
    let date = value.split([' ', 'T']).next().unwrap_or_default();
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        && value[date.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" :+-.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::reader::ReadOptions;

    fn profile_of(text: &str) -> FileProfile {
        let reader =
            RecordReader::new("t.csv".into(), text.as_bytes(), &ReadOptions::default()).unwrap();
        profile(reader, None).unwrap()
    }

    fn kinds(p: &FileProfile) -> Vec<&'static str> {
        p.columns.iter().map(|c| c.kind.as_str()).collect()
    }

    #[test]
    fn guesses_kinds_of_a_generic_file() {
        let mut text = String::from(
            "ID,Start time,Completion time,Rating,Recommend,Team,Tools,Notes,Blank,Cost\n",
        );
        for i in 0..30 {
            let tools = ["Jira;Excel;", "Excel;", "Jira;MS Project;"][i % 3];
            let note = format!("note number {i} with some longer words to read");
            text.push_str(&format!(
                "{i},10/9/2024 11:02,10/9/2024 11:0{},{},{},{},{tools},{note},,{}\n",
                i % 10,
                1 + i % 5,
                i % 11,
                ["PM", "Exec"][i % 2],
                i * 1000 + 7
            ));
        }
        let p = profile_of(&text);
        assert_eq!(p.detected.platform, Platform::MsForms);
        assert_eq!(p.rows, 30);
        assert_eq!(
            kinds(&p),
            [
                "id",
                "timestamp",
                "timestamp",
                "likert 1-5",
                "nps 0-10",
                "single choice",
                "multi-select",
                "free text",
                "empty",
                "number"
            ]
        );
        assert_eq!(p.columns[6].split.as_deref(), Some(";"));
        assert_eq!(p.columns[5].examples, ["Exec", "PM"]);
        assert_eq!(p.columns[3].filled, 30);
    }

    #[test]
    fn reads_qualtrics_headers_and_drops_trailing_empty_columns() {
        let p = profile_of(
            "ResponseId,Q1,\nResponse ID,How satisfied?,\n\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\nR_1,4,\nR_2,5,\n",
        );
        assert_eq!(p.detected.header_rows, 3);
        assert_eq!(p.columns.len(), 2);
        assert_eq!(p.columns[1].question, "How satisfied?");
        assert_eq!(p.columns[1].import_id, "QID1");
        assert_eq!(kinds(&p), ["id", "likert 1-5"]);
    }

    #[test]
    fn surveymonkey_questions_carry_over_their_group() {
        let p = profile_of(
            "RespondentID,Which tools?,,Age\n,Jira,Excel,Response\n1,Jira,,30-44\n2,,Excel,18-29\n",
        );
        assert_eq!(p.columns[2].question, "Which tools?");
        assert_eq!(p.columns[2].label, "Excel");
        assert_eq!(p.columns[2].kind, ColumnKind::MultiSelect);
    }

    #[test]
    fn issue_15_few_values_all_shown_and_semicolon_labels_stay_single_choice() {
        let mut text = String::from("ID,Level,Tools,Other (please specify),Where\n");
        let levels = ["Low; rarely", "Medium; sometimes", "High; often", "None"];
        // SurveyMonkey's sleeping-alone export: one answer, labels with ", " sharing a part.
        let rooms = [
            "\"Shared bedroom, different bed\"",
            "\"Shared bedroom, but one of us on the floor\"",
            "Couch",
        ];
        for i in 0..40 {
            let tools = ["Jira;Excel;", "Excel;", "Jira;MS Project;"][i % 3];
            let other = format!("my tool {i}; and another");
            let row = format!("{i},{},{tools},{other},{}\n", levels[i % 4], rooms[i % 3]);
            text.push_str(&row);
        }
        let p = profile_of(&text);
        assert_eq!(
            kinds(&p),
            [
                "id",
                "single choice",
                "multi-select",
                "free text",
                "single choice"
            ]
        );
        let mut shown = p.columns[1].examples.clone();
        shown.sort();
        assert_eq!(
            shown,
            ["High; often", "Low; rarely", "Medium; sometimes", "None"]
        );
        assert_eq!(
            p.columns[0].examples.len(),
            5,
            "many distinct: the five most frequent"
        );
    }

    #[test]
    fn issue_15_valid_utf8_is_not_described_as_read_in_windows_1252() {
        let p = profile_of("a,b\n1,caf\u{e9}\n");
        assert_eq!(
            p.detected.encoding.describe(p.detected.invalid_bytes),
            "UTF-8 (no BOM)"
        );
        let reader = RecordReader::new(
            "t.csv".into(),
            &b"a,b\n1,caf\xe9\n"[..],
            &ReadOptions::default(),
        )
        .unwrap();
        let p = profile(reader, None).unwrap();
        assert_eq!(
            p.detected.encoding.describe(p.detected.invalid_bytes),
            "UTF-8 (no BOM; invalid bytes read as windows-1252)"
        );
    }

    #[test]
    fn numbers_and_dates_parse() {
        assert_eq!(number("3,5"), Some(3.5));
        assert_eq!(number("-99"), Some(-99.0));
        assert_eq!(number("1.234,5"), None);
        assert!(is_date("2018-03-06 15:52:43") && is_date("4/22/2016 19:57:50"));
        assert!(is_date("2021/03/04 10:15:26 AM GMT+1") && !is_date("3-5 years"));
    }
}
