//! Customer-survey aggregates: what ingest keeps per organization and customer group.
//!
//! Ingest streams respondents into these accumulators and drops each row once counted, so
//! memory grows with organizations × groups, never with respondents.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::baseline::Baseline;
use crate::model::benchmark::Benchmark;
use crate::model::catalog::Theme;
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;
use crate::model::quality::DataQuality;
use crate::model::scale::{Likert, LikertHistogram, NpsAnswer, NpsHistogram};
use crate::model::service::ServiceKey;

/// How many free-text comments a group keeps for the report (the rest are only counted).
pub const COMMENTS_KEPT_PER_GROUP: usize = 5;

/// How many quotes a group keeps per comment theme: the shortest sentences that show it
/// (earlier respondents first among equals), so memory stays bounded by themes × groups.
pub const QUOTES_KEPT_PER_THEME: usize = 2;

/// Longest quote kept, in characters; a longer sentence is cut at a word and ends with `…`.
pub const QUOTE_MAX_CHARS: usize = 110;

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
    /// Importance answers per outcome, indexed by `OutcomeKey::index`. Boxed: the groups map's
    /// B-tree nodes hold room for eleven groups inline, and with the 600-byte array inline
    /// that room cost 8.7 KB per organization whatever its groups (issue 16).
    pub outcomes: Box<[LikertHistogram; OutcomeKey::COUNT]>,
    /// Satisfaction answers.
    pub satisfaction: LikertHistogram,
    /// Recommendation answers.
    pub nps: NpsHistogram,
    /// Comments given in total.
    pub comments_total: u32,
    /// The first few comments, in file order.
    pub comments: Vec<String>,
    /// Comments per theme of the catalog's lexicon (theme key → comments showing it).
    pub comment_themes: BTreeMap<String, u32>,
    /// Comments that showed no theme of the lexicon.
    pub comments_unthemed: u32,
    /// Per theme key, the shortest sentences showing it (at most `QUOTES_KEPT_PER_THEME`,
    /// shortest first, earlier respondents first among equals).
    pub theme_quotes: BTreeMap<String, Vec<String>>,
}

impl GroupAnswers {
    /// Counts one respondent.
    pub fn add(&mut self, r: Respondent) {
        self.respondents += 1;
        if let Some(v) = r.pm_maturity {
            self.pm_maturity.add(v);
        }
        for (hist, answer) in self.outcomes.iter_mut().zip(r.outcomes) {
            if let Some(v) = answer {
                hist.add(v);
            }
        }
        if let Some(v) = r.satisfaction {
            self.satisfaction.add(v);
        }
        if let Some(v) = r.nps {
            self.nps.add(v);
        }
        if let Some(comment) = r.comment {
            self.comments_total += 1;
            if self.comments.len() < COMMENTS_KEPT_PER_GROUP {
                self.comments.push(comment);
            }
        }
    }

    /// Counts the themes one comment shows (each theme once per comment), counts it as
    /// unthemed when it shows none, and keeps a short quote per theme.
    pub fn count_themes(&mut self, comment: &str, themes: &[Theme]) {
        if themes.is_empty() {
            return;
        }
        let lower = comment.to_lowercase();
        let mut any = false;
        for theme in themes.iter().filter(|t| t.matches(&lower)) {
            any = true;
            match self.comment_themes.get_mut(&theme.key) {
                Some(n) => *n += 1,
                None => {
                    self.comment_themes.insert(theme.key.clone(), 1);
                }
            }
            if let Some(quote) = quote_for(comment, theme) {
                keep_quote(
                    self.theme_quotes.entry(theme.key.clone()).or_default(),
                    quote,
                );
            }
        }
        if !any {
            self.comments_unthemed += 1;
        }
    }

    /// Mean importance of an outcome, or `None` when nobody in the group rated it.
    pub fn outcome_mean(&self, outcome: OutcomeKey) -> Option<f64> {
        self.outcomes[outcome.index()].mean()
    }
}

/// The first sentence of a comment that shows the theme, trimmed and cut to
/// `QUOTE_MAX_CHARS`: a quote reads as one thought, not a paragraph.
fn quote_for(comment: &str, theme: &Theme) -> Option<String> {
    let sentence = sentences(comment)
        .into_iter()
        .find(|s| theme.matches(&s.to_lowercase()))
        // A term can span a sentence break ("adds. weeks"): fall back to the whole comment.
        .unwrap_or(comment.trim());
    let sentence = sentence.trim();
    (!sentence.is_empty()).then(|| shorten(sentence, QUOTE_MAX_CHARS))
}

/// Sentences of a text: split after `.`, `!` or `?` followed by a space, and at line breaks.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let end = match c {
            '\n' | '\r' => Some(at),
            '.' | '!' | '?' if next.is_none_or(char::is_whitespace) => Some(at + c.len_utf8()),
            _ => None,
        };
        if let Some(end) = end {
            let piece = text[start..end].trim();
            if !piece.is_empty() {
                out.push(piece);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The text cut at a word boundary to at most `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}\u{2026}", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Keeps the shortest quotes, the earlier one first among equals, at most
/// `QUOTES_KEPT_PER_THEME`; the same sentence twice is kept once.
fn keep_quote(kept: &mut Vec<String>, quote: String) {
    if kept.contains(&quote) {
        return;
    }
    let at = kept
        .iter()
        .position(|k| k.chars().count() > quote.chars().count())
        .unwrap_or(kept.len());
    if at < QUOTES_KEPT_PER_THEME {
        kept.insert(at, quote);
        kept.truncate(QUOTES_KEPT_PER_THEME);
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
    pub groups: BTreeMap<CustomerGroup, GroupAnswers>,
    /// Service-maturity assessment, when one was given.
    pub service_maturity: BTreeMap<ServiceKey, ServiceMaturity>,
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
            groups: BTreeMap::new(),
            service_maturity: BTreeMap::new(),
            data_quality: DataQuality::default(),
            benchmark: None,
        }
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

/// All organizations of one run, in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveySet {
    /// Organizations by id.
    pub organizations: BTreeMap<OrganizationId, OrganizationInput>,
    /// Per-source totals and findings of the whole run.
    pub data_quality: DataQuality,
    /// SHA-256 of each input file read to its end, taken while reading (for the manifest).
    pub input_hashes: Vec<InputHash>,
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

    fn theme(key: &str, terms: &[&str]) -> Theme {
        Theme {
            key: key.into(),
            name: key.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            services: Vec::new(),
        }
    }

    #[test]
    fn themes_keep_the_shortest_matching_sentence_and_count_the_rest() {
        let themes = [
            theme("burden", &["bureaucra", "gate review"]),
            theme("skills", &["training"]),
        ];
        let mut g = GroupAnswers::default();
        g.count_themes(
            "The PMO feels like bureaucracy: gate reviews add weeks. Otherwise fine.",
            &themes,
        );
        g.count_themes("Pure bureaucracy.", &themes);
        g.count_themes(
            "Two things:\n1) one intake; 2) real training for new PMs.",
            &themes,
        );
        g.count_themes("Nice weather today.", &themes);
        g.count_themes("Bureaucracy, again and again.", &themes);
        assert_eq!(g.comment_themes["burden"], 3);
        assert_eq!(g.comment_themes["skills"], 1);
        assert_eq!(g.comments_unthemed, 1);
        assert_eq!(
            g.theme_quotes["burden"],
            ["Pure bureaucracy.", "Bureaucracy, again and again."]
        );
        assert_eq!(
            g.theme_quotes["skills"],
            ["1) one intake; 2) real training for new PMs."]
        );
    }

    #[test]
    fn long_quotes_are_cut_at_a_word() {
        let long = "word ".repeat(40);
        let cut = shorten(long.trim(), 30);
        assert!(cut.chars().count() <= 30, "{cut}");
        assert!(cut.ends_with("word\u{2026}"), "{cut}");
        assert_eq!(shorten("short", 30), "short");
    }
}
