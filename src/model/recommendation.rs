//! What the rules decide for one organization: the contract between `rules` and `report`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::key_enum;
use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::decision::Reason;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;
use crate::model::roadmap::Roadmap;
use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};

/// How much an outcome matters (to a group, or to the organization overall).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomePriority {
    /// The outcome.
    pub outcome: OutcomeKey,
    /// Priority on the 1–5 importance scale (weighted where groups are weighted).
    pub priority: f64,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// The decision on one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceDecision {
    /// The service.
    pub key: ServiceKey,
    /// Its category (copied from the catalog for readers of the JSON).
    pub category: ServiceCategory,
    /// Score (our formula: Σ outcome priority × link, plus baseline adjustments).
    pub score: f64,
    /// Priority.
    pub priority: Priority,
    /// How soon it delivers perceived value.
    pub horizon: Horizon,
    /// Its score as a share of the top score (0–1), the quantity the priority cut-offs read.
    pub share: f64,
    /// The share lies within the rules' margin of a priority cut-off: a small change in the
    /// answers could move it to the neighbouring priority.
    pub borderline: bool,
    /// Actions on the service beside its priority: improve its delivery, or simplify it.
    pub actions: Vec<ServiceAction>,
    /// Why, in the order the rules gave them.
    pub reasons: Vec<Reason>,
}

key_enum! {
    /// An action on a service beside its priority.
    pub enum ActionKind: "service action" {
        /// Improve how the service is delivered (a maturity gap on a service in demand).
        Improve = "improve",
        /// Simplify or tailor the service (customers report process burden).
        Simplify = "simplify",
    }
}

/// One action recommended on a service, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceAction {
    /// What to do.
    pub kind: ActionKind,
    /// Why.
    pub reason: Reason,
}

/// The charter's governance as the rules chose it: who sponsors, who decides, how issues
/// escalate and how often the PMO is reviewed, each fitted to size, scope and scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Governance {
    /// Who sponsors the PMO.
    pub sponsor: String,
    /// Who decides what.
    pub decision_rights: String,
    /// How an issue escalates, and how fast.
    pub escalation: String,
    /// How often the PMO is steered and reviewed.
    pub cadence: String,
    /// Why, with the rule location.
    pub reasons: Vec<Reason>,
}

/// A step the rules advise before or beside the services (a health check, re-engaging
/// customers, building readiness…), with a stable code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    /// Stable snake_case code chosen by the rule, such as `health_check`.
    pub code: String,
    /// The advice and its rule location.
    pub reason: Reason,
}

/// The decisions for one customer group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDecision {
    /// The group.
    pub group: CustomerGroup,
    /// The dominant approach for this group.
    pub approach: Approach,
    /// The approach per selected service.
    pub service_approaches: BTreeMap<ServiceKey, Approach>,
    /// The group's outcomes by priority, highest first (at most five).
    pub top_outcomes: Vec<OutcomePriority>,
    /// Why.
    pub reasons: Vec<Reason>,
}

key_enum! {
    /// How much control the recommended PMO exercises overall.
    pub enum ControlLevel: "control level" {
        /// Low control: templates, training, advice.
        Supportive = "supportive",
        /// Moderate to high: enforces frameworks, oversees risks and changes.
        Controlling = "controlling",
        /// High: manages projects directly.
        Directive = "directive",
    }
}

key_enum! {
    /// Which category the recommended portfolio leans toward, against the catalog's own shares.
    pub enum Lean: "category lean" {
        /// Leans strategic.
        Strategic = "strategic",
        /// Leans tactical.
        Tactical = "tactical",
        /// Leans operational.
        Operational = "operational",
        /// No clear lean: a hybrid mix.
        Balanced = "balanced",
    }
}

/// Shares of the selected services per category (fractions summing to 1, or all 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CategoryMix {
    /// Strategic share.
    pub strategic: f64,
    /// Tactical share.
    pub tactical: f64,
    /// Operational share.
    pub operational: f64,
}

impl CategoryMix {
    /// The share of one category.
    pub fn share(&self, category: ServiceCategory) -> f64 {
        match category {
            ServiceCategory::Strategic => self.strategic,
            ServiceCategory::Tactical => self.tactical,
            ServiceCategory::Operational => self.operational,
        }
    }
}

/// The recommended PMO profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// Coverage scope.
    pub coverage_scope: CoverageScope,
    /// Category mix of the selected services.
    pub category_mix: CategoryMix,
    /// Control level.
    pub control_level: ControlLevel,
    /// The category the portfolio leans toward (priority-weighted, against the catalog).
    pub lean: Lean,
    /// Closest traditional PMO labels (an aid only).
    pub labels: Vec<String>,
    /// Why.
    pub reasons: Vec<Reason>,
}

key_enum! {
    /// How serious an alert is; `--fail-on` compares against it.
    pub enum AlertLevel: "alert level" {
        /// For information.
        Info = "info",
        /// Needs attention.
        Warning = "warning",
        /// Needs action before the recommendations can be trusted or applied.
        Critical = "critical",
    }
}

/// Something the PMO lead must know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Level.
    pub level: AlertLevel,
    /// Stable snake_case code chosen by the rule, such as `low_satisfaction`.
    pub code: String,
    /// The group concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<CustomerGroup>,
    /// Message and rule location.
    pub reason: Reason,
}

/// Everything the rules decided for one organization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The organization.
    pub organization: OrganizationId,
    /// Organization-wide outcome priorities, highest first.
    pub outcomes: Vec<OutcomePriority>,
    /// All 26 services, in S1–S26 order.
    pub services: Vec<ServiceDecision>,
    /// One entry per customer group that answered, in group order.
    pub groups: Vec<GroupDecision>,
    /// The profile.
    pub profile: Profile,
    /// Alerts, most serious first, then in the order raised.
    pub alerts: Vec<Alert>,
    /// Steps advised before or beside the services, in the order given.
    pub advice: Vec<Advice>,
    /// The governance the rules chose for the charter, if they chose one.
    pub governance: Option<Governance>,
    /// Outcomes no respondent rated: they carry no evidence either way.
    pub unasked_outcomes: Vec<OutcomeKey>,
    /// The selected services sequenced by phase and quarter (`rules::roadmap`, after the
    /// scripts).
    pub roadmap: Roadmap,
    /// Where the bands of the rules' maturity table (`approach_by_maturity`) start, lowest
    /// first, for the charter's path to autonomy; empty when the rules have no such table.
    #[serde(skip)]
    pub maturity_bands: Vec<f64>,
}

impl Recommendation {
    /// The decision on one service.
    pub fn service(&self, key: ServiceKey) -> &ServiceDecision {
        &self.services[key.index()]
    }

    /// The most serious alert level raised, if any.
    pub fn worst_alert(&self) -> Option<AlertLevel> {
        self.alerts.iter().map(|a| a.level).max()
    }
}
