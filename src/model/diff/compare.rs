//! The comparisons behind `model::diff::diff`, one function per part of a snapshot.
//!
//! Split from `diff.rs` so that the types (the contract the renderers use) stay readable on
//! their own. Pure functions, no I/O.

use std::collections::BTreeMap;

use crate::model::customer::CustomerGroup;
use crate::model::diff::{
    AlertEntry, AlertLevelChange, ApproachChange, CategoryMaturityChange, Change, Direction,
    GroupDiff, InputChange, NumberChange, OrgDiff, Presence, PriorityChange, ProfileDiff,
    ServiceApproachChange, ServiceMove, DEFAULT_BORDERLINE_MARGIN,
};
use crate::model::service::{Priority, ServiceCategory, ServiceKey};
use crate::model::snapshot::{AlertSnapshot, GroupSnapshot, OrgSnapshot, ServiceSnapshot};

pub(super) fn diff_profile(base: &OrgSnapshot, head: &OrgSnapshot) -> ProfileDiff {
    let (b, h) = (&base.profile, &head.profile);
    ProfileDiff {
        coverage_scope: Change::of(b.coverage_scope, h.coverage_scope),
        control_level: Change::of(b.control_level, h.control_level),
        category_mix: ServiceCategory::ALL
            .iter()
            .filter_map(|c| {
                let share = |m: &BTreeMap<ServiceCategory, f64>| m.get(c).copied();
                NumberChange::of(share(&b.category_mix), share(&h.category_mix)).map(|n| (*c, n))
            })
            .collect(),
        labels: Change::of(b.labels.clone(), h.labels.clone()),
    }
}

pub(super) fn diff_services(base: &OrgSnapshot, head: &OrgSnapshot, d: &mut OrgDiff) {
    for key in ServiceKey::ALL {
        let (b, h) = (base.services.get(key), head.services.get(key));
        // A service missing from a result (never the case for results we wrote: all 26 are
        // listed) counts as not offered.
        let priority = |s: Option<&ServiceSnapshot>| s.map_or(Priority::NotNow, |s| s.priority);
        let score = |s: Option<&ServiceSnapshot>| s.map_or(0.0, |s| s.score);
        let Some(priority_change) = Change::of(priority(b), priority(h)) else {
            continue;
        };
        let Some(any) = h.or(b) else { continue };
        let score = Change {
            base: score(b),
            head: score(h),
        };
        match (
            priority_change.base.is_selected(),
            priority_change.head.is_selected(),
        ) {
            (true, true) => {
                let change = PriorityChange {
                    service: *key,
                    name: any.name.clone(),
                    // Priority's order runs from must to not_now, so a smaller head rose.
                    direction: if priority_change.head < priority_change.base {
                        Direction::Rose
                    } else {
                        Direction::Fell
                    },
                    priority: priority_change,
                    score,
                    share: b
                        .and_then(|s| s.share)
                        .zip(h.and_then(|s| s.share))
                        .map(|(base, head)| Change { base, head }),
                };
                // The margin stands for the survey's noise around a cut-off. With other
                // rules (another version), a label change on a steady share comes from the
                // rules themselves (a moved cut-off, a new floor): a real move.
                let same_rules = base.rules_version == head.rules_version;
                if same_rules && change.within_margin(DEFAULT_BORDERLINE_MARGIN) {
                    d.priorities_within_margin.push(change);
                } else {
                    d.priorities.push(change);
                }
            }
            (offered_before, _) => {
                let entry = ServiceMove {
                    service: *key,
                    name: any.name.clone(),
                    category: any.category,
                    priority: priority_change,
                    score,
                };
                if offered_before {
                    d.services_dropped.push(entry);
                } else {
                    d.services_added.push(entry);
                }
            }
        }
    }
}

pub(super) fn diff_baseline_inputs(base: &OrgSnapshot, head: &OrgSnapshot) -> Vec<InputChange> {
    let (b, h) = (&base.baseline_inputs, &head.baseline_inputs);
    let number = |v: Option<f64>| v.map(|v| format!("{v}"));
    let yes_no = |v: Option<bool>| v.map(|v| if v { "yes" } else { "no" }.to_string());
    [
        (
            "change_readiness",
            number(b.change_readiness),
            number(h.change_readiness),
        ),
        (
            "risk_tolerance",
            number(b.risk_tolerance),
            number(h.risk_tolerance),
        ),
        (
            "regulatory_intensity",
            number(b.regulatory_intensity),
            number(h.regulatory_intensity),
        ),
        (
            "decision_style",
            b.decision_style.clone(),
            h.decision_style.clone(),
        ),
        (
            "existing_pmo",
            yes_no(b.existing_pmo),
            yes_no(h.existing_pmo),
        ),
        ("mandate", b.mandate.clone(), h.mandate.clone()),
    ]
    .into_iter()
    .filter(|(_, before, after)| before != after)
    .map(|(input, base, head)| InputChange { input, base, head })
    .collect()
}

pub(super) fn diff_groups(base: &OrgSnapshot, head: &OrgSnapshot) -> Vec<GroupDiff> {
    CustomerGroup::ALL
        .iter()
        .filter_map(|g| {
            let (b, h) = (base.groups.get(g), head.groups.get(g));
            let any = h.or(b)?;
            let presence = match (b, h) {
                (Some(_), Some(_)) => Presence::Both,
                (None, Some(_)) => Presence::Added,
                _ => Presence::Removed,
            };
            let metric = |f: fn(&GroupSnapshot) -> Option<f64>| {
                NumberChange::of(b.and_then(f), h.and_then(f))
            };
            let respondents = |s: Option<&GroupSnapshot>| s.map_or(0, |s| s.respondents);
            let (approach, service_approaches) = match (b, h) {
                (Some(b), Some(h)) => (
                    ApproachChange::of(b.approach, h.approach),
                    diff_service_approaches(b, h),
                ),
                _ => (None, Vec::new()),
            };
            let diff = GroupDiff {
                group: *g,
                name: any.name.clone(),
                presence,
                respondents: Change::of(respondents(b), respondents(h)),
                approach,
                service_approaches,
                pm_maturity: metric(|s| s.pm_maturity),
                satisfaction: metric(|s| s.satisfaction),
                satisfaction_answers: Change {
                    base: b.map_or(0, |s| s.satisfaction_answers),
                    head: h.map_or(0, |s| s.satisfaction_answers),
                },
                nps: metric(|s| s.nps),
                nps_answers: Change {
                    base: b.map_or(0, |s| s.nps_answers),
                    head: h.map_or(0, |s| s.nps_answers),
                },
            };
            let changed = presence != Presence::Both
                || diff.respondents.is_some()
                || diff.approach.is_some()
                || !diff.service_approaches.is_empty()
                || diff.pm_maturity.is_some()
                || diff.satisfaction.is_some()
                || diff.nps.is_some();
            changed.then_some(diff)
        })
        .collect()
}

pub(super) fn diff_service_approaches(
    b: &GroupSnapshot,
    h: &GroupSnapshot,
) -> Vec<ServiceApproachChange> {
    ServiceKey::ALL
        .iter()
        .filter_map(|key| {
            let (before, after) = (
                b.service_approaches.get(key).copied(),
                h.service_approaches.get(key).copied(),
            );
            Change::of(before, after).map(|approach| ServiceApproachChange {
                service: *key,
                approach,
                toward_autonomy: before.zip(after).is_some_and(|(b, a)| a.rank() < b.rank()),
            })
        })
        .collect()
}

pub(super) fn diff_category_maturity(
    base: &OrgSnapshot,
    head: &OrgSnapshot,
) -> Vec<CategoryMaturityChange> {
    ServiceCategory::ALL
        .iter()
        .filter_map(|c| {
            let (b, h) = (base.category_maturity.get(c), head.category_maturity.get(c));
            let current =
                NumberChange::of(b.map(|m| m.current_percent), h.map(|m| m.current_percent));
            let target = NumberChange::of(b.map(|m| m.target_percent), h.map(|m| m.target_percent));
            (current.is_some() || target.is_some()).then_some(CategoryMaturityChange {
                category: *c,
                current_percent: current,
                target_percent: target,
            })
        })
        .collect()
}

pub(super) fn diff_alerts(base: &OrgSnapshot, head: &OrgSnapshot, d: &mut OrgDiff) {
    let find = |list: &'_ [AlertSnapshot], a: &AlertSnapshot| {
        list.iter().position(|x| x.identity() == a.identity())
    };
    for a in &head.alerts {
        match find(&base.alerts, a) {
            None => d.alerts_new.push(a.into()),
            Some(i) => {
                if let Some(level) = Change::of(base.alerts[i].level, a.level) {
                    d.alert_levels.push(AlertLevelChange {
                        code: a.code.clone(),
                        group: a.group,
                        level,
                    });
                }
            }
        }
    }
    d.alerts_resolved = base
        .alerts
        .iter()
        .filter(|a| find(&head.alerts, a).is_none())
        .map(AlertEntry::from)
        .collect();
}
