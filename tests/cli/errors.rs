//! Bad input of every kind ends in a clear message and the documented exit code.

use std::time::{Duration, Instant};

use crate::support::Case;

#[test]
fn a_malformed_value_names_file_row_and_column() {
    let case = Case::sample().file(
        "data/sample/customers.csv",
        "respondent_id,organization,customer_group,pm_maturity,outcome.decision_making\n\
         r1,acme,project_manager,3,4\n\
         r2,acme,executive,seven,5\n",
    );
    let run = case.args(["check", "--baseline", "none.csv"]).run();
    // A missing baseline file is an input error; use the real check without it below.
    assert_eq!(run.code(), 4, "{}", run.stderr());
    let case = Case::sample()
        .file(
            "data/sample/customers.csv",
            "respondent_id,organization,customer_group,pm_maturity,outcome.decision_making\n\
             r1,acme,project_manager,3,4\n\
             r2,acme,executive,seven,5\n",
        )
        .args(["check"]);
    let run = case.run().expect_code(0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("customers.csv row 3, column 4 \"pm_maturity\""),
        "{stderr}"
    );
    assert!(stderr.contains("\"seven\""), "{stderr}");
    let strict = Case::sample()
        .file(
            "data/sample/customers.csv",
            "respondent_id,organization,customer_group,pm_maturity\nr2,acme,executive,9\n",
        )
        .args(["check", "--strict"]);
    strict.run().expect_code(4);
}

#[test]
fn a_missing_input_file_is_exit_code_4_naming_it() {
    let run = Case::sample()
        .args(["run", "--customers", "nope.csv"])
        .run()
        .expect_code(4);
    assert!(run.stderr().contains("nope.csv"), "{}", run.stderr());
}

#[test]
fn a_rule_syntax_error_names_file_line_and_column() {
    let case = Case::sample()
        .file("rules/99_broken.rhai", "let x = 1;\nlet y = (2 + ;\n")
        .args(["check"]);
    let run = case.run().expect_code(3);
    let stderr = run.stderr();
    assert!(stderr.contains("99_broken.rhai:2:"), "{stderr}");
}

#[test]
fn an_endless_loop_is_stopped_by_the_sandbox() {
    let case = Case::sample()
        .file("rules/99_loop.rhai", "let n = 0;\nloop { n += 1; }\n")
        .args(["run"]);
    let started = Instant::now();
    let run = case.run().expect_code(3);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "stopped promptly"
    );
    let stderr = run.stderr();
    assert!(
        stderr.contains("99_loop.rhai"),
        "names the script: {stderr}"
    );
    assert!(
        !case.path().join("reports/2026-Q3").exists(),
        "no reports after a rule error"
    );
}

#[test]
fn an_import_outside_the_rules_folder_is_refused() {
    let case = Case::sample()
        .file("secret.rhai", "export const X = 1;\n")
        .file(
            "rules/99_import.rhai",
            "import \"../secret\" as s;\nlet x = s::X;\n",
        )
        .args(["run"]);
    let run = case.run().expect_code(3);
    assert!(run.stderr().contains("99_import.rhai"), "{}", run.stderr());
}

#[test]
fn configuration_errors_are_exit_code_2() {
    Case::sample()
        .args(["run", "--period", "2026-Q9"])
        .run()
        .expect_code(2);
    Case::sample()
        .args(["run", "--no-such-flag"])
        .run()
        .expect_code(2);
    let run = Case::sample()
        .edit("pmo-advisor.toml", |t| {
            t.replace("[limits]", "[limits]\nmax_operatons = 5")
        })
        .args(["run"])
        .run()
        .expect_code(2);
    assert!(run.stderr().contains("max_operatons"), "{}", run.stderr());
    let run = Case::sample()
        .edit("data/catalog/services.csv", |t| {
            t.replacen("strategic", "strategical", 1)
        })
        .args(["run"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr().contains("services.csv row 2"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_unwritable_output_is_exit_code_5() {
    let case = Case::sample().file("reports", "a file where the reports folder should be");
    case.args(["run"]).run().expect_code(5);
}

#[test]
fn help_and_version_succeed() {
    let run = Case::sample().args(["--help"]).run().expect_code(0);
    assert!(run.stdout().contains("run"));
    Case::sample().args(["--version"]).run().expect_code(0);
}
