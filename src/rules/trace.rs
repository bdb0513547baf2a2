//! What `pmo-advisor explain` prints: the chain of decisions for one organization, in the
//! order the rules made them (outcomes → services → approaches → profile → alerts), each with
//! the reasons and rule locations recorded while the scripts ran, and the input values that
//! drove them.
//!
//! Built from an evaluated `Recommendation` and its `OrganizationInput`; it re-runs nothing and
//! decides nothing. Rendering to text is here too (plain, no colour) so the CLI only chooses
//! between text and JSON.

use std::fmt::Write;

use serde::Serialize;

use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::decision::Reason;
use crate::model::recommendation::Recommendation;
use crate::model::service::ServiceKey;
use crate::model::survey::OrganizationInput;

/// Which part of the chain to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    /// Only this customer group (its outcomes, approaches and alerts).
    pub group: Option<CustomerGroup>,
    /// Only this service (its outcomes, score, priority and approaches).
    pub service: Option<ServiceKey>,
}

/// The explanation of one organization's recommendation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Organization id.
    pub organization: String,
    /// The input values the rules read, as `name = value`.
    pub inputs: Vec<Fact>,
    /// The decisions, in the order the rules made them.
    pub steps: Vec<Step>,
}

/// One input value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Such as `baseline.industry` or `executive.pm_maturity`.
    pub name: String,
    /// As a reader sees it.
    pub value: String,
}

/// One decision and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// `outcomes`, `service`, `approach`, `profile` or `alert`.
    pub stage: &'static str,
    /// What was decided about (`portfolio_management`, `executive`).
    pub subject: String,
    /// The decision (`must, score 38.2, medium horizon`).
    pub decision: String,
    /// The reasons, in the order recorded.
    pub because: Vec<Because>,
}

/// One reason with its rule location (`None` for host defaults).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Because {
    /// The reason's sentence.
    pub text: String,
    /// `rules/20_services.rhai:41`, or `None` for a documented default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

fn because(reasons: &[Reason]) -> Vec<Because> {
    reasons
        .iter()
        .map(|r| Because {
            text: r.text.clone(),
            rule: r.rule.as_ref().map(ToString::to_string),
        })
        .collect()
}

/// `4.6`, `38.25`: at most 2 decimals, no trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Builds the explanation for `focus`.
pub fn explain(
    rec: &Recommendation,
    input: &OrganizationInput,
    catalog: &Catalog,
    focus: Focus,
) -> Explanation {
    let mut inputs = Vec::new();
    let mut fact = |name: String, value: Option<String>| {
        if let Some(value) = value {
            inputs.push(Fact { name, value });
        }
    };
    if let Some(b) = &input.baseline {
        fact(
            "baseline.industry".into(),
            b.industry.map(|v| v.as_str().to_string()),
        );
        fact(
            "baseline.pm_maturity".into(),
            b.pm_maturity.map(|v| format!("{}/5", num(v))),
        );
        fact(
            "baseline.regulatory_intensity".into(),
            b.regulatory_intensity.map(|v| format!("{}/5", num(v))),
        );
        fact(
            "baseline.risk_tolerance".into(),
            b.risk_tolerance.map(|v| format!("{}/5", num(v))),
        );
        fact(
            "baseline.change_readiness".into(),
            b.change_readiness.map(|v| format!("{}/5", num(v))),
        );
        fact(
            "baseline.scenario".into(),
            b.scenario.map(|v| v.as_str().to_string()),
        );
        fact(
            "baseline.coverage_scope".into(),
            b.coverage_scope.map(|v| v.as_str().to_string()),
        );
    } else {
        fact("baseline".into(), Some("none".into()));
    }
    for (g, answers) in &input.groups {
        if focus.group.is_some_and(|f| f != *g) {
            continue;
        }
        fact(
            format!("{}.respondents", g.as_str()),
            Some(answers.respondents.to_string()),
        );
        fact(
            format!("{}.pm_maturity", g.as_str()),
            answers.pm_maturity.mean().map(|v| format!("{}/5", num(v))),
        );
        fact(
            format!("{}.satisfaction", g.as_str()),
            answers.satisfaction.mean().map(|v| format!("{}/5", num(v))),
        );
    }

    let mut steps = Vec::new();
    // Outcomes: the organization's (or the group's) priorities, only those linked to the service.
    let linked = |o: crate::model::outcome::OutcomeKey| {
        focus
            .service
            .is_none_or(|s| catalog.outcome(o).services.contains(&s))
    };
    match focus
        .group
        .and_then(|g| rec.groups.iter().find(|d| d.group == g))
    {
        Some(group) => {
            for o in group.top_outcomes.iter().filter(|o| linked(o.outcome)) {
                steps.push(Step {
                    stage: "outcomes",
                    subject: format!("{} / {}", group.group.as_str(), o.outcome.as_str()),
                    decision: format!("{}/5", num(o.priority)),
                    because: because(&o.reasons),
                });
            }
        }
        None => {
            let shown = if focus.service.is_some() {
                usize::MAX
            } else {
                5
            };
            for o in rec
                .outcomes
                .iter()
                .filter(|o| linked(o.outcome))
                .take(shown)
            {
                steps.push(Step {
                    stage: "outcomes",
                    subject: o.outcome.as_str().to_string(),
                    decision: format!("{}/5", num(o.priority)),
                    because: because(&o.reasons),
                });
            }
        }
    }
    for s in &rec.services {
        if focus.service.is_some_and(|f| f != s.key)
            || (focus.group.is_some() && focus.service.is_none())
        {
            continue;
        }
        steps.push(Step {
            stage: "service",
            subject: s.key.as_str().to_string(),
            decision: format!(
                "{}, score {}, {} horizon",
                s.priority.as_str(),
                num(s.score),
                s.horizon.as_str()
            ),
            because: because(&s.reasons),
        });
    }
    for g in &rec.groups {
        if focus.group.is_some_and(|f| f != g.group) {
            continue;
        }
        let (decision, reasons): (String, Vec<Reason>) = match focus.service {
            Some(s) => {
                let prefix = format!("{}:", catalog.service(s).name);
                let approach = g
                    .service_approaches
                    .get(&s)
                    .map_or("none (not selected)", |a| a.as_str());
                (
                    format!("{approach} for {}", s.as_str()),
                    g.reasons
                        .iter()
                        .filter(|r| r.text.starts_with(&prefix))
                        .cloned()
                        .collect(),
                )
            }
            None => (
                format!("{} (dominant approach)", g.approach.as_str()),
                g.reasons.clone(),
            ),
        };
        steps.push(Step {
            stage: "approach",
            subject: g.group.as_str().to_string(),
            decision,
            because: because(&reasons),
        });
    }
    if focus == Focus::default() {
        let p = &rec.profile;
        steps.push(Step {
            stage: "profile",
            subject: "pmo_profile".into(),
            decision: format!(
                "{} scope, {} control; mix {}% strategic, {}% tactical, {}% operational; labels: {}",
                p.coverage_scope.as_str(),
                p.control_level.as_str(),
                num(p.category_mix.strategic * 100.0),
                num(p.category_mix.tactical * 100.0),
                num(p.category_mix.operational * 100.0),
                p.labels.join(", ")
            ),
            because: because(&p.reasons),
        });
    }
    for a in &rec.alerts {
        let relevant = match (focus.group, a.group) {
            (Some(f), Some(g)) => f == g,
            (Some(_), None) => false,
            (None, _) => focus.service.is_none(),
        };
        if relevant {
            steps.push(Step {
                stage: "alert",
                subject: a.code.clone(),
                decision: a.level.as_str().to_string(),
                because: because(std::slice::from_ref(&a.reason)),
            });
        }
    }
    Explanation {
        organization: rec.organization.as_str().to_string(),
        inputs,
        steps,
    }
}

impl Explanation {
    /// Plain text: the inputs, then one paragraph per decision with its reasons and rules.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n", self.organization);
        if !self.inputs.is_empty() {
            s.push_str("\ninputs:\n");
            for f in &self.inputs {
                let _ = writeln!(s, "  {} = {}", f.name, f.value);
            }
        }
        let mut stage = "";
        for step in &self.steps {
            if step.stage != stage {
                stage = step.stage;
                let _ = writeln!(s, "\n{stage}:");
            }
            let _ = writeln!(s, "  {}: {}", step.subject, step.decision);
            for b in &step.because {
                match &b.rule {
                    Some(rule) => {
                        let _ = writeln!(s, "    — {} ({rule})", b.text);
                    }
                    None => {
                        let _ = writeln!(s, "    — {} (default)", b.text);
                    }
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use crate::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
    use crate::rules::{RuleSet, RuleSettings};

    fn sample() -> (Recommendation, OrganizationInput, Arc<Catalog>) {
        let catalog = Arc::new(read_catalog(Path::new("data/catalog")).unwrap());
        let sources = Sources {
            customers: PathBuf::from("data/sample/customers.csv"),
            baseline: Some(PathBuf::from("data/sample/baseline.csv")),
            service_maturity: None,
        };
        let surveys = read_surveys(&sources, &catalog, &IngestOptions::default()).unwrap();
        let input = surveys
            .organizations
            .values()
            .find(|o| o.id.as_str() == "northwind-health")
            .unwrap()
            .clone();
        let rules = RuleSet::load(
            Path::new("rules"),
            Arc::clone(&catalog),
            RuleSettings::default(),
        )
        .unwrap();
        (rules.evaluate(&input).unwrap(), input, catalog)
    }

    #[test]
    fn the_chain_follows_the_pipeline_and_focus_narrows_it() {
        let (rec, input, catalog) = sample();
        let all = explain(&rec, &input, &catalog, Focus::default());
        assert_eq!(
            all.steps.iter().filter(|s| s.stage == "service").count(),
            26
        );
        assert!(all.steps.iter().any(|s| s.stage == "profile"));
        assert!(all
            .inputs
            .iter()
            .any(|f| f.name == "baseline.industry" && f.value == "healthcare"));

        let risk = crate::model::service::ServiceKey::parse("risk_management").unwrap();
        let one = explain(
            &rec,
            &input,
            &catalog,
            Focus {
                group: None,
                service: Some(risk),
            },
        );
        let services: Vec<&Step> = one.steps.iter().filter(|s| s.stage == "service").collect();
        assert_eq!(services.len(), 1);
        assert!(services[0]
            .because
            .iter()
            .any(|b| b.text.contains("customers rank reduction of risk exposure")));
        // Every approach step is about risk management only.
        for s in one.steps.iter().filter(|s| s.stage == "approach") {
            assert!(
                s.decision.ends_with("for risk_management"),
                "{}",
                s.decision
            );
            assert!(s
                .because
                .iter()
                .all(|b| b.text.starts_with("Risk management:")));
        }
        let text = one.to_text();
        assert!(text.contains("\nservice:\n  risk_management: "), "{text}");
        assert!(text.contains("(rules/20_services.rhai:"), "{text}");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(4.567), "4.57");
        assert_eq!(num(38.20), "38.2");
    }
}
