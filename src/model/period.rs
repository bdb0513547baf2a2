//! Reporting periods (quarters).

use serde::Serialize;

/// A quarter such as `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: u16,
    quarter: u8,
}

impl Period {
    /// Parses `YYYY-Qn` (n = 1..4).
    pub fn parse(text: &str) -> Result<Self, String> {
        let expected = || format!("expected a period such as 2026-Q3, found {text:?}");
        let (year, quarter) = text.trim().split_once(['-']).ok_or_else(expected)?;
        let quarter = quarter
            .strip_prefix(['Q', 'q'])
            .and_then(|q| q.parse::<u8>().ok())
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(expected)?;
        let year = year
            .parse::<u16>()
            .ok()
            .filter(|y| (1970..=9999).contains(y))
            .ok_or_else(expected)?;
        Ok(Period { year, quarter })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The quarter, 1 to 4.
    pub fn quarter(self) -> u8 {
        self.quarter
    }

    /// The period's last day as (year, month, day): the default report date.
    pub fn last_day(self) -> (u16, u8, u8) {
        match self.quarter {
            1 => (self.year, 3, 31),
            2 => (self.year, 6, 30),
            3 => (self.year, 9, 30),
            _ => (self.year, 12, 31),
        }
    }

    /// Seconds since 1970-01-01 at the end of the period's last day (23:59:59 UTC).
    pub fn end_epoch_seconds(self) -> i64 {
        let (y, m, d) = self.last_day();
        days_from_civil(i64::from(y), u32::from(m), u32::from(d)) * 86_400 + 86_399
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A calendar date (UTC), derived from the period or `SOURCE_DATE_EPOCH`, never the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportDate {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    pub epoch_seconds: i64,
}

impl ReportDate {
    /// (year, month, day, hour, minute, second) in UTC.
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.epoch_seconds.div_euclid(86_400);
        let secs = self.epoch_seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (secs / 3600) as u32,
            (secs / 60 % 60) as u32,
            (secs % 60) as u32,
        )
    }

    /// `YYYY-MM-DD`.
    pub fn iso_date(self) -> String {
        let (y, m, d, ..) = self.to_civil();
        format!("{y:04}-{m:02}-{d:02}")
    }
}

// Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quarters() {
        let p = Period::parse("2026-Q3").unwrap();
        assert_eq!(p.to_string(), "2026-Q3");
        assert!(Period::parse("2026-Q5").is_err());
        assert!(Period::parse("Q3-2026").is_err());
    }

    #[test]
    fn end_of_period_is_a_real_date() {
        let p = Period::parse("2026-Q3").unwrap();
        let date = ReportDate {
            epoch_seconds: p.end_epoch_seconds(),
        };
        assert_eq!(date.iso_date(), "2026-09-30");
        assert_eq!(date.to_civil().3, 23);
        assert_eq!(ReportDate { epoch_seconds: 0 }.iso_date(), "1970-01-01");
    }
}
