//! Renders a `PeriodDiff`: business-readable sentences for the terminal (`text.rs`),
//! GitHub-flavoured Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`
//! (`markdown.rs`), and JSON (here).
//!
//! Wording lives here, not in `model::diff`, which only computes. The sentences of one
//! organization (`org_sentences`) are public so the PDF's "Changes since last period" section
//! says the same thing as the terminal. Nothing here reads files or decides exit codes.
//!
//! JSON layout (`diff --format json`), `schema_version` 1: `{schema_version, base, head,
//! kinds[], organizations_added[] {id, name}, organizations_removed[], organizations[]}`; each
//! organization is `model::diff::OrgDiff` serialized field by field (`id`, `name`,
//! `base_period`, `head_period`, `rules_version` {base, head}, `profile` {coverage_scope,
//! control_level, category_mix {category: number change}, labels}, `priorities[]` {service,
//! name, direction rose|fell, priority {base, head}, score {base, head}, share {base, head} when
//! both results carry it}, `priorities_within_margin[]` (same fields: the label changed but the
//! share moved by less than the borderline margin under the same rules version,
//! reported as unchanged), `services_added[]`
//! and `services_dropped[]` {service, name, category, priority, score}, `groups[]` {group,
//! name, presence both|added|removed, respondents, approach {base, head, toward_autonomy},
//! service_approaches[] {service, approach {base, head}, toward_autonomy}, pm_maturity,
//! satisfaction, nps}, `category_maturity[]` {category, current_percent, target_percent},
//! `baseline_maturity`, `baseline_inputs[]` {input, base, head} (present only when one of
//! change readiness, risk tolerance, regulatory intensity, decision style or existing PMO
//! changed), `alerts_new[]` and `alerts_resolved[]` {level, code, group, text},
//! `alert_levels[]` {code, group, level {base, head}}) plus its own `kinds[]`. A number change
//! is {base, head, delta}, any of them null when absent; an unchanged part is null or `[]`.
//! Adding a field is compatible; renaming or removing one bumps `DIFF_SCHEMA_VERSION`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::approach::Approach;

use crate::model::diff::{
    AlertEntry, ChangeKind, Direction, NumberChange, OrgDiff, OrgRef, PeriodDiff, Presence,
    PriorityChange, DEFAULT_BORDERLINE_MARGIN,
};
use crate::report::build::num;
use crate::report::json::to_pretty_bytes;

mod impact;
mod markdown;
mod text;

pub use impact::{render_impact_json, render_impact_markdown, render_impact_text};
pub use markdown::render_diff_markdown;
pub use text::render_diff_text;

/// Up to this many services are named in a sentence; more are counted.
const SERVICES_NAMED: usize = 3;

/// Version of the diff JSON layout.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// What the two sides of a diff are called in its output (`2026-Q3`, a folder, `rules
/// base`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLabels {
    /// The base (older) side.
    pub base: String,
    /// The head (newer) side.
    pub head: String,
}

#[derive(Serialize)]
pub(super) struct DiffJson<'a> {
    schema_version: u32,
    base: &'a str,
    head: &'a str,
    kinds: Vec<ChangeKind>,
    organizations_added: &'a [OrgRef],
    organizations_removed: &'a [OrgRef],
    organizations: Vec<OrgJson<'a>>,
}

#[derive(Serialize)]
struct OrgJson<'a> {
    #[serde(flatten)]
    diff: &'a OrgDiff,
    kinds: Vec<ChangeKind>,
}

/// The diff as pretty JSON with a trailing newline (layout in the module doc).
pub fn render_diff_json(diff: &PeriodDiff, labels: &DiffLabels) -> Vec<u8> {
    to_pretty_bytes(&diff_json(diff, labels))
}

pub(super) fn diff_json<'a>(diff: &'a PeriodDiff, labels: &'a DiffLabels) -> DiffJson<'a> {
    DiffJson {
        schema_version: DIFF_SCHEMA_VERSION,
        base: &labels.base,
        head: &labels.head,
        kinds: diff.kinds().into_iter().collect(),
        organizations_added: &diff.organizations_added,
        organizations_removed: &diff.organizations_removed,
        organizations: diff
            .organizations
            .iter()
            .map(|d| OrgJson {
                diff: d,
                kinds: d.kinds().into_iter().collect(),
            })
            .collect(),
    }
}

/// One organization's changes as sentences, grouped under headings (profile, services,
/// approaches, customer groups, service maturity, alerts), empty groups left out.
pub fn org_sentences(d: &OrgDiff) -> Vec<(&'static str, Vec<String>)> {
    let mut sections = Vec::new();
    let mut push = |title: &'static str, lines: Vec<String>| {
        if !lines.is_empty() {
            sections.push((title, lines));
        }
    };
    push("profile", profile_sentences(d));
    push("services", service_sentences(d));
    push("approaches", approach_sentences(d));
    push("customer groups", group_sentences(d));
    push("maturity", maturity_sentences(d));
    push("baseline context", context_sentences(d));
    push("alerts", alert_sentences(d));
    sections
}

fn profile_sentences(d: &OrgDiff) -> Vec<String> {
    let p = &d.profile;
    let mut lines = Vec::new();
    if let Some(c) = &p.coverage_scope {
        lines.push(format!(
            "coverage scope changed from {} to {}",
            c.base, c.head
        ));
    }
    if let Some(c) = &p.control_level {
        lines.push(format!(
            "control level changed from {} to {}",
            c.base, c.head
        ));
    }
    for (category, n) in &p.category_mix {
        // Shares are fractions; people read them as percentages and their deltas as points.
        let percent = NumberChange {
            base: n.base.map(|v| v * 100.0),
            head: n.head.map(|v| v * 100.0),
            delta: n.delta.map(|v| v * 100.0),
        };
        lines.push(format!(
            "{category} share of the offered services {}",
            change_text(&percent, |v| format!("{}%", num(v, 0)), " points")
        ));
    }
    if let Some(c) = &p.labels {
        lines.push(format!(
            "closest profile changed from {} to {}",
            list_or_none(&c.base),
            list_or_none(&c.head)
        ));
    }
    lines
}

fn list_or_none(labels: &[String]) -> String {
    if labels.is_empty() {
        "none".to_string()
    } else {
        labels.join(", ")
    }
}

/// Why a changed label is not reported as a move, after the service's label: `should → must,
/// but its share of the top score moved only 0.53 → 0.56, within the 0.05 borderline margin:
/// unchanged within the margin`. Shared by the terminal, Markdown and PDF renderings.
pub fn within_margin_text(p: &PriorityChange) -> String {
    let share = p.share.map_or_else(String::new, |s| {
        format!(" {} \u{2192} {},", num(s.base, 2), num(s.head, 2))
    });
    format!(
        "{} \u{2192} {}, but its share of the top score moved only{share} within the {} borderline margin: unchanged within the margin",
        p.priority.base,
        p.priority.head,
        num(DEFAULT_BORDERLINE_MARGIN, 2)
    )
}

fn service_sentences(d: &OrgDiff) -> Vec<String> {
    let mut lines = Vec::new();
    for p in &d.priorities {
        let verb = match p.direction {
            Direction::Rose => "rose",
            Direction::Fell => "fell",
        };
        lines.push(format!(
            "{} {verb} from {} to {} (score {} → {})",
            p.service,
            p.priority.base,
            p.priority.head,
            num(p.score.base, 2),
            num(p.score.head, 2)
        ));
    }
    for p in &d.priorities_within_margin {
        lines.push(format!("{} {}", p.service, within_margin_text(p)));
    }
    for s in &d.services_added {
        lines.push(format!(
            "{} is now offered as {} (score {} → {})",
            s.service,
            s.priority.head,
            num(s.score.base, 2),
            num(s.score.head, 2)
        ));
    }
    for s in &d.services_dropped {
        lines.push(format!(
            "{} is no longer offered (was {}; score {} → {})",
            s.service,
            s.priority.base,
            num(s.score.base, 2),
            num(s.score.head, 2)
        ));
    }
    lines
}

/// "toward more autonomy" or "toward less autonomy".
pub fn autonomy_text(toward_autonomy: bool) -> &'static str {
    if toward_autonomy {
        "toward more autonomy"
    } else {
        "toward less autonomy"
    }
}

fn approach_sentences(d: &OrgDiff) -> Vec<String> {
    let mut lines = Vec::new();
    for g in &d.groups {
        if let Some(a) = &g.approach {
            lines.push(format!(
                "{} moved from {} to {}: {}",
                g.group,
                a.approach.base,
                a.approach.head,
                autonomy_text(a.toward_autonomy)
            ));
        }
        // Per-service changes usually follow the dominant one: one line per (from, to) pair,
        // with the services named only when they are few.
        let mut pairs: BTreeMap<(Option<Approach>, Option<Approach>), Vec<String>> =
            BTreeMap::new();
        for s in &g.service_approaches {
            pairs
                .entry((s.approach.base, s.approach.head))
                .or_default()
                .push(s.service.to_string());
        }
        for ((base, head), services) in pairs {
            let which = if services.len() <= SERVICES_NAMED {
                services.join(", ")
            } else {
                format!("{} services", services.len())
            };
            let line = match (base, head) {
                (Some(b), Some(h)) => format!(
                    "{}: {which} moved from {b} to {h}: {}",
                    g.group,
                    autonomy_text(h.rank() < b.rank())
                ),
                (None, Some(h)) => format!("{}: {which} now served as {h}", g.group),
                (Some(b), None) => format!("{}: {which} no longer selected (was {b})", g.group),
                (None, None) => continue,
            };
            lines.push(line);
        }
    }
    lines
}

fn group_sentences(d: &OrgDiff) -> Vec<String> {
    let mut lines = Vec::new();
    for g in &d.groups {
        match (g.presence, &g.respondents) {
            (Presence::Added, r) => lines.push(format!(
                "{} answered for the first time ({} respondents)",
                g.group,
                r.as_ref().map_or(0, |r| r.head)
            )),
            (Presence::Removed, r) => lines.push(format!(
                "{} did not answer this time ({} respondents before)",
                g.group,
                r.as_ref().map_or(0, |r| r.base)
            )),
            (Presence::Both, Some(r)) => lines.push(format!(
                "{} respondents went from {} to {}",
                g.group, r.base, r.head
            )),
            (Presence::Both, None) => {}
        }
        let metrics = [
            ("PM maturity", &g.pm_maturity, 2),
            ("satisfaction", &g.satisfaction, 2),
            ("NPS", &g.nps, 1),
        ];
        for (what, change, decimals) in metrics {
            if let Some(n) = change {
                lines.push(format!(
                    "{} {what} {}",
                    g.group,
                    change_text(n, |v| num(v, decimals), "")
                ));
            }
        }
    }
    lines
}

fn maturity_sentences(d: &OrgDiff) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(n) = &d.baseline_maturity {
        lines.push(format!(
            "baseline PM maturity {}",
            change_text(n, |v| num(v, 1), "")
        ));
    }
    for c in &d.category_maturity {
        let percent = |v: f64| format!("{}%", num(v, 1));
        if let Some(n) = &c.current_percent {
            lines.push(format!(
                "{} service maturity {}",
                c.category,
                change_text(n, percent, " points")
            ));
        }
        if let Some(n) = &c.target_percent {
            lines.push(format!(
                "{} target maturity {}",
                c.category,
                change_text(n, percent, " points")
            ));
        }
    }
    lines
}

/// The baseline inputs beside maturity that moved, so that a reader sees which input can
/// explain an approach change (the diff names no cause itself).
fn context_sentences(d: &OrgDiff) -> Vec<String> {
    d.baseline_inputs
        .iter()
        .map(|c| {
            let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
            format!(
                "baseline {} {} → {}",
                c.input.replace('_', " "),
                side(&c.base),
                side(&c.head)
            )
        })
        .collect()
}

fn alert_sentences(d: &OrgDiff) -> Vec<String> {
    let mut lines = Vec::new();
    for a in &d.alerts_new {
        lines.push(format!("new {}: {}", alert_name(a), a.text));
    }
    for a in &d.alerts_resolved {
        lines.push(format!("resolved {}", alert_name(a)));
    }
    for a in &d.alert_levels {
        let group = a.group.map_or(String::new(), |g| format!(" for {g}"));
        lines.push(format!(
            "alert {}{group} went from {} to {}",
            a.code, a.level.base, a.level.head
        ));
    }
    lines
}

/// `warning alert low_satisfaction for project_manager`.
pub fn alert_name(a: &AlertEntry) -> String {
    let group = a.group.map_or(String::new(), |g| format!(" for {g}"));
    format!("{} alert {}{group}", a.level, a.code)
}

/// `rose from 3.50 to 3.80 (+0.30)`, `fell from …`, `was 3.50, no answers now`.
pub fn change_text(n: &NumberChange, show: impl Fn(f64) -> String, unit: &str) -> String {
    match (n.base, n.head) {
        (Some(b), Some(h)) => {
            let verb = if h > b { "rose" } else { "fell" };
            format!(
                "{verb} from {} to {} ({}{unit})",
                show(b),
                show(h),
                signed_delta(h - b)
            )
        }
        (None, Some(h)) => format!("is {} (none before)", show(h)),
        (Some(b), None) => format!("was {}, none now", show(b)),
        (None, None) => "unchanged".to_string(),
    }
}

/// A delta with an explicit sign and the decimals it needs (up to 2).
fn signed_delta(delta: f64) -> String {
    let text = num(delta, 2);
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    if text.starts_with('-') || text == "0" {
        text
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
#[path = "diff/tests.rs"]
mod tests;
