//! Wire types of the roadmap: owned data that serializes and deserializes, so the roadmap
//! chart and its reasons can be rebuilt from the JSON alone.

use serde::{Deserialize, Serialize};

/// The selected services by phase and quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapJson {
    /// The quarters the chart shows, first = the quarter after the period (`2026-Q4`).
    pub quarters: Vec<String>,
    /// Whether the regulatory rule applied (compliance services first).
    pub regulated: bool,
    /// The services in start order.
    pub items: Vec<RoadmapItemJson>,
}

/// One service on the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapItemJson {
    /// Service key.
    pub service: String,
    /// S-number.
    pub number: usize,
    /// Display name.
    pub name: String,
    /// Priority (`must`, `should`, `could`).
    pub priority: String,
    /// `quick_wins`, `next` or `later`.
    pub phase: String,
    /// Start quarter, 1 = the quarter after the period.
    pub start: u8,
    /// The start quarter's label (`2026-Q4`).
    pub start_quarter: String,
    /// Quarters of set-up before it runs as usual.
    pub build_quarters: u8,
    /// What decided the start: `urgency`, `dependency` or `regulatory`.
    pub placement: String,
    /// The selected services it waits for (keys).
    pub depends_on: Vec<String>,
    /// Why it starts when it does.
    pub reasons: Vec<RoadmapReasonJson>,
}

/// One reason of a roadmap item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadmapReasonJson {
    /// The sentence.
    pub text: String,
    /// The dependency table's row (`dependencies.csv:5`) or the step of the sequencing rule
    /// (`sequencing rule:2`).
    pub rule: Option<String>,
}
