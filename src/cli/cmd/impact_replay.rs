//! One side of `diff --rules-base`: the inputs replayed through one version of the rules, with
//! what the impact compares besides the results: the params as that side's engine received
//! them and the decision-table rows each organization matched. Also the base's own config
//! params, when the base is a git revision whose tree holds the config file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use rayon::prelude::*;
use serde::Deserialize;

use crate::cli::args::InputArgs;
use crate::cli::cmd::period::rules_version;
use crate::cli::config::{self, ConfigError, Settings};
use crate::cli::error::CliError;
use crate::cli::load::load;
use crate::cli::term::Term;
use crate::diag::Location;
use crate::history::results::{parse_result, ResultsError};
use crate::ingest::IngestError;
use crate::model::catalog::Catalog;
use crate::model::diff::impact::{ParamChange, RowSide, RuleFileChange, TableRowChange};
use crate::model::period::ReportDate;
use crate::model::recommendation::Recommendation;
use crate::model::snapshot::OrgSnapshot;
use crate::model::survey::OrganizationInput;
use crate::report::{render_json, ReportContext};
use crate::rules::RuleError;

/// One side's results.
pub struct Replay {
    /// Each organization's snapshot and recommendation, in id order.
    pub orgs: Vec<(OrgSnapshot, Recommendation)>,
    /// Per organization, the table rows matched (file as shown, line).
    pub rows: BTreeMap<String, BTreeSet<(String, u32)>>,
    /// The params as the engine received them.
    pub params: BTreeMap<String, f64>,
}

impl Replay {
    /// The snapshots, in id order.
    pub fn snapshots(&self) -> Vec<OrgSnapshot> {
        self.orgs.iter().map(|(s, _)| s.clone()).collect()
    }

    /// The recommendations by organization id.
    pub fn recommendations(&self) -> BTreeMap<String, Recommendation> {
        self.orgs
            .iter()
            .map(|(s, r)| (s.id.clone(), r.clone()))
            .collect()
    }
}

/// Each organization's snapshot (through the JSON renderer and back), recommendation and table
/// rows under the rules in `rules`; `params`, when given, replaces the config's.
pub fn replay(
    args: &InputArgs,
    rules: &Path,
    term: &Term,
    params: Option<BTreeMap<String, f64>>,
) -> Result<Replay, CliError> {
    let mut inputs = args.clone();
    inputs.rules = Some(rules.to_path_buf());
    let mut settings = config::resolve(&inputs)?;
    if let Some(params) = params {
        settings.params = params;
    }
    let loaded = load(&settings, term)?;
    // Once per replay, not per organization.
    let rules_version = rules_version(&loaded.rules);
    // Every core: each organization's replay depends on it alone, and the results come back
    // in id order whatever the thread count (issue 16).
    let results: Vec<Result<_, Result<CliError, RuleError>>> = loaded
        .surveys
        .organizations
        .as_slice()
        .par_iter()
        .map(|input| {
            let (rec, log) = loaded.rules.evaluate_traced(input).map_err(Err)?;
            let snapshot =
                snapshot(&settings, &loaded.catalog, &rules_version, input, &rec).map_err(Ok)?;
            Ok((snapshot, rec, log))
        })
        .collect();
    let mut orgs = Vec::new();
    let mut rows = BTreeMap::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((snapshot, rec, log)) => {
                let matched = log.tables.into_iter().map(|t| (t.file, t.line)).collect();
                rows.insert(snapshot.id.clone(), matched);
                orgs.push((snapshot, rec));
            }
            Err(Err(e)) => errors.push(e),
            Err(Ok(e)) => return Err(e),
        }
    }
    if !errors.is_empty() {
        return Err(CliError::Rules(errors));
    }
    orgs.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    Ok(Replay {
        orgs,
        rows,
        params: loaded.rules.params(),
    })
}

/// One organization's result as `diff` reads it: rendered to its JSON result and read back
/// (the same door as history), so every comparison is the one `diff` makes between periods.
pub(crate) fn snapshot(
    settings: &Settings,
    catalog: &Catalog,
    rules_version: &str,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<OrgSnapshot, CliError> {
    let ctx = ReportContext {
        catalog,
        period: settings.period,
        date: ReportDate {
            epoch_seconds: settings.period.end_epoch_seconds(),
        },
        rules_version,
        tool_version: env!("CARGO_PKG_VERSION"),
        paper: settings.paper,
        fte_cost: settings.fte_cost.as_ref(),
    };
    let json = render_json(&ctx, input, rec);
    parse_result(&json, &format!("{}.json", input.id)).map_err(results_error)
}

/// A result that cannot be read back: an input data error (exit code 4) naming the file.
pub(crate) fn results_error(e: ResultsError) -> CliError {
    CliError::Ingest(match e {
        ResultsError::Read { file, source } => IngestError::Read { file, source },
        ResultsError::Syntax {
            file,
            line,
            column,
            message,
        } => IngestError::invalid(
            "I140",
            format!("line {line}, column {column}: not valid JSON: {message}"),
            Location::File { file },
        ),
        ResultsError::Field {
            file,
            field,
            message,
        } => IngestError::invalid(
            "I141",
            format!("`{field}`: {message}"),
            Location::File { file },
        ),
        ResultsError::Damaged { file, message } => IngestError::invalid(
            "I143",
            format!("{message}; `pmo-advisor history` lists the damage, `run --force` rewrites the period"),
            Location::File { file },
        ),
        ResultsError::Duplicate { file, id } => IngestError::invalid(
            "I142",
            format!("organization `{id}` has two results"),
            Location::File { file },
        ),
    })
}

/// A usage error (exit code 2).
fn usage(message: String) -> CliError {
    CliError::Config(ConfigError::Invalid(message))
}

/// The part of a config file the base side needs.
#[derive(Deserialize, Default)]
struct BaseConfig {
    #[serde(default)]
    rules: BaseRules,
}

#[derive(Deserialize, Default)]
struct BaseRules {
    #[serde(default)]
    params: BTreeMap<String, f64>,
}

/// The `[rules.params]` of the config file as it is in revision `rev`, when the working config
/// file is tracked there; `None` otherwise (both sides then read the working config).
pub fn base_config_params(
    rev: &str,
    inputs: &InputArgs,
) -> Result<Option<BTreeMap<String, f64>>, CliError> {
    let Some(file) = config::resolve(inputs)?.config_file else {
        return Ok(None);
    };
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = file.file_name() else {
        return Ok(None);
    };
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:./{}", name.to_string_lossy()))
        .output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let config: BaseConfig = toml::from_str(&text).map_err(|e| {
        usage(format!(
            "--rules-base `{rev}`: the config file {} in that revision cannot be read: {}",
            file.display(),
            e.message()
        ))
    })?;
    Ok(Some(config.rules.params))
}

/// Params whose value differs between the sides, by name.
pub fn param_changes(
    base: &BTreeMap<String, f64>,
    head: &BTreeMap<String, f64>,
) -> Vec<ParamChange> {
    let names: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (b, h) = (base.get(name).copied(), head.get(name).copied());
            (b != h).then(|| ParamChange {
                name: name.clone(),
                base: b,
                head: h,
            })
        })
        .collect()
}

/// The folders as rule locations show them, and the files that differ.
pub struct RowContext<'a> {
    /// The base folder as shown.
    pub base_display: &'a str,
    /// The head folder as shown.
    pub head_display: &'a str,
    /// Rule files that differ.
    pub files: &'a [RuleFileChange],
}

/// For each changed organization, the table rows matched on one side only or whose line
/// changed.
pub fn table_row_changes(
    base: &Replay,
    head: &Replay,
    changed: &BTreeSet<&str>,
    ctx: &RowContext<'_>,
) -> Vec<TableRowChange> {
    let relative =
        |rows: Option<&BTreeSet<(String, u32)>>, display: &str| -> BTreeSet<(String, u32)> {
            let prefix = format!("{display}/");
            rows.into_iter()
                .flatten()
                .map(|(f, l)| (f.strip_prefix(&prefix).unwrap_or(f).to_string(), *l))
                .collect()
        };
    let line_changed = |file: &str, line: u32, base_side: bool| {
        ctx.files.iter().any(|f| {
            f.file == file
                && if base_side {
                    &f.base_lines
                } else {
                    &f.head_lines
                }
                .contains(&line)
        })
    };
    let mut out = Vec::new();
    for org in changed {
        let b = relative(base.rows.get(*org), ctx.base_display);
        let h = relative(head.rows.get(*org), ctx.head_display);
        let mut push = |(file, line): &(String, u32), side: RowSide, changed: bool| {
            out.push(TableRowChange {
                organization: org.to_string(),
                file: file.clone(),
                line: *line,
                side,
                changed,
            })
        };
        for row in b.difference(&h) {
            push(row, RowSide::Base, line_changed(&row.0, row.1, true));
        }
        for row in h.difference(&b) {
            push(row, RowSide::Head, line_changed(&row.0, row.1, false));
        }
        for row in h.intersection(&b) {
            if line_changed(&row.0, row.1, false) {
                push(row, RowSide::Both, true);
            }
        }
    }
    out.sort();
    out
}
