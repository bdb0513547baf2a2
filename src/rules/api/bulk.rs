//! Bulk decisions: one call applies a documented formula to many items, with a reason each.
//!
//! Rhai runs at roughly 100 ns per operation, so a script that loops over 7 groups × 30
//! outcomes or 26 services × their links spends milliseconds per organization; the issue's
//! target is 2,000 organizations per second. These functions run those loops in Rust while the
//! script still chooses the formula, the parameters, the services concerned and the reason
//! wording (templates with `{placeholders}`). Every item still gets its own reason and the
//! caller's rule location.

use rhai::plugin::*;

/// The bulk functions.
#[export_module]
pub mod bulk_api {
    use rhai::{Array, Dynamic, Map, NativeCallContext, INT};

    use super::{count_text, f1, fill, keep, keys_of, outcome_words, ranked_names};
    use crate::model::approach::Approach;
    use crate::model::customer::CustomerGroup;
    use crate::model::outcome::OutcomeKey;
    use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};
    use crate::rules::api::keys::{number, parse_item, parse_key};
    use crate::rules::state::{reason, with_recorder, ApiError, HostResult};

    /// Sets a group's priority for every outcome it rated = the mean importance (1–5).
    /// Template placeholders: {group} {outcome} {mean} {answers}. Returns how many were set.
    /// Example: `prioritize_group_outcomes(g, "{group} rate {outcome} {mean}/5 ({answers} answers)");`
    #[rhai_fn(return_raw)]
    pub fn prioritize_group_outcomes(
        ctx: NativeCallContext,
        group: &str,
        template: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |sh, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let Some(means) = rec.means.get(&g).cloned() else {
                return Ok(0);
            };
            let mut set = 0;
            for (o, (mean, answers)) in OutcomeKey::ALL.iter().zip(means) {
                let Some(mean) = mean else { continue };
                let text = fill(
                    template,
                    &[
                        ("group", &sh.group_words[g.index()]),
                        ("outcome", outcome_words(sh, *o)),
                        ("mean", &f1(mean)),
                        ("answers", &count_text(answers)),
                    ],
                );
                rec.set_group_outcome(g, *o, mean, reason(&ctx, text)?);
                set += 1;
            }
            Ok(set)
        })
    }

    /// Sets the organization's priority for every outcome = the mean of the group means, each
    /// weighted by the group's weight (`weights`) × its answers (our formula).
    /// Placeholders: {outcome} {priority} {groups}. Example:
    /// `prioritize_org_outcomes("{outcome} {priority}/5: {groups} (our formula)");`
    #[rhai_fn(return_raw)]
    pub fn prioritize_org_outcomes(ctx: NativeCallContext, template: &str) -> HostResult<INT> {
        super::combine_groups(&ctx, template, true)
    }

    /// Adds to every service the sum of the organization's priorities of its linked outcomes
    /// (each link counts 1; our formula). Placeholders: {top} (the two highest outcomes with
    /// their priorities), {points}, {links}. Example:
    /// `score_services_from_outcomes("customers rate {top}; {points} points from {links} linked outcomes");`
    #[rhai_fn(return_raw)]
    pub fn score_services_from_outcomes(ctx: NativeCallContext, template: &str) -> HostResult<()> {
        with_recorder(&ctx, |sh, rec| {
            let mut linked: Vec<Vec<(f64, OutcomeKey)>> = vec![Vec::new(); ServiceKey::COUNT];
            for o in sh.catalog.outcomes() {
                if let Some(p) = rec.org_outcomes[o.key.index()].value {
                    for s in &o.services {
                        linked[s.index()].push((p, o.key));
                    }
                }
            }
            for s in ServiceKey::ALL {
                let list = &linked[s.index()];
                if list.is_empty() {
                    continue;
                }
                let sum: f64 = list.iter().map(|(p, _)| p).sum();
                let top = ranked_names(sh, list, 2);
                let text = fill(
                    template,
                    &[
                        ("top", &top),
                        ("points", &f1(sum)),
                        ("links", &list.len().to_string()),
                    ],
                );
                rec.add_score(*s, sum, reason(&ctx, text)?)?;
            }
            Ok(())
        })
    }

    /// Sets every service's horizon from its outcomes' perception horizons (see
    /// `linked_horizon`). Placeholder: {horizon}. Example:
    /// `set_linked_horizons("its value shows in the {horizon} term");`
    #[rhai_fn(return_raw)]
    pub fn set_linked_horizons(ctx: NativeCallContext, template: &str) -> HostResult<()> {
        with_recorder(&ctx, |sh, rec| {
            for s in ServiceKey::ALL {
                let h = sh.linked_horizons[s.index()];
                let text = fill(template, &[("horizon", h.as_str())]);
                rec.set_horizon(*s, h, reason(&ctx, text)?);
            }
            Ok(())
        })
    }

    /// The services whose horizon is set to `short`, `medium` or `long`, in S1–S26 order.
    /// Example: `services_with_horizon("short")`
    #[rhai_fn(return_raw)]
    pub fn services_with_horizon(ctx: NativeCallContext, horizon: &str) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let h = parse_key(horizon, Horizon::parse, "horizon")?;
            Ok(keys_of(
                sh,
                ServiceKey::ALL
                    .iter()
                    .copied()
                    .filter(|s| rec.horizons[s.index()] == Some(h)),
            ))
        })
    }

    /// Adds the same points, with the same reason, to each listed service.
    /// Example: `add_scores(["risk_management", "audit_assessments"], 4, "regulated industry +4");`
    #[rhai_fn(return_raw)]
    pub fn add_scores(
        ctx: NativeCallContext,
        services: Array,
        points: Dynamic,
        why: &str,
    ) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let p = number(&points, "points")?;
            let r = reason(&ctx, why)?;
            for s in &services {
                let s = parse_item(s, ServiceKey::parse, "services")?;
                rec.add_score(s, p, r.clone())?;
            }
            Ok(())
        })
    }

    /// Sets every service's priority from its share of the top score: `must` from
    /// `cutoffs.must`, `should` from `cutoffs.should`, `could` from `cutoffs.could`, else
    /// `not_now` (all `not_now` when no service scored). Example:
    /// `prioritize_services(#{ must: 0.75, should: 0.55, could: 0.35 });`
    #[rhai_fn(return_raw)]
    pub fn prioritize_services(ctx: NativeCallContext, cutoffs: Map) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let cut = |name: &str| -> Result<f64, ApiError> {
                let v = cutoffs.get(name).ok_or_else(|| {
                    ApiError::new(format!(
                        "`cutoffs` needs `must`, `should` and `could`; `{name}` is missing"
                    ))
                })?;
                number(v, name)
            };
            let (must, should, could) = (cut("must")?, cut("should")?, cut("could")?);
            let top = rec.top_score();
            let pct = |x: f64| format!("{}%", super::fixed0(x * 100.0));
            for s in ServiceKey::ALL {
                let score = rec.scores[s.index()].value.unwrap_or(0.0);
                let (priority, text) = if top <= 0.0 {
                    (
                        Priority::NotNow,
                        "no outcome answers to score services on".to_string(),
                    )
                } else {
                    let share = score / top;
                    let head = format!("score {} is {} of the top score", f1(score), pct(share));
                    if share >= must {
                        (Priority::Must, format!("{head} (must from {})", pct(must)))
                    } else if share >= should {
                        (
                            Priority::Should,
                            format!("{head} (should from {})", pct(should)),
                        )
                    } else if share >= could {
                        (
                            Priority::Could,
                            format!("{head} (could from {})", pct(could)),
                        )
                    } else {
                        (
                            Priority::NotNow,
                            format!("{head}, below the {} cut-off", pct(could)),
                        )
                    }
                };
                rec.recommend(*s, priority, reason(&ctx, text)?);
            }
            Ok(())
        })
    }

    /// How many selected (must, should, could) services a category has.
    /// Example: `count_selected("strategic")`
    #[rhai_fn(return_raw)]
    pub fn count_selected(ctx: NativeCallContext, category: &str) -> HostResult<INT> {
        with_recorder(&ctx, |sh, rec| {
            let c = parse_key(category, ServiceCategory::parse, "category")?;
            let n = ServiceKey::ALL
                .iter()
                .filter(|s| rec.priorities[s.index()].is_some_and(|p| p.is_selected()))
                .filter(|s| sh.catalog.service(**s).category == c)
                .count();
            Ok(INT::try_from(n).unwrap_or(INT::MAX))
        })
    }

    /// Sets one approach, with one reason, for a group and each listed service that is
    /// selected (others are skipped). Returns how many were set. Example:
    /// `set_approaches(g, selected_services(), "directive", "maturity 2.1/5 (our default mapping)");`
    #[rhai_fn(return_raw)]
    pub fn set_approaches(
        ctx: NativeCallContext,
        group: &str,
        services: Array,
        approach: &str,
        why: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let a = parse_key(approach, Approach::parse, "approach")?;
            let r = reason(&ctx, why)?;
            let mut n = 0;
            for s in &services {
                let s = parse_item(s, ServiceKey::parse, "services")?;
                if rec.priorities[s.index()].is_some_and(|p| p.is_selected()) {
                    rec.set_approach(g, s, a, r.clone());
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// Moves a group's approach for each listed service that has one by `steps` (positive =
    /// toward control, negative = toward autonomy), staying within consultative..controlling
    /// and leaving `managed` alone. Returns how many changed. Example:
    /// `shift_approaches(g, ["risk_management"], 1, "regulated work calls for more control");`
    #[rhai_fn(return_raw)]
    pub fn shift_approaches(
        ctx: NativeCallContext,
        group: &str,
        services: Array,
        steps: INT,
        why: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let r = reason(&ctx, why)?;
            let mut n = 0;
            for s in &services {
                let s = parse_item(s, ServiceKey::parse, "services")?;
                let Some(a) = rec.approach(g, s) else {
                    continue;
                };
                if a == Approach::Managed {
                    continue;
                }
                let rank = (INT::from(a.rank()) + steps).clamp(1, 5);
                let shifted = Approach::ALL[usize::try_from(rank - 1).unwrap_or(0)];
                if shifted != a {
                    rec.set_approach(g, s, shifted, r.clone());
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// A group's most frequent approach over its services: `#{ approach, count, total }`
    /// (a tie goes to less autonomy), or `()` when none is set. Example: `dominant_approach(g).approach`
    #[rhai_fn(return_raw)]
    pub fn dominant_approach(ctx: NativeCallContext, group: &str) -> HostResult<Dynamic> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let set: Vec<Approach> = ServiceKey::ALL
                .iter()
                .filter_map(|s| rec.approach(g, *s))
                .collect();
            let Some((a, count)) = crate::rules::finish::most_frequent(set.iter().copied()) else {
                return Ok(Dynamic::UNIT);
            };
            let mut m = Map::new();
            m.insert("approach".into(), a.as_str().into());
            m.insert("count".into(), INT::try_from(count).unwrap_or(0).into());
            m.insert("total".into(), INT::try_from(set.len()).unwrap_or(0).into());
            Ok(m.into())
        })
    }

    /// The items of `list` that are not in `other`. Example: `except(services(), ["risk_management"])`
    pub fn except(list: Array, other: Array) -> Array {
        keep(list, &other, false)
    }

    /// The items of `list` that are also in `other`, in `list`'s order (what
    /// `list.filter(|s| s in other)` does, without a script call per item).
    /// Example: `common(control_services, relevant)`
    pub fn common(list: Array, other: Array) -> Array {
        keep(list, &other, true)
    }

    /// Outcome keys as lower-case names. Example: `outcome_names(top_outcomes(g, 3))`
    #[rhai_fn(return_raw)]
    pub fn outcome_names(list: Array) -> HostResult<Array> {
        crate::rules::state::with_shared(|sh| {
            list.iter()
                .map(|d| {
                    let o = parse_item(d, OutcomeKey::parse, "list")
                        .map_err(|e| -> Box<rhai::EvalAltResult> { e.message.into() })?;
                    Ok(outcome_words(sh, o).to_string().into())
                })
                .collect()
        })
    }
}

/// The items of `list` that are (`present`) or are not in `other`, comparing strings by
/// text and anything else by its display form, as `except` always compared them. The other
/// list is read once into strings: comparing `Dynamic`s pairwise showed in profiles.
fn keep(list: Array, other: &Array, present: bool) -> Array {
    let other: Vec<rhai::ImmutableString> = other.iter().map(item_text).collect();
    list.into_iter()
        .filter(|d| {
            let text = item_text(d);
            other.contains(&text) == present
        })
        .collect()
}

/// A list item as a string: the string itself (a pointer copy), or its display form.
fn item_text(d: &Dynamic) -> rhai::ImmutableString {
    d.clone()
        .into_immutable_string()
        .unwrap_or_else(|_| d.to_string().into())
}

/// The organization's priority for every outcome some group rated: the mean of the group
/// means, each weighted by the group's weight, times its answers when `by_answers` (the v1
/// formula) or alone (Method v2: headcount does not weigh). Returns how many were set.
pub(crate) fn combine_groups(
    ctx: &rhai::NativeCallContext,
    template: &str,
    by_answers: bool,
) -> crate::rules::state::HostResult<rhai::INT> {
    use crate::rules::state::{reason, with_recorder};
    with_recorder(ctx, |sh, rec| {
        let mut set = 0;
        for o in OutcomeKey::ALL {
            let (mut total, mut weight_sum, mut parts) = (0.0, 0.0, Vec::new());
            for (g, means) in &rec.means {
                let (Some(mean), answers) = means[o.index()] else {
                    continue;
                };
                let w = sh.weight_values[g.index()];
                let weight = if by_answers {
                    w * f64::from(answers)
                } else {
                    w
                };
                total += mean * weight;
                weight_sum += weight;
                // "who 4.2/5 (n = 12, weight 1.5)", appended by hand: `format!` here was the
                // costliest line of rule evaluation (30 outcomes × every group).
                let mut part = String::with_capacity(48);
                part.push_str(&sh.group_words[g.index()]);
                part.push(' ');
                push_fixed(&mut part, mean, 1);
                part.push_str("/5");
                match (by_answers, w == 1.0) {
                    (true, true) => {}
                    (true, false) => {
                        part.push_str(" (weight ");
                        push_fixed(&mut part, w, 2);
                        part.push(')');
                    }
                    (false, unweighted) => {
                        part.push_str(" (n = ");
                        push_int(&mut part, u64::from(answers));
                        if !unweighted {
                            part.push_str(", weight ");
                            push_fixed(&mut part, w, 2);
                        }
                        part.push(')');
                    }
                }
                parts.push(part);
            }
            if weight_sum <= 0.0 {
                continue;
            }
            let priority = total / weight_sum;
            let groups = join_words(&parts);
            let text = fill(
                template,
                &[
                    ("outcome", outcome_words(sh, *o)),
                    ("priority", &f1(priority)),
                    ("groups", &groups),
                ],
            );
            rec.set_org_outcome(*o, priority, reason(ctx, text)?);
            set += 1;
        }
        Ok(set)
    })
}

use rhai::Array;

use crate::model::outcome::OutcomeKey;
use crate::model::service::ServiceKey;
use crate::rules::api::text::{push_fixed, push_int};
use crate::rules::state::Shared;

/// Replaces `{name}` placeholders in one pass; unknown placeholders stay as written.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 48);
    fill_with(template, &mut out, |name| {
        values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    });
    out
}

/// Appends `template` to `out` with each `{name}` that `lookup` knows replaced by its value;
/// unknown placeholders stay as written. `memchr` finds the braces: `str::find`, then a byte
/// loop, cost more than the rest of a reason (profiles of the default rules). Braces are
/// ASCII, so every slice is on a char boundary.
pub(crate) fn fill_with<'v>(
    template: &str,
    out: &mut String,
    lookup: impl Fn(&str) -> Option<&'v str>,
) {
    let bytes = template.as_bytes();
    let (mut literal, mut from) = (0, 0);
    while let Some(open) = memchr::memchr(b'{', &bytes[from..]).map(|p| from + p) {
        let found = memchr::memchr(b'}', &bytes[open + 1..])
            .and_then(|len| lookup(&template[open + 1..open + 1 + len]).map(|v| (len, v)));
        match found {
            Some((len, v)) => {
                out.push_str(&template[literal..open]);
                out.push_str(v);
                from = open + len + 2;
                literal = from;
            }
            None => from = open + 1,
        }
    }
    out.push_str(&template[literal..]);
}

/// "a, b and c".
pub(crate) fn join_words(parts: &[String]) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// The `n` highest (priority, outcome) pairs as "name 4.6/5 and name 4.2/5".
fn ranked_names(sh: &Shared, list: &[(f64, OutcomeKey)], n: usize) -> String {
    let mut sorted = list.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let parts: Vec<String> = sorted
        .iter()
        .take(n)
        .map(|(p, o)| {
            let v = text_fmt(*p);
            format!("{} {v}/5", outcome_words(sh, *o))
        })
        .collect();
    join_words(&parts)
}

pub(crate) fn outcome_words(sh: &Shared, o: OutcomeKey) -> &str {
    &sh.outcome_words[o.index()]
}

pub(crate) fn f1(v: f64) -> String {
    text_fmt(v)
}

pub(crate) fn fixed0(v: f64) -> String {
    crate::rules::api::text::fixed(v, 0)
}

/// A count as text, without `format!`.
pub(crate) fn count_text(n: u32) -> String {
    let mut out = String::with_capacity(4);
    push_int(&mut out, u64::from(n));
    out
}

fn text_fmt(v: f64) -> String {
    crate::rules::api::text::fixed(v, 1)
}

fn keys_of(sh: &Shared, list: impl Iterator<Item = ServiceKey>) -> Array {
    list.map(|s| sh.service_keys[s.index()].clone().into())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{a} and {b} {c}", &[("a", "1"), ("b", "2")]),
            "1 and 2 {c}"
        );
        assert_eq!(fill("{a}{a}{", &[("a", "é")]), "éé{");
        assert_eq!(fill("{x} {a}} ü{a", &[("a", "1")]), "{x} 1} ü{a");
        assert_eq!(join_words(&["x".into(), "y".into()]), "x and y");
    }
}
