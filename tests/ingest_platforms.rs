//! Real survey-platform exports (../shared/fixtures/third_party, not ours: never copied here)
//! read through the mappings in tests/mappings/, plus synthetic Microsoft Forms and Google
//! Forms grid exports. Each test checks respondent counts, decoded values and that nothing
//! is lost (read = used + rejected).

mod ingest_support;

use ingest_support::{
    codes, crate_dir, decode_text, decode_with, fixtures, parse, read_mapped_baseline,
};
use pmo_advisor::ingest::mapping::Mapping;
use pmo_advisor::ingest::platform::DecodedFile;
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::outcome::OutcomeKey;

fn mapping(name: &str) -> Mapping {
    let path = crate_dir().join("tests/mappings").join(name);
    let mut m = parse(&std::fs::read_to_string(&path).unwrap());
    m.resolve_paths(path.parent().unwrap());
    m
}

fn decode(fixture: &str, mapping_file: &str) -> Option<DecodedFile> {
    let dir = fixtures()?;
    Some(decode_with(&dir.join(fixture), &mapping(mapping_file)))
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
    let Some(d) = decode(
        "qualtrics/qualtRics_sample_legacy.csv",
        "qualtrics_legacy.toml",
    ) else {
        return;
    };
    assert_eq!((d.layout.variant, d.layout.header_rows), ("legacy", 2));
    assert_eq!(
        d.layout.columns[0].name, "ResponseID",
        "BOM stripped, V1 renamed"
    );
    let r = &d.rows[0];
    assert_eq!(
        (r.respondent_id.as_str(), r.group, r.row),
        ("R_2YPOQ602ER1jkf1", CustomerGroup::Executive, 3)
    );
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
    let Some(d) = decode(
        "surveymonkey/fivethirtyeight_steak-risk-survey.csv",
        "surveymonkey_steak.toml",
    ) else {
        return;
    };
    assert_eq!(d.layout.header_rows, 2);
    assert_eq!(d.rows_read(), 550);
    assert_eq!((d.rows.len(), d.rejected.len()), (514, 36));
    assert!(d.rejected.iter().all(|f| f.code == "I114"));
    let r = &d.rows[0];
    assert_eq!(r.respondent_id, "3234982343");
    assert_eq!(
        (r.group, r.respondent.satisfaction.map(|v| v.get())),
        (CustomerGroup::Executive, Some(2))
    );
    // Blank answers stay unanswered; every doneness label is on the scale.
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn surveymonkey_invalid_utf8_multi_select_and_likert() {
    let Some(d) = decode(
        "surveymonkey/fivethirtyeight_sleeping-alone-data.csv",
        "surveymonkey_sleeping.toml",
    ) else {
        return;
    };
    assert_eq!(d.rows.len(), 1093);
    // The header's stray bytes (0xEB 0x5F) are read as Windows-1252 with a warning.
    let enc: Vec<_> = d.findings.iter().filter(|f| f.code == "I104").collect();
    assert!(!enc.is_empty());
    assert!(
        enc[0].value.as_deref().unwrap_or("").contains("ë_"),
        "{:?}",
        enc[0]
    );
    assert!(
        enc[0].message.contains("0xEB at byte offset"),
        "{}",
        enc[0].message
    );
    assert!(matches!(
        enc[0].location,
        pmo_advisor::diag::Location::Csv { row: 1, .. }
    ));
    // No id column: rows are numbered as a spreadsheet shows them.
    assert_eq!(d.rows[0].respondent_id, "row-3");
    // Multi-select group: the label repeated in the cell; "Other (please specify)" is kept.
    assert_eq!(
        d.rows[0].selections[0].1,
        ["One of us is sick", "Other (please specify)"]
    );
    let snores = d
        .rows
        .iter()
        .filter(|r| r.selections[0].1.iter().any(|s| s == "One of us snores"))
        .count();
    assert_eq!(snores, 220);
    assert_eq!(
        d.rows
            .iter()
            .filter(|r| r.respondent.outcomes[OutcomeKey::ResourceManagement.index()].is_some())
            .count(),
        220
    );
    // Three agree items whose stems repeat, told apart by the statement's first word.
    let strongly = d
        .rows
        .iter()
        .filter(|r| {
            r.respondent.outcomes[OutcomeKey::PerformanceManagement.index()].map(|v| v.get())
                == Some(5)
        })
        .count();
    assert_eq!(strongly, 116);
    // M/D/YY dates from a spreadsheet round trip match the declared format.
    assert!(!codes(&d.findings).contains(&"I133"));
}

#[test]
fn surveymonkey_expanded_single_choice_groups() {
    let Some(d) = decode(
        "surveymonkey/fivethirtyeight_region-survey_MIDWEST.csv",
        "surveymonkey_midwest.toml",
    ) else {
        return;
    };
    assert_eq!(d.layout.variant, "groups of columns");
    assert_eq!(d.rows_read(), 2778);
    assert_eq!((d.rows.len(), d.rejected.len()), (2503, 275));
    let r = &d.rows[0];
    assert_eq!(
        (r.respondent_id.as_str(), r.group),
        ("3126807211", CustomerGroup::Executive)
    );
    // "Not much" in the third of four columns → the scale's 2.
    assert_eq!(r.respondent.pm_maturity.map(|v| v.get()), Some(2));
    assert_eq!(r.respondent.comment.as_deref(), Some("Southern"));
    assert_eq!(r.selections[0].1, ["Colorado"]);
    // Row 4 has no gender: rejected, and the next respondent is row 5.
    assert_eq!(d.rows[1].respondent_id, "3126791039");
    assert_eq!(d.rows[1].selections[0].1.len(), 9);
    assert_eq!(outcome(&d, 1, OutcomeKey::StrategicAlignment), Some(5));
    assert_eq!(outcome(&d, 1, OutcomeKey::HigherRoi), Some(5));
    let count = |v: u8| {
        d.rows
            .iter()
            .filter(|r| r.respondent.pm_maturity.map(|x| x.get()) == Some(v))
            .count()
    };
    assert_eq!(
        (count(5), count(4), count(2), count(1)),
        (700, 528, 304, 971)
    );
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn google_forms_checkboxes_split_against_options_with_commas() {
    let Some(d) = decode(
        "google_forms/jupyter_2016-education-survey_responses.csv",
        "google_forms_jupyter.toml",
    ) else {
        return;
    };
    assert_eq!(d.rows.len(), 125);
    let mixed = "Mixed (conferences, workshops, Software Carpentry style events, etc.)";
    // Spreadsheet row 3: only the option that contains ", ".
    assert_eq!(d.rows[1].respondent_id, "row-3");
    assert_eq!(d.rows[1].selections[0].1, [mixed]);
    assert_eq!(outcome(&d, 1, OutcomeKey::TalentManagement), Some(5));
    let with_mixed = d
        .rows
        .iter()
        .filter(|r| r.selections[0].1.iter().any(|s| s == mixed))
        .count();
    assert_eq!(with_mixed, 14);
    // Free answers outside the declared options are findings, never guessed.
    let other: Vec<_> = d.findings.iter().filter(|f| f.code == "I134").collect();
    assert_eq!(other.len(), 8, "{other:?}");
    assert!(
        !codes(&d.findings).contains(&"I133"),
        "M/D/YYYY timestamps parse"
    );
}

#[test]
fn google_forms_small_sheet_is_detected_and_keeps_multiline_answers() {
    let Some(d) = decode(
        "google_forms/autistica-turing_Form_Responses_1.csv",
        "google_forms_autistica.toml",
    ) else {
        return;
    };
    assert_eq!(d.layout.platform.as_str(), "google-forms");
    assert!(d.layout.signature.contains("Timestamp") || d.layout.signature.contains("timestamp"));
    assert_eq!(d.rows.len(), 42);
    assert!(d.rows.iter().any(|r| r
        .respondent
        .comment
        .as_deref()
        .is_some_and(|c| c.contains('\n'))));
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
    assert_eq!(
        (a.respondent_id.as_str(), b.respondent_id.as_str()),
        ("1", "2")
    );
    // has_diabetes is a truefalse field: 1 → "True" → executive through the lookup.
    assert_eq!(
        (a.group, b.group),
        (CustomerGroup::Executive, CustomerGroup::ProjectManager)
    );
    // "[not completed]" in a survey timestamp: incomplete (kept by the default policy).
    assert!(!a.complete && b.complete);
    assert_eq!(a.selections[0].1, ["1"]);
    assert!(b.selections[0].1.is_empty(), "0 = not checked");
    assert_eq!(
        a.respondent.outcomes[OutcomeKey::StakeholderEngagement.index()].map(|v| v.get()),
        Some(5)
    );
    assert_eq!(d.layout.columns[6].label, "I consent");
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

const MS_FORMS: &str = "\
ID,Start time,Completion time,Email,Name,Your role,How satisfied are you with the PMO?,Rank the outcomes that matter most,Which services do you use?,How likely are you to recommend the PMO?,The PMO slows projects down
1,10/9/2024 11:02,10/9/2024 11:05,anonymous,anonymous,Project Manager,Satisfied,Budget;Visibility;ROI;,Reporting;Training;,9,Disagree
2,10/9/2024 11:10,10/9/2024 11:12,anonymous,anonymous,PM,Very satisfied,ROI;Budget;,Reporting;,10,Strongly disagree
3,10/9/2024 11:20,10/9/2024 11:21,anonymous,anonymous,Engineer,Neutral,Budget;,,5,Agree
4,10/9/2024 12:00,,anonymous,anonymous,Executive,Dissatisfied,Visibility;,Coaching;,3,Strongly agree
2,10/10/2024 09:00,10/10/2024 09:04,anonymous,anonymous,PM,Satisfied,Budget;,Reporting;Training;,8,N/A
";

const MS_FORMS_MAPPING: &str = r#"
platform = "auto"
duplicates = "keep_last"
organization = { value = "acme" }
customer_group = { column = "Your role", lookup = "roles" }
satisfaction = { column = "How satisfied are you with the PMO?", scale = "sat" }
nps = { column = "How likely are you to recommend the PMO?" }
# Reverse-coded: agreeing that the PMO slows projects down means low maturity.
maturity = { column = "The PMO slows projects down", scale = "agree", reverse = true }
filters = [{ column = "Completion time", none_of = [""] }]
dates = [{ column = "Start time", format = "%m/%d/%Y %H:%M" }]

[[rankings]]
column = "Rank the outcomes that matter most"
split = ";"
top = 3
items = { "Budget" = "budget_management", "Visibility" = "progress_visibility", "ROI" = "higher_roi" }

[[choices]]
column = "Which services do you use?"
split = ";"
options = { "Reporting" = "information_availability", "Training" = "talent_management" }

[scales.sat]
points = [
  { value = 1, label = "Very dissatisfied" }, { value = 2, label = "Dissatisfied" },
  { value = 3, label = "Neutral" }, { value = 4, label = "Satisfied" }, { value = 5, label = "Very satisfied" },
]

[scales.agree]
points = [
  { value = 1, label = "Strongly disagree" }, { value = 2, label = "Disagree" },
  { value = 3, label = "Neutral" }, { value = 4, label = "Agree" }, { value = 5, label = "Strongly agree" },
]
na = ["N/A"]

[lookups.roles]
project_manager = ["Project Manager", "PM"]
executive = ["Executive"]
"#;

#[test]
fn microsoft_forms_ranking_multi_select_duplicates_and_filters() {
    let d = decode_text("ms_forms.csv", MS_FORMS, MS_FORMS_MAPPING);
    assert_eq!(d.layout.platform.as_str(), "ms-forms");
    assert!(d.layout.signature.contains("Start time"));
    assert_eq!(d.rows_read(), 5);
    let ids: Vec<&str> = d.rows.iter().map(|r| r.respondent_id.as_str()).collect();
    assert_eq!(
        ids,
        ["1", "2"],
        "row 3 unknown role, row 5 no completion time, first 2 replaced"
    );
    let reasons = codes(&d.rejected);
    assert_eq!(reasons, ["I111", "I115", "I131"]);
    assert!(d.rejected[0].hints[0].contains("row 6 is kept"));
    assert_eq!(d.rejected[1].value.as_deref(), Some("Engineer"));
    let (first, last) = (&d.rows[0], &d.rows[1]);
    // Ranking: 1st → 5, 2nd → 4, 3rd → 3.
    assert_eq!(
        first.respondent.outcomes[OutcomeKey::BudgetManagement.index()].map(|v| v.get()),
        Some(5)
    );
    assert_eq!(
        first.respondent.outcomes[OutcomeKey::ProgressVisibility.index()].map(|v| v.get()),
        Some(4)
    );
    assert_eq!(
        first.respondent.outcomes[OutcomeKey::HigherRoi.index()].map(|v| v.get()),
        Some(3)
    );
    // Multi-select joined with ";" and a trailing ";".
    assert_eq!(first.selections[0].1, ["Reporting", "Training"]);
    // Reverse-coded Disagree (2) → 4; the resubmitted row 6 says N/A: not applicable.
    assert_eq!(first.respondent.pm_maturity.map(|v| v.get()), Some(4));
    assert_eq!((last.row, last.respondent.pm_maturity), (6, None));
    assert_eq!(last.not_applicable, ["The PMO slows projects down"]);
    assert_eq!(last.respondent.nps.map(|v| v.get()), Some(8));
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn duplicate_policy_reject_drops_every_copy() {
    let mapping = MS_FORMS_MAPPING.replace("keep_last", "reject");
    let d = decode_text("ms_forms.csv", MS_FORMS, &mapping);
    let ids: Vec<&str> = d.rows.iter().map(|r| r.respondent_id.as_str()).collect();
    assert_eq!(ids, ["1"]);
    assert_eq!(codes(&d.rejected), ["I111", "I115", "I131", "I111"]);
    assert!(d.rejected[0].message.contains("2 rows"));
}

const GRID: &str = "\
Timestamp,Email Address,What is your role?,How important is each outcome to you? [Strategic alignment],How important is each outcome to you? [Higher ROI],How important is each outcome to you? [Budget management],When did the project start?,Comments
2021/03/04 10:15:26 AM GMT+1,a@x.org,Portfolio manager,Critical,Important,Not applicable,2021-02-30,\"Two
lines\"
2021/03/04 10:20:00 AM GMT+1,b@x.org,Portfolio manager,Somewhat important,Very much,Not important,2021-02-01,
";

const GRID_MAPPING: &str = r#"
platform = "google-forms"
respondent_id = { column = "Email Address" }
organization = { value = "beta" }
customer_group = { column = "What is your role?", lookup = "roles" }
comment = { column = "Comments" }
dates = [{ column = "When did the project start?", format = "%Y-%m-%d" }, { column = "Timestamp", format = "%Y/%m/%d %I:%M:%S %p GMT+1" }]

[[outcomes]]
regex = '^How important is each outcome to you\? \[(.+)\]$'
outcome = "{1}"
scale = "importance"
items = { "Strategic alignment" = "strategic_alignment", "Higher ROI" = "higher_roi", "Budget management" = "budget_management" }

[scales.importance]
points = [
  { value = 1, label = "Not important" }, { value = 2, label = "Slightly important" },
  { value = 3, label = "Somewhat important" }, { value = 4, label = "Important" }, { value = 5, label = "Critical" },
]
na = ["Not applicable"]

[lookups.roles]
portfolio_manager = ["Portfolio manager"]
"#;

#[test]
fn google_forms_grid_rows_become_outcomes() {
    let d = decode_text("grid.csv", GRID, GRID_MAPPING);
    assert_eq!(d.rows.len(), 2);
    let (a, b) = (&d.rows[0], &d.rows[1]);
    assert_eq!(
        (a.respondent_id.as_str(), a.group),
        ("a@x.org", CustomerGroup::PortfolioManager)
    );
    let v = |r: &pmo_advisor::ingest::platform::rows::DecodedRow, k: OutcomeKey| {
        r.respondent.outcomes[k.index()].map(|v| v.get())
    };
    assert_eq!(
        (
            v(a, OutcomeKey::StrategicAlignment),
            v(a, OutcomeKey::HigherRoi),
            v(a, OutcomeKey::BudgetManagement)
        ),
        (Some(5), Some(4), None)
    );
    assert_eq!(
        a.not_applicable,
        ["How important is each outcome to you? [Budget management]"]
    );
    assert_eq!(a.respondent.comment.as_deref(), Some("Two\nlines"));
    assert_eq!(
        (
            v(b, OutcomeKey::StrategicAlignment),
            v(b, OutcomeKey::BudgetManagement)
        ),
        (Some(3), Some(1))
    );
    // "Very much" is on no scale point: a finding with row, column, value and expectation.
    let unknown = d.findings.iter().find(|f| f.code == "I103").unwrap();
    assert_eq!(unknown.value.as_deref(), Some("Very much"));
    assert!(unknown.expected.as_deref().unwrap().contains("Critical"));
    assert!(
        matches!(&unknown.location, pmo_advisor::diag::Location::Csv { row: 3, line: 4, column: Some(c), .. } if c.column == 5)
    );
    assert_eq!(v(b, OutcomeKey::HigherRoi), None);
    // 2021-02-30 passes the pattern (day 1–31); an impossible format fails:
    assert!(!codes(&d.findings).contains(&"I133"), "{:?}", d.findings);
}

#[test]
fn unparseable_dates_and_missing_mapped_columns_are_findings() {
    let mapping = GRID_MAPPING
        .replace("%Y-%m-%d\" }", "%d.%m.%Y\" }")
        .replace(
            "comment = { column = \"Comments\" }",
            "comment = { column = \"Remarks\" }",
        );
    let d = decode_text("grid.csv", GRID, &mapping);
    let dates: Vec<_> = d.findings.iter().filter(|f| f.code == "I133").collect();
    assert_eq!(dates.len(), 2);
    assert_eq!(dates[0].value.as_deref(), Some("2021-02-30"));
    let missing = d.findings.iter().find(|f| f.code == "I130").unwrap();
    assert!(missing.message.contains("Remarks"), "{}", missing.message);
    assert_eq!(d.rows.len(), 2, "the rows are still used");
}

#[test]
fn the_baseline_survey_reads_through_the_same_mapping_format() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("baseline_form.csv");
    std::fs::write(
        &export,
        "Timestamp,Organization,Sector,Employees,How mature is project management?,Structure,Existing PMO?\n\
         4/22/2026 10:00:00,acme,Energy & Utilities,4200,Defined,Matrix organization,Yes\n\
         4/22/2026 11:00:00,acme,Energy & Utilities,4000,Managed,Matrix organization,No\n\
         4/22/2026 12:00:00,acme,Mining,4000,Managed,Matrix organization,No\n",
    )
    .unwrap();
    let set = read_mapped_baseline(
        &export,
        r#"
platform = "google-forms"
[baseline]
organization = { column = "Organization" }
industry = { column = "Sector", lookup = "industries" }
employees = { column = "Employees" }
pm_maturity = { column = "How mature is project management?", scale = "maturity" }
structure = { column = "Structure", lookup = "structures" }
existing_pmo = { column = "Existing PMO?" }

[scales.maturity]
points = [{ value = 1, label = "Initial" }, { value = 2, label = "Repeatable" }, { value = 3, label = "Defined" }, { value = 4, label = "Managed" }, { value = 5, label = "Optimizing" }]

[lookups.industries]
energy = ["Energy & Utilities"]

[lookups.structures]
matrix = ["Matrix organization"]
"#,
    );
    let acme = set.organizations.values().next().unwrap();
    let b = acme.baseline.as_ref().unwrap();
    assert_eq!(b.respondents, 3);
    assert_eq!(b.industry.map(|i| i.as_str()), Some("energy"));
    assert_eq!(b.structure.map(|s| s.as_str()), Some("matrix"));
    assert_eq!(
        (b.pm_maturity, b.employees, b.existing_pmo),
        (Some(4.0), Some(4000), Some(false))
    );
    // "Mining" is in no lookup: the baseline reader reports it at the export's row 4.
    let unknown = set
        .data_quality
        .findings
        .iter()
        .find(|f| f.code == "I103")
        .unwrap();
    assert_eq!(unknown.value.as_deref(), Some("Mining"));
    assert!(
        matches!(&unknown.location, pmo_advisor::diag::Location::Csv { row: 4, column: Some(c), .. } if c.name == "industry")
    );
}

const DOCUMENTED_EXAMPLE: &str = r#"
platform = "qualtrics"
key = "import_id"
duplicates = "keep_last"
incomplete = "reject"
filters = [{ column = "Status", any_of = ["0", "IP Address"] }]
respondent_id = { column = "ResponseId" }
organization = { value = "acme" }
customer_group = { import_id = "QID3", lookup = "groups" }
maturity = { import_id = "QID4", scale = "agree5" }
nps = { import_id = "QID8" }

[[outcomes]]
regex = '^QID6_(\d+)$'
outcome = "{1}"
items = { "1" = "strategic_alignment", "2" = "higher_roi" }
scale = "agree5"

[scales.agree5]
points = [{ value = 1, label = "Strongly disagree", aliases = ["SD"] }, { value = 5, label = "Strongly agree" }]
na = ["-1", "-99"]

[lookups.groups]
project_manager = ["Project Manager", "PM"]
"#;

#[test]
fn mapping_files_parse_check_and_round_trip() {
    use pmo_advisor::ingest::mapping::{DuplicatePolicy, HeaderRow, Platform};
    let m = parse(DOCUMENTED_EXAMPLE);
    assert_eq!(
        (m.platform, m.key, m.duplicates),
        (
            Platform::Qualtrics,
            HeaderRow::ImportId,
            DuplicatePolicy::KeepLast
        )
    );
    assert_eq!(m.outcomes[0].items["2"], "higher_roi");
    assert_eq!(m.filters[0].any_of, ["0", "IP Address"]);
    // What `inspect --emit-config` writes reads back the same.
    let text = toml::to_string(&m).unwrap();
    assert_eq!(parse(&text), m);
    let check = |text: &str| {
        toml::from_str::<Mapping>(text)
            .unwrap()
            .check()
            .unwrap_err()
    };
    assert!(check(
        "customer_group = { column = \"g\", lookup = \"l\" }\n[lookups.l]\nboss = [\"B\"]\n"
    )
    .contains("`boss`"));
    assert!(
        check("[[choices]]\ncolumn = \"c\"\noptions = { \"A\" = \"faster\" }\n")
            .contains("`faster` is not an outcome key")
    );
    assert!(check("[baseline]\nsector = { column = \"s\" }\n").contains("`sector`"));
    assert!(
        toml::from_str::<Mapping>("platfrom = \"qualtrics\"").is_err(),
        "unknown keys are refused"
    );
    // Every mapping stored for the real fixtures is valid on its own.
    for entry in std::fs::read_dir(crate_dir().join("tests/mappings")).unwrap() {
        let path = entry.unwrap().path();
        parse(&std::fs::read_to_string(&path).unwrap());
    }
}
