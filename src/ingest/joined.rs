//! Whether a column of joined answers (`Jira;Excel;`, `Python 2, Python 3`) is a multi-select,
//! for `inspect`'s guess at a column's kind (`profile.rs`).
//!
//! Separate because the question is subtle on real exports (issue 15): single choices whose
//! labels hold the separator and write-ins with commas look joined too. It only reads the
//! distinct values counted; it decides nothing about how a mapping reads the column.

use std::collections::BTreeMap;

/// From this many filled cells on, a joined column whose answers do not repeat is free text.
const WRITE_IN_ROWS: u64 = 20;

/// Whether the distinct `values` (with their counts, `filled` cells in all) joined with `sep`
/// combine options: an answer that is one part alone (`Excel;`) also stands inside a longer
/// one (`Jira;Excel;`), or three or more parts each stand in several answers; and, from
/// `WRITE_IN_ROWS` filled cells on, answers repeat (write-ins rarely do). A single choice
/// whose labels hold the separator fails the first test: `Shared bedroom, different bed` and
/// `Shared bedroom, but …` share one part, and `Shared bedroom` is never an answer alone.
pub(crate) fn combines_options(values: &BTreeMap<String, u64>, filled: u64, sep: &str) -> bool {
    // part → (distinct answers it stands in, whether it is an answer alone)
    let mut seen: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for value in values.keys() {
        let mut parts: Vec<&str> = value
            .split(sep)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        parts.sort_unstable();
        parts.dedup();
        let alone = parts.len() == 1;
        for part in parts {
            let entry = seen.entry(part).or_default();
            entry.0 += 1;
            entry.1 |= alone;
        }
    }
    let recurring = seen.values().filter(|&&(n, _)| n > 1).count();
    let combined = seen.values().any(|&(n, alone)| alone && n > 1) || recurring >= 3;
    let distinct = u64::try_from(values.len()).unwrap_or(u64::MAX);
    let repeated = filled < WRITE_IN_ROWS || distinct.saturating_mul(2) <= filled;
    combined && repeated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[(&str, u64)]) -> BTreeMap<String, u64> {
        values.iter().map(|(v, n)| (v.to_string(), *n)).collect()
    }

    #[test]
    fn options_combine_labels_with_separators_do_not() {
        let tools = counts(&[("Jira;Excel;", 1), ("Excel;", 1), ("Jira;MS Project;", 1)]);
        assert!(combines_options(&tools, 3, ";"));
        let rooms = counts(&[
            ("Shared bedroom, different bed", 30),
            ("Shared bedroom, but apart", 20),
            ("Couch", 10),
        ]);
        assert!(!combines_options(&rooms, 60, ", "));
        let write_ins: BTreeMap<String, u64> = (0..30)
            .map(|i| (format!("No, but {i}"), 1))
            .chain([("No".to_string(), 1)])
            .collect();
        assert!(!combines_options(&write_ins, 31, ", "));
    }
}
