//! Unit tests of `model::diff`, on snapshots built in memory.

use std::collections::BTreeMap;

use super::*;
use crate::model::service::Horizon;
use crate::model::snapshot::{
    CategoryMaturitySnapshot, GroupSnapshot, ProfileSnapshot, RowCounts, ServiceSnapshot,
};

fn snapshot(period: &str) -> OrgSnapshot {
    let services = ServiceKey::ALL
        .iter()
        .map(|k| {
            (
                *k,
                ServiceSnapshot {
                    name: k.as_str().to_string(),
                    category: ServiceCategory::Operational,
                    score: 10.0,
                    priority: Priority::Should,
                    share: None,
                    horizon: Horizon::Short,
                    reasons: Vec::new(),
                },
            )
        })
        .collect();
    let mut groups = BTreeMap::new();
    groups.insert(
        CustomerGroup::ProjectManager,
        GroupSnapshot {
            name: "Project managers".into(),
            respondents: 10,
            pm_maturity: Some(3.0),
            satisfaction: Some(3.5),
            nps: Some(10.0),
            nps_answers: 8,
            satisfaction_answers: 8,
            approach: Approach::Facilitative,
            service_approaches: BTreeMap::from([(ServiceKey::RiskManagement, Approach::Directive)]),
            reasons: Vec::new(),
        },
    );
    OrgSnapshot {
        id: "acme".into(),
        overall: Default::default(),
        name: "Acme".into(),
        period: Period::parse(period).unwrap(),
        rules_version: "r1".into(),
        baseline_pm_maturity: Some(2.5),
        baseline_inputs: Default::default(),
        profile: ProfileSnapshot {
            coverage_scope: CoverageScope::Enterprise,
            control_level: ControlLevel::Supportive,
            category_mix: BTreeMap::from([
                (ServiceCategory::Strategic, 0.25),
                (ServiceCategory::Tactical, 0.25),
                (ServiceCategory::Operational, 0.5),
            ]),
            labels: vec!["supportive".into()],
        },
        services,
        groups,
        alerts: vec![AlertSnapshot {
            level: AlertLevel::Warning,
            code: "low_satisfaction".into(),
            group: Some(CustomerGroup::ProjectManager),
            text: "low".into(),
        }],
        category_maturity: BTreeMap::from([(
            ServiceCategory::Strategic,
            CategoryMaturitySnapshot {
                current_percent: 40.0,
                target_percent: 80.0,
            },
        )]),
        rows: RowCounts::default(),
        findings: 0,
    }
}

fn service(s: &mut OrgSnapshot, key: ServiceKey) -> &mut ServiceSnapshot {
    s.services.get_mut(&key).unwrap()
}

#[test]
fn identical_snapshots_have_no_change() {
    let a = snapshot("2026-Q3");
    let mut b = snapshot("2026-Q4");
    b.rules_version = "r2".into();
    let d = diff(&a, &b);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(d.rules_version.head, "r2");
}

#[test]
fn priorities_rise_fall_and_services_come_and_go() {
    let base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    service(&mut head, ServiceKey::PortfolioManagement).priority = Priority::Must;
    service(&mut head, ServiceKey::PortfolioManagement).score = 15.3;
    service(&mut head, ServiceKey::RiskManagement).priority = Priority::Could;
    service(&mut head, ServiceKey::AuditAssessments).priority = Priority::NotNow;
    let mut base = base;
    service(&mut base, ServiceKey::QualityAssurance).priority = Priority::NotNow;
    let d = diff(&base, &head);
    let keys: Vec<_> = d
        .priorities
        .iter()
        .map(|p| (p.service, p.direction))
        .collect();
    // Service order, not order of change.
    assert_eq!(
        keys,
        [
            (ServiceKey::PortfolioManagement, Direction::Rose),
            (ServiceKey::RiskManagement, Direction::Fell)
        ]
    );
    assert_eq!(
        d.priorities[0].score,
        Change {
            base: 10.0,
            head: 15.3
        }
    );
    assert_eq!(d.services_dropped.len(), 1);
    assert_eq!(d.services_dropped[0].service, ServiceKey::AuditAssessments);
    assert_eq!(d.services_added[0].service, ServiceKey::QualityAssurance);
    assert_eq!(d.services_added[0].priority.head, Priority::Should);
    let kinds: Vec<_> = d.kinds().into_iter().collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::Priority,
            ChangeKind::ServiceAdded,
            ChangeKind::ServiceDropped
        ]
    );
}

#[test]
fn approach_changes_know_the_direction_of_autonomy() {
    let base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    let g = head.groups.get_mut(&CustomerGroup::ProjectManager).unwrap();
    g.approach = Approach::Supportive;
    g.service_approaches
        .insert(ServiceKey::RiskManagement, Approach::Controlling);
    g.service_approaches
        .insert(ServiceKey::IssueManagement, Approach::Consultative);
    let d = diff(&base, &head);
    let group = &d.groups[0];
    let approach = group.approach.unwrap();
    assert!(approach.toward_autonomy);
    assert_eq!(approach.approach.base, Approach::Facilitative);
    let services: Vec<_> = group
        .service_approaches
        .iter()
        .map(|c| (c.service, c.approach.base, c.toward_autonomy))
        .collect();
    assert_eq!(
        services,
        [
            (ServiceKey::IssueManagement, None, false),
            (ServiceKey::RiskManagement, Some(Approach::Directive), false),
        ]
    );
    assert!(
        !ApproachChange::of(Approach::Consultative, Approach::Managed)
            .unwrap()
            .toward_autonomy
    );
    assert!(d.kinds().contains(&ChangeKind::Approach));
    assert!(d.kinds().contains(&ChangeKind::ServiceApproach));
}

#[test]
fn group_metrics_are_option_aware() {
    let mut base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    let pm = head.groups.get_mut(&CustomerGroup::ProjectManager).unwrap();
    pm.satisfaction = Some(3.8);
    pm.nps = None;
    let mut exec = base.groups[&CustomerGroup::ProjectManager].clone();
    exec.name = "Executives".into();
    base.groups.insert(CustomerGroup::Executive, exec.clone());
    head.groups.insert(CustomerGroup::ProgramManager, exec);
    let d = diff(&base, &head);
    let presence: Vec<_> = d.groups.iter().map(|g| (g.group, g.presence)).collect();
    assert_eq!(
        presence,
        [
            (CustomerGroup::ProjectManager, Presence::Both),
            (CustomerGroup::ProgramManager, Presence::Added),
            (CustomerGroup::Executive, Presence::Removed),
        ]
    );
    let pm = &d.groups[0];
    let sat = pm.satisfaction.unwrap();
    // 3.8 - 3.5 is 0.2999… in binary: the delta is rounded.
    assert_eq!(sat.delta, Some(0.3));
    assert_eq!(pm.nps.unwrap().head, None);
    assert_eq!(pm.nps.unwrap().delta, None);
    let removed = &d.groups[2];
    assert_eq!(removed.satisfaction.unwrap().head, None);
    assert_eq!(removed.respondents.as_ref().unwrap().head, 0);
    assert!(removed.approach.is_none());
    let kinds = d.kinds();
    for k in [
        ChangeKind::GroupAdded,
        ChangeKind::GroupRemoved,
        ChangeKind::Satisfaction,
        ChangeKind::Nps,
    ] {
        assert!(kinds.contains(&k), "{k}");
    }
}

#[test]
fn profile_maturity_and_alerts() {
    let base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    head.profile.control_level = ControlLevel::Controlling;
    head.profile
        .category_mix
        .insert(ServiceCategory::Strategic, 0.3);
    head.baseline_pm_maturity = Some(3.0);
    head.category_maturity.clear();
    head.alerts = vec![
        AlertSnapshot {
            level: AlertLevel::Critical,
            code: "low_satisfaction".into(),
            group: Some(CustomerGroup::ProjectManager),
            text: "worse".into(),
        },
        AlertSnapshot {
            level: AlertLevel::Warning,
            code: "low_satisfaction".into(),
            group: Some(CustomerGroup::Executive),
            text: "new".into(),
        },
    ];
    let d = diff(&base, &head);
    assert_eq!(
        d.profile.control_level.unwrap().head,
        ControlLevel::Controlling
    );
    assert!(d.profile.coverage_scope.is_none());
    assert_eq!(
        d.profile.category_mix.keys().copied().collect::<Vec<_>>(),
        [ServiceCategory::Strategic]
    );
    assert_eq!(d.baseline_maturity.unwrap().delta, Some(0.5));
    let strategic = d.category_maturity[0];
    assert_eq!(strategic.current_percent.unwrap().head, None);
    assert_eq!(d.alerts_new.len(), 1);
    assert_eq!(d.alerts_new[0].group, Some(CustomerGroup::Executive));
    assert!(d.alerts_resolved.is_empty());
    assert_eq!(d.alert_levels[0].level.head, AlertLevel::Critical);
    let mut back = diff(&head, &base);
    assert_eq!(back.alerts_resolved.len(), 1);
    back.alerts_resolved.clear();
    assert!(back.kinds().contains(&ChangeKind::AlertLevel));
}

#[test]
fn periods_match_organizations_by_id() {
    let a = snapshot("2026-Q3");
    let mut b = a.clone();
    b.id = "beta".into();
    let mut c = a.clone();
    c.id = "zeta".into();
    let d = diff_period(&[b.clone(), a.clone()], &[c, a]);
    assert_eq!(d.organizations_added[0].id, "zeta");
    assert_eq!(d.organizations_removed[0].id, "beta");
    assert_eq!(d.organizations.len(), 1);
    assert_eq!(d.changed().count(), 0);
    let kinds: Vec<_> = d.kinds().into_iter().collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::OrganizationAdded,
            ChangeKind::OrganizationRemoved
        ]
    );
    assert_eq!(ChangeKind::parse("alert_new"), Ok(ChangeKind::AlertNew));
}

#[test]
fn a_label_change_within_the_margin_is_not_a_rise_or_fall() {
    let mut base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    // Portfolio management crosses the must cut-off on a share move of 0.03 (< 0.05);
    // risk management on a move of 0.10 (a real rise).
    service(&mut base, ServiceKey::PortfolioManagement).share = Some(0.74);
    service(&mut head, ServiceKey::PortfolioManagement).share = Some(0.77);
    service(&mut head, ServiceKey::PortfolioManagement).priority = Priority::Must;
    service(&mut base, ServiceKey::RiskManagement).share = Some(0.70);
    service(&mut head, ServiceKey::RiskManagement).share = Some(0.80);
    service(&mut head, ServiceKey::RiskManagement).priority = Priority::Must;
    let d = diff(&base, &head);
    assert_eq!(d.priorities.len(), 1);
    assert_eq!(d.priorities[0].service, ServiceKey::RiskManagement);
    assert_eq!(d.priorities_within_margin.len(), 1);
    let p = &d.priorities_within_margin[0];
    assert_eq!(p.service, ServiceKey::PortfolioManagement);
    assert_eq!(
        p.share,
        Some(Change {
            base: 0.74,
            head: 0.77
        })
    );
    assert!(d.kinds().contains(&ChangeKind::PriorityWithinMargin));
    // Only the within-margin move left: no priority kind, so `--fail-on-change priority`
    // stays quiet on noise at a cut-off.
    service(&mut head, ServiceKey::RiskManagement).priority = Priority::Should;
    let d = diff(&base, &head);
    assert!(!d.kinds().contains(&ChangeKind::Priority));
    assert!(!d.is_empty());
    // Other rules (a lowered cut-off, `impact`): the same small share move is the rules'
    // doing, a real rise.
    head.rules_version = "r2".into();
    let d = diff(&base, &head);
    assert_eq!(d.priorities.len(), 1);
    assert!(d.priorities_within_margin.is_empty());
}

#[test]
fn a_move_of_exactly_the_margin_counts_and_results_without_share_keep_rise_and_fall() {
    let base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    service(&mut head, ServiceKey::PortfolioManagement).priority = Priority::Must;
    // schema_version 1 results carry no share: no margin check is possible.
    let d = diff(&base, &head);
    assert_eq!(d.priorities.len(), 1);
    assert_eq!(d.priorities[0].share, None);
    // One side only (a v1 base against a v2 head): still no check.
    service(&mut head, ServiceKey::PortfolioManagement).share = Some(0.76);
    assert_eq!(diff(&base, &head).priorities.len(), 1);
    let mut base = base;
    service(&mut base, ServiceKey::PortfolioManagement).share = Some(0.71);
    // 0.76 - 0.71 is 0.05 up to float noise: the margin itself is a real move.
    let d = diff(&base, &head);
    assert_eq!(d.priorities.len(), 1, "{d:#?}");
    assert!(d.priorities_within_margin.is_empty());
}

#[test]
fn baseline_inputs_that_moved_are_listed_in_field_order() {
    let mut base = snapshot("2026-Q3");
    let mut head = snapshot("2026-Q4");
    base.baseline_inputs.change_readiness = Some(3.0);
    head.baseline_inputs.change_readiness = Some(4.0);
    head.baseline_inputs.existing_pmo = Some(true);
    base.baseline_inputs.decision_style = Some("consensus".into());
    head.baseline_inputs.decision_style = Some("consensus".into());
    let d = diff(&base, &head);
    let inputs: Vec<_> = d
        .baseline_inputs
        .iter()
        .map(|c| (c.input, c.base.as_deref(), c.head.as_deref()))
        .collect();
    assert_eq!(
        inputs,
        [
            ("change_readiness", Some("3"), Some("4")),
            ("existing_pmo", None, Some("yes"))
        ]
    );
    // Context only: it is not a change kind of its own.
    assert!(d.is_empty());
}
