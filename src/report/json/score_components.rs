//! `services[].score_components`: a service's score split into the points each rule added,
//! read back from the reasons the rules recorded for the score.
//!
//! The host functions that add points write them into their reason texts (`demand 0.87`,
//! `multiplies its demand by 1.25`), so the split is derived from those texts; whatever the
//! texts do not account for (an `add_score` in a custom rule, say) is one "other adjustments"
//! component, so the components always add up to the score. Owned wire data (Serialize and
//! Deserialize).

use serde::{Deserialize, Serialize};

use crate::model::recommendation::ServiceDecision;
use crate::model::scale::round_to;

/// The largest remainder taken for the rounding of the points printed in the reasons.
const ROUNDING: f64 = 0.02;

/// One addend of a service's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreComponentJson {
    /// What the points are for.
    pub label: String,
    /// Points added (2 decimals; may be negative).
    pub points: f64,
    /// The rule that added them, `file:line`, or null for the remainder.
    pub rule: Option<String>,
}

/// The number that follows `marker` in `text`, if any (`"demand 0.87 (…"` → 0.87).
fn number_after(text: &str, marker: &str) -> Option<f64> {
    // memchr's substring search: `str::find` set up a two-way searcher per call, for two
    // markers in every reason of every service.
    let at = memchr::memmem::find(text.as_bytes(), marker.as_bytes())?;
    let rest = &text[at + marker.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    rest[..end].trim_end_matches('.').parse().ok()
}

/// The components of one service's score, in the order the rules added them.
pub fn score_components(s: &ServiceDecision) -> Vec<ScoreComponentJson> {
    let mut out = Vec::new();
    let mut running = 0.0;
    for r in &s.reasons {
        let rule = r.rule.as_ref().map(|l| l.to_string());
        if let Some(points) = number_after(&r.text, "high: demand ") {
            running += points;
            out.push(ScoreComponentJson {
                label: "demand from outcomes ranked high".into(),
                points: round_to(points, 2),
                rule,
            });
        } else if let Some(factor) = number_after(&r.text, "multiplies its demand by ") {
            let points = running * (factor - 1.0);
            running += points;
            out.push(ScoreComponentJson {
                label: format!("service-maturity gap (demand \u{d7} {factor})"),
                points: round_to(points, 2),
                rule,
            });
        }
    }
    let rest = s.score - running;
    // The reasons print points to 2 decimals: a remainder of that size is their rounding, and
    // goes to the last component rather than showing as an adjustment nobody made.
    if let Some(last) = out.last_mut().filter(|_| rest.abs() < ROUNDING) {
        last.points = round_to(last.points + rest, 2);
    } else if rest.abs() >= 0.005 {
        out.push(ScoreComponentJson {
            label: "other adjustments".into(),
            points: round_to(rest, 2),
            rule: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::decision::{Reason, RuleLocation};
    use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};

    #[test]
    fn demand_and_gap_points_add_up_to_the_score() {
        let at = |line| {
            Some(RuleLocation {
                file: "rules/20_services.rhai".into(),
                line,
                column: 1,
            })
        };
        let s = ServiceDecision {
            key: ServiceKey::RiskManagement,
            category: ServiceCategory::Operational,
            score: 1.5,
            priority: Priority::Must,
            horizon: Horizon::Short,
            share: 1.0,
            borderline: false,
            actions: Vec::new(),
            reasons: vec![
                Reason::new(
                    "customers rank risk (4.2/5) high: demand 1.00 (our formula)",
                    at(32),
                ),
                Reason::new("its other linked outcomes rank low here", at(32)),
                Reason::new(
                    "the 2-level gap multiplies its demand by 1.25 (our formula)",
                    at(40),
                ),
            ],
        };
        let mut s = s;
        let c = score_components(&s);
        assert_eq!(c.len(), 3, "{c:?}");
        assert_eq!(
            (c[0].points, c[0].rule.as_deref()),
            (1.0, Some("rules/20_services.rhai:32"))
        );
        assert_eq!(c[1].points, 0.25);
        assert_eq!(
            (c[2].label.as_str(), c[2].points, c[2].rule.as_deref()),
            ("other adjustments", 0.25, None)
        );
        let sum: f64 = c.iter().map(|c| c.points).sum();
        assert!((sum - s.score).abs() < 0.01);
        // A remainder of the reasons' rounding is no adjustment.
        s.score = 1.256;
        let c = score_components(&s);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].points, 0.26);
    }
}
