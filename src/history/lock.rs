//! One writer per reports root: an advisory lock on `<root>/.pmo-advisor.lock`.
//!
//! Two runs writing one root at once interleave their files (issue 12: 746 of 801 files no
//! longer matched the manifest). The lock is the operating system's (`flock` on Unix through
//! `File::try_lock`), so it dies with its holder: a SIGKILLed run never blocks the next one.
//! The file also records the holder's pid and start time, for the message a second run prints
//! and to notice (and say) that a dead run's lock is being taken over. Readers (`history`,
//! `diff`) never need it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::history::{display, HistoryError};

/// The lock file's name in the reports root.
pub const LOCK_FILE: &str = ".pmo-advisor.lock";

/// Who holds (or last held) the lock, as its file records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    /// Process id.
    pub pid: u32,
    /// When it took the lock, seconds since the Unix epoch.
    pub started: u64,
}

impl Holder {
    fn to_text(self) -> String {
        format!("pid {}\nstarted {}\n", self.pid, self.started)
    }

    /// Parses the lock file's text; `None` when empty (released cleanly) or not ours.
    fn parse(text: &str) -> Option<Holder> {
        let mut pid = None;
        let mut started = None;
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("pid", v)) => pid = v.trim().parse().ok(),
                Some(("started", v)) => started = v.trim().parse().ok(),
                _ => {}
            }
        }
        Some(Holder {
            pid: pid?,
            started: started.unwrap_or(0),
        })
    }
}

/// The held lock; released (and its record cleared) when dropped.
#[derive(Debug)]
pub struct RootLock {
    file: File,
    path: PathBuf,
}

impl RootLock {
    /// Takes the reports root's lock, creating the root when needed. Fails with
    /// `HistoryError::Locked` while another live process holds it; the second value is a
    /// warning when the lock of a run that died was taken over.
    pub fn acquire(root: &Path) -> Result<(RootLock, Option<String>), HistoryError> {
        std::fs::create_dir_all(root).map_err(|e| HistoryError::write(root, e))?;
        let path = root.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| HistoryError::write(&path, e))?;
        let mut warning = None;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(HistoryError::Locked {
                    root: display(root),
                    pid: read_holder(&mut file).map_or(0, |h| h.pid),
                })
            }
            // A file system without locks (some network mounts): run unguarded, and say so.
            Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                warning = Some(format!(
                    "{}: the file system does not support locks; nothing stops two runs from writing at once",
                    display(&path)
                ));
            }
            Err(TryLockError::Error(e)) => return Err(HistoryError::write(&path, e)),
        }
        // A record left in a lock we could take belongs to a run that ended without
        // releasing it (killed, or the machine stopped): the kernel dropped its lock.
        if let Some(stale) = read_holder(&mut file) {
            warning = Some(format!(
                "taking over the lock {} of a run that did not finish (pid {}, started at {} s since 1970), which is no longer running",
                display(&path),
                stale.pid,
                stale.started
            ));
        }
        let me = Holder {
            pid: std::process::id(),
            started: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        let record = (|| {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(me.to_text().as_bytes())?;
            file.flush()
        })();
        record.map_err(|e| HistoryError::write(&path, e))?;
        Ok((RootLock { file, path }, warning))
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RootLock {
    fn drop(&mut self) {
        // Cleared before the lock goes, so an empty record means "released cleanly". A
        // failure only costs a needless "taking over" warning next time.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    Holder::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_and_a_released_lock_is_free() {
        let root = tempfile::tempdir().unwrap();
        let (first, warning) = RootLock::acquire(root.path()).unwrap();
        assert!(warning.is_none());
        let record = std::fs::read_to_string(first.path()).unwrap();
        assert!(record.starts_with(&format!("pid {}\n", std::process::id())));
        // flock locks belong to the open file, so a second open in this process is refused.
        match RootLock::acquire(root.path()) {
            Err(HistoryError::Locked { pid, .. }) => assert_eq!(pid, std::process::id()),
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(first);
        assert_eq!(
            std::fs::read_to_string(root.path().join(LOCK_FILE)).unwrap(),
            ""
        );
        let (_again, warning) = RootLock::acquire(root.path()).unwrap();
        assert!(warning.is_none(), "a clean release leaves no stale record");
    }

    #[test]
    fn a_dead_runs_record_is_taken_over_with_a_warning() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(LOCK_FILE), "pid 999999\nstarted 5\n").unwrap();
        let (_lock, warning) = RootLock::acquire(root.path()).unwrap();
        let warning = warning.unwrap();
        assert!(warning.contains("pid 999999"), "{warning}");
        assert!(warning.contains("no longer running"), "{warning}");
    }
}
