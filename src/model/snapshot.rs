//! One organization's results for one period, as kept in history: what `diff`, `history`,
//! trends and `merge` compare across periods.
//!
//! A snapshot is read back from the JSON result a run wrote (`history::results` parses it), so
//! the results of this run and of earlier runs go through the same door: values are the
//! rounded ones the JSON carries, and a snapshot of this period equals the snapshot a later
//! run reads from disk. Maps are sorted by key, so iteration is deterministic.

use std::collections::BTreeMap;

use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::period::Period;
use crate::model::recommendation::{AlertLevel, ControlLevel};
use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};

/// Where a reason's rule is: file and line (column omitted: diffs compare lines).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleRef {
    /// Script or table path as shown to users.
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

/// A reason as the JSON keeps it: the sentence and, when a rule made it, where.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonSnapshot {
    /// Business-readable sentence.
    pub text: String,
    /// Rule location, `None` for host defaults.
    pub rule: Option<RuleRef>,
}

/// One service decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSnapshot {
    /// Display name.
    pub name: String,
    /// Category.
    pub category: ServiceCategory,
    /// Score (2 decimals).
    pub score: f64,
    /// Priority.
    pub priority: Priority,
    /// Score ÷ the top score (0–1, 4 decimals); `None` in results written before
    /// schema_version 2, which did not carry it.
    pub share: Option<f64>,
    /// Horizon.
    pub horizon: Horizon,
    /// Reasons, in the order the rules gave them.
    pub reasons: Vec<ReasonSnapshot>,
}

/// The baseline context the rules read beside maturity (change readiness, risk tolerance,
/// regulation, decision style, whether a PMO exists), as the JSON keeps it; all `None` when
/// no baseline was given. `diff` compares them so that a narrative names the input that moved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BaselineInputs {
    /// Readiness for change, 1–5.
    pub change_readiness: Option<f64>,
    /// Risk tolerance, 1–5.
    pub risk_tolerance: Option<f64>,
    /// Regulatory intensity, 1–5.
    pub regulatory_intensity: Option<f64>,
    /// Decision style key, such as `consensus`.
    pub decision_style: Option<String>,
    /// Whether a PMO exists today.
    pub existing_pmo: Option<bool>,
    /// The mandate key, such as `delegated`.
    pub mandate: Option<String>,
}

/// One customer group's results and survey aggregates.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSnapshot {
    /// Display name.
    pub name: String,
    /// Respondents.
    pub respondents: u32,
    /// Mean self-assessed PM maturity (2 decimals).
    pub pm_maturity: Option<f64>,
    /// Mean satisfaction (2 decimals).
    pub satisfaction: Option<f64>,
    /// Satisfaction answers, the n of `satisfaction` (0 in results that did not record it).
    pub satisfaction_answers: u32,
    /// Net Promoter Score (1 decimal).
    pub nps: Option<f64>,
    /// Recommendation answers, the n of `nps` (0 in results that did not record it).
    pub nps_answers: u32,
    /// Dominant approach.
    pub approach: Approach,
    /// Approach per selected service.
    pub service_approaches: BTreeMap<ServiceKey, Approach>,
    /// Reasons for the approach.
    pub reasons: Vec<ReasonSnapshot>,
}

/// The PMO profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSnapshot {
    /// Coverage scope.
    pub coverage_scope: CoverageScope,
    /// Control level.
    pub control_level: ControlLevel,
    /// Share of selected services per category (4 decimals), strategic/tactical/operational.
    pub category_mix: BTreeMap<ServiceCategory, f64>,
    /// Closest profile labels.
    pub labels: Vec<String>,
}

/// One alert.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSnapshot {
    /// Level.
    pub level: AlertLevel,
    /// Stable code, such as `low_satisfaction`.
    pub code: String,
    /// The group it concerns, if any.
    pub group: Option<CustomerGroup>,
    /// Reason sentence.
    pub text: String,
}

impl AlertSnapshot {
    /// Identity across periods: the same code for the same group is the same alert.
    pub fn identity(&self) -> (&str, Option<CustomerGroup>) {
        (&self.code, self.group)
    }
}

/// One category's service maturity, in percent of the top level (1 decimal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryMaturitySnapshot {
    /// Current %.
    pub current_percent: f64,
    /// Target %.
    pub target_percent: f64,
}

/// Row counts of the inputs behind a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowCounts {
    /// Rows read.
    pub read: u64,
    /// Rows used.
    pub used: u64,
    /// Rows rejected.
    pub rejected: u64,
}

/// The survey over all groups: respondents, mean satisfaction and NPS of every answer
/// (not a mean of group means).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Overall {
    /// Respondents.
    pub respondents: u32,
    /// Mean satisfaction (2 decimals).
    pub satisfaction: Option<f64>,
    /// Net Promoter Score (1 decimal).
    pub nps: Option<f64>,
}

/// One organization's results for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgSnapshot {
    /// Organization id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Period.
    pub period: Period,
    /// Rules version that produced it.
    pub rules_version: String,
    /// All groups together.
    pub overall: Overall,
    /// Baseline PM maturity (median of the baseline respondents), if a baseline was given.
    pub baseline_pm_maturity: Option<f64>,
    /// Baseline context beside maturity.
    pub baseline_inputs: BaselineInputs,
    /// Profile.
    pub profile: ProfileSnapshot,
    /// All services by key.
    pub services: BTreeMap<ServiceKey, ServiceSnapshot>,
    /// Groups that answered, by key.
    pub groups: BTreeMap<CustomerGroup, GroupSnapshot>,
    /// Alerts, most serious first.
    pub alerts: Vec<AlertSnapshot>,
    /// Service maturity per category, when assessed.
    pub category_maturity: BTreeMap<ServiceCategory, CategoryMaturitySnapshot>,
    /// Data-quality row counts.
    pub rows: RowCounts,
    /// Number of data-quality findings.
    pub findings: u64,
}

impl OrgSnapshot {
    /// Number of services at a priority.
    pub fn count(&self, priority: Priority) -> usize {
        self.services
            .values()
            .filter(|s| s.priority == priority)
            .count()
    }

    /// Respondents over all groups.
    pub fn respondents(&self) -> u32 {
        self.groups.values().map(|g| g.respondents).sum()
    }
}
