//! Method v2, demand: outcome priorities per group combined with group weights, service demand
//! from the outcomes *this* organization ranks high, maturity gaps as multipliers, priorities
//! with borderline marks, floors, a focus cap, and actions beside a priority.
//!
//! Every formula here is ours (docs/method.md labels each); the scripts choose the parameters
//! and the wording. The loops run in Rust for speed, as in `bulk.rs`.

use rhai::plugin::*;

/// The demand functions.
#[export_module]
pub mod demand_api {
    use rhai::{Array, Dynamic, Map, NativeCallContext, INT};

    use crate::model::outcome::OutcomeKey;
    use crate::model::recommendation::{ActionKind, Advice, Lean, ServiceAction};
    use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};
    use crate::rules::api::bulk::{f1, fill, fixed0, join_words, outcome_words};
    use crate::rules::api::keys::{number, parse_item, parse_key};
    use crate::rules::api::options::{fixed2, median, option_number, option_text};
    use crate::rules::state::{reason, with_recorder, ApiError, HostResult};

    /// Sets the organization's priority for every outcome some group rated = the mean of the
    /// group means, each weighted by its group weight only (`weights`; default 1 each), so the
    /// largest group does not win by headcount (our formula). Placeholders: {outcome}
    /// {priority} {groups}. Returns how many were set. Example:
    /// `combine_group_priorities("{outcome} {priority}/5: {groups}");`
    #[rhai_fn(return_raw)]
    pub fn combine_group_priorities(ctx: NativeCallContext, template: &str) -> HostResult<INT> {
        crate::rules::api::bulk::combine_groups(&ctx, template, false)
    }

    /// Outcomes on which customer groups diverge: the highest and lowest group mean (over
    /// groups with at least `min_answers` answers on it) differ by `gap` or more. Each item is
    /// `#{ outcome, high_group, high, low_group, low, gap }`, largest gap first. Example:
    /// `for d in diverging_outcomes(1.5, 3) { … }`
    #[rhai_fn(return_raw)]
    pub fn diverging_outcomes(
        ctx: NativeCallContext,
        gap: Dynamic,
        min_answers: INT,
    ) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let gap = number(&gap, "gap")?;
            let mut found: Vec<(f64, OutcomeKey, Map)> = Vec::new();
            for o in OutcomeKey::ALL {
                let mut hi: Option<(f64, usize)> = None;
                let mut lo: Option<(f64, usize)> = None;
                for (g, means) in &rec.means {
                    let (Some(mean), answers) = means[o.index()] else {
                        continue;
                    };
                    if INT::from(answers) < min_answers {
                        continue;
                    }
                    if hi.is_none_or(|(v, _)| mean > v) {
                        hi = Some((mean, g.index()));
                    }
                    if lo.is_none_or(|(v, _)| mean < v) {
                        lo = Some((mean, g.index()));
                    }
                }
                let (Some((h, hg)), Some((l, lg))) = (hi, lo) else {
                    continue;
                };
                if h - l + 1e-9 < gap || hg == lg {
                    continue;
                }
                let mut m = Map::new();
                m.insert("outcome".into(), sh.outcome_keys[o.index()].clone().into());
                m.insert("high_group".into(), sh.group_keys[hg].clone().into());
                m.insert("high".into(), Dynamic::from_float(h));
                m.insert("low_group".into(), sh.group_keys[lg].clone().into());
                m.insert("low".into(), Dynamic::from_float(l));
                m.insert("gap".into(), Dynamic::from_float(h - l));
                found.push((h - l, *o, m));
            }
            found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            Ok(found.into_iter().map(|(_, _, m)| m.into()).collect())
        })
    }

    /// Scores every service by the demand of the outcomes this organization ranks high (our
    /// formula, docs/method.md): an outcome above the median of the rated outcomes weighs
    /// (priority − median) ÷ (top − median) (when none lies above it, the top-rated weigh 1); a service's linked high outcomes, strongest first,
    /// add weight × `decay`^k (each further one adds less), plus `tie_break` × the share of its
    /// links that rank high (specificity breaks ties). Outcomes at or below the median add
    /// nothing and are shown as evidence; outcomes nobody rated carry no evidence.
    /// `options`: `decay`, `tie_break`, and templates `hit` ({strong} {points}), `miss`
    /// ({median}), `evidence` ({weak}), `unasked` ({outcomes}). Returns how many services
    /// earned demand. Example: `score_services_by_demand(#{ decay: 0.5, tie_break: 0.05, … });`
    #[rhai_fn(return_raw)]
    pub fn score_services_by_demand(ctx: NativeCallContext, options: Map) -> HostResult<INT> {
        with_recorder(&ctx, |sh, rec| {
            let decay = option_number(&options, "decay")?;
            let tie_break = option_number(&options, "tie_break")?;
            if !(0.0..=1.0).contains(&decay) {
                return Err(ApiError::new(format!(
                    "`decay` must lie between 0 and 1, found {decay}"
                )));
            }
            let hit = option_text(&options, "hit")?;
            let miss = option_text(&options, "miss")?;
            let evidence = option_text(&options, "evidence")?;
            let unasked = option_text(&options, "unasked")?;

            let mut asked: Vec<(OutcomeKey, f64)> = OutcomeKey::ALL
                .iter()
                .filter_map(|o| rec.org_outcomes[o.index()].value.map(|p| (*o, p)))
                .collect();
            asked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let median = median(&asked.iter().map(|a| a.1).collect::<Vec<_>>());
            let top = asked.first().map_or(0.0, |a| a.1);
            let mut weight = [0.0f64; OutcomeKey::COUNT];
            let mut rank = [0usize; OutcomeKey::COUNT];
            let mut priority = [None; OutcomeKey::COUNT];
            // When nothing lies above the median (all rated alike, or the top outcomes tie at the
            // median), the top-rated outcomes are the ones this organization ranks highest.
            let spread = top > median + 1e-9;
            for (i, (o, p)) in asked.iter().enumerate() {
                rank[o.index()] = i + 1;
                priority[o.index()] = Some(*p);
                if spread && *p > median + 1e-9 {
                    weight[o.index()] = (p - median) / (top - median);
                } else if !spread && *p >= top - 1e-9 {
                    weight[o.index()] = 1.0;
                }
            }
            let total = asked.len();
            let mut earned = 0;
            for s in ServiceKey::ALL {
                let links = &sh.catalog_links[s.index()];
                let mut strong: Vec<OutcomeKey> = Vec::new();
                let mut weak: Vec<OutcomeKey> = Vec::new();
                let mut none: Vec<OutcomeKey> = Vec::new();
                for o in links {
                    match priority[o.index()] {
                        None => none.push(*o),
                        Some(_) if weight[o.index()] > 0.0 => strong.push(*o),
                        Some(_) => weak.push(*o),
                    }
                }
                strong.sort_by(|a, b| rank[a.index()].cmp(&rank[b.index()]));
                weak.sort_by(|a, b| rank[a.index()].cmp(&rank[b.index()]));
                let describe = |o: &OutcomeKey, with_rank: bool| {
                    let p = f1(priority[o.index()].unwrap_or(0.0));
                    if with_rank {
                        format!(
                            "{} ({p}/5, ranked {} of {total})",
                            outcome_words(sh, *o),
                            rank[o.index()]
                        )
                    } else {
                        format!("{} {p}/5", outcome_words(sh, *o))
                    }
                };
                if strong.is_empty() {
                    if !links.is_empty() && total > 0 {
                        let text = fill(&miss, &[("median", &f1(median))]);
                        rec.scores[s.index()].reasons.push(reason(&ctx, text)?);
                    }
                } else {
                    let mut demand = 0.0;
                    let mut factor = 1.0;
                    for o in &strong {
                        demand += weight[o.index()] * factor;
                        factor *= decay;
                    }
                    demand += tie_break * strong.len() as f64 / links.len() as f64;
                    let names: Vec<String> = strong.iter().map(|o| describe(o, true)).collect();
                    let text = fill(
                        &hit,
                        &[("strong", &join_words(&names)), ("points", &fixed2(demand))],
                    );
                    rec.add_score(*s, demand, reason(&ctx, text)?)?;
                    earned += 1;
                }
                if !weak.is_empty() {
                    let names: Vec<String> = weak.iter().map(|o| describe(o, false)).collect();
                    let text = fill(&evidence, &[("weak", &join_words(&names))]);
                    rec.scores[s.index()].reasons.push(reason(&ctx, text)?);
                }
                if !none.is_empty() && total > 0 {
                    let names: Vec<String> = none
                        .iter()
                        .map(|o| outcome_words(sh, *o).to_string())
                        .collect();
                    let text = fill(&unasked, &[("outcomes", &join_words(&names))]);
                    rec.scores[s.index()].reasons.push(reason(&ctx, text)?);
                }
            }
            Ok(earned)
        })
    }

    /// Multiplies the demand of each service with a service-maturity gap (target above
    /// current) by 1 + `weight` × gap ÷ 4 — only where its demand is at least `min_share` of
    /// the top service's (a gap on a service with little demand changes nothing), and records
    /// an `improve` action where the gap is at least `improve_gap` (our formula). Templates:
    /// `multiply`, `little`, `improve` ({current} {target} {gap} {factor}). Returns how many
    /// services were multiplied. Example: `apply_maturity_gaps(#{ weight: 0.5, … });`
    #[rhai_fn(return_raw)]
    pub fn apply_maturity_gaps(ctx: NativeCallContext, options: Map) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let weight = option_number(&options, "weight")?;
            let min_share = option_number(&options, "min_share")?;
            let improve_gap = option_number(&options, "improve_gap")?;
            let multiply = option_text(&options, "multiply")?;
            let little = option_text(&options, "little")?;
            let improve = option_text(&options, "improve")?;
            let top = rec.top_score();
            let mut n = 0;
            for s in ServiceKey::ALL {
                let Some((current, target)) = rec.maturity[s.index()] else {
                    continue;
                };
                if target <= current {
                    continue;
                }
                let gap = f64::from(target - current);
                let factor = 1.0 + weight * gap / 4.0;
                let values = [
                    ("current", current.to_string()),
                    ("target", target.to_string()),
                    ("gap", fixed0(gap)),
                    ("factor", fixed2(factor)),
                ];
                let values: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let score = rec.scores[s.index()].value.unwrap_or(0.0);
                if top <= 0.0 || score / top < min_share {
                    let text = fill(&little, &values);
                    rec.scores[s.index()].reasons.push(reason(&ctx, text)?);
                    continue;
                }
                let text = fill(&multiply, &values);
                rec.add_score(*s, score * (factor - 1.0), reason(&ctx, text)?)?;
                n += 1;
                if gap >= improve_gap {
                    let text = fill(&improve, &values);
                    rec.actions[s.index()].push(ServiceAction {
                        kind: ActionKind::Improve,
                        reason: reason(&ctx, text)?,
                    });
                }
            }
            Ok(n)
        })
    }

    /// Sets every service's priority from its share of the top score, like
    /// `prioritize_services`, and marks a share within `cutoffs.margin` of a cut-off as
    /// borderline. Example: `rank_services(#{ must: 0.75, should: 0.55, could: 0.35, margin: 0.05 });`
    #[rhai_fn(return_raw)]
    pub fn rank_services(ctx: NativeCallContext, cutoffs: Map) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let must = option_number(&cutoffs, "must")?;
            let should = option_number(&cutoffs, "should")?;
            let could = option_number(&cutoffs, "could")?;
            let margin = option_number(&cutoffs, "margin")?;
            let top = rec.top_score();
            let pct = |x: f64| format!("{}%", fixed0(x * 100.0));
            for s in ServiceKey::ALL {
                let score = rec.scores[s.index()].value.unwrap_or(0.0);
                if top <= 0.0 {
                    rec.shares[s.index()] = Some(0.0);
                    let r = reason(
                        &ctx,
                        "no outcome stands out in the answers, so no service earns demand",
                    )?;
                    rec.recommend(*s, Priority::NotNow, r);
                    continue;
                }
                let share = score / top;
                rec.shares[s.index()] = Some(share);
                let (priority, cut) = if share >= must {
                    (Priority::Must, must)
                } else if share >= should {
                    (Priority::Should, should)
                } else if share >= could {
                    (Priority::Could, could)
                } else {
                    (Priority::NotNow, could)
                };
                let near = [must, should, could]
                    .into_iter()
                    .find(|c| (share - c).abs() < margin);
                let borderline = score > 0.0 && near.is_some();
                rec.borderline[s.index()] = borderline;
                let head = if score <= 0.0 {
                    "no demand from this organization's top outcomes".to_string()
                } else {
                    format!(
                        "demand {} is {} of the top service's",
                        fixed2(score),
                        pct(share)
                    )
                };
                let mut text = match priority {
                    Priority::NotNow if score > 0.0 => {
                        format!("{head}, below the {} cut-off", pct(could))
                    }
                    Priority::NotNow => head,
                    p => format!("{head} ({} from {})", p.as_str(), pct(cut)),
                };
                if let Some(c) = near.filter(|_| borderline) {
                    text.push_str(&format!(
                        "; borderline: within {} points of the {} cut-off",
                        fixed0(margin * 100.0),
                        pct(c)
                    ));
                }
                rec.recommend(*s, priority, reason(&ctx, text)?);
            }
            Ok(())
        })
    }

    /// Raises each listed service to at least `floor` (`must`, `should` or `could`); services
    /// already at or above it keep their priority. Returns how many were raised. Example:
    /// `raise_priority(["risk_management"], "should", "regulated work needs risk control");`
    #[rhai_fn(return_raw)]
    pub fn raise_priority(
        ctx: NativeCallContext,
        services: Array,
        floor: &str,
        why: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let floor = parse_key(floor, Priority::parse, "floor")?;
            let r = reason(&ctx, why)?;
            let mut n = 0;
            for s in &services {
                let s = parse_item(s, ServiceKey::parse, "services")?;
                let now = rec.priorities[s.index()].unwrap_or(Priority::NotNow);
                if now > floor {
                    rec.recommend(s, floor, r.clone());
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// Keeps at most `max_now` services at `must` or `should`: the `protected` ones first, then
    /// `must` before `should`, short-horizon (quick wins) before longer, higher score first;
    /// the rest of them become `could` (next, once the first ones deliver), and services that
    /// were `could` leave this period's portfolio (`not_now`). Returns how many were moved.
    /// Example:
    /// `focus_portfolio(7, ["risk_management"], "a crisis calls for a few quick wins");`
    #[rhai_fn(return_raw)]
    pub fn focus_portfolio(
        ctx: NativeCallContext,
        max_now: INT,
        protected: Array,
        why: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let max_now = usize::try_from(max_now.max(0)).unwrap_or(0);
            let mut keep: Vec<ServiceKey> = Vec::new();
            for s in &protected {
                let s = parse_item(s, ServiceKey::parse, "protected")?;
                keep.push(s);
            }
            let r = reason(&ctx, why)?;
            let mut moved = 0;
            for s in ServiceKey::ALL {
                if rec.priorities[s.index()] == Some(Priority::Could) {
                    rec.recommend(*s, Priority::NotNow, r.clone());
                    moved += 1;
                }
            }
            let mut now: Vec<ServiceKey> = ServiceKey::ALL
                .iter()
                .copied()
                .filter(|s| {
                    matches!(
                        rec.priorities[s.index()],
                        Some(Priority::Must | Priority::Should)
                    )
                })
                .collect();
            let horizon_rank = |h: Option<Horizon>| match h {
                Some(Horizon::Short) => 0,
                Some(Horizon::Medium) | None => 1,
                Some(Horizon::Long) => 2,
            };
            now.sort_by(|a, b| {
                let pa = !keep.contains(a);
                let pb = !keep.contains(b);
                pa.cmp(&pb)
                    .then(rec.priorities[a.index()].cmp(&rec.priorities[b.index()]))
                    .then(
                        horizon_rank(rec.horizons[a.index()])
                            .cmp(&horizon_rank(rec.horizons[b.index()])),
                    )
                    .then(
                        rec.scores[b.index()]
                            .value
                            .unwrap_or(0.0)
                            .total_cmp(&rec.scores[a.index()].value.unwrap_or(0.0)),
                    )
                    .then(a.cmp(b))
            });
            for s in now.into_iter().skip(max_now) {
                rec.recommend(s, Priority::Could, r.clone());
                moved += 1;
            }
            Ok(moved)
        })
    }

    /// Records an action on a service beside its priority: `improve` (its delivery) or
    /// `simplify` (tailor it, cut its burden). Example:
    /// `add_action("methodologies_and_frameworks_management", "simplify", "teams call it bureaucracy");`
    #[rhai_fn(return_raw)]
    pub fn add_action(
        ctx: NativeCallContext,
        service: &str,
        kind: &str,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            let kind = parse_key(kind, ActionKind::parse, "kind")?;
            let r = reason(&ctx, why)?;
            if !rec.actions[s.index()].iter().any(|a| a.kind == kind) {
                rec.actions[s.index()].push(ServiceAction { kind, reason: r });
            }
            Ok(())
        })
    }

    /// Whether a service already has an action of this kind. Example:
    /// `has_action("governance_oversight", "simplify")`
    #[rhai_fn(return_raw)]
    pub fn has_action(ctx: NativeCallContext, service: &str, kind: &str) -> HostResult<bool> {
        with_recorder(&ctx, |_, rec| {
            let s = parse_key(service, ServiceKey::parse, "service")?;
            let kind = parse_key(kind, ActionKind::parse, "kind")?;
            Ok(rec.actions[s.index()].iter().any(|a| a.kind == kind))
        })
    }

    /// The services that carry an action of this kind, in S1–S26 order. Example:
    /// `for s in services_with_action("simplify") { … }`
    #[rhai_fn(return_raw)]
    pub fn services_with_action(ctx: NativeCallContext, kind: &str) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let kind = parse_key(kind, ActionKind::parse, "kind")?;
            Ok(ServiceKey::ALL
                .iter()
                .filter(|s| rec.actions[s.index()].iter().any(|a| a.kind == kind))
                .map(|s| sh.service_keys[s.index()].clone().into())
                .collect())
        })
    }

    /// Advises a step before or beside the services (a health check, re-engaging customers…),
    /// with a stable snake_case code. Example:
    /// `advise("health_check", "run a PMO health check with each customer group");`
    #[rhai_fn(return_raw)]
    pub fn advise(ctx: NativeCallContext, code: &str, text: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(ApiError::new(format!(
                    "an advice code is snake_case (a-z and _), found `{code}`"
                )));
            }
            let r = reason(&ctx, text)?;
            if !rec.advice.iter().any(|a| a.code == code) {
                rec.advice.push(Advice {
                    code: code.to_string(),
                    reason: r,
                });
            }
            Ok(())
        })
    }

    /// How far the selected portfolio leans toward each category against the catalog: per
    /// category, its priority-weighted share of the selection ÷ its share of the catalog
    /// (1 = as in the catalog). `weights` gives the weight of `must`, `should` and `could`.
    /// Returns `#{ strategic, tactical, operational }`, all 0 when nothing is selected.
    /// Example: `category_lean(#{ must: 3, should: 2, could: 1 }).strategic`
    #[rhai_fn(return_raw)]
    pub fn category_lean(ctx: NativeCallContext, weights: Map) -> HostResult<Map> {
        with_recorder(&ctx, |sh, rec| {
            let w = |p: Option<Priority>| -> Result<f64, ApiError> {
                Ok(match p {
                    Some(Priority::Must) => option_number(&weights, "must")?,
                    Some(Priority::Should) => option_number(&weights, "should")?,
                    Some(Priority::Could) => option_number(&weights, "could")?,
                    _ => 0.0,
                })
            };
            let mut per = [0.0f64; 3];
            let mut catalog = [0.0f64; 3];
            let mut total = 0.0;
            for s in ServiceKey::ALL {
                let c = sh.catalog.service(*s).category.index();
                catalog[c] += 1.0;
                let weight = w(rec.priorities[s.index()])?;
                per[c] += weight;
                total += weight;
            }
            let mut m = Map::new();
            for c in ServiceCategory::ALL {
                let i = c.index();
                let lean = if total > 0.0 {
                    (per[i] / total) / (catalog[i] / ServiceKey::COUNT as f64)
                } else {
                    0.0
                };
                m.insert(c.as_str().into(), Dynamic::from_float(lean));
            }
            Ok(m)
        })
    }

    /// Sets the profile's category lean: `strategic`, `tactical`, `operational` or
    /// `balanced`. Example: `set_lean("balanced", "no category stands out");`
    #[rhai_fn(return_raw)]
    pub fn set_lean(ctx: NativeCallContext, lean: &str, why: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let l = parse_key(lean, Lean::parse, "lean")?;
            let r = reason(&ctx, why)?;
            rec.lean.set(l, r);
            Ok(())
        })
    }
}
