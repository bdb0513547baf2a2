//! Wire types of the "Decisions for the sponsor" page: owned data (`String`, `Vec`) that
//! serializes and deserializes, so the page can be rebuilt from the JSON alone.

use serde::{Deserialize, Serialize};

/// The sponsor's page: the decisions asked, the risks of not acting, and the next steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionsJson {
    /// The page's opening sentence.
    pub intro: String,
    /// Three to five decisions, in the order to take them.
    pub decisions: Vec<SponsorDecisionJson>,
    /// The most serious risks of not acting, from this organization's alerts and evidence.
    pub risks: Vec<RiskJson>,
    /// Next steps by horizon, each with the role that owns it.
    pub next_steps: Vec<NextStepJson>,
}

/// One decision asked of the sponsor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SponsorDecisionJson {
    /// What it is about: `mandate`, `fund`, `simplify` or `appoint`.
    pub kind: String,
    /// The decision in a few words.
    pub title: String,
    /// What is asked, in a sentence or two.
    pub ask: String,
    /// The services it concerns (keys), if any.
    pub services: Vec<String>,
}

/// One risk of not acting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskJson {
    /// `critical`, `warning` or `info` (from the alert), or `evidence` for other findings.
    pub level: String,
    /// The risk, in a sentence.
    pub text: String,
    /// Where it comes from: an alert code, an advice code or a service key.
    pub source: String,
}

/// One next step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextStepJson {
    /// `quick_wins`, `next` or `later` (the roadmap's phases).
    pub horizon: String,
    /// What to do.
    pub action: String,
    /// The role that owns it.
    pub owner: String,
}
