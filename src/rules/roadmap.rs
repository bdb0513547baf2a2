//! The roadmap: a post-evaluation step that sequences the selected services by phase and
//! quarter. It runs in the host after the scripts, on what they decided (priorities, horizons)
//! and on the catalog's dependency table, so the one sequencing rule lives here:
//!
//! 1. **Urgency.** A service's priority and horizon give its phase: a `must` with a short or
//!    medium horizon and a `should` with a short one start next quarter (quarter 1: a `must`
//!    is funded now); a `must` with a long horizon, a `should` with a medium one and a `could`
//!    with a short one start in the next two to three quarters (quarter 2); the rest later
//!    (quarter 4).
//! 2. **Dependency.** A service starts at least one quarter after every selected service it
//!    depends on (`dependencies.csv`), which may move it into a later phase. A dependency on
//!    a service that is not selected does not delay it; the reason says to check the
//!    capability exists.
//! 3. **Regulatory override.** Where work is regulated (regulatory intensity at or above
//!    `params.regulatory_threshold`, or, without an intensity answer, a usually regulated
//!    industry: the scripts' own test), the selected compliance services (governance
//!    oversight, quality assurance, risk management, audit assessments, change control) start
//!    in quarter 1 whatever their dependencies: the deadline does not wait, and the services
//!    they build on start when their own turn comes.
//!
//! Each item's reasons say which step placed it, citing `sequencing rule:<step>` as their
//! location; a dependency's reason carries its table row (`dependencies.csv:<row>`), for the
//! appendix trace. Deterministic: catalog order breaks every tie.

use crate::model::baseline::{Baseline, Industry};
use crate::model::catalog::Catalog;
use crate::model::decision::{Reason, RuleLocation};
use crate::model::recommendation::ServiceDecision;
use crate::model::roadmap::{Phase, Placement, Roadmap, RoadmapItem};
use crate::model::service::{Horizon, Priority, ServiceKey};

/// The compliance services a regulatory deadline brings forward (the scripts'
/// `context::control_services()`).
pub const COMPLIANCE_SERVICES: [ServiceKey; 5] = [
    ServiceKey::GovernanceOversight,
    ServiceKey::QualityAssurance,
    ServiceKey::RiskManagement,
    ServiceKey::AuditAssessments,
    ServiceKey::ChangeControlManagement,
];

/// Industries whose work is usually regulated, used only without an intensity answer (the
/// scripts' `context::regulation`).
const REGULATED_INDUSTRIES: [Industry; 4] = [
    Industry::FinancialServices,
    Industry::Healthcare,
    Industry::Government,
    Industry::Energy,
];

/// Why the work counts as regulated, or `None`.
pub fn regulation(baseline: Option<&Baseline>, threshold: f64) -> Option<String> {
    let b = baseline?;
    match (b.regulatory_intensity, b.industry) {
        (Some(v), _) if v >= threshold => Some(format!(
            "regulatory intensity {:.1}/5 (at or above {threshold:.1})",
            v
        )),
        (Some(_), _) => None,
        (None, Some(i)) if REGULATED_INDUSTRIES.contains(&i) => Some(format!(
            "a usually regulated industry ({}; no regulatory intensity given)",
            i.as_str().replace('_', " ")
        )),
        _ => None,
    }
}

/// The phase that urgency alone gives (step 1).
fn urgency_phase(priority: Priority, horizon: Horizon) -> Phase {
    match (priority, horizon) {
        // A must is funded now, so it starts now unless it is a long build.
        (Priority::Must, Horizon::Short | Horizon::Medium) | (Priority::Should, Horizon::Short) => {
            Phase::QuickWins
        }
        (Priority::Must, _) | (Priority::Should, Horizon::Medium) | (_, Horizon::Short) => {
            Phase::Next
        }
        _ => Phase::Later,
    }
}

/// Quarters a service takes to set up, from its horizon.
fn build_quarters(horizon: Horizon) -> u8 {
    match horizon {
        Horizon::Short => 1,
        Horizon::Medium => 2,
        Horizon::Long => 3,
    }
}

fn phase_words(phase: Phase) -> &'static str {
    match phase {
        Phase::QuickWins => "quick wins (the next quarter)",
        Phase::Next => "the next two to three quarters",
        Phase::Later => "the later phase",
    }
}

/// The location a reason cites for a step of the sequencing rule (`sequencing rule:2`), so
/// the reasons trace tells the three steps apart from the scripts' rules and host defaults.
fn step(n: u32) -> Option<RuleLocation> {
    Some(RuleLocation {
        file: "sequencing rule".into(),
        line: n,
        column: 1,
    })
}

fn label(catalog: &Catalog, s: ServiceKey) -> String {
    format!("S{} {}", s.number(), catalog.service(s).name)
}

/// Sequences the selected services (steps 1–3 of the module doc).
pub fn build_roadmap(
    services: &[ServiceDecision],
    catalog: &Catalog,
    baseline: Option<&Baseline>,
    regulatory_threshold: f64,
) -> Roadmap {
    let regulation = regulation(baseline, regulatory_threshold);
    let selected: Vec<&ServiceDecision> = services
        .iter()
        .filter(|s| s.priority.is_selected())
        .collect();
    let is_selected = |k: ServiceKey| selected.iter().any(|s| s.key == k);
    let mut start = [0u8; ServiceKey::COUNT];
    let mut items: Vec<RoadmapItem> = Vec::new();
    for s in &selected {
        let phase = urgency_phase(s.priority, s.horizon);
        let mut reasons = vec![Reason::new(
            format!(
                "{} priority with a {} horizon: by urgency it belongs to {}",
                s.priority.as_str().replace('_', " "),
                s.horizon.as_str(),
                phase_words(phase)
            ),
            step(1),
        )];
        let mut placement = Placement::Urgency;
        start[s.key.index()] = phase.first_quarter();
        if let (Some(why), true) = (&regulation, COMPLIANCE_SERVICES.contains(&s.key)) {
            placement = Placement::Regulatory;
            start[s.key.index()] = 1;
            reasons.push(Reason::new(
                format!(
                    "{why}: a compliance service starts in the next quarter, ahead of its dependencies (the regulatory deadline overrides the sequence)"
                ),
                step(3),
            ));
        }
        items.push(RoadmapItem {
            service: s.key,
            phase,
            start: start[s.key.index()],
            build_quarters: build_quarters(s.horizon),
            placement,
            depends_on: Vec::new(),
            reasons,
        });
    }
    // Step 2: push each service after the selected services it depends on. The table has no
    // cycle (checked when it is read), so this settles within one pass per service; the bound
    // keeps a hand-built catalog with a cycle from looping.
    for _ in 0..ServiceKey::COUNT {
        let mut moved = false;
        for item in items
            .iter()
            .filter(|i| i.placement != Placement::Regulatory)
        {
            for dep in catalog
                .dependencies()
                .iter()
                .filter(|d| d.service == item.service)
            {
                if is_selected(dep.depends_on) {
                    let after = start[dep.depends_on.index()].saturating_add(1);
                    if start[item.service.index()] < after {
                        start[item.service.index()] = after;
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    for item in &mut items {
        let key = item.service;
        let was = item.start;
        item.start = start[key.index()];
        if item.start != was {
            item.placement = Placement::Dependency;
        }
        item.phase = Phase::of_quarter(item.start);
        for dep in catalog.dependencies().iter().filter(|d| d.service == key) {
            let location = Some(RuleLocation {
                file: "dependencies.csv".into(),
                line: u32::try_from(dep.row).unwrap_or(u32::MAX),
                column: 1,
            });
            let other = label(catalog, dep.depends_on);
            let text = if !is_selected(dep.depends_on) {
                format!(
                    "builds on {other}, which is not selected this period: check that the capability exists ({})",
                    dep.why
                )
            } else if item.placement == Placement::Regulatory {
                item.depends_on.push(dep.depends_on);
                if start[dep.depends_on.index()] <= item.start {
                    format!("builds on {other}, which starts alongside it ({})", dep.why)
                } else {
                    format!(
                        "builds on {other}, but starts without waiting for it because the regulatory deadline comes first ({})",
                        dep.why
                    )
                }
            } else {
                item.depends_on.push(dep.depends_on);
                format!(
                    "starts after {other}, which starts in quarter {} ({})",
                    start[dep.depends_on.index()],
                    dep.why
                )
            };
            item.reasons.push(Reason::new(text, location));
        }
        if item.placement == Placement::Dependency {
            item.reasons.push(Reason::new(
                format!(
                    "so it starts in quarter {} ({})",
                    item.start,
                    phase_words(item.phase)
                ),
                step(2),
            ));
        }
    }
    items.sort_by(|a, b| {
        let sa = &services[a.service.index()];
        let sb = &services[b.service.index()];
        a.start
            .cmp(&b.start)
            .then(sa.priority.cmp(&sb.priority))
            .then(sa.horizon.cmp(&sb.horizon))
            .then(a.service.cmp(&b.service))
    });
    Roadmap {
        items,
        regulated: regulation.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let r = build_roadmap(&s, &catalog(), None, 4.0);
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
        // which is a should with a medium horizon (quarter 2): it moves to quarter 3.
        let s = services(&[
            (PerformanceManagement, Must, Short),
            (DataAnalyticsAndReporting, Should, Medium),
            (BenefitsRealizationManagement, Must, Medium),
            (AuditAssessments, Must, Short),
        ]);
        let r = build_roadmap(&s, &catalog(), None, 4.0);
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
                    .is_some_and(|l| l.file == "dependencies.csv")
            })
            .expect("the dependency row is cited");
        assert_eq!(reason.rule.as_ref().unwrap().file, "dependencies.csv");
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
        // Not regulated: audit waits for governance (quarter 4 → 5).
        let r = build_roadmap(&s, &catalog(), Some(&baseline(3.0)), 4.0);
        assert!(!r.regulated);
        assert_eq!(item(&r, GovernanceOversight).start, 4);
        assert_eq!(item(&r, AuditAssessments).start, 5);
        // Regulated: both compliance services start in quarter 1, ahead of the sequence,
        // and come first; the others keep their dependency order.
        let r = build_roadmap(&s, &catalog(), Some(&baseline(5.0)), 4.0);
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
        assert_eq!(item(&r, PerformanceManagement).start, 3);
        assert!(position(&r, AuditAssessments) < position(&r, DataAnalyticsAndReporting));
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
}
