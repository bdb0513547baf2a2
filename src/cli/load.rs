//! Shared by `run` and `check`: settings → catalog → rules → surveys, with findings printed.

use std::sync::Arc;

use crate::cli::config::Settings;
use crate::cli::error::CliError;
use crate::cli::term::{Term, Verbosity};
use crate::ingest;
use crate::model::catalog::Catalog;
use crate::model::survey_set::SurveySet;
use crate::rules::RuleSet;

/// How many findings are printed before "… and N more" when not verbose.
const FINDINGS_SHOWN: usize = 10;

/// The inputs of a run, loaded and checked.
pub struct Loaded {
    /// The catalog.
    pub catalog: Arc<Catalog>,
    /// Compiled rules.
    pub rules: RuleSet,
    /// Survey aggregates and findings.
    pub surveys: SurveySet,
}

/// Loads everything; rule compile errors of every script are reported together.
pub fn load(settings: &Settings, term: &Term) -> Result<Loaded, CliError> {
    load_with(settings, term, false)
}

/// `load`, with the comments and quotes of the customers file kept in a temporary file while
/// it is read when `store_texts` (`run`, which loads each organization's before its report):
/// they were the largest part of the memory every organization holds until the file ends.
pub fn load_with(settings: &Settings, term: &Term, store_texts: bool) -> Result<Loaded, CliError> {
    if let Some(file) = &settings.config_file {
        term.note(&format!("config: {}", file.display()));
    }
    for warning in &settings.warnings {
        term.note(&format!("warning: {warning}"));
    }
    let catalog = Arc::new(ingest::read_catalog(&settings.catalog).map_err(CliError::Catalog)?);
    // `[rules.params]` at the config's own lines, before the rules load (which would name
    // the same problems without a position).
    let param_errors = crate::cli::config::params::param_errors(settings);
    if !param_errors.is_empty() {
        return Err(CliError::Rules(param_errors));
    }
    let rules = RuleSet::load(
        &settings.rules,
        Arc::clone(&catalog),
        settings.rule_settings(),
    )
    .map_err(CliError::Rules)?;
    let options = ingest::IngestOptions {
        store_texts,
        ..settings.ingest_options()
    };
    let mut surveys =
        ingest::read_surveys(&settings.sources(), &catalog, &options).map_err(CliError::Ingest)?;
    if let Some(path) = &settings.benchmark {
        let benchmark = Arc::new(ingest::read_benchmark(path).map_err(CliError::Ingest)?);
        for input in surveys.organizations.values_mut() {
            input.benchmark = Some(Arc::clone(&benchmark));
        }
    }
    print_findings(&surveys, term);
    Ok(Loaded {
        catalog,
        rules,
        surveys,
    })
}

/// Prints the findings (all when verbose, the first few otherwise) and the row counts.
fn print_findings(surveys: &SurveySet, term: &Term) {
    let findings = &surveys.data_quality.findings;
    if term.verbosity == Verbosity::Quiet {
        return;
    }
    let shown = if term.verbosity == Verbosity::Verbose {
        findings.len()
    } else {
        FINDINGS_SHOWN
    };
    for finding in findings.iter().take(shown) {
        term.diagnostic(finding);
    }
    if findings.len() > shown {
        term.line(&format!(
            "… and {} more finding(s); --verbose lists them all, and every report's data-quality appendix has them",
            findings.len() - shown
        ));
    }
    for source in &surveys.data_quality.sources {
        term.line(&format!(
            "{}: {} row(s) read, {} used, {} rejected",
            source.file, source.rows_read, source.rows_used, source.rows_rejected
        ));
    }
}
