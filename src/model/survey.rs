//! Customer-survey aggregates: what ingest keeps per organization and customer group.
//!
//! Ingest streams respondents into these accumulators and drops each row once counted, so
//! memory grows with organizations × groups, never with respondents.

use std::sync::Arc;

use crate::model::baseline::Baseline;
use crate::model::benchmark::Benchmark;
use crate::model::catalog::Theme;
use crate::model::customer::CustomerGroup;
use crate::model::kept_text::{KeptText, TextSink, TextSource};
use crate::model::key_map::KeyMap;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;
use crate::model::outcome_answers::OutcomeAnswers;
use crate::model::quality::DataQuality;
use crate::model::scale::{Likert, LikertHistogram, NpsAnswer, NpsHistogram};
use crate::model::service::ServiceKey;
use crate::model::themes::ThemeTallies;

/// How many free-text comments a group keeps for the report (the rest are only counted).
pub const COMMENTS_KEPT_PER_GROUP: usize = 5;

/// One canonical respondent row, after cell parsing (blank or bad cells are `None`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Respondent {
    /// Self-assessed project-management maturity.
    pub pm_maturity: Option<Likert>,
    /// Importance of each outcome, indexed by `OutcomeKey::index`.
    pub outcomes: [Option<Likert>; OutcomeKey::COUNT],
    /// Overall satisfaction with the PMO.
    pub satisfaction: Option<Likert>,
    /// Likelihood to recommend the PMO.
    pub nps: Option<NpsAnswer>,
    /// Free-text comment, when given.
    pub comment: Option<String>,
}

/// The aggregated answers of one customer group in one organization.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupAnswers {
    /// Respondents counted.
    pub respondents: u32,
    /// Self-assessed maturity answers.
    pub pm_maturity: LikertHistogram,
    /// Importance answers per outcome, indexed by `OutcomeKey::index`. Out of line: the groups
    /// map's B-tree nodes hold room for eleven groups inline, and with the 600-byte array
    /// inline that room cost 8.7 KB per organization whatever its groups (issue 16).
    pub outcomes: OutcomeAnswers,
    /// Satisfaction answers.
    pub satisfaction: LikertHistogram,
    /// Recommendation answers.
    pub nps: NpsHistogram,
    /// Comments given in total.
    pub comments_total: u32,
    /// The first few comments, in file order.
    pub comments: KeptComments,
    /// Comments and the shortest quotes per theme of the catalog's lexicon.
    pub themes: ThemeTallies,
}

// Seven groups of an organization share one block: at 136 bytes a group (144 with its key)
// that block is 1,008 bytes, inside mimalloc's 1,024-byte class; at 168 it was 1,232 bytes in
// the 1,280-byte class, 256 bytes more for every organization held (issue 16).
const _: () = assert!(std::mem::size_of::<GroupAnswers>() <= 136);

impl GroupAnswers {
    /// Counts one respondent.
    pub fn add(&mut self, r: Respondent) {
        self.respondents += 1;
        if let Some(v) = r.pm_maturity {
            self.pm_maturity.add(v);
        }
        self.outcomes.add_all(&r.outcomes);
        if let Some(v) = r.satisfaction {
            self.satisfaction.add(v);
        }
        if let Some(v) = r.nps {
            self.nps.add(v);
        }
        if let Some(comment) = r.comment {
            self.comments_total += 1;
            if !self.comments.is_full() {
                self.comments.push(comment.into());
            }
        }
    }

    /// Counts the themes one comment shows against the catalog's lexicon (`ThemeTallies::count`).
    pub fn count_themes(&mut self, comment: &str, lexicon: &[Theme]) {
        self.themes.count(comment, lexicon);
    }

    /// Moves the kept comments and quotes still in memory to `sink` (`kept_text`).
    pub fn store_texts(&mut self, sink: &mut dyn TextSink) {
        for comment in self.comments.iter_mut() {
            comment.store(sink);
        }
        self.themes.store_quotes(sink);
    }

    /// Mean importance of an outcome, or `None` when nobody in the group rated it.
    pub fn outcome_mean(&self, outcome: OutcomeKey) -> Option<f64> {
        self.outcomes.get(outcome.index()).mean()
    }
}

/// A group's first few comments (`COMMENTS_KEPT_PER_GROUP`), in file order, behind one thin
/// pointer: room for all of them comes with the first. Every group of every organization holds
/// one until the customers file ends; a vector's length and capacity beside the pointer made
/// the group 16 bytes larger, and the groups' block of each organization a size class larger
/// (issue 16).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeptComments(Option<Box<[Option<KeptText>; COMMENTS_KEPT_PER_GROUP]>>);

impl KeptComments {
    /// Keeps `text` after the others; nothing when `is_full`.
    pub fn push(&mut self, text: KeptText) {
        let slots = self.0.get_or_insert_with(Default::default);
        if let Some(free) = slots.iter_mut().find(|slot| slot.is_none()) {
            *free = Some(text);
        }
    }

    /// Whether `COMMENTS_KEPT_PER_GROUP` are kept.
    pub fn is_full(&self) -> bool {
        self.len() == COMMENTS_KEPT_PER_GROUP
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The kept comments, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &KeptText> {
        self.0.iter().flat_map(|slots| slots.iter().flatten())
    }

    /// The kept comments, in file order, to store or load.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut KeptText> {
        self.0
            .iter_mut()
            .flat_map(|slots| slots.iter_mut().flatten())
    }
}

/// A current and target maturity level for one service (from the optional assessment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceMaturity {
    /// Level today, 1–5.
    pub current: Option<Likert>,
    /// The right level for this organization, 1–5.
    pub target: Option<Likert>,
}

/// Everything the rules see about one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationInput {
    /// The organization's id.
    pub id: OrganizationId,
    /// The aggregated baseline survey; `None` when no baseline row named this organization.
    pub baseline: Option<Baseline>,
    /// Customer-survey answers per group; groups without respondents are absent.
    pub groups: KeyMap<CustomerGroup, GroupAnswers>,
    /// Service-maturity assessment, when one was given.
    pub service_maturity: KeyMap<ServiceKey, ServiceMaturity>,
    /// Row counts and findings that concern this organization.
    pub data_quality: DataQuality,
    /// The peer benchmark the config names, shared by every organization (report only: the
    /// rules never see it).
    pub benchmark: Option<Arc<Benchmark>>,
}

impl OrganizationInput {
    /// An organization with no answers yet.
    pub fn new(id: OrganizationId) -> Self {
        OrganizationInput {
            id,
            baseline: None,
            groups: KeyMap::new(),
            service_maturity: KeyMap::new(),
            data_quality: DataQuality::default(),
            benchmark: None,
        }
    }

    /// Lets go of everything but the id once the organization's report is written and its
    /// headline taken (`Headline::of`): nothing after the run reads the answers again. Held to
    /// the run's end, even without their comments, they were about 2 KB per organization
    /// (issue 16).
    pub fn shed_details(&mut self) {
        self.baseline = None;
        self.groups = KeyMap::new();
        self.service_maturity = KeyMap::new();
        self.data_quality = DataQuality::default();
        self.benchmark = None;
    }

    /// Reads every stored comment and quote back from `source` (`kept_text`).
    pub fn load_texts(&mut self, source: &dyn TextSource) -> std::io::Result<()> {
        for group in self.groups.values_mut() {
            for comment in group.comments.iter_mut() {
                comment.load(source)?;
            }
            group.themes.load_quotes(source)?;
        }
        Ok(())
    }

    /// Customer respondents across all groups.
    pub fn respondents(&self) -> u32 {
        self.groups.values().map(|g| g.respondents).sum()
    }

    /// Satisfaction and NPS answers of every group together (every answer, not a mean of
    /// group means).
    pub fn overall_answers(&self) -> (LikertHistogram, NpsHistogram) {
        let mut satisfaction = LikertHistogram::default();
        let mut nps = NpsHistogram::default();
        for a in self.groups.values() {
            satisfaction.merge(&a.satisfaction);
            nps.merge(&a.nps);
        }
        (satisfaction, nps)
    }
}

/// The SHA-256 of one input file as ingest read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputHash {
    /// The file as the user named it.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shed_input_keeps_only_its_id() {
        let mut input = OrganizationInput::new(OrganizationId::new("acme").unwrap());
        let mut group = GroupAnswers::default();
        group.add(Respondent {
            satisfaction: Likert::new(4),
            comment: Some("Too many reports.".into()),
            ..Respondent::default()
        });
        input.groups.insert(CustomerGroup::Executive, group);
        input.baseline = Some(Baseline::default());
        input.shed_details();
        assert_eq!(
            input,
            OrganizationInput::new(OrganizationId::new("acme").unwrap())
        );
    }
}
