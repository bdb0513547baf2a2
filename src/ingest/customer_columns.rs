//! The columns of the canonical customer survey, resolved once per file into indexes.
//!
//! Split from the row reader so the header rules (required, optional, `outcome.<key>`,
//! unknown-column warnings with hints) read in one place. It reads no data rows.

use crate::diag::did_you_mean;
use crate::ingest::header::Header;
use crate::ingest::registry::FileTally;
use crate::ingest::IngestError;
use crate::model::outcome::OutcomeKey;
use crate::model::scale::Likert;
use crate::model::survey::Respondent;

/// The fixed columns of the format (outcome columns are `outcome.<key>`).
pub(crate) const COLUMNS: &[&str] = &[
    "respondent_id",
    "organization",
    "customer_group",
    "business_unit",
    "pm_maturity",
    "satisfaction",
    "nps",
    "comment",
];
const OUTCOME_PREFIX: &str = "outcome.";

/// Column indexes, resolved once per file.
pub(crate) struct Columns {
    /// `respondent_id` (required).
    pub(crate) respondent_id: usize,
    /// `organization`; absent when a default organization stands in.
    pub(crate) organization: Option<usize>,
    /// `customer_group` (required).
    pub(crate) customer_group: usize,
    /// `pm_maturity`.
    pub(crate) pm_maturity: Option<usize>,
    /// `satisfaction`.
    pub(crate) satisfaction: Option<usize>,
    /// `nps`.
    pub(crate) nps: Option<usize>,
    /// `comment`.
    pub(crate) comment: Option<usize>,
    /// Each `outcome.<key>` column with its outcome.
    pub(crate) outcomes: Vec<(usize, OutcomeKey)>,
    /// Every 1–5 answer column with its slot in the scratch array of a row (see `LIKERT_SLOTS`).
    pub(crate) likert: Vec<(usize, usize)>,
}

/// Scratch slots of a row's 1–5 answers: the outcomes by index, then maturity, satisfaction.
pub(crate) const LIKERT_SLOTS: usize = OutcomeKey::COUNT + 2;
pub(crate) const PM_MATURITY_SLOT: usize = OutcomeKey::COUNT;
pub(crate) const SATISFACTION_SLOT: usize = OutcomeKey::COUNT + 1;

/// A respondent from a row's 1–5 answers in their scratch slots (NPS and comment unset).
pub(crate) fn respondent_from(answers: &[Option<Likert>; LIKERT_SLOTS]) -> Respondent {
    let mut respondent = Respondent {
        pm_maturity: answers[PM_MATURITY_SLOT],
        satisfaction: answers[SATISFACTION_SLOT],
        ..Respondent::default()
    };
    respondent
        .outcomes
        .copy_from_slice(&answers[..OutcomeKey::COUNT]);
    respondent
}

impl Columns {
    /// Resolves the header; unknown columns become findings in `tally`.
    pub(crate) fn resolve(
        header: &Header,
        has_default_org: bool,
        tally: &mut FileTally,
    ) -> Result<Self, IngestError> {
        let organization = match header.find("organization") {
            Some(i) => Some(i),
            None if has_default_org => None,
            None => Some(header.require("organization")?),
        };
        let mut columns = Columns {
            respondent_id: header.require("respondent_id")?,
            organization,
            customer_group: header.require("customer_group")?,
            pm_maturity: header.find("pm_maturity"),
            satisfaction: header.find("satisfaction"),
            nps: header.find("nps"),
            comment: header.find("comment"),
            outcomes: header
                .names()
                .iter()
                .enumerate()
                .filter_map(|(i, name)| {
                    let key = strip_prefix_ignore_case(name, OUTCOME_PREFIX)?;
                    OutcomeKey::parse(key).ok().map(|k| (i, k))
                })
                .collect(),
            likert: Vec::new(),
        };
        columns.likert = columns
            .outcomes
            .iter()
            .map(|&(i, key)| (i, key.index()))
            .collect();
        columns
            .likert
            .extend(columns.pm_maturity.map(|i| (i, PM_MATURITY_SLOT)));
        columns
            .likert
            .extend(columns.satisfaction.map(|i| (i, SATISFACTION_SLOT)));
        for (index, name) in header.names().iter().enumerate() {
            let known = COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name))
                || columns.outcomes.iter().any(|(i, _)| *i == index);
            if known {
                continue;
            }
            let d = match strip_prefix_ignore_case(name, OUTCOME_PREFIX) {
                Some(_) => {
                    let mut d = header.unknown_column(index, std::iter::empty());
                    let key = &name[OUTCOME_PREFIX.len()..];
                    if let Some(near) = did_you_mean(key, OutcomeKey::KEYS.iter().copied()) {
                        d = d.with_hint(format!("did you mean `{OUTCOME_PREFIX}{near}`?"));
                    }
                    d.with_expected(format!("`{OUTCOME_PREFIX}` followed by an outcome key"))
                }
                None => header.unknown_column(index, COLUMNS.iter().copied()),
            };
            tally.finding(None, d);
        }
        Ok(columns)
    }
}

fn strip_prefix_ignore_case<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &name[prefix.len()..])
}
