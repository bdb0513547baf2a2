//! The customers chapter: charts comparing the customer groups (maturity, satisfaction, Net
//! Promoter Score), then one section per group — who answered, what they want most, how
//! satisfied they are, and the engagement approach recommended for them and why.
//!
//! Wording only; the abbreviations here are shared with the approach heat map.

use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::recommendation::{GroupDecision, Recommendation};
use crate::model::scale::round_to;
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::report::build::appendix::{group_subject, Trace};
use crate::report::build::{nps_text, num, opt, rated_subject, reason_bullets, section};
use crate::report::document::{Band, Bar, BarChart, Block, Paragraph, Section, Span};
use crate::report::ReportContext;

/// Short column labels for the approach heat map.
pub(super) fn group_abbreviation(group: CustomerGroup) -> &'static str {
    match group {
        CustomerGroup::ProjectManager => "PjM",
        CustomerGroup::ProgramManager => "PgM",
        CustomerGroup::PortfolioManager => "PfM",
        CustomerGroup::Executive => "Exec",
        CustomerGroup::ProjectTeamMember => "Team",
        CustomerGroup::FunctionalManager => "Func",
        CustomerGroup::ExternalPartner => "Ext",
    }
}

/// Short cell labels for the approaches.
pub(super) fn approach_abbreviation(approach: Approach) -> &'static str {
    match approach {
        Approach::Consultative => "CONS",
        Approach::Supportive => "SUPP",
        Approach::Facilitative => "FACI",
        Approach::Directive => "DIRE",
        Approach::Controlling => "CTRL",
        Approach::Managed => "MNGD",
    }
}

/// The next approach toward more customer autonomy, if any.
pub(super) fn more_autonomy(a: Approach) -> Option<Approach> {
    a.index()
        .checked_sub(1)
        .and_then(|i| Approach::ALL.get(i).copied())
}

/// Fewer answers than this make a figure indicative only: the rules' default
/// `min_answers_critical` (a critical finding needs at least five answers).
pub(super) const INDICATIVE_BELOW: u32 = 5;

/// Whether a group's figure with `n` answers is indicative only: too few answers, or a group
/// the rules flagged as too small (their `few_respondents` alert, which reads their own
/// threshold).
pub(super) fn indicative(rec: &Recommendation, group: CustomerGroup, n: u32) -> bool {
    (n > 0 && n < INDICATIVE_BELOW)
        || rec
            .alerts
            .iter()
            .any(|a| a.code == "few_respondents" && a.group == Some(group))
}

/// The legend line under every figure that carries an n and a small-sample mark.
pub(super) fn indicative_legend() -> String {
    format!(
        "(n) answers \u{b7} P promoters, D detractors \u{b7} * indicative only (under {INDICATIVE_BELOW} answers)"
    )
}

/// `3.40 (n = 12)`, with `* indicative only` when the figure is; nothing added without answers.
pub(super) fn with_answers(value: String, n: u32, indicative: bool) -> String {
    match (n, indicative) {
        (0, _) => value,
        (n, false) => format!("{value} (n = {n})"),
        (n, true) => format!("{value} (n = {n}) * indicative only"),
    }
}

/// The Net Promoter Score with promoters, detractors and n, marked when indicative.
pub(super) fn nps_fact(rec: &Recommendation, group: CustomerGroup, a: &GroupAnswers) -> String {
    let nps = nps_text(a);
    if a.nps.answered() > 0 && indicative(rec, group, a.nps.answered()) {
        format!("{nps} * indicative only")
    } else {
        nps
    }
}

/// `Executives (n = 3) *`: a chart label with the figure's own n and the small-sample mark.
fn chart_label(ctx: &ReportContext<'_>, rec: &Recommendation, g: CustomerGroup, n: u32) -> String {
    format!(
        "{} (n = {n}){}",
        ctx.catalog.group(g).name,
        if indicative(rec, g, n) { " *" } else { "" }
    )
}

/// One bar chart of a figure per group: `value` gives the figure and its n, `text` what is
/// printed at the bar's end.
fn group_chart(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    input: &OrganizationInput,
    value: impl Fn(&GroupAnswers) -> Option<(f64, u32)>,
    text: impl Fn(&GroupAnswers, f64) -> String,
    (min, max, ticks, axis): (f64, f64, Vec<f64>, &str),
) -> Option<Block> {
    let bars: Vec<Bar> = rec
        .groups
        .iter()
        .filter_map(|g| {
            let a = input.groups.get(&g.group)?;
            let (v, n) = value(a)?;
            Some(Bar {
                label: chart_label(ctx, rec, g.group, n),
                value: round_to(v, 2),
                second: None,
                value_text: text(a, v),
                series: 0,
            })
        })
        .collect();
    (!bars.is_empty()).then(|| {
        Block::Chart(BarChart {
            bars,
            min,
            max,
            ticks,
            axis_label: axis.to_string(),
            bands: Vec::<Band>::new(),
            legend: Vec::new(),
        })
    })
}

/// The customers chapter and one section per group.
pub(super) fn customer_sections(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    trace: &Trace,
) -> Vec<Section> {
    let mut blocks = vec![Block::Paragraph(Paragraph::text(format!(
        "{} people in {} customer groups answered. Customers were asked which outcomes they want, how mature their own project practice is, how satisfied they are with {} and whether they would recommend it. Each figure shows its number of answers (n); a group with few answers is marked indicative. Reasons cite their entry in the reasons trace (appendix A), such as (A.12), where the rule behind them is named.",
        input.respondents(),
        rec.groups.len(),
        rated_subject(input)
    )))];
    let scale = |axis| (1.0, 5.0, vec![1.0, 2.0, 3.0, 4.0, 5.0], axis);
    let mean = |h: &crate::model::scale::LikertHistogram| h.mean().map(|m| (m, h.answered()));
    let charts = [
        (
            "Project-management maturity by group",
            group_chart(
                ctx,
                rec,
                input,
                |a| mean(&a.pm_maturity),
                |_, v| num(v, 1),
                scale("self-assessed maturity, mean (1 = ad hoc, 5 = optimized)"),
            ),
        ),
        (
            "Satisfaction by group",
            group_chart(
                ctx,
                rec,
                input,
                |a| mean(&a.satisfaction),
                |_, v| num(v, 1),
                scale("satisfaction, mean (1 = very dissatisfied, 5 = very satisfied)"),
            ),
        ),
        (
            "Net Promoter Score by group",
            group_chart(
                ctx,
                rec,
                input,
                |a| a.nps.score().map(|s| (s, a.nps.answered())),
                |a, v| {
                    format!(
                        "{}: {} P, {} D",
                        super::signed(v),
                        a.nps.promoters(),
                        a.nps.detractors()
                    )
                },
                (
                    -100.0,
                    100.0,
                    vec![-100.0, -50.0, 0.0, 50.0, 100.0],
                    "% promoters (9\u{2013}10) minus % detractors (0\u{2013}6)",
                ),
            ),
        ),
    ];
    for (title, chart) in charts {
        if let Some(chart) = chart {
            blocks.push(Block::Heading(title.into()));
            blocks.push(chart);
        }
    }
    blocks.push(Block::Paragraph(Paragraph::spans(vec![Span::note(
        indicative_legend(),
    )])));
    let mut sections = vec![section("Customers", 1, true, blocks)];
    sections.extend(super::themes::what_customers_said(ctx, input));
    sections.extend(super::peers::peers_section(input));
    for group in &rec.groups {
        sections.push(group_section(
            ctx,
            rec,
            trace,
            input.groups.get(&group.group),
            group,
        ));
    }
    sections
}

fn group_section(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    trace: &Trace,
    answers: Option<&GroupAnswers>,
    group: &GroupDecision,
) -> Section {
    let info = ctx.catalog.approach(group.approach);
    let mut facts = Vec::new();
    if let Some(a) = answers {
        facts.push(("Respondents".to_string(), a.respondents.to_string()));
        facts.push((
            "PM maturity (mean, 1\u{2013}5)".to_string(),
            opt(a.pm_maturity.mean(), 2),
        ));
        facts.push((
            "Satisfaction (mean, 1\u{2013}5)".to_string(),
            with_answers(
                opt(a.satisfaction.mean(), 2),
                a.satisfaction.answered(),
                indicative(rec, group.group, a.satisfaction.answered()),
            ),
        ));
        facts.push((
            "Net Promoter Score".to_string(),
            nps_fact(rec, group.group, a),
        ));
    }
    facts.push((
        "Recommended approach".to_string(),
        format!("{} \u{2013} {}", info.name, info.who_decides),
    ));
    let mut blocks = vec![Block::Facts(facts)];
    if !group.top_outcomes.is_empty() {
        blocks.push(Block::Heading("Outcomes they want most".into()));
        blocks.push(Block::Bullets(
            group
                .top_outcomes
                .iter()
                .map(|o| {
                    Paragraph::spans(vec![
                        Span::normal(ctx.catalog.outcome(o.outcome).name.clone()),
                        Span::note(format!(" \u{2013} importance {}/5", num(o.priority, 1))),
                    ])
                })
                .collect(),
        ));
    }
    if !group.service_approaches.is_empty() {
        // The dominant approach covers most services; name only the exceptions (the heat map
        // in the portfolio chapter shows every cell).
        let exceptions: Vec<Paragraph> = Approach::ALL
            .iter()
            .filter(|&&a| a != group.approach)
            .filter_map(|&approach| {
                let services: Vec<String> = group
                    .service_approaches
                    .iter()
                    .filter(|(_, a)| **a == approach)
                    .map(|(s, _)| ctx.catalog.service(*s).name.clone())
                    .collect();
                (!services.is_empty()).then(|| {
                    Paragraph::spans(vec![
                        Span::strong(format!("{}: ", ctx.catalog.approach(approach).name)),
                        Span::normal(services.join(", ")),
                    ])
                })
            })
            .collect();
        let dominant = group
            .service_approaches
            .values()
            .filter(|a| **a == group.approach)
            .count();
        blocks.push(Block::Heading("Approach per selected service".into()));
        blocks.push(Block::Paragraph(Paragraph::text(format!(
            "{} for {} of the {} selected services{}",
            info.name,
            dominant,
            group.service_approaches.len(),
            if exceptions.is_empty() {
                "."
            } else {
                "; the others:"
            }
        ))));
        if !exceptions.is_empty() {
            blocks.push(Block::Bullets(exceptions));
        }
    }
    if !group.reasons.is_empty() {
        blocks.push(Block::Heading("Why this approach".into()));
        blocks.push(reason_bullets(
            ctx,
            trace,
            &group_subject(ctx, group),
            &group.reasons,
        ));
    }
    if let Some(a) = answers.filter(|a| !a.comments.is_empty()) {
        blocks.push(Block::Heading(format!(
            "What respondents said ({} of {} comments)",
            a.comments.len(),
            a.comments_total
        )));
        blocks.push(Block::Bullets(
            a.comments
                .iter()
                .map(|c| {
                    Paragraph::spans(vec![Span::note(format!("\u{201C}{}\u{201D}", c.as_str()))])
                })
                .collect(),
        ));
    }
    section(
        ctx.catalog.group(group.group).name.clone(),
        2,
        false,
        blocks,
    )
}
