//! `pmo-advisor explain`: the chain of decisions for one organization, text and JSON, and the
//! usage errors (exit code 2) for unknown names.

use crate::support::Case;

#[test]
fn explains_a_service_with_inputs_reasons_and_rule_locations() {
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--service",
            "risk_management",
        ])
        .run()
        .expect_code(0);
    let out = run.stdout();
    assert!(out.starts_with("northwind-health\n"), "{out}");
    assert!(out.contains("baseline.industry = healthcare"), "{out}");
    assert!(out.contains("\nservice:\n  risk_management: "), "{out}");
    assert!(
        out.contains("customers rank reduction of risk exposure"),
        "{out}"
    );
    assert!(out.contains("(rules/20_services.rhai:"), "{out}");
    // Approaches per group for that service, from the decision tables.
    assert!(out.contains("\napproach:\n"), "{out}");
    assert!(
        out.contains("tables/approach_by_maturity.csv line"),
        "{out}"
    );
    // Other services are left out.
    assert!(!out.contains("portfolio_management:"), "{out}");
}

#[test]
fn json_lists_inputs_and_steps_in_pipeline_order() {
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "lumen-software",
            "--format",
            "json",
        ])
        .run()
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(v["organization"], "lumen-software");
    assert!(!v["inputs"].as_array().unwrap().is_empty());
    let stages: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    let order = ["outcomes", "service", "approach", "profile", "alert"];
    let ranks: Vec<usize> = stages
        .iter()
        .map(|s| order.iter().position(|o| o == s).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{stages:?}");
    assert_eq!(stages.iter().filter(|s| **s == "service").count(), 26);
    let service = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "service")
        .unwrap();
    assert!(service["because"][0]["rule"]
        .as_str()
        .unwrap()
        .starts_with("rules/"));
}

#[test]
fn a_group_focus_shows_that_group_only() {
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--group",
            "executive",
            "--format",
            "json",
        ])
        .run()
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let steps = v["steps"].as_array().unwrap();
    assert!(steps
        .iter()
        .filter(|s| s["stage"] == "approach")
        .all(|s| s["subject"] == "executive"));
    assert!(steps.iter().any(|s| s["stage"] == "approach"));
    assert!(!steps.iter().any(|s| s["stage"] == "service"));
    assert!(steps
        .iter()
        .filter(|s| s["stage"] == "outcomes")
        .all(|s| s["subject"].as_str().unwrap().starts_with("executive / ")));
}

#[test]
fn unknown_names_exit_2_with_did_you_mean() {
    let run = Case::sample()
        .args(["explain", "--organization", "northwind-healt"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr()
            .contains("unknown organization `northwind-healt`"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("did you mean `northwind-health`?"),
        "{}",
        run.stderr()
    );
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--group",
            "executiv",
        ])
        .run()
        .expect_code(2);
    assert!(
        run.stderr().contains("did you mean `executive`?"),
        "{}",
        run.stderr()
    );
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--service",
            "risk_managment",
        ])
        .run()
        .expect_code(2);
    assert!(
        run.stderr().contains("did you mean `risk_management`?"),
        "{}",
        run.stderr()
    );
    let run = Case::sample().args(["explain"]).run().expect_code(2);
    assert!(run.stderr().contains("--organization"), "{}", run.stderr());
}

#[test]
fn a_broken_rule_exits_3() {
    Case::sample()
        .file("rules/91_a.rhai", "recommend(\"nope\", \"must\", \"x\");\n")
        .args(["explain", "--organization", "northwind-health"])
        .run()
        .expect_code(3);
}

/// The 1-based line of the first line of `rules/20_services.rhai` containing `text`.
fn services_line(text: &str) -> usize {
    let script =
        std::fs::read_to_string(crate::support::root().join("rules/20_services.rhai")).unwrap();
    script.lines().position(|l| l.contains(text)).unwrap() + 1
}

#[test]
fn issue_14_every_line_behind_a_service_with_points_overrides_and_why_not() {
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--service",
            "resource_management",
        ])
        .run()
        .expect_code(0);
    let out = run.stdout();
    let rank = services_line("rank_services(");
    let focus = services_line("focus_portfolio(");
    let demand = services_line("score_services_by_demand(");
    // Each score addition with its points, each priority set, the override marked.
    assert!(
        out.contains(&format!("(rules/20_services.rhai:{demand}; +1.37 points)")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "(rules/20_services.rhai:{rank}; sets priority should) [overridden by could at rules/20_services.rhai:{focus}]\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "    why not higher: demand 1.71 is 57.6% of the top service's; should starts at 55% (params.should_cutoff): it reaches the cut-off, but a later rule set it to could (rules/20_services.rhai:{focus})\n"
        )),
        "{out}"
    );
    // NPS and params are among the inputs; table rows are listed with file and line.
    assert!(
        out.contains("\n  executive.nps = -100 (8 answers)\n"),
        "{out}"
    );
    assert!(out.contains("\nparams:\n"), "{out}");
    assert!(out.contains("\n  params.should_cutoff = 0.55\n"), "{out}");
    assert!(
        out.contains("\n  rules/tables/approach_by_maturity.csv:9 (maturity = 1.88) called at rules/30_approaches.rhai:"),
        "{out}"
    );
}

#[test]
fn issue_14_why_not_names_the_cut_off_missed_and_by_how_much() {
    let run = Case::sample()
        .args([
            "explain",
            "--organization",
            "northwind-health",
            "--service",
            "knowledge_management",
            "--format",
            "json",
        ])
        .run()
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let service = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "service")
        .unwrap();
    assert_eq!(service["subject"], "knowledge_management");
    assert_eq!(
        service["why_not"],
        "demand 0.99 is 33.2% of the top service's; could starts at 35% (params.could_cutoff): 1.8 points short"
    );
    let points: Vec<f64> = service["because"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["points"].as_f64())
        .collect();
    assert_eq!(points.len(), 2, "{service}");
    assert!(
        (points.iter().sum::<f64>() - 0.99).abs() < 0.01,
        "{points:?}"
    );
    let sets: Vec<&str> = service["because"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["sets"].as_str())
        .collect();
    assert_eq!(sets, ["horizon medium", "priority not_now"]);
    assert!(v["params"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "params.could_cutoff" && p["value"] == "0.35"));
    let table = &v["tables"][0];
    assert!(table["file"].as_str().unwrap().starts_with("rules/tables/"));
    assert!(table["line"].as_u64().unwrap() > 0);
}
