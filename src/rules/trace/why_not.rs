//! "Why not": for a service below `must`, the cut-off of the next priority up and how far its
//! demand is from it, read from the params as the engine received them. When its share already
//! reaches that cut-off, a later rule kept it lower, and the answer names that rule.

use std::collections::BTreeMap;

use crate::model::decision::RuleLocation;
use crate::model::recommendation::ServiceDecision;
use crate::model::service::Priority;
use crate::rules::trace::num;

/// The priority one step up and the param holding its cut-off.
fn next_up(p: Priority) -> Option<(Priority, &'static str)> {
    match p {
        Priority::Must => None,
        Priority::Should => Some((Priority::Must, "must_cutoff")),
        Priority::Could => Some((Priority::Should, "should_cutoff")),
        Priority::NotNow => Some((Priority::Could, "could_cutoff")),
    }
}

/// `47%`: a share of the top demand in whole percent (one decimal when needed).
fn percent(share: f64) -> String {
    format!("{}%", num((share * 1000.0).round() / 10.0))
}

/// Why `s` is not one priority higher; `None` at `must` or when the params lack the cut-off.
/// `last_rule` is the rule that set its final priority.
pub fn why_not(
    s: &ServiceDecision,
    params: &BTreeMap<String, f64>,
    last_rule: Option<&RuleLocation>,
) -> Option<String> {
    let (up, param) = next_up(s.priority)?;
    let cut = *params.get(param)?;
    let up = up.as_str();
    if s.score <= 0.0 {
        return Some(format!(
            "no demand from this organization's top outcomes; {up} starts at {} of the top service's demand (params.{param})",
            percent(cut)
        ));
    }
    let head = format!(
        "demand {} is {} of the top service's; {up} starts at {} (params.{param})",
        num(s.score),
        percent(s.share),
        percent(cut)
    );
    if s.share + 1e-9 < cut {
        let short = num(((cut - s.share) * 1000.0).round() / 10.0);
        let unit = if short == "1" { "point" } else { "points" };
        return Some(format!("{head}: {short} {unit} short"));
    }
    let by = last_rule.map_or(String::new(), |r| format!(" ({r})"));
    Some(format!(
        "{head}: it reaches the cut-off, but a later rule set it to {}{by}",
        s.priority.as_str()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::service::{Horizon, ServiceCategory, ServiceKey};

    fn service(score: f64, share: f64, priority: Priority) -> ServiceDecision {
        ServiceDecision {
            key: ServiceKey::ALL[0],
            category: ServiceCategory::ALL[0],
            score,
            priority,
            horizon: Horizon::Medium,
            share,
            borderline: false,
            actions: Vec::new(),
            reasons: Vec::new(),
        }
    }

    fn params() -> BTreeMap<String, f64> {
        [
            ("must_cutoff", 0.75),
            ("should_cutoff", 0.55),
            ("could_cutoff", 0.5),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    #[test]
    fn names_the_cut_off_missed_and_by_how_much() {
        let text = why_not(&service(1.4, 0.47, Priority::NotNow), &params(), None).unwrap();
        assert_eq!(
            text,
            "demand 1.4 is 47% of the top service's; could starts at 50% (params.could_cutoff): 3 points short"
        );
        let text = why_not(&service(2.0, 0.6, Priority::Should), &params(), None).unwrap();
        assert!(
            text.ends_with("must starts at 75% (params.must_cutoff): 15 points short"),
            "{text}"
        );
        assert_eq!(
            why_not(&service(3.0, 1.0, Priority::Must), &params(), None),
            None
        );
    }

    #[test]
    fn a_share_past_the_cut_off_names_the_rule_that_kept_it_lower() {
        let rule = RuleLocation {
            file: "rules/20_services.rhai".into(),
            line: 90,
            column: 5,
        };
        let text = why_not(&service(2.0, 0.8, Priority::Should), &params(), Some(&rule)).unwrap();
        assert!(
            text.ends_with("it reaches the cut-off, but a later rule set it to should (rules/20_services.rhai:90)"),
            "{text}"
        );
        let none = why_not(&service(0.0, 0.0, Priority::NotNow), &params(), None).unwrap();
        assert!(none.starts_with("no demand"), "{none}");
    }
}
