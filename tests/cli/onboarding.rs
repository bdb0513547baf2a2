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
fn issue_15_a_run_from_the_config_alone_has_no_origin_warning() {
    let case = Case::sample().args(["check"]);
    let stderr = case.run().expect_code(0).stderr();
    assert!(stderr.contains("config: pmo-advisor.toml"), "{stderr}");
    assert!(!stderr.contains("taken from"), "{stderr}");
}

#[test]
fn issue_15_organization_flag_ignored_when_the_mapping_sets_it() {
    let case = Case::sample().args([
        "check",
        "--customers",
        "data/sample/customers_qualtrics.csv",
        "--customers-mapping",
        "data/sample/qualtrics-mapping.toml",
        "--organization",
        "acme",
    ]);
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
