//! `--set PATH=VALUE`: one input overridden for a what-if. Paths name a baseline field
//! (`baseline.regulatory_intensity`, typed from `BaselineField`), a param
//! (`params.must_cutoff`, one the rules read) or a group figure
//! (`groups.executive.pm_maturity`). Parsing checks the path and the value's type; a mistake
//! is a `SetError` naming the path, what was expected and, for a misspelt name, the closest one.

use std::collections::BTreeMap;

use crate::diag::closest;
use crate::model::baseline::{
    Baseline, BaselineField, CoverageScope, DecisionStyle, Industry, Mandate, Scenario, Structure,
};
use crate::model::customer::CustomerGroup;
use crate::model::outcome::OutcomeKey;
use crate::model::scale::{Likert, LikertHistogram};
use crate::model::survey::OrganizationInput;
use crate::rules::params::ParamDecls;

/// A group figure a what-if can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupFigure {
    /// The group's self-assessed PM maturity (every answer set to the value).
    PmMaturity,
    /// The group's satisfaction (every answer set to the value).
    Satisfaction,
}

impl GroupFigure {
    const KEYS: &'static [&'static str] = &["pm_maturity", "satisfaction"];

    fn parse(text: &str) -> Option<GroupFigure> {
        match text {
            "pm_maturity" => Some(GroupFigure::PmMaturity),
            "satisfaction" => Some(GroupFigure::Satisfaction),
            _ => None,
        }
    }
}

/// What one `--set` changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A baseline field, with the value as given (checked against the field's kind).
    Baseline(BaselineField),
    /// A param, by name.
    Param(String),
    /// A figure of one customer group.
    Group(CustomerGroup, GroupFigure),
}

/// One parsed `--set`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The path as given (`baseline.regulatory_intensity`).
    pub path: String,
    /// What it changes.
    pub target: Target,
    /// The value as given.
    pub value: String,
}

/// A `--set` that cannot be applied: the message, and the closest valid name when one is near.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--set {path}: {message}")]
pub struct SetError {
    /// The path as given.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    /// `did you mean …` material: the closest valid path.
    pub suggestion: Option<String>,
}

fn error(path: &str, message: String, suggestion: Option<String>) -> SetError {
    SetError {
        path: path.to_string(),
        message,
        suggestion,
    }
}

/// Parses `PATH=VALUE` against the params the rules read (`params`, by name).
pub fn parse_override(text: &str, params: &ParamDecls) -> Result<Override, SetError> {
    let Some((path, value)) = text.split_once('=') else {
        return Err(error(
            text,
            "expected PATH=VALUE, such as `baseline.regulatory_intensity=5`".into(),
            None,
        ));
    };
    let (path, value) = (path.trim(), value.trim());
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let target = match head {
        "baseline" => {
            let field = BaselineField::parse(rest).map_err(|_| {
                let hint = closest(rest, BaselineField::KEYS).map(|f| format!("baseline.{f}"));
                error(path, format!("unknown baseline field `{rest}`"), hint)
            })?;
            check_value(path, field, value)?;
            Target::Baseline(field)
        }
        "params" => {
            let Some(decl) = params.params.get(rest) else {
                let names: Vec<&str> = params.names().collect();
                let hint = closest(rest, &names).map(|p| format!("params.{p}"));
                return Err(error(path, format!("unknown param `{rest}`"), hint));
            };
            // The same range `check` holds the config to (rules/params.csv): a what-if
            // outside it would show results no run could produce.
            if !decl.contains(number(path, value, "a number")?) {
                return Err(error(
                    path,
                    format!(
                        "{value} is outside the declared range {} ({}) of `{}`",
                        decl.range_text(),
                        decl.unit,
                        decl.name
                    ),
                    None,
                ));
            }
            Target::Param(rest.to_string())
        }
        "groups" => {
            let (group, figure) = rest.split_once('.').unwrap_or((rest, ""));
            let group = CustomerGroup::parse(group).map_err(|_| {
                let hint =
                    closest(group, CustomerGroup::KEYS).map(|g| format!("groups.{g}.{figure}"));
                error(path, format!("unknown customer group `{group}`"), hint)
            })?;
            let figure = GroupFigure::parse(figure).ok_or_else(|| {
                let hint = closest(figure, GroupFigure::KEYS)
                    .map(|f| format!("groups.{}.{f}", group.as_str()));
                error(
                    path,
                    format!(
                        "unknown group figure `{figure}`: expected {}",
                        GroupFigure::KEYS.join(" or ")
                    ),
                    hint,
                )
            })?;
            likert(path, value)?;
            Target::Group(group, figure)
        }
        _ => {
            let hint = closest(head, &["baseline", "params", "groups"]).map(|h| {
                if rest.is_empty() {
                    format!("{h}.…")
                } else {
                    format!("{h}.{rest}")
                }
            });
            return Err(error(
                path,
                format!(
                    "unknown input `{path}`: expected baseline.FIELD, params.NAME or groups.GROUP.FIGURE"
                ),
                hint,
            ));
        }
    };
    Ok(Override {
        path: path.to_string(),
        target,
        value: value.to_string(),
    })
}

fn number(path: &str, value: &str, expected: &str) -> Result<f64, SetError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| error(path, format!("expected {expected}, found `{value}`"), None))
}

fn likert(path: &str, value: &str) -> Result<Likert, SetError> {
    value
        .parse::<u8>()
        .ok()
        .and_then(Likert::new)
        .ok_or_else(|| {
            error(
                path,
                format!("expected a whole number from 1 to 5, found `{value}`"),
                None,
            )
        })
}

/// A category's key, or an error listing the keys (and the closest one).
fn key<T>(
    path: &str,
    value: &str,
    keys: &[&str],
    parse: impl Fn(&str) -> Result<T, crate::model::key::UnknownKey>,
) -> Result<T, SetError> {
    parse(value).map_err(|_| {
        let hint = closest(value, keys).map(|k| format!("{path}={k}"));
        error(
            path,
            format!("expected one of {}, found `{value}`", keys.join(", ")),
            hint,
        )
    })
}

/// Checks `value` against the field's kind (without applying it).
fn check_value(path: &str, field: BaselineField, value: &str) -> Result<(), SetError> {
    set_field(&mut Baseline::default(), path, field, value)
}

/// Sets `field` of `b` from `value`, typed by the field's kind.
fn set_field(
    b: &mut Baseline,
    path: &str,
    field: BaselineField,
    value: &str,
) -> Result<(), SetError> {
    let scale = || -> Result<f64, SetError> {
        let n = number(path, value, "a number from 1 to 5")?;
        if (1.0..=5.0).contains(&n) {
            Ok(n)
        } else {
            Err(error(
                path,
                format!("expected a number from 1 to 5, found `{value}`"),
                None,
            ))
        }
    };
    match field {
        BaselineField::OrganizationName => b.organization_name = Some(value.to_string()),
        BaselineField::Employees => {
            b.employees = Some(value.parse().map_err(|_| {
                error(
                    path,
                    format!("expected a whole number, found `{value}`"),
                    None,
                )
            })?)
        }
        BaselineField::Industry => {
            b.industry = Some(key(path, value, Industry::KEYS, Industry::parse)?)
        }
        BaselineField::Structure => {
            b.structure = Some(key(path, value, Structure::KEYS, Structure::parse)?)
        }
        BaselineField::CoverageScope => {
            b.coverage_scope = Some(key(path, value, CoverageScope::KEYS, CoverageScope::parse)?)
        }
        BaselineField::DecisionStyle => {
            b.decision_style = Some(key(path, value, DecisionStyle::KEYS, DecisionStyle::parse)?)
        }
        BaselineField::Scenario => {
            b.scenario = Some(key(path, value, Scenario::KEYS, Scenario::parse)?)
        }
        BaselineField::Mandate => {
            b.mandate = Some(key(path, value, Mandate::KEYS, Mandate::parse)?)
        }
        BaselineField::PmMaturity => b.pm_maturity = Some(scale()?),
        BaselineField::RiskTolerance => b.risk_tolerance = Some(scale()?),
        BaselineField::ChangeReadiness => b.change_readiness = Some(scale()?),
        BaselineField::RegulatoryIntensity => b.regulatory_intensity = Some(scale()?),
        BaselineField::ExistingPmo => {
            b.existing_pmo = Some(match value {
                "yes" | "true" => true,
                "no" | "false" => false,
                _ => {
                    return Err(error(
                        path,
                        format!("expected yes or no, found `{value}`"),
                        None,
                    ))
                }
            })
        }
        BaselineField::StrategicOutcomes => {
            let mut list = Vec::new();
            for item in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                list.push(key(path, item, OutcomeKey::KEYS, OutcomeKey::parse)?);
            }
            list.sort();
            list.dedup();
            b.strategic_outcomes = list;
        }
    }
    Ok(())
}

/// Applies the baseline and group overrides to `input` (params go to the rules instead).
pub fn apply(input: &mut OrganizationInput, overrides: &[Override]) -> Result<(), SetError> {
    for o in overrides {
        match &o.target {
            Target::Baseline(field) => {
                let b = input.baseline.get_or_insert_with(Baseline::default);
                set_field(b, &o.path, *field, &o.value)?;
            }
            Target::Group(group, figure) => {
                let Some(answers) = input.groups.get_mut(group) else {
                    let answered: Vec<&str> = input.groups.keys().map(|g| g.as_str()).collect();
                    return Err(error(
                        &o.path,
                        format!(
                            "no {} answered for this organization (groups that did: {})",
                            group.as_str(),
                            answered.join(", ")
                        ),
                        None,
                    ));
                };
                let value = likert(&o.path, &o.value)?;
                let hist = match figure {
                    GroupFigure::PmMaturity => &mut answers.pm_maturity,
                    GroupFigure::Satisfaction => &mut answers.satisfaction,
                };
                // Every answer becomes the value: the mean is then exactly the value set.
                let n = hist.answered().max(1);
                let mut set = LikertHistogram::default();
                for _ in 0..n {
                    set.add(value);
                }
                *hist = set;
            }
            Target::Param(_) => {}
        }
    }
    Ok(())
}

/// The params overridden, by name (merged over the config's by the caller).
pub fn param_overrides(overrides: &[Override]) -> BTreeMap<String, f64> {
    overrides
        .iter()
        .filter_map(|o| match &o.target {
            Target::Param(name) => o.value.parse().ok().map(|v| (name.clone(), v)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::organization::OrganizationId;
    use crate::model::survey::GroupAnswers;

    fn params() -> ParamDecls {
        ParamDecls::bundled()
    }

    #[test]
    fn a_param_outside_its_declared_range_is_refused_with_the_range() {
        let e = parse_override("params.must_cutoff=85", &params()).unwrap_err();
        assert_eq!(e.path, "params.must_cutoff");
        assert!(
            e.message
                .contains("85 is outside the declared range 0 to 1 (share of the top demand)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn paths_are_typed_by_their_target() {
        let o = parse_override("baseline.regulatory_intensity=5", &params()).unwrap();
        assert_eq!(
            o.target,
            Target::Baseline(BaselineField::RegulatoryIntensity)
        );
        let o = parse_override(" params.must_cutoff = 0.8 ", &params()).unwrap();
        assert_eq!(o.target, Target::Param("must_cutoff".into()));
        assert_eq!(
            param_overrides(&[o]),
            BTreeMap::from([("must_cutoff".into(), 0.8)])
        );
        let o = parse_override("groups.executive.satisfaction=2", &params()).unwrap();
        assert_eq!(
            o.target,
            Target::Group(CustomerGroup::Executive, GroupFigure::Satisfaction)
        );
        let e = parse_override("baseline.regulatory_intensity=6", &params()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--set baseline.regulatory_intensity: expected a number from 1 to 5, found `6`"
        );
        let e = parse_override("baseline.existing_pmo=maybe", &params()).unwrap_err();
        assert_eq!(e.message, "expected yes or no, found `maybe`");
    }

    #[test]
    fn applying_sets_the_baseline_and_every_answer_of_a_group() {
        let mut input = OrganizationInput::new(OrganizationId::new("x").unwrap());
        let mut answers = GroupAnswers::default();
        for v in [1, 2, 2] {
            answers.pm_maturity.add(Likert::new(v).unwrap());
        }
        input.groups.insert(CustomerGroup::Executive, answers);
        let sets: Vec<Override> = [
            "baseline.scenario=crisis",
            "baseline.strategic_outcomes=strategic_alignment; governance_compliance",
            "groups.executive.pm_maturity=4",
        ]
        .iter()
        .map(|t| parse_override(t, &params()).unwrap())
        .collect();
        apply(&mut input, &sets).unwrap();
        let b = input.baseline.as_ref().unwrap();
        assert_eq!(b.scenario, Some(Scenario::Crisis));
        assert_eq!(b.strategic_outcomes.len(), 2);
        let g = &input.groups[&CustomerGroup::Executive];
        assert_eq!(g.pm_maturity.mean(), Some(4.0));
        assert_eq!(g.pm_maturity.answered(), 3);

        let missing = parse_override("groups.external_partner.pm_maturity=3", &params()).unwrap();
        let e = apply(&mut input, &[missing]).unwrap_err();
        assert_eq!(
            e.message,
            "no external_partner answered for this organization (groups that did: executive)"
        );
    }
}
