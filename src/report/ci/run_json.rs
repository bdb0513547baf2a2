//! The run document of `run --format json`: one object for the whole run, so a pipeline reads
//! one file instead of one per organization.
//!
//! Schema (`schema_version` 1; adding a field is compatible, renaming or removing one bumps
//! it): `schema_version`, `tool_version`, `rules_version`, `period`, `generated`, `ok` (every
//! gate passed), `organizations[]` (each exactly the per-organization result of
//! `reports/<period>/<org>.json`, see `report/json.rs`), `data_quality` {rows_read, rows_used,
//! rows_rejected, rejected_percent (2 decimals), findings (count), sources[] {file, kind,
//! rows_read, rows_used, rows_rejected}}, `findings[]` (every data-quality finding then rule
//! diagnostic: {code, severity, message, location {kind, file, row, line, column}, …}),
//! `gates[]` {name, threshold, actual, passed, message}.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::quality::SourceStats;
use crate::model::scale::round_to;
use crate::report::ci::{rejected_percent, CiResults, Gate};
use crate::report::json::{build_json, to_pretty_bytes, ReportJson};

/// Version of the run document's layout.
pub const RUN_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct RunJson<'a> {
    schema_version: u32,
    tool_version: &'a str,
    rules_version: &'a str,
    period: String,
    generated: String,
    ok: bool,
    organizations: Vec<ReportJson<'a>>,
    data_quality: QualityJson<'a>,
    findings: Vec<Diagnostic>,
    gates: &'a [Gate],
}

#[derive(Serialize)]
struct QualityJson<'a> {
    rows_read: u64,
    rows_used: u64,
    rows_rejected: u64,
    rejected_percent: f64,
    findings: usize,
    sources: &'a [SourceStats],
}

/// The document, pretty-printed with a trailing newline.
pub(super) fn render(run: &CiResults<'_>) -> String {
    let dq = run.data_quality;
    let doc = RunJson {
        schema_version: RUN_SCHEMA_VERSION,
        tool_version: run.ctx.tool_version,
        rules_version: run.ctx.rules_version,
        period: run.ctx.period.to_string(),
        generated: run.ctx.date.iso_date(),
        ok: run.passed(),
        organizations: run
            .results
            .iter()
            .map(|(input, rec)| build_json(run.ctx, input, rec))
            .collect(),
        data_quality: QualityJson {
            rows_read: dq.rows_read(),
            rows_used: dq.rows_used(),
            rows_rejected: dq.rows_rejected(),
            rejected_percent: round_to(rejected_percent(dq), 2),
            findings: dq.findings.len(),
            sources: &dq.sources,
        },
        findings: run.diagnostics(),
        gates: run.gates,
    };
    // `to_pretty_bytes` writes UTF-8 from `String`s and numbers only.
    String::from_utf8(to_pretty_bytes(&doc)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ci::fixture::with_sample;

    #[test]
    fn organizations_totals_and_gates_in_one_document() {
        with_sample(|run| {
            let v: serde_json::Value = serde_json::from_str(&render(run)).unwrap();
            assert_eq!(v["schema_version"], RUN_SCHEMA_VERSION);
            assert_eq!(v["ok"], false);
            assert_eq!(v["period"], "2026-Q3");
            let orgs = v["organizations"].as_array().unwrap();
            assert_eq!(orgs.len(), run.results.len());
            assert_eq!(orgs[0]["organization"]["id"], run.results[0].0.id.as_str());
            assert_eq!(v["data_quality"]["rows_rejected"], 10);
            assert_eq!(v["data_quality"]["rejected_percent"], 5.0);
            assert_eq!(v["findings"][1]["code"], "L002");
            assert_eq!(v["gates"][1]["name"], "max-rejected-rows");
            assert_eq!(v["gates"][1]["passed"], false);
        });
    }
}
