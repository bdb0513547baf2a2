//! A comment or a quote kept for the report: its text, or where the run's text store keeps it
//! while the customers file is read.
//!
//! Every organization's answers are held until the customers file ends (its rows are
//! interleaved), and the kept comments and quotes were half of them: 4.5 KB of 8.8 KB per
//! organization, the largest part of a large run's peak memory (issue 16). A run therefore
//! writes each kept text to a store (`TextSink`, a temporary file in `ingest`) as it is kept,
//! and holds a 12-byte reference; each organization's texts are read back (`TextSource`)
//! just before its rules run and its report is made. The model does no I/O: both ends are
//! traits.

use std::fmt;
use std::sync::Arc;

/// A kept comment or quote: 16 bytes. Each group has a slot for five comments and two
/// quotes per theme shown, held for every organization until its report is written; with
/// the text's fat pointer inline they were 24 bytes, 0.8 KB more per organization (issue 16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptText {
    /// The text, in memory, behind a thin pointer.
    Held(Box<Box<str>>),
    /// In the run's text store, until the organization's texts are loaded
    /// (`OrganizationInput::load_texts`).
    Stored(StoredText),
}

/// Where a text sits in a text store, with what choosing among quotes compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredText {
    /// Byte offset in the store.
    pub at: u32,
    /// Length in bytes.
    pub len: u16,
    /// Length in characters (quotes are ranked by it).
    pub chars: u16,
    /// `fingerprint` of the text (a quote seen twice is kept once).
    pub fingerprint: u32,
}

/// Where kept texts are written while a file is read.
pub trait TextSink {
    /// Stores `text`; `None` when it cannot (too long, store full or failed), and the text
    /// then stays in memory.
    fn put(&mut self, text: &str) -> Option<StoredText>;
}

/// Where stored texts are read back.
pub trait TextSource: fmt::Debug + Send + Sync {
    /// The text stored at `stored`.
    fn get(&self, stored: StoredText) -> std::io::Result<Box<str>>;
}

/// The text store of a run's surveys, shared by the workers that load each organization's
/// texts. Sets compare equal whatever their store (it holds no answer of its own).
#[derive(Debug, Clone)]
pub struct StoredTexts(pub Arc<dyn TextSource>);

impl PartialEq for StoredTexts {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl KeptText {
    /// The text. A stored text reads as empty until loaded: only `run` stores texts, and it
    /// loads an organization's before anything reads them.
    pub fn as_str(&self) -> &str {
        match self {
            KeptText::Held(text) => text,
            KeptText::Stored(_) => "",
        }
    }

    /// Length in characters.
    pub fn chars(&self) -> usize {
        match self {
            KeptText::Held(text) => text.chars().count(),
            KeptText::Stored(s) => usize::from(s.chars),
        }
    }

    /// Whether `text` is this text (a stored one is compared by length and fingerprint).
    pub fn is(&self, text: &str) -> bool {
        match self {
            KeptText::Held(held) => ***held == *text,
            KeptText::Stored(s) => {
                usize::from(s.len) == text.len() && s.fingerprint == fingerprint(text)
            }
        }
    }

    /// Moves a held text to `sink`; it stays held when the sink cannot take it.
    pub fn store(&mut self, sink: &mut dyn TextSink) {
        if let KeptText::Held(text) = self {
            if let Some(stored) = sink.put(text) {
                *self = KeptText::Stored(stored);
            }
        }
    }

    /// Reads a stored text back from `source`.
    pub fn load(&mut self, source: &dyn TextSource) -> std::io::Result<()> {
        if let KeptText::Stored(stored) = *self {
            *self = KeptText::from(source.get(stored)?);
        }
        Ok(())
    }
}

impl PartialEq<&str> for KeptText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<Box<str>> for KeptText {
    fn from(text: Box<str>) -> Self {
        KeptText::Held(Box::new(text))
    }
}

impl From<String> for KeptText {
    fn from(text: String) -> Self {
        KeptText::from(text.into_boxed_str())
    }
}

impl From<&str> for KeptText {
    fn from(text: &str) -> Self {
        KeptText::from(Box::<str>::from(text))
    }
}

/// FNV-1a of `text`, folded to 32 bits: tells two stored quotes apart without reading them.
pub fn fingerprint(text: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store in memory, as the tests' stand-in for ingest's file.
    #[derive(Debug, Default)]
    struct Memory(String);

    impl TextSink for Memory {
        fn put(&mut self, text: &str) -> Option<StoredText> {
            let at = u32::try_from(self.0.len()).ok()?;
            self.0.push_str(text);
            Some(StoredText {
                at,
                len: u16::try_from(text.len()).ok()?,
                chars: u16::try_from(text.chars().count()).ok()?,
                fingerprint: fingerprint(text),
            })
        }
    }

    impl TextSource for Memory {
        fn get(&self, s: StoredText) -> std::io::Result<Box<str>> {
            let at = s.at as usize;
            Ok(self.0[at..at + usize::from(s.len)].into())
        }
    }

    #[test]
    fn a_stored_text_keeps_what_quotes_are_chosen_by_and_loads_back() {
        let mut store = Memory::default();
        let mut text = KeptText::from("Zu viele Berichte – überall.");
        let (chars, copy) = (text.chars(), text.clone());
        text.store(&mut store);
        assert!(matches!(text, KeptText::Stored(_)));
        assert_eq!(text.chars(), chars);
        assert!(text.is("Zu viele Berichte – überall."));
        assert!(!text.is("Zu viele Berichte – überall!"));
        assert_eq!(text.as_str(), "");
        text.load(&store).unwrap();
        assert_eq!(text, copy);
    }
}
