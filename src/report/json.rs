//! The JSON result: wire types with `schema_version`, built from model types.
//!
//! The schema is these structs; field order is declaration order and maps are sorted, so the
//! output is byte-stable. Every float is rounded here (scores and priorities to 2 decimals,
//! shares to 4, NPS to 1) so that no machine-dependent noise reaches the file. Adding a field
//! is compatible; renaming or removing one needs a new `SCHEMA_VERSION`.
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
//! issues[]}. A reason is {text, rule {file, line, column}, inputs {name: value}}.

pub mod charter;
pub mod decisions;
pub mod roadmap;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::approach::Approach;
use crate::model::baseline::{Baseline, CoverageScope};
use crate::model::customer::CustomerGroup;
use crate::model::decision::Reason;
use crate::model::maturity::category_maturity;
use crate::model::outcome::OutcomeKey;
use crate::model::quality::SourceStats;
use crate::model::recommendation::{
    Advice, AlertLevel, ControlLevel, Governance, Lean, OutcomePriority, Recommendation,
    ServiceAction,
};
use crate::model::scale::round_to;
use crate::model::service::{Horizon, Priority, ServiceCategory, ServiceKey};
use crate::model::survey::OrganizationInput;
use crate::report::build::organization_name;
use crate::report::ReportContext;

/// Version of the JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// The whole JSON document.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    /// Layout version.
    pub schema_version: u32,
    /// Tool version.
    pub tool_version: &'a str,
    /// Short hash of the rule scripts.
    pub rules_version: &'a str,
    /// Which organization.
    pub organization: OrganizationJson,
    /// Period reported.
    pub period: String,
    /// Report date, `YYYY-MM-DD`.
    pub generated: String,
    /// Aggregated baseline, if any.
    pub baseline: Option<&'a Baseline>,
    /// All customer groups together.
    pub overall: OverallJson,
    /// All 26 services.
    pub services: Vec<ServiceJson<'a>>,
    /// Customer groups that answered.
    pub groups: Vec<GroupJson<'a>>,
    /// Organization-wide outcome priorities, highest first.
    pub outcomes: Vec<OutcomeJson<'a>>,
    /// Outcomes no respondent rated (no evidence either way).
    pub unasked_outcomes: &'a [OutcomeKey],
    /// The PMO profile.
    pub profile: ProfileJson<'a>,
    /// Alerts, most serious first.
    pub alerts: Vec<AlertJson<'a>>,
    /// Steps advised before or beside the services.
    pub advice: &'a [Advice],
    /// The charter's governance as the rules chose it, or null.
    pub governance: Option<&'a Governance>,
    /// Service-maturity assessment, if given.
    pub service_maturity: Option<MaturityJson>,
    /// Rows and findings.
    pub data_quality: DataQualityJson<'a>,
    /// The "Decisions for the sponsor" page.
    pub decisions: decisions::DecisionsJson,
    /// The selected services by phase and quarter.
    pub roadmap: roadmap::RoadmapJson,
    /// The draft PMO charter.
    pub charter: charter::CharterJson,
}

/// Organization id and display name.
#[derive(Debug, Serialize)]
pub struct OrganizationJson {
    /// Id.
    pub id: String,
    /// Display name (the id when the baseline gives none).
    pub name: String,
}

/// The survey over all groups.
#[derive(Debug, Serialize)]
pub struct OverallJson {
    /// Respondents.
    pub respondents: u32,
    /// Mean satisfaction of every answer, 2 decimals.
    pub satisfaction: Option<f64>,
    /// Net Promoter Score of every answer, 1 decimal.
    pub nps: Option<f64>,
}

/// One service decision.
#[derive(Debug, Serialize)]
pub struct ServiceJson<'a> {
    /// Key.
    pub key: ServiceKey,
    /// S-number.
    pub number: usize,
    /// Display name.
    pub name: &'a str,
    /// Category.
    pub category: ServiceCategory,
    /// Score, 2 decimals.
    pub score: f64,
    /// Priority.
    pub priority: Priority,
    /// Horizon.
    pub horizon: Horizon,
    /// Its score as a share of the top score, 4 decimals.
    pub share: f64,
    /// Within the rules' margin of a priority cut-off.
    pub borderline: bool,
    /// Improve or simplify actions, with their reasons.
    pub actions: &'a [ServiceAction],
    /// Reasons.
    pub reasons: &'a [Reason],
}

/// One outcome priority.
#[derive(Debug, Serialize)]
pub struct OutcomeJson<'a> {
    /// Key.
    pub key: OutcomeKey,
    /// Display name.
    pub name: &'a str,
    /// Priority, 2 decimals.
    pub priority: f64,
    /// Reasons.
    pub reasons: &'a [Reason],
}

/// One customer group.
#[derive(Debug, Serialize)]
pub struct GroupJson<'a> {
    /// Key.
    pub key: CustomerGroup,
    /// Display name.
    pub name: &'a str,
    /// Respondents.
    pub respondents: u32,
    /// Mean self-assessed PM maturity, 2 decimals.
    pub pm_maturity: Option<f64>,
    /// Mean satisfaction, 2 decimals.
    pub satisfaction: Option<f64>,
    /// Satisfaction answers (the n of `satisfaction`).
    pub satisfaction_answers: u32,
    /// Net Promoter Score, 1 decimal.
    pub nps: Option<f64>,
    /// Recommendation answers (the n of `nps`).
    pub nps_answers: u32,
    /// Promoters (9–10).
    pub promoters: u32,
    /// Detractors (0–6).
    pub detractors: u32,
    /// Top outcomes.
    pub top_outcomes: Vec<OutcomeJson<'a>>,
    /// Dominant approach.
    pub approach: Approach,
    /// Approach per selected service.
    pub service_approaches: &'a BTreeMap<ServiceKey, Approach>,
    /// Reasons.
    pub reasons: &'a [Reason],
}

/// Category shares, 4 decimals.
#[derive(Debug, Serialize)]
pub struct MixJson {
    /// Strategic share.
    pub strategic: f64,
    /// Tactical share.
    pub tactical: f64,
    /// Operational share.
    pub operational: f64,
}

/// The profile.
#[derive(Debug, Serialize)]
pub struct ProfileJson<'a> {
    /// Coverage scope.
    pub coverage_scope: CoverageScope,
    /// Category mix.
    pub category_mix: MixJson,
    /// The category the portfolio leans toward, or `balanced`.
    pub lean: Lean,
    /// Control level.
    pub control_level: ControlLevel,
    /// Traditional labels (an aid).
    pub labels: &'a [String],
    /// Reasons.
    pub reasons: &'a [Reason],
}

/// One alert.
#[derive(Debug, Serialize)]
pub struct AlertJson<'a> {
    /// Level.
    pub level: AlertLevel,
    /// Code.
    pub code: &'a str,
    /// Group concerned.
    pub group: Option<CustomerGroup>,
    /// Message and rule.
    pub reason: &'a Reason,
}

/// Service maturity: category percentages and the assessed services.
#[derive(Debug, Serialize)]
pub struct MaturityJson {
    /// Per category, percentages to 1 decimal.
    pub categories: Vec<CategoryMaturityJson>,
    /// Per assessed service.
    pub services: Vec<ServiceMaturityJson>,
}

/// One category's maturity.
#[derive(Debug, Serialize)]
pub struct CategoryMaturityJson {
    /// Category.
    pub category: ServiceCategory,
    /// Current %.
    pub current_percent: f64,
    /// Target %.
    pub target_percent: f64,
    /// Services assessed.
    pub assessed: u32,
}

/// One service's assessed levels.
#[derive(Debug, Serialize)]
pub struct ServiceMaturityJson {
    /// Service.
    pub key: ServiceKey,
    /// Current level.
    pub current: Option<u8>,
    /// Target level.
    pub target: Option<u8>,
}

/// Row counts and findings.
#[derive(Debug, Serialize)]
pub struct DataQualityJson<'a> {
    /// Rows read.
    pub rows_read: u64,
    /// Rows used.
    pub rows_used: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Per source.
    pub sources: &'a [SourceStats],
    /// Every finding.
    pub issues: &'a [Diagnostic],
}

fn outcome<'a>(ctx: &ReportContext<'a>, o: &'a OutcomePriority) -> OutcomeJson<'a> {
    OutcomeJson {
        key: o.outcome,
        name: &ctx.catalog.outcome(o.outcome).name,
        priority: round_to(o.priority, 2),
        reasons: &o.reasons,
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
        tool_version: ctx.tool_version,
        rules_version: ctx.rules_version,
        organization: OrganizationJson {
            id: input.id.to_string(),
            name: organization_name(input),
        },
        period: ctx.period.to_string(),
        generated: ctx.date.iso_date(),
        baseline: input.baseline.as_ref(),
        overall: overall(input),
        services: rec
            .services
            .iter()
            .map(|s| ServiceJson {
                key: s.key,
                number: s.key.number(),
                name: &ctx.catalog.service(s.key).name,
                category: s.category,
                score: round_to(s.score, 2),
                priority: s.priority,
                horizon: s.horizon,
                share: round_to(s.share, 4),
                borderline: s.borderline,
                actions: &s.actions,
                reasons: &s.reasons,
            })
            .collect(),
        groups: rec
            .groups
            .iter()
            .map(|g| {
                let answers = input.groups.get(&g.group);
                GroupJson {
                    key: g.group,
                    name: &ctx.catalog.group(g.group).name,
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
                    service_approaches: &g.service_approaches,
                    reasons: &g.reasons,
                }
            })
            .collect(),
        outcomes: rec.outcomes.iter().map(|o| outcome(ctx, o)).collect(),
        unasked_outcomes: &rec.unasked_outcomes,
        profile: ProfileJson {
            coverage_scope: rec.profile.coverage_scope,
            category_mix: MixJson {
                strategic: round_to(mix.strategic, 4),
                tactical: round_to(mix.tactical, 4),
                operational: round_to(mix.operational, 4),
            },
            lean: rec.profile.lean,
            control_level: rec.profile.control_level,
            labels: &rec.profile.labels,
            reasons: &rec.profile.reasons,
        },
        alerts: rec
            .alerts
            .iter()
            .map(|a| AlertJson {
                level: a.level,
                code: &a.code,
                group: a.group,
                reason: &a.reason,
            })
            .collect(),
        advice: &rec.advice,
        governance: rec.governance.as_ref(),
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
            sources: &dq.sources,
            issues: &dq.findings,
        },
        decisions: crate::report::build::sponsor_decisions(ctx, input, rec),
        roadmap: crate::report::build::roadmap_json(ctx, rec),
        charter: crate::report::build::charter_json(ctx, input, rec),
    }
}

/// Pretty-printed JSON with a trailing newline.
pub fn to_pretty_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    // Invariant: the wire types hold only strings, numbers (finite after rounding: NaN is
    // written as null by serde_json), maps with string keys and sequences, so serialization
    // cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
