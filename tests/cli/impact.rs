//! `pmo-advisor diff --rules-base`: the same inputs through two versions of the rules, the
//! changed recommendations, and the rule lines behind them.

use std::process::Command;

use crate::diff::pmo;
use crate::support::{copy_dir, Case};

const CUTOFF: &str = "must: params.must_cutoff";

/// The sample with the original rules copied to `rules-base/` and the `must` cutoff of
/// `rules/20_services.rhai` lowered; returns the 1-based line edited.
fn lowered_must_cutoff(case: &Case) -> u32 {
    copy_dir(&case.path().join("rules"), &case.path().join("rules-base"));
    edit_cutoff(case)
}

fn edit_cutoff(case: &Case) -> u32 {
    let path = case.path().join("rules/20_services.rhai");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains(CUTOFF))
        .expect("the cutoff line")
        + 1;
    std::fs::write(&path, text.replace(CUTOFF, "must: 0.6")).unwrap();
    line as u32
}

#[test]
fn a_lowered_threshold_raises_services_and_names_the_changed_line() {
    let case = Case::sample();
    let line = lowered_must_cutoff(&case);
    let doc = impact_json(&case, "rules-base");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["base"], "rules-base");
    assert_eq!(doc["head"], "rules");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["file"], "20_services.rhai");
    assert_eq!(files[0]["status"], "modified");
    assert_eq!(files[0]["head_lines"], serde_json::json!([line]));

    // Priorities move, only upward to `must`; the profile's lean may follow them.
    let kinds = doc["diff"]["kinds"].as_array().unwrap();
    assert!(kinds.contains(&serde_json::json!("priority")), "{kinds:?}");
    assert!(
        kinds.iter().all(|k| k == "priority" || k == "profile"),
        "{kinds:?}"
    );
    // More musts may push another service out of a focused portfolio (crisis, kickoff):
    // those fall, but every move comes from the changed line and no score moves.
    let (mut raised, mut moved) = (0, 0);
    for org in doc["diff"]["organizations"].as_array().unwrap() {
        for p in org["priorities"].as_array().unwrap() {
            assert_eq!(p["score"]["base"], p["score"]["head"], "scores do not move");
            if p["direction"] == "rose" {
                assert_eq!(p["priority"]["head"], "must");
                raised += 1;
            }
            moved += 1;
        }
    }
    assert!(raised > 0);
    let decisions = doc["decisions"].as_array().unwrap();
    assert!(decisions.len() >= moved, "{} < {moved}", decisions.len());
    let mut caused = 0;
    for d in decisions {
        // A service pushed out of a focused portfolio names the focus rule, not the edit.
        if !d["decision"].as_str().unwrap().starts_with("service ")
            || d["caused_by_changed_rule"] != true
        {
            continue;
        }
        caused += 1;
        let changed: Vec<&serde_json::Value> = d["head_rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["changed"] == true)
            .collect();
        assert_eq!(changed.len(), 1, "{d}");
        assert_eq!(changed[0]["file"], "20_services.rhai");
        assert_eq!(changed[0]["line"], line);
    }
    assert!(caused >= raised, "{caused} < {raised}");

    let text = pmo(&case, &["diff", "--rules-base", "rules-base", "-q"])
        .expect_code(0)
        .stdout();
    assert!(
        text.starts_with("Rule change impact: rules-base → rules\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "20_services.rhai (modified: base lines {line}; head lines {line})"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("rules/20_services.rhai:{line} (changed)")),
        "{text}"
    );
    assert!(text.contains("rose from should to must"), "{text}");

    let md = pmo(
        &case,
        &[
            "diff",
            "--rules-base",
            "rules-base",
            "--format",
            "markdown",
            "-q",
        ],
    )
    .expect_code(0)
    .stdout();
    assert!(
        md.starts_with("## Rule change impact: rules-base → rules\n"),
        "{md}"
    );
    assert!(md.contains("| 20\\_services.rhai | modified |"), "{md}");
    assert!(md.contains("### Changes from rules-base to rules"), "{md}");

    pmo(
        &case,
        &[
            "diff",
            "--rules-base",
            "rules-base",
            "--fail-on-change",
            "priority",
            "-q",
        ],
    )
    .expect_code(1);
    pmo(
        &case,
        &[
            "diff",
            "--rules-base",
            "rules-base",
            "--fail-on-change",
            "approach",
            "-q",
        ],
    )
    .expect_code(0);
    // The same rules on both sides: no difference at all.
    let same = pmo(&case, &["diff", "--rules-base", "rules", "-q"])
        .expect_code(0)
        .stdout();
    assert!(
        same.contains("No rule file differs.") && same.contains("No change."),
        "{same}"
    );
}

#[test]
fn a_git_revision_is_read_with_git() {
    if !git_available() {
        return;
    }
    let case = Case::sample();
    git(&case, &["init", "-q"]);
    git(&case, &["add", "rules"]);
    git(&case, &["commit", "-q", "-m", "rules"]);
    let line = edit_cutoff(&case);
    let doc = impact_json(&case, "HEAD");
    assert_eq!(doc["base"], "HEAD:rules");
    assert_eq!(
        doc["files"].as_array().unwrap().len(),
        1,
        "{}",
        doc["files"]
    );
    assert_eq!(doc["files"][0]["head_lines"], serde_json::json!([line]));
    assert!(!doc["decisions"].as_array().unwrap().is_empty());

    let unknown = pmo(&case, &["diff", "--rules-base", "no-such-rev", "-q"]).expect_code(2);
    assert!(
        unknown
            .stderr()
            .contains("git cannot read it as a revision"),
        "{}",
        unknown.stderr()
    );
}

/// Whether git is on PATH (tests that need it say so and pass when it is not).
fn git_available() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        println!("skipped: git is not on PATH");
    }
    found
}

/// Runs git in the case's folder (a fixed author, so commits work anywhere).
fn git(case: &Case, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(case.path())
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `diff --rules-base BASE --format json -q` as printed, exit code 0.
fn impact_text(case: &Case, base: &str) -> String {
    pmo(
        case,
        &["diff", "--rules-base", base, "--format", "json", "-q"],
    )
    .expect_code(0)
    .stdout()
}

/// `impact_text`, parsed.
fn impact_json(case: &Case, base: &str) -> serde_json::Value {
    serde_json::from_str(&impact_text(case, base)).unwrap()
}

#[test]
fn issue_14_a_param_changed_in_the_config_is_compared_with_the_base_revision() {
    if !git_available() {
        return;
    }
    let case = Case::sample();
    git(&case, &["init", "-q"]);
    git(&case, &["add", "rules", "pmo-advisor.toml"]);
    git(&case, &["commit", "-q", "-m", "rules"]);
    let case = case.edit("pmo-advisor.toml", |t| {
        t + "\n[rules.params]\nmust_cutoff = 0.6\n"
    });
    let doc = impact_json(&case, "HEAD");
    assert_eq!(doc["files"], serde_json::json!([]));
    assert_eq!(
        doc["params"],
        serde_json::json!([{ "name": "must_cutoff", "base": 0.75, "head": 0.6 }])
    );
    assert_eq!(doc["nothing_differs"], false);
    assert!(!doc["decisions"].as_array().unwrap().is_empty());

    let text = pmo(&case, &["diff", "--rules-base", "HEAD", "-q"])
        .expect_code(0)
        .stdout();
    assert!(
        text.contains("No rule file differs.\nParams that differ (base → head):\n  - must_cutoff: 0.75 → 0.6\n"),
        "{text}"
    );
}

#[test]
fn issue_14_a_changed_table_row_is_named_behind_the_changes() {
    let case = Case::sample();
    copy_dir(&case.path().join("rules"), &case.path().join("rules-base"));
    let case = case.edit("rules/tables/approach_by_maturity.csv", |t| {
        t.replace(">= 2.5,facilitative,3", ">= 2.5,directive,3")
    });
    let doc = impact_json(&case, "rules-base");
    assert_eq!(doc["files"][0]["file"], "tables/approach_by_maturity.csv");
    let rows = doc["table_rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "{doc}");
    assert!(
        rows.iter()
            .all(|r| r["file"] == "tables/approach_by_maturity.csv"
                && r["line"] == 8
                && r["side"] == "both"
                && r["changed"] == true),
        "{rows:?}"
    );
    let text = pmo(&case, &["diff", "--rules-base", "rules-base", "-q"])
        .expect_code(0)
        .stdout();
    assert!(
        text.contains("Decision-table rows behind the changes (changed = the line differs):\n"),
        "{text}"
    );
    assert!(
        text.contains(" tables/approach_by_maturity.csv:8 (both, changed)\n"),
        "{text}"
    );
}

#[test]
fn issue_14_nothing_differs_is_said_plainly() {
    let case = Case::sample();
    let text = pmo(&case, &["diff", "--rules-base", "rules", "-q"])
        .expect_code(0)
        .stdout();
    let second = text.lines().nth(1).unwrap_or_default();
    assert!(
        second.starts_with("Nothing differs: ")
            && second.ends_with(
                " param(s) and the results of 3 organization(s) are the same under both versions."
            ),
        "{text}"
    );
    assert!(text.contains("No param differs ("), "{text}");
    let doc = impact_json(&case, "rules");
    assert_eq!(doc["nothing_differs"], true);
    assert_eq!(doc["compared"]["organizations"], 3);
    assert_eq!(doc["params"], serde_json::json!([]));
}

#[test]
fn the_replay_gives_the_same_impact_on_one_thread_and_on_several() {
    // The replay runs organizations on every core (issue 16); the order of its results, and
    // so every byte of the impact, must not depend on how many there are.
    let case = Case::sample();
    lowered_must_cutoff(&case);
    // The later setting of a variable wins.
    let case = case.env("RAYON_NUM_THREADS", "1");
    let one = impact_text(&case, "rules-base");
    assert!(one.contains("\"organization\""), "{one}");
    let case = case.env("RAYON_NUM_THREADS", "3");
    assert_eq!(one, impact_text(&case, "rules-base"));
}
