//! Issue 15 ("Survey onboarding v2") through the binary: where inputs come from, and what a
//! new user sees when a mapping or an export is not yet right.

use crate::support::Case;

#[test]
fn issue_15_inputs_taken_from_the_config_are_named() {
    let case = Case::sample().args([
        "check",
        "--customers",
        "data/sample/customers.csv",
        "--baseline",
        "data/sample/baseline.csv",
    ]);
    let stderr = case.run().expect_code(0).stderr();
    assert!(stderr.contains("config: pmo-advisor.toml"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: [inputs] service_maturity = data/sample/service_maturity.csv taken from pmo-advisor.toml while --customers, --baseline come from flags; pass --service-maturity"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("[inputs] customers ="), "{stderr}");
    assert!(
        !stderr.contains("[inputs] catalog"),
        "the catalog is the project's: {stderr}"
    );
}

#[test]
fn issue_15_origin_warnings_reach_check_json_and_sarif() {
    let flags = [
        "--customers",
        "data/sample/customers.csv",
        "--baseline",
        "data/sample/baseline.csv",
        "--deny-warnings",
    ];
    let check = |format: &str| {
        let run = Case::sample()
            .args(["check", "--format", format])
            .args(flags)
            .run()
            .expect_code(0);
        serde_json::from_str::<serde_json::Value>(&run.stdout()).unwrap()
    };
    let v = check("json");
    let origin: Vec<&serde_json::Value> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "C010")
        .collect();
    assert_eq!(origin.len(), 1, "{v}");
    assert_eq!(origin[0]["severity"], "warning");
    assert!(
        origin[0]["message"].as_str().unwrap().starts_with(
            "[inputs] service_maturity = data/sample/service_maturity.csv taken from pmo-advisor.toml while --customers, --baseline come from flags"
        ),
        "{v}"
    );
    assert_eq!(
        origin[0]["location"],
        serde_json::json!({ "kind": "file", "file": "pmo-advisor.toml" })
    );
    assert_eq!(v["ok"], true, "origin warnings are not rule warnings");

    let log = check("sarif");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let c010 = results
        .iter()
        .find(|r| r["ruleId"] == "C010")
        .expect("a C010 result");
    assert_eq!(c010["level"], "warning");
    assert!(c010["message"]["text"]
        .as_str()
        .unwrap()
        .contains("taken from pmo-advisor.toml"));

    let ignored = Case::sample()
        .args(["check", "--format", "json"])
        .args(ORGANIZATION_SET_TWICE)
        .run();
    let v: serde_json::Value = serde_json::from_str(&ignored.stdout()).unwrap();
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "C011"
                && w["message"]
                    == "--organization acme is ignored: the customers mapping sets `organization`"),
        "{v}"
    );
}

#[test]
fn issue_15_a_run_from_the_config_alone_has_no_origin_warning() {
    let case = Case::sample().args(["check"]);
    let stderr = case.run().expect_code(0).stderr();
    assert!(stderr.contains("config: pmo-advisor.toml"), "{stderr}");
    assert!(!stderr.contains("taken from"), "{stderr}");
}

/// A mapping that sets the organization, and `--organization` beside it.
const ORGANIZATION_SET_TWICE: [&str; 6] = [
    "--customers",
    "data/sample/customers_qualtrics.csv",
    "--customers-mapping",
    "data/sample/qualtrics-mapping.toml",
    "--organization",
    "acme",
];

#[test]
fn issue_15_organization_flag_ignored_when_the_mapping_sets_it() {
    let case = Case::sample().args(["check"]).args(ORGANIZATION_SET_TWICE);
    let stderr = case.run().stderr();
    assert!(
        stderr.contains(
            "warning: --organization acme is ignored: the customers mapping sets `organization`"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("organization `"),
        "the config sets no organization: {stderr}"
    );
}

const EXPORT: &str = "Respondent,Org,Role,Finished,Satisfaction\n\
1,acme,PM,1,4\n2,acme,Exec,0,5\n3,acme,PM,1,3\n4,acme,Exec,1,2\n5,preview,PM,0,1\n";

const EXPORT_MAPPING: &str = r#"
platform = "generic"
incomplete = "reject"
complete = { column = "Finished", any_of = ["1"] }
respondent_id = { column = "Respondent" }
organization = { column = "Org" }
customer_group = { column = "Role", lookup = "roles" }
satisfaction = { column = "Satisfaction" }
[lookups.roles]
project_manager = ["PM"]
executive = ["Exec"]
"#;

#[test]
fn issue_15_rows_rejected_as_incomplete_count_in_the_report() {
    let case = Case::sample()
        .file("export.csv", EXPORT)
        .file("mapping.toml", EXPORT_MAPPING)
        .args([
            "run",
            "--out",
            "out",
            "--customers",
            "export.csv",
            "--customers-mapping",
            "mapping.toml",
        ]);
    let stderr = case.run().expect_code(0).stderr();
    assert!(
        stderr.contains("export.csv: 5 row(s) read, 3 used, 2 rejected"),
        "{stderr}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&case.read("out/2026-Q3/acme.json")).unwrap();
    let customers = json["data_quality"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "customers")
        .unwrap()
        .clone();
    assert_eq!(
        (
            &customers["rows_read"],
            &customers["rows_used"],
            &customers["rows_rejected"]
        ),
        (&4.into(), &3.into(), &1.into()),
        "{customers}"
    );
    assert!(
        !case.path().join("out/2026-Q3/preview.json").exists(),
        "a preview row creates no organization"
    );
    let doc = lopdf::Document::load(case.path().join("out/2026-Q3/acme.pdf")).unwrap();
    let text: String = crate::pdf_text::extract(&doc)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("4 rows read, 3 used, 1 rejected"), "{text}");
}
