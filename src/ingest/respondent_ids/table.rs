//! The hashed ids: an open-addressing table of 12-byte slots (a 64-bit hash of the id, then
//! its first row as `u32`), at most four fifths full and grown by half: 14–21 MB for a
//! million ids (and 30 MB while growing, unless sized ahead), where a `HashMap<u64, u64>`
//! took 35 MB and power-of-two doubling 25 MB (38 MB while growing) (issue 16). It holds
//! the ids that `runs` does not: those not numbered in sequence.

use std::collections::HashMap;

/// Slots of an empty table; any capacity works (a hash is mapped onto the slots by a
/// multiply, not a mask), so the table grows by half, not double.
const FIRST_CAPACITY: usize = 1024;

/// Id hashes and their first rows.
#[derive(Debug, Default)]
pub(super) struct IdTable {
    /// Each slot's id hash; `EMPTY` marks a free slot (`IdKey` never hashes to it).
    hashes: Vec<u64>,
    /// Each slot's first row, when it fits in 32 bits (else `FAR`, and the row is in `far`).
    rows: Vec<u32>,
    /// Ids held.
    len: usize,
    /// First rows past `u32::MAX - 1` (a file of over four billion rows), by hash.
    far: HashMap<u64, u64>,
}

/// The hash no id has (a free slot).
pub(super) const EMPTY: u64 = 0;
const FAR: u32 = u32::MAX;

impl IdTable {
    /// Ids held.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Makes room for about `ids` ids at once, so that reading them never holds the old and
    /// the grown table together (30 MB at a million ids, against 18 MB for the table). An
    /// estimate too low only means growing as usual.
    pub(super) fn reserve(&mut self, ids: u64) {
        let slots = usize::try_from(ids.saturating_mul(5) / 4 + 1).unwrap_or(usize::MAX);
        if slots > self.hashes.len() {
            self.rehash(slots.max(FIRST_CAPACITY));
        }
    }

    /// The first row of the id hashed to `hash`, if the table holds it.
    pub(super) fn get(&self, hash: u64) -> Option<u64> {
        let capacity = self.hashes.len();
        if capacity == 0 {
            return None;
        }
        // Linear probing keeps one probe per row in the common case: on large files the
        // lookup is a cache miss, the dominant cost of duplicate detection.
        let mut slot = home(hash, capacity);
        loop {
            match self.hashes[slot] {
                EMPTY => return None,
                h if h == hash => {
                    return Some(match self.rows[slot] {
                        FAR => self.far.get(&hash).copied().unwrap_or(u64::MAX),
                        r => u64::from(r),
                    })
                }
                _ => slot = next(slot, capacity),
            }
        }
    }

    /// Records `row` as the first row of `hash`, which the table does not hold yet.
    pub(super) fn insert(&mut self, hash: u64, row: u64) {
        if (self.len + 1) * 5 > self.hashes.len() * 4 {
            let capacity = self.hashes.len() + self.hashes.len() / 2;
            self.rehash(capacity.max(FIRST_CAPACITY));
        }
        let capacity = self.hashes.len();
        let mut slot = home(hash, capacity);
        while self.hashes[slot] != EMPTY {
            slot = next(slot, capacity);
        }
        self.hashes[slot] = hash;
        self.rows[slot] = match u32::try_from(row) {
            Ok(r) if r != FAR => r,
            _ => {
                self.far.insert(hash, row);
                FAR
            }
        };
        self.len += 1;
    }

    /// Asks the processor to fetch the slot a lookup of `hash` will look at first, so that
    /// the cache miss of a row overlaps the work on the rows before it (a hint: it changes no
    /// result, and a table grown in between only makes it useless).
    pub(super) fn prefetch(&self, hash: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            let slot = home(hash, self.hashes.len());
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

    /// Moves every slot into a table of `capacity` slots.
    fn rehash(&mut self, capacity: usize) {
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

    /// Slots, for tests of the sizing.
    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        self.hashes.len()
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut table = IdTable::default();
        table.reserve(10_000);
        let capacity = table.capacity();
        assert_eq!(capacity, 12_501);
        // Hashes spread over the whole range, as `IdKey`'s are.
        let hash = |i: u64| (i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for i in 0..10_000u64 {
            assert_eq!(table.get(hash(i)), None);
            table.insert(hash(i), i + 2);
        }
        assert_eq!(table.capacity(), capacity, "no growth");
        assert_eq!(table.get(hash(9_999)), Some(10_001));
        for i in 10_000..20_000u64 {
            table.insert(hash(i), i + 2);
        }
        assert!(table.capacity() > capacity, "grows past the estimate");
        assert_eq!(table.get(hash(15_000)), Some(15_002));
        // A smaller reservation changes nothing.
        let grown = table.capacity();
        table.reserve(10);
        assert_eq!(table.capacity(), grown);
    }

    #[test]
    fn keeps_every_first_row_across_growth_and_beyond_32_bits() {
        let mut table = IdTable::default();
        assert_eq!(table.get(7), None, "an empty table has no slot to look at");
        table.prefetch(7);
        let hash = |i: u64| (i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for i in 0..100_000u64 {
            table.insert(hash(i), i + 2);
        }
        for i in (0..100_000u64).step_by(997) {
            assert_eq!(table.get(hash(i)), Some(i + 2));
        }
        // At most four fifths full, grown by half from 1,024: 1024 x 1.5^12 (rounded down at
        // each step) is the first capacity of 125,000 slots or more.
        let mut capacity = FIRST_CAPACITY;
        while capacity * 4 < 100_000 * 5 {
            capacity += capacity / 2;
        }
        assert_eq!(table.capacity(), capacity);
        assert!((125_000..190_000).contains(&capacity), "{capacity}");
        let far = u64::from(u32::MAX) + 7;
        table.insert(1, far);
        assert_eq!(table.get(1), Some(far));
        table.insert(2, u64::from(u32::MAX));
        assert_eq!(table.get(2), Some(u64::from(u32::MAX)));
    }
}
