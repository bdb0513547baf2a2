//! What `check` says about a decision table: gaps (input combinations no row covers), overlaps
//! under `unique`, and rows that can never match (or, under `first`, never come first).
//!
//! Each input gets representative values: the declared domain's values, or for numbers every
//! bound used by a condition, the midpoints between them and the domain's ends. Every
//! combination is tried against the rows, so the analysis is exact for conditions made of
//! comparisons, ranges and value lists. Without a declared domain only the values the
//! conditions name are tried. Nothing here evaluates scripts.

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Location, Severity};
use crate::rules::table::{number_text, Condition, DecisionTable, Domain, HitPolicy, Literal};

/// A combination no row covers (under `first` and `unique`).
pub const TABLE_GAP: &str = "R061";
/// Two rows match the same inputs under `unique`.
pub const TABLE_OVERLAP: &str = "R062";
/// A row that can never match, or never comes first under `first`.
pub const TABLE_UNREACHABLE: &str = "R063";

/// Combinations beyond this are not enumerated (the table is then reported as too large).
const MAX_COMBINATIONS: usize = 20_000;
/// Gaps listed per table before "… and N more".
const GAPS_SHOWN: usize = 5;

/// A representative value and how it reads in a message (`between 1 and 1.5`).
type Point = (Option<Literal>, String);

/// Checks one table.
pub fn analyze(table: &DecisionTable) -> Vec<Diagnostic> {
    let at = |line: u32, severity, code, message: String| {
        Diagnostic::new(
            code,
            severity,
            message,
            Location::Script {
                file: table.file.clone(),
                line,
                column: 1,
            },
        )
    };
    let points: Vec<Vec<Point>> = (0..table.inputs.len()).map(|i| points(table, i)).collect();
    let total = points
        .iter()
        .map(Vec::len)
        .try_fold(1usize, |a, n| a.checked_mul(n));
    let mut out = Vec::new();
    let Some(total) = total.filter(|t| *t <= MAX_COMBINATIONS) else {
        out.push(at(
            table.header_line,
            Severity::Info,
            TABLE_GAP,
            format!(
                "table `{}` has too many input combinations to check for gaps",
                table.name
            ),
        ));
        return out;
    };
    let mut reached = vec![false; table.rows.len()];
    let mut gaps = Vec::new();
    let mut overlaps = BTreeSet::new();
    for index in 0..total {
        let mut rest = index;
        let mut combo = Vec::with_capacity(points.len());
        for p in &points {
            combo.push(&p[rest % p.len()]);
            rest /= p.len();
        }
        let values: Vec<Option<Literal>> = combo.iter().map(|(v, _)| v.clone()).collect();
        let hits: Vec<usize> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.conditions
                    .iter()
                    .zip(&values)
                    .all(|(c, v)| c.matches(v.as_ref()))
            })
            .map(|(i, _)| i)
            .collect();
        match (table.policy, hits.as_slice()) {
            (HitPolicy::Collect, _) => hits.iter().for_each(|i| reached[*i] = true),
            (_, []) => gaps.push(describe(table, &combo)),
            (HitPolicy::First, [first, ..]) => reached[*first] = true,
            (HitPolicy::Unique, [a, b, ..]) => {
                overlaps.insert((*a, *b, describe(table, &combo)));
                hits.iter().for_each(|i| reached[*i] = true);
            }
            (HitPolicy::Unique, [a]) => reached[*a] = true,
        }
    }
    for gap in gaps.iter().take(GAPS_SHOWN) {
        out.push(
            at(
                table.header_line,
                Severity::Warning,
                TABLE_GAP,
                format!("table `{}`: no row covers {gap}", table.name),
            )
            .with_hint("add a row for these inputs, or a last row of `-` as the default"),
        );
    }
    if gaps.len() > GAPS_SHOWN {
        out.push(at(
            table.header_line,
            Severity::Warning,
            TABLE_GAP,
            format!(
                "table `{}`: … and {} more uncovered combination(s)",
                table.name,
                gaps.len() - GAPS_SHOWN
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for (a, b, inputs) in overlaps {
        if seen.insert((a, b)) {
            let (ra, rb) = (&table.rows[a], &table.rows[b]);
            out.push(at(rb.line, Severity::Error, TABLE_OVERLAP,
                format!("table `{}` (hit policy unique): rows on lines {} and {} both match {inputs}", table.name, ra.line, rb.line))
                .with_hint("narrow one of the two rows, or declare `# hit: first` if the order decides"));
        }
    }
    for (row, hit) in table.rows.iter().zip(&reached) {
        if !hit {
            let matches_any = matches_some(table, &points, row);
            let message = if matches_any && table.policy == HitPolicy::First {
                format!("table `{}`: the row on line {} never applies: earlier rows match every input it matches", table.name, row.line)
            } else {
                format!(
                    "table `{}`: the row on line {} can never match",
                    table.name, row.line
                )
            };
            out.push(
                at(row.line, Severity::Warning, TABLE_UNREACHABLE, message).with_hint(
                    "check its conditions against the declared domains (`# domain NAME: …`)",
                ),
            );
        }
    }
    out
}

fn matches_some(
    table: &DecisionTable,
    points: &[Vec<Point>],
    row: &crate::rules::table::TableRow,
) -> bool {
    // Conditions are independent per column: a row matches some combination iff each of its
    // conditions matches some value of its column.
    let _ = table;
    row.conditions
        .iter()
        .zip(points)
        .all(|(c, ps)| ps.iter().any(|(v, _)| c.matches(v.as_ref())))
}

fn describe(table: &DecisionTable, combo: &[&Point]) -> String {
    table
        .inputs
        .iter()
        .zip(combo)
        .map(|(n, (_, label))| format!("{n} {label}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Representative values of input column `i`.
fn points(table: &DecisionTable, i: usize) -> Vec<Point> {
    let name = &table.inputs[i];
    let conditions: Vec<&Condition> = table.rows.iter().map(|r| &r.conditions[i]).collect();
    let mut bounds = Vec::new();
    let mut listed = Vec::new();
    let mut only_lists = true;
    for c in &conditions {
        match c {
            Condition::Any => {}
            Condition::Compare(_, Literal::Number(n)) => {
                bounds.push(*n);
                only_lists = false;
            }
            Condition::Compare(_, l) => listed.push(l.clone()),
            Condition::Range(lo, hi) => {
                bounds.extend([*lo, *hi]);
                only_lists = false;
            }
            Condition::OneOf(values) => listed.extend(values.iter().cloned()),
        }
    }
    let value = |l: Literal| -> Point {
        let d = format!("= {}", l.display());
        (Some(l), d)
    };
    match table.domains.get(name) {
        Some(Domain::Values(values)) => values.iter().cloned().map(value).collect(),
        Some(Domain::Range(lo, hi)) if only_lists && lo.fract() == 0.0 && hi.fract() == 0.0 => {
            // A range column that only lists values holds whole numbers.
            let (lo, hi) = (*lo as i64, (*hi as i64).min(*lo as i64 + 1000));
            (lo..=hi)
                .map(|n| value(Literal::Number(n as f64)))
                .collect()
        }
        Some(Domain::Range(lo, hi)) => {
            let mut b: Vec<f64> = bounds.into_iter().filter(|x| lo <= x && x <= hi).collect();
            b.extend(listed.iter().filter_map(|l| match l {
                Literal::Number(n) if lo <= n && n <= hi => Some(*n),
                _ => None,
            }));
            b.extend([*lo, *hi]);
            numeric_points(b, false)
        }
        None if !bounds.is_empty() => {
            bounds.extend(listed.iter().filter_map(|l| match l {
                Literal::Number(n) => Some(*n),
                _ => None,
            }));
            numeric_points(bounds, true)
        }
        None if !listed.is_empty() => {
            let mut seen = Vec::new();
            for l in listed {
                if !seen.contains(&l) {
                    seen.push(l);
                }
            }
            seen.into_iter().map(value).collect()
        }
        None => vec![(None, "(any value)".to_string())],
    }
}

/// Every bound, the midpoints between neighbours, and (when `open`) a value beyond each end.
fn numeric_points(mut bounds: Vec<f64>, open: bool) -> Vec<Point> {
    bounds.sort_by(f64::total_cmp);
    bounds.dedup();
    let mut out = Vec::new();
    if let (true, Some(first)) = (open, bounds.first()) {
        out.push((
            Some(Literal::Number(first - 1.0)),
            format!("below {}", number_text(*first)),
        ));
    }
    for (i, b) in bounds.iter().enumerate() {
        out.push((Some(Literal::Number(*b)), format!("= {}", number_text(*b))));
        if let Some(next) = bounds.get(i + 1) {
            out.push((
                Some(Literal::Number((b + next) / 2.0)),
                format!("between {} and {}", number_text(*b), number_text(*next)),
            ));
        }
    }
    if let (true, Some(last)) = (open, bounds.last()) {
        out.push((
            Some(Literal::Number(last + 1.0)),
            format!("above {}", number_text(*last)),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::table::parse_table;

    fn codes(text: &str) -> Vec<(String, u32, String)> {
        let t = parse_table("t", "t.csv", text).unwrap();
        analyze(&t)
            .into_iter()
            .map(|d| {
                let line = match d.location {
                    Location::Script { line, .. } => line,
                    _ => 0,
                };
                (d.code.to_string(), line, d.message)
            })
            .collect()
    }

    #[test]
    fn a_complete_first_table_has_no_finding() {
        let found = codes("# hit: first\n# domain m: 1..5\nin:m,out:a\n>= 4.5,x\n>= 2.5,y\n-,z\n");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn gaps_are_named_by_their_interval() {
        let found = codes("# hit: first\n# domain m: 1..5\nin:m,out:a\n>= 4,x\n< 2,y\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found
            .iter()
            .all(|(c, line, _)| c == TABLE_GAP && *line == 3));
        assert!(found[0].2.contains("no row covers m = 2"), "{found:?}");
        assert!(found[1].2.contains("m between 2 and 4"), "{found:?}");
    }

    #[test]
    fn enumerated_domains_find_missing_values() {
        let found =
            codes("# hit: unique\n# domain r: low|medium|high\nin:r,out:a\nlow,x\nhigh,y\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("r = medium"));
    }

    #[test]
    fn overlaps_under_unique_are_errors_on_the_later_row() {
        let found = codes("# hit: unique\n# domain m: 1..5\nin:m,out:a\n1..3,x\n3..5,y\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0.as_str(), found[0].1), (TABLE_OVERLAP, 5));
        assert!(found[0].2.contains("m = 3"));
    }

    #[test]
    fn shadowed_and_impossible_rows_are_reported() {
        let found = codes("# hit: first\n# domain m: 1..5\nin:m,out:a\n-,x\n>= 4,y\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("line 5 never applies"), "{found:?}");
        let found = codes("# hit: collect\n# domain m: 1..5\nin:m,out:a\n>= 6,x\n-,y\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("line 4 can never match"), "{found:?}");
    }

    #[test]
    fn whole_number_columns_are_not_split_at_halves() {
        let found = codes("# hit: unique\n# domain n: 1..3\nin:n,out:a\n1|2,x\n3,y\n");
        assert!(found.is_empty(), "{found:?}");
    }
}
