//! SHA-256 of an input file computed from the bytes ingest reads, so the manifest need not
//! read the file a second time (a 240 MB customers file was held whole in memory for it).
//!
//! `Hashing` wraps the file and feeds every byte it hands out to the hasher; the digest is
//! only given out once the file was read to its end (a reader that stopped early hashed part
//! of the file, and the manifest then hashes the file itself). This file knows no CSV.

use std::io::Read;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::model::digest::lower_hex;
use crate::model::survey::InputHash;

#[derive(Debug, Default)]
struct State {
    hasher: Sha256,
    bytes: u64,
    ended: bool,
}

/// A reader that hashes what passes through it; `tap` gives the handle that reads the digest.
#[derive(Debug)]
pub(crate) struct Hashing<R> {
    inner: R,
    state: Arc<Mutex<State>>,
}

/// The digest side of a `Hashing` reader (shared, since the reader is moved into the parser).
#[derive(Debug, Clone)]
pub(crate) struct HashTap(Arc<Mutex<State>>);

impl<R> Hashing<R> {
    /// Wraps `inner`, whose first byte is the file's first byte.
    pub(crate) fn new(inner: R) -> Self {
        Hashing {
            inner,
            state: Arc::default(),
        }
    }

    /// The handle that reads the digest once the reader is done.
    pub(crate) fn tap(&self) -> HashTap {
        HashTap(Arc::clone(&self.state))
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        // One lock per read of a buffer (64 KiB or more): nothing next to hashing the bytes.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if n == 0 {
            state.ended = !buf.is_empty() || state.ended;
        } else {
            state.hasher.update(&buf[..n]);
            state.bytes += n as u64;
        }
        Ok(n)
    }
}

/// Hashes the file at `path` as a stream (for inputs ingest did not read to their end).
pub fn hash_file(path: &std::path::Path, name: &str) -> std::io::Result<InputHash> {
    let mut reader = Hashing::new(std::fs::File::open(path)?);
    std::io::copy(&mut reader, &mut std::io::sink())?;
    // Read to its end, so the digest is there.
    Ok(reader.tap().finish(name).unwrap_or_default())
}

impl HashTap {
    /// The file's hash under `file`, if the reader reached the end of the file.
    pub(crate) fn finish(&self, file: &str) -> Option<InputHash> {
        let state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !state.ended {
            return None;
        }
        Some(InputHash {
            file: file.to_string(),
            sha256: lower_hex(&state.hasher.clone().finalize()),
            bytes: state.bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_a_file_read_to_its_end() {
        let data = b"abc".repeat(50_000);
        let mut reader = Hashing::new(&data[..]);
        let tap = reader.tap();
        let mut buf = [0u8; 1000];
        reader.read_exact(&mut buf).unwrap();
        assert!(tap.finish("f").is_none());
        std::io::copy(&mut reader, &mut std::io::sink()).unwrap();
        let hash = tap.finish("f").unwrap();
        let expected: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!((hash.sha256, hash.bytes), (expected, data.len() as u64));
    }
}
