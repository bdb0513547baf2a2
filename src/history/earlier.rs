//! The earlier periods a report's trends and "Changes since last period" draw on, read back
//! through their manifests.
//!
//! Damage stays local (issue 12): a period whose manifest cannot be read costs only that
//! period's trend points, and a result whose bytes no longer match its manifest costs only
//! that organization's point in that period; each comes with a warning, never an error: this
//! period's report does not need them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::history::display;
use crate::history::results::{list_periods, parse_result, ManifestState};
use crate::model::period::Period;
use crate::model::snapshot::OrgSnapshot;
use crate::report::sha256_hex;

/// A complete earlier period: its folder and what its manifest vouches for.
#[derive(Debug, Clone)]
pub struct EarlierPeriod {
    /// The period.
    pub period: Period,
    /// The folder.
    pub dir: PathBuf,
    /// Output path → SHA-256, as its manifest lists them.
    outputs: BTreeMap<String, String>,
}

/// The complete period folders before `period` under `root`, oldest first, and a warning for
/// each one left out (damaged manifest) or for a root that cannot be listed.
pub fn earlier_periods(root: &Path, period: Period) -> (Vec<EarlierPeriod>, Vec<String>) {
    let entries = match list_periods(root) {
        Ok(entries) => entries,
        Err(e) => return (Vec::new(), vec![format!("no trends: {e}")]),
    };
    let mut periods = Vec::new();
    let mut warnings = Vec::new();
    for entry in entries.into_iter().filter(|e| e.period < period) {
        match entry.manifest {
            ManifestState::Read(m) => periods.push(EarlierPeriod {
                period: entry.period,
                dir: entry.dir,
                outputs: m.outputs.into_iter().map(|f| (f.path, f.sha256)).collect(),
            }),
            ManifestState::Damaged(why) => {
                warnings.push(format!("{} left out of the trends: {why}", entry.period))
            }
            // An unfinished run's folder is not history.
            ManifestState::Missing => {}
        }
    }
    (periods, warnings)
}

/// One organization's results in the earlier periods, oldest first (periods it was not part
/// of are skipped), and a warning for each result left out.
pub fn earlier_results(periods: &[EarlierPeriod], id: &str) -> (Vec<OrgSnapshot>, Vec<String>) {
    let mut results = Vec::new();
    let mut warnings = Vec::new();
    let name = format!("{id}.json");
    for earlier in periods {
        let Some(sha256) = earlier.outputs.get(&name) else {
            continue;
        };
        let path = earlier.dir.join(&name);
        let left_out = |why: String| format!("left out of the trends: {}: {why}", display(&path));
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                warnings.push(left_out(e.to_string()));
                continue;
            }
        };
        if sha256_hex(&bytes) != *sha256 {
            warnings.push(left_out(
                "its bytes differ from the hash its manifest records".into(),
            ));
            continue;
        }
        match parse_result(&bytes, &display(&path)) {
            Ok(snapshot) if snapshot.period != earlier.period => warnings.push(left_out(format!(
                "the result is for {}, but its folder is {}",
                snapshot.period, earlier.period
            ))),
            Ok(snapshot) => results.push(snapshot),
            Err(e) => warnings.push(format!("left out of the trends: {e}")),
        }
    }
    (results, warnings)
}
