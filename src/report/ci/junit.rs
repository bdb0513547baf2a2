//! JUnit XML of a run, for CI test dashboards: one `<testsuite>` per organization holding a
//! test case for the organization (its headline in `<system-out>`) and one per alert, and a
//! `gates` suite with one test case per gate.
//!
//! Warning and critical alerts are failures (so dashboards list them); info alerts pass with
//! their text in `<system-out>`. A failed gate is a failure too. No timings: the file is
//! byte-stable for the same run.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::headline::{Headline, HeadlineAlert};
use crate::model::recommendation::AlertLevel;
use crate::model::service::Priority;
use crate::report::ci::{CiResults, Gate, TOOL_NAME};

/// Escapes text for XML attributes and content (shared with `pmo-advisor test --format junit`).
pub fn xml_escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

/// One `<testcase>`: its name and, when not a plain pass, a failure or a `system-out` text.
struct Case {
    name: String,
    failure: Option<(String, String, String)>,
    out: Option<String>,
}

/// The whole document.
pub(super) fn render(run: &CiResults<'_>) -> String {
    let mut suites: Vec<(String, Vec<Case>)> = run
        .headlines
        .iter()
        .map(|h| (h.organization.to_string(), organization_cases(h)))
        .collect();
    if !run.gates.is_empty() {
        suites.push(("gates".into(), run.gates.iter().map(gate_case).collect()));
    }
    let tests: usize = suites.iter().map(|(_, cases)| cases.len()).sum();
    let failures = |cases: &[Case]| cases.iter().filter(|c| c.failure.is_some()).count();
    let failed: usize = suites.iter().map(|(_, cases)| failures(cases)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{} {}\" tests=\"{tests}\" failures=\"{failed}\" errors=\"0\">",
        TOOL_NAME, run.ctx.period
    );
    for (suite, cases) in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            xml_escape(suite),
            cases.len(),
            failures(cases)
        );
        for case in cases {
            write_case(&mut out, suite, case);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn write_case(out: &mut String, suite: &str, case: &Case) {
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        xml_escape(&case.name),
        xml_escape(suite)
    );
    if case.failure.is_none() && case.out.is_none() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if let Some((kind, message, body)) = &case.failure {
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            xml_escape(kind),
            xml_escape(message),
            xml_escape(body)
        );
    }
    if let Some(text) = &case.out {
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml_escape(text));
    }
    out.push_str("    </testcase>\n");
}

/// The organization's own case (headline) and one case per alert, with unique names.
fn organization_cases(h: &Headline) -> Vec<Case> {
    let count = |p: Priority| h.services_at(p).count();
    let headline = format!(
        "{} respondents; {} scope, {} PMO; {} must, {} should, {} could; {} alert(s)",
        h.respondents,
        h.scope.as_str(),
        h.control.as_str(),
        count(Priority::Must),
        count(Priority::Should),
        count(Priority::Could),
        h.alerts.len()
    );
    let mut cases = vec![Case {
        name: "recommendation".into(),
        failure: None,
        out: Some(headline),
    }];
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for alert in &h.alerts {
        let mut name = alert_name(alert);
        let n = seen.entry(name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            name = format!("{name} #{n}");
        }
        cases.push(alert_case(name, alert));
    }
    cases
}

/// `alert critical low_satisfaction (executive)`.
fn alert_name(alert: &HeadlineAlert) -> String {
    let mut name = format!("alert {} {}", alert.level.as_str(), alert.code());
    if let Some(group) = alert.group {
        let _ = write!(name, " ({})", group.as_str());
    }
    name
}

fn alert_case(name: String, alert: &HeadlineAlert) -> Case {
    let mut text = alert.text().to_string();
    if let Some(rule) = &alert.rule {
        let _ = write!(
            text,
            "\nraised by {}:{}:{}",
            rule.file, rule.line, rule.column
        );
    }
    if alert.level >= AlertLevel::Warning {
        Case {
            name,
            failure: Some((
                alert.level.as_str().to_string(),
                alert.text().to_string(),
                text,
            )),
            out: None,
        }
    } else {
        Case {
            name,
            failure: None,
            out: Some(text),
        }
    }
}

fn gate_case(gate: &Gate) -> Case {
    Case {
        name: format!("{} {}", gate.name, gate.threshold),
        failure: (!gate.passed)
            .then(|| ("gate".into(), gate.message.clone(), gate.message.clone())),
        out: gate.passed.then(|| gate.message.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ci::fixture::with_sample;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot; "
        );
    }

    #[test]
    fn one_case_per_organization_alert_and_gate() {
        with_sample(|run| {
            let xml = render(run);
            let alerts: usize = run.headlines.iter().map(|h| h.alerts.len()).sum();
            let serious: usize = run
                .results
                .iter()
                .flat_map(|(_, r)| &r.alerts)
                .filter(|a| a.level >= AlertLevel::Warning)
                .count();
            let tests = run.results.len() + alerts + run.gates.len();
            assert_eq!(xml.matches("<testcase ").count(), tests);
            assert!(xml.contains(&format!(
                "tests=\"{tests}\" failures=\"{}\" errors=\"0\">",
                serious + 1
            )));
            assert!(xml.contains("<testsuite name=\"gates\" tests=\"2\" failures=\"1\""));
            assert!(xml.contains("name=\"max-rejected-rows 2%\""), "{xml}");
        });
    }
}
