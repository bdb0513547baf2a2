//! `pmo-advisor diff`: what changed between two periods' results (`--base 2026-Q3 --head
//! 2026-Q4`, or two result folders), or, with `--rules-base`, between two versions of the
//! rules on the same inputs (`impact.rs`). Prints human text, JSON or Markdown on stdout;
//! `--fail-on-change KIND[,KIND]` exits 1 when such a change exists.
//!
//! Periods are looked up under the reports root, found as `run` finds it (`--out`, else the
//! config's `[output] dir`). Both sides are read through `history::results`, the same door the
//! current run's results go through, so a value compares equal across runs. Writes no file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::args::InputArgs;
use crate::cli::cmd::impact_replay::results_error;
use crate::cli::config::{self, ConfigError};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::Term;
use crate::history::results::{list_periods, read_period, PeriodResults};
use crate::model::diff::{diff_period, ChangeKind, PeriodDiff};
use crate::model::period::Period;
use crate::report::diff::{render_diff_json, render_diff_markdown, render_diff_text, DiffLabels};

/// `diff` flags.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub(super) inputs: InputArgs,
    /// Older side: a period such as 2026-Q3 or a results folder [default: the period before --head]
    #[arg(long, value_name = "PERIOD|DIR", conflicts_with = "rules_base")]
    base: Option<String>,
    /// Newer side: a period or a results folder [default: the newest period]
    #[arg(long, value_name = "PERIOD|DIR", conflicts_with = "rules_base")]
    head: Option<String>,
    /// Output on stdout: human (text), json or markdown (for a PR comment or step summary)
    #[arg(long, value_parser = ["human", "text", "json", "markdown"], default_value = "human")]
    pub(super) format: String,
    /// Exit with code 1 when a change of these kinds exists (comma-separated, or `any`)
    #[arg(long, value_name = "KIND[,KIND]", value_delimiter = ',')]
    pub(super) fail_on_change: Vec<String>,
    /// Replay the inputs through these rules and through --rules-head: a folder or a git revision
    #[arg(long, value_name = "DIR|REV")]
    pub(super) rules_base: Option<String>,
    /// The rules to compare with --rules-base [default: the configured rules folder]
    #[arg(long, value_name = "DIR", requires = "rules_base")]
    pub(super) rules_head: Option<PathBuf>,
}

/// Runs `diff`.
pub fn diff(args: &DiffArgs, term: &Term) -> Result<ExitCode, CliError> {
    let fail_on = parse_kinds(&args.fail_on_change)?;
    if args.rules_base.is_some() {
        return super::impact::impact(args, &fail_on, term);
    }
    let root = reports_root(&args.inputs)?;
    let (base, head) = sides(&root, args.base.as_deref(), args.head.as_deref())?;
    let diff = diff_period(&base.0.organizations, &head.0.organizations);
    let labels = DiffLabels {
        base: base.1,
        head: head.1,
    };
    print_out(&render(&args.format, &diff, &labels));
    Ok(gate(&diff.kinds(), &fail_on, term))
}

/// The diff in the chosen format.
pub(super) fn render(format: &str, diff: &PeriodDiff, labels: &DiffLabels) -> Vec<u8> {
    match format {
        "json" => render_diff_json(diff, labels),
        "markdown" => render_diff_markdown(diff, labels).into_bytes(),
        _ => render_diff_text(diff, labels).into_bytes(),
    }
}

/// Writes to stdout; a closed stdout (`| head`) is not an error worth reporting.
pub(super) fn print_out(bytes: &[u8]) {
    crate::cli::term::write_stdout(&String::from_utf8_lossy(bytes));
}

/// `--fail-on-change` values → kinds; `any` means every kind.
pub(super) fn parse_kinds(values: &[String]) -> Result<BTreeSet<ChangeKind>, CliError> {
    let mut kinds = BTreeSet::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if value.eq_ignore_ascii_case("any") {
            kinds.extend(ChangeKind::ALL.iter().copied());
            continue;
        }
        let kind = ChangeKind::parse(value)
            .map_err(|e| usage(format!("invalid --fail-on-change: {e}; or `any`")))?;
        kinds.insert(kind);
    }
    Ok(kinds)
}

/// Exit code 1 when a change of a `--fail-on-change` kind is present.
pub(super) fn gate(
    found: &BTreeSet<ChangeKind>,
    fail_on: &BTreeSet<ChangeKind>,
    term: &Term,
) -> ExitCode {
    let hit: Vec<&str> = found.intersection(fail_on).map(|k| k.as_str()).collect();
    if hit.is_empty() {
        ExitCode::Ok
    } else {
        term.note(&format!(
            "changes of kind {} reached --fail-on-change",
            hit.join(", ")
        ));
        ExitCode::Policy
    }
}

/// A usage error (exit code 2).
pub(super) fn usage(message: String) -> CliError {
    CliError::Config(ConfigError::Invalid(message))
}

/// The reports root as `run` resolves it: `--out`, else the config's `[output] dir`, else
/// `reports`.
pub(super) fn reports_root(inputs: &InputArgs) -> Result<PathBuf, CliError> {
    Ok(config::reports_root(
        inputs.config.as_deref(),
        inputs.out.as_deref(),
    )?)
}

/// A side named on the command line: a period under the root, else a results folder at that
/// path.
fn side(root: &Path, arg: &str) -> Result<(PeriodResults, String), CliError> {
    if let Ok(period) = Period::parse(arg) {
        let dir = root.join(period.to_string());
        if dir.is_dir() {
            return Ok((
                read_period(&dir).map_err(results_error)?,
                period.to_string(),
            ));
        }
        if !Path::new(arg).is_dir() {
            let found = found_periods(root)?;
            return Err(usage(format!(
                "no results for {period} under {} (periods found: {found})",
                root.display()
            )));
        }
    }
    let path = Path::new(arg);
    if path.is_dir() {
        return Ok((read_period(path).map_err(results_error)?, arg.to_string()));
    }
    Err(usage(format!(
        "expected a period such as 2026-Q3 or a results folder, found `{arg}`"
    )))
}

fn found_periods(root: &Path) -> Result<String, CliError> {
    let list = list_periods(root).map_err(results_error)?;
    Ok(if list.is_empty() {
        "none".to_string()
    } else {
        list.iter()
            .map(|e| e.period.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

type Side = (PeriodResults, String);

/// Both sides; a missing `--head` is the newest period, a missing `--base` the one before the
/// head.
fn sides(root: &Path, base: Option<&str>, head: Option<&str>) -> Result<(Side, Side), CliError> {
    let head = match head {
        Some(h) => side(root, h)?,
        None => {
            let list = list_periods(root).map_err(results_error)?;
            let newest = list.last().ok_or_else(|| {
                usage(format!(
                    "no periods under {}: run `pmo-advisor run` first, or pass --out DIR",
                    root.display()
                ))
            })?;
            side(root, &newest.period.to_string())?
        }
    };
    let base = match base {
        Some(b) => side(root, b)?,
        None => {
            let head_period = head
                .0
                .period
                .ok_or_else(|| usage("the head has no period: pass --base".to_string()))?;
            let list = list_periods(root).map_err(results_error)?;
            let before = list
                .iter()
                .rev()
                .find(|e| e.period < head_period)
                .ok_or_else(|| {
                    usage(format!(
                        "no period before {head_period} under {}: pass --base",
                        root.display()
                    ))
                })?;
            side(root, &before.period.to_string())?
        }
    };
    Ok((base, head))
}
