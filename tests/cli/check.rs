//! `pmo-advisor check`: validation without output files, in text and JSON.

use crate::support::Case;

#[test]
fn check_validates_the_sample_and_writes_nothing() {
    let case = Case::sample().args(["check"]);
    let run = case.run().expect_code(0);
    assert!(run.stdout().starts_with("ok: "), "{}", run.stdout());
    // One line, ended: a shell prompt or the next command's output must not run into it.
    assert_eq!(run.stdout().lines().count(), 1, "{}", run.stdout());
    assert!(
        run.stdout().ends_with(" rule warning(s)\n"),
        "{:?}",
        run.stdout()
    );
    assert!(!case.path().join("reports").exists());
}

#[test]
fn check_json_is_one_document_with_findings_and_errors() {
    let run = Case::sample()
        .args(["check", "--format", "json"])
        .run()
        .expect_code(0);
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

#[test]
fn check_reports_every_syntax_error_of_every_file() {
    let run = Case::sample()
        .file("rules/91_a.rhai", "let a = ;\nlet b = 1;\nlet c = (2;\n")
        .file("rules/92_b.rhai", "let = 3;\n")
        .args(["check", "--format", "json"])
        .run()
        .expect_code(3);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let places: Vec<(String, u64)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["location"]["file"].as_str().unwrap().to_string(),
                e["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("rules/91_a.rhai".to_string(), 1),
            ("rules/91_a.rhai".into(), 3),
            ("rules/92_b.rhai".into(), 1)
        ]
    );
}

#[test]
fn check_human_output_has_code_frames_hints_and_no_colour_under_no_color() {
    let run = Case::sample()
        .file(
            "rules/91_a.rhai",
            "if org.respondents < 0 {\n    recommend(\"risk_managment\", \"must\", \"typo\");\n}\n",
        )
        .args(["check"])
        .run()
        .expect_code(3);
    let err = run.stderr();
    assert!(
        err.contains("error[L001]: rules/91_a.rhai:2:15: unknown service `risk_managment`"),
        "{err}"
    );
    assert!(
        err.contains("2 |     recommend(\"risk_managment\""),
        "{err}"
    );
    assert!(err.contains("  |               ^"), "{err}");
    assert!(
        err.contains("hint: did you mean `risk_management`?"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "NO_COLOR is set: {err}");
    assert!(run.stdout().starts_with("failed: "), "{}", run.stdout());

    let coloured = Case::sample()
        .file(
            "rules/91_a.rhai",
            "if false { add_score(\"risk_management\", 1, \"never\"); }\n",
        )
        .args(["--color", "always", "check"])
        .run()
        .expect_code(0);
    assert!(
        coloured.stderr().contains("\x1b[1;33mwarning\x1b[0m[L003]"),
        "{}",
        coloured.stderr()
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let case = Case::sample().file("rules/91_a.rhai", "let x = 1;\nif x > 0 { let x = 2; }\n");
    let run = case
        .args(["check", "--format", "json"])
        .run()
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["warnings"][0]["code"], "L005");
    assert_eq!(v["ok"], true);
    let case = Case::sample()
        .file("rules/91_a.rhai", "let x = 1;\nif x > 0 { let x = 2; }\n")
        .args(["check", "--deny-warnings"]);
    case.run().expect_code(3);
}

#[test]
fn sarif_output_is_a_valid_sarif_log() {
    let run = Case::sample()
        .file(
            "rules/91_a.rhai",
            "let b = org.baseline;\nif b.industy == \"x\" { }\n",
        )
        .args(["check", "--format", "sarif"])
        .run()
        .expect_code(3);
    let log: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "pmo-advisor");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run0["results"].as_array().unwrap();
    let lint = results
        .iter()
        .find(|r| r["ruleId"] == "L002")
        .expect("L002 result");
    assert_eq!(lint["level"], "error");
    let region = &lint["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(2), Some(6))
    );
    // Every result names a declared rule by id and index; data findings are included.
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
    assert!(results
        .iter()
        .any(|r| r["ruleId"].as_str().unwrap().starts_with('I')));
}

#[test]
fn github_output_is_one_workflow_command_per_diagnostic() {
    let run = Case::sample()
        .file(
            "rules/91_a.rhai",
            "if false { add_score(\"risk_management\", 1, \"never\"); }\n",
        )
        .args(["check", "--format", "github"])
        .run()
        .expect_code(0);
    let out = run.stdout();
    assert!(
        out.lines().any(|l| l.starts_with(
            "::warning file=rules/91_a.rhai,line=1,col=1,title=L003::this rule can never fire"
        )),
        "{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn check_analyses_decision_tables() {
    let gap = "# hit: first\n# domain m: 1..5\nin:m,out:a\n>= 4,x\n< 2,y\n";
    let run = Case::sample()
        .file("rules/tables/gappy.csv", gap)
        .args(["check", "--format", "json"])
        .run()
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["R061", "R061"]);
    assert_eq!(
        v["warnings"][0]["location"]["file"],
        "rules/tables/gappy.csv"
    );
    assert!(v["tables"].as_array().unwrap().iter().any(|t| t == "gappy"));

    let overlap = "# hit: unique\n# domain m: 1..5\nin:m,out:a\n<= 3,x\n>= 3,y\n";
    let run = Case::sample()
        .file("rules/tables/clash.csv", overlap)
        .args(["check", "--format", "json"])
        .run()
        .expect_code(3);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["errors"][0]["code"], "R062");
    assert_eq!(v["errors"][0]["location"]["line"], 5);

    let broken = Case::sample()
        .file("rules/tables/broken.csv", "in:m,out:a\n1,2\n")
        .args(["check"])
        .run()
        .expect_code(3);
    assert!(
        broken
            .stderr()
            .contains("error[R060]: rules/tables/broken.csv:1:1: the table declares no hit policy"),
        "{}",
        broken.stderr()
    );
}

#[test]
fn a_table_edit_changes_the_results() {
    // Everyone consultative at the start: change the maturity table's first threshold. The
    // executives' compliance services of regulated work still move one step toward control.
    let case = Case::sample()
        .edit("rules/tables/approach_by_maturity.csv", |t| {
            t.replace(">= 4.5,consultative", ">= 0,consultative")
        })
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--group",
            "executive",
            "--format",
            "json",
        ]);
    let run = case.run().expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let approach = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "approach")
        .unwrap();
    assert!(
        approach["decision"]
            .as_str()
            .unwrap()
            .starts_with("supportive"),
        "{approach}"
    );
}

#[test]
fn syntax_errors_in_modules_point_into_the_module() {
    let run = Case::sample()
        .file("rules/lib/broken.rhai", "fn ok() { 1 }\nfn bad( { 2 }\n")
        .args(["check", "--format", "json"])
        .run()
        .expect_code(3);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let e = &v["errors"][0];
    assert_eq!(e["code"], "R010");
    assert_eq!(e["location"]["file"], "rules/lib/broken.rhai");
    assert_eq!(e["location"]["line"], 2);
}
