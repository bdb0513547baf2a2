//! Host functions that read the decisions made so far for the organization being evaluated.
//!
//! Later scripts build on earlier ones (services read outcome priorities, approaches read
//! priorities, the profile reads approaches). Values not decided yet come back as `()`.
//! Read-only: nothing here records a decision.

use rhai::plugin::*;

/// The read-back functions.
#[export_module]
pub mod read_api {
    use super::{opt, top};
    use crate::rules::api::options::median;
    use rhai::{Array, Dynamic, NativeCallContext, FLOAT, INT};

    use crate::model::customer::CustomerGroup;
    use crate::model::outcome::OutcomeKey;
    use crate::model::service::ServiceKey;
    use crate::rules::api::keys::parse_key;
    use crate::rules::state::{with_recorder, HostResult};

    /// A group's priority for an outcome, or `()` when not set.
    /// Example: `outcome_priority("executive", "strategic_alignment")`
    #[rhai_fn(return_raw)]
    pub fn outcome_priority(
        ctx: NativeCallContext,
        group: &str,
        outcome: &str,
    ) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let o = parse_key(outcome, OutcomeKey::parse, "outcome")?;
            Ok(opt(rec.group_outcome(g, o)))
        })
    }

    /// The organization-wide priority of an outcome, or `()` when not set.
    /// Example: `org_outcome_priority("strategic_alignment")`
    #[rhai_fn(return_raw)]
    pub fn org_outcome_priority(ctx: NativeCallContext, outcome: &str) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let o = parse_key(outcome, OutcomeKey::parse, "outcome")?;
            Ok(opt(rec.org_outcomes[o.index()].value))
        })
    }

    /// A group's `n` highest-priority outcomes (ties in catalog order).
    /// Example: `top_outcomes("executive", 3)`
    #[rhai_fn(return_raw)]
    pub fn top_outcomes(ctx: NativeCallContext, group: &str, n: INT) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let values: Vec<Option<f64>> = OutcomeKey::ALL
                .iter()
                .map(|o| rec.group_outcome(g, *o))
                .collect();
            Ok(top(&values, n, &sh.outcome_keys))
        })
    }

    /// The organization's `n` highest-priority outcomes (ties in catalog order).
    /// Example: `org_top_outcomes(5)`
    #[rhai_fn(return_raw)]
    pub fn org_top_outcomes(ctx: NativeCallContext, n: INT) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let values: Vec<Option<f64>> = rec.org_outcomes.iter().map(|d| d.value).collect();
            Ok(top(&values, n, &sh.outcome_keys))
        })
    }

    /// Where an outcome stands in the organization's ranking: `#{ rank, of, priority, median,
    /// above_median }` (rank 1 is the highest; ties in catalog order), or `()` when nobody was
    /// asked about it. Example: `org_outcome_standing("strategic_alignment").above_median`
    #[rhai_fn(return_raw)]
    pub fn org_outcome_standing(ctx: NativeCallContext, outcome: &str) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let o = parse_key(outcome, OutcomeKey::parse, "outcome")?;
            let Some(priority) = rec.org_outcomes[o.index()].value else {
                return Ok(Dynamic::UNIT);
            };
            let mut asked: Vec<(usize, f64)> = rec
                .org_outcomes
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.value.map(|v| (i, v)))
                .collect();
            asked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let rank = asked.iter().position(|a| a.0 == o.index()).unwrap_or(0) + 1;
            let values: Vec<f64> = asked.iter().map(|a| a.1).collect();
            let median = median(&values);
            let mut m = rhai::Map::new();
            m.insert(
                "rank".into(),
                INT::try_from(rank).unwrap_or(INT::MAX).into(),
            );
            m.insert(
                "of".into(),
                INT::try_from(asked.len()).unwrap_or(INT::MAX).into(),
            );
            m.insert("priority".into(), priority.into());
            m.insert("median".into(), median.into());
            m.insert("above_median".into(), (priority > median + 1e-9).into());
            Ok(m.into())
        })
    }

    /// A service's score so far (0.0 before any points). Example: `service_score("risk_management")`
    #[rhai_fn(return_raw)]
    pub fn service_score(ctx: NativeCallContext, service: &str) -> HostResult<FLOAT> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            Ok(rec.scores[s.index()].value.unwrap_or(0.0))
        })
    }

    /// The highest service score so far. Example: `max_service_score()`
    #[rhai_fn(return_raw)]
    pub fn max_service_score(ctx: NativeCallContext) -> HostResult<FLOAT> {
        with_recorder(&ctx, |_, rec| Ok(rec.top_score()))
    }

    /// A service's priority, or `()` when not set. Example: `service_priority("risk_management")`
    #[rhai_fn(return_raw)]
    pub fn service_priority(ctx: NativeCallContext, service: &str) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            Ok(rec.priorities[s.index()].map_or(Dynamic::UNIT, |p| p.as_str().into()))
        })
    }

    /// The services with priority must, should or could, in S1–S26 order.
    /// Example: `for s in selected_services() { … }`
    #[rhai_fn(return_raw)]
    pub fn selected_services(ctx: NativeCallContext) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            Ok(rec
                .priorities
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_some_and(|p| p.is_selected()))
                .map(|(i, _)| sh.service_keys[i].clone().into())
                .collect())
        })
    }

    /// A service's horizon, or `()` when not set. Example: `service_horizon("issue_management")`
    #[rhai_fn(return_raw)]
    pub fn service_horizon(ctx: NativeCallContext, service: &str) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            Ok(rec.horizons[s.index()].map_or(Dynamic::UNIT, |h| h.as_str().into()))
        })
    }

    /// A group's approach for a service, or `()` when not set.
    /// Example: `service_approach("executive", "portfolio_management")`
    #[rhai_fn(return_raw)]
    pub fn service_approach(
        ctx: NativeCallContext,
        group: &str,
        service: &str,
    ) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let s = parse_key(service, ServiceKey::parse, "service")?;
            Ok(rec
                .approach(g, s)
                .map_or(Dynamic::UNIT, |a| a.as_str().into()))
        })
    }

    /// A group's dominant approach, or `()` when not set. Example: `group_approach("executive")`
    #[rhai_fn(return_raw)]
    pub fn group_approach(ctx: NativeCallContext, group: &str) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            Ok(rec
                .group_approach
                .get(&g)
                .map_or(Dynamic::UNIT, |a| a.as_str().into()))
        })
    }
}

use rhai::{Array, Dynamic, INT};

fn opt(value: Option<f64>) -> Dynamic {
    value.map_or(Dynamic::UNIT, Dynamic::from_float)
}

fn top(values: &[Option<f64>], n: INT, keys: &[rhai::ImmutableString]) -> Array {
    let mut ranked: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = usize::try_from(n.max(0)).unwrap_or(0);
    ranked
        .into_iter()
        .take(n)
        .map(|(i, _)| keys[i].clone().into())
        .collect()
}
