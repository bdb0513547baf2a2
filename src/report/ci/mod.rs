//! CI renderings of a run: the JSON run document, JUnit XML, SARIF 2.1.0, GitHub workflow
//! annotations and a Markdown step summary, so that a pipeline's dashboards show the results.
//!
//! Pure functions from a finished run (`CiResults`) to text: they print nothing, write no file
//! and decide no exit code. The gates are evaluated by `cli` and arrive here as verdicts to
//! show. Output is deterministic: organizations in the order given (id order), alerts in the
//! order the rules raised them, no timings or clock.

use serde::Serialize;

use crate::diag::{render_sarif, Diagnostic};
use crate::model::headline::Headline;
use crate::model::quality::DataQuality;
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;
use crate::report::ReportContext;

mod annotations;
mod failure;
mod junit;
mod run_json;
mod step_summary;

pub use failure::render_failure;
pub use junit::xml_escape;
pub use run_json::RUN_SCHEMA_VERSION;

/// The name every CI format gives the tool (SARIF driver, JUnit suites).
pub const TOOL_NAME: &str = "pmo-advisor";

/// A CI output format of `run --format` and `run --output FORMAT=PATH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CiFormat {
    /// The run document: every organization's result, data-quality totals, gate verdicts.
    Json,
    /// JUnit XML: a test case per organization, alert and gate.
    Junit,
    /// SARIF 2.1.0: data-quality findings and rule diagnostics with file, line and column.
    Sarif,
    /// GitHub workflow commands (`::error file=…::…`), one per line.
    Github,
    /// A Markdown step summary: headline table, gate verdicts, data quality.
    Markdown,
}

impl CiFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [CiFormat; 5] = [
        CiFormat::Json,
        CiFormat::Junit,
        CiFormat::Sarif,
        CiFormat::Github,
        CiFormat::Markdown,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CiFormat::Json => "json",
            CiFormat::Junit => "junit",
            CiFormat::Sarif => "sarif",
            CiFormat::Github => "github",
            CiFormat::Markdown => "markdown",
        }
    }

    /// Parses a command-line name (exact, lower-case).
    pub fn parse(text: &str) -> Option<CiFormat> {
        CiFormat::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// One gate's verdict, as `cli` evaluated it (`--fail-on`, `--max-rejected-rows`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gate {
    /// The flag without dashes, such as `max-rejected-rows`.
    pub name: String,
    /// The threshold as the user gave it, such as `5%`.
    pub threshold: String,
    /// The measured value, such as `2 of 206 rows (0.97%)`.
    pub actual: String,
    /// Whether the run stays within the threshold.
    pub passed: bool,
    /// One sentence naming the threshold and the actual value.
    pub message: String,
}

/// What a finished run hands to the CI renderers.
#[derive(Debug, Clone, Copy)]
pub struct CiResults<'a> {
    /// What every report of the run shares (period, versions, catalog).
    pub ctx: &'a ReportContext<'a>,
    /// Each organization's headline, in id order.
    pub headlines: &'a [Headline],
    /// Each organization with its whole recommendation, in id order, for the run document
    /// (`json`), which embeds them; may be empty when no run document is asked for.
    pub results: &'a [(&'a OrganizationInput, &'a Recommendation)],
    /// Row counts and findings of the whole run.
    pub data_quality: &'a DataQuality,
    /// Rule diagnostics beyond the data-quality findings (lint warnings); may be empty.
    pub rule_diagnostics: &'a [Diagnostic],
    /// Gate verdicts, in the order the flags are documented.
    pub gates: &'a [Gate],
}

impl CiResults<'_> {
    /// Whether every gate passed.
    pub fn passed(&self) -> bool {
        self.gates.iter().all(|g| g.passed)
    }

    /// Data-quality findings, then rule diagnostics: what SARIF and annotations carry.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.data_quality.findings.clone();
        all.extend(self.rule_diagnostics.iter().cloned());
        all
    }
}

/// Renders a run in one CI format; every format ends with a newline.
pub fn render_ci(format: CiFormat, run: &CiResults<'_>) -> String {
    match format {
        CiFormat::Json => run_json::render(run),
        CiFormat::Junit => junit::render(run),
        CiFormat::Sarif => render_run_sarif(run),
        CiFormat::Github => annotations::render(run),
        CiFormat::Markdown => step_summary::render(run),
    }
}

/// SARIF 2.1.0 of the run's findings and rule diagnostics (`diag` builds the log).
fn render_run_sarif(run: &CiResults<'_>) -> String {
    let log = render_sarif(&run.diagnostics(), TOOL_NAME, run.ctx.tool_version);
    // A `serde_json::Value` always serializes.
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// The share of rejected rows as a percentage, 0 when nothing was read.
pub fn rejected_percent(data_quality: &DataQuality) -> f64 {
    let read = data_quality.rows_read();
    if read == 0 {
        0.0
    } else {
        data_quality.rows_rejected() as f64 * 100.0 / read as f64
    }
}

/// Test fixture of the CI renderers: the bundled sample's organizations through the real
/// catalog and rules, with hand-made data quality (one finding at a known cell) and a lint
/// warning, so the tests pin positions without depending on the sample's findings.
#[cfg(test)]
pub(crate) mod fixture {
    use std::path::Path;
    use std::sync::Arc;

    use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
    use crate::model::period::{Period, ReportDate};
    use crate::model::quality::{DataQuality, SourceStats};
    use crate::report::ci::{CiResults, Gate};
    use crate::report::{Paper, ReportContext};

    /// Runs `check` with the sample's results and two gates (one passed, one failed).
    pub fn with_sample(check: impl FnOnce(&CiResults<'_>)) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = Arc::new(crate::ingest::read_catalog(&root.join("data/catalog")).unwrap());
        let rules = crate::rules::RuleSet::load(
            &root.join("rules"),
            Arc::clone(&catalog),
            crate::rules::RuleSettings::default(),
        )
        .unwrap();
        let sources = crate::ingest::Sources {
            customers: root.join("data/sample/customers.csv"),
            baseline: Some(root.join("data/sample/baseline.csv")),
            service_maturity: None,
        };
        let surveys = crate::ingest::read_surveys(&sources, &catalog, &Default::default()).unwrap();
        let inputs: Vec<_> = surveys.organizations.values().collect();
        let recs: Vec<_> = inputs.iter().map(|i| rules.evaluate(i).unwrap()).collect();
        let results: Vec<_> = inputs.iter().copied().zip(&recs).collect();
        let headlines: Vec<_> = results
            .iter()
            .map(|(input, rec)| crate::model::headline::Headline::of(input, rec))
            .collect();
        let ctx = ReportContext {
            catalog: &catalog,
            period: Period::parse("2026-Q3").unwrap(),
            date: ReportDate { epoch_seconds: 0 },
            rules_version: "abc123",
            tool_version: "0.0.0-test",
            paper: Paper::A4,
            fte_cost: None,
        };
        let data_quality = DataQuality {
            sources: vec![SourceStats {
                file: "data/a,b.csv".into(),
                kind: "customers".into(),
                rows_read: 200,
                rows_used: 190,
                rows_rejected: 10,
            }],
            findings: vec![Diagnostic::new(
                "I102",
                Severity::Warning,
                "expected a whole number from 1 to 5, found \"6\": 50%",
                Location::Csv {
                    file: "data/a,b.csv".into(),
                    row: 3,
                    line: 3,
                    column: Some(ColumnRef::from_index(1, "pm_maturity")),
                },
            )],
        };
        let lint = [Diagnostic::new(
            "L002",
            Severity::Warning,
            "rule never fires",
            Location::Script {
                file: "rules/x.rhai".into(),
                line: 7,
                column: 1,
            },
        )];
        let gates = [
            Gate {
                name: "max-findings".into(),
                threshold: "5".into(),
                actual: "1".into(),
                passed: true,
                message: "1 finding(s), within --max-findings 5".into(),
            },
            Gate {
                name: "max-rejected-rows".into(),
                threshold: "2%".into(),
                actual: "10 of 200 rows (5.00%)".into(),
                passed: false,
                message: "10 of 200 rows rejected (5.00%), above --max-rejected-rows 2%".into(),
            },
        ];
        check(&CiResults {
            ctx: &ctx,
            headlines: &headlines,
            results: &results,
            data_quality: &data_quality,
            rule_diagnostics: &lint,
            gates: &gates,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip_their_names() {
        for format in CiFormat::ALL {
            assert_eq!(CiFormat::parse(format.as_str()), Some(format));
        }
        assert_eq!(CiFormat::parse("xml"), None);
    }

    #[test]
    fn sarif_carries_findings_with_regions() {
        fixture::with_sample(|run| {
            let log: serde_json::Value =
                serde_json::from_str(&render_ci(CiFormat::Sarif, run)).unwrap();
            assert_eq!(log["version"], "2.1.0");
            assert_eq!(log["runs"][0]["tool"]["driver"]["name"], TOOL_NAME);
            let results = log["runs"][0]["results"].as_array().unwrap();
            assert_eq!(results.len(), run.data_quality.findings.len() + 1);
            let region = &results[0]["locations"][0]["physicalLocation"]["region"];
            assert_eq!(region["startLine"], 3);
            assert_eq!(region["startColumn"], 2);
        });
    }

    #[test]
    fn rejected_share_is_zero_without_rows() {
        assert_eq!(rejected_percent(&DataQuality::default()), 0.0);
    }
}
