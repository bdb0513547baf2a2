//! What a run keeps of an organization once its report is written: the headline results that
//! `summary.md`, the one-line summary on stdout, the CI outputs and the gates read.
//!
//! A recommendation with its reasons, and the answers it was made from, are about 100 KB while
//! the report is made. Shed of its reasons, a recommendation still held about 5 KB per
//! organization until the run's end (26 service decisions, each alert's reason with its inputs),
//! and its answers another 2 KB; a headline is a few hundred bytes and the alerts' sentences
//! (issue 16).

use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::decision::RuleLocation;
use crate::model::organization::OrganizationId;
use crate::model::recommendation::{AlertLevel, CategoryMix, ControlLevel, Recommendation};
use crate::model::service::{Priority, ServiceKey};
use crate::model::survey::OrganizationInput;

/// One organization's headline results.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The organization.
    pub organization: OrganizationId,
    /// The baseline's display name, when it gives one.
    pub organization_name: Option<String>,
    /// Customer respondents across all groups.
    pub respondents: u32,
    /// Mean satisfaction over every answer.
    pub satisfaction: Option<f64>,
    /// NPS over every answer.
    pub nps: Option<f64>,
    /// The profile's coverage scope.
    pub scope: CoverageScope,
    /// The profile's control level.
    pub control: ControlLevel,
    /// The profile's category mix.
    pub mix: CategoryMix,
    /// The profile's closest traditional labels.
    pub labels: Vec<String>,
    /// Each service's priority, in S1–S26 order.
    pub priorities: [Priority; ServiceKey::COUNT],
    /// The alerts, in the recommendation's order (most serious first).
    pub alerts: Vec<HeadlineAlert>,
}

/// One alert as the headline keeps it: its reason's inputs are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadlineAlert {
    /// How serious.
    pub level: AlertLevel,
    /// The customer group it is about, if one.
    pub group: Option<CustomerGroup>,
    /// Where the rules raised it.
    pub rule: Option<RuleLocation>,
    /// The code's length in `words`.
    code_len: u32,
    /// The rule's alert code, then the alert's sentence, in one block: every alert of every
    /// organization is held to the run's end, and a block each for the two was 16 bytes of
    /// pointer and an allocation's rounding more per alert (issue 16).
    words: Box<str>,
}

impl HeadlineAlert {
    /// An alert of `level` with its code and sentence.
    pub fn new(
        level: AlertLevel,
        code: &str,
        text: &str,
        group: Option<CustomerGroup>,
        rule: Option<RuleLocation>,
    ) -> HeadlineAlert {
        let mut words = String::with_capacity(code.len() + text.len());
        words.push_str(code);
        words.push_str(text);
        HeadlineAlert {
            level,
            group,
            rule,
            // Codes are identifiers from a script; one past 4 GB cannot reach here.
            code_len: u32::try_from(code.len()).unwrap_or(u32::MAX),
            words: words.into_boxed_str(),
        }
    }

    /// The rule's alert code (`low_satisfaction`).
    pub fn code(&self) -> &str {
        self.words.get(..self.code_len as usize).unwrap_or_default()
    }

    /// The alert's sentence.
    pub fn text(&self) -> &str {
        self.words.get(self.code_len as usize..).unwrap_or_default()
    }
}

impl Headline {
    /// The headline of `rec`, made from `input`.
    pub fn of(input: &OrganizationInput, rec: &Recommendation) -> Headline {
        let (satisfaction, nps) = input.overall_answers();
        let mut priorities = [Priority::NotNow; ServiceKey::COUNT];
        for s in &rec.services {
            priorities[s.key.index()] = s.priority;
        }
        Headline {
            organization: input.id.clone(),
            organization_name: input
                .baseline
                .as_ref()
                .and_then(|b| b.organization_name.clone()),
            respondents: input.respondents(),
            satisfaction: satisfaction.mean(),
            nps: nps.score(),
            scope: rec.profile.coverage_scope,
            control: rec.profile.control_level,
            mix: rec.profile.category_mix,
            labels: rec.profile.labels.clone(),
            priorities,
            alerts: rec
                .alerts
                .iter()
                .map(|a| {
                    HeadlineAlert::new(
                        a.level,
                        a.code.as_str(),
                        &a.reason.text,
                        a.group,
                        a.reason.rule.clone(),
                    )
                })
                .collect(),
        }
    }

    /// The display name: the baseline's, else the id.
    pub fn name(&self) -> &str {
        self.organization_name
            .as_deref()
            .unwrap_or(self.organization.as_str())
    }

    /// The services given `priority`, in S1–S26 order.
    pub fn services_at(&self, priority: Priority) -> impl Iterator<Item = ServiceKey> + '_ {
        ServiceKey::ALL
            .iter()
            .copied()
            .filter(move |k| self.priorities[k.index()] == priority)
    }

    /// How many alerts are at `level` exactly.
    pub fn alerts_at(&self, level: AlertLevel) -> usize {
        self.alerts.iter().filter(|a| a.level == level).count()
    }

    /// How many alerts are at `level` or more serious.
    pub fn alerts_at_or_above(&self, level: AlertLevel) -> usize {
        self.alerts.iter().filter(|a| a.level >= level).count()
    }

    /// The most serious alert level raised, if any.
    pub fn worst_alert(&self) -> Option<AlertLevel> {
        self.alerts.iter().map(|a| a.level).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_gives_back_its_code_and_sentence() {
        let alert = HeadlineAlert::new(
            AlertLevel::Critical,
            "low_satisfaction",
            "Executives rate the PMO 1.8/5 — the lowest of any group.",
            Some(CustomerGroup::Executive),
            None,
        );
        assert_eq!(alert.code(), "low_satisfaction");
        assert_eq!(
            alert.text(),
            "Executives rate the PMO 1.8/5 — the lowest of any group."
        );
        let bare = HeadlineAlert::new(AlertLevel::Info, "", "", None, None);
        assert_eq!((bare.code(), bare.text()), ("", ""));
    }
}
