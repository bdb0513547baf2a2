//! The per-group parts of the report: the approach matrix (customer groups × selected
//! services, abbreviated, with its legend), one section per customer group, and the service
//! maturity section. Wording only; split from `build.rs` to keep files short.

use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::maturity::category_maturity;
use crate::model::recommendation::{GroupDecision, Recommendation};
use crate::model::scale::round_to;
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::report::build::{capitalize, col, nps_text, num, opt, reason_bullets};
use crate::report::document::{Align, Bar, BarChart, Block, Cell, Paragraph, Section, Span, Table};
use crate::report::ReportContext;

/// Short column labels for the approach matrix, with the legend that explains them.
fn group_abbreviation(group: CustomerGroup) -> &'static str {
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

fn approach_abbreviation(approach: Approach) -> &'static str {
    match approach {
        Approach::Consultative => "CONS",
        Approach::Supportive => "SUPP",
        Approach::Facilitative => "FACI",
        Approach::Directive => "DIRE",
        Approach::Controlling => "CTRL",
        Approach::Managed => "MNGD",
    }
}

pub(super) fn approach_matrix(ctx: &ReportContext<'_>, rec: &Recommendation) -> Section {
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "How the PMO should engage each customer group for each selected service, from most customer autonomy (consultative) to least (managed).",
    ))];
    let selected: Vec<_> = rec
        .services
        .iter()
        .filter(|s| s.priority.is_selected())
        .collect();
    if rec.groups.is_empty() || selected.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "No customer group answered or no service was selected, so there is no matrix.",
        )));
        return Section {
            title: "Approach matrix".into(),
            new_page: true,
            blocks,
        };
    }
    let mut columns = vec![col("Service", 3.2, Align::Left)];
    columns.extend(
        rec.groups
            .iter()
            .map(|g| col(group_abbreviation(g.group), 0.8, Align::Center)),
    );
    let rows = selected
        .iter()
        .map(|s| {
            let mut row = vec![Cell::text(format!(
                "S{} {}",
                s.key.number(),
                ctx.catalog.service(s.key).name
            ))];
            row.extend(
                rec.groups
                    .iter()
                    .map(|g| match g.service_approaches.get(&s.key) {
                        Some(a) => Cell::text(approach_abbreviation(*a)),
                        None => Cell::text("\u{2013}"),
                    }),
            );
            row
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns,
        rows,
        compact: true,
    }));
    blocks.push(Block::Heading("Legend".into()));
    let groups: Vec<String> = rec
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} = {}",
                group_abbreviation(g.group),
                ctx.catalog.group(g.group).name
            )
        })
        .collect();
    let approaches: Vec<String> = Approach::ALL
        .iter()
        .map(|&a| {
            format!(
                "{} = {}",
                approach_abbreviation(a),
                ctx.catalog.approach(a).name
            )
        })
        .collect();
    blocks.push(Block::Paragraph(Paragraph::spans(vec![
        Span::strong("Groups: "),
        Span::normal(groups.join("; ")),
    ])));
    blocks.push(Block::Paragraph(Paragraph::spans(vec![
        Span::strong("Approaches: "),
        Span::normal(approaches.join("; ")),
        Span::normal(". \u{2013} = no approach recorded for this group and service."),
    ])));
    Section {
        title: "Approach matrix".into(),
        new_page: true,
        blocks,
    }
}

pub(super) fn group_section(
    ctx: &ReportContext<'_>,
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
            opt(a.satisfaction.mean(), 2),
        ));
        facts.push(("Net Promoter Score".to_string(), nps_text(a)));
    }
    facts.push((
        "Dominant approach".to_string(),
        format!("{} \u{2013} {}", info.name, info.who_decides),
    ));
    let mut blocks = vec![Block::Facts(facts)];
    if !group.top_outcomes.is_empty() {
        blocks.push(Block::Heading("Top outcomes".into()));
        blocks.push(Block::Bullets(
            group
                .top_outcomes
                .iter()
                .map(|o| {
                    Paragraph::spans(vec![
                        Span::normal(ctx.catalog.outcome(o.outcome).name.clone()),
                        Span::note(format!(" \u{2013} priority {}", num(o.priority, 2))),
                    ])
                })
                .collect(),
        ));
    }
    if !group.service_approaches.is_empty() {
        blocks.push(Block::Heading("Approach per selected service".into()));
        let mut by_approach: Vec<Paragraph> = Vec::new();
        for &approach in Approach::ALL {
            let services: Vec<String> = group
                .service_approaches
                .iter()
                .filter(|(_, a)| **a == approach)
                .map(|(s, _)| ctx.catalog.service(*s).name.clone())
                .collect();
            if !services.is_empty() {
                by_approach.push(Paragraph::spans(vec![
                    Span::strong(format!("{}: ", ctx.catalog.approach(approach).name)),
                    Span::normal(services.join(", ")),
                ]));
            }
        }
        blocks.push(Block::Bullets(by_approach));
    }
    if !group.reasons.is_empty() {
        blocks.push(Block::Heading("Why".into()));
        blocks.push(reason_bullets(&group.reasons));
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
                .map(|c| Paragraph::spans(vec![Span::note(format!("\u{201C}{c}\u{201D}"))]))
                .collect(),
        ));
    }
    Section {
        title: format!("Customer group: {}", ctx.catalog.group(group.group).name),
        new_page: false,
        blocks,
    }
}

pub(super) fn maturity_section(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
) -> Option<Section> {
    let categories = category_maturity(ctx.catalog, &input.service_maturity);
    if categories.is_empty() {
        return None;
    }
    let bars = categories
        .iter()
        .map(|c| Bar {
            label: format!(
                "{} ({} assessed)",
                capitalize(c.category.as_str()),
                c.assessed
            ),
            value: round_to(c.current_percent, 1),
            second: Some(round_to(c.target_percent, 1)),
            value_text: format!(
                "{}% \u{2192} {}%",
                num(c.current_percent, 0),
                num(c.target_percent, 0)
            ),
        })
        .collect();
    let level = |v: Option<crate::model::scale::Likert>| {
        v.map_or("\u{2013}".to_string(), |l| l.get().to_string())
    };
    let rows = input
        .service_maturity
        .iter()
        .map(|(key, m)| {
            let gap = match (m.current, m.target) {
                (Some(c), Some(t)) => format!("{:+}", i16::from(t.get()) - i16::from(c.get())),
                _ => "\u{2013}".to_string(),
            };
            vec![
                Cell::text(format!(
                    "S{} {}",
                    key.number(),
                    ctx.catalog.service(*key).name
                )),
                Cell::text(level(m.current)),
                Cell::text(level(m.target)),
                Cell::text(gap),
            ]
        })
        .collect();
    Some(Section {
        title: "Service maturity".into(),
        new_page: true,
        blocks: vec![
            Block::Paragraph(Paragraph::spans(vec![
                Span::normal("Current and target maturity of the services the organization assessed, per category. "),
                Span::note("Per category: sum of levels \u{00F7} (services in the category \u{00D7} 5) \u{00D7} 100; unassessed services count as 0. The target is the right level for this organization, not 5 everywhere."),
            ])),
            Block::Chart(BarChart { bars, max: 100.0, legend: Some(("current".into(), "target".into())) }),
            Block::Table(Table {
                columns: vec![
                    col("Service", 4.0, Align::Left),
                    col("Current", 1.0, Align::Center),
                    col("Target", 1.0, Align::Center),
                    col("Gap", 1.0, Align::Center),
                ],
                rows,
                compact: false,
            }),
        ],
    })
}
