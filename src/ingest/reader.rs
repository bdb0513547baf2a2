//! The only builder of CSV readers: opening, BOM, delimiter, header row, record by record.
//!
//! Everything that touches raw bytes before a cell parser sees them lives here, so the later
//! encodings issue (UTF-16, cp1252 files) plugs in at one place. Records are read into one
//! reused `ByteRecord` (no per-row allocation); record lengths are not checked by the csv
//! crate (`flexible`) because the format readers report a wrong length as a finding, not an
//! error. This module knows nothing about survey columns or the model.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use crate::diag::Location;
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::header::Header;

/// 64 KiB: large enough that the parser rarely waits on the OS, small enough to stay in L2.
const BUFFER_BYTES: usize = 64 * 1024;

/// A CSV input whose header row has been read.
pub(crate) struct CsvInput<R: Read> {
    reader: csv::Reader<R>,
    header: Header,
}

/// Opens `path`, naming it in messages as the user wrote it.
pub(crate) fn open_file(path: &Path) -> Result<CsvInput<File>, IngestError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|source| IngestError::Read {
        file: name.clone(),
        source,
    })?;
    CsvInput::new(name, file)
}

impl<R: Read> CsvInput<R> {
    /// Reads the header row from `input` (comma-delimited; a UTF-8 BOM is stripped).
    pub fn new(file: String, input: R) -> Result<Self, IngestError> {
        // csv-core strips a UTF-8 BOM at the very start; `Header` strips one again in case a
        // tool wrote it inside quotes. Headers are read by hand so the header's own position
        // is known and numbering stays "record index + 1" for every row.
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(b',')
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(input);
        let mut record = ByteRecord::new();
        if !read_into(&mut reader, &file, &mut record)? {
            return Err(IngestError::invalid(
                finding::NO_HEADER,
                "the file is empty: expected a header row",
                Location::File { file },
            ));
        }
        let (row, line) = position(&record);
        let names = record
            .iter()
            .map(|cell| decode(cell).0.into_owned())
            .collect();
        let header = Header::new(file, names, row, line)?;
        Ok(CsvInput { reader, header })
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
        let file = self.header.file();
        read_into(&mut self.reader, file, record)
    }
}

fn read_into<R: Read>(
    reader: &mut csv::Reader<R>,
    file: &str,
    record: &mut ByteRecord,
) -> Result<bool, IngestError> {
    reader
        .read_byte_record(record)
        .map_err(|e| match e.into_kind() {
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
        })
}

/// The record's 1-based row (header = row 1) and the physical line where it starts.
pub(crate) fn position(record: &ByteRecord) -> (u64, u64) {
    // The csv reader sets a position on every record it reads; (0, 0) cannot be reached.
    record
        .position()
        .map_or((0, 0), |p| (p.record() + 1, p.line()))
}

/// Whether every cell is empty or whitespace (such records are skipped and not counted).
pub(crate) fn is_blank(record: &ByteRecord) -> bool {
    // One pass over the record's contiguous cell bytes instead of cell by cell.
    record.as_slice().iter().all(u8::is_ascii_whitespace)
}

/// A cell as text: borrowed when valid UTF-8, else decoded as Windows-1252 and flagged `true`.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (
            Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
            true,
        ),
    }
}

/// Windows-1252 byte → char: Latin-1 except 0x80–0x9F, the usual encoding of old exports.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(bytes: &[u8]) -> CsvInput<&[u8]> {
        CsvInput::new("t.csv".into(), bytes).unwrap()
    }

    #[test]
    fn bom_is_stripped_from_the_header() {
        let csv = input(b"\xef\xbb\xbfrespondent_id,b\n1,2\n");
        assert_eq!(csv.header().name(0), "respondent_id");
        assert_eq!(csv.header().find("respondent_id"), Some(0));
    }

    #[test]
    fn rows_count_records_and_lines_count_newlines() {
        let mut csv = input(b"a,b\n1,\"x\ny\"\n2,z\n");
        let mut record = ByteRecord::new();
        assert!(csv.read(&mut record).unwrap());
        assert_eq!(position(&record), (2, 2));
        assert!(csv.read(&mut record).unwrap());
        assert_eq!(position(&record), (3, 4));
        assert!(!csv.read(&mut record).unwrap());
    }

    #[test]
    fn empty_file_is_an_error() {
        let err = CsvInput::new("t.csv".into(), &b""[..]).err().unwrap();
        assert_eq!(err.to_diagnostic().code, finding::NO_HEADER);
    }

    #[test]
    fn invalid_utf8_decodes_as_windows_1252() {
        assert_eq!(
            decode(b"caf\xe9 \x80"),
            (Cow::Owned::<str>("café €".into()), true)
        );
        assert_eq!(decode("ok".as_bytes()), (Cow::Borrowed("ok"), false));
    }

    #[test]
    fn blank_records_are_recognised() {
        let mut csv = input(b"a,b\n , \n");
        let mut record = ByteRecord::new();
        assert!(csv.read(&mut record).unwrap());
        assert!(is_blank(&record));
    }
}
