//! Peer benchmarks: percentiles of satisfaction, Net Promoter Score and maturity by industry
//! and size band, from a file the user supplies (`[inputs] benchmark`).
//!
//! Plain data; `ingest::read_benchmark` builds it and the report sets an organization beside
//! the most specific row that fits it. The benchmark's organizations have a PMO, so scores
//! gathered where there is none are never set against it (the report says why instead).

use crate::key_enum;
use crate::model::baseline::Industry;

key_enum! {
    /// Organization size by employees.
    pub enum SizeBand: "size band" {
        /// Fewer than 1,000 employees.
        Small = "small",
        /// 1,000 to 9,999 employees.
        Medium = "medium",
        /// 10,000 employees or more.
        Large = "large",
    }
}

impl SizeBand {
    /// The band of an organization with `employees` people.
    pub fn of(employees: u32) -> SizeBand {
        match employees {
            0..=999 => SizeBand::Small,
            1_000..=9_999 => SizeBand::Medium,
            _ => SizeBand::Large,
        }
    }
}

key_enum! {
    /// What a benchmark row measures.
    pub enum PeerMeasure: "benchmark measure" {
        /// Mean customer satisfaction with the PMO, 1–5.
        Satisfaction = "satisfaction",
        /// Net Promoter Score of the PMO, −100 to +100.
        Nps = "nps",
        /// Mean self-assessed project-management maturity of the PMO's customers, 1–5.
        Maturity = "maturity",
    }
}

impl PeerMeasure {
    /// The range a value of this measure must lie in.
    pub fn range(self) -> (f64, f64) {
        match self {
            PeerMeasure::Nps => (-100.0, 100.0),
            PeerMeasure::Satisfaction | PeerMeasure::Maturity => (1.0, 5.0),
        }
    }
}

/// One row: the quartiles of one measure among peers of one industry and size band.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchmarkRow {
    /// The industry, or `None` for every industry (`all`).
    pub industry: Option<Industry>,
    /// The size band, or `None` for every size (`all`).
    pub size: Option<SizeBand>,
    /// What it measures.
    pub measure: PeerMeasure,
    /// Lower quartile, median and upper quartile (p25 ≤ p50 ≤ p75).
    pub quartiles: [f64; 3],
    /// 1-based row in the file, for the report's note.
    pub row: u64,
}

/// Where a value stands against a row's quartiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Below the lower quartile.
    BottomQuarter,
    /// From the lower quartile to below the median.
    BelowMedian,
    /// From the median to the upper quartile.
    AboveMedian,
    /// Above the upper quartile.
    TopQuarter,
}

impl BenchmarkRow {
    /// Where `value` stands among the peers.
    pub fn standing(&self, value: f64) -> Standing {
        let [p25, p50, p75] = self.quartiles;
        if value < p25 {
            Standing::BottomQuarter
        } else if value < p50 {
            Standing::BelowMedian
        } else if value <= p75 {
            Standing::AboveMedian
        } else {
            Standing::TopQuarter
        }
    }
}

/// A benchmark file's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    /// The file, as given (for the report's note).
    pub file: String,
    /// Rows in file order.
    pub rows: Vec<BenchmarkRow>,
}

impl Benchmark {
    /// The most specific row for a measure: industry and size, then industry alone, then size
    /// alone, then every organization.
    pub fn find(
        &self,
        industry: Option<Industry>,
        size: Option<SizeBand>,
        measure: PeerMeasure,
    ) -> Option<&BenchmarkRow> {
        let fits = |i: Option<Industry>, s: Option<SizeBand>| {
            self.rows
                .iter()
                .find(|r| r.measure == measure && r.industry == i && r.size == s)
        };
        let exact = industry.and_then(|i| size.and_then(|s| fits(Some(i), Some(s))));
        exact
            .or_else(|| industry.and_then(|i| fits(Some(i), None)))
            .or_else(|| size.and_then(|s| fits(None, Some(s))))
            .or_else(|| fits(None, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(industry: Option<Industry>, size: Option<SizeBand>, p50: f64) -> BenchmarkRow {
        BenchmarkRow {
            industry,
            size,
            measure: PeerMeasure::Satisfaction,
            quartiles: [p50 - 0.5, p50, p50 + 0.5],
            row: 2,
        }
    }

    #[test]
    fn the_most_specific_row_wins_and_standing_reads_the_quartiles() {
        let b = Benchmark {
            file: "b.csv".into(),
            rows: vec![
                row(None, None, 3.0),
                row(Some(Industry::Healthcare), None, 3.2),
                row(Some(Industry::Healthcare), Some(SizeBand::Large), 3.4),
            ],
        };
        let find = |i, s| b.find(i, s, PeerMeasure::Satisfaction).unwrap().quartiles[1];
        assert_eq!(find(Some(Industry::Healthcare), Some(SizeBand::Large)), 3.4);
        assert_eq!(find(Some(Industry::Healthcare), Some(SizeBand::Small)), 3.2);
        assert_eq!(find(Some(Industry::It), Some(SizeBand::Large)), 3.0);
        assert!(b.find(None, None, PeerMeasure::Nps).is_none());
        let r = &b.rows[0];
        assert_eq!(r.standing(2.0), Standing::BottomQuarter);
        assert_eq!(r.standing(2.9), Standing::BelowMedian);
        assert_eq!(r.standing(3.5), Standing::AboveMedian);
        assert_eq!(r.standing(3.6), Standing::TopQuarter);
        assert_eq!(SizeBand::of(8400), SizeBand::Medium);
        assert_eq!(SizeBand::of(999), SizeBand::Small);
    }
}
