//! `pmo-advisor history`: the periods under the reports root with their manifest summary.

use crate::diff::pmo;
use crate::support::Case;

#[test]
fn history_lists_periods_oldest_first_with_their_manifests() {
    let case = Case::sample();
    let none = pmo(&case, &["history"]).expect_code(0).stdout();
    assert_eq!(none, "No periods under reports.\n");
    pmo(&case, &["run", "-q"]).expect_code(0);
    // A folder without a manifest: a run that did not finish.
    std::fs::create_dir_all(case.path().join("reports/2026-Q4")).unwrap();
    std::fs::create_dir_all(case.path().join("reports/scratch")).unwrap();

    let text = pmo(&case, &["history"]).expect_code(0).stdout();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "4 period(s) under reports:", "{text}");
    assert!(
        lines[1].starts_with("2026-Q1  complete    2026-03-31  tool "),
        "{text}"
    );
    assert!(
        lines[1].ends_with("3 organization(s)  7 input(s)  7 output(s)")
            || lines[1].contains("3 organization(s)"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("2026-Q3  complete    2026-09-30"),
        "{text}"
    );
    assert!(lines[4].starts_with("2026-Q4  incomplete"), "{text}");

    let json = pmo(&case, &["history", "--format", "json"])
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["root"], "reports");
    let periods = doc["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 4);
    let q3 = &periods[2];
    assert_eq!(q3["period"], "2026-Q3");
    assert_eq!(q3["complete"], true);
    assert_eq!(q3["date"], "2026-09-30");
    assert_eq!(q3["organizations"].as_array().unwrap().len(), 3);
    let inputs = q3["inputs"].as_array().unwrap();
    assert!(inputs
        .iter()
        .any(|i| i["path"].as_str().unwrap().ends_with("customers.csv")
            && i["sha256"].as_str().unwrap().len() == 64));
    assert_eq!(periods[3]["complete"], false);
    assert_eq!(periods[3]["date"], serde_json::Value::Null);

    // --out overrides the config's [output] dir, as for `run`.
    let elsewhere = pmo(&case, &["history", "--out", "elsewhere"])
        .expect_code(0)
        .stdout();
    assert_eq!(elsewhere, "No periods under elsewhere.\n");
}
