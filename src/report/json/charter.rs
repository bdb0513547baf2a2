//! Wire types of the draft PMO charter: owned data that serializes and deserializes, so the
//! charter chapter can be rebuilt from the JSON alone.

use serde::{Deserialize, Serialize};

/// The whole draft charter, in the order of its sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharterJson {
    /// Where the PMO wants the organization to be.
    pub vision: String,
    /// What the PMO does, for whom.
    pub mission: String,
    /// Why the PMO exists and for whom.
    pub mandate: MandateJson,
    /// Objectives, each with a baseline, a target, a date and a value-delivery measure.
    pub objectives: Vec<ObjectiveJson>,
    /// Who decides and when.
    pub governance: GovernanceJson,
    /// What the PMO offers and how it grows.
    pub strategy: StrategyJson,
    /// The must and should services.
    pub catalogue: Vec<CatalogueRowJson>,
    /// One service-level line per must service.
    pub service_levels: Vec<ServiceLevelJson>,
    /// PMO headcount and budget as ranges (our estimate).
    pub resources: ResourcesJson,
    /// The roles the charter creates.
    pub roles: Vec<RoleJson>,
    /// Who is responsible, accountable, consulted and informed, per key activity.
    pub raci: RaciJson,
    /// Perception and maturity measures with today's value and a target.
    pub success_measures: Vec<MeasureJson>,
    /// The note on how the success targets were set.
    pub success_note: String,
    /// When and how the charter is revisited.
    pub review: Vec<String>,
    /// The sign-off block.
    pub approval: ApprovalJson,
}

/// The mandate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MandateJson {
    /// Purpose.
    pub purpose: String,
    /// What the PMO may enforce.
    pub authority: String,
    /// Coverage scope.
    pub coverage_scope: String,
    /// What is in and out of scope.
    pub scope: String,
    /// Primary customer groups, largest first.
    pub primary_customers: Vec<String>,
}

/// One objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveJson {
    /// The outcome it pursues.
    pub objective: String,
    /// How much customers want it (`4.6/5`), or empty for an objective of our own.
    pub importance: String,
    /// The value-delivery measure.
    pub measure: String,
    /// Today's value, or "to be measured in the first quarter (…)".
    pub baseline: String,
    /// The target we propose.
    pub target: String,
    /// By when (a quarter).
    pub by: String,
}

/// Governance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GovernanceJson {
    /// Who sponsors.
    pub sponsor: String,
    /// Who decides what.
    pub decision_rights: String,
    /// How issues escalate.
    pub escalation: String,
    /// How often the PMO is steered and reviewed.
    pub cadence: String,
    /// Where it comes from.
    pub note: String,
}

/// Strategy: the phases in brief and the path to autonomy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyJson {
    /// One line per roadmap phase.
    pub phases: Vec<PhaseLineJson>,
    /// Per step toward autonomy: the groups on it, their approach now and the next one.
    pub autonomy: Vec<AutonomyJson>,
}

/// One phase of the roadmap in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseLineJson {
    /// `quick_wins`, `next` or `later`.
    pub phase: String,
    /// Its heading.
    pub label: String,
    /// The services that start in it.
    pub services: Vec<String>,
}

/// The path to autonomy of the groups on the same step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutonomyJson {
    /// The groups on this step, each with its PM maturity (`Project managers (2.4) and …`).
    pub group: String,
    /// The sentence.
    pub text: String,
}

/// One row of the initial service catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueRowJson {
    /// S-number.
    pub number: usize,
    /// Service name.
    pub service: String,
    /// Category.
    pub category: String,
    /// Priority.
    pub priority: String,
    /// Horizon.
    pub horizon: String,
    /// The quarter it starts (from the roadmap).
    pub starts: String,
}

/// The service level of one must service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevelJson {
    /// Service name.
    pub service: String,
    /// What the customers can count on.
    pub level: String,
}

/// Resources: our estimate of headcount and budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourcesJson {
    /// Low end of the PMO headcount (FTE), lead included.
    pub fte_low: f64,
    /// High end of the PMO headcount (FTE).
    pub fte_high: f64,
    /// The budget range, or why none is given.
    pub budget: String,
    /// How the estimate was made.
    pub basis: String,
    /// Per service counted.
    pub services: Vec<ServiceEffortJson>,
}

/// One service's share of the headcount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceEffortJson {
    /// Service name (or "PMO lead").
    pub service: String,
    /// Low FTE after scaling.
    pub fte_low: f64,
    /// High FTE after scaling.
    pub fte_high: f64,
    /// The scaling applied, in words.
    pub scaling: String,
}

/// One role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleJson {
    /// The role.
    pub role: String,
    /// Who takes it.
    pub who: String,
    /// What it answers for.
    pub responsibilities: String,
}

/// The RACI summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaciJson {
    /// The roles (columns).
    pub roles: Vec<String>,
    /// The key activities (rows).
    pub rows: Vec<RaciRowJson>,
}

/// One activity of the RACI summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaciRowJson {
    /// The activity.
    pub activity: String,
    /// One letter code per role (`R`, `A`, `C`, `I`, `A/R`).
    pub assignments: Vec<String>,
}

/// One success measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureJson {
    /// The measure.
    pub measure: String,
    /// Today's value.
    pub today: String,
    /// The target.
    pub target: String,
}

/// The sign-off block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalJson {
    /// What signing means.
    pub statement: String,
    /// The signatories' roles, in signing order.
    pub signatories: Vec<String>,
}
