//! Renders a `RuleImpact`: which rule files differ, the results' diff, and for every changed
//! decision the rule lines behind it (`*` marks a line that differs between the versions).
//!
//! JSON layout (`diff --rules-base … --format json`), `schema_version` 1: `{schema_version,
//! base, head, files[] {file, status added|removed|modified, base_lines[], head_lines[]},
//! decisions[] {organization, decision, caused_by_changed_rule, base_rules[] {file, line,
//! changed}, head_rules[]}, params[] {name, base, head}, table_rows[] {organization, file,
//! line, side base|head|both, changed}, compared {rule_files, params, organizations},
//! nothing_differs, diff}` where `diff` is the `diff --format json` document.

use std::fmt::Write;

use serde::Serialize;

use crate::model::diff::impact::{
    ChangedDecision, Compared, FileStatus, ParamChange, RowSide, RuleFileChange, RuleImpact,
    RuleSite, TableRowChange,
};
use crate::report::diff::{
    diff_json, render_diff_markdown, render_diff_text, DiffJson, DiffLabels, DIFF_SCHEMA_VERSION,
};
use crate::report::json::to_pretty_bytes;
use crate::report::markdown::escape;

fn labels(impact: &RuleImpact) -> DiffLabels {
    DiffLabels {
        base: impact.base.clone(),
        head: impact.head.clone(),
    }
}

#[derive(Serialize)]
struct ImpactJson<'a> {
    schema_version: u32,
    base: &'a str,
    head: &'a str,
    files: &'a [RuleFileChange],
    decisions: Vec<DecisionJson<'a>>,
    params: &'a [ParamChange],
    table_rows: &'a [TableRowChange],
    compared: Compared,
    nothing_differs: bool,
    diff: DiffJson<'a>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    #[serde(flatten)]
    decision: &'a ChangedDecision,
    caused_by_changed_rule: bool,
}

/// The impact as pretty JSON with a trailing newline (layout in the module doc).
pub fn render_impact_json(impact: &RuleImpact) -> Vec<u8> {
    let labels = labels(impact);
    to_pretty_bytes(&ImpactJson {
        schema_version: DIFF_SCHEMA_VERSION,
        base: &impact.base,
        head: &impact.head,
        files: &impact.files,
        decisions: impact
            .decisions
            .iter()
            .map(|d| DecisionJson {
                decision: d,
                caused_by_changed_rule: d.has_changed_rule(),
            })
            .collect(),
        params: &impact.params,
        table_rows: &impact.table_rows,
        compared: impact.compared,
        nothing_differs: impact.nothing_differs(),
        diff: diff_json(&impact.diff, &labels),
    })
}

fn status(s: FileStatus) -> &'static str {
    match s {
        FileStatus::Added => "added",
        FileStatus::Removed => "removed",
        FileStatus::Modified => "modified",
    }
}

/// `20_services.rhai` (modified: base lines 56, head lines 56-57).
fn file_line(f: &RuleFileChange) -> String {
    match f.status {
        FileStatus::Modified => format!(
            "{} (modified: base lines {}; head lines {})",
            f.file,
            ranges(&f.base_lines),
            ranges(&f.head_lines)
        ),
        other => format!("{} ({})", f.file, status(other)),
    }
}

/// `3, 7-9`, or `none`.
fn ranges(lines: &std::collections::BTreeSet<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = lines.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// `rules/20_services.rhai:56*, rules/20_services.rhai:28`.
fn sites(dir: &str, sites: &[RuleSite]) -> String {
    if sites.is_empty() {
        return "no rule (host default)".to_string();
    }
    sites
        .iter()
        .map(|s| {
            format!(
                "{dir}/{}:{}{}",
                s.file,
                s.line,
                if s.changed { " (changed)" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `0.75`, or `none` for a param one side lacks.
fn param_value(v: Option<f64>) -> String {
    v.map_or("none".to_string(), |v| format!("{v}"))
}

/// `must_cutoff: 0.75 → 0.8`.
fn param_line(p: &ParamChange) -> String {
    format!(
        "{}: {} → {}",
        p.name,
        param_value(p.base),
        param_value(p.head)
    )
}

/// `tables/approach_by_maturity.csv:8 (head only, changed)`.
fn row_line(r: &TableRowChange) -> String {
    let side = match r.side {
        RowSide::Base => "base only",
        RowSide::Head => "head only",
        RowSide::Both => "both",
    };
    let changed = if r.changed { ", changed" } else { "" };
    format!("{}:{} ({side}{changed})", r.file, r.line)
}

/// The plain statement that nothing compared differs, naming what was compared.
fn nothing_differs(c: Compared) -> String {
    format!(
        "Nothing differs: {} rule file(s), {} param(s) and the results of {} organization(s) are the same under both versions.",
        c.rule_files, c.params, c.organizations
    )
}

/// The impact as text for a terminal.
pub fn render_impact_text(impact: &RuleImpact) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Rule change impact: {} → {}", impact.base, impact.head);
    if impact.nothing_differs() {
        let _ = writeln!(out, "{}", nothing_differs(impact.compared));
    }
    if impact.files.is_empty() {
        out.push_str("No rule file differs.\n");
    } else {
        out.push_str("Rule files that differ:\n");
        for f in &impact.files {
            let _ = writeln!(out, "  - {}", file_line(f));
        }
    }
    if impact.params.is_empty() {
        let _ = writeln!(
            out,
            "No param differs ({} compared).",
            impact.compared.params
        );
    } else {
        out.push_str("Params that differ (base → head):\n");
        for p in &impact.params {
            let _ = writeln!(out, "  - {}", param_line(p));
        }
    }
    out.push('\n');
    out.push_str(&render_diff_text(&impact.diff, &labels(impact)));
    if !impact.decisions.is_empty() {
        out.push_str("\nRules behind the changed decisions (changed = the line differs):\n");
        for d in &impact.decisions {
            let _ = writeln!(out, "  {} {}", d.organization, d.decision);
            let _ = writeln!(out, "    head: {}", sites(&impact.head, &d.head_rules));
            let _ = writeln!(out, "    base: {}", sites(&impact.base, &d.base_rules));
        }
    }
    if !impact.table_rows.is_empty() {
        out.push_str("\nDecision-table rows behind the changes (changed = the line differs):\n");
        for r in &impact.table_rows {
            let _ = writeln!(out, "  {} {}", r.organization, row_line(r));
        }
    }
    out
}

/// The impact as GitHub Markdown, for the pull request that changes the rules.
pub fn render_impact_markdown(impact: &RuleImpact) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Rule change impact: {} → {}\n",
        escape(&impact.base),
        escape(&impact.head)
    );
    if impact.nothing_differs() {
        let _ = writeln!(out, "{}\n", nothing_differs(impact.compared));
    }
    if impact.params.is_empty() {
        let _ = writeln!(
            out,
            "No param differs ({} compared).\n",
            impact.compared.params
        );
    } else {
        out.push_str("| Param | Base | Head |\n|---|---|---|\n");
        for p in &impact.params {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape(&p.name),
                param_value(p.base),
                param_value(p.head)
            );
        }
        out.push('\n');
    }
    if impact.files.is_empty() {
        out.push_str("No rule file differs.\n\n");
    } else {
        out.push_str("| Rule file | Change | Base lines | Head lines |\n|---|---|---|---|\n");
        for f in &impact.files {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&f.file),
                status(f.status),
                ranges(&f.base_lines),
                ranges(&f.head_lines)
            );
        }
        out.push('\n');
    }
    if !impact.decisions.is_empty() {
        out.push_str("### Rules behind the changed decisions\n\n");
        out.push_str("| Organization | Decision | Head rules | Base rules |\n|---|---|---|---|\n");
        for d in &impact.decisions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&d.organization),
                escape(&d.decision),
                escape(&sites(&impact.head, &d.head_rules)),
                escape(&sites(&impact.base, &d.base_rules))
            );
        }
        out.push('\n');
    }
    if !impact.table_rows.is_empty() {
        out.push_str("### Decision-table rows behind the changes\n\n");
        for r in &impact.table_rows {
            let _ = writeln!(
                out,
                "- {} {}",
                escape(&r.organization),
                escape(&row_line(r))
            );
        }
        out.push('\n');
    }
    // The results' diff one heading level down.
    for line in render_diff_markdown(&impact.diff, &labels(impact)).lines() {
        if line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
