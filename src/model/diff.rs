//! What changed between two snapshots of the same organization (`OrgDiff`) and between two
//! whole periods (`PeriodDiff`): the data behind `pmo-advisor diff`, the rule-change impact
//! and the PDF's "Changes since last period" section.
//!
//! Pure computation on `OrgSnapshot`s: no I/O, no wording (report renders the sentences).
//! Snapshot values are the rounded ones the JSON results carry, so a value that did not change
//! compares equal exactly; deltas are rounded again so that float subtraction noise never
//! shows. Every list is in a fixed order (key order, or the snapshots' own deterministic
//! order for alerts), so renderings are byte-stable. The field names are serialized as they
//! are, and `report::diff` documents them as the JSON schema of `diff --format json`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::key_enum;
use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::period::Period;
use crate::model::recommendation::{AlertLevel, ControlLevel};
use crate::model::scale::round_to;
use crate::model::service::{Priority, ServiceCategory, ServiceKey};
use crate::model::snapshot::{AlertSnapshot, OrgSnapshot};

key_enum! {
    /// A kind of change, as `--fail-on-change` names it.
    pub enum ChangeKind: "change kind" {
        /// Coverage scope, control level, category mix or profile labels changed.
        Profile = "profile",
        /// An offered service's priority rose or fell, its share moving by the margin or more.
        Priority = "priority",
        /// An offered service's priority label changed while its share moved by less than
        /// the borderline margin: reported as unchanged within the margin, not as a move.
        PriorityWithinMargin = "priority_within_margin",
        /// A service became offered (must, should or could).
        ServiceAdded = "service_added",
        /// A service is no longer offered.
        ServiceDropped = "service_dropped",
        /// A group's dominant approach changed.
        Approach = "approach",
        /// A group's approach for one service changed.
        ServiceApproach = "service_approach",
        /// A group's mean self-assessed PM maturity changed.
        Maturity = "maturity",
        /// A group's mean satisfaction changed.
        Satisfaction = "satisfaction",
        /// A group's NPS changed.
        Nps = "nps",
        /// A category's service maturity (current or target %) changed.
        CategoryMaturity = "category_maturity",
        /// The baseline PM maturity changed.
        BaselineMaturity = "baseline_maturity",
        /// A customer group answered that did not before.
        GroupAdded = "group_added",
        /// A customer group no longer answered.
        GroupRemoved = "group_removed",
        /// An alert appeared.
        AlertNew = "alert_new",
        /// An alert went away.
        AlertResolved = "alert_resolved",
        /// An alert stayed but changed level.
        AlertLevel = "alert_level",
        /// An organization appeared in the head period.
        OrganizationAdded = "organization_added",
        /// An organization is missing from the head period.
        OrganizationRemoved = "organization_removed",
    }
}

/// A value before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change<T> {
    /// Value in the base.
    pub base: T,
    /// Value in the head.
    pub head: T,
}

impl<T: PartialEq> Change<T> {
    /// `Some` when the two values differ.
    fn of(base: T, head: T) -> Option<Self> {
        (base != head).then_some(Change { base, head })
    }
}

/// A number before and after; either side is `None` when the value was absent (a group that
/// did not answer, a question nobody answered).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NumberChange {
    /// Value in the base.
    pub base: Option<f64>,
    /// Value in the head.
    pub head: Option<f64>,
    /// `head - base` (4 decimals) when both are present.
    pub delta: Option<f64>,
}

impl NumberChange {
    /// `Some` when the values differ (presence included).
    pub fn of(base: Option<f64>, head: Option<f64>) -> Option<Self> {
        (base != head).then(|| NumberChange {
            base,
            head,
            delta: base.zip(head).map(|(b, h)| round_to(h - b, 4)),
        })
    }
}

/// The borderline margin the diff applies to shares when the results do not carry one.
///
/// The rules' `params.borderline_margin` defaults to 0.05 (`rules/convert.rs`, docs/method.md
/// step 2), and the JSON results do not record the value a run used; a share that moved by
/// less than this is within the rules' own uncertainty around a cut-off, so a new label is
/// not reported as a rise or fall.
pub const DEFAULT_BORDERLINE_MARGIN: f64 = 0.05;

/// Which way a priority moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Toward `must`.
    Rose,
    /// Toward `not_now`.
    Fell,
}

/// Changes of the PMO profile; empty when nothing changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProfileDiff {
    /// Coverage scope.
    pub coverage_scope: Option<Change<CoverageScope>>,
    /// Control level.
    pub control_level: Option<Change<ControlLevel>>,
    /// Category shares that changed, in category order.
    pub category_mix: BTreeMap<ServiceCategory, NumberChange>,
    /// Closest profile labels.
    pub labels: Option<Change<Vec<String>>>,
}

impl ProfileDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.coverage_scope.is_none()
            && self.control_level.is_none()
            && self.category_mix.is_empty()
            && self.labels.is_none()
    }
}

/// A service offered in both snapshots whose priority changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityChange {
    /// Service.
    pub service: ServiceKey,
    /// Display name (head's).
    pub name: String,
    /// Rose or fell.
    pub direction: Direction,
    /// Priority before and after.
    pub priority: Change<Priority>,
    /// Score before and after (2 decimals).
    pub score: Change<f64>,
    /// Share of the top score before and after, when both results carry it
    /// (schema_version 2 or later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<Change<f64>>,
}

impl PriorityChange {
    /// Whether the share moved by less than `margin`: the label changed at a cut-off but the
    /// service's standing did not really move. False when a side has no share (results
    /// written before schema_version 2), so those keep being reported as rises and falls.
    pub fn within_margin(&self, margin: f64) -> bool {
        // Shares carry 4 decimals; rounding the move keeps float noise off the boundary.
        self.share
            .is_some_and(|s| round_to((s.head - s.base).abs(), 4) < margin)
    }
}

/// A baseline input other than maturity that changed (change readiness, risk tolerance,
/// regulatory intensity, decision style, existing PMO), as text for the narrative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputChange {
    /// The baseline field, such as `change_readiness`.
    pub input: &'static str,
    /// Value before (`None` when absent).
    pub base: Option<String>,
    /// Value after (`None` when absent).
    pub head: Option<String>,
}

/// A service that became offered or stopped being offered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceMove {
    /// Service.
    pub service: ServiceKey,
    /// Display name.
    pub name: String,
    /// Category.
    pub category: ServiceCategory,
    /// Priority before and after (one side is `not_now`).
    pub priority: Change<Priority>,
    /// Score before and after.
    pub score: Change<f64>,
}

/// Whether a group is in both snapshots or only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Answered in both periods.
    Both,
    /// Answered in the head only.
    Added,
    /// Answered in the base only.
    Removed,
}

/// A change of approach and whether it gives the customers more autonomy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ApproachChange {
    /// Approach before and after.
    #[serde(flatten)]
    pub approach: Change<Approach>,
    /// True when the head approach leaves the customer more autonomy (the direction the
    /// maturity model intends as maturity grows).
    pub toward_autonomy: bool,
}

impl ApproachChange {
    /// `Some` when the approaches differ.
    pub fn of(base: Approach, head: Approach) -> Option<Self> {
        Change::of(base, head).map(|approach| ApproachChange {
            approach,
            // Approach::rank runs from 1 (most autonomy) to 6 (least).
            toward_autonomy: head.rank() < base.rank(),
        })
    }
}

/// A group's approach for one service, before and after (absent when the service was not
/// selected for the group).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ServiceApproachChange {
    /// Service.
    pub service: ServiceKey,
    /// Approach before and after.
    pub approach: Change<Option<Approach>>,
    /// True when both are present and the head leaves more autonomy.
    pub toward_autonomy: bool,
}

/// What changed for one customer group; listed only when something did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDiff {
    /// Group.
    pub group: CustomerGroup,
    /// Display name.
    pub name: String,
    /// In both periods, or only one.
    pub presence: Presence,
    /// Respondents before and after (0 when absent).
    pub respondents: Option<Change<u32>>,
    /// Dominant approach (groups present in both only).
    pub approach: Option<ApproachChange>,
    /// Per-service approaches that changed, in service order (groups present in both only).
    pub service_approaches: Vec<ServiceApproachChange>,
    /// Mean self-assessed PM maturity.
    pub pm_maturity: Option<NumberChange>,
    /// Mean satisfaction.
    pub satisfaction: Option<NumberChange>,
    /// Satisfaction answers before and after (the n beside the figures; 0 when absent).
    pub satisfaction_answers: Change<u32>,
    /// NPS.
    pub nps: Option<NumberChange>,
    /// Recommendation answers before and after (0 when absent).
    pub nps_answers: Change<u32>,
}

/// A category's service maturity before and after (either side `None` when not assessed).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CategoryMaturityChange {
    /// Category.
    pub category: ServiceCategory,
    /// Current %, when it changed.
    pub current_percent: Option<NumberChange>,
    /// Target %, when it changed.
    pub target_percent: Option<NumberChange>,
}

/// An alert as a diff lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEntry {
    /// Level (the head's for level changes and new alerts, the base's for resolved ones).
    pub level: AlertLevel,
    /// Stable code.
    pub code: String,
    /// Group concerned.
    pub group: Option<CustomerGroup>,
    /// Reason sentence.
    pub text: String,
}

impl From<&AlertSnapshot> for AlertEntry {
    fn from(a: &AlertSnapshot) -> Self {
        AlertEntry {
            level: a.level,
            code: a.code.clone(),
            group: a.group,
            text: a.text.clone(),
        }
    }
}

/// An alert present in both with a different level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertLevelChange {
    /// Stable code.
    pub code: String,
    /// Group concerned.
    pub group: Option<CustomerGroup>,
    /// Level before and after.
    pub level: Change<AlertLevel>,
}

/// Everything that changed for one organization between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgDiff {
    /// Organization id.
    pub id: String,
    /// Display name (head's).
    pub name: String,
    /// Base period.
    pub base_period: Period,
    /// Head period.
    pub head_period: Period,
    /// Rules version before and after (equal when the rules did not change).
    pub rules_version: Change<String>,
    /// Profile changes.
    pub profile: ProfileDiff,
    /// Offered services whose priority rose or fell by the margin or more, in service order.
    pub priorities: Vec<PriorityChange>,
    /// Offered services whose priority label changed while their share moved by less than
    /// the borderline margin under the same rules version (unchanged within the margin), in
    /// service order.
    pub priorities_within_margin: Vec<PriorityChange>,
    /// Services now offered that were not, in service order.
    pub services_added: Vec<ServiceMove>,
    /// Services no longer offered, in service order.
    pub services_dropped: Vec<ServiceMove>,
    /// Groups with a change, in group order.
    pub groups: Vec<GroupDiff>,
    /// Categories whose service maturity changed, in category order.
    pub category_maturity: Vec<CategoryMaturityChange>,
    /// Baseline PM maturity.
    pub baseline_maturity: Option<NumberChange>,
    /// Other baseline inputs that changed, in field order; context for the narrative, not a
    /// change kind of its own (the results they drive are compared above).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub baseline_inputs: Vec<InputChange>,
    /// Alerts of the head that the base did not have, in the head's order (most serious first).
    pub alerts_new: Vec<AlertEntry>,
    /// Alerts of the base that the head does not have, in the base's order.
    pub alerts_resolved: Vec<AlertEntry>,
    /// Alerts in both with another level, in the head's order.
    pub alert_levels: Vec<AlertLevelChange>,
}

impl OrgDiff {
    /// The kinds of change present, in kind order.
    pub fn kinds(&self) -> BTreeSet<ChangeKind> {
        let mut kinds = BTreeSet::new();
        let mut add = |present: bool, kind| {
            if present {
                kinds.insert(kind);
            }
        };
        add(!self.profile.is_empty(), ChangeKind::Profile);
        add(!self.priorities.is_empty(), ChangeKind::Priority);
        add(
            !self.priorities_within_margin.is_empty(),
            ChangeKind::PriorityWithinMargin,
        );
        add(!self.services_added.is_empty(), ChangeKind::ServiceAdded);
        add(
            !self.services_dropped.is_empty(),
            ChangeKind::ServiceDropped,
        );
        for g in &self.groups {
            add(g.presence == Presence::Added, ChangeKind::GroupAdded);
            add(g.presence == Presence::Removed, ChangeKind::GroupRemoved);
            add(g.approach.is_some(), ChangeKind::Approach);
            add(
                !g.service_approaches.is_empty(),
                ChangeKind::ServiceApproach,
            );
            add(g.pm_maturity.is_some(), ChangeKind::Maturity);
            add(g.satisfaction.is_some(), ChangeKind::Satisfaction);
            add(g.nps.is_some(), ChangeKind::Nps);
        }
        add(
            !self.category_maturity.is_empty(),
            ChangeKind::CategoryMaturity,
        );
        add(
            self.baseline_maturity.is_some(),
            ChangeKind::BaselineMaturity,
        );
        add(!self.alerts_new.is_empty(), ChangeKind::AlertNew);
        add(!self.alerts_resolved.is_empty(), ChangeKind::AlertResolved);
        add(!self.alert_levels.is_empty(), ChangeKind::AlertLevel);
        kinds
    }

    /// Whether nothing changed (a new rules version alone is not a change of results).
    pub fn is_empty(&self) -> bool {
        self.kinds().is_empty()
    }
}

/// An organization's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgRef {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// What changed between two whole periods (or two rule versions on the same inputs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodDiff {
    /// Organizations only in the head, in id order.
    pub organizations_added: Vec<OrgRef>,
    /// Organizations only in the base, in id order.
    pub organizations_removed: Vec<OrgRef>,
    /// One diff per organization present in both, in id order (unchanged ones included, with
    /// `is_empty()` true).
    pub organizations: Vec<OrgDiff>,
}

impl PeriodDiff {
    /// The kinds of change present anywhere, in kind order.
    pub fn kinds(&self) -> BTreeSet<ChangeKind> {
        let mut kinds: BTreeSet<ChangeKind> =
            self.organizations.iter().flat_map(OrgDiff::kinds).collect();
        if !self.organizations_added.is_empty() {
            kinds.insert(ChangeKind::OrganizationAdded);
        }
        if !self.organizations_removed.is_empty() {
            kinds.insert(ChangeKind::OrganizationRemoved);
        }
        kinds
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.kinds().is_empty()
    }

    /// Organizations with at least one change.
    pub fn changed(&self) -> impl Iterator<Item = &OrgDiff> {
        self.organizations.iter().filter(|d| !d.is_empty())
    }
}

/// Compares two snapshots of one organization (normally the same id; the head's id and name
/// are kept).
pub fn diff(base: &OrgSnapshot, head: &OrgSnapshot) -> OrgDiff {
    let mut d = OrgDiff {
        id: head.id.clone(),
        name: head.name.clone(),
        base_period: base.period,
        head_period: head.period,
        rules_version: Change {
            base: base.rules_version.clone(),
            head: head.rules_version.clone(),
        },
        profile: compare::diff_profile(base, head),
        priorities: Vec::new(),
        priorities_within_margin: Vec::new(),
        services_added: Vec::new(),
        services_dropped: Vec::new(),
        groups: compare::diff_groups(base, head),
        category_maturity: compare::diff_category_maturity(base, head),
        baseline_maturity: NumberChange::of(base.baseline_pm_maturity, head.baseline_pm_maturity),
        baseline_inputs: compare::diff_baseline_inputs(base, head),
        alerts_new: Vec::new(),
        alerts_resolved: Vec::new(),
        alert_levels: Vec::new(),
    };
    compare::diff_services(base, head, &mut d);
    compare::diff_alerts(base, head, &mut d);
    d
}

/// Compares two periods: organizations matched by id.
pub fn diff_period(base: &[OrgSnapshot], head: &[OrgSnapshot]) -> PeriodDiff {
    let by_id = |list: &[OrgSnapshot]| -> BTreeMap<String, usize> {
        list.iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect()
    };
    let (base_ids, head_ids) = (by_id(base), by_id(head));
    let org_ref = |s: &OrgSnapshot| OrgRef {
        id: s.id.clone(),
        name: s.name.clone(),
    };
    PeriodDiff {
        organizations_added: head_ids
            .iter()
            .filter(|(id, _)| !base_ids.contains_key(*id))
            .map(|(_, &i)| org_ref(&head[i]))
            .collect(),
        organizations_removed: base_ids
            .iter()
            .filter(|(id, _)| !head_ids.contains_key(*id))
            .map(|(_, &i)| org_ref(&base[i]))
            .collect(),
        organizations: head_ids
            .iter()
            .filter_map(|(id, &h)| base_ids.get(id).map(|&b| diff(&base[b], &head[h])))
            .collect(),
    }
}

#[path = "diff/compare.rs"]
mod compare;
#[path = "diff/impact.rs"]
pub mod impact;

#[cfg(test)]
#[path = "diff/tests.rs"]
mod tests;
