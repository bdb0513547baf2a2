//! What `pmo-advisor explain` prints: the chain of decisions for one organization, in the
//! order the rules made them (outcomes → services → approaches → profile → alerts), each with
//! the reasons and rule locations recorded while the scripts ran, and the input values that
//! drove them.
//!
//! Built from an evaluated `Recommendation`, its `OrganizationInput` and the evaluation's
//! `TraceLog` (score additions, overridden priorities and approaches, table rows matched); it
//! re-runs nothing and decides nothing. Rendering to text is in `text.rs` (plain, no colour) so
//! the CLI only chooses between text and JSON.

mod facts;
mod line_inputs;
pub mod log;
mod text;
mod why_not;

pub use facts::{input_facts, Fact};
pub use line_inputs::line_inputs;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::decision::{Reason, RuleLocation};
use crate::model::recommendation::Recommendation;
use crate::model::service::ServiceKey;
use crate::model::survey::OrganizationInput;
use crate::rules::trace::log::{Setting, TableHit, TraceLog};

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
    /// The params as the scripts received them (defaults merged with the config).
    pub params: Vec<Fact>,
    /// The decisions, in the order the rules made them.
    pub steps: Vec<Step>,
    /// Decision-table rows that answered a `table(…)` call, in the order called.
    pub tables: Vec<TableHit>,
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
    /// For a service below `must`: the next cut-off up and how far it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_not: Option<String>,
}

/// One reason with its rule location (`None` for host defaults).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Because {
    /// The reason's sentence.
    pub text: String,
    /// `rules/20_services.rhai:41`, or `None` for a documented default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Points this line added to the service's score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// What this line set (`priority must`, `approach directive`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sets: Option<String>,
    /// The later decision that replaced this one (`should at rules/20_services.rhai:90`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overridden_by: Option<String>,
}

impl Because {
    fn of(text: &str, rule: Option<&RuleLocation>) -> Because {
        Because {
            text: text.to_string(),
            rule: rule.map(ToString::to_string),
            points: None,
            sets: None,
            overridden_by: None,
        }
    }
}

fn because(reasons: &[Reason]) -> Vec<Because> {
    reasons
        .iter()
        .map(|r| Because::of(&r.text, r.rule.as_ref()))
        .collect()
}

/// What `explain` reads beside the recommendation: the evaluation's trace and the params.
#[derive(Debug, Clone, Copy)]
pub struct Traced<'a> {
    /// The trace of the evaluation (`RuleSet::evaluate_traced`).
    pub log: &'a TraceLog,
    /// The params as the scripts received them (`RuleSet::params`).
    pub params: &'a BTreeMap<String, f64>,
}

/// `4.6`, `38.25`: at most 2 decimals, no trailing zeros.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Builds the explanation for `focus`.
pub fn explain(
    rec: &Recommendation,
    input: &OrganizationInput,
    catalog: &Catalog,
    focus: Focus,
    traced: Traced<'_>,
) -> Explanation {
    let inputs = facts::input_facts(input, focus.group);
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
                    why_not: None,
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
                    why_not: None,
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
        let (lines, last_rule) = service_lines(s.key, &s.reasons, traced.log);
        steps.push(Step {
            stage: "service",
            subject: s.key.as_str().to_string(),
            decision: format!(
                "{}, score {}, {} horizon",
                s.priority.as_str(),
                num(s.score),
                s.horizon.as_str()
            ),
            because: lines,
            why_not: why_not::why_not(s, traced.params, last_rule.as_ref()),
        });
    }
    for g in &rec.groups {
        if focus.group.is_some_and(|f| f != g.group) {
            continue;
        }
        let (decision, lines) = match focus.service {
            Some(s) => {
                let approach = g
                    .service_approaches
                    .get(&s)
                    .map_or("none (not selected)", |a| a.as_str());
                (
                    format!("{approach} for {}", s.as_str()),
                    approach_lines(g.group, s, traced.log),
                )
            }
            None => (
                format!("{} (dominant approach)", g.approach.as_str()),
                because(&g.reasons),
            ),
        };
        steps.push(Step {
            stage: "approach",
            subject: g.group.as_str().to_string(),
            decision,
            because: lines,
            why_not: None,
        });
    }
    if focus == Focus::default() {
        let p = &rec.profile;
        steps.push(Step {
            stage: "profile",
            subject: "pmo_profile".into(),
            decision: format!(
                "{} scope, {} PMO; mix {}% strategic, {}% tactical, {}% operational; labels: {}",
                p.coverage_scope.as_str(),
                p.control_level.as_str(),
                num(p.category_mix.strategic * 100.0),
                num(p.category_mix.tactical * 100.0),
                num(p.category_mix.operational * 100.0),
                p.labels.join(", ")
            ),
            because: profile_lines(&p.reasons, traced.log),
            why_not: None,
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
                why_not: None,
            });
        }
    }
    Explanation {
        organization: rec.organization.as_str().to_string(),
        inputs,
        params: facts::param_facts(traced.params),
        steps,
        tables: traced.log.tables.clone(),
    }
}

/// A service's reasons, each marked with the points it added or the priority or horizon it
/// set, and an earlier setting that a later line replaced marked as overridden; with the rule
/// that set the final priority.
fn service_lines(
    service: ServiceKey,
    reasons: &[Reason],
    log: &TraceLog,
) -> (Vec<Because>, Option<RuleLocation>) {
    let mut lines = because(reasons);
    let settings: Vec<_> = log
        .services
        .iter()
        .filter(|l| l.service == service)
        .collect();
    let mut last_priority = None;
    for (i, line) in settings.iter().enumerate() {
        let Some(b) = lines.get_mut(line.reason_index) else {
            continue;
        };
        let same_kind =
            |a: Setting, b: Setting| std::mem::discriminant(&a) == std::mem::discriminant(&b);
        // Replaced means a later line of the same kind set another value (setting the same
        // value again confirms it).
        let later = settings[i + 1..]
            .iter()
            .find(|l| same_kind(l.setting, line.setting) && l.setting != line.setting);
        let last = !settings[i + 1..]
            .iter()
            .any(|l| same_kind(l.setting, line.setting));
        match line.setting {
            Setting::Score(points) => b.points = Some(points),
            Setting::Priority(p) => {
                b.sets = Some(format!("priority {}", p.as_str()));
                if last {
                    last_priority = reasons[line.reason_index].rule.clone();
                }
            }
            Setting::Horizon(h) => b.sets = Some(format!("horizon {}", h.as_str())),
        }
        if let (Some(later), false) = (later, matches!(line.setting, Setting::Score(_))) {
            let value = match later.setting {
                Setting::Priority(p) => p.as_str(),
                Setting::Horizon(h) => h.as_str(),
                Setting::Score(_) => "",
            };
            let at = reasons
                .get(later.reason_index)
                .and_then(|r| r.rule.as_ref())
                .map_or(String::new(), |r| format!(" at {r}"));
            b.overridden_by = Some(format!("{value}{at}"));
        }
    }
    (lines, last_priority)
}

/// The profile's reasons, each one a rule gave for a coverage scope, mix or control level
/// marked with what it set, and overridden when a later line set that field to another value
/// (matched by sentence and rule location: the profile joins its reasons in `finish.rs`).
fn profile_lines(reasons: &[Reason], log: &TraceLog) -> Vec<Because> {
    let mut lines = because(reasons);
    for (b, r) in lines.iter_mut().zip(reasons) {
        let Some(i) = log
            .profile
            .iter()
            .position(|l| l.text == r.text && l.rule == r.rule)
        else {
            continue;
        };
        let line = &log.profile[i];
        b.sets = Some(format!("{} {}", line.field, line.value));
        b.overridden_by = log.profile[i + 1..]
            .iter()
            .find(|l| l.field == line.field && l.value != line.value)
            .map(|l| {
                let at = l
                    .rule
                    .as_ref()
                    .map_or(String::new(), |r| format!(" at {r}"));
                format!("{}{at}", l.value)
            });
    }
    lines
}

/// Every approach a rule set for `group` on `service`, in order, each but the last marked as
/// overridden by the next.
fn approach_lines(group: CustomerGroup, service: ServiceKey, log: &TraceLog) -> Vec<Because> {
    let set: Vec<_> = log
        .approaches
        .iter()
        .filter(|l| l.group == group && l.service == service)
        .collect();
    set.iter()
        .enumerate()
        .map(|(i, l)| {
            let mut b = Because::of(&l.text, l.rule.as_ref());
            b.sets = Some(format!("approach {}", l.approach.as_str()));
            let next = set[i + 1..].iter().find(|n| n.approach != l.approach);
            b.overridden_by = next.map(|next| {
                let at = next
                    .rule
                    .as_ref()
                    .map_or(String::new(), |r| format!(" at {r}"));
                format!("{}{at}", next.approach.as_str())
            });
            b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use crate::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
    use crate::rules::{RuleSet, RuleSettings};

    struct Sample {
        rec: Recommendation,
        input: OrganizationInput,
        catalog: Arc<Catalog>,
        log: TraceLog,
        params: BTreeMap<String, f64>,
    }

    impl Sample {
        fn explain(&self, focus: Focus) -> Explanation {
            let traced = Traced {
                log: &self.log,
                params: &self.params,
            };
            explain(&self.rec, &self.input, &self.catalog, focus, traced)
        }
    }

    fn sample() -> Sample {
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
        let (rec, log) = rules.evaluate_traced(&input).unwrap();
        assert_eq!(
            rec,
            rules.evaluate(&input).unwrap(),
            "tracing changes nothing"
        );
        Sample {
            rec,
            input,
            catalog,
            log,
            params: rules.params(),
        }
    }

    #[test]
    fn the_chain_follows_the_pipeline_and_focus_narrows_it() {
        let sample = sample();
        let all = sample.explain(Focus::default());
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
        let one = sample.explain(Focus {
            group: None,
            service: Some(risk),
        });
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
            assert!(s.because.iter().all(|b| b
                .sets
                .as_deref()
                .is_some_and(|x| x.starts_with("approach "))));
            // A line is overridden exactly when a later line set another approach.
            for (i, b) in s.because.iter().enumerate() {
                let sets = |x: &Because| x.sets.clone();
                let replaced = s.because[i + 1..].iter().any(|l| sets(l) != sets(b));
                assert_eq!(b.overridden_by.is_some(), replaced, "{s:?}");
            }
        }
        let text = one.to_text();
        assert!(text.contains("\nservice:\n  risk_management: "), "{text}");
        assert!(text.contains("(rules/20_services.rhai:"), "{text}");
    }

    #[test]
    fn a_profile_decision_a_later_rule_replaced_is_marked_overridden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.rhai"),
            "set_coverage_scope(\"enterprise\", \"first\");\nset_coverage_scope(\"divisional\", \"second\");\n",
        )
        .unwrap();
        let catalog = Arc::new(read_catalog(Path::new("data/catalog")).unwrap());
        let rules =
            RuleSet::load(dir.path(), Arc::clone(&catalog), RuleSettings::default()).unwrap();
        let input =
            OrganizationInput::new(crate::model::organization::OrganizationId::new("x").unwrap());
        let (rec, log) = rules.evaluate_traced(&input).unwrap();
        let params = rules.params();
        let traced = Traced {
            log: &log,
            params: &params,
        };
        let e = explain(&rec, &input, &catalog, Focus::default(), traced);
        let profile = e.steps.iter().find(|s| s.stage == "profile").unwrap();
        let first = &profile.because[0];
        assert_eq!(first.text, "first");
        assert_eq!(first.sets.as_deref(), Some("coverage scope enterprise"));
        let file = dir.path().join("a.rhai").display().to_string();
        assert_eq!(
            first.overridden_by.as_deref(),
            Some(format!("divisional at {file}:2").as_str()),
            "{profile:?}"
        );
        assert_eq!(profile.because[1].overridden_by, None);
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(num(4.0), "4");
        assert_eq!(num(4.567), "4.57");
        assert_eq!(num(38.20), "38.2");
    }
}
