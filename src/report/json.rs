//! The JSON result: wire types with `schema_version`, built from model types and read back
//! by `history`.
//!
//! The schema is these structs, one definition for both directions: `run` serializes them
//! borrowing from the model (`Cow::Borrowed`, so the write path copies no reasons or
//! findings), and `history` deserializes them (`Cow::Owned`) to compare periods. Field order is
//! declaration order and maps are sorted, so the output is byte-stable. Every float is rounded
//! here (scores and priorities to 2 decimals, shares to 4, NPS to 1) so that no
//! machine-dependent noise reaches the file. Adding a field is compatible: unknown fields are
//! ignored on read, and a new field takes `#[serde(default)]` (or is an `Option`) so that
//! results written before it still read. Renaming or removing one needs a new
//! `SCHEMA_VERSION`; a result from a newer schema is refused on read, not misread.
//! Fields added in schema_version 2 read as their default (empty, 0, false) or `None` from
//! schema_version 1 results.
//!
//! Top level: `schema_version`, `tool_version`, `rules_version`, `organization` {id, name},
//! `period`, `generated` (report date), `baseline` (aggregated baseline or null), `overall`
//! {respondents, satisfaction, nps} (every group's answers together), `services[]`
//! {key, number, name, category, score, priority, horizon, share, borderline, actions[] {kind,
//! reason}, reasons[]}, `groups[]` {key, name, respondents, pm_maturity, satisfaction,
//! satisfaction_answers, nps, nps_answers, promoters, detractors, top_outcomes[], approach,
//! service_approaches {service: approach}, reasons[]}, `outcomes[]` {key, name, priority,
//! reasons[]}, `unasked_outcomes[]`, `profile` {coverage_scope, category_mix {strategic,
//! tactical, operational}, lean, control_level, labels[], reasons[]}, `alerts[]` {level, code,
//! group, reason}, `advice[]` {code, reason}, `service_maturity` (null or
//! {categories[], services[]}), `data_quality` {rows_read, rows_used, rows_rejected, sources[],
//! issues[]}, `comment_themes[]` {theme, name, count, groups {group: count}, examples[] {group,
//! text}}, `comments_unthemed`, `peers` (only with a benchmark: {file, compared, reason,
//! measures[] {measure, value, answers, quartiles, standing, industry, size_band, row}});
//! each service also has `score_components[]` {label, points,
//! rule}. A reason is {text, rule {file, line, column}, inputs {name: value}}.

pub mod charter;
pub mod decisions;
pub mod roadmap;

mod comment_themes;
mod peers;
mod pretty;
mod score_components;

pub use comment_themes::{CommentThemeJson, QuoteJson};
pub use peers::{PeerMeasureJson, PeersJson};
pub use score_components::{score_components, ScoreComponentJson};

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::approach::Approach;
use crate::model::baseline::{Baseline, CoverageScope};
use crate::model::customer::CustomerGroup;
use crate::model::decision::Reason;
use crate::model::maturity::category_maturity;
use crate::model::outcome::OutcomeKey;
use crate::model::period::Period;
use crate::model::quality::SourceStats;
use crate::model::recommendation::{
    Advice, AlertLevel, ControlLevel, Governance, Lean, OutcomePriority, Recommendation,
    ServiceAction,
};
use crate::model::scale::round_to;
use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};
use crate::model::survey::OrganizationInput;
use crate::report::build::{
    organization_name, peer_comparison, theme_summaries, unthemed_comments,
};
use crate::report::ReportContext;

mod issues;

pub use issues::IssuesJson;

/// Version of the JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// Reads a `schema_version` (of a result or a manifest) and refuses one this build cannot
/// read, so that a newer layout is never misread as this one.
pub fn deserialize_schema_version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let version = u32::deserialize(d)?;
    if version == 0 || version > SCHEMA_VERSION {
        return Err(serde::de::Error::custom(format!(
            "expected a schema_version from 1 to {SCHEMA_VERSION}, found {version} (written by a newer pmo-advisor?)"
        )));
    }
    Ok(version)
}

/// The whole JSON document.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReportJson<'a> {
    /// Layout version (refused on read when this build cannot read it).
    #[serde(deserialize_with = "deserialize_schema_version")]
    pub schema_version: u32,
    /// Tool version.
    pub tool_version: Cow<'a, str>,
    /// Short hash of the rule scripts.
    pub rules_version: Cow<'a, str>,
    /// Which organization.
    pub organization: OrganizationJson,
    /// Period reported.
    pub period: Period,
    /// Report date, `YYYY-MM-DD`.
    pub generated: String,
    /// Aggregated baseline, if any.
    pub baseline: Option<Cow<'a, Baseline>>,
    /// All customer groups together; `None` only in results written before it existed.
    pub overall: Option<OverallJson>,
    /// All 26 services.
    pub services: Vec<ServiceJson<'a>>,
    /// Customer groups that answered.
    pub groups: Vec<GroupJson<'a>>,
    /// Organization-wide outcome priorities, highest first.
    pub outcomes: Vec<OutcomeJson<'a>>,
    /// Outcomes no respondent rated (no evidence either way).
    #[serde(default)]
    pub unasked_outcomes: Cow<'a, [OutcomeKey]>,
    /// The PMO profile.
    pub profile: ProfileJson<'a>,
    /// Alerts, most serious first.
    pub alerts: Vec<AlertJson<'a>>,
    /// Steps advised before or beside the services.
    #[serde(default)]
    pub advice: Cow<'a, [Advice]>,
    /// The charter's governance as the rules chose it, or null.
    pub governance: Option<Cow<'a, Governance>>,
    /// Service-maturity assessment, if given.
    pub service_maturity: Option<MaturityJson>,
    /// Rows and findings.
    pub data_quality: DataQualityJson<'a>,
    /// What customers wrote, by theme of the lexicon, most frequent first.
    #[serde(default)]
    pub comment_themes: Vec<CommentThemeJson>,
    /// Comments that fit no theme of the lexicon.
    #[serde(default)]
    pub comments_unthemed: u32,
    /// The organization beside the configured peer benchmark; absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<PeersJson>,
    /// The "Decisions for the sponsor" page (absent from results written before report v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisions: Option<decisions::DecisionsJson>,
    /// The selected services by phase and quarter (absent before report v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roadmap: Option<roadmap::RoadmapJson>,
    /// The draft PMO charter (absent before report v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charter: Option<charter::CharterJson>,
}

/// Organization id and display name.
#[derive(Debug, Serialize, Deserialize)]
pub struct OrganizationJson {
    /// Id.
    pub id: String,
    /// Display name (the id when the baseline gives none).
    pub name: String,
}

/// The survey over all groups.
#[derive(Debug, Serialize, Deserialize)]
pub struct OverallJson {
    /// Respondents.
    pub respondents: u32,
    /// Mean satisfaction of every answer, 2 decimals.
    pub satisfaction: Option<f64>,
    /// Net Promoter Score of every answer, 1 decimal.
    pub nps: Option<f64>,
}

/// One service decision.
#[derive(Debug, Serialize, Deserialize)]
pub struct ServiceJson<'a> {
    /// Key.
    pub key: ServiceKey,
    /// S-number.
    #[serde(default)]
    pub number: usize,
    /// Display name.
    pub name: Cow<'a, str>,
    /// Category.
    pub category: ServiceCategory,
    /// Score, 2 decimals.
    pub score: f64,
    /// Priority.
    pub priority: Priority,
    /// Horizon.
    pub horizon: Horizon,
    /// Its score as a share of the top score, 4 decimals; `None` only in schema_version 1
    /// results, which did not carry it.
    pub share: Option<f64>,
    /// Within the rules' margin of a priority cut-off.
    #[serde(default)]
    pub borderline: bool,
    /// Improve or simplify actions, with their reasons.
    #[serde(default)]
    pub actions: Cow<'a, [ServiceAction]>,
    /// Reasons.
    #[serde(default)]
    pub reasons: Cow<'a, [Reason]>,
    /// The score split into the points each rule added (they add up to `score`).
    #[serde(default)]
    pub score_components: Vec<ScoreComponentJson>,
}

/// One outcome priority.
#[derive(Debug, Serialize, Deserialize)]
pub struct OutcomeJson<'a> {
    /// Key.
    pub key: OutcomeKey,
    /// Display name.
    pub name: Cow<'a, str>,
    /// Priority, 2 decimals.
    pub priority: f64,
    /// Reasons.
    #[serde(default)]
    pub reasons: Cow<'a, [Reason]>,
}

/// One customer group.
#[derive(Debug, Serialize, Deserialize)]
pub struct GroupJson<'a> {
    /// Key.
    pub key: CustomerGroup,
    /// Display name.
    pub name: Cow<'a, str>,
    /// Respondents.
    pub respondents: u32,
    /// Mean self-assessed PM maturity, 2 decimals.
    pub pm_maturity: Option<f64>,
    /// Mean satisfaction, 2 decimals.
    pub satisfaction: Option<f64>,
    /// Satisfaction answers (the n of `satisfaction`).
    #[serde(default)]
    pub satisfaction_answers: u32,
    /// Net Promoter Score, 1 decimal.
    pub nps: Option<f64>,
    /// Recommendation answers (the n of `nps`).
    #[serde(default)]
    pub nps_answers: u32,
    /// Promoters (9–10).
    #[serde(default)]
    pub promoters: u32,
    /// Detractors (0–6).
    #[serde(default)]
    pub detractors: u32,
    /// Top outcomes.
    #[serde(default)]
    pub top_outcomes: Vec<OutcomeJson<'a>>,
    /// Dominant approach.
    pub approach: Approach,
    /// Approach per selected service.
    #[serde(default)]
    pub service_approaches: Cow<'a, BTreeMap<ServiceKey, Approach>>,
    /// Reasons.
    #[serde(default)]
    pub reasons: Cow<'a, [Reason]>,
}

/// Category shares, 4 decimals.
#[derive(Debug, Serialize, Deserialize)]
pub struct MixJson {
    /// Strategic share.
    pub strategic: f64,
    /// Tactical share.
    pub tactical: f64,
    /// Operational share.
    pub operational: f64,
}

/// The profile.
#[derive(Debug, Serialize, Deserialize)]
pub struct ProfileJson<'a> {
    /// Coverage scope.
    pub coverage_scope: CoverageScope,
    /// Category mix.
    pub category_mix: MixJson,
    /// The category the portfolio leans toward, or `balanced`; `None` only in
    /// schema_version 1 results, which did not carry it.
    pub lean: Option<Lean>,
    /// Control level.
    pub control_level: ControlLevel,
    /// Traditional labels (an aid).
    pub labels: Cow<'a, [String]>,
    /// Reasons.
    #[serde(default)]
    pub reasons: Cow<'a, [Reason]>,
}

/// One alert.
#[derive(Debug, Serialize, Deserialize)]
pub struct AlertJson<'a> {
    /// Level.
    pub level: AlertLevel,
    /// Code.
    pub code: Cow<'a, str>,
    /// Group concerned.
    pub group: Option<CustomerGroup>,
    /// Message and rule.
    pub reason: Cow<'a, Reason>,
}

/// Service maturity: category percentages and the assessed services.
#[derive(Debug, Serialize, Deserialize)]
pub struct MaturityJson {
    /// Per category, percentages to 1 decimal.
    pub categories: Vec<CategoryMaturityJson>,
    /// Per assessed service.
    #[serde(default)]
    pub services: Vec<ServiceMaturityJson>,
}

/// One category's maturity.
#[derive(Debug, Serialize, Deserialize)]
pub struct CategoryMaturityJson {
    /// Category.
    pub category: ServiceCategory,
    /// Current %.
    pub current_percent: f64,
    /// Target %.
    pub target_percent: f64,
    /// Services assessed.
    #[serde(default)]
    pub assessed: u32,
}

/// One service's assessed levels.
#[derive(Debug, Serialize, Deserialize)]
pub struct ServiceMaturityJson {
    /// Service.
    pub key: ServiceKey,
    /// Current level.
    pub current: Option<u8>,
    /// Target level.
    pub target: Option<u8>,
}

/// Row counts and findings.
#[derive(Debug, Serialize, Deserialize)]
pub struct DataQualityJson<'a> {
    /// Rows read.
    pub rows_read: u64,
    /// Rows used.
    pub rows_used: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Per source.
    #[serde(default)]
    pub sources: Cow<'a, [SourceStats]>,
    /// Every finding (read back as a count).
    pub issues: IssuesJson<'a>,
}

fn outcome<'a>(ctx: &ReportContext<'a>, o: &'a OutcomePriority) -> OutcomeJson<'a> {
    OutcomeJson {
        key: o.outcome,
        name: Cow::Borrowed(&ctx.catalog.outcome(o.outcome).name),
        priority: round_to(o.priority, 2),
        reasons: Cow::Borrowed(&o.reasons),
    }
}

fn overall(input: &OrganizationInput) -> OverallJson {
    let (satisfaction, nps) = input.overall_answers();
    OverallJson {
        respondents: input.respondents(),
        satisfaction: satisfaction.mean().map(|v| round_to(v, 2)),
        nps: nps.score().map(|v| round_to(v, 1)),
    }
}

/// Builds the wire value.
pub fn build_json<'a>(
    ctx: &ReportContext<'a>,
    input: &'a OrganizationInput,
    rec: &'a Recommendation,
) -> ReportJson<'a> {
    let mix = rec.profile.category_mix;
    let categories = category_maturity(ctx.catalog, &input.service_maturity);
    let dq = &input.data_quality;
    ReportJson {
        schema_version: SCHEMA_VERSION,
        tool_version: Cow::Borrowed(ctx.tool_version),
        rules_version: Cow::Borrowed(ctx.rules_version),
        organization: OrganizationJson {
            id: input.id.to_string(),
            name: organization_name(input),
        },
        period: ctx.period,
        generated: ctx.date.iso_date(),
        baseline: input.baseline.as_ref().map(Cow::Borrowed),
        overall: Some(overall(input)),
        services: rec
            .services
            .iter()
            .map(|s| ServiceJson {
                key: s.key,
                number: s.key.number(),
                name: Cow::Borrowed(&ctx.catalog.service(s.key).name),
                category: s.category,
                score: round_to(s.score, 2),
                priority: s.priority,
                horizon: s.horizon,
                share: Some(round_to(s.share, 4)),
                borderline: s.borderline,
                actions: Cow::Borrowed(&s.actions),
                reasons: Cow::Borrowed(&s.reasons),
                score_components: score_components(s),
            })
            .collect(),
        groups: rec
            .groups
            .iter()
            .map(|g| {
                let answers = input.groups.get(&g.group);
                GroupJson {
                    key: g.group,
                    name: Cow::Borrowed(&ctx.catalog.group(g.group).name),
                    respondents: answers.map_or(0, |a| a.respondents),
                    pm_maturity: answers
                        .and_then(|a| a.pm_maturity.mean())
                        .map(|v| round_to(v, 2)),
                    satisfaction: answers
                        .and_then(|a| a.satisfaction.mean())
                        .map(|v| round_to(v, 2)),
                    satisfaction_answers: answers.map_or(0, |a| a.satisfaction.answered()),
                    nps: answers.and_then(|a| a.nps.score()).map(|v| round_to(v, 1)),
                    nps_answers: answers.map_or(0, |a| a.nps.answered()),
                    promoters: answers.map_or(0, |a| a.nps.promoters()),
                    detractors: answers.map_or(0, |a| a.nps.detractors()),
                    top_outcomes: g.top_outcomes.iter().map(|o| outcome(ctx, o)).collect(),
                    approach: g.approach,
                    service_approaches: Cow::Borrowed(&g.service_approaches),
                    reasons: Cow::Borrowed(&g.reasons),
                }
            })
            .collect(),
        outcomes: rec.outcomes.iter().map(|o| outcome(ctx, o)).collect(),
        unasked_outcomes: Cow::Borrowed(&rec.unasked_outcomes),
        profile: ProfileJson {
            coverage_scope: rec.profile.coverage_scope,
            category_mix: MixJson {
                strategic: round_to(mix.strategic, 4),
                tactical: round_to(mix.tactical, 4),
                operational: round_to(mix.operational, 4),
            },
            lean: Some(rec.profile.lean),
            control_level: rec.profile.control_level,
            labels: Cow::Borrowed(&rec.profile.labels),
            reasons: Cow::Borrowed(&rec.profile.reasons),
        },
        alerts: rec
            .alerts
            .iter()
            .map(|a| AlertJson {
                level: a.level,
                code: Cow::Borrowed(&a.code),
                group: a.group,
                reason: Cow::Borrowed(&a.reason),
            })
            .collect(),
        advice: Cow::Borrowed(&rec.advice),
        governance: rec.governance.as_ref().map(Cow::Borrowed),
        service_maturity: (!categories.is_empty()).then(|| MaturityJson {
            categories: categories
                .iter()
                .map(|c| CategoryMaturityJson {
                    category: c.category,
                    current_percent: round_to(c.current_percent, 1),
                    target_percent: round_to(c.target_percent, 1),
                    assessed: c.assessed,
                })
                .collect(),
            services: input
                .service_maturity
                .iter()
                .map(|(key, m)| ServiceMaturityJson {
                    key: *key,
                    current: m.current.map(|l| l.get()),
                    target: m.target.map(|l| l.get()),
                })
                .collect(),
        }),
        data_quality: DataQualityJson {
            rows_read: dq.rows_read(),
            rows_used: dq.rows_used(),
            rows_rejected: dq.rows_rejected(),
            sources: Cow::Borrowed(&dq.sources),
            issues: IssuesJson::Written(&dq.findings),
        },
        comment_themes: theme_summaries(ctx.catalog, input)
            .iter()
            .map(CommentThemeJson::from)
            .collect(),
        comments_unthemed: unthemed_comments(input),
        peers: input
            .benchmark
            .as_deref()
            .and_then(|b| peer_comparison(input).map(|c| PeersJson::new(&b.file, &c))),
        decisions: Some(crate::report::build::sponsor_decisions(ctx, input, rec)),
        roadmap: Some(crate::report::build::roadmap_json(ctx, rec)),
        charter: Some(crate::report::build::charter_json(ctx, input, rec)),
    }
}

/// Pretty-printed JSON with a trailing newline.
pub fn to_pretty_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    to_pretty_bytes_sized(value, 128)
}

/// A report's JSON (150–250 KB) as `to_pretty_bytes` writes it, into one buffer of that size
/// from the start instead of copies while a small one doubles.
pub fn report_bytes(value: &ReportJson<'_>) -> Vec<u8> {
    to_pretty_bytes_sized(value, 256 * 1024)
}

/// `to_pretty_bytes` written to `out` as it is made: for a document too large to hold twice
/// (the manifest of 10,000 organizations).
pub fn write_pretty<T: Serialize, W: std::io::Write>(mut out: W, value: &T) -> std::io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, pretty::Pretty::default());
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

fn to_pretty_bytes_sized<T: Serialize>(value: &T, capacity: usize) -> Vec<u8> {
    // Invariant: the wire types hold only strings, numbers (finite after rounding: NaN is
    // written as null by serde_json), maps with string keys and sequences, so serialization
    // cannot fail (an error would leave the bytes empty, as `to_vec_pretty` did). Writing to
    // a vector fails in no other way.
    let mut bytes = Vec::with_capacity(capacity);
    if write_pretty(&mut bytes, value).is_err() {
        bytes.clear();
        bytes.push(b'\n');
    }
    bytes
}
