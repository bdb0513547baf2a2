//! `data_quality.issues`: every finding, written in full and read back as a count.
//!
//! A finding is a `Diagnostic`, whose code is a `&'static str` of the build that wrote it, so
//! it cannot be rebuilt from a file; and history needs only how many findings a period had.
//! Reading counts the elements without keeping them, which also keeps a result with thousands
//! of findings cheap to read back.

use std::fmt;

use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::Diagnostic;

/// The findings of a result: the model's, when written; their number, when read back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IssuesJson<'a> {
    /// The findings being written.
    Written(&'a [Diagnostic]),
    /// How many findings a result read back lists.
    Read(u64),
}

impl IssuesJson<'_> {
    /// How many findings.
    pub fn count(&self) -> u64 {
        match self {
            IssuesJson::Written(list) => list.len() as u64,
            IssuesJson::Read(n) => *n,
        }
    }
}

impl Serialize for IssuesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IssuesJson::Written(list) => list.serialize(s),
            // Nothing writes a result it read back; failing beats writing a wrong list.
            IssuesJson::Read(_) => Err(serde::ser::Error::custom(
                "findings read back as a count cannot be written again",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for IssuesJson<'_> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(Count)
    }
}

/// Counts the elements of a sequence, skipping their contents.
struct Count;

impl<'de> Visitor<'de> for Count {
    type Value = IssuesJson<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut n = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            n += 1;
        }
        Ok(IssuesJson::Read(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Location, Severity};

    #[test]
    fn findings_are_written_whole_and_read_back_as_their_count() {
        let findings = [
            Diagnostic::new("I101", Severity::Warning, "a", Location::None),
            Diagnostic::new("I102", Severity::Info, "b", Location::None),
        ];
        let text = serde_json::to_string(&IssuesJson::Written(&findings)).unwrap();
        assert!(text.starts_with("[{\"code\":\"I101\""), "{text}");
        let read: IssuesJson = serde_json::from_str(&text).unwrap();
        assert_eq!(read, IssuesJson::Read(2));
        assert_eq!(read.count(), IssuesJson::Written(&findings).count());
        assert!(serde_json::to_string(&read).is_err());
        let err = serde_json::from_str::<IssuesJson>("3").unwrap_err();
        assert!(err.to_string().contains("expected an array"), "{err}");
    }
}
