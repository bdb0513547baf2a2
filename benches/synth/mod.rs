//! Seeded synthetic inputs of any size (organizations × respondents) for the benchmark.
//!
//! Writes canonical `customers.csv`, `baseline.csv` and `service_maturity.csv` (the format of
//! `docs/input-format.md`), or builds the same organizations directly as model values so that
//! rule and report timings do not depend on ingest. Same seed and shape, same bytes: the
//! generator has its own SplitMix64 (no `rand` crate, whose streams change between versions),
//! and every organization draws from its own stream, so its answers do not depend on how many
//! organizations there are or in which order they are written.
//!
//! Lives under `benches/` (a folder without `main.rs`, so Cargo does not take it for a bench
//! target): the library carries no benchmark code. It must never be used by tests to decide
//! what is correct; it only has to be realistic enough to cost what real data costs.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use pmo_advisor::model::baseline::{
    Baseline, CoverageScope, DecisionStyle, Industry, Mandate, Scenario, Structure,
};
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::key_map::KeyMap;
use pmo_advisor::model::organization::OrganizationId;
use pmo_advisor::model::outcome::OutcomeKey;
use pmo_advisor::model::scale::{Likert, NpsAnswer};
use pmo_advisor::model::service::ServiceKey;
use pmo_advisor::model::survey::{OrganizationInput, Respondent, ServiceMaturity};

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for survey answers.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (the modulo bias is irrelevant at these sizes).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Bell-shaped noise with mean 0 and standard deviation 1 (sum of four uniforms).
    pub fn noise(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.uniform()).sum();
        (sum - 2.0) * 3f64.sqrt()
    }

    /// `mean + sd × noise`, rounded and clamped to `low..=high`.
    fn scale(&mut self, mean: f64, sd: f64, low: u8, high: u8) -> u8 {
        (mean + sd * self.noise())
            .round()
            .clamp(f64::from(low), f64::from(high)) as u8
    }
}

/// The size and seed of a synthetic data set.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Organizations.
    pub organizations: usize,
    /// Customer respondents per organization.
    pub respondents: usize,
    /// Seed of every stream.
    pub seed: u64,
    /// Share of customer rows that carry one deliberate data problem (exercises findings).
    pub problem_rate: f64,
}

/// The files written by `write_inputs`.
#[derive(Debug, Clone)]
pub struct Files {
    /// Customer survey.
    pub customers: PathBuf,
    /// Baseline survey (three executives per organization).
    pub baseline: PathBuf,
    /// Service maturity (26 rows per organization).
    pub service_maturity: PathBuf,
    /// Size of the customer survey in bytes.
    pub customer_bytes: u64,
    /// Data rows of the customer survey.
    pub customer_rows: u64,
}

const BUSINESS_UNITS: &[&str] = &[
    "Operations",
    "Finance",
    "IT Services",
    "Engineering",
    "Sales & Marketing",
    "Research",
    "Customer Care",
    "Logistics",
];

// Raw text; `escape` quotes them for CSV once per file.
const COMMENTS: &[&str] = &[
    "Status reports take too long to prepare.",
    "\"Templates\" are fine, but nobody explains when to use which.",
    "Good support from the PMO, keep it up.",
    "Priorities change every month, and nobody tells the teams why.",
    "\"Lessons learned\" sessions happen,\nthen nothing changes.",
    "Need better visibility of resource conflicts across projects.",
    "Too many approvals, not enough decisions.",
    "The PMO should coach new project managers, not just audit them.",
];

/// What one organization is like; every answer is drawn around these.
struct Profile {
    maturity: f64,
    satisfaction: f64,
    nps: f64,
    importance: [f64; OutcomeKey::COUNT],
    group_weights: [f64; CustomerGroup::COUNT],
    industry: Industry,
    structure: Structure,
    scope: CoverageScope,
    decision: DecisionStyle,
    scenario: Scenario,
    risk: u8,
    change: u8,
    regulation: u8,
    existing_pmo: bool,
    employees: u32,
}

impl Profile {
    fn new(rng: &mut SplitMix64) -> Self {
        let maturity = 1.3 + 3.4 * rng.uniform();
        let mut importance = [0.0; OutcomeKey::COUNT];
        for value in &mut importance {
            *value = 1.5 + 3.3 * rng.uniform();
        }
        let mut group_weights = [0.0; CustomerGroup::COUNT];
        for weight in &mut group_weights {
            // About one group in five is absent from an organization's survey.
            *weight = if rng.chance(0.2) {
                0.0
            } else {
                0.3 + rng.uniform()
            };
        }
        group_weights[CustomerGroup::ProjectManager.index()] = 1.5;
        Profile {
            maturity,
            satisfaction: 1.8 + 2.8 * rng.uniform(),
            nps: 3.0 + 6.5 * rng.uniform(),
            importance,
            group_weights,
            industry: Industry::ALL[rng.below(Industry::COUNT)],
            structure: Structure::ALL[rng.below(Structure::COUNT)],
            scope: CoverageScope::ALL[rng.below(CoverageScope::COUNT)],
            decision: DecisionStyle::ALL[rng.below(DecisionStyle::COUNT)],
            scenario: Scenario::ALL[rng.below(Scenario::COUNT)],
            risk: 1 + rng.below(5) as u8,
            change: 1 + rng.below(5) as u8,
            regulation: 1 + rng.below(5) as u8,
            existing_pmo: rng.chance(0.7),
            employees: 200 + rng.below(20_000) as u32,
        }
    }

    fn pick_group(&self, rng: &mut SplitMix64) -> CustomerGroup {
        let total: f64 = self.group_weights.iter().sum();
        let mut left = rng.uniform() * total;
        for (group, weight) in CustomerGroup::ALL.iter().zip(self.group_weights) {
            if left < weight {
                return *group;
            }
            left -= weight;
        }
        CustomerGroup::ProjectManager
    }
}

/// A data problem planted in a customer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    MaturityOutOfRange,
    NpsOutOfRange,
    UnknownGroup,
    Malformed,
    DuplicateId,
}

/// One synthetic respondent, before it becomes CSV text or a model value.
struct Row {
    group: CustomerGroup,
    business_unit: Option<&'static str>,
    pm_maturity: Option<u8>,
    outcomes: [Option<u8>; OutcomeKey::COUNT],
    satisfaction: Option<u8>,
    nps: Option<u8>,
    comment: Option<usize>,
    problem: Option<Problem>,
}

/// One organization's stream: its profile and its own generator.
struct OrgStream {
    id: String,
    profile: Profile,
    rng: SplitMix64,
}

impl OrgStream {
    fn new(shape: &Shape, index: usize) -> Self {
        // Distinct, well-mixed seeds per organization: SplitMix64 of (seed, index).
        let mut seeder =
            SplitMix64::new(shape.seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let mut rng = SplitMix64::new(seeder.next_u64());
        let profile = Profile::new(&mut rng);
        OrgStream {
            id: organization_id(index),
            profile,
            rng,
        }
    }

    fn row(&mut self, problem_rate: f64) -> Row {
        let p = &self.profile;
        let rng = &mut self.rng;
        let group = p.pick_group(rng);
        let lean = group.index() as f64 * 0.1 - 0.3;
        let mut outcomes = [None; OutcomeKey::COUNT];
        for (answer, mean) in outcomes.iter_mut().zip(p.importance) {
            if !rng.chance(0.06) {
                *answer = Some(rng.scale(mean + lean, 0.8, 1, 5));
            }
        }
        let problem = rng.chance(problem_rate).then(|| match rng.below(5) {
            0 => Problem::MaturityOutOfRange,
            1 => Problem::NpsOutOfRange,
            2 => Problem::UnknownGroup,
            3 => Problem::Malformed,
            _ => Problem::DuplicateId,
        });
        Row {
            group,
            business_unit: (!rng.chance(0.1))
                .then(|| BUSINESS_UNITS[rng.below(BUSINESS_UNITS.len())]),
            pm_maturity: (!rng.chance(0.03)).then(|| rng.scale(p.maturity - lean, 0.7, 1, 5)),
            outcomes,
            satisfaction: (!rng.chance(0.05)).then(|| rng.scale(p.satisfaction, 0.9, 1, 5)),
            nps: (!rng.chance(0.05)).then(|| rng.scale(p.nps, 1.6, 0, 10)),
            comment: rng.chance(0.2).then(|| rng.below(COMMENTS.len())),
            problem,
        }
    }
}

/// The id of the organization at `index`, such as `org-0042`.
pub fn organization_id(index: usize) -> String {
    format!("org-{index:04}")
}

/// Writes the three canonical files into `dir`. Rows are interleaved across organizations
/// (one respondent of each in turn), the hardest order for a streaming aggregator.
pub fn write_inputs(dir: &Path, shape: &Shape) -> io::Result<Files> {
    std::fs::create_dir_all(dir)?;
    let mut orgs: Vec<OrgStream> = (0..shape.organizations)
        .map(|i| OrgStream::new(shape, i))
        .collect();
    let customers = dir.join("customers.csv");
    let customer_rows = write_customers(&customers, &mut orgs, shape)?;
    let baseline = dir.join("baseline.csv");
    write_baseline(&baseline, &mut orgs)?;
    let service_maturity = dir.join("service_maturity.csv");
    write_service_maturity(&service_maturity, &mut orgs)?;
    Ok(Files {
        customer_bytes: std::fs::metadata(&customers)?.len(),
        customers,
        baseline,
        service_maturity,
        customer_rows,
    })
}

fn write_customers(path: &Path, orgs: &mut [OrgStream], shape: &Shape) -> io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut line = String::with_capacity(512);
    line.push_str("respondent_id,organization,customer_group,business_unit,pm_maturity");
    for key in OutcomeKey::ALL {
        line.push_str(",outcome.");
        line.push_str(key.as_str());
    }
    line.push_str(",satisfaction,nps,comment\n");
    out.write_all(line.as_bytes())?;
    let comments: Vec<String> = COMMENTS.iter().map(|c| escape(c)).collect();
    let mut number: u64 = 0;
    for _ in 0..shape.respondents {
        for org in orgs.iter_mut() {
            number += 1;
            let row = org.row(shape.problem_rate);
            line.clear();
            format_customer(&mut line, number, &org.id, &row, &comments);
            out.write_all(line.as_bytes())?;
        }
    }
    out.flush()?;
    Ok(number)
}

fn push_opt(line: &mut String, value: Option<u8>) {
    line.push(',');
    if let Some(v) = value {
        if v >= 10 {
            line.push('1');
        }
        line.push(char::from(b'0' + v % 10));
    }
}

/// Quotes a cell when it holds a comma, a quote or a line break (RFC 4180).
fn escape(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn format_customer(line: &mut String, number: u64, org: &str, row: &Row, comments: &[String]) {
    use std::fmt::Write as _;
    // A duplicate reuses the previous respondent's id (a form submitted twice).
    let id = if row.problem == Some(Problem::DuplicateId) {
        number.saturating_sub(1).max(1)
    } else {
        number
    };
    // Writing into a String cannot fail.
    let _ = write!(line, "R{id},{org},");
    line.push_str(match row.problem {
        Some(Problem::UnknownGroup) => "steering_committee",
        _ => row.group.as_str(),
    });
    line.push(',');
    line.push_str(row.business_unit.unwrap_or(""));
    match row.problem {
        Some(Problem::MaturityOutOfRange) => line.push_str(",6"),
        _ => push_opt(line, row.pm_maturity),
    }
    for (i, answer) in row.outcomes.iter().enumerate() {
        if i == 0 && row.problem == Some(Problem::Malformed) {
            line.push_str(",high");
        } else {
            push_opt(line, *answer);
        }
    }
    push_opt(line, row.satisfaction);
    match row.problem {
        Some(Problem::NpsOutOfRange) => line.push_str(",11"),
        _ => push_opt(line, row.nps),
    }
    line.push(',');
    if let Some(i) = row.comment {
        line.push_str(&comments[i]);
    }
    line.push('\n');
}

/// The outcomes every synthetic strategy names (no draw: both paths agree without the stream).
const STRATEGY: &str = "strategic_alignment;higher_roi";

/// The synthetic mandate, derived from the profile without a draw.
fn mandate(p: &Profile) -> Mandate {
    match (p.existing_pmo, p.decision) {
        (false, _) => Mandate::NoMandate,
        (true, DecisionStyle::TopDown) => Mandate::Delegated,
        (true, DecisionStyle::Consensus) => Mandate::Advisory,
    }
}

fn write_baseline(path: &Path, orgs: &mut [OrgStream]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(
        out,
        "organization,organization_name,industry,employees,pm_maturity,structure,coverage_scope,\
         decision_style,risk_tolerance,change_readiness,regulatory_intensity,scenario,existing_pmo,\
         mandate,strategic_outcomes"
    )?;
    for org in orgs.iter_mut() {
        let p = &org.profile;
        let maturity = p.maturity.round().clamp(1.0, 5.0) as u8;
        for executive in 0..3 {
            // One executive in ten sees risk differently: baseline disagreements.
            let risk = if executive == 2 && org.rng.chance(0.1) {
                6 - p.risk
            } else {
                p.risk
            };
            writeln!(
                out,
                "{id},Synthetic {id},{},{},{maturity},{},{},{},{risk},{},{},{},{},{},{STRATEGY}",
                p.industry,
                p.employees,
                p.structure,
                p.scope,
                p.decision,
                p.change,
                p.regulation,
                p.scenario,
                if p.existing_pmo { "yes" } else { "no" },
                mandate(p),
                id = org.id,
            )?;
        }
    }
    out.flush()
}

fn write_service_maturity(path: &Path, orgs: &mut [OrgStream]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "organization,service,current_level,target_level")?;
    for org in orgs.iter_mut() {
        for service in ServiceKey::ALL {
            let current = 1 + org.rng.below(4) as u8;
            let target = (current + org.rng.below(3) as u8).min(5);
            writeln!(out, "{},{service},{current},{target}", org.id)?;
        }
    }
    out.flush()
}

/// The same organizations as `write_inputs` writes, built directly as model values (what a
/// correct ingest would produce, minus findings), for timing rules and reports alone.
pub fn organization_inputs(shape: &Shape) -> Vec<OrganizationInput> {
    let mut orgs: Vec<OrgStream> = (0..shape.organizations)
        .map(|i| OrgStream::new(shape, i))
        .collect();
    let mut inputs: Vec<OrganizationInput> = orgs
        .iter()
        .map(|org| {
            // Invariant: `organization_id` yields `org-` and digits, a valid id.
            let id = OrganizationId::new(&org.id).expect("synthetic ids are valid");
            OrganizationInput::new(id)
        })
        .collect();
    for _ in 0..shape.respondents {
        for (org, input) in orgs.iter_mut().zip(inputs.iter_mut()) {
            let row = org.row(shape.problem_rate);
            if row.problem == Some(Problem::UnknownGroup)
                || row.problem == Some(Problem::DuplicateId)
            {
                continue;
            }
            // A bad cell counts as missing, as ingest treats it.
            let mut outcomes = row.outcomes.map(|a| a.and_then(Likert::new));
            if row.problem == Some(Problem::Malformed) {
                outcomes[0] = None;
            }
            let respondent = Respondent {
                pm_maturity: row
                    .pm_maturity
                    .filter(|_| row.problem != Some(Problem::MaturityOutOfRange))
                    .and_then(Likert::new),
                outcomes,
                satisfaction: row.satisfaction.and_then(Likert::new),
                nps: row
                    .nps
                    .filter(|_| row.problem != Some(Problem::NpsOutOfRange))
                    .and_then(NpsAnswer::new),
                comment: row.comment.map(|i| COMMENTS[i].to_string()),
            };
            input.groups.entry(row.group).or_default().add(respondent);
        }
    }
    for (org, input) in orgs.iter_mut().zip(inputs.iter_mut()) {
        // The draw `write_baseline` makes, so that both paths stay on the same stream.
        let _disagreement = org.rng.chance(0.1);
        let p = &org.profile;
        input.baseline = Some(Baseline {
            organization_name: Some(format!("Synthetic {}", org.id)),
            industry: Some(p.industry),
            employees: Some(p.employees),
            pm_maturity: Some(p.maturity.round().clamp(1.0, 5.0)),
            structure: Some(p.structure),
            coverage_scope: Some(p.scope),
            decision_style: Some(p.decision),
            risk_tolerance: Some(f64::from(p.risk)),
            change_readiness: Some(f64::from(p.change)),
            regulatory_intensity: Some(f64::from(p.regulation)),
            scenario: Some(p.scenario),
            existing_pmo: Some(p.existing_pmo),
            mandate: Some(mandate(p)),
            strategic_outcomes: vec![OutcomeKey::StrategicAlignment, OutcomeKey::HigherRoi],
            respondents: 3,
            disagreements: Vec::new(),
        });
        let mut maturity = KeyMap::new();
        for service in ServiceKey::ALL {
            let current = 1 + org.rng.below(4) as u8;
            let target = (current + org.rng.below(3) as u8).min(5);
            maturity.insert(
                *service,
                ServiceMaturity {
                    current: Likert::new(current),
                    target: Likert::new(target),
                },
            );
        }
        input.service_maturity = maturity;
    }
    inputs
}
