//! The loaded cost of one PMO full-time equivalent, as the config may set it
//! (`[report] fte_cost`), for the charter's budget range. Without it the charter states the
//! headcount only and says that no cost was set, rather than invent a currency figure.

use serde::Deserialize;

/// A yearly loaded cost per FTE, as a range, in the organization's currency.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FteCost {
    /// Low end of the yearly cost of one FTE, salary and overheads.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// The currency's code or symbol, such as `EUR`.
    pub currency: String,
}

impl FteCost {
    /// Checks the range: finite, positive, low ≤ high, a currency of 1 to 8 characters.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.low.is_finite() && self.high.is_finite() && self.low > 0.0) {
            return Err(format!(
                "expected positive costs, found low = {} and high = {}",
                self.low, self.high
            ));
        }
        if self.low > self.high {
            return Err(format!(
                "expected low \u{2264} high, found low = {} and high = {}",
                self.low, self.high
            ));
        }
        let n = self.currency.trim().chars().count();
        if !(1..=8).contains(&n) {
            return Err(format!(
                "expected a currency code of 1 to 8 characters, found {:?}",
                self.currency
            ));
        }
        Ok(())
    }

    /// The yearly budget of a headcount range: low × low to high × high, in thousands.
    pub fn budget_text(&self, fte_low: f64, fte_high: f64) -> String {
        let thousands = |v: f64| format!("{:.0}", (v / 1000.0).round());
        format!(
            "{} {}k to {}k a year (the headcount range times the loaded cost per FTE the configuration sets, {} {} to {} a year), plus tools and training",
            self.currency.trim(),
            thousands(self.low * fte_low),
            thousands(self.high * fte_high),
            self.currency.trim(),
            self.low,
            self.high
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(low: f64, high: f64, currency: &str) -> FteCost {
        FteCost {
            low,
            high,
            currency: currency.into(),
        }
    }

    #[test]
    fn a_range_multiplies_the_headcount_range() {
        let c = cost(90_000.0, 120_000.0, "EUR");
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(
            c.budget_text(5.0, 9.5),
            "EUR 450k to 1140k a year (the headcount range times the loaded cost per FTE the configuration sets, EUR 90000 to 120000 a year), plus tools and training"
        );
    }

    #[test]
    fn bad_ranges_say_what_was_expected() {
        assert_eq!(
            cost(120_000.0, 90_000.0, "EUR").validate(),
            Err("expected low \u{2264} high, found low = 120000 and high = 90000".into())
        );
        assert!(cost(0.0, 1.0, "EUR").validate().is_err());
        assert!(cost(1.0, 2.0, "").validate().is_err());
    }
}
