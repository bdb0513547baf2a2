//! `pmo-advisor history`: the periods under the reports root, oldest first, with what each
//! manifest says (date, tool and rules version, organizations, inputs), whether the run that
//! wrote it finished, and whether the folder still matches its manifest: every listed
//! output's hash is checked, and changed, missing and unlisted files are reported (exit code
//! 4 when any period is damaged). Reads only; the root is found as `run` finds it.

use clap::Args;
use serde::Serialize;

use crate::cli::args::RootArgs;
use crate::cli::cmd::diff::print_out;
use crate::cli::cmd::impact_replay::results_error;
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::Term;
use crate::history::commit::interrupted;
use crate::history::display;
use crate::history::results::{list_periods, organizations, ManifestState, PeriodEntry};
use crate::history::verify::{verify_period, Damage};

/// Version of the `history --format json` layout.
const HISTORY_SCHEMA_VERSION: u32 = 1;

/// `history` flags.
#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    root: RootArgs,
    /// Output on stdout: human (text) or json
    #[arg(long, value_parser = ["human", "text", "json"], default_value = "human")]
    format: String,
}

/// `history --format json`: `{schema_version, root, periods[]}`, each period `{period, dir,
/// status, complete, date, tool_version, rules_version, organizations[], inputs[] {path,
/// sha256, bytes}, outputs, changed[], missing[], unlisted[], problem}` (manifest fields null
/// or empty when incomplete or damaged).
#[derive(Serialize)]
struct HistoryJson {
    schema_version: u32,
    root: String,
    periods: Vec<PeriodJson>,
}

#[derive(Serialize)]
struct PeriodJson {
    period: String,
    dir: String,
    status: &'static str,
    complete: bool,
    date: Option<String>,
    tool_version: Option<String>,
    rules_version: Option<String>,
    organizations: Vec<String>,
    inputs: Vec<crate::report::HashedFile>,
    outputs: usize,
    changed: Vec<String>,
    missing: Vec<String>,
    unlisted: Vec<String>,
    problem: Option<String>,
}

/// A period folder as `history` judges it.
struct Checked {
    entry: PeriodEntry,
    damage: Damage,
    problem: Option<String>,
}

impl Checked {
    fn status(&self) -> &'static str {
        match &self.entry.manifest {
            ManifestState::Missing => "incomplete",
            ManifestState::Damaged(_) => "damaged",
            ManifestState::Read(_) if self.problem.is_some() || !self.damage.is_empty() => {
                "damaged"
            }
            ManifestState::Read(_) => "complete",
        }
    }
}

fn check(entry: PeriodEntry) -> Checked {
    let (damage, problem) = match &entry.manifest {
        ManifestState::Read(m) => match verify_period(&entry.dir, m) {
            Ok(damage) => (damage, None),
            Err(e) => (Damage::default(), Some(e.to_string())),
        },
        ManifestState::Damaged(why) => (Damage::default(), Some(why.clone())),
        ManifestState::Missing => (Damage::default(), None),
    };
    Checked {
        entry,
        damage,
        problem,
    }
}

fn period_json(c: &Checked) -> PeriodJson {
    let e = &c.entry;
    let m = e.manifest();
    PeriodJson {
        period: e.period.to_string(),
        dir: display(&e.dir),
        status: c.status(),
        complete: e.is_complete(),
        date: m.map(|m| m.run.date.clone()),
        tool_version: m.map(|m| m.run.tool_version.clone()),
        rules_version: m.map(|m| m.run.rules_version.clone()),
        organizations: m.map(organizations).unwrap_or_default(),
        inputs: m
            .map(|m| {
                let mut inputs = m.run.inputs.clone();
                inputs.sort();
                inputs
            })
            .unwrap_or_default(),
        outputs: m.map_or(0, |m| m.outputs.len()),
        changed: c.damage.changed.clone(),
        missing: c.damage.missing.clone(),
        unlisted: c.damage.unlisted.clone(),
        problem: c.problem.clone(),
    }
}

fn period_line(c: &Checked) -> String {
    let e = &c.entry;
    match (e.manifest(), &c.problem) {
        (Some(m), None) => {
            let mut line = format!(
                "{}  {:<10}  {}  tool {}  rules {}  {} organization(s)  {} input(s)  {} output(s)",
                e.period,
                c.status(),
                m.run.date,
                m.run.tool_version,
                m.run.rules_version,
                organizations(m).len(),
                m.run.inputs.len(),
                m.outputs.len()
            );
            if !c.damage.is_empty() {
                line.push_str(&format!(
                    "\n         does not match its manifest: {}",
                    c.damage.describe()
                ));
            }
            line
        }
        (_, Some(problem)) => format!("{}  damaged     {problem}", e.period),
        (None, None) => format!(
            "{}  incomplete  no manifest.json: the run that wrote it did not finish",
            e.period
        ),
    }
}

/// Runs `history`.
pub fn history(args: &HistoryArgs, term: &Term) -> Result<ExitCode, CliError> {
    let root = args.root.root()?;
    let periods: Vec<Checked> = list_periods(&root)
        .map_err(results_error)?
        .into_iter()
        .map(check)
        .collect();
    for c in &periods {
        for leftover in interrupted(&c.entry.dir) {
            term.note(&format!(
                "warning: {}: an interrupted run left {}; the next `run` completes or rolls it back",
                c.entry.period,
                display(&leftover)
            ));
        }
    }
    let root_text = display(&root);
    let damaged = periods.iter().filter(|c| c.status() == "damaged").count();
    if args.format == "json" {
        let doc = HistoryJson {
            schema_version: HISTORY_SCHEMA_VERSION,
            root: root_text,
            periods: periods.iter().map(period_json).collect(),
        };
        print_out(&crate::report::json::to_pretty_bytes(&doc));
    } else {
        let mut out = String::new();
        if periods.is_empty() {
            out.push_str(&format!("No periods under {root_text}.\n"));
        } else {
            out.push_str(&format!("{} period(s) under {root_text}:\n", periods.len()));
        }
        for c in &periods {
            out.push_str(&period_line(c));
            out.push('\n');
        }
        print_out(out.as_bytes());
    }
    if damaged == 0 {
        return Ok(ExitCode::Ok);
    }
    term.note(&format!(
        "error: {damaged} period(s) do not match their manifest; `run --force --period P` rewrites one"
    ));
    Ok(ExitCode::Data)
}
