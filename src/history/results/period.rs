//! Period folders under the reports root: which exist (`list_periods`), their manifests
//! (`read_manifest_file`), and every organization's result in one folder (`read_period`).
//!
//! A period folder is complete when its `manifest.json` exists (`commit.rs` swaps a period in
//! with its manifest). The manifest is `report::Manifest`, the type `run` writes, read back
//! through its own `Deserialize` (which refuses a `schema_version` this build cannot read);
//! its period must be the folder's. One damaged manifest marks its own period damaged and
//! never hides the others.

use std::path::{Path, PathBuf};

use crate::history::results::{parse_result, read_json, ResultsError};
use crate::history::verify::verify_period;
use crate::history::{display, MANIFEST};
use crate::model::period::Period;
use crate::model::snapshot::OrgSnapshot;
use crate::report::Manifest;

/// What a period folder's manifest says, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum ManifestState {
    /// No manifest: the run that wrote the folder did not finish.
    Missing,
    /// The manifest, read and validated.
    Read(Box<Manifest>),
    /// A manifest that cannot be used, and why.
    Damaged(String),
}

/// A period folder found under the reports root.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodEntry {
    /// The period its name gives.
    pub period: Period,
    /// The folder.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: ManifestState,
}

impl PeriodEntry {
    /// Whether the run that wrote the folder finished (its manifest exists and reads).
    pub fn is_complete(&self) -> bool {
        matches!(self.manifest, ManifestState::Read(_))
    }

    /// The manifest, when it reads.
    pub fn manifest(&self) -> Option<&Manifest> {
        match &self.manifest {
            ManifestState::Read(m) => Some(m),
            _ => None,
        }
    }
}

/// Every organization's result in one period folder.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodResults {
    /// The folder read.
    pub dir: PathBuf,
    /// The period: the folder's name, else the manifest's, else the results'.
    pub period: Option<Period>,
    /// The manifest, when there is one.
    pub manifest: Option<Manifest>,
    /// One snapshot per organization, in id order.
    pub organizations: Vec<OrgSnapshot>,
}

/// Reads and validates a manifest; `expected` is the period its folder's name gives.
pub fn read_manifest_file(path: &Path, expected: Option<Period>) -> Result<Manifest, ResultsError> {
    let file = display(path);
    let manifest: Manifest = read_json(&read(path)?, &file)?;
    if let Some(expected) = expected.filter(|p| *p != manifest.period()) {
        return Err(ResultsError::field(
            &file,
            "period",
            format!(
                "the manifest is for {}, but its folder is {expected}",
                manifest.period()
            ),
        ));
    }
    Ok(manifest)
}

/// The organization ids with a JSON result among a manifest's outputs (`<id>.json` at the
/// folder's top), sorted.
pub fn organizations(manifest: &Manifest) -> Vec<String> {
    let mut ids: Vec<String> = manifest
        .outputs
        .iter()
        .filter_map(|o| result_id(&o.path))
        .collect();
    ids.sort();
    ids
}

/// The organization id of an output that is a JSON result (`<id>.json` at the folder's top).
fn result_id(path: &str) -> Option<String> {
    let id = path.strip_suffix(".json")?;
    (!id.contains('/') && !id.contains('\\') && path != MANIFEST).then(|| id.to_string())
}

/// The period a folder's name gives (`2026-Q3`).
pub fn period_of(dir: &Path) -> Option<Period> {
    dir.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| Period::parse(n).ok())
}

/// Reads every organization's result of a period folder: the JSON results its manifest lists,
/// or, without a manifest, every `*.json` but the manifest. A folder with a manifest must
/// match it (`verify.rs`): a damaged period is refused, not half read.
pub fn read_period(dir: &Path) -> Result<PeriodResults, ResultsError> {
    let from_name = period_of(dir);
    let manifest_path = dir.join(MANIFEST);
    let manifest = if manifest_path.is_file() {
        Some(read_manifest_file(&manifest_path, from_name)?)
    } else {
        None
    };
    if let Some(m) = &manifest {
        let damage = verify_period(dir, m).map_err(|e| ResultsError::Damaged {
            file: display(dir),
            message: e.to_string(),
        })?;
        if !damage.is_empty() {
            return Err(ResultsError::Damaged {
                file: display(dir),
                message: format!("does not match its manifest: {}", damage.describe()),
            });
        }
    }
    let ids = match &manifest {
        Some(m) => organizations(m),
        None => json_files(dir)?,
    };
    let mut results: Vec<OrgSnapshot> = Vec::with_capacity(ids.len());
    for id in &ids {
        let path = dir.join(format!("{id}.json"));
        results.push(parse_result(&read(&path)?, &display(&path))?);
    }
    results.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(pair) = results.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(ResultsError::Duplicate {
            file: display(dir),
            id: pair[1].id.clone(),
        });
    }
    let period = from_name
        .or(manifest.as_ref().map(|m| m.period()))
        .or(results.first().map(|o| o.period));
    Ok(PeriodResults {
        dir: dir.to_path_buf(),
        period,
        manifest,
        organizations: results,
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
/// (`2026-Q3`); anything else is ignored. A missing root has no periods. A manifest that
/// cannot be read marks only its own period (`ManifestState::Damaged`).
pub fn list_periods(root: &Path) -> Result<Vec<PeriodEntry>, ResultsError> {
    if !root.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for dir in entries(root)? {
        let Some(period) = period_of(&dir) else {
            continue;
        };
        if !dir.is_dir() {
            continue;
        }
        let manifest_path = dir.join(MANIFEST);
        let manifest = if manifest_path.exists() {
            match read_manifest_file(&manifest_path, Some(period)) {
                Ok(m) => ManifestState::Read(Box::new(m)),
                Err(e) => ManifestState::Damaged(e.to_string()),
            }
        } else {
            ManifestState::Missing
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
        file: display(dir),
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
        file: display(path),
        source,
    })
}
