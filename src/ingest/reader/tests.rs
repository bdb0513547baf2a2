//! Unit tests of `reader.rs`: records, positions, encodings and the guards it applies.

use super::*;
use std::borrow::Cow;

fn input(bytes: &[u8]) -> CsvInput<&[u8]> {
    CsvInput::new("t.csv".into(), bytes).unwrap()
}

fn texts(bytes: &[u8]) -> (Vec<Vec<String>>, Vec<Diagnostic>) {
    let mut r = RecordReader::new("t.csv".into(), bytes, &ReadOptions::default()).unwrap();
    let rows = r.by_ref().map(|t| t.unwrap().cells).collect();
    (rows, r.take_findings())
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

#[test]
fn trailing_commas_make_no_column() {
    let mut csv = input(b"\xef\xbb\xbfa,b,\r\n1,2,\r\n3,4,x\r\n");
    assert_eq!(csv.header().names(), ["a", "b"]);
    let mut record = ByteRecord::new();
    assert!(csv.read(&mut record).unwrap());
    assert_eq!(record.len(), 2);
    assert!(csv.read(&mut record).unwrap());
    assert_eq!(
        record.len(),
        3,
        "a non-empty extra cell is kept for a row-length finding"
    );
}

#[test]
fn semicolons_and_lone_cr_are_read() {
    let (rows, _) = texts(b"a;b\r1,5;\"x\ny\"\r2;z");
    assert_eq!(rows, [vec!["a", "b"], vec!["1,5", "x\ny"], vec!["2", "z"]]);
}

#[test]
fn invalid_bytes_are_reported_with_offset_row_and_column() {
    let (rows, findings) = texts(b"id,text\nr1,ok\nr2,caf\xe9\n");
    assert_eq!(rows[2][1], "café");
    let [d] = &findings[..] else {
        panic!("{findings:?}")
    };
    assert_eq!(d.code, finding::BAD_ENCODING);
    assert!(
        d.message.starts_with("byte 0xE9 at byte offset 20 (row 3)"),
        "{}",
        d.message
    );
    assert!(matches!(&d.location, Location::Csv { row: 3, column: Some(c), .. } if c.column == 2));
}

#[test]
fn peeked_records_are_read_again() {
    let mut r = RecordReader::new(
        "t.csv".into(),
        &b"a,b\n1,2\n3,4\n"[..],
        &ReadOptions::default(),
    )
    .unwrap();
    let head = r.peek(2).unwrap();
    assert_eq!(head[1].cells, ["1", "2"]);
    let rows: Vec<_> = r.map(|t| t.unwrap().row).collect();
    assert_eq!(rows, [1, 2, 3]);
}

#[test]
fn delimiter_settings_parse() {
    assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
    assert_eq!(parse_delimiter(";"), Ok(b';'));
    assert!(parse_delimiter("ab").is_err());
    assert_eq!(delimiter_name(b'\t'), "tab");
}

#[test]
fn issue_11_a_byte_order_mark_inside_a_cell_is_valid_utf8_and_kept() {
    // U+FEFF inside a cell (pasted from a file that had one), not at the start of the file.
    let (rows, findings) = texts("id,text\nr1,\u{FEFF}great\nr2,a\u{FEFF}b\n".as_bytes());
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(rows[1][1], "\u{FEFF}great");
    assert_eq!(rows[2][1], "a\u{FEFF}b");
    // A BOM whose three bytes straddle the 64 KiB mark (the parser's buffer size).
    let mut bytes = b"id,text\n".to_vec();
    while bytes.len() + 2_000 < BUFFER_BYTES {
        bytes.extend_from_slice(format!("r,{}\n", "x".repeat(1_000)).as_bytes());
    }
    let filler = "x".repeat(BUFFER_BYTES - 1 - bytes.len() - "last,".len());
    bytes.extend_from_slice(format!("last,{filler}\u{FEFF}y\n").as_bytes());
    let bom = bytes.windows(3).position(|w| w == "\u{FEFF}".as_bytes());
    assert_eq!(bom, Some(BUFFER_BYTES - 1));
    let (rows, findings) = texts(&bytes);
    assert!(findings.is_empty(), "{findings:?}");
    assert!(rows.last().unwrap()[1].ends_with("\u{FEFF}y"));
}

#[test]
fn issue_11_a_quote_open_on_the_last_record_is_named() {
    let (_, findings) = texts(b"id,a,b\nr1,1,2\n\"r2,3,4\n");
    let [d] = &findings[..] else {
        panic!("{findings:?}")
    };
    assert_eq!(d.code, finding::OPEN_QUOTE);
    assert!(
        d.message
            .starts_with("a quoted cell opens at row 3, line 3 and is still open at the end"),
        "{}",
        d.message
    );
    // The same bytes with the quote closed, and a file whose last cell is quoted properly.
    assert!(texts(b"id,a,b\nr1,1,2\n\"r2\",3,4\n").1.is_empty());
    assert!(texts(b"id,a,b\nr1,1,\"x\ny\"\n").1.is_empty());
}
