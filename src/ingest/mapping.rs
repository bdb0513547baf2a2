//! The mapping of a survey-platform export onto the canonical model: the TOML an analyst
//! writes once per survey (or gets from `inspect --emit-config`) and reuses every quarter.
//!
//! These are plain serde types plus the checks that need no data file (scale and lookup
//! names, regex syntax is checked where columns are selected). This module must not read
//! files or rows: `platform` applies a mapping to an export.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{baseline::BaselineField, customer::CustomerGroup, outcome::OutcomeKey};

/// The canonical baseline columns a `[baseline]` section may fill (`docs/input-format.md`):
/// the organization, every [`BaselineField`], and the respondent id.
pub fn baseline_columns() -> Vec<&'static str> {
    std::iter::once("organization")
        .chain(BaselineField::KEYS.iter().copied())
        .chain(std::iter::once("respondent_id"))
        .collect()
}

/// The survey platform (header layout and conventions) an export comes from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Detect from the first rows (part A's `detect`); the mapping reader falls back to the
    /// built-in signatures when detection is not wired.
    #[default]
    Auto,
    /// Our canonical CSV (`docs/input-format.md`): read by the fast canonical reader.
    Canonical,
    /// One header row, no platform conventions.
    Generic,
    /// Qualtrics: current 3-row export (ImportId JSON row), legacy `V1…` and 2016 variants.
    #[serde(alias = "qualtrics-legacy", alias = "qualtrics-2016")]
    Qualtrics,
    /// SurveyMonkey "all individual responses": two header rows.
    #[serde(alias = "survey-monkey")]
    Surveymonkey,
    /// Google Forms response sheet: one header row, `Timestamp` first.
    GoogleForms,
    /// Microsoft Forms (CSV saved from the Excel download).
    MsForms,
    /// LimeSurvey CSV with question codes.
    Limesurvey,
    /// REDCap raw record export, optionally with its data dictionary.
    Redcap,
    /// Alchemer (formerly SurveyGizmo) CSV export.
    #[serde(alias = "surveygizmo")]
    Alchemer,
}

impl Platform {
    /// Every platform in detection order (`auto` first).
    pub const ALL: [Platform; 10] = [
        Platform::Auto,
        Platform::Canonical,
        Platform::Qualtrics,
        Platform::Surveymonkey,
        Platform::GoogleForms,
        Platform::MsForms,
        Platform::Limesurvey,
        Platform::Redcap,
        Platform::Alchemer,
        Platform::Generic,
    ];

    /// The config spelling (`google-forms`).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Auto => "auto",
            Platform::Canonical => "canonical",
            Platform::Generic => "generic",
            Platform::Qualtrics => "qualtrics",
            Platform::Surveymonkey => "surveymonkey",
            Platform::GoogleForms => "google-forms",
            Platform::MsForms => "ms-forms",
            Platform::Limesurvey => "limesurvey",
            Platform::Redcap => "redcap",
            Platform::Alchemer => "alchemer",
        }
    }

    /// Parses the config spelling (and the aliases serde accepts).
    pub fn parse(text: &str) -> Option<Platform> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "qualtrics-legacy" | "qualtrics-2016" => Some(Platform::Qualtrics),
            "survey-monkey" => Some(Platform::Surveymonkey),
            "surveygizmo" => Some(Platform::Alchemer),
            _ => Platform::ALL.into_iter().find(|p| p.as_str() == text),
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which header row names a column (for `column = "…"` selectors and `inspect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderRow {
    /// Row 1: field names / export tags / question text.
    #[default]
    Name,
    /// Row 2: labels (Qualtrics question text, SurveyMonkey sub-labels).
    Label,
    /// Qualtrics row 3 `ImportId`.
    ImportId,
    /// SurveyMonkey: row-1 question text carried over the blank cells of its group.
    Question,
}

/// What to do when a respondent id repeats within one file (always reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Keep the first row, reject later ones (the canonical reader's rule).
    #[default]
    KeepFirst,
    /// Keep the last row, reject earlier ones (a respondent who resubmitted).
    KeepLast,
    /// Reject every row of a repeated id.
    Reject,
}

/// What to do with a response the platform marks incomplete (Qualtrics `Finished` = 0,
/// LimeSurvey blank `submitdate`, REDCap `[not completed]`, or the mapping's `complete`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncompletePolicy {
    /// Use the answers given.
    #[default]
    Keep,
    /// Reject the row with a finding.
    Reject,
}

/// Selects one or more columns of an export, and says how to read their cells.
///
/// Exactly one of `column`, `import_id`, `label`, `question`, `regex` or `value` selects.
/// `regex` matches the header row named by `on` (default: the mapping's `key`); its capture
/// groups fill `{1}`, `{2}`… in an outcome template.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Exact row-1 name (case-insensitive, trimmed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Qualtrics ImportId (`QID6_3`; the 2016 `QID6-3` spelling also matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
    /// Exact row-2 label (SurveyMonkey sub-label, Qualtrics question text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// SurveyMonkey question text (row 1, carried over its group); with `label`, one column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Regular expression over the header row `on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// The header row `regex` matches (default: the mapping's `key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<HeaderRow>,
    /// A constant instead of a column (e.g. one organization or group for the whole file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A `[scales.<name>]` that turns labels and codes into numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// A `[lookups.<name>]` that turns platform labels into our keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<String>,
    /// Reverse-coded item: `min + max - value` after the scale.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
    /// Several selected columns hold one single-choice answer (SurveyMonkey "expanded"):
    /// the one non-empty cell is the answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub one_of: bool,
}

/// One outcome's importance, or a family of them through a regex and a template.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct OutcomeColumn {
    /// The column(s).
    #[serde(flatten)]
    pub select: Column,
    /// Outcome key, or a template such as `{1}` filled from the regex captures (`{label}`:
    /// the column's row-2 label) and then looked up in `items` when given.
    pub outcome: String,
    /// Capture text or row label → outcome key (e.g. `"6" = "strategic_alignment"`); `""`
    /// leaves that column out.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, String>,
}

/// A ranking question (top-N outcomes in rank order) instead of importance ratings.
///
/// Either one column per item holding its rank (`select` matches several columns, the
/// captured text or label → `items`), or one cell listing items in rank order (`split`).
/// Rank 1 becomes importance 5, rank 2 → 4, rank 3 → 3, rank 4 → 2, lower ranks → 1;
/// unranked items stay "not answered".
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Ranking {
    /// The rank column(s), or the one joined cell.
    #[serde(flatten)]
    pub select: Column,
    /// Item (capture, label or listed text) → outcome key.
    pub items: BTreeMap<String, String>,
    /// Separator of a joined cell (MS Forms `;`); absent: one column per item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
    /// Only the first `top` ranks count (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<u8>,
}

/// A multi-select question whose options stand for outcomes ("pick what matters").
///
/// A selected option gives its outcome `selected` importance; unselected options stay
/// unanswered unless `unselected` is set. Options come from one joined cell split against
/// the declared option texts (longest first, so labels containing the separator survive),
/// or from one column per option (SurveyMonkey, split Qualtrics, `field___code`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Choices {
    /// The column(s).
    #[serde(flatten)]
    pub select: Column,
    /// Option text (or column capture / label) → outcome key; `""` ignores the option.
    pub options: BTreeMap<String, String>,
    /// Separator of a joined cell (`", "` Google Forms, `";"` MS Forms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
    /// Importance given to a selected option's outcome (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<u8>,
    /// Importance given to an unselected option's outcome (default: not answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unselected: Option<u8>,
}

/// A row filter: keep the row only when the cell is one of `any_of` (and none of `none_of`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct Filter {
    /// The column.
    #[serde(flatten)]
    pub select: Column,
    /// Accepted values (case-insensitive, trimmed); empty = any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    /// Refused values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub none_of: Vec<String>,
}

/// A date column checked against a format (`%Y %m %d %H %M %S %y %I %p`, literal text).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct DateColumn {
    /// The column.
    #[serde(flatten)]
    pub select: Column,
    /// strftime-like format, e.g. `%Y-%m-%d %H:%M:%S` or `%m/%d/%Y %H:%M:%S`.
    pub format: String,
}

/// One point of a scale: the number it means, its label and other spellings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScalePoint {
    /// The number (1–5 for importance, maturity and satisfaction; 0–10 for NPS).
    pub value: u8,
    /// The label as the survey shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Other spellings: codes (`A1`, `D4`), translations, abbreviations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A scale declared once and referenced by columns.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// The points; a cell matches a label or alias (case-insensitive, trimmed), or the
    /// point's number when `numeric` is true.
    #[serde(default)]
    pub points: Vec<ScalePoint>,
    /// Values meaning "not applicable": excluded, counted, never a low score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub na: Vec<String>,
    /// Whether plain numbers in range are accepted as they are (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numeric: Option<bool>,
}

/// The whole mapping of one export file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Format version (1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The platform preset (`auto` detects).
    #[serde(default)]
    pub platform: Platform,
    /// Header rows before the data (default: the platform's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_rows: Option<usize>,
    /// Text encoding (`auto`, `utf-8`, `utf-16`, `windows-1252`, …); absent or `auto`: sniffed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Delimiter (`auto`, `,`, `;`, `tab`); absent or `auto`: sniffed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The sheet of a spreadsheet export: its name or 1-based position (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<crate::ingest::sheet::SheetSelector>,
    /// The header row `column = …` names and `regex` matches by default.
    #[serde(default)]
    pub key: HeaderRow,
    /// REDCap data dictionary (relative to the mapping file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dictionary: Option<PathBuf>,
    /// Duplicate respondent ids.
    #[serde(default)]
    pub duplicates: DuplicatePolicy,
    /// Incomplete responses.
    #[serde(default)]
    pub incomplete: IncompletePolicy,
    /// A column that says whether a response is complete (overrides the platform's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete: Option<Filter>,
    /// Rows to keep (all must pass), e.g. finished responses only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    /// Respondent id; absent: `row-<n>` (Google Forms has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent_id: Option<Column>,
    /// Organization (a column or a constant `value`); absent: the configured one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Column>,
    /// Customer group, usually with a `lookup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_group: Option<Column>,
    /// Business unit (text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_unit: Option<Column>,
    /// Self-assessed maturity, 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<Column>,
    /// Overall satisfaction, 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Column>,
    /// Likelihood to recommend, 0–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<Column>,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Column>,
    /// Outcome importance columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<OutcomeColumn>,
    /// Ranking questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rankings: Vec<Ranking>,
    /// Multi-select questions over outcomes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choices>,
    /// Date columns to check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateColumn>,
    /// Scales by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scales: BTreeMap<String, Scale>,
    /// Lookups by name: our key → the labels that mean it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lookups: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Baseline-survey columns: canonical baseline column name → source column.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub baseline: BTreeMap<String, Column>,
}

impl Mapping {
    /// Makes a relative `dictionary` path relative to `base` (the mapping file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        if let Some(dict) = &self.dictionary {
            if dict.is_relative() {
                self.dictionary = Some(base.join(dict));
            }
        }
    }

    /// Every selecting column with what it is for, in mapping order.
    pub fn columns(&self) -> Vec<(String, &Column)> {
        let mut out: Vec<(String, &Column)> = Vec::new();
        let singles = [
            ("respondent_id", &self.respondent_id),
            ("organization", &self.organization),
            ("customer_group", &self.customer_group),
            ("business_unit", &self.business_unit),
            ("maturity", &self.maturity),
            ("satisfaction", &self.satisfaction),
            ("nps", &self.nps),
            ("comment", &self.comment),
        ];
        for (name, column) in singles {
            if let Some(c) = column {
                out.push((name.to_string(), c));
            }
        }
        out.extend(
            self.outcomes
                .iter()
                .map(|o| (format!("outcome {}", o.outcome), &o.select)),
        );
        out.extend(
            self.rankings
                .iter()
                .map(|r| ("ranking".to_string(), &r.select)),
        );
        out.extend(
            self.choices
                .iter()
                .map(|c| ("choices".to_string(), &c.select)),
        );
        out.extend(
            self.filters
                .iter()
                .map(|f| ("filter".to_string(), &f.select)),
        );
        out.extend(
            self.complete
                .iter()
                .map(|f| ("complete".to_string(), &f.select)),
        );
        out.extend(self.dates.iter().map(|d| ("date".to_string(), &d.select)));
        out.extend(
            self.baseline
                .iter()
                .map(|(k, c)| (format!("baseline {k}"), c)),
        );
        out
    }

    /// Checks what needs no data: one selector per column, known scales and lookups, lookup
    /// keys that are customer groups, scale values in range.
    pub fn check(&self) -> Result<(), String> {
        for (what, c) in self.columns() {
            let selectors = [
                c.column.is_some(),
                c.import_id.is_some(),
                c.label.is_some() && c.question.is_none(),
                c.question.is_some(),
                c.regex.is_some(),
                c.value.is_some(),
            ];
            let count = selectors.iter().filter(|&&s| s).count();
            if count != 1 {
                return Err(format!(
                    "{what}: give exactly one of column, import_id, label, question, regex or value (found {count})"
                ));
            }
            if let Some(scale) = &c.scale {
                if !self.scales.contains_key(scale) {
                    return Err(format!("{what}: no [scales.{scale}] is declared"));
                }
            }
            if let Some(lookup) = &c.lookup {
                if !self.lookups.contains_key(lookup) {
                    return Err(format!("{what}: no [lookups.{lookup}] is declared"));
                }
            }
        }
        if let Some(lookup) = self.customer_group.as_ref().and_then(|c| c.lookup.as_ref()) {
            for key in self
                .lookups
                .get(lookup)
                .into_iter()
                .flat_map(BTreeMap::keys)
            {
                CustomerGroup::parse(key).map_err(|e| {
                    format!(
                        "[lookups.{lookup}]: `{key}` is not a customer group ({})",
                        e.expected.join(", ")
                    )
                })?;
            }
        }
        let outcome = |what: &str, key: &str| {
            OutcomeKey::parse(key).map(|_| ()).map_err(|_| {
                format!("{what}: `{key}` is not an outcome key (see data/catalog/outcomes.csv)")
            })
        };
        for c in &self.choices {
            for key in c.options.values().filter(|k| !k.is_empty()) {
                outcome("choices", key)?;
            }
        }
        for r in &self.rankings {
            for key in r.items.values() {
                outcome("rankings", key)?;
            }
        }
        for o in &self.outcomes {
            for key in o.items.values().filter(|k| !k.is_empty()) {
                outcome("outcomes", key)?;
            }
            if o.items.is_empty() && !o.outcome.contains('{') {
                outcome("outcomes", &o.outcome)?;
            }
        }
        for name in self.baseline.keys() {
            let columns = baseline_columns();
            if !columns.contains(&name.as_str()) {
                return Err(format!(
                    "[baseline]: `{name}` is not a baseline column ({})",
                    columns.join(", ")
                ));
            }
        }
        for (name, scale) in &self.scales {
            if scale.points.iter().any(|p| p.value > 10) {
                return Err(format!("[scales.{name}]: point values must be 0–10"));
            }
        }
        Ok(())
    }
}

/// Lower-cased, trimmed, with curly quotes and no-break spaces made plain: how labels and
/// aliases are compared.
pub fn normalize_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201c}' | '\u{201d}' => out.push('"'),
            '\u{a0}' => out.push(' '),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_round_trip_their_spelling() {
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(p));
        }
        assert_eq!(
            Platform::parse("qualtrics-legacy"),
            Some(Platform::Qualtrics)
        );
        assert_eq!(normalize_label(" Don\u{2019}t\u{a0}Know "), "don't know");
    }

    #[test]
    fn check_names_bad_references() {
        let mut m = Mapping {
            maturity: Some(Column {
                column: Some("x".into()),
                scale: Some("nope".into()),
                ..Column::default()
            }),
            ..Mapping::default()
        };
        assert!(m.check().unwrap_err().contains("[scales.nope]"));
        m.maturity = Some(Column {
            column: Some("x".into()),
            import_id: Some("y".into()),
            ..Column::default()
        });
        assert!(m.check().unwrap_err().contains("exactly one"));
        m.maturity = None;
        m.resolve_paths(Path::new("/base"));
        assert!(m.check().is_ok());
    }
}
