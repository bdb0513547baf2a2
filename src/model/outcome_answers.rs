//! A customer group's importance answers per outcome: thirty histograms, allocated at the
//! group's first answer, in bytes while every count fits one, and let go of once the group's
//! report is written (issue 16: 600 bytes a group, about 3 KB an organization, were held from
//! the group's first row to the end of the run).

use std::fmt;

use crate::model::outcome::OutcomeKey;
use crate::model::scale::{Likert, LikertHistogram};

/// The counts, as narrow as they fit; held behind one thin pointer (`OutcomeAnswers`).
#[derive(Clone)]
enum Counts {
    /// Every count below 256: 151 bytes. A group of a few dozen respondents never leaves it.
    Narrow(Narrow),
    /// Once a count reaches 256: 600 bytes more.
    Wide(Box<[LikertHistogram; OutcomeKey::COUNT]>),
}

/// Counts in bytes, and a bound on them.
#[derive(Clone)]
struct Narrow {
    counts: [[u8; 5]; OutcomeKey::COUNT],
    /// No count is above it (the respondents counted, or more after `set`): below 255, every
    /// count has room for one more without looking at each (half of `add_all`'s work, which
    /// ingest's sequential step does for every row).
    bound: u8,
}

/// Importance answers per outcome, by `OutcomeKey::index`; every histogram reads as empty
/// until the first answer. One pointer wide: the variant's tag sits in the block, not beside
/// the pointer, which kept a group one size class smaller (issue 16).
#[derive(Clone, Default)]
pub struct OutcomeAnswers(Option<Box<Counts>>);

impl OutcomeAnswers {
    /// The answers for the outcome at `index` (empty past the last outcome).
    pub fn get(&self, index: usize) -> LikertHistogram {
        match self.0.as_deref() {
            None => LikertHistogram::EMPTY,
            Some(Counts::Narrow(n)) => n.counts.get(index).map_or(LikertHistogram::EMPTY, |c| {
                LikertHistogram::from_counts(c.map(u32::from))
            }),
            Some(Counts::Wide(w)) => w.get(index).copied().unwrap_or(LikertHistogram::EMPTY),
        }
    }

    /// Counts one respondent's answers, by outcome index: the representation is looked at
    /// once per respondent, not once per answer (ingest's sequential step runs this per row).
    pub fn add_all(&mut self, answers: &[Option<Likert>; OutcomeKey::COUNT]) {
        if answers.iter().all(Option::is_none) {
            return;
        }
        if let Counts::Narrow(n) = self.held() {
            let fits = n.bound < u8::MAX
                || answers.iter().zip(n.counts.iter()).all(|(answer, counts)| {
                    answer.is_none_or(|v| counts[usize::from(v.get() - 1)] < u8::MAX)
                });
            if fits {
                n.bound = n.bound.saturating_add(1);
                for (answer, counts) in answers.iter().zip(n.counts.iter_mut()) {
                    if let Some(v) = answer {
                        counts[usize::from(v.get() - 1)] += 1;
                    }
                }
                return;
            }
            self.widen();
        }
        if let Some(Counts::Wide(w)) = self.0.as_deref_mut() {
            for (answer, hist) in answers.iter().zip(w.iter_mut()) {
                if let Some(v) = answer {
                    hist.add(*v);
                }
            }
        }
    }

    /// Replaces the answers for the outcome at `index` (`index < OutcomeKey::COUNT`).
    pub fn set(&mut self, index: usize, answers: LikertHistogram) {
        let narrow = answers.counts().map(u8::try_from);
        match self.held() {
            Counts::Narrow(n) if narrow.iter().all(Result::is_ok) => {
                n.counts[index] = narrow.map(|c| c.unwrap_or(u8::MAX));
                n.bound = n.counts[index].into_iter().fold(n.bound, u8::max);
            }
            Counts::Narrow(_) => {
                self.widen();
                self.set(index, answers);
            }
            Counts::Wide(w) => w[index] = answers,
        }
    }

    /// Lets go of the counts: the group reads as having rated no outcome from now on.
    pub fn clear(&mut self) {
        self.0 = None;
    }

    /// The counts, held from now on (narrow and empty when they were not).
    fn held(&mut self) -> &mut Counts {
        self.0.get_or_insert_with(|| {
            Box::new(Counts::Narrow(Narrow {
                counts: [[0; 5]; OutcomeKey::COUNT],
                bound: 0,
            }))
        })
    }

    /// Moves narrow counts to wide ones.
    fn widen(&mut self) {
        if let Some(counts) = &mut self.0 {
            if let Counts::Narrow(n) = &**counts {
                let wide = std::array::from_fn(|i| {
                    LikertHistogram::from_counts(n.counts[i].map(u32::from))
                });
                **counts = Counts::Wide(Box::new(wide));
            }
        }
    }
}

/// Equal when every count is: not held, narrow and wide are the same answers.
impl PartialEq for OutcomeAnswers {
    fn eq(&self, other: &Self) -> bool {
        (0..OutcomeKey::COUNT).all(|i| self.get(i) == other.get(i))
    }
}

impl fmt::Debug for OutcomeAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries((0..OutcomeKey::COUNT).map(|i| self.get(i)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn likert(v: u8) -> Likert {
        Likert::new(v).unwrap()
    }

    /// One respondent who rated only the outcome at `index`, `v`.
    fn only(index: usize, v: u8) -> [Option<Likert>; OutcomeKey::COUNT] {
        let mut answers = [None; OutcomeKey::COUNT];
        answers[index] = Some(likert(v));
        answers
    }

    #[test]
    fn reads_empty_until_counted_and_after_clear() {
        let mut answers = OutcomeAnswers::default();
        assert!(answers.0.is_none());
        assert_eq!(answers.get(3).answered(), 0);
        assert_eq!(answers.get(OutcomeKey::COUNT), LikertHistogram::EMPTY);
        answers.add_all(&only(3, 4));
        assert!(answers.0.is_some());
        assert_eq!(answers.get(3).counts(), [0, 0, 0, 1, 0]);
        assert_ne!(answers, OutcomeAnswers::default());
        answers.clear();
        assert!(answers.0.is_none());
        assert_eq!(answers, OutcomeAnswers::default());
        let mut set_empty = OutcomeAnswers::default();
        set_empty.set(0, LikertHistogram::EMPTY);
        assert!(set_empty.0.is_some());
        assert_eq!(set_empty, OutcomeAnswers::default());
    }

    #[test]
    fn a_respondent_counted_at_once_counts_as_answer_by_answer() {
        let mut answers = [None; OutcomeKey::COUNT];
        answers[0] = Some(likert(2));
        answers[29] = Some(likert(5));
        let (mut at_once, mut one_by_one) = (OutcomeAnswers::default(), OutcomeAnswers::default());
        for _ in 0..300 {
            at_once.add_all(&answers);
            one_by_one.add_all(&only(0, 2));
            one_by_one.add_all(&only(29, 5));
        }
        assert_eq!(at_once, one_by_one);
        assert_eq!(at_once.get(29).counts(), [0, 0, 0, 0, 300]);
        let mut none = OutcomeAnswers::default();
        none.add_all(&[None; OutcomeKey::COUNT]);
        assert!(none.0.is_none());
    }

    #[test]
    fn counts_past_a_byte_widen_without_losing_any() {
        let mut answers = OutcomeAnswers::default();
        for _ in 0..300 {
            answers.add_all(&only(7, 5));
        }
        answers.add_all(&only(2, 1));
        assert_eq!(answers.get(7).counts(), [0, 0, 0, 0, 300]);
        assert_eq!(answers.get(2).counts(), [1, 0, 0, 0, 0]);
        assert!(matches!(answers.0.as_deref(), Some(Counts::Wide(_))));
        let mut narrow = OutcomeAnswers::default();
        narrow.add_all(&only(2, 1));
        let mut set = OutcomeAnswers::default();
        set.set(2, LikertHistogram::from_counts([1, 0, 0, 0, 0]));
        assert_eq!(narrow, set);
        set.set(9, LikertHistogram::from_counts([70_000, 0, 3, 0, 0]));
        assert_eq!(set.get(9).counts(), [70_000, 0, 3, 0, 0]);
        assert_eq!(set.get(2).counts(), [1, 0, 0, 0, 0]);
    }

    #[test]
    fn a_count_set_to_a_bytes_limit_still_widens_on_the_next_answer() {
        // Counted past the bound that spares the check: the set count is full.
        let mut answers = OutcomeAnswers::default();
        answers.add_all(&only(0, 3));
        answers.set(4, LikertHistogram::from_counts([255, 0, 0, 0, 0]));
        answers.add_all(&only(4, 1));
        assert_eq!(answers.get(4).counts(), [256, 0, 0, 0, 0]);
        assert_eq!(answers.get(0).counts(), [0, 0, 1, 0, 0]);
        // One answer counted 256 times: 255 fit a byte, the 256th widens.
        let mut added = OutcomeAnswers::default();
        for n in 1..=256 {
            added.add_all(&only(1, 2));
            assert_eq!(added.get(1).counts(), [0, n, 0, 0, 0]);
        }
        assert!(matches!(added.0.as_deref(), Some(Counts::Wide(_))));
    }
}
