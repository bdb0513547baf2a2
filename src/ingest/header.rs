//! A CSV header row: column names resolved to indexes once per file, and the locations that
//! point at header cells or at any cell of a data row.
//!
//! Names match case-insensitively after trimming. It knows the file's name and positions but
//! no survey format: each format reader asks for the columns it needs.

use crate::diag::did_you_mean;
use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
use crate::ingest::cell::Problem;
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::record::decode;
use crate::ingest::sheet::SheetOrigin;

/// The header row of one file.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    file: String,
    names: Vec<String>,
    row: u64,
    line: u64,
    /// Where the records sit in their sheet, for a spreadsheet input: locations then name
    /// sheet cells (`Responses!C14`), errors that stop the run included.
    sheet: Option<SheetOrigin>,
}

impl Header {
    /// Checks that no two cells name the same column (which one would count is ambiguous).
    pub fn new(
        file: String,
        mut names: Vec<String>,
        (row, line): (u64, u64),
        sheet: Option<SheetOrigin>,
    ) -> Result<Self, IngestError> {
        for name in &mut names {
            let trimmed = name.trim_start_matches('\u{feff}').trim();
            if trimmed.len() != name.len() {
                *name = trimmed.to_string();
            }
        }
        let header = Header {
            file,
            names,
            row,
            line,
            sheet,
        };
        for (index, name) in header.names.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(first) = header.names[..index]
                .iter()
                .position(|n| n.eq_ignore_ascii_case(name))
            {
                let cell = |i: usize| match header.header_location(Some(i)) {
                    Location::Sheet { reference, .. } => reference,
                    _ => (i + 1).to_string(),
                };
                let what = if header.sheet.is_some() {
                    "cells"
                } else {
                    "columns"
                };
                return Err(IngestError::invalid(
                    finding::DUPLICATE_COLUMN,
                    format!(
                        "column {name:?} appears twice ({what} {} and {})",
                        cell(first),
                        cell(index)
                    ),
                    header.header_location(Some(index)),
                ));
            }
        }
        Ok(header)
    }

    /// The file as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// How many columns the header has.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The header text of column `index` (0-based).
    pub fn name(&self, index: usize) -> &str {
        self.names.get(index).map_or("", String::as_str)
    }

    /// Every header text, in column order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The 0-based index of a column, if present.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// The index of a column the format requires, or an error naming it with a hint.
    pub fn require(&self, name: &str) -> Result<usize, IngestError> {
        self.find(name).ok_or_else(|| {
            let mut d = Diagnostic::new(
                finding::MISSING_COLUMN,
                Severity::Error,
                format!("missing required column `{name}`"),
                self.header_location(None),
            )
            .with_expected(format!("a header cell `{name}`"));
            if let Some(near) = did_you_mean(name, self.names.iter().map(String::as_str)) {
                d = d.with_hint(format!(
                    "did you mean `{near}`? rename that column to `{name}`"
                ));
            }
            IngestError::Invalid(Box::new(d))
        })
    }

    /// The column reference of `index` (1-based number plus header text).
    pub fn column(&self, index: usize) -> ColumnRef {
        ColumnRef::from_index(index, self.name(index))
    }

    /// A location in the header row, optionally at one column.
    pub fn header_location(&self, index: Option<usize>) -> Location {
        self.location(self.row, self.line, index)
    }

    /// A location in a data row, optionally at one column.
    pub fn location(&self, row: u64, line: u64, index: Option<usize>) -> Location {
        if let Some(sheet) = &self.sheet {
            return sheet.location(&self.file, row, index.map(|i| self.column(i)));
        }
        Location::Csv {
            file: self.file.clone(),
            row,
            line,
            column: index.map(|i| self.column(i)),
        }
    }

    /// A warning for a header column the format does not know, with a hint from `known`.
    pub fn unknown_column<'a>(
        &self,
        index: usize,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        let name = self.name(index);
        let mut d = Diagnostic::new(
            finding::UNKNOWN_COLUMN,
            Severity::Warning,
            format!("unknown column {name:?} is ignored"),
            self.header_location(Some(index)),
        )
        .with_value(name);
        if let Some(near) = did_you_mean(name, known) {
            d = d.with_hint(format!("did you mean `{near}`?"));
        }
        d
    }
}

impl Header {
    /// A finding for a bad cell; `raw` is shown decoded.
    pub fn bad_cell(
        &self,
        row: u64,
        line: u64,
        index: usize,
        raw: &[u8],
        problem: Problem,
    ) -> Diagnostic {
        problem.finding(self.location(row, line, Some(index)), &decode(raw).0)
    }

    /// A finding for a cell that is not valid UTF-8 (`text` is its Windows-1252 reading).
    pub fn bad_encoding(&self, row: u64, line: u64, index: usize, text: &str) -> Diagnostic {
        Diagnostic::new(
            finding::BAD_ENCODING,
            Severity::Warning,
            format!("the cell is not valid UTF-8; it was read as Windows-1252: {text:?}"),
            self.location(row, line, Some(index)),
        )
        .with_value(text)
        .with_expected("UTF-8 text")
        .with_hint("save the file as CSV UTF-8")
    }

    /// A finding for a row whose cell count differs from the header's.
    pub fn row_length(&self, row: u64, line: u64, cells: usize) -> Diagnostic {
        let (cells_word, header) = (if cells == 1 { "cell" } else { "cells" }, self.len());
        Diagnostic::new(
            finding::ROW_LENGTH,
            Severity::Warning,
            format!("expected {header} cells as in the header, found {cells} {cells_word}"),
            self.location(row, line, None),
        )
        .with_value(cells.to_string())
        .with_expected(format!("{header} cells"))
        .with_hint(if cells > header {
            "cells beyond the header are ignored"
        } else {
            "missing cells count as blank"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Result<Header, IngestError> {
        Header::new(
            "f.csv".into(),
            names.iter().map(|s| s.to_string()).collect(),
            (1, 1),
            None,
        )
    }

    #[test]
    fn finds_columns_case_insensitively() {
        let h = header(&[" Respondent_ID ", "organization"]).unwrap();
        assert_eq!(h.find("respondent_id"), Some(0));
        assert_eq!(h.column(1).column, 2);
    }

    #[test]
    fn missing_column_names_file_column_and_near_miss() {
        let h = header(&["respondent", "organisation"]).unwrap();
        let d = h.require("organization").unwrap_err().to_diagnostic();
        assert_eq!(d.code, finding::MISSING_COLUMN);
        assert_eq!(d.message, "missing required column `organization`");
        assert_eq!(d.location.file(), Some("f.csv"));
        assert!(d.hints[0].contains("`organisation`"), "{:?}", d.hints);
    }

    #[test]
    fn duplicate_columns_are_an_error() {
        let err = header(&["a", "b", "A"]).unwrap_err().to_diagnostic();
        assert_eq!(err.code, finding::DUPLICATE_COLUMN);
        assert!(err.message.contains("columns 1 and 3"));
    }
}
