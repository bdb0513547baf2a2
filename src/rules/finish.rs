//! Recorder → `Recommendation`: host-made defaults (each with its reason), ordering, rounding.
//!
//! Scripts may leave things undecided; the host then fills in a documented default and says so
//! in a reason without a rule location: a service nobody prioritised is `not_now`, a group
//! without a dominant approach takes its most frequent one, the coverage scope defaults to
//! `enterprise`. Scores and priorities are rounded to 2 decimals here, at the boundary, so the
//! JSON is stable. Deterministic: only indexed tables, BTreeMaps and stable sorts.

use std::collections::BTreeMap;

use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::decision::Reason;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;
use crate::model::recommendation::{
    CategoryMix, ControlLevel, GroupDecision, Lean, OutcomePriority, Profile, Recommendation,
    ServiceDecision,
};
use crate::model::scale::round_to;
use crate::model::service::{Priority, ServiceCategory, ServiceKey};
use crate::rules::state::{Decided, Recorder, Shared};

/// At most this many top outcomes per group (the model's contract).
const TOP_OUTCOMES_MAX: usize = 5;

fn host(text: impl Into<String>) -> Reason {
    Reason::new(text, None)
}

/// Builds the recommendation from what the scripts decided.
pub(crate) fn build_recommendation(
    id: &OrganizationId,
    mut rec: Recorder,
    shared: &Shared,
    top_n: usize,
) -> Recommendation {
    let services = services(&mut rec, shared);
    let groups = groups(&mut rec, &services, top_n.min(TOP_OUTCOMES_MAX), shared);
    let unasked_outcomes = OutcomeKey::ALL
        .iter()
        .copied()
        .filter(|o| rec.means.values().all(|per| per[o.index()].0.is_none()))
        .collect();
    let parts = ProfileParts {
        coverage: rec.coverage,
        mix: rec.mix,
        control: rec.control,
        lean: std::mem::take(&mut rec.lean),
        labels: rec.labels,
        label_reasons: rec.label_reasons,
    };
    let profile = profile(parts, &services, &groups);
    let mut alerts = rec.alerts;
    // Most serious first, then in the order raised (the sort is stable).
    alerts.sort_by_key(|a| std::cmp::Reverse(a.level));
    Recommendation {
        organization: id.clone(),
        outcomes: ranked(&rec.org_outcomes, usize::MAX),
        services,
        groups,
        profile,
        alerts,
        advice: rec.advice,
        governance: rec.governance,
        unasked_outcomes,
        roadmap: Default::default(),
        maturity_bands: Vec::new(),
    }
}

/// Set priorities, highest first (ties in catalog order), at most `n`.
fn ranked(values: &[Decided<f64>], n: usize) -> Vec<OutcomePriority> {
    let mut list: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.value.map(|v| (i, v)))
        .collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    list.into_iter()
        .take(n)
        .map(|(i, v)| OutcomePriority {
            outcome: OutcomeKey::ALL[i],
            priority: round_to(v, 2),
            reasons: values[i].reasons.clone(),
        })
        .collect()
}

fn services(rec: &mut Recorder, shared: &Shared) -> Vec<ServiceDecision> {
    ServiceKey::ALL
        .iter()
        .map(|&key| {
            let i = key.index();
            let mut reasons = std::mem::take(&mut rec.scores[i].reasons);
            let priority = rec.priorities[i].unwrap_or_else(|| {
                reasons.push(host(
                    "no rule gave this service a priority, so it stays out of this period's portfolio (default: not now)",
                ));
                Priority::NotNow
            });
            let horizon = rec.horizons[i].unwrap_or_else(|| {
                let h = shared.linked_horizons[i];
                reasons.push(host(format!(
                    "value horizon {} from its outcomes' perception horizons (default)",
                    h.as_str()
                )));
                h
            });
            ServiceDecision {
                key,
                category: shared.catalog.service(key).category,
                score: round_to(rec.scores[i].value.unwrap_or(0.0), 2),
                priority,
                horizon,
                share: round_to(rec.shares[i].unwrap_or(0.0), 4),
                borderline: rec.borderline[i],
                actions: std::mem::take(&mut rec.actions[i]),
                reasons,
            }
        })
        .collect()
}

/// The most frequent approach; ties go to less autonomy (see docs/rules.md).
pub(crate) fn most_frequent(
    approaches: impl Iterator<Item = Approach>,
) -> Option<(Approach, usize)> {
    let mut counts = [0usize; Approach::COUNT];
    for a in approaches {
        counts[a.index()] += 1;
    }
    let best = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(&b.0)))?;
    Some((Approach::ALL[best.0], *best.1))
}

fn groups(
    rec: &mut Recorder,
    services: &[ServiceDecision],
    top_n: usize,
    shared: &Shared,
) -> Vec<GroupDecision> {
    let selected: Vec<ServiceKey> = services
        .iter()
        .filter(|s| s.priority.is_selected())
        .map(|s| s.key)
        .collect();
    let mut group_reasons = std::mem::take(&mut rec.group_reasons);
    rec.answered
        .iter()
        .map(|&group| {
            let mut reasons = group_reasons.remove(&group).unwrap_or_default();
            // One reason per selected service: "Risk management: directive; <why>; <why>".
            for &s in &selected {
                let (Some(a), Some(why)) =
                    (rec.approach(group, s), rec.approach_reasons.get(&(group, s)))
                else {
                    continue;
                };
                let texts: Vec<&str> = why.iter().map(|r| r.text.as_str()).collect();
                let name = &shared.catalog.service(s).name;
                let text = format!("{name}: {}; {}", a.as_str(), texts.join("; "));
                reasons.push(Reason::new(text, why[0].rule.clone()));
            }
            let mut service_approaches = BTreeMap::new();
            for &s in &selected {
                if let Some(a) = rec.approach(group, s) {
                    service_approaches.insert(s, a);
                }
            }
            let approach = match rec.group_approach.get(&group) {
                Some(a) => *a,
                None => match most_frequent(service_approaches.values().copied()) {
                    Some((a, n)) => {
                        reasons.push(host(format!(
                            "dominant approach {} (used for {n} of {} selected services; default)",
                            a.as_str(),
                            service_approaches.len()
                        )));
                        a
                    }
                    None => {
                        reasons.push(host(
                            "no rule set an approach; facilitative (shared ownership) is the neutral default",
                        ));
                        Approach::Facilitative
                    }
                },
            };
            // A group gets an approach only for the services the rules gave it one for: a
            // selected service that does not concern the group has none (Method v2).
            let top_outcomes = rec
                .group_outcomes
                .get(&group)
                .map(|values| ranked(values, top_n))
                .unwrap_or_default();
            GroupDecision { group, approach, service_approaches, top_outcomes, reasons }
        })
        .collect()
}

/// Facilitative is shared ownership with medium-high customer autonomy: a supportive PMO
/// (domain README §2); directive and controlling make a controlling PMO, managed a directive one.
fn control_of(a: Approach) -> ControlLevel {
    match a {
        Approach::Consultative | Approach::Supportive | Approach::Facilitative => {
            ControlLevel::Supportive
        }
        Approach::Directive | Approach::Controlling => ControlLevel::Controlling,
        Approach::Managed => ControlLevel::Directive,
    }
}

/// What the scripts decided about the profile, before the host's defaults.
struct ProfileParts {
    coverage: Decided<CoverageScope>,
    mix: Decided<CategoryMix>,
    control: Decided<ControlLevel>,
    lean: Decided<Lean>,
    labels: Vec<String>,
    label_reasons: Vec<Reason>,
}

fn profile(parts: ProfileParts, services: &[ServiceDecision], groups: &[GroupDecision]) -> Profile {
    let ProfileParts {
        coverage,
        mix,
        control,
        lean,
        labels,
        label_reasons,
    } = parts;
    let mut reasons = coverage.reasons;
    let coverage_scope = coverage.value.unwrap_or_else(|| {
        reasons.push(host("coverage scope enterprise: no rule set one (default)"));
        CoverageScope::Enterprise
    });
    reasons.extend(mix.reasons);
    let category_mix = match mix.value {
        Some(m) => m,
        None => {
            let selected: Vec<&ServiceDecision> = services
                .iter()
                .filter(|s| s.priority.is_selected())
                .collect();
            let n = selected.len() as f64;
            let share = |c: ServiceCategory| {
                if n == 0.0 {
                    0.0
                } else {
                    selected.iter().filter(|s| s.category == c).count() as f64 / n
                }
            };
            reasons.push(host(
                "category mix = shares of the selected services per category (default)",
            ));
            CategoryMix {
                strategic: share(ServiceCategory::Strategic),
                tactical: share(ServiceCategory::Tactical),
                operational: share(ServiceCategory::Operational),
            }
        }
    };
    let category_mix = CategoryMix {
        strategic: round_to(category_mix.strategic, 4),
        tactical: round_to(category_mix.tactical, 4),
        operational: round_to(category_mix.operational, 4),
    };
    reasons.extend(control.reasons);
    let control_level = control.value.unwrap_or_else(|| {
        let level = most_frequent(groups.iter().map(|g| g.approach))
            .map_or(ControlLevel::Controlling, |(a, _)| control_of(a));
        reasons.push(host(format!(
            "control level {} from the groups' dominant approaches (default)",
            level.as_str()
        )));
        level
    });
    reasons.extend(lean.reasons);
    let lean = lean.value.unwrap_or_else(|| {
        reasons.push(host("no rule set a category lean; balanced (default)"));
        Lean::Balanced
    });
    reasons.extend(label_reasons);
    Profile {
        coverage_scope,
        category_mix,
        control_level,
        lean,
        labels,
        reasons,
    }
}
