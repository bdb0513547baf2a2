//! The customer groups a PMO serves.

use crate::key_enum;

key_enum! {
    /// One of the 7 typical PMO customer groups.
    pub enum CustomerGroup: "customer group" {
        /// Project managers.
        ProjectManager = "project_manager",
        /// Program managers.
        ProgramManager = "program_manager",
        /// Portfolio managers.
        PortfolioManager = "portfolio_manager",
        /// Executives and senior management.
        Executive = "executive",
        /// Project team members.
        ProjectTeamMember = "project_team_member",
        /// Functional managers and teams.
        FunctionalManager = "functional_manager",
        /// External partners and clients.
        ExternalPartner = "external_partner",
    }
}
