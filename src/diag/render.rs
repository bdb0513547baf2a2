//! Plain-text renderings of diagnostics (colour is the CLI's business).

use std::fmt::Write;

use crate::diag::diagnostic::Diagnostic;
use crate::diag::location::Location;

/// `customers.csv row 14, column 7 "pm_maturity"` or `rules/services.rhai:12:9`.
pub fn render_location(location: &Location) -> String {
    match location {
        Location::Csv {
            file,
            row,
            line,
            column,
        } => {
            let mut s = format!("{file} row {row}");
            if line != row {
                let _ = write!(s, " (line {line})");
            }
            if let Some(c) = column {
                let _ = write!(s, ", column {} {:?}", c.column, c.name);
            }
            s
        }
        Location::Sheet {
            file,
            reference,
            column,
            ..
        } => match column {
            Some(c) if !c.name.is_empty() => format!("{file} {reference} {:?}", c.name),
            _ => format!("{file} {reference}"),
        },
        Location::Script { file, line, column } => format!("{file}:{line}:{column}"),
        Location::File { file } => file.clone(),
        Location::None => String::new(),
    }
}

/// `warning[I102]: customers.csv row 14, column 7 "pm_maturity": expected …` plus hint lines.
pub fn render_human(d: &Diagnostic) -> String {
    let mut s = format!("{}[{}]: ", d.severity.as_str(), d.code);
    let location = render_location(&d.location);
    if !location.is_empty() {
        s.push_str(&location);
        s.push_str(": ");
    }
    s.push_str(&d.message);
    for hint in &d.hints {
        let _ = write!(s, "\n  hint: {hint}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{ColumnRef, Severity};

    #[test]
    fn csv_location_names_file_row_and_column() {
        let d = Diagnostic::new(
            "I102",
            Severity::Warning,
            "expected a maturity level from 1 to 5, found \"6\"",
            Location::Csv {
                file: "customers.csv".into(),
                row: 14,
                line: 14,
                column: Some(ColumnRef::from_index(6, "pm_maturity")),
            },
        )
        .with_hint("the cell counts as missing");
        assert_eq!(
            render_human(&d),
            "warning[I102]: customers.csv row 14, column 7 \"pm_maturity\": expected a maturity level from 1 to 5, found \"6\"\n  hint: the cell counts as missing"
        );
    }
}
