//! Host functions that record decisions; each captures the caller's script and position.
//!
//! Every function takes a business-readable `reason` (refused when blank) and checks its keys
//! (unknown keys are errors with a "did you mean" hint). Decisions go to the thread's recorder
//! (`state.rs`); outside an organization's evaluation these functions refuse to run.

use rhai::plugin::*;

/// The decision functions.
#[export_module]
pub mod decide_api {
    use super::raise;
    use rhai::{Dynamic, NativeCallContext};

    use crate::model::approach::Approach;
    use crate::model::baseline::CoverageScope;
    use crate::model::customer::CustomerGroup;
    use crate::model::outcome::OutcomeKey;
    use crate::model::recommendation::{CategoryMix, ControlLevel};
    use crate::model::service::{Horizon, Priority, ServiceKey};
    use crate::rules::api::keys::{number, parse_key};
    use crate::rules::state::{reason, with_recorder, ApiError, HostResult};

    /// Sets how much an outcome matters to one customer group (1–5 scale).
    /// Example: `set_outcome_priority("executive", "project_prioritization", 4.6, "executives rate it 4.6/5");`
    #[rhai_fn(return_raw)]
    pub fn set_outcome_priority(
        ctx: NativeCallContext,
        group: &str,
        outcome: &str,
        value: Dynamic,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let o = parse_key(outcome, OutcomeKey::parse, "outcome")?;
            let v = number(&value, "value")?;
            rec.set_group_outcome(g, o, v, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets how much an outcome matters to the whole organization (1–5 scale).
    /// Example: `set_org_outcome_priority("strategic_alignment", 4.2, "weighted mean over 3 groups");`
    #[rhai_fn(return_raw)]
    pub fn set_org_outcome_priority(
        ctx: NativeCallContext,
        outcome: &str,
        value: Dynamic,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let o = parse_key(outcome, OutcomeKey::parse, "outcome")?;
            let v = number(&value, "value")?;
            rec.set_org_outcome(o, v, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Adds points (may be negative) to a service's score.
    /// Example: `add_score("risk_management", 4, "regulated industry (healthcare) +4");`
    #[rhai_fn(return_raw)]
    pub fn add_score(
        ctx: NativeCallContext,
        service: &str,
        points: Dynamic,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            let p = number(&points, "points")?;
            rec.add_score(s, p, reason(&ctx, why)?)
        })
    }

    /// Sets a service's priority: `must`, `should`, `could` or `not_now`.
    /// Example: `recommend("portfolio_management", "must", "score 38.2 is 92% of the top score");`
    #[rhai_fn(return_raw)]
    pub fn recommend(
        ctx: NativeCallContext,
        service: &str,
        priority: &str,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            let p = parse_key(priority, Priority::parse, "priority")?;
            rec.recommend(s, p, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets how soon a service delivers perceived value: `short`, `medium` or `long`.
    /// Example: `set_horizon("issue_management", "short", "its outcomes show within a quarter");`
    #[rhai_fn(return_raw)]
    pub fn set_horizon(
        ctx: NativeCallContext,
        service: &str,
        horizon: &str,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            let h = parse_key(horizon, Horizon::parse, "horizon")?;
            rec.set_horizon(s, h, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets the approach for one customer group and one service.
    /// Example: `set_approach("project_manager", "risk_management", "directive", "maturity 2.1/5");`
    #[rhai_fn(return_raw)]
    pub fn set_approach(
        ctx: NativeCallContext,
        group: &str,
        service: &str,
        approach: &str,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let s = parse_key(service, ServiceKey::parse, "service")?;
            let a = parse_key(approach, Approach::parse, "approach")?;
            rec.set_approach(g, s, a, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets a customer group's dominant approach.
    /// Example: `set_group_approach("executive", "consultative", "used for 9 of 14 services");`
    #[rhai_fn(return_raw)]
    pub fn set_group_approach(
        ctx: NativeCallContext,
        group: &str,
        approach: &str,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let a = parse_key(approach, Approach::parse, "approach")?;
            rec.set_group_approach(g, a, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Adds a reason to a customer group without deciding anything else.
    /// Example: `note_group("executive", "executives care most about strategic alignment");`
    #[rhai_fn(return_raw)]
    pub fn note_group(ctx: NativeCallContext, group: &str, why: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            rec.note_group(g, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets the PMO profile's coverage scope: `enterprise`, `divisional` or `program_project`.
    /// Example: `set_coverage_scope("enterprise", "the baseline asks for enterprise coverage");`
    #[rhai_fn(return_raw)]
    pub fn set_coverage_scope(ctx: NativeCallContext, scope: &str, why: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let c = parse_key(scope, CoverageScope::parse, "scope")?;
            rec.set_coverage(c, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets the category mix (shares of the selected services; they must sum to 1, or all be 0).
    /// Example: `set_category_mix(0.4, 0.2, 0.4, "6 strategic, 3 tactical, 6 operational services");`
    #[rhai_fn(return_raw)]
    pub fn set_category_mix(
        ctx: NativeCallContext,
        strategic: Dynamic,
        tactical: Dynamic,
        operational: Dynamic,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let mix = CategoryMix {
                strategic: number(&strategic, "strategic")?,
                tactical: number(&tactical, "tactical")?,
                operational: number(&operational, "operational")?,
            };
            let sum = mix.strategic + mix.tactical + mix.operational;
            let shares = [mix.strategic, mix.tactical, mix.operational];
            if shares.iter().any(|s| !(0.0..=1.0).contains(s))
                || (sum != 0.0 && (sum - 1.0).abs() > 1e-6)
            {
                return Err(ApiError::new(format!(
                    "category shares must lie in 0..1 and sum to 1 (or all be 0), found {} + {} + {} = {sum}",
                    mix.strategic, mix.tactical, mix.operational
                )));
            }
            rec.set_mix(mix, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Sets the PMO's control level: `supportive`, `controlling` or `directive`.
    /// Example: `set_control_level("controlling", "most groups get facilitative or directive support");`
    #[rhai_fn(return_raw)]
    pub fn set_control_level(ctx: NativeCallContext, level: &str, why: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let c = parse_key(level, ControlLevel::parse, "level")?;
            rec.set_control(c, reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Adds a closest traditional PMO label (an aid only).
    /// Example: `add_label("strategic EPMO", "mostly strategic services at enterprise scope");`
    #[rhai_fn(return_raw)]
    pub fn add_label(ctx: NativeCallContext, label: &str, why: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let label = label.trim();
            if label.is_empty() {
                return Err(ApiError::new("a label cannot be empty"));
            }
            rec.add_label(label.to_string(), reason(&ctx, why)?);
            Ok(())
        })
    }

    /// Raises an alert: level `info`, `warning` or `critical`, a snake_case code, a message.
    /// Example: `alert("critical", "crisis_scenario", "the PMO is in crisis: act on quick wins first");`
    #[rhai_fn(return_raw)]
    pub fn alert(ctx: NativeCallContext, level: &str, code: &str, message: &str) -> HostResult<()> {
        raise(&ctx, level, code, None, message)
    }

    /// Raises an alert about one customer group.
    /// Example: `group_alert("warning", "few_respondents", "executive", "only 3 executives answered");`
    #[rhai_fn(return_raw)]
    pub fn group_alert(
        ctx: NativeCallContext,
        level: &str,
        code: &str,
        group: &str,
        message: &str,
    ) -> HostResult<()> {
        raise(&ctx, level, code, Some(group), message)
    }
}

use rhai::NativeCallContext;

use crate::model::customer::CustomerGroup;
use crate::model::recommendation::{Alert, AlertLevel};
use crate::rules::api::keys::parse_key;
use crate::rules::state::{reason, with_recorder, ApiError, HostResult};

pub fn raise(
    ctx: &NativeCallContext,
    level: &str,
    code: &str,
    group: Option<&str>,
    message: &str,
) -> HostResult<()> {
    with_recorder(ctx, |_, rec| {
        let level = parse_key(level, AlertLevel::parse, "level")?;
        let code = code.trim();
        let snake = !code.is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake {
            return Err(ApiError::new(format!(
                "an alert code must be snake_case (a-z, 0-9, _), found `{code}`"
            )));
        }
        let group = group
            .map(|g| parse_key(g, CustomerGroup::parse, "group"))
            .transpose()?;
        rec.alerts.push(Alert {
            level,
            code: code.to_string(),
            group,
            reason: reason(ctx, message)?,
        });
        Ok(())
    })
}
