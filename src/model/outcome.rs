//! The 30 outcomes customers want from a PMO.

use crate::key_enum;

key_enum! {
    /// One of the 30 outcomes in the domain reference (O1–O30).
    pub enum OutcomeKey: "outcome" {
        /// Better availability of skilled resources (O1).
        SkilledResourcesAvailability = "skilled_resources_availability",
        /// Better organizational change management (O2).
        OrgChangeManagement = "org_change_management",
        /// Better control over project teams (O3).
        ControlOverProjectTeams = "control_over_project_teams",
        /// Better definition of roles and responsibilities (O4).
        RolesAndResponsibilities = "roles_and_responsibilities",
        /// Better project prioritization (O5).
        ProjectPrioritization = "project_prioritization",
        /// Better quality of project results (O6).
        QualityOfResults = "quality_of_results",
        /// Better talent management (O7).
        TalentManagement = "talent_management",
        /// Effective knowledge transfer (O8).
        KnowledgeTransfer = "knowledge_transfer",
        /// Enhanced decision-making (O9).
        DecisionMaking = "decision_making",
        /// Enhanced project customer experience (O10).
        ProjectCustomerExperience = "project_customer_experience",
        /// Enhanced resource management (O11).
        ResourceManagement = "resource_management",
        /// Greater alignment with strategic objectives (O12).
        StrategicAlignment = "strategic_alignment",
        /// Greater integration among organizational areas (O13).
        CrossAreaIntegration = "cross_area_integration",
        /// Higher return on investment (O14).
        HigherRoi = "higher_roi",
        /// Improved availability of information (O15).
        InformationAvailability = "information_availability",
        /// Improved collaboration and communication (O16).
        CollaborationCommunication = "collaboration_communication",
        /// Improved organizational commitment to results (O17).
        CommitmentToResults = "commitment_to_results",
        /// Improved project budget management (O18).
        BudgetManagement = "budget_management",
        /// Improved project customer relationships (O19).
        ProjectCustomerRelationships = "project_customer_relationships",
        /// Improved performance management (O20).
        PerformanceManagement = "performance_management",
        /// Improved success rates (O21).
        SuccessRates = "success_rates",
        /// Improved reliability of information provided (O22).
        InformationReliability = "information_reliability",
        /// Improved stakeholder engagement (O23).
        StakeholderEngagement = "stakeholder_engagement",
        /// Increased organizational learning (O24).
        OrganizationalLearning = "organizational_learning",
        /// Increased productivity on projects (O25).
        ProjectProductivity = "project_productivity",
        /// Increased visibility of project progress (O26).
        ProgressVisibility = "progress_visibility",
        /// More accurate project forecasting (O27).
        ForecastingAccuracy = "forecasting_accuracy",
        /// Reduction of risk exposure (O28).
        RiskExposureReduction = "risk_exposure_reduction",
        /// Stronger governance and compliance (O29).
        GovernanceCompliance = "governance_compliance",
        /// Reduction of project life cycle (O30).
        ShorterLifeCycle = "shorter_life_cycle",
    }
}

impl OutcomeKey {
    /// The outcome's number in the domain reference (O1 = 1).
    pub fn number(self) -> usize {
        self.index() + 1
    }
}

key_enum! {
    /// When customers perceive an outcome's value: short, medium or long term, or a span.
    pub enum PerceptionHorizon: "perception horizon" {
        /// Short term.
        S = "S",
        /// Short to medium term.
        SM = "S-M",
        /// Medium term.
        M = "M",
        /// Medium to long term.
        ML = "M-L",
        /// Long term.
        L = "L",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_outcomes() {
        assert_eq!(OutcomeKey::COUNT, 30);
        assert_eq!(OutcomeKey::ShorterLifeCycle.number(), 30);
        assert_eq!(PerceptionHorizon::parse("m-l"), Ok(PerceptionHorizon::ML));
    }
}
