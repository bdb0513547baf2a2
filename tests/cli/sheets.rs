//! `run` with the sample's customer survey as an `.xlsx` workbook (issue 15, point 9): the
//! JSON results are those of the CSV, and a missing sheet is an input error.

use serde_json::Value;

use crate::support::Case;
use crate::workbook::write_workbook;

const ORGS: [&str; 3] = ["harbor-construction", "lumen-software", "northwind-health"];

/// The sample with `data/sample/customers.xlsx` holding the customers CSV in sheet `Responses`.
fn sample_with_workbook() -> Case {
    let case = Case::sample();
    let text = case.read("data/sample/customers.csv");
    let path = case.path().join("data/sample/customers.xlsx");
    write_workbook(&path, &[("Responses", &text)]);
    case
}

#[test]
fn the_sample_customers_as_xlsx_give_the_json_of_the_csv() {
    let csv = Case::sample().args(["run"]);
    csv.run().expect_code(0);
    let xlsx = sample_with_workbook().args(["run", "--customers", "data/sample/customers.xlsx"]);
    xlsx.run().expect_code(0);
    let mut references = Vec::new();
    for org in ORGS {
        let rel = format!("reports/2026-Q3/{org}.json");
        let from_xlsx = xlsx.read(&rel).replace("customers.xlsx", "customers.csv");
        let (mut a, mut b): (Value, Value) = (
            serde_json::from_str(&csv.read(&rel)).unwrap(),
            serde_json::from_str(&from_xlsx).unwrap(),
        );
        // Locations rightly differ: `row 91, column 27` in the CSV, `Responses!AA91` here.
        for (v, mut refs) in [(&mut a, None), (&mut b, Some(&mut references))] {
            for issue in v["data_quality"]["issues"].as_array_mut().unwrap() {
                let location = issue["location"].take();
                if let (Some(refs), Some(r)) = (refs.as_deref_mut(), location["reference"].as_str())
                {
                    refs.push(r.to_string());
                }
            }
        }
        assert_eq!(a, b, "{org}");
    }
    assert!(
        references.contains(&"Responses!AA91".to_string()),
        "{references:?}"
    );
}

const MAPPING: &str = r#"
platform = "generic"
sheet = "Answers"
organization = { column = "organization" }
customer_group = { column = "customer_group" }
"#;

#[test]
fn a_missing_sheet_is_an_input_error_listing_the_sheets() {
    let case = sample_with_workbook().file("ms.toml", MAPPING).args([
        "check",
        "--customers",
        "data/sample/customers.xlsx",
        "--customers-mapping",
        "ms.toml",
    ]);
    let run = case.run().expect_code(4);
    let err = run.stderr();
    assert!(err.contains("customers.xlsx"), "{err}");
    assert!(err.contains("no sheet \"Answers\""), "{err}");
    assert!(err.contains("\"Responses\""), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
