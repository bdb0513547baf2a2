//! Records of an export as decoded text, for the mapping reader (not the canonical fast path).
//!
//! Until part A's decoded-record reader lands, this opens the file with the csv crate
//! (flexible lengths, delimiter sniffed from the first line outside quotes, UTF-8 BOM
//! stripped) and decodes each cell as UTF-8, falling back to Windows-1252 per cell with a
//! flag so the caller can report it. It knows no platform or mapping.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use crate::diag::Location;
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::reader::decode;

/// One record as text: 1-based row (the first record is row 1), start line, cells, and the
/// indexes of cells that were not valid UTF-8.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextRecord {
    /// Spreadsheet row number (first record of the file = 1).
    pub row: u64,
    /// Physical line where the record starts.
    pub line: u64,
    /// Cells, decoded.
    pub cells: Vec<String>,
    /// Cells decoded as Windows-1252 because they were not valid UTF-8.
    pub bad_cells: Vec<usize>,
}

impl TextRecord {
    /// The cell at `index`, or `""` past the end of a short row.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }

    /// Whether every cell is blank (skipped, not counted).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A streaming reader of text records.
pub struct TextRecords {
    file: String,
    reader: csv::Reader<Box<dyn Read>>,
    record: ByteRecord,
    /// The delimiter used.
    pub delimiter: u8,
}

impl TextRecords {
    /// Opens `path` (named as the user wrote it).
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        let name = path.display().to_string();
        let read_err = |source| IngestError::Read {
            file: name.clone(),
            source,
        };
        let mut file = File::open(path).map_err(read_err)?;
        let mut head = vec![0u8; 64 * 1024];
        let n = read_up_to(&mut file, &mut head).map_err(read_err)?;
        head.truncate(n);
        file.seek(SeekFrom::Start(0)).map_err(read_err)?;
        let delimiter = sniff_delimiter(&head);
        Ok(Self::from_reader(
            name,
            Box::new(BufReader::new(file)),
            delimiter,
        ))
    }

    /// Reads from any byte source with a known delimiter (tests, in-memory files).
    pub fn from_reader(file: String, input: Box<dyn Read>, delimiter: u8) -> Self {
        let reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(input);
        TextRecords {
            file,
            reader,
            record: ByteRecord::new(),
            delimiter,
        }
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The next record, or `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<TextRecord>, IngestError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(source) => IngestError::Read {
                    file: self.file.clone(),
                    source,
                },
                other => IngestError::invalid(
                    finding::READ,
                    format!("cannot parse the file as CSV: {other:?}"),
                    Location::File {
                        file: self.file.clone(),
                    },
                ),
            })?;
        if !more {
            return Ok(None);
        }
        let (row, line) = self
            .record
            .position()
            .map_or((0, 0), |p| (p.record() + 1, p.line()));
        let mut out = TextRecord {
            row,
            line,
            ..TextRecord::default()
        };
        for (i, bytes) in self.record.iter().enumerate() {
            // csv-core strips a BOM only at the very start of unquoted input; a quoted
            // first header (LimeSurvey) keeps it, so strip it here too.
            let bytes = if row == 1 && i == 0 {
                bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
            } else {
                bytes
            };
            let (text, bad) = decode(bytes);
            if bad {
                out.bad_cells.push(i);
            }
            out.cells.push(text.into_owned());
        }
        Ok(Some(out))
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// The most frequent of `,` `;` tab on the first record outside quotes (comma on ties).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_and_decodes_with_fallback() {
        assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n1,2,3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"abc"), b',');
        let bytes: &'static [u8] = b"\xef\xbb\xbf\"id\",\"x\"\n\"1\",\"caf\xe9\"\n";
        let mut r = TextRecords::from_reader("t.csv".into(), Box::new(bytes), b',');
        let head = r.next_record().unwrap().unwrap();
        assert_eq!(head.cells, ["id", "x"]);
        let row = r.next_record().unwrap().unwrap();
        assert_eq!(
            (row.row, row.cell(1), row.bad_cells.clone()),
            (2, "café", vec![1])
        );
        assert_eq!(row.cell(9), "");
        assert!(r.next_record().unwrap().is_none());
    }
}
