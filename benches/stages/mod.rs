//! The pipeline as the benchmark drives it: each stage through its public entry point, a whole
//! run in process the way `pmo-advisor run` does it, and the real binary as a child process.
//!
//! A stage error panics here on purpose: the benchmark contains panics per phase and shows
//! them as "not ready". Nothing here decides what is correct or fast enough.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use pmo_advisor::atomic_file::write_atomic;
use pmo_advisor::ingest::{self, IngestOptions, Sources};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::period::{Period, ReportDate};
use pmo_advisor::model::recommendation::Recommendation;
use pmo_advisor::model::survey::{OrganizationInput, SurveySet};
use pmo_advisor::report::{Paper, Renderer, ReportContext};
use pmo_advisor::rules::{RuleSet, RuleSettings};

use crate::measure::peak_rss_kb_of;
use crate::synth::Files;

/// The period every benchmark report is for.
pub const PERIOD: &str = "2026-Q3";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's catalog.
pub fn read_catalog() -> Catalog {
    ingest::read_catalog(&manifest_dir().join("data/catalog"))
        .unwrap_or_else(|e| panic!("catalog: {e}"))
}

/// The repository's default rules, compiled.
pub fn load_rules(catalog: &Arc<Catalog>) -> RuleSet {
    RuleSet::load(
        &manifest_dir().join("rules"),
        Arc::clone(catalog),
        RuleSettings::default(),
    )
    .unwrap_or_else(|errors| panic!("rules do not compile: {errors:?}"))
}

/// All three synthetic files as ingest sources.
pub fn sources(files: &Files) -> Sources {
    Sources {
        customers: files.customers.clone(),
        baseline: Some(files.baseline.clone()),
        service_maturity: Some(files.service_maturity.clone()),
    }
}

/// Ingest with default options.
pub fn read_surveys(sources: &Sources, catalog: &Catalog) -> SurveySet {
    ingest::read_surveys(sources, catalog, &IngestOptions::default())
        .unwrap_or_else(|e| panic!("ingest: {e}"))
}

/// The report context of a benchmark run (dated at the period's end, as without
/// `SOURCE_DATE_EPOCH`).
pub fn context(catalog: &Catalog) -> ReportContext<'_> {
    // Invariant: a literal, valid period.
    let period = Period::parse(PERIOD).expect("valid period");
    ReportContext {
        catalog,
        period,
        date: ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        },
        rules_version: "bench",
        tool_version: env!("CARGO_PKG_VERSION"),
        paper: Paper::A4,
    }
}

/// Where the time of a whole run went. Steps are wall time; the `*_cpu` fields add up the
/// time every worker thread spent in that call (so they can exceed the wall time).
#[derive(Debug, Default)]
pub struct Steps {
    /// Catalog, rule compilation and renderer preparation.
    pub setup: Duration,
    /// Reading the three files.
    pub ingest: Duration,
    /// Rule evaluation, all organizations, in parallel.
    pub evaluate: Duration,
    /// Rendering and writing, all organizations, in parallel.
    pub render_and_write: Duration,
    /// Sum over threads of time in `render_pdf`.
    pub pdf_cpu: Duration,
    /// Sum over threads of time in `render_json`.
    pub json_cpu: Duration,
    /// Sum over threads of time in `write_atomic` (includes its fsync).
    pub write_cpu: Duration,
}

/// What a whole run produced: each file's name and SHA-256 in organization order (the bytes
/// themselves are dropped once written, as the real run does), and where the time went.
pub struct RunOutcome {
    /// (file name, SHA-256), in organization order.
    pub files: Vec<(String, [u8; 32])>,
    /// Bytes written.
    pub bytes: u64,
    /// Timings.
    pub steps: Steps,
}

fn timed<T>(total: &AtomicU64, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    total.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    value
}

/// `pmo-advisor run` in process, from files to files: catalog, rules, ingest, evaluation and
/// rendering in parallel over organizations (the current rayon pool), files via `atomic_file`.
pub fn whole_run(sources: &Sources, out: &Path) -> RunOutcome {
    let mut steps = Steps::default();
    let started = Instant::now();
    let catalog = Arc::new(read_catalog());
    let rules = load_rules(&catalog);
    let renderer = Renderer::new();
    steps.setup = started.elapsed();

    let started = Instant::now();
    let surveys = read_surveys(sources, &catalog);
    steps.ingest = started.elapsed();

    let started = Instant::now();
    let organizations: Vec<&OrganizationInput> = surveys.organizations.values().collect();
    let recs: Vec<Recommendation> = organizations
        .par_iter()
        .map(|input| {
            rules
                .evaluate(input)
                .unwrap_or_else(|e| panic!("rule error: {e:?}"))
        })
        .collect();
    steps.evaluate = started.elapsed();

    let started = Instant::now();
    let ctx = context(&catalog);
    let (pdf_ns, json_ns, write_ns) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    let files: Vec<(String, [u8; 32], u64)> = organizations
        .par_iter()
        .zip(&recs)
        .flat_map_iter(|(input, rec)| {
            let id = input.id.as_str();
            let json = timed(&json_ns, || renderer.render_json(&ctx, input, rec));
            let pdf = timed(&pdf_ns, || renderer.render_pdf(&ctx, input, rec))
                .unwrap_or_else(|e| panic!("pdf: {e}"));
            [(format!("{id}.json"), json), (format!("{id}.pdf"), pdf)].map(|(name, bytes)| {
                timed(&write_ns, || write_atomic(&out.join(&name), &bytes))
                    .unwrap_or_else(|e| panic!("write: {e}"));
                (name, Sha256::digest(&bytes).into(), bytes.len() as u64)
            })
        })
        .collect();
    steps.render_and_write = started.elapsed();
    steps.pdf_cpu = Duration::from_nanos(pdf_ns.into_inner());
    steps.json_cpu = Duration::from_nanos(json_ns.into_inner());
    steps.write_cpu = Duration::from_nanos(write_ns.into_inner());
    RunOutcome {
        bytes: files.iter().map(|f| f.2).sum(),
        files: files
            .into_iter()
            .map(|(name, hash, _)| (name, hash))
            .collect(),
        steps,
    }
}

/// A run of the real binary.
pub struct BinaryRun {
    /// Wall time from spawn to exit.
    pub elapsed: Duration,
    /// The child's peak RSS (kB) as last seen while it ran (polled every millisecond).
    pub peak_kb: Option<u64>,
    /// The child's exit code.
    pub code: Option<i32>,
}

/// Runs `pmo-advisor run --quiet` on the given files (with the repository's config for
/// everything else), output under `out`, stdout discarded.
pub fn run_binary(files: &Files, out: &Path) -> std::io::Result<BinaryRun> {
    // A fresh reports root each time: with the same inputs an existing period is `up to
    // date` and the run would write nothing (`--force` only replaces other inputs' results).
    match std::fs::remove_dir_all(out) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
        .current_dir(manifest_dir())
        .arg("run")
        .arg("--quiet")
        .arg("--customers")
        .arg(&files.customers)
        .arg("--baseline")
        .arg(&files.baseline)
        .arg("--service-maturity")
        .arg(&files.service_maturity)
        .arg("--out")
        .arg(out)
        .args(["--period", PERIOD])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let mut peak_kb = None;
    let status = loop {
        // VmHWM only grows, so the last reading before exit is (nearly) the peak.
        if let Some(kb) = peak_rss_kb_of(child.id()) {
            peak_kb = Some(kb);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    Ok(BinaryRun {
        elapsed: started.elapsed(),
        peak_kb,
        code: status.code(),
    })
}
