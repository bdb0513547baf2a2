//! `pmo-advisor check`: compile and lint the rules, analyse the decision tables, validate the
//! inputs and evaluate every organization, writing nothing. The analyst's fast loop and the CI
//! gate on pull requests: human text (coloured on a terminal), JSON, SARIF 2.1.0 or GitHub
//! workflow annotations. Exit 3 on any rule error (or lint warning under `--deny-warnings`),
//! 4 on findings under `--strict`, 0 otherwise.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::args::InputArgs;
use crate::cli::config::{self, Settings};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::load;
use crate::cli::term::{write_stdout, Term};
use crate::diag::{render_github, render_location, render_sarif, Diagnostic, Severity};
use crate::rules::{lint, RuleError};

/// `check` flags.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output format on stdout: text (human), json, sarif (SARIF 2.1.0) or github (workflow annotations)
    #[arg(long, value_parser = ["text", "human", "json", "sarif", "github"], default_value = "text")]
    format: String,
    /// Fail (exit code 3) on lint and table warnings too
    #[arg(long)]
    deny_warnings: bool,
}

/// The JSON document `check --format json` prints.
#[derive(Serialize)]
struct CheckReport<'a> {
    schema_version: u32,
    ok: bool,
    rule_files: Vec<&'a str>,
    tables: Vec<String>,
    organizations: usize,
    respondents: u32,
    findings: &'a [Diagnostic],
    /// Every rule, table and lint error.
    errors: Vec<Diagnostic>,
    /// Lint and table warnings (and notes).
    warnings: Vec<Diagnostic>,
}

/// Runs the checks.
pub fn check(args: &CheckArgs, term: &Term) -> Result<ExitCode, CliError> {
    let settings = config::resolve(&args.inputs)?;
    let mut diagnostics = static_checks(&settings);
    // Issue 15 point 8: where the inputs came from. `load` notes them on stderr; the machine
    // formats list them too, so that CI sees an input taken silently from the config. They
    // are about the inputs, not the rules, so `--deny-warnings` does not count them.
    let machine = args.format != "text" && args.format != "human";
    let origins: Vec<Diagnostic> = settings
        .warnings
        .iter()
        .filter(|_| machine)
        .map(|w| w.to_diagnostic(settings.config_file.as_deref()))
        .collect();
    let loaded = match load(&settings, term) {
        Ok(loaded) => Some(loaded),
        Err(CliError::Rules(errors)) => {
            diagnostics.extend(errors.iter().map(RuleError::to_diagnostic));
            None
        }
        Err(error) if machine => {
            diagnostics.extend(error.diagnostics());
            diagnostics.extend(origins);
            let code = error.exit_code();
            print(args, term, &settings, None, &[], dedup(diagnostics), code);
            return Ok(code);
        }
        Err(error) => {
            print_text(term, &dedup(diagnostics), None);
            return Err(error);
        }
    };
    if let Some(loaded) = &loaded {
        let organizations: Vec<_> = loaded.surveys.organizations.values().collect();
        // Fail fast as `run` does: the first rule error stops the organizations not yet begun
        // (`None`), and is reported once with its organization.
        let failed = AtomicBool::new(false);
        let results: Vec<Option<Result<(), RuleError>>> = organizations
            .par_iter()
            .map(|input| {
                if failed.load(Ordering::Relaxed) {
                    return None;
                }
                let result = loaded.rules.evaluate(input).map(drop);
                if result.is_err() {
                    failed.store(true, Ordering::Relaxed);
                }
                Some(result)
            })
            .collect();
        let skipped = results.iter().filter(|r| r.is_none()).count();
        let mut errors = organizations
            .iter()
            .zip(results)
            .filter_map(|(input, r)| Some((input.id.to_string(), r?.err()?)));
        if let Some((id, error)) = errors.next() {
            let not_evaluated = skipped + errors.count();
            diagnostics.push(error.in_organization(&id, not_evaluated).to_diagnostic());
        }
    }
    let mut diagnostics = dedup(diagnostics);
    let findings: &[Diagnostic] = loaded
        .as_ref()
        .map_or(&[], |l| &l.surveys.data_quality.findings);
    let has = |s: Severity| diagnostics.iter().any(|d| d.severity == s);
    let code = if has(Severity::Error) || (args.deny_warnings && has(Severity::Warning)) {
        ExitCode::Rules
    } else if args.inputs.strict && !findings.is_empty() {
        ExitCode::Data
    } else {
        ExitCode::Ok
    };
    diagnostics.extend(origins);
    print(
        args,
        term,
        &settings,
        loaded.as_ref(),
        findings,
        diagnostics,
        code,
    );
    Ok(code)
}

/// `[rules.params]` against the declarations, table analysis, syntax errors of every script
/// and lint, before anything runs.
pub(crate) fn static_checks(settings: &Settings) -> Vec<Diagnostic> {
    let text = settings.rules.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    let shown = trimmed.strip_prefix("./").unwrap_or(trimmed);
    let shown = if shown.is_empty() { "." } else { shown };
    let mut out: Vec<Diagnostic> = config::params::param_errors(settings)
        .iter()
        .map(RuleError::to_diagnostic)
        .collect();
    out.extend(lint::check_rule_set(&settings.rules, shown));
    out
}

/// Drops a diagnostic reported twice (a syntax error found by lint and by the compiler; a
/// runtime error in every organization).
fn dedup(list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    list.into_iter()
        .filter(|d| seen.insert((d.code, render_location(&d.location), d.message.clone())))
        .collect()
}

fn print(
    args: &CheckArgs,
    term: &Term,
    settings: &Settings,
    loaded: Option<&crate::cli::load::Loaded>,
    findings: &[Diagnostic],
    diagnostics: Vec<Diagnostic>,
    code: ExitCode,
) {
    match args.format.as_str() {
        "json" => {
            let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
                .into_iter()
                .partition(|d| d.severity == Severity::Error);
            let organizations = loaded.map_or(0, |l| l.surveys.organizations.len());
            print_json(&CheckReport {
                schema_version: 1,
                ok: code == ExitCode::Ok,
                rule_files: loaded.map_or_else(Vec::new, |l| {
                    l.rules.scripts().iter().map(|s| s.path.as_str()).collect()
                }),
                tables: table_names(settings),
                organizations,
                respondents: loaded.map_or(0, |l| {
                    l.surveys
                        .organizations
                        .values()
                        .map(|o| o.respondents())
                        .sum()
                }),
                findings,
                errors,
                warnings,
            });
        }
        "sarif" => {
            let mut all = diagnostics;
            all.extend(findings.iter().cloned());
            print_json(&render_sarif(
                &all,
                "pmo-advisor",
                env!("CARGO_PKG_VERSION"),
            ));
        }
        "github" => {
            for d in diagnostics.iter().chain(findings) {
                write_stdout(&format!("{}\n", render_github(d)));
            }
        }
        _ => {
            print_text(term, &diagnostics, Some((loaded, findings.len(), code)));
        }
    }
}

/// Human output: diagnostics with code frames on stderr, a one-line summary on stdout.
fn print_text(
    term: &Term,
    diagnostics: &[Diagnostic],
    summary: Option<(Option<&crate::cli::load::Loaded>, usize, ExitCode)>,
) {
    for d in diagnostics {
        term.diagnostic(d);
    }
    let Some((loaded, findings, code)) = summary else {
        return;
    };
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    write_stdout(&format!(
        "{}: {} rule file(s), {} organization(s), {} respondent(s), {} finding(s), {} rule error(s), {} rule warning(s)\n",
        if code == ExitCode::Ok { "ok" } else { "failed" },
        loaded.map_or(0, |l| l.rules.scripts().len()),
        loaded.map_or(0, |l| l.surveys.organizations.len()),
        loaded.map_or(0, |l| l.surveys.organizations.values().map(|o| o.respondents()).sum::<u32>()),
        findings,
        count(Severity::Error),
        count(Severity::Warning),
    ));
}

fn table_names(settings: &Settings) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(settings.rules.join("tables")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

fn print_json<T: Serialize>(value: &T) {
    // Serializing plain data to a String cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    write_stdout(&format!("{text}\n"));
}
