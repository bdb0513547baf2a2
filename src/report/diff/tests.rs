//! Unit tests of the diff renderings, on a diff of two in-memory snapshots.

use std::collections::BTreeMap;

use super::*;
use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::diff::diff_period;
use crate::model::period::Period;
use crate::model::recommendation::{AlertLevel, ControlLevel};
use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};
use crate::model::snapshot::{
    AlertSnapshot, GroupSnapshot, OrgSnapshot, ProfileSnapshot, RowCounts, ServiceSnapshot,
};

fn snapshot(id: &str, period: &str) -> OrgSnapshot {
    let services = ServiceKey::ALL
        .iter()
        .map(|k| {
            let s = ServiceSnapshot {
                name: k.as_str().into(),
                category: ServiceCategory::Tactical,
                score: 12.1,
                priority: Priority::Should,
                share: None,
                horizon: Horizon::Medium,
                reasons: Vec::new(),
            };
            (*k, s)
        })
        .collect();
    let group = GroupSnapshot {
        name: "Project managers".into(),
        respondents: 8,
        pm_maturity: Some(3.0),
        satisfaction: Some(3.5),
        nps: Some(-10.0),
        nps_answers: 8,
        satisfaction_answers: 8,
        approach: Approach::Consultative,
        service_approaches: BTreeMap::new(),
        reasons: Vec::new(),
    };
    OrgSnapshot {
        id: id.into(),
        name: format!("{id} | Ltd"),
        period: Period::parse(period).unwrap(),
        rules_version: "r1".into(),
        overall: Default::default(),
        baseline_pm_maturity: None,
        baseline_inputs: Default::default(),
        profile: ProfileSnapshot {
            coverage_scope: CoverageScope::Divisional,
            control_level: ControlLevel::Supportive,
            category_mix: ServiceCategory::ALL.iter().map(|c| (*c, 0.25)).collect(),
            labels: Vec::new(),
        },
        services,
        groups: BTreeMap::from([(CustomerGroup::ProjectManager, group)]),
        alerts: Vec::new(),
        category_maturity: BTreeMap::new(),
        rows: RowCounts::default(),
        findings: 0,
    }
}

fn sample_diff() -> PeriodDiff {
    let base = vec![snapshot("acme", "2026-Q3"), snapshot("quiet", "2026-Q3")];
    let mut head = vec![snapshot("acme", "2026-Q4"), snapshot("quiet", "2026-Q4")];
    let acme = &mut head[0];
    let pm = acme
        .services
        .get_mut(&ServiceKey::PortfolioManagement)
        .unwrap();
    pm.priority = Priority::Must;
    pm.score = 15.3;
    acme.services
        .get_mut(&ServiceKey::AuditAssessments)
        .unwrap()
        .priority = Priority::NotNow;
    let g = acme.groups.get_mut(&CustomerGroup::ProjectManager).unwrap();
    g.approach = Approach::Supportive;
    g.satisfaction = Some(3.8);
    g.nps = None;
    acme.profile
        .category_mix
        .insert(ServiceCategory::Strategic, 0.3);
    acme.alerts.push(AlertSnapshot {
        level: AlertLevel::Warning,
        code: "low_nps".into(),
        group: Some(CustomerGroup::ProjectManager),
        text: "NPS | below zero".into(),
    });
    diff_period(&base, &head)
}

fn labels() -> DiffLabels {
    DiffLabels {
        base: "2026-Q3".into(),
        head: "2026-Q4".into(),
    }
}

#[test]
fn text_says_what_changed_in_sentences() {
    let text = render_diff_text(&sample_diff(), &labels());
    for expected in [
        "Changes from 2026-Q3 to 2026-Q4\n",
        "portfolio_management rose from should to must (score 12.10 → 15.30)",
        "audit_assessments is no longer offered (was should; score 12.10 → 12.10)",
        "project_manager moved from consultative to supportive: toward less autonomy",
        "project_manager satisfaction rose from 3.50 to 3.80 (+0.3)",
        "project_manager NPS was -10.0, none now",
        "strategic share of the offered services rose from 25% to 30% (+5 points)",
        "new warning alert low_nps for project_manager: NPS | below zero",
        "quiet (quiet | Ltd): no change",
        "2 organization(s) in both: 1 changed, 1 unchanged",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn markdown_tables_escape_their_cells() {
    let md = render_diff_markdown(&sample_diff(), &labels());
    assert!(
        md.starts_with("## Changes from 2026-Q3 to 2026-Q4\n"),
        "{md}"
    );
    assert!(md.contains("| acme \\| Ltd (acme) | profile, priority, service\\_dropped, approach, satisfaction, nps, alert\\_new |"), "{md}");
    assert!(
        md.contains("| portfolio\\_management | rose | should → must | 12.10 → 15.30 |"),
        "{md}"
    );
    assert!(md.contains("NPS \\| below zero"), "{md}");
    assert!(
        md.contains("| project\\_manager | 3.50 → 3.80 (+0.30) |")
            || md.contains("3.50 → 3.80 (+0.30)"),
        "{md}"
    );
    // Only changed organizations get a section.
    assert!(!md.contains("### quiet"), "{md}");
    // Every table row has as many cells as its header.
    for table in md.split("\n\n").filter(|t| t.starts_with('|')) {
        let mut lines = table.lines();
        let width = lines.next().unwrap().matches(" | ").count();
        for line in lines.skip(1) {
            assert_eq!(
                line.replace("\\|", "").matches(" | ").count(),
                width,
                "{line}"
            );
        }
    }
}

#[test]
fn json_carries_schema_version_kinds_and_field_names() {
    let bytes = render_diff_json(&sample_diff(), &labels());
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["base"], "2026-Q3");
    let acme = &doc["organizations"][0];
    assert_eq!(acme["id"], "acme");
    assert_eq!(acme["priorities"][0]["service"], "portfolio_management");
    assert_eq!(acme["priorities"][0]["direction"], "rose");
    assert_eq!(acme["priorities"][0]["priority"]["head"], "must");
    assert_eq!(acme["groups"][0]["approach"]["toward_autonomy"], false);
    assert_eq!(acme["groups"][0]["approach"]["head"], "supportive");
    assert_eq!(acme["groups"][0]["nps"]["head"], serde_json::Value::Null);
    assert_eq!(acme["services_dropped"][0]["service"], "audit_assessments");
    assert!(acme["kinds"]
        .as_array()
        .unwrap()
        .contains(&"alert_new".into()));
    assert_eq!(doc["organizations"][1]["kinds"], serde_json::json!([]));
    // Byte-stable.
    assert_eq!(bytes, render_diff_json(&sample_diff(), &labels()));
}

#[test]
fn an_empty_diff_says_so() {
    let same = vec![snapshot("acme", "2026-Q3")];
    let diff = diff_period(&same, &same);
    assert!(render_diff_text(&diff, &labels()).ends_with("No change.\n"));
    assert!(render_diff_markdown(&diff, &labels()).ends_with("No change.\n"));
}
