//! `summary.md`: every organization's headline results in Markdown, fit for a CI step summary
//! or a pull-request comment (GitHub-flavoured tables, no HTML).
//!
//! Skips layout, like JSON: it reads model values directly, or the JSON results read back
//! (`merge`), through `SummaryOrg`, which rounds as the JSON does. Cell text is escaped so that a
//! name with `|` cannot break a table. Deterministic: organizations in the order given (the
//! run passes them in id order).

use std::borrow::Borrow;
use std::fmt::Write;
use std::io;

use crate::model::baseline::CoverageScope;
use crate::model::headline::Headline;
use crate::model::period::Period;
use crate::model::recommendation::{AlertLevel, ControlLevel};
use crate::model::scale::round_to;
use crate::model::service::Priority;
use crate::model::snapshot::OrgSnapshot;
use crate::report::build::{category_counts, category_counts_text, scope_text};
use crate::report::ReportContext;

/// Escapes text for a Markdown table cell or inline text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// What the summary header says: the same for a run and for `merge` (which has no catalog or
/// rules loaded, only the shards' manifests).
#[derive(Debug, Clone)]
pub struct SummaryHeader {
    /// Period.
    pub period: Period,
    /// Rules version.
    pub rules_version: String,
    /// Tool version.
    pub tool_version: String,
    /// Report date, `YYYY-MM-DD`.
    pub date: String,
}

/// One organization's line and section in the summary.
///
/// Built from a run's results or from a JSON result read back (`merge` joins shards that way);
/// both round exactly as the JSON does, so either way the summary has the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOrg {
    /// Organization id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Respondents.
    pub respondents: u32,
    /// Coverage scope.
    pub scope: CoverageScope,
    /// Control level.
    pub control: ControlLevel,
    /// How many of the selected services are strategic, tactical and operational.
    pub categories: [usize; 3],
    /// Closest profile labels.
    pub labels: Vec<String>,
    /// Names of the services per priority: must, should, could.
    pub services: [Vec<String>; 3],
    /// Mean satisfaction over every answer (2 decimals).
    pub satisfaction: Option<f64>,
    /// NPS over every answer (1 decimal).
    pub nps: Option<f64>,
    /// Alerts, most serious first: level and sentence.
    pub alerts: Vec<(AlertLevel, String)>,
}

const LISTED: [Priority; 3] = [Priority::Must, Priority::Should, Priority::Could];

impl SummaryOrg {
    /// From a run's headline.
    pub fn from_headline(ctx: &ReportContext<'_>, h: &Headline) -> SummaryOrg {
        SummaryOrg {
            id: h.organization.to_string(),
            name: h.name().to_string(),
            respondents: h.respondents,
            scope: h.scope,
            control: h.control,
            categories: category_counts(
                LISTED
                    .iter()
                    .flat_map(|&p| h.services_at(p))
                    .map(|key| ctx.catalog.service(key).category),
            ),
            labels: h.labels.clone(),
            services: LISTED.map(|p| {
                h.services_at(p)
                    .map(|key| ctx.catalog.service(key).name.clone())
                    .collect()
            }),
            satisfaction: h.satisfaction.map(|m| round_to(m, 2)),
            nps: h.nps.map(|s| round_to(s, 1)),
            alerts: h
                .alerts
                .iter()
                .map(|a| (a.level, a.text().to_string()))
                .collect(),
        }
    }

    /// From a JSON result read back.
    pub fn from_snapshot(org: &OrgSnapshot) -> SummaryOrg {
        SummaryOrg {
            id: org.id.clone(),
            name: org.name.clone(),
            respondents: org.overall.respondents,
            scope: org.profile.coverage_scope,
            control: org.profile.control_level,
            categories: category_counts(
                org.services
                    .values()
                    .filter(|s| s.priority.is_selected())
                    .map(|s| s.category),
            ),
            labels: org.profile.labels.clone(),
            services: LISTED.map(|p| {
                org.services
                    .values()
                    .filter(|s| s.priority == p)
                    .map(|s| s.name.clone())
                    .collect()
            }),
            satisfaction: org.overall.satisfaction,
            nps: org.overall.nps,
            alerts: org
                .alerts
                .iter()
                .map(|a| (a.level, a.text.clone()))
                .collect(),
        }
    }
}

/// The summary of a run: one table row per organization, then a short section each.
pub fn render_summary(ctx: &ReportContext<'_>, headlines: &[Headline]) -> String {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_summary(&mut bytes, ctx, headlines);
    into_string(bytes)
}

/// `render_summary`, written to `sink` as it is made: a run's summary of 10,000
/// organizations is 20 MB, which need not be held whole (issue 16).
pub fn write_summary(
    sink: &mut dyn io::Write,
    ctx: &ReportContext<'_>,
    headlines: &[Headline],
) -> io::Result<()> {
    let header = SummaryHeader {
        period: ctx.period,
        rules_version: ctx.rules_version.to_string(),
        tool_version: ctx.tool_version.to_string(),
        date: ctx.date.iso_date(),
    };
    // Each organization's part is made when written, twice (table, then sections), rather
    // than all of them held between the two.
    let orgs = || headlines.iter().map(|h| SummaryOrg::from_headline(ctx, h));
    write_summary_of(sink, &header, headlines.len(), orgs)
}

/// The summary from its parts (organizations in the order given: id order in a run).
pub fn render_summary_of(header: &SummaryHeader, orgs: &[SummaryOrg]) -> String {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_summary_of(&mut bytes, header, orgs.len(), || orgs.iter());
    into_string(bytes)
}

/// Bytes that came from `str`s only.
fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The summary's header, table and sections, written organization by organization; `orgs`
/// yields the `count` organizations in order, each time it is called.
fn write_summary_of<I, O>(
    sink: &mut dyn io::Write,
    header: &SummaryHeader,
    count: usize,
    orgs: impl Fn() -> I,
) -> io::Result<()>
where
    I: Iterator<Item = O>,
    O: Borrow<SummaryOrg>,
{
    let mut out = String::new();
    let _ = writeln!(out, "# PMO recommendations, {}\n", header.period);
    let _ = writeln!(
        out,
        "{count} organization(s) \u{b7} rules `{}` \u{b7} pmo-advisor {} \u{b7} {}\n",
        header.rules_version, header.tool_version, header.date
    );
    out.push_str("| Organization | Respondents | Scope | Control | Must | Should | Could | Satisfaction | NPS | Alerts |\n");
    out.push_str("|---|---:|---|---|---:|---:|---:|---:|---:|---|\n");
    for org in orgs() {
        table_row(&mut out, org.borrow());
        drain(&mut out, sink)?;
    }
    for org in orgs() {
        section(&mut out, org.borrow());
        drain(&mut out, sink)?;
    }
    drain(&mut out, sink)
}

/// Moves what `out` holds to `sink`.
fn drain(out: &mut String, sink: &mut dyn io::Write) -> io::Result<()> {
    sink.write_all(out.as_bytes())?;
    out.clear();
    Ok(())
}

/// One organization's row of the headline table.
fn table_row(out: &mut String, org: &SummaryOrg) {
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        escape(&org.name),
        org.respondents,
        scope_text(org.scope),
        org.control.as_str(),
        org.services[0].len(),
        org.services[1].len(),
        org.services[2].len(),
        org.satisfaction
            .map_or("\u{2013}".into(), |m| format!("{:.1}", round_to(m, 1))),
        org.nps.map_or("\u{2013}".into(), |s| format!(
            "{:+}",
            round_to(s, 0) as i64
        )),
        alert_counts(&org.alerts),
    );
}

/// One organization's section: profile, services to offer, serious alerts, its files.
fn section(out: &mut String, org: &SummaryOrg) {
    let _ = writeln!(out, "\n## {} (`{}`)\n", escape(&org.name), org.id);
    let _ = writeln!(
        out,
        "**Profile:** {} scope, {} PMO; {}{}.\n",
        scope_text(org.scope),
        org.control.as_str(),
        category_counts_text(org.categories),
        if org.labels.is_empty() {
            String::new()
        } else {
            format!(
                " (closest labels, an aid only: {})",
                escape(&org.labels.join(", "))
            )
        }
    );
    for (names, label) in org
        .services
        .iter()
        .zip(["Offer now (must)", "Offer soon (should)"])
    {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| escape(n)).collect();
            let _ = writeln!(out, "- **{label}:** {}", names.join(", "));
        }
    }
    let serious: Vec<String> = org
        .alerts
        .iter()
        .filter(|(level, _)| *level >= AlertLevel::Warning)
        .map(|(level, text)| format!("  - {}: {}", level.as_str(), escape(text)))
        .collect();
    if serious.is_empty() {
        let _ = writeln!(out, "- **Alerts:** none at warning level or above");
    } else {
        let _ = writeln!(out, "- **Alerts:** {}", alert_counts(&org.alerts));
        for line in serious {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(
        out,
        "- Report: `{0}.pdf` \u{b7} results: `{0}.json`",
        org.id
    );
}

fn alert_counts(alerts: &[(AlertLevel, String)]) -> String {
    let parts: Vec<String> = [AlertLevel::Critical, AlertLevel::Warning, AlertLevel::Info]
        .iter()
        .filter_map(|&level| {
            let n = alerts.iter().filter(|(l, _)| *l == level).count();
            (n > 0).then(|| format!("{n} {}", level.as_str()))
        })
        .collect();
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped() {
        assert_eq!(escape("a|b *c*\nd"), "a\\|b \\*c\\* d");
    }
}
