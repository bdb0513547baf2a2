//! Issue 15 ("Survey onboarding v2") at the ingest level: exports and mappings a new user
//! writes on a first try, read through `decode_file`. Fixtures are ours
//! (`tests/fixtures/onboarding/`) plus the real exports in ../shared (never copied here).

mod ingest_support;

use std::path::Path;

use ingest_support::{codes, crate_dir, decode_text, decode_with, fixtures, parse};
use pmo_advisor::diag::{Diagnostic, Location};
use pmo_advisor::ingest::mapping::Mapping;
use pmo_advisor::ingest::platform::{decode_file, DecodedFile};
use pmo_advisor::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::outcome::OutcomeKey;
use pmo_advisor::model::survey::OrganizationInput;
use pmo_advisor::model::survey_set::SurveySet;

const LIME_CODE_TEXT: &str = "tests/fixtures/onboarding/limesurvey_code_text.csv";

const LIME_MAPPING: &str = r#"
platform = "limesurvey"
organization = { value = "acme" }
respondent_id = { column = "ID" }
customer_group = { column = "role", lookup = "roles" }
comment = { column = "comment. Anything else?" }

[[outcomes]]
regex = '^importance\[(SQ\d+)\]$'
outcome = "{1}"
items = { "SQ001" = "strategic_alignment", "SQ002" = "higher_roi" }
scale = "agree"

[scales.agree]                  # the author's codes in this export, folded onto 1–5
numeric = false
points = [{ value = 2, aliases = ["D2"] }, { value = 3, aliases = ["N0"] }, { value = 4, aliases = ["A1", "A2"] }, { value = 5, aliases = ["A3"] }]

[lookups.roles]
project_manager = ["PM"]
executive = ["Exec"]
"#;

fn lime(mapping: &str) -> Result<DecodedFile, Box<Diagnostic>> {
    let catalog = read_catalog(&crate_dir().join("data/catalog")).unwrap();
    decode_file(
        &crate_dir().join(LIME_CODE_TEXT),
        &parse(mapping),
        &catalog,
        &IngestOptions::default(),
    )
    .map_err(|e| Box::new(e.to_diagnostic()))
}

#[test]
fn issue_15_limesurvey_code_and_full_heading_select_the_same_column() {
    let by_code = lime(LIME_MAPPING).unwrap();
    let by_heading = lime(&LIME_MAPPING.replace(
        "respondent_id = { column = \"ID\" }",
        "respondent_id = { column = \"id. Response ID\" }",
    ))
    .unwrap();
    assert_eq!(by_code.rows, by_heading.rows);
    let ids: Vec<&str> = by_code
        .rows
        .iter()
        .map(|r| r.respondent_id.as_str())
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(by_code.rows[1].group, CustomerGroup::Executive);
    assert_eq!(
        by_code.rows[0].respondent.outcomes[OutcomeKey::StrategicAlignment.index()]
            .map(|v| v.get()),
        Some(5)
    );
    assert_eq!(
        by_code.rows[2].respondent.comment.as_deref(),
        Some("more, please")
    );
    assert!(by_code.findings.is_empty(), "{:?}", by_code.findings);
}

#[test]
fn issue_15_missing_id_column_suggests_the_nearest_names() {
    let err = lime(&LIME_MAPPING.replace(
        "respondent_id = { column = \"ID\" }",
        "respondent_id = { column = \"id. Respondent ID\" }",
    ))
    .unwrap_err();
    assert_eq!(err.code, "I003");
    assert!(
        err.hints.iter().any(|h| h == "did you mean `id`?"),
        "{:?}",
        err.hints
    );
    let err = lime(&LIME_MAPPING.replace("column = \"role\"", "column = \"roles\"")).unwrap_err();
    assert_eq!(err.code, "I003");
    assert!(
        err.hints.iter().any(|h| h == "did you mean `role`?"),
        "{:?}",
        err.hints
    );
}

#[test]
fn issue_15_a_column_the_mapping_misses_suggests_the_nearest_names() {
    let d = lime(&LIME_MAPPING.replace("comment. Anything else?", "coment")).unwrap();
    let missing = d.findings.iter().find(|f| f.code == "I130").unwrap();
    assert_eq!(missing.hints[0], "did you mean `comment`?", "{missing:?}");
}

#[test]
fn issue_15_incomplete_reject_without_a_marker_warns() {
    let text = "Respondent,Role\n1,PM\n2,Exec\n";
    let mapping = r#"
platform = "generic"
incomplete = "reject"
organization = { value = "acme" }
respondent_id = { column = "Respondent" }
customer_group = { column = "Role", lookup = "roles" }
[lookups.roles]
project_manager = ["PM"]
executive = ["Exec"]
"#;
    let d = decode_text("generic.csv", text, mapping);
    assert_eq!(codes(&d.findings), ["I136"]);
    assert!(d.findings[0].hints[0].contains("complete = { column"));
    assert_eq!(d.rows.len(), 2, "nothing rejected, as the warning says");
    let with_marker = mapping.replace(
        "incomplete = \"reject\"",
        "incomplete = \"reject\"\ncomplete = { column = \"Role\", any_of = [\"PM\"] }",
    );
    let d = decode_text("generic.csv", text, &with_marker);
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    assert_eq!((d.rows.len(), codes(&d.rejected)), (1, vec!["I132"]));
    // The platform's own marker (LimeSurvey submitdate) needs no `complete`.
    let lime = lime(&LIME_MAPPING.replace(
        "platform = \"limesurvey\"",
        "platform = \"limesurvey\"\nincomplete = \"reject\"",
    ))
    .unwrap();
    assert_eq!(codes(&lime.rejected), ["I132"]);
    assert!(lime.findings.is_empty(), "{:?}", lime.findings);
}

/// Reads `customers` through `mapping` as `run` does: the organizations and their data quality.
fn read_set(customers: &Path, mapping: Mapping) -> SurveySet {
    let catalog = read_catalog(&crate_dir().join("data/catalog")).unwrap();
    let sources = Sources {
        customers: customers.to_path_buf(),
        baseline: None,
        service_maturity: None,
    };
    let options = IngestOptions {
        customers_mapping: Some(mapping),
        ..IngestOptions::default()
    };
    read_surveys(&sources, &catalog, &options).unwrap()
}

fn organization<'a>(set: &'a SurveySet, id: &str) -> &'a OrganizationInput {
    set.organizations
        .values()
        .find(|o| o.id.as_str() == id)
        .unwrap_or_else(|| panic!("no organization {id}"))
}

const SLEEPING: &str = "surveymonkey/fivethirtyeight_sleeping-alone-data.csv";

const SLEEPING_MAPPING: &str = r#"
platform = "surveymonkey"
organization = { value = "sleep" }
customer_group = { value = "project_team_member" }

[[outcomes]]
question = 'To what extent do you agree with the following statement: "our sex life has improved as a result of sleeping in separate beds."'
outcome = "stakeholder_engagement"
scale = "agree5"

[scales.agree5]
points = [
  { value = 1, label = "Strongly disagree" }, { value = 2, label = "Somewhat disagree" },
  { value = 3, label = "Neither agree nor disagree" }, { value = 4, label = "Somewhat agree" },
  { value = 5, label = "Strongly agree" },
]
"#;

#[test]
fn issue_15_a_header_with_stray_bytes_is_selected_by_its_clean_text() {
    let Some(dir) = fixtures() else { return };
    let d = decode_with(&dir.join(SLEEPING), &parse(SLEEPING_MAPPING));
    assert!(!codes(&d.findings).contains(&"I130"), "{:?}", d.findings);
    let answered = d
        .rows
        .iter()
        .filter(|r| r.respondent.outcomes[OutcomeKey::StakeholderEngagement.index()].is_some())
        .count();
    assert!(answered > 100, "{answered} answers");
    // The header's I104 names its column, and reaches the organization's data quality.
    let set = read_set(&dir.join(SLEEPING), parse(SLEEPING_MAPPING));
    let org = organization(&set, "sleep");
    let header = org
        .data_quality
        .findings
        .iter()
        .find(|f| f.code == "I104")
        .expect("the header's I104 reaches the report");
    let Location::Csv {
        row,
        column: Some(column),
        ..
    } = &header.location
    else {
        panic!("{header:?}")
    };
    assert_eq!(*row, 1);
    assert!(column.name.contains("our sex life"), "{column:?}");
    assert!(header.hints[0].contains("set the file's encoding"));
    // Once the encoding is set, the hint stops suggesting it.
    let set_encoding = SLEEPING_MAPPING.replace(
        "platform = \"surveymonkey\"",
        "platform = \"surveymonkey\"\nencoding = \"windows-1252\"",
    );
    let d = decode_with(&dir.join(SLEEPING), &parse(&set_encoding));
    let i104 = d.findings.iter().find(|f| f.code == "I104").unwrap();
    assert!(
        !i104.hints.iter().any(|h| h.contains("set the")),
        "{:?}",
        i104.hints
    );
}

#[test]
fn issue_15_rejected_rows_count_in_each_organizations_data_quality() {
    let Some(dir) = fixtures() else { return };
    let path = dir.join("limesurvey/GridItemTools_results-survey945827-202004302207-codes.csv");
    let mapping = crate_dir().join("tests/mappings/limesurvey_griditem.toml");
    let set = read_set(&path, parse(&std::fs::read_to_string(mapping).unwrap()));
    let source = &organization(&set, "griditem").data_quality.sources[0];
    assert_eq!(
        (source.rows_read, source.rows_used, source.rows_rejected),
        (65, 25, 40),
        "incomplete responses count in the organization's report too"
    );
}

#[test]
fn issue_15_filtered_rows_count_against_their_organization_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "Respondent,Org,Role,Status\n1,acme,PM,ok\n2,acme,PM,preview\n3,beta,PM,ok\n4,test,PM,preview\n",
    )
    .unwrap();
    let mapping = parse(
        r#"
platform = "generic"
respondent_id = { column = "Respondent" }
organization = { column = "Org" }
customer_group = { column = "Role", lookup = "roles" }
filters = [{ column = "Status", any_of = ["ok"] }]
[lookups.roles]
project_manager = ["PM"]
"#,
    );
    let set = read_set(&path, mapping);
    let counts = |id: &str| {
        let s = &organization(&set, id).data_quality.sources[0];
        (s.rows_read, s.rows_used, s.rows_rejected)
    };
    assert_eq!(counts("acme"), (2, 1, 1));
    assert_eq!(counts("beta"), (1, 1, 0));
    assert_eq!(
        set.organizations.len(),
        2,
        "a preview row creates no organization"
    );
    let total = &set.data_quality.sources[0];
    assert_eq!((total.rows_read, total.rows_rejected), (4, 2));
}

/// The importance scale and role lookup of the matrix and Alchemer mappings.
const IMPORTANCE_AND_ROLES: &str = r#"
[scales.importance]
points = [
  { value = 1, label = "Not important" }, { value = 3, label = "Somewhat important" },
  { value = 4, label = "Very important" }, { value = 5, label = "Extremely important" },
]

[lookups.roles]
project_manager = ["Project Manager"]
executive = ["Executive"]
"#;

/// `head` with the shared scale and lookup.
fn with_importance(head: &str) -> Mapping {
    parse(&format!("{head}{IMPORTANCE_AND_ROLES}"))
}

const MATRIX_MAPPING: &str = r#"
platform = "surveymonkey"
organization = { value = "acme" }
customer_group = { question = "What is your role?", lookup = "roles" }

[[outcomes]]                    # the matrix: one column per row, keyed by the row-2 labels
question = "How important is each outcome to you?"
outcome = "{label}"
scale = "importance"
items = { "Strategic alignment" = "strategic_alignment", "higher roi" = "higher_roi", "Other outcome" = "" }
"#;

#[test]
fn issue_15_matrix_rows_map_to_outcomes_by_their_labels() {
    let d = decode_with(
        &crate_dir().join("tests/fixtures/onboarding/surveymonkey_matrix.csv"),
        &with_importance(MATRIX_MAPPING),
    );
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    let get =
        |row: usize, key: OutcomeKey| d.rows[row].respondent.outcomes[key.index()].map(|v| v.get());
    assert_eq!(get(0, OutcomeKey::StrategicAlignment), Some(4));
    assert_eq!(get(0, OutcomeKey::HigherRoi), Some(3));
    assert_eq!(get(1, OutcomeKey::StrategicAlignment), Some(5));
    assert_eq!(get(1, OutcomeKey::HigherRoi), Some(1));
    let answered = d.rows[1].respondent.outcomes.iter().flatten().count();
    assert_eq!(answered, 2, "the row mapped to \"\" is left out");
}

const ALCHEMER_MAPPING: &str = r#"
platform = "auto"
incomplete = "reject"            # Status other than Complete
organization = { value = "acme" }
customer_group = { column = "What is your role?", lookup = "roles" }
comment = { column = "Anything else?" }
dates = [{ column = "Time Started", format = "%Y-%m-%d %H:%M:%S" }]

[[outcomes]]                      # "row label:question" headings
question = "How important is each outcome to you?"
outcome = "{label}"
scale = "importance"
items = { "Strategic alignment" = "strategic_alignment", "Higher ROI" = "higher_roi" }

[[choices]]
question = "Which services do you use?"
options = { "Budget" = "budget_management", "Reporting" = "information_availability" }
"#;

#[test]
fn issue_15_alchemer_export_is_detected_and_read() {
    let path = crate_dir().join("tests/fixtures/onboarding/alchemer.csv");
    let d = decode_with(&path, &with_importance(ALCHEMER_MAPPING));
    assert_eq!(d.layout.platform.as_str(), "alchemer");
    assert!(
        d.layout.signature.contains("Response ID"),
        "{}",
        d.layout.signature
    );
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    let ids: Vec<&str> = d.rows.iter().map(|r| r.respondent_id.as_str()).collect();
    assert_eq!(ids, ["11", "13"]);
    assert_eq!(codes(&d.rejected), ["I132"], "Status = Partial");
    let get =
        |row: usize, key: OutcomeKey| d.rows[row].respondent.outcomes[key.index()].map(|v| v.get());
    assert_eq!(get(0, OutcomeKey::StrategicAlignment), Some(4));
    assert_eq!(get(1, OutcomeKey::HigherRoi), Some(4));
    assert_eq!(get(1, OutcomeKey::InformationAvailability), Some(5));
    assert_eq!(get(0, OutcomeKey::InformationAvailability), None);
    assert_eq!(d.rows[0].respondent.comment.as_deref(), Some("fine"));
    // The old name is accepted.
    let gizmo = ALCHEMER_MAPPING.replace("platform = \"auto\"", "platform = \"surveygizmo\"");
    assert_eq!(decode_with(&path, &with_importance(&gizmo)).rows, d.rows);
}
