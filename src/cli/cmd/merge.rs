//! `pmo-advisor merge`: joins the period folders that `run --shard K/N` wrote on several CI
//! runners into one period, byte for byte what one unsharded run writes.
//!
//! Nothing is re-evaluated: the shards' files are copied after their hashes are checked
//! against the shards' manifests, the summary is rebuilt from the JSON results, and the
//! manifest is the shards' common one without the `shard` field. Shards made from different
//! inputs, rules or tool versions are refused, as are missing or repeated shards.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Args;

use super::period::{display, MANIFEST};
use crate::cli::args::RootArgs;
use crate::cli::config;
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::Term;
use crate::history::commit::{recover, Recovery, Staging};
use crate::history::decision::{decide, record_replaced, Decision};
use crate::history::lock::RootLock;
use crate::history::results::parse_result;
use crate::report::{
    render_summary_of, sha256_hex, HashedFile, Manifest, Shard, SummaryHeader, SummaryOrg,
};

/// `merge` flags.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// Period folders written by `run --shard K/N`, one per shard, in any order
    #[arg(required = true, value_name = "SHARD_DIR")]
    shards: Vec<PathBuf>,
    /// The reports root the merged period goes to (DIR/<period>/)
    #[command(flatten)]
    root: RootArgs,
    /// Replace the period's results even though they were made from other inputs
    #[arg(long)]
    force: bool,
}

/// One shard's folder and manifest.
struct ShardDir {
    dir: PathBuf,
    manifest: Manifest,
    shard: Shard,
}

/// Checks the shards, copies their files, writes the summary and the manifest.
pub fn merge(args: &MergeArgs, term: &Term) -> Result<ExitCode, CliError> {
    let mut shards = args
        .shards
        .iter()
        .map(|dir| read_shard(dir))
        .collect::<Result<Vec<_>, _>>()?;
    shards.sort_by_key(|s| s.shard.index);
    check_complete(&shards)?;

    let first = &shards[0];
    let mut planned = first.manifest.clone();
    planned.run.shard = None;
    planned.replaces = None;
    planned.outputs.clear();
    let root = args.root.root()?;
    let (_lock, warning) = RootLock::acquire(&root)?;
    if let Some(warning) = warning {
        term.note(&format!("warning: {warning}"));
    }
    let period_dir = root.join(planned.period().to_string());
    if recover(&period_dir)? != Recovery::Clean {
        term.note(&format!(
            "warning: {}: ended the replacement an interrupted run had left half done",
            display(&period_dir)
        ));
    }
    let decision = decide(&period_dir, &planned, args.force)?;
    if let Decision::UpToDate = decision {
        term.note(&format!(
            "{}: up to date (same inputs, config and rules as {}/{MANIFEST}); nothing written",
            planned.period(),
            display(&period_dir)
        ));
        return Ok(ExitCode::Ok);
    }

    let staging = Staging::new(&period_dir)?;
    let mut seen = BTreeSet::new();
    let mut organizations = Vec::new();
    for shard in &shards {
        for file in &shard.manifest.outputs {
            if !seen.insert(file.path.clone()) {
                return Err(history(
                    &shard.dir,
                    format!("{} is also in another shard", file.path),
                ));
            }
            let source = shard.dir.join(&file.path);
            let bytes = std::fs::read(&source).map_err(|source_err| CliError::Read {
                path: display(&source),
                source: source_err,
            })?;
            if sha256_hex(&bytes) != file.sha256 {
                return Err(history(
                    &source,
                    "differs from the hash its shard's manifest records; re-run that shard".into(),
                ));
            }
            // Top-level JSON files are the organizations' results (briefs sit in subfolders).
            if !file.path.contains('/') && file.path.ends_with(".json") {
                let result =
                    parse_result(&bytes, &display(&source)).map_err(|e| CliError::History {
                        path: display(&source),
                        message: e.to_string(),
                    })?;
                organizations.push(SummaryOrg::from_snapshot(&result));
            }
            staging.write(&file.path, &bytes)?;
            planned.outputs.push(file.clone());
        }
    }
    organizations.sort_by(|a, b| a.id.cmp(&b.id));
    let header = SummaryHeader {
        period: planned.period(),
        rules_version: planned.run.rules_version.clone(),
        tool_version: planned.run.tool_version.clone(),
        date: planned.run.date.clone(),
    };
    let summary = render_summary_of(&header, &organizations);
    staging.write("summary.md", summary.as_bytes())?;
    planned
        .outputs
        .push(HashedFile::new("summary.md", summary.as_bytes()));
    if let Decision::Replace { previous, .. } = &decision {
        staging.keep_unlisted(previous)?;
    }
    record_replaced(&mut planned, &decision);
    if let Some(warning) = staging.commit(&mut planned)? {
        term.note(&format!("warning: {warning}"));
    }
    term.note(&format!(
        "merged {} shard(s), {} organization(s) into {}",
        shards.len(),
        organizations.len(),
        display(&period_dir)
    ));
    Ok(ExitCode::Ok)
}

fn read_shard(dir: &Path) -> Result<ShardDir, CliError> {
    let path = dir.join(MANIFEST);
    let bytes = std::fs::read(&path).map_err(|source| CliError::Read {
        path: display(&path),
        source,
    })?;
    let manifest = Manifest::parse(&bytes)
        .map_err(|e| history(&path, format!("not a pmo-advisor manifest ({e})")))?;
    let shard = manifest.run.shard.ok_or_else(|| {
        history(
            &path,
            "not a shard: merge joins the folders that `run --shard K/N` writes".into(),
        )
    })?;
    Ok(ShardDir {
        dir: dir.to_path_buf(),
        manifest,
        shard,
    })
}

/// Every shard 1..=N exactly once, all of the same N and the same fingerprint.
fn check_complete(shards: &[ShardDir]) -> Result<(), CliError> {
    let first = &shards[0];
    let count = first.shard.count;
    let common = |s: &ShardDir| {
        let mut fingerprint = s.manifest.fingerprint();
        fingerprint.shard = None;
        fingerprint
    };
    for s in shards {
        if s.shard.count != count {
            return Err(history(
                &s.dir,
                format!(
                    "is shard {}/{} but {} is shard {}/{}: all shards must split the same way",
                    s.shard.index,
                    s.shard.count,
                    display(&first.dir),
                    first.shard.index,
                    count
                ),
            ));
        }
        let changes = common(s).differences(&common(first));
        if !changes.is_empty() {
            return Err(history(
                &s.dir,
                format!(
                    "was made from other inputs than {} ({}): re-run the shards from one commit",
                    display(&first.dir),
                    changes.join(", ")
                ),
            ));
        }
    }
    for pair in shards.windows(2) {
        if pair[0].shard.index == pair[1].shard.index {
            return Err(history(
                &pair[1].dir,
                format!(
                    "shard {}/{count} is given twice (also {})",
                    pair[1].shard.index,
                    display(&pair[0].dir)
                ),
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|i| !shards.iter().any(|s| s.shard.index == *i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(CliError::Config(config::ConfigError::ShardsMissing {
            missing,
        }));
    }
    Ok(())
}

fn history(path: &Path, message: String) -> CliError {
    CliError::History {
        path: display(path),
        message,
    }
}
