//! "Compared with peers": the organization's satisfaction, Net Promoter Score and customer
//! maturity set against the quartiles of the benchmark file the config names.
//!
//! The benchmark's organizations have a PMO. Where there is none yet, customers rated the
//! support they get today, which is another question: the section says so and compares
//! nothing, rather than set the two side by side.

use crate::model::baseline::Industry;
use crate::model::benchmark::{BenchmarkRow, PeerMeasure, SizeBand, Standing};
use crate::model::survey::OrganizationInput;
use crate::report::build::{capitalize, col, num, rated_subject, section, signed, table_or};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table, Tone};

/// One measure of the organization beside its peers.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerFigure {
    /// What is compared.
    pub measure: PeerMeasure,
    /// The organization's value (every customer answer together).
    pub value: f64,
    /// Answers behind it.
    pub answers: u32,
    /// The benchmark row it is set against.
    pub row: BenchmarkRow,
    /// Where the value stands among the peers.
    pub standing: Standing,
}

/// The comparison with peers, when the config names a benchmark.
#[derive(Debug, Clone, PartialEq)]
pub enum PeerComparison {
    /// Compared, measure by measure (empty when no row fits).
    Compared(Vec<PeerFigure>),
    /// Not compared: there is no PMO yet, so the scores answer another question.
    NoPmo,
}

/// The organization against the benchmark, or `None` without one.
pub fn peer_comparison(input: &OrganizationInput) -> Option<PeerComparison> {
    let benchmark = input.benchmark.as_deref()?;
    if rated_subject(input) != "the PMO" {
        return Some(PeerComparison::NoPmo);
    }
    let industry = input.baseline.as_ref().and_then(|b| b.industry);
    let size = input
        .baseline
        .as_ref()
        .and_then(|b| b.employees)
        .map(SizeBand::of);
    let (satisfaction, nps) = input.overall_answers();
    let mut maturity = crate::model::scale::LikertHistogram::default();
    for a in input.groups.values() {
        maturity.merge(&a.pm_maturity);
    }
    let figures = [
        (
            PeerMeasure::Satisfaction,
            satisfaction.mean(),
            satisfaction.answered(),
        ),
        (PeerMeasure::Nps, nps.score(), nps.answered()),
        (PeerMeasure::Maturity, maturity.mean(), maturity.answered()),
    ];
    Some(PeerComparison::Compared(
        figures
            .iter()
            .filter_map(|&(measure, value, answers)| {
                let row = benchmark.find(industry, size, measure)?;
                let value = value?;
                Some(PeerFigure {
                    measure,
                    value,
                    answers,
                    row: row.clone(),
                    standing: row.standing(value),
                })
            })
            .collect(),
    ))
}

/// The section, or `None` when the config names no benchmark.
pub(super) fn peers_section(input: &OrganizationInput) -> Option<Section> {
    let benchmark = input.benchmark.as_deref()?;
    let title = "Compared with peers";
    let figures = match peer_comparison(input)? {
        PeerComparison::NoPmo => {
            return Some(section(title, 2, false, vec![Block::Paragraph(Paragraph::text(format!(
                "A peer benchmark was given ({}), but it is not used here: there is no PMO yet, so customers rated the project support they get today, while the benchmark describes organizations that have a PMO. Set side by side, the two would compare different things. Once the PMO has run for a few quarters, its own scores can be compared.",
                benchmark.file
            )))]));
        }
        PeerComparison::Compared(figures) => figures,
    };
    let rows: Vec<Vec<Cell>> = figures
        .iter()
        .map(|f| {
            let m = f.measure;
            vec![
                Cell::strong(measure_name(m)),
                Cell::text(format!("{} (n = {})", show(m, f.value), f.answers)),
                Cell::text(f.row.quartiles.map(|q| show(m, q)).join(" / ")),
                Cell::text(standing_text(f.standing)).with_tone(match f.standing {
                    Standing::BottomQuarter => Some(Tone::Alert),
                    Standing::TopQuarter => Some(Tone::Strong),
                    _ => None,
                }),
                Cell::text(peer_group(&f.row)),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Paragraph(Paragraph::text(format!(
        "Every customer answer together against the quartiles of peer organizations that have a PMO, from the benchmark file the configuration names ({}). The peer group is the closest the file has: the same industry and size band where it lists one, else the wider group shown.",
        benchmark.file
    )))];
    blocks.push(table_or(
        Table {
            columns: vec![
                col("Measure", 2.0, Align::Left),
                col("Here", 1.5, Align::Right),
                col("Peers p25 / p50 / p75", 2.0, Align::Right),
                col("Standing", 2.1, Align::Left),
                col("Peer group", 2.8, Align::Left),
            ],
            rows,
            compact: true,
        },
        "The benchmark has no row that fits this organization.",
    ));
    blocks.push(Block::Paragraph(Paragraph::spans(vec![Span::note(
        "Peer figures are the user\u{2019}s, not this tool\u{2019}s; read a standing as a question to ask, not a verdict, and mind the n.",
    )])));
    Some(section(title, 2, false, blocks))
}

fn measure_name(m: PeerMeasure) -> &'static str {
    match m {
        PeerMeasure::Satisfaction => "Satisfaction (1\u{2013}5)",
        PeerMeasure::Nps => "Net Promoter Score",
        PeerMeasure::Maturity => "Customers\u{2019} PM maturity (1\u{2013}5)",
    }
}

fn show(m: PeerMeasure, v: f64) -> String {
    match m {
        PeerMeasure::Nps => signed(v),
        _ => num(v, 1),
    }
}

/// How a standing reads, in the report and the JSON.
pub fn standing_text(s: Standing) -> &'static str {
    match s {
        Standing::BottomQuarter => "bottom quarter of peers",
        Standing::BelowMedian => "below the peer median",
        Standing::AboveMedian => "at or above the peer median",
        Standing::TopQuarter => "top quarter of peers",
    }
}

/// `IT`, `Financial services`.
fn industry_name(i: Industry) -> String {
    match i {
        Industry::It => "IT".to_string(),
        other => capitalize(other.as_str()),
    }
}

/// `Healthcare, medium (row 4)` or `all industries, all sizes (row 2)`.
fn peer_group(row: &BenchmarkRow) -> String {
    format!(
        "{}, {} (row {})",
        row.industry
            .map_or("all industries".to_string(), industry_name),
        row.size
            .map_or("all sizes".to_string(), |s| s.as_str().to_string()),
        row.row
    )
}
