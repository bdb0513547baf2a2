//! Locations in input files and scripts. Users see 1-based numbers: `row` is the record number
//! a spreadsheet shows (header row = 1), `line` the physical line, `column` 1-based. Internal
//! 0-based positions are converted in the constructors here and nowhere else.

use serde::Serialize;

/// A CSV column: 1-based position and the header text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnRef {
    /// 1-based column number.
    pub column: u32,
    /// The header text of that column.
    pub name: String,
}

impl ColumnRef {
    /// From a 0-based field index and its header.
    pub fn from_index(field_index: usize, name: &str) -> Self {
        ColumnRef {
            column: u32::try_from(field_index + 1).unwrap_or(u32::MAX),
            name: name.to_string(),
        }
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A cell or row of a CSV file.
    Csv {
        /// The file as the user named it.
        file: String,
        /// 1-based record number counting header records (what a spreadsheet shows).
        row: u64,
        /// 1-based physical line where the record starts.
        line: u64,
        /// The column, when the problem is in one cell.
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<ColumnRef>,
    },
    /// A cell or row of a spreadsheet (`.xlsx`, `.ods`) sheet.
    Sheet {
        /// The workbook as the user named it.
        file: String,
        /// The sheet's name.
        sheet: String,
        /// The reference a spreadsheet shows: `Responses!C14`, or `Responses!14:14` for a row.
        reference: String,
        /// 1-based sheet row.
        row: u64,
        /// The column (number counted from the first used column, and its header text), when
        /// the problem is in one cell.
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<ColumnRef>,
    },
    /// A place in a rule script.
    Script {
        /// The script's path relative to the working directory.
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column (characters).
        column: u32,
    },
    /// A whole file.
    File {
        /// The file.
        file: String,
    },
    /// Not tied to a file (a setting, the run as a whole).
    None,
}

impl Location {
    /// The file named, if any.
    pub fn file(&self) -> Option<&str> {
        match self {
            Location::Csv { file, .. }
            | Location::Sheet { file, .. }
            | Location::Script { file, .. }
            | Location::File { file } => Some(file),
            Location::None => None,
        }
    }
}
