//! The recommended service portfolio: the scores chart (sorted, by category, with the
//! priority bands), the category mix, one table per category with score, priority, horizon
//! and approach, the approach heat map, and the reasons for every must and should.

use std::collections::BTreeMap;

use crate::model::approach::Approach;
use crate::model::recommendation::{Recommendation, ServiceDecision};
use crate::model::scale::round_to;
use crate::model::service::{Priority, ServiceCategory};
use crate::report::build::appendix::{service_subject, Trace};
use crate::report::build::groups::{approach_abbreviation, group_abbreviation};
use crate::report::build::reasons::{body_text, collapse};
use crate::report::build::{
    capitalize, col, horizon_text, num, percent, priority_text, priority_tone, section,
    service_label, upper_first,
};
use crate::report::document::{
    Align, Band, Bar, BarChart, Block, Cell, HeatMap, Paragraph, Section, Span, Table,
};
use crate::report::ReportContext;

/// The series (colour and pattern) of a category in every chart.
pub(super) fn category_series(c: ServiceCategory) -> u8 {
    match c {
        ServiceCategory::Strategic => 0,
        ServiceCategory::Tactical => 1,
        ServiceCategory::Operational => 2,
    }
}

fn category_legend() -> Vec<(Option<u8>, String)> {
    ServiceCategory::ALL
        .iter()
        .map(|&c| (Some(category_series(c)), capitalize(c.as_str())))
        .collect()
}

/// The outcomes nobody was asked, which carry no evidence either way (none when all were asked).
fn unasked_note(ctx: &ReportContext<'_>, rec: &Recommendation) -> Option<Block> {
    if rec.unasked_outcomes.is_empty() {
        return None;
    }
    let names: Vec<String> = rec
        .unasked_outcomes
        .iter()
        .map(|o| ctx.catalog.outcome(*o).name.to_lowercase())
        .collect();
    Some(Block::Paragraph(Paragraph::spans(vec![Span::note(
        format!(
            "Not asked in this survey, so no evidence either way: {}.",
            names.join("; ")
        ),
    )])))
}

/// Tick values from 0 to a round number at or above `max`.
pub(super) fn ticks_to(max: f64) -> (f64, Vec<f64>) {
    let steps = [1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0];
    let step = steps
        .iter()
        .copied()
        .find(|s| max / s <= 6.0)
        .unwrap_or(100.0);
    let top = (max / step).ceil().max(1.0) * step;
    let n = (top / step).round() as usize;
    (top, (0..=n).map(|i| i as f64 * step).collect())
}

/// The approach most groups get for a service (ties go to less autonomy), and the exceptions.
fn approach_summary(ctx: &ReportContext<'_>, rec: &Recommendation, s: &ServiceDecision) -> String {
    let mut counts: BTreeMap<Approach, Vec<&str>> = BTreeMap::new();
    for g in &rec.groups {
        if let Some(a) = g.service_approaches.get(&s.key) {
            counts
                .entry(*a)
                .or_default()
                .push(group_abbreviation(g.group));
        }
    }
    let Some(dominant) = counts
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(a.0.cmp(b.0)))
        .map(|(a, _)| *a)
    else {
        return "\u{2013}".into();
    };
    let others: Vec<String> = counts
        .iter()
        .filter(|(a, _)| **a != dominant)
        .map(|(a, groups)| {
            format!(
                "{} {}",
                groups.join(", "),
                ctx.catalog.approach(*a).name.to_lowercase()
            )
        })
        .collect();
    let name = ctx.catalog.approach(dominant).name.clone();
    if others.is_empty() {
        name
    } else {
        format!("{name}; {}", others.join("; "))
    }
}

pub(super) fn portfolio_sections(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    trace: &Trace,
) -> Vec<Section> {
    let mut order: Vec<&ServiceDecision> = rec.services.iter().collect();
    order.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(b.score.total_cmp(&a.score))
            .then(a.key.cmp(&b.key))
    });
    let max_score = order.iter().map(|s| s.score).fold(0.0, f64::max);
    let (top, ticks) = ticks_to(max_score.max(1.0));
    let mut bands = Vec::new();
    for (i, s) in order.iter().enumerate() {
        if i == 0 || order[i - 1].priority != s.priority {
            let label = match s.priority {
                Priority::Must => "Must \u{2013} offer now",
                Priority::Should => "Should \u{2013} offer soon",
                Priority::Could => "Could \u{2013} when capacity allows",
                Priority::NotNow => "Not now",
            };
            bands.push(Band {
                before: i,
                label: label.into(),
            });
        }
    }
    let score_chart = BarChart {
        bars: order
            .iter()
            .map(|s| Bar {
                label: service_label(ctx, s.key),
                value: round_to(s.score.max(0.0), 2),
                second: None,
                value_text: num(s.score, 1),
                series: category_series(s.category),
            })
            .collect(),
        min: 0.0,
        max: top,
        ticks,
        axis_label:
            "demand from the outcomes this organization ranks high (our formula; appendix C)".into(),
        bands,
        legend: category_legend(),
    };
    let mix = rec.profile.category_mix;
    let selected = rec.services.iter().filter(|s| s.priority.is_selected());
    let mut per_category: BTreeMap<ServiceCategory, usize> = BTreeMap::new();
    for s in selected {
        *per_category.entry(s.category).or_default() += 1;
    }
    let mix_chart = BarChart {
        bars: ServiceCategory::ALL
            .iter()
            .map(|&c| Bar {
                label: capitalize(c.as_str()),
                value: round_to(mix.share(c) * 100.0, 1),
                second: None,
                value_text: format!(
                    "{} ({} services)",
                    percent(mix.share(c)),
                    per_category.get(&c).copied().unwrap_or(0)
                ),
                series: category_series(c),
            })
            .collect(),
        min: 0.0,
        max: 100.0,
        ticks: vec![0.0, 25.0, 50.0, 75.0, 100.0],
        axis_label: "share of the selected services (%)".into(),
        bands: Vec::new(),
        legend: Vec::new(),
    };
    let mut sections = vec![section(
        "Service portfolio",
        1,
        true,
        vec![
            Block::Paragraph(Paragraph::spans(vec![
                Span::normal("All 26 common PMO services, ranked by the priority the rules gave them and, within a priority, by demand. The bars are shaded by category (solid strategic, striped tactical, outlined operational). "),
                Span::note("Demand and cut-offs are our formulas; see the method appendix."),
            ])),
            Block::Chart(score_chart),
        ]
        .into_iter()
        .chain(unasked_note(ctx, rec))
        .chain([
            Block::Heading("Category mix of the selected services".into()),
            Block::Chart(mix_chart),
        ])
        .collect(),
    )];

    for &category in ServiceCategory::ALL {
        let rows: Vec<Vec<Cell>> = rec
            .services
            .iter()
            .filter(|s| s.category == category)
            .map(|s| {
                vec![
                    Cell::text(format!("S{}", s.key.number())),
                    Cell::text(ctx.catalog.service(s.key).name.clone()),
                    Cell::text(num(s.score, 1)),
                    Cell::strong(priority_text(s.priority))
                        .with_tone(Some(priority_tone(s.priority))),
                    Cell::text(horizon_text(s.horizon)),
                    Cell::text(if s.priority.is_selected() {
                        approach_summary(ctx, rec, s)
                    } else {
                        "\u{2013}".into()
                    }),
                ]
            })
            .collect();
        sections.push(section(
            format!("{} services", capitalize(category.as_str())),
            2,
            false,
            vec![Block::Table(Table {
                columns: vec![
                    col("#", 0.5, Align::Left),
                    col("Service", 2.9, Align::Left),
                    col("Score", 0.7, Align::Right),
                    col("Priority", 0.9, Align::Center),
                    col("Horizon", 1.1, Align::Left),
                    col("Approach (exceptions by group)", 2.6, Align::Left),
                ],
                rows,
                compact: true,
            })],
        ));
    }
    sections.push(approach_matrix(ctx, rec));
    sections.push(must_should_reasons(ctx, rec, trace));
    sections
}

fn approach_matrix(ctx: &ReportContext<'_>, rec: &Recommendation) -> Section {
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "How the PMO should engage each customer group for each selected service. Darker cells mean less autonomy for the customer; the text in each cell names the approach, so the map also reads in greyscale.",
    ))];
    let selected: Vec<&ServiceDecision> = rec
        .services
        .iter()
        .filter(|s| s.priority.is_selected())
        .collect();
    if rec.groups.is_empty() || selected.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "No customer group answered or no service was selected, so there is no matrix.",
        )));
        return section("Approach matrix", 2, true, blocks);
    }
    blocks.push(Block::HeatMap(HeatMap {
        rows: selected.iter().map(|s| service_label(ctx, s.key)).collect(),
        columns: rec
            .groups
            .iter()
            .map(|g| group_abbreviation(g.group).to_string())
            .collect(),
        cells: selected
            .iter()
            .map(|s| {
                rec.groups
                    .iter()
                    .map(|g| {
                        g.service_approaches
                            .get(&s.key)
                            .map(|a| (a.index() as u8, approach_abbreviation(*a).to_string()))
                    })
                    .collect()
            })
            .collect(),
        scale: Approach::ALL
            .iter()
            .map(|&a| {
                (
                    approach_abbreviation(a).to_string(),
                    ctx.catalog.approach(a).name.clone(),
                )
            })
            .collect(),
        column_legend: rec
            .groups
            .iter()
            .map(|g| {
                (
                    group_abbreviation(g.group).to_string(),
                    ctx.catalog.group(g.group).name.clone(),
                )
            })
            .collect(),
    }));
    section("Approach matrix", 2, true, blocks)
}

fn must_should_reasons(ctx: &ReportContext<'_>, rec: &Recommendation, trace: &Trace) -> Section {
    let items: Vec<Paragraph> = rec
        .services
        .iter()
        .filter(|s| matches!(s.priority, Priority::Must | Priority::Should))
        .map(|s| {
            let reasons: Vec<String> = collapse(ctx, s.reasons.iter())
                .into_iter()
                .map(|r| body_text(&r.display_text(ctx)))
                .collect();
            let subject = service_subject(ctx, s);
            let mut entries: Vec<String> = s
                .reasons
                .iter()
                .filter_map(|r| trace.entry(&subject, r))
                .collect();
            entries.sort_by_key(|e| e[2..].parse::<usize>().unwrap_or(0));
            entries.dedup();
            let mut spans = vec![
                Span::strong(format!("{} ", ctx.catalog.service(s.key).name)),
                Span::note(format!("({}) ", priority_text(s.priority).to_lowercase())),
                Span::normal(if reasons.is_empty() {
                    "no reason recorded".into()
                } else {
                    format!("{}.", upper_first(&reasons.join("; ")))
                }),
            ];
            if !entries.is_empty() {
                spans.push(Span::note(format!(" ({})", entries.join(", "))));
            }
            Paragraph::spans(spans)
        })
        .collect();
    let blocks = if items.is_empty() {
        vec![Block::Paragraph(Paragraph::text(
            "No service is a must or should this period.",
        ))]
    } else {
        vec![
            Block::Paragraph(Paragraph::text("The reasons the rules gave for each must and should service; the numbers in brackets are the entries of the reasons trace (appendix A) that name the rule behind each.")),
            Block::Bullets(items),
        ]
    };
    section("Why the must and should services", 2, false, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(
            ticks_to(22.1),
            (25.0, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0])
        );
        assert_eq!(ticks_to(4.0).0, 4.0);
        assert_eq!(ticks_to(100.0).1.len(), 6);
    }
}
