//! Duplicate detection for respondent ids within one file, in small memory.
//!
//! Never keeps the id text. Ids numbered in sequence (`1, 2, 3`, `R1, R2`, `resp-000123`,
//! in file order) are kept as runs (`runs.rs`): a file of a million such ids holds a few
//! runs. Every other id is kept as a 64-bit hash and the row that first used it (`table.rs`,
//! 12 to 21 bytes an id). It knows no CSV or findings.

mod runs;
mod table;

use runs::{Numbered, Runs};
use table::{IdTable, EMPTY};

/// The ids seen so far in one file. The trade-off of hashing: two different ids could
/// collide (about 1 in 10^8 for a million respondents with a 64-bit hash), and the later row
/// would wrongly be rejected as a duplicate; the finding names both rows, so a reader can
/// check. Keeping every id as text would cost several times the memory for no practical gain.
#[derive(Debug, Default)]
pub(crate) struct RespondentIds {
    runs: Runs,
    table: IdTable,
    /// About how many ids the file holds (an estimate; 0: unknown).
    expected: u64,
    /// Ids recorded so far.
    recorded: u64,
}

impl RespondentIds {
    /// The ids of a file of about `ids` ids: once most of them prove not to be numbered in
    /// sequence, the table makes room for them all at once, so that reading them never holds
    /// the old and the grown table together. An estimate too low only means growing as usual.
    pub(crate) fn expecting(ids: u64) -> Self {
        RespondentIds {
            expected: ids,
            ..RespondentIds::default()
        }
    }

    /// The row that first used `id`, or `None` after recording `row` as its first use.
    pub(crate) fn first_row(&mut self, id: &[u8], row: u64) -> Option<u64> {
        self.first_row_keyed(IdKey::of(id), row)
    }

    /// `first_row` for an id keyed beforehand (`IdKey::of`, on another thread perhaps).
    pub(crate) fn first_row_keyed(&mut self, key: IdKey, row: u64) -> Option<u64> {
        if let Some(first) = key.numbered.and_then(|id| self.runs.first_row(id)) {
            return Some(first);
        }
        if let Some(first) = self.table.get(key.hash) {
            return Some(first);
        }
        self.recorded += 1;
        let spilled = match key.numbered {
            Some(id) => self.runs.add(id, row, key.hash),
            None => Some((key.hash, row)),
        };
        if let Some((hash, row)) = spilled {
            if self.table.len() * 2 >= self.recorded as usize {
                // Most ids land here: room for the file's all at once (a no-op once done).
                self.table.reserve(self.expected);
            }
            self.table.insert(hash, row);
        }
        None
    }

    /// Asks the processor to fetch what `first_row_keyed(key, …)` will look at in the table,
    /// so that the cache miss of a row overlaps the work on the rows before it (a hint: it
    /// changes no result).
    pub(crate) fn prefetch(&self, key: IdKey) {
        self.table.prefetch(key.hash);
    }
}

/// A respondent id as the duplicate check keeps it: its 64-bit hash (never `EMPTY`) and, when
/// it ends in a number, its family and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdKey {
    hash: u64,
    numbered: Option<Numbered>,
}

/// Digits of the longest number read as one (`10^19 - 1` fits in 64 bits); an id ending in
/// more is only hashed.
const MAX_DIGITS: usize = 19;

impl IdKey {
    /// The key of `id` (the id as read: trimmed, in bytes).
    pub(crate) fn of(id: &[u8]) -> IdKey {
        let hash = match id_hash(id) {
            EMPTY => 1,
            h => h,
        };
        let digits = id.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        // The family takes the number's width: `R01` is not `R1`, and `R10` follows `R9`
        // only as a new run (ids are the same bytes or different ids).
        let numbered = (1..=MAX_DIGITS).contains(&digits).then(|| {
            let (prefix, number) = id.split_at(id.len() - digits);
            let value = number
                .iter()
                .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
            (fold(id_hash(prefix) ^ digits as u64, K1), value)
        });
        IdKey { hash, numbered }
    }
}

const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;

fn id_hash(id: &[u8]) -> u64 {
    // A fixed-key word-at-a-time hash (wyhash-style folded multiply), the same on every run
    // so which rows collide is reproducible. About 4x cheaper than SipHash on short ids; ids
    // are not chosen by an adversary, so SipHash's flooding resistance buys nothing here.
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
mod tests;
