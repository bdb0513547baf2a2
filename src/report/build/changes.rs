//! "Changes since last period": the difference from the previous period (`model::diff`),
//! written for an executive reader — a key message first, then what moved in the profile, the
//! services, the customer groups, service maturity and the alerts, each as a few sentences
//! with the full detail in a table — followed by the trend charts (`trends.rs`).
//!
//! Wording only: the comparison itself is `model::diff::diff`, so the PDF says exactly what
//! `pmo-advisor diff` says. With no earlier period there is no section at all, which keeps a
//! report without history byte-identical to one made before history existed.

use crate::model::diff::{
    diff, ApproachChange, Change, Direction, GroupDiff, NumberChange, OrgDiff, PriorityChange,
    ServiceMove,
};
use crate::model::recommendation::ControlLevel;
use crate::model::service::{Priority, ServiceKey};
use crate::report::build::trends::{trends_section, History};
use crate::report::build::{
    col, level_text, num, percent, priority_text, scope_text, section, upper_first,
};
use crate::report::diff::within_margin_text;
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table, Tone};
use crate::report::ReportContext;

/// Services named in one sentence before the rest are left to the table.
const NAMED_IN_PROSE: usize = 4;
/// A satisfaction or maturity move (on the 1–5 scale) the key message calls out: a tenth of
/// a point is about one respondent in ten moving one step, below that it is noise.
const NOTABLE_LIKERT: f64 = 0.1;
/// An NPS move the key message calls out (points); smaller moves are within one respondent's
/// answer in the small groups the sample has.
const NOTABLE_NPS: f64 = 5.0;

/// The chapter and its trend section, or nothing when no earlier period is on file.
pub(super) fn history_sections(ctx: &ReportContext<'_>, history: &History<'_>) -> Vec<Section> {
    let Some(previous) = history.previous() else {
        return Vec::new();
    };
    let computed;
    let d = match history.changes {
        Some(d) => d,
        None => {
            computed = diff(previous, history.current);
            &computed
        }
    };
    vec![changes_section(ctx, d), trends_section(history)]
}

fn service_label(key: ServiceKey, name: &str) -> String {
    format!("S{} {name}", key.number())
}

fn group_name(ctx: &ReportContext<'_>, g: Option<crate::model::customer::CustomerGroup>) -> String {
    g.map_or_else(
        || "the organization".to_string(),
        |g| ctx.catalog.group(g).name.clone(),
    )
}

/// `Rose: S4 Governance (should → must), S7 Risk (could → should) and 2 more.`
fn named_moves(lead: &str, names: &[String]) -> Option<Paragraph> {
    if names.is_empty() {
        return None;
    }
    let mut text = names
        .iter()
        .take(NAMED_IN_PROSE)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED_IN_PROSE {
        text.push_str(&format!(" and {} more", names.len() - NAMED_IN_PROSE));
    }
    Some(Paragraph::spans(vec![
        Span::strong(format!("{lead}: ")),
        Span::normal(format!("{text}.")),
    ]))
}

fn priority_move(p: &PriorityChange) -> String {
    format!(
        "{} ({} \u{2192} {})",
        service_label(p.service, &p.name),
        priority_text(p.priority.base).to_lowercase(),
        priority_text(p.priority.head).to_lowercase()
    )
}

/// `rose in 2 groups and fell in 1` for a metric, counting notable moves only.
fn metric_summary(
    groups: &[GroupDiff],
    metric: fn(&GroupDiff) -> Option<&NumberChange>,
    notable: f64,
) -> Option<String> {
    let deltas = groups.iter().filter_map(|g| metric(g)?.delta);
    let (up, down) = deltas.fold((0, 0), |(u, d), x| {
        (
            u + usize::from(x >= notable),
            d + usize::from(x <= -notable),
        )
    });
    let count = |n: usize| format!("{n} {}", if n == 1 { "group" } else { "groups" });
    match (up, down) {
        (0, 0) => None,
        (u, 0) => Some(format!("rose in {}", count(u))),
        (0, d) => Some(format!("fell in {}", count(d))),
        (u, d) => Some(format!("rose in {} and fell in {d}", count(u))),
    }
}

/// The key message: one sentence per kind of change, most consequential first.
fn key_message(d: &OrgDiff) -> String {
    let mut parts = Vec::new();
    let rose = d
        .priorities
        .iter()
        .filter(|p| p.direction == Direction::Rose)
        .count();
    let fell = d.priorities.len() - rose;
    let mut services = Vec::new();
    for (n, what) in [
        (rose, "rose in priority"),
        (fell, "fell"),
        (d.services_added.len(), "newly offered"),
        (d.services_dropped.len(), "no longer offered"),
        (
            d.priorities_within_margin.len(),
            "changed label but stayed within the borderline margin",
        ),
    ] {
        if n > 0 {
            services.push(if services.is_empty() {
                format!("{n} {} {what}", if n == 1 { "service" } else { "services" })
            } else {
                format!("{n} {what}")
            });
        }
    }
    if !services.is_empty() {
        parts.push(join_and(&services));
    }
    if !d.profile.is_empty() {
        parts.push("the PMO profile changed".to_string());
    }
    let approaches: Vec<&ApproachChange> = d
        .groups
        .iter()
        .filter_map(|g| g.approach.as_ref())
        .collect();
    if !approaches.is_empty() {
        let toward = approaches.iter().filter(|a| a.toward_autonomy).count();
        let n = approaches.len();
        parts.push(format!(
            "{n} customer {} changed approach, {}",
            if n == 1 { "group" } else { "groups" },
            match toward {
                t if t == n => "toward more customer autonomy".to_string(),
                0 => "toward less customer autonomy".to_string(),
                t => format!("{t} of them toward more customer autonomy"),
            }
        ));
    }
    for (name, metric, notable) in [
        (
            "satisfaction",
            (|g: &GroupDiff| g.satisfaction.as_ref()) as fn(&GroupDiff) -> Option<&NumberChange>,
            NOTABLE_LIKERT,
        ),
        ("the Net Promoter Score", |g| g.nps.as_ref(), NOTABLE_NPS),
        (
            "project-management maturity",
            |g| g.pm_maturity.as_ref(),
            NOTABLE_LIKERT,
        ),
    ] {
        if let Some(text) = metric_summary(&d.groups, metric, notable) {
            parts.push(format!("{name} {text}"));
        }
    }
    let (new, resolved) = (d.alerts_new.len(), d.alerts_resolved.len());
    if new + resolved > 0 {
        let word = |n: usize| if n == 1 { "alert" } else { "alerts" };
        parts.push(match (new, resolved) {
            (n, 0) => format!("{n} new {}", word(n)),
            (0, r) => format!("{r} {} resolved", word(r)),
            (n, r) => format!("{n} new {} and {r} resolved", word(n)),
        });
    }
    if parts.is_empty() {
        // Only small moves: say so rather than print an empty message.
        return "only small moves in the figures below; nothing that changes the recommendation"
            .to_string();
    }
    parts.join("; ")
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn profile_blocks(d: &OrgDiff) -> Vec<Block> {
    let p = &d.profile;
    if p.is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    if let Some(c) = p.coverage_scope {
        items.push(format!(
            "Coverage: {} \u{2192} {}.",
            scope_text(c.base),
            scope_text(c.head)
        ));
    }
    if let Some(c) = p.control_level {
        // ControlLevel's order runs from supportive (least control) to directive (most).
        let rank = |l: ControlLevel| l.index();
        items.push(format!(
            "Control level: {} \u{2192} {} ({} PMO control over projects).",
            c.base.as_str(),
            c.head.as_str(),
            if rank(c.head) > rank(c.base) {
                "more"
            } else {
                "less"
            }
        ));
    }
    if !p.category_mix.is_empty() {
        let mix: Vec<String> = p
            .category_mix
            .iter()
            .map(|(c, n)| {
                let share = |v: Option<f64>| v.map_or_else(|| "\u{2013}".to_string(), percent);
                format!(
                    "{} {} \u{2192} {}",
                    c.as_str(),
                    share(n.base),
                    share(n.head)
                )
            })
            .collect();
        items.push(format!("Service mix: {}.", join_and(&mix)));
    }
    if let Some(c) = &p.labels {
        let labels = |l: &[String]| {
            if l.is_empty() {
                "none".to_string()
            } else {
                l.join(", ")
            }
        };
        items.push(format!(
            "Closest traditional labels: {} \u{2192} {}.",
            labels(&c.base),
            labels(&c.head)
        ));
    }
    vec![
        Block::Heading("PMO profile".into()),
        Block::Bullets(items.into_iter().map(Paragraph::text).collect()),
    ]
}

/// One row of the services table: service, name, change, tone, priority, score.
type MoveRow<'a> = (
    ServiceKey,
    &'a str,
    &'static str,
    Tone,
    Change<Priority>,
    Change<f64>,
);

fn of_priority<'a>(p: &'a PriorityChange, what: &'static str, tone: Tone) -> MoveRow<'a> {
    (p.service, &p.name, what, tone, p.priority, p.score)
}

fn of_move<'a>(m: &'a ServiceMove, what: &'static str, tone: Tone) -> MoveRow<'a> {
    (m.service, &m.name, what, tone, m.priority, m.score)
}

fn service_blocks(d: &OrgDiff) -> Vec<Block> {
    if d.priorities.is_empty()
        && d.priorities_within_margin.is_empty()
        && d.services_added.is_empty()
        && d.services_dropped.is_empty()
    {
        return Vec::new();
    }
    let moved = |dir: Direction| -> Vec<&PriorityChange> {
        d.priorities.iter().filter(|p| p.direction == dir).collect()
    };
    let (rose, fell) = (moved(Direction::Rose), moved(Direction::Fell));
    let offered = |m: &ServiceMove, p| {
        format!(
            "{} ({})",
            service_label(m.service, &m.name),
            priority_text(p).to_lowercase()
        )
    };
    let bullets: Vec<Paragraph> = [
        named_moves(
            "Rose",
            &rose.iter().map(|p| priority_move(p)).collect::<Vec<_>>(),
        ),
        named_moves(
            "Newly offered",
            &d.services_added
                .iter()
                .map(|m| offered(m, m.priority.head))
                .collect::<Vec<_>>(),
        ),
        named_moves(
            "Fell",
            &fell.iter().map(|p| priority_move(p)).collect::<Vec<_>>(),
        ),
        named_moves(
            "No longer offered",
            &d.services_dropped
                .iter()
                .map(|m| {
                    format!(
                        "{}, was {}",
                        service_label(m.service, &m.name),
                        priority_text(m.priority.base).to_lowercase()
                    )
                })
                .collect::<Vec<_>>(),
        ),
        // A new label whose share moved by less than the margin is noise at a cut-off, not a
        // rise or fall; the sponsor sees it named, with the reason it does not count.
        named_moves(
            "Unchanged within the margin",
            &d.priorities_within_margin
                .iter()
                .map(|p| {
                    format!(
                        "{} ({})",
                        service_label(p.service, &p.name),
                        within_margin_text(p)
                    )
                })
                .collect::<Vec<_>>(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let moves: Vec<MoveRow<'_>> = (rose.iter().map(|p| of_priority(p, "Rose", Tone::Strong)))
        .chain(
            d.services_added
                .iter()
                .map(|m| of_move(m, "New", Tone::Strong)),
        )
        .chain(fell.iter().map(|p| of_priority(p, "Fell", Tone::Light)))
        .chain(
            d.services_dropped
                .iter()
                .map(|m| of_move(m, "Dropped", Tone::Muted)),
        )
        .chain(
            d.priorities_within_margin
                .iter()
                .map(|p| of_priority(p, "Within margin", Tone::Muted)),
        )
        .collect();
    let rows = moves
        .into_iter()
        .map(|(key, name, change, tone, priority, score)| {
            let (was, now) = (num(score.base, 1), num(score.head, 1));
            vec![
                Cell::text(service_label(key, name)),
                Cell::strong(change).with_tone(Some(tone)),
                Cell::text(priority_text(priority.base)),
                Cell::text(priority_text(priority.head)),
                Cell::text(if was == now {
                    now
                } else {
                    format!("{was} \u{2192} {now}")
                }),
            ]
        })
        .collect();
    vec![
        Block::Heading("Services".into()),
        Block::Bullets(bullets),
        Block::Table(Table {
            columns: vec![
                col("Service", 3.6, Align::Left),
                col("Change", 1.0, Align::Center),
                col("Was", 0.9, Align::Center),
                col("Now", 0.9, Align::Center),
                col("Score", 1.2, Align::Center),
            ],
            rows,
            compact: true,
        }),
    ]
}

fn alert_blocks(ctx: &ReportContext<'_>, d: &OrgDiff) -> Vec<Block> {
    let mut items = Vec::new();
    for a in &d.alerts_new {
        items.push(Paragraph::spans(vec![
            Span::strong(format!("New, {}: ", level_text(a.level).to_lowercase())),
            Span::normal(format!("{}.", upper_first(a.text.trim_end_matches('.')))),
        ]));
    }
    for a in &d.alerts_resolved {
        items.push(Paragraph::spans(vec![
            Span::strong("Resolved: "),
            Span::normal(format!("{}.", upper_first(a.text.trim_end_matches('.')))),
            Span::note(format!(" (was {})", level_text(a.level).to_lowercase())),
        ]));
    }
    for a in &d.alert_levels {
        items.push(Paragraph::spans(vec![
            Span::strong(format!(
                "{} \u{2192} {}: ",
                level_text(a.level.base),
                level_text(a.level.head).to_lowercase()
            )),
            Span::normal(format!(
                "{} for {}.",
                a.code.replace('_', " "),
                group_name(ctx, a.group)
            )),
        ]));
    }
    if items.is_empty() {
        return Vec::new();
    }
    vec![Block::Heading("Alerts".into()), Block::Bullets(items)]
}

fn changes_section(ctx: &ReportContext<'_>, d: &OrgDiff) -> Section {
    let (base, head) = (d.base_period, d.head_period);
    let mut blocks = vec![Block::Paragraph(Paragraph::text(format!(
        "What changed from {base} to {head}, the two latest periods with results. The sentences give what matters most; the tables list every change."
    )))];
    if d.rules_version.base != d.rules_version.head {
        blocks.push(Block::Callout {
            draft: true,
            text: Paragraph::spans(vec![
                Span::strong("The rules changed between the two periods "),
                Span::normal(format!(
                    "({} \u{2192} {}): part of these changes may come from the new rules rather than from the customers\u{2019} answers.",
                    d.rules_version.base, d.rules_version.head
                )),
            ]),
        });
    }
    if d.is_empty() {
        blocks.push(Block::Callout {
            draft: false,
            text: Paragraph::spans(vec![
                Span::strong(format!("No material change since {base}: ")),
                Span::normal(
                    "the same services at the same priorities, the same engagement approaches, and the same satisfaction, Net Promoter Score and maturity figures in every customer group.",
                ),
            ]),
        });
    } else {
        blocks.push(Block::Callout {
            draft: false,
            text: Paragraph::spans(vec![
                Span::strong(format!("Since {base}: ")),
                Span::normal(format!("{}.", upper_first(&key_message(d)))),
            ]),
        });
        blocks.extend(service_blocks(d));
        blocks.extend(figures::group_blocks(ctx, d));
        blocks.extend(profile_blocks(d));
        blocks.extend(figures::maturity_blocks(d));
        blocks.extend(alert_blocks(ctx, d));
    }
    section("Changes since last period", 1, true, blocks)
}

mod cause;
mod figures;

#[cfg(test)]
#[path = "changes/tests.rs"]
mod tests;
