//! The executive summary: one page that makes the recommendation obvious — the profile, the
//! headline figures, the top services with a one-line reason each, the figures per customer
//! group, the service-maturity percentages and the alerts.
//!
//! Lists are capped so that the page never runs over; the full lists follow in the body.

use std::collections::BTreeMap;

use crate::model::customer::CustomerGroup;
use crate::model::maturity::category_maturity;
use crate::model::recommendation::{ActionKind, AlertLevel, Recommendation, ServiceDecision};
use crate::model::roadmap::Placement;
use crate::model::service::Priority;
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::report::build::groups::{indicative, INDICATIVE_BELOW};
use crate::report::build::roadmap::quarter_label;
use crate::report::build::trends::short_group;
use crate::report::build::{
    col, horizon_text, labels_sentence, level_text, num, opt, priority_text, ranked, rated_subject,
    section, short_verdict, signed, upper_first,
};
use crate::report::document::{Align, Block, Cell, Figure, Paragraph, Section, Span, Table};
use crate::report::ReportContext;

/// Top services shown on the summary page.
const TOP_SERVICES: usize = 3;
/// Alert lines shown on the summary page at most (alerts of one kind share a line); fewer,
/// down to one, when the page would run over (`build_document_fitted`).
pub(super) const ALERT_LINES: usize = 3;
/// Advice lines shown on the summary page (the full list is in the JSON and the body).
const ADVICE_LINES: usize = 2;
/// Simplify and improve lines shown on the summary page.
const ACTION_LINES: usize = 2;
/// Lines under "What to do first" in all (advice first, then actions; the body has the rest).
const FIRST_LINES: usize = 3;

/// The one-line reason for a service: the outcomes behind it that customers rate highest
/// (computed from the catalog's links, so it reads the same whatever the rules' wording).
pub(super) fn one_line_reason(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    s: &ServiceDecision,
) -> String {
    let wanted: Vec<String> = rec
        .outcomes
        .iter()
        .filter(|o| ctx.catalog.outcome(o.outcome).services.contains(&s.key))
        .take(2)
        .map(|o| {
            format!(
                "{} ({})",
                ctx.catalog.outcome(o.outcome).name.to_lowercase(),
                num(o.priority, 1)
            )
        })
        .collect();
    if wanted.is_empty() {
        format!("score {}", num(s.score, 1))
    } else {
        format!("customers want {}", wanted.join(" and "))
    }
}

/// The executive summary, with `alert_lines` alert lines (one at least).
pub(super) fn executive_summary(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    alert_lines: usize,
) -> Section {
    let count = |p: Priority| rec.services.iter().filter(|s| s.priority == p).count();
    let (satisfaction, nps) = input.overall_answers();
    let mut blocks = vec![
        Block::Callout {
            draft: false,
            text: Paragraph::spans(vec![
                Span::strong("Recommended PMO profile: "),
                Span::normal(summary_verdict(&rec.profile)),
            ]),
        },
        Block::Figures(vec![
            Figure {
                value: input.respondents().to_string(),
                label: format!("respondents in {} customer groups", rec.groups.len()),
            },
            // Must and should are what starts now; `could` follows once they deliver. Counting
            // all three as "selected" told a start-small PMO it had 16 services to launch.
            Figure {
                value: format!("{}", count(Priority::Must) + count(Priority::Should)),
                label: format!(
                    "of 26 services now: {} must, {} should; {}",
                    count(Priority::Must),
                    count(Priority::Should),
                    could_follow(rec, count(Priority::Could))
                ),
            },
            Figure {
                value: opt(satisfaction.mean(), 1),
                // The figure label has two lines: the short subject keeps the n visible.
                label: format!(
                    "satisfaction with {} (1\u{2013}5), n = {}",
                    if rated_subject(input) == "the PMO" {
                        "the PMO"
                    } else {
                        "today's support"
                    },
                    satisfaction.answered()
                ),
            },
            Figure {
                value: nps.score().map_or("\u{2013}".into(), signed),
                label: format!(
                    "NPS, n = {}: {} promoters, {} detractors",
                    nps.answered(),
                    nps.promoters(),
                    nps.detractors()
                ),
            },
        ]),
    ];

    // The steps advised, then what to simplify or improve; the draft note closes the list (it
    // is always advised, so it is not repeated as a bullet).
    let mut first: Vec<Paragraph> = rec
        .advice
        .iter()
        .take(ADVICE_LINES)
        .map(|a| Paragraph::text(upper_first(&a.reason.text)))
        .collect();
    let room = FIRST_LINES.saturating_sub(first.len()).min(ACTION_LINES);
    first.extend(action_lines(ctx, rec).into_iter().take(room));
    blocks.push(Block::Heading(
        "What to do first (a draft to validate with each customer group)".into(),
    ));
    if !first.is_empty() {
        blocks.push(Block::Bullets(first));
    }

    blocks.push(Block::Heading("Services to offer first".into()));
    let top: Vec<Paragraph> = ranked(rec)
        .into_iter()
        .filter(|s| matches!(s.priority, Priority::Must | Priority::Should))
        .take(TOP_SERVICES)
        .map(|s| {
            Paragraph::spans(vec![
                Span::strong(format!("{} ", ctx.catalog.service(s.key).name)),
                Span::note(format!(
                    "{}{} \u{b7} {}: ",
                    priority_text(s.priority).to_lowercase(),
                    if s.borderline { " (borderline)" } else { "" },
                    starts(ctx, rec, s)
                )),
                Span::normal(one_line_reason(ctx, rec, s)),
            ])
        })
        .collect();
    if top.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "The rules selected no must or should service this period.",
        )));
    } else {
        blocks.push(Block::Bullets(top));
    }

    if !rec.groups.is_empty() {
        blocks.push(Block::Heading(format!(
            "Key figures per customer group (* indicative: under {INDICATIVE_BELOW} answers)"
        )));
        let rows = rec
            .groups
            .iter()
            .map(|g| {
                let a = input.groups.get(&g.group);
                vec![
                    Cell::text(ctx.catalog.group(g.group).name.clone()),
                    Cell::text(a.map_or("0".into(), |a| a.respondents.to_string())),
                    Cell::text(opt(a.and_then(|a| a.pm_maturity.mean()), 1)),
                    Cell::text(with_n(
                        opt(a.and_then(|a| a.satisfaction.mean()), 1),
                        a.map_or(0, |a| a.satisfaction.answered()),
                        rec,
                        g.group,
                    )),
                    Cell::text(nps_cell(a, rec, g.group)),
                    Cell::text(ctx.catalog.approach(g.approach).name.clone()),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                col("Customer group", 3.1, Align::Left),
                col("Respondents", 1.45, Align::Right),
                col("PM maturity", 1.1, Align::Right),
                col("Satisfaction (n)", 1.3, Align::Right),
                col("NPS (n): P promoters, D detractors", 2.0, Align::Right),
                col("Approach", 1.2, Align::Left),
            ],
            rows,
            compact: true,
        }));
    }

    let categories = category_maturity(ctx.catalog, &input.service_maturity);
    if !categories.is_empty() {
        let parts: Vec<String> = categories
            .iter()
            .map(|c| {
                format!(
                    "{} {}% ({}%)",
                    c.category.as_str(),
                    num(c.current_percent, 0),
                    num(c.target_percent, 0)
                )
            })
            .collect();
        blocks.push(Block::Paragraph(Paragraph::spans(vec![
            Span::strong("Maturity (target): "),
            Span::normal(format!("{}.", parts.join(", "))),
        ])));
    }

    blocks.extend(alert_blocks(input, rec, alert_lines));
    section("Executive summary", 1, true, blocks)
}

/// A figure with its number of answers, marked `*` when indicative only.
fn with_n(value: String, n: u32, rec: &Recommendation, group: CustomerGroup) -> String {
    if n == 0 {
        value
    } else if indicative(rec, group, n) {
        format!("{value} ({n})*")
    } else {
        format!("{value} ({n})")
    }
}

/// `−61 (18): 2 P, 13 D`: the score, its n, promoters and detractors.
fn nps_cell(a: Option<&GroupAnswers>, rec: &Recommendation, group: CustomerGroup) -> String {
    match a.and_then(|a| a.nps.score().map(|s| (a, s))) {
        Some((a, score)) => format!(
            "{}: {} P, {} D",
            with_n(signed(score), a.nps.answered(), rec, group),
            a.nps.promoters(),
            a.nps.detractors()
        ),
        None => "\u{2013}".into(),
    }
}

/// The cover's short verdict with the labels: the category percentages are in the portfolio
/// chapter, and the summary page has no line to spare.
fn summary_verdict(p: &crate::model::recommendation::Profile) -> String {
    format!("{}.{}", short_verdict(p), labels_sentence(p))
}

/// One line per service action (simplify first, then improve), with its reason.
pub(super) fn action_lines(ctx: &ReportContext<'_>, rec: &Recommendation) -> Vec<Paragraph> {
    let mut lines = Vec::new();
    for kind in [ActionKind::Simplify, ActionKind::Improve] {
        for s in &rec.services {
            for a in s.actions.iter().filter(|a| a.kind == kind) {
                lines.push(Paragraph::spans(vec![
                    Span::strong(format!(
                        "{} {}: ",
                        match kind {
                            ActionKind::Simplify => "Simplify or tailor",
                            ActionKind::Improve => "Improve the delivery of",
                        },
                        ctx.catalog.service(s.key).name.to_lowercase()
                    )),
                    Span::normal(a.reason.text.clone()),
                ]));
            }
        }
    }
    lines
}

/// A group named with the figure an alert of `code` is about, compactly: `executives −40`,
/// `functional managers 2.1 *` (indicative), or the name alone for other alerts. Each
/// figure's n is in the key-figures table just above.
/// A group's own figure for an alert of `code` (`executives −100`, `portfolio managers 1.5 *`).
pub(super) fn group_figure(
    input: &OrganizationInput,
    rec: &Recommendation,
    code: &str,
    group: CustomerGroup,
) -> String {
    // The short names keep the summary on one page ("executives", not "executives and
    // senior management").
    let name = short_group(group).to_lowercase();
    let Some(a) = input.groups.get(&group) else {
        return name;
    };
    let mark = |n: u32| if indicative(rec, group, n) { " *" } else { "" };
    match code {
        "negative_nps" => a.nps.score().map_or(name.clone(), |score| {
            let n = a.nps.answered();
            format!("{name} {}{}", signed(score), mark(n))
        }),
        "low_satisfaction" => a.satisfaction.mean().map_or(name.clone(), |mean| {
            let n = a.satisfaction.answered();
            format!("{name} {}{}", num(mean, 1), mark(n))
        }),
        "few_respondents" => format!("{name} ({} answered)", a.respondents),
        _ => name,
    }
}

/// The alerts' heading and lines: alerts of the same level and code share a line, the most
/// serious come first and, within a level, the kind raised most often (for the most groups);
/// the heading says how many kinds the page leaves to appendix A.
fn alert_blocks(input: &OrganizationInput, rec: &Recommendation, lines: usize) -> [Block; 2] {
    let shown = lines.max(1);
    if rec.alerts.is_empty() {
        return [
            Block::Heading("Alerts".into()),
            Block::Paragraph(Paragraph::text("No alerts were raised.")),
        ];
    }
    let mut kinds: Vec<(AlertLevel, &str)> = Vec::new();
    let mut by_kind: BTreeMap<(AlertLevel, &str), Vec<usize>> = BTreeMap::new();
    for (i, a) in rec.alerts.iter().enumerate() {
        let key = (a.level, a.code.as_str());
        if !by_kind.contains_key(&key) {
            kinds.push(key);
        }
        by_kind.entry(key).or_default().push(i);
    }
    // Breadth before the order the rules raised them in: Northwind Health's one line showed
    // its crisis scenario, which "What to do first" had just said, and left five groups'
    // critical NPS to the appendix.
    kinds.sort_by_key(|k| (std::cmp::Reverse(k.0), std::cmp::Reverse(by_kind[k].len())));
    let lines: Vec<Paragraph> = kinds
        .iter()
        .take(shown)
        .map(|key| {
            let indexes = &by_kind[key];
            let first = &rec.alerts[indexes[0]];
            let mut spans = vec![
                Span::strong(format!("{}: ", level_text(key.0))),
                Span::normal(upper_first(&first.reason.text)),
            ];
            if indexes.len() > 1 {
                // Each other group with its own figure and n: "also raised" alone lost them
                // (one may be indicative, another not).
                let others: Vec<String> = indexes[1..]
                    .iter()
                    .filter_map(|i| rec.alerts[*i].group)
                    .map(|g| group_figure(input, rec, key.1, g))
                    .collect();
                spans.push(Span::note(if others.is_empty() {
                    format!("; also raised {} more times", indexes.len() - 1)
                } else {
                    format!("; also {}", others.join(", "))
                }));
            }
            Paragraph::spans(spans)
        })
        .collect();
    // Said in the heading rather than on a line of its own: the page has no line to spare.
    let heading = if kinds.len() > shown {
        format!(
            "Alerts ({shown} of {} kinds; all in appendix A)",
            kinds.len()
        )
    } else {
        "Alerts".to_string()
    };
    [Block::Heading(heading), Block::Bullets(lines)]
}

/// "5 could follow", and how many of them the roadmap starts early because a more urgent
/// service builds on them: "could follow" alone read false beside a roadmap that starts two of
/// them next quarter.
fn could_follow(rec: &Recommendation, could: usize) -> String {
    let early = rec
        .roadmap
        .items
        .iter()
        .filter(|i| i.placement == Placement::Enabler)
        .filter(|i| {
            rec.services
                .iter()
                .any(|s| s.key == i.service && s.priority == Priority::Could)
        })
        .count();
    match early {
        0 => format!("{could} could follow"),
        _ => format!("{could} could follow, {early} of them early as groundwork"),
    }
}

/// When a service starts, as the roadmap places it ("starts next quarter, 2026-Q4"), and why
/// when not by its urgency alone: the summary and the roadmap page must not disagree (a
/// medium-term service that regulated work brings forward starts next quarter, and its line
/// here says so instead of "medium term"). Its horizon, for a service not on the roadmap.
fn starts(ctx: &ReportContext<'_>, rec: &Recommendation, s: &ServiceDecision) -> String {
    let Some(item) = rec.roadmap.item(s.key) else {
        return horizon_text(s.horizon).to_lowercase();
    };
    let quarter = quarter_label(ctx.period, item.start.max(1));
    let when = if item.start <= 1 {
        format!("starts next quarter, {quarter}")
    } else {
        format!("starts {quarter}")
    };
    let why = match item.placement {
        Placement::Urgency => return when,
        Placement::Regulatory => "regulated work: compliance first".to_string(),
        Placement::Enabler => "a more urgent service builds on it".to_string(),
        Placement::Capacity => "a new PMO starts only a few services a quarter".to_string(),
        Placement::Dependency => match item.depends_on.first() {
            Some(&first) => format!("after {}", ctx.catalog.service(first).name),
            None => return when,
        },
    };
    format!("{when} ({why})")
}
