//! `run`'s CI flags: `--format` on stdout, `--output FORMAT=PATH` files, and the gates
//! (`--fail-on`, `--max-rejected-rows`, `--max-findings`) with their exit code.
//!
//! One home for every gate, so each verdict is computed once and then shown the same way in
//! every format (a JUnit test case, a JSON object, a Markdown table row). Rendering is
//! `report::ci`'s job; this file only decides which outputs to write, where, and the exit code.
//! It runs after the reports and the manifest are written: a failed gate never withholds
//! results, it only fails the job (exit code 1).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use crate::atomic_file::write_atomic;
use crate::cli::config::Settings;
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::Loaded;
use crate::cli::term::{write_stdout, Term};
use crate::diag::Severity;
use crate::model::headline::Headline;
use crate::model::recommendation::{AlertLevel, Recommendation};
use crate::model::survey::OrganizationInput;
use crate::report::ci::{rejected_percent, render_ci, render_failure, CiFormat, CiResults, Gate};
use crate::report::ReportContext;

/// The CI flags of `run` (flattened into `RunArgs`).
#[derive(Debug, Clone, Default, Args)]
pub struct CiArgs {
    /// Output on stdout instead of the one-line-per-organization text: json, junit, sarif, github or markdown
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json", "junit", "sarif", "github", "markdown"])]
    format: Option<String>,
    /// Also write FORMAT (json, junit, sarif, github, markdown) to PATH; repeatable
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output)]
    outputs: Vec<(CiFormat, PathBuf)>,
    /// Exit with code 1 when any organization has an alert at or above this level
    #[arg(long, value_name = "LEVEL", value_parser = ["info", "warning", "critical"])]
    fail_on: Option<String>,
    /// Exit with code 1 when more than N rows, or more than N% of the rows read, were rejected
    #[arg(long, value_name = "N|N%", value_parser = parse_row_limit)]
    max_rejected_rows: Option<RowLimit>,
    /// Exit with code 1 when there are more than N data-quality findings
    #[arg(long, value_name = "N")]
    max_findings: Option<u64>,
}

/// A `--max-rejected-rows` threshold: a row count or a share of the rows read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RowLimit {
    /// At most this many rows.
    Rows(u64),
    /// At most this percentage (0–100) of the rows read.
    Percent(f64),
}

impl std::fmt::Display for RowLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowLimit::Rows(n) => write!(f, "{n}"),
            RowLimit::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// What `finish` needs of a finished run.
pub struct CiRun<'a> {
    /// The resolved settings (rules folder, for lint diagnostics in SARIF and annotations).
    pub settings: &'a Settings,
    /// The loaded inputs (data quality).
    pub loaded: &'a Loaded,
    /// What every report shares.
    pub ctx: &'a ReportContext<'a>,
    /// Each organization with its recommendation, in id order.
    pub results: &'a [(&'a OrganizationInput, &'a Recommendation)],
    /// Each organization's headline, in id order.
    pub headlines: &'a [Headline],
}

impl CiArgs {
    /// Whether `run` prints its human one-line-per-organization summary on stdout.
    pub fn prints_text(&self) -> bool {
        self.stdout_format().is_none()
    }

    /// Rewrites every `--output` path (`run` moves to the config's folder, see
    /// `config_folder.rs`).
    pub(super) fn map_output_paths(&mut self, f: impl Fn(&std::path::Path) -> PathBuf) {
        for (_, path) in &mut self.outputs {
            *path = f(path);
        }
    }

    /// Whether an output embeds every organization's full result (the run document), so the
    /// recommendations must keep their reasons after the reports are written.
    pub fn embeds_results(&self) -> bool {
        self.stdout_format() == Some(CiFormat::Json)
            || self.outputs.iter().any(|(f, _)| *f == CiFormat::Json)
    }

    fn stdout_format(&self) -> Option<CiFormat> {
        self.format.as_deref().and_then(CiFormat::parse)
    }
}

/// Evaluates the gates, writes every `--output`, prints the `--format` document on stdout and
/// returns `ExitCode::Policy` when a gate failed (its message on stderr), else `ExitCode::Ok`.
pub fn finish(ci: &CiArgs, run: &CiRun<'_>, term: &Term) -> Result<ExitCode, CliError> {
    let gates = evaluate_gates(ci, run);
    let formats: Vec<CiFormat> = ci
        .stdout_format()
        .into_iter()
        .chain(ci.outputs.iter().map(|(f, _)| *f))
        .collect();
    // Lint warnings are rule findings too; only the formats that list findings need them.
    let lint = if formats
        .iter()
        .any(|f| matches!(f, CiFormat::Json | CiFormat::Sarif | CiFormat::Github))
    {
        let mut all = super::check::static_checks(run.settings);
        all.retain(|d| d.severity != Severity::Info);
        all
    } else {
        Vec::new()
    };
    let results = CiResults {
        ctx: run.ctx,
        headlines: run.headlines,
        results: run.results,
        data_quality: &run.loaded.surveys.data_quality,
        rule_diagnostics: &lint,
        gates: &gates,
    };
    let rendered: BTreeMap<CiFormat, String> = formats
        .iter()
        .map(|&f| (f, render_ci(f, &results)))
        .collect();
    for (format, path) in &ci.outputs {
        let text = rendered.get(format).map_or("", String::as_str);
        write_atomic(path, text.as_bytes()).map_err(|source| CliError::Write {
            path: path.display().to_string(),
            source,
        })?;
        term.note(&format!("wrote {} to {}", format.as_str(), path.display()));
    }
    if let Some(text) = ci.stdout_format().and_then(|f| rendered.get(&f)) {
        write_stdout(text);
    }
    let mut code = ExitCode::Ok;
    for gate in gates.iter().filter(|g| !g.passed) {
        term.line(&format!("gate failed: {}", gate.message));
        code = ExitCode::Policy;
    }
    Ok(code)
}

/// A run that failed (rule error, unusable data, refused period) still writes every
/// `--output` and the `--format` document, holding the errors, so a pipeline's artifact and
/// report steps show why the job failed. Best effort: a file that cannot be written is noted,
/// and the run's own error stays the one that decides the exit code.
pub fn on_error(ci: &CiArgs, error: &CliError, term: &Term) {
    let errors = error.diagnostics();
    let code = error.exit_code().code();
    let version = env!("CARGO_PKG_VERSION");
    for (format, path) in &ci.outputs {
        let text = render_failure(*format, &errors, code, version);
        match write_atomic(path, text.as_bytes()) {
            Ok(()) => term.note(&format!("wrote {} to {}", format.as_str(), path.display())),
            Err(e) => term.note(&format!("cannot write {}: {e}", path.display())),
        }
    }
    if let Some(format) = ci.stdout_format() {
        write_stdout(&render_failure(format, &errors, code, version));
    }
}

/// Every gate that was set, in the order of the flags' documentation.
fn evaluate_gates(ci: &CiArgs, run: &CiRun<'_>) -> Vec<Gate> {
    let mut gates = Vec::new();
    if let Some(level) = ci
        .fail_on
        .as_deref()
        .and_then(|l| AlertLevel::parse(l).ok())
    {
        gates.push(alert_gate(level, run.headlines));
    }
    let dq = &run.loaded.surveys.data_quality;
    if let Some(limit) = ci.max_rejected_rows {
        let (rejected, read) = (dq.rows_rejected(), dq.rows_read());
        let percent = rejected_percent(dq);
        let passed = match limit {
            RowLimit::Rows(n) => rejected <= n,
            RowLimit::Percent(p) => percent <= p,
        };
        let actual = format!("{rejected} of {read} rows ({percent:.2}%)");
        gates.push(Gate {
            name: "max-rejected-rows".into(),
            threshold: limit.to_string(),
            message: format!(
                "{actual} rejected, {} --max-rejected-rows {limit}",
                if passed { "within" } else { "above" }
            ),
            actual,
            passed,
        });
    }
    if let Some(max) = ci.max_findings {
        let found = dq.findings.len() as u64;
        let passed = found <= max;
        gates.push(Gate {
            name: "max-findings".into(),
            threshold: max.to_string(),
            actual: found.to_string(),
            passed,
            message: format!(
                "{found} data-quality finding(s), {} --max-findings {max}",
                if passed { "within" } else { "above" }
            ),
        });
    }
    gates
}

/// `--fail-on LEVEL`: fails when any alert is at or above the level.
fn alert_gate(level: AlertLevel, headlines: &[Headline]) -> Gate {
    let count: usize = headlines.iter().map(|h| h.alerts_at_or_above(level)).sum();
    let organizations = headlines
        .iter()
        .filter(|h| h.alerts_at_or_above(level) > 0)
        .count();
    let worst = headlines.iter().filter_map(Headline::worst_alert).max();
    let actual = match worst {
        Some(worst) => format!("{count} alert(s) at or above {level}, worst {worst}"),
        None => "no alert".into(),
    };
    let message = match worst {
        Some(worst) if worst >= level => format!(
            "alerts at level {worst} reached --fail-on {level}: {count} alert(s) at or above {level} in {organizations} organization(s)"
        ),
        _ => format!("no alert at or above --fail-on {level}"),
    };
    Gate {
        name: "fail-on".into(),
        threshold: level.to_string(),
        passed: count == 0,
        actual,
        message,
    }
}

/// Parses `FORMAT=PATH` of `--output`.
fn parse_output(text: &str) -> Result<(CiFormat, PathBuf), String> {
    let accepted = CiFormat::ALL.map(CiFormat::as_str).join(", ");
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH with FORMAT one of {accepted}"))?;
    let format = CiFormat::parse(format.trim())
        .ok_or_else(|| format!("unknown format {format:?}: expected one of {accepted}"))?;
    if path.is_empty() {
        return Err(format!("no path after {}=", format.as_str()));
    }
    Ok((format, PathBuf::from(path)))
}

/// Parses `N` or `N%` of `--max-rejected-rows`.
fn parse_row_limit(text: &str) -> Result<RowLimit, String> {
    let text = text.trim();
    if let Some(number) = text.strip_suffix('%') {
        match number.trim().parse::<f64>() {
            Ok(p) if (0.0..=100.0).contains(&p) => Ok(RowLimit::Percent(p)),
            _ => Err(format!(
                "expected a percentage from 0% to 100%, found {text:?}"
            )),
        }
    } else {
        text.parse::<u64>().map(RowLimit::Rows).map_err(|_| {
            format!("expected a row count such as 10 or a percentage such as 5%, found {text:?}")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_flags_name_the_accepted_formats() {
        assert_eq!(
            parse_output("junit=out/j.xml"),
            Ok((CiFormat::Junit, PathBuf::from("out/j.xml")))
        );
        let e = parse_output("xml=out/j.xml").unwrap_err();
        assert!(e.contains("json, junit, sarif, github, markdown"), "{e}");
        assert!(parse_output("junit").unwrap_err().contains("FORMAT=PATH"));
        assert!(parse_output("junit=").is_err());
    }

    #[test]
    fn row_limits_are_counts_or_percentages() {
        assert_eq!(parse_row_limit("5%"), Ok(RowLimit::Percent(5.0)));
        assert_eq!(parse_row_limit("2.5 %"), Ok(RowLimit::Percent(2.5)));
        assert_eq!(parse_row_limit("12"), Ok(RowLimit::Rows(12)));
        assert!(parse_row_limit("150%").is_err());
        assert!(parse_row_limit("-1").is_err());
        assert!(parse_row_limit("lots").is_err());
        assert_eq!(RowLimit::Percent(2.5).to_string(), "2.5%");
    }
}
