use super::*;
use crate::model::scale::Likert;
use crate::model::service::ServiceCategory;
use std::path::Path;

fn catalog() -> Catalog {
    crate::ingest::read_catalog(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog"))
        .unwrap()
}

/// All 26 services not selected, then the given ones with a priority and horizon.
fn services(chosen: &[(ServiceKey, Priority, Horizon)]) -> Vec<ServiceDecision> {
    ServiceKey::ALL
        .iter()
        .map(|&key| {
            let (priority, horizon) = chosen
                .iter()
                .find(|c| c.0 == key)
                .map_or((Priority::NotNow, Horizon::Short), |c| (c.1, c.2));
            ServiceDecision {
                key,
                category: ServiceCategory::Operational,
                score: 1.0,
                priority,
                horizon,
                share: 1.0,
                borderline: false,
                actions: Vec::new(),
                reasons: Vec::new(),
            }
        })
        .collect()
}

const CAPACITY: Capacity = Capacity::DEFAULT;

/// The roadmap with the params' defaults and no service-maturity table.
fn roadmap(s: &[ServiceDecision], baseline: Option<&Baseline>) -> Roadmap {
    build_roadmap(s, &catalog(), baseline, &KeyMap::new(), 4.0, CAPACITY)
}

fn baseline(intensity: f64) -> Baseline {
    Baseline {
        regulatory_intensity: Some(intensity),
        ..Baseline::default()
    }
}

fn item(r: &Roadmap, key: ServiceKey) -> &RoadmapItem {
    r.items.iter().find(|i| i.service == key).unwrap()
}

fn position(r: &Roadmap, key: ServiceKey) -> usize {
    r.items.iter().position(|i| i.service == key).unwrap()
}

use Horizon::{Long, Medium, Short};
use Priority::{Could, Must, Should};
use ServiceKey::*;

#[test]
fn urgency_gives_the_phase() {
    let s = services(&[
        (DataAnalyticsAndReporting, Must, Short),
        (StakeholderEngagement, Should, Short),
        (PortfolioManagement, Must, Long),
        (TrainingAndDevelopment, Should, Long),
        (IssueManagement, Could, Short),
        (MentoringAndCoaching, Could, Medium),
        (RiskManagement, Must, Medium),
    ]);
    let r = roadmap(&s, None);
    assert_eq!(r.items.len(), 7);
    assert_eq!(item(&r, RiskManagement).phase, Phase::QuickWins);
    assert_eq!(item(&r, PortfolioManagement).phase, Phase::Next);
    assert_eq!(item(&r, DataAnalyticsAndReporting).phase, Phase::QuickWins);
    assert_eq!(item(&r, StakeholderEngagement).phase, Phase::QuickWins);
    assert_eq!(item(&r, IssueManagement).phase, Phase::Next);
    assert_eq!(item(&r, TrainingAndDevelopment).phase, Phase::Later);
    assert_eq!(item(&r, MentoringAndCoaching).phase, Phase::Later);
    assert_eq!(item(&r, PortfolioManagement).build_quarters, 3);
    assert!(!r.regulated);
}

#[test]
fn a_service_starts_after_what_it_depends_on() {
    // Performance management is a must quick win, but it builds on data and reporting,
    // a must with a long horizon (quarter 2): it moves to quarter 3.
    let s = services(&[
        (PerformanceManagement, Must, Short),
        (DataAnalyticsAndReporting, Must, Long),
        (BenefitsRealizationManagement, Must, Medium),
        (AuditAssessments, Must, Short),
    ]);
    let r = roadmap(&s, None);
    let perf = item(&r, PerformanceManagement);
    assert_eq!(perf.start, 3);
    assert_eq!(perf.phase, Phase::Next);
    assert_eq!(perf.placement, Placement::Dependency);
    assert_eq!(perf.depends_on, [DataAnalyticsAndReporting]);
    let reason = perf
        .reasons
        .iter()
        .find(|r| {
            r.rule
                .as_ref()
                .is_some_and(|l| &*l.file == "dependencies.csv")
        })
        .expect("the dependency row is cited");
    assert_eq!(&*reason.rule.as_ref().unwrap().file, "dependencies.csv");
    assert!(
        reason.text.starts_with(
            "starts after S16 Data analytics and reporting, which starts in quarter 2"
        ),
        "{}",
        reason.text
    );
    // Benefits build on performance management (transitively on data): quarter 4.
    assert_eq!(item(&r, BenefitsRealizationManagement).start, 4);
    assert_eq!(item(&r, BenefitsRealizationManagement).phase, Phase::Later);
    // Every selected dependency starts strictly earlier and comes earlier in the list.
    for i in &r.items {
        for d in &i.depends_on {
            assert!(item(&r, *d).start < i.start);
            assert!(position(&r, *d) < position(&r, i.service));
        }
    }
    // Audit builds on governance, which is not selected: no delay, but a note.
    let audit = item(&r, AuditAssessments);
    assert_eq!(audit.start, 1);
    assert!(audit.depends_on.is_empty());
    assert!(audit
        .reasons
        .iter()
        .any(|r| r.text.contains("not selected this period")));
}

#[test]
fn a_regulatory_deadline_overrides_the_dependencies() {
    let s = services(&[
        (GovernanceOversight, Should, Long),
        (AuditAssessments, Must, Medium),
        (PerformanceManagement, Must, Short),
        (DataAnalyticsAndReporting, Should, Medium),
    ]);
    // Not regulated: audit (must) builds on governance (should, quarter 4), which comes
    // forward as its enabler to quarter 1; audit does not wait for a less urgent service.
    let r = roadmap(&s, Some(&baseline(3.0)));
    assert!(!r.regulated);
    assert_eq!(item(&r, GovernanceOversight).start, 1);
    assert_eq!(item(&r, GovernanceOversight).placement, Placement::Enabler);
    assert_eq!(item(&r, AuditAssessments).start, 1);
    // Regulated: both compliance services start in quarter 1, ahead of the sequence,
    // and come first; the others keep their dependency order.
    let r = roadmap(&s, Some(&baseline(5.0)));
    assert!(r.regulated);
    for key in [GovernanceOversight, AuditAssessments] {
        let i = item(&r, key);
        assert_eq!(
            (i.start, i.phase, &i.placement),
            (1, Phase::QuickWins, &Placement::Regulatory)
        );
        assert!(i
            .reasons
            .iter()
            .any(|r| r.text.starts_with("regulatory intensity 5.0/5")));
    }
    assert_eq!(item(&r, AuditAssessments).depends_on, [GovernanceOversight]);
    assert_eq!(item(&r, PerformanceManagement).start, 1);
    assert!(position(&r, AuditAssessments) < position(&r, DataAnalyticsAndReporting));
}

#[test]
fn a_must_does_not_wait_for_a_could_it_builds_on() {
    // Portfolio management builds on data analytics and reporting (dependencies.csv).
    let s = services(&[
        (PortfolioManagement, Must, Medium),
        (DataAnalyticsAndReporting, Could, Medium),
    ]);
    let r = roadmap(&s, None);
    let data = item(&r, DataAnalyticsAndReporting);
    assert_eq!((data.start, &data.placement), (1, &Placement::Enabler));
    assert!(data.reasons.iter().any(|r| r.text.starts_with(
        "S6 Portfolio management (must) builds on it, so it comes forward to quarter 1"
    )));
    // The must does not wait for a less urgent service: it starts alongside its enabler.
    let portfolio = item(&r, PortfolioManagement);
    assert_eq!(portfolio.start, 1);
    assert!(portfolio.reasons.iter().any(|r| r.text.contains(
        "a less urgent service that starts alongside it in quarter 1: set up the groundwork of S16 Data analytics and reporting together"
    )));
}

#[test]
fn a_could_compliance_service_is_not_brought_forward() {
    let s = services(&[
        (AuditAssessments, Could, Medium),
        (RiskManagement, Should, Medium),
    ]);
    let r = roadmap(&s, Some(&baseline(5.0)));
    assert_eq!(item(&r, RiskManagement).placement, Placement::Regulatory);
    let audit = item(&r, AuditAssessments);
    assert_eq!((audit.start, &audit.placement), (4, &Placement::Urgency));
}

#[test]
fn a_new_pmo_starts_a_few_services_a_quarter_most_urgent_first() {
    let s = services(&[
        (DataAnalyticsAndReporting, Must, Short),
        (ProjectSupportServices, Must, Short),
        (ChangeControlManagement, Must, Medium),
        (GovernanceOversight, Should, Medium),
        (RiskManagement, Should, Short),
        (StakeholderEngagement, Should, Short),
    ]);
    let new = Baseline {
        regulatory_intensity: Some(5.0),
        existing_pmo: Some(false),
        ..Baseline::default()
    };
    let r = roadmap(&s, Some(&new));
    let in_quarter = |q: u8| r.items.iter().filter(|i| i.start == q).count();
    assert_eq!((in_quarter(1), in_quarter(2)), (3, 3), "{:#?}", r.items);
    // The must services start first; within the should services a regulatory deadline
    // comes before the other one.
    for key in [
        DataAnalyticsAndReporting,
        ProjectSupportServices,
        ChangeControlManagement,
    ] {
        assert_eq!(item(&r, key).start, 1);
    }
    let gov = item(&r, GovernanceOversight);
    assert_eq!((gov.start, &gov.placement), (2, &Placement::Capacity));
    assert!(gov.reasons.iter().any(|r| r
        .text
        .contains("a new PMO starts at most 3 services a quarter")));
    assert_eq!(item(&r, StakeholderEngagement).start, 2);
    // An existing PMO takes on more at once, and a cap still: the least urgent waits.
    let r = roadmap(&s, Some(&baseline(5.0)));
    assert_eq!(r.items.iter().filter(|i| i.start == 1).count(), 5);
    let waits = item(&r, StakeholderEngagement);
    assert_eq!((waits.start, &waits.placement), (2, &Placement::Capacity));
    assert!(waits.reasons.iter().any(|r| r.text.contains(
        "the PMO takes on at most 5 services a quarter, set up or raised toward their target level"
    )));
}

#[test]
fn a_service_already_at_its_target_level_takes_no_room() {
    let s = services(&[
        (DataAnalyticsAndReporting, Must, Short),
        (ProjectSupportServices, Must, Short),
        (ChangeControlManagement, Must, Short),
        (IssueManagement, Should, Short),
        (RiskManagement, Should, Short),
        (StakeholderEngagement, Should, Short),
        (TrainingAndDevelopment, Should, Short),
    ]);
    let level = |current, target| ServiceMaturity {
        current: Likert::new(current),
        target: Likert::new(target),
    };
    let mut maturity = KeyMap::new();
    maturity.insert(ProjectSupportServices, level(3, 3));
    maturity.insert(IssueManagement, level(4, 3));
    // Below its target: raising it takes room like a new service.
    maturity.insert(RiskManagement, level(1, 4));
    let existing = Baseline {
        existing_pmo: Some(true),
        ..Baseline::default()
    };
    let r = build_roadmap(&s, &catalog(), Some(&existing), &maturity, 4.0, CAPACITY);
    assert!(r.items.iter().all(|i| i.start == 1), "{:#?}", r.items);
    let running = item(&r, ProjectSupportServices);
    assert!(running.reasons.iter().any(|r| r.text.contains(
        "already delivered at level 3 where its target is 3 (service maturity): it keeps running"
    )));
    assert!(!item(&r, RiskManagement)
        .reasons
        .iter()
        .any(|r| r.text.contains("already delivered")));
    // Without the table, the same seven need two quarters.
    let r = roadmap(&s, Some(&existing));
    assert_eq!(r.items.iter().filter(|i| i.start == 1).count(), 5);
    // A new PMO's table, if it has one, does not exempt anything: it runs nothing yet.
    let new = Baseline {
        existing_pmo: Some(false),
        ..Baseline::default()
    };
    let r = build_roadmap(&s, &catalog(), Some(&new), &maturity, 4.0, CAPACITY);
    assert_eq!(r.items.iter().filter(|i| i.start == 1).count(), 3);
}

#[test]
fn a_regulated_industry_counts_without_an_intensity() {
    let b = Baseline {
        industry: Some(Industry::Healthcare),
        ..Baseline::default()
    };
    assert!(regulation(Some(&b), 4.0).unwrap().contains("healthcare"));
    assert_eq!(regulation(Some(&baseline(3.9)), 4.0), None);
    assert_eq!(regulation(None, 4.0), None);
}
