//! A period's new files are written beside it (`<root>/.<period>.staging/`), manifest last,
//! and the finished folder is swapped in with two renames, so a replacement is all or nothing.
//!
//! The swap: (1) `<period>` → `.<period>.old`, (2) `.<period>.staging` → `<period>`, (3) the old
//! folder is deleted. A run killed at any point leaves one of these states, and `recover`
//! (called under the root's lock before anything else touches the period) ends it:
//!
//! | found | meaning | action |
//! |---|---|---|
//! | period, staging | killed while staging | staging deleted (rolled back) |
//! | old, staging with an intact manifest | killed between (1) and (2) | (2) and (3) done (completed) |
//! | old, staging without one | cannot happen unless files were lost | old put back (rolled back) |
//! | period, old | killed before or during (3) | old deleted (completed) |
//!
//! So the period folder always matches its manifest, the old one or the new one. Staged files
//! are written without a temporary name of their own: nobody reads the staging folder, and
//! the folder's rename is the atomic step.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::history::results::read_manifest_file;
use crate::history::verify::{files_under, verify_period};
use crate::history::{display, HistoryError, MANIFEST};
use crate::report::{write_manifest, HashedFile, HashingWriter, Manifest};

/// What `recover` found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// No interrupted run.
    Clean,
    /// An interrupted run's staged files were discarded; the period is as it was.
    RolledBack,
    /// An interrupted swap was finished; the period holds the new results.
    Completed,
}

/// A sibling of the period folder, hidden: `<root>/.<period>.<what>`.
fn sibling(period_dir: &Path, what: &str) -> PathBuf {
    let name = period_dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    period_dir.with_file_name(format!(".{name}.{what}"))
}

/// Ends a replacement that a killed run left half done (see the table above). Call it under
/// the root's lock, before reading or writing the period.
pub fn recover(period_dir: &Path) -> Result<Recovery, HistoryError> {
    let staging = sibling(period_dir, "staging");
    let old = sibling(period_dir, "old");
    let (has_period, has_old, has_staging) = (period_dir.exists(), old.exists(), staging.exists());
    Ok(match (has_period, has_old, has_staging) {
        (_, false, false) => Recovery::Clean,
        (true, true, _) => {
            remove_dir(&old)?;
            remove_dir(&staging)?;
            Recovery::Completed
        }
        (false, true, true) if staged_intact(&staging) => {
            rename(&staging, period_dir)?;
            remove_dir(&old)?;
            Recovery::Completed
        }
        (false, true, _) => {
            rename(&old, period_dir)?;
            remove_dir(&staging)?;
            Recovery::RolledBack
        }
        (_, false, true) => {
            remove_dir(&staging)?;
            Recovery::RolledBack
        }
    })
}

/// The leftovers of a replacement that did not finish beside `period_dir` (what `recover`
/// would end), for readers to mention.
pub fn interrupted(period_dir: &Path) -> Vec<PathBuf> {
    ["staging", "old"]
        .into_iter()
        .map(|what| sibling(period_dir, what))
        .filter(|p| p.exists())
        .collect()
}

/// Whether a staging folder holds a whole period: its manifest reads and every listed file
/// has the listed hash (power loss may keep the renames and lose file contents).
fn staged_intact(staging: &Path) -> bool {
    read_manifest_file(&staging.join(MANIFEST), None)
        .ok()
        .and_then(|m| verify_period(staging, &m).ok())
        .is_some_and(|damage| damage.changed.is_empty() && damage.missing.is_empty())
}

/// The staging folder of one period.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    period_dir: PathBuf,
}

impl Staging {
    /// An empty staging folder beside `period_dir` (a leftover is deleted first).
    pub fn new(period_dir: &Path) -> Result<Staging, HistoryError> {
        let dir = sibling(period_dir, "staging");
        remove_dir(&dir)?;
        std::fs::create_dir_all(&dir).map_err(|e| HistoryError::write(&dir, e))?;
        Ok(Staging {
            dir,
            period_dir: period_dir.to_path_buf(),
        })
    }

    /// Where files are written until `commit`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the folder `path` (a path in the staging folder) goes into. The staging folder
    /// exists: only a name with a folder of its own (briefs) needs one made (a `mkdir` and a
    /// `stat` per report otherwise, to learn it exists).
    fn make_parent(&self, path: &Path) -> std::io::Result<()> {
        match path.parent() {
            Some(parent) if parent != self.dir => std::fs::create_dir_all(parent),
            _ => Ok(()),
        }
    }

    /// Writes one output (`name` relative to the period folder, `/`-separated).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), HistoryError> {
        let path = self.dir.join(name);
        let write = || {
            self.make_parent(&path)?;
            std::fs::write(&path, bytes)
        };
        write().map_err(|e| HistoryError::write(&path, e))
    }

    /// Writes one output as `fill` makes it, hashing it on the way: for an output too large to
    /// hold (the summary of 10,000 organizations is 20 MB). Returns its manifest entry.
    pub fn write_streamed(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<HashedFile, HistoryError> {
        let path = self.dir.join(name);
        let write = || {
            self.make_parent(&path)?;
            let mut out = HashingWriter::new(BufWriter::new(File::create(&path)?));
            fill(&mut out)?;
            let (file, mut inner) = out.finish(name);
            inner.flush()?;
            Ok(file)
        };
        write().map_err(|e| HistoryError::write(&path, e))
    }

    /// Links into the staged period the files of the period being replaced that `previous`
    /// does not list (notes someone put there): a replacement swaps whole folders, and these
    /// are not ours to drop. Hard links, so that a rollback loses nothing; a copy where links
    /// are not supported. Returns their paths.
    pub fn keep_unlisted(&self, previous: &Manifest) -> Result<Vec<String>, HistoryError> {
        let mut present = Vec::new();
        if !self.period_dir.is_dir() {
            return Ok(present);
        }
        files_under(&self.period_dir, "", &mut present)?;
        present.retain(|p| p != MANIFEST && !previous.outputs.iter().any(|f| f.path == *p));
        for name in &present {
            let (from, to) = (self.period_dir.join(name), self.dir.join(name));
            if to.exists() {
                continue;
            }
            self.make_parent(&to)
                .map_err(|e| HistoryError::write(to.parent().unwrap_or(&to), e))?;
            std::fs::hard_link(&from, &to)
                .or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
                .map_err(|e| HistoryError::write(&to, e))?;
        }
        Ok(present)
    }

    /// Writes the manifest (last: it marks the staged period whole; its file lists are sorted
    /// in place) and swaps the staged folder in for the period folder. Returns a warning when
    /// the old folder could not be deleted (the period is committed; the next run deletes it).
    pub fn commit(self, manifest: &mut Manifest) -> Result<Option<String>, HistoryError> {
        self.write_streamed(MANIFEST, |out| write_manifest(out, manifest))?;
        let old = sibling(&self.period_dir, "old");
        remove_dir(&old)?;
        let replacing = self.period_dir.exists();
        if replacing {
            rename(&self.period_dir, &old)?;
        }
        if let Err(e) = rename(&self.dir, &self.period_dir) {
            // Put the old period back, so a failed commit changes nothing.
            if replacing {
                let _ = std::fs::rename(&old, &self.period_dir);
            }
            return Err(e);
        }
        Ok(remove_dir(&old)
            .err()
            .map(|e| format!("{e}; the next run deletes it")))
    }

    /// Deletes the staging folder: the period stays as it was.
    pub fn abandon(self) -> Result<(), HistoryError> {
        remove_dir(&self.dir)
    }
}

fn rename(from: &Path, to: &Path) -> Result<(), HistoryError> {
    std::fs::rename(from, to).map_err(|e| HistoryError::Write {
        path: format!("{} (renaming it to {})", display(from), display(to)),
        source: e,
    })
}

/// Deletes a folder and what it holds (nothing when it does not exist).
fn remove_dir(dir: &Path) -> Result<(), HistoryError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(HistoryError::write(dir, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::period::{Period, ReportDate};
    use crate::report::render_manifest;

    fn manifest(files: &[(&str, &[u8])]) -> Manifest {
        let period = Period::parse("2026-Q3").unwrap();
        let date = ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        };
        let mut m = Manifest::new("0.1.0", period, date, "abc");
        for (name, bytes) in files {
            m.add_output(*name, bytes);
        }
        m
    }

    /// A committed period holding `a.json` with `text`.
    fn period_with(root: &Path, text: &[u8]) -> PathBuf {
        let period = root.join("2026-Q3");
        let staging = Staging::new(&period).unwrap();
        staging.write("a.json", text).unwrap();
        staging.commit(&mut manifest(&[("a.json", text)])).unwrap();
        period
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_swaps_the_whole_folder_and_abandon_changes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let period = period_with(root.path(), b"old");
        std::fs::write(period.join("stale.pdf"), b"x").unwrap();

        let staging = Staging::new(&period).unwrap();
        staging.write("a.json", b"new").unwrap();
        staging.abandon().unwrap();
        assert_eq!(std::fs::read(period.join("a.json")).unwrap(), b"old");

        let staging = Staging::new(&period).unwrap();
        staging.write("a.json", b"new").unwrap();
        staging.write("a/briefs/x.pdf", b"b").unwrap();
        let mut m = manifest(&[("a.json", b"new"), ("a/briefs/x.pdf", b"b")]);
        let previous = manifest(&[("a.json", b"old")]);
        assert_eq!(staging.keep_unlisted(&previous).unwrap(), ["stale.pdf"]);
        assert_eq!(staging.commit(&mut m).unwrap(), None);
        assert_eq!(std::fs::read(period.join("a.json")).unwrap(), b"new");
        assert_eq!(
            names(&period),
            ["a", "a.json", "manifest.json", "stale.pdf"]
        );
        assert_eq!(
            names(root.path()),
            ["2026-Q3"],
            "no staging or old folder left"
        );
    }

    #[test]
    fn recover_ends_every_interrupted_state() {
        let root = tempfile::tempdir().unwrap();
        let period = period_with(root.path(), b"old");
        assert_eq!(recover(&period).unwrap(), Recovery::Clean);

        // Killed while staging: rolled back.
        let staging = Staging::new(&period).unwrap();
        staging.write("a.json", b"half").unwrap();
        std::mem::forget(staging);
        assert_eq!(recover(&period).unwrap(), Recovery::RolledBack);
        assert_eq!(std::fs::read(period.join("a.json")).unwrap(), b"old");
        assert_eq!(names(root.path()), ["2026-Q3"]);

        // Killed between the two renames, the staged period whole: completed.
        let staging = Staging::new(&period).unwrap();
        staging.write("a.json", b"new").unwrap();
        staging
            .write(MANIFEST, &render_manifest(&manifest(&[("a.json", b"new")])))
            .unwrap();
        std::fs::rename(&period, sibling(&period, "old")).unwrap();
        assert_eq!(recover(&period).unwrap(), Recovery::Completed);
        assert_eq!(std::fs::read(period.join("a.json")).unwrap(), b"new");
        assert_eq!(names(root.path()), ["2026-Q3"]);

        // The same, but the staged files lost their contents: the old period comes back.
        let staging = Staging::new(&period).unwrap();
        staging.write("a.json", b"").unwrap();
        staging
            .write(
                MANIFEST,
                &render_manifest(&manifest(&[("a.json", b"newer")])),
            )
            .unwrap();
        std::fs::rename(&period, sibling(&period, "old")).unwrap();
        assert_eq!(recover(&period).unwrap(), Recovery::RolledBack);
        assert_eq!(std::fs::read(period.join("a.json")).unwrap(), b"new");

        // Killed before the old folder was deleted: completed.
        std::fs::create_dir_all(sibling(&period, "old")).unwrap();
        assert_eq!(recover(&period).unwrap(), Recovery::Completed);
        assert_eq!(names(root.path()), ["2026-Q3"]);
    }
}
