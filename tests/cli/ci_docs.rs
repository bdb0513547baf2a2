//! The example pipelines of `docs/ci.md` (`docs/ci/*.yml`) run the commands they show: every
//! `pmo-advisor …` command of a `run:` or `script:` line is run with the test binary in a copy
//! of the bundled sample (config, data, rules, catalog), in file order, one copy per file.
//!
//! The scan is line-based: a line whose text, after `- ` and `run:`, starts with
//! `pmo-advisor ` is a command; it ends at a shell `>` (stdout then goes to that file, folders
//! created), `|`, `&&` or ` #`. Placeholders are replaced from `PLACEHOLDERS` (`$VAR`,
//! `${VAR}` and `${{ … }}`); an unknown one fails the test, so the table documents them.
//! Commands that use `origin/<branch>` run in a git repository whose `origin/<branch>` ref is
//! the sample as committed. A subcommand this binary does not have yet is skipped with a note
//! (`SKIPPED_UNTIL_BUILT`); once it exists, it runs like the others.

use std::path::Path;
use std::process::Command;

use crate::support::{root, Case};

/// Placeholder values in the examples.
const PLACEHOLDERS: &[(&str, &str)] = &[("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")];

/// Matrix variables: a command using one runs once per value, in order, as the matrix's
/// runners would (here one after the other in the same folder).
const MATRIX: &[(&str, &[&str])] = &[("SHARD", &["1", "2", "3"])];

/// Subcommands the docs use that may not be built yet; skipped while `--help` fails.
const SKIPPED_UNTIL_BUILT: &[&str] = &["diff", "history", "merge"];

/// The exit code each command must end with on the bundled sample: 1 with `--fail-on`
/// (the sample has critical alerts, so the gate fails by design, as docs/ci.md says), else 0.
fn expected_code(args: &[String]) -> i32 {
    if args.iter().any(|a| a == "--fail-on") {
        1
    } else {
        0
    }
}

/// One command: its arguments (after `pmo-advisor`) and where its stdout goes.
#[derive(Debug)]
struct Step {
    line: usize,
    args: Vec<String>,
    stdout_to: Option<String>,
}

fn substitute(text: &str, file: &str, line: usize) -> String {
    let mut out = text.to_string();
    if let Some(start) = out.find("${{") {
        let end = out[start..].find("}}").map_or(out.len(), |e| start + e + 2);
        panic!(
            "{file}:{line}: no value for placeholder {}",
            &out[start..end]
        );
    }
    for (name, value) in PLACEHOLDERS {
        out = out
            .replace(&format!("${{{name}}}"), value)
            .replace(&format!("${name}"), value);
    }
    assert!(
        !out.contains('$'),
        "{file}:{line}: unknown placeholder in {out:?} (add it to PLACEHOLDERS)"
    );
    out
}

/// Every `pmo-advisor` command of a workflow file, in order.
fn steps(file: &str, text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut t = raw.trim();
        t = t.strip_prefix("- ").unwrap_or(t).trim();
        t = t.strip_prefix("run:").unwrap_or(t).trim();
        if !t.starts_with("pmo-advisor ") {
            continue;
        }
        let variants: Vec<String> = match MATRIX
            .iter()
            .find(|(name, _)| t.contains(&format!("${name}")))
        {
            Some((name, values)) => values
                .iter()
                .map(|v| t.replace(&format!("${name}"), v))
                .collect(),
            None => vec![t.to_string()],
        };
        for t in variants {
            steps.push(step(&t, file, i + 1));
        }
    }
    steps
}

/// One command line (after `pmo-advisor`), placeholders substituted and the shell cut off.
fn step(t: &str, file: &str, line: usize) -> Step {
    {
        let t = substitute(t, file, line);
        let cut = ["|", "&&", " #"]
            .iter()
            .filter_map(|op| t.find(op))
            .min()
            .unwrap_or(t.len());
        let command = &t[..cut];
        let (command, stdout_to) = match command.split_once('>') {
            Some((c, path)) => (c, Some(path.trim().trim_matches('"').to_string())),
            None => (command, None),
        };
        let args: Vec<String> = command
            .split_whitespace()
            .skip(1)
            .map(|a| a.trim_matches('"').to_string())
            .collect();
        Step {
            line,
            args,
            stdout_to,
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

fn subcommand_exists(name: &str) -> bool {
    Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
        .args([name, "--help"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs every command of one example file; returns the scratch folder, how many commands ran
/// and which were skipped.
fn exercise(rel: &str) -> (Case, usize, Vec<String>) {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let steps = steps(rel, &text);
    assert!(!steps.is_empty(), "{rel}: no pmo-advisor command found");
    let case = Case::sample();
    let needs_git = |s: &Step| s.args.iter().any(|a| a.starts_with("origin/"));
    let has_git = Command::new("git").arg("--version").output().is_ok();
    if !has_git && steps.iter().any(needs_git) {
        eprintln!(
            "{rel}: git is not installed; the commands comparing with origin/<branch> are skipped"
        );
    }
    if has_git && steps.iter().any(needs_git) {
        git(case.path(), &["init", "-q"]);
        git(case.path(), &["add", "-A"]);
        git(case.path(), &["commit", "-q", "-m", "sample"]);
        git(
            case.path(),
            &["update-ref", "refs/remotes/origin/main", "HEAD"],
        );
    }
    let (mut ran, mut skipped) = (0, Vec::new());
    for step in &steps {
        if !has_git && needs_git(step) {
            skipped.push(format!("{rel}:{} (no git)", step.line));
            continue;
        }
        let name = step.args.first().cloned().unwrap_or_default();
        if SKIPPED_UNTIL_BUILT.contains(&name.as_str()) && !subcommand_exists(&name) {
            eprintln!("{rel}:{}: skipped until `{name}` exists", step.line);
            skipped.push(format!(
                "{rel}:{} pmo-advisor {}",
                step.line,
                step.args.join(" ")
            ));
            continue;
        }
        let output = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
            .current_dir(case.path())
            .args(&step.args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let expected = expected_code(&step.args);
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{rel}:{}: pmo-advisor {}\n--- stdout\n{}\n--- stderr\n{}",
            step.line,
            step.args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if let Some(path) = &step.stdout_to {
            let target = case.path().join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &output.stdout).unwrap();
        }
        ran += 1;
    }
    (case, ran, skipped)
}

#[test]
fn github_quarterly_workflow_runs_and_writes_its_outputs() {
    let (case, ran, _) = exercise("docs/ci/github-quarterly.yml");
    assert_eq!(ran, 1);
    for out in [
        "ci/junit.xml",
        "ci/pmo-advisor.sarif",
        "ci/summary.md",
        "ci/run.json",
    ] {
        assert!(!case.read(out).is_empty(), "{out}");
    }
    assert!(case.path().join("reports/2026-Q3/manifest.json").is_file());
}

#[test]
fn github_rules_workflow_commands_run() {
    let (_, ran, skipped) = exercise("docs/ci/github-rules-pr.yml");
    assert!(ran >= 2, "check and test at least; skipped {skipped:?}");
}

#[test]
fn gitlab_pipeline_commands_run() {
    let (_, ran, skipped) = exercise("docs/ci/gitlab-ci.yml");
    assert!(
        ran >= 3,
        "check, test and run at least; skipped {skipped:?}"
    );
}

#[test]
fn github_sharded_workflow_merges_into_the_unsharded_result() {
    let (case, ran, skipped) = exercise("docs/ci/github-sharded.yml");
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(ran, 5, "three shards, merge, history");
    let merged: serde_json::Value =
        serde_json::from_str(&case.read("reports/2026-Q3/manifest.json")).unwrap();
    assert!(merged.get("shard").is_none());
    assert_eq!(merged["outputs"].as_array().unwrap().len(), 7);
    // The same commit, unsharded, writes the same bytes.
    case.run_with(&["run", "--out", "whole"]).expect_code(0);
    for name in ["manifest.json", "summary.md", "lumen-software.pdf"] {
        assert!(
            case.bytes(&format!("reports/2026-Q3/{name}"))
                == case.bytes(&format!("whole/2026-Q3/{name}")),
            "{name} differs"
        );
    }
}

#[test]
fn the_scan_finds_commands_redirects_and_placeholders() {
    let text = "steps:\n  - run: pmo-advisor check --format github\n    run: |\n      pmo-advisor test --format junit > ci/t.xml\n  script:\n    - pmo-advisor diff --rules-base origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME --format markdown > \"ci/d.md\"\n    - echo pmo-advisor\n";
    let steps = steps("x.yml", text);
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[0].args, ["check", "--format", "github"]);
    assert_eq!(steps[1].stdout_to.as_deref(), Some("ci/t.xml"));
    assert_eq!(steps[2].args[2], "origin/main");
    assert_eq!(steps[2].stdout_to.as_deref(), Some("ci/d.md"));
    let matrix =
        super::ci_docs::steps("x.yml", "      run: pmo-advisor run --shard \"$SHARD/3\"\n");
    let shards: Vec<&str> = matrix.iter().map(|s| s.args[2].as_str()).collect();
    assert_eq!(shards, ["1/3", "2/3", "3/3"]);
}
