//! Recommendation + organization input → Document: the report's wording, order and labels.
//!
//! Every sentence a reader sees is written here (or in `build/groups.rs` and
//! `build/appendix.rs`), including the labels that mark formulas as ours. No geometry: sizes and page breaks belong to `layout/`.
//! Numbers are rounded here, once, so the PDF shows the same figures as the JSON.

mod appendix;
mod groups;

use crate::model::baseline::CoverageScope;
use crate::model::decision::Reason;
use crate::model::recommendation::{AlertLevel, Profile, Recommendation};
use crate::model::scale::round_to;
use crate::model::service::{Priority, ServiceCategory};
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::report::document::{
    Align, Bar, BarChart, Block, Cell, Column, Cover, Document, Metadata, Paragraph, Section, Span,
    Table, Tone,
};
use crate::report::ReportContext;

/// The report title on the cover and in the metadata.
pub const REPORT_TITLE: &str = "PMO recommendation report";

/// Builds the report's content.
pub fn build_document(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Document {
    let org_name = organization_name(input);
    let date = ctx.date.iso_date();
    let verdict = verdict(&rec.profile);
    let mut sections = vec![
        executive_summary(ctx, input, rec),
        profile_section(&rec.profile),
        portfolio_section(ctx, rec),
        groups::approach_matrix(ctx, rec),
    ];
    for group in &rec.groups {
        sections.push(groups::group_section(
            ctx,
            input.groups.get(&group.group),
            group,
        ));
    }
    if let Some(section) = groups::maturity_section(ctx, input) {
        sections.push(section);
    }
    sections.push(appendix::reasons_appendix(ctx, rec));
    sections.push(appendix::data_quality_appendix(input));
    sections.push(appendix::method_notes());

    Document {
        metadata: Metadata {
            title: format!("{REPORT_TITLE}: {org_name}, {}", ctx.period),
            author: format!("pmo-advisor {}", ctx.tool_version),
            subject: format!(
                "Recommended PMO services, engagement approaches and profile for {org_name} ({})",
                ctx.period
            ),
            keywords: vec![
                "PMO".into(),
                "PMO Value Ring".into(),
                "service portfolio".into(),
                input.id.to_string(),
                ctx.period.to_string(),
            ],
            creator: format!("pmo-advisor {}", ctx.tool_version),
            epoch_seconds: ctx.date.epoch_seconds,
            running_header: format!("{REPORT_TITLE} \u{b7} {org_name} \u{b7} {}", ctx.period),
            running_footer: format!(
                "pmo-advisor {} \u{b7} rules {} \u{b7} {date}",
                ctx.tool_version, ctx.rules_version
            ),
        },
        cover: Cover {
            title: REPORT_TITLE.to_string(),
            organization: org_name,
            organization_id: input.id.to_string(),
            period: ctx.period.to_string(),
            verdict,
            facts: vec![
                ("Report date".into(), date),
                ("Period".into(), ctx.period.to_string()),
                (
                    "Customer respondents".into(),
                    input.respondents().to_string(),
                ),
                ("Customer groups".into(), rec.groups.len().to_string()),
                ("Rules version".into(), ctx.rules_version.to_string()),
                (
                    "Produced by".into(),
                    format!("pmo-advisor {}", ctx.tool_version),
                ),
            ],
        },
        sections,
    }
}

/// The organization's display name: the baseline's name, else its id.
pub fn organization_name(input: &OrganizationInput) -> String {
    input
        .baseline
        .as_ref()
        .and_then(|b| b.organization_name.clone())
        .unwrap_or_else(|| input.id.to_string())
}

/// The one-line PMO profile shown on the cover.
pub fn verdict(p: &Profile) -> String {
    let labels = if p.labels.is_empty() {
        "none".to_string()
    } else {
        p.labels.join(", ")
    };
    format!(
        "{} PMO with a {} control level; services {} strategic, {} tactical, {} operational. Closest traditional labels (an aid only): {labels}.",
        capitalize(scope_text(p.coverage_scope)),
        p.control_level.as_str(),
        percent(p.category_mix.strategic),
        percent(p.category_mix.tactical),
        percent(p.category_mix.operational),
    )
}

fn executive_summary(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Section {
    let mut blocks = Vec::new();
    let must: Vec<String> = rec
        .services
        .iter()
        .filter(|s| s.priority == Priority::Must)
        .map(|s| ctx.catalog.service(s.key).name.clone())
        .collect();
    let selected = rec
        .services
        .iter()
        .filter(|s| s.priority.is_selected())
        .count();
    blocks.push(Block::Paragraph(Paragraph::text(format!(
        "{} customer respondents in {} answered the survey for {}. The rules recommend {selected} of the 26 common PMO services for this period, {} of them as must-haves.",
        input.respondents(),
        plural(rec.groups.len(), "customer group", "customer groups"),
        ctx.period,
        must.len(),
    ))));
    if !must.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::spans(vec![
            Span::strong("Offer now: "),
            Span::normal(format!("{}.", must.join(", "))),
        ])));
    }
    blocks.push(Block::Paragraph(Paragraph::spans(vec![
        Span::strong("Profile: "),
        Span::normal(verdict(&rec.profile)),
    ])));
    let top: Vec<String> = rec
        .outcomes
        .iter()
        .take(5)
        .map(|o| {
            format!(
                "{} ({})",
                ctx.catalog.outcome(o.outcome).name,
                num(o.priority, 2)
            )
        })
        .collect();
    if !top.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::spans(vec![
            Span::strong("Outcomes customers want most: "),
            Span::normal(format!("{}.", top.join("; "))),
            Span::note(
                " Priority on the 1\u{2013}5 importance scale (our formula, see the method notes).",
            ),
        ])));
    }
    blocks.push(Block::Heading("Alerts".into()));
    if rec.alerts.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text("No alerts were raised.")));
    } else {
        blocks.push(Block::Bullets(
            rec.alerts
                .iter()
                .map(|a| {
                    let group = a
                        .group
                        .map(|g| format!(" ({})", ctx.catalog.group(g).name))
                        .unwrap_or_default();
                    Paragraph::spans(vec![
                        Span::strong(format!("{}{group}: ", level_text(a.level))),
                        Span::normal(a.reason.text.clone()),
                        Span::note(format!(" [{}]", rule_text(&a.reason))),
                    ])
                })
                .collect(),
        ));
    }
    Section {
        title: "Executive summary".into(),
        new_page: false,
        blocks,
    }
}

fn profile_section(p: &Profile) -> Section {
    let mix = p.category_mix;
    let mut blocks = vec![
        Block::Paragraph(Paragraph::text(
            "The profile describes the recommended PMO by what it covers, which kinds of services it offers and how much control it exercises. Traditional PMO type names are given only as an aid: the most valued PMOs are blends built for their organization.",
        )),
        Block::Facts(vec![
            ("Coverage scope".into(), capitalize(scope_text(p.coverage_scope))),
            ("Control level".into(), capitalize(p.control_level.as_str())),
            ("Closest traditional labels".into(), if p.labels.is_empty() { "none".into() } else { p.labels.join(", ") }),
        ]),
        Block::Heading("Category mix of the selected services".into()),
        Block::Chart(BarChart {
            bars: ServiceCategory::ALL
                .iter()
                .map(|&c| Bar {
                    label: capitalize(c.as_str()),
                    value: round_to(mix.share(c) * 100.0, 1),
                    second: None,
                    value_text: percent(mix.share(c)),
                })
                .collect(),
            max: 100.0,
            legend: None,
        }),
    ];
    if !p.reasons.is_empty() {
        blocks.push(Block::Heading("Why".into()));
        blocks.push(reason_bullets(&p.reasons));
    }
    Section {
        title: "PMO profile".into(),
        new_page: false,
        blocks,
    }
}

fn portfolio_section(ctx: &ReportContext<'_>, rec: &Recommendation) -> Section {
    let rows = rec
        .services
        .iter()
        .map(|s| {
            vec![
                Cell::text(format!("S{}", s.key.number())),
                Cell::text(ctx.catalog.service(s.key).name.clone()),
                Cell::text(capitalize(s.category.as_str())),
                Cell::text(num(s.score, 2)),
                Cell::strong(priority_text(s.priority)).with_tone(Some(priority_tone(s.priority))),
                Cell::text(capitalize(s.horizon.as_str())),
            ]
        })
        .collect();
    Section {
        title: "Service portfolio".into(),
        new_page: true,
        blocks: vec![
            Block::Paragraph(Paragraph::spans(vec![
                Span::normal("All 26 common PMO services with the priority the rules give them. "),
                Span::note("Score: our formula, the sum over outcomes of the outcome's priority for each outcome\u{2013}service link, plus the rules' adjustments for the organizational baseline. Horizon: how soon the service's value is perceived."),
            ])),
            Block::Table(Table {
                columns: vec![
                    col("#", 0.5, Align::Left),
                    col("Service", 3.6, Align::Left),
                    col("Category", 1.3, Align::Left),
                    col("Score", 0.9, Align::Right),
                    col("Priority", 1.0, Align::Center),
                    col("Horizon", 1.0, Align::Left),
                ],
                rows,
                compact: false,
            }),
        ],
    }
}

fn reason_bullets(reasons: &[Reason]) -> Block {
    Block::Bullets(
        reasons
            .iter()
            .map(|r| {
                Paragraph::spans(vec![
                    Span::normal(r.text.clone()),
                    Span::note(format!(" [{}]", rule_text(r))),
                ])
            })
            .collect(),
    )
}

fn col(header: &str, weight: f64, align: Align) -> Column {
    Column {
        header: header.to_string(),
        weight,
        align,
    }
}

/// Where a reason's rule is, as `file:line`, or that the host decided.
pub fn rule_text(reason: &Reason) -> String {
    reason
        .rule
        .as_ref()
        .map_or_else(|| "host default".to_string(), |r| r.to_string())
}

/// A number with fixed decimals and no negative zero.
pub fn num(value: f64, decimals: usize) -> String {
    let rounded = round_to(value, decimals as i32);
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded:.decimals$}")
}

fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "no answers".to_string(), |v| num(v, decimals))
}

fn nps_text(a: &GroupAnswers) -> String {
    match a.nps.score() {
        Some(score) => format!(
            "{} ({} promoters, {} detractors of {} answers)",
            num(score, 0),
            a.nps.promoters(),
            a.nps.detractors(),
            a.nps.answered()
        ),
        None => "no answers".to_string(),
    }
}

/// `1 customer group`, `3 customer groups`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A share (0–1) as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{}%", num(share * 100.0, 0))
}

fn scope_text(scope: CoverageScope) -> &'static str {
    match scope {
        CoverageScope::Enterprise => "enterprise-wide",
        CoverageScope::Divisional => "divisional",
        CoverageScope::ProgramProject => "program or project",
    }
}

fn priority_text(p: Priority) -> &'static str {
    match p {
        Priority::Must => "Must",
        Priority::Should => "Should",
        Priority::Could => "Could",
        Priority::NotNow => "Not now",
    }
}

fn priority_tone(p: Priority) -> Tone {
    match p {
        Priority::Must => Tone::Strong,
        Priority::Should => Tone::Medium,
        Priority::Could => Tone::Light,
        Priority::NotNow => Tone::Muted,
    }
}

fn level_text(level: AlertLevel) -> &'static str {
    match level {
        AlertLevel::Info => "Info",
        AlertLevel::Warning => "Warning",
        AlertLevel::Critical => "Critical",
    }
}

/// `program_project` → `Program project`.
pub fn capitalize(text: &str) -> String {
    let text = text.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        assert_eq!(num(-0.0001, 2), "0.00");
        assert_eq!(num(2.345, 1), "2.3");
        assert_eq!(num(12.0, 0), "12");
        assert_eq!(percent(0.4285), "43%");
        assert_eq!(capitalize("program_project"), "Program project");
    }
}
