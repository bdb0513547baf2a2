//! The organizational baseline: strategy, culture and maturity, structure, industry profile.

use serde::{Deserialize, Serialize};

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

key_enum! {
    /// A field of the baseline survey: its canonical CSV column, its key in `org.baseline`
    /// (rules) and its field of [`Baseline`], in the order the docs list them. Every list of
    /// baseline fields (mapping config, rule lint, ingest, rules' view) derives from this one.
    pub enum BaselineField: "baseline field" {
        /// Display name.
        OrganizationName = "organization_name",
        /// Industry.
        Industry = "industry",
        /// Head count.
        Employees = "employees",
        /// Organizational project-management maturity, 1–5.
        PmMaturity = "pm_maturity",
        /// Structure.
        Structure = "structure",
        /// Intended PMO coverage.
        CoverageScope = "coverage_scope",
        /// Decision style.
        DecisionStyle = "decision_style",
        /// Risk tolerance, 1–5.
        RiskTolerance = "risk_tolerance",
        /// Readiness for change, 1–5.
        ChangeReadiness = "change_readiness",
        /// How regulated the work is, 1–5.
        RegulatoryIntensity = "regulatory_intensity",
        /// Contextual scenario.
        Scenario = "scenario",
        /// Whether a PMO exists today.
        ExistingPmo = "existing_pmo",
        /// The PMO's mandate.
        Mandate = "mandate",
        /// Outcomes the strategy names.
        StrategicOutcomes = "strategic_outcomes",
    }
}

/// What a baseline field's answers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A whole number (head count).
    Count,
    /// One of a closed set of keys, in canonical order.
    Category(&'static [&'static str]),
    /// A 1–5 scale.
    Scale,
    /// Yes or no.
    YesNo,
    /// A `;`-separated list of outcome keys.
    Outcomes,
}

impl BaselineField {
    /// The 1–5 scale fields, in field order (ingest keeps one histogram each).
    pub const SCALES: [BaselineField; 4] = [
        BaselineField::PmMaturity,
        BaselineField::RiskTolerance,
        BaselineField::ChangeReadiness,
        BaselineField::RegulatoryIntensity,
    ];

    /// What the field's answers are.
    pub const fn kind(self) -> FieldKind {
        match self {
            BaselineField::OrganizationName => FieldKind::Text,
            BaselineField::Employees => FieldKind::Count,
            BaselineField::Industry => FieldKind::Category(Industry::KEYS),
            BaselineField::Structure => FieldKind::Category(Structure::KEYS),
            BaselineField::CoverageScope => FieldKind::Category(CoverageScope::KEYS),
            BaselineField::DecisionStyle => FieldKind::Category(DecisionStyle::KEYS),
            BaselineField::Scenario => FieldKind::Category(Scenario::KEYS),
            BaselineField::Mandate => FieldKind::Category(Mandate::KEYS),
            BaselineField::PmMaturity
            | BaselineField::RiskTolerance
            | BaselineField::ChangeReadiness
            | BaselineField::RegulatoryIntensity => FieldKind::Scale,
            BaselineField::ExistingPmo => FieldKind::YesNo,
            BaselineField::StrategicOutcomes => FieldKind::Outcomes,
        }
    }
}

/// A baseline field on which the baseline respondents gave different answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
// Read back by history: a field added later reads as its default from older results.
#[serde(default)]
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

/// One baseline field's value, by what its answers are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// Free text.
    Text(Option<&'a str>),
    /// A whole number.
    Count(Option<u32>),
    /// A category's key.
    Key(Option<&'static str>),
    /// A 1–5 scale (a median, may be x.5).
    Scale(Option<f64>),
    /// Yes or no.
    YesNo(Option<bool>),
    /// Outcome keys.
    Outcomes(&'a [OutcomeKey]),
}

impl Baseline {
    /// The value of `field`.
    pub fn value(&self, field: BaselineField) -> FieldValue<'_> {
        match field {
            BaselineField::OrganizationName => FieldValue::Text(self.organization_name.as_deref()),
            BaselineField::Industry => FieldValue::Key(self.industry.map(Industry::as_str)),
            BaselineField::Employees => FieldValue::Count(self.employees),
            BaselineField::PmMaturity => FieldValue::Scale(self.pm_maturity),
            BaselineField::Structure => FieldValue::Key(self.structure.map(Structure::as_str)),
            BaselineField::CoverageScope => {
                FieldValue::Key(self.coverage_scope.map(CoverageScope::as_str))
            }
            BaselineField::DecisionStyle => {
                FieldValue::Key(self.decision_style.map(DecisionStyle::as_str))
            }
            BaselineField::RiskTolerance => FieldValue::Scale(self.risk_tolerance),
            BaselineField::ChangeReadiness => FieldValue::Scale(self.change_readiness),
            BaselineField::RegulatoryIntensity => FieldValue::Scale(self.regulatory_intensity),
            BaselineField::Scenario => FieldValue::Key(self.scenario.map(Scenario::as_str)),
            BaselineField::ExistingPmo => FieldValue::YesNo(self.existing_pmo),
            BaselineField::Mandate => FieldValue::Key(self.mandate.map(Mandate::as_str)),
            BaselineField::StrategicOutcomes => FieldValue::Outcomes(&self.strategic_outcomes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_list_is_every_scale_field() {
        let scales: Vec<BaselineField> = BaselineField::ALL
            .iter()
            .copied()
            .filter(|f| f.kind() == FieldKind::Scale)
            .collect();
        assert_eq!(scales, BaselineField::SCALES);
    }
}
