//! Rule-authoring mistakes that used to pass `check` (exit 0) and silently change or skip
//! results (issue 14): each is now a rule error (exit 3) at its `file:line:col`, with the fix.

use crate::support::Case;

/// The sample config with `[rules.params]` appended; returns the case and its first key's line.
fn with_params(params: &str) -> (Case, usize) {
    let config = std::fs::read_to_string(crate::support::root().join("pmo-advisor.toml")).unwrap();
    let line = config.lines().count() + 3;
    let case = Case::sample().file(
        "pmo-advisor.toml",
        &format!("{config}\n[rules.params]\n{params}"),
    );
    (case, line)
}

#[test]
fn an_undeclared_param_is_a_rule_error_at_its_config_key() {
    let (case, line) = with_params("must_cutof = 0.8\n");
    for command in ["check", "run"] {
        let run = case.run_with(&[command, "--color", "never"]).expect_code(3);
        let err = run.stderr();
        assert!(
            err.contains(&format!(
                "error[R071]: pmo-advisor.toml:{line}:1: `[rules.params]` sets `must_cutof`, which no rule declares"
            )),
            "{command}: {err}"
        );
        assert!(err.contains("hint: did you mean `must_cutoff`?"), "{err}");
    }
    assert!(!case.path().join("reports/2026-Q3").exists());
    assert!(!case.path().join("reports/2026-Q1").exists());
}

#[test]
fn a_param_out_of_its_declared_range_names_the_range() {
    let (case, line) = with_params("focus_cap = 5\nmust_cutoff = 85\n");
    let run = case.run_with(&["check", "--color", "never"]).expect_code(3);
    let err = run.stderr();
    assert!(
        err.contains(&format!(
            "error[R072]: pmo-advisor.toml:{}:1: `[rules.params]` sets `must_cutoff` to 85, outside its declared range 0 to 1 (share of the top demand)",
            line + 1
        )),
        "{err}"
    );
    // In range: accepted, and the rules read it.
    let (case, _) = with_params("must_cutoff = 0.8\n");
    case.run_with(&["check"]).expect_code(0);
}

#[test]
fn a_test_case_that_sets_an_undeclared_param_fails_with_a_suggestion() {
    let run = Case::sample()
        .file(
            "rules/tests/zz_params.toml",
            "[[case]]\nname = \"typo\"\nparams = { min_respondent = 2 }\ngroups = { executive = { respondents = 3 } }\n",
        )
        .run_with(&["test", "rules/tests/zz_params.toml"]);
    let out = format!("{}{}", run.stdout(), run.stderr());
    assert_eq!(run.code(), 1, "{out}");
    assert!(
        out.contains("the case's `params` sets `min_respondent`, which no rule declares (did you mean `min_respondents`?)"),
        "{out}"
    );
}

#[test]
fn a_type_mismatch_on_an_input_field_fails_check_with_the_fix() {
    let run = Case::sample()
        .file(
            "rules/99_typo.rhai",
            "let b = org.baseline;\nif b.regulatory_intensity >= \"4\" {\n    add_score(\"risk_management\", 1, \"regulated\");\n}\n",
        )
        .run_with(&["check", "--color", "never"])
        .expect_code(3);
    let err = run.stderr();
    assert!(err.contains("error[L008]: rules/99_typo.rhai:2:27: `b.regulatory_intensity >= \"4\"` is always false: `b.regulatory_intensity` is a number and `\"4\"` is text"), "{err}");
    assert!(
        err.contains("2 | if b.regulatory_intensity >= \"4\" {"),
        "{err}"
    );
    assert!(
        err.contains("hint: write the number without quotes: `b.regulatory_intensity >= 4`"),
        "{err}"
    );
}

#[test]
fn an_unknown_function_in_a_branch_the_sample_never_takes_fails_check() {
    let run = Case::sample()
        .file(
            "rules/99_typo.rhai",
            "if org.respondents < 3 {\n    alrt(\"warning\", \"few\", \"fewer than 3 people answered\");\n}\n",
        )
        .run_with(&["check", "--color", "never"])
        .expect_code(3);
    let err = run.stderr();
    assert!(
        err.contains("error[L009]: rules/99_typo.rhai:2:5: unknown function `alrt`"),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `alert`?"), "{err}");
    assert!(!err.contains("ImmutableString"), "{err}");
}

#[test]
fn a_non_finite_number_in_a_reason_is_a_runtime_error_naming_the_organization() {
    let run = Case::sample()
        .file(
            "rules/99_ratio.rhai",
            "let none = 0.0;\nlet ratio = org.respondents / none;\nalert(\"info\", \"ratio\", `respondents per empty group: ${ratio}`);\n",
        )
        .run_with(&["run", "--color", "never"])
        .expect_code(3);
    let err = run.stderr();
    assert!(
        err.contains("error[R040]: rules/99_ratio.rhai:3:1: a reason shows `inf`"),
        "{err}"
    );
    assert!(err.contains("while evaluating organization `"), "{err}");
}

#[test]
fn sarif_rules_are_described_by_what_they_check() {
    let run = Case::sample()
        .file(
            "rules/99_keys.rhai",
            "recommend(\"risk_managment\", \"must\", \"x\");\nrecommend(\"audti\", \"must\", \"y\");\n",
        )
        .run_with(&["check", "--format", "sarif"])
        .expect_code(3);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let l001 = rules.iter().find(|r| r["id"] == "L001").unwrap();
    assert_eq!(
        l001["shortDescription"]["text"],
        "Unknown service, outcome, group, approach or other key in a literal passed to the host API."
    );
}

#[test]
fn a_table_that_matches_no_row_is_named_with_its_file_and_inputs() {
    let run = Case::sample()
        .edit("rules/tables/approach_by_maturity.csv", |t| {
            t.replace("-,controlling,1\n", "")
                .replace(">= 1.5,directive,2", ">= 3.9,directive,2")
        })
        .run_with(&["check", "--color", "never"])
        .expect_code(3);
    let err = run.stderr();
    assert!(
        err.contains("error[R031]: rules/30_approaches.rhai:78:22: table `approach_by_maturity` (rules/tables/approach_by_maturity.csv) matched no row for maturity = "),
        "{err}"
    );
    assert!(err.contains(", so `.approach` has no value"), "{err}");
    assert!(err.contains("while evaluating organization `"), "{err}");
    assert!(!err.contains("getter"), "{err}");
}

#[test]
fn a_test_file_error_carries_line_column_and_a_suggestion() {
    let run = Case::sample()
        .file(
            "rules/tests/zz_typo.toml",
            "[[case]]\nname = \"typo\"\ngroups = { executive = { respondents = 3 } }\nexpect.services = { risk_management = \"mst\" }\n",
        )
        .run_with(&["test", "rules/tests/zz_typo.toml"])
        .expect_code(2);
    let err = run.stderr();
    assert!(
        err.contains("rules/tests/zz_typo.toml:4:39: expected a priority (must, should, could, not_now), found \"mst\" (did you mean `must`?)"),
        "{err}"
    );
    assert!(!err.contains("untagged"), "{err}");
}

#[test]
fn a_missing_semicolon_or_brace_is_one_error_where_it_belongs() {
    let run = Case::sample()
        .edit("rules/50_alerts.rhai", |t| {
            t.replacen("let low_groups = 0;", "let low_groups = 0", 1)
        })
        .edit("rules/45_advice.rhai", |t| {
            let lines: Vec<&str> = t.lines().collect();
            // The `}` that closes the first block ending at column 1 after line 16.
            let close = lines
                .iter()
                .enumerate()
                .skip(16)
                .find(|(_, l)| **l == "}")
                .map(|(i, _)| i)
                .unwrap();
            let mut kept: Vec<&str> = lines.clone();
            kept[close] = "";
            kept.join("\n") + "\n"
        })
        .run_with(&["check", "--format", "json"])
        .expect_code(3);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let errors: Vec<(String, u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["location"]["file"].as_str().unwrap().to_string(),
                e["location"]["line"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].0, "rules/45_advice.rhai");
    assert!(
        errors[0].2.contains("this `{` is never closed"),
        "{errors:#?}"
    );
    assert_eq!(
        (errors[1].0.as_str(), errors[1].1, errors[1].2.as_str()),
        (
            "rules/50_alerts.rhai",
            43,
            "syntax error: this statement needs a `;` at its end"
        )
    );
}

#[test]
fn a_runtime_error_names_the_input_values_its_line_reads() {
    let run = Case::sample()
        .file(
            "rules/99_bad.rhai",
            "let b = org.baseline;\nif b.regulatory_intensity >= 4.0 { let x = b.industry + b.regulatory_intensity.nope; }\n",
        )
        .run_with(&["check", "--color", "never"])
        .expect_code(3);
    let err = run.stderr();
    assert!(err.contains("rules/99_bad.rhai:2:"), "{err}");
    assert!(
        err.contains(
            "hint: this line reads, for this organization: baseline.regulatory_intensity = 4/5; baseline.industry = construction"
        ),
        "{err}"
    );
    assert!(
        err.contains("while evaluating organization `harbor-construction`"),
        "{err}"
    );
}
