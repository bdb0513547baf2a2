//! The 26 common PMO services, their categories and domains.

use crate::key_enum;

key_enum! {
    /// One of the 26 common PMO services (S1–S26 in the domain reference).
    pub enum ServiceKey: "service" {
        /// S1.
        AdviceToExecutiveLevel = "advice_to_executive_level",
        /// S2.
        BenefitsRealizationManagement = "benefits_realization_management",
        /// S3.
        FosterProjectCulture = "foster_project_culture",
        /// S4.
        GovernanceOversight = "governance_oversight",
        /// S5.
        OrganizationalChangeManagement = "organizational_change_management",
        /// S6.
        PortfolioManagement = "portfolio_management",
        /// S7.
        StrategicPlanningSupport = "strategic_planning_support",
        /// S8.
        KnowledgeManagement = "knowledge_management",
        /// S9.
        MethodologiesAndFrameworksManagement = "methodologies_and_frameworks_management",
        /// S10.
        ResourceManagement = "resource_management",
        /// S11.
        SystemsAndToolsManagement = "systems_and_tools_management",
        /// S12.
        TrainingAndDevelopment = "training_and_development",
        /// S13.
        AuditAssessments = "audit_assessments",
        /// S14.
        ChangeControlManagement = "change_control_management",
        /// S15.
        CustomerRelationshipManagement = "customer_relationship_management",
        /// S16.
        DataAnalyticsAndReporting = "data_analytics_and_reporting",
        /// S17.
        IssueManagement = "issue_management",
        /// S18.
        MentoringAndCoaching = "mentoring_and_coaching",
        /// S19.
        PerformanceManagement = "performance_management",
        /// S20.
        ProgramManagement = "program_management",
        /// S21.
        ProjectManagement = "project_management",
        /// S22.
        ProjectSupportServices = "project_support_services",
        /// S23.
        QualityAssurance = "quality_assurance",
        /// S24.
        RiskManagement = "risk_management",
        /// S25.
        SpecializedServices = "specialized_services",
        /// S26.
        StakeholderEngagement = "stakeholder_engagement",
    }
}

impl ServiceKey {
    /// The service's number in the domain reference (S1 = 1).
    pub fn number(self) -> usize {
        self.index() + 1
    }
}

key_enum! {
    /// The three service categories, from organization-wide to single-project scope.
    pub enum ServiceCategory: "service category" {
        /// Executive level, whole organization, strategy and portfolio.
        Strategic = "strategic",
        /// Many programs or projects at once: standards, shared resources.
        Tactical = "tactical",
        /// One program, project or customer: day-to-day delivery support.
        Operational = "operational",
    }
}

key_enum! {
    /// The management domains a service applies to.
    pub enum Domain: "domain" {
        /// Portfolio management.
        Portfolio = "portfolio",
        /// Program management.
        Program = "program",
        /// Project management.
        Project = "project",
    }
}

key_enum! {
    /// How soon a service delivers perceived value (from the outcomes' perception horizons).
    pub enum Horizon: "horizon" {
        /// Short: a quick win, visible within a quarter or two.
        Short = "short",
        /// Medium.
        Medium = "medium",
        /// Long: structural, value shows over a year or more.
        Long = "long",
    }
}

key_enum! {
    /// The priority a recommendation gives a service.
    pub enum Priority: "priority" {
        /// Offer now; the customers' top needs depend on it.
        Must = "must",
        /// Offer soon.
        Should = "should",
        /// Offer when capacity allows.
        Could = "could",
        /// Not in this period's portfolio.
        NotNow = "not_now",
    }
}

impl Priority {
    /// Whether the service belongs to the selected portfolio (must, should or could).
    pub fn is_selected(self) -> bool {
        !matches!(self, Priority::NotNow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_round_trip_and_count_26() {
        assert_eq!(ServiceKey::COUNT, 26);
        for key in ServiceKey::ALL {
            assert_eq!(ServiceKey::parse(key.as_str()), Ok(*key));
        }
        assert_eq!(ServiceKey::RiskManagement.number(), 24);
    }

    #[test]
    fn unknown_key_lists_expected() {
        let err = Priority::parse("maybe").unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected a priority (must, should, could, not_now), found \"maybe\""
        );
    }
}
