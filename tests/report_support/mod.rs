//! The hand-built fixture shared by the report tests: a realistic organization (baseline,
//! five customer groups, a service-maturity assessment, findings) and its recommendation,
//! built without `rules` so that the tests pin the report stage alone.
#![allow(dead_code)]

pub mod pdf_reader;

use std::collections::BTreeMap;
use std::path::Path;

use pmo_advisor::diag::{ColumnRef, Diagnostic, Location, Severity};
use pmo_advisor::model::approach::Approach;
use pmo_advisor::model::baseline::{
    Baseline, CoverageScope, DecisionStyle, Disagreement, Industry, Mandate, Scenario, Structure,
};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::decision::{Reason, RuleLocation};
use pmo_advisor::model::organization::OrganizationId;
use pmo_advisor::model::outcome::OutcomeKey;
use pmo_advisor::model::period::{Period, ReportDate};
use pmo_advisor::model::quality::{DataQuality, SourceStats};
use pmo_advisor::model::recommendation::{
    ActionKind, Advice, Alert, AlertLevel, CategoryMix, ControlLevel, GroupDecision, Lean,
    OutcomePriority, Profile, Recommendation, ServiceAction, ServiceDecision,
};
use pmo_advisor::model::scale::{Likert, NpsAnswer};
use pmo_advisor::model::service::{Horizon, Priority, ServiceKey};
use pmo_advisor::model::survey::{GroupAnswers, OrganizationInput, Respondent, ServiceMaturity};
use pmo_advisor::report::{Paper, ReportContext};

/// The bundled lexicon, read once for every fixture group.
static THEMES: std::sync::OnceLock<Vec<pmo_advisor::model::catalog::Theme>> =
    std::sync::OnceLock::new();

pub fn catalog() -> Catalog {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
    pmo_advisor::ingest::read_catalog(&dir).expect("bundled catalog reads")
}

pub fn rule(file: &str, line: u32) -> Option<RuleLocation> {
    Some(RuleLocation {
        file: format!("rules/{file}").into(),
        line,
        column: 5,
    })
}

pub fn likert(v: u32) -> Option<Likert> {
    Likert::new((v % 5 + 1) as u8)
}

pub fn group_answers(seed: u32, respondents: u32) -> GroupAnswers {
    let mut g = GroupAnswers::default();
    for i in 0..respondents {
        let mut r = Respondent {
            pm_maturity: likert(seed + i / 3),
            ..Respondent::default()
        };
        for (k, slot) in r.outcomes.iter_mut().enumerate() {
            *slot = likert(seed * 7 + i + k as u32 * 3);
        }
        r.satisfaction = likert(seed + i * 2);
        r.nps = NpsAnswer::new(((seed + i * 3) % 11) as u8);
        if i < 2 {
            r.comment = Some(format!(
                "Reporting takes too long in our unit (respondent {i})."
            ));
        }
        if i == 2 {
            r.comment = Some(
                "Please stop asking for status in four different spreadsheets. The rest is fine."
                    .into(),
            );
        }
        if let Some(c) = &r.comment {
            g.count_themes(c, THEMES.get_or_init(|| catalog().themes().to_vec()));
        }
        g.add(r);
    }
    g
}

pub fn input() -> OrganizationInput {
    let mut input = OrganizationInput::new(OrganizationId::new("northwind-energy").unwrap());
    input.baseline = Some(Baseline {
        organization_name: Some("Northwind Energy Ltd".into()),
        industry: Some(Industry::Energy),
        employees: Some(4200),
        pm_maturity: Some(2.5),
        structure: Some(Structure::Matrix),
        coverage_scope: Some(CoverageScope::Enterprise),
        decision_style: Some(DecisionStyle::TopDown),
        risk_tolerance: Some(2.0),
        change_readiness: Some(3.0),
        regulatory_intensity: Some(4.5),
        scenario: Some(Scenario::Growing),
        existing_pmo: Some(true),
        mandate: Some(Mandate::Delegated),
        strategic_outcomes: vec![OutcomeKey::StrategicAlignment],
        respondents: 4,
        disagreements: vec![Disagreement {
            field: "scenario".into(),
            answers: vec![("growing".into(), 3), ("crisis".into(), 1)],
            chosen: "growing".into(),
        }],
    });
    for (seed, (group, n)) in [
        (CustomerGroup::ProjectManager, 42),
        (CustomerGroup::PortfolioManager, 6),
        (CustomerGroup::Executive, 9),
        (CustomerGroup::ProjectTeamMember, 35),
        (CustomerGroup::FunctionalManager, 3),
    ]
    .into_iter()
    .enumerate()
    {
        input
            .groups
            .insert(group, group_answers(seed as u32 + 1, n));
    }
    for (i, key) in [
        ServiceKey::GovernanceOversight,
        ServiceKey::PortfolioManagement,
        ServiceKey::RiskManagement,
        ServiceKey::TrainingAndDevelopment,
        ServiceKey::ProjectSupportServices,
    ]
    .into_iter()
    .enumerate()
    {
        input.service_maturity.insert(
            key,
            ServiceMaturity {
                current: Likert::new(1 + i as u8 % 3),
                target: Likert::new(3 + i as u8 % 3),
            },
        );
    }
    let csv = |row: u64, column: u32, name: &str| Location::Csv {
        file: "data/sample/customers.csv".into(),
        row,
        line: row,
        column: Some(ColumnRef {
            column,
            name: name.into(),
        }),
    };
    input.data_quality = DataQuality {
        sources: vec![
            SourceStats {
                file: "data/sample/customers.csv".into(),
                kind: "customers".into(),
                rows_read: 96,
                rows_used: 95,
                rows_rejected: 1,
            },
            SourceStats {
                file: "data/sample/baseline.csv".into(),
                kind: "baseline".into(),
                rows_read: 4,
                rows_used: 4,
                rows_rejected: 0,
            },
            SourceStats {
                file: "data/sample/service_maturity.csv".into(),
                kind: "service_maturity".into(),
                rows_read: 5,
                rows_used: 5,
                rows_rejected: 0,
            },
        ],
        findings: vec![
            Diagnostic::new(
                "I102",
                Severity::Warning,
                "value out of range; counted as missing",
                csv(14, 7, "pm_maturity"),
            )
            .with_value("6")
            .with_expected("a maturity level from 1 to 5"),
            Diagnostic::new(
                "I105",
                Severity::Warning,
                "unknown customer group; row left out",
                csv(57, 3, "customer_group"),
            )
            .with_value("contractor")
            .with_hint("add an alias in the config"),
        ],
    };
    input
}

pub fn recommendation(catalog: &Catalog) -> Recommendation {
    let services: Vec<ServiceDecision> = ServiceKey::ALL
        .iter()
        .map(|&key| {
            let i = key.index() as f64;
            let score = ((i * 7.3) % 23.0) + 1.0 / 3.0;
            let priority = match score {
                s if s >= 17.0 => Priority::Must,
                s if s >= 11.0 => Priority::Should,
                s if s >= 6.0 => Priority::Could,
                _ => Priority::NotNow,
            };
            ServiceDecision {
                key,
                category: catalog.service(key).category,
                score,
                priority,
                horizon: [Horizon::Short, Horizon::Medium, Horizon::Long][key.index() % 3],
                share: score / 20.0,
                borderline: key.index() % 7 == 0,
                actions: if key == ServiceKey::MethodologiesAndFrameworksManagement {
                    vec![ServiceAction {
                        kind: ActionKind::Simplify,
                        reason: Reason::new(
                            "project managers rate their satisfaction 2/5 and 3 of their comments mention too many templates",
                            rule("services.rhai", 80),
                        ),
                    }]
                } else {
                    Vec::new()
                },
                reasons: vec![Reason::new(
                    format!("linked outcomes give a score of {score:.2}; the energy industry is regulated"),
                    rule("services.rhai", 20 + key.index() as u32),
                )],
            }
        })
        .collect();
    let selected: Vec<ServiceKey> = services
        .iter()
        .filter(|s| s.priority.is_selected())
        .map(|s| s.key)
        .collect();
    let approaches = [
        Approach::Directive,
        Approach::Supportive,
        Approach::Consultative,
        Approach::Facilitative,
        Approach::Controlling,
    ];
    let groups = [
        CustomerGroup::ProjectManager,
        CustomerGroup::PortfolioManager,
        CustomerGroup::Executive,
        CustomerGroup::ProjectTeamMember,
        CustomerGroup::FunctionalManager,
    ]
    .iter()
    .enumerate()
    .map(|(gi, &group)| GroupDecision {
        group,
        approach: approaches[gi],
        service_approaches: selected
            .iter()
            .enumerate()
            .map(|(si, &s)| (s, Approach::ALL[(gi + si) % 6]))
            .collect::<BTreeMap<_, _>>(),
        top_outcomes: (0..5)
            .map(|k| OutcomePriority {
                outcome: OutcomeKey::ALL[(gi * 5 + k * 3) % 30],
                priority: 4.6 - k as f64 * 0.23,
                reasons: vec![Reason::new(
                    "mean importance in this group",
                    rule("outcomes.rhai", 12),
                )],
            })
            .collect(),
        reasons: vec![Reason::new(
            format!(
                "group maturity {} maps to {}",
                3 - gi as i32 / 2,
                approaches[gi].as_str()
            ),
            rule("approaches.rhai", 31),
        )],
    })
    .collect();
    let mut rec = Recommendation {
        organization: OrganizationId::new("northwind-energy").unwrap(),
        outcomes: (0..6)
            .map(|k| OutcomePriority {
                outcome: OutcomeKey::ALL[k * 4],
                priority: 4.4 - k as f64 * 0.17,
                reasons: vec![Reason::new(
                    "weighted mean over groups",
                    rule("outcomes.rhai", 40),
                )],
            })
            .collect(),
        services,
        groups,
        profile: Profile {
            coverage_scope: CoverageScope::Enterprise,
            category_mix: CategoryMix {
                strategic: 3.0 / 7.0,
                tactical: 2.0 / 7.0,
                operational: 2.0 / 7.0,
            },
            control_level: ControlLevel::Controlling,
            lean: Lean::Strategic,
            labels: vec![
                "strategic EPMO".into(),
                "portfolio management office".into(),
            ],
            reasons: vec![
                Reason::new(
                    "most selected services are strategic at enterprise scope",
                    rule("profile.rhai", 8),
                ),
                Reason::new("dominant approaches are directive and controlling", None),
            ],
        },
        alerts: vec![
            Alert {
                level: AlertLevel::Warning,
                code: "few_respondents".into(),
                group: Some(CustomerGroup::FunctionalManager),
                reason: Reason::new(
                    "only 3 functional managers answered; treat their results with care",
                    rule("alerts.rhai", 15),
                ),
            },
            Alert {
                level: AlertLevel::Info,
                code: "baseline_disagreement".into(),
                group: None,
                reason: Reason::new(
                    "baseline respondents disagree on the scenario (growing 3, crisis 1)",
                    rule("alerts.rhai", 30),
                ),
            },
        ],
        advice: vec![Advice {
            code: "validate_with_customers".into(),
            reason: Reason::new(
                "treat these recommendations as a draft: review them with each customer group",
                rule("advice.rhai", 40),
            ),
        }],
        governance: None,
        unasked_outcomes: vec![OutcomeKey::ShorterLifeCycle],
        roadmap: Default::default(),
        maturity_bands: vec![1.5, 2.5, 3.5, 4.5],
    };
    // The roadmap as the rules fill it after the scripts (issue 13).
    rec.roadmap = pmo_advisor::rules::roadmap::build_roadmap(
        &rec.services,
        catalog,
        None,
        &pmo_advisor::model::key_map::KeyMap::new(),
        4.0,
        pmo_advisor::rules::roadmap::Capacity::DEFAULT,
    );
    rec
}

pub fn context(catalog: &Catalog, paper: Paper) -> ReportContext<'_> {
    let period = Period::parse("2026-Q3").unwrap();
    ReportContext {
        catalog,
        period,
        date: ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        },
        rules_version: "3f2a9c1d",
        tool_version: "0.1.0",
        paper,
        fte_cost: None,
    }
}

/// All page text with whitespace removed: text extraction drops the space where a line wrapped,
/// so comparisons ignore whitespace.
pub fn all_text(doc: &lopdf::Document) -> String {
    pdf_reader::all_pages(doc).split_whitespace().collect()
}

/// Whether page text (whitespace removed, `all_text`) shows `needle`, a text of the model or
/// the JSON: compared without whitespace, and with signs as the PDF sets them (a minus sign,
/// U+2212, where the text may have a hyphen-minus: `report::layout::text::minus_signs`).
pub fn contains(text: &str, needle: &str) -> bool {
    let signs = |s: &str| s.replace('\u{2212}', "-");
    signs(text).contains(&signs(&needle.split_whitespace().collect::<String>()))
}

/// The top-level outline titles (chapters), in order.
pub fn chapters(entries: &[(usize, String, u32)]) -> Vec<&str> {
    entries
        .iter()
        .filter(|e| e.0 == 0)
        .map(|e| e.1.as_str())
        .collect()
}

/// Outline entries as (depth, title, page number), in document order.
pub fn outline(doc: &lopdf::Document) -> Vec<(usize, String, u32)> {
    fn title(dict: &lopdf::Dictionary) -> String {
        let bytes = dict.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    }
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        pages: &std::collections::BTreeMap<lopdf::ObjectId, u32>,
        out: &mut Vec<(usize, String, u32)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let dict = doc.get_dictionary(id).unwrap();
            let dest = dict.get(b"Dest").unwrap().as_array().unwrap();
            let page = pages[&dest[0].as_reference().unwrap()];
            out.push((depth, title(dict), page));
            let child = dict.get(b"First").and_then(|o| o.as_reference()).ok();
            walk(doc, child, depth + 1, pages, out);
            next = dict.get(b"Next").and_then(|o| o.as_reference()).ok();
        }
    }
    let pages: std::collections::BTreeMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .ok();
    let mut out = Vec::new();
    walk(doc, first, 0, &pages, &mut out);
    out
}
