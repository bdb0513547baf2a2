//! `pmo-advisor history`: the periods under the reports root, oldest first, with what each
//! manifest says (date, tool and rules version, organizations, inputs) and whether the run
//! that wrote it finished. Reads only; the root is found as `run` finds it.

use clap::Args;
use serde::Serialize;

use crate::cli::args::RootArgs;
use crate::cli::cmd::diff::{print_out, results_error};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::Term;
use crate::ingest::results::{list_periods, PeriodEntry};

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
/// complete, date, tool_version, rules_version, organizations[], inputs[] {path, sha256,
/// bytes}, outputs}` (manifest fields null or empty when incomplete).
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
    complete: bool,
    date: Option<String>,
    tool_version: Option<String>,
    rules_version: Option<String>,
    organizations: Vec<String>,
    inputs: Vec<InputJson>,
    outputs: usize,
}

#[derive(Serialize)]
struct InputJson {
    path: String,
    sha256: String,
    bytes: u64,
}

fn period_json(e: &PeriodEntry) -> PeriodJson {
    let m = e.manifest.as_ref();
    PeriodJson {
        period: e.period.to_string(),
        dir: slashes(&e.dir.display().to_string()),
        complete: e.is_complete(),
        date: m.map(|m| m.date.clone()),
        tool_version: m.map(|m| m.tool_version.clone()),
        rules_version: m.map(|m| m.rules_version.clone()),
        organizations: m.map(|m| m.organizations.clone()).unwrap_or_default(),
        inputs: m
            .map(|m| {
                m.inputs
                    .iter()
                    .map(|i| InputJson {
                        path: i.path.clone(),
                        sha256: i.sha256.clone(),
                        bytes: i.bytes,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        outputs: m.map_or(0, |m| m.outputs),
    }
}

/// Paths with `/` separators, so outputs compare across machines.
fn slashes(text: &str) -> String {
    text.replace('\\', "/")
}

/// Runs `history`.
pub fn history(args: &HistoryArgs, _term: &Term) -> Result<ExitCode, CliError> {
    let root = args.root.root()?;
    let periods = list_periods(&root).map_err(results_error)?;
    let root_text = slashes(&root.display().to_string());
    if args.format == "json" {
        let doc = HistoryJson {
            schema_version: HISTORY_SCHEMA_VERSION,
            root: root_text,
            periods: periods.iter().map(period_json).collect(),
        };
        print_out(&crate::report::json::to_pretty_bytes(&doc));
        return Ok(ExitCode::Ok);
    }
    let mut out = String::new();
    if periods.is_empty() {
        out.push_str(&format!("No periods under {root_text}.\n"));
    } else {
        out.push_str(&format!("{} period(s) under {root_text}:\n", periods.len()));
    }
    for e in &periods {
        match &e.manifest {
            Some(m) => out.push_str(&format!(
                "{}  complete    {}  tool {}  rules {}  {} organization(s)  {} input(s)  {} output(s)\n",
                e.period,
                m.date,
                m.tool_version,
                m.rules_version,
                m.organizations.len(),
                m.inputs.len(),
                m.outputs
            )),
            None => out.push_str(&format!(
                "{}  incomplete  no manifest.json: the run that wrote it did not finish\n",
                e.period
            )),
        }
    }
    print_out(out.as_bytes());
    Ok(ExitCode::Ok)
}
