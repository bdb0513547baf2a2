//! Duplicate detection for respondent ids within one file, in small memory.
//!
//! Keeps a 64-bit hash of each id and the row that first used it, never the id text: 16
//! bytes per respondent whatever the id length. It knows no CSV or findings.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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
    // A fixed-key word-at-a-time hash (wyhash-style folded multiply), the same on every run
    // so which rows collide is reproducible. About 4x cheaper than SipHash on short ids; ids
    // are not chosen by an adversary, so SipHash's flooding resistance buys nothing here.
    const K0: u64 = 0xa076_1d64_78bd_642f;
    const K1: u64 = 0xe703_7ed1_a0b4_28db;
    let mut h = K0 ^ id.len() as u64;
    let mut words = id.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = fold(h ^ u64::from_le_bytes(w), K1);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = fold(h ^ u64::from_le_bytes(w), K1);
    }
    fold(h, K0)
}

/// The 128-bit product of `a` and `b`, folded to 64 bits (every input bit moves the output).
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
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
    fn similar_ids_do_not_collide() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000u32 {
            for id in [
                format!("r{i}"),
                format!("respondent-{i:08}"),
                format!("R_{i:015}"),
            ] {
                assert!(seen.insert(id_hash(id.as_bytes())), "{id}");
            }
        }
        assert_ne!(id_hash(b""), id_hash(b"\0"));
    }

    #[test]
    fn remembers_the_first_row_of_each_id() {
        let mut ids = RespondentIds::default();
        assert_eq!(ids.first_row(b"r1", 2), None);
        assert_eq!(ids.first_row(b"r2", 3), None);
        assert_eq!(ids.first_row(b"r1", 4), Some(2));
        assert_eq!(ids.first_row(b"r1", 5), Some(2));
    }
}
