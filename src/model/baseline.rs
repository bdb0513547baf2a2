//! The organizational baseline: strategy, culture and maturity, structure, industry profile.

use serde::Serialize;

use crate::key_enum;
use crate::model::outcome::OutcomeKey;

key_enum! {
    /// The organization's industry.
    pub enum Industry: "industry" {
        /// Construction.
        Construction = "construction",
        /// Energy.
        Energy = "energy",
        /// Financial services.
        FinancialServices = "financial_services",
        /// Government.
        Government = "government",
        /// Healthcare.
        Healthcare = "healthcare",
        /// Information technology.
        It = "it",
        /// Manufacturing.
        Manufacturing = "manufacturing",
        /// Any other industry.
        Other = "other",
    }
}

key_enum! {
    /// Where project authority sits.
    pub enum Structure: "structure" {
        /// Functional managers hold authority.
        Functional = "functional",
        /// Authority is shared.
        Matrix = "matrix",
        /// Project managers hold authority.
        Projectized = "projectized",
    }
}

key_enum! {
    /// How much of the organization the PMO covers.
    pub enum CoverageScope: "coverage scope" {
        /// The whole enterprise.
        Enterprise = "enterprise",
        /// A department or division.
        Divisional = "divisional",
        /// One program or project.
        ProgramProject = "program_project",
    }
}

key_enum! {
    /// How decisions are made.
    pub enum DecisionStyle: "decision style" {
        /// By consensus.
        Consensus = "consensus",
        /// From the top down.
        TopDown = "top_down",
    }
}

key_enum! {
    /// The contextual scenario the PMO and organization are in (PMO Value Ring).
    pub enum Scenario: "scenario" {
        /// A PMO is being considered.
        Potential = "potential",
        /// A PMO is starting.
        Kickoff = "kickoff",
        /// The PMO is growing.
        Growing = "growing",
        /// The PMO is thriving.
        Thriving = "thriving",
        /// Processes unused, complaints, not invited to key meetings.
        Crisis = "crisis",
        /// Losing executive support and customers.
        Decline = "decline",
        /// The PMO is collapsing.
        Collapse = "collapse",
        /// The PMO is recovering.
        Resurgence = "resurgence",
    }
}

key_enum! {
    /// The authority the PMO's mandate gives it (the Value Ring's "why": purpose and authority).
    pub enum Mandate: "mandate" {
        /// No formal mandate yet.
        NoMandate = "none",
        /// Mandated to advise and support; authority stays with line management.
        Advisory = "advisory",
        /// Executives delegated authority to the PMO on its processes (gates, standards,
        /// portfolio intake); decision rights stay with executives.
        Delegated = "delegated",
    }
}

/// A baseline field on which the baseline respondents gave different answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    /// The baseline column.
    pub field: String,
    /// Each distinct answer with how many respondents gave it, most frequent first.
    pub answers: Vec<(String, u32)>,
    /// The value kept (median or most frequent).
    pub chosen: String,
}

/// One organization's baseline, aggregated over its baseline respondents: the median for
/// scales, the most frequent answer for categories (ties go to the first in key order).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Baseline {
    /// Display name.
    pub organization_name: Option<String>,
    /// Industry.
    pub industry: Option<Industry>,
    /// Head count.
    pub employees: Option<u32>,
    /// Organizational project-management maturity, 1–5 (median, may be x.5).
    pub pm_maturity: Option<f64>,
    /// Structure.
    pub structure: Option<Structure>,
    /// Intended PMO coverage.
    pub coverage_scope: Option<CoverageScope>,
    /// Decision style.
    pub decision_style: Option<DecisionStyle>,
    /// Risk tolerance, 1–5.
    pub risk_tolerance: Option<f64>,
    /// Readiness for change, 1–5.
    pub change_readiness: Option<f64>,
    /// How regulated the work is, 1–5.
    pub regulatory_intensity: Option<f64>,
    /// Contextual scenario.
    pub scenario: Option<Scenario>,
    /// Whether a PMO exists today.
    pub existing_pmo: Option<bool>,
    /// The authority the PMO's mandate gives it, when stated.
    pub mandate: Option<Mandate>,
    /// Outcomes the organization's strategy names (kept when at least half of the respondents
    /// who answered named them), in catalog order.
    pub strategic_outcomes: Vec<OutcomeKey>,
    /// Baseline respondents aggregated.
    pub respondents: u32,
    /// Fields the respondents disagreed on.
    pub disagreements: Vec<Disagreement>,
}
