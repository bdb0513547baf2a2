//! The only way output files appear: write a temporary sibling, flush it, then rename.
//!
//! A failed or interrupted run therefore never leaves a half-written report where a reader
//! (or a CI diff) would take it for a finished one.
//!
//! No `fsync`: the rename already makes the swap atomic for every other process, which is the
//! guarantee readers and CI need. Syncing each file cost ~5 ms, so 2,000 outputs spent 10 s
//! in fsync (benches/pipeline.rs); protection against power loss is the file system's job.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = parent {
        fs::create_dir_all(dir)?;
    }
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
    })?;
    // A per-process suffix keeps two concurrent runs from sharing a temporary file.
    let tmp_name = format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id());
    let tmp = match parent {
        Some(dir) => dir.join(tmp_name),
        None => tmp_name.into(),
    };
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/report.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let entries: Vec<_> = fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should go makes the rename fail.
        let path = dir.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("x"), b"").unwrap();
        assert!(write_atomic(&path, b"data").is_err());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("taken")]);
    }
}
