//! Method v2, engagement: which selected services concern a customer group (the catalog's
//! relevance table, or the group's own top outcomes), limits on an approach by role and by the
//! allowed-approaches table, the PMO's capacity for controlling and managed work, comment
//! themes, and alert counts.

use rhai::plugin::*;

/// The engagement functions.
#[export_module]
pub mod engage_api {
    use rhai::{Array, Dynamic, Map, NativeCallContext, INT};

    use super::{allowed_approaches, own_top_services, plain, score};
    use crate::model::approach::Approach;
    use crate::model::customer::CustomerGroup;
    use crate::model::recommendation::{AlertLevel, Governance};
    use crate::model::service::{Priority, ServiceKey};
    use crate::rules::api::bulk::fill;
    use crate::rules::api::keys::{parse_item, parse_key};
    use crate::rules::state::{reason, with_recorder, with_shared, HostResult};

    /// Whether the catalog's relevance table (`relevance.csv`) says a service concerns a
    /// group. Example: `concerns("executive", "advice_to_executive_level")` → true
    #[rhai_fn(return_raw)]
    pub fn concerns(group: &str, service: &str) -> HostResult<bool> {
        with_shared(|sh| {
            let g = parse_key(group, CustomerGroup::parse, "group").map_err(plain)?;
            let s = parse_key(service, ServiceKey::parse, "service").map_err(plain)?;
            Ok(sh.catalog.concerns(g, s))
        })
    }

    /// The selected services that concern a group: those the relevance table gives it, and
    /// those linked to the group's own `n` highest outcomes that it rates above its own median,
    /// except those the table says the group never receives.
    /// In S1–S26 order. Example: `relevant_services("executive", 5)`
    #[rhai_fn(return_raw)]
    pub fn relevant_services(ctx: NativeCallContext, group: &str, n: INT) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let own = own_top_services(sh, rec, g, n);
            Ok(ServiceKey::ALL
                .iter()
                .filter(|s| rec.priorities[s.index()].is_some_and(Priority::is_selected))
                .filter(|s| sh.catalog.concerns(g, **s) || own.contains(s))
                .filter(|s| !sh.catalog.excludes(g, **s))
                .map(|s| sh.service_keys[s.index()].clone().into())
                .collect())
        })
    }

    /// The selected services that concern a group only through its own top outcomes (not
    /// through the relevance table), for reasons. Example: `services_from_own_outcomes(g, 5)`
    #[rhai_fn(return_raw)]
    pub fn services_from_own_outcomes(
        ctx: NativeCallContext,
        group: &str,
        n: INT,
    ) -> HostResult<Array> {
        with_recorder(&ctx, |sh, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let own = own_top_services(sh, rec, g, n);
            Ok(own
                .into_iter()
                .filter(|s| rec.priorities[s.index()].is_some_and(Priority::is_selected))
                .filter(|s| !sh.catalog.concerns(g, *s) && !sh.catalog.excludes(g, *s))
                .map(|s| sh.service_keys[s.index()].clone().into())
                .collect())
        })
    }

    /// Moves a group's approach for each listed service that is more controlling than `most`
    /// back to `most`. Returns how many changed. Example:
    /// `limit_approaches("executive", ["advice_to_executive_level"], "facilitative", "it exists for them");`
    #[rhai_fn(return_raw)]
    pub fn limit_approaches(
        ctx: NativeCallContext,
        group: &str,
        services: Array,
        most: &str,
        why: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let g = parse_key(group, CustomerGroup::parse, "group")?;
            let most = parse_key(most, Approach::parse, "most")?;
            let r = reason(&ctx, why)?;
            let mut n = 0;
            for s in &services {
                let s = parse_item(s, ServiceKey::parse, "services")?;
                if rec.approach(g, s).is_some_and(|a| a > most) {
                    rec.set_approach(g, s, most, r.clone());
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// Keeps every group's approach within the allowed approaches of each service in
    /// `allowed` (service → an array of approaches, or a text of them separated by `;` as a
    /// table cell holds them; services not in the map, an empty array and an empty text are
    /// unlimited): an approach outside moves to the nearest allowed one (toward autonomy on a
    /// tie). Placeholders of `template`: {approach} {allowed}. Returns how many changed. Example:
    /// `keep_within_allowed(#{ advice_to_executive_level: ["consultative", "supportive"], risk_management: "directive;controlling" }, "…");`
    #[rhai_fn(return_raw)]
    pub fn keep_within_allowed(
        ctx: NativeCallContext,
        allowed: Map,
        template: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let mut n = 0;
            for (key, list) in &allowed {
                let s = parse_key(key, ServiceKey::parse, "allowed")?;
                let ok = allowed_approaches(key, list)?;
                if ok.is_empty() {
                    continue;
                }
                let names: Vec<&str> = ok.iter().map(|a| a.as_str()).collect();
                let groups: Vec<CustomerGroup> = rec.answered.clone();
                for g in groups {
                    let Some(a) = rec.approach(g, s) else {
                        continue;
                    };
                    if ok.contains(&a) {
                        continue;
                    }
                    let nearest = *ok
                        .iter()
                        .min_by_key(|b| ((b.rank() as i32 - a.rank() as i32).abs(), b.rank()))
                        .unwrap_or(&a);
                    let text = fill(
                        template,
                        &[("approach", a.as_str()), ("allowed", &names.join(", "))],
                    );
                    rec.set_approach(g, s, nearest, reason(&ctx, text)?);
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    /// Caps the PMO's capacity: at most `max` (group, service) cells may be `controlling` or
    /// `managed`. Beyond it, cells of the least-demanded services move one step toward
    /// autonomy (`protected` services last). Returns how many moved. Example:
    /// `cap_control_cells(12, ["risk_management"], "the PMO can carry 12 controlled services");`
    #[rhai_fn(return_raw)]
    pub fn cap_control_cells(
        ctx: NativeCallContext,
        max: INT,
        protected: Array,
        why: &str,
    ) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let max = usize::try_from(max.max(0)).unwrap_or(0);
            let mut keep = Vec::new();
            for s in &protected {
                keep.push(parse_item(s, ServiceKey::parse, "protected")?);
            }
            let mut cells: Vec<(CustomerGroup, ServiceKey)> = Vec::new();
            for g in rec.answered.clone() {
                for s in ServiceKey::ALL {
                    if rec
                        .approach(g, *s)
                        .is_some_and(|a| a >= Approach::Controlling)
                    {
                        cells.push((g, *s));
                    }
                }
            }
            if cells.len() <= max {
                return Ok(0);
            }
            // Least demanded first: unprotected before protected, lower priority, lower score.
            cells.sort_by(|a, b| {
                keep.contains(&a.1)
                    .cmp(&keep.contains(&b.1))
                    .then(rec.priorities[b.1.index()].cmp(&rec.priorities[a.1.index()]))
                    .then(score(rec, a.1).total_cmp(&score(rec, b.1)))
                    .then(a.cmp(b))
            });
            let r = reason(&ctx, why)?;
            let over = cells.len() - max;
            for (g, s) in cells.into_iter().take(over) {
                rec.set_approach(g, s, Approach::Directive, r.clone());
            }
            Ok(INT::try_from(over).unwrap_or(INT::MAX))
        })
    }

    /// The catalog's comment themes: `#{ key, name, services }` each, in file order.
    /// Example: `for t in themes() { … }`
    #[rhai_fn(return_raw)]
    pub fn themes() -> HostResult<Array> {
        with_shared(|sh| {
            Ok(sh
                .catalog
                .themes()
                .iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("key".into(), t.key.clone().into());
                    m.insert("name".into(), t.name.clone().into());
                    let services: Array = t
                        .services
                        .iter()
                        .map(|s| sh.service_keys[s.index()].clone().into())
                        .collect();
                    m.insert("services".into(), services.into());
                    Dynamic::from(m)
                })
                .collect())
        })
    }

    /// Sets the charter's governance: `choice` holds the texts `sponsor`, `decision_rights`,
    /// `escalation` and `cadence`; `why` says what they were fitted to. Example:
    /// `set_governance(#{ sponsor: "…", decision_rights: "…", escalation: "…", cadence: "…" }, "a crisis");`
    #[rhai_fn(return_raw)]
    pub fn set_governance(ctx: NativeCallContext, choice: Map, why: &str) -> HostResult<()> {
        with_recorder(&ctx, |_, rec| {
            let text = |name: &str| crate::rules::api::options::option_text(&choice, name);
            let g = Governance {
                sponsor: text("sponsor")?,
                decision_rights: text("decision_rights")?,
                escalation: text("escalation")?,
                cadence: text("cadence")?,
                reasons: vec![reason(&ctx, why)?],
            };
            rec.governance = Some(g);
            Ok(())
        })
    }

    /// How many alerts of a level were raised so far. Example: `alert_count("critical")`
    #[rhai_fn(return_raw)]
    pub fn alert_count(ctx: NativeCallContext, level: &str) -> HostResult<INT> {
        with_recorder(&ctx, |_, rec| {
            let l = parse_key(level, AlertLevel::parse, "level")?;
            let n = rec.alerts.iter().filter(|a| a.level == l).count();
            Ok(INT::try_from(n).unwrap_or(INT::MAX))
        })
    }
}

use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::outcome::OutcomeKey;
use crate::model::service::ServiceKey;
use crate::rules::api::keys::parse_key;
use crate::rules::state::{ApiError, Recorder, Shared};
use rhai::{Array, Dynamic, ImmutableString, INT};

/// The approaches `allowed.<key>` lists: an array of names, or a table cell's text of names
/// separated by `;` (each trimmed), which `table_column` hands over as it is (issue 16: a
/// `split` per service in the script cost more than the call). Empty: none, so unlimited.
fn allowed_approaches(key: &str, value: &Dynamic) -> Result<Vec<Approach>, ApiError> {
    let parse = |name: &str| parse_key(name, Approach::parse, "allowed");
    if let Some(text) = value.read_lock::<ImmutableString>() {
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        return text.split(';').map(|name| parse(name.trim())).collect();
    }
    let Some(list) = value.read_lock::<Array>() else {
        return Err(type_error(key));
    };
    list.iter()
        .map(|item| match item.read_lock::<ImmutableString>() {
            Some(name) => parse(name.as_str()),
            None => Err(type_error(key)),
        })
        .collect()
}

fn type_error(key: &str) -> ApiError {
    ApiError::new(format!(
        "`allowed.{key}` must be an array of approaches or a text of them separated by `;`"
    ))
}

fn score(rec: &Recorder, s: ServiceKey) -> f64 {
    rec.scores[s.index()].value.unwrap_or(0.0)
}

fn plain(e: ApiError) -> Box<rhai::EvalAltResult> {
    e.message.into()
}

/// Services linked to the group's `n` highest outcomes rated above its own median.
fn own_top_services(sh: &Shared, rec: &Recorder, g: CustomerGroup, n: INT) -> Vec<ServiceKey> {
    let Some(means) = rec.means.get(&g) else {
        return Vec::new();
    };
    let mut rated: Vec<(OutcomeKey, f64)> = OutcomeKey::ALL
        .iter()
        .filter_map(|o| means[o.index()].0.map(|m| (*o, m)))
        .collect();
    rated.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let values: Vec<f64> = rated.iter().map(|r| r.1).collect();
    if values.is_empty() {
        return Vec::new();
    }
    let median = crate::rules::api::options::median(&values);
    let take = usize::try_from(n.max(0)).unwrap_or(0);
    let mut out: Vec<ServiceKey> = Vec::new();
    for (o, m) in rated.into_iter().take(take) {
        if m <= median + 1e-9 {
            break;
        }
        for s in &sh.catalog.outcome(o).services {
            if !out.contains(s) {
                out.push(*s);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::model::customer::CustomerGroup;
    use crate::model::organization::OrganizationId;
    use crate::model::survey::OrganizationInput;
    use crate::rules::{RuleSet, RuleSettings};

    /// Runs `script` for an organization whose project managers answered, after setting their
    /// approach to `controlling` on three services.
    fn run(script: &str) -> Result<(), String> {
        let dir = tempfile::tempdir().unwrap();
        let start = "for s in [\"risk_management\", \"audit_assessments\", \"quality_assurance\"] \
                     { set_approach(\"project_manager\", s, \"controlling\", \"start\"); }\n";
        std::fs::write(dir.path().join("a.rhai"), format!("{start}{script}")).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = Arc::new(crate::ingest::read_catalog(&root.join("data/catalog")).unwrap());
        let rules = RuleSet::load(dir.path(), catalog, RuleSettings::default())
            .map_err(|e| format!("{e:?}"))?;
        let mut input = OrganizationInput::new(OrganizationId::new("x").unwrap());
        input
            .groups
            .insert(CustomerGroup::ProjectManager, Default::default());
        rules
            .evaluate(&input)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn allowed_approaches_as_a_table_cell_of_names_separated_by_semicolons() {
        let check = r#"
            let n = keep_within_allowed(#{
                risk_management: " consultative ; supportive ",
                audit_assessments: "",
                quality_assurance: ["directive"],
            }, "{approach} outside {allowed}");
            let got = [n];
            for s in ["risk_management", "audit_assessments", "quality_assurance"] {
                got.push(service_approach("project_manager", s));
            }
            if got != [2, "supportive", "controlling", "directive"] { throw `got ${got}`; }
        "#;
        run(check).unwrap();
        // The text form reads exactly as the array form.
        run(&check.replace(
            r#"" consultative ; supportive ""#,
            r#"["consultative", "supportive"]"#,
        ))
        .unwrap();
    }

    #[test]
    fn a_bad_cell_names_the_service_or_the_approach() {
        let e = run(r#"keep_within_allowed(#{ risk_management: "consultative;supportiv" }, "x");"#)
            .unwrap_err();
        assert!(e.contains("unknown approach `supportiv`"), "{e}");
        let e = run(r#"keep_within_allowed(#{ risk_management: 3 }, "x");"#).unwrap_err();
        assert!(
            e.contains("`allowed.risk_management` must be an array of approaches or a text"),
            "{e}"
        );
    }
}
