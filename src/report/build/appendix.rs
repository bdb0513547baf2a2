//! The report's appendices: every decision's reasons with its rule location, the data-quality
//! accounting with every finding, and the method notes that say which formulas are ours.
//!
//! Wording only, like the rest of `build`; the concepts are described in our own words and
//! their source is named, never quoted.

use std::collections::BTreeMap;

use crate::diag::render_location;
use crate::model::decision::Reason;
use crate::model::recommendation::{GroupDecision, Recommendation, ServiceDecision};
use crate::model::survey::OrganizationInput;
use crate::report::build::reasons::{collapse_indexed, reason_key, KeyMap};
use crate::report::build::{capitalize, col, section, table_or};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table, Tone};
use crate::report::ReportContext;

/// The reasons trace: numbered entries (A.1, A.2, …), and which entry each decision's reason
/// went into, so a body reason can point at its entry instead of showing `file:line` itself.
pub(super) struct Trace {
    /// The entries' spans, without their numbers.
    entries: Vec<Vec<Span>>,
    /// Reasons traced, before collapsing.
    total: usize,
    /// (decision, reason text, rule), as `reason_key` writes it → 0-based entry.
    refs: KeyMap,
}

impl Trace {
    /// The entry number (`A.12`) of one reason of a decision, if traced.
    pub fn entry(&self, decision: &str, reason: &Reason) -> Option<String> {
        let mut key = String::new();
        reason_key(&mut key, decision, &reason.text, reason);
        self.refs.get(key.as_str()).map(|i| entry_number(*i))
    }
}

/// `A.12` for the 0-based entry 11.
fn entry_number(index: usize) -> String {
    format!("A.{}", index + 1)
}

/// How the trace names a service decision (also the key body reasons look up).
pub(super) fn service_subject(ctx: &ReportContext<'_>, s: &ServiceDecision) -> String {
    format!(
        "S{} {}: {}",
        s.key.number(),
        ctx.catalog.service(s.key).name,
        s.priority.as_str().replace('_', " ")
    )
}

/// How the trace names a group's approach decision.
pub(super) fn group_subject(ctx: &ReportContext<'_>, g: &GroupDecision) -> String {
    format!(
        "{}: {}",
        ctx.catalog.group(g.group).name,
        g.approach.as_str()
    )
}

/// Every decision with its reasons and rule locations; identical reason texts are collapsed
/// into one entry listing the decisions (and services) they explain.
pub(super) fn trace(ctx: &ReportContext<'_>, rec: &Recommendation) -> Trace {
    fn add(short: String, full: String, reasons: &[Reason]) -> (String, String, &[Reason]) {
        (short, full, reasons)
    }
    let mut tagged: Vec<((String, String), &Reason)> = Vec::new();
    let mut groups_of_reasons = vec![add(
        "Profile".into(),
        "PMO profile".into(),
        &rec.profile.reasons,
    )];
    for s in &rec.services {
        groups_of_reasons.push(add(
            ctx.catalog.service(s.key).name.clone(),
            service_subject(ctx, s),
            &s.reasons,
        ));
    }
    for g in &rec.groups {
        let name = &ctx.catalog.group(g.group).name;
        groups_of_reasons.push(add(name.clone(), group_subject(ctx, g), &g.reasons));
        // A group's top outcomes share one entry: their reasons are one short line each.
        for o in &g.top_outcomes {
            groups_of_reasons.push(add(
                format!("{name}: top outcomes"),
                format!("{name}: top outcomes"),
                &o.reasons,
            ));
        }
    }
    for o in &rec.outcomes {
        let name = format!("Outcome: {}", ctx.catalog.outcome(o.outcome).name);
        groups_of_reasons.push(add(name.clone(), name, &o.reasons));
    }
    for i in &rec.roadmap.items {
        let name = format!(
            "Roadmap: S{} {}",
            i.service.number(),
            ctx.catalog.service(i.service).name
        );
        groups_of_reasons.push(add(name.clone(), name, &i.reasons));
    }
    for (short, full, reasons) in &groups_of_reasons {
        for r in reasons.iter() {
            tagged.push(((short.clone(), full.clone()), r));
        }
    }
    for a in &rec.alerts {
        let name = format!("Alert {} ({})", a.code, a.level.as_str());
        tagged.push(((name.clone(), name), &a.reason));
    }
    let total = tagged.len();
    let keys: Vec<String> = tagged
        .iter()
        .map(|((_, full), r)| {
            let mut key = String::new();
            reason_key(&mut key, full, &r.text, r);
            key
        })
        .collect();
    let (collapsed, lines) = collapse_indexed(ctx, tagged);
    // One entry per decision with its own reasons run together; a reason shared by several
    // decisions gets one entry listing them.
    let mut entries: Vec<Vec<Span>> = Vec::new();
    let mut entry_of_line: Vec<usize> = Vec::with_capacity(collapsed.len());
    let mut by_subject: BTreeMap<String, usize> = BTreeMap::new();
    for c in &collapsed {
        let reason = vec![
            Span::normal(c.text.clone()),
            Span::note(format!(" [{}]", c.rule)),
        ];
        if c.subjects.len() == 1 && c.services.is_empty() {
            let subject = c.subjects[0].1.clone();
            if let Some(&i) = by_subject.get(&subject) {
                entries[i].push(Span::normal("; "));
                entries[i].extend(reason);
                entry_of_line.push(i);
                continue;
            }
            by_subject.insert(subject.clone(), entries.len());
            let mut spans = vec![Span::strong(format!("{subject}: "))];
            spans.extend(reason);
            entry_of_line.push(entries.len());
            entries.push(spans);
        } else {
            let mut decision = c.decision_text();
            if !c.services.is_empty() {
                decision.push_str(&format!(" \u{2013} for {}", c.service_list(ctx)));
            }
            let mut spans = vec![Span::strong(format!("{decision}: "))];
            spans.extend(reason);
            entry_of_line.push(entries.len());
            entries.push(spans);
        }
    }
    let mut refs = KeyMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (key, line) in keys.into_iter().zip(lines) {
        refs.entry(key).or_insert(entry_of_line[line]);
    }
    Trace {
        entries,
        total,
        refs,
    }
}

/// The reasons trace appendix: the numbered entries with their rule locations.
pub(super) fn reasons_appendix(trace: Trace) -> Section {
    let Trace { entries, total, .. } = trace;
    let mut blocks = vec![Block::Paragraph(Paragraph::text(format!(
        "Every decision the rules made for this organization, with the reason they gave and, in brackets, the rule\u{2019}s location (script file and line). A reason shared by several decisions is shown once with the decisions it explains ({total} reasons in {} entries). The body pages give the reasons in plain words with the number of their entry here, such as (A.12), a link to it. \u{201C}Host default\u{201D} marks a value the tool filled in because no rule decided it.",
        entries.len()
    )))];
    if entries.is_empty() {
        blocks.push(Block::Paragraph(Paragraph::text(
            "The rules recorded no reasons.",
        )));
    } else {
        blocks.push(Block::FinePrint(
            entries
                .into_iter()
                .enumerate()
                .map(|(i, spans)| {
                    let mut numbered = vec![Span::strong(format!("{} ", entry_number(i)))];
                    numbered.extend(spans);
                    Paragraph::spans(numbered)
                })
                .collect(),
        ));
    }
    section("Appendix A: reasons trace", 1, true, blocks)
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
                        Cell::text(s.file.to_string()),
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
    blocks.push(table_or(
        Table {
            columns: vec![
                col("Code", 0.8, Align::Left),
                col("Level", 0.9, Align::Left),
                col("Where", 2.6, Align::Left),
                col("Finding", 4.0, Align::Left),
            ],
            rows,
            compact: true,
        },
        "No findings: every cell read was valid.",
    ));
    section("Appendix B: data quality", 1, true, blocks)
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
    section("Appendix C: method", 1, true, vec![
            p("The concepts behind this report \u{2013} treating the PMO as a service provider centred on its customers, the organizational baseline, the 26 common PMO services in three categories, the six engagement approaches, contextual scenarios and service maturity \u{2013} come from PMI\u{2019}s Project Management Offices: A Practice Guide and its PMO Value Ring framework. They are described here in our own words; the formulas and thresholds below are this tool\u{2019}s, not the guide\u{2019}s."),
            p("Customers were asked which outcomes they want, not which services: services follow from outcomes through the catalog\u{2019}s outcome\u{2013}service links. The decisions come from rule scripts that analysts can read and change; the reasons appendix names the script and line of each decision."),
            Block::Heading("Our formulas".into()),
            ours("Outcome priority:", "the mean importance (1\u{2013}5) a customer group gave an outcome, combined across groups as the mean of the group means, each group weighing the same unless the organization weights it: a large group does not win by headcount. Blank answers are missing, never zero; outcomes nobody was asked carry no evidence."),
            ours("Service demand (the score):", "only the outcomes this organization ranks above its own median count. Each weighs its distance above the median relative to the top outcome; a service adds its linked high outcomes, strongest first, each further one counting half as much as the one before, plus a small bonus for focus. Outcomes ranked low are shown as evidence and not subtracted. A service-maturity gap multiplies the demand of a service that has some (it never creates demand) and asks to improve its delivery."),
            ours("Priority:", "must, should and could are cut from each service\u{2019}s share of the top demand (75%, 55%, 35% by default); a share close to a cut-off is marked borderline. Regulated work keeps governance, quality, risk, audit and change control at least at should; a PMO in crisis, kicking off or not there yet starts with a focused portfolio of a few services. Where dissatisfied delivery teams report a process burden, the services concerned are to be simplified, not expanded."),
            ours("Engagement approach:", "only for the services that concern a group (a relevance table, or the group\u{2019}s own top outcomes). It starts from a default mapping of the group\u{2019}s self-assessed maturity (5 consultative, 4 supportive, 3 facilitative, 2 directive, 1 controlling; the guide gives no numeric mapping) and weighs the guide\u{2019}s other factors: culture, the nature and risk of the work, the PMO\u{2019}s capacity, and the role (executives keep their decision rights; external partners are not directed on internal methods)."),
            ours("Profile:", "the category mix is the share of the selected services in each category; the lean compares the priority-weighted mix with the catalog\u{2019}s own shares (7 strategic, 5 tactical, 14 operational), so the many operational services do not decide it; consultative, supportive and facilitative approaches make a supportive PMO; the traditional labels are the closest matches and only an aid."),
            ours("Alerts:", "thresholds for too few respondents, low satisfaction, negative Net Promoter Score (a critical one needs at least five answers), perception gaps, diverging groups, contradicted scenarios and baseline disagreement are set in the rules. Every figure shows its number of answers."),
            Block::Heading("Standard measures".into()),
            p("Net Promoter Score: the percentage of promoters (9\u{2013}10) minus the percentage of detractors (0\u{2013}6) among the answers, from \u{2212}100 to +100. Service maturity per category: the sum of the services\u{2019} levels divided by five times the number of services in the category, as a percentage."),
            p("All figures are rounded for display; the JSON result carries the same rounded values. The same inputs always give the same report."),
        ])
}
