//! The default rules in `rules/` on hand-built organizations: outcome priorities, service
//! scores and priorities, approaches, profile and alerts, determinism and threads.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use pmo_advisor::ingest::read_catalog;
use pmo_advisor::model::approach::Approach;
use pmo_advisor::model::baseline::{Baseline, CoverageScope, Disagreement, Industry, Scenario};
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::organization::OrganizationId;
use pmo_advisor::model::outcome::OutcomeKey;
use pmo_advisor::model::recommendation::{AlertLevel, Recommendation};
use pmo_advisor::model::scale::{Likert, NpsAnswer};
use pmo_advisor::model::service::{Priority, ServiceKey};
use pmo_advisor::model::survey::{GroupAnswers, OrganizationInput, Respondent};
use pmo_advisor::rules::{RuleSet, RuleSettings};

fn rules_with(settings: RuleSettings) -> RuleSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = Arc::new(read_catalog(&root.join("data/catalog")).unwrap());
    RuleSet::load(&root.join("rules"), catalog, settings)
        .unwrap_or_else(|e| panic!("default rules compile: {e:?}"))
}

fn rules() -> RuleSet {
    rules_with(RuleSettings::default())
}

fn likert(v: u8) -> Option<Likert> {
    Likert::new(v)
}

/// `n` respondents of one group, all with the same maturity, satisfaction, NPS and answers.
fn group(
    n: u32,
    maturity: u8,
    satisfaction: u8,
    nps: u8,
    answers: &[(OutcomeKey, u8)],
) -> GroupAnswers {
    let mut g = GroupAnswers::default();
    for _ in 0..n {
        let mut r = Respondent {
            pm_maturity: likert(maturity),
            satisfaction: likert(satisfaction),
            nps: NpsAnswer::new(nps),
            ..Respondent::default()
        };
        for (o, v) in answers {
            r.outcomes[o.index()] = likert(*v);
        }
        g.add(r);
    }
    g
}

fn baseline(industry: Industry, regulatory: f64, maturity: f64, scenario: Scenario) -> Baseline {
    Baseline {
        organization_name: Some("Test org".into()),
        industry: Some(industry),
        pm_maturity: Some(maturity),
        coverage_scope: Some(CoverageScope::Enterprise),
        risk_tolerance: Some(3.0),
        change_readiness: Some(3.0),
        regulatory_intensity: Some(regulatory),
        scenario: Some(scenario),
        existing_pmo: Some(true),
        respondents: 3,
        ..Baseline::default()
    }
}

fn answers() -> Vec<(OutcomeKey, u8)> {
    use OutcomeKey as O;
    vec![
        (O::ProjectPrioritization, 5),
        (O::StrategicAlignment, 4),
        (O::ProgressVisibility, 4),
        (O::SuccessRates, 4),
        (O::GovernanceCompliance, 3),
        (O::RiskExposureReduction, 3),
        (O::QualityOfResults, 3),
        (O::KnowledgeTransfer, 2),
        (O::TalentManagement, 2),
    ]
}

fn org(id: &str, b: Option<Baseline>, maturity: u8) -> OrganizationInput {
    let mut input = OrganizationInput::new(OrganizationId::new(id).unwrap());
    input.baseline = b;
    input.groups.insert(
        CustomerGroup::ProjectManager,
        group(12, maturity, 4, 9, &answers()),
    );
    input.groups.insert(
        CustomerGroup::Executive,
        group(6, maturity, 4, 10, &answers()),
    );
    input
}

fn position(rec: &Recommendation, key: ServiceKey) -> usize {
    let mut ranked: Vec<(f64, usize)> = rec
        .services
        .iter()
        .map(|s| (-s.score, s.key.index()))
        .collect();
    ranked.sort_by(|a, b| a.partial_cmp(b).unwrap());
    ranked.iter().position(|(_, i)| *i == key.index()).unwrap()
}

#[test]
fn every_service_in_catalog_order_with_reasons() {
    let rec = rules()
        .evaluate(&org(
            "a",
            Some(baseline(Industry::It, 2.0, 3.0, Scenario::Growing)),
            3,
        ))
        .unwrap();
    assert_eq!(rec.services.len(), 26);
    for (s, key) in rec.services.iter().zip(ServiceKey::ALL) {
        assert_eq!(s.key, *key);
        assert!(!s.reasons.is_empty(), "{key} has no reason");
        assert!(s.reasons.iter().all(|r| !r.text.trim().is_empty()));
    }
    let groups: Vec<CustomerGroup> = rec.groups.iter().map(|g| g.group).collect();
    assert_eq!(
        groups,
        [CustomerGroup::ProjectManager, CustomerGroup::Executive]
    );
    assert!(rec.services.iter().any(|s| s.priority == Priority::Must));
    // The top service is a must and the reason says why in business terms.
    let top = rec
        .services
        .iter()
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .unwrap();
    assert_eq!(top.priority, Priority::Must);
    assert!(
        top.reasons
            .iter()
            .any(|r| r.text.contains("/5") && r.text.contains("our formula")),
        "{:?}",
        top.reasons
    );
    let rule = top.reasons[0].rule.as_ref().unwrap();
    assert!(rule.file.ends_with("20_services.rhai") && rule.line > 0);
    // Organization-wide outcomes, highest first.
    assert_eq!(rec.outcomes[0].outcome, OutcomeKey::ProjectPrioritization);
    assert_eq!(rec.outcomes[0].priority, 5.0);
    assert!(rec.groups[0].top_outcomes.len() <= 5);
    assert_eq!(
        rec.groups[0].top_outcomes[0].outcome,
        OutcomeKey::ProjectPrioritization
    );
}

#[test]
fn regulated_healthcare_ranks_control_services_higher_than_it() {
    let rules = rules();
    let health = rules
        .evaluate(&org(
            "h",
            Some(baseline(Industry::Healthcare, 5.0, 3.0, Scenario::Growing)),
            3,
        ))
        .unwrap();
    let it = rules
        .evaluate(&org(
            "i",
            Some(baseline(Industry::It, 1.0, 3.0, Scenario::Growing)),
            3,
        ))
        .unwrap();
    // Regulation sets a floor on the control services' priority; it never invents demand.
    for key in [
        ServiceKey::GovernanceOversight,
        ServiceKey::RiskManagement,
        ServiceKey::AuditAssessments,
        ServiceKey::QualityAssurance,
        ServiceKey::ChangeControlManagement,
    ] {
        assert!(
            matches!(
                health.service(key).priority,
                Priority::Must | Priority::Should
            ),
            "{key}"
        );
        assert_eq!(health.service(key).score, it.service(key).score, "{key}");
        assert!(
            health.service(key).priority <= it.service(key).priority,
            "{key}"
        );
    }
    assert!(health
        .service(ServiceKey::QualityAssurance)
        .reasons
        .iter()
        .any(|r| r
            .text
            .contains("regulatory intensity 5/5: regulated work needs")));
    assert_eq!(
        it.service(ServiceKey::QualityAssurance).priority,
        Priority::NotNow
    );
}

#[test]
fn crisis_raises_a_critical_alert_first_and_favours_quick_wins() {
    let rules = rules();
    let crisis = rules
        .evaluate(&org(
            "c",
            Some(baseline(Industry::It, 2.0, 3.0, Scenario::Crisis)),
            3,
        ))
        .unwrap();
    assert_eq!(crisis.alerts[0].level, AlertLevel::Critical);
    assert_eq!(crisis.alerts[0].code, "crisis_scenario");
    let calm = rules
        .evaluate(&org(
            "d",
            Some(baseline(Industry::It, 2.0, 3.0, Scenario::Thriving)),
            3,
        ))
        .unwrap();
    assert!(calm.alerts.iter().all(|a| a.level != AlertLevel::Critical));
    // A crisis starts with a focused portfolio and the guide's remedies, not more control.
    let now = |r: &Recommendation| {
        r.services
            .iter()
            .filter(|s| matches!(s.priority, Priority::Must | Priority::Should))
            .count()
    };
    assert!(now(&crisis) <= 7, "{}", now(&crisis));
    assert!(now(&crisis) <= now(&calm));
    let codes: Vec<&str> = crisis.advice.iter().map(|a| a.code.as_str()).collect();
    for code in [
        "health_check",
        "reengage_customers",
        "revise_value_proposition",
    ] {
        assert!(codes.contains(&code), "{codes:?}");
    }
    assert!(calm.advice.iter().all(|a| a.code != "health_check"));
    let decline = rules
        .evaluate(&org(
            "e",
            Some(baseline(Industry::It, 2.0, 3.0, Scenario::Decline)),
            3,
        ))
        .unwrap();
    assert_eq!(decline.alerts[0].level, AlertLevel::Warning);
}

#[test]
fn low_maturity_gets_directive_or_controlling_approaches() {
    let rules = rules();
    let low = rules
        .evaluate(&org(
            "l",
            Some(baseline(Industry::It, 2.0, 1.5, Scenario::Growing)),
            2,
        ))
        .unwrap();
    for g in &low.groups {
        assert!(!g.service_approaches.is_empty());
        if g.group == CustomerGroup::Executive {
            // Executives keep their decision rights whatever their maturity.
            assert!(
                g.service_approaches
                    .values()
                    .all(|a| *a <= Approach::Facilitative),
                "{:?}",
                g.service_approaches
            );
            continue;
        }
        assert_eq!(g.approach, Approach::Directive, "{:?}", g.group);
        assert!(g
            .service_approaches
            .values()
            .all(|a| *a == Approach::Directive));
    }
    let high = rules
        .evaluate(&org(
            "m",
            Some(baseline(Industry::It, 2.0, 4.5, Scenario::Growing)),
            5,
        ))
        .unwrap();
    assert!(high
        .groups
        .iter()
        .all(|g| g.approach == Approach::Consultative));
    // No delivery capacity: the PMO runs project management.
    let none = rules
        .evaluate(&org(
            "n",
            Some(baseline(Industry::It, 2.0, 1.0, Scenario::Growing)),
            1,
        ))
        .unwrap();
    for g in &none.groups {
        if let Some(a) = g.service_approaches.get(&ServiceKey::ProjectManagement) {
            assert_eq!(*a, Approach::Managed);
        }
    }
}

#[test]
fn profile_mix_sums_to_one_and_labels_are_an_aid() {
    let rec = rules()
        .evaluate(&org(
            "p",
            Some(baseline(Industry::It, 2.0, 3.0, Scenario::Growing)),
            3,
        ))
        .unwrap();
    let mix = rec.profile.category_mix;
    assert!(
        (mix.strategic + mix.tactical + mix.operational - 1.0).abs() < 1e-3,
        "{mix:?}"
    );
    assert_eq!(rec.profile.coverage_scope, CoverageScope::Enterprise);
    assert!(!rec.profile.labels.is_empty());
    assert!(rec
        .profile
        .reasons
        .iter()
        .any(|r| r.text.contains("an aid only")));
}

#[test]
fn alerts_for_few_respondents_low_satisfaction_nps_and_disagreement() {
    let mut b = baseline(Industry::It, 2.0, 3.0, Scenario::Growing);
    b.disagreements = vec![Disagreement {
        field: "pm_maturity".into(),
        answers: vec![("3".into(), 2), ("1".into(), 1)],
        chosen: "3".into(),
    }];
    let mut input = org("q", Some(b), 3);
    input.groups.insert(
        CustomerGroup::ProjectTeamMember,
        group(3, 2, 2, 2, &answers()),
    );
    input.groups.insert(
        CustomerGroup::FunctionalManager,
        group(8, 2, 2, 3, &answers()),
    );
    let rec = rules().evaluate(&input).unwrap();
    let codes: Vec<(&str, AlertLevel)> = rec
        .alerts
        .iter()
        .map(|a| (a.code.as_str(), a.level))
        .collect();
    assert!(
        codes.contains(&("few_respondents", AlertLevel::Warning)),
        "{codes:?}"
    );
    assert!(codes.contains(&("low_satisfaction", AlertLevel::Warning)));
    // Eight answers can carry a critical NPS; three cannot.
    assert!(codes.contains(&("negative_nps", AlertLevel::Critical)));
    let nps = |g: CustomerGroup| {
        rec.alerts
            .iter()
            .find(|a| a.code == "negative_nps" && a.group == Some(g))
            .unwrap()
    };
    assert_eq!(
        nps(CustomerGroup::FunctionalManager).level,
        AlertLevel::Critical
    );
    assert_eq!(
        nps(CustomerGroup::ProjectTeamMember).level,
        AlertLevel::Warning
    );
    assert!(nps(CustomerGroup::ProjectTeamMember)
        .reason
        .text
        .contains("(n = 3): 100% detractors"));
    assert!(codes.contains(&("baseline_disagreement", AlertLevel::Info)));
    let levels: Vec<AlertLevel> = rec.alerts.iter().map(|a| a.level).collect();
    let mut sorted = levels.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(levels, sorted, "most serious first");
    let few = rec
        .alerts
        .iter()
        .find(|a| a.code == "few_respondents")
        .unwrap();
    assert_eq!(few.group, Some(CustomerGroup::ProjectTeamMember));
}

#[test]
fn missing_baseline_warns_and_defaults_are_explained() {
    let rec = rules().evaluate(&org("x", None, 3)).unwrap();
    assert!(rec
        .alerts
        .iter()
        .any(|a| a.code == "missing_baseline" && a.level == AlertLevel::Warning));
    assert_eq!(rec.profile.coverage_scope, CoverageScope::Enterprise);
    assert!(rec
        .profile
        .reasons
        .iter()
        .any(|r| r.text.contains("enterprise assumed")));
}

#[test]
fn no_answers_at_all_still_gives_a_full_recommendation() {
    let input = OrganizationInput::new(OrganizationId::new("empty").unwrap());
    let rec = rules().evaluate(&input).unwrap();
    assert_eq!(rec.services.len(), 26);
    assert!(rec.services.iter().all(|s| s.priority == Priority::NotNow));
    assert!(rec.groups.is_empty());
    assert_eq!(rec.profile.category_mix.strategic, 0.0);
}

#[test]
fn params_and_group_weights_change_the_outcome() {
    use OutcomeKey as O;
    let mut input = OrganizationInput::new(OrganizationId::new("w").unwrap());
    input.groups.insert(
        CustomerGroup::Executive,
        group(
            5,
            3,
            4,
            9,
            &[(O::StrategicAlignment, 5), (O::ProgressVisibility, 1)],
        ),
    );
    input.groups.insert(
        CustomerGroup::ProjectManager,
        group(
            5,
            3,
            4,
            9,
            &[(O::StrategicAlignment, 1), (O::ProgressVisibility, 5)],
        ),
    );
    let flat = rules().evaluate(&input).unwrap();
    assert_eq!(flat.outcomes[0].priority, 3.0);
    let settings = RuleSettings {
        group_weights: BTreeMap::from([(CustomerGroup::Executive, 3.0)]),
        params: BTreeMap::from([("must_cutoff".to_string(), 0.99)]),
        ..RuleSettings::default()
    };
    let weighted = rules_with(settings).evaluate(&input).unwrap();
    assert_eq!(weighted.outcomes[0].outcome, O::StrategicAlignment);
    assert_eq!(weighted.outcomes[0].priority, 4.0);
    assert!(
        weighted.outcomes[0].reasons[0].text.contains("weight 3"),
        "{:?}",
        weighted.outcomes[0].reasons
    );
    let musts = |r: &Recommendation| {
        r.services
            .iter()
            .filter(|s| s.priority == Priority::Must)
            .count()
    };
    assert!(musts(&weighted) <= musts(&flat));
}

#[test]
fn deterministic_and_thread_safe() {
    let rules = Arc::new(rules());
    let inputs: Vec<OrganizationInput> = (0..8)
        .map(|i| {
            let scenario = if i % 2 == 0 {
                Scenario::Crisis
            } else {
                Scenario::Thriving
            };
            org(
                &format!("o{i}"),
                Some(baseline(Industry::Healthcare, 4.0, 2.0, scenario)),
                (i % 5 + 1) as u8,
            )
        })
        .collect();
    let single: Vec<Recommendation> = inputs.iter().map(|i| rules.evaluate(i).unwrap()).collect();
    let again: Vec<Recommendation> = inputs.iter().map(|i| rules.evaluate(i).unwrap()).collect();
    assert_eq!(single, again);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let rules = Arc::clone(&rules);
            let inputs = inputs.clone();
            std::thread::spawn(move || {
                inputs
                    .iter()
                    .map(|i| rules.evaluate(i).unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), single);
    }
    // Each organization evaluated first by a fresh rule set (every script's call sites
    // resolved from scratch) is what the warmed one gives after the others, in any order.
    for (input, warmed) in inputs.iter().zip(&single).rev() {
        assert_eq!(
            &self::rules().evaluate(input).unwrap(),
            warmed,
            "{}",
            input.id
        );
        assert_eq!(&rules.evaluate(input).unwrap(), warmed, "{}", input.id);
    }
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RuleSet>();
}

/// Rough throughput check (the real figures come from `benches/`): run with
/// `cargo test --release --test rules_default -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    // PMO_RULES_DIR times another folder (to compare variants of the rules).
    let rules = match std::env::var_os("PMO_RULES_DIR") {
        Some(dir) => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let catalog = Arc::new(read_catalog(&root.join("data/catalog")).unwrap());
            RuleSet::load(Path::new(&dir), catalog, RuleSettings::default()).unwrap()
        }
        None => rules(),
    };
    let mut input = org(
        "t",
        Some(baseline(Industry::Healthcare, 4.0, 2.5, Scenario::Crisis)),
        3,
    );
    let all: Vec<(OutcomeKey, u8)> = OutcomeKey::ALL
        .iter()
        .map(|o| (*o, (o.index() % 5 + 1) as u8))
        .collect();
    for g in CustomerGroup::ALL {
        input
            .groups
            .insert(*g, group(30, (g.index() % 5 + 1) as u8, 3, 8, &all));
    }
    let n = 1000;
    let started = std::time::Instant::now();
    for _ in 0..n {
        rules.evaluate(&input).unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:.0} organizations per second ({:.0} µs each)",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
}

#[test]
fn the_ranking_follows_what_customers_rank_high_not_link_counts() {
    // Customers rank prioritization and alignment highest and knowledge transfer lowest:
    // methodologies (nine links, among them the lowest-rated outcomes) must not lead.
    let rec = rules()
        .evaluate(&org(
            "r",
            Some(baseline(Industry::It, 1.0, 3.0, Scenario::Thriving)),
            3,
        ))
        .unwrap();
    let portfolio = position(&rec, ServiceKey::PortfolioManagement);
    let methods = position(&rec, ServiceKey::MethodologiesAndFrameworksManagement);
    assert!(portfolio < methods, "{portfolio} vs {methods}");
    assert_eq!(
        rec.service(ServiceKey::PortfolioManagement).priority,
        Priority::Must
    );
    assert_ne!(
        rec.service(ServiceKey::KnowledgeManagement).priority,
        Priority::Must
    );
    let methods = rec.service(ServiceKey::MethodologiesAndFrameworksManagement);
    assert!(methods
        .reasons
        .iter()
        .any(|r| r.text.contains("its other linked outcomes rank low here")));
}

#[test]
fn the_charters_maturity_bands_follow_the_rules_table() {
    // Issue 10: charter thresholds come from the rules' own tables, so an edited maturity
    // mapping moves the "next band starts at" figure.
    assert_eq!(rules().maturity_bands(), [1.5, 2.5, 3.5, 4.5]);
    let rec = rules().evaluate(&org("acme", None, 3)).unwrap();
    assert_eq!(
        rec.maturity_bands,
        [1.5, 2.5, 3.5, 4.5],
        "the report gets them"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("rules");
    for sub in ["", "lib", "tables"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join("rules").join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, copy.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let table = copy.join("tables/approach_by_maturity.csv");
    let text = std::fs::read_to_string(&table).unwrap();
    std::fs::write(
        &table,
        text.replace(">= 2.5,facilitative", ">= 3,facilitative"),
    )
    .unwrap();
    let catalog = Arc::new(read_catalog(&root.join("data/catalog")).unwrap());
    let edited = RuleSet::load(&copy, catalog, RuleSettings::default()).unwrap();
    assert_eq!(edited.maturity_bands(), [1.5, 3.0, 3.5, 4.5]);
}
