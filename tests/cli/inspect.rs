//! `pmo-advisor inspect`: detection summary, column table, JSON, starter mapping, exit codes.

use crate::support::Case;

const FORMS: &str =
    "ID,Start time,Completion time,Email,Name,How satisfied are you?,Which tools?\n\
1,10/9/2024 11:02,10/9/2024 11:05,anonymous,anonymous,4,Jira;Excel;\n\
2,10/9/2024 12:02,10/9/2024 12:07,anonymous,anonymous,5,Excel;\n\
3,10/9/2024 13:02,10/9/2024 13:04,anonymous,anonymous,2,Jira;MS Project;\n";

#[test]
fn inspect_prints_platform_encoding_delimiter_and_columns() {
    let run = Case::sample()
        .file("forms.csv", FORMS)
        .args(["inspect", "forms.csv"])
        .run()
        .expect_code(0);
    let out = run.stdout();
    assert!(
        out.contains("platform:    ms-forms: row 1 starts with ID, Start time, Completion time"),
        "{out}"
    );
    assert!(out.contains("encoding:    UTF-8 (no BOM"), "{out}");
    assert!(out.contains("delimiter:   ,"));
    assert!(out.contains("header rows: 1"));
    assert!(out.contains("data rows:   3"));
    let tools = out.lines().find(|l| l.contains("Which tools?")).unwrap();
    assert!(tools.contains("multi-select"), "{tools}");
    let rating = out.lines().find(|l| l.contains("How satisfied")).unwrap();
    assert!(
        rating.contains("likert 1-5") && rating.contains("100%"),
        "{rating}"
    );
}

/// A LimeSurvey export whose heading row has no `startlanguage` column (issue 15).
const LIMESURVEY: &str = "\
\"id. Response ID\",\"submitdate. Date submitted\",\"lastpage. Last page\",\"sat. How satisfied are you?\"
\"1\",\"2026-01-02 10:00:00\",\"2\",\"4\"
\"2\",\"\",\"1\",\"2\"
";

#[test]
fn issue_15_inspect_recognises_limesurvey_as_the_reader_does_without_startlanguage() {
    let inspect = |extra: &[&str]| {
        let case = Case::sample().file("lime.csv", LIMESURVEY);
        let case = case
            .args(["inspect", "lime.csv"])
            .args(extra.iter().copied());
        case.run().expect_code(0).stdout()
    };
    let out = inspect(&["--emit-config"]);
    assert!(out.contains("platform = \"limesurvey\""), "{out}");
    let out = inspect(&[]);
    assert!(
        out.contains("platform:    limesurvey: row 1 starts with id, submitdate, lastpage"),
        "{out}"
    );
}

#[test]
fn inspect_json_and_overrides() {
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("a;b\tc\n1;2\t3\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let case = Case::sample();
    std::fs::write(case.path().join("u.txt"), &utf16).unwrap();
    let run = case
        .args(["inspect", "u.txt", "--format", "json", "--delimiter", ";"])
        .run()
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["encoding"], "UTF-16LE");
    assert_eq!(v["bom"], true);
    assert_eq!(v["delimiter"], ";");
    assert_eq!(v["platform"], "generic");
    assert_eq!(v["columns"][1]["name"], "b\tc");
    assert_eq!(v["rows"], 1);
}

#[test]
fn inspect_emit_config_is_a_mapping_listing_every_column() {
    let run = Case::sample()
        .file("forms.csv", FORMS)
        .args(["inspect", "forms.csv", "--emit-config"])
        .run()
        .expect_code(0);
    let toml_text = run.stdout();
    let value: toml::Value = toml::from_str(&toml_text).unwrap();
    assert_eq!(value["platform"].as_str(), Some("ms-forms"));
    assert_eq!(value["respondent_id"]["column"].as_str(), Some("ID"));
    assert_eq!(toml_text.matches("\n# col ").count(), 7, "{toml_text}");
    assert!(
        toml_text.contains("{ column = \"Which tools?\" }  # multi-select, split \";\""),
        "{toml_text}"
    );
}

#[test]
fn inspect_exit_codes() {
    Case::sample()
        .args(["inspect", "missing.csv"])
        .run()
        .expect_code(4);
    Case::sample()
        .args(["inspect", "data/sample/customers.csv", "--platform", "nope"])
        .run()
        .expect_code(2);
    Case::sample()
        .args([
            "inspect",
            "data/sample/customers.csv",
            "--encoding",
            "klingon",
        ])
        .run()
        .expect_code(2);
    Case::sample()
        .args(["inspect", "data/sample/customers.csv", "--delimiter", "ab"])
        .run()
        .expect_code(2);
    let run = Case::sample()
        .args(["inspect", "data/sample/customers.csv"])
        .run()
        .expect_code(0);
    assert!(
        run.stdout().contains("platform:    canonical"),
        "{}",
        run.stdout()
    );
}

#[test]
fn inspect_real_qualtrics_and_surveymonkey_exports() {
    let Some(dir) = crate::ingest_support::fixtures() else {
        return;
    };
    let file = dir.join("qualtrics/qualtRics_sample_v3.csv");
    let run = Case::sample()
        .args(["inspect", file.to_str().unwrap()])
        .run()
        .expect_code(0);
    let out = run.stdout();
    assert!(
        out.contains("platform:    qualtrics (current): row 3 holds {\"ImportId\":…} JSON"),
        "{out}"
    );
    assert!(out.contains("header rows: 3"));
    assert!(
        out.lines()
            .any(|l| l.contains("ResponseId") && l.contains("_recordId") && l.contains(" id ")),
        "{out}"
    );
    let file = dir.join("surveymonkey/fivethirtyeight_sleeping-alone-data.csv");
    let run = Case::sample()
        .args(["inspect", file.to_str().unwrap(), "--emit-config"])
        .run()
        .expect_code(0);
    assert!(
        run.stderr()
            .contains("byte 0xEB at byte offset 937 (row 1)"),
        "{}",
        run.stderr()
    );
    let value: toml::Value = toml::from_str(&run.stdout()).unwrap();
    assert_eq!(value["header_rows"].as_integer(), Some(2));
}
