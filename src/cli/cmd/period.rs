//! The manifest a run plans before writing anything: hashes of every input, catalog, mapping,
//! config and rule file, the limits and the output options. Its fingerprint decides, in
//! `history::decision`, whether the run has anything to do.
//!
//! Paths are recorded relative to the config's folder (the working folder without a config),
//! so the same files give the same manifest however `--config` was spelled.

use std::path::{Path, PathBuf};

use crate::cli::config::Settings;
use crate::cli::error::CliError;
use crate::cli::load::Loaded;
use crate::history::fingerprint::{relative_display, rule_files};
use crate::report::{Manifest, ReportContext};

pub use crate::history::{display, MANIFEST};

/// The folder manifest paths are relative to: the config's, else the working folder.
fn manifest_base(settings: &Settings) -> PathBuf {
    settings
        .config_file
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The manifest of a run before anything is written (outputs still empty).
pub fn plan_manifest(
    settings: &Settings,
    loaded: &Loaded,
    ctx: &ReportContext<'_>,
    options: &[(&str, String)],
) -> Result<Manifest, CliError> {
    let cwd = std::env::current_dir().map_err(|source| CliError::Read {
        path: ".".into(),
        source,
    })?;
    let base = manifest_base(settings);
    let name = |path: &Path| relative_display(&base, path, &cwd);
    let mut manifest = Manifest::new(ctx.tool_version, ctx.period, ctx.date, ctx.rules_version);
    let inputs = [
        Some(&settings.customers),
        settings.baseline.as_ref(),
        settings.service_maturity.as_ref(),
        settings.benchmark.as_ref(),
    ];
    let files = inputs.into_iter().flatten();
    for path in files
        .chain(&settings.mapping_files)
        .chain(&settings.font_files)
    {
        manifest.add_input(name(path), &read_for_hash(path)?);
    }
    for path in catalog_files(&settings.catalog)? {
        manifest.add_input(name(&path), &read_for_hash(&path)?);
    }
    if let Some(config) = &settings.config_file {
        manifest.add_config(name(config), &read_for_hash(config)?);
    }
    for (file, bytes) in rule_files(&loaded.rules) {
        manifest.add_rule(name(&settings.rules.join(file)), bytes);
    }
    manifest.set_limits(&settings.limits);
    for (key, value) in options {
        manifest
            .run
            .options
            .insert((*key).to_string(), value.clone());
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

/// Short hash of the rule files (names within the rules folder and bytes).
pub fn rules_version(loaded: &Loaded) -> String {
    crate::history::fingerprint::rules_version(&rule_files(&loaded.rules))
}
