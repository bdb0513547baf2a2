//! Tests of the changes chapter: wording of moves, the no-change message, no section without
//! an earlier period.

use super::*;
use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::recommendation::AlertLevel;
use crate::model::service::Priority;
use crate::model::snapshot::{AlertSnapshot, OrgSnapshot};
use crate::report::build::trends::tests::snapshot;
use crate::report::document::Emphasis;

fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    let spans = |p: &Paragraph, out: &mut String| {
        for s in &p.spans {
            out.push_str(&s.text);
        }
        out.push('\n');
    };
    for b in blocks {
        match b {
            Block::Paragraph(p) | Block::Callout { text: p, .. } => spans(p, &mut out),
            Block::Bullets(items) => items.iter().for_each(|p| spans(p, &mut out)),
            Block::Heading(h) => {
                out.push_str(h);
                out.push('\n');
            }
            Block::Table(t) => {
                for row in &t.rows {
                    for c in row {
                        out.push_str(&c.text);
                        out.push('|');
                    }
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

fn catalog() -> crate::model::catalog::Catalog {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
    crate::ingest::read_catalog(&dir).unwrap()
}

fn ctx(catalog: &crate::model::catalog::Catalog) -> ReportContext<'_> {
    let period = crate::model::period::Period::parse("2026-Q2").unwrap();
    ReportContext {
        catalog,
        period,
        date: crate::model::period::ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        },
        rules_version: "r1",
        tool_version: "0.0.0",
        paper: crate::report::Paper::A4,
        fte_cost: None,
    }
}

#[test]
fn nothing_changed_says_so_plainly() {
    let catalog = catalog();
    let (q1, q2) = (snapshot("2026-Q1"), snapshot("2026-Q2"));
    let earlier = [q1];
    let sections = history_sections(
        &ctx(&catalog),
        &History {
            earlier: &earlier,
            current: &q2,
            changes: None,
        },
    );
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0].title, "Changes since last period");
    let text = text_of(&sections[0].blocks);
    assert!(text.contains("No material change since 2026-Q1"), "{text}");
    assert!(!text.contains("Services\n"), "{text}");
}

#[test]
fn no_earlier_period_means_no_section() {
    let catalog = catalog();
    let q2 = snapshot("2026-Q2");
    let sections = history_sections(
        &ctx(&catalog),
        &History {
            earlier: &[],
            current: &q2,
            changes: None,
        },
    );
    assert!(sections.is_empty());
}

#[test]
fn moves_are_named_with_their_priorities_and_directions() {
    let catalog = catalog();
    let q1 = snapshot("2026-Q1");
    let mut q2 = snapshot("2026-Q2");
    let rise = ServiceKey::ALL[1];
    let drop = ServiceKey::ALL[2];
    q2.services.get_mut(&rise).unwrap().priority = Priority::Must;
    q2.services.get_mut(&drop).unwrap().priority = Priority::NotNow;
    let exec = q2.groups.get_mut(&CustomerGroup::Executive).unwrap();
    exec.approach = Approach::Supportive;
    exec.satisfaction = Some(3.6);
    q2.rules_version = "r2".into();
    q2.alerts.push(AlertSnapshot {
        level: AlertLevel::Warning,
        code: "low_satisfaction".into(),
        group: Some(CustomerGroup::ProjectManager),
        text: "satisfaction is low among project managers".into(),
    });
    let earlier = [q1];
    let sections = history_sections(
        &ctx(&catalog),
        &History {
            earlier: &earlier,
            current: &q2,
            changes: None,
        },
    );
    let text = text_of(&sections[0].blocks);
    for expected in [
        "Since 2026-Q1: ",
        "1 service rose in priority and 1 no longer offered",
        "toward more customer autonomy",
        "satisfaction rose in 1 group",
        "1 new alert",
        "Rose: S2 Service 2 (should \u{2192} must).",
        "No longer offered: S3 Service 3, was could.",
        "Directive \u{2192} Supportive",
        "3.00 \u{2192} 3.60 (+0.60)",
        "New, warning: Satisfaction is low among project managers.",
        "The rules changed",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let callout = sections[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Callout { text, draft: false } => Some(text),
            _ => None,
        })
        .unwrap();
    assert_eq!(callout.spans[0].emphasis, Emphasis::Strong);
}

/// The chapter's text for `q2` after `q1`.
fn chapter_text(
    catalog: &crate::model::catalog::Catalog,
    q1: OrgSnapshot,
    q2: &OrgSnapshot,
) -> String {
    let earlier = [q1];
    let sections = history_sections(
        &ctx(catalog),
        &History {
            earlier: &earlier,
            current: q2,
            changes: None,
        },
    );
    text_of(&sections[0].blocks)
}

#[test]
fn a_label_change_within_the_margin_is_shown_as_unchanged_not_as_a_rise() {
    let catalog = catalog();
    let mut q1 = snapshot("2026-Q1");
    let mut q2 = snapshot("2026-Q2");
    let key = ServiceKey::ALL[1];
    q1.services.get_mut(&key).unwrap().share = Some(0.73);
    let s = q2.services.get_mut(&key).unwrap();
    s.priority = Priority::Must;
    s.share = Some(0.76);
    let text = chapter_text(&catalog, q1, &q2);
    for expected in [
        "1 service changed label but stayed within the borderline margin",
        "Unchanged within the margin: S2 Service 2 (should \u{2192} must, but its share of the top score moved only 0.73 \u{2192} 0.76, within the 0.05 borderline margin: unchanged within the margin).",
        "Within margin|",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    assert!(!text.contains("Rose"), "{text}");
}

#[test]
fn an_approach_move_names_the_input_that_moved_not_maturing_practice() {
    let catalog = catalog();
    let q1 = snapshot("2026-Q1");
    let mut q2 = snapshot("2026-Q2");
    let exec = q2.groups.get_mut(&CustomerGroup::Executive).unwrap();
    exec.approach = Approach::Supportive;
    exec.pm_maturity = Some(1.8);
    q2.baseline_inputs.change_readiness = Some(4.5);
    let text = chapter_text(&catalog, q1, &q2);
    assert!(
        text.contains("toward more customer autonomy: among the compared inputs, change readiness \u{2013} \u{2192} 4.5 changed; the group's PM maturity fell (2.00 \u{2192} 1.80), so it is not the cause."),
        "{text}"
    );
    assert!(!text.contains("practice matures"), "{text}");
}
