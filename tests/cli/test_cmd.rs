//! `pmo-advisor test`: results, formats, exit codes, coverage and `--watch` (also on `run`).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{Case, Run};

const FAILING: &str = r#"
[[case]]
name = "executives want control"
groups.executive = { respondents = 10, maturity = 5, outcomes = { strategic_alignment = 5 } }
expect.approaches.executive = "controlling"
"#;

#[test]
fn the_default_suite_passes() {
    let run = Case::sample().args(["test"]).run().expect_code(0);
    let out = run.stdout();
    assert!(
        out.starts_with("ok: ") && out.contains(" passed, 0 failed, 0 error(s)"),
        "{out}"
    );
}

#[test]
fn a_failing_case_shows_expected_actual_and_why_and_exits_1() {
    let run = Case::sample()
        .file("rules/tests/zz.toml", FAILING)
        .args(["test"])
        .run()
        .expect_code(1);
    let out = run.stdout();
    assert!(
        out.contains("FAIL  rules/tests/zz.toml › executives want control"),
        "{out}"
    );
    assert!(
        out.contains("approaches.executive: expected controlling, found consultative"),
        "{out}"
    );
    assert!(
        out.contains("because consultative is the most frequent approach"),
        "{out}"
    );
    assert!(out.contains("(rules/30_approaches.rhai:"), "{out}");
}

#[test]
fn no_case_run_is_a_failure() {
    let run = Case::sample()
        .args(["test", "--filter", "no such case"])
        .run()
        .expect_code(1);
    assert!(
        run.stderr().contains("no test case ran"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_invalid_test_file_is_a_usage_error() {
    let run = Case::sample()
        .file(
            "rules/tests/bad.toml",
            "[[case]]\nname = \"x\"\ngroups.execs = {}\n",
        )
        .args(["test"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr()
            .contains("rules/tests/bad.toml:3:8: expected a customer group"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("execs"), "{}", run.stderr());
}

/// Checks that `xml` is well formed (balanced, properly nested tags; quoted attributes) and
/// returns the element names in document order.
fn xml_elements(xml: &str) -> Vec<String> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let (mut stack, mut names) = (Vec::<String>::new(), Vec::new());
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        assert!(!rest[..start].contains('>'), "stray '>' in text");
        let end = rest[start..].find('>').expect("unclosed tag") + start;
        let tag = &rest[start + 1..end];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        assert!(!tag.contains('<'), "'<' inside a tag");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let name: String = tag.chars().take_while(|c| c.is_alphanumeric()).collect();
            names.push(name.clone());
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    names
}

#[test]
fn junit_is_well_formed_xml_with_one_testcase_per_case() {
    let run = Case::sample()
        .file("rules/tests/zz.toml", FAILING)
        .args(["test", "--format", "junit"])
        .run()
        .expect_code(1);
    let xml = run.stdout();
    let names = xml_elements(&xml);
    assert_eq!(names[0], "testsuites");
    let cases = names.iter().filter(|n| *n == "testcase").count();
    assert!(cases > 40, "{cases}");
    assert_eq!(names.iter().filter(|n| *n == "failure").count(), 1);
    assert!(
        xml.contains(
            "<testsuite name=\"rules/tests/zz.toml\" tests=\"1\" failures=\"1\" errors=\"0\">"
        ),
        "{xml}"
    );
}

#[test]
fn tap_and_json_formats() {
    let tap = Case::sample()
        .file("rules/tests/zz.toml", FAILING)
        .args(["test", "--format", "tap"])
        .run()
        .expect_code(1)
        .stdout();
    let mut lines = tap.lines();
    assert_eq!(lines.next(), Some("TAP version 13"));
    let plan = lines.next().unwrap();
    let n: usize = plan.strip_prefix("1..").unwrap().parse().unwrap();
    assert_eq!(
        tap.lines()
            .filter(|l| l.starts_with("ok ") || l.starts_with("not ok "))
            .count(),
        n
    );
    assert!(
        tap.contains("not ok ") && tap.contains("  ---\n") && tap.contains("  ...\n"),
        "{tap}"
    );

    let json = Case::sample()
        .args(["test", "--format", "json", "--coverage"])
        .run()
        .expect_code(0)
        .stdout();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["failed"], 0);
    assert!(v["coverage"]["files"].as_array().unwrap().len() >= 6);
}

#[test]
fn min_coverage_proves_the_default_suite_covers_the_default_rules() {
    let run = Case::sample()
        .args(["test", "--coverage", "--min-coverage", "97"])
        .run()
        .expect_code(0);
    let out = run.stdout();
    assert!(
        out.contains("rules/20_services.rhai: functions 1/1"),
        "{out}"
    );
    assert!(out.contains("coverage: "), "{out}");
    let run = Case::sample()
        .args(["test", "--min-coverage", "100"])
        .run()
        .expect_code(1);
    assert!(
        run.stderr().contains("is below --min-coverage 100%"),
        "{}",
        run.stderr()
    );
}

#[test]
fn coverage_over_the_configured_data() {
    let run = Case::sample()
        .args(["test", "--coverage", "--data", "--filter", "sample:"])
        .run()
        .expect_code(0);
    assert!(
        run.stderr().contains("coverage includes 3 organization(s)"),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().contains("✓ fn <script>"), "{}", run.stdout());
}

/// Runs the binary with `args` in `case`, waits for `ready` on stdout, applies `edit`, and
/// returns everything printed until it exits (after `--max-iterations 2`).
fn watch(case: &Case, args: &[&str], edit: impl FnOnce()) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
        .current_dir(case.path())
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        let ready = line.starts_with("watching for changes");
        line.clear();
        if ready {
            break;
        }
    }
    // Let the first snapshot be taken, and make sure the modification time moves.
    std::thread::sleep(Duration::from_millis(1100));
    edit();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    assert!(child.wait().unwrap().code().is_some());
    seen + rest.as_str()
}

#[test]
fn test_watch_reruns_on_save_and_prints_status_changes() {
    let case = Case::sample().file(
        "rules/tests/zz.toml",
        &FAILING.replace("\"controlling\"", "\"consultative\""),
    );
    let path = case.path().join("rules/tests/zz.toml");
    let out = watch(&case, &["test", "--watch", "--max-iterations", "2"], || {
        std::fs::write(&path, FAILING).unwrap();
    });
    assert!(
        out.contains("rules/tests/zz.toml › executives want control: pass → fail"),
        "{out}"
    );
}

#[test]
fn run_watch_prints_priority_changes() {
    let case = Case::sample();
    let config = case.path().join("pmo-advisor.toml");
    let out = watch(&case, &["run", "--watch", "--max-iterations", "2"], || {
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(
            &config,
            text + "\n[rules.params]\nmust_cutoff = 0.99\nshould_cutoff = 0.98\n",
        )
        .unwrap();
    });
    assert!(out.contains("changes since the last run:"), "{out}");
    assert!(
        out.contains(" must → ") || out.contains(" should → "),
        "{out}"
    );
}

#[test]
fn schema_prints_both_schemas() {
    for which in ["config", "test-case"] {
        let out = Case::sample()
            .args(["schema", which])
            .run()
            .expect_code(0)
            .stdout();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(v["properties"].is_object());
    }
    Case::sample()
        .args(["schema", "nonsense"])
        .run()
        .expect_code(2);
}

#[test]
fn rules_api_writes_the_reference_and_check_reports_stale_files() {
    let case = Case::sample();
    let run = run_in(&case, &["rules", "api", "--out", "ref"]).expect_code(0);
    assert!(
        run.stderr().contains("wrote ref/rule-api.md"),
        "{}",
        run.stderr()
    );
    assert!(case.read("ref/rule-api.d.rhai").contains("fn recommend("));
    assert!(case
        .read("ref/rule-api.md")
        .contains("## Recording decisions"));
    run_in(&case, &["rules", "api", "--out", "ref", "--check"]).expect_code(0);
    std::fs::write(case.path().join("ref/rule-api.md"), "old").unwrap();
    let run = run_in(&case, &["rules", "api", "--out", "ref", "--check"]).expect_code(1);
    assert!(
        run.stderr()
            .contains("regenerate with `pmo-advisor rules api`"),
        "{}",
        run.stderr()
    );
}

/// Runs the binary in `case`'s folder with `args` (the case itself stays usable).
fn run_in(case: &Case, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
        .current_dir(case.path())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run { output }
}

#[test]
fn issue_14_coverage_lists_decision_table_rows_that_never_matched() {
    // A row after the catch-all `-` row can never answer a `hit: first` table.
    let case = Case::sample().edit("rules/tables/approach_by_maturity.csv", |t| {
        t + "-,managed,0\n"
    });
    let line = case
        .read("rules/tables/approach_by_maturity.csv")
        .lines()
        .count();
    let missed = format!("✗ rules/tables/approach_by_maturity.csv:{line} row never matched");
    let human = case.run_with(&["test", "--coverage"]).expect_code(0);
    let out = human.stdout();
    assert!(out.contains(&format!("  {missed}\n")), "{out}");
    assert!(
        out.contains("rules/tables/approach_by_maturity.csv: rows matched 5/6 (83%)\n"),
        "{out}"
    );
    let json = case
        .run_with(&["test", "--coverage", "--format", "json"])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    let table = v["coverage"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["file"] == "rules/tables/approach_by_maturity.csv")
        .unwrap();
    let never: Vec<u64> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["hits"] == 0)
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(never, [line as u64]);
    for format in ["junit", "tap"] {
        let run = case
            .run_with(&["test", "--coverage", "--format", format])
            .expect_code(0);
        assert!(run.stderr().contains(&missed), "{format}: {}", run.stderr());
    }
}
