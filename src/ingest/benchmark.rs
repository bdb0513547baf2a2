//! Reads a peer-benchmark CSV (`[inputs] benchmark`) into `model::Benchmark`.
//!
//! Columns: `industry` (an industry key or `all`), `size_band` (`small`, `medium`, `large` or
//! `all`), `measure` (`satisfaction`, `nps`, `maturity`), `p25`, `p50`, `p75`; other columns
//! (a `source` note) are ignored. The file is the user's and stands behind figures shown to a
//! sponsor, so any bad cell stops the run with its file, row and column (`I009`), as a catalog
//! cell does, rather than quietly dropping a row.

use std::path::Path;

use csv::ByteRecord;

use crate::ingest::cell::{parse_key, Problem};
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::reader::{decode, is_blank, open_file, position};
use crate::model::baseline::Industry;
use crate::model::benchmark::{Benchmark, BenchmarkRow, PeerMeasure, SizeBand};

/// The columns, in the order the row builder reads them.
const COLUMNS: [&str; 6] = ["industry", "size_band", "measure", "p25", "p50", "p75"];

/// Reads the benchmark file.
pub fn read_benchmark(path: &Path) -> Result<Benchmark, IngestError> {
    let mut input = open_file(path)?;
    let header = input.header().clone();
    let indexes = COLUMNS
        .iter()
        .map(|c| header.require(c))
        .collect::<Result<Vec<_>, _>>()?;
    let mut record = ByteRecord::new();
    let mut rows: Vec<BenchmarkRow> = Vec::new();
    while input.read(&mut record)? {
        if is_blank(&record) {
            continue;
        }
        let (row, line) = position(&record);
        let cell = |i: usize| {
            let index = indexes[i];
            let text = decode(record.get(index).unwrap_or_default())
                .0
                .trim()
                .to_string();
            (text, header.location(row, line, Some(index)))
        };
        let fail = |i: usize, p: Problem| {
            let (text, location) = cell(i);
            p.error(finding::BENCHMARK_CELL, location, &text)
        };
        // `all` (or blank) stands for every industry or size.
        let any = |i: usize| {
            let text = cell(i).0;
            text.is_empty() || text.eq_ignore_ascii_case("all")
        };
        let industry = if any(0) {
            None
        } else {
            parse_key(&cell(0).0, Industry::parse).map_err(|p| fail(0, p))?
        };
        let size = if any(1) {
            None
        } else {
            parse_key(&cell(1).0, SizeBand::parse).map_err(|p| fail(1, p))?
        };
        let measure = parse_key(&cell(2).0, PeerMeasure::parse)
            .map_err(|p| fail(2, p))?
            .ok_or_else(|| fail(2, Problem::bad_value("satisfaction, nps or maturity")))?;
        let (low, high) = measure.range();
        let mut quartiles = [0.0; 3];
        for (k, q) in quartiles.iter_mut().enumerate() {
            let expected = || {
                Problem::bad_value(format!(
                    "a number from {low} to {high} for {measure}{}",
                    if k > 0 {
                        format!(", at least {}", COLUMNS[2 + k])
                    } else {
                        String::new()
                    }
                ))
            };
            let value: f64 = cell(3 + k).0.parse().map_err(|_| fail(3 + k, expected()))?;
            if !(low..=high).contains(&value) {
                return Err(fail(3 + k, expected()));
            }
            *q = value;
        }
        if quartiles[0] > quartiles[1] || quartiles[1] > quartiles[2] {
            let k = if quartiles[0] > quartiles[1] { 1 } else { 2 };
            return Err(fail(
                3 + k,
                Problem::bad_value(format!(
                    "{} at least {} ({})",
                    COLUMNS[3 + k],
                    COLUMNS[2 + k],
                    quartiles[k - 1]
                )),
            ));
        }
        if let Some(first) = rows
            .iter()
            .find(|r| r.industry == industry && r.size == size && r.measure == measure)
        {
            return Err(IngestError::invalid(
                finding::BENCHMARK_CELL,
                format!(
                    "the {measure} of this industry and size band is listed twice (rows {} and {row})",
                    first.row
                ),
                header.location(row, line, Some(indexes[0])),
            ));
        }
        rows.push(BenchmarkRow {
            industry,
            size,
            measure,
            quartiles,
            row,
        });
    }
    Ok(Benchmark {
        file: path.display().to_string(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::render_location;

    fn read(text: &str) -> Result<Benchmark, IngestError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("benchmark.csv");
        std::fs::write(&path, text).unwrap();
        read_benchmark(&path)
    }

    const HEADER: &str = "industry,size_band,measure,p25,p50,p75,source\n";

    #[test]
    fn rows_read_with_all_as_every_industry_or_size() {
        let b = read(&format!(
            "{HEADER}all,all,nps,-20,5,30,fictional\nhealthcare,medium,satisfaction,2.7,3.2,3.7,\n"
        ))
        .unwrap();
        assert_eq!(b.rows.len(), 2);
        assert_eq!((b.rows[0].industry, b.rows[0].size), (None, None));
        assert_eq!(b.rows[1].industry, Some(Industry::Healthcare));
        assert_eq!(b.rows[1].size, Some(SizeBand::Medium));
        assert_eq!(b.rows[1].quartiles, [2.7, 3.2, 3.7]);
        assert_eq!(b.rows[1].row, 3);
    }

    #[test]
    fn bad_cells_name_the_file_row_and_column() {
        let cases = [
            (
                "all,all,satisfaction,high,3,4,\n",
                "row 2, column 4 \"p25\"",
                "expected a number from 1 to 5 for satisfaction, found \"high\"",
            ),
            (
                "all,all,nps,-20,5,130,\n",
                "row 2, column 6 \"p75\"",
                "expected a number from -100 to 100 for nps, at least p50, found \"130\"",
            ),
            (
                "all,all,maturity,3,2,4,\n",
                "row 2, column 5 \"p50\"",
                "expected p50 at least p25 (3), found \"2\"",
            ),
            (
                "hospitals,all,nps,1,2,3,\n",
                "row 2, column 1 \"industry\"",
                "expected an industry",
            ),
            (
                "all,huge,nps,1,2,3,\n",
                "row 2, column 2 \"size_band\"",
                "expected a size band",
            ),
        ];
        for (row, at, message) in cases {
            let d = read(&format!("{HEADER}{row}")).unwrap_err().to_diagnostic();
            assert_eq!(d.code, finding::BENCHMARK_CELL, "{row}");
            let location = render_location(&d.location);
            assert!(location.contains(at), "{row}: {location}");
            assert!(d.message.starts_with(message), "{row}: {}", d.message);
        }
        let d = read(&format!("{HEADER}all,all,nps,1,2,3,\nall,all,nps,1,2,3,\n"))
            .unwrap_err()
            .to_diagnostic();
        assert!(
            d.message.contains("listed twice (rows 2 and 3)"),
            "{}",
            d.message
        );
        let d = read("industry,measure,p25,p50,p75\n")
            .unwrap_err()
            .to_diagnostic();
        assert_eq!(d.code, finding::MISSING_COLUMN);
    }
}
