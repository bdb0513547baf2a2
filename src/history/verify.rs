//! A period folder checked against its manifest: every listed output's SHA-256, and the
//! files nobody listed.
//!
//! `history` reports the damage (exit code 4), `diff` refuses a damaged period, and the trends
//! leave a damaged earlier period out: results that no longer match the manifest that vouches
//! for them are not results of that run.

use std::collections::BTreeSet;
use std::path::Path;

use crate::history::{HistoryError, MANIFEST};
use crate::report::{sha256_hex, Manifest};

/// How a period folder differs from its manifest; every list holds paths relative to the
/// folder, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Damage {
    /// Listed files whose bytes have another hash.
    pub changed: Vec<String>,
    /// Listed files that are gone.
    pub missing: Vec<String>,
    /// Files in the folder that the manifest does not list.
    pub unlisted: Vec<String>,
}

impl Damage {
    /// Whether the folder matches its manifest.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.unlisted.is_empty()
    }

    /// One phrase per kind, such as `1 changed (a.json)`, for messages.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (what, list) in [
            ("changed", &self.changed),
            ("missing", &self.missing),
            ("unlisted", &self.unlisted),
        ] {
            if !list.is_empty() {
                parts.push(format!("{} {what} ({})", list.len(), list.join(", ")));
            }
        }
        parts.join("; ")
    }
}

/// Checks `dir` against `manifest`.
pub fn verify_period(dir: &Path, manifest: &Manifest) -> Result<Damage, HistoryError> {
    let mut damage = Damage::default();
    let mut listed = BTreeSet::new();
    for file in &manifest.outputs {
        listed.insert(file.path.as_str());
        let path = dir.join(&file.path);
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() as u64 == file.bytes && sha256_hex(&bytes) == file.sha256 => {}
            Ok(_) => damage.changed.push(file.path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                damage.missing.push(file.path.clone())
            }
            Err(e) => return Err(HistoryError::read(&path, e)),
        }
    }
    let mut present = Vec::new();
    files_under(dir, "", &mut present)?;
    damage.unlisted = present
        .into_iter()
        .filter(|p| p != MANIFEST && !listed.contains(p.as_str()))
        .collect();
    damage.changed.sort();
    damage.missing.sort();
    damage.unlisted.sort();
    Ok(damage)
}

/// Every file under `dir`, as `/`-separated paths below it.
pub(crate) fn files_under(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<String>,
) -> Result<(), HistoryError> {
    let entries = std::fs::read_dir(dir).map_err(|e| HistoryError::read(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| HistoryError::read(dir, e))?;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            files_under(&entry.path(), &format!("{name}/"), out)?;
        } else {
            out.push(name);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::period::{Period, ReportDate};

    #[test]
    fn names_changed_missing_and_unlisted_files() {
        let dir = tempfile::tempdir().unwrap();
        let period = Period::parse("2026-Q3").unwrap();
        let date = ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        };
        let mut m = Manifest::new("0.1.0", period, date, "abc");
        for (name, bytes) in [("a.json", b"a"), ("b.json", b"b"), ("x/c.pdf", b"c")] {
            m.add_output(name, bytes);
            std::fs::create_dir_all(dir.path().join(name).parent().unwrap()).unwrap();
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        std::fs::write(dir.path().join(MANIFEST), b"{}").unwrap();
        assert!(verify_period(dir.path(), &m).unwrap().is_empty());

        std::fs::write(dir.path().join("a.json"), b"A").unwrap();
        std::fs::remove_file(dir.path().join("x/c.pdf")).unwrap();
        std::fs::write(dir.path().join("x/extra.pdf"), b"e").unwrap();
        let damage = verify_period(dir.path(), &m).unwrap();
        assert_eq!(damage.changed, ["a.json"]);
        assert_eq!(damage.missing, ["x/c.pdf"]);
        assert_eq!(damage.unlisted, ["x/extra.pdf"]);
        assert_eq!(
            damage.describe(),
            "1 changed (a.json); 1 missing (x/c.pdf); 1 unlisted (x/extra.pdf)"
        );
    }
}
