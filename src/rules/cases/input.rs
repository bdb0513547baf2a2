//! A test case's input as written (aggregates, respondent rows, baseline) → `OrganizationInput`.
//!
//! Aggregates are turned into the histograms ingest would have built: a mean of `m` over `n`
//! respondents becomes `n` answers summing to `round(m × n)` (exact when `m × n` is whole), a
//! list is taken answer by answer, an NPS becomes promoters (10) or detractors (0) among
//! passives (8). Nothing here evaluates rules or reads files.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::baseline::{
    Baseline, CoverageScope, DecisionStyle, Disagreement, Industry, Mandate, Scenario, Structure,
};
use crate::model::catalog::Theme;
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;
use crate::model::scale::{Likert, LikertHistogram, NpsAnswer, NpsHistogram};
use crate::model::survey::{GroupAnswers, OrganizationInput, Respondent, ServiceMaturity};
use crate::rules::cases::Case;

/// Respondents of a group when the case gives neither a count nor answer lists.
pub const DEFAULT_RESPONDENTS: u32 = 10;

/// Answers on a 1–5 scale: a mean everyone gave, or each answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Answers {
    /// Mean over all respondents (1–5).
    Mean(f64),
    /// One answer per respondent (1–5); respondents beyond the list did not answer.
    List(Vec<u8>),
}

/// NPS: the score (−100…100) or each 0–10 answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum NpsInput {
    /// Net promoter score over all respondents.
    Score(f64),
    /// One 0–10 answer per respondent.
    List(Vec<u8>),
}

/// One customer group's aggregates.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    /// Respondents (default: the longest answer list, else 10).
    #[serde(default)]
    pub respondents: Option<u32>,
    /// Self-assessed PM maturity; absent means nobody answered.
    #[serde(default)]
    pub maturity: Option<Answers>,
    /// Satisfaction with the PMO.
    #[serde(default)]
    pub satisfaction: Option<Answers>,
    /// Net promoter score or answers.
    #[serde(default)]
    pub nps: Option<NpsInput>,
    /// Importance per outcome; outcomes not listed were not rated.
    #[serde(default)]
    pub outcomes: BTreeMap<OutcomeKey, Answers>,
    /// Free-text comments (counted against the catalog's comment themes).
    #[serde(default)]
    pub comments: Vec<String>,
}

/// One respondent row (answers 1–5, NPS 0–10).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RespondentInput {
    /// The respondent's group.
    pub group: CustomerGroup,
    /// Self-assessed maturity.
    #[serde(default)]
    pub maturity: Option<u8>,
    /// Satisfaction.
    #[serde(default)]
    pub satisfaction: Option<u8>,
    /// Recommendation answer 0–10.
    #[serde(default)]
    pub nps: Option<u8>,
    /// Importance per outcome.
    #[serde(default)]
    pub outcomes: BTreeMap<OutcomeKey, u8>,
}

/// A baseline disagreement: the field, each answer with its count, the answer kept.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisagreementInput {
    /// Baseline column.
    pub field: String,
    /// The answer kept.
    pub chosen: String,
    /// Answer → respondents.
    #[serde(default)]
    pub answers: BTreeMap<String, u32>,
}

/// The baseline, every field optional (a missing field is a missing answer).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineInput {
    /// Display name.
    pub organization_name: Option<String>,
    /// Industry.
    pub industry: Option<Industry>,
    /// Head count.
    pub employees: Option<u32>,
    /// Organizational maturity 1–5.
    pub pm_maturity: Option<f64>,
    /// Structure.
    pub structure: Option<Structure>,
    /// Coverage scope.
    pub coverage_scope: Option<CoverageScope>,
    /// Decision style.
    pub decision_style: Option<DecisionStyle>,
    /// Risk tolerance 1–5.
    pub risk_tolerance: Option<f64>,
    /// Change readiness 1–5.
    pub change_readiness: Option<f64>,
    /// Regulatory intensity 1–5.
    pub regulatory_intensity: Option<f64>,
    /// Scenario.
    pub scenario: Option<Scenario>,
    /// Whether a PMO exists.
    pub existing_pmo: Option<bool>,
    /// The authority the PMO's mandate gives it.
    pub mandate: Option<Mandate>,
    /// Outcomes the organization's strategy names.
    #[serde(default)]
    pub strategic_outcomes: Vec<OutcomeKey>,
    /// Baseline respondents (default 1).
    pub respondents: Option<u32>,
    /// Fields the respondents disagreed on.
    #[serde(default)]
    pub disagreements: Vec<DisagreementInput>,
}

/// `{ current, target }` levels 1–5 of one service.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityInput {
    /// Level today.
    pub current: Option<u8>,
    /// Target level.
    pub target: Option<u8>,
}

/// Fixture files for a case, relative to the test file's folder; the caller ingests them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureFiles {
    /// Customer survey CSV.
    pub customers: String,
    /// Baseline CSV.
    #[serde(default)]
    pub baseline: Option<String>,
    /// Service-maturity CSV.
    #[serde(default)]
    pub service_maturity: Option<String>,
    /// The organization to take from the files.
    pub organization: String,
}

fn likert(v: u8, what: &str) -> Result<Likert, String> {
    Likert::new(v).ok_or_else(|| format!("{what}: {v} is not on the 1–5 scale"))
}

/// The histogram of `n` answers with mean `m`, or of the listed answers.
fn histogram(answers: &Answers, n: u32, what: &str) -> Result<LikertHistogram, String> {
    let mut h = LikertHistogram::default();
    match answers {
        Answers::List(list) => {
            for v in list {
                h.add(likert(*v, what)?);
            }
        }
        Answers::Mean(m) => {
            if !(1.0..=5.0).contains(m) {
                return Err(format!("{what}: mean {m} is not between 1 and 5"));
            }
            let sum = (m * f64::from(n)).round() as u32;
            let base = sum.checked_div(n).unwrap_or(0);
            let above = sum - base * n;
            for i in 0..n {
                let v = if i < above { base + 1 } else { base };
                // base ≥ 1 and base + 1 ≤ 5 because 1 ≤ m ≤ 5.
                h.add(likert(u8::try_from(v).unwrap_or(0), what)?);
            }
        }
    }
    Ok(h)
}

fn nps_histogram(nps: &NpsInput, n: u32) -> Result<NpsHistogram, String> {
    let mut h = NpsHistogram::default();
    let answer =
        |v: u8| NpsAnswer::new(v).ok_or_else(|| format!("nps: {v} is not between 0 and 10"));
    match nps {
        NpsInput::List(list) => {
            for v in list {
                h.add(answer(*v)?);
            }
        }
        NpsInput::Score(s) => {
            if !(-100.0..=100.0).contains(s) {
                return Err(format!("nps: {s} is not between -100 and 100"));
            }
            let k = (s * f64::from(n) / 100.0).round() as i64;
            for i in 0..i64::from(n) {
                let v = if k > 0 && i < k {
                    10
                } else if k < 0 && i < -k {
                    0
                } else {
                    8
                };
                h.add(answer(v)?);
            }
        }
    }
    Ok(h)
}

impl GroupInput {
    /// The group's respondents: the count given, else the longest answer list, else 10.
    pub fn respondent_count(&self) -> u32 {
        if let Some(n) = self.respondents {
            return n;
        }
        let list_len = |a: &Answers| match a {
            Answers::List(l) => l.len(),
            Answers::Mean(_) => 0,
        };
        let mut longest = self.outcomes.values().map(list_len).max().unwrap_or(0);
        for a in [&self.maturity, &self.satisfaction].into_iter().flatten() {
            longest = longest.max(list_len(a));
        }
        if let Some(NpsInput::List(l)) = &self.nps {
            longest = longest.max(l.len());
        }
        match u32::try_from(longest) {
            Ok(0) | Err(_) => DEFAULT_RESPONDENTS,
            Ok(n) => n,
        }
    }

    /// The group's aggregates.
    pub fn to_answers(
        &self,
        group: CustomerGroup,
        themes: &[Theme],
    ) -> Result<GroupAnswers, String> {
        let n = self.respondent_count();
        let what = |field: &str| format!("groups.{group}.{field}");
        let mut g = GroupAnswers {
            respondents: n,
            ..GroupAnswers::default()
        };
        if let Some(m) = &self.maturity {
            g.pm_maturity = histogram(m, n, &what("maturity"))?;
        }
        if let Some(s) = &self.satisfaction {
            g.satisfaction = histogram(s, n, &what("satisfaction"))?;
        }
        if let Some(nps) = &self.nps {
            g.nps = nps_histogram(nps, n)?;
        }
        for (o, a) in &self.outcomes {
            g.outcomes
                .set(o.index(), histogram(a, n, &what(&format!("outcomes.{o}")))?);
        }
        for c in &self.comments {
            g.count_themes(c, themes);
            g.comments_total += 1;
            g.comments.push(c.as_str().into());
        }
        Ok(g)
    }
}

impl BaselineInput {
    /// The aggregated baseline.
    pub fn to_baseline(&self) -> Baseline {
        Baseline {
            organization_name: self.organization_name.clone(),
            industry: self.industry,
            employees: self.employees,
            pm_maturity: self.pm_maturity,
            structure: self.structure,
            coverage_scope: self.coverage_scope,
            decision_style: self.decision_style,
            risk_tolerance: self.risk_tolerance,
            change_readiness: self.change_readiness,
            regulatory_intensity: self.regulatory_intensity,
            scenario: self.scenario,
            existing_pmo: self.existing_pmo,
            mandate: self.mandate,
            strategic_outcomes: self.strategic_outcomes.clone(),
            respondents: self.respondents.unwrap_or(1),
            disagreements: self
                .disagreements
                .iter()
                .map(|d| {
                    let mut answers: Vec<(String, u32)> =
                        d.answers.iter().map(|(a, c)| (a.clone(), *c)).collect();
                    answers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    Disagreement {
                        field: d.field.clone(),
                        answers,
                        chosen: d.chosen.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// The case's organization: `base` (from fixture files) or an empty one, with the inline
/// baseline, groups (replacing the file's), respondent rows and service maturity applied.
pub fn build_input(
    case: &Case,
    base: Option<OrganizationInput>,
    themes: &[Theme],
) -> Result<OrganizationInput, String> {
    let mut input = match base {
        Some(input) => input,
        None => {
            let id = case.organization.as_deref().unwrap_or("case");
            OrganizationInput::new(OrganizationId::new(id)?)
        }
    };
    if let Some(b) = &case.baseline {
        input.baseline = Some(b.to_baseline());
    }
    for (g, group) in &case.groups {
        input.groups.insert(*g, group.to_answers(*g, themes)?);
    }
    for (i, row) in case.respondents.iter().enumerate() {
        let what = |f: &str| format!("respondents[{}].{f}", i + 1);
        let mut r = Respondent {
            pm_maturity: row
                .maturity
                .map(|v| likert(v, &what("maturity")))
                .transpose()?,
            satisfaction: row
                .satisfaction
                .map(|v| likert(v, &what("satisfaction")))
                .transpose()?,
            nps: row
                .nps
                .map(|v| {
                    NpsAnswer::new(v).ok_or_else(|| format!("{}: {v} is not 0–10", what("nps")))
                })
                .transpose()?,
            ..Respondent::default()
        };
        for (o, v) in &row.outcomes {
            r.outcomes[o.index()] = Some(likert(*v, &what(o.as_str()))?);
        }
        input.groups.entry(row.group).or_default().add(r);
    }
    for (s, m) in &case.service_maturity {
        let level = |v: Option<u8>| {
            v.map(|v| likert(v, &format!("service_maturity.{s}")))
                .transpose()
        };
        input.service_maturity.insert(
            *s,
            ServiceMaturity {
                current: level(m.current)?,
                target: level(m.target)?,
            },
        );
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mean_becomes_answers_with_that_mean() {
        let h = histogram(&Answers::Mean(4.6), 10, "x").unwrap();
        assert_eq!(h.answered(), 10);
        assert_eq!(h.mean(), Some(4.6));
        let h = histogram(&Answers::List(vec![1, 5]), 10, "x").unwrap();
        assert_eq!((h.answered(), h.mean()), (2, Some(3.0)));
        assert!(histogram(&Answers::Mean(6.0), 3, "x")
            .unwrap_err()
            .contains("between 1 and 5"));
        assert!(histogram(&Answers::List(vec![0]), 3, "x")
            .unwrap_err()
            .contains("1–5"));
    }

    #[test]
    fn an_nps_score_becomes_promoters_or_detractors() {
        assert_eq!(
            nps_histogram(&NpsInput::Score(-40.0), 10).unwrap().score(),
            Some(-40.0)
        );
        assert_eq!(
            nps_histogram(&NpsInput::Score(30.0), 10).unwrap().score(),
            Some(30.0)
        );
        assert_eq!(
            nps_histogram(&NpsInput::List(vec![10, 0]), 10)
                .unwrap()
                .score(),
            Some(0.0)
        );
    }

    #[test]
    fn respondents_default_to_the_longest_list() {
        let g = GroupInput {
            maturity: Some(Answers::List(vec![3, 4, 5])),
            ..GroupInput::default()
        };
        assert_eq!(g.respondent_count(), 3);
        assert_eq!(
            GroupInput::default().respondent_count(),
            DEFAULT_RESPONDENTS
        );
    }
}
