//! Two small tables of ours that turn the charter's promises into something checkable: the
//! value-delivery measure of each outcome (what a sponsor can count, not only what customers
//! feel), and the service level of each service (what its customers can count on).
//!
//! They are proposals to agree with the customer groups, labelled as ours in the charter;
//! none carries a figure the survey does not give, except the proposed targets.

use crate::model::outcome::OutcomeKey;
use crate::model::service::ServiceKey;

/// The value-delivery measure of an outcome and the target we propose for it.
pub(super) fn value_measure(outcome: OutcomeKey) -> (&'static str, &'static str) {
    use OutcomeKey::*;
    match outcome {
        SkilledResourcesAvailability => {
            ("open project roles filled within 30 days", "8 in 10 roles")
        }
        OrgChangeManagement => (
            "changes whose adoption milestones were met",
            "3 in 4 changes",
        ),
        ControlOverProjectTeams => (
            "projects with named owners and a current plan",
            "9 in 10 projects",
        ),
        RolesAndResponsibilities => (
            "projects with an agreed responsibility matrix",
            "9 in 10 projects",
        ),
        ProjectPrioritization => (
            "new projects approved through the prioritization process",
            "all new projects",
        ),
        QualityOfResults => (
            "deliverables accepted at first review",
            "8 in 10 deliverables",
        ),
        TalentManagement => ("project managers retained over the year", "9 in 10"),
        KnowledgeTransfer => (
            "closed projects with lessons recorded and reused",
            "8 in 10 projects",
        ),
        DecisionMaking => (
            "steering decisions taken on current portfolio data",
            "all major decisions",
        ),
        ProjectCustomerExperience => (
            "project customers rating the delivery 4/5 or more",
            "7 in 10 customers",
        ),
        ResourceManagement => (
            "people allocated above 100% across projects",
            "fewer than 1 in 10",
        ),
        StrategicAlignment => (
            "portfolio spend linked to a strategic objective",
            "9 in 10 of spend",
        ),
        CrossAreaIntegration => (
            "cross-area projects with a joint plan and owner",
            "all such projects",
        ),
        HigherRoi => (
            "projects whose business case was checked after delivery",
            "3 in 4 projects",
        ),
        InformationAvailability => (
            "project status available in one place",
            "all active projects",
        ),
        CollaborationCommunication => (
            "projects with an agreed communication plan",
            "9 in 10 projects",
        ),
        CommitmentToResults => (
            "projects with benefits owned by a named executive",
            "9 in 10 projects",
        ),
        BudgetManagement => (
            "projects within 10% of their approved budget",
            "8 in 10 projects",
        ),
        ProjectCustomerRelationships => (
            "project customers who would work with the PMO again",
            "8 in 10 customers",
        ),
        PerformanceManagement => (
            "projects reporting performance against agreed measures",
            "all active projects",
        ),
        SuccessRates => (
            "projects delivered to scope, time and budget tolerances",
            "7 in 10 projects",
        ),
        InformationReliability => ("status reports that pass a data check", "9 in 10 reports"),
        StakeholderEngagement => (
            "projects with a current stakeholder map",
            "9 in 10 projects",
        ),
        OrganizationalLearning => (
            "recurring issues that a lesson learned addressed",
            "half of them",
        ),
        ProjectProductivity => (
            "time spent on PMO paperwork per project manager",
            "down by a quarter",
        ),
        ProgressVisibility => (
            "projects with a status update less than a month old",
            "all active projects",
        ),
        ForecastingAccuracy => (
            "projects finishing within 10% of their forecast date",
            "3 in 4 projects",
        ),
        RiskExposureReduction => (
            "top risks with an owner and a current response",
            "all top risks",
        ),
        GovernanceCompliance => (
            "audit or regulatory findings closed on time",
            "all findings",
        ),
        ShorterLifeCycle => ("median time from approval to delivery", "down by a tenth"),
    }
}

/// What a service's customers can count on: its proposed service level.
pub(super) fn service_level(service: ServiceKey) -> &'static str {
    use ServiceKey::*;
    match service {
        AdviceToExecutiveLevel => "a portfolio briefing before every executive meeting; advice on request within 5 working days",
        BenefitsRealizationManagement => "every approved project has benefit measures and owners; benefits reported every quarter",
        FosterProjectCulture => "a community session every month; an annual project-culture survey",
        GovernanceOversight => "gate decisions within 10 working days of a complete request; every decision recorded",
        OrganizationalChangeManagement => "a change impact assessment for every major change before it is approved",
        PortfolioManagement => "the portfolio reviewed every month; every new request assessed within 15 working days",
        StrategicPlanningSupport => "the portfolio checked against the strategy in every planning cycle",
        KnowledgeManagement => "lessons of every closed project published within 20 working days",
        MethodologiesAndFrameworksManagement => "the method tailored to three sizes of work; changes published with 30 days' notice",
        ResourceManagement => "resource requests answered within 5 working days; conflicts escalated within a week",
        SystemsAndToolsManagement => "tools available 99% of working hours; access requests served within 2 working days",
        TrainingAndDevelopment => "every new project manager trained within their first quarter",
        AuditAssessments => "every project in scope assessed once a year; findings reported within 10 working days",
        ChangeControlManagement => "change requests assessed within 5 working days, decisions recorded",
        CustomerRelationshipManagement => "a named contact for every project customer; concerns answered within 2 working days",
        DataAnalyticsAndReporting => "one consolidated status report every month, issued within 5 working days of month end",
        IssueManagement => "every escalated issue has an owner within 2 working days",
        MentoringAndCoaching => "a mentor for every new project manager within a month of request",
        PerformanceManagement => "project performance reviewed against agreed measures every month",
        ProgramManagement => "program status and dependencies reviewed every two weeks",
        ProjectManagement => "a project manager assigned within 10 working days of approval",
        ProjectSupportServices => "planning and coordination help scheduled within 3 working days of request",
        QualityAssurance => "a quality review of key deliverables before each gate; findings within 5 working days",
        RiskManagement => "top risks reviewed every month; a critical risk escalated within 2 working days",
        SpecializedServices => "a specialist assigned within 10 working days of an approved request",
        StakeholderEngagement => "a stakeholder map and engagement plan for every major project at start",
    }
}
