//! Bounds on what one CSV record may cost, whatever the file holds.
//!
//! The csv parser grows a record until it ends, so `--customers /dev/zero` (one endless cell)
//! aborted on allocation, a 50 MB cell was echoed whole into findings, and an unterminated
//! quote silently swallowed every following record (issue 11). `Bounded` stops the byte
//! stream when one record runs past `MAX_RECORD_BYTES` (an error, exit 4); `cap_cells`
//! truncates cells past `MAX_CELL_BYTES` and `open_quote` spots a quoted cell that absorbed
//! records (both findings). This file knows nothing about survey columns.

use std::io::Read;

use csv::ByteRecord;

use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
use crate::ingest::error::IngestError;
use crate::ingest::finding;

/// The longest record, in bytes of UTF-8: a survey row is a few kilobytes; 16 MiB leaves a
/// wide margin and bounds the parser's memory.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// The longest cell kept, in bytes: about 1,300 words, more than any survey comment needs;
/// longer cells are cut (a 50 MB comment made a 15,000-page PDF).
pub const MAX_CELL_BYTES: usize = 8 * 1024;

/// Message of the I/O error `Bounded` raises (recognised by `is_too_large`).
const TOO_LARGE: &str = "record too large";

/// Message of the I/O error `Bounded` raises when every byte past the limit was a line break
/// (recognised by `is_blank_run`): the parser skips blank lines while it looks for the next
/// record, so they count toward that record.
const BLANK_RUN: &str = "blank lines too long";

/// A reader that fails once more than `MAX_RECORD_BYTES` pass after the last record's end.
pub struct Bounded<R> {
    inner: R,
    passed: u64,
    limit: u64,
    /// Every byte read since the last record ended was a line break.
    blank: bool,
}

impl<R> Bounded<R> {
    /// Wraps `inner`; the first record may take `MAX_RECORD_BYTES` (plus the parser's buffer).
    pub fn new(inner: R, buffer: u64) -> Self {
        Bounded {
            inner,
            passed: 0,
            limit: MAX_RECORD_BYTES + buffer,
            blank: true,
        }
    }

    /// A record ended at `byte`: the next one may again take `MAX_RECORD_BYTES`.
    pub fn record_ended(&mut self, byte: u64, buffer: u64) {
        self.limit = byte + MAX_RECORD_BYTES + buffer;
        self.blank = true;
    }

    /// The wrapped reader.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.passed >= self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                if self.blank { BLANK_RUN } else { TOO_LARGE },
            ));
        }
        let n = self.inner.read(buf)?;
        self.passed += n as u64;
        // Stops at the first other byte: one comparison for a buffer of data.
        if self.blank {
            self.blank = buf[..n].iter().all(|&b| b == b'\n' || b == b'\r');
        }
        Ok(n)
    }
}

/// A csv error as an ingest error; `Bounded`'s names the record that never ended, which starts
/// at (`row`, `line`).
pub fn read_error(file: &str, e: csv::Error, (row, line): (u64, u64)) -> IngestError {
    if let Some(message) = limit_error(&e) {
        let blank = message == BLANK_RUN;
        return IngestError::Invalid(Box::new(limit_diagnostic(file, (row, line), blank)));
    }
    match e.into_kind() {
        csv::ErrorKind::Io(source) => IngestError::Read {
            file: file.to_string(),
            source,
        },
        // With byte records and `flexible`, csv reports only I/O errors; keep a readable
        // message for anything a future csv version adds.
        other => IngestError::invalid(
            finding::READ,
            format!("cannot parse the file as CSV: {other:?}"),
            Location::File {
                file: file.to_string(),
            },
        ),
    }
}

/// `Bounded`'s message when a csv error is one of its (`TOO_LARGE` or `BLANK_RUN`).
fn limit_error(error: &csv::Error) -> Option<&'static str> {
    let csv::ErrorKind::Io(e) = error.kind() else {
        return None;
    };
    let message = e.to_string();
    [TOO_LARGE, BLANK_RUN].into_iter().find(|m| message == *m)
}

/// The error for a record that ran past `MAX_RECORD_BYTES`, starting at (`row`, `line`), or
/// (`blank`) for more than that of blank lines before it: the same limit, named for what the
/// file holds.
fn limit_diagnostic(file: &str, (row, line): (u64, u64), blank: bool) -> Diagnostic {
    let mib = MAX_RECORD_BYTES / (1024 * 1024);
    let message = if blank {
        format!(
            "more than {mib} MiB of blank lines follow the previous record: not a survey \
             export, or one padded with empty lines (remove them)"
        )
    } else {
        format!(
            "the record runs past {mib} MiB without ending: not a CSV file, or a quote that \
             never closes"
        )
    };
    Diagnostic::new(
        finding::RECORD_TOO_LARGE,
        Severity::Error,
        message,
        Location::Csv {
            file: file.to_string(),
            row,
            line,
            column: None,
        },
    )
}

/// Cuts every cell longer than `MAX_CELL_BYTES` (at a character boundary) and returns a
/// finding per cut cell; the common short record costs one length comparison.
pub fn cap_cells(file: &str, record: &mut ByteRecord, names: &[String]) -> Vec<Diagnostic> {
    if record.as_slice().len() <= MAX_CELL_BYTES {
        return Vec::new();
    }
    if record.iter().all(|cell| cell.len() <= MAX_CELL_BYTES) {
        return Vec::new();
    }
    let (row, line) = crate::ingest::record::position(record);
    let position = record.position().cloned();
    let mut capped = ByteRecord::new();
    let mut findings = Vec::new();
    for (index, cell) in record.iter().enumerate() {
        if cell.len() <= MAX_CELL_BYTES {
            capped.push_field(cell);
            continue;
        }
        let mut end = MAX_CELL_BYTES;
        // Back to a UTF-8 character start (continuation bytes are 0b10xxxxxx).
        while end > 0 && cell[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        capped.push_field(&cell[..end]);
        let name = names.get(index).map_or("", String::as_str);
        findings.push(Diagnostic::new(
            finding::LONG_CELL,
            Severity::Warning,
            format!(
                "the cell holds {} bytes; only the first {end} are kept (at most {MAX_CELL_BYTES})",
                cell.len()
            ),
            Location::Csv {
                file: file.to_string(),
                row,
                line,
                column: Some(ColumnRef::from_index(index, name)),
            },
        ));
    }
    capped.set_position(position);
    *record = capped;
    findings
}

/// A finding when a quoted cell of `record` holds lines that look like records of a file of
/// `width` columns: a quote opened and never closed swallows the records after it. The record
/// must also have the wrong number of cells: a well-formed multi-line answer full of commas
/// (Google Forms comments) is not one.
pub fn open_quote(
    file: &str,
    record: &ByteRecord,
    (width, delimiter): (usize, u8),
    names: &[String],
) -> Option<Diagnostic> {
    // A record's cells hold a line break only inside quotes.
    if width < 2 || record.len() == width || !record.as_slice().contains(&b'\n') {
        return None;
    }
    let wanted = (width - 1).div_ceil(2);
    let (index, cell) = record.iter().enumerate().find(|(_, cell)| {
        cell.split(|&b| b == b'\n')
            .skip(1)
            .any(|l| l.iter().filter(|&&b| b == delimiter).count() >= wanted)
    })?;
    let absorbed = cell.iter().filter(|&&b| b == b'\n').count();
    Some(open_quote_finding(
        file,
        record,
        (index, names),
        &format!(
            "absorbs the next {absorbed} line(s), which look like records: an unterminated \
             quote? those rows are not read"
        ),
    ))
}

/// I107 for a quote that opens in cell `index` (named from `names`) of `record`: "a quoted
/// cell opens at row R, line L and `what`".
fn open_quote_finding(
    file: &str,
    record: &ByteRecord,
    (index, names): (usize, &[String]),
    what: &str,
) -> Diagnostic {
    let (row, line) = crate::ingest::record::position(record);
    Diagnostic::new(
        finding::OPEN_QUOTE,
        Severity::Warning,
        format!("a quoted cell opens at row {row}, line {line} and {what}"),
        Location::Csv {
            file: file.to_string(),
            row,
            line,
            column: Some(ColumnRef::from_index(
                index,
                names.get(index).map_or("", String::as_str),
            )),
        },
    )
}

/// The finding to report if `record` turns out to be the file's last and its last cell ends
/// with a line break: a quote opened in that cell and never closed took in the rest of the
/// file, and csv ends the record at the end of the file without a word. Only `record`'s
/// wrong number of cells was reported before (I105), when it had no lines to absorb that look
/// like records (`open_quote`).
pub fn open_at_end(file: &str, record: &ByteRecord, names: &[String]) -> Option<Diagnostic> {
    let index = record.len().checked_sub(1)?;
    let cell = record.get(index)?;
    if !matches!(cell.last(), Some(b'\n' | b'\r')) {
        return None;
    }
    let lines = cell.iter().filter(|&&b| b == b'\n').count().max(1);
    Some(open_quote_finding(
        file,
        record,
        (index, names),
        &format!(
            "is still open at the end of the file, {lines} line(s) later: an unterminated \
             quote? close it where the cell ends"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_stops_an_endless_stream() {
        let mut r = Bounded::new(std::io::repeat(0), 0);
        let mut sink = Vec::new();
        let err = (&mut r).take(MAX_RECORD_BYTES * 2).read_to_end(&mut sink);
        assert!(err.is_err());
        assert!(sink.len() as u64 <= MAX_RECORD_BYTES + 64 * 1024);
    }

    #[test]
    fn bounded_names_a_run_of_blank_lines() {
        let mut blank = Bounded::new(std::io::repeat(b'\n'), 0);
        let err = (&mut blank)
            .take(MAX_RECORD_BYTES * 2)
            .read_to_end(&mut Vec::new());
        assert_eq!(err.unwrap_err().to_string(), BLANK_RUN);
        let lines = std::io::Cursor::new(b"\r\n".repeat(1 << 10)).chain(std::io::repeat(b'x'));
        let mut data = Bounded::new(lines, 0);
        let err = (&mut data)
            .take(MAX_RECORD_BYTES * 2)
            .read_to_end(&mut Vec::new());
        assert_eq!(err.unwrap_err().to_string(), TOO_LARGE);
    }

    #[test]
    fn long_cells_are_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_CELL_BYTES);
        let mut record = ByteRecord::from(vec!["a", long.as_str()]);
        let findings = cap_cells("f.csv", &mut record, &[]);
        assert_eq!(findings.len(), 1);
        assert!(std::str::from_utf8(&record[1]).is_ok());
        assert!(record[1].len() <= MAX_CELL_BYTES);
        assert_eq!(&record[0], b"a");
    }

    #[test]
    fn an_open_quote_that_swallows_records_is_found() {
        let record = ByteRecord::from(vec!["r1", "x\nr2,a,b,c\nr3,a,b,c"]);
        let d = open_quote("f.csv", &record, (4, b','), &[]).expect("found");
        assert!(
            d.message.contains("absorbs the next 2 line(s)"),
            "{}",
            d.message
        );
        let prose = ByteRecord::from(vec!["r1", "one line\nand another"]);
        assert!(open_quote("f.csv", &prose, (4, b','), &[]).is_none());
        // A complete row whose multi-line answer has commas.
        let answer = ByteRecord::from(vec!["r1", "a", "first, second\nthird, fourth, fifth", "b"]);
        assert!(open_quote("f.csv", &answer, (4, b','), &[]).is_none());
    }

    #[test]
    fn a_last_cell_that_ends_with_a_line_break_is_a_quote_open_at_the_end() {
        let open = ByteRecord::from(vec!["r3", "x,y\n"]);
        let d = open_at_end("f.csv", &open, &[]).expect("found");
        assert!(d
            .message
            .contains("still open at the end of the file, 1 line(s) later"));
        let closed = ByteRecord::from(vec!["r3", "x", "y"]);
        assert!(open_at_end("f.csv", &closed, &[]).is_none());
        assert!(open_at_end("f.csv", &ByteRecord::new(), &[]).is_none());
    }
}
