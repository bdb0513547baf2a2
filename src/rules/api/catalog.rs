//! Host functions that read the catalog: services, outcomes, their links, groups, approaches.
//!
//! Keys come back as shared Rhai strings built once per rule set (`state::Shared`), so a loop
//! over `services()` allocates no new key text. Read-only: nothing here records a decision.

use rhai::plugin::*;

/// The catalog functions.
#[export_module]
pub mod catalog_api {
    use super::{api, keys, lower_first, outcome_key, service_key};
    use rhai::{Array, Map, INT};

    use crate::model::approach::Approach;
    use crate::model::customer::CustomerGroup;
    use crate::model::service::ServiceCategory;
    use crate::rules::api::keys::parse_key;
    use crate::rules::state::{with_shared, HostResult, Shared};

    /// Every service key, in S1–S26 order. Example: `for s in services() { … }`
    #[rhai_fn(return_raw)]
    pub fn services() -> HostResult<Array> {
        with_shared(|sh| Ok(keys(&sh.service_keys)))
    }

    /// The service keys of one category (`strategic`, `tactical`, `operational`).
    /// Example: `services_in("strategic").len()`
    #[rhai_fn(return_raw)]
    pub fn services_in(category: &str) -> HostResult<Array> {
        let c = parse_key(category, ServiceCategory::parse, "category").map_err(api)?;
        with_shared(|sh| {
            Ok(sh
                .catalog
                .services()
                .iter()
                .filter(|s| s.category == c)
                .map(|s| sh.service_keys[s.key.index()].clone().into())
                .collect())
        })
    }

    /// One service as a map: key, number, name, category, domains, description.
    /// Example: `service("risk_management").name`
    #[rhai_fn(return_raw)]
    pub fn service(key: &str) -> HostResult<Map> {
        let k = service_key(key)?;
        with_shared(|sh| {
            let s = sh.catalog.service(k);
            let mut m = Map::new();
            m.insert("key".into(), sh.service_keys[k.index()].clone().into());
            m.insert("number".into(), (k.number() as INT).into());
            m.insert("name".into(), s.name.clone().into());
            m.insert("category".into(), s.category.as_str().into());
            let domains: Array = s.domains.iter().map(|d| d.as_str().into()).collect();
            m.insert("domains".into(), domains.into());
            m.insert("description".into(), s.description.clone().into());
            Ok(m)
        })
    }

    /// A service's display name. Example: `service_name("risk_management")` → "Risk management"
    #[rhai_fn(return_raw)]
    pub fn service_name(key: &str) -> HostResult<String> {
        let k = service_key(key)?;
        with_shared(|sh| Ok(sh.catalog.service(k).name.clone()))
    }

    /// A service's category. Example: `service_category("portfolio_management")` → "strategic"
    #[rhai_fn(return_raw)]
    pub fn service_category(key: &str) -> HostResult<String> {
        let k = service_key(key)?;
        with_shared(|sh| Ok(sh.catalog.service(k).category.as_str().to_string()))
    }

    /// The outcomes linked to a service (whose recommended services include it).
    /// Example: `service_outcomes("risk_management")`
    #[rhai_fn(return_raw)]
    pub fn service_outcomes(key: &str) -> HostResult<Array> {
        let k = service_key(key)?;
        with_shared(|sh| Ok(sh.service_outcomes[k.index()].clone()))
    }

    /// The horizon (`short`, `medium`, `long`) from the linked outcomes' perception horizons:
    /// S=1, S-M=1.5, M=2, M-L=2.5, L=3, mean < 1.75 short, < 2.5 medium, else long (ours).
    /// Example: `linked_horizon("issue_management")`
    #[rhai_fn(return_raw)]
    pub fn linked_horizon(key: &str) -> HostResult<String> {
        let k = service_key(key)?;
        with_shared(|sh| Ok(sh.linked_horizons[k.index()].as_str().to_string()))
    }

    /// Every outcome key, in O1–O30 order. Example: `for o in outcomes() { … }`
    #[rhai_fn(return_raw)]
    pub fn outcomes() -> HostResult<Array> {
        with_shared(|sh| Ok(keys(&sh.outcome_keys)))
    }

    /// One outcome as a map: key, number, name, horizon, symptom, services.
    /// Example: `outcome("strategic_alignment").horizon`
    #[rhai_fn(return_raw)]
    pub fn outcome(key: &str) -> HostResult<Map> {
        let k = outcome_key(key)?;
        with_shared(|sh| {
            let o = sh.catalog.outcome(k);
            let mut m = Map::new();
            m.insert("key".into(), sh.outcome_keys[k.index()].clone().into());
            m.insert("number".into(), (k.number() as INT).into());
            m.insert("name".into(), o.name.clone().into());
            m.insert("horizon".into(), o.horizon.as_str().into());
            m.insert("symptom".into(), o.symptom.clone().into());
            m.insert(
                "services".into(),
                sh.outcome_services[k.index()].clone().into(),
            );
            Ok(m)
        })
    }

    /// An outcome's display name in lower case, for sentences.
    /// Example: `outcome_name("project_prioritization")` → "better project prioritization"
    #[rhai_fn(return_raw)]
    pub fn outcome_name(key: &str) -> HostResult<String> {
        let k = outcome_key(key)?;
        with_shared(|sh| Ok(lower_first(&sh.catalog.outcome(k).name)))
    }

    /// The services recommended for an outcome. Example: `outcome_services("strategic_alignment")`
    #[rhai_fn(return_raw)]
    pub fn outcome_services(key: &str) -> HostResult<Array> {
        let k = outcome_key(key)?;
        with_shared(|sh| Ok(sh.outcome_services[k.index()].clone()))
    }

    /// Every customer-group key, in catalog order. Example: `for g in groups() { … }`
    #[rhai_fn(return_raw)]
    pub fn groups() -> HostResult<Array> {
        with_shared(|sh| Ok(keys(&sh.group_keys)))
    }

    /// A customer group's display name. Example: `group_name("executive")`
    #[rhai_fn(return_raw)]
    pub fn group_name(key: &str) -> HostResult<String> {
        let k = parse_key(key, CustomerGroup::parse, "group").map_err(api)?;
        with_shared(|sh| Ok(sh.catalog.group(k).name.clone()))
    }

    /// A customer group's name in lower case, for the middle of a sentence.
    /// Example: `group_noun("executive")` → "executives and senior management"
    #[rhai_fn(return_raw)]
    pub fn group_noun(key: &str) -> HostResult<String> {
        let k = parse_key(key, CustomerGroup::parse, "group").map_err(api)?;
        with_shared(|sh| Ok(sh.group_words[k.index()].clone()))
    }

    /// Every approach key, from most customer autonomy to least. Example: `approaches()[0]`
    #[rhai_fn(return_raw)]
    pub fn approaches() -> HostResult<Array> {
        with_shared(|sh: &Shared| Ok(keys(&sh.approach_keys)))
    }

    /// An approach's rank: 1 (consultative, most autonomy) to 6 (managed).
    /// Example: `approach_rank("directive")` → 4
    #[rhai_fn(return_raw)]
    pub fn approach_rank(key: &str) -> HostResult<INT> {
        let a = parse_key(key, Approach::parse, "approach").map_err(api)?;
        Ok(INT::from(a.rank()))
    }

    /// The approach at a rank, clamped to 1..6. Example: `approach_at(4)` → "directive"
    pub fn approach_at(rank: INT) -> String {
        let index = usize::try_from(rank.clamp(1, 6) - 1).unwrap_or(0);
        Approach::ALL[index.min(Approach::COUNT - 1)]
            .as_str()
            .to_string()
    }
}

use rhai::Array;

use crate::model::outcome::OutcomeKey;
use crate::model::service::ServiceKey;
use crate::rules::api::keys::parse_key;
use crate::rules::state::HostResult;

fn api(e: crate::rules::state::ApiError) -> Box<rhai::EvalAltResult> {
    let hint = e
        .hints
        .first()
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    format!("{}{hint}", e.message).into()
}

fn service_key(text: &str) -> HostResult<ServiceKey> {
    parse_key(text, ServiceKey::parse, "service").map_err(api)
}

fn outcome_key(text: &str) -> HostResult<OutcomeKey> {
    parse_key(text, OutcomeKey::parse, "outcome").map_err(api)
}

fn keys(list: &[rhai::ImmutableString]) -> Array {
    list.iter().map(|k| k.clone().into()).collect()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
