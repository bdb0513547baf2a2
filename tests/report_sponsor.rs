//! Issue 13, "Report v2": the sponsor's page, the roadmap and the complete charter, on the
//! bundled sample (three organizations, one with no PMO yet) through the real rules, parsed
//! back from the PDF and checked against the JSON that carries the same content.

mod report_support;
mod sample_support;

use pmo_advisor::report::json::charter::CharterJson;
use pmo_advisor::report::json::decisions::DecisionsJson;
use pmo_advisor::report::json::roadmap::RoadmapJson;
use pmo_advisor::report::json::{build_json, to_pretty_bytes};
use pmo_advisor::report::{Paper, Renderer};
use report_support::{chapters, contains, context, outline};
use sample_support::sample;

/// The text of pages `from..=to` (1-based), whitespace removed as `contains` expects.
fn pages_text(doc: &lopdf::Document, from: u32, to: u32) -> String {
    let pages: Vec<u32> = (from..=to).collect();
    report_support::pdf_reader::text(doc, &pages)
        .split_whitespace()
        .collect()
}

/// The page of the first outline entry with this title.
fn page_of(entries: &[(usize, String, u32)], title: &str) -> u32 {
    entries
        .iter()
        .find(|e| e.1 == title)
        .unwrap_or_else(|| panic!("no outline entry {title:?}"))
        .2
}

#[test]
fn sponsor_page_roadmap_and_charter_parse_back_and_match_the_json() {
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    assert_eq!(orgs.len(), 3);
    for (input, rec) in &orgs {
        let id = input.id.to_string();
        let out = renderer.render_pdf_with_warnings(&ctx, input, rec).unwrap();
        assert!(
            out.bytes.len() < 400 * 1024,
            "{id}: {} bytes",
            out.bytes.len()
        );
        assert_eq!(
            out.bytes,
            renderer
                .render_pdf_with_warnings(&ctx, input, rec)
                .unwrap()
                .bytes,
            "{id}: byte-reproducible"
        );
        let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
        let entries = outline(&doc);
        let chapters = chapters(&entries);
        let summary = chapters
            .iter()
            .position(|t| *t == "Executive summary")
            .unwrap();
        assert_eq!(
            chapters[summary + 1],
            "Decisions for the sponsor",
            "{id}: {chapters:?}"
        );
        assert!(chapters.contains(&"Roadmap"), "{id}: {chapters:?}");
        let charter: Vec<&str> = entries
            .iter()
            .skip_while(|e| e.1 != "Draft PMO charter")
            .skip(1)
            .take_while(|e| e.0 == 1)
            .map(|e| e.1.as_str())
            .collect();
        for part in [
            "Mandate",
            "Objectives",
            "Governance",
            "Resources",
            "Roles and responsibilities",
            "Review and update",
            "Approval",
        ] {
            assert!(
                charter.contains(&part),
                "{id}: charter lacks {part}: {charter:?}"
            );
        }

        // The JSON carries the same content, and reads back into the wire types.
        let json: serde_json::Value =
            serde_json::from_slice(&to_pretty_bytes(&build_json(&ctx, input, rec))).unwrap();
        let decisions: DecisionsJson = serde_json::from_value(json["decisions"].clone()).unwrap();
        let roadmap: RoadmapJson = serde_json::from_value(json["roadmap"].clone()).unwrap();
        let charter_json: CharterJson = serde_json::from_value(json["charter"].clone()).unwrap();

        // The sponsor's page: one page, three to five decisions, risks, owned steps.
        let page = page_of(&entries, "Decisions for the sponsor");
        let next = entries
            .iter()
            .filter(|e| e.0 == 0)
            .map(|e| e.2)
            .find(|p| *p > page)
            .unwrap();
        assert_eq!(next, page + 1, "{id}: the sponsor's page runs over");
        let text = pages_text(&doc, page, page);
        assert!((3..=5).contains(&decisions.decisions.len()), "{id}");
        for d in &decisions.decisions {
            assert!(contains(&text, &d.title), "{id}: {}", d.title);
            assert!(contains(&text, &d.ask), "{id}: {}", d.ask);
        }
        assert!(!decisions.risks.is_empty());
        for r in &decisions.risks {
            assert!(contains(&text, &r.text), "{id}: {}", r.text);
            // In the JSON, the figures added to a rule's sentence take its signs.
            assert!(!r.text.contains('\u{2212}'), "{id}: {}", r.text);
        }
        // A rule's figure and the report's beside it are set alike: minus signs, not hyphens.
        assert!(!text.contains("NPSof-"), "{id}: {text}");
        for s in &decisions.next_steps {
            assert!(contains(&text, &s.owner), "{id}: {}", s.owner);
        }
        for heading in [
            "Decisions asked",
            "Risks of not acting",
            "Next steps and who owns them",
        ] {
            assert!(contains(&text, heading), "{id}: {heading}");
        }

        // The roadmap: every selected service, in an order that respects its dependencies.
        let from = page_of(&entries, "Roadmap");
        let to = page_of(&entries, "Draft PMO charter") - 1;
        let text = pages_text(&doc, from, to);
        let selected = rec
            .services
            .iter()
            .filter(|s| s.priority.is_selected())
            .count();
        assert_eq!(roadmap.items.len(), selected, "{id}");
        for (i, item) in roadmap.items.iter().enumerate() {
            assert!(contains(&text, &item.name), "{id}: {}", item.name);
            for dep in &item.depends_on {
                let before = roadmap.items[..i].iter().any(|o| &o.service == dep);
                assert!(
                    before || item.placement == "regulatory",
                    "{id}: {} listed before what it waits for",
                    item.name
                );
            }
        }
        for q in &roadmap.quarters {
            assert!(contains(&text, q), "{id}: quarter {q}");
        }

        // The charter's new parts.
        let appendix = page_of(&entries, "Appendix A: reasons trace");
        let text = pages_text(&doc, page_of(&entries, "Draft PMO charter"), appendix - 1);
        assert!(contains(&text, &charter_json.vision));
        assert!(contains(
            &text,
            &format!(
                "{:.1} to {:.1} full-time equivalents",
                charter_json.resources.fte_low, charter_json.resources.fte_high
            )
        ));
        assert!(charter_json.resources.fte_low >= 1.0);
        assert!(charter_json.resources.fte_low <= charter_json.resources.fte_high);
        assert!(contains(&text, "Our estimate"));
        assert!(contains(&text, &charter_json.approval.statement));
        for line in &charter_json.review {
            assert!(contains(&text, line), "{id}: {line}");
        }
        for o in &charter_json.objectives {
            assert!(!o.baseline.is_empty() && !o.target.is_empty() && !o.by.is_empty());
        }
        assert!(charter_json
            .objectives
            .iter()
            .any(|o| o.baseline == "To be measured in the first quarter (2026-Q4)"));
        let must = rec
            .services
            .iter()
            .filter(|s| s.priority == pmo_advisor::model::service::Priority::Must)
            .count();
        assert_eq!(charter_json.service_levels.len(), must, "{id}");
        assert_eq!(charter_json.raci.roles.len(), 4);

        // No rule locations on the new pages (they belong in the appendix).
        for (from, to) in [(page, page), (page_of(&entries, "Roadmap"), appendix - 1)] {
            let text = pages_text(&doc, from, to);
            assert!(
                !text.contains(".rhai:"),
                "{id}: a rule location on pages {from}-{to}"
            );
        }
    }
}

#[test]
fn the_sample_organizations_get_their_own_decisions() {
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let by_id = |id: &str| {
        let (input, rec) = orgs.iter().find(|(i, _)| i.id.to_string() == id).unwrap();
        (
            pmo_advisor::report::build::sponsor_decisions(&ctx, input, rec),
            pmo_advisor::report::build::roadmap_json(&ctx, rec),
        )
    };
    // Harbor has no PMO yet: set one up and appoint its lead; no "PMO reputation" risk.
    let (harbor, _) = by_id("harbor-construction");
    assert!(harbor.decisions[0]
        .ask
        .starts_with("Set up a PMO with a program or project scope"));
    assert!(harbor
        .decisions
        .iter()
        .any(|d| d.ask.starts_with("Appoint a PMO lead")));
    assert!(harbor
        .risks
        .iter()
        .all(|r| !r.text.contains("the PMO's reputation")));
    // Northwind is regulated and in crisis: the compliance services start first, and the
    // crisis and the regulation are among its risks.
    let (northwind, roadmap) = by_id("northwind-health");
    assert!(northwind.decisions[0]
        .ask
        .starts_with("Confirm the PMO's mandate with an enterprise-wide scope"));
    assert!(roadmap.regulated);
    let first_other = roadmap
        .items
        .iter()
        .position(|i| i.placement != "regulatory")
        .unwrap();
    assert!(first_other > 0);
    assert!(roadmap.items[first_other..]
        .iter()
        .all(|i| i.placement != "regulatory"));
    let sources: Vec<&str> = northwind.risks.iter().map(|r| r.source.as_str()).collect();
    assert!(
        sources.contains(&"crisis_scenario") && sources.contains(&"regulation"),
        "{sources:?}"
    );
    // What starts next quarter is funded now, whatever its priority.
    for (input, rec) in &orgs {
        let fund = fund_decision(&ctx, input, rec);
        for item in rec.roadmap.items.iter().filter(|i| i.start == 1) {
            assert!(
                fund.services.iter().any(|s| s == item.service.as_str()),
                "{}: {} starts next quarter but is not funded now",
                input.id,
                item.service
            );
        }
    }
    // Lumen is thriving with many services: the risk is spreading thin.
    let (lumen, _) = by_id("lumen-software");
    assert!(lumen.risks.iter().any(|r| r.source == "focus"));
    assert!(lumen
        .decisions
        .iter()
        .any(|d| d.kind == "fund" && d.services.len() >= 3));
}

#[test]
fn with_no_service_selected_the_pages_say_what_to_do_first() {
    let catalog = report_support::catalog();
    let input = report_support::input();
    let mut rec = report_support::recommendation(&catalog);
    for s in &mut rec.services {
        s.priority = pmo_advisor::model::service::Priority::NotNow;
    }
    rec.roadmap = pmo_advisor::rules::roadmap::build_roadmap(
        &rec.services,
        &catalog,
        None,
        &pmo_advisor::model::key_map::KeyMap::new(),
        4.0,
        pmo_advisor::rules::roadmap::Capacity::DEFAULT,
    );
    assert!(rec.roadmap.items.is_empty());
    let ctx = context(&catalog, Paper::A4);
    let fund = fund_decision(&ctx, &input, &rec);
    assert_eq!(
        fund.ask,
        "No service was selected: agree the first two or three services with the customer groups before funding anything."
    );
    let bytes = Renderer::new().render_pdf(&ctx, &input, &rec).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let entries = outline(&doc);
    let from = entries.iter().find(|e| e.1 == "Roadmap").unwrap().2;
    let text = pages_text(&doc, from, from);
    assert!(contains(
        &text,
        "No service was selected, so there is nothing to sequence yet"
    ));
    let charter = entries.iter().find(|e| e.1 == "Resources").unwrap().2;
    let text = pages_text(&doc, charter, charter + 1);
    assert!(contains(
        &text,
        "1.0 full-time equivalent, the PMO lead included"
    ));
}

/// A report's PDF, the page its executive summary starts on and that of the sponsor's page
/// after it.
fn summary_pages(
    renderer: &Renderer,
    ctx: &pmo_advisor::report::ReportContext<'_>,
    input: &pmo_advisor::model::survey::OrganizationInput,
    rec: &pmo_advisor::model::recommendation::Recommendation,
) -> (lopdf::Document, u32, u32) {
    let doc = lopdf::Document::load_mem(&renderer.render_pdf(ctx, input, rec).unwrap()).unwrap();
    let entries = outline(&doc);
    let summary = page_of(&entries, "Executive summary");
    let decisions = page_of(&entries, "Decisions for the sponsor");
    (doc, summary, decisions)
}

/// The executive summary says when each service it lists starts as the roadmap places it,
/// and why when something other than its urgency did (a regulated service brought forward
/// read "medium term" on the summary and "quick wins (next quarter)" on the roadmap).
#[test]
fn the_summary_names_the_roadmaps_start_for_each_service_it_lists() {
    use pmo_advisor::model::roadmap::Placement;
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let mut brought_forward = 0;
    for (input, rec) in &orgs {
        let id = input.id.to_string();
        let (doc, from, to) = summary_pages(&renderer, &ctx, input, rec);
        let text = pages_text(&doc, from, to - 1);
        let mut listed = 0;
        for item in &rec.roadmap.items {
            let name: String = catalog
                .service(item.service)
                .name
                .split_whitespace()
                .collect();
            let Some(at) = ["must", "should"].iter().find_map(|p| {
                text.find(&format!("{name}{p}"))
                    .map(|at| at + name.len() + p.len())
            }) else {
                continue;
            };
            listed += 1;
            let line = text[at..].trim_start_matches("(borderline)");
            // The quarter `item.start` quarters after the period reported.
            let index = u32::from(ctx.period.year()) * 4 + u32::from(ctx.period.quarter()) - 1
                + u32::from(item.start);
            let quarter = format!("{}-Q{}", index / 4, index % 4 + 1);
            let when = if item.start <= 1 {
                format!("·startsnextquarter,{quarter}")
            } else {
                format!("·starts{quarter}")
            };
            assert!(
                line.starts_with(&when),
                "{id}: {name} {when}: {}",
                &line[..80]
            );
            if item.placement == Placement::Regulatory {
                brought_forward += 1;
                assert!(
                    line[when.len()..].starts_with("(regulatedwork:compliancefirst):"),
                    "{id}: {name}: {}",
                    &line[..120]
                );
            }
        }
        assert!(listed > 0, "{id}: the summary lists no roadmap service");
    }
    assert!(brought_forward > 0, "no regulated service in the sample");
}

/// The summary's count of `could` services says how many of them the roadmap starts early,
/// as groundwork for a more urgent service: "5 could follow" read false beside a roadmap that
/// starts two of them next quarter (Lumen Software).
#[test]
fn the_summary_says_which_could_services_start_early() {
    use pmo_advisor::model::roadmap::Placement;
    use pmo_advisor::model::service::Priority;
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let mut early_somewhere = false;
    // The sample as the rules sequence it, and again for a PMO with room for every service
    // at once, where capacity holds no enabler back (Lumen's come forward then).
    let roomy = pmo_advisor::rules::roadmap::Capacity {
        new_pmo: 26,
        existing_pmo: 26,
    };
    let mut variants = orgs.clone();
    for (input, rec) in &mut variants {
        rec.roadmap = pmo_advisor::rules::roadmap::build_roadmap(
            &rec.services,
            &catalog,
            input.baseline.as_ref(),
            &input.service_maturity,
            4.0,
            roomy,
        );
    }
    for (input, rec) in orgs.iter().chain(&variants) {
        let id = input.id.to_string();
        let coulds: Vec<_> = rec
            .services
            .iter()
            .filter(|s| s.priority == Priority::Could)
            .collect();
        let could = coulds.len();
        // Brought forward as an enabler: a more urgent service builds on it.
        let early = coulds
            .iter()
            .filter_map(|s| rec.roadmap.item(s.key))
            .filter(|i| i.placement == Placement::Enabler)
            .count();
        early_somewhere |= early > 0;
        let (doc, from, _) = summary_pages(&renderer, &ctx, input, rec);
        let text = pages_text(&doc, from, from);
        let expected = match early {
            0 => format!("{could} could follow"),
            _ => format!("{could} could follow, {early} of them early as groundwork"),
        };
        assert!(contains(&text, &expected), "{id}: {expected}");
        // The charter's catalogue lists them too: the roadmap starts them with the others.
        let charter = pmo_advisor::report::build::charter_json(&ctx, input, rec);
        let listed = charter
            .catalogue
            .iter()
            .filter(|row| row.priority == "Could")
            .count();
        assert_eq!(listed, early, "{id}: could services in the catalogue");
    }
    assert!(
        early_somewhere,
        "no could service brought forward in the sample"
    );
}

/// The executive summary is one page: a summary that would run over gives up alert lines
/// (down to one; every alert is in appendix A), as Northwind Health's did, whose last alert
/// sat alone on the next page.
#[test]
fn the_summary_is_one_page_alert_lines_giving_way_first() {
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let mut shortened = 0;
    for (input, rec) in &orgs {
        let id = input.id.to_string();
        let (doc, page, decisions) = summary_pages(&renderer, &ctx, input, rec);
        assert_eq!(decisions, page + 1, "{id}");
        let text = pages_text(&doc, page, page);
        if let Some(at) = text.find("Alerts(") {
            // "Alerts (n of k kinds; …)": n lines shown of k.
            let shown: usize = text[at + "Alerts(".len()..]
                .split("of")
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap();
            shortened += usize::from(shown < 3);
        }
    }
    assert!(shortened > 0, "no sample summary needed fewer alert lines");
}

/// With room for fewer alert lines than kinds, the summary shows the most serious kinds and,
/// within a level, those raised for the most groups: Northwind Health's one line was its
/// crisis scenario (said again by "What to do first") while five groups' critical NPS waited
/// in the appendix.
#[test]
fn the_summary_s_alert_lines_go_to_the_widest_of_the_most_serious() {
    use pmo_advisor::model::recommendation::AlertLevel;
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let (input, rec) = orgs
        .iter()
        .find(|(input, _)| input.id.to_string() == "northwind-health")
        .unwrap();
    // Three critical kinds, raised in this order: the scenario once, low satisfaction for
    // three groups, negative NPS for five.
    let mut rec = rec.clone();
    fn code(c: &'static str) -> impl Fn(&&pmo_advisor::model::recommendation::Alert) -> bool {
        move |a| a.code == c
    }
    let scenario = rec.alerts.iter().filter(code("crisis_scenario")).cloned();
    let mut low: Vec<_> = rec
        .alerts
        .iter()
        .filter(code("low_satisfaction"))
        .take(3)
        .cloned()
        .collect();
    for a in &mut low {
        a.level = AlertLevel::Critical;
    }
    let nps = rec
        .alerts
        .iter()
        .filter(code("negative_nps"))
        .filter(|a| a.level == AlertLevel::Critical)
        .cloned();
    let critical: Vec<_> = scenario.chain(low).chain(nps).collect();
    assert_eq!(critical.len(), 9);
    let rest = rec
        .alerts
        .iter()
        .filter(|a| a.level != AlertLevel::Critical)
        .cloned();
    rec.alerts = critical.into_iter().chain(rest).collect();

    let (doc, page, _) = summary_pages(&renderer, &ctx, input, &rec);
    let text = pages_text(&doc, page, page);
    let at = text
        .find("Alerts(")
        .expect("the summary leaves alert kinds out");
    let alerts = &text[at..];
    let shown: usize = alerts["Alerts(".len()..]
        .split("of")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(shown < 3, "room for every critical kind: nothing to choose");
    assert!(
        contains(alerts, "would recommend the PMO at an NPS"),
        "{alerts}"
    );
    if shown == 2 {
        assert!(contains(alerts, "rate their satisfaction"), "{alerts}");
    }
    assert!(!contains(alerts, "describes a crisis scenario"), "{alerts}");
}

/// The ask to fund the must services says when the roadmap starts them, where some start
/// after next quarter (capacity or a dependency): "fund now" is not "start now".
#[test]
fn the_fund_ask_says_which_must_services_start_later() {
    use pmo_advisor::model::service::Priority;
    let (catalog, orgs) = sample();
    let ctx = context(&catalog, Paper::A4);
    let mut later_somewhere = false;
    for (input, rec) in &orgs {
        let starts: Vec<u8> = rec
            .services
            .iter()
            .filter(|s| s.priority == Priority::Must)
            .filter_map(|s| rec.roadmap.item(s.key))
            .map(|i| i.start)
            .collect();
        let later = starts.iter().filter(|&&q| q > 1).count();
        let fund = fund_decision(&ctx, input, rec);
        let id = input.id.to_string();
        if later == 0 {
            assert!(
                !fund.ask.contains("the roadmap starts"),
                "{id}: {}",
                fund.ask
            );
            continue;
        }
        later_somewhere = true;
        let last = starts.iter().max().copied().unwrap();
        let by = pmo_advisor::report::build::quarter_label(ctx.period, last);
        let expected = format!(
            "({} of them start next quarter; the roadmap starts the other {later} by {by})",
            starts.len() - later
        );
        assert!(
            fund.ask.contains(&expected),
            "{id}: {} / {expected}",
            fund.ask
        );
    }
    assert!(
        later_somewhere,
        "no must service starts after next quarter in the sample"
    );
}

/// The sponsor page's decision to fund services.
fn fund_decision(
    ctx: &pmo_advisor::report::ReportContext<'_>,
    input: &pmo_advisor::model::survey::OrganizationInput,
    rec: &pmo_advisor::model::recommendation::Recommendation,
) -> pmo_advisor::report::json::decisions::SponsorDecisionJson {
    pmo_advisor::report::build::sponsor_decisions(ctx, input, rec)
        .decisions
        .into_iter()
        .find(|d| d.kind == "fund")
        .unwrap()
}
