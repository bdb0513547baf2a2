#!/usr/bin/env python3
"""Writes the bundled sample under data/sample/: fictional but realistic canonical CSV input for
three organizations over three consecutive quarters. The current period, 2026-Q3, is
data/sample/*.csv (with a few deliberate data problems and a Qualtrics-style copy); the two
earlier periods, 2026-Q1 and 2026-Q2, are data/sample/<period>/*.csv, so that `run`, `diff`
and the report's trends have a history to show.

Deterministic: our own SplitMix64 (not Python's `random`, whose algorithms may change between
versions) seeded with one constant per period (each period draws from its own stream, so
changing an earlier period never moves 2026-Q3's bytes), fixed row order, '\\n' line endings.
Running it twice gives the same bytes. The files are committed, so nobody needs to run this;
rerun it only to change the sample, then review the diff and the snapshots that depend on it.

Python 3 standard library only. It must not read anything but data/catalog/outcomes.csv (for the
sanity summary it prints and the Qualtrics copy's question labels) and must not write outside data/sample/.

Usage: python3 scripts/make_sample.py [--check]
  --check  regenerate in memory and fail if the committed files differ
"""

import csv
import io
import math
import os
import sys

SEED = 0x5EED_2026_03
MASK = (1 << 64) - 1
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "data", "sample")
PERIOD = "2026-Q3"


class SplitMix64:
    """The same generator as benches/synth.rs, so both are easy to reason about."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next_u64() >> 11) / float(1 << 53)

    def below(self, n):
        return self.next_u64() % n

    def noise(self):
        # Sum of four uniforms, rescaled to mean 0 and standard deviation 1: bell-shaped
        # without math.gauss, whose algorithm is not ours to pin.
        return (sum(self.uniform() for _ in range(4)) - 2.0) * math.sqrt(3.0)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


# The outcome columns the survey asked: 26 of the 30 (a realistic questionnaire leaves some out).
OUTCOMES_ASKED = [
    "skilled_resources_availability",
    "org_change_management",
    "control_over_project_teams",
    "roles_and_responsibilities",
    "project_prioritization",
    "quality_of_results",
    "talent_management",
    "knowledge_transfer",
    "decision_making",
    "resource_management",
    "strategic_alignment",
    "cross_area_integration",
    "higher_roi",
    "collaboration_communication",
    "commitment_to_results",
    "budget_management",
    "project_customer_relationships",
    "success_rates",
    "information_reliability",
    "stakeholder_engagement",
    "organizational_learning",
    "progress_visibility",
    "forecasting_accuracy",
    "risk_exposure_reduction",
    "governance_compliance",
    "shorter_life_cycle",
]

# How much each group leans toward or away from an outcome, whatever the organization.
GROUP_LEAN = {
    "executive": {"strategic_alignment": 0.5, "higher_roi": 0.5, "decision_making": 0.4,
                  "project_prioritization": 0.3, "commitment_to_results": 0.3,
                  "control_over_project_teams": -0.3, "progress_visibility": 0.2},
    "portfolio_manager": {"project_prioritization": 0.5, "strategic_alignment": 0.4,
                          "resource_management": 0.4, "higher_roi": 0.3,
                          "information_reliability": 0.3},
    "program_manager": {"cross_area_integration": 0.4, "stakeholder_engagement": 0.3,
                        "success_rates": 0.3, "org_change_management": 0.3},
    "project_manager": {"forecasting_accuracy": 0.4, "resource_management": 0.4,
                        "roles_and_responsibilities": 0.3, "budget_management": 0.3,
                        "skilled_resources_availability": 0.3},
    "project_team_member": {"collaboration_communication": 0.5, "roles_and_responsibilities": 0.4,
                            "knowledge_transfer": 0.3, "talent_management": 0.3,
                            "higher_roi": -0.5, "strategic_alignment": -0.4},
    "functional_manager": {"resource_management": 0.5, "skilled_resources_availability": 0.4,
                           "cross_area_integration": 0.3, "control_over_project_teams": -0.2},
    "external_partner": {"project_customer_relationships": 0.6, "stakeholder_engagement": 0.4,
                         "progress_visibility": 0.4, "talent_management": -0.8,
                         "organizational_learning": -0.5},
}

# Questions a group often leaves blank (not its business), with the chance of a blank.
GROUP_SKIPS = {
    "external_partner": {"talent_management": 0.5, "skilled_resources_availability": 0.4,
                         "organizational_learning": 0.4, "control_over_project_teams": 0.5},
    "executive": {"control_over_project_teams": 0.25, "forecasting_accuracy": 0.15},
}
BLANK_CHANCE = 0.06

ORGS = [
    {
        "id": "northwind-health",
        "prefix_units": ["Cardiology", "Emergency Medicine", "Radiology", "IT Services",
                         "Facilities", "Finance", "Nursing"],
        # Regulated, low maturity, PMO in crisis: governance, risk, method and training needs.
        "importance": {
            "governance_compliance": 4.7, "risk_exposure_reduction": 4.6,
            "roles_and_responsibilities": 4.4, "quality_of_results": 4.5, "success_rates": 4.2,
            "control_over_project_teams": 4.0, "skilled_resources_availability": 4.6,
            "talent_management": 4.4, "forecasting_accuracy": 3.8,
            "information_reliability": 3.9, "budget_management": 3.5, "knowledge_transfer": 3.9,
            "organizational_learning": 3.8, "decision_making": 3.4, "progress_visibility": 3.6,
            "stakeholder_engagement": 3.3, "collaboration_communication": 3.4,
            "resource_management": 3.5, "shorter_life_cycle": 2.8, "strategic_alignment": 2.8,
            "higher_roi": 2.4, "project_prioritization": 3.0, "commitment_to_results": 3.0,
            "cross_area_integration": 3.0, "org_change_management": 3.2,
            "project_customer_relationships": 2.6,
        },
        "groups": {"project_manager": 18, "functional_manager": 14, "project_team_member": 16,
                   "executive": 8, "program_manager": 7, "portfolio_manager": 3,
                   "external_partner": 4},
        "maturity": 2.0,
        "maturity_lean": {"project_manager": 0.6, "program_manager": 0.5,
                          "project_team_member": -0.3, "functional_manager": -0.3},
        "satisfaction": 2.3,
        "nps": 5.4,
        "comments": [
            "Too many templates; nobody tells us which one applies to clinical projects.",
            "The PMO feels like bureaucracy: gate reviews add weeks, not value.",
            "We failed part of the last accreditation audit on documentation. Help with compliance, please!",
            "Risk logs exist, but nobody reads them until something goes wrong.",
            "I was made a project manager with no training, no mentor and no method.",
            'The "standard" methodology is a 60-page PDF from 2019.',
            "Roles on the EHR upgrade were unclear: three people thought they owned go-live.",
            "Reporting is inconsistent, each department counts differently.",
            "Please stop asking for status in four different spreadsheets.",
            "The PMO is not invited to the steering meetings anymore.",
            "Budget overruns on the imaging project were a surprise to everyone.",
            "Need clear escalation paths for patient-safety risks.",
            "Good people in the PMO, but overstretched.",
            "Two things:\n1) a single intake process; 2) real training for new PMs.",
        ],
        "comment_chance": 0.3,
    },
    {
        "id": "lumen-software",
        "prefix_units": ["Platform", "Payments", "Mobile", "Data & AI", "Customer Success"],
        # Mature, projectized, thriving: strategy, benefits, portfolio and knowledge needs.
        "importance": {
            "strategic_alignment": 4.7, "higher_roi": 4.5, "project_prioritization": 4.5,
            "commitment_to_results": 4.1, "decision_making": 4.4, "knowledge_transfer": 4.4,
            "organizational_learning": 4.5, "cross_area_integration": 4.0,
            "org_change_management": 3.6, "resource_management": 3.7,
            "collaboration_communication": 3.5, "progress_visibility": 3.1,
            "information_reliability": 3.3, "stakeholder_engagement": 3.2,
            "skilled_resources_availability": 3.2, "talent_management": 3.4, "success_rates": 2.9,
            "quality_of_results": 2.6, "forecasting_accuracy": 2.6, "budget_management": 2.3,
            "governance_compliance": 1.7, "risk_exposure_reduction": 2.3,
            "roles_and_responsibilities": 2.0, "control_over_project_teams": 1.5,
            "shorter_life_cycle": 3.6, "project_customer_relationships": 3.0,
        },
        "groups": {"project_manager": 14, "program_manager": 8, "portfolio_manager": 8,
                   "executive": 8, "project_team_member": 16, "external_partner": 6},
        "maturity": 4.0,
        "maturity_lean": {"project_manager": 0.3, "project_team_member": -0.3,
                          "external_partner": -0.6},
        "satisfaction": 4.1,
        "nps": 8.6,
        "comments": [
            "We ship fast but can't tell which initiatives moved the revenue needle.",
            "Portfolio reviews should stop more projects, not just add them.",
            "Lessons learned go into the wiki and die there.",
            "Love the PMO's lightweight approach, keep it that way.",
            'Please don\'t add "gates" - we have enough ceremony.',
            "Benefits tracking after launch is basically nonexistent.",
            "Hard to see how my squad's work maps to the OKRs.",
            "Great coaching on roadmapping, more of that.",
            "Prioritization between Payments and Platform is still political.",
            "Cross-team dependencies, again, are the main source of delay.",
            "Would like a searchable library of past retros.",
            "Executive updates are good; the data behind them, less so.",
        ],
        "comment_chance": 0.25,
    },
    {
        "id": "harbor-construction",
        "prefix_units": ["Civil Works", "Commercial Buildings", "Site Operations", "Procurement"],
        # Mid maturity, a PMO kicking off for programs: cost, schedule and visibility needs.
        "importance": {
            "budget_management": 4.7, "forecasting_accuracy": 4.5, "progress_visibility": 4.6,
            "resource_management": 4.3, "shorter_life_cycle": 4.2, "stakeholder_engagement": 4.0,
            "project_customer_relationships": 4.2, "success_rates": 4.0,
            "control_over_project_teams": 3.6, "quality_of_results": 3.9,
            "risk_exposure_reduction": 3.8, "information_reliability": 3.8,
            "roles_and_responsibilities": 3.5, "governance_compliance": 3.3,
            "collaboration_communication": 3.6, "skilled_resources_availability": 3.5,
            "decision_making": 3.2, "project_prioritization": 3.0, "strategic_alignment": 2.5,
            "higher_roi": 3.0, "knowledge_transfer": 2.8, "organizational_learning": 2.6,
            "talent_management": 2.9, "cross_area_integration": 2.8,
            "org_change_management": 2.3, "commitment_to_results": 3.1,
        },
        "groups": {"project_manager": 12, "project_team_member": 10, "executive": 5,
                   "external_partner": 8, "functional_manager": 5},
        "maturity": 3.0,
        "maturity_lean": {"project_manager": 0.4, "project_team_member": -0.4},
        "satisfaction": 3.3,
        "nps": 7.3,
        "comments": [
            "We need one schedule view across all sites, updated weekly.",
            "Change orders take too long to approve, and cost us, every time.",
            "Forecasts are done in spreadsheets by each PM, differently.",
            "The client asked for a single point of contact; we gave them five.",
            'The "lookahead" plan is the only thing crews trust.',
            "Subcontractor progress is invisible until the monthly meeting.",
            "Good start with the PMO kickoff, let's keep the momentum.",
            "Resource clashes between the harbour job and the hospital job.",
            "Cost reports arrive after the money is spent.",
        ],
        "comment_chance": 0.3,
    },
]

BASELINE_HEADER = ["organization", "organization_name", "industry", "employees", "pm_maturity",
                   "structure", "coverage_scope", "decision_style", "risk_tolerance",
                   "change_readiness", "regulatory_intensity", "scenario", "existing_pmo",
                   "mandate", "strategic_outcomes"]
# Method v2's columns, the same in every period: the PMO's mandate and the strategy's own
# outcomes (Northwind names alignment, which its customers rank low: the strategy conflict).
STATED = {
    "northwind-health": ["delegated", "governance_compliance;strategic_alignment"],
    "lumen-software": ["advisory", "strategic_alignment;higher_roi"],
    "harbor-construction": ["none", "budget_management;forecasting_accuracy"],
}
BASELINE_ROWS = [
    # Four executives; the chief information officer rates risk tolerance 4 where the others
    # say 2: the one deliberate disagreement (median stays 2).
    ["northwind-health", "Northwind Health System", "healthcare", "8400", "2", "matrix",
     "enterprise", "top_down", "2", "2", "5", "crisis", "yes"],
    ["northwind-health", "Northwind Health System", "healthcare", "8400", "2", "matrix",
     "enterprise", "top_down", "4", "2", "5", "crisis", "yes"],
    ["northwind-health", "Northwind Health System", "healthcare", "8400", "2", "matrix",
     "enterprise", "top_down", "2", "2", "5", "crisis", "yes"],
    ["northwind-health", "Northwind Health System", "healthcare", "8400", "2", "matrix",
     "enterprise", "top_down", "2", "2", "5", "crisis", "yes"],
    ["lumen-software", "Lumen Software", "it", "1250", "4", "projectized", "divisional",
     "consensus", "4", "4", "2", "thriving", "yes"],
    ["lumen-software", "Lumen Software", "it", "1250", "4", "projectized", "divisional",
     "consensus", "4", "4", "2", "thriving", "yes"],
    ["lumen-software", "Lumen Software", "it", "1250", "4", "projectized", "divisional",
     "consensus", "4", "4", "2", "thriving", "yes"],
    ["harbor-construction", "Harbor Construction Group", "construction", "3100", "3",
     "functional", "program_project", "top_down", "3", "3", "4", "kickoff", "no"],
    ["harbor-construction", "Harbor Construction Group", "construction", "3100", "3",
     "functional", "program_project", "top_down", "3", "3", "4", "kickoff", "no"],
    ["harbor-construction", "Harbor Construction Group", "construction", "3100", "3",
     "functional", "program_project", "top_down", "3", "3", "4", "kickoff", "no"],
]
BASELINE_ROWS = [row + STATED[row[0]] for row in BASELINE_ROWS]

# Northwind's own assessment of its PMO services: low today, and a target that is the right
# level for a regulated hospital group, not 5 everywhere.
SERVICE_MATURITY = [
    ("advice_to_executive_level", 2, 3), ("benefits_realization_management", 1, 2),
    ("foster_project_culture", 1, 3), ("governance_oversight", 1, 4),
    ("organizational_change_management", 2, 3), ("portfolio_management", 1, 2),
    ("strategic_planning_support", 2, 2), ("knowledge_management", 1, 3),
    ("methodologies_and_frameworks_management", 2, 4), ("resource_management", 2, 3),
    ("systems_and_tools_management", 2, 3), ("training_and_development", 1, 4),
    ("audit_assessments", 1, 4), ("change_control_management", 2, 3),
    ("customer_relationship_management", 2, 2), ("data_analytics_and_reporting", 2, 3),
    ("issue_management", 2, 3), ("mentoring_and_coaching", 1, 3),
    ("performance_management", 2, 3), ("program_management", 1, 2),
    ("project_management", 2, 2), ("project_support_services", 3, 3),
    ("quality_assurance", 2, 4), ("risk_management", 1, 4), ("specialized_services", 2, 2),
    ("stakeholder_engagement", 2, 3),
]

# The two quarters before 2026-Q3, as changes to the 2026-Q3 descriptions above (ORGS,
# BASELINE_ROWS, SERVICE_MATURITY). The story the history should tell:
# - Northwind's PMO climbs out of its crisis: after the failed accreditation audit (Q1) the
#   questions are governance, control and reliable information; as an intake process, a method
#   and training arrive, people's own PM maturity, satisfaction and NPS rise quarter over
#   quarter, its services' self-assessed maturity rises, and the groups with no delivery
#   capacity in Q1 (team members, functional managers: controlling, the PMO runs delivery) get
#   a directive approach, one step toward autonomy, by Q3.
# - Lumen reorganizes into product lines in Q2: roles, integration and change management
#   matter more, change readiness drops (its approaches lose the step toward autonomy), and
#   satisfaction and NPS dip; by Q3 they recover.
# - Harbor kicks its PMO off: in Q1 its executives rate the organization's PM maturity 2 (so
#   method, training and mentoring rise), functional managers losing their people to site
#   clashes give a critical NPS that eases in Q2 and is gone by Q3, and too few executives and
#   functional managers answer in Q1; maturity, satisfaction and NPS rise.
# Each period draws its respondents from its own stream, and only Q2 has a data problem.
EARLIER_PERIODS = {
    "2026-Q1": {
        "seed": 0x5EED_2026_01,
        "orgs": {
            "northwind-health": {
                "groups": {"project_manager": 15, "functional_manager": 12,
                           "project_team_member": 13, "executive": 7, "program_manager": 6,
                           "portfolio_manager": 3, "external_partner": 3},
                "maturity": 1.6,
                "maturity_lean": {"project_manager": 0.5, "program_manager": 0.4,
                                  "project_team_member": -0.4, "functional_manager": -0.4},
                "satisfaction": 1.7,
                "nps": 4.3,
                "importance_change": {"governance_compliance": 0.2, "risk_exposure_reduction": 0.3,
                                      "control_over_project_teams": 0.6,
                                      "information_reliability": 0.7, "budget_management": 0.6,
                                      "progress_visibility": 0.6,
                                      "skilled_resources_availability": -0.7,
                                      "talent_management": -0.9, "knowledge_transfer": -0.6,
                                      "organizational_learning": -0.7},
                "comments": [
                    "We failed part of the accreditation audit on documentation. Who owns the fix?",
                    "Nobody can tell me which projects are actually running.",
                    "Status reports are late, inconsistent and nobody trusts the numbers.",
                    "The imaging project overran its budget by 40% and we found out last.",
                    "Risk logs exist, but nobody reads them until something goes wrong.",
                    "I only hear from the PMO when a report is late.",
                    "Please: one list of projects, one owner each.",
                    "Gate reviews are a formality; decisions happen elsewhere.",
                ],
                "comment_chance": 0.25,
            },
            "lumen-software": {
                "groups": {"project_manager": 13, "program_manager": 7, "portfolio_manager": 7,
                           "executive": 7, "project_team_member": 15, "external_partner": 6},
                "maturity": 3.9,
                "satisfaction": 4.0,
                "nps": 8.4,
                "importance_change": {"shorter_life_cycle": 0.4, "higher_roi": -0.2},
                "comments": [
                    "The quarterly planning day worked well, keep it.",
                    "We still can't say which launches paid off.",
                    "Love the PMO's lightweight approach, keep it that way.",
                    "Dependency board is great, when people update it.",
                    "More coaching on OKRs, please.",
                    "Portfolio reviews should stop more projects, not just add them.",
                ],
                "comment_chance": 0.2,
            },
            "harbor-construction": {
                "groups": {"project_manager": 10, "project_team_member": 8, "executive": 4,
                           "external_partner": 6, "functional_manager": 4},
                "maturity": 2.6,
                "satisfaction": 2.7,
                "nps": 7.0,
                "nps_lean": {"functional_manager": -2.0, "external_partner": -0.4},
                "satisfaction_lean": {"functional_manager": -0.5},
                "importance_change": {"resource_management": 0.5, "risk_exposure_reduction": 0.4,
                                      "roles_and_responsibilities": 0.6,
                                      "skilled_resources_availability": 0.9,
                                      "talent_management": 1.4, "knowledge_transfer": 0.9,
                                      "shorter_life_cycle": -0.6, "stakeholder_engagement": -0.5,
                                      "project_customer_relationships": -0.4},
                "comments": [
                    "Every site plans its own way; nothing adds up at head office.",
                    "My best foremen get pulled onto whichever job shouts loudest.",
                    "Cost reports arrive after the money is spent.",
                    "Who is the PMO? I heard about it in an email.",
                    "Resource clashes between the harbour job and the hospital job.",
                    "We need a basic method before we need dashboards.",
                    "New project managers learn on the job, from whoever has time.",
                ],
                "comment_chance": 0.3,
            },
        },
        "baseline": {
            # Three executives answered; none disagrees yet.
            "northwind-health": {"rows": 3, "pm_maturity": "1", "risk_tolerance": "2",
                                 "change_readiness": "1"},
            "harbor-construction": {"pm_maturity": "2", "change_readiness": "2"},
        },
        "service_maturity": {
            "advice_to_executive_level": 1, "organizational_change_management": 1,
            "methodologies_and_frameworks_management": 1, "systems_and_tools_management": 1,
            "change_control_management": 1, "data_analytics_and_reporting": 1,
            "issue_management": 1, "performance_management": 1, "project_support_services": 2,
            "quality_assurance": 1, "stakeholder_engagement": 1, "resource_management": 1,
        },
        "problems": [],
    },
    "2026-Q2": {
        "seed": 0x5EED_2026_02,
        "orgs": {
            "northwind-health": {
                "groups": {"project_manager": 17, "functional_manager": 13,
                           "project_team_member": 15, "executive": 8, "program_manager": 6,
                           "portfolio_manager": 3, "external_partner": 4},
                "maturity": 1.8,
                "maturity_lean": {"project_manager": 0.6, "program_manager": 0.5,
                                  "portfolio_manager": 0.3, "project_team_member": -0.3,
                                  "functional_manager": -0.3},
                "satisfaction": 2.0,
                "nps": 4.9,
                "importance_change": {"governance_compliance": 0.1, "risk_exposure_reduction": 0.1,
                                      "control_over_project_teams": 0.3,
                                      "information_reliability": 0.3, "budget_management": 0.3,
                                      "progress_visibility": 0.3,
                                      "skilled_resources_availability": -0.3,
                                      "talent_management": -0.4, "knowledge_transfer": -0.3,
                                      "organizational_learning": -0.3},
                "comments": [
                    "The new intake form is a start; now tell us what happens after we submit.",
                    "Training for new PMs was announced. When does it start?",
                    "The documentation checklist got us through the audit follow-up.",
                    "Still four different status spreadsheets.",
                    "Escalation paths for patient-safety risks are finally written down.",
                    "Too many templates; nobody tells us which one applies to clinical projects.",
                    "The PMO lead came to our department meeting, which helped.",
                ],
                "comment_chance": 0.25,
            },
            "lumen-software": {
                "groups": {"project_manager": 15, "program_manager": 8, "portfolio_manager": 8,
                           "executive": 8, "project_team_member": 17, "external_partner": 6},
                "maturity": 3.8,
                "maturity_lean": {"project_manager": 0.3, "project_team_member": -0.3,
                                  "external_partner": -0.3},
                "satisfaction": 3.3,
                "nps": 7.2,
                "nps_lean": {"project_team_member": -0.6, "external_partner": -0.4},
                "importance_change": {"roles_and_responsibilities": 1.2,
                                      "org_change_management": 1.0,
                                      "cross_area_integration": 0.6,
                                      "collaboration_communication": 0.9,
                                      "stakeholder_engagement": 0.5, "higher_roi": -0.4,
                                      "strategic_alignment": -0.3},
                "comments": [
                    "Since the reorg nobody knows who approves cross-squad work.",
                    "The product-line reshuffle broke our roadmap twice this quarter.",
                    "The PMO went quiet during the reorg, exactly when we needed it.",
                    "Please bring back the monthly portfolio review.",
                    "Half my squad changed; onboarding them was on us.",
                    "Our account team changed twice; we had to re-explain the project each time.",
                    "Cross-team dependencies, again, are the main source of delay.",
                ],
                "comment_chance": 0.3,
            },
            "harbor-construction": {
                "groups": {"project_manager": 11, "project_team_member": 9, "executive": 5,
                           "external_partner": 7, "functional_manager": 5},
                "maturity": 2.8,
                "satisfaction": 3.0,
                "nps": 7.1,
                "importance_change": {"resource_management": 0.3, "risk_exposure_reduction": 0.2,
                                      "roles_and_responsibilities": 0.3,
                                      "skilled_resources_availability": 0.4,
                                      "talent_management": 0.4, "knowledge_transfer": 0.3,
                                      "shorter_life_cycle": -0.3, "stakeholder_engagement": -0.2},
                "comments": [
                    "Good start with the PMO kickoff, let's keep the momentum.",
                    "The weekly resource call stopped most of the clashes.",
                    "Forecasts are done in spreadsheets by each PM, differently.",
                    "Change orders take too long to approve, and cost us, every time.",
                    "Subcontractor progress is invisible until the monthly meeting.",
                ],
                "comment_chance": 0.3,
            },
        },
        "baseline": {
            "northwind-health": {"pm_maturity": "2", "risk_tolerance": "2",
                                 "change_readiness": "2"},
            # Reorganization fatigue: no longer "high" change readiness.
            "lumen-software": {"change_readiness": "3"},
        },
        "service_maturity": {
            "organizational_change_management": 1, "systems_and_tools_management": 1,
            "change_control_management": 1, "performance_management": 1,
            "quality_assurance": 1,
        },
        # One small problem, as real exports have: a half point typed into a whole-number answer.
        "problems": [("lumen-software", "program_manager", 10, "satisfaction", "3.5",
                      "not a whole number (1-5)")],
    },
}

def scale(rng, mean, sd, low, high):
    return max(low, min(high, int(round(mean + sd * rng.noise()))))


def make_respondents(rng, orgs):
    """One dict per respondent, organizations interleaved as a survey export orders them."""
    rows = []
    for org in orgs:
        comments = list(org["comments"])
        rng.shuffle(comments)
        for group, count in org["groups"].items():
            lean = GROUP_LEAN[group]
            skips = GROUP_SKIPS.get(group, {})
            for _ in range(count):
                row = {"organization": org["id"], "customer_group": group}
                units = org["prefix_units"]
                row["business_unit"] = "" if rng.uniform() < 0.1 else units[rng.below(len(units))]
                mat = org["maturity"] + org["maturity_lean"].get(group, 0.0)
                row["pm_maturity"] = str(scale(rng, mat, 0.7, 1, 5))
                for key in OUTCOMES_ASKED:
                    blank = skips.get(key, BLANK_CHANCE)
                    mean = org["importance"][key] + lean.get(key, 0.0)
                    value = scale(rng, mean, 0.8, 1, 5)
                    row["outcome." + key] = "" if rng.uniform() < blank else str(value)
                # The group leans are empty in 2026-Q3; x + 0.0 == x, so its stream is untouched.
                sat = org["satisfaction"] + org.get("satisfaction_lean", {}).get(group, 0.0)
                nps = org["nps"] + org.get("nps_lean", {}).get(group, 0.0)
                row["satisfaction"] = "" if rng.uniform() < 0.05 else str(scale(rng, sat, 0.9, 1, 5))
                row["nps"] = "" if rng.uniform() < 0.05 else str(scale(rng, nps, 1.6, 0, 10))
                take = comments and rng.uniform() < org["comment_chance"]
                row["comment"] = comments.pop() if take else ""
                rows.append(row)
        # Every prepared comment appears once (the quoted and multi-line ones must be there).
        for row in reversed([r for r in rows if r["organization"] == org["id"]]):
            if not comments:
                break
            if not row["comment"]:
                row["comment"] = comments.pop()
    rng.shuffle(rows)
    for number, row in enumerate(rows):
        row["respondent_id"] = "R%04d" % (1001 + number)
    return rows


def find(rows, org, group, start):
    """Index of the first row at or after `start` from this organization and group."""
    for i in range(start, len(rows)):
        if rows[i]["organization"] == org and rows[i]["customer_group"] == group:
            return i
    raise SystemExit("sample: no %s %s row after %d" % (org, group, start))


def plant_problems(rows):
    """The deliberate data problems; returns (row index, column, value, what) for the README."""
    planted = []

    def plant(index, column, value, what):
        rows[index][column] = value
        planted.append((index, column, value, what))

    plant(find(rows, "northwind-health", "project_manager", 10), "pm_maturity", "6",
          "out of range (1-5)")
    plant(find(rows, "lumen-software", "executive", 20), "nps", "11", "out of range (0-10)")
    plant(find(rows, "northwind-health", "functional_manager", 40), "customer_group",
          "clinical_lead", "unknown customer group")
    i = find(rows, "harbor-construction", "project_manager", 60)
    plant(i, "pm_maturity", "", "blank answer (missing, not an error)")
    plant(i, "satisfaction", "", "blank answer (missing, not an error)")
    plant(find(rows, "harbor-construction", "external_partner", 80),
          "outcome.progress_visibility", "very high", "not a number (1-5)")
    # A re-submitted answer sheet: same respondent id as an earlier row, different answers.
    first = find(rows, "lumen-software", "project_team_member", 30)
    dup = find(rows, "lumen-software", "project_team_member", 120)
    plant(dup, "respondent_id", rows[first]["respondent_id"],
          "duplicate respondent id (first used on row %d)" % (first + 2))
    return planted


def write_csv(header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


# The Qualtrics-style copy of the customer survey (customers_qualtrics.csv): the same answers
# as a Qualtrics "Data & Analysis" CSV export with "use choice text", three header rows (export
# tags, question text, ImportId JSON) and metadata columns. No randomness: derived from the
# canonical rows, so both files always hold the same respondents in the same order.
# data/sample/qualtrics-mapping.toml reads it back onto the canonical model.
QUALTRICS_GROUPS = {
    "project_manager": "Project Manager", "program_manager": "Program Manager",
    "portfolio_manager": "Portfolio Manager", "executive": "Executive / Senior Management",
    "project_team_member": "Project Team Member", "functional_manager": "Functional Manager",
    "external_partner": "External Partner / Client",
}
QUALTRICS_MATURITY = ["1 - Initial", "2 - Repeatable", "3 - Defined", "4 - Managed",
                      "5 - Optimizing"]
QUALTRICS_IMPORTANCE = ["Not at all important", "Slightly important", "Moderately important",
                        "Very important", "Extremely important"]
QUALTRICS_SATISFACTION = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied",
                          "Satisfied", "Very satisfied"]


def choice(labels, value):
    """A 1-5 answer as its choice text; anything else (blank, planted problems) stays raw."""
    return labels[int(value) - 1] if value in ("1", "2", "3", "4", "5") else value


def qualtrics_export(rows):
    meta = [("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Berlin"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Berlin"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}')]
    questions = [("Q1", "What is your role in relation to the PMO?", "QID1"),
                 ("Q2", "Which business unit do you work in?", "QID2_TEXT"),
                 ("Q3", "How mature is project management in your area?", "QID3")]
    with open(os.path.join(ROOT, "data", "catalog", "outcomes.csv"), newline="") as f:
        names = {rec["key"]: rec["name"] for rec in csv.DictReader(f)}
    questions += [("Q4_%d" % (i + 1), "How important is each outcome to you? - %s" % names[key],
                   "QID4_%d" % (i + 1)) for i, key in enumerate(OUTCOMES_ASKED)]
    questions += [("Q5", "Overall, how satisfied are you with the PMO?", "QID5"),
                  ("Q6", "How likely are you to recommend the PMO to a colleague?", "QID6"),
                  ("Q7", "Anything else you would like to tell the PMO?", "QID7_TEXT")]
    embedded = [("organization", "organization", '{"ImportId":"organization"}')]
    columns = meta + [(t, l, '{"ImportId":"%s"}' % q) for t, l, q in questions] + embedded
    out = [[c[0] for c in columns], [c[1] for c in columns], [c[2] for c in columns]]
    for n, r in enumerate(rows):
        minute = 9 * 60 + 7 * n
        start = "2026-07-%02d %02d:%02d:00" % (1 + n // 60, 8 + (minute // 60) % 10, minute % 60)
        end = start[:-2] + "41"
        record = [start, end, "IP Address", "100", "True", r["respondent_id"],
                  QUALTRICS_GROUPS.get(r["customer_group"], r["customer_group"].replace("_", " ").title()),
                  r["business_unit"], choice(QUALTRICS_MATURITY, r["pm_maturity"])]
        record += [choice(QUALTRICS_IMPORTANCE, r["outcome." + k]) for k in OUTCOMES_ASKED]
        record += [choice(QUALTRICS_SATISFACTION, r["satisfaction"]), r["nps"], r["comment"],
                   r["organization"]]
        out.append(record)
    return write_csv(out[0], out[1:])


def summary(rows):
    """Prints respondents per organization and group, and a naive service ranking (our
    formula: sum over outcomes of mean importance x link) so a human can see that the
    organizations differ before the real rules run."""
    links = {}
    with open(os.path.join(ROOT, "data", "catalog", "outcomes.csv"), newline="") as f:
        for rec in csv.DictReader(f):
            links[rec["key"]] = rec["services"].split(";")
    for org in ORGS:
        mine = [r for r in rows if r["organization"] == org["id"]]
        groups = {}
        for r in mine:
            groups[r["customer_group"]] = groups.get(r["customer_group"], 0) + 1
        means = {}
        for key in OUTCOMES_ASKED:
            vals = [int(r["outcome." + key]) for r in mine if r["outcome." + key].isdigit()]
            means[key] = sum(vals) / len(vals)
        centre = sum(means.values()) / len(means)
        raw, centred = {}, {}
        for key, mean in means.items():
            for service in links[key]:
                raw[service] = raw.get(service, 0.0) + mean
                centred[service] = centred.get(service, 0.0) + mean - centre
        print("%s: %d respondents %s" % (org["id"], len(mine), sorted(groups.items())),
              file=sys.stderr)
        for label, score in (("sum", raw), ("sum above the mean", centred)):
            top = sorted(score, key=lambda s: (-score[s], s))[:8]
            print("  top services by %s: %s" % (label, ", ".join(top)), file=sys.stderr)


def orgs_in(spec):
    """The organizations as an earlier period saw them: ORGS with that period's changes."""
    orgs = []
    for org in ORGS:
        change = dict(spec["orgs"].get(org["id"], {}))
        merged = dict(org)
        shift = change.pop("importance_change", {})
        merged["importance"] = {k: min(5.0, v + shift.get(k, 0.0))
                                for k, v in org["importance"].items()}
        merged.update(change)
        orgs.append(merged)
    return orgs


def baseline_rows_in(spec):
    """BASELINE_ROWS with an earlier period's answers: the same columns, some values (and
    how many executives answered) changed; nobody disagrees unless the change says so."""
    rows = []
    for org in ORGS:
        mine = [list(r) for r in BASELINE_ROWS if r[0] == org["id"]]
        change = dict(spec["baseline"].get(org["id"], {}))
        mine = mine[:change.pop("rows", len(mine))]
        for row in mine:
            for field, value in change.items():
                row[BASELINE_HEADER.index(field)] = value
        rows += mine
    return rows


def plant_listed(rows, problems):
    """An earlier period's few listed problems: (organization, group, start, column, value, what)."""
    planted = []
    for org, group, start, column, value, what in problems:
        index = find(rows, org, group, start)
        rows[index][column] = value
        planted.append((index, column, value, what))
    return planted


def build_period(period):
    """(rows, header, planted, files) of one period; files maps a path under data/sample/ to
    its text. 2026-Q3 is the original sample, written exactly as before earlier periods existed."""
    header = (["respondent_id", "organization", "customer_group", "business_unit", "pm_maturity"]
              + ["outcome." + k for k in OUTCOMES_ASKED] + ["satisfaction", "nps", "comment"])
    maturity_header = ["organization", "service", "current_level", "target_level"]
    if period == PERIOD:
        rng = SplitMix64(SEED)
        rows = make_respondents(rng, ORGS)
        planted = plant_problems(rows)
        baseline = BASELINE_ROWS
        levels = SERVICE_MATURITY
        prefix = ""
    else:
        spec = EARLIER_PERIODS[period]
        rng = SplitMix64(spec["seed"])
        rows = make_respondents(rng, orgs_in(spec))
        planted = plant_listed(rows, spec["problems"])
        baseline = baseline_rows_in(spec)
        levels = [(s, spec["service_maturity"].get(s, c), t) for s, c, t in SERVICE_MATURITY]
        prefix = period + "/"
    customers = write_csv(header, [[r[c] for c in header] for r in rows])
    maturity = write_csv(maturity_header,
                         [["northwind-health", s, str(c), str(t)] for s, c, t in levels])
    files = {prefix + "customers.csv": customers,
             prefix + "baseline.csv": write_csv(BASELINE_HEADER, baseline),
             prefix + "service_maturity.csv": maturity}
    if period == PERIOD:
        files["customers_qualtrics.csv"] = qualtrics_export(rows)
    return rows, header, planted, files


def main():
    periods = sorted(EARLIER_PERIODS) + [PERIOD]
    built = {period: build_period(period) for period in periods}
    files = {name: text for period in periods for name, text in built[period][3].items()}
    if "--check" in sys.argv[1:]:
        stale = []
        for name, text in files.items():
            path = os.path.join(OUT_DIR, name)
            if not os.path.exists(path) or open(path, newline="").read() != text:
                stale.append(name)
        if stale:
            raise SystemExit("sample out of date: %s (run scripts/make_sample.py)" % stale)
        return
    for name, text in files.items():
        path = os.path.join(OUT_DIR, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="") as f:
            f.write(text)
    for period in periods:
        rows, header, planted, _ = built[period]
        folder = "customers.csv" if period == PERIOD else period + "/customers.csv"
        print("== %s (%s)" % (period, folder), file=sys.stderr)
        summary(rows)
        print("deliberate problems in %s (row as a spreadsheet shows it, header = 1):" % folder,
              file=sys.stderr)
        for index, column, value, what in planted:
            print("  row %d, column %d %s = %r: %s" % (index + 2, header.index(column) + 1,
                                                     column, value, what), file=sys.stderr)


if __name__ == "__main__":
    main()
