//! Service maturity, where the organization assessed its services: current against target
//! per category and per service, and the gaps ranked for action (gap first, then the
//! service's priority in this period's portfolio).

use crate::model::maturity::category_maturity;
use crate::model::recommendation::Recommendation;
use crate::model::scale::Likert;
use crate::model::survey::OrganizationInput;
use crate::report::build::portfolio::category_series;
use crate::report::build::{capitalize, col, num, priority_text, section, service_label, table_or};
use crate::report::document::{
    Align, Bar, BarChart, Block, Cell, Paragraph, Section, Span, Table, Tone,
};
use crate::report::ReportContext;

fn level(v: Option<Likert>) -> String {
    v.map_or("\u{2013}".to_string(), |l| l.get().to_string())
}

pub(super) fn maturity_sections(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Vec<Section> {
    let categories = category_maturity(ctx.catalog, &input.service_maturity);
    if categories.is_empty() {
        // A short note, so it follows the portfolio instead of taking a page of its own.
        return vec![section(
            "Service maturity",
            1,
            false,
            vec![Block::Paragraph(Paragraph::text(
                "No service-maturity assessment was given for this organization. Rating each delivered service from 1 (ad hoc) to 5 (optimized), with the level it should reach, would add current-against-target charts and a ranked list of gaps here.",
            ))],
        )];
    }
    let category_chart = BarChart {
        bars: categories
            .iter()
            .map(|c| Bar {
                label: format!(
                    "{} ({} assessed)",
                    capitalize(c.category.as_str()),
                    c.assessed
                ),
                value: c.current_percent,
                second: Some(c.target_percent),
                value_text: format!(
                    "{}% (target {}%)",
                    num(c.current_percent, 0),
                    num(c.target_percent, 0)
                ),
                series: category_series(c.category),
            })
            .collect(),
        min: 0.0,
        max: 100.0,
        ticks: vec![0.0, 25.0, 50.0, 75.0, 100.0],
        axis_label: "maturity: sum of levels \u{00F7} (services in the category \u{00D7} 5), %"
            .into(),
        bands: Vec::new(),
        legend: vec![(Some(0), "current".into()), (None, "target".into())],
    };
    let service_chart = BarChart {
        bars: input
            .service_maturity
            .iter()
            .filter_map(|(key, m)| {
                let current = m.current?;
                Some(Bar {
                    label: service_label(ctx, *key),
                    value: f64::from(current.get()),
                    second: m.target.map(|t| f64::from(t.get())),
                    value_text: match m.target {
                        Some(t) => format!("{} \u{2192} {}", current.get(), t.get()),
                        None => current.get().to_string(),
                    },
                    series: category_series(ctx.catalog.service(*key).category),
                })
            })
            .collect(),
        min: 0.0,
        max: 5.0,
        ticks: vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        axis_label: "maturity level (1 ad hoc \u{2026} 5 optimized); the mark is the target".into(),
        bands: Vec::new(),
        legend: vec![
            (Some(0), "strategic".into()),
            (Some(1), "tactical".into()),
            (Some(2), "operational".into()),
            (None, "target".into()),
        ],
    };
    let mut gaps: Vec<(i16, usize, Vec<Cell>)> = input
        .service_maturity
        .iter()
        .filter_map(|(key, m)| {
            let gap = i16::from(m.target?.get()) - i16::from(m.current?.get());
            (gap > 0).then(|| {
                let priority = rec.service(*key).priority;
                (
                    gap,
                    priority.index(),
                    vec![
                        Cell::text(service_label(ctx, *key)),
                        Cell::text(level(m.current)),
                        Cell::text(level(m.target)),
                        Cell::strong(format!("+{gap}"))
                            .with_tone((gap >= 3).then_some(Tone::Alert)),
                        Cell::text(priority_text(priority)),
                    ],
                )
            })
        })
        .collect();
    gaps.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut blocks = vec![
        Block::Paragraph(Paragraph::spans(vec![
            Span::normal("How mature the PMO\u{2019}s services are today and the level each should reach. "),
            Span::note("The target is the right level for this organization, not 5 everywhere: a strategic PMO is not automatically a mature one."),
        ])),
        Block::Heading("By category".into()),
        Block::Chart(category_chart),
        Block::Paragraph(Paragraph::spans(vec![Span::note(
            "Unassessed services count as 0, so a category with few assessed services shows a low percentage.",
        )])),
        Block::Heading("By service".into()),
        Block::Chart(service_chart),
    ];
    blocks.push(Block::Heading("Gaps to close, largest first".into()));
    blocks.push(table_or(
        Table {
            columns: vec![
                col("Service", 4.0, Align::Left),
                col("Current", 0.9, Align::Center),
                col("Target", 0.9, Align::Center),
                col("Gap", 0.8, Align::Center),
                col("Priority now", 1.2, Align::Center),
            ],
            rows: gaps.into_iter().map(|(_, _, row)| row).collect(),
            compact: true,
        },
        "Every assessed service is at its target level.",
    ));
    vec![section("Service maturity", 1, true, blocks)]
}
