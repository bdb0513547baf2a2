//! A one- or two-page brief for one customer group, for the PMO lead to send to the group's
//! head: what the group asked for, and what the PMO will do for it and how.
//!
//! Built from the same results as the report, so the two never disagree; no cover and no
//! contents, a title block instead.

use crate::model::customer::CustomerGroup;
use crate::model::recommendation::Recommendation;
use crate::model::service::Priority;
use crate::model::survey::OrganizationInput;
use crate::report::build::charter::phase;
use crate::report::build::groups::more_autonomy;
use crate::report::build::summary::one_line_reason;
use crate::report::build::{
    col, metadata, nps_text, num, opt, organization_name, priority_text, ranked, section,
};
use crate::report::document::{Align, Block, Cell, Cover, Document, Paragraph, Span, Table};
use crate::report::ReportContext;

/// `The PMO advises` → `the PMO advises`, for text continued inside a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Comments quoted in a brief.
const COMMENTS: usize = 3;

/// The brief for one customer group, or `None` when the group did not answer.
pub fn build_group_brief(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    group: CustomerGroup,
) -> Option<Document> {
    let decision = rec.groups.iter().find(|g| g.group == group)?;
    let answers = input.groups.get(&group);
    let org = organization_name(input);
    let name = ctx.catalog.group(group).name.clone();
    let approach = ctx.catalog.approach(decision.approach);
    let title = format!("What the PMO will do for {}", name.to_lowercase());

    let mut facts = Vec::new();
    if let Some(a) = answers {
        facts.push(("Respondents".to_string(), a.respondents.to_string()));
        facts.push((
            "PM maturity (1\u{2013}5)".to_string(),
            opt(a.pm_maturity.mean(), 1),
        ));
        facts.push((
            "Satisfaction (1\u{2013}5)".to_string(),
            opt(a.satisfaction.mean(), 1),
        ));
        facts.push(("Net Promoter Score".to_string(), nps_text(a)));
    }

    let mut asked = Vec::new();
    if decision.top_outcomes.is_empty() {
        asked.push(Block::Paragraph(Paragraph::text(
            "The group rated no outcome.",
        )));
    } else {
        asked.push(Block::Paragraph(Paragraph::text(
            "The outcomes your group rated most important, on a scale of 1 to 5:",
        )));
        asked.push(Block::Bullets(
            decision
                .top_outcomes
                .iter()
                .map(|o| {
                    Paragraph::spans(vec![
                        Span::normal(ctx.catalog.outcome(o.outcome).name.clone()),
                        Span::note(format!(" \u{2013} {}/5", num(o.priority, 1))),
                    ])
                })
                .collect(),
        ));
    }
    if let Some(a) = answers.filter(|a| !a.comments.is_empty()) {
        asked.push(Block::Heading("In your words".into()));
        asked.push(Block::Bullets(
            a.comments
                .iter()
                .take(COMMENTS)
                .map(|c| Paragraph::spans(vec![Span::note(format!("\u{201C}{c}\u{201D}"))]))
                .collect(),
        ));
    }

    let services: Vec<_> = ranked(rec)
        .into_iter()
        .filter(|s| decision.service_approaches.contains_key(&s.key))
        .collect();
    let (main, later): (Vec<_>, Vec<_>) = services
        .into_iter()
        .partition(|s| s.priority != Priority::Could);
    let mut offer = vec![Block::Paragraph(Paragraph::spans(vec![
        Span::normal("For most services the PMO\u{2019}s approach with your group will be "),
        Span::strong(approach.name.to_lowercase()),
        Span::normal(format!(
            " ({}).",
            lower_first(approach.who_decides.trim_end_matches('.'))
        )),
    ]))];
    if !main.is_empty() {
        offer.push(Block::Table(Table {
            columns: vec![
                col("Service", 3.0, Align::Left),
                col("Priority", 0.9, Align::Left),
                col("When", 0.8, Align::Left),
                col("How we engage", 1.2, Align::Left),
                col("Why", 3.4, Align::Left),
            ],
            rows: main
                .iter()
                .map(|s| {
                    let a = decision.service_approaches[&s.key];
                    vec![
                        Cell::strong(ctx.catalog.service(s.key).name.clone()),
                        Cell::text(priority_text(s.priority)),
                        Cell::text(format!("Phase {}", phase(s).0)),
                        Cell::text(ctx.catalog.approach(a).name.clone()),
                        Cell::text(one_line_reason(ctx, rec, s)),
                    ]
                })
                .collect(),
            compact: true,
        }));
    }
    if !later.is_empty() {
        offer.push(Block::Paragraph(Paragraph::spans(vec![
            Span::strong("When capacity allows: "),
            Span::normal(format!(
                "{}.",
                later
                    .iter()
                    .map(|s| ctx.catalog.service(s.key).name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ])));
    }
    offer.push(Block::Paragraph(Paragraph::spans(vec![Span::note(
        "Phase 1 is the next quarter (quick wins), phase 2 the two or three quarters after, phase 3 a year and beyond.",
    )])));

    let maturity = answers.and_then(|a| a.pm_maturity.mean());
    let next = match (more_autonomy(decision.approach), maturity) {
        (Some(next), Some(m)) => format!(
            "As your group\u{2019}s project-management maturity grows from {} toward {}, the PMO will step back to a {} approach and leave more of the decisions to you.",
            num(m, 1),
            num((m.floor() + 1.0).min(5.0), 0),
            ctx.catalog.approach(next).name.to_lowercase()
        ),
        (Some(next), None) => format!(
            "As your group\u{2019}s maturity grows, the PMO will step back to a {} approach.",
            ctx.catalog.approach(next).name.to_lowercase()
        ),
        (None, _) => "Your group already decides for itself; the PMO will advise when asked.".to_string(),
    };
    let sections = vec![
        section("What you asked for", 1, false, asked),
        section("What the PMO will do for you", 1, false, offer),
        section(
            "How we will work together",
            1,
            false,
            vec![
                Block::Paragraph(Paragraph::text(next)),
                Block::Bullets(vec![
                    Paragraph::text("Review this brief with the PMO lead and say what is missing or wrong."),
                    Paragraph::text("Agree which phase-1 services start next quarter and who in your group takes part."),
                    Paragraph::text(format!("Answer the customer survey again next quarter, so {org} can see whether the PMO delivered what you asked for.")),
                ]),
            ],
        ),
    ];
    let mut metadata = metadata(
        ctx,
        input,
        &format!("PMO brief for {}", name.to_lowercase()),
        &org,
    );
    metadata.keywords.push(group.as_str().to_string());
    Some(Document {
        metadata,
        cover: Cover {
            title,
            organization: org,
            organization_id: input.id.to_string(),
            period: ctx.period.to_string(),
            verdict: approach.name.clone(),
            verdict_detail: approach.who_decides.clone(),
            verdict_label: "Recommended engagement approach".into(),
            facts,
        },
        full_cover: false,
        sections,
    })
}
