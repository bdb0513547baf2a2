//! Period folders under the reports root: which exist (`list_periods`), what each manifest
//! says (`read_manifest`), and every organization's result in one folder (`read_period`).
//!
//! A period folder is complete when its `manifest.json` exists: `run` writes the manifest
//! last. The manifest's layout is `report::manifest`'s, named again here (ingest never
//! imports report) and read leniently: only the summary fields below, extra fields ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ingest::results::{parse_json, parse_result, At, ResultsError};
use crate::model::period::Period;
use crate::model::snapshot::OrgSnapshot;

/// The manifest's file name in a period folder.
pub const MANIFEST: &str = "manifest.json";

/// One input file as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct InputHash {
    /// Path as the user named it.
    pub path: String,
    /// Lower-case hex SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// What `history` shows of a manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestSummary {
    /// Layout version.
    pub schema_version: u32,
    /// Tool version that wrote the period.
    pub tool_version: String,
    /// Period.
    pub period: Period,
    /// Report date, `YYYY-MM-DD`.
    pub date: String,
    /// Short hash of the rules.
    pub rules_version: String,
    /// Input data and catalog files, sorted by path.
    pub inputs: Vec<InputHash>,
    /// Number of output files.
    pub outputs: usize,
    /// Organization ids with a JSON result among the outputs, sorted.
    pub organizations: Vec<String>,
}

/// A period folder found under the reports root.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodEntry {
    /// The period its name gives.
    pub period: Period,
    /// The folder.
    pub dir: PathBuf,
    /// The manifest's summary; `None` when the folder has no manifest (an incomplete run).
    pub manifest: Option<ManifestSummary>,
}

impl PeriodEntry {
    /// Whether the run that wrote the folder finished (its manifest exists).
    pub fn is_complete(&self) -> bool {
        self.manifest.is_some()
    }
}

/// Every organization's result in one period folder.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodResults {
    /// The folder read.
    pub dir: PathBuf,
    /// The period: the folder's name, else the manifest's, else the results'.
    pub period: Option<Period>,
    /// The manifest's summary, when there is one.
    pub manifest: Option<ManifestSummary>,
    /// One snapshot per organization, in id order.
    pub organizations: Vec<OrgSnapshot>,
}

#[derive(Deserialize)]
struct OutputJson {
    path: String,
}

/// Reads a manifest's summary.
pub fn read_manifest(path: &Path) -> Result<ManifestSummary, ResultsError> {
    let file = path.display().to_string();
    let bytes = read(path)?;
    let doc = parse_json(&bytes, &file)?;
    let root = At::root(&doc, &file);
    let period_field = root.get("period")?;
    let period_text: String = period_field.parse()?;
    let mut inputs: Vec<InputHash> = root.get("inputs")?.parse()?;
    inputs.sort();
    let outputs: Vec<OutputJson> = root.get("outputs")?.parse()?;
    let mut organizations: Vec<String> =
        outputs.iter().filter_map(|o| result_id(&o.path)).collect();
    organizations.sort();
    Ok(ManifestSummary {
        schema_version: root.get("schema_version")?.parse()?,
        tool_version: root.get("tool_version")?.parse()?,
        period: Period::parse(&period_text).map_err(|e| period_field.error(e))?,
        date: root.get("date")?.parse()?,
        rules_version: root.get("rules_version")?.parse()?,
        inputs,
        outputs: outputs.len(),
        organizations,
    })
}

/// The organization id of an output that is a JSON result (`<id>.json` at the folder's top).
fn result_id(path: &str) -> Option<String> {
    let id = path.strip_suffix(".json")?;
    (!id.contains('/') && !id.contains('\\') && path != MANIFEST).then(|| id.to_string())
}

/// Reads every organization's result of a period folder: the JSON results its manifest lists,
/// or, without a manifest, every `*.json` but the manifest. Other files (PDFs, summary.md,
/// briefs/) are ignored.
pub fn read_period(dir: &Path) -> Result<PeriodResults, ResultsError> {
    let manifest_path = dir.join(MANIFEST);
    let manifest = if manifest_path.is_file() {
        Some(read_manifest(&manifest_path)?)
    } else {
        None
    };
    let ids = match &manifest {
        Some(m) => m.organizations.clone(),
        None => json_files(dir)?,
    };
    let mut organizations: Vec<OrgSnapshot> = Vec::with_capacity(ids.len());
    for id in &ids {
        let path = dir.join(format!("{id}.json"));
        let file = path.display().to_string();
        organizations.push(parse_result(&read(&path)?, &file)?);
    }
    organizations.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(pair) = organizations.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(ResultsError::Duplicate {
            file: dir.display().to_string(),
            id: pair[1].id.clone(),
        });
    }
    let from_name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| Period::parse(n).ok());
    let period = from_name
        .or(manifest.as_ref().map(|m| m.period))
        .or(organizations.first().map(|o| o.period));
    Ok(PeriodResults {
        dir: dir.to_path_buf(),
        period,
        manifest,
        organizations,
    })
}

/// The stems of the `*.json` files at the top of a folder, manifest excluded, sorted.
fn json_files(dir: &Path) -> Result<Vec<String>, ResultsError> {
    let mut ids: Vec<String> = entries(dir)?
        .into_iter()
        .filter(|p| p.is_file())
        .filter_map(|p| p.file_name()?.to_str().and_then(result_id))
        .collect();
    ids.sort();
    Ok(ids)
}

/// The period folders under a reports root, oldest first: folders whose name is a period
/// (`2026-Q3`); anything else is ignored. A missing root has no periods.
pub fn list_periods(root: &Path) -> Result<Vec<PeriodEntry>, ResultsError> {
    if !root.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for dir in entries(root)? {
        let Some(period) = dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| Period::parse(n).ok())
        else {
            continue;
        };
        if !dir.is_dir() {
            continue;
        }
        let manifest_path = dir.join(MANIFEST);
        let manifest = if manifest_path.is_file() {
            Some(read_manifest(&manifest_path)?)
        } else {
            None
        };
        found.push(PeriodEntry {
            period,
            dir,
            manifest,
        });
    }
    // Names such as `2026-q3` and `2026-Q3` parse alike; the path breaks the tie.
    found.sort_by(|a, b| (a.period, &a.dir).cmp(&(b.period, &b.dir)));
    Ok(found)
}

fn entries(dir: &Path) -> Result<Vec<PathBuf>, ResultsError> {
    let err = |source| ResultsError::Read {
        file: dir.display().to_string(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(err)? {
        paths.push(entry.map_err(err)?.path());
    }
    paths.sort();
    Ok(paths)
}

fn read(path: &Path) -> Result<Vec<u8>, ResultsError> {
    std::fs::read(path).map_err(|source| ResultsError::Read {
        file: path.display().to_string(),
        source,
    })
}
