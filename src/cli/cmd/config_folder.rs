//! `run` works from the config's folder (issue 12): the stated root that every path in the
//! manifest, the JSON results and the reports is relative to.
//!
//! The stages name files as they were given (the rules stage puts the rules folder's spelling
//! in every rule location, ingest names its sources), so a run started from another folder
//! with `--config /abs/pmo-advisor.toml` wrote other bytes than one started beside the config.
//! `run` therefore rewrites its path flags relative to the config's folder, moves there for the
//! run, and moves back when done (so `--watch` resolves its flags afresh each time).

use std::path::{Path, PathBuf};

use crate::cli::error::CliError;
use crate::history::fingerprint::{relative_display, tidy_path};

/// The working folder `run` left (restored on drop) and the config's folder it moved to.
pub struct ConfigFolder {
    previous: PathBuf,
    folder: PathBuf,
}

impl ConfigFolder {
    /// Moves to the folder of `config` when it is elsewhere; `None` when the run already is
    /// in the config's folder (or has no config file).
    pub fn enter(config: Option<&Path>) -> Result<Option<ConfigFolder>, CliError> {
        let Some(config) = config else {
            return Ok(None);
        };
        let cwd = std::env::current_dir().map_err(|source| CliError::Read {
            path: ".".into(),
            source,
        })?;
        let folder = tidy_path(config.parent().unwrap_or(Path::new("")), &cwd);
        if folder.as_os_str().is_empty() {
            return Ok(None);
        }
        // A folder that cannot be entered holds no readable config: staying put lets
        // `config::resolve` report that as the config error it is (exit code 2).
        if std::env::set_current_dir(&folder).is_err() {
            return Ok(None);
        }
        Ok(Some(ConfigFolder {
            previous: cwd,
            folder,
        }))
    }

    /// A path given relative to the folder left, made relative to the config's folder.
    pub fn rebase(&self, path: &Path) -> PathBuf {
        PathBuf::from(relative_display(&self.folder, path, &self.previous))
    }
}

impl Drop for ConfigFolder {
    fn drop(&mut self) {
        // Nothing left to do with the result: the command's outcome is already decided.
        let _ = std::env::set_current_dir(&self.previous);
    }
}
