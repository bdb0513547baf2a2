//! The report's appendices: every decision's reasons with its rule location, the data-quality
//! accounting with every finding, and the method notes that say which formulas are ours.
//!
//! Wording only, like the rest of `build`; the concepts are described in our own words and
//! their source is named, never quoted.

use crate::diag::render_location;
use crate::model::decision::Reason;
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;
use crate::report::build::{capitalize, rule_text};
use crate::report::document::{Align, Block, Cell, Column, Paragraph, Section, Span, Table, Tone};
use crate::report::ReportContext;

fn col(header: &str, weight: f64, align: Align) -> Column {
    Column {
        header: header.to_string(),
        weight,
        align,
    }
}

fn reason_rows(rows: &mut Vec<Vec<Cell>>, decision: &str, reasons: &[Reason]) {
    for (i, r) in reasons.iter().enumerate() {
        let label = if i == 0 {
            Cell::strong(decision)
        } else {
            Cell::text("")
        };
        rows.push(vec![
            label,
            Cell::text(r.text.clone()),
            Cell::text(rule_text(r)),
        ]);
    }
}

/// Every decision with its reasons and rule locations.
pub fn reasons_appendix(ctx: &ReportContext<'_>, rec: &Recommendation) -> Section {
    let mut rows = Vec::new();
    reason_rows(&mut rows, "PMO profile", &rec.profile.reasons);
    for s in &rec.services {
        let decision = format!(
            "S{} {}: {}",
            s.key.number(),
            ctx.catalog.service(s.key).name,
            s.priority.as_str().replace('_', " ")
        );
        reason_rows(&mut rows, &decision, &s.reasons);
    }
    for g in &rec.groups {
        let decision = format!(
            "{}: {}",
            ctx.catalog.group(g.group).name,
            g.approach.as_str()
        );
        reason_rows(&mut rows, &decision, &g.reasons);
        for o in &g.top_outcomes {
            let decision = format!(
                "{}: {}",
                ctx.catalog.group(g.group).name,
                ctx.catalog.outcome(o.outcome).name
            );
            reason_rows(&mut rows, &decision, &o.reasons);
        }
    }
    for o in &rec.outcomes {
        reason_rows(
            &mut rows,
            &format!("Outcome: {}", ctx.catalog.outcome(o.outcome).name),
            &o.reasons,
        );
    }
    for a in &rec.alerts {
        reason_rows(
            &mut rows,
            &format!("Alert {} ({})", a.code, a.level.as_str()),
            std::slice::from_ref(&a.reason),
        );
    }
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "Every decision the rules made for this organization, with the reason they gave and the rule's location (script file and line). \u{201C}Host default\u{201D} marks a value the tool filled in because no rule decided it.",
    ))];
    if rows.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "The rules recorded no reasons.",
        )));
    } else {
        blocks.push(Block::Table(Table {
            columns: vec![
                col("Decision", 2.1, Align::Left),
                col("Reason", 3.9, Align::Left),
                col("Rule", 2.0, Align::Left),
            ],
            rows,
            compact: true,
        }));
    }
    Section {
        title: "Appendix A: reasons".into(),
        new_page: true,
        blocks,
    }
}

/// Rows read, used and rejected per source, and every finding with its location.
pub fn data_quality_appendix(input: &OrganizationInput) -> Section {
    let dq = &input.data_quality;
    let mut blocks = vec![Block::Paragraph(Paragraph::text(format!(
        "{} rows read, {} used, {} rejected. A rejected row is left out with a finding saying why; a bad cell counts as a missing answer and the rest of its row is used.",
        dq.rows_read(),
        dq.rows_used(),
        dq.rows_rejected()
    )))];
    if !dq.sources.is_empty() {
        blocks.push(Block::Table(Table {
            columns: vec![
                col("Source", 3.2, Align::Left),
                col("Kind", 1.6, Align::Left),
                col("Read", 0.8, Align::Right),
                col("Used", 0.8, Align::Right),
                col("Rejected", 1.0, Align::Right),
            ],
            rows: dq
                .sources
                .iter()
                .map(|s| {
                    vec![
                        Cell::text(s.file.clone()),
                        Cell::text(capitalize(&s.kind)),
                        Cell::text(s.rows_read.to_string()),
                        Cell::text(s.rows_used.to_string()),
                        Cell::text(s.rows_rejected.to_string())
                            .with_tone((s.rows_rejected > 0).then_some(Tone::Alert)),
                    ]
                })
                .collect(),
            compact: false,
        }));
    }
    blocks.push(Block::Heading(format!("Findings ({})", dq.findings.len())));
    if dq.findings.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "No findings: every cell read was valid.",
        )));
    } else {
        let rows = dq
            .findings
            .iter()
            .map(|f| {
                let mut message = f.message.clone();
                if let Some(v) = &f.value {
                    message.push_str(&format!("; found {v:?}"));
                }
                if let Some(e) = &f.expected {
                    message.push_str(&format!("; expected {e}"));
                }
                vec![
                    Cell::text(f.code),
                    Cell::text(f.severity.as_str()),
                    Cell::text(render_location(&f.location)),
                    Cell::text(message),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                col("Code", 0.8, Align::Left),
                col("Level", 0.9, Align::Left),
                col("Where", 2.6, Align::Left),
                col("Finding", 4.0, Align::Left),
            ],
            rows,
            compact: true,
        }));
    }
    Section {
        title: "Appendix B: data quality".into(),
        new_page: true,
        blocks,
    }
}

/// How the recommendations were reached, which formulas are ours, and where the concepts come
/// from.
pub fn method_notes() -> Section {
    let p = |text: &str| Block::Paragraph(Paragraph::text(text));
    let ours = |label: &str, text: &str| {
        Block::Paragraph(Paragraph::spans(vec![
            Span::strong(format!("{label} ")),
            Span::note("(our formula) "),
            Span::normal(text),
        ]))
    };
    Section {
        title: "Appendix C: method notes".into(),
        new_page: true,
        blocks: vec![
            p("The concepts behind this report \u{2013} treating the PMO as a service provider centred on its customers, the organizational baseline, the 26 common PMO services in three categories, the six engagement approaches, contextual scenarios and service maturity \u{2013} come from PMI\u{2019}s Project Management Offices: A Practice Guide and its PMO Value Ring framework. They are described here in our own words; the formulas and thresholds below are this tool\u{2019}s, not the guide\u{2019}s."),
            p("Customers were asked which outcomes they want, not which services: services follow from outcomes through the catalog\u{2019}s outcome\u{2013}service links. The decisions come from rule scripts that analysts can read and change; the reasons appendix names the script and line of each decision."),
            Block::Heading("Our formulas".into()),
            ours("Outcome priority:", "the mean importance (1\u{2013}5) a customer group gave an outcome, combined across groups with the configured group weights. Blank answers are missing, never zero."),
            ours("Service score:", "the sum, over the outcomes linked to the service, of each outcome\u{2019}s priority, then adjusted by the rules for the baseline (for example, regulated industries raise governance, audit and risk services; a crisis favours quick wins). Priorities (must, should, could, not now) are cut from the scores by the rules."),
            ours("Engagement approach:", "a default mapping from a group\u{2019}s self-assessed maturity (5 consultative, 4 supportive, 3 facilitative, 2 directive, 1 controlling), shifted by the risk of the work and the culture. The guide gives no numeric mapping."),
            ours("Profile:", "the category mix is the share of the selected services in each category; the control level follows from the dominant approaches; the traditional labels are the closest matches and only an aid."),
            ours("Alerts:", "thresholds for too few respondents, low satisfaction, negative Net Promoter Score and baseline disagreement are set in the rules."),
            Block::Heading("Standard measures".into()),
            p("Net Promoter Score: the percentage of promoters (9\u{2013}10) minus the percentage of detractors (0\u{2013}6) among the answers, from \u{2212}100 to +100. Service maturity per category: the sum of the services\u{2019} levels divided by five times the number of services in the category, as a percentage."),
            p("All figures are rounded for display; the JSON result carries the same rounded values. The same inputs always give the same report."),
        ],
    }
}
