//! Spreadsheet exports (`.xlsx`, `.xlsm`, `.ods`, issue 15 point 9) as CSV bytes in memory.
//!
//! One sheet is turned into UTF-8 CSV that `reader::RecordReader` reads like any export, so
//! every preset, mapping and finding applies unchanged. This module is calamine's only home;
//! it knows nothing about survey columns. Findings and errors name the cell the user sees
//! (`Responses!C14`): `SheetOrigin::location` places a record and column of the converted
//! sheet in the sheet, adding the sheet's first used row and column (the header row builds
//! its locations with it, so errors that stop the run name sheet cells too), and `relocate`
//! turns a finding's CSV location into that sheet location.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use serde::{Deserialize, Serialize};

use crate::diag::{ColumnRef, Diagnostic, Location, Severity};
use crate::ingest::error::IngestError;
use crate::ingest::finding;

/// Which sheet of a workbook to read: `sheet = "Responses"` or `sheet = 2` (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum SheetSelector {
    /// The 1-based position of the sheet in the workbook.
    Index(usize),
    /// The sheet's name (exact, as the tab shows it).
    Name(String),
}

/// Where the CSV made from a sheet sits in that sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetOrigin {
    /// The sheet's name.
    pub sheet: String,
    /// 0-based sheet row of the first CSV record.
    pub first_row_index: u32,
    /// 0-based sheet column of the first CSV cell.
    pub first_column_index: u32,
    /// For CSV rebuilt from the sheet with other columns (a mapped baseline): the 0-based
    /// column of the sheet's CSV that each rebuilt column came from (`None`: a constant).
    /// Empty when the CSV's columns are the sheet's.
    pub columns: Vec<Option<u32>>,
}

impl SheetOrigin {
    /// The location of `row` (the 1-based record number of the CSV made from the sheet) and
    /// of `column` (its 1-based column, with the header text) as the spreadsheet shows it:
    /// `Responses!C14`, or `Responses!14:14` for a whole row (also for a rebuilt column that
    /// no sheet column holds).
    pub fn location(&self, file: &str, row: u64, column: Option<ColumnRef>) -> Location {
        let sheet_row = row + u64::from(self.first_row_index);
        let index = column.as_ref().and_then(|c| {
            let index = c.column.saturating_sub(1);
            if self.columns.is_empty() {
                Some(index)
            } else {
                self.columns.get(index as usize).copied().flatten()
            }
        });
        let column = match (column, index) {
            (Some(c), Some(index)) => Some(ColumnRef {
                column: index + 1,
                name: c.name,
            }),
            (column, _) => column,
        };
        let sheet = sheet_ref(&self.sheet);
        Location::Sheet {
            file: file.to_string(),
            sheet: self.sheet.clone(),
            reference: match index {
                Some(index) => format!(
                    "{sheet}!{}{sheet_row}",
                    column_letters(index + self.first_column_index)
                ),
                None => format!("{sheet}!{sheet_row}:{sheet_row}"),
            },
            row: sheet_row,
            column,
        }
    }
}

/// Whether `path` names a spreadsheet (by its extension, case-insensitive).
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xlsm", "ods"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Reads one sheet of the workbook at `path` as CSV bytes, with one finding per error cell.
pub fn read_sheet(
    path: &Path,
    selector: Option<&SheetSelector>,
) -> Result<(Vec<u8>, SheetOrigin, Vec<Diagnostic>), IngestError> {
    let file = path.display().to_string();
    let unreadable = |message: String| {
        IngestError::invalid(
            finding::READ,
            message,
            Location::File { file: file.clone() },
        )
    };
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| unreadable(format!("cannot read the file as a spreadsheet: {e}")))?;
    let names = workbook.sheet_names();
    let chosen = match selector {
        None => names.first(),
        Some(SheetSelector::Index(n)) => n.checked_sub(1).and_then(|i| names.get(i)),
        Some(SheetSelector::Name(name)) => names.iter().find(|s| *s == name),
    };
    let Some(sheet) = chosen.cloned() else {
        let wanted = match selector {
            None => "a first sheet".to_string(),
            Some(SheetSelector::Index(n)) => format!("sheet {n}"),
            Some(SheetSelector::Name(name)) => format!("sheet {name:?}"),
        };
        let available: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        return Err(unreadable(format!(
            "no {wanted} in the workbook; its sheets are: {}",
            if available.is_empty() {
                "none".to_string()
            } else {
                available.join(", ")
            }
        )));
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| unreadable(format!("cannot read sheet {sheet:?}: {e}")))?;
    let (first_row_index, first_column_index) = range.start().unwrap_or((0, 0));
    let origin = SheetOrigin {
        sheet,
        first_row_index,
        first_column_index,
        columns: Vec::new(),
    };
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut findings = Vec::new();
    let mut cells = Vec::new();
    for (r, row) in range.rows().enumerate() {
        cells.clear();
        for (c, value) in row.iter().enumerate() {
            if let Data::Error(e) = value {
                let location = Location::Csv {
                    file: file.clone(),
                    row: r as u64 + 1,
                    line: r as u64 + 1,
                    column: Some(ColumnRef::from_index(c, "")),
                };
                let mut d = Diagnostic::new(
                    finding::BAD_VALUE,
                    Severity::Warning,
                    format!("the cell holds the spreadsheet error {e}: read as empty"),
                    location,
                );
                relocate(&mut d, &file, &origin);
                findings.push(d);
            }
            cells.push(cell_text(value));
        }
        csv.write_record(&cells)
            .map_err(|e| unreadable(format!("cannot convert sheet {:?}: {e}", origin.sheet)))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| unreadable(format!("cannot convert sheet {:?}: {e}", origin.sheet)))?;
    Ok((bytes, origin, findings))
}

/// A cell as text: numbers as the sheet holds them (`4.0` → `4`), booleans `TRUE`/`FALSE`,
/// dates and times in ISO 8601, errors and empty cells empty.
fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_duration() => number_text(d.as_f64()),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
            let time = match ms {
                0 => format!("{h:02}:{mi:02}:{s:02}"),
                _ => format!("{h:02}:{mi:02}:{s:02}.{ms:03}"),
            };
            if d.as_f64() < 1.0 {
                time
            } else if d.as_f64().fract() == 0.0 {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}T{time}")
            }
        }
    }
}

/// `4.0` → `4`, `4.5` → `4.5` (Rust's shortest round-trip text).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// `C` for the 0-based column 2, `AA` for 26.
fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A sheet name as a cell reference writes it: quoted when not a plain word.
fn sheet_ref(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// Turns a CSV location in `file` (a record and column of the converted sheet) into the
/// sheet location the user sees: `Responses!C14`, or the sheet and row for a whole row.
pub fn relocate(d: &mut Diagnostic, file: &str, origin: &SheetOrigin) {
    let Location::Csv {
        file: f,
        row,
        column,
        ..
    } = &d.location
    else {
        return;
    };
    if f != file {
        return;
    }
    d.location = origin.location(file, *row, column.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_letters_and_sheet_names_read_as_a_spreadsheet_shows_them() {
        assert_eq!(number_text(4.0), "4");
        assert_eq!(number_text(4.25), "4.25");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(sheet_ref("Responses"), "Responses");
        assert_eq!(sheet_ref("Form 1"), "'Form 1'");
        assert!(is_spreadsheet(Path::new("a/B.XLSX")));
        assert!(is_spreadsheet(Path::new("b.ods")) && is_spreadsheet(Path::new("c.xlsm")));
        assert!(!is_spreadsheet(Path::new("c.csv")));
    }
}
