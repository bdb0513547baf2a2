//! `peers`: the organization beside the benchmark the config names, or why it is not compared;
//! the data behind the report's "Compared with peers". Owned wire data (Serialize and
//! Deserialize); the comparison itself is `report::build::peer_comparison`.

use serde::{Deserialize, Serialize};

use crate::model::benchmark::PeerMeasure;
use crate::model::scale::round_to;
use crate::report::build::{standing_text, PeerComparison};

/// The comparison with peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeersJson {
    /// The benchmark file, as the config names it.
    pub file: String,
    /// Whether anything was compared (false where there is no PMO yet).
    pub compared: bool,
    /// Why nothing was compared, when `compared` is false.
    pub reason: Option<String>,
    /// One entry per measure the benchmark has a row for.
    pub measures: Vec<PeerMeasureJson>,
}

/// One measure beside its peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerMeasureJson {
    /// `satisfaction`, `nps` or `maturity`.
    pub measure: PeerMeasure,
    /// The organization's value, every answer together (2 decimals; NPS 1).
    pub value: f64,
    /// Answers behind it.
    pub answers: u32,
    /// The peers' lower quartile, median and upper quartile.
    pub quartiles: [f64; 3],
    /// Where the value stands, in words.
    pub standing: String,
    /// The row's industry key, or null for every industry.
    pub industry: Option<String>,
    /// The row's size band, or null for every size.
    pub size_band: Option<String>,
    /// The row in the benchmark file (1-based, header included).
    pub row: u64,
}

impl PeersJson {
    /// The wire value of a comparison with the benchmark `file`.
    pub fn new(file: &str, comparison: &PeerComparison) -> Self {
        match comparison {
            PeerComparison::NoPmo => PeersJson {
                file: file.to_string(),
                compared: false,
                reason: Some(
                    "no PMO yet: customers rated the support they get today, while the benchmark describes organizations that have a PMO"
                        .into(),
                ),
                measures: Vec::new(),
            },
            PeerComparison::Compared(figures) => PeersJson {
                file: file.to_string(),
                compared: true,
                reason: None,
                measures: figures
                    .iter()
                    .map(|f| PeerMeasureJson {
                        measure: f.measure,
                        value: round_to(f.value, if f.measure == PeerMeasure::Nps { 1 } else { 2 }),
                        answers: f.answers,
                        quartiles: f.row.quartiles,
                        standing: standing_text(f.standing).to_string(),
                        industry: f.row.industry.map(|i| i.as_str().to_string()),
                        size_band: f.row.size.map(|s| s.as_str().to_string()),
                        row: f.row.row,
                    })
                    .collect(),
            },
        }
    }
}
