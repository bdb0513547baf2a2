//! The bundled sample's three periods (data/sample/2026-Q1/, 2026-Q2/ and the current 2026-Q3
//! in data/sample/) tell the story data/sample/README.md describes: each is run through the real
//! binary, in order, into one reports root, and the JSON results are compared across periods.
//!
//! It checks the story's turning points (an approach toward autonomy, an NPS dip and recovery,
//! an alert that resolves, maturity that rises), not every number: the snapshot tests pin the
//! current period's bytes. It must not write into the project tree (everything happens in a
//! scratch copy) and does not read pmo-advisor.toml, so periods configured there do not matter.

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use support::Case;

use serde_json::Value;

const PERIODS: [&str; 3] = ["2026-Q1", "2026-Q2", "2026-Q3"];

/// Where a period's three input files are: the current period in data/sample/, earlier ones
/// in a folder named after the period.
fn inputs(period: &str) -> String {
    if period == "2026-Q3" {
        "data/sample".to_string()
    } else {
        format!("data/sample/{period}")
    }
}

/// Results per period, per organization: reports/<period>/<org>.json, parsed.
struct History {
    results: Vec<(String, String, Value)>,
}

impl History {
    fn get(&self, period: &str, org: &str) -> &Value {
        self.results
            .iter()
            .find(|(p, o, _)| p == period && o == org)
            .map(|(_, _, v)| v)
            .unwrap_or_else(|| panic!("no result for {org} in {period}"))
    }

    /// One field of one group: `pm_maturity`, `satisfaction`, `nps`, `approach`, ...
    fn group(&self, period: &str, org: &str, group: &str, field: &str) -> Value {
        let groups = self.get(period, org)["groups"].as_array().unwrap();
        let g = groups
            .iter()
            .find(|g| g["key"] == group)
            .unwrap_or_else(|| panic!("no group {group} for {org} in {period}"));
        g[field].clone()
    }

    fn priority(&self, period: &str, org: &str, service: &str) -> String {
        let services = self.get(period, org)["services"].as_array().unwrap();
        let s = services.iter().find(|s| s["key"] == service).unwrap();
        s["priority"].as_str().unwrap().to_string()
    }

    /// (level, code, group) of every alert.
    fn alerts(&self, period: &str, org: &str) -> Vec<(String, String, String)> {
        let alerts = self.get(period, org)["alerts"].as_array().unwrap();
        alerts
            .iter()
            .map(|a| {
                (
                    a["level"].as_str().unwrap().to_string(),
                    a["code"].as_str().unwrap().to_string(),
                    a["group"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    fn has_alert(&self, period: &str, org: &str, level: &str, code: &str, group: &str) -> bool {
        self.alerts(period, org)
            .iter()
            .any(|(l, c, g)| l == level && c == code && g == group)
    }

    /// Mean over the groups of a numeric group field (groups without a value left out).
    fn mean(&self, period: &str, org: &str, field: &str) -> f64 {
        let groups = self.get(period, org)["groups"].as_array().unwrap();
        let values: Vec<f64> = groups.iter().filter_map(|g| g[field].as_f64()).collect();
        values.iter().sum::<f64>() / values.len() as f64
    }

    fn category_maturity(&self, period: &str, category: &str) -> f64 {
        let sm = &self.get(period, "northwind-health")["service_maturity"];
        let c = sm["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == category)
            .unwrap();
        c["current_percent"].as_f64().unwrap()
    }
}

/// Runs the three periods in order, as a quarterly job would, in a scratch copy of the project.
fn run_all() -> History {
    // The bundled config's group weights (so priorities match the README), nothing else.
    let case = Case::sample().file(
        "periods-test.toml",
        "[rules.group_weights]\nexecutive = 1.5\nportfolio_manager = 1.2\n",
    );
    let mut results = Vec::new();
    for period in PERIODS {
        let folder = inputs(period);
        let customers = format!("{folder}/customers.csv");
        let baseline = format!("{folder}/baseline.csv");
        let maturity = format!("{folder}/service_maturity.csv");
        let output = case
            .run_with(&[
                "run",
                "--quiet",
                "--config",
                "periods-test.toml",
                "--customers",
                &customers,
                "--baseline",
                &baseline,
                "--service-maturity",
                &maturity,
                "--period",
                period,
                "--out",
                "reports",
            ])
            .output;
        assert!(
            output.status.success(),
            "run {period} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for org in ["harbor-construction", "lumen-software", "northwind-health"] {
            let path = case.path().join(format!("reports/{period}/{org}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            results.push((
                period.to_string(),
                org.to_string(),
                serde_json::from_str(&text).unwrap(),
            ));
        }
    }
    History { results }
}

#[test]
fn the_sample_periods_tell_the_readme_story() {
    let h = run_all();
    let nw = "northwind-health";
    let lumen = "lumen-software";
    let harbor = "harbor-construction";

    // Every period has all three organizations, with different respondent counts.
    let respondents = |p: &str, o: &str| -> u64 {
        let groups = h.get(p, o)["groups"].as_array().unwrap().clone();
        groups
            .iter()
            .map(|g| g["respondents"].as_u64().unwrap())
            .sum()
    };
    for org in [nw, lumen, harbor] {
        let counts: Vec<u64> = PERIODS.iter().map(|p| respondents(p, org)).collect();
        assert!(counts[0] < counts[1], "{org}: {counts:?}");
    }

    // Northwind: maturity and satisfaction rise; groups with no delivery capacity in Q1 move
    // one step toward autonomy; service maturity rises in every category.
    for field in ["pm_maturity", "satisfaction", "nps"] {
        let means: Vec<f64> = PERIODS.iter().map(|p| h.mean(p, nw, field)).collect();
        assert!(
            means[0] < means[1] && means[1] < means[2],
            "northwind {field}: {means:?}"
        );
    }
    // Method v2: executives keep their decision rights in every period (never controlled), and
    // the crisis keeps the portfolio focused.
    for period in PERIODS {
        let groups = h.get(period, nw)["groups"].as_array().unwrap().clone();
        let exec = groups.iter().find(|g| g["key"] == "executive").unwrap();
        for a in exec["service_approaches"].as_object().unwrap().values() {
            assert!(
                a != "controlling" && a != "managed",
                "{period}: executives {a}"
            );
        }
        let now = h.get(period, nw)["services"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["priority"] == "must" || s["priority"] == "should")
            .count();
        assert!(now <= 7, "{period}: {now} services at must or should");
    }
    for category in ["strategic", "tactical", "operational"] {
        let q1 = h.category_maturity("2026-Q1", category);
        let q2 = h.category_maturity("2026-Q2", category);
        let q3 = h.category_maturity("2026-Q3", category);
        assert!(q1 < q2 && q2 < q3, "{category}: {q1} {q2} {q3}");
    }
    // New project managers in Q3 ask for skills: training comes in.
    assert_eq!(
        h.priority("2026-Q2", nw, "training_and_development"),
        "not_now"
    );
    assert_eq!(
        h.priority("2026-Q3", nw, "training_and_development"),
        "must"
    );
    // Two or three portfolio managers' answers are indicative: a warning, never critical.
    assert!(h.has_alert(
        "2026-Q1",
        nw,
        "warning",
        "negative_nps",
        "portfolio_manager"
    ));
    for period in PERIODS {
        assert!(!h.has_alert(period, nw, "critical", "negative_nps", "portfolio_manager"));
    }
    assert!(!h.has_alert("2026-Q2", nw, "info", "baseline_disagreement", ""));
    assert!(h.has_alert("2026-Q3", nw, "info", "baseline_disagreement", ""));

    // Lumen: the Q2 reorganization dip, and the recovery.
    let nps: Vec<f64> = PERIODS.iter().map(|p| h.mean(p, lumen, "nps")).collect();
    assert!(
        nps[1] < nps[0] - 20.0 && nps[1] < nps[2] - 20.0,
        "lumen NPS {nps:?}"
    );
    for period in ["2026-Q1", "2026-Q3"] {
        assert!(
            h.alerts(period, lumen)
                .iter()
                .all(|(level, _, _)| level == "info"),
            "{period}"
        );
        assert_eq!(
            h.group(period, lumen, "project_manager", "approach"),
            "consultative"
        );
    }
    // A "thriving" baseline with a critical alert is questioned.
    assert!(h.has_alert("2026-Q2", lumen, "warning", "scenario_contradicted", ""));
    assert!(h.has_alert(
        "2026-Q2",
        lumen,
        "critical",
        "negative_nps",
        "project_team_member"
    ));
    assert_eq!(
        h.group("2026-Q2", lumen, "project_team_member", "approach"),
        "supportive"
    );
    let advice: Vec<String> = PERIODS
        .iter()
        .map(|p| h.priority(p, lumen, "advice_to_executive_level"))
        .collect();
    assert_eq!(advice, ["must", "must", "must"]);

    // Harbor: the functional managers' NPS (too few answers in Q1 for a critical finding,
    // critical in Q2) is gone by Q3; too few executives in Q1 only; project managers'
    // maturity rises and their approach loosens.
    assert!(h.has_alert(
        "2026-Q1",
        harbor,
        "warning",
        "negative_nps",
        "functional_manager"
    ));
    assert!(h.has_alert(
        "2026-Q2",
        harbor,
        "critical",
        "negative_nps",
        "functional_manager"
    ));
    assert!(!h
        .alerts("2026-Q3", harbor)
        .iter()
        .any(|(_, _, g)| g == "functional_manager"));
    assert!(h.has_alert("2026-Q1", harbor, "warning", "few_respondents", "executive"));
    assert!(!h.has_alert("2026-Q2", harbor, "warning", "few_respondents", "executive"));
    let pm: Vec<f64> = PERIODS
        .iter()
        .map(|p| {
            h.group(p, harbor, "project_manager", "pm_maturity")
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(pm[0] < pm[1] && pm[1] < pm[2], "harbor PM maturity {pm:?}");
    assert_eq!(
        h.group("2026-Q1", harbor, "project_manager", "approach"),
        "supportive"
    );
    assert_eq!(
        h.group("2026-Q3", harbor, "project_manager", "approach"),
        "consultative"
    );

    // Data quality: Q1 clean, Q2 one small problem (a half point), Q3 the deliberate ones.
    let issues = |p: &str| -> usize {
        [nw, lumen, harbor]
            .iter()
            .map(|o| {
                h.get(p, o)["data_quality"]["issues"]
                    .as_array()
                    .unwrap()
                    .len()
            })
            .sum()
    };
    assert_eq!(issues("2026-Q1"), 0);
    assert_eq!(issues("2026-Q2"), 1);
    assert!(issues("2026-Q3") > 3);
}
