//! The run's text store: a temporary file for the comments and quotes ingest keeps while the
//! customers file is read (`model::kept_text`), so that they do not add to what every
//! organization holds until the file ends (issue 16).
//!
//! An anonymous temporary file (`tempfile::tempfile`: the OS removes it when it is closed,
//! after a crash too), written through a buffer as texts are kept and read back with
//! positioned reads, from any worker at once. A text the store cannot take (no temporary file,
//! past 4 GiB, over 64 KiB) stays in memory: a store that cannot work costs memory, never a
//! text. A write that fails is an error when ingest ends (`finish`), before any is read back.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Arc;

use crate::model::kept_text::{fingerprint, StoredText, StoredTexts, TextSink, TextSource};

/// Texts being written.
#[derive(Debug)]
pub(crate) struct TextStore {
    /// `None` when no temporary file could be made: every text stays in memory.
    out: Option<BufWriter<File>>,
    /// Bytes written.
    len: u64,
    /// The first write error, reported by `finish`.
    failed: Option<std::io::Error>,
}

impl TextStore {
    /// A store in a new temporary file, or one that keeps every text in memory when none can
    /// be made.
    pub(crate) fn new() -> TextStore {
        // Only where a positioned read exists (`read_at`) are texts stored at all.
        let file = cfg!(any(unix, windows))
            .then(|| tempfile::tempfile().ok())
            .flatten();
        TextStore {
            out: file.map(BufWriter::new),
            len: 0,
            failed: None,
        }
    }

    /// Ends the writing: the texts for reading back, `None` when none was stored, or the
    /// first write error (stored texts may then be missing, and the run must not go on).
    pub(crate) fn finish(self) -> std::io::Result<Option<StoredTexts>> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let Some(out) = self.out.filter(|_| self.len > 0) else {
            return Ok(None);
        };
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        Ok(Some(StoredTexts(Arc::new(TextFile(file)))))
    }
}

impl TextSink for TextStore {
    fn put(&mut self, text: &str) -> Option<StoredText> {
        let out = self.out.as_mut()?;
        let end = self.len + text.len() as u64;
        let stored = StoredText {
            at: u32::try_from(self.len).ok()?,
            len: u16::try_from(text.len()).ok()?,
            // Never more characters than bytes.
            chars: u16::try_from(text.chars().count()).ok()?,
            fingerprint: fingerprint(text),
        };
        u32::try_from(end).ok()?;
        if let Err(e) = out.write_all(text.as_bytes()) {
            self.failed.get_or_insert(e);
            self.out = None;
            return None;
        }
        self.len = end;
        Some(stored)
    }
}

/// The written store, read back by position.
#[derive(Debug)]
struct TextFile(File);

impl TextSource for TextFile {
    fn get(&self, stored: StoredText) -> std::io::Result<Box<str>> {
        let mut bytes = vec![0; usize::from(stored.len)];
        read_at(&self.0, &mut bytes, u64::from(stored.at))?;
        String::from_utf8(bytes)
            .map(String::into_boxed_str)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut std::mem::take(&mut buf)[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// Never called: no text is stored where there is no positioned read (`TextStore::new`).
#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kept_text::KeptText;

    #[test]
    fn texts_come_back_as_they_were_kept() {
        let mut store = TextStore::new();
        let texts = ["Too many reports.", "", "Überall Formulare – warum?", "ok"];
        let mut kept: Vec<KeptText> = texts.iter().map(|&t| t.into()).collect();
        for k in &mut kept {
            k.store(&mut store);
            assert!(matches!(k, KeptText::Stored(_)));
        }
        // A text past what a reference can say stays in memory.
        let long = KeptText::from("x".repeat(70_000));
        let mut held = long.clone();
        held.store(&mut store);
        assert_eq!(held, long);

        let source = store.finish().unwrap().expect("texts were stored");
        for (k, text) in kept.iter_mut().zip(texts) {
            k.load(&*source.0).unwrap();
            assert_eq!(k.as_str(), text);
        }
    }

    #[test]
    fn a_store_with_nothing_in_it_has_nothing_to_read() {
        assert!(TextStore::new().finish().unwrap().is_none());
    }
}
