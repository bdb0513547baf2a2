//! The roadmap: a post-evaluation step that sequences the selected services by phase and
//! quarter. It runs in the host after the scripts, on what they decided (priorities, horizons)
//! and on the catalog's dependency table, so the one sequencing rule lives here:
//!
//! 1. **Urgency.** A service's priority and horizon give its phase: a `must` with a short or
//!    medium horizon and a `should` with a short one start next quarter (quarter 1: a `must`
//!    is funded now); a `must` with a long horizon, a `should` with a medium one and a `could`
//!    with a short one start in the next two to three quarters (quarter 2); the rest later
//!    (quarter 4).
//! 2. **Dependency.** A service starts at least one quarter after every selected service it
//!    depends on (`dependencies.csv`), which may move it into a later phase. A dependency on
//!    a service that is not selected does not delay it; the reason says to check the
//!    capability exists. First, a selected service that a more urgent one builds on (a
//!    `could` that a `must` needs) comes forward to start a quarter before it, or alongside
//!    it in quarter 1; and a service never waits for a less urgent one (a `must` does not wait
//!    for a `could` to come round, even where a new PMO's capacity holds the `could` back).
//! 3. **Regulatory override.** Where work is regulated (regulatory intensity at or above
//!    `params.regulatory_threshold`, or, without an intensity answer, a usually regulated
//!    industry: the scripts' own test), the selected compliance services (governance
//!    oversight, quality assurance, risk management, audit assessments, change control) start
//!    in quarter 1 whatever their dependencies: the deadline does not wait, and the services
//!    they build on start when their own turn comes. A `could` compliance service is not
//!    brought forward: it waits for capacity, like every `could`.
//! 4. **Capacity.** A PMO that does not exist yet (the baseline says there is none, or the
//!    scenario is potential or kickoff) starts at most `params.new_pmo_starts_per_quarter`
//!    services in any quarter: the guide's "start small, deliver the first services well".
//!    A PMO that exists takes on at most `params.existing_pmo_changes_per_quarter` a quarter,
//!    counting the services it sets up or raises toward their target level; a service its
//!    service-maturity table shows at or above its target level already runs and takes no
//!    room. The most urgent start first (must before should before could, a regulatory
//!    deadline first within a priority, then the higher demand); the others move to the next
//!    quarter, and what depends on them moves with them.
//!
//! Each item's reasons say which step placed it, citing `sequencing rule:<step>` as their
//! location; a dependency's reason carries its table row (`dependencies.csv:<row>`), for the
//! appendix trace. Deterministic: catalog order breaks every tie.

use crate::model::baseline::{Baseline, Industry, Scenario};
use crate::model::catalog::Catalog;
use crate::model::decision::{Reason, RuleLocation};
use crate::model::key_map::KeyMap;
use crate::model::recommendation::ServiceDecision;
use crate::model::roadmap::{Phase, Placement, Roadmap, RoadmapItem};
use crate::model::service::{Horizon, Priority, ServiceKey};
use crate::model::survey::ServiceMaturity;

/// How many services a PMO takes on in one quarter (step 4), from the params.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// `params.new_pmo_starts_per_quarter`: services a PMO that does not exist yet starts.
    pub new_pmo: usize,
    /// `params.existing_pmo_changes_per_quarter`: services a PMO that exists sets up or
    /// raises toward their target level.
    pub existing_pmo: usize,
}

impl Capacity {
    /// The params' defaults (`rules/params.csv`).
    pub const DEFAULT: Capacity = Capacity {
        new_pmo: 3,
        existing_pmo: 5,
    };

    /// The quarterly room of the PMO `baseline` describes, and the sentence that names it
    /// (`rated`: whether a service-maturity table says which services run already).
    fn of(self, baseline: Option<&Baseline>, rated: bool) -> (usize, String) {
        if new_pmo(baseline) {
            let n = self.new_pmo.max(1);
            (
                n,
                format!(
                    "a new PMO starts at most {n} services a quarter (params.new_pmo_starts_per_quarter)"
                ),
            )
        } else {
            let n = self.existing_pmo.max(1);
            (
                n,
                format!(
                    "the PMO takes on at most {n} services a quarter, set up or raised toward their target level (params.existing_pmo_changes_per_quarter{})",
                    if rated {
                        ""
                    } else {
                        "; without a service-maturity table, every selected service counts"
                    }
                ),
            )
        }
    }
}

/// The compliance services a regulatory deadline brings forward (the scripts'
/// `context::control_services()`).
pub const COMPLIANCE_SERVICES: [ServiceKey; 5] = [
    ServiceKey::GovernanceOversight,
    ServiceKey::QualityAssurance,
    ServiceKey::RiskManagement,
    ServiceKey::AuditAssessments,
    ServiceKey::ChangeControlManagement,
];

/// Industries whose work is usually regulated, used only without an intensity answer (the
/// scripts' `context::regulation`).
const REGULATED_INDUSTRIES: [Industry; 4] = [
    Industry::FinancialServices,
    Industry::Healthcare,
    Industry::Government,
    Industry::Energy,
];

/// Why the work counts as regulated, or `None`.
pub fn regulation(baseline: Option<&Baseline>, threshold: f64) -> Option<String> {
    let b = baseline?;
    match (b.regulatory_intensity, b.industry) {
        (Some(v), _) if v >= threshold => Some(format!(
            "regulatory intensity {:.1}/5 (at or above {threshold:.1})",
            v
        )),
        (Some(_), _) => None,
        (None, Some(i)) if REGULATED_INDUSTRIES.contains(&i) => Some(format!(
            "a usually regulated industry ({}; no regulatory intensity given)",
            i.as_str().replace('_', " ")
        )),
        _ => None,
    }
}

/// The phase that urgency alone gives (step 1).
fn urgency_phase(priority: Priority, horizon: Horizon) -> Phase {
    match (priority, horizon) {
        // A must is funded now, so it starts now unless it is a long build.
        (Priority::Must, Horizon::Short | Horizon::Medium) | (Priority::Should, Horizon::Short) => {
            Phase::QuickWins
        }
        (Priority::Must, _) | (Priority::Should, Horizon::Medium) | (_, Horizon::Short) => {
            Phase::Next
        }
        _ => Phase::Later,
    }
}

/// Quarters a service takes to set up, from its horizon.
fn build_quarters(horizon: Horizon) -> u8 {
    match horizon {
        Horizon::Short => 1,
        Horizon::Medium => 2,
        Horizon::Long => 3,
    }
}

fn phase_words(phase: Phase) -> &'static str {
    match phase {
        Phase::QuickWins => "quick wins (the next quarter)",
        Phase::Next => "the next two to three quarters",
        Phase::Later => "the later phase",
    }
}

/// The location a reason cites for a step of the sequencing rule (`sequencing rule:2`), so
/// the reasons trace tells the four steps apart from the scripts' rules and host defaults.
fn step(n: u32) -> Option<RuleLocation> {
    Some(RuleLocation {
        file: "sequencing rule".into(),
        line: n,
        column: 1,
    })
}

fn label(catalog: &Catalog, s: ServiceKey) -> String {
    format!("S{} {}", s.number(), catalog.service(s).name)
}

/// Whether the PMO does not exist yet (no PMO, or a potential or kickoff scenario): step 4
/// applies.
fn new_pmo(baseline: Option<&Baseline>) -> bool {
    baseline.is_some_and(|b| {
        b.existing_pmo == Some(false)
            || matches!(b.scenario, Some(Scenario::Potential | Scenario::Kickoff))
    })
}

/// Step 2, first half: a selected service that a more urgent one (higher priority, not under
/// a regulatory deadline) builds on starts a quarter before it, or alongside it in quarter 1:
/// a `must` does not wait for a `could` to come round. Returns the (enabler, user) pairs.
fn bring_enablers_forward(
    items: &[RoadmapItem],
    start: &mut [u8; ServiceKey::COUNT],
    services: &[ServiceDecision],
    catalog: &Catalog,
    is_selected: &dyn Fn(ServiceKey) -> bool,
) -> Vec<(ServiceKey, ServiceKey)> {
    let mut pairs: Vec<(ServiceKey, ServiceKey)> = Vec::new();
    // Each pass can only move a start earlier, toward quarter 1: it settles.
    for _ in 0..ServiceKey::COUNT {
        let mut pulled = false;
        for item in items
            .iter()
            .filter(|i| i.placement != Placement::Regulatory)
        {
            let want = start[item.service.index()].saturating_sub(1).max(1);
            for dep in catalog
                .dependencies()
                .iter()
                .filter(|d| d.service == item.service && is_selected(d.depends_on))
            {
                let enabler = dep.depends_on;
                if less_urgent(services, enabler, item.service) && start[enabler.index()] > want {
                    start[enabler.index()] = want;
                    if !pairs.contains(&(enabler, item.service)) {
                        pairs.push((enabler, item.service));
                    }
                    pulled = true;
                }
            }
        }
        if !pulled {
            break;
        }
    }
    pairs
}

/// Whether `dep` has a lower priority than `user`: a service never waits for a less urgent
/// one (step 2 brings that enabler forward where it can; where a new PMO's capacity holds it
/// back, the more urgent service starts anyway).
fn less_urgent(services: &[ServiceDecision], dep: ServiceKey, user: ServiceKey) -> bool {
    services[dep.index()].priority > services[user.index()].priority
}

/// Step 2: moves each service (but a regulatory one in its quarter) to at least a quarter after every
/// selected service it depends on; whether anything moved.
fn after_dependencies(
    items: &[RoadmapItem],
    start: &mut [u8; ServiceKey::COUNT],
    services: &[ServiceDecision],
    catalog: &Catalog,
    is_selected: &dyn Fn(ServiceKey) -> bool,
) -> bool {
    let mut moved = false;
    // A regulatory deadline skips the dependencies only while it holds its quarter: once a
    // new PMO's capacity has moved it, it waits for what it builds on like any other.
    let waiting: Vec<&RoadmapItem> = items
        .iter()
        .filter(|i| i.placement != Placement::Regulatory || start[i.service.index()] != i.start)
        .collect();
    for item in waiting {
        for dep in catalog
            .dependencies()
            .iter()
            .filter(|d| d.service == item.service && is_selected(d.depends_on))
            .filter(|d| !less_urgent(services, d.depends_on, item.service))
        {
            let after = start[dep.depends_on.index()].saturating_add(1);
            if start[item.service.index()] < after {
                start[item.service.index()] = after;
                moved = true;
            }
        }
    }
    moved
}

/// Step 4: in each quarter, keeps the `cap` most urgent starts and moves the others to the
/// next quarter (noting in `full` the first and last quarter each left); services that
/// `running` marks (with their levels) take no room. Whether anything moved.
fn within_capacity(
    items: &[RoadmapItem],
    start: &mut [u8; ServiceKey::COUNT],
    services: &[ServiceDecision],
    (cap, running): (usize, &[Option<(u8, u8)>; ServiceKey::COUNT]),
    full: &mut Vec<(ServiceKey, u8, u8)>,
) -> bool {
    let mut moved = false;
    let last = items
        .iter()
        .map(|i| start[i.service.index()])
        .max()
        .unwrap_or(0);
    for quarter in 1..=last {
        let mut starting: Vec<&RoadmapItem> = items
            .iter()
            .filter(|i| start[i.service.index()] == quarter && running[i.service.index()].is_none())
            .collect();
        if starting.len() <= cap {
            continue;
        }
        starting.sort_by(|a, b| {
            let sa = &services[a.service.index()];
            let sb = &services[b.service.index()];
            sa.priority
                .cmp(&sb.priority)
                .then(
                    (b.placement == Placement::Regulatory)
                        .cmp(&(a.placement == Placement::Regulatory)),
                )
                .then(sb.score.total_cmp(&sa.score))
                .then(a.service.cmp(&b.service))
        });
        for item in &starting[cap..] {
            start[item.service.index()] = quarter + 1;
            match full.iter_mut().find(|f| f.0 == item.service) {
                Some(f) => f.2 = quarter,
                None => full.push((item.service, quarter, quarter)),
            }
            moved = true;
        }
    }
    moved
}

/// The (current, target) levels of `key` when the service-maturity table shows it delivered
/// at or above its target level.
fn at_target(maturity: &KeyMap<ServiceKey, ServiceMaturity>, key: ServiceKey) -> Option<(u8, u8)> {
    let m = maturity.get(&key)?;
    let (current, target) = (m.current?.get(), m.target?.get());
    (current >= target).then_some((current, target))
}

/// Sequences the selected services (steps 1–4 of the module doc); `maturity` is the
/// organization's service-maturity table (empty when it has none).
pub fn build_roadmap(
    services: &[ServiceDecision],
    catalog: &Catalog,
    baseline: Option<&Baseline>,
    maturity: &KeyMap<ServiceKey, ServiceMaturity>,
    regulatory_threshold: f64,
    capacity: Capacity,
) -> Roadmap {
    let regulation = regulation(baseline, regulatory_threshold);
    let (cap, cap_words) = capacity.of(baseline, !maturity.is_empty());
    // Per service, its (current, target) levels where it already runs at target; a new PMO
    // runs nothing yet, whatever a table says.
    let mut running = [None; ServiceKey::COUNT];
    if !new_pmo(baseline) {
        for &key in ServiceKey::ALL {
            running[key.index()] = at_target(maturity, key);
        }
    }
    let selected: Vec<&ServiceDecision> = services
        .iter()
        .filter(|s| s.priority.is_selected())
        .collect();
    let is_selected = |k: ServiceKey| selected.iter().any(|s| s.key == k);
    let mut start = [0u8; ServiceKey::COUNT];
    let mut items: Vec<RoadmapItem> = Vec::new();
    for s in &selected {
        let phase = urgency_phase(s.priority, s.horizon);
        let mut reasons = vec![Reason::new(
            format!(
                "{} priority with a {} horizon: by urgency it belongs to {}",
                s.priority.as_str().replace('_', " "),
                s.horizon.as_str(),
                phase_words(phase)
            ),
            step(1),
        )];
        let mut placement = Placement::Urgency;
        start[s.key.index()] = phase.first_quarter();
        let compliance = COMPLIANCE_SERVICES.contains(&s.key) && s.priority != Priority::Could;
        if let (Some(why), true) = (&regulation, compliance) {
            placement = Placement::Regulatory;
            start[s.key.index()] = 1;
            reasons.push(Reason::new(
                format!(
                    "{why}: a compliance service starts in the next quarter, ahead of its dependencies (the regulatory deadline overrides the sequence)"
                ),
                step(3),
            ));
        }
        items.push(RoadmapItem {
            service: s.key,
            phase,
            start: start[s.key.index()],
            build_quarters: build_quarters(s.horizon),
            placement,
            depends_on: Vec::new(),
            reasons,
        });
    }
    // Step 2, first: what a more urgent service builds on is its enabler and comes forward.
    let enabled = bring_enablers_forward(&items, &mut start, services, catalog, &is_selected);
    // Steps 2 and 4 then only ever move a service later, so alternating them settles; the
    // bound keeps a hand-built catalog with a cycle from looping.
    let mut full: Vec<(ServiceKey, u8, u8)> = Vec::new();
    for _ in 0..ServiceKey::COUNT * 4 {
        let moved = after_dependencies(&items, &mut start, services, catalog, &is_selected);
        let waited = within_capacity(&items, &mut start, services, (cap, &running), &mut full);
        if !moved && !waited {
            break;
        }
    }
    for item in &mut items {
        let key = item.service;
        let was = item.start;
        item.start = start[key.index()];
        let users: Vec<String> = enabled
            .iter()
            .filter(|(e, _)| *e == key)
            .map(|(_, user)| {
                format!(
                    "{} ({})",
                    label(catalog, *user),
                    services[user.index()].priority.as_str()
                )
            })
            .collect();
        let build = if users.len() == 1 { "builds" } else { "build" };
        // The quarters capacity moved it out of, when that moved it at all.
        let bumped = full
            .iter()
            .find(|f| f.0 == key && item.start != was)
            .map(|f| (f.1, f.2));
        // Whether the capacity reason names the start (no dependency moved it on after).
        let capacity_closes = bumped.is_some_and(|(_, last)| item.start == last + 1);
        if item.start > was {
            item.placement = Placement::Dependency;
        } else if item.start < was {
            item.placement = Placement::Enabler;
            item.reasons.push(Reason::new(
                format!(
                    "{} {build} on it, so it comes forward to quarter {} ({}), ahead of its own urgency",
                    users.join(" and "),
                    item.start,
                    phase_words(Phase::of_quarter(item.start))
                ),
                step(2),
            ));
        }
        item.phase = Phase::of_quarter(item.start);
        if let Some((first, last)) = bumped {
            item.placement = Placement::Capacity;
            if first < was && !users.is_empty() {
                // Brought forward, then held back: say both, or its enabler role is lost.
                item.reasons.push(Reason::new(
                    format!(
                        "{} {build} on it, so it would come forward to quarter {first}",
                        users.join(" and "),
                    ),
                    step(2),
                ));
            }
            let full_quarters = match last - first {
                0 => format!("quarter {first}"),
                1 => format!("quarters {first} and {last}"),
                _ => format!("quarters {first} to {last}"),
            };
            // Where a dependency moved it on after that, the reasons close with the quarter.
            let then = if capacity_closes {
                format!(
                    ", so it starts in quarter {} ({})",
                    item.start,
                    phase_words(item.phase)
                )
            } else {
                String::new()
            };
            item.reasons.push(Reason::new(
                format!("but {cap_words}: more urgent services fill {full_quarters}{then}"),
                step(4),
            ));
        }
        for dep in catalog.dependencies().iter().filter(|d| d.service == key) {
            let location = Some(RuleLocation {
                file: "dependencies.csv".into(),
                line: u32::try_from(dep.row).unwrap_or(u32::MAX),
                column: 1,
            });
            let other = label(catalog, dep.depends_on);
            let text = if !is_selected(dep.depends_on) {
                format!(
                    "builds on {other}, which is not selected this period: check that the capability exists ({})",
                    dep.why
                )
            } else if item.placement == Placement::Regulatory {
                item.depends_on.push(dep.depends_on);
                if start[dep.depends_on.index()] <= item.start {
                    format!("builds on {other}, which starts alongside it ({})", dep.why)
                } else {
                    format!(
                        "builds on {other}, but starts without waiting for it because the regulatory deadline comes first ({})",
                        dep.why
                    )
                }
            } else if less_urgent(services, dep.depends_on, key)
                && start[dep.depends_on.index()] >= item.start
            {
                let theirs = start[dep.depends_on.index()];
                if theirs == item.start {
                    // "It does not wait for it" read oddly of a service starting the same
                    // quarter (most often one brought forward to start with it).
                    format!(
                        "builds on {other}, a less urgent service that starts alongside it in quarter {theirs}: set up the groundwork of {other} together ({})",
                        dep.why
                    )
                } else {
                    format!(
                        "builds on {other}, a less urgent service that starts in quarter {theirs}: it does not wait for it; set up the groundwork of {other} alongside ({})",
                        dep.why
                    )
                }
            } else {
                item.depends_on.push(dep.depends_on);
                format!(
                    "starts after {other}, which starts in quarter {} ({})",
                    start[dep.depends_on.index()],
                    dep.why
                )
            };
            item.reasons.push(Reason::new(text, location));
        }
        if let Some((current, target)) = running[key.index()] {
            item.reasons.push(Reason::new(
                format!(
                    "already delivered at level {current} where its target is {target} (service maturity): it keeps running and takes none of the quarter\u{2019}s room for new or raised services"
                ),
                step(4),
            ));
        }
        if item.placement == Placement::Dependency
            || (item.placement == Placement::Capacity && !capacity_closes)
        {
            item.reasons.push(Reason::new(
                format!(
                    "so it starts in quarter {} ({})",
                    item.start,
                    phase_words(item.phase)
                ),
                step(2),
            ));
        }
    }
    items.sort_by(|a, b| {
        let sa = &services[a.service.index()];
        let sb = &services[b.service.index()];
        // Within a quarter a regulatory deadline leads, as it does in the sequence.
        let ra = a.placement != Placement::Regulatory;
        let rb = b.placement != Placement::Regulatory;
        a.start
            .cmp(&b.start)
            .then(ra.cmp(&rb))
            .then(sa.priority.cmp(&sb.priority))
            .then(sa.horizon.cmp(&sb.horizon))
            .then(a.service.cmp(&b.service))
    });
    Roadmap {
        items,
        regulated: regulation.is_some(),
    }
}

#[cfg(test)]
mod tests;
