//! The diff as GitHub-flavoured Markdown, for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`: an overview table, then per changed organization one table per
//! part (services, approaches, customer groups, profile and maturity, alerts). Every cell
//! goes through `escape`, so ids, rule texts and labels cannot break a table.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::approach::Approach;

use crate::model::diff::{Direction, NumberChange, OrgDiff, PeriodDiff, Presence};
use crate::report::build::num;
use crate::report::diff::{autonomy_text, DiffLabels};
use crate::report::markdown::escape;

/// The diff as Markdown with a trailing newline.
pub fn render_diff_markdown(diff: &PeriodDiff, labels: &DiffLabels) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Changes from {} to {}\n",
        escape(&labels.base),
        escape(&labels.head)
    );
    if let Some(first) = diff.organizations.first() {
        let r = &first.rules_version;
        if r.base != r.head {
            let _ = writeln!(out, "Rules version `{}` → `{}`.\n", r.base, r.head);
        }
    }
    for o in &diff.organizations_added {
        let _ = writeln!(
            out,
            "- organization added: **{}** ({})",
            escape(&o.name),
            escape(&o.id)
        );
    }
    for o in &diff.organizations_removed {
        let _ = writeln!(
            out,
            "- organization removed: **{}** ({})",
            escape(&o.name),
            escape(&o.id)
        );
    }
    if !diff.organizations_added.is_empty() || !diff.organizations_removed.is_empty() {
        out.push('\n');
    }
    if diff.is_empty() {
        out.push_str("No change.\n");
        return out;
    }
    let mut rows = Vec::new();
    for d in &diff.organizations {
        let kinds: Vec<&str> = d.kinds().iter().map(|k| k.as_str()).collect();
        let changes = if kinds.is_empty() {
            "no change".to_string()
        } else {
            kinds.join(", ")
        };
        rows.push(vec![format!("{} ({})", d.name, d.id), changes]);
    }
    table(&mut out, &["Organization", "Changes"], &rows);
    for d in diff.changed() {
        organization(&mut out, d);
    }
    out
}

fn organization(out: &mut String, d: &OrgDiff) {
    let _ = writeln!(out, "### {} ({})\n", escape(&d.name), escape(&d.id));
    let mut services = Vec::new();
    for p in &d.priorities {
        let verb = match p.direction {
            Direction::Rose => "rose",
            Direction::Fell => "fell",
        };
        services.push(vec![
            p.service.to_string(),
            verb.to_string(),
            format!("{} → {}", p.priority.base, p.priority.head),
            format!("{} → {}", num(p.score.base, 2), num(p.score.head, 2)),
        ]);
    }
    for p in &d.priorities_within_margin {
        // Not a rise or fall: the share moved by less than the borderline margin.
        let share = p.share.map_or_else(String::new, |s| {
            format!(", share {} → {}", num(s.base, 2), num(s.head, 2))
        });
        services.push(vec![
            p.service.to_string(),
            "unchanged within the margin".to_string(),
            format!("{} → {}", p.priority.base, p.priority.head),
            format!("{} → {}{share}", num(p.score.base, 2), num(p.score.head, 2)),
        ]);
    }
    for (list, what) in [
        (&d.services_added, "added"),
        (&d.services_dropped, "dropped"),
    ] {
        for s in list {
            services.push(vec![
                s.service.to_string(),
                what.to_string(),
                format!("{} → {}", s.priority.base, s.priority.head),
                format!("{} → {}", num(s.score.base, 2), num(s.score.head, 2)),
            ]);
        }
    }
    section(
        out,
        "Services",
        &["Service", "Change", "Priority", "Score"],
        &services,
    );

    let mut approaches = Vec::new();
    for g in &d.groups {
        if let Some(a) = &g.approach {
            approaches.push(vec![
                g.group.to_string(),
                "(dominant)".to_string(),
                a.approach.base.to_string(),
                a.approach.head.to_string(),
                autonomy_text(a.toward_autonomy).to_string(),
            ]);
        }
        // One row per (from, to) pair: per-service changes usually move together.
        let mut pairs: BTreeMap<(Option<Approach>, Option<Approach>), Vec<String>> =
            BTreeMap::new();
        for s in &g.service_approaches {
            pairs
                .entry((s.approach.base, s.approach.head))
                .or_default()
                .push(s.service.to_string());
        }
        for ((base, head), services) in pairs {
            let show = |a: Option<Approach>| {
                a.map_or_else(|| "not selected".to_string(), |a| a.to_string())
            };
            let direction = match (base, head) {
                (Some(b), Some(h)) => autonomy_text(h.rank() < b.rank()),
                _ => "",
            };
            approaches.push(vec![
                g.group.to_string(),
                services.join(", "),
                show(base),
                show(head),
                direction.to_string(),
            ]);
        }
    }
    section(
        out,
        "Approaches",
        &["Group", "Services", "From", "To", "Direction"],
        &approaches,
    );

    let groups: Vec<Vec<String>> = d
        .groups
        .iter()
        .filter(|g| {
            g.presence != Presence::Both
                || g.respondents.is_some()
                || g.pm_maturity.is_some()
                || g.satisfaction.is_some()
                || g.nps.is_some()
        })
        .map(|g| {
            let presence = match g.presence {
                Presence::Both => "",
                Presence::Added => " (new)",
                Presence::Removed => " (gone)",
            };
            vec![
                format!("{}{presence}", g.group),
                g.respondents
                    .as_ref()
                    .map_or_else(String::new, |r| format!("{} → {}", r.base, r.head)),
                cell(&g.pm_maturity, 2, ""),
                cell(&g.satisfaction, 2, ""),
                cell(&g.nps, 1, ""),
            ]
        })
        .collect();
    section(
        out,
        "Customer groups",
        &["Group", "Respondents", "PM maturity", "Satisfaction", "NPS"],
        &groups,
    );

    let mut profile = Vec::new();
    let p = &d.profile;
    if let Some(c) = &p.coverage_scope {
        profile.push(vec![
            "coverage scope".into(),
            c.base.to_string(),
            c.head.to_string(),
        ]);
    }
    if let Some(c) = &p.control_level {
        profile.push(vec![
            "control level".into(),
            c.base.to_string(),
            c.head.to_string(),
        ]);
    }
    for (category, n) in &p.category_mix {
        let pct =
            |v: Option<f64>| v.map_or_else(String::new, |v| format!("{}%", num(v * 100.0, 0)));
        profile.push(vec![format!("{category} share"), pct(n.base), pct(n.head)]);
    }
    if let Some(c) = &p.labels {
        profile.push(vec![
            "closest profile".into(),
            c.base.join(", "),
            c.head.join(", "),
        ]);
    }
    if let Some(n) = &d.baseline_maturity {
        let v = |v: Option<f64>| v.map_or_else(|| "none".to_string(), |v| num(v, 1));
        profile.push(vec!["baseline PM maturity".into(), v(n.base), v(n.head)]);
    }
    for c in &d.category_maturity {
        let v = |v: Option<f64>| {
            v.map_or_else(|| "not assessed".to_string(), |v| format!("{}%", num(v, 1)))
        };
        for (what, n) in [
            ("service maturity", &c.current_percent),
            ("target maturity", &c.target_percent),
        ] {
            if let Some(n) = n {
                profile.push(vec![format!("{} {what}", c.category), v(n.base), v(n.head)]);
            }
        }
    }
    section(
        out,
        "Profile and maturity",
        &["Measure", "From", "To"],
        &profile,
    );

    let mut alerts = Vec::new();
    let group = |g: Option<crate::model::customer::CustomerGroup>| {
        g.map_or_else(String::new, |g| g.to_string())
    };
    for a in &d.alerts_new {
        alerts.push(vec![
            "new".into(),
            a.level.to_string(),
            a.code.clone(),
            group(a.group),
            a.text.clone(),
        ]);
    }
    for a in &d.alerts_resolved {
        alerts.push(vec![
            "resolved".into(),
            a.level.to_string(),
            a.code.clone(),
            group(a.group),
            a.text.clone(),
        ]);
    }
    for a in &d.alert_levels {
        alerts.push(vec![
            "level".into(),
            format!("{} → {}", a.level.base, a.level.head),
            a.code.clone(),
            group(a.group),
            String::new(),
        ]);
    }
    section(
        out,
        "Alerts",
        &["Change", "Level", "Code", "Group", "Message"],
        &alerts,
    );
}

/// `3.50 → 3.80 (+0.3)`; `— → 3.80` when a side is absent; empty when unchanged.
fn cell(n: &Option<NumberChange>, decimals: usize, unit: &str) -> String {
    let Some(n) = n else { return String::new() };
    let v = |v: Option<f64>| {
        v.map_or_else(
            || "—".to_string(),
            |v| format!("{}{unit}", num(v, decimals)),
        )
    };
    match n.delta {
        Some(d) => format!(
            "{} → {} ({}{})",
            v(n.base),
            v(n.head),
            if d > 0.0 { "+" } else { "" },
            num(d, decimals)
        ),
        None => format!("{} → {}", v(n.base), v(n.head)),
    }
}

fn section(out: &mut String, title: &str, header: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{title}**\n");
    table(out, header, rows);
}

/// A table; every cell escaped.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}
