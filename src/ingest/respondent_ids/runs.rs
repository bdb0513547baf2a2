//! Numbered ids in sequence, held as runs: most survey platforms number their responses
//! (`1, 2, 3` in LimeSurvey, REDCap and Microsoft Forms; `R1, R2, …` or `resp-000123` in
//! exports of our own format), and a file lists them in order. A run keeps a family (the
//! text before the number and the number's width), its first number, its length and its
//! first row, so a million ids in sequence take a few runs, not a million table slots.
//!
//! Only runs of two or more ids are kept: a number that does not continue the open run waits
//! as `pending` for the next; if that one does not continue it either, the pending id goes
//! to the table (`RespondentIds` puts it there). So ids that are not in sequence (random
//! ids, or numbers with gaps) cost the table's slot, as before, and never a run each.

use std::collections::BTreeMap;

/// One numbered id: its family (a hash of the text before the number and of the number's
/// width, so `R01` and `R1` differ) and its number.
pub(super) type Numbered = (u64, u64);

/// Ids `start..start + len` of one family, at rows `row..row + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    family: u64,
    start: u64,
    len: u64,
    row: u64,
}

impl Run {
    /// The row of `number` of `family`, when the run holds it.
    fn row_of(&self, (family, number): Numbered) -> Option<u64> {
        (family == self.family && number >= self.start && number - self.start < self.len)
            .then(|| self.row + (number - self.start))
    }

    /// Whether `number` of `family` at `row` is the run's next id.
    fn continues(&self, (family, number): Numbered, row: u64) -> bool {
        family == self.family
            && Some(number) == self.start.checked_add(self.len)
            && Some(row) == self.row.checked_add(self.len)
    }
}

/// The run the ids being read continue.
#[derive(Debug, Clone, Copy)]
struct Open {
    run: Run,
    /// No closed run of its family holds a number from here on: the next id of the run,
    /// usually past it, needs no look in the map (a lookup a row cost 10-15% of ingest).
    clear_from: u64,
}

/// The runs of one file's numbered ids.
#[derive(Debug, Default)]
pub(super) struct Runs {
    /// Closed runs by (family, first number).
    closed: BTreeMap<(u64, u64), Run>,
    /// The run the ids being read continue, kept out of the map so that extending it costs
    /// no lookup.
    open: Option<Open>,
    /// A numbered id waiting to start a run with the next one, and its full hash.
    pending: Option<(Run, u64)>,
}

impl Runs {
    /// The first row of `id`, when a run (or the pending id) holds it.
    pub(super) fn first_row(&self, id: Numbered) -> Option<u64> {
        if let Some(row) = self.pending.and_then(|(run, _)| run.row_of(id)) {
            return Some(row);
        }
        if let Some(open) = &self.open {
            if let Some(row) = open.run.row_of(id) {
                return Some(row);
            }
            if id.0 == open.run.family && id.1 >= open.clear_from {
                return None;
            }
        }
        let (_, run) = self.closed.range(..=(id.0, id.1)).next_back()?;
        run.row_of(id)
    }

    /// Records `id`, new to the file, as first used at `row`; `hash` is its full hash. Returns
    /// the (hash, row) of an id that no run will hold, for the table.
    pub(super) fn add(&mut self, id: Numbered, row: u64, hash: u64) -> Option<(u64, u64)> {
        if let Some(open) = &mut self.open {
            if open.run.continues(id, row) {
                open.run.len += 1;
                return None;
            }
        }
        if let Some((pending, _)) = self.pending {
            if pending.continues(id, row) {
                self.pending = None;
                if let Some(done) = self.open.take() {
                    self.closed
                        .insert((done.run.family, done.run.start), done.run);
                }
                // Runs never overlap: the family's run that starts last ends last.
                let clear_from = self
                    .closed
                    .range((pending.family, 0)..=(pending.family, u64::MAX))
                    .next_back()
                    .map_or(0, |(_, run)| run.start.saturating_add(run.len));
                self.open = Some(Open {
                    run: Run { len: 2, ..pending },
                    clear_from,
                });
                return None;
            }
        }
        let single = Run {
            family: id.0,
            start: id.1,
            len: 1,
            row,
        };
        self.pending
            .replace((single, hash))
            .map(|(run, hash)| (hash, run.row))
    }

    /// Runs kept, the open one included (tests of the memory bound).
    #[cfg(test)]
    pub(super) fn count(&self) -> usize {
        self.closed.len() + usize::from(self.open.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_sequence_take_one_run_and_each_keeps_its_row() {
        let mut runs = Runs::default();
        for n in 1..=10_000u64 {
            assert_eq!(runs.first_row((7, n)), None);
            assert_eq!(runs.add((7, n), n + 1, n), None);
        }
        assert_eq!(runs.count(), 1);
        assert_eq!(runs.first_row((7, 1)), Some(2));
        assert_eq!(runs.first_row((7, 5_000)), Some(5_001));
        assert_eq!(runs.first_row((7, 10_000)), Some(10_001));
        assert_eq!(runs.first_row((7, 10_001)), None);
        assert_eq!(runs.first_row((8, 5_000)), None, "another family");
    }

    #[test]
    fn a_break_closes_the_run_and_a_lone_number_goes_to_the_table() {
        let mut runs = Runs::default();
        // 1..=3 at rows 2..=4; a row skipped (rejected for another reason): 4..=5 at 6..=7.
        for (n, row) in [(1, 2), (2, 3), (3, 4), (4, 6), (5, 7)] {
            assert_eq!(runs.add((1, n), row, 100 + n), None, "{n}");
        }
        assert_eq!(runs.count(), 2);
        assert_eq!(runs.first_row((1, 3)), Some(4));
        assert_eq!(runs.first_row((1, 4)), Some(6));
        // Out of sequence: 90 waits, 40 pushes it out to the table, 41 pairs with 40.
        assert_eq!(runs.add((1, 90), 8, 190), None);
        assert_eq!(
            runs.first_row((1, 90)),
            Some(8),
            "the pending id is found too"
        );
        assert_eq!(runs.add((1, 40), 9, 140), Some((190, 8)));
        assert_eq!(runs.first_row((1, 90)), None, "now the table's");
        assert_eq!(runs.add((1, 41), 10, 141), None);
        assert_eq!(runs.count(), 3);
        assert_eq!(runs.first_row((1, 41)), Some(10));
        assert_eq!(
            runs.first_row((1, 5)),
            Some(7),
            "closed runs are still found"
        );
    }

    #[test]
    fn a_run_read_earlier_further_on_is_still_found() {
        let mut runs = Runs::default();
        // 500..=502 at rows 2..=4, then 1, 2, … from row 5: its numbers reach 500.
        for (n, row) in [(500, 2), (501, 3), (502, 4)] {
            assert_eq!(runs.add((1, n), row, n), None);
        }
        for n in 1..500u64 {
            assert_eq!(runs.first_row((1, n)), None);
            assert_eq!(runs.add((1, n), n + 4, n), None);
        }
        assert_eq!(runs.first_row((1, 500)), Some(2));
        assert_eq!(runs.first_row((1, 502)), Some(4));
        assert_eq!(runs.first_row((1, 503)), None);
        assert_eq!(runs.first_row((1, 499)), Some(503));
    }

    #[test]
    fn the_largest_numbers_do_not_overflow() {
        let mut runs = Runs::default();
        assert_eq!(runs.add((1, u64::MAX), u64::MAX, 9), None);
        assert_eq!(runs.first_row((1, u64::MAX)), Some(u64::MAX));
        assert_eq!(runs.add((1, 0), 3, 10), Some((9, u64::MAX)));
    }
}
