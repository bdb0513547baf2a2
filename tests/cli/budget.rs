//! Issue 13: the charter's budget is the headcount range times the loaded cost per FTE that
//! `[report] fte_cost` sets; without it the charter says that no cost was set, and a bad range
//! is a configuration error (exit code 2).

use crate::support::Case;

fn with_cost(cost: &str) -> Case {
    Case::sample().edit("pmo-advisor.toml", |text| {
        format!("{text}\n[report]\nfte_cost = {cost}\n")
    })
}

fn budget(case: &Case) -> (f64, f64, String) {
    let json: serde_json::Value =
        serde_json::from_str(&case.read("reports/2026-Q3/northwind-health.json")).unwrap();
    let r = &json["charter"]["resources"];
    (
        r["fte_low"].as_f64().unwrap(),
        r["fte_high"].as_f64().unwrap(),
        r["budget"].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_budget_is_the_headcount_times_the_configured_cost() {
    let case = with_cost(r#"{ low = 100000, high = 200000, currency = "EUR" }"#).args(["run"]);
    case.run().expect_code(0);
    let (low, high, text) = budget(&case);
    let expected = format!(
        "EUR {}k to {}k a year",
        (low * 100.0).round(),
        (high * 200.0).round()
    );
    assert!(text.starts_with(&expected), "{text} (expected {expected})");

    let plain = Case::sample().args(["run"]);
    plain.run().expect_code(0);
    let (_, _, text) = budget(&plain);
    assert!(
        text.starts_with("Not set: the configuration gives no loaded cost per FTE"),
        "{text}"
    );
}

#[test]
fn a_bad_cost_range_is_a_configuration_error() {
    let run = with_cost(r#"{ low = 5, high = 1, currency = "EUR" }"#)
        .args(["check"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr()
            .contains("[report] fte_cost: expected low \u{2264} high, found low = 5 and high = 1"),
        "{}",
        run.stderr()
    );
    let run = with_cost(r#"{ low = 5, high = 6 }"#)
        .args(["check"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr().contains("missing field `currency`"),
        "{}",
        run.stderr()
    );
}
