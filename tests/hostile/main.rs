//! Issue 11: hostile rules, configs and inputs never crash, hang or leak.
//!
//! Each test is a case an attacker tried (a crash, a hang, an allocation or a leak on the
//! main branch of the time) and now gets a clear error with the right exit code, quickly and
//! within bounded memory. The cases use their own tiny rule folders, not the default rules,
//! so a change of the default rules does not move them.

#[allow(dead_code)]
#[path = "../cli/support.rs"]
mod support;

mod config;
mod fonts;
mod fuzz;
mod input;
mod output;
mod rules;

use support::Case;

/// A scratch folder with the sample data and catalog, a minimal config (one period, no
/// history) and one rule script, `rules/10_rule.rhai`, holding `script`.
pub fn tiny(script: &str) -> Case {
    let case = Case::sample();
    std::fs::remove_dir_all(case.path().join("rules")).unwrap();
    case.file("pmo-advisor.toml", CONFIG)
        .file("rules/10_rule.rhai", script)
}

/// The minimal config of `tiny`; tests append sections to it.
pub const CONFIG: &str = "period = \"2026-Q3\"\n\n[inputs]\ncustomers = \"data/sample/customers.csv\"\ncatalog = \"data/catalog\"\n";

/// A rule that decides one thing, for cases about inputs and configs.
pub const HARMLESS: &str = "recommend(\"risk_management\", \"must\", \"regulated industry\");\n";

/// No line of `text` is longer than `max` characters (nothing echoed whole).
pub fn assert_short_lines(text: &str, max: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= max,
            "a line of {} characters: {}…",
            line.chars().count(),
            line.chars().take(120).collect::<String>()
        );
    }
}
