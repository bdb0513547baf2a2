//! The pipeline as the benchmark drives it: each stage through its public entry point, a whole
//! run in process through the binary's own period code (`history::run::run_period`), and the
//! real binary as a child process.
//!
//! A stage error panics here on purpose: the benchmark contains panics per phase and shows
//! them as "not ready". Nothing here decides what is correct or fast enough.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pmo_advisor::history::run::{run_period, PeriodJob};
use pmo_advisor::ingest::{self, IngestOptions, Sources};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::period::{Period, ReportDate};
use pmo_advisor::model::survey::OrganizationInput;
use pmo_advisor::model::survey_set::SurveySet;
use pmo_advisor::report::{Manifest, Paper, ReportContext};
use pmo_advisor::rules::{RuleSet, RuleSettings};

use crate::measure::{children_cpu, peak_rss_kb_of};
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
        fte_cost: None,
    }
}

/// Where the time of a whole run went (wall time of each step).
#[derive(Debug, Default)]
pub struct Steps {
    /// Catalog and rule compilation.
    pub setup: Duration,
    /// Reading the three files.
    pub ingest: Duration,
    /// `history::run::run_period`: evaluation, rendering and staging in one parallel pass,
    /// then the summary, the manifest and the commit, exactly as `pmo-advisor run` does.
    pub period: Duration,
}

/// What a whole run produced: each output's path and SHA-256 as its manifest lists them
/// (sorted by path), and where the time went.
pub struct RunOutcome {
    /// (path in the period folder, hex SHA-256), sorted by path.
    pub files: Vec<(String, String)>,
    /// Bytes written.
    pub bytes: u64,
    /// Timings.
    pub steps: Steps,
}

/// `pmo-advisor run` in process, from files to files, through the binary's own period code
/// (`history::run::run_period`, on the current rayon pool) into the period folder `out`,
/// which is removed first so that the run writes (an existing period would be up to date).
pub fn whole_run(sources: &Sources, out: &Path) -> RunOutcome {
    match std::fs::remove_dir_all(out) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("cannot clear {out:?}: {e}"),
        _ => {}
    }
    let mut steps = Steps::default();
    let started = Instant::now();
    let catalog = Arc::new(read_catalog());
    let rules = load_rules(&catalog);
    steps.setup = started.elapsed();

    let started = Instant::now();
    // As `pmo-advisor run` reads them: comments and quotes wait in a temporary file.
    let options = IngestOptions {
        store_texts: true,
        ..IngestOptions::default()
    };
    let surveys =
        ingest::read_surveys(sources, &catalog, &options).unwrap_or_else(|e| panic!("ingest: {e}"));
    // As `pmo-advisor run` does at ingest's end.
    pmo_advisor::alloc::release_free_memory();
    steps.ingest = started.elapsed();

    let started = Instant::now();
    let texts = surveys.texts;
    let mut organizations: Vec<OrganizationInput> = surveys.organizations.into_values().collect();
    let ctx = context(&catalog);
    let job = PeriodJob {
        rules: &rules,
        organizations: &mut organizations,
        ctx: &ctx,
        period_dir: out,
        manifest: Manifest::new(ctx.tool_version, ctx.period, ctx.date, ctx.rules_version),
        force: true,
        group_briefs: false,
        keep_details: false,
        fallback_fonts: &[],
        texts: texts.as_ref(),
    };
    run_period(job, &|_| {}, &|| {}).unwrap_or_else(|e| panic!("run: {e}"));
    steps.period = started.elapsed();

    let manifest = std::fs::read(out.join("manifest.json"))
        .ok()
        .and_then(|bytes| Manifest::parse(&bytes).ok())
        .unwrap_or_else(|| panic!("no manifest in {out:?}"));
    let mut outputs = manifest.outputs;
    outputs.sort();
    RunOutcome {
        bytes: outputs.iter().map(|f| f.bytes).sum(),
        files: outputs.into_iter().map(|f| (f.path, f.sha256)).collect(),
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
    /// The child's CPU time in user space (our code) and in the kernel (file system, page
    /// cache), when `/proc` tells.
    pub cpu: Option<(Duration, Duration)>,
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
    let cpu_before = children_cpu();
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
    let elapsed = started.elapsed();
    let cpu = cpu_before
        .zip(children_cpu())
        .map(|((user, system), (user_after, system_after))| {
            (
                user_after.saturating_sub(user),
                system_after.saturating_sub(system),
            )
        });
    Ok(BinaryRun {
        elapsed,
        peak_kb,
        code: status.code(),
        cpu,
    })
}
