//! "Decisions for the sponsor": the one page a sponsor acts on, right after the executive
//! summary. The decisions asked (mandate and scope, services to fund now, what to simplify or
//! stop, who to appoint), the most serious risks of not acting, and the next steps by horizon
//! with the role that owns each.
//!
//! Everything is derived from the recommendation (advice, governance, priorities, actions,
//! mandate, alerts, roadmap), never from one sample organization: a generic sentence is
//! chosen by what the rules decided, and the organization's own figures come from the alert
//! texts. The page is built as data first (`DecisionsJson`), so the JSON carries the same
//! page and the PDF section is drawn from it.

use crate::model::baseline::{Mandate, Scenario};
use crate::model::prose::and_list;
use crate::model::recommendation::{ActionKind, Recommendation, ServiceDecision};
use crate::model::roadmap::Phase;
use crate::model::service::{Priority, ServiceKey};
use crate::model::survey::OrganizationInput;
use crate::report::build::quarter_label;
use crate::report::build::{capitalize, col, ranked, scope_text, section, upper_first};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table};
use crate::report::json::decisions::{DecisionsJson, NextStepJson, SponsorDecisionJson};
use crate::report::ReportContext;

mod risks;

/// The section's title (tests and the outline look for it).
pub const DECISIONS_TITLE: &str = "Decisions for the sponsor";
/// At most this many risks on the page.
const MAX_RISKS: usize = 3;
/// Steps above which the general closing step is left out, so the page stays one page.
const MAX_STEPS: usize = 8;
/// At most this many advised steps among the quick wins (the page stays one page).
const MAX_ADVICE_STEPS: usize = 2;
/// More must and should services than this spread a first-year PMO thin (the rules'
/// `focus_cap` default).
const FOCUS: usize = 7;
/// At most this many services named in one sentence; the roadmap lists them all.
const MAX_NAMED: usize = 5;

/// Service names, at most `MAX_NAMED`, then "and N more".
pub(super) fn service_names(ctx: &ReportContext<'_>, keys: &[ServiceKey]) -> String {
    first_names(ctx, keys, MAX_NAMED)
}

/// Service names, at most `max`, then "and N more".
fn first_names(ctx: &ReportContext<'_>, keys: &[ServiceKey], max: usize) -> String {
    // "and 1 more" takes the room of the name it hides.
    let max = if keys.len() == max + 1 { max + 1 } else { max };
    let mut names: Vec<String> = keys
        .iter()
        .take(max)
        .map(|k| ctx.catalog.service(*k).name.clone())
        .collect();
    if keys.len() > max {
        names.push(format!("{} more", keys.len() - max));
    }
    and_list(&names)
}

/// Whether the organization has no PMO yet (the baseline says so, or the scenario is
/// potential), as the rules' `context::no_pmo` reads it.
pub(super) fn no_pmo(input: &OrganizationInput) -> bool {
    input
        .baseline
        .as_ref()
        .is_some_and(|b| b.existing_pmo == Some(false) || b.scenario == Some(Scenario::Potential))
}

/// Whether the organization has a PMO today, as far as the baseline says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// A PMO exists.
    Pmo,
    /// No PMO yet.
    NoPmo,
    /// The baseline does not say (or there is none).
    Unknown,
}

fn standing(input: &OrganizationInput) -> Standing {
    if no_pmo(input) {
        Standing::NoPmo
    } else if input
        .baseline
        .as_ref()
        .and_then(|b| b.existing_pmo)
        .is_some()
    {
        Standing::Pmo
    } else {
        Standing::Unknown
    }
}

/// The words that differ with the standing: (exists, none yet, unknown).
fn by_standing<'a>(standing: Standing, pmo: &'a str, none: &'a str, unknown: &'a str) -> &'a str {
    match standing {
        Standing::Pmo => pmo,
        Standing::NoPmo => none,
        Standing::Unknown => unknown,
    }
}

fn keys(services: &[&ServiceDecision]) -> Vec<ServiceKey> {
    services.iter().map(|s| s.key).collect()
}

/// The sponsor's page as data.
pub fn sponsor_decisions(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> DecisionsJson {
    let standing = standing(input);
    let selected = ranked(rec);
    let must: Vec<&ServiceDecision> = selected
        .iter()
        .copied()
        .filter(|s| s.priority == Priority::Must)
        .collect();
    let should: Vec<&ServiceDecision> = selected
        .iter()
        .copied()
        .filter(|s| s.priority == Priority::Should)
        .collect();
    let simplify: Vec<ServiceKey> = rec
        .services
        .iter()
        .filter(|s| s.actions.iter().any(|a| a.kind == ActionKind::Simplify))
        .map(|s| s.key)
        .collect();
    // Services assessed as delivered today that the rules leave out of this period (those
    // already named for simplifying are not counted twice).
    let stop: Vec<ServiceKey> = rec
        .services
        .iter()
        .filter(|s| s.priority == Priority::NotNow && !simplify.contains(&s.key))
        .filter(|s| {
            input
                .service_maturity
                .get(&s.key)
                .and_then(|m| m.current)
                .is_some()
        })
        .map(|s| s.key)
        .collect();

    let mut decisions = vec![mandate_decision(ctx, input, rec, standing)];
    decisions.push(fund_decision(ctx, rec, &must, &should));
    if !simplify.is_empty() || !stop.is_empty() {
        let mut asks = Vec::new();
        if !simplify.is_empty() {
            asks.push(format!(
                "simplify {} where customers report a process burden (fewer steps and documents)",
                first_names(ctx, &simplify, 4)
            ));
        }
        if !stop.is_empty() {
            asks.push(if stop.len() > 3 {
                // Many of them run at level 1 and some keep projects going day to day: a
                // blanket "pause" is not advice a consultant would sign.
                format!(
                    "review the {} other services delivered today that customers did not rank high: keep what projects rely on daily, pause the rest and move the effort to the funded services",
                    stop.len()
                )
            } else {
                format!(
                    "review {}, delivered today but not ranked high by customers: keep what projects rely on daily, pause the rest and move the effort to the funded services",
                    service_names(ctx, &stop)
                )
            });
        }
        decisions.push(SponsorDecisionJson {
            kind: "simplify".into(),
            title: "What to simplify or stop".into(),
            ask: format!("{}.", upper_first(&asks.join("; "))),
            services: simplify
                .iter()
                .chain(&stop)
                .map(|k| k.as_str().to_string())
                .collect(),
        });
    }
    decisions.push(appoint_decision(ctx, rec, &must, standing));

    DecisionsJson {
        intro: format!(
            "The {} decisions asked of the sponsor, the risks of not acting, and who does what next.",
            decisions.len()
        ),
        decisions,
        risks: risks::risks(ctx, input, rec, standing == Standing::NoPmo),
        next_steps: next_steps(ctx, rec, standing, &simplify),
    }
}

fn mandate_decision(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    standing: Standing,
) -> SponsorDecisionJson {
    let scope = scope_text(rec.profile.coverage_scope);
    let customers: Vec<String> = rec
        .groups
        .iter()
        .map(|g| ctx.catalog.group(g.group).name.to_lowercase())
        .collect();
    let mandate = input.baseline.as_ref().and_then(|b| b.mandate);
    let authority = match (mandate, rec.profile.control_level.as_str()) {
        (Some(Mandate::Delegated), _) => {
            "keep the authority delegated to it on its own processes, with decision rights staying with executives"
        }
        (_, "supportive") => "advise and support; customers keep the decisions on their own work",
        _ => "set and enforce the standards the sponsor approves, on the services that need control",
    };
    let verb = by_standing(
        standing,
        "Confirm the PMO's mandate",
        "Set up a PMO",
        "Agree the PMO's mandate",
    );
    let article = if scope.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    // Without a stated coverage the scope is the rules' default: asking the sponsor to
    // "confirm an enterprise-wide scope" would present an assumption as a finding.
    let scope = if input
        .baseline
        .as_ref()
        .is_some_and(|b| b.coverage_scope.is_some())
    {
        format!("with {article} {scope} scope")
    } else {
        format!("and its scope (the baseline does not state one; the rules assumed {article} {scope} scope)")
    };
    SponsorDecisionJson {
        kind: "mandate".into(),
        title: "Mandate and scope".into(),
        ask: format!(
            "{verb} {scope}, serving {}: it should {authority}.",
            match customers.len() {
                0 => "the customer groups to be surveyed".to_string(),
                1..=3 => and_list(&customers),
                n => format!("its {n} customer groups"),
            }
        ),
        services: Vec::new(),
    }
}

fn fund_decision(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    must: &[&ServiceDecision],
    should: &[&ServiceDecision],
) -> SponsorDecisionJson {
    // A should (or could) service that the roadmap starts next quarter (a quick win, or a
    // compliance service under a regulatory deadline) needs its funding now too.
    let early: Vec<&ServiceDecision> = rec
        .roadmap
        .items
        .iter()
        .filter(|i| i.start <= 1)
        .map(|i| rec.service(i.service))
        .filter(|s| s.priority != Priority::Must)
        .collect();
    let later = should
        .iter()
        .filter(|s| !early.iter().any(|e| e.key == s.key))
        .count();
    let (ask, funded) = if !must.is_empty() {
        let mut text = format!(
            "Fund the {} now: {}",
            if must.len() == 1 {
                "one must service".to_string()
            } else {
                format!("{} must services", must.len())
            },
            service_names(ctx, &keys(must))
        );
        // Funded now is not started now: where capacity or a dependency moves a must later,
        // say so, or the ask contradicts the roadmap two pages on.
        let starts: Vec<u8> = must
            .iter()
            .filter_map(|s| rec.roadmap.item(s.key))
            .map(|i| i.start)
            .collect();
        let waiting = starts.iter().filter(|&&q| q > 1).count();
        if let (true, Some(&last)) = (waiting > 0, starts.iter().max()) {
            let by = quarter_label(ctx.period, last);
            text.push_str(&match starts.len() - waiting {
                0 => format!(" (the roadmap starts them by {by})"),
                now => format!(
                    " ({now} of them start next quarter; the roadmap starts the other {} by {by})",
                    if waiting == 1 {
                        "one".to_string()
                    } else {
                        waiting.to_string()
                    }
                ),
            });
        }
        if !early.is_empty() {
            text.push_str(&format!(
                "; and the {} that start next quarter: {}",
                if early.len() == 1 {
                    "service".to_string()
                } else {
                    format!("{} other services", early.len())
                },
                service_names(ctx, &keys(&early))
            ));
        }
        text.push('.');
        match later {
            0 => {}
            1 => text.push_str(
                " The other should service follows on the roadmap, funded at a later review.",
            ),
            n => text.push_str(&format!(
                " The other {n} should services follow on the roadmap, funded at a later review."
            )),
        }
        let mut funded = keys(must);
        funded.extend(keys(&early));
        (text, funded)
    } else if !should.is_empty() {
        (
            format!(
                "No service reached must. Fund the first should services, starting with the roadmap's quick wins: {}.",
                service_names(ctx, &keys(should))
            ),
            keys(should),
        )
    } else {
        (
            "No service was selected: agree the first two or three services with the customer groups before funding anything.".to_string(),
            Vec::new(),
        )
    };
    SponsorDecisionJson {
        kind: "fund".into(),
        title: "Services to fund now".into(),
        ask,
        services: funded.iter().map(|k| k.as_str().to_string()).collect(),
    }
}

fn appoint_decision(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    must: &[&ServiceDecision],
    standing: Standing,
) -> SponsorDecisionJson {
    let lead = by_standing(
        standing,
        "Confirm the PMO lead, accountable to the sponsor",
        "Appoint a PMO lead, accountable to the sponsor, to set the PMO up",
        "Appoint or confirm a PMO lead, accountable to the sponsor",
    );
    let owners = if must.is_empty() {
        "name a service owner for each service funded".to_string()
    } else {
        format!(
            "name a service owner for each must service ({})",
            service_names(ctx, &keys(must))
        )
    };
    let steering = match &rec.governance {
        Some(g) => format!(" Sponsor, as the governance proposes: {}.", g.sponsor),
        None => String::new(),
    };
    SponsorDecisionJson {
        kind: "appoint".into(),
        title: "Who to appoint".into(),
        ask: format!("{lead}, and {owners}, each accountable for its service level.{steering}"),
        services: must.iter().map(|s| s.key.as_str().to_string()).collect(),
    }
}

/// The role that owns an advised step.
fn advice_owner(code: &str) -> &'static str {
    match code {
        "build_readiness" | "start_small" | "agree_mandate" => "Sponsor",
        "compliance_control" => "PMO lead with the compliance service owners",
        _ => "PMO lead",
    }
}

fn next_steps(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    standing: Standing,
    simplify: &[ServiceKey],
) -> Vec<NextStepJson> {
    let step = |phase: Phase, action: String, owner: &str| NextStepJson {
        horizon: phase.as_str().into(),
        action,
        owner: owner.into(),
    };
    let mut steps = vec![step(
        Phase::QuickWins,
        by_standing(
            standing,
            "Confirm the PMO lead; sign the revised charter once the customer groups have reviewed it",
            "Appoint the PMO lead; sign the charter once the customer groups have reviewed it",
            "Appoint or confirm the PMO lead; sign the charter once the customer groups have reviewed it",
        )
        .into(),
        "Sponsor",
    )];
    // The first advised steps (the rest are in the body and the JSON's `advice`); simplifying
    // has its own step below, and validating with customers is the mandate decision's review.
    for a in rec
        .advice
        .iter()
        .filter(|a| a.code != "reduce_friction" && a.code != "validate_with_customers")
        .take(MAX_ADVICE_STEPS)
    {
        steps.push(step(
            Phase::QuickWins,
            upper_first(&a.reason.text),
            advice_owner(&a.code),
        ));
    }
    let in_phase =
        |phase: Phase| -> Vec<ServiceKey> { rec.roadmap.phase(phase).map(|i| i.service).collect() };
    let quick = in_phase(Phase::QuickWins);
    if !quick.is_empty() {
        steps.push(step(
            Phase::QuickWins,
            format!(
                "{} {}",
                by_standing(
                    standing,
                    "Start or strengthen",
                    "Launch",
                    "Start or strengthen"
                ),
                service_names(ctx, &quick)
            ),
            "Service owners",
        ));
    }
    if !simplify.is_empty() {
        steps.push(step(
            Phase::QuickWins,
            format!(
                "Simplify the {} named in decision 3 with the delivery groups",
                if simplify.len() == 1 {
                    "service"
                } else {
                    "services"
                }
            ),
            "PMO lead",
        ));
    }
    let next = in_phase(Phase::Next);
    if !next.is_empty() {
        steps.push(step(
            Phase::Next,
            format!("Set up {}", service_names(ctx, &next)),
            "Service owners",
        ));
    }
    steps.push(step(
        Phase::Next,
        "Repeat the customer survey every quarter and report the change against the charter's objectives".into(),
        "PMO lead",
    ));
    let later = in_phase(Phase::Later);
    if !later.is_empty() {
        steps.push(step(
            Phase::Later,
            format!(
                "Add {} once the first services deliver",
                service_names(ctx, &later)
            ),
            "PMO lead, with the sponsor's approval",
        ));
    }
    // The general step only while the page has room (the charter's path to autonomy says it).
    if steps.len() < MAX_STEPS {
        steps.push(step(
            Phase::Later,
            "Move each customer group toward more autonomy as its maturity grows, and revisit the charter".into(),
            "Sponsor and PMO lead",
        ));
    }
    steps
}

/// The phase's heading on the page.
pub(super) fn phase_heading(phase: Phase) -> &'static str {
    match phase {
        Phase::QuickWins => "Quick wins (next quarter)",
        Phase::Next => "Next two to three quarters",
        Phase::Later => "Later",
    }
}

/// The page, drawn from its data.
pub(super) fn decisions_section(page: &DecisionsJson) -> Section {
    let mut blocks = vec![
        Block::Paragraph(Paragraph::text(page.intro.clone())),
        Block::Heading("Decisions asked".into()),
        Block::Bullets(
            page.decisions
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    Paragraph::spans(vec![
                        Span::strong(format!("{}. {}: ", i + 1, d.title)),
                        Span::normal(d.ask.clone()),
                    ])
                })
                .collect(),
        ),
    ];
    if !page.risks.is_empty() {
        blocks.push(Block::Heading("Risks of not acting".into()));
        blocks.push(Block::Bullets(
            page.risks
                .iter()
                .map(|r| {
                    Paragraph::spans(vec![
                        Span::strong(format!("{}: ", capitalize(&r.level))),
                        Span::normal(r.text.clone()),
                    ])
                })
                .collect(),
        ));
    }
    blocks.push(Block::Heading("Next steps and who owns them".into()));
    let mut rows = Vec::new();
    for &phase in Phase::ALL {
        for (i, step) in page
            .next_steps
            .iter()
            .filter(|s| s.horizon == phase.as_str())
            .enumerate()
        {
            rows.push(vec![
                if i == 0 {
                    Cell::strong(phase_heading(phase))
                } else {
                    Cell::text("")
                },
                Cell::text(format!("{}.", step.action.trim_end_matches('.'))),
                Cell::text(step.owner.clone()),
            ]);
        }
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            col("When", 1.3, Align::Left),
            col("Step", 5.0, Align::Left),
            col("Owner", 1.5, Align::Left),
        ],
        rows,
        compact: true,
    }));
    section(DECISIONS_TITLE, 1, true, blocks)
}
