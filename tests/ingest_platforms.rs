//! Real survey-platform exports (../shared/fixtures/third_party, not ours: never copied here)
//! read through the mappings in tests/mappings/, plus synthetic Microsoft Forms and Google
//! Forms grid exports. Each test checks respondent counts, decoded values and that nothing
//! is lost (read = used + rejected).

use std::path::{Path, PathBuf};

use pmo_advisor::ingest::mapping::Mapping;
use pmo_advisor::ingest::platform::{decode_file, DecodedFile};
use pmo_advisor::ingest::{read_catalog, IngestOptions};
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::outcome::OutcomeKey;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The third-party fixtures folder, or `None` (with the message) when it is absent.
fn fixtures() -> Option<PathBuf> {
    let shared = std::env::var_os("PMO_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir().join("../shared"));
    let dir = shared.join("fixtures/third_party");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: third-party fixtures not found at {}", dir.display());
        None
    }
}

fn mapping(name: &str) -> Mapping {
    Mapping::load(&crate_dir().join("tests/mappings").join(name)).unwrap()
}

fn decode_with(file: &Path, mapping: &Mapping) -> DecodedFile {
    let catalog = read_catalog(&crate_dir().join("data/catalog")).unwrap();
    let decoded = decode_file(file, mapping, &catalog, &IngestOptions::default()).unwrap();
    // Nothing is lost: every non-blank data record is used or rejected with a reason.
    assert_eq!(decoded.rows_read(), decoded.rows.len() + decoded.rejected.len());
    decoded
}

fn decode(fixture: &str, mapping_file: &str) -> Option<DecodedFile> {
    let dir = fixtures()?;
    Some(decode_with(&dir.join(fixture), &mapping(mapping_file)))
}

fn codes(findings: &[pmo_advisor::diag::Diagnostic]) -> Vec<&str> {
    findings.iter().map(|d| d.code).collect()
}

fn outcome(d: &DecodedFile, row: usize, key: OutcomeKey) -> Option<u8> {
    d.rows[row].respondent.outcomes[key.index()].map(|v| v.get())
}

#[test]
fn qualtrics_current_export_uses_import_ids() {
    let Some(d) = decode("qualtrics/qualtRics_sample_v3.csv", "qualtrics_v3.toml") else {
        return;
    };
    assert_eq!((d.layout.variant, d.layout.header_rows), ("current", 3));
    assert!(d.layout.signature.contains("mapping"));
    assert_eq!(d.rows.len(), 1);
    let r = &d.rows[0];
    assert_eq!(r.respondent_id, "R_2YPOQ602ER1jkf1");
    assert_eq!(r.row, 4);
    assert_eq!(r.group, CustomerGroup::Executive);
    assert!(r.complete);
    assert_eq!(r.respondent.comment.as_deref(), Some("Hello World!"));
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn qualtrics_legacy_export_gives_the_same_respondent() {
    let Some(d) = decode("qualtrics/qualtRics_sample_legacy.csv", "qualtrics_legacy.toml") else {
        return;
    };
    assert_eq!((d.layout.variant, d.layout.header_rows), ("legacy", 2));
    assert_eq!(d.layout.columns[0].name, "ResponseID", "BOM stripped, V1 renamed");
    let r = &d.rows[0];
    assert_eq!((r.respondent_id.as_str(), r.group, r.row), ("R_2YPOQ602ER1jkf1", CustomerGroup::Executive, 3));
    assert_eq!(r.respondent.comment.as_deref(), Some("Hello World!"));
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn qualtrics_2016_negative_codes_are_not_applicable() {
    let Some(d) = decode(
        "qualtrics/QualtricsTools_No_Basis_for_Evaluation_Insights2016.csv",
        "qualtrics_2016.toml",
    ) else {
        return;
    };
    assert_eq!((d.layout.variant, d.layout.header_rows), ("2016", 3));
    assert_eq!(d.rows.len(), 15);
    let first = &d.rows[0];
    assert_eq!(first.respondent_id, "R_ebopwASnJ6p0KSp");
    // Q3_1 = -1 ("no basis for evaluation"): not applicable, not a score of 1.
    assert_eq!(first.not_applicable, ["Q3_1"]);
    assert_eq!(outcome(&d, 0, OutcomeKey::StrategicAlignment), None);
    assert_eq!(outcome(&d, 0, OutcomeKey::HigherRoi), Some(3));
    assert_eq!(outcome(&d, 0, OutcomeKey::SuccessRates), Some(1));
    assert_eq!(first.respondent.satisfaction.map(|v| v.get()), Some(3));
    // Split multi-select Q2_1…Q2_-2 (1 or blank): the selected choices by column code.
    assert_eq!(first.selections[0].1, ["2", "3", "-1"]);
    assert_eq!(outcome(&d, 0, OutcomeKey::QualityOfResults), Some(5));
    assert_eq!(outcome(&d, 0, OutcomeKey::BudgetManagement), None);
    let na: usize = d.rows.iter().map(|r| r.not_applicable.len()).sum();
    assert!(na >= 10, "{na}");
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn surveymonkey_condensed_blank_group_is_rejected() {
    let Some(d) = decode("surveymonkey/fivethirtyeight_steak-risk-survey.csv", "surveymonkey_steak.toml") else {
        return;
    };
    assert_eq!(d.layout.header_rows, 2);
    assert_eq!(d.rows_read(), 550);
    assert_eq!((d.rows.len(), d.rejected.len()), (514, 36));
    assert!(d.rejected.iter().all(|f| f.code == "I114"));
    let r = &d.rows[0];
    assert_eq!(r.respondent_id, "3234982343");
    assert_eq!((r.group, r.respondent.satisfaction.map(|v| v.get())), (CustomerGroup::Executive, Some(2)));
    // Blank answers stay unanswered; every doneness label is on the scale.
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn surveymonkey_invalid_utf8_multi_select_and_likert() {
    let Some(d) = decode("surveymonkey/fivethirtyeight_sleeping-alone-data.csv", "surveymonkey_sleeping.toml") else {
        return;
    };
    assert_eq!(d.rows.len(), 1093);
    // The header's stray bytes (0xEB 0x5F) are read as Windows-1252 with a warning.
    let enc: Vec<_> = d.findings.iter().filter(|f| f.code == "I104").collect();
    assert!(!enc.is_empty());
    assert!(enc[0].value.as_deref().unwrap_or("").contains("ë_"), "{:?}", enc[0]);
    // No id column: rows are numbered as a spreadsheet shows them.
    assert_eq!(d.rows[0].respondent_id, "row-3");
    // Multi-select group: the label repeated in the cell; "Other (please specify)" is kept.
    assert_eq!(d.rows[0].selections[0].1, ["One of us is sick", "Other (please specify)"]);
    let snores = d.rows.iter().filter(|r| r.selections[0].1.iter().any(|s| s == "One of us snores")).count();
    assert_eq!(snores, 220);
    assert_eq!(
        d.rows.iter().filter(|r| r.respondent.outcomes[OutcomeKey::ResourceManagement.index()].is_some()).count(),
        220
    );
    // Three agree items whose stems repeat, told apart by the statement's first word.
    let strongly = d
        .rows
        .iter()
        .filter(|r| r.respondent.outcomes[OutcomeKey::PerformanceManagement.index()].map(|v| v.get()) == Some(5))
        .count();
    assert_eq!(strongly, 116);
    // M/D/YY dates from a spreadsheet round trip match the declared format.
    assert!(!codes(&d.findings).contains(&"I133"));
}

#[test]
fn surveymonkey_expanded_single_choice_groups() {
    let Some(d) = decode("surveymonkey/fivethirtyeight_region-survey_MIDWEST.csv", "surveymonkey_midwest.toml") else {
        return;
    };
    assert_eq!(d.layout.variant, "groups of columns");
    assert_eq!(d.rows_read(), 2778);
    assert_eq!((d.rows.len(), d.rejected.len()), (2503, 275));
    let r = &d.rows[0];
    assert_eq!((r.respondent_id.as_str(), r.group), ("3126807211", CustomerGroup::Executive));
    // "Not much" in the third of four columns → the scale's 2.
    assert_eq!(r.respondent.pm_maturity.map(|v| v.get()), Some(2));
    assert_eq!(r.respondent.comment.as_deref(), Some("Southern"));
    assert_eq!(r.selections[0].1, ["Colorado"]);
    // Row 4 has no gender: rejected, and the next respondent is row 5.
    assert_eq!(d.rows[1].respondent_id, "3126791039");
    assert_eq!(d.rows[1].selections[0].1.len(), 9);
    assert_eq!(outcome(&d, 1, OutcomeKey::StrategicAlignment), Some(5));
    assert_eq!(outcome(&d, 1, OutcomeKey::HigherRoi), Some(5));
    let count = |v: u8| d.rows.iter().filter(|r| r.respondent.pm_maturity.map(|x| x.get()) == Some(v)).count();
    assert_eq!((count(5), count(4), count(2), count(1)), (700, 528, 304, 971));
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn google_forms_checkboxes_split_against_options_with_commas() {
    let Some(d) = decode("google_forms/jupyter_2016-education-survey_responses.csv", "google_forms_jupyter.toml") else {
        return;
    };
    assert_eq!(d.rows.len(), 125);
    let mixed = "Mixed (conferences, workshops, Software Carpentry style events, etc.)";
    // Spreadsheet row 3: only the option that contains ", ".
    assert_eq!(d.rows[1].respondent_id, "row-3");
    assert_eq!(d.rows[1].selections[0].1, [mixed]);
    assert_eq!(outcome(&d, 1, OutcomeKey::TalentManagement), Some(5));
    let with_mixed = d.rows.iter().filter(|r| r.selections[0].1.iter().any(|s| s == mixed)).count();
    assert_eq!(with_mixed, 14);
    // Free answers outside the declared options are findings, never guessed.
    let other: Vec<_> = d.findings.iter().filter(|f| f.code == "I134").collect();
    assert_eq!(other.len(), 8, "{other:?}");
    assert!(!codes(&d.findings).contains(&"I133"), "M/D/YYYY timestamps parse");
}

#[test]
fn google_forms_small_sheet_is_detected_and_keeps_multiline_answers() {
    let Some(d) = decode("google_forms/autistica-turing_Form_Responses_1.csv", "google_forms_autistica.toml") else {
        return;
    };
    assert_eq!(d.layout.platform.as_str(), "google-forms");
    assert!(d.layout.signature.contains("Timestamp") || d.layout.signature.contains("timestamp"));
    assert_eq!(d.rows.len(), 42);
    assert!(d.rows.iter().any(|r| r.respondent.comment.as_deref().is_some_and(|c| c.contains('\n'))));
    assert_eq!(d.rows[0].selections[0].1, ["I am autistic"]);
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn limesurvey_codes_incomplete_and_anonymised_dates() {
    let Some(d) = decode(
        "limesurvey/GridItemTools_results-survey945827-202004302207-codes.csv",
        "limesurvey_griditem.toml",
    ) else {
        return;
    };
    assert_eq!(d.rows_read(), 65, "the blank last line is not a record");
    assert_eq!((d.rows.len(), d.rejected.len()), (25, 40));
    assert!(d.rejected.iter().all(|f| f.code == "I132"));
    assert_eq!(d.layout.columns[0].name, "id", "BOM inside quotes stripped");
    // 1980-01-01 00:00:00 is the anonymisation placeholder: no date finding.
    assert!(!codes(&d.findings).contains(&"I133"), "{:?}", d.findings);
    let answered: usize = d
        .rows
        .iter()
        .filter(|r| r.respondent.outcomes[OutcomeKey::StrategicAlignment.index()].is_some())
        .count();
    assert!(answered > 0);
    assert!(d.rows.iter().all(|r| r.complete));
}

#[test]
fn redcap_with_dictionary_checkboxes_and_not_completed() {
    let Some(dir) = fixtures() else { return };
    let mut m = mapping("redcap_survey.toml");
    m.dictionary = Some(dir.join("redcap/REDCapR_survey_dictionary.csv"));
    let d = decode_with(&dir.join("redcap/REDCapR_survey_data.csv"), &m);
    assert_eq!(d.rows.len(), 2);
    let (a, b) = (&d.rows[0], &d.rows[1]);
    assert_eq!((a.respondent_id.as_str(), b.respondent_id.as_str()), ("1", "2"));
    // has_diabetes is a truefalse field: 1 → "True" → executive through the lookup.
    assert_eq!((a.group, b.group), (CustomerGroup::Executive, CustomerGroup::ProjectManager));
    // "[not completed]" in a survey timestamp: incomplete (kept by the default policy).
    assert!(!a.complete && b.complete);
    assert_eq!(a.selections[0].1, ["1"]);
    assert!(b.selections[0].1.is_empty(), "0 = not checked");
    assert_eq!(a.respondent.outcomes[OutcomeKey::StakeholderEngagement.index()].map(|v| v.get()), Some(5));
    assert_eq!(d.layout.columns[6].label, "I consent");
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}
