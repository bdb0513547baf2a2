//! The charter's content as data (`CharterJson`): every sentence of the chapter, derived from
//! the recommendation, the baseline and the roadmap. `charter.rs` draws it.
//!
//! Nothing is invented: an objective without a figure in the survey gets "to be measured in
//! the first quarter", and the targets are labelled as our proposals.

use crate::model::baseline::{CoverageScope, DecisionStyle, Mandate, Scenario};
use crate::model::maturity::category_maturity;
use crate::model::outcome::PerceptionHorizon;
use crate::model::prose::and_list;
use crate::model::recommendation::{ControlLevel, Recommendation};
use crate::model::roadmap::{Phase, Placement};
use crate::model::service::Priority;
use crate::model::survey::OrganizationInput;
use crate::report::build::charter::levels::{service_level, value_measure};
use crate::report::build::charter::resources::resources;
use crate::report::build::decisions::{no_pmo, phase_heading};
use crate::report::build::groups::more_autonomy;
use crate::report::build::roadmap::quarter_label;
use crate::report::build::{
    capitalize, horizon_text, num, opt, organization_name, priority_text, ranked, scope_text,
    signed, upper_first,
};
use crate::report::json::charter::{
    ApprovalJson, AutonomyJson, CatalogueRowJson, CharterJson, GovernanceJson, MandateJson,
    MeasureJson, ObjectiveJson, PhaseLineJson, RaciJson, RaciRowJson, RoleJson, ServiceLevelJson,
    StrategyJson,
};
use crate::report::ReportContext;

/// Objectives in the charter: the organization's top outcomes.
const OBJECTIVES: usize = 5;

/// The charter as data.
pub fn charter_json(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> CharterJson {
    let org = organization_name(input);
    let top: Vec<String> = rec
        .outcomes
        .iter()
        .take(3)
        .map(|o| ctx.catalog.outcome(o.outcome).name.to_lowercase())
        .collect();
    let mut customers: Vec<(u32, String)> = rec
        .groups
        .iter()
        .map(|g| {
            (
                input.groups.get(&g.group).map_or(0, |a| a.respondents),
                ctx.catalog.group(g.group).name.to_lowercase(),
            )
        })
        .collect();
    customers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let customers: Vec<String> = customers.into_iter().map(|(_, n)| n).collect();
    let strategy: Vec<String> = input
        .baseline
        .iter()
        .flat_map(|b| &b.strategic_outcomes)
        .map(|o| ctx.catalog.outcome(*o).name.to_lowercase())
        .collect();
    let must: Vec<String> = ranked(rec)
        .iter()
        .filter(|s| s.priority == Priority::Must)
        .map(|s| ctx.catalog.service(s.key).name.clone())
        .collect();
    let selected = ranked(rec).len();
    CharterJson {
        vision: format!(
            "{org} delivers the projects and programs its strategy needs, and its people see the PMO as a partner that makes that easier."
        ),
        mission: format!(
            "The PMO serves {} with a small set of services chosen from what they ask for{}, delivered at agreed service levels and adjusted every quarter from their feedback.",
            if customers.is_empty() { "its customer groups".to_string() } else { and_list(&customers) },
            if top.is_empty() { String::new() } else { format!(" ({})", and_list(&top)) }
        ),
        mandate: MandateJson {
            purpose: purpose_text(&org, &top, &strategy),
            authority: authority_text(input.baseline.as_ref().and_then(|b| b.mandate)).into(),
            coverage_scope: capitalize(scope_text(rec.profile.coverage_scope)),
            scope: format!(
                "In scope: the {selected} selected services (the must and should services first; the could services when capacity allows). Out of scope: the services marked \u{201C}not now\u{201D}, and running projects on the customers\u{2019} behalf except where a service below says so."
            ),
            primary_customers: customers.iter().map(|c| capitalize(c)).collect(),
        },
        objectives: objectives(ctx, input, rec),
        governance: governance(input, rec),
        strategy: StrategyJson {
            phases: Phase::ALL
                .iter()
                .map(|p| PhaseLineJson {
                    phase: p.as_str().into(),
                    label: phase_heading(*p).into(),
                    services: rec
                        .roadmap
                        .phase(*p)
                        .map(|i| ctx.catalog.service(i.service).name.clone())
                        .collect(),
                })
                .filter(|p| !p.services.is_empty())
                .collect(),
            autonomy: autonomy(ctx, input, rec),
        },
        // A could service the roadmap starts early, as groundwork a must or should builds
        // on, is in the catalogue too: the roadmap above lists it among the quick wins.
        catalogue: ranked(rec)
            .iter()
            .filter(|s| {
                s.priority != Priority::Could
                    || rec
                        .roadmap
                        .items
                        .iter()
                        .any(|i| i.service == s.key && i.placement == Placement::Enabler)
            })
            .map(|s| CatalogueRowJson {
                number: s.key.number(),
                service: ctx.catalog.service(s.key).name.clone(),
                category: capitalize(s.category.as_str()),
                priority: priority_text(s.priority).into(),
                horizon: horizon_text(s.horizon).into(),
                starts: rec
                    .roadmap
                    .item(s.key)
                    .map_or_else(String::new, |i| quarter_label(ctx.period, i.start)),
            })
            .collect(),
        service_levels: ranked(rec)
            .iter()
            .filter(|s| s.priority == Priority::Must)
            .map(|s| ServiceLevelJson {
                service: ctx.catalog.service(s.key).name.clone(),
                level: upper_first(service_level(s.key)),
            })
            .collect(),
        resources: resources(ctx, input, rec),
        roles: roles(input, &must),
        raci: raci(),
        success_measures: success_measures(ctx, input),
        success_note: "The targets are our suggestions to discuss, every limit stated: satisfaction half a point higher, but at least 3.5 and at most 5; a negative NPS 30 points higher, but not beyond 0 (a first step); a positive NPS 10 points higher, at most +100; service maturity at the assessed targets.".into(),
        review: review(ctx),
        approval: ApprovalJson {
            statement: "By signing, the sponsor gives the PMO the mandate, scope and resources above, and the PMO lead accepts the objectives, service levels and review cadence. The charter takes effect on the date of the last signature.".into(),
            signatories: vec!["Sponsor".into(), "PMO lead".into()],
        },
    }
}

/// The quarter by which an outcome's value should show, from its perception horizon.
fn due(horizon: PerceptionHorizon) -> u8 {
    match horizon {
        PerceptionHorizon::S | PerceptionHorizon::SM => 2,
        PerceptionHorizon::M => 4,
        PerceptionHorizon::ML | PerceptionHorizon::L => 6,
    }
}

fn objectives(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Vec<ObjectiveJson> {
    let first = quarter_label(ctx.period, 1);
    let mut objectives: Vec<ObjectiveJson> = rec
        .outcomes
        .iter()
        .take(OBJECTIVES)
        .map(|o| {
            let outcome = ctx.catalog.outcome(o.outcome);
            let (measure, target) = value_measure(o.outcome);
            ObjectiveJson {
                objective: outcome.name.clone(),
                importance: format!("{}/5", num(o.priority, 1)),
                measure: upper_first(measure),
                baseline: format!("To be measured in the first quarter ({first})"),
                target: format!("{target} (proposed)"),
                by: quarter_label(ctx.period, due(outcome.horizon)),
            }
        })
        .collect();
    // Perception: the one objective whose baseline the survey does give.
    let (satisfaction, _) = input.overall_answers();
    if let Some(mean) = satisfaction.mean() {
        // Without a PMO the customers rated the support they get today: say so.
        let (objective, today) = if no_pmo(input) {
            (
                "Customers value the new PMO",
                "; the support they get today",
            )
        } else {
            ("Customers value the PMO", "")
        };
        objectives.push(ObjectiveJson {
            objective: objective.into(),
            importance: String::new(),
            measure: "Mean customer satisfaction (1\u{2013}5), quarterly survey".into(),
            baseline: format!("{} (n = {}{today})", num(mean, 1), satisfaction.answered()),
            target: format!(
                "{} or more (proposed)",
                num((mean + 0.5).clamp(3.5, 5.0), 1)
            ),
            by: quarter_label(ctx.period, 4),
        });
    }
    objectives
}

fn governance(input: &OrganizationInput, rec: &Recommendation) -> GovernanceJson {
    let baseline = input.baseline.as_ref();
    if let Some(g) = &rec.governance {
        return GovernanceJson {
            sponsor: upper_first(&g.sponsor),
            decision_rights: upper_first(&g.decision_rights),
            escalation: upper_first(&g.escalation),
            cadence: upper_first(&g.cadence),
            note: format!(
                "Chosen by the rules: {}.",
                g.reasons
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
    }
    let sponsor = match rec.profile.coverage_scope {
        CoverageScope::Enterprise => {
            "A member of the executive committee, who chairs the PMO steering group."
        }
        CoverageScope::Divisional => "The head of the division, who chairs the PMO steering group.",
        CoverageScope::ProgramProject => "The program or project sponsor.",
    };
    let style = baseline.and_then(|b| b.decision_style);
    let decision_rights = match (style, rec.profile.control_level) {
        (Some(DecisionStyle::Consensus), _) => "A steering group with a representative of each primary customer group agrees the service catalogue, the standards and the roadmap; the PMO prepares the options and records the decisions.",
        (_, ControlLevel::Supportive) => "Customers keep the decisions on their own work; the PMO advises, and the sponsor approves the catalogue and the roadmap.",
        (_, ControlLevel::Controlling) => "The sponsor approves the catalogue, the standards and the roadmap; the PMO enforces the agreed standards and reviews compliance.",
        (_, ControlLevel::Directive) => "The sponsor gives the PMO authority to run the work it manages directly and to stop work that breaks the agreed standards.",
    };
    let low_risk_tolerance = baseline
        .and_then(|b| b.risk_tolerance)
        .is_some_and(|r| r < 2.5);
    let crisis = baseline
        .and_then(|b| b.scenario)
        .is_some_and(|s| matches!(s, Scenario::Crisis | Scenario::Decline | Scenario::Collapse));
    GovernanceJson {
        sponsor: sponsor.into(),
        decision_rights: decision_rights.into(),
        escalation: format!(
            "Project or program manager \u{2192} PMO lead \u{2192} {} within {} working days when an issue cannot be resolved at the level below.",
            if style == Some(DecisionStyle::Consensus) { "steering group" } else { "sponsor" },
            if low_risk_tolerance { 3 } else { 5 }
        ),
        cadence: if crisis {
            "Fortnightly steering meetings until satisfaction recovers, then monthly; the customer survey is repeated every quarter."
        } else {
            "Monthly steering meetings; a quarterly review of the portfolio with the repeated customer survey (one turn of the customer experience cycle)."
        }
        .into(),
        note: format!(
            "Fitted to a {} decision style and a {} PMO, the recommended control level (default: no rule chose the governance).",
            style.map_or("not stated".to_string(), |s| s.as_str().replace('_', "-")),
            rec.profile.control_level.as_str()
        ),
    }
}

fn autonomy(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Vec<AutonomyJson> {
    // Groups on the same step (same approach now, same next approach, same band) share one
    // line: seven near-identical sentences buried the one figure that differs.
    // (approach now, next step) → the groups on it, with their PM maturity.
    type Step = (String, String);
    type Members = Vec<(String, Option<f64>)>;
    let mut lines: Vec<(Step, Members)> = Vec::new();
    for g in &rec.groups {
        let now = ctx.catalog.approach(g.approach).name.to_lowercase();
        let maturity = input
            .groups
            .get(&g.group)
            .and_then(|a| a.pm_maturity.mean());
        // The bands of the rules' own table, so that an edited table moves them.
        let band =
            maturity.and_then(|m| rec.maturity_bands.iter().copied().find(|b| *b > m + 1e-9));
        let next = match (more_autonomy(g.approach), band) {
            (Some(next), Some(b)) => format!(
                "; {} becomes possible once their PM maturity reaches {}, the next band of the \
                 rules' maturity mapping; culture, risk and role also weigh (appendix C)",
                ctx.catalog.approach(next).name.to_lowercase(),
                num(b, 1)
            ),
            (Some(next), None) => format!(
                "; move to {} as their maturity grows",
                ctx.catalog.approach(next).name.to_lowercase()
            ),
            (None, _) => "; already the most autonomous approach".to_string(),
        };
        let name = ctx.catalog.group(g.group).name.clone();
        let key = (now, next);
        match lines.iter_mut().find(|(k, _)| *k == key) {
            Some((_, groups)) => groups.push((name, maturity)),
            None => lines.push((key, vec![(name, maturity)])),
        }
    }
    lines
        .into_iter()
        .map(|((now, next), groups)| {
            let names: Vec<String> = groups
                .iter()
                .map(|(name, m)| match m {
                    Some(m) => format!("{name} ({})", num(*m, 1)),
                    None => name.clone(),
                })
                .collect();
            AutonomyJson {
                group: and_list(&names),
                text: format!("{now} now{next}."),
            }
        })
        .collect()
}

fn roles(input: &OrganizationInput, must: &[String]) -> Vec<RoleJson> {
    let mut roles = vec![
        RoleJson {
            role: "Sponsor".into(),
            who: "The executive who signs this charter".into(),
            responsibilities: "Gives the mandate, approves the catalogue, resources and roadmap, and removes obstacles the PMO lead escalates.".into(),
        },
        RoleJson {
            role: "PMO lead".into(),
            who: if no_pmo(input) {
                "To be appointed by the sponsor".into()
            } else {
                "To be confirmed by the sponsor".into()
            },
            responsibilities: "Runs the PMO, owns the service catalogue and the quarterly reassessment, and reports to the sponsor against the objectives.".into(),
        },
    ];
    for service in must {
        roles.push(RoleJson {
            role: format!("Service owner: {service}"),
            who: "To be named by the PMO lead".into(),
            responsibilities:
                "Delivers the service to its service level, measures it and proposes improvements."
                    .into(),
        });
    }
    roles.push(RoleJson {
        role: "Customer group representatives".into(),
        who: "One per primary customer group".into(),
        responsibilities: "Speak for their group in the steering group, review the services and answer the quarterly survey.".into(),
    });
    roles
}

fn raci() -> RaciJson {
    let row = |activity: &str, codes: [&str; 4]| RaciRowJson {
        activity: activity.into(),
        assignments: codes.iter().map(|c| (*c).to_string()).collect(),
    };
    RaciJson {
        roles: vec![
            "PMO lead".into(),
            "Sponsor".into(),
            "Service owners".into(),
            "Customer groups".into(),
        ],
        rows: vec![
            row("Approve the charter and mandate", ["R", "A", "C", "C"]),
            row(
                "Set the service catalogue and priorities",
                ["R", "A", "C", "C"],
            ),
            row("Fund and staff the PMO", ["C", "A/R", "I", "I"]),
            row(
                "Deliver each service to its service level",
                ["A", "I", "R", "C"],
            ),
            row("Simplify or stop a service", ["A", "I", "R", "C"]),
            row("Escalate and resolve blocking issues", ["R", "A", "C", "I"]),
            row(
                "Run the quarterly survey and reassessment",
                ["A/R", "I", "C", "C"],
            ),
            row("Review and update the charter", ["R", "A", "C", "C"]),
        ],
    }
}

fn success_measures(ctx: &ReportContext<'_>, input: &OrganizationInput) -> Vec<MeasureJson> {
    let (satisfaction, nps) = input.overall_answers();
    let mut measures = vec![
        MeasureJson {
            measure: format!(
                "Customer satisfaction (mean, 1\u{2013}5; n = {})",
                satisfaction.answered()
            ),
            today: opt(satisfaction.mean(), 1),
            target: satisfaction.mean().map_or("3.5 or more".into(), |m| {
                format!("{} or more", num((m + 0.5).clamp(3.5, 5.0), 1))
            }),
        },
        MeasureJson {
            measure: format!(
                "Net Promoter Score (n = {}: {} promoters, {} detractors)",
                nps.answered(),
                nps.promoters(),
                nps.detractors()
            ),
            today: nps.score().map_or("\u{2013}".into(), signed),
            target: nps.score().map_or("0 or more".into(), |s| {
                format!(
                    "{} or more",
                    signed(if s < 0.0 {
                        (s + 30.0).min(0.0)
                    } else {
                        (s + 10.0).min(100.0)
                    })
                )
            }),
        },
        MeasureJson {
            measure: "Respondents to the quarterly survey".into(),
            today: input.respondents().to_string(),
            target: format!("{} or more, every group represented", input.respondents()),
        },
    ];
    for c in category_maturity(ctx.catalog, &input.service_maturity) {
        measures.push(MeasureJson {
            measure: format!("{} service maturity", capitalize(c.category.as_str())),
            today: format!("{}%", num(c.current_percent, 0)),
            target: format!("{}%", num(c.target_percent, 0)),
        });
    }
    measures
}

fn review(ctx: &ReportContext<'_>) -> Vec<String> {
    vec![
        format!(
            "Every quarter, after the customer survey is repeated (first after {}): the PMO lead compares each objective\u{2019}s measure with its baseline and target, and each must service with its service level, and proposes changes to services, priorities, approaches and resources; the sponsor approves them at the next steering meeting.",
            quarter_label(ctx.period, 1)
        ),
        "The quarterly reassessment is one turn of the customer experience cycle: the gap between the value delivered and the value customers perceive decides what the next quarter changes.".into(),
        format!(
            "A full revision once a year (by {}), or sooner when the scenario changes (a new sponsor, a reorganization, a crisis or a new regulation), or when a must service misses its service level two quarters running.",
            quarter_label(ctx.period, 4)
        ),
        "Each revision is versioned, signed again in the Approval block, and shared with the customer groups.".into(),
    ]
}

/// The charter's purpose: the customers' top outcomes, in support of the stated strategy.
fn purpose_text(org: &str, top_outcomes: &[String], strategy: &[String]) -> String {
    let mut text = if top_outcomes.is_empty() {
        format!("Help {org} deliver its projects and programs better")
    } else {
        format!("Help {org} achieve {}", and_list(top_outcomes))
    };
    if !strategy.is_empty() {
        text.push_str(&format!(
            ", in support of its stated strategy ({})",
            and_list(strategy)
        ));
    }
    text.push('.');
    text
}

/// What the PMO may enforce, from the mandate the baseline states.
fn authority_text(mandate: Option<Mandate>) -> &'static str {
    match mandate {
        None => "Not stated in the baseline: agree with the sponsor what the PMO may enforce and what it only advises on.",
        Some(Mandate::NoMandate) => "None yet: until the sponsor signs this charter the PMO advises and persuades; it enforces nothing.",
        Some(Mandate::Advisory) => "Advisory: the PMO advises and supports, and directs delivery teams only where a service below says so.",
        Some(Mandate::Delegated) => "Delegated by executives on the PMO's processes (portfolio intake, governance, benefits); decision rights stay with executives.",
    }
}
