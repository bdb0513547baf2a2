//! The block reader against the sequential reader: identical survey sets, whatever the block
//! size, on files with every kind of row the sequential reader treats specially.

use super::*;
use crate::ingest::customers;
use crate::ingest::reader::open_file;
use crate::ingest::registry::finish;
use crate::ingest::IngestError;
use crate::model::survey_set::SurveySet;

fn catalog() -> Catalog {
    crate::ingest::read_catalog(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog"),
    )
    .unwrap()
}

const HEAD: &str = "respondent_id,organization,customer_group,pm_maturity,outcome.higher_roi,satisfaction,nps,business_unit,comment\n";

/// Rows of every kind: clean, quoted newlines and quotes, bad cells, duplicates, blank and
/// repeated ids, missing and bad organizations, unknown groups, short rows, blank lines.
fn sample(rows: usize) -> String {
    let mut csv = String::from(HEAD);
    for i in 0..rows {
        let line = match i % 13 {
            0 => format!("r{i},acme,project_manager,3,5,4,9,IT,\"two\nlines, with \"\"quotes\"\"\nand three\"\n"),
            1 => format!("r{i},beta,executive,6,x,4,11,Ops,too high; paperwork\n"),
            2 => format!("r{},acme,executive,3,,,,,dup of an earlier row\n", i / 2),
            3 => ",acme,executive,3,,,,,\n".to_string(),
            4 => format!("r{i},,executive,3,,,,,\n"),
            5 => format!("r{i},bad/id,executive,3,,,,,\n"),
            6 => format!("r{i},gamma,project_manger,3,,,,,\n"),
            7 => format!("r{i},gamma,executive,3\n"),
            8 => "\n , ,,,,,,,\n".to_string(),
            9 => format!("r{i},acme,\"Project managers\",1,2,3,10,\"IT\",\"great,\r\nreally\"\r\n"),
            // Theme terms (the lexicon's), read by the workers on clean rows.
            10 => format!("r{i},delta,team_member,2,2,2,0,HR,Too many reports. Red tape r{i}!\n"),
            11 => format!("  r{} ,beta,executive,3,,,,,\n", i - 11),
            _ => format!("r{i},acme,sponsor,5,5,5,5,,\n"),
        };
        csv.push_str(&line);
    }
    csv
}

fn write(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.csv");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn sequential(path: &Path) -> Result<SurveySet, IngestError> {
    let mut registry = Registry::new(None);
    let options = IngestOptions::default();
    let tally = customers::read_customers(open_file(path)?, &catalog(), &options, &mut registry)?;
    Ok(finish(registry, vec![tally], None))
}

/// Asserts equal sets, naming the first differing finding or organization.
fn same(got: &SurveySet, expected: &SurveySet, what: &str) {
    let (a, b) = (&got.data_quality.findings, &expected.data_quality.findings);
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!(
            "{what}: finding {i}: {:?}\nexpected {:?}",
            a.get(i),
            b.get(i)
        );
    }
    for (id, org) in &expected.organizations {
        assert_eq!(got.organizations.get(id), Some(org), "{what}: {id:?}");
    }
    assert_eq!(got, expected, "{what}");
}

/// The block reader's set, or `None` when it handed the file back.
fn parallel(path: &Path, block: usize) -> Option<SurveySet> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let catalog = catalog();
    let options = IngestOptions::default();
    let mut registry = Registry::new(None);
    let tally = pool.install(|| read_customers(path, (&catalog, &options), &mut registry, block));
    match tally {
        Some(tally) => Some(finish(registry, vec![tally], None)),
        None => {
            assert_eq!(registry.len(), 0, "the registry is reset");
            None
        }
    }
}

#[test]
fn blocks_give_exactly_the_sequential_result_at_every_block_size() {
    let (_dir, path) = write(sample(130).as_bytes());
    let expected = sequential(&path).unwrap();
    assert!(expected.data_quality.findings.len() > 50);
    assert!(expected.input_hashes.len() == 1);
    for block in (1..300).step_by(7).chain([600, 1000]) {
        let got = parallel(&path, block).expect("read in blocks");
        same(&got, &expected, &format!("block size {block}"));
    }
}

#[test]
fn a_bom_and_crlf_lines_read_the_same() {
    let text = sample(60).replace('\n', "\r\n");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let (_dir, path) = write(&bytes);
    let expected = sequential(&path).unwrap();
    for block in [5, 64, 333] {
        same(
            &parallel(&path, block).unwrap(),
            &expected,
            &format!("block {block}"),
        );
    }
}

#[test]
fn what_only_the_sequential_reader_reports_hands_the_file_back() {
    let body = sample(40);
    let cases: [(&str, Vec<u8>); 5] = [
        (
            "invalid UTF-8",
            [body.as_bytes(), b"r9999,acme,executive,3,,,,,caf\xe9\n"].concat(),
        ),
        (
            "quote inside a cell",
            format!("{body}r9999,acme,exec\"utive,3,,,,,\n").into_bytes(),
        ),
        (
            "open quote at the end",
            format!("{body}r9999,acme,executive,3,,,,,\"open\n").into_bytes(),
        ),
        (
            "long row",
            format!("{body}r9999,acme,executive,3,,,,,,,extra\n").into_bytes(),
        ),
        (
            "long cell",
            format!(
                "{body}r9999,acme,executive,3,,,,,{}\n",
                "x".repeat(MAX_CELL_BYTES + 1)
            )
            .into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        let (_dir, path) = write(&bytes);
        assert!(parallel(&path, 50).is_none(), "{what}");
    }
}

#[test]
fn small_files_and_other_encodings_stay_sequential() {
    let (_dir, path) = write(sample(20).as_bytes());
    assert!(parallel(&path, 1 << 20).is_none());
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(sample(20).encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (_dir, path) = write(&utf16);
    assert!(parallel(&path, 16).is_none());
}

#[test]
fn the_entry_point_reads_irregular_files_sequentially() {
    let bytes = [
        sample(40).as_bytes(),
        b"r9999,acme,executive,3,,,,,caf\xe9\n",
    ]
    .concat();
    let (_dir, path) = write(&bytes);
    let catalog = catalog();
    let mut registry = Registry::new(None);
    let tally = crate::ingest::read_canonical_customers(
        &path,
        (&catalog, &IngestOptions::default()),
        &mut registry,
        50,
    )
    .unwrap();
    assert_eq!(
        finish(registry, vec![tally], None),
        sequential(&path).unwrap()
    );
}

#[test]
fn the_id_table_is_sized_from_the_lines_of_the_head() {
    let head = "r1,acme,executive\nr2,acme,executive\n".as_bytes();
    // 36 bytes hold 2 rows: a 36,000-byte file about 2,000.
    assert_eq!(rows_estimate(36_000, head, 3), 2_000);
    assert_eq!(rows_estimate(36_000, b"no line break yet", 3), 0);
    assert_eq!(rows_estimate(0, head, 3), 0);
    // A head of blank lines: not a row per byte, and never past the cap.
    let blank = vec![b'\n'; 4096];
    assert_eq!(rows_estimate(36_000, &blank, 36), 1_000);
    assert_eq!(rows_estimate(u64::MAX / 2, &blank, 36), MAX_IDS_AHEAD);
}
