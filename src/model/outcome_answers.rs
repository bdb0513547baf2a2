//! A customer group's importance answers per outcome: thirty histograms, allocated at the
//! group's first answer and let go of once its report is written (issue 16: 600 bytes a group,
//! about 3 KB an organization, were held to the end of a run that no longer read them).

use std::fmt;
use std::ops::{Deref, DerefMut};

use crate::model::outcome::OutcomeKey;
use crate::model::scale::LikertHistogram;

/// One histogram per outcome, indexed by `OutcomeKey::index`.
pub type Histograms = [LikertHistogram; OutcomeKey::COUNT];

/// What a group without answers reads as.
static NONE_ANSWERED: Histograms = [LikertHistogram::EMPTY; OutcomeKey::COUNT];

/// Importance answers per outcome; reads as every histogram empty until the first is written.
#[derive(Clone, Default)]
pub struct OutcomeAnswers(Option<Box<Histograms>>);

impl OutcomeAnswers {
    /// Lets go of the counts: the group reads as having rated no outcome from now on.
    pub fn clear(&mut self) {
        self.0 = None;
    }

    /// Whether the histograms are held (any was written and none cleared since).
    pub fn is_held(&self) -> bool {
        self.0.is_some()
    }
}

impl Deref for OutcomeAnswers {
    type Target = Histograms;

    fn deref(&self) -> &Histograms {
        self.0.as_deref().unwrap_or(&NONE_ANSWERED)
    }
}

impl DerefMut for OutcomeAnswers {
    fn deref_mut(&mut self) -> &mut Histograms {
        self.0.get_or_insert_with(|| Box::new(NONE_ANSWERED))
    }
}

/// Equal when every count is: not held and held but empty are the same answers.
impl PartialEq for OutcomeAnswers {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for OutcomeAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scale::Likert;

    #[test]
    fn reads_empty_until_written_and_after_clear() {
        let mut answers = OutcomeAnswers::default();
        assert!(!answers.is_held());
        assert_eq!(answers[3].answered(), 0);
        assert!(!answers.is_held(), "reading allocates nothing");
        answers[3].add(Likert::new(4).unwrap());
        assert!(answers.is_held());
        assert_eq!(answers[3].counts(), [0, 0, 0, 1, 0]);
        assert_ne!(answers, OutcomeAnswers::default());
        answers.clear();
        assert!(!answers.is_held());
        assert_eq!(answers, OutcomeAnswers::default());
        let mut held_empty = OutcomeAnswers::default();
        let _ = &mut held_empty[0];
        assert!(held_empty.is_held());
        assert_eq!(held_empty, OutcomeAnswers::default());
    }
}
