//! The per-group briefs and the run's `summary.md`, on the hand-built fixture: a brief is one
//! or two pages, names its group, what it asked for and what the PMO will do for it, stays
//! inside the margins and renders byte-identically; the summary has a row per organization.

mod report_support;

use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::headline::Headline;
use pmo_advisor::report::{render_summary, Paper, Renderer};
use report_support::{all_text, catalog, contains, context, input, recommendation};

#[test]
fn every_group_that_answered_gets_a_short_brief() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    for g in &rec.groups {
        let list = renderer
            .layout_group_brief(&ctx, &input, &rec, g.group)
            .unwrap();
        assert!(
            (1..=2).contains(&list.pages.len()),
            "{:?}: {} pages",
            g.group,
            list.pages.len()
        );
        assert!(list.items_outside_margins().is_empty(), "{:?}", g.group);
        let out = renderer
            .render_group_brief(&ctx, &input, &rec, g.group)
            .unwrap()
            .unwrap();
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let again = renderer
            .render_group_brief(&ctx, &input, &rec, g.group)
            .unwrap()
            .unwrap();
        assert_eq!(out.bytes, again.bytes);
        let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
        let text = all_text(&doc);
        let name = catalog.group(g.group).name.to_lowercase();
        for needle in [
            format!("What the PMO will do for {name}"),
            "What you asked for".to_string(),
            "How we will work together".to_string(),
            catalog.outcome(g.top_outcomes[0].outcome).name.clone(),
            catalog.approach(g.approach).name.clone(),
        ] {
            assert!(
                contains(&text, &needle),
                "{:?}: missing {needle:?}",
                g.group
            );
        }
    }
    // A group that did not answer has no brief.
    assert!(renderer
        .render_group_brief(&ctx, &input, &rec, CustomerGroup::ExternalPartner)
        .unwrap()
        .is_none());
}

#[test]
fn summary_markdown_has_a_row_and_a_section_per_organization() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let headlines = [Headline::of(&input, &rec)];
    let md = render_summary(&ctx, &headlines);
    assert!(md.starts_with("# PMO recommendations, 2026-Q3\n"));
    assert!(md.contains("| Organization | Respondents |"));
    assert!(md.contains("| Northwind Energy Ltd | 95 |"), "{md}");
    assert!(md.contains("## Northwind Energy Ltd (`northwind-energy`)"));
    assert!(md.contains("- Report: `northwind-energy.pdf`"));
    assert_eq!(md, render_summary(&ctx, &headlines));
}

#[test]
fn glyphs_the_font_lacks_are_replaced_and_reported() {
    let catalog = catalog();
    let (mut input, rec) = (input(), recommendation(&catalog));
    let group = rec.groups[0].group;
    if let Some(answers) = input.groups.get_mut(&group) {
        answers
            .comments
            .push("Zürich – €5 ≥ 3, but 東京 is missing".into());
    }
    let out = Renderer::new()
        .render_pdf_with_warnings(&context(&catalog, Paper::A4), &input, &rec)
        .unwrap();
    assert!(
        out.warnings.iter().any(|w| w.contains("U+6771")),
        "{:?}",
        out.warnings
    );
    assert!(!out
        .warnings
        .iter()
        .any(|w| w.contains("U+20AC") || w.contains("U+2265")));
    let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert!(contains(
        &all_text(&doc),
        "Zürich – €5 ≥ 3, but ?? is missing"
    ));
}

#[test]
fn issue_13_a_brief_says_plainly_when_the_plan_goes_against_the_groups_ask() {
    let catalog = catalog();
    let input = input();
    let mut rec = recommendation(&catalog);
    let group = rec.groups[0].group;
    let top = rec.groups[0].top_outcomes[0].outcome;
    // None of the services that serve the group's top outcome is offered now.
    for s in &catalog.outcome(top).services {
        rec.services[s.index()].priority = pmo_advisor::model::service::Priority::NotNow;
    }
    let ctx = context(&catalog, Paper::A4);
    let out = Renderer::new()
        .render_group_brief(&ctx, &input, &rec, group)
        .unwrap()
        .unwrap();
    let text = all_text(&lopdf::Document::load_mem(&out.bytes).unwrap());
    let outcome = catalog.outcome(top).name.to_lowercase();
    for needle in [
        "Where the plan differs from what you asked".to_string(),
        format!("You rated {outcome}"),
        "but none of the services that serve it".to_string(),
        // The group's own ratings beside every group's, each with its n.
        "Your group rated its satisfaction with the PMO".to_string(),
        "across all groups (n =".to_string(),
    ] {
        assert!(contains(&text, &needle), "missing {needle:?}");
    }
    // A brief whose group's top outcomes are all served says nothing of the kind.
    let served = recommendation(&catalog);
    let g = served
        .groups
        .iter()
        .find(|g| {
            g.top_outcomes.iter().take(3).all(|o| {
                catalog.outcome(o.outcome).services.iter().any(|s| {
                    matches!(
                        served.service(*s).priority,
                        pmo_advisor::model::service::Priority::Must
                            | pmo_advisor::model::service::Priority::Should
                    )
                })
            })
        })
        .expect("a group whose top outcomes are served");
    let out = Renderer::new()
        .render_group_brief(&ctx, &input, &served, g.group)
        .unwrap()
        .unwrap();
    let text = all_text(&lopdf::Document::load_mem(&out.bytes).unwrap());
    assert!(!contains(&text, "Where the plan differs"));
}
