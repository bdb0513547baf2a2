//! Records of an export as decoded text, for the mapping reader (not the canonical fast path).
//!
//! A thin adapter over `ingest::reader::RecordReader` (encoding sniffing with BOMs, UTF-16,
//! Windows-1252 fallback with byte-offset findings, delimiter sniffing): it only adds "next
//! record or end" and passes the reader's encoding findings on. It knows no platform or mapping.

use std::io::Read;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::ingest::error::IngestError;
use crate::ingest::reader::{open_records, ReadOptions, RecordReader};
use crate::ingest::sheet::SheetOrigin;

pub use crate::ingest::reader::TextRecord;

/// A streaming reader of decoded records.
pub struct TextRecords {
    reader: RecordReader<Box<dyn Read>>,
}

impl TextRecords {
    /// Opens `path` (named as the user wrote it) with sniffed encoding and delimiter.
    pub fn open(path: &Path) -> Result<Self, IngestError> {
        Self::open_with(path, &ReadOptions::default())
    }

    /// Opens `path` with explicit encoding or delimiter (a `None` field is sniffed).
    pub fn open_with(path: &Path, options: &ReadOptions) -> Result<Self, IngestError> {
        Ok(TextRecords {
            reader: open_records(path, options)?,
        })
    }

    /// Reads from any byte source (tests, in-memory files).
    pub fn from_reader(
        file: String,
        input: Box<dyn Read>,
        options: &ReadOptions,
    ) -> Result<Self, IngestError> {
        Ok(TextRecords {
            reader: RecordReader::new(file, input, options)?,
        })
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        self.reader.file()
    }

    /// Where the records sit in their sheet (`None`: a text file).
    pub fn sheet_origin(&self) -> Option<&SheetOrigin> {
        self.reader.sheet_origin()
    }

    /// Names columns in encoding findings.
    pub fn set_column_names(&mut self, names: Vec<String>) {
        self.reader.set_column_names(names);
    }

    /// The encoding findings collected so far (bytes that are not valid UTF-8, with byte
    /// offset, row and column).
    pub fn take_findings(&mut self) -> Vec<Diagnostic> {
        self.reader.take_findings()
    }

    /// The next record, or `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<TextRecord>, IngestError> {
        let mut record = TextRecord::default();
        Ok(self.reader.read_text(&mut record)?.then_some(record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_fallback_and_strips_a_quoted_bom() {
        let bytes: &'static [u8] = b"\xef\xbb\xbf\"id\";\"x\"\n\"1\";\"caf\xe9\"\n";
        let mut r =
            TextRecords::from_reader("t.csv".into(), Box::new(bytes), &ReadOptions::default())
                .unwrap();
        let head = r.next_record().unwrap().unwrap();
        assert_eq!(head.cells, ["id", "x"]);
        let row = r.next_record().unwrap().unwrap();
        assert_eq!(
            (row.row, row.cell(1), row.bad_cells.clone()),
            (2, "café", vec![1])
        );
        assert_eq!(row.cell(9), "");
        assert!(r.next_record().unwrap().is_none());
        let findings = r.take_findings();
        assert!(!findings.is_empty());
        assert_eq!(findings[0].code, crate::ingest::finding::BAD_ENCODING);
    }
}
