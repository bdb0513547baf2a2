//! Spreadsheet exports (`.xlsx`, `.xlsm`, `.ods`; issue 15 point 9) read like their CSV:
//! workbooks are written in the test (rust_xlsxwriter; `.ods` as its zip of XML), then read
//! through the real ingest entry point.

mod ingest_support;
#[path = "ingest_support/ods.rs"]
mod ods;
#[path = "ingest_support/workbook.rs"]
mod workbook;

use std::path::{Path, PathBuf};

use ingest_support::{crate_dir, parse, read_mapped_baseline};
use ods::write_ods;
use pmo_advisor::diag::Location;
use pmo_advisor::ingest::{read_catalog, read_surveys, IngestError, IngestOptions, Sources};
use pmo_advisor::model::survey_set::SurveySet;
use workbook::write_workbook;

fn read(customers: &Path, mapping: Option<&str>) -> Result<SurveySet, IngestError> {
    let catalog = read_catalog(&crate_dir().join("data/catalog")).unwrap();
    let options = IngestOptions {
        customers_mapping: mapping.map(parse),
        ..IngestOptions::default()
    };
    let sources = Sources {
        customers: customers.to_path_buf(),
        ..Sources::default()
    };
    read_surveys(&sources, &catalog, &options)
}

/// The set with locations and file names taken out (they rightly differ between formats).
fn without_locations(mut set: SurveySet, file: &Path) -> String {
    let file = file.display().to_string();
    // A text file is hashed while read; a sheet is hashed by the manifest instead.
    set.input_hashes.clear();
    let quality = std::iter::once(&mut set.data_quality)
        .chain(set.organizations.values_mut().map(|o| &mut o.data_quality));
    for q in quality {
        for d in &mut q.findings {
            d.location = Location::None;
        }
        for s in &mut q.sources {
            s.file = s.file.replace(&file, "<input>").into();
        }
    }
    format!("{set:?}")
}

fn sample_customers() -> String {
    std::fs::read_to_string(crate_dir().join("data/sample/customers.csv")).unwrap()
}

fn temp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

#[test]
fn the_sample_as_xlsx_reads_exactly_as_its_csv() {
    let text = sample_customers();
    let csv_path = crate_dir().join("data/sample/customers.csv");
    let (_dir, xlsx) = temp("Customers.XLSX");
    write_workbook(&xlsx, &[("Responses", &text)]);
    let from_csv = read(&csv_path, None).unwrap();
    let from_xlsx = read(&xlsx, None).unwrap();
    assert_eq!(
        from_csv.data_quality.rows_read(),
        from_xlsx.data_quality.rows_read()
    );
    assert!(from_xlsx.data_quality.rows_read() > 100);
    let messages = |s: &SurveySet| -> Vec<String> {
        s.data_quality
            .findings
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(messages(&from_csv), messages(&from_xlsx));
    assert_eq!(
        without_locations(from_csv, &csv_path),
        without_locations(from_xlsx, &xlsx)
    );
}

#[test]
fn issue_15_the_sample_as_ods_reads_exactly_as_its_csv_and_findings_name_sheet_cells() {
    let text = sample_customers();
    let csv_path = crate_dir().join("data/sample/customers.csv");
    let (_dir, path) = temp("customers.ods");
    // The used range starts at B3, as a sheet with a title block or a margin column does.
    write_ods(&path, &[("Responses", &text)], (2, 1));
    let from_csv = read(&csv_path, None).unwrap();
    let from_ods = read(&path, None).unwrap();
    assert!(from_ods.data_quality.rows_read() > 100);
    let findings = |s: &SurveySet| -> Vec<(String, String)> {
        s.data_quality
            .findings
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect()
    };
    assert_eq!(findings(&from_csv), findings(&from_ods));
    // Every finding on a cell of the CSV names the same cell of the sheet, moved to B3.
    let mut cells = 0;
    for (c, o) in from_csv
        .data_quality
        .findings
        .iter()
        .zip(&from_ods.data_quality.findings)
    {
        if let Location::Csv {
            row,
            column: Some(column),
            ..
        } = &c.location
        {
            let Location::Sheet { reference, .. } = &o.location else {
                panic!("a sheet location: {:?}", o.location);
            };
            // 1-based CSV column c is the 0-based sheet column c once moved one right.
            let letters = column_letters(column.column);
            assert_eq!(reference, &format!("Responses!{letters}{}", row + 2));
            cells += 1;
        }
    }
    assert!(cells > 0, "the sample has findings on cells");
    assert_eq!(
        without_locations(from_csv, &csv_path),
        without_locations(from_ods, &path)
    );

    let (_dir, path) = temp("forms.ods");
    write_ods(&path, &[("Notes", "x\n"), ("Form 1", SURVEY)], (0, 0));
    let set = read(&path, Some(&with_sheet("\"Form 1\""))).unwrap();
    let bad = set
        .data_quality
        .findings
        .iter()
        .find(|d| d.message.contains("very high"))
        .unwrap();
    assert!(
        matches!(&bad.location, Location::Sheet { reference, .. } if reference == "'Form 1'!C3"),
        "{:?}",
        bad.location
    );
}

/// `A` for the 0-based column 0, `AH` for 33.
fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = String::new();
    while n > 0 {
        letters.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    letters
}

const SURVEY: &str = "\
id,role,satisfaction
1,Executive,4
2,Executive,very high
3,Executive,2.5
";

const MAPPING: &str = r#"
platform = "generic"
respondent_id = { column = "id" }
organization = { value = "acme" }
customer_group = { column = "role", lookup = "roles" }
satisfaction = { column = "satisfaction" }

[lookups.roles]
executive = ["Executive"]
"#;

fn with_sheet(sheet: &str) -> String {
    format!("sheet = {sheet}\n{MAPPING}")
}

#[test]
fn a_bad_cell_names_its_sheet_cell_and_the_sheet_is_chosen_by_name_or_index() {
    let (_dir, path) = temp("forms.xlsm");
    write_workbook(&path, &[("Notes", "nothing,here\n"), ("Form 1", SURVEY)]);
    for sheet in ["\"Form 1\"", "2"] {
        let set = read(&path, Some(&with_sheet(sheet))).unwrap();
        assert_eq!(set.data_quality.rows_read(), 3, "sheet {sheet}");
        let bad: Vec<&Location> = set
            .data_quality
            .findings
            .iter()
            .filter(|d| d.message.contains("very high"))
            .map(|d| &d.location)
            .collect();
        let [Location::Sheet {
            sheet,
            reference,
            row,
            ..
        }] = bad[..]
        else {
            panic!(
                "one finding on the bad cell: {:?}",
                set.data_quality.findings
            );
        };
        assert_eq!(
            (sheet.as_str(), reference.as_str(), *row),
            ("Form 1", "'Form 1'!C3", 3)
        );
        let shown = pmo_advisor::diag::render_location(bad[0]);
        assert!(
            shown.ends_with("forms.xlsm 'Form 1'!C3 \"satisfaction\""),
            "{shown}"
        );
    }
}

#[test]
fn an_unknown_sheet_is_an_error_listing_the_sheets() {
    let (_dir, path) = temp("forms.xlsx");
    write_workbook(&path, &[("Notes", "a\n"), ("Responses", SURVEY)]);
    for (sheet, wanted) in [
        ("\"Answers\"", "sheet \"Answers\""),
        ("3", "sheet 3"),
        ("0", "sheet 0"),
    ] {
        let err = read(&path, Some(&with_sheet(sheet)))
            .unwrap_err()
            .to_string();
        assert!(err.contains(wanted), "{err}");
        assert!(err.contains("\"Notes\", \"Responses\""), "{err}");
    }
}

#[test]
fn a_corrupt_workbook_is_an_error_naming_the_file() {
    let (_dir, path) = temp("broken.xlsx");
    std::fs::write(&path, "id,role\n1,Executive\n").unwrap();
    let err = read(&path, None).unwrap_err();
    assert_eq!(err.to_diagnostic().code, "I001");
    assert!(err.to_string().contains("spreadsheet"), "{err}");
    assert!(err
        .to_diagnostic()
        .location
        .file()
        .unwrap()
        .ends_with("broken.xlsx"));
    let (_dir, ods) = temp("broken.ods");
    std::fs::write(&ods, [0x50, 0x4b, 0x03, 0x04, 0xff]).unwrap();
    assert!(read(&ods, None).is_err());
}

#[test]
fn issue_15_errors_that_stop_the_run_name_sheet_cells() {
    let (_dir, path) = temp("customers.ods");
    // Used range at B3: CSV row 1, column 4 is the sheet's E3.
    let twice = "respondent_id,organization,customer_group,organization\nr1,acme,executive,acme\n";
    write_ods(&path, &[("Responses", twice)], (2, 1));
    let err = read(&path, None).unwrap_err().to_diagnostic();
    assert_eq!(err.code, "I004", "{err:?}");
    assert_eq!(
        err.message,
        "column \"organization\" appears twice (cells Responses!C3 and Responses!E3)"
    );
    let Location::Sheet {
        reference,
        row,
        column: Some(column),
        ..
    } = &err.location
    else {
        panic!("a sheet location: {:?}", err.location);
    };
    assert_eq!((reference.as_str(), *row), ("Responses!E3", 3));
    assert_eq!(column.name, "organization");

    write_ods(
        &path,
        &[("Responses", "organization,customer_group\nacme,executive\n")],
        (2, 1),
    );
    let err = read(&path, None).unwrap_err().to_diagnostic();
    assert!(err.message.contains("respondent_id"), "{}", err.message);
    assert!(
        matches!(&err.location, Location::Sheet { reference, column: None, .. } if reference == "Responses!3:3"),
        "{:?}",
        err.location
    );
}

#[test]
fn issue_15_a_mapped_baseline_from_a_workbook_names_the_sheet_cell_of_the_source_column() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("baseline.ods");
    // Used range at C2; "Mining" is CSV row 3, column 3 (Sector): the sheet's E4.
    write_ods(
        &export,
        &[(
            "Baseline",
            "Timestamp,Organization,Sector,Employees\n\
             4/22/2026 10:00:00,acme,Energy & Utilities,4200\n\
             4/22/2026 11:00:00,acme,Mining,4000\n",
        )],
        (1, 2),
    );
    let set = read_mapped_baseline(
        &export,
        r#"
platform = "google-forms"

[baseline]
industry = { column = "Sector", lookup = "industries" }
structure = { value = "wrong" }
organization = { column = "Organization" }

[lookups.industries]
energy = ["Energy & Utilities"]
"#,
    );
    let at = |value: &str| -> &Location {
        let finding = set
            .data_quality
            .findings
            .iter()
            .find(|f| f.value.as_deref() == Some(value))
            .unwrap_or_else(|| panic!("a finding on {value}: {:?}", set.data_quality.findings));
        &finding.location
    };
    let Location::Sheet {
        reference,
        column: Some(column),
        ..
    } = at("Mining")
    else {
        panic!("a sheet location: {:?}", at("Mining"));
    };
    assert_eq!(reference, "Baseline!E4");
    assert_eq!((column.column, column.name.as_str()), (3, "industry"));
    // A constant from the mapping is in no sheet column: its row is named.
    assert!(
        matches!(at("wrong"), Location::Sheet { reference, .. } if reference == "Baseline!3:3"),
        "{:?}",
        at("wrong")
    );
}
