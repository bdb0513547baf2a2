//! The organizational baseline, the Value Ring's second ring: strategy, culture and maturity,
//! structure and industry profile, plus the contextual scenario — each with what it implies
//! for the PMO.
//!
//! The implications are our reading of the domain reference, written here in our own words;
//! the rules decide, this section explains the context they decided in.

use crate::model::baseline::{
    Baseline, CoverageScope, DecisionStyle, Industry, Mandate, Scenario, Structure,
};
use crate::model::catalog::Catalog;
use crate::model::survey::OrganizationInput;
use crate::report::build::{capitalize, col, num, section};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table};

fn scale_band(v: f64) -> &'static str {
    if v < 2.5 {
        "low"
    } else if v < 3.5 {
        "moderate"
    } else {
        "high"
    }
}

/// What the contextual scenario asks of the PMO.
pub(super) fn scenario_implication(s: Scenario) -> &'static str {
    match s {
        Scenario::Potential => "Make the case first: show which outcomes a PMO would improve and who would sponsor it.",
        Scenario::Kickoff => "Start small and visible: a few quick-win services and clear sponsorship before building more.",
        Scenario::Growing => "Add services in phases as demand grows, and keep measuring whether customers notice the value.",
        Scenario::Thriving => "Protect what works, raise the maturity of the services customers value most, and give mature groups more autonomy.",
        Scenario::Crisis => "Win back trust quickly: secure executive support, stop unused processes and deliver quick wins before expanding.",
        Scenario::Decline => "Re-engage sponsors and customers: refocus on the outcomes they rate highest and cut low-value activity.",
        Scenario::Collapse => "Rebuild from the mandate: agree purpose and sponsor again before offering services.",
        Scenario::Resurgence => "Consolidate the recovery: keep the quick wins going while rebuilding the longer-term services.",
    }
}

fn industry_implication(i: Industry) -> &'static str {
    match i {
        Industry::Energy | Industry::Healthcare | Industry::Government | Industry::FinancialServices => {
            "Regulated, high-consequence work: governance, audit, risk and quality services weigh more, and some work warrants a controlling approach whatever the maturity."
        }
        Industry::Construction => "Large capital projects with schedule and cost exposure: project controls, risk and change control matter most.",
        Industry::It => "Fast, iterative delivery: light standards, tooling and reporting help more than heavy gates.",
        Industry::Manufacturing => "Operational continuity and process discipline: standard methods, resource management and quality matter.",
        Industry::Other => "No industry-specific emphasis: the customers' outcomes drive the portfolio.",
    }
}

/// The baseline table: aspect, what the baseline says, what it implies for the PMO.
pub(super) fn baseline_rows(
    b: &Baseline,
    catalog: &Catalog,
) -> Vec<(String, String, String, String)> {
    let mut rows = Vec::new();
    let mut add = |ring: &str, aspect: &str, value: String, implication: String| {
        rows.push((ring.to_string(), aspect.to_string(), value, implication));
    };
    if let Some(scope) = b.coverage_scope {
        let short = match scope {
            CoverageScope::Enterprise => "Enterprise",
            CoverageScope::Divisional => "Division",
            CoverageScope::ProgramProject => "Program or project",
        };
        add("Strategy", "Intended coverage", short.to_string(), match scope {
            CoverageScope::Enterprise => "The PMO serves the whole organization: portfolio alignment with strategy and executive advice come into scope.",
            CoverageScope::Divisional => "The PMO serves one division: its portfolio and standards stay local, with links to the rest of the organization.",
            CoverageScope::ProgramProject => "The PMO serves one program or project: delivery support and controls come before portfolio services.",
        }.to_string());
    }
    if !b.strategic_outcomes.is_empty() {
        let names: Vec<&str> = b
            .strategic_outcomes
            .iter()
            .map(|o| catalog.outcome(*o).name.as_str())
            .collect();
        add(
            "Strategy",
            "Stated strategy",
            names.join("; "),
            "What the organization says it is for. The services follow what customers rank; where customers rank these outcomes low, an alert asks the sponsor to decide which prevails.".to_string(),
        );
    }
    if let Some(s) = b.scenario {
        add(
            "Strategy",
            "Scenario",
            capitalize(s.as_str()),
            scenario_implication(s).to_string(),
        );
    }
    if let Some(m) = b.pm_maturity {
        add("Culture and maturity", "PM maturity (1\u{2013}5)", num(m, 1), match scale_band(m) {
            "low" => "Customers need structure first: standards, templates, training and closer (directive) engagement.",
            "moderate" => "Shared ownership works: facilitate, build common practice, and hand over as practice settles.",
            _ => "Customers can run their own work: advise and support, and spend PMO effort on strategic services.",
        }.to_string());
    }
    if let Some(d) = b.decision_style {
        add("Culture and maturity", "Decision style", capitalize(d.as_str()), match d {
            DecisionStyle::Consensus => "Decisions need the groups at the table: govern through a steering group with their representatives.",
            DecisionStyle::TopDown => "Decisions come from the top: a named executive sponsor and a short escalation path make the PMO effective.",
        }.to_string());
    }
    if let Some(r) = b.risk_tolerance {
        add("Culture and maturity", "Risk tolerance (1\u{2013}5)", num(r, 1), match scale_band(r) {
            "low" => "Little appetite for risk: stronger oversight of risks, issues and changes is expected.",
            "moderate" => "Balanced appetite: oversight proportionate to each project's risk.",
            _ => "Risk is accepted for speed: keep controls light and focus on value and learning.",
        }.to_string());
    }
    if let Some(c) = b.change_readiness {
        add("Culture and maturity", "Change readiness (1\u{2013}5)", num(c, 1), match scale_band(c) {
            "low" => "Introduce services gradually, lead with quick wins and invest in change management.",
            "moderate" => "Phase new services and show early results before the next phase.",
            _ => "New services can be rolled out quickly and customers can be given autonomy sooner.",
        }.to_string());
    }
    if let Some(e) = b.existing_pmo {
        add("Culture and maturity", "Existing PMO", if e { "Yes" } else { "No" }.to_string(), if e {
            "Earlier experience shapes expectations: keep what customers value and say clearly what changes."
        } else {
            "A new unit: agree the mandate and sponsor before the first services."
        }.to_string());
    }
    if let Some(s) = b.structure {
        add("Structure", "Where authority sits", capitalize(s.as_str()), match s {
            Structure::Functional => "Functional managers hold authority: the PMO works through them, and resource management is central.",
            Structure::Matrix => "Authority is shared: clear decision rights and an escalation path avoid conflicts between line and project.",
            Structure::Projectized => "Project managers hold authority: the PMO supports and advises rather than directs.",
        }.to_string());
    }
    if let Some(m) = b.mandate {
        add("Structure", "PMO mandate", capitalize(m.as_str()), match m {
            Mandate::NoMandate => "No formal mandate yet: the PMO persuades rather than enforces, so every approach starts one step toward autonomy until the sponsor agrees a charter.",
            Mandate::Advisory => "The PMO advises and supports; it may direct delivery teams but does not control executives' processes.",
            Mandate::Delegated => "Executives delegated authority on the PMO's processes (portfolio intake, governance, benefits): the PMO may enforce them, while decision rights stay with executives.",
        }.to_string());
    }
    if let Some(n) = b.employees {
        add("Structure", "Employees", n.to_string(), if n >= 5000 {
            "A large organization: a federated PMO with local contacts reaches customers better."
        } else if n >= 500 {
            "A mid-sized organization: one PMO can know its customers personally."
        } else {
            "A small organization: a lean PMO with a few well-chosen services."
        }.to_string());
    }
    if let Some(i) = b.industry {
        add(
            "Industry profile",
            "Industry",
            capitalize(i.as_str()),
            industry_implication(i).to_string(),
        );
    }
    if let Some(r) = b.regulatory_intensity {
        add("Industry profile", "Regulatory intensity (1\u{2013}5)", num(r, 1), match scale_band(r) {
            "high" => "Compliance is part of delivery: audits and governance evidence belong in the catalogue.",
            "moderate" => "Some regulated work: targeted controls where regulation applies.",
            _ => "Little regulation: controls can follow the risk of the work alone.",
        }.to_string());
    }
    rows
}

pub(super) fn baseline_section(input: &OrganizationInput, catalog: &Catalog) -> Section {
    let mut blocks = vec![Block::Paragraph(Paragraph::text(
        "The organization around the PMO shapes what it should offer and how. The table reads the baseline answers through the PMO Value Ring\u{2019}s organizational baseline \u{2013} strategy, culture and maturity, structure and industry profile \u{2013} and says what each means for the PMO.",
    ))];
    let Some(b) = input.baseline.as_ref() else {
        blocks.push(Block::Paragraph(Paragraph::text(
            "No baseline answers were given for this organization, so the rules used their defaults. Ask the PMO lead and sponsor to fill in the baseline survey for the next period.",
        )));
        return section("Organizational baseline", 1, true, blocks);
    };
    let rows = baseline_rows(b, catalog);
    let mut last_ring = String::new();
    let table_rows = rows
        .into_iter()
        .map(|(ring, aspect, value, implication)| {
            let ring_cell = if ring == last_ring {
                Cell::text("")
            } else {
                last_ring = ring.clone();
                Cell::strong(ring)
            };
            vec![
                ring_cell,
                Cell::text(aspect),
                Cell::text(value),
                Cell::text(implication),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            col("Component", 1.4, Align::Left),
            col("Aspect", 1.7, Align::Left),
            col("Baseline", 1.3, Align::Left),
            col("What it implies for the PMO", 4.5, Align::Left),
        ],
        rows: table_rows,
        compact: false,
    }));
    blocks.push(Block::Paragraph(Paragraph::spans(vec![Span::note(format!(
        "From {} baseline respondent(s): the median for scales, the most frequent answer otherwise. The implications are our reading, to discuss with the sponsor.",
        b.respondents
    ))])));
    if !b.disagreements.is_empty() {
        blocks.push(Block::Heading(
            "Where the baseline respondents disagreed".into(),
        ));
        blocks.push(Block::Bullets(
            b.disagreements
                .iter()
                .map(|d| {
                    let answers: Vec<String> = d
                        .answers
                        .iter()
                        .map(|(a, n)| format!("{a} ({n})"))
                        .collect();
                    Paragraph::spans(vec![
                        Span::strong(format!("{}: ", capitalize(&d.field))),
                        Span::normal(format!("{}; {} was used.", answers.join(", "), d.chosen)),
                    ])
                })
                .collect(),
        ));
    }
    section("Organizational baseline", 1, true, blocks)
}
