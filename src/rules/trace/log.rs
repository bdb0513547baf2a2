//! The trace of one evaluation, kept only when `explain` asks for it (`RuleSet::evaluate_traced`):
//! every score addition, every priority, horizon, approach and profile decision a rule set (so a later rule that
//! replaces an earlier decision shows as an override), and every decision-table row that
//! answered a `table(…)` call.
//!
//! The recorder writes here from its setters; nothing here decides anything, and a plain
//! `evaluate` keeps no log at all (run and check stay as fast as before).

use std::cell::RefCell;

use serde::Serialize;

use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::decision::{Reason, RuleLocation};
use crate::model::recommendation::CategoryMix;
use crate::model::service::{Horizon, Priority, ServiceKey};

/// What a rule line decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Setting {
    /// Added points to a service's score (the points).
    Score(f64),
    /// Set a service's priority.
    Priority(Priority),
    /// Set a service's value horizon.
    Horizon(Horizon),
}

/// One line behind a service decision: which of the service's reasons it gave, and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLine {
    /// The service.
    pub service: ServiceKey,
    /// Index of the reason in the service's reason list.
    pub reason_index: usize,
    /// What it set.
    pub setting: Setting,
}

/// One approach a rule set for a group and a service, in the order set.
#[derive(Debug, Clone, PartialEq)]
pub struct ApproachLine {
    /// The customer group.
    pub group: CustomerGroup,
    /// The service.
    pub service: ServiceKey,
    /// The approach set.
    pub approach: Approach,
    /// The reason's sentence.
    pub text: String,
    /// Where the rule is.
    pub rule: Option<RuleLocation>,
}

/// A profile decision a rule set (coverage scope, category mix, control level), in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileLine {
    /// `coverage scope`, `category mix` or `control level`.
    pub field: &'static str,
    /// The value set, as `explain` shows it.
    pub value: String,
    /// The reason's sentence.
    pub text: String,
    /// Where the rule is.
    pub rule: Option<RuleLocation>,
}

/// Logs a profile setting when tracing (one line in each recorder setter).
pub(crate) fn trace_profile(
    log: &mut Option<TraceLog>,
    field: &'static str,
    value: &str,
    reason: &Reason,
) {
    if let Some(t) = log {
        t.profile.push(ProfileLine {
            field,
            value: value.to_string(),
            text: reason.text.clone(),
            rule: reason.rule.clone(),
        });
    }
}

/// `40/35/25`: a category mix as strategic/tactical/operational percentages.
pub(crate) fn mix_text(m: &CategoryMix) -> String {
    let pct = |x: f64| format!("{:.0}", x * 100.0);
    format!(
        "{}/{}/{} strategic/tactical/operational",
        pct(m.strategic),
        pct(m.tactical),
        pct(m.operational)
    )
}

/// A decision-table row that answered a `table(…)` call (or one key of a `table_column(…)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableHit {
    /// The table file as shown to users (`rules/tables/approach_by_maturity.csv`).
    pub file: String,
    /// 1-based line of the row.
    pub line: u32,
    /// The inputs of the call (`maturity = 3.4`).
    pub inputs: String,
    /// The script line that called the table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called_at: Option<String>,
}

/// Everything traced during one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraceLog {
    /// Score additions, priorities and horizons, in the order set.
    pub services: Vec<ServiceLine>,
    /// Approaches per group and service, in the order set.
    pub approaches: Vec<ApproachLine>,
    /// Table rows that matched, in the order called.
    pub tables: Vec<TableHit>,
    /// Profile decisions, in the order set.
    pub profile: Vec<ProfileLine>,
}

thread_local! {
    /// Table rows matched on this thread while a traced evaluation runs: apart from the
    /// recorder because `table(…)` is registered on the engine, not in the host API modules.
    static TABLE_HITS: RefCell<Option<Vec<TableHit>>> = const { RefCell::new(None) };
}

/// Starts collecting table rows on this thread (a traced evaluation begins).
pub(crate) fn start_table_hits() {
    TABLE_HITS.with(|t| *t.borrow_mut() = Some(Vec::new()));
}

/// Stops collecting and returns the rows matched since `start_table_hits`.
pub(crate) fn take_table_hits() -> Vec<TableHit> {
    TABLE_HITS.with(|t| t.borrow_mut().take().unwrap_or_default())
}

/// Notes matched rows when a traced evaluation runs on this thread (else does nothing).
pub(crate) fn note_table_hits(hits: impl FnOnce() -> Vec<TableHit>) {
    TABLE_HITS.with(|t| {
        if let Some(list) = t.borrow_mut().as_mut() {
            list.extend(hits());
        }
    });
}
