//! What a test case expects of the rules' results, and the comparison with what they decided.
//!
//! Every expectation is checked (not only the first that fails) and each failure carries the
//! expected and actual values and the reasons that led to the actual one, with their rule
//! locations, so an analyst sees why without re-running anything. Pure: no I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::decision::Reason;
use crate::model::outcome::OutcomeKey;
use crate::model::recommendation::{ActionKind, ControlLevel, Lean, Recommendation};
use crate::model::service::{Horizon, Priority, ServiceKey};

/// The expectation on one service: a priority, or a table of checks. Deserialized by hand:
/// serde's `untagged` said only "data did not match any variant of untagged enum
/// ServiceExpect", hiding which priority or key was wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceExpect {
    /// `risk_management = "must"`.
    Priority(Priority),
    /// `risk_management = { priority = "must", horizon = "short", min_score = 20 }`.
    Detail(ServiceDetail),
}

impl<'de> Deserialize<'de> for ServiceExpect {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ServiceExpectVisitor)
    }
}

struct ServiceExpectVisitor;

impl<'de> serde::de::Visitor<'de> for ServiceExpectVisitor {
    type Value = ServiceExpect;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a priority (\"must\", \"should\", \"could\", \"not_now\") or a table such as { priority = \"must\", horizon = \"short\", min_score = 20 }")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ServiceExpect, E> {
        Priority::parse(v)
            .map(ServiceExpect::Priority)
            .map_err(E::custom)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ServiceExpect, A::Error> {
        ServiceDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .map(ServiceExpect::Detail)
    }
}

/// Detailed checks on one service.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDetail {
    /// Priority.
    pub priority: Option<Priority>,
    /// Horizon.
    pub horizon: Option<Horizon>,
    /// Score at least.
    pub min_score: Option<f64>,
    /// Score at most.
    pub max_score: Option<f64>,
    /// A priority the service must not have.
    pub not_priority: Option<Priority>,
    /// Whether the priority is marked borderline.
    pub borderline: Option<bool>,
    /// Actions the service must carry (`improve`, `simplify`).
    #[serde(default)]
    pub actions: Vec<ActionKind>,
    /// Actions the service must not carry.
    #[serde(default)]
    pub no_actions: Vec<ActionKind>,
}

/// Checks on the profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileExpect {
    /// Coverage scope.
    pub coverage_scope: Option<CoverageScope>,
    /// Control level.
    pub control_level: Option<ControlLevel>,
    /// Labels that must be among the profile's labels.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Category shares (±0.01), by category name.
    #[serde(default)]
    pub category_mix: BTreeMap<String, f64>,
    /// The category lean (`strategic`, `tactical`, `operational` or `balanced`).
    pub lean: Option<Lean>,
}

/// A reason that must appear, on a service, a group, the profile, an alert or anywhere.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonExpect {
    /// Text the reason contains (case-sensitive).
    pub contains: String,
    /// Among this service's reasons.
    pub service: Option<ServiceKey>,
    /// Among this group's reasons (and its services' approach reasons).
    pub group: Option<CustomerGroup>,
    /// Among the profile's reasons.
    #[serde(default)]
    pub profile: bool,
    /// Among the alerts' messages.
    #[serde(default)]
    pub alert: bool,
}

/// Everything a case can expect; absent keys are not checked.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Per service: a priority or detailed checks.
    #[serde(default)]
    pub services: BTreeMap<ServiceKey, ServiceExpect>,
    /// Per group: its dominant approach.
    #[serde(default)]
    pub approaches: BTreeMap<CustomerGroup, Approach>,
    /// Per group, per service: the approach.
    #[serde(default)]
    pub service_approaches: BTreeMap<CustomerGroup, BTreeMap<ServiceKey, Approach>>,
    /// Per group: its first top outcomes, in order.
    #[serde(default)]
    pub top_outcomes: BTreeMap<CustomerGroup, Vec<OutcomeKey>>,
    /// The organization's first outcomes, in order.
    #[serde(default)]
    pub org_top_outcomes: Vec<OutcomeKey>,
    /// Profile checks.
    #[serde(default)]
    pub profile: ProfileExpect,
    /// Alerts that must be raised: `code`, `level:code` or `level:code@group`.
    #[serde(default)]
    pub alerts: Vec<String>,
    /// Alert codes that must not be raised.
    #[serde(default)]
    pub no_alerts: Vec<String>,
    /// The exact number of alerts.
    #[serde(default)]
    pub alert_count: Option<usize>,
    /// Advice codes that must be given.
    #[serde(default)]
    pub advice: Vec<String>,
    /// Advice codes that must not be given.
    #[serde(default)]
    pub no_advice: Vec<String>,
    /// At most this many services at `must` or `should`.
    #[serde(default)]
    pub max_now: Option<usize>,
    /// Per group, the most controlling approach any of its services may have.
    #[serde(default)]
    pub max_approach: BTreeMap<CustomerGroup, Approach>,
    /// Per group, services that must have no approach (they do not concern the group).
    #[serde(default)]
    pub no_approach: BTreeMap<CustomerGroup, Vec<ServiceKey>>,
    /// Text the charter's governance must contain, per part.
    #[serde(default)]
    pub governance: GovernanceExpect,
    /// Reasons that must appear.
    #[serde(default)]
    pub reasons: Vec<ReasonExpect>,
    /// A rule error whose message contains this text (the case then expects no results).
    #[serde(default)]
    pub error: Option<String>,
}

/// Text each part of the charter's governance must contain (substring checks).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernanceExpect {
    /// Who sponsors the PMO.
    pub sponsor: Option<String>,
    /// Who decides what.
    pub decision_rights: Option<String>,
    /// How an issue escalates.
    pub escalation: Option<String>,
    /// How often the PMO is steered.
    pub cadence: Option<String>,
}

/// One unmet expectation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    /// What was checked, such as `services.risk_management.priority`.
    pub what: String,
    /// Expected value.
    pub expected: String,
    /// Actual value.
    pub actual: String,
    /// The reasons behind the actual value, `text (file:line)`.
    pub trace: Vec<String>,
}

fn trace(reasons: &[Reason]) -> Vec<String> {
    reasons
        .iter()
        .map(|r| match &r.rule {
            Some(loc) => format!("{} ({loc})", r.text),
            None => format!("{} (host default)", r.text),
        })
        .collect()
}

pub(super) fn fail(
    what: String,
    expected: impl ToString,
    actual: impl ToString,
    reasons: &[Reason],
) -> Failure {
    Failure {
        what,
        expected: expected.to_string(),
        actual: actual.to_string(),
        trace: trace(reasons),
    }
}

impl Expect {
    /// Every unmet expectation on `rec` (empty when the case passes).
    pub fn check(&self, rec: &Recommendation) -> Vec<Failure> {
        let mut out = Vec::new();
        self.check_services(rec, &mut out);
        self.check_groups(rec, &mut out);
        self.check_profile(rec, &mut out);
        self.check_alerts(rec, &mut out);
        self.check_method(rec, &mut out);
        self.check_reasons(rec, &mut out);
        out
    }

    fn check_services(&self, rec: &Recommendation, out: &mut Vec<Failure>) {
        for (key, expect) in &self.services {
            let s = rec.service(*key);
            let detail = match expect {
                ServiceExpect::Priority(p) => ServiceDetail {
                    priority: Some(*p),
                    ..ServiceDetail::default()
                },
                ServiceExpect::Detail(d) => d.clone(),
            };
            let what = |f: &str| format!("services.{key}.{f}");
            if let Some(p) = detail.priority.filter(|p| *p != s.priority) {
                out.push(fail(
                    what("priority"),
                    p,
                    format!("{} (score {})", s.priority, s.score),
                    &s.reasons,
                ));
            }
            if let Some(h) = detail.horizon.filter(|h| *h != s.horizon) {
                out.push(fail(what("horizon"), h, s.horizon, &s.reasons));
            }
            if let Some(min) = detail.min_score.filter(|m| s.score < *m) {
                out.push(fail(
                    what("score"),
                    format!(">= {min}"),
                    s.score,
                    &s.reasons,
                ));
            }
            if let Some(p) = detail.not_priority.filter(|p| *p == s.priority) {
                out.push(fail(
                    what("priority"),
                    format!("not {p}"),
                    format!("{} (score {})", s.priority, s.score),
                    &s.reasons,
                ));
            }
            if let Some(b) = detail.borderline.filter(|b| *b != s.borderline) {
                out.push(fail(what("borderline"), b, s.borderline, &s.reasons));
            }
            let kinds: Vec<ActionKind> = s.actions.iter().map(|a| a.kind).collect();
            let shown = kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            for k in &detail.actions {
                if !kinds.contains(k) {
                    out.push(fail(what("actions"), k, &shown, &s.reasons));
                }
            }
            for k in &detail.no_actions {
                if kinds.contains(k) {
                    out.push(fail(what("actions"), format!("no {k}"), &shown, &s.reasons));
                }
            }
            if let Some(max) = detail.max_score.filter(|m| s.score > *m) {
                out.push(fail(
                    what("score"),
                    format!("<= {max}"),
                    s.score,
                    &s.reasons,
                ));
            }
        }
        if !self.org_top_outcomes.is_empty() {
            let actual: Vec<&str> = rec
                .outcomes
                .iter()
                .take(self.org_top_outcomes.len())
                .map(|o| o.outcome.as_str())
                .collect();
            let expected: Vec<&str> = self.org_top_outcomes.iter().map(|o| o.as_str()).collect();
            if actual != expected {
                let reasons: Vec<Reason> = rec
                    .outcomes
                    .iter()
                    .take(5)
                    .flat_map(|o| o.reasons.clone())
                    .collect();
                out.push(fail(
                    "org_top_outcomes".into(),
                    expected.join(", "),
                    actual.join(", "),
                    &reasons,
                ));
            }
        }
    }

    fn check_groups(&self, rec: &Recommendation, out: &mut Vec<Failure>) {
        let group = |g: &CustomerGroup| rec.groups.iter().find(|d| d.group == *g);
        for (g, approach) in &self.approaches {
            match group(g) {
                None => out.push(fail(
                    format!("approaches.{g}"),
                    approach,
                    "the group did not answer",
                    &[],
                )),
                Some(d) if d.approach != *approach => out.push(fail(
                    format!("approaches.{g}"),
                    approach,
                    d.approach,
                    &d.reasons,
                )),
                Some(_) => {}
            }
        }
        for (g, services) in &self.service_approaches {
            for (s, approach) in services {
                let what = format!("service_approaches.{g}.{s}");
                match group(g) {
                    None => out.push(fail(what, approach, "the group did not answer", &[])),
                    Some(d) => {
                        let actual = d
                            .service_approaches
                            .get(s)
                            .map_or("none (not selected)".to_string(), |a| a.to_string());
                        if actual != approach.as_str() {
                            let mut reasons = d.reasons.clone();
                            reasons.extend(rec.service(*s).reasons.iter().cloned());
                            out.push(fail(what, approach, actual, &reasons));
                        }
                    }
                }
            }
        }
        for (g, outcomes) in &self.top_outcomes {
            let expected: Vec<&str> = outcomes.iter().map(|o| o.as_str()).collect();
            let (actual, reasons) = match group(g) {
                None => (vec!["the group did not answer"], Vec::new()),
                Some(d) => (
                    d.top_outcomes
                        .iter()
                        .take(outcomes.len())
                        .map(|o| o.outcome.as_str())
                        .collect(),
                    d.top_outcomes
                        .iter()
                        .flat_map(|o| o.reasons.clone())
                        .collect(),
                ),
            };
            if actual != expected {
                out.push(fail(
                    format!("top_outcomes.{g}"),
                    expected.join(", "),
                    actual.join(", "),
                    &reasons,
                ));
            }
        }
    }

    fn check_profile(&self, rec: &Recommendation, out: &mut Vec<Failure>) {
        let p = &rec.profile;
        if let Some(c) = self
            .profile
            .coverage_scope
            .filter(|c| *c != p.coverage_scope)
        {
            out.push(fail(
                "profile.coverage_scope".into(),
                c,
                p.coverage_scope,
                &p.reasons,
            ));
        }
        if let Some(c) = self.profile.control_level.filter(|c| *c != p.control_level) {
            out.push(fail(
                "profile.control_level".into(),
                c,
                p.control_level,
                &p.reasons,
            ));
        }
        if let Some(l) = self.profile.lean.filter(|l| *l != p.lean) {
            out.push(fail("profile.lean".into(), l, p.lean, &p.reasons));
        }
        for label in &self.profile.labels {
            if !p.labels.contains(label) {
                out.push(fail(
                    "profile.labels".into(),
                    label,
                    p.labels.join(", "),
                    &p.reasons,
                ));
            }
        }
        for (category, share) in &self.profile.category_mix {
            let actual = match category.as_str() {
                "strategic" => p.category_mix.strategic,
                "tactical" => p.category_mix.tactical,
                "operational" => p.category_mix.operational,
                other => {
                    out.push(fail(
                        format!("profile.category_mix.{other}"),
                        "strategic, tactical or operational",
                        other,
                        &[],
                    ));
                    continue;
                }
            };
            if (actual - share).abs() > 0.01 {
                out.push(fail(
                    format!("profile.category_mix.{category}"),
                    share,
                    actual,
                    &p.reasons,
                ));
            }
        }
    }

    fn check_alerts(&self, rec: &Recommendation, out: &mut Vec<Failure>) {
        let raised: Vec<String> = rec
            .alerts
            .iter()
            .map(|a| match a.group {
                Some(g) => format!("{}:{}@{g}", a.level, a.code),
                None => format!("{}:{}", a.level, a.code),
            })
            .collect();
        let reasons: Vec<Reason> = rec.alerts.iter().map(|a| a.reason.clone()).collect();
        let shown = if raised.is_empty() {
            "no alerts".to_string()
        } else {
            raised.join(", ")
        };
        for pattern in &self.alerts {
            if !raised.iter().any(|r| alert_matches(pattern, r)) {
                out.push(fail("alerts".into(), pattern, &shown, &reasons));
            }
        }
        for code in &self.no_alerts {
            if raised.iter().any(|r| alert_matches(code, r)) {
                out.push(fail(
                    "no_alerts".into(),
                    format!("no {code}"),
                    &shown,
                    &reasons,
                ));
            }
        }
        if let Some(n) = self.alert_count.filter(|n| *n != raised.len()) {
            out.push(fail(
                "alert_count".into(),
                n,
                format!("{} ({shown})", raised.len()),
                &reasons,
            ));
        }
    }

    fn check_reasons(&self, rec: &Recommendation, out: &mut Vec<Failure>) {
        for expect in &self.reasons {
            let mut pool: Vec<&Reason> = Vec::new();
            let anywhere = expect.service.is_none()
                && expect.group.is_none()
                && !expect.profile
                && !expect.alert;
            let mut place = Vec::new();
            if let Some(s) = expect.service {
                pool.extend(&rec.service(s).reasons);
                pool.extend(rec.service(s).actions.iter().map(|a| &a.reason));
                place.push(format!("service {s}"));
            }
            if let Some(g) = expect.group {
                if let Some(d) = rec.groups.iter().find(|d| d.group == g) {
                    pool.extend(&d.reasons);
                    pool.extend(d.top_outcomes.iter().flat_map(|o| &o.reasons));
                }
                place.push(format!("group {g}"));
            }
            if expect.profile || anywhere {
                pool.extend(&rec.profile.reasons);
                place.push("profile".into());
            }
            if expect.alert || anywhere {
                pool.extend(rec.alerts.iter().map(|a| &a.reason));
                place.push("alerts".into());
            }
            if anywhere {
                pool.extend(rec.services.iter().flat_map(|s| &s.reasons));
                pool.extend(
                    rec.services
                        .iter()
                        .flat_map(|s| s.actions.iter().map(|a| &a.reason)),
                );
                pool.extend(rec.advice.iter().map(|a| &a.reason));
                pool.extend(rec.governance.iter().flat_map(|g| &g.reasons));
                pool.extend(rec.groups.iter().flat_map(|g| &g.reasons));
                pool.extend(rec.outcomes.iter().flat_map(|o| &o.reasons));
                place = vec!["any reason".into()];
            }
            if !pool.iter().any(|r| r.text.contains(&expect.contains)) {
                let shown: Vec<Reason> = pool.iter().take(12).map(|r| (*r).clone()).collect();
                out.push(fail(
                    format!("reasons ({})", place.join(", ")),
                    format!("a reason containing {:?}", expect.contains),
                    format!("{} reason(s), none matching", pool.len()),
                    &shown,
                ));
            }
        }
    }
}

/// `code`, `level:code`, `code@group` or `level:code@group` against `level:code[@group]`.
fn alert_matches(pattern: &str, raised: &str) -> bool {
    let (level_code, group) = raised
        .split_once('@')
        .map_or((raised, None), |(a, g)| (a, Some(g)));
    let (level, code) = level_code.split_once(':').unwrap_or(("", level_code));
    let (p_main, p_group) = pattern
        .split_once('@')
        .map_or((pattern, None), |(a, g)| (a, Some(g)));
    let (p_level, p_code) = p_main
        .split_once(':')
        .map_or((None, p_main), |(l, c)| (Some(l), c));
    p_code == code && p_level.is_none_or(|l| l == level) && p_group.is_none_or(|g| Some(g) == group)
}

#[cfg(test)]
#[path = "expect_tests.rs"]
mod tests;
