//! A one- or two-page brief for one customer group, for the PMO lead to send to the group's
//! head: what the group asked for, and what the PMO will do for it and how.
//!
//! Built from the same results as the report, so the two never disagree; no cover and no
//! contents, a title block instead.

use crate::model::customer::CustomerGroup;
use crate::model::recommendation::{GroupDecision, Recommendation, ServiceDecision};
use crate::model::service::Priority;
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::report::build::charter::phase;
use crate::report::build::groups::{indicative, more_autonomy, nps_fact, with_answers};
use crate::report::build::summary::one_line_reason;
use crate::report::build::{
    col, metadata, num, opt, organization_name, priority_text, ranked, rated_subject, section,
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

/// Top outcomes of the group checked against the plan.
const CHECKED_OUTCOMES: usize = 3;

/// Why a service is in the group's plan, in the group's own terms: the group's top outcomes
/// that it serves, else the organization's reason.
fn own_reason(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    decision: &GroupDecision,
    s: &ServiceDecision,
) -> String {
    let own: Vec<String> = decision
        .top_outcomes
        .iter()
        .filter(|o| ctx.catalog.outcome(o.outcome).services.contains(&s.key))
        .take(2)
        .map(|o| {
            format!(
                "{} ({}/5)",
                ctx.catalog.outcome(o.outcome).name.to_lowercase(),
                num(o.priority, 1)
            )
        })
        .collect();
    if own.is_empty() {
        format!("Across all groups: {}", one_line_reason(ctx, rec, s))
    } else {
        format!("You want {}", own.join(" and "))
    }
}

/// The group's satisfaction and NPS beside every group's together, each with its n.
fn ratings_line(input: &OrganizationInput, answers: Option<&GroupAnswers>) -> Option<String> {
    let a = answers?;
    let mean = a.satisfaction.mean()?;
    let (all, _) = input.overall_answers();
    let subject = rated_subject(input);
    Some(match all.mean() {
        Some(all_mean) => format!(
            "Your group rated its satisfaction with {subject} {}/5 (n = {}), against {}/5 across all groups (n = {}).",
            num(mean, 1),
            a.satisfaction.answered(),
            num(all_mean, 1),
            all.answered()
        ),
        None => format!(
            "Your group rated its satisfaction with {subject} {}/5 (n = {}).",
            num(mean, 1),
            a.satisfaction.answered()
        ),
    })
}

/// The group's top outcomes that the plan does not serve now: no service linked to the
/// outcome is at must or should. Said plainly, with where the outcome ranks for the whole
/// organization.
fn against_the_ask(
    ctx: &ReportContext<'_>,
    rec: &Recommendation,
    decision: &GroupDecision,
) -> Vec<String> {
    decision
        .top_outcomes
        .iter()
        .take(CHECKED_OUTCOMES)
        .filter_map(|o| {
            let outcome = ctx.catalog.outcome(o.outcome);
            let linked: Vec<&ServiceDecision> =
                outcome.services.iter().map(|s| rec.service(*s)).collect();
            let now = linked
                .iter()
                .any(|s| matches!(s.priority, Priority::Must | Priority::Should));
            if now || linked.is_empty() {
                return None;
            }
            let later: Vec<String> = linked
                .iter()
                .filter(|s| s.priority == Priority::Could)
                .map(|s| ctx.catalog.service(s.key).name.clone())
                .collect();
            let standing = rec
                .outcomes
                .iter()
                .position(|x| x.outcome == o.outcome)
                .map(|i| {
                    format!(
                        "across all groups it ranks {} of {} ({}/5)",
                        i + 1,
                        rec.outcomes.len(),
                        num(rec.outcomes[i].priority, 1)
                    )
                })
                .unwrap_or_else(|| "the other groups did not rate it".to_string());
            let names: Vec<String> = linked
                .iter()
                .take(3)
                .map(|s| ctx.catalog.service(s.key).name.clone())
                .collect();
            Some(if later.is_empty() {
                format!(
                    "You rated {} {}/5, among your top outcomes, but none of the services that serve it ({}) is in this period\u{2019}s plan: {standing}.",
                    outcome.name.to_lowercase(),
                    num(o.priority, 1),
                    names.join(", ")
                )
            } else {
                format!(
                    "You rated {} {}/5, among your top outcomes, but the services that serve it come only when capacity allows ({}): {standing}.",
                    outcome.name.to_lowercase(),
                    num(o.priority, 1),
                    later.join(", ")
                )
            })
        })
        .collect()
}

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
            with_answers(
                opt(a.satisfaction.mean(), 1),
                a.satisfaction.answered(),
                indicative(rec, group, a.satisfaction.answered()),
            ),
        ));
        facts.push(("Net Promoter Score".to_string(), nps_fact(rec, group, a)));
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
                .map(|c| {
                    Paragraph::spans(vec![Span::note(format!("\u{201C}{}\u{201D}", c.as_str()))])
                })
                .collect(),
        ));
    }

    if let Some(line) = ratings_line(input, answers) {
        asked.push(Block::Paragraph(Paragraph::text(line)));
    }
    let against = against_the_ask(ctx, rec, decision);

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
                        Cell::text(own_reason(ctx, rec, decision, s)),
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
    let mut sections = vec![
        section("What you asked for", 1, false, asked),
        section("What the PMO will do for you", 1, false, offer),
    ];
    if !against.is_empty() {
        sections.push(section(
            "Where the plan differs from what you asked",
            1,
            false,
            vec![
                Block::Bullets(against.into_iter().map(Paragraph::text).collect()),
                Block::Paragraph(Paragraph::spans(vec![Span::note(
                    "The plan weighs every group\u{2019}s answers together, each group the same, and phases what the PMO can take on; raise these points with the PMO lead if they matter more to you than the plan shows.",
                )])),
            ],
        ));
    }
    sections.extend([

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
    ]);
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
