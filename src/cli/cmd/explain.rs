//! `pmo-advisor explain --organization ORG [--group G] [--service S]`: runs the rules for one
//! organization and prints the chain of decisions with the inputs and rule locations behind
//! them (text for a business reader, or JSON). Writes no file. Unknown organization, group or
//! service: exit code 2 with the closest valid name.
//!
//! With `--set PATH=VALUE` (repeatable) it is a what-if instead (`what_if.rs`): the
//! organization evaluated with those inputs overridden, and what would change. A flag of
//! `explain`, not a command of its own, because it answers the same question about the same
//! organization ("why this, and what would make it otherwise") with the same input flags.

mod set;
mod what_if;

use clap::Args;

use crate::cli::args::InputArgs;
use crate::cli::config;
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::input_origin::OriginWarning;
use crate::cli::load::load;
use crate::cli::term::{write_stdout, Term};
use crate::diag::closest;
use crate::diag::{Diagnostic, Location, Severity};
use crate::model::customer::CustomerGroup;
use crate::model::service::ServiceKey;
use crate::rules::trace::{explain as build, Focus, Traced};

/// Code of an unknown organization, group or service named on the command line.
const UNKNOWN_NAME: &str = "C020";

/// Code of a `--set` with an unknown path or a value of the wrong type.
const BAD_SET: &str = "C021";

/// `explain` flags (`--organization` comes with the input flags and is required here).
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Only this customer group (key such as `executive`)
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,
    /// Only this service (key such as `portfolio_management`)
    #[arg(long, value_name = "SERVICE")]
    service: Option<String>,
    /// What-if: override an input and show what would change instead of the chain, such as
    /// `baseline.regulatory_intensity=5`, `params.must_cutoff=0.8`, `groups.executive.pm_maturity=3`
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Output format on stdout
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    format: String,
}

/// Runs the explanation.
pub fn explain(args: &ExplainArgs, term: &Term) -> Result<ExitCode, CliError> {
    let Some(organization) = args.inputs.organization.clone() else {
        return Ok(unknown(
            term,
            "`explain` needs `--organization ORG`".into(),
            None,
        ));
    };
    let group = match &args.group {
        None => None,
        Some(g) => match CustomerGroup::parse(g) {
            Ok(g) => Some(g),
            Err(_) => {
                return Ok(unknown(
                    term,
                    format!("unknown customer group `{g}`"),
                    closest(g, CustomerGroup::KEYS),
                ))
            }
        },
    };
    let service = match &args.service {
        None => None,
        Some(s) => match ServiceKey::parse(s) {
            Ok(s) => Some(s),
            Err(_) => {
                return Ok(unknown(
                    term,
                    format!("unknown service `{s}`"),
                    closest(s, ServiceKey::KEYS),
                ))
            }
        },
    };
    let mut settings = config::resolve(&args.inputs)?;
    // Here `--organization` names the organization to explain, not one to assume.
    settings
        .warnings
        .retain(|w| !matches!(w, OriginWarning::IgnoredOrganization(_)));
    let loaded = load(&settings, term)?;
    let orgs = &loaded.surveys.organizations;
    let Some(input) = orgs.values().find(|o| o.id.as_str() == organization) else {
        let ids: Vec<&str> = orgs.values().map(|o| o.id.as_str()).collect();
        let hint = closest(&organization, &ids);
        let mut d = diagnostic(format!("unknown organization `{organization}`"), hint);
        if hint.is_none() {
            d = d.with_hint(format!("organizations in the inputs: {}", ids.join(", ")));
        }
        term.diagnostic(&d);
        return Ok(ExitCode::Usage);
    };
    if !args.set.is_empty() {
        let overrides = match what_if::parse_all(&args.set, &loaded.rules) {
            Ok(o) => o,
            Err(e) => return Ok(bad_set(term, &e)),
        };
        return Ok(
            match what_if::what_if(&settings, &loaded, input, &overrides, args.format == "json")? {
                Ok(()) => ExitCode::Ok,
                Err(e) => bad_set(term, &e),
            },
        );
    }
    if let Some(g) = group {
        if !input.groups.contains_key(&g) {
            term.note(&format!(
                "note: no {} answered for {organization}",
                g.as_str()
            ));
        }
    }
    let (recommendation, log) = loaded
        .rules
        .evaluate_traced(input)
        .map_err(|e| CliError::Rules(vec![e]))?;
    let params = loaded.rules.params();
    let explanation = build(
        &recommendation,
        input,
        &loaded.catalog,
        Focus { group, service },
        Traced {
            log: &log,
            params: &params,
        },
    );
    if args.format == "json" {
        // Serializing plain data to a String cannot fail.
        write_stdout(&(serde_json::to_string_pretty(&explanation).unwrap_or_default() + "\n"));
    } else {
        write_stdout(&explanation.to_text());
    }
    Ok(ExitCode::Ok)
}

fn diagnostic(message: String, closest: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(UNKNOWN_NAME, Severity::Error, message, Location::None);
    match closest {
        Some(best) => d.with_hint(format!("did you mean `{best}`?")),
        None => d,
    }
}

/// A `--set` that cannot be applied: exit code 2, with "did you mean" when a name is close.
fn bad_set(term: &Term, e: &set::SetError) -> ExitCode {
    let mut d = Diagnostic::new(BAD_SET, Severity::Error, e.to_string(), Location::None);
    if let Some(s) = &e.suggestion {
        d = d.with_hint(format!("did you mean `{s}`?"));
    }
    term.diagnostic(&d);
    ExitCode::Usage
}

fn unknown(term: &Term, message: String, closest: Option<&str>) -> ExitCode {
    term.diagnostic(&diagnostic(message, closest));
    ExitCode::Usage
}
