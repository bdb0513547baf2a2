//! The inputs `explain` lists: every baseline field the organization answered, each group's
//! respondents, maturity, satisfaction and NPS, and the params the scripts read (as the engine
//! received them: the rules' defaults merged with the config).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::baseline::{BaselineField, FieldValue};
use crate::model::customer::CustomerGroup;
use crate::model::survey::OrganizationInput;
use crate::rules::trace::num;

/// One input value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Such as `baseline.industry`, `executive.pm_maturity` or `params.must_cutoff`.
    pub name: String,
    /// As a reader sees it.
    pub value: String,
}

/// The organization's input values (only `group`'s, when one is given).
pub fn input_facts(input: &OrganizationInput, group: Option<CustomerGroup>) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut fact = |name: String, value: Option<String>| {
        if let Some(value) = value {
            facts.push(Fact { name, value });
        }
    };
    match &input.baseline {
        Some(b) => {
            for field in BaselineField::ALL {
                let value = match b.value(*field) {
                    FieldValue::Text(t) => t.map(str::to_string),
                    FieldValue::Count(n) => n.map(|n| n.to_string()),
                    FieldValue::Key(k) => k.map(str::to_string),
                    FieldValue::Scale(v) => v.map(|v| format!("{}/5", num(v))),
                    FieldValue::YesNo(v) => v.map(|v| if v { "yes" } else { "no" }.to_string()),
                    FieldValue::Outcomes([]) => None,
                    FieldValue::Outcomes(list) => Some(
                        list.iter()
                            .map(|o| o.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                };
                fact(format!("baseline.{}", field.as_str()), value);
            }
        }
        None => fact("baseline".into(), Some("none".into())),
    }
    for (g, answers) in &input.groups {
        if group.is_some_and(|f| f != *g) {
            continue;
        }
        let g = g.as_str();
        fact(
            format!("{g}.respondents"),
            Some(answers.respondents.to_string()),
        );
        fact(
            format!("{g}.pm_maturity"),
            answers.pm_maturity.mean().map(|v| format!("{}/5", num(v))),
        );
        fact(
            format!("{g}.satisfaction"),
            answers.satisfaction.mean().map(|v| format!("{}/5", num(v))),
        );
        fact(
            format!("{g}.nps"),
            answers
                .nps
                .score()
                .map(|v| format!("{} ({} answers)", num(v), answers.nps.answered())),
        );
    }
    facts
}

/// The params, by name (`params.must_cutoff = 0.75`).
pub fn param_facts(params: &BTreeMap<String, f64>) -> Vec<Fact> {
    params
        .iter()
        .map(|(name, value)| Fact {
            name: format!("params.{name}"),
            value: num(*value),
        })
        .collect()
}
