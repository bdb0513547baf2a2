//! Period folders under the reports root: the stage above `report` and below `cli` that owns
//! what a run leaves behind.
//!
//! - `lock.rs`: one writer per reports root (an advisory lock with the holder's pid).
//! - `commit.rs`: a period is staged beside its folder and swapped in with renames, so a
//!   replacement is all or nothing; a half-done swap is completed or rolled back first.
//! - `decision.rs`: up to date, fresh, or a replacement (which needs `--force`).
//! - `fingerprint.rs`: input paths relative to the config's folder, a contents-only rules
//!   version, so the spelling of `--config` or the working folder changes nothing.
//! - `run.rs`: one period's run (recovery, decision, the parallel pass, the commit), called
//!   by `pmo-advisor run` and by the benchmark.
//! - `verify.rs`: a period folder against its manifest (changed, missing, unlisted files).
//! - `results.rs`: JSON results and manifests read back (`diff`, `history`, `merge`), and
//!   `earlier.rs`: the earlier periods behind a report's trends, damage kept local.
//!
//! It takes plain inputs (paths, manifests, bytes), never CLI types, and renders nothing: the
//! bytes come from `report`.

pub mod commit;
pub mod decision;
pub mod earlier;
pub mod fingerprint;
pub mod lock;
pub mod results;
pub mod run;
pub mod verify;

use std::path::Path;

/// The manifest's file name in a period folder.
pub const MANIFEST: &str = "manifest.json";

/// A path as shown to users, with `/` separators so manifests compare across machines.
pub fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// A period folder could not be locked, staged, committed or checked.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Another live process holds the reports root's lock (exit code 2).
    #[error("another run (pid {pid}) is writing {root}; wait for it to finish")]
    Locked {
        /// The reports root.
        root: String,
        /// The holder's process id (0 when its record could not be read).
        pid: u32,
    },
    /// The period already has results made from other inputs and `force` was not given
    /// (exit code 2).
    #[error("{dir} already holds results made from different inputs")]
    PeriodExists {
        /// The period folder.
        dir: String,
        /// What differs.
        changes: Vec<String>,
    },
    /// Earlier results (a manifest) cannot be used (exit code 4).
    #[error("{path}: {message}")]
    Unusable {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A file or folder could not be written, renamed or removed (exit code 5).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A file or folder could not be read (exit code 4).
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file or folder.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
}

impl HistoryError {
    /// A write error on `path`.
    pub fn write(path: &Path, source: std::io::Error) -> HistoryError {
        HistoryError::Write {
            path: display(path),
            source,
        }
    }

    /// A read error on `path`.
    pub fn read(path: &Path, source: std::io::Error) -> HistoryError {
        HistoryError::Read {
            path: display(path),
            source,
        }
    }
}
