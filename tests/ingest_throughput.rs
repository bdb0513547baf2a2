//! Ingest throughput on synthetic canonical CSV (issue 2 target: ≥ 250 MB/s, release build).
//!
//! Ignored by default: a timing is not a test. Run it with
//! `cargo test --release --test ingest_throughput -- --ignored --nocapture`.
//! The benchmark suite in `benches/` owns the published figures; this is the ingest
//! engineer's quick check while changing the hot path.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use pmo_advisor::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use pmo_advisor::model::customer::CustomerGroup;
use pmo_advisor::model::outcome::OutcomeKey;

/// A deterministic pseudo-random sequence (xorshift), so the file is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn synthetic_customers(organizations: u32, respondents: u32) -> String {
    let mut out =
        String::from("respondent_id,organization,customer_group,business_unit,pm_maturity");
    for key in OutcomeKey::KEYS {
        let _ = write!(out, ",outcome.{key}");
    }
    out.push_str(",satisfaction,nps,comment\n");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for org in 0..organizations {
        for r in 0..respondents {
            let group = CustomerGroup::KEYS[rng.next(7) as usize];
            let _ = write!(
                out,
                "r{org}-{r},org-{org:04},{group},unit {},{}",
                rng.next(4),
                1 + rng.next(5)
            );
            for _ in 0..OutcomeKey::COUNT {
                match rng.next(8) {
                    0 => out.push(','),
                    v => {
                        let _ = write!(out, ",{}", 1 + v % 5);
                    }
                }
            }
            let _ = write!(out, ",{},{}", 1 + rng.next(5), rng.next(11));
            if rng.next(10) == 0 {
                out.push_str(",\"more reports, please\"\n");
            } else {
                out.push_str(",\n");
            }
        }
    }
    out
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn canonical_customer_ingest_throughput() {
    let catalog =
        read_catalog(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.csv");
    let csv = synthetic_customers(1000, 200);
    std::fs::write(&path, &csv).unwrap();
    let sources = Sources {
        customers: path,
        ..Sources::default()
    };
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let set = read_surveys(&sources, &catalog, &IngestOptions::default()).unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(set.data_quality.rows_used(), 200_000);
    }
    // The reference: the csv crate alone, reading every record of the same file.
    let mut raw = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut reader = csv::ReaderBuilder::new()
            .from_path(&sources.customers)
            .unwrap();
        let mut record = csv::ByteRecord::new();
        let mut rows = 0u64;
        while reader.read_byte_record(&mut record).unwrap() {
            rows += 1;
        }
        raw = raw.min(start.elapsed().as_secs_f64());
        assert_eq!(rows, 200_000);
    }
    let mb = csv.len() as f64 / 1e6;
    println!(
        "ingest: {mb:.1} MB in {best:.3} s = {:.0} MB/s; csv crate alone: {:.0} MB/s ({:.0}%)",
        mb / best,
        mb / raw,
        raw / best * 100.0
    );
}
