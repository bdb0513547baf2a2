//! `pmo-advisor test` output: human text, JSON, JUnit XML and TAP version 13.
//!
//! Pure functions from results to text, so every format is unit-tested without running
//! rules. Output is deterministic (results in file and case order, no timings).

use serde::Serialize;

use crate::rules::cases::{CaseResult, Failure, Status};
use crate::rules::coverage::CoverageReport;

/// Counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Cases that passed.
    pub passed: usize,
    /// Cases with unmet expectations.
    pub failed: usize,
    /// Cases that could not run.
    pub errors: usize,
}

impl Totals {
    /// Counts `results`.
    pub fn of(results: &[CaseResult]) -> Totals {
        let mut t = Totals::default();
        for r in results {
            match r.status {
                Status::Pass => t.passed += 1,
                Status::Fail { .. } => t.failed += 1,
                Status::Error { .. } => t.errors += 1,
            }
        }
        t
    }

    /// All cases.
    pub fn total(self) -> usize {
        self.passed + self.failed + self.errors
    }
}

fn failure_lines(f: &Failure, indent: &str) -> String {
    let mut s = format!(
        "{indent}{}: expected {}, found {}\n",
        f.what, f.expected, f.actual
    );
    for t in &f.trace {
        s.push_str(&format!("{indent}    because {t}\n"));
    }
    s
}

/// Human-readable results: one line per case, details of failures, a summary.
pub fn human(results: &[CaseResult], verbose: bool) -> String {
    let mut out = String::new();
    for r in results {
        match &r.status {
            Status::Pass => {
                if verbose {
                    out.push_str(&format!("ok    {} › {}\n", r.file, r.name));
                }
            }
            Status::Fail { failures } => {
                out.push_str(&format!("FAIL  {} › {}\n", r.file, r.name));
                for f in failures {
                    out.push_str(&failure_lines(f, "      "));
                }
            }
            Status::Error { message } => {
                out.push_str(&format!("ERROR {} › {}\n", r.file, r.name));
                for line in message.lines() {
                    out.push_str(&format!("      {line}\n"));
                }
            }
        }
    }
    let t = Totals::of(results);
    out.push_str(&format!(
        "{}: {} passed, {} failed, {} error(s) of {} case(s)\n",
        if t.failed + t.errors == 0 {
            "ok"
        } else {
            "FAILED"
        },
        t.passed,
        t.failed,
        t.errors,
        t.total()
    ));
    out
}

/// The JSON document of `--format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    ok: bool,
    #[serde(flatten)]
    totals: Totals,
    cases: &'a [CaseResult],
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<&'a CoverageReport>,
}

/// `--format json`.
pub fn json(results: &[CaseResult], coverage: Option<&CoverageReport>) -> String {
    let totals = Totals::of(results);
    let report = JsonReport {
        schema_version: 1,
        ok: totals.failed + totals.errors == 0 && totals.total() > 0,
        totals,
        cases: results,
        coverage,
    };
    // Plain data always serializes.
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// Escapes text for XML attributes and content (one implementation with `run --format junit`).
pub use crate::report::ci::xml_escape;

/// `--format junit`: one `<testsuite>` per test file.
pub fn junit(results: &[CaseResult]) -> String {
    let t = Totals::of(results);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"pmo-advisor rules\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        t.total(),
        t.failed,
        t.errors
    ));
    let mut files: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
    files.dedup();
    for file in files {
        let cases: Vec<&CaseResult> = results.iter().filter(|r| r.file == file).collect();
        let ft = Totals::of(&cases.iter().map(|c| (*c).clone()).collect::<Vec<_>>());
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
            xml_escape(file),
            ft.total(),
            ft.failed,
            ft.errors
        ));
        for c in cases {
            let head = format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml_escape(&c.name),
                xml_escape(file)
            );
            match &c.status {
                Status::Pass => out.push_str(&format!("{head}/>\n")),
                Status::Fail { failures } => {
                    let message = failures
                        .iter()
                        .map(|f| format!("{}: expected {}, found {}", f.what, f.expected, f.actual))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let body: String = failures.iter().map(|f| failure_lines(f, "")).collect();
                    out.push_str(&format!(
                        "{head}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                        xml_escape(&message),
                        xml_escape(&body)
                    ));
                }
                Status::Error { message } => out.push_str(&format!(
                    "{head}>\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                    xml_escape(message.lines().next().unwrap_or_default()),
                    xml_escape(message)
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// YAML-safe one-line text for TAP diagnostics.
fn yaml_str(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// `--format tap`: TAP version 13 with a YAML block per failure.
pub fn tap(results: &[CaseResult]) -> String {
    let mut out = format!("TAP version 13\n1..{}\n", results.len());
    for (i, r) in results.iter().enumerate() {
        let name = format!("{} › {}", r.file, r.name).replace('#', "\\#");
        match &r.status {
            Status::Pass => out.push_str(&format!("ok {} - {name}\n", i + 1)),
            Status::Fail { failures } => {
                out.push_str(&format!("not ok {} - {name}\n  ---\n  failures:\n", i + 1));
                for f in failures {
                    out.push_str(&format!(
                        "    - what: {}\n      expected: {}\n      actual: {}\n",
                        yaml_str(&f.what),
                        yaml_str(&f.expected),
                        yaml_str(&f.actual)
                    ));
                    if !f.trace.is_empty() {
                        out.push_str("      trace:\n");
                        for t in &f.trace {
                            out.push_str(&format!("        - {}\n", yaml_str(t)));
                        }
                    }
                }
                out.push_str("  ...\n");
            }
            Status::Error { message } => out.push_str(&format!(
                "not ok {} - {name}\n  ---\n  error: {}\n  ...\n",
                i + 1,
                yaml_str(message)
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> Vec<CaseResult> {
        vec![
            CaseResult {
                file: "t/a.toml".into(),
                name: "good".into(),
                status: Status::Pass,
            },
            CaseResult {
                file: "t/a.toml".into(),
                name: "bad <one> & \"two\"".into(),
                status: Status::Fail {
                    failures: vec![Failure {
                        what: "services.risk_management.priority".into(),
                        expected: "must".into(),
                        actual: "could (score 3)".into(),
                        trace: vec!["score 3 is 40% (rules/20_services.rhai:56)".into()],
                    }],
                },
            },
            CaseResult {
                file: "t/b.toml".into(),
                name: "broken # x".into(),
                status: Status::Error {
                    message: "groups.executive.maturity: 9".into(),
                },
            },
        ]
    }

    #[test]
    fn human_shows_expected_actual_and_why() {
        let text = human(&results(), false);
        assert!(text.contains("FAIL  t/a.toml › bad"), "{text}");
        assert!(text
            .contains("services.risk_management.priority: expected must, found could (score 3)"));
        assert!(text.contains("because score 3 is 40% (rules/20_services.rhai:56)"));
        assert!(!text.contains("good"));
        assert!(
            text.ends_with("FAILED: 1 passed, 1 failed, 1 error(s) of 3 case(s)\n"),
            "{text}"
        );
    }

    #[test]
    fn junit_groups_by_file_and_escapes() {
        let xml = junit(&results());
        assert!(xml.contains(
            "<testsuites name=\"pmo-advisor rules\" tests=\"3\" failures=\"1\" errors=\"1\">"
        ));
        assert!(
            xml.contains("<testsuite name=\"t/a.toml\" tests=\"2\" failures=\"1\" errors=\"0\">")
        );
        assert!(
            xml.contains("name=\"bad &lt;one&gt; &amp; &quot;two&quot;\""),
            "{xml}"
        );
        assert_eq!(xml.matches("<testcase ").count(), 3);
    }

    #[test]
    fn tap_is_version_13_with_yaml_blocks() {
        let text = tap(&results());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            &lines[..3],
            ["TAP version 13", "1..3", "ok 1 - t/a.toml › good"]
        );
        assert!(text.contains("not ok 2 - t/a.toml › bad"));
        assert!(text.contains("not ok 3 - t/b.toml › broken \\# x"));
        assert!(text.contains("      expected: \"must\""));
    }

    #[test]
    fn json_counts_and_lists_cases() {
        let v: serde_json::Value = serde_json::from_str(&json(&results(), None)).unwrap();
        assert_eq!(v["passed"], 1);
        assert_eq!(v["failed"], 1);
        assert_eq!(v["ok"], false);
        assert_eq!(v["cases"][1]["status"], "fail");
        assert_eq!(v["cases"][1]["failures"][0]["expected"], "must");
    }
}
