//! A period's new files are written beside it first (`<root>/.<period>.staging/`) and moved
//! into the period folder only when every organization has been evaluated and rendered.
//!
//! That is what lets `run` evaluate and render each organization in one pass (memory stays
//! flat in the number of organizations) and still keep its promise: a rule error leaves the
//! previous results untouched. The staging folder is ours: a leftover from an interrupted run
//! is removed at the start of the next one.

use std::path::{Path, PathBuf};

use super::period::display;
use crate::cli::error::CliError;
use crate::report::HashedFile;

/// The staging folder of a period folder.
pub struct Staging {
    dir: PathBuf,
}

impl Staging {
    /// An empty staging folder beside `period_dir`.
    pub fn new(period_dir: &Path) -> Result<Staging, CliError> {
        let name = period_dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let dir = period_dir.with_file_name(format!(".{name}.staging"));
        let staging = Staging { dir };
        staging.remove()?;
        Ok(staging)
    }

    /// Where files are written until `commit`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Moves every staged file into `period_dir` (renames on one file system), then removes
    /// the staging folder.
    pub fn commit(self, period_dir: &Path, files: &[HashedFile]) -> Result<(), CliError> {
        for file in files {
            let from = self.dir.join(&file.path);
            let to = period_dir.join(&file.path);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|source| write_error(parent, source))?;
            }
            std::fs::rename(&from, &to).map_err(|source| write_error(&to, source))?;
        }
        self.remove()
    }

    /// Deletes the staging folder and what it holds (nothing when it does not exist).
    pub fn remove(&self) -> Result<(), CliError> {
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(write_error(&self.dir, source)),
        }
    }
}

fn write_error(path: &Path, source: std::io::Error) -> CliError {
    CliError::Write {
        path: display(path),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_moves_files_and_abandoning_leaves_the_period_alone() {
        let root = tempfile::tempdir().unwrap();
        let period = root.path().join("2026-Q3");
        std::fs::create_dir_all(&period).unwrap();
        std::fs::write(period.join("a.pdf"), b"old").unwrap();

        let staging = Staging::new(&period).unwrap();
        std::fs::create_dir_all(staging.dir().join("a/briefs")).unwrap();
        std::fs::write(staging.dir().join("a.pdf"), b"new").unwrap();
        std::fs::write(staging.dir().join("a/briefs/x.pdf"), b"b").unwrap();
        staging.remove().unwrap();
        assert_eq!(std::fs::read(period.join("a.pdf")).unwrap(), b"old");

        let staging = Staging::new(&period).unwrap();
        std::fs::create_dir_all(staging.dir().join("a/briefs")).unwrap();
        std::fs::write(staging.dir().join("a.pdf"), b"new").unwrap();
        std::fs::write(staging.dir().join("a/briefs/x.pdf"), b"b").unwrap();
        let staged = staging.dir().to_path_buf();
        let files = [
            HashedFile::new("a.pdf", b"new"),
            HashedFile::new("a/briefs/x.pdf", b"b"),
        ];
        staging.commit(&period, &files).unwrap();
        assert_eq!(std::fs::read(period.join("a.pdf")).unwrap(), b"new");
        assert_eq!(std::fs::read(period.join("a/briefs/x.pdf")).unwrap(), b"b");
        assert!(!staged.exists());
    }
}
