//! `run --format` and `run --output FORMAT=PATH` on the bundled sample: each CI format parsed
//! back (JUnit with roxmltree, SARIF and JSON with serde_json), the GitHub annotation lines,
//! the Markdown step summary, several outputs at once, and the gates' exit codes and messages.

use serde_json::Value;

use crate::support::Case;

const ORGS: [&str; 3] = ["harbor-construction", "lumen-software", "northwind-health"];

/// Each organization's alert levels, read from the JSON results the run wrote.
fn alert_levels(case: &Case) -> Vec<Vec<String>> {
    ORGS.iter()
        .map(|org| {
            let v: Value =
                serde_json::from_str(&case.read(&format!("reports/2026-Q3/{org}.json"))).unwrap();
            v["alerts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["level"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn junit_has_a_case_per_organization_and_alert_and_fails_serious_alerts() {
    let case = Case::sample().args(["run", "--format", "junit", "--fail-on", "critical"]);
    let run = case.run().expect_code(1);
    let xml = run.stdout();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed JUnit XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let levels = alert_levels(&case);
    let alerts: usize = levels.iter().map(Vec::len).sum();
    let serious = levels
        .iter()
        .flatten()
        .filter(|l| *l == "warning" || *l == "critical")
        .count();
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(
        cases.len(),
        ORGS.len() + alerts + 1,
        "orgs, alerts, one gate"
    );
    let failed = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    assert_eq!(failed, serious + 1, "serious alerts and the failed gate");
    assert_eq!(
        root.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    assert_eq!(
        root.attribute("failures"),
        Some(failed.to_string().as_str())
    );
    let suites: Vec<&str> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert_eq!(suites, [ORGS[0], ORGS[1], ORGS[2], "gates"]);
    let info_passes = cases
        .iter()
        .filter(|c| {
            c.attribute("name")
                .is_some_and(|n| n.starts_with("alert info"))
        })
        .all(|c| c.children().any(|n| n.has_tag_name("system-out")));
    assert!(
        info_passes,
        "info alerts pass with their text in system-out"
    );
}

#[test]
fn sarif_lists_data_quality_findings_with_regions() {
    let case = Case::sample().args(["run", "--output", "sarif=ci/run.sarif"]);
    case.run().expect_code(0);
    let log: Value = serde_json::from_str(&case.read("ci/run.sarif")).unwrap();
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "pmo-advisor");
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 5, "the sample's five findings at least");
    for r in results {
        assert!(r["ruleId"].is_string(), "{r}");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
    let bad_cell = results
        .iter()
        .find(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            loc["artifactLocation"]["uri"] == "data/sample/customers.csv"
                && loc["region"]["startLine"] == 20
        })
        .expect("the pm_maturity 6 at row 19, line 20");
    assert_eq!(bad_cell["ruleId"], "I102");
    assert_eq!(
        bad_cell["locations"][0]["physicalLocation"]["region"]["startColumn"],
        5
    );
}

#[test]
fn github_annotations_are_one_escaped_command_per_line() {
    let case = Case::sample().args(["run", "--format", "github"]);
    let out = case.run().expect_code(0).stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(
        &"::warning file=data/sample/customers.csv,line=20,col=5,title=I102::expected a whole number from 1 to 5, found \"6\""
    ), "{out}");
    assert!(lines.iter().any(|l| l.starts_with(
        "::warning file=data/sample/customers.csv,line=47,col=3,title=I115::row rejected: unknown customer group \"clinical_lead\"%0Ahint: "
    )));
    let alerts: usize = alert_levels(&case).iter().map(Vec::len).sum();
    let alert_lines = lines
        .iter()
        .filter(|l| l.contains(" alert ") && l.contains("title=") && !l.contains("file="))
        .count();
    assert_eq!(alert_lines, alerts, "{out}");
    for line in &lines {
        let command = line.split(' ').next().unwrap();
        assert!(
            ["::error", "::warning", "::notice"].contains(&command),
            "{line}"
        );
        let (_, message) = line[2..].split_once("::").expect("properties::message");
        assert!(!message.contains('\n') && !message.contains('\r'));
    }
}

#[test]
fn several_outputs_at_once_keep_the_text_summary_on_stdout() {
    let case = Case::sample().args([
        "run",
        "--output",
        "junit=out/junit.xml",
        "--output",
        "markdown=out/summary.md",
        "--output",
        "json=out/nested/run.json",
        "--max-findings",
        "50",
    ]);
    let run = case.run().expect_code(0);
    assert_eq!(run.stdout().lines().count(), ORGS.len(), "{}", run.stdout());
    roxmltree::Document::parse(&case.read("out/junit.xml")).unwrap();
    let md = case.read("out/summary.md");
    assert!(md.starts_with("# PMO recommendations, 2026-Q3\n"), "{md}");
    assert!(md.contains("**Verdict: passed.**"));
    assert!(md.contains("| `--max-findings` | 50 | 5 | pass |"), "{md}");
    assert!(md.contains("206 row(s) read, 204 used, 2 rejected (0.97%); 5 finding(s)."));
    let json: Value = serde_json::from_str(&case.read("out/nested/run.json")).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["ok"], true);
    assert_eq!(json["period"], "2026-Q3");
    assert_eq!(json["organizations"].as_array().unwrap().len(), ORGS.len());
    assert_eq!(json["organizations"][0]["organization"]["id"], ORGS[0]);
    assert_eq!(json["data_quality"]["rows_rejected"], 2);
    assert_eq!(json["gates"][0]["name"], "max-findings");
    let leftovers: Vec<_> = std::fs::read_dir(case.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "atomic writes leave no temporary file"
    );
}

#[test]
fn rejected_rows_gate_names_threshold_and_actual_value() {
    // The sample rejects 2 of 206 rows (0.97%).
    for (limit, code) in [("0.5%", 1), ("1%", 0), ("1", 1), ("2", 0)] {
        let case = Case::sample().args(["run", "--format", "json", "--max-rejected-rows", limit]);
        let run = case.run().expect_code(code);
        let json: Value = serde_json::from_str(&run.stdout()).unwrap();
        let gate = &json["gates"][0];
        assert_eq!(gate["name"], "max-rejected-rows");
        assert_eq!(gate["threshold"], limit);
        assert_eq!(gate["actual"], "2 of 206 rows (0.97%)");
        assert_eq!(gate["passed"], code == 0);
        assert_eq!(json["ok"], code == 0);
        if code == 1 {
            assert!(
                run.stderr().contains(&format!(
                    "gate failed: 2 of 206 rows (0.97%) rejected, above --max-rejected-rows {limit}"
                )),
                "{}",
                run.stderr()
            );
        }
    }
}

#[test]
fn findings_and_alert_gates_fail_with_exit_code_1() {
    let case = Case::sample().args(["run", "--format", "markdown", "--max-findings", "4"]);
    let run = case.run().expect_code(1);
    assert!(run
        .stdout()
        .contains("| `--max-findings` | 4 | 5 | **FAIL** |"));
    assert!(run
        .stderr()
        .contains("5 data-quality finding(s), above --max-findings 4"));
    let case = Case::sample().args(["run", "--fail-on", "warning", "-q"]);
    let run = case.run().expect_code(1);
    assert!(
        run.stderr().contains("reached --fail-on warning"),
        "{}",
        run.stderr()
    );
}

#[test]
fn bad_flags_are_usage_errors_naming_what_is_accepted() {
    let run = Case::sample()
        .args(["run", "--output", "xml=out/a.xml"])
        .run()
        .expect_code(2);
    assert!(run
        .stderr()
        .contains("expected one of json, junit, sarif, github, markdown"));
    let run = Case::sample()
        .args(["run", "--output", "junit"])
        .run()
        .expect_code(2);
    assert!(run.stderr().contains("FORMAT=PATH"));
    let run = Case::sample()
        .args(["run", "--max-rejected-rows", "lots"])
        .run()
        .expect_code(2);
    assert!(run.stderr().contains("a percentage such as 5%"));
}

#[test]
fn rule_errors_keep_exit_code_3_whatever_the_gates() {
    let case = Case::sample()
        .file("rules/99_broken.rhai", "let x = ;\n")
        .args([
            "run",
            "--max-rejected-rows",
            "100%",
            "--output",
            "junit=out/j.xml",
            "--output",
            "sarif=out/r.sarif",
        ]);
    case.run().expect_code(3);
    // The pipeline's files still exist and say why the job failed.
    let junit = case.read("out/j.xml");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let error = doc
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .expect("an <error> test case");
    assert_eq!(error.attribute("type"), Some("exit code 3"));
    assert!(
        error.text().unwrap_or_default().contains("99_broken.rhai"),
        "{junit}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&case.read("out/r.sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert_eq!(results[0]["level"], "error");
    assert!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("99_broken.rhai"),
        "{sarif}"
    );
}

/// `run` keeps comments and quotes in a temporary file while it reads: the run document,
/// which embeds every result, carries them as the per-organization JSON does, both when the
/// period is written and when it is up to date (nothing written, every organization
/// evaluated again).
#[test]
fn the_run_document_carries_the_comments_written_or_up_to_date() {
    let case = Case::sample().args(["run", "--format", "json"]);
    for pass in ["written", "up to date"] {
        let run = case.run().expect_code(0);
        assert_eq!(
            run.stderr().contains("2026-Q3: up to date"),
            pass == "up to date",
            "{}",
            run.stderr()
        );
        let doc: Value = serde_json::from_str(&run.stdout()).unwrap();
        let mut examples = 0;
        for org in doc["organizations"].as_array().unwrap() {
            let id = org["organization"]["id"].as_str().unwrap();
            let path = case.path().join(format!("reports/2026-Q3/{id}.json"));
            let written: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            assert_eq!(
                org["comment_themes"], written["comment_themes"],
                "{pass}: {id}"
            );
            for theme in org["comment_themes"].as_array().unwrap() {
                for example in theme["examples"].as_array().unwrap() {
                    assert_ne!(example["text"], "", "{pass}: {id}");
                    examples += 1;
                }
            }
        }
        assert!(examples > 20, "{pass}: {examples} quotes");
    }
}
