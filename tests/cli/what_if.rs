//! `pmo-advisor explain --set PATH=VALUE`: the what-if. One organization evaluated with inputs
//! overridden, what would change (the model diff `diff` uses), no report written; bad paths
//! and values exit with code 2 and "did you mean".

use crate::support::Case;

/// `explain --organization northwind-health -q` with `extra` flags, in a fresh sample.
fn what_if(extra: &[&str]) -> (Case, crate::support::Run) {
    let case = Case::sample()
        .args(["explain", "--organization", "northwind-health", "-q"])
        .args(extra.iter().copied());
    let run = case.run();
    (case, run)
}

#[test]
fn lower_regulation_shows_what_would_change_and_writes_no_report() {
    let (case, run) = what_if(&["--set", "baseline.regulatory_intensity=2"]);
    let run = run.expect_code(0);
    let out = run.stdout();
    assert!(
        out.starts_with(
            "What if, for northwind-health:\n  baseline.regulatory_intensity = 2 (was 5/5)\n\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("    - baseline regulatory intensity 5 → 2\n"),
        "{out}"
    );
    // Every move is an effect of the override, never noise within the borderline margin.
    assert!(
        out.contains("    - resource_management rose from could to should"),
        "{out}"
    );
    assert!(!out.contains("within the margin"), "{out}");
    assert!(
        out.contains("northwind-health (Northwind Health System): "),
        "{out}"
    );
    assert!(
        !case.path().join("reports").exists(),
        "a what-if writes no report"
    );
}

#[test]
fn params_and_group_figures_can_be_set_and_json_is_the_diff_document() {
    let (_, run) = what_if(&[
        "--set",
        "params.must_cutoff=0.95",
        "--set",
        "groups.executive.pm_maturity=4",
        "--format",
        "json",
    ]);
    let run = run.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let text = v.to_string();
    assert!(text.contains("must_cutoff=0.95"), "{text}");
    let org = &v["organizations"][0];
    assert_eq!(org["id"], "northwind-health", "{text}");
    // A higher `must` cut-off moves services down; executives more mature move their approach.
    assert!(text.contains("\"must\""), "{text}");
    assert!(text.contains("executive"), "{text}");
    let kinds = v["kinds"].as_array().unwrap();
    assert!(kinds.iter().any(|k| k == "approach"), "{kinds:?}");
}

#[test]
fn unknown_paths_and_bad_values_exit_2_with_a_clear_message() {
    let cases: [(&str, &str); 6] = [
        (
            "baseline.regulatory_intensty=5",
            "error[C021]: --set baseline.regulatory_intensty: unknown baseline field `regulatory_intensty`\n  hint: did you mean `baseline.regulatory_intensity`?\n",
        ),
        (
            "baseline.regulatory_intensity=high",
            "error[C021]: --set baseline.regulatory_intensity: expected a number from 1 to 5, found `high`\n",
        ),
        (
            "baseline.industry=helthcare",
            "error[C021]: --set baseline.industry: expected one of construction, energy, financial_services, government, healthcare, it, manufacturing, other, found `helthcare`\n  hint: did you mean `baseline.industry=healthcare`?\n",
        ),
        (
            "params.must_cutof=0.8",
            "error[C021]: --set params.must_cutof: unknown param `must_cutof`\n  hint: did you mean `params.must_cutoff`?\n",
        ),
        (
            "groups.executive.maturity=3",
            "error[C021]: --set groups.executive.maturity: unknown group figure `maturity`: expected pm_maturity or satisfaction\n  hint: did you mean `groups.executive.pm_maturity`?\n",
        ),
        (
            "budget=3",
            "error[C021]: --set budget: unknown input `budget`: expected baseline.FIELD, params.NAME or groups.GROUP.FIGURE\n",
        ),
    ];
    for (set, expected) in cases {
        let run = what_if(&["--set", set]).1.expect_code(2);
        assert_eq!(run.stderr(), expected, "{set}");
        assert_eq!(run.stdout(), "", "{set}");
    }
}
