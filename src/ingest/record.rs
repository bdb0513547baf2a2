//! One CSV record as text, and the cell decoding every reader shares: UTF-8 borrowed as is,
//! anything else read in a fallback encoding and flagged, so the caller can report it.
//!
//! Split from `reader.rs` (which owns the byte stream and findings); this file knows no files,
//! encodings detection or columns.

use std::borrow::Cow;

use csv::ByteRecord;
use encoding_rs::{Encoding, WINDOWS_1252};

/// One record decoded to text, with where it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextRecord {
    /// 1-based record number (the first record of the file is row 1).
    pub row: u64,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// 0-based byte offset where the record starts (in the UTF-8 stream the parser reads).
    pub byte: u64,
    /// The cells, decoded (invalid UTF-8 read in the fallback encoding).
    pub cells: Vec<String>,
    /// Indexes of cells that were not valid UTF-8 (each also has a reader finding).
    pub bad_cells: Vec<usize>,
}

impl TextRecord {
    /// Cell `index`, or `""` past the end of a short row.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }

    /// Whether every cell is empty or whitespace.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Decodes every cell of `record` into `text`; `true` when some cell was not valid UTF-8.
pub(crate) fn decode_record(
    record: &ByteRecord,
    fallback: &'static Encoding,
    text: &mut TextRecord,
) -> bool {
    let (row, line) = position(record);
    text.row = row;
    text.line = line;
    text.byte = record.position().map_or(0, csv::Position::byte);
    text.cells.truncate(record.len());
    text.bad_cells.clear();
    for (index, cell) in record.iter().enumerate() {
        let (decoded, bad) = decode_with(cell, fallback);
        if bad {
            text.bad_cells.push(index);
        }
        match text.cells.get_mut(index) {
            Some(slot) => {
                slot.clear();
                slot.push_str(&decoded);
            }
            None => text.cells.push(decoded.into_owned()),
        }
    }
    !text.bad_cells.is_empty()
}

/// How many invalid UTF-8 sequences `cell` holds (as `Utf8Watch` counts them).
pub(crate) fn invalid_sequences(cell: &[u8]) -> usize {
    let mut rest = cell;
    let mut count = 0;
    while let Err(e) = std::str::from_utf8(rest) {
        count += 1;
        match e.error_len() {
            Some(len) => rest = &rest[e.valid_up_to() + len..],
            None => break,
        }
    }
    count
}

/// The record's 1-based row (header = row 1) and the physical line where it starts.
pub(crate) fn position(record: &ByteRecord) -> (u64, u64) {
    // The csv reader sets a position on every record it reads; (0, 0) cannot be reached.
    record
        .position()
        .map_or((0, 0), |p| (p.record() + 1, p.line()))
}

/// Sets the line of `record`, just read, to the physical line where its first cell starts.
///
/// The csv crate's position is taken where its read began, which is not always where the
/// record begins: the line feeds it skips first (the `\n` of the previous record's CR LF,
/// which it reads only with the next record, and any blank lines) come after it. They are the
/// line feeds the read crossed (`end_line` less the position's line) less the record's own:
/// those in its quoted cells and, where lines end in a bare line feed (`lf_ends`), the one
/// that ended it. A file that mixes both endings can so be a line off for the record after
/// each odd ending, never more.
pub(crate) fn place_line(record: &mut ByteRecord, end_line: u64, lf_ends: bool) {
    let Some(mut position) = record.position().cloned() else {
        return;
    };
    let inside = || memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
    let line = placed_line_with((position.line(), end_line), inside, lf_ends);
    if line != position.line() {
        position.set_line(line);
        record.set_position(Some(position));
    }
}

/// `place_line` for a record read from line `start` to line `end` with `inside` line feeds in
/// its cells: the line where its first cell starts.
pub(crate) fn placed_line(lines: (u64, u64), inside: u64, lf_ends: bool) -> u64 {
    placed_line_with(lines, || inside, lf_ends)
}

/// `placed_line`, counting the line feeds inside only when the read crossed more than its own
/// line end (most records cross none).
fn placed_line_with((start, end): (u64, u64), inside: impl FnOnce() -> u64, lf_ends: bool) -> u64 {
    let crossed = end.saturating_sub(start);
    let own_end = u64::from(lf_ends);
    if crossed <= own_end {
        return start;
    }
    let skipped = crossed.saturating_sub(own_end + inside());
    start + skipped
}

/// Whether every cell is empty or whitespace (such records are skipped and not counted).
pub(crate) fn is_blank(record: &ByteRecord) -> bool {
    // One pass over the record's contiguous cell bytes instead of cell by cell.
    record.as_slice().iter().all(u8::is_ascii_whitespace)
}

/// A cell as text: borrowed when valid UTF-8, else decoded as Windows-1252 and flagged `true`.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    decode_with(bytes, WINDOWS_1252)
}

/// A cell as text: borrowed when valid UTF-8, else decoded in `fallback` and flagged `true`.
pub(crate) fn decode_with<'a>(
    bytes: &'a [u8],
    fallback: &'static Encoding,
) -> (Cow<'a, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => {
            let (text, _) = fallback.decode_without_bom_handling(bytes);
            (Cow::Owned(text.into_owned()), true)
        }
    }
}
