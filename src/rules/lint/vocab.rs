//! The vocabularies lint checks against: host-function arguments that take catalog or model
//! keys, and the fields of the maps scripts read (`org`, `org.baseline`, a group). These lists
//! mirror `api/` and `convert.rs`; the tests below compare them with the real maps so they
//! cannot drift silently.

use std::sync::LazyLock;

use crate::model::approach::Approach;
use crate::model::baseline::{BaselineField, CoverageScope};
use crate::model::customer::CustomerGroup;
use crate::model::outcome::OutcomeKey;
use crate::model::recommendation::{ActionKind, AlertLevel, ControlLevel, Lean};
use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};

/// What an argument of a host function must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arg {
    /// A key of a vocabulary (name, keys).
    Key(&'static str, &'static [&'static str]),
    /// An array of keys of a vocabulary.
    Keys(&'static str, &'static [&'static str]),
    /// A business-readable reason (must not be blank).
    Reason,
}

const S: Arg = Arg::Key("service", ServiceKey::KEYS);
const SS: Arg = Arg::Keys("service", ServiceKey::KEYS);
const O: Arg = Arg::Key("outcome", OutcomeKey::KEYS);
const OS: Arg = Arg::Keys("outcome", OutcomeKey::KEYS);
const G: Arg = Arg::Key("group", CustomerGroup::KEYS);
const A: Arg = Arg::Key("approach", Approach::KEYS);
const R: Arg = Arg::Reason;

/// One host function: name, arity, and its checked arguments (index, kind).
type HostFn = (&'static str, usize, &'static [(usize, Arg)]);

/// The checked arguments of each host function.
pub(crate) const HOST_ARGS: &[HostFn] = &[
    (
        "services_in",
        1,
        &[(0, Arg::Key("category", ServiceCategory::KEYS))],
    ),
    ("service", 1, &[(0, S)]),
    ("service_name", 1, &[(0, S)]),
    ("service_category", 1, &[(0, S)]),
    ("service_outcomes", 1, &[(0, S)]),
    ("linked_horizon", 1, &[(0, S)]),
    ("outcome", 1, &[(0, O)]),
    ("outcome_name", 1, &[(0, O)]),
    ("outcome_names", 1, &[(0, OS)]),
    ("outcome_services", 1, &[(0, O)]),
    ("group_name", 1, &[(0, G)]),
    ("group_noun", 1, &[(0, G)]),
    ("approach_rank", 1, &[(0, A)]),
    ("outcome_priority", 2, &[(0, G), (1, O)]),
    ("org_outcome_priority", 1, &[(0, O)]),
    ("org_outcome_standing", 1, &[(0, O)]),
    ("top_outcomes", 2, &[(0, G)]),
    ("service_score", 1, &[(0, S)]),
    ("service_priority", 1, &[(0, S)]),
    ("service_horizon", 1, &[(0, S)]),
    (
        "services_with_horizon",
        1,
        &[(0, Arg::Key("horizon", Horizon::KEYS))],
    ),
    (
        "count_selected",
        1,
        &[(0, Arg::Key("category", ServiceCategory::KEYS))],
    ),
    ("service_approach", 2, &[(0, G), (1, S)]),
    ("group_approach", 1, &[(0, G)]),
    ("dominant_approach", 1, &[(0, G)]),
    ("set_outcome_priority", 4, &[(0, G), (1, O), (3, R)]),
    ("set_org_outcome_priority", 3, &[(0, O), (2, R)]),
    ("add_score", 3, &[(0, S), (2, R)]),
    (
        "recommend",
        3,
        &[(0, S), (1, Arg::Key("priority", Priority::KEYS)), (2, R)],
    ),
    (
        "set_horizon",
        3,
        &[(0, S), (1, Arg::Key("horizon", Horizon::KEYS)), (2, R)],
    ),
    ("set_approach", 4, &[(0, G), (1, S), (2, A), (3, R)]),
    ("set_group_approach", 3, &[(0, G), (1, A), (2, R)]),
    ("note_group", 2, &[(0, G), (1, R)]),
    (
        "set_coverage_scope",
        2,
        &[(0, Arg::Key("coverage scope", CoverageScope::KEYS)), (1, R)],
    ),
    ("set_category_mix", 4, &[(3, R)]),
    (
        "set_control_level",
        2,
        &[(0, Arg::Key("control level", ControlLevel::KEYS)), (1, R)],
    ),
    ("add_label", 2, &[(1, R)]),
    (
        "alert",
        3,
        &[(0, Arg::Key("alert level", AlertLevel::KEYS)), (2, R)],
    ),
    (
        "group_alert",
        4,
        &[
            (0, Arg::Key("alert level", AlertLevel::KEYS)),
            (2, G),
            (3, R),
        ],
    ),
    ("prioritize_group_outcomes", 2, &[(0, G), (1, R)]),
    ("prioritize_org_outcomes", 1, &[(0, R)]),
    ("set_linked_horizons", 1, &[(0, R)]),
    ("score_services_from_outcomes", 1, &[(0, R)]),
    ("add_scores", 3, &[(0, SS), (2, R)]),
    ("set_approaches", 4, &[(0, G), (1, SS), (2, A), (3, R)]),
    ("shift_approaches", 4, &[(0, G), (1, SS), (3, R)]),
    ("combine_group_priorities", 1, &[(0, R)]),
    (
        "raise_priority",
        3,
        &[(0, SS), (1, Arg::Key("priority", Priority::KEYS)), (2, R)],
    ),
    ("focus_portfolio", 3, &[(1, SS), (2, R)]),
    (
        "add_action",
        3,
        &[
            (0, S),
            (1, Arg::Key("service action", ActionKind::KEYS)),
            (2, R),
        ],
    ),
    (
        "has_action",
        2,
        &[(0, S), (1, Arg::Key("service action", ActionKind::KEYS))],
    ),
    ("advise", 2, &[(1, R)]),
    ("set_governance", 2, &[(1, R)]),
    (
        "services_with_action",
        1,
        &[(0, Arg::Key("service action", ActionKind::KEYS))],
    ),
    (
        "set_lean",
        2,
        &[(0, Arg::Key("category lean", Lean::KEYS)), (1, R)],
    ),
    ("concerns", 2, &[(0, G), (1, S)]),
    ("relevant_services", 2, &[(0, G)]),
    ("services_from_own_outcomes", 2, &[(0, G)]),
    ("limit_approaches", 5, &[(0, G), (1, SS), (2, A), (4, R)]),
    ("cap_control_cells", 3, &[(1, SS), (2, R)]),
    (
        "alert_count",
        1,
        &[(0, Arg::Key("alert level", AlertLevel::KEYS))],
    ),
];

/// The checked arguments of a call, if it is a host function.
pub(crate) fn host_args(name: &str, arity: usize) -> Option<&'static [(usize, Arg)]> {
    HOST_ARGS
        .iter()
        .find(|(n, a, _)| *n == name && *a == arity)
        .map(|(_, _, args)| *args)
}

/// Fields of `org`.
pub(crate) const ORG_FIELDS: &[&str] = &[
    "id",
    "name",
    "has_baseline",
    "respondents",
    "group_keys",
    "groups",
    "baseline",
    "service_maturity",
];
/// Fields of `org.baseline`: every [`BaselineField`], then the aggregation's own two.
pub(crate) static BASELINE_FIELDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    BaselineField::KEYS
        .iter()
        .copied()
        .chain(["respondents", "disagreements"])
        .collect()
});
/// Fields of `org.groups[g]`.
pub(crate) const GROUP_FIELDS: &[&str] = &[
    "respondents",
    "pm_maturity",
    "pm_maturity_median",
    "pm_maturity_answered",
    "satisfaction",
    "satisfaction_answered",
    "nps",
    "nps_answered",
    "nps_promoters",
    "nps_detractors",
    "comments",
    "themes",
    "outcomes",
    "answered",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn field_lists_match_the_maps_scripts_read() {
        let catalog =
            Arc::new(crate::ingest::read_catalog(std::path::Path::new("data/catalog")).unwrap());
        let shared = crate::rules::state::Shared::new(catalog, rhai::Map::new(), rhai::Map::new());
        let mut input = crate::model::survey::OrganizationInput::new(
            crate::model::organization::OrganizationId::new("acme").unwrap(),
        );
        input
            .groups
            .insert(CustomerGroup::ALL[0], Default::default());
        let org = crate::rules::convert::org_to_dynamic(&input, &shared).cast::<rhai::Map>();
        let keys = |m: &rhai::Map| -> Vec<String> {
            let mut k: Vec<String> = m.keys().map(|k| k.to_string()).collect();
            k.sort();
            k
        };
        let sorted = |l: &[&str]| -> Vec<String> {
            let mut v: Vec<String> = l.iter().map(|s| s.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(keys(&org), sorted(ORG_FIELDS));
        assert_eq!(
            keys(&org["baseline"].clone().cast::<rhai::Map>()),
            sorted(&BASELINE_FIELDS)
        );
        let groups = org["groups"].clone().cast::<rhai::Map>();
        let group = groups.values().next().unwrap().clone().cast::<rhai::Map>();
        assert_eq!(keys(&group), sorted(GROUP_FIELDS));
    }
}
