//! Duplicate detection for respondent ids within one file, in small memory.
//!
//! Keeps a 64-bit hash of each id and the row that first used it, never the id text: 16
//! bytes per respondent whatever the id length. It knows no CSV or findings.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

/// The ids seen so far in one file. The trade-off of hashing: two different ids could
/// collide (about 1 in 10^8 for a million respondents with a 64-bit hash), and the later row
/// would wrongly be rejected as a duplicate; the finding names both rows, so a reader can
/// check. Keeping every id as text would cost several times the memory for no practical gain.
#[derive(Debug, Default)]
pub(crate) struct RespondentIds {
    first_rows: HashMap<u64, u64, BuildHasherDefault<IdentityHasher>>,
}

impl RespondentIds {
    /// The row that first used `id`, or `None` after recording `row` as its first use.
    pub(crate) fn first_row(&mut self, id: &[u8], row: u64) -> Option<u64> {
        // One probe per row (`entry`): on large files the lookup is a cache miss, the
        // dominant cost of duplicate detection.
        match self.first_rows.entry(id_hash(id)) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(row);
                None
            }
        }
    }
}

fn id_hash(id: &[u8]) -> u64 {
    // `DefaultHasher::new()` has fixed keys, so the hash (and which rows collide) is the same
    // on every run.
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// Keys are already hashes: hashing them again would only cost time.
#[derive(Debug, Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are used; fold anything else in so the hasher stays correct.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_first_row_of_each_id() {
        let mut ids = RespondentIds::default();
        assert_eq!(ids.first_row(b"r1", 2), None);
        assert_eq!(ids.first_row(b"r2", 3), None);
        assert_eq!(ids.first_row(b"r1", 4), Some(2));
        assert_eq!(ids.first_row(b"r1", 5), Some(2));
    }
}
