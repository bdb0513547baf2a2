//! The customer groups and maturity parts of the changes chapter: each group's approach,
//! satisfaction, Net Promoter Score and maturity before and after, and service maturity per
//! category. Wording only, like the rest of `changes`.

use crate::model::diff::{ApproachChange, Change, NumberChange, OrgDiff, Presence};
use crate::report::build::changes::cause::approach_cause;
use crate::report::build::changes::{NOTABLE_LIKERT, NOTABLE_NPS};
use crate::report::build::{capitalize, col, num, signed};
use crate::report::document::{Align, Block, Cell, Paragraph, Span, Table, Tone};
use crate::report::ReportContext;

/// A number before and after with its delta: `3.50 → 3.80 (+0.30)`; `–` for a missing side.
fn number_change(c: &NumberChange, text: fn(f64) -> String, delta: fn(f64) -> String) -> String {
    let side = |v: Option<f64>| v.map_or_else(|| "\u{2013}".to_string(), text);
    let mut out = format!("{} \u{2192} {}", side(c.base), side(c.head));
    if let Some(d) = c.delta {
        out.push_str(&format!(" ({})", delta(d)));
    }
    out
}

fn two(v: f64) -> String {
    num(v, 2)
}

fn signed_two(v: f64) -> String {
    let text = num(v, 2);
    match text.strip_prefix('-') {
        Some(abs) => format!("\u{2212}{abs}"),
        None if v > 0.0 => format!("+{text}"),
        None => text,
    }
}

/// The n beside a figure before and after (`n 15 → 16`), when the results recorded it.
fn answers_text(n: &Change<u32>) -> Option<String> {
    let side = |v: u32| {
        if v == 0 {
            "\u{2013}".to_string()
        } else {
            v.to_string()
        }
    };
    (n.base > 0 || n.head > 0).then(|| format!("n {} \u{2192} {}", side(n.base), side(n.head)))
}

/// A table cell for a group metric (with its n, when given); toned by direction when the move
/// is notable.
fn metric_cell(
    c: Option<&NumberChange>,
    answers: Option<&Change<u32>>,
    text: fn(f64) -> String,
    delta: fn(f64) -> String,
    notable: f64,
) -> Cell {
    let n = answers.and_then(answers_text);
    match c {
        None => Cell::text(match n {
            Some(n) => format!("unchanged ({n})"),
            None => "unchanged".to_string(),
        }),
        Some(c) => {
            let tone = c.delta.and_then(|d| {
                if d >= notable {
                    Some(Tone::Strong)
                } else if d <= -notable {
                    Some(Tone::Alert)
                } else {
                    None
                }
            });
            let figure = number_change(c, text, delta);
            Cell::text(match n {
                Some(n) => format!("{figure}; {n}"),
                None => figure,
            })
            .with_tone(tone)
        }
    }
}

fn approach_text(ctx: &ReportContext<'_>, a: &ApproachChange) -> String {
    format!(
        "{} \u{2192} {}",
        ctx.catalog.approach(a.approach.base).name,
        ctx.catalog.approach(a.approach.head).name
    )
}

pub(super) fn group_blocks(ctx: &ReportContext<'_>, d: &OrgDiff) -> Vec<Block> {
    if d.groups.is_empty() {
        return Vec::new();
    }
    let mut bullets = Vec::new();
    for g in &d.groups {
        match (g.presence, &g.approach) {
            (Presence::Added, _) => bullets.push(Paragraph::spans(vec![
                Span::strong(format!("{}: ", g.name)),
                Span::normal("answered for the first time."),
            ])),
            (Presence::Removed, _) => bullets.push(Paragraph::spans(vec![
                Span::strong(format!("{}: ", g.name)),
                Span::normal("did not answer this period; its figures are missing from the trends."),
            ])),
            (Presence::Both, Some(a)) => bullets.push(Paragraph::spans(vec![
                Span::strong(format!("{}: ", g.name)),
                // The cause names only an input that moved (cause.rs), never maturity by
                // default: a move toward autonomy can come from readiness, culture or rules.
                Span::normal(if a.toward_autonomy {
                    format!(
                        "{}, toward more customer autonomy: {}.",
                        approach_text(ctx, a),
                        approach_cause(d, g, true)
                    )
                } else {
                    format!(
                        "{}, toward less customer autonomy, the PMO takes more control: {}; check that the group needs it.",
                        approach_text(ctx, a),
                        approach_cause(d, g, false)
                    )
                }),
            ])),
            (Presence::Both, None) => {}
        }
    }
    let rows = d
        .groups
        .iter()
        .map(|g| {
            let approaches = if g.service_approaches.is_empty() {
                "unchanged".to_string()
            } else {
                let toward = g
                    .service_approaches
                    .iter()
                    .filter(|s| s.toward_autonomy)
                    .count();
                format!(
                    "{} changed, {toward} toward autonomy",
                    g.service_approaches.len()
                )
            };
            vec![
                Cell::strong(g.name.clone()),
                match (g.presence, &g.approach) {
                    (Presence::Added, _) => Cell::text("new group"),
                    (Presence::Removed, _) => Cell::text("no answers"),
                    (_, Some(a)) => {
                        Cell::text(approach_text(ctx, a)).with_tone(Some(if a.toward_autonomy {
                            Tone::Strong
                        } else {
                            Tone::Light
                        }))
                    }
                    (_, None) => Cell::text("unchanged"),
                },
                Cell::text(approaches),
                metric_cell(
                    g.satisfaction.as_ref(),
                    Some(&g.satisfaction_answers),
                    two,
                    signed_two,
                    NOTABLE_LIKERT,
                ),
                metric_cell(
                    g.nps.as_ref(),
                    Some(&g.nps_answers),
                    signed,
                    signed,
                    NOTABLE_NPS,
                ),
                metric_cell(
                    g.pm_maturity.as_ref(),
                    None,
                    two,
                    signed_two,
                    NOTABLE_LIKERT,
                ),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Heading("Customer groups".into())];
    if !bullets.is_empty() {
        blocks.push(Block::Bullets(bullets));
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            col("Group", 1.7, Align::Left),
            col("Approach", 1.6, Align::Left),
            col("Per-service approaches", 1.3, Align::Left),
            col("Satisfaction (1\u{2013}5)", 1.4, Align::Center),
            col("NPS", 1.2, Align::Center),
            col("PM maturity (1\u{2013}5)", 1.4, Align::Center),
        ],
        rows,
        compact: true,
    }));
    blocks.push(Block::Paragraph(Paragraph::spans(vec![Span::note(
        "Groups not listed did not change. Green marks a notable rise, red a notable fall (a tenth of a point on the 1\u{2013}5 scales, five NPS points).",
    )])));
    blocks
}

pub(super) fn maturity_blocks(d: &OrgDiff) -> Vec<Block> {
    let mut items = Vec::new();
    for c in &d.category_maturity {
        let pct = |v: f64| format!("{}%", num(v, 0));
        let points = |v: f64| format!("{} points", signed(v));
        let mut parts = Vec::new();
        if let Some(n) = &c.current_percent {
            parts.push(format!("current {}", number_change(n, pct, points)));
        }
        if let Some(n) = &c.target_percent {
            parts.push(format!("target {}", number_change(n, pct, points)));
        }
        items.push(Paragraph::spans(vec![
            Span::strong(format!("{} services: ", capitalize(c.category.as_str()))),
            Span::normal(format!("{}.", parts.join("; "))),
        ]));
    }
    if let Some(n) = &d.baseline_maturity {
        items.push(Paragraph::spans(vec![
            Span::strong("Baseline project-management maturity: "),
            Span::normal(format!("{}.", number_change(n, two, signed_two))),
        ]));
    }
    if items.is_empty() {
        return Vec::new();
    }
    vec![Block::Heading("Maturity".into()), Block::Bullets(items)]
}
