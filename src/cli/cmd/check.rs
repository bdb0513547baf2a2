//! `pmo-advisor check`: compile the rules, validate the inputs and evaluate every organization,
//! writing nothing. The analyst's fast loop and the CI gate on pull requests.

use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::args::InputArgs;
use crate::cli::config;
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::load;
use crate::cli::term::Term;
use crate::diag::Diagnostic;
use crate::rules::RuleError;

/// `check` flags.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output format of the result on stdout
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    format: String,
}

/// The JSON document `check --format json` prints.
#[derive(Serialize)]
struct CheckReport<'a> {
    schema_version: u32,
    ok: bool,
    rule_files: Vec<&'a str>,
    organizations: usize,
    respondents: u32,
    findings: &'a [Diagnostic],
    errors: Vec<Diagnostic>,
}

/// Runs the checks.
pub fn check(args: &CheckArgs, term: &Term) -> Result<ExitCode, CliError> {
    let settings = config::resolve(&args.inputs)?;
    let json = args.format == "json";
    let loaded = match load(&settings, term) {
        Ok(loaded) => loaded,
        Err(error) if json => {
            print_json(&CheckReport {
                schema_version: 1,
                ok: false,
                rule_files: Vec::new(),
                organizations: 0,
                respondents: 0,
                findings: &[],
                errors: error.diagnostics(),
            });
            return Ok(error.exit_code());
        }
        Err(error) => return Err(error),
    };
    let organizations: Vec<_> = loaded.surveys.organizations.values().collect();
    let errors: Vec<RuleError> = organizations
        .par_iter()
        .filter_map(|input| loaded.rules.evaluate(input).err())
        .collect();
    let findings = &loaded.surveys.data_quality.findings;
    let code = if !errors.is_empty() {
        ExitCode::Rules
    } else if args.inputs.strict && !findings.is_empty() {
        ExitCode::Data
    } else {
        ExitCode::Ok
    };
    let respondents = organizations.iter().map(|o| o.respondents()).sum();
    if json {
        print_json(&CheckReport {
            schema_version: 1,
            ok: code == ExitCode::Ok,
            rule_files: loaded.rules.scripts().iter().map(|s| s.path.as_str()).collect(),
            organizations: organizations.len(),
            respondents,
            findings,
            errors: errors.iter().map(RuleError::to_diagnostic).collect(),
        });
    } else {
        for error in &errors {
            term.diagnostic(&error.to_diagnostic());
        }
        println!(
            "{}: {} rule file(s), {} organization(s), {} respondent(s), {} finding(s), {} rule error(s)",
            if code == ExitCode::Ok { "ok" } else { "failed" },
            loaded.rules.scripts().len(),
            organizations.len(),
            respondents,
            findings.len(),
            errors.len()
        );
    }
    Ok(code)
}

fn print_json<T: Serialize>(value: &T) {
    // Serializing plain data to a String cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    println!("{text}");
}
