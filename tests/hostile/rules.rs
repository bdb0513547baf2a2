//! Hostile rule scripts (issue 11, items 1, 2, 3, 6, 7, 9 and 14): huge numbers, import cycles,
//! deep nesting, amplification, endless loops on many organizations, links out of `rules/`.

use std::time::{Duration, Instant};

use crate::{assert_short_lines, tiny, HARMLESS};

#[test]
fn issue_11_huge_points_are_a_rule_error_not_a_panic() {
    for points in ["1e300", "1e12", "1000001"] {
        let script = format!("add_scores([\"risk_management\"], {points}, \"regulated\");\n");
        let run = tiny(&script).args(["run"]).run().expect_code(3);
        let stderr = run.stderr();
        assert!(stderr.contains("R040"), "{stderr}");
        assert!(stderr.contains("rules/10_rule.rhai:1"), "{stderr}");
        assert_short_lines(&stderr, 300);
    }
}

#[test]
fn issue_11_scores_summed_past_the_range_are_a_rule_error() {
    let script = "for i in 0..100 { add_score(\"risk_management\", 900000, \"again\"); }\n";
    let stderr = tiny(script).args(["run"]).run().expect_code(3).stderr();
    assert!(
        stderr.contains("the score of `risk_management` would reach"),
        "{stderr}"
    );
}

#[test]
fn issue_11_an_import_cycle_is_reported_by_run_and_check() {
    let case = tiny("import \"lib/a\" as a;\n")
        .file(
            "rules/lib/a.rhai",
            "import \"lib/b\" as b;\nfn fa() { 1 }\n",
        )
        .file(
            "rules/lib/b.rhai",
            "import \"lib/a\" as a;\nfn fb() { 2 }\n",
        );
    for command in ["run", "check"] {
        let run = case.run_with(&[command]).expect_code(3);
        let stderr = run.stderr();
        assert!(
            stderr.contains("import cycle: lib/a.rhai → lib/b.rhai → lib/a.rhai"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn issue_11_deep_nesting_under_check_is_a_depth_error_with_a_short_frame() {
    let deep = format!("let x = {}1{};\n", "(".repeat(100_000), ")".repeat(100_000));
    let run = tiny(&deep).args(["check"]).run().expect_code(3);
    let stderr = run.stderr();
    assert!(
        stderr.contains("R053"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    // Code frames show a window of the 200k-character line.
    assert_short_lines(&stderr, 300);
}

#[test]
fn issue_11_a_failing_rule_stops_the_run_at_the_first_organization() {
    let mut csv = String::from("respondent_id,organization,customer_group,pm_maturity\n");
    for i in 0..400 {
        csv.push_str(&format!("R{i},org-{i:03},executive,3\n"));
    }
    let case = tiny("while true { }\n").file("many.csv", &csv);
    let started = Instant::now();
    let run = case
        .run_with(&["run", "--customers", "many.csv"])
        .expect_code(3);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    let stderr = run.stderr();
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    assert!(
        stderr.contains("while evaluating organization `org-"),
        "{stderr}"
    );
    assert!(
        stderr.contains("other organizations were not evaluated"),
        "{stderr}"
    );
    // `check` stops as early.
    let run = case
        .run_with(&["check", "--customers", "many.csv"])
        .expect_code(3);
    assert_eq!(
        run.stderr().matches("error[R05").count(),
        1,
        "{}",
        run.stderr()
    );
}

/// A rule building a 60 KB string `s`, then running `then`.
fn with_big_string(then: &str) -> String {
    format!("let s = \"a\";\nwhile s.len() < 60000 {{ s += \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"; }}\n{then}\n")
}

#[test]
fn issue_11_replace_join_pad_and_templates_check_the_size_before_building() {
    for then in [
        // Rhai's own `pad` and string templates were already bounded; pinned with the rest.
        "let t = s.pad(2000000000, \"y\");",
        "let a = []; a.pad(2000000000, 1);",
        "let t = `${s}${s}${s}`;",
        "let t = s; t.replace(\"a\", s);",
        "let t = s; t.replace('a', s);",
        "let t = s; t.replace(\"\", s);",
        "let parts = []; for i in 0..1000 { parts.push(\"x\"); } let j = join(parts, s);",
        "let parts = [s, s]; let j = join_list(parts);",
    ] {
        let started = Instant::now();
        let run = tiny(&with_big_string(then))
            .args(["check"])
            .run()
            .expect_code(3);
        let stderr = run.stderr();
        assert!(stderr.contains("R054"), "{then}: {stderr}");
        assert!(started.elapsed() < Duration::from_secs(20), "{then}");
    }
}

#[test]
fn issue_11_reasons_and_decisions_are_capped_per_organization() {
    let long = with_big_string("add_score(\"risk_management\", 1, s);");
    let stderr = tiny(&long).args(["check"]).run().expect_code(3).stderr();
    assert!(
        stderr.contains("a reason is a sentence of at most 4096 bytes"),
        "{stderr}"
    );
    assert_short_lines(&stderr, 300);

    let many = "loop { add_score(\"risk_management\", 0, \"again and again\"); }\n";
    let stderr = tiny(many).args(["check"]).run().expect_code(3).stderr();
    assert!(stderr.contains("more than 10000 decisions"), "{stderr}");

    let repeated = with_big_string(
        "let r = sub_string(s, 0, 4000); loop { add_score(\"risk_management\", 0, r); }",
    );
    let stderr = tiny(&repeated)
        .args(["check"])
        .run()
        .expect_code(3)
        .stderr();
    assert!(
        stderr.contains("the reasons of one organization exceed 1024 KiB"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn issue_11_links_out_of_the_rules_folder_are_refused_without_their_content() {
    let secret = "SECRET-TOKEN-LINE = 42;\n";
    let case = tiny(HARMLESS).file("outside/secret.rhai", secret);
    let target = case.path().join("outside/secret.rhai");
    let link = |name: &str| {
        let path = case.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&target, path).unwrap();
    };
    link("rules/20_link.rhai");
    link("rules/tables/table.csv");
    link("rules/lib/mod.rhai");
    let case = case.file("rules/30_import.rhai", "import \"lib/mod\" as m;\n");
    for command in ["check", "run"] {
        let run = case.run_with(&[command]).expect_code(3);
        let stderr = run.stderr();
        assert!(!stderr.contains("SECRET"), "{command}: {stderr}");
        assert!(
            stderr.contains("outside the rules folder"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn issue_11_the_largest_scores_render_a_bounded_report() {
    let script = "add_score(\"risk_management\", 1000000, \"the most there is\");\nadd_score(\"audit_assessments\", -1000000, \"the least\");\n";
    let case = tiny(script);
    case.run_with(&["run"]).expect_code(0);
    let pdf = case.bytes("reports/2026-Q3/lumen-software.pdf");
    assert!(pdf.len() < 2_000_000, "{} bytes", pdf.len());
}

#[test]
fn issue_11_every_limit_error_names_its_script_line() {
    let cases = [
        // A long time budget: under a loaded machine 2 million operations may take a second.
        (
            "R050",
            "let i = 0;\nloop { i += 1; }\n",
            "\n[limits]\ntime_budget_ms = 60000\n",
        ),
        (
            "R051",
            "let i = 0;\nloop { i += 1; }\n",
            "\n[limits]\nmax_operations = 1000000000\ntime_budget_ms = 10\n",
        ),
        ("R052", "fn f(n) { f(n + 1) }\nf(0);\n", ""),
        (
            "R053",
            "let x = 1;\nlet y = ((((((((((1))))))))));\n",
            "\n[limits]\nmax_expr_depth = 5\n",
        ),
        ("R054", "let s = \"x\";\nloop { s += s; }\n", ""),
        (
            "R055",
            "let x = 1;\nimport \"lib/m\" as m;\n",
            "\n[limits]\nmax_modules = 0\n",
        ),
    ];
    for (code, script, limits) in cases {
        let case = tiny(script)
            .file("rules/lib/m.rhai", "fn f() { 1 }\n")
            .file("pmo-advisor.toml", &format!("{}{limits}", crate::CONFIG));
        let stderr = case.run_with(&["check"]).expect_code(3).stderr();
        assert!(
            stderr.contains(&format!("error[{code}]: rules/10_rule.rhai:2:")),
            "{code}: {stderr}"
        );
    }
}

#[test]
fn issue_11_many_large_variables_hit_the_memory_budget() {
    // Each value is under max_string_size; their sum is not limited by Rhai.
    let mut script = with_big_string("");
    for i in 0..5000 {
        script.push_str(&format!("let v{i} = s + \"{i}\";\n"));
    }
    let run = tiny(&script)
        .file(
            "pmo-advisor.toml",
            &format!("{}\n[limits]\ntime_budget_ms = 60000\n", crate::CONFIG),
        )
        .args(["check"])
        .run()
        .expect_code(3);
    let stderr = run.stderr();
    assert!(stderr.contains("R056"), "{stderr}");
    assert!(
        stderr.contains("memory budget of 128 MiB exceeded"),
        "{stderr}"
    );
}
