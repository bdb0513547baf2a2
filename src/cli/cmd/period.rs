//! A period's folder under the reports root: its manifest, and whether a run may write it.
//!
//! A period's results are history once written. Re-running with the same fingerprint (inputs,
//! config, rules, limits, options, tool version) would write the same bytes, so it is a no-op
//! that says so; a different fingerprint needs `--force`, and the new manifest then records the
//! fingerprint it replaced. A folder without a manifest is an unfinished run (the manifest is
//! written last) and is simply written over.

use std::path::{Path, PathBuf};

use crate::atomic_file::write_atomic;
use crate::cli::config::Settings;
use crate::cli::error::CliError;
use crate::cli::load::Loaded;
use crate::ingest::results::{list_periods, parse_result};
use crate::model::period::Period;
use crate::model::snapshot::OrgSnapshot;
use crate::report::{render_manifest, Manifest, ReportContext};

/// The manifest's file name in a period folder.
pub const MANIFEST: &str = "manifest.json";

/// What a run does with a period folder.
#[derive(Debug)]
pub enum Decision {
    /// No complete results yet: write them.
    Fresh,
    /// Complete results from the same fingerprint: nothing to do.
    UpToDate,
    /// Complete results from another fingerprint (or with outputs missing), to be replaced.
    Replace {
        /// The manifest being replaced.
        previous: Box<Manifest>,
        /// What differs, for the user.
        changes: Vec<String>,
    },
}

/// Compares the planned manifest (outputs still empty) with what the folder holds.
pub fn decide(period_dir: &Path, planned: &Manifest, force: bool) -> Result<Decision, CliError> {
    let path = period_dir.join(MANIFEST);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        // No folder yet, or a file in its way: writing will say so (exit code 5).
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Decision::Fresh)
        }
        Err(source) => return Err(read_error(&path, source)),
    };
    let previous = Manifest::parse(&bytes).map_err(|message| CliError::History {
        path: display(&path),
        message: format!(
            "not a pmo-advisor manifest ({message}); move the folder away or delete it"
        ),
    })?;
    let changes = planned.fingerprint().differences(&previous.fingerprint());
    if changes.is_empty() {
        let missing = missing_outputs(period_dir, &previous);
        return Ok(if missing.is_empty() {
            Decision::UpToDate
        } else {
            // Same inputs give the same bytes: restoring lost files needs no --force.
            Decision::Replace {
                previous: Box::new(previous),
                changes: missing.iter().map(|m| format!("{m} missing")).collect(),
            }
        });
    }
    if !force {
        return Err(CliError::PeriodExists {
            dir: display(period_dir),
            changes,
        });
    }
    Ok(Decision::Replace {
        previous: Box::new(previous),
        changes,
    })
}

/// Outputs the manifest lists that are gone or have another size.
fn missing_outputs(period_dir: &Path, manifest: &Manifest) -> Vec<String> {
    manifest
        .outputs
        .iter()
        .filter(|f| {
            std::fs::metadata(period_dir.join(&f.path)).map_or(true, |m| m.len() != f.bytes)
        })
        .map(|f| f.path.clone())
        .collect()
}

/// The manifest of a run before anything is written: hashes of every input, catalog, mapping,
/// config and rule file, the limits and the output options. Its fingerprint decides whether
/// the run has anything to do.
pub fn plan_manifest(
    settings: &Settings,
    loaded: &Loaded,
    ctx: &ReportContext<'_>,
    options: &[(&str, String)],
) -> Result<Manifest, CliError> {
    let mut manifest = Manifest::new(ctx.tool_version, ctx.period, ctx.date, ctx.rules_version);
    let inputs = [
        Some(&settings.customers),
        settings.baseline.as_ref(),
        settings.service_maturity.as_ref(),
    ];
    for path in inputs.into_iter().flatten().chain(&settings.mapping_files) {
        manifest.add_input(display(path), &read_for_hash(path)?);
    }
    for path in catalog_files(&settings.catalog)? {
        manifest.add_input(display(&path), &read_for_hash(&path)?);
    }
    if let Some(config) = &settings.config_file {
        manifest.add_config(display(config), &read_for_hash(config)?);
    }
    for (path, bytes) in rule_files(loaded) {
        manifest.add_rule(path, bytes);
    }
    manifest.set_limits(&settings.limits);
    for (key, value) in options {
        manifest.options.insert((*key).to_string(), value.clone());
    }
    Ok(manifest)
}

/// The catalog's CSV files in name order.
fn catalog_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| read_error(dir, source))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    Ok(files)
}

/// Writes the manifest last, so its presence means the period is complete; after a replace,
/// deletes the previous run's outputs that this run did not write again (an organization that
/// left the survey must not keep a stale report beside the new ones).
pub fn finish(
    period_dir: &Path,
    mut manifest: Manifest,
    decision: &Decision,
) -> Result<(), CliError> {
    if let Decision::Replace { previous, .. } = decision {
        for old in &previous.outputs {
            if !manifest.outputs.iter().any(|f| f.path == old.path) {
                let path = period_dir.join(&old.path);
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => {
                        return Err(CliError::Write {
                            path: display(&path),
                            source,
                        })
                    }
                }
            }
        }
        if previous.fingerprint() != manifest.fingerprint() {
            manifest.replaces = Some(Box::new(previous.fingerprint()));
        } else {
            manifest.replaces = previous.replaces.clone();
        }
    }
    let path = period_dir.join(MANIFEST);
    write_atomic(&path, &render_manifest(&manifest)).map_err(|source| CliError::Write {
        path: display(&path),
        source,
    })
}

/// The complete period folders before `period` under the reports root, oldest first: the
/// history a report's trends and "Changes since last period" draw on. A root that cannot be
/// listed has no history (a warning, not an error: this period's report does not need it).
pub fn earlier_period_dirs(root: &Path, period: Period) -> (Vec<PathBuf>, Option<String>) {
    match list_periods(root) {
        Ok(entries) => (
            entries
                .into_iter()
                .filter(|e| e.period < period && e.is_complete())
                .map(|e| e.dir)
                .collect(),
            None,
        ),
        Err(e) => (Vec::new(), Some(format!("no trends: {e}"))),
    }
}

/// One organization's results in the earlier period folders, oldest first (periods it was
/// not part of are skipped), and a warning for each result that could not be read: a damaged
/// old file costs that period's point in the trends, never this period's report.
pub fn earlier_results(dirs: &[PathBuf], id: &str) -> (Vec<OrgSnapshot>, Vec<String>) {
    let mut results = Vec::new();
    let mut warnings = Vec::new();
    for dir in dirs {
        let path = dir.join(format!("{id}.json"));
        match std::fs::read(&path) {
            Ok(bytes) => match parse_result(&bytes, &display(&path)) {
                Ok(snapshot) => results.push(snapshot),
                Err(e) => warnings.push(format!("left out of the trends: {e}")),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => warnings.push(format!("left out of the trends: {}: {e}", display(&path))),
        }
    }
    (results, warnings)
}

/// Re-reads an input for its hash. A file that vanished since ingest read it is an error:
/// the manifest must describe what was actually used.
fn read_for_hash(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| read_error(path, source))
}

fn read_error(path: &Path, source: std::io::Error) -> CliError {
    CliError::Read {
        path: display(path),
        source,
    }
}

/// A path as users wrote it, with `/` separators so manifests compare across machines.
pub fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// Short hash of the rule files (paths and bytes, in evaluation order).
pub fn rules_version(loaded: &Loaded) -> String {
    let mut all = Vec::new();
    for (path, bytes) in rule_files(loaded) {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        all.extend_from_slice(bytes);
        all.push(0);
    }
    crate::report::sha256_hex(&all)[..12].to_string()
}

/// Every file that shapes the decisions: the scripts in evaluation order, then the decision
/// tables by name. Both the rules version and the manifest use this one list, so editing a
/// table changes the version like editing a script does.
fn rule_files(loaded: &Loaded) -> Vec<(&str, &[u8])> {
    let scripts = loaded
        .rules
        .scripts()
        .iter()
        .map(|s| (s.path.as_str(), s.bytes.as_slice()));
    let tables = loaded
        .rules
        .tables()
        .tables
        .values()
        .map(|t| (t.file.as_str(), t.source.as_bytes()));
    scripts.chain(tables).collect()
}
