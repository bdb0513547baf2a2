//! `summary.md`: every organization's headline results in Markdown, fit for a CI step summary
//! or a pull-request comment (GitHub-flavoured tables, no HTML).
//!
//! Skips layout, like JSON: it reads model values directly. Cell text is escaped so that a
//! name with `|` cannot break a table. Deterministic: organizations in the order given (the
//! run passes them in id order).

use std::fmt::Write;

use crate::model::recommendation::{AlertLevel, Recommendation};
use crate::model::scale::{round_to, LikertHistogram, NpsHistogram};
use crate::model::service::Priority;
use crate::model::survey::OrganizationInput;
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

fn share(value: f64) -> String {
    format!("{}%", round_to(value * 100.0, 0))
}

/// The summary of a run: one table row per organization, then a short section each.
pub fn render_summary(
    ctx: &ReportContext<'_>,
    results: &[(&OrganizationInput, &Recommendation)],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# PMO recommendations, {}\n", ctx.period);
    let _ = writeln!(
        out,
        "{} organization(s) \u{b7} rules `{}` \u{b7} pmo-advisor {} \u{b7} {}\n",
        results.len(),
        ctx.rules_version,
        ctx.tool_version,
        ctx.date.iso_date()
    );
    out.push_str("| Organization | Respondents | Scope | Control | Must | Should | Could | Satisfaction | NPS | Alerts |\n");
    out.push_str("|---|---:|---|---|---:|---:|---:|---:|---:|---|\n");
    for (input, rec) in results {
        let count = |p: Priority| rec.services.iter().filter(|s| s.priority == p).count();
        let (satisfaction, nps) = overall(input);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            escape(&name(input)),
            input.respondents(),
            rec.profile.coverage_scope.as_str().replace('_', " "),
            rec.profile.control_level.as_str(),
            count(Priority::Must),
            count(Priority::Should),
            count(Priority::Could),
            satisfaction
                .mean()
                .map_or("\u{2013}".into(), |m| format!("{:.1}", round_to(m, 1))),
            nps.score().map_or("\u{2013}".into(), |s| format!(
                "{:+}",
                round_to(s, 0) as i64
            )),
            alert_counts(rec),
        );
    }
    for (input, rec) in results {
        let _ = writeln!(out, "\n## {} (`{}`)\n", escape(&name(input)), input.id);
        let mix = rec.profile.category_mix;
        let _ = writeln!(
            out,
            "**Profile:** {} scope, {} control; services {} strategic, {} tactical, {} operational{}.\n",
            rec.profile.coverage_scope.as_str().replace('_', " "),
            rec.profile.control_level.as_str(),
            share(mix.strategic),
            share(mix.tactical),
            share(mix.operational),
            if rec.profile.labels.is_empty() {
                String::new()
            } else {
                format!(" (closest labels, an aid only: {})", escape(&rec.profile.labels.join(", ")))
            }
        );
        for (priority, label) in [
            (Priority::Must, "Offer now (must)"),
            (Priority::Should, "Offer soon (should)"),
        ] {
            let names: Vec<String> = rec
                .services
                .iter()
                .filter(|s| s.priority == priority)
                .map(|s| escape(&ctx.catalog.service(s.key).name))
                .collect();
            if !names.is_empty() {
                let _ = writeln!(out, "- **{label}:** {}", names.join(", "));
            }
        }
        let serious: Vec<String> = rec
            .alerts
            .iter()
            .filter(|a| a.level >= AlertLevel::Warning)
            .map(|a| format!("  - {}: {}", a.level.as_str(), escape(&a.reason.text)))
            .collect();
        if serious.is_empty() {
            let _ = writeln!(out, "- **Alerts:** none at warning level or above");
        } else {
            let _ = writeln!(out, "- **Alerts:** {}", alert_counts(rec));
            for line in serious {
                let _ = writeln!(out, "{line}");
            }
        }
        let _ = writeln!(
            out,
            "- Report: `{0}.pdf` \u{b7} results: `{0}.json`",
            input.id
        );
    }
    out
}

fn name(input: &OrganizationInput) -> String {
    input
        .baseline
        .as_ref()
        .and_then(|b| b.organization_name.clone())
        .unwrap_or_else(|| input.id.to_string())
}

fn overall(input: &OrganizationInput) -> (LikertHistogram, NpsHistogram) {
    let mut satisfaction = LikertHistogram::default();
    let mut nps = NpsHistogram::default();
    for a in input.groups.values() {
        satisfaction.merge(&a.satisfaction);
        nps.merge(&a.nps);
    }
    (satisfaction, nps)
}

fn alert_counts(rec: &Recommendation) -> String {
    let parts: Vec<String> = [AlertLevel::Critical, AlertLevel::Warning, AlertLevel::Info]
        .iter()
        .filter_map(|&level| {
            let n = rec.alerts.iter().filter(|a| a.level == level).count();
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
        assert_eq!(share(0.304), "30%");
    }
}
