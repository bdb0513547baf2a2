//! Recommendation + organization input → Document: the report's wording, order and labels.
//!
//! Every sentence a reader sees is written here or in `build/*` (one file per part of the
//! report), including the labels that mark formulas as ours. No geometry: sizes and page
//! breaks belong to `layout/`. Numbers are rounded here, once, so the PDF shows the same
//! figures as the JSON.

mod appendix;
mod baseline;
mod brief;
mod changes;
mod charter;
mod decisions;
mod groups;
mod maturity;
mod peers;
mod portfolio;
mod reasons;
mod roadmap;
mod summary;
mod themes;
mod trends;

pub use brief::build_group_brief;
pub use charter::charter_json;
pub use decisions::{sponsor_decisions, DECISIONS_TITLE};
pub use peers::{peer_comparison, standing_text, PeerComparison, PeerFigure};
pub use roadmap::{quarter_label, roadmap_json, ROADMAP_TITLE};
pub use themes::{theme_summaries, unthemed_comments, ThemeSummary};
pub use trends::History;

use crate::model::baseline::CoverageScope;
use crate::model::decision::Reason;
use crate::model::recommendation::{AlertLevel, Lean, Profile, Recommendation, ServiceDecision};
use crate::model::scale::round_to;
use crate::model::service::{Horizon, Priority, ServiceCategory};
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::report::document::{
    Align, Block, Column, Cover, Document, Metadata, Paragraph, Section, Span, Table, Tone,
};
use crate::report::ReportContext;

/// The report title on the cover and in the metadata.
pub const REPORT_TITLE: &str = "PMO recommendation report";

/// Builds the report's content.
pub fn build_document(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Document {
    build_document_with_history(ctx, input, rec, None)
}

/// Builds the report's content with the changes and trends of earlier periods, when any.
pub fn build_document_with_history(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    history: Option<&History<'_>>,
) -> Document {
    build_document_fitted(ctx, input, rec, history, &|_| true)
}

/// `build_document_with_history` with an executive summary that `fits_page` accepts: its
/// alert lines give way (three, two, then one at least; every alert is in appendix A) until
/// it fits, so that a sponsor who reads that page alone misses nothing on the next.
pub fn build_document_fitted(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    history: Option<&History<'_>>,
    fits_page: &dyn Fn(&Section) -> bool,
) -> Document {
    let org_name = organization_name(input);
    let date = ctx.date.iso_date();
    // Numbered once, so body reasons can cite the entry that holds their rule location.
    let trace = appendix::trace(ctx, rec);
    let mut alert_lines = summary::ALERT_LINES;
    let mut summary = summary::executive_summary(ctx, input, rec, alert_lines);
    while alert_lines > 1 && !fits_page(&summary) {
        alert_lines -= 1;
        summary = summary::executive_summary(ctx, input, rec, alert_lines);
    }
    let mut sections = vec![summary];
    // The sponsor's page follows the summary: what to decide, before what changed.
    sections.push(decisions::decisions_section(&sponsor_decisions(
        ctx, input, rec,
    )));
    // What changed comes right after the summary (and the sponsor's page): in a quarterly reassessment it is the
    // reader's second question ("did anything move, and is it working?"), and the chapters
    // after it are the full detail of this period alone. Behind the appendices it would be
    // fifteen pages away from the summary that it qualifies.
    if let Some(history) = history {
        sections.extend(changes::history_sections(ctx, history));
    }
    sections.push(baseline::baseline_section(input, ctx.catalog));
    sections.extend(groups::customer_sections(ctx, input, rec, &trace));
    sections.extend(portfolio::portfolio_sections(ctx, rec, &trace));
    sections.extend(maturity::maturity_sections(ctx, input, rec));
    sections.push(roadmap::roadmap_section(&roadmap_json(ctx, rec)));
    sections.extend(charter::charter_sections(&charter_json(ctx, input, rec)));
    sections.push(appendix::reasons_appendix(trace));
    sections.push(appendix::data_quality_appendix(input));
    sections.push(appendix::method_notes());

    Document {
        metadata: metadata(ctx, input, REPORT_TITLE, &org_name),
        cover: Cover {
            title: REPORT_TITLE.to_string(),
            organization: org_name,
            organization_id: input.id.to_string(),
            period: ctx.period.to_string(),
            verdict: short_verdict(&rec.profile),
            verdict_detail: verdict(
                &rec.profile,
                category_counts(
                    rec.services
                        .iter()
                        .filter(|s| s.priority.is_selected())
                        .map(|s| s.category),
                ),
            ),
            verdict_label: "Recommended PMO profile".into(),
            facts: vec![
                ("Report date".into(), date),
                ("Period".into(), ctx.period.to_string()),
                ("Organization id".into(), input.id.to_string()),
                (
                    "Customer respondents".into(),
                    format!(
                        "{} in {}",
                        input.respondents(),
                        plural(rec.groups.len(), "customer group", "customer groups")
                    ),
                ),
                ("Rules version".into(), ctx.rules_version.to_string()),
                (
                    "Produced by".into(),
                    format!("pmo-advisor {}", ctx.tool_version),
                ),
            ],
        },
        full_cover: true,
        sections,
    }
}

/// The metadata and running header and footer shared by reports and briefs.
fn metadata(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    title: &str,
    org_name: &str,
) -> Metadata {
    Metadata {
        title: format!("{title}: {org_name}, {}", ctx.period),
        author: format!("pmo-advisor {}", ctx.tool_version),
        subject: format!(
            "Recommended PMO services, engagement approaches and profile for {org_name} ({})",
            ctx.period
        ),
        keywords: vec![
            "PMO".into(),
            "PMO Value Ring".into(),
            "service portfolio".into(),
            input.id.to_string(),
            ctx.period.to_string(),
        ],
        creator: format!("pmo-advisor {}", ctx.tool_version),
        epoch_seconds: ctx.date.epoch_seconds,
        running_header: format!("{org_name} \u{b7} {} \u{b7} {title}", ctx.period),
        running_footer: format!(
            "pmo-advisor {} \u{b7} rules {} \u{b7} {}",
            ctx.tool_version,
            ctx.rules_version,
            ctx.date.iso_date()
        ),
    }
}

/// A section.
fn section(title: impl Into<String>, level: u8, new_page: bool, blocks: Vec<Block>) -> Section {
    Section {
        title: title.into(),
        level,
        new_page,
        blocks,
    }
}

/// What the customers rated: the PMO, or (without one) the support they get today.
pub fn rated_subject(input: &OrganizationInput) -> &'static str {
    let no_pmo = input.baseline.as_ref().is_some_and(|b| {
        b.existing_pmo == Some(false)
            || b.scenario == Some(crate::model::baseline::Scenario::Potential)
    });
    if no_pmo {
        "the project support they get today (no PMO yet)"
    } else {
        "the PMO"
    }
}

/// The organization's display name: the baseline's name, else its id.
pub fn organization_name(input: &OrganizationInput) -> String {
    input
        .baseline
        .as_ref()
        .and_then(|b| b.organization_name.clone())
        .unwrap_or_else(|| input.id.to_string())
}

/// " Closest traditional labels (an aid only): …." or nothing without labels.
pub fn labels_sentence(p: &Profile) -> String {
    if p.labels.is_empty() {
        String::new()
    } else {
        format!(
            " Closest traditional labels (an aid only): {}.",
            p.labels.join(", ")
        )
    }
}

/// The one-line PMO profile shown on the cover, with how many of the selected services
/// (`counts`: strategic, tactical, operational) are in each category.
pub fn verdict(p: &Profile, counts: [usize; 3]) -> String {
    let labels = labels_sentence(p);
    let lean = match p.lean {
        Lean::Balanced => "no clear lean against the catalog".to_string(),
        lean => format!(
            "a lean toward {} services against the catalog",
            lean.as_str()
        ),
    };
    format!(
        "{}, {} PMO; {}, {lean}.{labels}",
        capitalize(scope_text(p.coverage_scope)),
        p.control_level.as_str(),
        category_counts_text(counts),
    )
}

/// How many selected services are strategic, tactical and operational: counts, not shares,
/// which, each rounded, can add up to 99% or 101% (6, 4 and 6 of 16 read "38%, 25% and 38%").
pub fn category_counts(services: impl IntoIterator<Item = ServiceCategory>) -> [usize; 3] {
    let mut counts = [0; 3];
    for category in services {
        counts[ServiceCategory::ALL
            .iter()
            .position(|&c| c == category)
            .unwrap_or(0)] += 1;
    }
    counts
}

/// "its 16 services are 6 strategic, 4 tactical and 6 operational" (the selected services).
pub fn category_counts_text(counts: [usize; 3]) -> String {
    let [strategic, tactical, operational] = counts;
    match strategic + tactical + operational {
        0 => "no service selected".to_string(),
        1 => {
            let category = ServiceCategory::ALL[counts.iter().position(|&n| n == 1).unwrap_or(0)];
            format!("its one service is {}", category.as_str())
        }
        total => format!(
            "its {total} services are {strategic} strategic, {tactical} tactical and {operational} operational"
        ),
    }
}

/// Bullets of one decision's reasons in plain words, identical texts collapsed, each with
/// the number of its reasons-trace entry (`(A.12)`), where the rule's location is.
fn reason_bullets(
    ctx: &ReportContext<'_>,
    trace: &appendix::Trace,
    decision: &str,
    reasons: &[Reason],
) -> Block {
    let (lines, of) = reasons::collapse_indexed(
        ctx,
        reasons.iter().map(|r| ((String::new(), String::new()), r)),
    );
    Block::Bullets(
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let mut entries: Vec<String> = reasons
                    .iter()
                    .zip(&of)
                    .filter(|(_, l)| **l == i)
                    .filter_map(|(r, _)| trace.entry(decision, r))
                    .collect();
                entries.dedup();
                let mut spans = vec![Span::normal(upper_first(&reasons::body_text(
                    &line.display_text(ctx),
                )))];
                if !entries.is_empty() {
                    spans.push(Span::note(format!(" ({})", entries.join(", "))));
                }
                Paragraph::spans(spans)
            })
            .collect(),
    )
}

fn col(header: &str, weight: f64, align: Align) -> Column {
    Column {
        header: header.to_string(),
        weight,
        align,
    }
}

/// `table`, or `empty` as a sentence when it has no rows: a header over nothing reads as a
/// fault of the report.
fn table_or(table: Table, empty: &str) -> Block {
    if table.rows.is_empty() {
        Block::Paragraph(Paragraph::text(empty))
    } else {
        Block::Table(table)
    }
}

/// Where a reason's rule is, as `file:line`, or that the host decided.
pub fn rule_text(reason: &Reason) -> String {
    reason
        .rule
        .as_ref()
        .map_or_else(|| HOST_DEFAULT.to_string(), |r| r.to_string())
}

/// What `rule_text` says for a decision the host made.
pub(crate) const HOST_DEFAULT: &str = "host default";

/// A number with fixed decimals and no negative zero.
pub fn num(value: f64, decimals: usize) -> String {
    let rounded = round_to(value, decimals as i32);
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded:.decimals$}")
}

fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "no answers".to_string(), |v| num(v, decimals))
}

/// A Net Promoter Score with its sign (`+38`, `−61`, `0`).
fn signed(score: f64) -> String {
    let text = num(score, 0);
    if let Some(abs) = text.strip_prefix('-') {
        format!("\u{2212}{abs}")
    } else if text == "0" {
        text
    } else {
        format!("+{text}")
    }
}

fn nps_text(a: &GroupAnswers) -> String {
    match a.nps.score() {
        Some(score) => format!(
            "{} ({} promoters, {} detractors of {} answers)",
            signed(score),
            a.nps.promoters(),
            a.nps.detractors(),
            a.nps.answered()
        ),
        None => "no answers".to_string(),
    }
}

/// `1 customer group`, `3 customer groups`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A share (0–1) as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{}%", num(share * 100.0, 0))
}

/// A coverage scope in words ("program or project").
pub fn scope_text(scope: CoverageScope) -> &'static str {
    match scope {
        CoverageScope::Enterprise => "enterprise-wide",
        CoverageScope::Divisional => "divisional",
        CoverageScope::ProgramProject => "program or project",
    }
}

fn priority_text(p: Priority) -> &'static str {
    match p {
        Priority::Must => "Must",
        Priority::Should => "Should",
        Priority::Could => "Could",
        Priority::NotNow => "Not now",
    }
}

/// How soon a service pays off, in the words of the issue: a quick win or a longer build.
fn horizon_text(h: Horizon) -> &'static str {
    match h {
        Horizon::Short => "Quick win",
        Horizon::Medium => "Medium term",
        Horizon::Long => "Long term",
    }
}

fn priority_tone(p: Priority) -> Tone {
    match p {
        Priority::Must => Tone::Strong,
        Priority::Should => Tone::Medium,
        Priority::Could => Tone::Light,
        Priority::NotNow => Tone::Muted,
    }
}

fn level_text(level: AlertLevel) -> &'static str {
    match level {
        AlertLevel::Info => "Info",
        AlertLevel::Warning => "Warning",
        AlertLevel::Critical => "Critical",
    }
}

/// Selected services ordered for reading: priority first, then score (highest first), then
/// catalog order.
fn ranked(rec: &Recommendation) -> Vec<&ServiceDecision> {
    let mut selected: Vec<&ServiceDecision> = rec
        .services
        .iter()
        .filter(|s| s.priority.is_selected())
        .collect();
    selected.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(b.score.total_cmp(&a.score))
            .then(a.key.cmp(&b.key))
    });
    selected
}

/// `S4 Governance oversight`.
fn service_label(ctx: &ReportContext<'_>, s: crate::model::service::ServiceKey) -> String {
    format!("S{} {}", s.number(), ctx.catalog.service(s).name)
}

/// The text with its first letter in upper case (sentences from rule reasons).
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The profile in one line for the cover: scope, control level and the leading category.
pub fn short_verdict(p: &Profile) -> String {
    let focus = if p.category_mix == crate::model::recommendation::CategoryMix::default() {
        "with no services selected yet".to_string()
    } else if p.lean == Lean::Balanced {
        "with a balanced mix of services".to_string()
    } else {
        format!("leaning toward {} services", p.lean.as_str())
    };
    format!(
        "{}, {} PMO {focus}",
        upper_first(scope_text(p.coverage_scope)),
        p.control_level.as_str()
    )
}

/// `program_project` → `Program project`.
pub fn capitalize(text: &str) -> String {
    let text = text.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_counts_the_services_per_category_rather_than_rounding_shares() {
        use ServiceCategory::{Operational, Strategic, Tactical};
        // 6, 4 and 6 of 16: rounded shares would read 38%, 25% and 38% (101%).
        let counts = category_counts(
            [[Strategic; 6].as_slice(), &[Tactical; 4], &[Operational; 6]].concat(),
        );
        assert_eq!(counts, [6, 4, 6]);
        assert_eq!(
            category_counts_text(counts),
            "its 16 services are 6 strategic, 4 tactical and 6 operational"
        );
        assert_eq!(
            category_counts_text([0, 1, 0]),
            "its one service is tactical"
        );
        assert_eq!(category_counts_text([0; 3]), "no service selected");
    }

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        assert_eq!(num(-0.0001, 2), "0.00");
        assert_eq!(num(2.345, 1), "2.3");
        assert_eq!(num(12.0, 0), "12");
        assert_eq!(percent(0.4285), "43%");
        assert_eq!(capitalize("program_project"), "Program project");
        assert_eq!(signed(-61.2), "\u{2212}61");
        assert_eq!(signed(38.5), "+39");
        assert_eq!(signed(-0.2), "0");
    }
}
