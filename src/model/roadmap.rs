//! The roadmap: when each selected service starts, by phase and quarter, and why.
//!
//! Filled by `rules::roadmap` after the scripts have decided priorities and horizons; read by
//! the report (the roadmap chart, the sponsor's next steps, the charter) and the JSON. Quarters
//! are counted from the period reported: quarter 1 is the next one.

use serde::Serialize;

use crate::key_enum;
use crate::model::decision::Reason;
use crate::model::service::ServiceKey;

key_enum! {
    /// A phase of the roadmap, in the order the services start.
    pub enum Phase: "roadmap phase" {
        /// The next quarter: quick wins that show value early.
        QuickWins = "quick_wins",
        /// The two to three quarters after it.
        Next = "next",
        /// Later, when the PMO and its customers are ready.
        Later = "later",
    }
}

impl Phase {
    /// The phase a start quarter falls in (1 = the next quarter).
    pub fn of_quarter(quarter: u8) -> Phase {
        match quarter {
            0 | 1 => Phase::QuickWins,
            2 | 3 => Phase::Next,
            _ => Phase::Later,
        }
    }

    /// The first quarter of the phase.
    pub fn first_quarter(self) -> u8 {
        match self {
            Phase::QuickWins => 1,
            Phase::Next => 2,
            Phase::Later => 4,
        }
    }
}

/// What put a service into its start quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Its priority and horizon alone.
    Urgency,
    /// It waits for a service it depends on.
    Dependency,
    /// A regulatory deadline brings it forward, ahead of its dependencies.
    Regulatory,
    /// A new PMO's quarter was full: it waits for the next one with room.
    Capacity,
    /// A more urgent service builds on it, so it comes forward.
    Enabler,
}

/// One selected service on the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapItem {
    /// The service.
    pub service: ServiceKey,
    /// Its phase (follows from `start`).
    pub phase: Phase,
    /// The quarter it starts, 1 = the quarter after the period reported.
    pub start: u8,
    /// How many quarters it takes to set up (from its horizon) before it runs as usual.
    pub build_quarters: u8,
    /// What decided the start.
    pub placement: Placement,
    /// The selected services it waits for (from the dependency table).
    pub depends_on: Vec<ServiceKey>,
    /// Why it starts when it does, the dependency table's rows included.
    pub reasons: Vec<Reason>,
}

/// The selected services in start order (quarter, then urgency, then catalog order).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Roadmap {
    /// The services, in start order.
    pub items: Vec<RoadmapItem>,
    /// Whether the regulatory rule applied (compliance services first).
    pub regulated: bool,
}

impl Roadmap {
    /// The item of `service`, when it is on the roadmap (selected).
    pub fn item(&self, service: ServiceKey) -> Option<&RoadmapItem> {
        self.items.iter().find(|i| i.service == service)
    }

    /// The items of one phase, in start order.
    pub fn phase(&self, phase: Phase) -> impl Iterator<Item = &RoadmapItem> {
        self.items.iter().filter(move |i| i.phase == phase)
    }

    /// The last quarter any service is still being set up in (at least 1).
    pub fn horizon_quarters(&self) -> u8 {
        self.items
            .iter()
            .map(|i| i.start + i.build_quarters - 1)
            .max()
            .unwrap_or(1)
            .max(1)
    }
}
