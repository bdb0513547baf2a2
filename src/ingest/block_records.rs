//! The records of one block of a CSV file, exactly as the `csv` crate reads them, without
//! copying the common ones (issue 16).
//!
//! A record with no quote is split at its delimiters where it lies in the block, sixteen bytes
//! classified at once (`csv::Reader` ran `csv_core`'s state machine on every byte and copied
//! every cell: about 30 instructions a byte, two fifths of ingest's parsing). From a quote on,
//! `csv_core` reads the rest of the record, and its unescaped cells go to a buffer of their
//! own. Either way a cell is a range of a buffer, and the record's position (byte where the
//! read began, line, number) is the one `csv::Reader` gives: a test reads random blocks both
//! ways. This file knows no columns or findings.

use std::cell::Cell;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// A record had more cells than the caller allows (`BlockRecords::new`'s `width`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TooWide;

/// Where one record's cells are in a `CellStore`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cells {
    /// Where its first cell starts in the buffer.
    start: u32,
    /// Its first cell's end in `CellStore::ends`.
    first: u32,
    /// How many cells it has.
    count: u32,
}

impl Cells {
    /// How many cells the record has.
    pub(crate) fn len(self) -> usize {
        self.count as usize
    }
}

/// The cells of a block's records: the block's bytes (cells of records without quotes are
/// ranges of them), and the cells of records with quotes, unescaped, in a buffer of their own
/// (appended to the block's, they grew it to twice its size per block), at offsets that go on
/// from the block's length.
///
/// Every cell is followed by one byte that is no part of it (its delimiter or line end, or a
/// gap after an unescaped cell), so a record's cells need only their ends: each starts one byte
/// after the previous one's end.
#[derive(Debug, Default)]
pub(crate) struct CellStore {
    block: Vec<u8>,
    unescaped: Vec<u8>,
    ends: Vec<u32>,
}

impl CellStore {
    /// Cell `index` of the record at `cells`, empty past its last cell.
    pub(crate) fn cell(&self, cells: Cells, index: usize) -> &[u8] {
        self.row(cells).get(index)
    }

    /// Bytes from the record's first cell's start to its last cell's end (its cells and what
    /// separates them): no cell is longer.
    pub(crate) fn extent(&self, cells: Cells) -> usize {
        match cells.count {
            0 => 0,
            n => self.ends[(cells.first + n - 1) as usize] as usize - cells.start as usize,
        }
    }

    /// The record's cells, in order.
    pub(crate) fn cells(&self, cells: Cells) -> impl Iterator<Item = &[u8]> {
        let row = self.row(cells);
        (0..cells.len()).map(move |i| row.get(i))
    }

    /// The record at `cells`, for reading many of its cells.
    pub(crate) fn row(&self, cells: Cells) -> Row<'_> {
        let first = cells.first as usize;
        let start = cells.start as usize;
        // A record's cells are all in the block, or all unescaped.
        let (bytes, base) = match start.checked_sub(self.block.len()) {
            Some(_) => (&self.unescaped[..], self.block.len()),
            None => (&self.block[..], 0),
        };
        Row {
            bytes,
            start: start - base,
            base: base as u32,
            ends: &self.ends[first..first + cells.len()],
        }
    }
}

/// One record's cells: `CellStore::cell` without finding the record's ends again per cell.
pub(crate) struct Row<'a> {
    /// The block's bytes or the unescaped cells, wherever the record's cells are.
    bytes: &'a [u8],
    /// Where its first cell starts in `bytes`.
    start: usize,
    /// What to take from the record's ends to find them in `bytes`.
    base: u32,
    ends: &'a [u32],
}

impl<'a> Row<'a> {
    /// Cell `index`, empty past the last.
    pub(crate) fn get(&self, index: usize) -> &'a [u8] {
        let Some(&end) = self.ends.get(index) else {
            return &[];
        };
        let start = match index.checked_sub(1) {
            Some(before) => (self.ends[before] - self.base) as usize + 1,
            None => self.start,
        };
        &self.bytes[start..(end - self.base) as usize]
    }
}

/// One record as the csv reader hands it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    /// 0-based number of the record in the block (blank records are numbered too).
    pub(crate) number: u64,
    /// Offset in the block where the reader began reading it (before the empty lines it
    /// skips, as `csv::Position::byte`).
    pub(crate) byte: u64,
    /// The reader's line there (1-based, as `csv::Position::line`).
    pub(crate) line: u64,
    /// The reader's line once the record is read (as `csv::Reader::position` then).
    pub(crate) end_line: u64,
    /// Line feeds inside its cells (quoted line breaks).
    pub(crate) inside_lines: u64,
    /// Whether its last byte (of its cells back to back) is a line break.
    pub(crate) ends_in_break: bool,
    /// Whether every byte of its cells is ASCII whitespace (`record::is_blank`).
    pub(crate) blank: bool,
    /// Its cells in the store.
    pub(crate) cells: Cells,
}

thread_local! {
    /// The thread's `csv_core` reader and its delimiter, kept from block to block: building
    /// its state machine was 270,000 instructions, a tenth of a block's parsing. (Cloning a
    /// built one does not do: csv-core 0.1.13's `Clone` copies only part of the machine.)
    static CORE: Cell<Option<(u8, Reader)>> = const { Cell::new(None) };
}

/// A `csv_core` reader for `delimiter` at the start of its input, as if it had read before.
fn core_reader(delimiter: u8) -> Reader {
    let mut core = match CORE.take() {
        Some((kept, mut core)) if kept == delimiter => {
            core.reset();
            core
        }
        _ => ReaderBuilder::new().delimiter(delimiter).build(),
    };
    // `csv_core` drops a byte-order mark at the start of its first read only; the csv reader
    // this mirrors has read the block's first record by then. A call with no room for output
    // reads nothing and counts as that first read.
    let _ = core.read_record(b"\n", &mut [], &mut []);
    core
}

/// Whether cells written as they lie, with their delimiters (`bytes`), are all whitespace
/// (`record::is_blank` of the cells alone): such cells hold no delimiter.
fn blank_cells(bytes: &[u8], delimiter: u8) -> bool {
    bytes
        .iter()
        .all(|&b| b.is_ascii_whitespace() || b == delimiter)
}

/// Where `BlockRecords::split` stopped.
enum Stop {
    /// At a line end, or the block's end: the record ends there.
    Line(usize),
    /// At a quote: the record goes to `csv_core`.
    Quote,
}

/// Bytes `chunk_marks` classifies at once.
const CHUNK: usize = 16;

/// Bit `i` set where byte `i` of `chunk` is `delimiter`; and where it is a quote or a line end.
fn chunk_marks(chunk: &[u8; CHUNK], delimiter: u8) -> (u32, u32) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of x86-64 itself; every processor this target runs on has it.
        unsafe { chunk_marks_sse2(chunk, delimiter) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    chunk_marks_portable(chunk, delimiter)
}

/// `chunk_marks` in SSE2: sixteen compares at once, and their top bits gathered (about 15
/// instructions a chunk; LLVM makes the portable loop a compare and shift per byte, 120).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn chunk_marks_sse2(chunk: &[u8; CHUNK], delimiter: u8) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let [lo, hi] = [0, 8].map(|at| {
        let mut half = [0; 8];
        half.copy_from_slice(&chunk[at..at + 8]);
        i64::from_le_bytes(half)
    });
    let bytes = _mm_set_epi64x(hi, lo);
    let delimiters = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(delimiter as i8));
    let quotes = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'"' as i8));
    let feeds = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\n' as i8));
    let returns = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\r' as i8));
    let stops = _mm_or_si128(_mm_or_si128(quotes, feeds), returns);
    (
        _mm_movemask_epi8(delimiters) as u32,
        _mm_movemask_epi8(stops) as u32,
    )
}

/// `chunk_marks` a byte at a time: other targets, and the SSE2 version's reference.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn chunk_marks_portable(chunk: &[u8; CHUNK], delimiter: u8) -> (u32, u32) {
    let (mut delimiters, mut stops) = (0, 0);
    for (i, &b) in chunk.iter().enumerate() {
        delimiters |= u32::from(b == delimiter) << i;
        stops |= u32::from((b == b'"') | (b == b'\n') | (b == b'\r')) << i;
    }
    (delimiters, stops)
}

/// Reads a block's records one by one into a `CellStore`.
pub(crate) struct BlockRecords {
    store: CellStore,
    /// Length of the block (`store.block`).
    len: usize,
    /// Where the reader stands in the block, its line there, and records read.
    at: usize,
    line: u64,
    number: u64,
    delimiter: u8,
    /// Most cells a record may have.
    width: usize,
    /// For records with quotes, and their unescaped cells with their ends.
    core: Reader,
    out: Vec<u8>,
    out_ends: Vec<usize>,
}

impl BlockRecords {
    /// Reads `bytes` (whole records, the first one at the block's start) split at
    /// `delimiter`; a record of more than `width` cells is `TooWide`. `capacity`: about how
    /// many cells the block holds.
    pub(crate) fn new(bytes: Vec<u8>, delimiter: u8, width: usize, capacity: usize) -> Self {
        // Offsets are `u32`: a block is a few hundred KB, a record at most `MAX_RECORD_BYTES`
        // (`customer_blocks`), and the unescaped cells appended never outgrow the block.
        debug_assert!(bytes.len() < (u32::MAX / 2) as usize);
        BlockRecords {
            len: bytes.len(),
            store: CellStore {
                block: bytes,
                unescaped: Vec::new(),
                ends: Vec::with_capacity(capacity),
            },
            at: 0,
            line: 1,
            number: 0,
            delimiter,
            width: width.max(1),
            core: core_reader(delimiter),
            out: Vec::new(),
            out_ends: vec![0; width.max(1)],
        }
    }

    /// The cells read so far.
    pub(crate) fn store(&self) -> &CellStore {
        &self.store
    }

    /// Gives up the cells read.
    pub(crate) fn into_store(mut self) -> CellStore {
        std::mem::take(&mut self.store)
    }

    /// Forgets the cells of `record`, the last one read (a blank record kept by no one).
    pub(crate) fn drop_last(&mut self, record: &Record) {
        self.store.ends.truncate(record.cells.first as usize);
        // Only a record with quotes added bytes, after everything before it.
        if let Some(start) = (record.cells.start as usize).checked_sub(self.len) {
            self.store.unescaped.truncate(start);
        }
    }

    /// The next record, `None` at the block's end.
    pub(crate) fn next_record(&mut self) -> Result<Option<Record>, TooWide> {
        let (byte, line) = (self.at as u64, self.line);
        let bytes = &self.store.block[..];
        // The reader skips line ends before a record: empty lines, and the `\n` of a CR LF.
        let mut at = self.at;
        while let Some(&b @ (b'\n' | b'\r')) = bytes.get(at) {
            self.line += u64::from(b == b'\n');
            at += 1;
        }
        self.at = at;
        if at == bytes.len() {
            return Ok(None);
        }
        let first = self.store.ends.len();
        let end = match self.split(at, first)? {
            Stop::Line(end) => end,
            Stop::Quote => {
                let cell = match self.store.ends[first..].last() {
                    Some(&delimiter) => delimiter as usize + 1,
                    None => at,
                };
                return self.quoted((byte, line), first, cell).map(Some);
            }
        };
        self.store.ends.push(end as u32);
        let bytes = &self.store.block[..];
        // A record of whitespace may start with whitespace or an empty cell; most start with
        // neither, and are known not blank from their first byte.
        let blank = blank_cells(&bytes[at..=at], self.delimiter)
            && blank_cells(&bytes[at..end], self.delimiter);
        if let Some(&b) = bytes.get(end) {
            self.line += u64::from(b == b'\n');
            self.at = end + 1;
        } else {
            self.at = end;
        }
        Ok(Some(self.record(
            (byte, line),
            (0, false, blank),
            Cells {
                start: at as u32,
                first: first as u32,
                count: (self.store.ends.len() - first) as u32,
            },
        )))
    }

    /// Pushes the position of each delimiter from `at` (the end of a cell) up to the first
    /// line end, quote or the block's end, which it says; `TooWide` past `width` cells
    /// (those of the record from `first`).
    ///
    /// Sixteen bytes at a time: a record's cells average a few bytes, so the bytes are
    /// classified a chunk at once, and only the delimiters found are visited.
    fn split(&mut self, at: usize, first: usize) -> Result<Stop, TooWide> {
        let bytes = &self.store.block[..];
        let ends = &mut self.store.ends;
        let full = first + self.width - 1;
        let mut i = at;
        loop {
            // The block's last bytes, fewer than a chunk, are read as one with their marks
            // cut to their length.
            let whole: Option<&[u8; CHUNK]> =
                bytes.get(i..i + CHUNK).and_then(|c| c.try_into().ok());
            let (mut delimiters, stops, read) = match whole {
                Some(chunk) => {
                    let (delimiters, stops) = chunk_marks(chunk, self.delimiter);
                    (delimiters, stops, CHUNK)
                }
                None => {
                    let rest = &bytes[i..];
                    let mut chunk = [0; CHUNK];
                    chunk[..rest.len()].copy_from_slice(rest);
                    let (delimiters, stops) = chunk_marks(&chunk, self.delimiter);
                    let within = (1 << rest.len()) - 1;
                    (delimiters & within, stops & within, rest.len())
                }
            };
            if stops != 0 {
                delimiters &= (1 << stops.trailing_zeros()) - 1;
            }
            if ends.len() + delimiters.count_ones() as usize > full {
                ends.truncate(first);
                return Err(TooWide);
            }
            while delimiters != 0 {
                ends.push((i + delimiters.trailing_zeros() as usize) as u32);
                delimiters &= delimiters - 1;
            }
            if stops != 0 {
                let stop = i + stops.trailing_zeros() as usize;
                return Ok(match bytes[stop] {
                    b'"' => Stop::Quote,
                    _ => Stop::Line(stop),
                });
            }
            if read < CHUNK {
                return Ok(Stop::Line(bytes.len()));
            }
            i += CHUNK;
        }
    }

    /// The rest of the record at `self.at`, from the cell at `cell` (which has a quote; the
    /// `first..` ends before it are its cells so far), read by `csv_core`. The record's cells
    /// are appended to the buffer: those before `cell` as they are, with their delimiters, then
    /// the unescaped ones.
    fn quoted(
        &mut self,
        started: (u64, u64),
        first: usize,
        cell: usize,
    ) -> Result<Record, TooWide> {
        let store = &mut self.store;
        let start = store.unescaped.len();
        // Cells before `cell` hold no quote, line end or anything to unescape: moved whole.
        store
            .unescaped
            .extend_from_slice(&store.block[self.at..cell]);
        let moved = (self.len + start - self.at) as u32;
        for end in &mut store.ends[first..] {
            *end += moved;
        }
        let before = store.ends.len() - first;
        let plain_blank = blank_cells(&self.store.unescaped[start..], self.delimiter);
        // The reader starts `cell` as it starts a record: its first byte is no line end.
        let input = &self.store.block[cell..];
        let ends = &mut self.out_ends[..self.width - before];
        self.core.set_line(0);
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
            let rest = &input[nin..];
            let (result, i, o, e) =
                self.core
                    .read_record(rest, &mut self.out[nout..], &mut ends[nend..]);
            (nin, nout, nend) = (nin + i, nout + o, nend + e);
            match result {
                ReadRecordResult::Record | ReadRecordResult::End => break,
                // The next call reads on, or with nothing left tells the reader the input ended.
                ReadRecordResult::InputEmpty if !rest.is_empty() => {}
                ReadRecordResult::InputEmpty => break,
                // Grown as records need, not to the rest of the block at the first quote.
                ReadRecordResult::OutputFull => {
                    let room = (2 * self.out.len()).max(1024);
                    self.out.resize(room, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    self.store.unescaped.truncate(start);
                    self.store.ends.truncate(first);
                    return Err(TooWide);
                }
            }
        }
        self.at = cell + nin;
        self.line += self.core.line();
        let unescaped = &self.out[..nout];
        let facts = (
            memchr::memchr_iter(b'\n', unescaped).count() as u64,
            matches!(unescaped.last(), Some(b'\n' | b'\r')),
            plain_blank && unescaped.iter().all(u8::is_ascii_whitespace),
        );
        let store = &mut self.store;
        let mut from = 0;
        for &end in &ends[..nend] {
            store.unescaped.extend_from_slice(&unescaped[from..end]);
            store.ends.push((self.len + store.unescaped.len()) as u32);
            store.unescaped.push(self.delimiter);
            from = end;
        }
        let cells = Cells {
            start: (self.len + start) as u32,
            first: first as u32,
            count: (before + nend) as u32,
        };
        Ok(self.record(started, facts, cells))
    }

    fn record(
        &mut self,
        (byte, line): (u64, u64),
        (inside_lines, ends_in_break, blank): (u64, bool, bool),
        cells: Cells,
    ) -> Record {
        let number = self.number;
        self.number += 1;
        Record {
            number,
            byte,
            line,
            end_line: self.line,
            inside_lines,
            ends_in_break,
            blank,
            cells,
        }
    }
}

impl Drop for BlockRecords {
    fn drop(&mut self) {
        CORE.set(Some((self.delimiter, std::mem::take(&mut self.core))));
    }
}

#[cfg(test)]
mod tests;
