//! `pmo-advisor test`: run the rule test cases of `rules/tests/*.toml`, optionally with coverage.
//!
//! Reads and parses the test files (TOML here, the cases themselves live in
//! `rules::cases`), ingests fixture files, runs every case in isolation and prints the results
//! in the chosen format. Exit codes: 0 all passed, 1 a case failed, errored or no case ran, or
//! coverage is below `--min-coverage`; 2 a test file is invalid; 3 the rules do not compile.
//! It never writes files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use crate::cli::args::InputArgs;
use crate::cli::cmd::test_format::{self, Totals};
use crate::cli::config::{self, ConfigError, Settings};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::{Term, Verbosity};
use crate::ingest::{self, IngestOptions, Sources};
use crate::model::catalog::Catalog;
use crate::model::organization::OrganizationId;
use crate::model::survey::OrganizationInput;
use crate::rules::cases::{self, CaseResult, FixtureFiles, LoadedCase, Runner};
use crate::rules::coverage::{Collector, CoverageReport};
use crate::rules::{RuleSet, RuleSettings};

/// `test` flags.
#[derive(Debug, Clone, Args)]
pub struct TestArgs {
    /// Test files or folders of `*.toml` files [default: <rules>/tests]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Run only the cases whose file or name contains this text
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Output format on stdout
    #[arg(long, value_parser = ["human", "json", "junit", "tap"], default_value = "human")]
    pub format: String,
    /// Print which rule functions and branches ran (per file, function and branch)
    #[arg(long)]
    pub coverage: bool,
    /// Fail (exit 1) when functions and branches covered are below PERCENT (implies --coverage)
    #[arg(long, value_name = "PERCENT")]
    pub min_coverage: Option<f64>,
    /// Also evaluate the configured survey data, so coverage counts the real dataset too
    #[arg(long)]
    pub data: bool,
    /// Re-run on every save of rules, tests, tables, config or data
    #[arg(long)]
    pub watch: bool,
    /// Stop watching after N runs (for tests)
    #[arg(long, hide = true, value_name = "N")]
    pub max_iterations: Option<u32>,
}

/// One run's results, for `--watch` diffs.
pub struct Outcome {
    /// Exit code of the run.
    pub code: ExitCode,
    /// Each case's result.
    pub results: Vec<CaseResult>,
}

/// Runs the tests (or watches).
pub fn test(args: &TestArgs, term: &Term) -> Result<ExitCode, CliError> {
    if args.watch {
        return crate::cli::cmd::watch::watch_test(args, term);
    }
    run_once(args, term).map(|o| o.code)
}

/// The settings: the config when there is one; `test` needs no period or survey unless `--data`.
pub fn settings_for(args: &TestArgs) -> Result<Settings, CliError> {
    match config::resolve(&args.inputs) {
        Err(ConfigError::NoPeriod | ConfigError::NoCustomers) => {
            let mut inputs = args.inputs.clone();
            // Placeholders: the tests never read them (and `--data` reports the missing file).
            inputs.period.get_or_insert_with(|| "2000-Q1".into());
            inputs
                .customers
                .get_or_insert_with(|| PathBuf::from("(no customer survey configured)"));
            Ok(config::resolve(&inputs)?)
        }
        other => Ok(other?),
    }
}

/// The test files named (folders give their `*.toml` files, sorted), or `<rules>/tests`.
pub fn test_files(args: &TestArgs, settings: &Settings) -> Vec<PathBuf> {
    let roots = if args.paths.is_empty() {
        vec![settings.rules.join("tests")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
                .map(|entries| entries.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            found.retain(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file());
            found.sort();
            files.extend(found);
        } else {
            files.push(root);
        }
    }
    files
}

/// Reads and expands every test file; the first invalid file is a usage error.
fn read_cases(files: &[PathBuf]) -> Result<Vec<LoadedCase>, CliError> {
    let mut all = Vec::new();
    for path in files {
        let shown = path.display().to_string().replace('\\', "/");
        let invalid = |m: String| CliError::Config(ConfigError::Invalid(m));
        let text = std::fs::read_to_string(path)
            .map_err(|e| invalid(format!("cannot read test file {shown}: {e}")))?;
        let doc: toml::Value = toml::from_str(&text)
            .map_err(|e| invalid(format!("invalid test file {shown}: {e}")))?;
        let json = serde_json::to_value(doc).map_err(|e| invalid(format!("{shown}: {e}")))?;
        // A case that does not deserialize is read again with toml for its line and column.
        let parsed = cases::parse_cases(&shown, json)
            .map_err(|e| invalid(super::test_file::located_error(&text, &shown).unwrap_or(e)))?;
        all.extend(parsed);
    }
    Ok(all)
}

/// Ingests a case's fixture files (relative to its test file) and picks its organization.
fn fixture(
    lc: &LoadedCase,
    files: &FixtureFiles,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<OrganizationInput, String> {
    let base = Path::new(&lc.file).parent().unwrap_or(Path::new(""));
    let sources = Sources {
        customers: base.join(&files.customers),
        baseline: files.baseline.as_ref().map(|b| base.join(b)),
        service_maturity: files.service_maturity.as_ref().map(|s| base.join(s)),
    };
    let options = IngestOptions {
        group_aliases: settings.group_aliases.clone(),
        ..IngestOptions::default()
    };
    let surveys = ingest::read_surveys(&sources, catalog, &options).map_err(|e| e.to_string())?;
    let id = OrganizationId::new(&files.organization)?;
    surveys.organizations.get(&id).cloned().ok_or_else(|| {
        let known: Vec<&str> = surveys.organizations.keys().map(|o| o.as_str()).collect();
        format!(
            "the fixture files hold no organization `{id}` (they hold: {})",
            known.join(", ")
        )
    })
}

/// One run of the suite: results printed, exit code decided.
pub fn run_once(args: &TestArgs, term: &Term) -> Result<Outcome, CliError> {
    let settings = settings_for(args)?;
    let catalog = Arc::new(ingest::read_catalog(&settings.catalog).map_err(CliError::Catalog)?);
    let want_coverage = args.coverage || args.min_coverage.is_some();
    let collector = want_coverage.then(Collector::new);
    // Cases state their own params and weights; the config's limits still apply.
    let base = RuleSettings {
        limits: settings.limits,
        ..RuleSettings::default()
    };
    let mut runner = Runner::new(
        &settings.rules,
        Arc::clone(&catalog),
        base,
        collector.clone(),
    );
    runner.check_compiles().map_err(CliError::Rules)?;

    let mut cases = read_cases(&test_files(args, &settings))?;
    if let Some(filter) = &args.filter {
        cases.retain(|c| c.case.name.contains(filter.as_str()) || c.file.contains(filter.as_str()));
    }
    let results: Vec<CaseResult> = cases
        .iter()
        .map(|lc| match &lc.case.files {
            None => runner.run(lc, None),
            Some(files) => match fixture(lc, files, &catalog, &settings) {
                Ok(input) => runner.run(lc, Some(input)),
                Err(message) => CaseResult {
                    file: lc.file.clone(),
                    name: lc.case.name.clone(),
                    status: cases::Status::Error {
                        message: format!("fixture: {message}"),
                    },
                },
            },
        })
        .collect();

    let mut coverage = None;
    if let Some(collector) = &collector {
        coverage = if args.data {
            Some(data_coverage(&settings, &catalog, collector, term)?)
        } else {
            runner.coverage()
        };
    }
    print_results(args, term, &results, coverage.as_ref());

    let totals = Totals::of(&results);
    let mut code = ExitCode::Ok;
    if totals.total() == 0 {
        term.line("error: no test case ran (add [[case]] entries to rules/tests/*.toml, or check --filter)");
        code = ExitCode::Policy;
    } else if totals.failed + totals.errors > 0 {
        code = ExitCode::Policy;
    }
    if let (Some(min), Some(report)) = (args.min_coverage, &coverage) {
        let percent = report.total().percent();
        if percent + 1e-9 < min {
            term.line(&format!(
                "error: rule coverage {percent:.1}% is below --min-coverage {min}%"
            ));
            code = ExitCode::Policy;
        }
    }
    Ok(Outcome { code, results })
}

/// Evaluates every organization of the configured data with coverage on, then reports the
/// coverage of cases and data together.
fn data_coverage(
    settings: &Settings,
    catalog: &Arc<Catalog>,
    collector: &Arc<Collector>,
    term: &Term,
) -> Result<CoverageReport, CliError> {
    let rules = RuleSet::load_with(
        &settings.rules,
        Arc::clone(catalog),
        settings.rule_settings(),
        Some(collector),
    )
    .map_err(CliError::Rules)?;
    let surveys = ingest::read_surveys(&settings.sources(), catalog, &settings.ingest_options())
        .map_err(CliError::Ingest)?;
    let errors: Vec<_> = surveys
        .organizations
        .values()
        .filter_map(|o| rules.evaluate(o).err())
        .collect();
    if !errors.is_empty() {
        return Err(CliError::Rules(errors));
    }
    term.note(&format!(
        "coverage includes {} organization(s) of the configured data",
        surveys.organizations.len()
    ));
    Ok(collector.report(&rules, &settings.rules))
}

fn print_results(
    args: &TestArgs,
    term: &Term,
    results: &[CaseResult],
    coverage: Option<&CoverageReport>,
) {
    use std::io::Write;
    let text = match args.format.as_str() {
        "json" => test_format::json(results, coverage),
        "junit" => test_format::junit(results),
        "tap" => test_format::tap(results),
        _ => test_format::human(results, term.verbosity == Verbosity::Verbose),
    };
    let mut out = std::io::stdout().lock();
    // A closed stdout (`| head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes());
    if let Some(report) = coverage {
        let rendered = report.render(false);
        match args.format.as_str() {
            "human" => {
                let _ = out.write_all(rendered.as_bytes());
            }
            "json" => {}
            // Machine formats keep stdout parseable: coverage goes to stderr.
            _ => term.line(rendered.trim_end()),
        }
    }
}
