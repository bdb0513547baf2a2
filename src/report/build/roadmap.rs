//! The "Roadmap" chapter: the selected services by phase and quarter, as `rules::roadmap`
//! sequenced them, drawn as a chart with a short table of what each service waits for. The
//! reasons (why each service is in its phase, the dependency table's rows) go to the
//! appendix's reasons trace; this page states the rule in a sentence.
//!
//! Built as data first (`RoadmapJson`), so the JSON carries the same roadmap and the chart is
//! drawn from it.

use crate::model::period::Period;
use crate::model::prose::and_list;
use crate::model::recommendation::Recommendation;
use crate::model::roadmap::{Phase, Placement};
use crate::model::service::Priority;
use crate::report::build::decisions::phase_heading;
use crate::report::build::{col, section};
use crate::report::document::{
    Align, Band, Block, Cell, Paragraph, RoadmapChart, RoadmapRow, Section, Span, Table,
};
use crate::report::json::roadmap::{RoadmapItemJson, RoadmapJson, RoadmapReasonJson};
use crate::report::ReportContext;

/// The section's title (tests and the outline look for it).
pub const ROADMAP_TITLE: &str = "Roadmap";
/// Quarters the chart shows at least: the quick wins, the next three, and two later.
const MIN_QUARTERS: u8 = 6;
/// Quarters the chart shows at most; a service starting later is drawn in the last column.
const MAX_QUARTERS: u8 = 10;

/// The label of the quarter `offset` quarters after `period` (`2026-Q3` + 1 = `2026-Q4`).
pub fn quarter_label(period: Period, offset: u8) -> String {
    let index = u32::from(period.year()) * 4 + u32::from(period.quarter()) - 1 + u32::from(offset);
    format!("{}-Q{}", index / 4, index % 4 + 1)
}

/// The roadmap as data.
pub fn roadmap_json(ctx: &ReportContext<'_>, rec: &Recommendation) -> RoadmapJson {
    let shown = rec
        .roadmap
        .horizon_quarters()
        .clamp(MIN_QUARTERS, MAX_QUARTERS);
    RoadmapJson {
        quarters: (1..=shown).map(|q| quarter_label(ctx.period, q)).collect(),
        regulated: rec.roadmap.regulated,
        items: rec
            .roadmap
            .items
            .iter()
            .map(|i| RoadmapItemJson {
                service: i.service.as_str().into(),
                number: i.service.number(),
                name: ctx.catalog.service(i.service).name.clone(),
                priority: rec.service(i.service).priority.as_str().into(),
                phase: i.phase.as_str().into(),
                start: i.start,
                start_quarter: quarter_label(ctx.period, i.start),
                build_quarters: i.build_quarters,
                placement: match i.placement {
                    Placement::Urgency => "urgency",
                    Placement::Dependency => "dependency",
                    Placement::Regulatory => "regulatory",
                    Placement::Capacity => "capacity",
                    Placement::Enabler => "enabler",
                }
                .into(),
                depends_on: i.depends_on.iter().map(|d| d.as_str().into()).collect(),
                reasons: i
                    .reasons
                    .iter()
                    .map(|r| RoadmapReasonJson {
                        text: r.text.clone(),
                        rule: r.rule.as_ref().map(|l| l.to_string()),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn priority_word(key: &str) -> &'static str {
    match Priority::parse(key) {
        Ok(Priority::Must) => "Must",
        Ok(Priority::Should) => "Should",
        _ => "Could",
    }
}

/// The chapter, drawn from its data.
pub(super) fn roadmap_section(roadmap: &RoadmapJson) -> Section {
    let mut blocks = vec![Block::Paragraph(Paragraph::spans(vec![
        Span::normal("When each selected service starts, quarter by quarter. "),
        Span::note(
            "Our sequencing rule: urgency (priority and horizon) gives the phase; a service starts at least a quarter after the selected services it builds on (the catalog\u{2019}s dependency table, data/catalog/dependencies.csv, which you can edit); where work is regulated, the compliance services start first whatever their dependencies; a PMO takes on only a few services a quarter (a new one fewer), and a service already delivered at its target level takes no room. The bar is the set-up; the thin line after it, the service running as usual. Appendix A gives each placement\u{2019}s reasons, citing the step of the rule (sequencing rule:1 to 4) and the dependency table\u{2019}s row.",
        ),
    ]))];
    if roadmap.items.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "No service was selected, so there is nothing to sequence yet: agree the first services with the sponsor and the customer groups.",
        )));
        return section(ROADMAP_TITLE, 1, true, blocks);
    }
    let last = roadmap.quarters.len();
    let mut phases = Vec::new();
    let mut rows = Vec::new();
    for (index, item) in roadmap.items.iter().enumerate() {
        if index == 0 || roadmap.items[index - 1].phase != item.phase {
            let phase = Phase::parse(&item.phase).unwrap_or(Phase::Later);
            phases.push(Band {
                before: index,
                label: phase_heading(phase).to_string(),
            });
        }
        let mut bar_text = priority_word(&item.priority).to_string();
        if item.placement == "regulatory" {
            bar_text.push_str(" \u{b7} regulatory");
        }
        rows.push(RoadmapRow {
            label: item.name.clone(),
            start: usize::from(item.start.max(1) - 1).min(last.saturating_sub(1)),
            span: usize::from(item.build_quarters),
            style: match Priority::parse(&item.priority) {
                Ok(Priority::Must) => 0,
                Ok(Priority::Should) => 1,
                _ => 2,
            },
            bar_text,
        });
    }
    blocks.push(Block::Roadmap(RoadmapChart {
        quarters: roadmap.quarters.clone(),
        rows,
        phases,
        legend: vec![
            (0, "Must: set-up".into()),
            (1, "Should: set-up".into()),
            (2, "Could: set-up".into()),
        ],
    }));
    let waits: Vec<Vec<Cell>> = roadmap
        .items
        .iter()
        .filter(|i| {
            !i.depends_on.is_empty() || i.placement == "regulatory" || i.placement == "enabler"
        })
        .map(|i| {
            let deps: Vec<&RoadmapItemJson> = i
                .depends_on
                .iter()
                .filter_map(|d| roadmap.items.iter().find(|o| &o.service == d))
                .collect();
            let named = |keep: &dyn Fn(&RoadmapItemJson) -> bool| -> String {
                deps.iter()
                    .filter(|o| keep(o))
                    .map(|o| format!("{} ({})", o.name, o.start_quarter))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let note = if i.placement == "regulatory" {
                // A regulated compliance service may start with or before what it builds on.
                let mut note = "Regulatory deadline: starts first".to_string();
                let alongside = named(&|o| o.start == i.start);
                let later = named(&|o| o.start > i.start);
                if !alongside.is_empty() {
                    note.push_str(&format!(", alongside {alongside}"));
                }
                if !later.is_empty() {
                    note.push_str(&format!(", without waiting for {later}"));
                }
                note
            } else if i.placement == "enabler" {
                // Brought forward because a more urgent service builds on it.
                let users: Vec<String> = roadmap
                    .items
                    .iter()
                    .filter(|o| o.depends_on.contains(&i.service))
                    .map(|o| o.name.clone())
                    .collect();
                let mut note = format!(
                    "Brought forward: {} {} on it",
                    and_list(&users),
                    if users.len() == 1 { "builds" } else { "build" }
                );
                if !deps.is_empty() {
                    note.push_str(&format!("; after {}", named(&|_| true)));
                }
                note
            } else {
                format!("After {}", named(&|_| true))
            };
            vec![
                Cell::text(i.name.clone()),
                Cell::text(i.start_quarter.clone()),
                Cell::text(note),
            ]
        })
        .collect();
    if !waits.is_empty() {
        blocks.push(Block::Heading("What waits for what".into()));
        blocks.push(Block::Table(Table {
            columns: vec![
                col("Service", 2.4, Align::Left),
                col("Starts", 0.9, Align::Left),
                col("Sequence", 4.0, Align::Left),
            ],
            rows: waits,
            compact: true,
        }));
    }
    section(ROADMAP_TITLE, 1, true, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_labels_roll_over_the_year() {
        let p = Period::parse("2026-Q3").unwrap();
        assert_eq!(quarter_label(p, 1), "2026-Q4");
        assert_eq!(quarter_label(p, 2), "2027-Q1");
        assert_eq!(quarter_label(p, 6), "2028-Q1");
    }
}
