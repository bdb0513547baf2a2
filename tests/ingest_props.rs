//! Property tests of canonical ingest: whatever bytes a customer file holds, ingest never
//! panics, returns `Ok` or `Err`, and on `Ok` every row read is either used or rejected.

use std::path::Path;

use pmo_advisor::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::survey_set::SurveySet;
use proptest::prelude::*;

fn catalog() -> Catalog {
    read_catalog(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog")).expect("catalog")
}

fn ingest(
    catalog: &Catalog,
    customers: &[u8],
    baseline: Option<&[u8]>,
) -> Result<SurveySet, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("customers.csv");
    std::fs::write(&path, customers).expect("write");
    let baseline = baseline.map(|bytes| {
        let path = dir.path().join("baseline.csv");
        std::fs::write(&path, bytes).expect("write");
        path
    });
    let sources = Sources {
        customers: path,
        baseline,
        service_maturity: None,
    };
    read_surveys(&sources, catalog, &IngestOptions::default()).map_err(|e| e.to_string())
}

fn assert_conserved(set: &SurveySet) {
    for s in &set.data_quality.sources {
        assert_eq!(s.rows_read, s.rows_used + s.rows_rejected, "{s:?}");
    }
    for org in set.organizations.values() {
        for (s, total) in org
            .data_quality
            .sources
            .iter()
            .zip(&set.data_quality.sources)
        {
            assert_eq!(s.rows_read, s.rows_used + s.rows_rejected, "{s:?}");
            assert!(s.rows_read <= total.rows_read);
        }
    }
    for (i, total) in set.data_quality.sources.iter().enumerate() {
        let used: u64 = set
            .organizations
            .values()
            .map(|o| o.data_quality.sources[i].rows_used)
            .sum();
        assert_eq!(
            used, total.rows_used,
            "every used row belongs to one organization"
        );
    }
}

const COLUMNS: &[&str] = &[
    "respondent_id",
    "organization",
    "customer_group",
    "business_unit",
    "pm_maturity",
    "satisfaction",
    "nps",
    "comment",
    "outcome.higher_roi",
    "outcome.strategic_alignment",
    "outcome.strategic_alignmnt",
    "Respondent_ID",
    "",
    "extra",
];

const CELLS: &[&[u8]] = &[
    b"",
    b" ",
    b"1",
    b"3",
    b"5",
    b"0",
    b"6",
    b"10",
    b"11",
    b"-1",
    b"4.0",
    b"4.5",
    b"r1",
    b"r2",
    b"r3",
    b"acme",
    b"beta",
    b"bad/id",
    b".hidden",
    b"executive",
    b"Project managers",
    b"project_manger",
    b"PM",
    b"a \"quoted\" word",
    b"two\nlines",
    b"caf\xe9",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b",",
    b"\r\n",
];

fn quote(cell: &[u8]) -> Vec<u8> {
    let mut out = vec![b'"'];
    for &b in cell {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
    out
}

fn csv_shaped() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::collection::vec(prop::sample::select(COLUMNS), 0..8);
    let rows = prop::collection::vec(
        prop::collection::vec(prop::sample::select(CELLS), 0..10),
        0..30,
    );
    (header, rows, any::<bool>()).prop_map(|(header, rows, crlf)| {
        let newline: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        let mut out = Vec::new();
        out.extend_from_slice(header.join(",").as_bytes());
        out.extend_from_slice(newline);
        for row in rows {
            let cells: Vec<Vec<u8>> = row.iter().map(|c| quote(c)).collect();
            out.extend_from_slice(&cells.join(&b","[..]));
            out.extend_from_slice(newline);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let catalog = catalog();
        if let Ok(set) = ingest(&catalog, &bytes, Some(&bytes)) {
            assert_conserved(&set);
        }
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut file = b"respondent_id,organization,customer_group,pm_maturity,nps,comment\n".to_vec();
        file.extend_from_slice(&bytes);
        let set = ingest(&catalog(), &file, None).expect("a valid header always reads");
        assert_conserved(&set);
    }

    #[test]
    fn csv_shaped_records_conserve_rows(customers in csv_shaped(), baseline in csv_shaped()) {
        if let Ok(set) = ingest(&catalog(), &customers, Some(&baseline)) {
            assert_conserved(&set);
        }
    }
}
