//! Writes small workbooks for the spreadsheet tests (rust_xlsxwriter), so no binary fixture
//! is committed. Shared by tests/ingest_sheets.rs and tests/cli/sheets.rs through `#[path]`.

use std::path::Path;

use rust_xlsxwriter::Workbook;

/// Writes `sheets` (name, CSV text) as a workbook at `path`: cells that parse as numbers
/// become number cells (so `3` is stored as the float 3.0), empty cells stay empty, the
/// others are strings.
pub fn write_workbook(path: &Path, sheets: &[(&str, &str)]) {
    let mut book = Workbook::new();
    for (name, csv_text) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv_text.as_bytes());
        for (r, record) in reader.records().enumerate() {
            for (c, cell) in record.unwrap().iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    Ok(n) => sheet.write_number(r, c, n).map(|_| ()),
                    Err(_) if cell.is_empty() => Ok(()),
                    Err(_) => sheet.write_string(r, c, cell).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}
