//! A draft PMO charter assembled from the results, following the Value Ring's three
//! structural components: mandate (why), governance (who and when) and strategy (what and
//! how: a phased roadmap), plus the initial service catalogue and success measures.
//!
//! It is labelled a draft to discuss: the wording here turns results into proposals, and the
//! PMO lead, sponsor and customer groups decide. The targets it proposes are our suggestions.

use crate::model::baseline::{CoverageScope, DecisionStyle, Mandate, Scenario};
use crate::model::maturity::category_maturity;
use crate::model::recommendation::{ControlLevel, Recommendation, ServiceDecision};
use crate::model::service::{Horizon, Priority};
use crate::model::survey::OrganizationInput;
use crate::report::build::groups::more_autonomy;
use crate::report::build::upper_first;

use crate::report::build::{
    capitalize, col, horizon_text, num, opt, organization_name, priority_text, ranked, scope_text,
    section, signed,
};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table};
use crate::report::ReportContext;

/// The roadmap phase of a service: quick wins first, then medium- and long-horizon services.
pub(super) fn phase(s: &ServiceDecision) -> (u8, &'static str) {
    match s.horizon {
        Horizon::Short => (1, "Phase 1: next quarter"),
        Horizon::Medium => (2, "Phase 2: within two to three quarters"),
        Horizon::Long => (3, "Phase 3: within a year and beyond"),
    }
}

fn names(ctx: &ReportContext<'_>, services: &[&ServiceDecision]) -> String {
    services
        .iter()
        .map(|s| ctx.catalog.service(s.key).name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn charter_sections(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Vec<Section> {
    let org = organization_name(input);
    let baseline = input.baseline.as_ref();
    let selected = ranked(rec);
    let mut sections = vec![section(
        "Draft PMO charter",
        1,
        true,
        vec![
            Block::Callout { draft: true, text: Paragraph::spans(vec![
                Span::strong("Draft to discuss. "),
                Span::normal("This charter is assembled from the survey results and the rules\u{2019} recommendations. It is a starting point for the PMO lead, the sponsor and the customer groups to change and agree, not an approved document."),
            ]) },
            Block::Paragraph(Paragraph::text(
                "It follows the three structural components of the PMO Value Ring: the mandate says why the PMO exists and for whom, governance says who decides and when, and the strategy says what the PMO offers and how it grows.",
            )),
        ],
    )];

    // Mandate.
    let top_outcomes: Vec<String> = rec
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
    let strategy: Vec<String> = input
        .baseline
        .iter()
        .flat_map(|b| &b.strategic_outcomes)
        .map(|o| ctx.catalog.outcome(*o).name.to_lowercase())
        .collect();
    let mut mandate = vec![Block::Facts(vec![
        (
            "Purpose".into(),
            purpose_text(&org, &top_outcomes, &strategy),
        ),
        (
            "Authority".into(),
            authority_text(input.baseline.as_ref().and_then(|b| b.mandate)).into(),
        ),
        (
            "Coverage scope".into(),
            capitalize(scope_text(rec.profile.coverage_scope)),
        ),
        (
            "Primary customers".into(),
            capitalize(
                &customers
                    .iter()
                    .map(|(_, n)| n.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
    ])];
    if !rec.outcomes.is_empty() {
        mandate.push(Block::Heading(
            "Objectives, from the outcomes customers rate highest".into(),
        ));
        mandate.push(Block::Bullets(
            rec.outcomes
                .iter()
                .take(5)
                .map(|o| {
                    Paragraph::spans(vec![
                        Span::normal(ctx.catalog.outcome(o.outcome).name.clone()),
                        Span::note(format!(" \u{2013} importance {}/5", num(o.priority, 1))),
                    ])
                })
                .collect(),
        ));
    }
    sections.push(section("Mandate", 2, false, mandate));

    // Governance.
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
    let escalation = format!(
        "Project or program manager \u{2192} PMO lead \u{2192} {} within {} working days when an issue cannot be resolved at the level below.",
        if style == Some(DecisionStyle::Consensus) { "steering group" } else { "sponsor" },
        if low_risk_tolerance { 3 } else { 5 }
    );
    let crisis = baseline
        .and_then(|b| b.scenario)
        .is_some_and(|s| matches!(s, Scenario::Crisis | Scenario::Decline | Scenario::Collapse));
    let cadence = if crisis {
        "Fortnightly steering meetings until satisfaction recovers, then monthly; the customer survey is repeated every quarter."
    } else {
        "Monthly steering meetings; a quarterly review of the portfolio with the repeated customer survey (one turn of the customer experience cycle)."
    };
    sections.push(section(
        "Governance",
        2,
        false,
        vec![
            Block::Facts(match &rec.governance {
                Some(g) => vec![
                    ("Sponsor".into(), upper_first(&g.sponsor)),
                    ("Decision rights".into(), upper_first(&g.decision_rights)),
                    ("Escalation".into(), upper_first(&g.escalation)),
                    ("Review cadence".into(), upper_first(&g.cadence)),
                ],
                None => vec![
                    ("Sponsor".into(), sponsor.into()),
                    ("Decision rights".into(), decision_rights.into()),
                    ("Escalation".into(), escalation),
                    ("Review cadence".into(), cadence.into()),
                ],
            }),
            Block::Paragraph(Paragraph::spans(vec![Span::note(match &rec.governance {
                Some(g) => format!(
                    "Chosen by the rules: {}.",
                    g.reasons
                        .iter()
                        .map(|r| r.text.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                None => format!(
                    "Fitted to a {} decision style and the recommended {} control level (default: no rule chose the governance).",
                    style.map_or("not stated".to_string(), |s| s.as_str().replace('_', "-")),
                    rec.profile.control_level.as_str()
                ),
            })])),
        ],
    ));

    // Strategy: the phased roadmap and the path to autonomy.
    let mut roadmap_rows = Vec::new();
    for p in 1..=3u8 {
        let in_phase: Vec<&ServiceDecision> = selected
            .iter()
            .copied()
            .filter(|s| phase(s).0 == p && s.priority != Priority::Could)
            .collect();
        let later: Vec<&ServiceDecision> = selected
            .iter()
            .copied()
            .filter(|s| phase(s).0 == p && s.priority == Priority::Could)
            .collect();
        if in_phase.is_empty() && later.is_empty() {
            continue;
        }
        let label = selected
            .iter()
            .find(|s| phase(s).0 == p)
            .map_or("", |s| phase(s).1);
        let mut text = names(ctx, &in_phase);
        if !later.is_empty() {
            if !text.is_empty() {
                text.push_str(". ");
            }
            text.push_str(&format!("When capacity allows: {}", names(ctx, &later)));
        }
        roadmap_rows.push(vec![Cell::strong(label), Cell::text(text)]);
    }
    let mut strategy = vec![Block::Paragraph(Paragraph::text(
        "Quick wins come first, to show value early and earn trust; medium- and long-horizon services follow as the PMO and its customers mature. Must and should services lead each phase.",
    ))];
    if !roadmap_rows.is_empty() {
        strategy.push(Block::Table(Table {
            columns: vec![
                col("Phase", 1.6, Align::Left),
                col("Services", 5.0, Align::Left),
            ],
            rows: roadmap_rows,
            compact: false,
        }));
    }
    if !rec.groups.is_empty() {
        strategy.push(Block::Heading(
            "Toward more autonomy, group by group".into(),
        ));
        strategy.push(Block::Bullets(
            rec.groups
                .iter()
                .map(|g| {
                    let name = ctx.catalog.group(g.group).name.clone();
                    let now = ctx.catalog.approach(g.approach).name.to_lowercase();
                    let maturity = input
                        .groups
                        .get(&g.group)
                        .and_then(|a| a.pm_maturity.mean());
                    // The bands of the rules' own table, so that an edited table moves them.
                    let band = maturity
                        .and_then(|m| rec.maturity_bands.iter().copied().find(|b| *b > m + 1e-9));
                    let next = match (more_autonomy(g.approach), maturity, band) {
                        (Some(next), Some(m), Some(b)) => format!(
                            "; {} becomes possible as their PM maturity grows: the next band of \
                             the rules' maturity mapping (rules/tables/approach_by_maturity.csv) \
                             starts at {} (now {}), and culture, risk and role also weigh \
                             (appendix C)",
                            ctx.catalog.approach(next).name.to_lowercase(),
                            num(b, 1),
                            num(m, 1)
                        ),
                        (Some(next), _, _) => format!(
                            "; move to {} as their maturity grows",
                            ctx.catalog.approach(next).name.to_lowercase()
                        ),
                        (None, _, _) => "; already the most autonomous approach".to_string(),
                    };
                    Paragraph::spans(vec![
                        Span::strong(format!("{name}: ")),
                        Span::normal(format!("{now} now{next}.")),
                    ])
                })
                .collect(),
        ));
    }
    sections.push(section("Strategy and roadmap", 2, false, strategy));

    // Initial service catalogue.
    let catalogue_rows: Vec<Vec<Cell>> = selected
        .iter()
        .filter(|s| s.priority != Priority::Could)
        .map(|s| {
            vec![
                Cell::text(format!("S{}", s.key.number())),
                Cell::text(ctx.catalog.service(s.key).name.clone()),
                Cell::text(capitalize(s.category.as_str())),
                Cell::text(priority_text(s.priority)),
                Cell::text(horizon_text(s.horizon)),
                Cell::text(format!("Phase {}", phase(s).0)),
            ]
        })
        .collect();
    let catalogue = if catalogue_rows.is_empty() {
        vec![Block::Paragraph(Paragraph::text(
            "No must or should service was selected; agree the first services with the sponsor.",
        ))]
    } else {
        vec![
            Block::Paragraph(Paragraph::text(
                "The must and should services; the could services join when capacity allows.",
            )),
            Block::Table(Table {
                columns: vec![
                    col("#", 0.5, Align::Left),
                    col("Service", 3.2, Align::Left),
                    col("Category", 1.2, Align::Left),
                    col("Priority", 0.9, Align::Left),
                    col("Horizon", 1.1, Align::Left),
                    col("Phase", 0.8, Align::Left),
                ],
                rows: catalogue_rows,
                compact: true,
            }),
        ]
    };
    sections.push(section("Initial service catalogue", 2, false, catalogue));

    // Success measures.
    let (satisfaction, nps) = input.overall_answers();
    let mut measures = vec![
        vec![
            Cell::text("Customer satisfaction (mean, 1\u{2013}5)"),
            Cell::text(opt(satisfaction.mean(), 1)),
            Cell::text(satisfaction.mean().map_or("3.5 or more".into(), |m| {
                format!("{} or more", num((m + 0.5).clamp(3.5, 5.0), 1))
            })),
        ],
        vec![
            Cell::text("Net Promoter Score"),
            Cell::text(nps.score().map_or("\u{2013}".into(), signed)),
            Cell::text(nps.score().map_or("0 or more".into(), |s| {
                format!(
                    "{} or more",
                    signed(if s < 0.0 {
                        (s + 30.0).min(0.0)
                    } else {
                        (s + 10.0).min(100.0)
                    })
                )
            })),
        ],
        vec![
            Cell::text("Respondents to the quarterly survey"),
            Cell::text(input.respondents().to_string()),
            Cell::text(format!(
                "{} or more, every group represented",
                input.respondents()
            )),
        ],
    ];
    for c in category_maturity(ctx.catalog, &input.service_maturity) {
        measures.push(vec![
            Cell::text(format!(
                "{} service maturity",
                capitalize(c.category.as_str())
            )),
            Cell::text(format!("{}%", num(c.current_percent, 0))),
            Cell::text(format!("{}%", num(c.target_percent, 0))),
        ]);
    }
    sections.push(section(
        "Success measures",
        2,
        false,
        vec![
            Block::Paragraph(Paragraph::spans(vec![
                Span::normal("How the sponsor and the customers will see whether the PMO delivers. "),
                Span::note("The targets are our suggestions to discuss, every limit stated: satisfaction half a point higher, but at least 3.5 and at most 5; a negative NPS 30 points higher, but not beyond 0 (a first step); a positive NPS 10 points higher, at most +100; service maturity at the assessed targets."),
            ])),
            Block::Table(Table {
                columns: vec![col("Measure", 3.0, Align::Left), col("Today", 1.0, Align::Right), col("Target for next year", 2.0, Align::Left)],
                rows: measures,
                compact: false,
            }),
        ],
    ));
    sections
}

/// The charter's purpose: the customers' top outcomes, in support of the stated strategy.
fn purpose_text(org: &str, top_outcomes: &[String], strategy: &[String]) -> String {
    let mut text = if top_outcomes.is_empty() {
        format!("Help {org} deliver its projects and programs better")
    } else {
        format!("Help {org} achieve {}", top_outcomes.join(", "))
    };
    if !strategy.is_empty() {
        text.push_str(&format!(
            ", in support of its stated strategy ({})",
            strategy.join(", ")
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
