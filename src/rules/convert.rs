//! Model values → Rhai values (the model never imports rhai), maps in sorted key order.
//!
//! `org_to_dynamic` builds the `org` constant scripts read. Every field is present (missing
//! answers are `()`), because the engine fails on a missing map property: a typo in a field
//! name is an error, never a silent `()`. `params_map` converts the declared params' values and
//! `weights_map` merges the config's group weights over 1.0. Conversions only: nothing here decides.

use std::collections::BTreeMap;

use rhai::{Array, Dynamic, Map, INT};

use crate::model::baseline::{Baseline, BaselineField, FieldValue};
use crate::model::customer::CustomerGroup;
use crate::model::service::ServiceKey;
use crate::model::survey::{GroupAnswers, OrganizationInput};
use crate::rules::state::Shared;

fn opt_float(v: Option<f64>) -> Dynamic {
    v.map_or(Dynamic::UNIT, Dynamic::from_float)
}

fn opt_str(v: Option<&str>) -> Dynamic {
    v.map_or(Dynamic::UNIT, |s| s.into())
}

/// `params`: every declared param's value (`ParamDecls::resolve`).
pub(crate) fn params_map(values: &BTreeMap<String, f64>) -> Map {
    values
        .iter()
        .map(|(name, value)| (name.as_str().into(), Dynamic::from_float(*value)))
        .collect()
}

/// `weights`: every group's weight, 1.0 unless the config says otherwise.
pub(crate) fn weights_map(config: &BTreeMap<CustomerGroup, f64>) -> Map {
    CustomerGroup::ALL
        .iter()
        .map(|g| {
            (
                g.as_str().into(),
                Dynamic::from_float(config.get(g).copied().unwrap_or(1.0)),
            )
        })
        .collect()
}

/// The `org` map for one organization.
pub(crate) fn org_to_dynamic(input: &OrganizationInput, shared: &Shared) -> Dynamic {
    let mut org = Map::new();
    org.insert("id".into(), input.id.as_str().into());
    let name = input
        .baseline
        .as_ref()
        .and_then(|b| b.organization_name.as_deref());
    org.insert("name".into(), name.unwrap_or(input.id.as_str()).into());
    org.insert("has_baseline".into(), input.baseline.is_some().into());
    let empty = Baseline::default();
    org.insert(
        "baseline".into(),
        baseline_map(input.baseline.as_ref().unwrap_or(&empty)).into(),
    );
    org.insert("respondents".into(), INT::from(input.respondents()).into());
    let mut groups = Map::new();
    let mut group_keys = Array::new();
    for (group, answers) in &input.groups {
        group_keys.push(shared.group_keys[group.index()].clone().into());
        groups.insert(group.as_str().into(), group_map(answers, shared).into());
    }
    org.insert("groups".into(), groups.into());
    org.insert("group_keys".into(), group_keys.into());
    let mut maturity = Map::new();
    for (service, m) in &input.service_maturity {
        let mut entry = Map::new();
        entry.insert(
            "current".into(),
            m.current
                .map_or(Dynamic::UNIT, |v| INT::from(v.get()).into()),
        );
        entry.insert(
            "target".into(),
            m.target
                .map_or(Dynamic::UNIT, |v| INT::from(v.get()).into()),
        );
        maturity.insert(service_key(*service).into(), entry.into());
    }
    org.insert("service_maturity".into(), maturity.into());
    org.into()
}

fn service_key(s: ServiceKey) -> &'static str {
    s.as_str()
}

fn baseline_map(b: &Baseline) -> Map {
    let mut m = Map::new();
    for &field in BaselineField::ALL {
        let value = match b.value(field) {
            FieldValue::Text(v) | FieldValue::Key(v) => opt_str(v),
            FieldValue::Count(v) => v.map_or(Dynamic::UNIT, |v| INT::from(v).into()),
            FieldValue::Scale(v) => opt_float(v),
            FieldValue::YesNo(v) => v.map_or(Dynamic::UNIT, Dynamic::from),
            FieldValue::Outcomes(list) => {
                let list: Array = list.iter().map(|o| o.as_str().into()).collect();
                list.into()
            }
        };
        m.insert(field.as_str().into(), value);
    }
    m.insert("respondents".into(), INT::from(b.respondents).into());
    let disagreements: Array = b
        .disagreements
        .iter()
        .map(|d| {
            let mut dm = Map::new();
            dm.insert("field".into(), d.field.clone().into());
            dm.insert("chosen".into(), d.chosen.clone().into());
            let answers: Array = d
                .answers
                .iter()
                .map(|(answer, count)| {
                    let mut am = Map::new();
                    am.insert("answer".into(), answer.clone().into());
                    am.insert("count".into(), INT::from(*count).into());
                    am.into()
                })
                .collect();
            dm.insert("answers".into(), answers.into());
            dm.into()
        })
        .collect();
    m.insert("disagreements".into(), disagreements.into());
    m
}

fn group_map(g: &GroupAnswers, shared: &Shared) -> Map {
    let mut m = Map::new();
    m.insert("respondents".into(), INT::from(g.respondents).into());
    m.insert("pm_maturity".into(), opt_float(g.pm_maturity.mean()));
    m.insert(
        "pm_maturity_median".into(),
        opt_float(g.pm_maturity.median()),
    );
    m.insert(
        "pm_maturity_answered".into(),
        INT::from(g.pm_maturity.answered()).into(),
    );
    m.insert("satisfaction".into(), opt_float(g.satisfaction.mean()));
    m.insert(
        "satisfaction_answered".into(),
        INT::from(g.satisfaction.answered()).into(),
    );
    m.insert("nps".into(), opt_float(g.nps.score()));
    m.insert("nps_answered".into(), INT::from(g.nps.answered()).into());
    m.insert("nps_promoters".into(), INT::from(g.nps.promoters()).into());
    m.insert(
        "nps_detractors".into(),
        INT::from(g.nps.detractors()).into(),
    );
    m.insert("comments".into(), INT::from(g.comments_total).into());
    let mut themes = Map::new();
    for (index, t) in shared.catalog.themes().iter().enumerate() {
        let n = g.themes.comments(index);
        themes.insert(t.key.as_str().into(), INT::from(n).into());
    }
    m.insert("themes".into(), themes.into());
    let (template, order) = &shared.outcome_map;
    let (mut outcomes, mut answered) = (template.clone(), template.clone());
    for ((mean, count), o) in outcomes.values_mut().zip(answered.values_mut()).zip(order) {
        let h = g.outcomes.get(o.index());
        *mean = opt_float(h.mean());
        *count = INT::from(h.answered()).into();
    }
    m.insert("outcomes".into(), outcomes.into());
    m.insert("answered".into(), answered.into());
    m
}
