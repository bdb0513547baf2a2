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
use crate::model::survey::InputHash;
use crate::report::{HashedFile, Manifest, ReportContext};
use crate::rules::RuleSet;

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
    let hashes = &loaded.surveys.input_hashes;
    for path in files
        .chain(&settings.mapping_files)
        .chain(&settings.font_files)
    {
        manifest.run.inputs.push(hashed(name(path), path, hashes)?);
    }
    for path in catalog_files(&settings.catalog)? {
        manifest
            .run
            .inputs
            .push(hashed(name(&path), &path, hashes)?);
    }
    if let Some(config) = &settings.config_file {
        manifest.run.config.push(hashed(name(config), config, &[])?);
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

/// `path`'s hash under the manifest name `name`: the one ingest took while reading it, else
/// the file read again as a stream (catalog, mappings, fonts, a spreadsheet). A file that
/// vanished since ingest read it is an error: the manifest must describe what was used.
fn hashed(name: String, path: &Path, read: &[InputHash]) -> Result<HashedFile, CliError> {
    let shown = path.display().to_string();
    let hash = match read.iter().find(|h| h.file == shown) {
        Some(hash) => hash.clone(),
        // Streamed: memory stays at the copy buffer whatever the file's size.
        None => {
            crate::ingest::hash_file(path, &shown).map_err(|source| read_error(path, source))?
        }
    };
    Ok(HashedFile {
        path: name,
        sha256: hash.sha256,
        bytes: hash.bytes,
    })
}

fn read_error(path: &Path, source: std::io::Error) -> CliError {
    CliError::Read {
        path: display(path),
        source,
    }
}

/// Short hash of the rule files (names within the rules folder and bytes).
pub fn rules_version(rules: &RuleSet) -> String {
    crate::history::fingerprint::rules_version(&rule_files(rules))
}
