//! Survey scales and their exact, streaming-friendly summaries.
//!
//! Answers on a closed scale (1–5 Likert, 0–10 NPS) are summarized in a histogram. A histogram
//! gives the exact mean, median and NPS in constant memory, which is what lets ingest aggregate
//! while streaming instead of keeping every row.

use serde::Serialize;

/// A 1–5 answer (importance, maturity, satisfaction, risk tolerance…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Likert(u8);

impl Likert {
    /// Accepts 1 to 5.
    pub fn new(value: u8) -> Option<Self> {
        (1..=5).contains(&value).then_some(Likert(value))
    }

    /// The value, 1 to 5.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A 0–10 "how likely are you to recommend" answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct NpsAnswer(u8);

impl NpsAnswer {
    /// Accepts 0 to 10.
    pub fn new(value: u8) -> Option<Self> {
        (value <= 10).then_some(NpsAnswer(value))
    }

    /// The value, 0 to 10.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Counts of answers on a 1–5 scale; missing answers are not counted (never 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LikertHistogram([u32; 5]);

impl LikertHistogram {
    /// No answers.
    pub const EMPTY: LikertHistogram = LikertHistogram([0; 5]);

    /// The histogram of these counts per value 1..=5.
    pub const fn from_counts(counts: [u32; 5]) -> Self {
        LikertHistogram(counts)
    }

    /// Counts one answer.
    pub fn add(&mut self, value: Likert) {
        self.0[usize::from(value.0 - 1)] += 1;
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// The count per value 1..=5.
    pub fn counts(&self) -> [u32; 5] {
        self.0
    }

    /// How many answers were given.
    pub fn answered(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The mean, or `None` when nobody answered.
    pub fn mean(&self) -> Option<f64> {
        let n = self.answered();
        (n > 0).then(|| {
            let sum: u64 = (1u64..).zip(self.0).map(|(v, c)| v * u64::from(c)).sum();
            sum as f64 / f64::from(n)
        })
    }

    /// The median (the mean of the two middle values for an even count), or `None`.
    pub fn median(&self) -> Option<f64> {
        median_of_counts(&self.0, 1)
    }
}

/// Counts of 0–10 recommendation answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NpsHistogram([u32; 11]);

impl NpsHistogram {
    /// Counts one answer.
    pub fn add(&mut self, value: NpsAnswer) {
        self.0[usize::from(value.0)] += 1;
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &Self) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// How many answers were given.
    pub fn answered(&self) -> u32 {
        self.0.iter().sum()
    }

    /// Promoters (9–10) among the answers.
    pub fn promoters(&self) -> u32 {
        self.0[9] + self.0[10]
    }

    /// Detractors (0–6) among the answers.
    pub fn detractors(&self) -> u32 {
        self.0[..7].iter().sum()
    }

    /// Net Promoter Score, % promoters − % detractors (−100…+100), or `None` with no answers.
    pub fn score(&self) -> Option<f64> {
        let n = self.answered();
        (n > 0).then(|| {
            (f64::from(self.promoters()) - f64::from(self.detractors())) * 100.0 / f64::from(n)
        })
    }
}

/// Median of values `first..` given their counts.
fn median_of_counts(counts: &[u32], first: u32) -> Option<f64> {
    let n: u32 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    // 0-based ranks of the middle element(s).
    let nth = |rank: u32| -> u32 {
        let mut seen = 0;
        for (value, count) in (first..).zip(counts) {
            seen += count;
            if seen > rank {
                return value;
            }
        }
        unreachable!("rank < total count")
    };
    let lo = nth((n - 1) / 2);
    let hi = nth(n / 2);
    Some(f64::from(lo + hi) / 2.0)
}

/// Rounds to a fixed number of decimals, so that JSON and reports never show float noise.
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn likert(values: &[u8]) -> LikertHistogram {
        let mut h = LikertHistogram::default();
        for v in values {
            h.add(Likert::new(*v).unwrap());
        }
        h
    }

    #[test]
    fn mean_and_median_are_exact() {
        let h = likert(&[1, 2, 2, 5]);
        assert_eq!(h.mean(), Some(2.5));
        assert_eq!(h.median(), Some(2.0));
        assert_eq!(likert(&[1, 4, 5]).median(), Some(4.0));
        assert_eq!(LikertHistogram::default().mean(), None);
    }

    #[test]
    fn nps_counts_promoters_minus_detractors() {
        let mut h = NpsHistogram::default();
        for v in [10, 9, 8, 6, 0] {
            h.add(NpsAnswer::new(v).unwrap());
        }
        assert_eq!(h.score(), Some(0.0));
        assert_eq!(NpsAnswer::new(11), None);
        assert_eq!(Likert::new(0), None);
    }
}
