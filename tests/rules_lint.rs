//! Lint fixtures: every `tests/rules/*.rhai` file states what `check` must report about it in
//! comments such as `// expect warning L001 at 4:12`. The harness adds each fixture to a copy
//! of the sample set-up as `rules/99_fixture.rhai`, runs `pmo-advisor check --format json`, and
//! compares the lint (`L…`) and syntax (`R01…`) diagnostics located in the fixture with the
//! expectations: nothing missing, nothing extra.

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use support::{root, Case};

type Expectation = (String, String, u64, u64);

/// `// expect error L001 at 3:15` → ("error", "L001", 3, 15).
fn expectations(text: &str) -> BTreeSet<Expectation> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("// expect "))
        .map(|rest| {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            assert!(
                parts.len() == 4 && parts[2] == "at",
                "bad expectation: {rest}"
            );
            let (line, col) = parts[3].split_once(':').expect("line:column");
            (
                parts[0].to_string(),
                parts[1].to_string(),
                line.parse().unwrap(),
                col.parse().unwrap(),
            )
        })
        .collect()
}

fn reported(fixture: &str) -> BTreeSet<Expectation> {
    let case = Case::sample().file("rules/99_fixture.rhai", fixture);
    let output = case.run_with(&["check", "--format", "json"]).output;
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let mut out = BTreeSet::new();
    for list in ["errors", "warnings"] {
        for d in v[list].as_array().unwrap() {
            let code = d["code"].as_str().unwrap();
            let loc = &d["location"];
            if loc["file"] != "rules/99_fixture.rhai"
                || !(code.starts_with('L') || code.starts_with("R01"))
            {
                continue;
            }
            out.insert((
                d["severity"].as_str().unwrap().to_string(),
                code.to_string(),
                loc["line"].as_u64().unwrap(),
                loc["column"].as_u64().unwrap(),
            ));
        }
    }
    out
}

#[test]
fn lint_fixtures_report_exactly_what_they_expect() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "fixtures missing");
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let expected = expectations(&text);
        assert!(
            !expected.is_empty(),
            "{} states no expectation",
            file.display()
        );
        let got = reported(&text);
        if got != expected {
            failures.push(format!(
                "{}:\n  missing: {:?}\n  unexpected: {:?}",
                file.display(),
                expected.difference(&got).collect::<Vec<_>>(),
                got.difference(&expected).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn expectation_comments_parse() {
    let e = expectations("x\n// expect warning L005 at 10:5\n");
    assert_eq!(
        e.into_iter().collect::<Vec<_>>(),
        [("warning".into(), "L005".into(), 10, 5)]
    );
}
