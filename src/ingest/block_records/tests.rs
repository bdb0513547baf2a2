//! `BlockRecords` against `csv::Reader` on the same bytes: the same records, cells and
//! positions, on hand-picked blocks and on random ones made of every byte the parser treats
//! specially.

use super::*;
use csv::{ByteRecord, ReaderBuilder as CsvReaderBuilder};

/// What the csv reader makes of `bytes` (as ingest configures it), then of `BlockRecords`,
/// compared record by record.
fn same_as_csv(bytes: &[u8], delimiter: u8, width: usize) {
    // `csv_core` drops a byte-order mark at the start of its input, not in a block of ours:
    // `customers_parallel` hands a block that starts with one back to the sequential reader.
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return;
    }
    let mut reader = CsvReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut ours = BlockRecords::new(bytes.to_vec(), delimiter, width, 0);
    let mut expected = ByteRecord::new();
    let mut kept = Vec::new();
    loop {
        let more = reader.read_byte_record(&mut expected).unwrap();
        let got = ours.next_record();
        if more && expected.len() > width {
            assert_eq!(got, Err(TooWide), "{bytes:?}");
            return;
        }
        let got = got.unwrap();
        if !more {
            assert_eq!(got, None, "{bytes:?}");
            break;
        }
        let got = got.unwrap_or_else(|| panic!("a record is missing: {bytes:?}"));
        let position = expected.position().unwrap();
        let cells: Vec<&[u8]> = ours.store().cells(got.cells).collect();
        let row = ours.store().row(got.cells);
        let by_row: Vec<&[u8]> = (0..=expected.len()).map(|i| row.get(i)).collect();
        assert_eq!(by_row[..expected.len()], cells, "{bytes:?}");
        assert_eq!(by_row[expected.len()], b"", "past the last cell: {bytes:?}");
        let expected_cells: Vec<&[u8]> = expected.iter().collect();
        let what = format!("record {} of {:?}", position.record(), bytes);
        assert_eq!(cells, expected_cells, "{what}");
        assert_eq!(got.number, position.record(), "{what}");
        assert_eq!(got.byte, position.byte(), "{what}");
        assert_eq!(got.line, position.line(), "{what}");
        assert_eq!(got.end_line, reader.position().line(), "{what}");
        let slice = expected.as_slice();
        let inside = slice.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(got.inside_lines, inside, "{what}");
        let breaks = matches!(slice.last(), Some(b'\n' | b'\r'));
        assert_eq!(got.ends_in_break, breaks, "{what}");
        assert_eq!(
            got.blank,
            crate::ingest::record::is_blank(&expected),
            "{what}"
        );
        if got.blank && position.record().is_multiple_of(2) {
            ours.drop_last(&got);
        } else {
            kept.push((got.cells, expected.clone()));
        }
    }
    // Dropping blank records leaves the others' cells in place.
    let store = ours.into_store();
    for (cells, expected) in kept {
        let got: Vec<&[u8]> = store.cells(cells).collect();
        assert_eq!(got, expected.iter().collect::<Vec<_>>(), "{bytes:?}");
    }
}

#[test]
fn reads_as_the_csv_reader_reads() {
    for text in [
        "a,b,c\nd,e,f\n",
        "a,b,c\r\nd,e,f\r\n",
        "a,b\rc,d\r\r\n\ne,f",
        "\n\n\na,b\n\n,\n , \n",
        "a,\"b,c\",d\n\"x\ny\",\"\"\"q\"\"\"\n",
        "a,\"b\"\"c\r\nd\"\r\ne,f\r\n",
        "a,\"open\nto the end",
        "a\"b,c\"d,\"e\"f\n",
        " \"a\",b\n",
        "\"\"\n\"\n\"\n",
        ",,,\n\"\",,\n",
        "a\n\u{feff}a,b\n\"\u{feff}\",c\n",
        "caf\u{e9},\u{2014}\n",
        "last,without,end",
        "",
        "\r\n",
    ] {
        same_as_csv(text.as_bytes(), b',', 8);
    }
    same_as_csv(b"a;b;\"c;d\"\n;;\n", b';', 4);
    same_as_csv(b"a\tb\t\n\t\t\n \t \n", b'\t', 4);
}

#[test]
fn a_record_wider_than_allowed_is_too_wide() {
    same_as_csv(b"a,b\nc,d,e\n", b',', 2);
    same_as_csv(b"a,b\n\"c\",d,e\n", b',', 2);
    same_as_csv(b"a,b\n\"c\",d,\n", b',', 2);
    same_as_csv(b"a,b,\n", b',', 2);
    let mut records = BlockRecords::new(b"a,b,c".to_vec(), b',', 3, 0);
    assert!(records.next_record().is_ok_and(|r| r.is_some()));
}

#[test]
fn the_thread_s_reader_starts_afresh_after_a_record_it_gave_up() {
    // Given up inside a quoted cell: the thread keeps that reader for its next block.
    same_as_csv(b"a,\"b,c\",d,e\n", b',', 2);
    same_as_csv(b"x,\"y\"\n", b',', 2);
}

/// Blocks of random pieces: cells, delimiters, quotes, every line ending, blank lines.
#[test]
fn random_blocks_read_as_the_csv_reader_reads() {
    let pieces: [&[u8]; 16] = [
        b"a",
        b"bc",
        b" ",
        b",",
        b",",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"\n\n",
        b"x y",
        b"\t",
        b"\xc3\xa9",
        b"\xef\xbb\xbf",
        b"12",
    ];
    let mut random = crate::test_random::SplitMix64::new(0x5eed);
    for _ in 0..20_000 {
        let mut block = Vec::new();
        for _ in 0..random.below(24) {
            block.extend_from_slice(pieces[random.below(pieces.len())]);
        }
        let width = 1 + random.below(6);
        same_as_csv(&block, b',', width);
    }
}

#[test]
fn chunks_are_marked_as_a_byte_at_a_time_marks_them() {
    let bytes = [b'a', b',', b';', b'"', b'\n', b'\r', 0x80, 0xac, b' ', 0];
    let mut random = crate::test_random::SplitMix64::new(0xc4c4);
    for _ in 0..5_000 {
        let chunk: [u8; CHUNK] = std::array::from_fn(|_| bytes[random.below(bytes.len())]);
        for delimiter in [b',', b';', 0x80] {
            assert_eq!(
                chunk_marks(&chunk, delimiter),
                chunk_marks_portable(&chunk, delimiter),
                "{chunk:?}"
            );
        }
    }
}
