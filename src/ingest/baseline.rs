//! The organizational baseline survey: a few respondents per organization, aggregated into
//! one `model::baseline::Baseline` each (median for scales and head count, most frequent
//! answer for categories, ties to the first in key order) with the fields they disagree on.
//!
//! Per organization it keeps only answer counts, never rows. It must not read the customer
//! survey: it shares organizations with it only through the `Registry`.

use std::collections::BTreeMap;
use std::io::Read;

use csv::ByteRecord;

use crate::diag::{Diagnostic, Severity};
use crate::ingest::cell::{parse_count, parse_likert, parse_yes_no, Problem};
use crate::ingest::finding;
use crate::ingest::header::Header;
use crate::ingest::reader::{decode, is_blank, position, CsvInput};
use crate::ingest::registry::{FileTally, OrgLookup, Registry};
use crate::model::baseline::{
    Baseline, BaselineField, CoverageScope, DecisionStyle, Disagreement, Industry, Mandate,
    Scenario, Structure,
};
use crate::model::key::UnknownKey;
use crate::model::outcome::OutcomeKey;
use crate::model::scale::LikertHistogram;

/// A categorical column: its name, its keys in canonical order, and its parser to an index.
type Category = (
    &'static str,
    &'static [&'static str],
    fn(&str) -> Result<usize, UnknownKey>,
);

const CATEGORIES: [Category; 6] = [
    ("industry", Industry::KEYS, |t| {
        Industry::parse(t).map(Industry::index)
    }),
    ("structure", Structure::KEYS, |t| {
        Structure::parse(t).map(Structure::index)
    }),
    ("coverage_scope", CoverageScope::KEYS, |t| {
        CoverageScope::parse(t).map(CoverageScope::index)
    }),
    ("decision_style", DecisionStyle::KEYS, |t| {
        DecisionStyle::parse(t).map(DecisionStyle::index)
    }),
    ("scenario", Scenario::KEYS, |t| {
        Scenario::parse(t).map(Scenario::index)
    }),
    ("mandate", Mandate::KEYS, |t| {
        Mandate::parse(t).map(Mandate::index)
    }),
];
/// The list column: outcome keys the organization's strategy names, separated by `;`.
const STRATEGY: &str = "strategic_outcomes";
/// Columns read as text or numbers outside the tables above; `respondent_id` is accepted and
/// ignored (baseline answers are not de-duplicated: executives may share an export id).
const OTHER_COLUMNS: [&str; 6] = [
    "organization",
    STRATEGY,
    "organization_name",
    "employees",
    "existing_pmo",
    "respondent_id",
];
/// `existing_pmo` answers in key order: a tie between yes and no goes to yes.
const YES_NO: [&str; 2] = ["yes", "no"];

/// Answer counts of one organization.
#[derive(Debug, Default)]
struct Tallies {
    respondents: u32,
    names: BTreeMap<String, u32>,
    employees: BTreeMap<u32, u32>,
    categories: [Vec<u32>; 6],
    scales: [LikertHistogram; 4],
    existing_pmo: [u32; 2],
    /// Respondents naming each outcome in `strategic_outcomes`, and how many answered it.
    strategy: Vec<u32>,
    strategy_answers: u32,
}

struct Columns {
    organization: Option<usize>,
    organization_name: Option<usize>,
    employees: Option<usize>,
    existing_pmo: Option<usize>,
    strategy: Option<usize>,
    categories: [Option<usize>; 6],
    scales: [Option<usize>; 4],
}

/// Reads the baseline survey, registering organizations it names, and sets each one's
/// `baseline`; returns the file's counts and findings.
pub(crate) fn read_baseline<R: Read>(
    mut input: CsvInput<R>,
    registry: &mut Registry,
) -> Result<FileTally, crate::ingest::IngestError> {
    let header = input.header().clone();
    let mut tally = FileTally::new(header.file(), "baseline");
    tally.in_sheet(input.sheet_origin());
    let organization = match header.find("organization") {
        None if !registry.has_default() => Some(header.require("organization")?),
        found => found,
    };
    let columns = Columns {
        organization,
        organization_name: header.find("organization_name"),
        employees: header.find("employees"),
        existing_pmo: header.find("existing_pmo"),
        strategy: header.find(STRATEGY),
        categories: CATEGORIES.map(|(name, _, _)| header.find(name)),
        scales: BaselineField::SCALES.map(|f| header.find(f.as_str())),
    };
    let known: Vec<&str> = OTHER_COLUMNS
        .iter()
        .copied()
        .chain(BaselineField::SCALES.map(BaselineField::as_str))
        .chain(CATEGORIES.iter().map(|c| c.0))
        .collect();
    for (index, name) in header.names().iter().enumerate() {
        if !known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            tally.finding(None, header.unknown_column(index, known.iter().copied()));
        }
    }

    let mut per_slot: Vec<Option<Box<Tallies>>> = Vec::new();
    let mut record = ByteRecord::new();
    while input.read(&mut record)? {
        if is_blank(&record) {
            continue;
        }
        let Some(slot) = attribute(&record, &header, &columns, registry, &mut tally) else {
            continue;
        };
        if per_slot.len() <= slot {
            per_slot.resize_with(slot + 1, || None);
        }
        let tallies = per_slot[slot].get_or_insert_with(|| {
            Box::new(Tallies {
                categories: CATEGORIES.map(|c| vec![0; c.1.len()]),
                strategy: vec![0; OutcomeKey::COUNT],
                ..Tallies::default()
            })
        });
        read_answers(&record, &header, &columns, slot, tallies, &mut tally);
        tally.used(slot);
    }
    // Cut cells and open quotes, found by the reader (issue 11).
    for finding in input.take_findings() {
        tally.finding(None, finding);
    }
    tally.hashed(input.input_hash());
    for (slot, tallies) in per_slot.into_iter().enumerate() {
        if let Some(tallies) = tallies {
            registry.input(slot).baseline = Some(aggregate(&tallies));
        }
    }
    Ok(tally)
}

/// The row's organization slot, or `None` after rejecting the row.
fn attribute(
    record: &ByteRecord,
    header: &Header,
    columns: &Columns,
    registry: &mut Registry,
    tally: &mut FileTally,
) -> Option<usize> {
    let (row, line) = position(record);
    let raw = columns
        .organization
        .map(|i| record.get(i).unwrap_or_default());
    let lookup = registry.resolve(raw, true);
    if let OrgLookup::Found(slot) = lookup {
        if record.len() != header.len() {
            tally.finding(Some(slot), header.row_length(row, line, record.len()));
        }
        return Some(slot);
    }
    let (code, message) = match lookup {
        OrgLookup::Invalid(expected) => (
            finding::BAD_ORGANIZATION,
            format!("row rejected: {expected}"),
        ),
        _ => (
            finding::MISSING_ORGANIZATION,
            "row rejected: no organization".to_string(),
        ),
    };
    let mut d = Diagnostic::new(
        code,
        Severity::Warning,
        message,
        header.location(row, line, columns.organization),
    )
    .with_expected("an organization id");
    if let Some(raw) = raw {
        d = d.with_value(decode(raw).0.trim());
    }
    tally.rejected(None, d);
    None
}

fn read_answers(
    record: &ByteRecord,
    header: &Header,
    columns: &Columns,
    slot: usize,
    tallies: &mut Tallies,
    tally: &mut FileTally,
) {
    let (row, line) = position(record);
    let cell = |i: usize| record.get(i).unwrap_or_default();
    tallies.respondents += 1;
    if let Some(i) = columns.organization_name {
        let (text, bad) = decode(cell(i));
        if bad {
            tally.finding(Some(slot), header.bad_encoding(row, line, i, &text));
        }
        let text = text.trim();
        if !text.is_empty() {
            *tallies.names.entry(text.to_string()).or_default() += 1;
        }
    }
    let mut report_at =
        |i: usize, p: Problem| tally.finding(Some(slot), header.bad_cell(row, line, i, cell(i), p));
    if let Some(i) = columns.employees {
        match parse_count(cell(i)) {
            Ok(Some(n)) => *tallies.employees.entry(n).or_default() += 1,
            Ok(None) => {}
            Err(p) => report_at(i, p),
        }
    }
    for (k, index) in columns.scales.iter().enumerate() {
        let Some(i) = *index else { continue };
        match parse_likert(cell(i)) {
            Ok(Some(v)) => tallies.scales[k].add(v),
            Ok(None) => {}
            Err(p) => report_at(i, p),
        }
    }
    for (k, index) in columns.categories.iter().enumerate() {
        let Some(i) = *index else { continue };
        let text = decode(cell(i)).0;
        if text.trim().is_empty() {
            continue;
        }
        match CATEGORIES[k].2(&text) {
            Ok(v) => tallies.categories[k][v] += 1,
            Err(e) => report_at(i, Problem::unknown(&e)),
        }
    }
    if let Some(i) = columns.existing_pmo {
        match parse_yes_no(&decode(cell(i)).0) {
            Ok(Some(yes)) => tallies.existing_pmo[usize::from(!yes)] += 1,
            Ok(None) => {}
            Err(p) => report_at(i, p),
        }
    }
    if let Some(i) = columns.strategy {
        read_strategy(&decode(cell(i)).0, tallies, |p| report_at(i, p));
    }
}

/// Counts the outcomes one respondent's strategy names (`a;b`); an unknown key is a finding
/// and the others still count. A respondent naming an outcome twice counts once.
fn read_strategy(text: &str, tallies: &mut Tallies, mut report: impl FnMut(Problem)) {
    let mut named = vec![false; OutcomeKey::COUNT];
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match OutcomeKey::parse(part) {
            Ok(o) => named[o.index()] = true,
            Err(e) => report(Problem::unknown(&e)),
        }
    }
    if named.iter().any(|&n| n) {
        tallies.strategy_answers += 1;
        for (count, n) in tallies.strategy.iter_mut().zip(named) {
            *count += u32::from(n);
        }
    }
}

/// The outcomes named by at least half of the respondents who answered the strategy column,
/// and a disagreement when some named an outcome that others did not.
fn strategy(t: &Tallies) -> (Vec<OutcomeKey>, Option<Disagreement>) {
    let kept: Vec<OutcomeKey> = OutcomeKey::ALL
        .iter()
        .zip(&t.strategy)
        .filter(|(_, &c)| c > 0 && 2 * c >= t.strategy_answers)
        .map(|(o, _)| *o)
        .collect();
    let mut answers: Vec<(String, u32)> = OutcomeKey::ALL
        .iter()
        .zip(&t.strategy)
        .filter(|(_, &c)| c > 0)
        .map(|(o, &c)| (o.as_str().to_string(), c))
        .collect();
    let split = answers.iter().any(|a| a.1 < t.strategy_answers);
    answers.sort_by_key(|a| std::cmp::Reverse(a.1));
    let chosen = kept
        .iter()
        .map(|o| o.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let disagreement = split.then(|| Disagreement {
        field: STRATEGY.to_string(),
        answers,
        chosen,
    });
    (kept, disagreement)
}

/// The index with the highest count (first on ties), or `None` when nothing was counted.
fn most_frequent(counts: &[u32]) -> Option<usize> {
    let (index, &count) = counts.iter().enumerate().rev().max_by_key(|(_, c)| **c)?;
    // `rev` + `max_by_key` (which keeps the last maximum) yields the first maximum.
    (count > 0).then_some(index)
}

/// A disagreement on a categorical field, when more than one distinct answer was given.
fn categorical(field: &str, keys: &[&str], counts: &[u32]) -> Option<Disagreement> {
    let chosen = most_frequent(counts)?;
    let mut answers: Vec<(String, u32)> = keys
        .iter()
        .zip(counts)
        .filter(|(_, c)| **c > 0)
        .map(|(k, c)| (k.to_string(), *c))
        .collect();
    // Stable sort: ties stay in key order.
    answers.sort_by_key(|a| std::cmp::Reverse(a.1));
    (answers.len() > 1).then(|| Disagreement {
        field: field.to_string(),
        answers,
        chosen: keys[chosen].to_string(),
    })
}

/// A disagreement on a numeric field when `apart(min, max)` says the answers are far apart.
fn numeric(
    field: &str,
    counts: &BTreeMap<u32, u32>,
    chosen: String,
    apart: impl Fn(u32, u32) -> bool,
) -> Option<Disagreement> {
    let (min, max) = (*counts.keys().next()?, *counts.keys().next_back()?);
    if !apart(min, max) {
        return None;
    }
    let mut answers: Vec<(String, u32)> = counts.iter().map(|(v, c)| (v.to_string(), *c)).collect();
    answers.sort_by_key(|a| std::cmp::Reverse(a.1));
    Some(Disagreement {
        field: field.to_string(),
        answers,
        chosen,
    })
}

fn aggregate(t: &Tallies) -> Baseline {
    let mut disagreements = Vec::new();
    let pick = |k: usize| most_frequent(&t.categories[k]);
    let scales: Vec<Option<f64>> = t.scales.iter().map(LikertHistogram::median).collect();
    let employees = median(&t.employees);
    let mut check = |d: Option<Disagreement>| disagreements.extend(d);
    // Fixed order: industry, employees, the scales, the other categories, existing_pmo.
    check(categorical(
        CATEGORIES[0].0,
        CATEGORIES[0].1,
        &t.categories[0],
    ));
    if let Some(chosen) = employees {
        // Head counts disagree when the largest answer is at least twice the smallest.
        check(numeric(
            "employees",
            &t.employees,
            chosen.to_string(),
            |lo, hi| hi >= lo.saturating_mul(2) && hi > lo,
        ));
    }
    for (k, hist) in t.scales.iter().enumerate() {
        let counts: BTreeMap<u32, u32> = (1u32..)
            .zip(hist.counts())
            .filter(|(_, c)| *c > 0)
            .collect();
        if let Some(chosen) = scales[k] {
            // Scales disagree when answers are 2 or more points apart (3 vs 4 is noise).
            check(numeric(
                BaselineField::SCALES[k].as_str(),
                &counts,
                chosen.to_string(),
                |lo, hi| hi - lo >= 2,
            ));
        }
    }
    for (k, category) in CATEGORIES.iter().enumerate().skip(1) {
        check(categorical(category.0, category.1, &t.categories[k]));
    }
    check(categorical("existing_pmo", &YES_NO, &t.existing_pmo));
    let (strategic_outcomes, split) = strategy(t);
    check(split);
    let name = t
        .names
        .iter()
        .rev()
        .max_by_key(|(_, c)| **c)
        .map(|(n, _)| n.clone());
    Baseline {
        organization_name: name,
        industry: pick(0).map(|i| Industry::ALL[i]),
        employees,
        pm_maturity: scales[0],
        structure: pick(1).map(|i| Structure::ALL[i]),
        coverage_scope: pick(2).map(|i| CoverageScope::ALL[i]),
        decision_style: pick(3).map(|i| DecisionStyle::ALL[i]),
        risk_tolerance: scales[1],
        change_readiness: scales[2],
        regulatory_intensity: scales[3],
        scenario: pick(4).map(|i| Scenario::ALL[i]),
        existing_pmo: most_frequent(&t.existing_pmo).map(|i| i == 0),
        mandate: pick(5).map(|i| Mandate::ALL[i]),
        strategic_outcomes,
        respondents: t.respondents,
        disagreements,
    }
}

/// Median of counted values; for an even count the mean of the two middle values, rounded
/// down (head counts are whole).
fn median(counts: &BTreeMap<u32, u32>) -> Option<u32> {
    let n: u64 = counts.values().map(|&c| u64::from(c)).sum();
    if n == 0 {
        return None;
    }
    let nth = |rank: u64| {
        let mut seen = 0;
        counts.iter().find(|(_, &c)| {
            seen += u64::from(c);
            seen > rank
        })
    };
    let lo = u64::from(*nth((n - 1) / 2)?.0);
    let hi = u64::from(*nth(n / 2)?.0);
    u32::try_from((lo + hi) / 2).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::ingest::registry::finish;
    use crate::model::organization::OrganizationId;
    use crate::model::survey_set::SurveySet;

    fn read(csv: &str) -> SurveySet {
        let input = CsvInput::new("baseline.csv".into(), csv.as_bytes()).unwrap();
        let mut registry = Registry::new(None);
        let tally = read_baseline(input, &mut registry).unwrap();
        finish(registry, vec![tally], Some("baseline.csv"))
    }

    fn baseline(set: &SurveySet, id: &str) -> Baseline {
        set.organizations[&OrganizationId::new(id).unwrap()]
            .baseline
            .clone()
            .unwrap()
    }

    const HEAD: &str = "organization,organization_name,industry,employees,pm_maturity,structure,risk_tolerance,scenario,existing_pmo\n";

    #[test]
    fn aggregates_median_and_most_frequent_with_disagreements() {
        let set = read(&format!(
            "{HEAD}acme,Acme,energy,1000,2,matrix,3,growing,yes\n\
             acme,Acme,energy,1200,3,functional,3,crisis,no\n\
             acme,ACME Corp,it,1100,5,matrix,4,growing,y\n"
        ));
        let b = baseline(&set, "acme");
        assert_eq!(b.respondents, 3);
        assert_eq!(b.organization_name.as_deref(), Some("Acme"));
        assert_eq!(b.industry, Some(Industry::Energy));
        assert_eq!(b.employees, Some(1100));
        assert_eq!(b.pm_maturity, Some(3.0));
        assert_eq!(b.structure, Some(Structure::Matrix));
        assert_eq!(b.risk_tolerance, Some(3.0));
        assert_eq!(b.scenario, Some(Scenario::Growing));
        assert_eq!(b.existing_pmo, Some(true));
        let fields: Vec<&str> = b.disagreements.iter().map(|d| d.field.as_str()).collect();
        // risk_tolerance (3, 3, 4) is within one point: not a disagreement; employees within 2×.
        assert_eq!(
            fields,
            [
                "industry",
                "pm_maturity",
                "structure",
                "scenario",
                "existing_pmo"
            ]
        );
        let industry = &b.disagreements[0];
        assert_eq!(
            industry.answers,
            [("energy".to_string(), 2), ("it".to_string(), 1)]
        );
        assert_eq!(industry.chosen, "energy");
        assert_eq!(b.disagreements[1].chosen, "3");
        assert_eq!(set.data_quality.rows_used(), 3);
    }

    #[test]
    fn even_counts_take_the_middle_and_ties_go_to_key_order() {
        let set = read(&format!(
            "{HEAD}a,,it,100,2,projectized,,,no\na,,energy,300,3,functional,,,yes\n"
        ));
        let b = baseline(&set, "a");
        assert_eq!(b.pm_maturity, Some(2.5));
        assert_eq!(b.employees, Some(200));
        assert_eq!(b.industry, Some(Industry::Energy));
        assert_eq!(b.structure, Some(Structure::Functional));
        assert_eq!(b.existing_pmo, Some(true));
        assert!(b.disagreements.iter().any(|d| d.field == "employees"));
    }

    #[test]
    fn bad_cells_are_findings_and_count_as_missing() {
        let set = read(&format!("{HEAD}a,,farming,lots,7,matrx,,,maybe\n"));
        let codes: Vec<&str> = set.data_quality.findings.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["I102", "I102", "I103", "I103", "I102"]);
        let structure = &set.data_quality.findings[3];
        assert_eq!(structure.hints, ["did you mean `matrix`?"]);
        assert!(
            matches!(structure.location, Location::Csv { row: 2, column: Some(ref c), .. } if c.name == "structure")
        );
        let b = baseline(&set, "a");
        assert_eq!(
            (b.industry, b.employees, b.pm_maturity, b.existing_pmo),
            (None, None, None, None)
        );
        assert_eq!(b.respondents, 1);
    }

    #[test]
    fn mandate_is_a_category_and_strategy_keeps_what_half_name() {
        let set = read(
            "organization,mandate,strategic_outcomes\n\
             a,delegated,strategic_alignment;higher_roi\n\
             a,advisory,strategic_alignment; budget_management\n\
             a,delegated,\n\
             a,delegated,strategic_alignment;higher_roi;strategic_alignment;growth\n",
        );
        let b = baseline(&set, "a");
        assert_eq!(b.mandate, Some(Mandate::Delegated));
        // Three respondents answered: strategic alignment 3 of 3, higher ROI 2 of 3 (kept),
        // budget management 1 of 3 (dropped); the repeat counts once.
        assert_eq!(
            b.strategic_outcomes,
            [OutcomeKey::StrategicAlignment, OutcomeKey::HigherRoi]
        );
        let split = b
            .disagreements
            .iter()
            .find(|d| d.field == "strategic_outcomes")
            .unwrap();
        assert_eq!(split.chosen, "strategic_alignment;higher_roi");
        assert_eq!(split.answers[0], ("strategic_alignment".to_string(), 3));
        assert!(b.disagreements.iter().any(|d| d.field == "mandate"));
        let unknown = &set.data_quality.findings[0];
        assert_eq!(unknown.code, "I103");
        assert!(
            matches!(unknown.location, Location::Csv { row: 5, column: Some(ref c), .. } if c.name == "strategic_outcomes"),
            "{:?}",
            unknown.location
        );
    }

    #[test]
    fn rows_without_organization_are_rejected() {
        let set = read(&format!("{HEAD},,it,,,,,,\nx y,,it,,,,,,\na,,it,,,,,,\n"));
        let q = &set.data_quality;
        assert_eq!((q.rows_read(), q.rows_used(), q.rows_rejected()), (3, 1, 2));
        assert_eq!(q.findings[0].code, finding::MISSING_ORGANIZATION);
        assert_eq!(q.findings[1].code, finding::BAD_ORGANIZATION);
        assert_eq!(set.organizations.len(), 1);
    }
}
