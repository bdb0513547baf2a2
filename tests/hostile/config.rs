//! Config values that switched the sandbox off or failed far from their cause (issue 11,
//! items 4 and 11): each is a configuration error (exit 2) naming the line.

use crate::{tiny, CONFIG, HARMLESS};

fn config_error(extra: &str) -> String {
    let run = tiny(HARMLESS)
        .file("pmo-advisor.toml", &format!("{CONFIG}{extra}"))
        .args(["check"])
        .run()
        .expect_code(2);
    run.stderr()
}

#[test]
fn issue_11_limits_that_switch_the_sandbox_off_are_refused_with_their_line() {
    for (key, value) in [
        ("max_string_size", "0"),
        ("max_array_size", "0"),
        ("max_map_size", "0"),
        ("max_call_levels", "1000000"),
        ("max_expr_depth", "0"),
        ("max_operations", "0"),
        ("time_budget_ms", "0"),
        ("max_modules", "-1"),
        ("max_string_size", "1e9"),
    ] {
        let stderr = config_error(&format!("\n[limits]\n{key} = {value}\n"));
        assert!(stderr.contains("line 8"), "{key} = {value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn issue_11_limits_in_range_are_accepted() {
    tiny(HARMLESS)
        .file(
            "pmo-advisor.toml",
            &format!("{CONFIG}\n[limits]\nmax_string_size = 64\nmax_call_levels = 128\nmax_modules = 0\n"),
        )
        .args(["check"])
        .run()
        .expect_code(0);
}

#[test]
fn issue_11_nan_infinite_and_huge_params_are_refused_with_their_line() {
    for value in ["nan", "inf", "-inf", "1e308", "1e12"] {
        let stderr = config_error(&format!("\n[rules.params]\nregulated_points = {value}\n"));
        assert!(stderr.contains("line 8"), "{value}: {stderr}");
        assert!(
            stderr.contains("expected a number from"),
            "{value}: {stderr}"
        );
    }
    let stderr = config_error("\n[rules.group_weights]\nexecutive = nan\n");
    assert!(stderr.contains("line 8"), "{stderr}");
}

#[test]
fn issue_11_the_config_schema_carries_the_limit_ranges() {
    let run = tiny(HARMLESS)
        .args(["schema", "config"])
        .run()
        .expect_code(0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let calls = &schema["properties"]["limits"]["properties"]["max_call_levels"];
    assert_eq!(calls["minimum"], 1, "{calls}");
    assert_eq!(calls["maximum"], 128, "{calls}");
    let strings = &schema["properties"]["limits"]["properties"]["max_string_size"];
    assert_eq!(strings["minimum"], 64, "{strings}");
}
