//! The only builder of CSV readers: opening, encoding, delimiter, header row, record by record.
//!
//! Everything that touches raw bytes before a cell parser sees them lives here (with
//! `encoding.rs` and `sniff.rs`). `RecordReader` settles encoding and delimiter from the
//! head of the file and hands out records as bytes (fast path, one reused `ByteRecord`) or as
//! decoded text; `CsvInput` adds one header row for the canonical formats. Record lengths are
//! not checked by the csv crate (`flexible`): format readers report a wrong length as a
//! finding. This module knows nothing about survey columns, platforms or the model.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{Chain, Cursor, Read};
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
use crate::ingest::encoding::{self, FileEncoding, InvalidByte, Transcode, Utf8Watch};
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::guard::{self, Bounded};
use crate::ingest::header::Header;
use crate::ingest::input_hash::{HashTap, Hashing};
use crate::ingest::sheet::{self, SheetOrigin, SheetSelector};
use crate::ingest::sniff;
use crate::ingest::stray_bytes::StrayBytes;
use crate::model::survey::InputHash;

pub use crate::ingest::record::TextRecord;
pub(crate) use crate::ingest::record::{decode, decode_with, is_blank, position};
use crate::ingest::record::{decode_record, invalid_sequences, place_line};

/// 64 KiB: large enough that the parser rarely waits on the OS, small enough to stay in L2.
const BUFFER_BYTES: usize = 64 * 1024;
/// How much of the file is read up front to sniff encoding and delimiter.
pub(crate) const HEAD_BYTES: usize = 64 * 1024;
/// Encoding findings reported one by one per file; later ones are counted in one summary.
const ENCODING_FINDINGS_KEPT: u64 = 20;

/// How to read the bytes of a file; `None` fields are sniffed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The delimiter (`,`, `;`, `\t`, …) instead of sniffing it.
    pub delimiter: Option<u8>,
    /// An encoding label (`utf-16le`, `windows-1252`, `macintosh`, …); see
    /// `encoding::sniff` for how it combines with a BOM.
    pub encoding: Option<String>,
    /// The sheet of a spreadsheet input (`None`: the first); ignored for text files.
    pub sheet: Option<SheetSelector>,
}

/// Parses a delimiter setting: one ASCII character, or `tab`/`\t`, `comma`, `semicolon`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" | "TAB" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        "pipe" => Ok(b'|'),
        _ if text.len() == 1 && text.is_ascii() && text != "\"" && text != "\n" => {
            Ok(text.as_bytes()[0])
        }
        _ => Err(format!(
            "invalid delimiter {text:?}: expected one character such as `,` or `;`, or `tab`"
        )),
    }
}

/// A delimiter as people write it (`,`, `;`, `tab`).
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        d => char::from(d).to_string(),
    }
}

/// The byte stream the CSV parser reads: UTF-8 as is, or anything else transcoded to UTF-8.
pub enum Decoded<R> {
    /// UTF-8 (BOM removed), passed through while invalid bytes are located.
    Utf8(Utf8Watch<Chain<Cursor<Vec<u8>>, R>>),
    /// Another encoding, transcoded chunk by chunk.
    Other(Transcode<Chain<Cursor<Vec<u8>>, R>>),
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Decoded::Utf8(r) => r.read(buf),
            Decoded::Other(r) => r.read(buf),
        }
    }
}

/// A delimited text file with encoding and delimiter settled; records on demand.
///
/// Use `read_bytes` for speed (cells as UTF-8 bytes, possibly invalid) or `read_text` /
/// the `Iterator` impl for decoded cells. `peek` reads the first records (for platform
/// detection) without losing them: later reads return them again first. Encoding findings
/// (bytes that are not valid UTF-8, with byte offset, row and column) collect in the reader
/// and are taken with `take_findings`.
pub struct RecordReader<R: Read> {
    reader: csv::Reader<Bounded<Decoded<R>>>,
    file: String,
    encoding: FileEncoding,
    delimiter: u8,
    /// Whether lines end in a bare line feed rather than CR LF (`record::place_line`).
    lf_ends: bool,
    /// Records read by `peek` and not yet handed out.
    lookahead: VecDeque<(ByteRecord, Vec<InvalidByte>)>,
    /// Cells past this width are dropped when all empty (unnamed trailing-comma columns).
    width: Option<usize>,
    column_names: Vec<String>,
    findings: Vec<Diagnostic>,
    encoding_findings: u64,
    invalid: Vec<InvalidByte>,
    scratch: ByteRecord,
    /// Cells in the widest record so far (for `guard::open_quote`).
    widest: usize,
    /// The finding for the last record read if no record follows (`guard::open_at_end`).
    open_at_end: Option<Diagnostic>,
    /// Where the records sit in their sheet, for a spreadsheet input.
    origin: Option<SheetOrigin>,
    /// The file's hash as it is read (text files opened by `open_records`).
    hash: Option<HashTap>,
}

/// Opens `path` with sniffed encoding and delimiter, naming it in messages as the user wrote it.
///
/// A spreadsheet (`.xlsx`, `.xlsm`, `.ods`) is read through `sheet`: the chosen sheet becomes
/// UTF-8 CSV in memory, and the reader remembers where it sits in the sheet.
pub fn open_records(
    path: &Path,
    options: &ReadOptions,
) -> Result<RecordReader<Box<dyn Read>>, IngestError> {
    let name = path.display().to_string();
    if sheet::is_spreadsheet(path) {
        let (bytes, origin, findings) = sheet::read_sheet(path, options.sheet.as_ref())?;
        let csv = ReadOptions {
            delimiter: Some(b','),
            encoding: Some("utf-8".to_string()),
            sheet: None,
        };
        let mut reader =
            RecordReader::new(name, Box::new(Cursor::new(bytes)) as Box<dyn Read>, &csv)?;
        reader.findings = findings;
        reader.origin = Some(origin);
        return Ok(reader);
    }
    let file = File::open(path).map_err(|source| IngestError::Read {
        file: name.clone(),
        source,
    })?;
    let file = Hashing::new(file);
    let tap = file.tap();
    let mut reader = RecordReader::new(name, Box::new(file) as Box<dyn Read>, options)?;
    reader.hash = Some(tap);
    Ok(reader)
}

/// Opens `path` and reads its header row (the canonical formats).
pub(crate) fn open_file(path: &Path) -> Result<CsvInput<Box<dyn Read>>, IngestError> {
    CsvInput::from_records(open_records(path, &ReadOptions::default())?)
}

impl<R: Read> RecordReader<R> {
    /// Reads the head of `input`, settles encoding and delimiter, and starts the parser.
    pub fn new(file: String, mut input: R, options: &ReadOptions) -> Result<Self, IngestError> {
        let configured = match &options.encoding {
            Some(label) => Some(encoding::encoding_for_label(label).map_err(|message| {
                IngestError::invalid(
                    finding::READ,
                    message,
                    Location::File { file: file.clone() },
                )
            })?),
            None => None,
        };
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut input)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|source| IngestError::Read {
                file: file.clone(),
                source,
            })?;
        let encoding = encoding::sniff(&head, configured);
        let (delimiter, lf_ends) = if encoding.is_utf8() {
            let delimiter = options.delimiter.unwrap_or_else(|| sniff::delimiter(&head));
            (delimiter, sniff::lf_ends(&head))
        } else {
            let text = encoding::decode_head(&head, encoding.encoding);
            let delimiter = options
                .delimiter
                .unwrap_or_else(|| sniff::delimiter(text.as_bytes()));
            (delimiter, sniff::lf_ends(text.as_bytes()))
        };
        let stream = if encoding.is_utf8() {
            let bom = if encoding.bom { 3 } else { 0 };
            head.drain(..bom);
            Decoded::Utf8(Utf8Watch::new(Cursor::new(head).chain(input), bom as u64))
        } else {
            Decoded::Other(Transcode::new(
                Cursor::new(head).chain(input),
                encoding.encoding,
            ))
        };
        // CRLF terminator mode (the default) accepts `\r\n`, `\n` and a lone `\r`.
        let reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(Bounded::new(stream, BUFFER_BYTES as u64));
        Ok(RecordReader {
            reader,
            file,
            encoding,
            delimiter,
            lf_ends,
            lookahead: VecDeque::new(),
            width: None,
            column_names: Vec::new(),
            findings: Vec::new(),
            encoding_findings: 0,
            invalid: Vec::new(),
            scratch: ByteRecord::new(),
            widest: 0,
            open_at_end: None,
            origin: None,
            hash: None,
        })
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where the records sit in their sheet (`None`: a text file).
    pub fn sheet_origin(&self) -> Option<&SheetOrigin> {
        self.origin.as_ref()
    }

    /// Places the records in a sheet: for CSV rebuilt in memory from a sheet (a mapped
    /// baseline), so that its locations name the sheet's cells.
    pub(crate) fn set_sheet_origin(&mut self, origin: Option<SheetOrigin>) {
        self.origin = origin;
    }

    /// The file's SHA-256, once the records were read to the end of a file opened by
    /// `open_records` (`None` before, and for spreadsheets and in-memory input).
    pub(crate) fn input_hash(&self) -> Option<InputHash> {
        self.hash.as_ref()?.finish(&self.file)
    }

    /// The encoding, as detected or configured.
    pub fn encoding(&self) -> FileEncoding {
        self.encoding
    }

    /// The delimiter, as sniffed or configured.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Names columns in encoding findings (usually the header row).
    pub fn set_column_names(&mut self, names: Vec<String>) {
        self.column_names = names;
    }

    /// From now on, cells at index `width` and beyond are dropped from records in which they
    /// are all empty (a trailing comma on every line makes such an unnamed column).
    pub fn drop_empty_cells_beyond(&mut self, width: usize) {
        self.width = Some(width);
    }

    /// The first `n` records (fewer at the end of the file), decoded; they are read again by
    /// the next reads. Blank records are included, as in the file.
    pub fn peek(&mut self, n: usize) -> Result<Vec<TextRecord>, IngestError> {
        let mut record = ByteRecord::new();
        while self.lookahead.len() < n && self.next_raw(&mut record)? {
            self.lookahead
                .push_back((record.clone(), self.invalid.clone()));
        }
        let peeked = self.lookahead.iter().take(n).map(|(r, _)| {
            let mut text = TextRecord::default();
            decode_record(r, self.encoding.fallback, &mut text);
            text
        });
        Ok(peeked.collect())
    }

    /// Reads the next record as UTF-8 bytes (invalid sequences left in place: decode each
    /// cell with `decode`); `false` at the end of the file.
    pub fn read_bytes(&mut self, record: &mut ByteRecord) -> Result<bool, IngestError> {
        if let Some((next, invalid)) = self.lookahead.pop_front() {
            *record = next;
            self.invalid = invalid;
        } else if !self.next_raw(record)? {
            return Ok(false);
        }
        if let Some(width) = self.width {
            if record.len() > width && record.iter().skip(width).all(<[u8]>::is_empty) {
                record.truncate(width);
            }
        }
        Ok(true)
    }

    /// Reads the next record decoded into `text`, reusing its strings; `false` at the end.
    /// Cells that are not valid UTF-8 are read in the fallback encoding, each with a finding.
    pub fn read_text(&mut self, text: &mut TextRecord) -> Result<bool, IngestError> {
        // The scratch record is reused across calls (no allocation per row).
        let mut record = std::mem::take(&mut self.scratch);
        let more = self.read_bytes(&mut record);
        let result = match more {
            Ok(true) => {
                if decode_record(&record, self.encoding.fallback, text) {
                    self.report_invalid(&record, text);
                }
                Ok(true)
            }
            Ok(false) => {
                self.finish_findings();
                Ok(false)
            }
            Err(e) => Err(e),
        };
        self.scratch = record;
        result
    }

    /// Takes the encoding findings collected so far.
    pub fn take_findings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.findings)
    }

    fn next_raw(&mut self, record: &mut ByteRecord) -> Result<bool, IngestError> {
        // Where this record starts, for the error when it never ends (after the line feed of
        // the previous record's CR LF, which the parser reads with this record).
        let start = self.reader.position();
        let pending = u64::from(!self.lf_ends && start.record() > 0);
        let (row, line) = (start.record() + 1, start.line() + pending);
        let more = self
            .reader
            .read_byte_record(record)
            .map_err(|e| guard::read_error(&self.file, e, (row, line)))?;
        self.invalid.clear();
        if more {
            place_line(record, self.reader.position().line(), self.lf_ends);
            // Move this record's invalid bytes out of the watch's queue, which so stays as
            // short as the parser's read-ahead. Valid files never enter the branch.
            let end = self.reader.position().byte();
            let bounded = self.reader.get_mut();
            bounded.record_ended(end, BUFFER_BYTES as u64);
            if let Decoded::Utf8(watch) = bounded.get_mut() {
                if watch.has_invalid() {
                    watch.take_before(end, &mut self.invalid);
                }
            }
            self.widest = self.widest.max(record.len());
            let shape = (self.column_names.len().max(self.widest), self.delimiter);
            let names = &self.column_names;
            let open = guard::open_quote(&self.file, record, shape, names);
            self.open_at_end = match open {
                Some(_) => None,
                None => guard::open_at_end(&self.file, record, names),
            };
            self.findings.extend(open);
            let capped = guard::cap_cells(&self.file, record, &self.column_names);
            self.findings.extend(capped);
        } else {
            // The last record was the file's last: a quote still open in it is now certain.
            self.findings.extend(self.open_at_end.take());
        }
        Ok(more)
    }

    /// One finding per invalid cell of `record`, with the file offset of its first bad byte.
    fn report_invalid(&mut self, record: &ByteRecord, text: &TextRecord) {
        let (row, line) = position(record);
        let record_start = record.position().map_or(0, csv::Position::byte);
        let mut offsets = std::mem::take(&mut self.invalid).into_iter();
        for (index, cell) in record.iter().enumerate() {
            let bad = invalid_sequences(cell);
            if bad == 0 {
                continue;
            }
            let first = offsets.next();
            for _ in 1..bad {
                offsets.next();
            }
            self.encoding_findings += 1;
            if self.encoding_findings > ENCODING_FINDINGS_KEPT {
                continue;
            }
            let (offset, byte) = match first {
                Some(b) => (b.offset, b.byte),
                None => (
                    record_start,
                    cell.iter().copied().find(|b| !b.is_ascii()).unwrap_or(0),
                ),
            };
            let value = text.cell(index);
            // Before the header is known, a header cell names itself (issue 15: not `""`).
            let name = match self.column_names.get(index) {
                Some(name) => name.as_str(),
                None if self.column_names.is_empty() && row == 1 => value,
                None => "",
            };
            let cell = StrayBytes {
                file: &self.file,
                position: (row, line),
                column: ColumnRef::from_index(index, name),
                byte: (byte, offset),
                value,
            };
            self.findings.push(cell.finding(&self.encoding));
        }
    }

    fn finish_findings(&mut self) {
        let more = self
            .encoding_findings
            .saturating_sub(ENCODING_FINDINGS_KEPT);
        if more > 0 {
            self.encoding_findings = ENCODING_FINDINGS_KEPT;
            self.findings.push(
                Diagnostic::new(
                    finding::BAD_ENCODING,
                    Severity::Warning,
                    format!(
                        "{more} more cells are not valid UTF-8 and were read as {}",
                        self.encoding.fallback.name()
                    ),
                    Location::File {
                        file: self.file.clone(),
                    },
                )
                .with_expected("UTF-8 text"),
            );
        }
    }
}

impl<R: Read> Iterator for RecordReader<R> {
    type Item = Result<TextRecord, IngestError>;

    /// The next decoded record (a new allocation each; use `read_text` in hot loops).
    fn next(&mut self) -> Option<Self::Item> {
        let mut text = TextRecord::default();
        match self.read_text(&mut text) {
            Ok(true) => Some(Ok(text)),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// A CSV input whose header row has been read.
pub(crate) struct CsvInput<R: Read> {
    records: RecordReader<R>,
    header: Header,
}

impl<R: Read> CsvInput<R> {
    /// Reads the header row from `input`, sniffing encoding and delimiter (tests).
    #[cfg(test)]
    pub fn new(file: String, input: R) -> Result<Self, IngestError> {
        Self::from_records(RecordReader::new(file, input, &ReadOptions::default())?)
    }

    /// Reads the header row (the next record) of `records`. Trailing unnamed header cells
    /// are dropped, and with them the matching empty cells of every row (trailing commas).
    pub fn from_records(mut records: RecordReader<R>) -> Result<Self, IngestError> {
        let mut record = ByteRecord::new();
        if !records.read_bytes(&mut record)? {
            return Err(IngestError::invalid(
                finding::NO_HEADER,
                "the file is empty: expected a header row",
                Location::File {
                    file: records.file.clone(),
                },
            ));
        }
        let (row, line) = position(&record);
        let mut names: Vec<String> = record
            .iter()
            .map(|cell| decode_with(cell, records.encoding.fallback).0.into_owned())
            .collect();
        let width = names
            .iter()
            .rposition(|n| !n.trim().is_empty())
            .map_or(0, |i| i + 1);
        if width > 0 && width < names.len() {
            names.truncate(width);
            records.drop_empty_cells_beyond(width);
        }
        records.set_column_names(names.clone());
        let header = Header::new(
            records.file.clone(),
            names,
            (row, line),
            records.origin.clone(),
        )?;
        Ok(CsvInput { records, header })
    }

    /// The header row.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        self.header.file()
    }

    /// Reads the next record into `record`; `false` at the end of the file.
    pub fn read(&mut self, record: &mut ByteRecord) -> Result<bool, IngestError> {
        self.records.read_bytes(record)
    }

    /// The invalid UTF-8 sequences of the last record read, in file order (usually none).
    pub fn invalid_bytes(&self) -> &[InvalidByte] {
        &self.records.invalid
    }

    /// Takes the reader's own findings (cut cells, open quotes) so far.
    pub fn take_findings(&mut self) -> Vec<Diagnostic> {
        self.records.take_findings()
    }

    /// Where the records sit in their sheet (`None`: a text file).
    pub fn sheet_origin(&self) -> Option<&SheetOrigin> {
        self.records.sheet_origin()
    }

    /// Where the next record starts in the parsed stream, and how many records (the header
    /// included) came before it: where a block reader takes over (issue 16).
    pub fn next_record(&self) -> (u64, u64) {
        let position = self.records.reader.position();
        (position.byte(), position.record())
    }

    /// The delimiter, the encoding, and whether empty trailing cells are dropped from rows.
    pub fn shape(&self) -> (u8, FileEncoding, bool) {
        let r = &self.records;
        (r.delimiter, r.encoding, r.width.is_some())
    }

    /// The file's SHA-256, once read to its end (see `RecordReader::input_hash`).
    pub fn input_hash(&self) -> Option<InputHash> {
        self.records.input_hash()
    }

    /// Whether lines end in a bare line feed rather than CR LF (`record::place_line`), as
    /// sniffed from the head of the file.
    pub(crate) fn lf_ends(&self) -> bool {
        self.records.lf_ends
    }
}

/// `d` (a finding about cell `index` of `record`, which is not valid UTF-8) with the file
/// offset of the cell's first invalid byte put in front of its message.
pub(crate) fn with_byte_offset(
    mut d: Diagnostic,
    record: &ByteRecord,
    invalid: &[InvalidByte],
    index: usize,
) -> Diagnostic {
    // Sequences are queued in file order, and cells come in file order: skip the earlier
    // cells' sequences to find this cell's first.
    let before: usize = record.iter().take(index).map(invalid_sequences).sum();
    if let Some(b) = invalid.get(before) {
        let row = position(record).0;
        d.message = format!(
            "byte 0x{:02X} at byte offset {} (row {row}): {}",
            b.byte, b.offset, d.message
        );
    }
    d
}

#[cfg(test)]
mod tests;
