//! `pmo-advisor check`: validation without output files, in text and JSON.

use crate::support::Case;

#[test]
fn check_validates_the_sample_and_writes_nothing() {
    let case = Case::sample().args(["check"]);
    let run = case.run().expect_code(0);
    assert!(run.stdout().starts_with("ok: "), "{}", run.stdout());
    assert!(!case.path().join("reports").exists());
}

#[test]
fn check_json_is_one_document_with_findings_and_errors() {
    let run = Case::sample().args(["check", "--format", "json"]).run().expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["ok"], true);
    assert_eq!(v["organizations"], 3);
    assert!(!v["findings"].as_array().unwrap().is_empty());
    let finding = &v["findings"][0];
    assert!(finding["code"].as_str().unwrap().starts_with('I'));
    assert_eq!(finding["location"]["kind"], "csv");

    let broken = Case::sample()
        .file("rules/99_broken.rhai", "let = ;\n")
        .args(["check", "--format", "json"])
        .run()
        .expect_code(3);
    let v: serde_json::Value = serde_json::from_str(&broken.stdout()).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"][0]["location"]["line"], 1);
}
