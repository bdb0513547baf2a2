//! Duplicate detection for respondent ids within one file, in small memory.
//!
//! Keeps a 64-bit hash of each id and the row that first used it, never the id text, in an
//! open-addressing table of 12-byte slots (hash, then row as `u32`), at most four fifths full
//! and grown by half: 14–21 MB for a million respondents (and 30 MB while growing), where a
//! `HashMap<u64, u64>` took 35 MB and power-of-two doubling 25 MB (38 MB while growing)
//! (issue 16). It knows no CSV or findings.

use std::collections::HashMap;

/// Slots of an empty table; any capacity works (a hash is mapped onto the slots by a
/// multiply, not a mask), so the table grows by half, not double.
const FIRST_CAPACITY: usize = 1024;

/// The ids seen so far in one file. The trade-off of hashing: two different ids could
/// collide (about 1 in 10^8 for a million respondents with a 64-bit hash), and the later row
/// would wrongly be rejected as a duplicate; the finding names both rows, so a reader can
/// check. Keeping every id as text would cost several times the memory for no practical gain.
#[derive(Debug, Default)]
pub(crate) struct RespondentIds {
    /// Each slot's id hash; `EMPTY` marks a free slot (a hash equal to it is stored as 1).
    hashes: Vec<u64>,
    /// Each slot's first row, when it fits in 32 bits (else `FAR`, and the row is in `far`).
    rows: Vec<u32>,
    /// Ids used.
    len: usize,
    /// First rows past `u32::MAX - 1` (a file of over four billion rows), by hash.
    far: HashMap<u64, u64>,
}

const EMPTY: u64 = 0;
const FAR: u32 = u32::MAX;

impl RespondentIds {
    /// A table sized for about `ids` ids at once, so that reading them never holds the old
    /// and the grown table together (30 MB at a million ids, against 18 MB for the table).
    /// An estimate too low only means growing as usual.
    pub(crate) fn for_about(ids: u64) -> Self {
        let slots = usize::try_from(ids.saturating_mul(5) / 4 + 1).unwrap_or(usize::MAX);
        RespondentIds {
            hashes: vec![EMPTY; slots.max(FIRST_CAPACITY)],
            rows: vec![0; slots.max(FIRST_CAPACITY)],
            ..RespondentIds::default()
        }
    }

    /// The row that first used `id`, or `None` after recording `row` as its first use.
    pub(crate) fn first_row(&mut self, id: &[u8], row: u64) -> Option<u64> {
        self.first_row_hashed(IdHash::of(id), row)
    }

    /// `first_row` for an id hashed beforehand (`IdHash::of`, on another thread perhaps).
    pub(crate) fn first_row_hashed(&mut self, hash: IdHash, row: u64) -> Option<u64> {
        // Linear probing keeps one probe per row in the common case: on large files the
        // lookup is a cache miss, the dominant cost of duplicate detection.
        if (self.len + 1) * 5 > self.hashes.len() * 4 {
            self.grow();
        }
        let hash = hash.0;
        let capacity = self.hashes.len();
        let mut slot = home(hash, capacity);
        loop {
            match self.hashes[slot] {
                EMPTY => {
                    self.hashes[slot] = hash;
                    self.rows[slot] = match u32::try_from(row) {
                        Ok(r) if r != FAR => r,
                        _ => {
                            self.far.insert(hash, row);
                            FAR
                        }
                    };
                    self.len += 1;
                    return None;
                }
                h if h == hash => {
                    return Some(match self.rows[slot] {
                        FAR => self.far.get(&hash).copied().unwrap_or(row),
                        r => u64::from(r),
                    });
                }
                _ => slot = next(slot, capacity),
            }
        }
    }

    /// Asks the processor to fetch the slot `first_row_hashed(hash, …)` will look at first,
    /// so that the cache miss of a row overlaps the work on the rows before it (a hint: it
    /// changes no result, and a table grown in between only makes it useless).
    pub(crate) fn prefetch(&self, hash: IdHash) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            let slot = home(hash.0, self.hashes.len());
            if let (Some(h), Some(r)) = (self.hashes.get(slot), self.rows.get(slot)) {
                // SAFETY: prefetching reads nothing the program sees and cannot fault; both
                // pointers are into live slices. SSE, which the intrinsic needs, is part of
                // every x86-64 processor.
                unsafe {
                    _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(h).cast());
                    _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(r).cast());
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = hash;
    }

    /// Grows the table by half (at four fifths full), moving every slot.
    fn grow(&mut self) {
        let capacity = (self.hashes.len() + self.hashes.len() / 2).max(FIRST_CAPACITY);
        let hashes = std::mem::replace(&mut self.hashes, vec![EMPTY; capacity]);
        let rows = std::mem::replace(&mut self.rows, vec![0; capacity]);
        for (hash, row) in hashes.into_iter().zip(rows) {
            if hash == EMPTY {
                continue;
            }
            let mut slot = home(hash, capacity);
            while self.hashes[slot] != EMPTY {
                slot = next(slot, capacity);
            }
            self.hashes[slot] = hash;
            self.rows[slot] = row;
        }
    }
}

/// The first slot to try for `hash`: its high bits scaled onto `capacity` slots (Lemire's
/// multiply-shift), so a capacity need not be a power of two.
fn home(hash: u64, capacity: usize) -> usize {
    ((u128::from(hash) * capacity as u128) >> 64) as usize
}

/// The slot after `slot`, wrapping at the end.
fn next(slot: usize, capacity: usize) -> usize {
    if slot + 1 == capacity {
        0
    } else {
        slot + 1
    }
}

/// A respondent id's 64-bit hash, as the table keeps it (never `EMPTY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdHash(u64);

impl IdHash {
    /// The hash of `id` (the id as read: trimmed, in bytes).
    pub(crate) fn of(id: &[u8]) -> IdHash {
        IdHash(match id_hash(id) {
            EMPTY => 1,
            h => h,
        })
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
    fn every_hash_has_a_home_inside_the_table_and_probing_wraps() {
        for capacity in [1024, 1536, 2304, 1_517_858] {
            assert_eq!(home(0, capacity), 0);
            assert_eq!(home(u64::MAX, capacity), capacity - 1);
            assert_eq!(home(1 << 63, capacity), capacity / 2);
            assert_eq!(next(capacity - 1, capacity), 0);
        }
    }

    #[test]
    fn a_table_sized_ahead_does_not_grow_for_as_many_ids() {
        let mut ids = RespondentIds::for_about(10_000);
        let capacity = ids.hashes.len();
        assert_eq!(capacity, 12_501);
        for i in 0..10_000u64 {
            assert_eq!(ids.first_row(format!("r{i}").as_bytes(), i + 2), None);
        }
        assert_eq!(ids.hashes.len(), capacity, "no growth");
        assert_eq!(ids.first_row(b"r9999", 1), Some(10_001));
        for i in 10_000..20_000u64 {
            ids.first_row(format!("r{i}").as_bytes(), i + 2);
        }
        assert!(ids.hashes.len() > capacity, "grows past the estimate");
        assert_eq!(ids.first_row(b"r15000", 1), Some(15_002));
    }

    #[test]
    fn remembers_the_first_row_of_each_id() {
        let mut ids = RespondentIds::default();
        assert_eq!(ids.first_row(b"r1", 2), None);
        assert_eq!(ids.first_row(b"r2", 3), None);
        assert_eq!(ids.first_row(b"r1", 4), Some(2));
        assert_eq!(ids.first_row(b"r1", 5), Some(2));
    }

    #[test]
    fn a_hash_taken_beforehand_finds_the_same_rows() {
        let mut ids = RespondentIds::default();
        // Prefetching an empty table, or a slot about to move when it grows, changes nothing.
        ids.prefetch(IdHash::of(b"r1"));
        assert_eq!(ids.first_row_hashed(IdHash::of(b"r1"), 2), None);
        for i in 0..5_000u64 {
            let id = format!("x{i}");
            ids.prefetch(IdHash::of(id.as_bytes()));
            assert_eq!(ids.first_row_hashed(IdHash::of(id.as_bytes()), i + 3), None);
        }
        assert_eq!(ids.first_row(b"r1", 9), Some(2));
        assert_eq!(ids.first_row_hashed(IdHash::of(b"x41"), 9), Some(44));
        assert_eq!(IdHash::of(b"r1"), IdHash::of(b"r1"));
        assert_ne!(IdHash::of(b"r1"), IdHash::of(b"r2"));
    }

    #[test]
    fn keeps_every_first_row_across_growth_and_beyond_32_bits() {
        let mut ids = RespondentIds::default();
        for i in 0..100_000u64 {
            assert_eq!(ids.first_row(format!("r{i}").as_bytes(), i + 2), None);
        }
        for i in (0..100_000u64).step_by(997) {
            assert_eq!(ids.first_row(format!("r{i}").as_bytes(), 1), Some(i + 2));
        }
        // 12 bytes a slot, at most four fifths full, grown by half from 1,024: 1024 x 1.5^12
        // (rounded down at each step) is the first capacity of 125,000 slots or more.
        let mut capacity = FIRST_CAPACITY;
        while capacity * 4 < 100_000 * 5 {
            capacity += capacity / 2;
        }
        assert_eq!(ids.hashes.len(), capacity);
        assert!((125_000..190_000).contains(&capacity), "{capacity}");
        let far = u64::from(u32::MAX) + 7;
        assert_eq!(ids.first_row(b"late", far), None);
        assert_eq!(ids.first_row(b"late", far + 1), Some(far));
        assert_eq!(ids.first_row(b"edge", u64::from(u32::MAX)), None);
        assert_eq!(ids.first_row(b"edge", 3), Some(u64::from(u32::MAX)));
    }
}
