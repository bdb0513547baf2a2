//! The pipeline benchmark: ingest, rule evaluation, PDF and JSON writing, and whole runs.
//!
//! `cargo bench --bench pipeline [-- --quick | --orgs N --respondents N --reps N --verify]`.
//! Generates seeded synthetic inputs (`synth/`) into a temporary folder, times each stage
//! through its public entry point, then whole runs the way `pmo-advisor run` does them
//! (organizations in parallel with rayon, files through `atomic_file`), and prints a table
//! against the targets of issue 2 (`docs/performance.md` records the figures).
//!
//! It measures and reports; it must not assert speed (machines differ) and must not become a
//! test of correctness. A stage that is not implemented yet (`todo!()`) shows as "not ready"
//! and the benchmark goes on with the stages that are.

mod measure;
mod synth;

use std::panic;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use pmo_advisor::atomic_file::write_atomic;
use pmo_advisor::ingest::{self, IngestOptions, Sources};
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::period::{Period, ReportDate};
use pmo_advisor::model::recommendation::Recommendation;
use pmo_advisor::model::survey::{OrganizationInput, SurveySet};
use pmo_advisor::report::{self, Paper, ReportContext};
use pmo_advisor::rules::{RuleSet, RuleSettings};

use measure::{mb, median, ms, peak_rss_kb, reset_peak_rss, Bench};
use synth::Shape;

/// Command-line choices; unknown flags (such as cargo's `--bench`) are ignored.
struct Args {
    orgs: usize,
    respondents: usize,
    reps: usize,
    seed: u64,
    problem_rate: f64,
    verify: bool,
    dir: Option<PathBuf>,
}

impl Args {
    fn parse() -> Args {
        let mut args = Args {
            orgs: 1000,
            respondents: 200,
            reps: 21,
            seed: 2026,
            problem_rate: 0.001,
            verify: false,
            dir: None,
        };
        let raw: Vec<String> = std::env::args().skip(1).collect();
        let value = |i: usize| raw.get(i + 1).map(String::as_str).unwrap_or("");
        for (i, arg) in raw.iter().enumerate() {
            match arg.as_str() {
                "--quick" => {
                    args.orgs = 100;
                    args.reps = 5;
                }
                "--orgs" => args.orgs = value(i).parse().unwrap_or(args.orgs),
                "--respondents" => args.respondents = value(i).parse().unwrap_or(args.respondents),
                "--reps" => args.reps = value(i).parse().unwrap_or(args.reps),
                "--seed" => args.seed = value(i).parse().unwrap_or(args.seed),
                "--problems" => args.problem_rate = value(i).parse().unwrap_or(args.problem_rate),
                "--verify" => args.verify = true,
                "--dir" => args.dir = Some(PathBuf::from(value(i))),
                _ => {}
            }
        }
        args.orgs = args.orgs.max(1);
        args.respondents = args.respondents.max(1);
        args.reps = args.reps.max(1);
        args
    }

    fn shape(&self, orgs: usize, respondents: usize) -> Shape {
        Shape {
            organizations: orgs,
            respondents,
            seed: self.seed,
            problem_rate: self.problem_rate,
        }
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What every stage needs: the catalog and compiled rules (each may be unfinished).
struct Setup {
    catalog: Option<Arc<Catalog>>,
    rules: Option<RuleSet>,
}

fn load_rules(catalog: &Arc<Catalog>) -> RuleSet {
    RuleSet::load(
        &manifest_dir().join("rules"),
        Arc::clone(catalog),
        RuleSettings::default(),
    )
    .unwrap_or_else(|errors| panic!("rules do not compile: {errors:?}"))
}

fn read_catalog() -> Catalog {
    ingest::read_catalog(&manifest_dir().join("data/catalog"))
        .unwrap_or_else(|e| panic!("catalog: {e}"))
}

fn sources(files: &synth::Files) -> Sources {
    Sources {
        customers: files.customers.clone(),
        baseline: Some(files.baseline.clone()),
        service_maturity: Some(files.service_maturity.clone()),
    }
}

fn read_surveys(sources: &Sources, catalog: &Catalog) -> SurveySet {
    ingest::read_surveys(sources, catalog, &IngestOptions::default())
        .unwrap_or_else(|e| panic!("ingest: {e}"))
}

fn context<'a>(catalog: &'a Catalog) -> ReportContext<'a> {
    // Invariant: a literal, valid period.
    let period = Period::parse("2026-Q3").expect("valid period");
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

fn main() {
    let args = Args::parse();
    // Unfinished stages panic with `todo!()`: say so in one line, not with a backtrace.
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("  (panic{})", location.unwrap_or_default());
    }));
    // `--dir` keeps inputs and outputs for inspection; otherwise a temporary folder.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let work = args.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let mut bench = Bench::default();
    println!(
        "pmo-advisor pipeline benchmark: {} organizations x {} respondents, seed {}, {} thread(s), {} repetitions",
        args.orgs,
        args.respondents,
        args.seed,
        rayon::current_num_threads(),
        args.reps
    );

    let shape = args.shape(args.orgs, args.respondents);
    let started = Instant::now();
    let big = synth::write_inputs(&work.join("big"), &shape)
        .unwrap_or_else(|e| panic!("writing synthetic inputs: {e}"));
    println!(
        "  generated {} customer rows ({:.1} MB) in {}",
        big.customer_rows,
        big.customer_bytes as f64 / 1e6,
        ms(started.elapsed())
    );

    let catalog = bench.phase("catalog", "", || Arc::new(read_catalog()));
    let setup = Setup {
        rules: catalog.as_ref().and_then(|c| {
            let started = Instant::now();
            let rules = bench.phase("rules: load and compile", "once per run", || load_rules(c))?;
            bench.record(
                "rules: load and compile",
                ms(started.elapsed()),
                "once per run",
            );
            Some(rules)
        }),
        catalog,
    };

    bench_ingest(&mut bench, &args, &big, &setup, &work);
    let inputs = organization_inputs(&mut bench, &shape, &big, &setup);
    let recs = bench_rules(&mut bench, &setup, &inputs);
    bench_render(&mut bench, &args, &setup, &inputs, &recs);
    bench_whole_run(&mut bench, &args, &big, &setup, &work);
    bench_one_organization(&mut bench, &args, &work);

    bench.print_table();
    println!(
        "\npeak memory of the benchmark process (VmHWM): {}",
        mb(peak_rss_kb())
    );
}

/// The csv crate alone, then our ingest, over the big customers file: MB/s and memory.
fn bench_ingest(bench: &mut Bench, args: &Args, big: &synth::Files, setup: &Setup, tmp: &Path) {
    let size_mb = big.customer_bytes as f64 / 1e6;
    let reps = args.reps.clamp(1, 3);
    let parse_only = median(
        (0..reps)
            .map(|_| {
                let started = Instant::now();
                let mut reader = csv::ReaderBuilder::new()
                    .from_path(&big.customers)
                    .unwrap_or_else(|e| panic!("csv: {e}"));
                let mut record = csv::ByteRecord::new();
                let mut fields = 0usize;
                while reader.read_byte_record(&mut record).unwrap_or(false) {
                    fields += record.len();
                }
                std::hint::black_box(fields);
                started.elapsed()
            })
            .collect(),
    );
    bench.record(
        "csv crate alone (ByteRecord), customers",
        format!("{:.0} MB/s", size_mb / parse_only.as_secs_f64()),
        "reference",
    );
    let Some(catalog) = &setup.catalog else {
        return;
    };
    let customers_only = Sources {
        customers: big.customers.clone(),
        ..Sources::default()
    };
    let mut times = Vec::new();
    for _ in 0..reps {
        reset_peak_rss();
        let before = peak_rss_kb();
        let started = Instant::now();
        let ok = bench.phase("ingest + validation, customers", ">= 250 MB/s", || {
            std::hint::black_box(read_surveys(&customers_only, catalog));
        });
        if ok.is_none() {
            return;
        }
        times.push(started.elapsed());
        if times.len() == 1 {
            let growth = peak_rss_kb().zip(before).map(|(p, b)| p.saturating_sub(b));
            bench.record(
                format!("ingest memory growth, {} rows", big.customer_rows),
                mb(growth),
                "flat in rows",
            );
        }
    }
    let t = median(times);
    bench.record(
        format!("ingest + validation, {} rows", big.customer_rows),
        format!("{:.0} MB/s ({})", size_mb / t.as_secs_f64(), ms(t)),
        ">= 250 MB/s",
    );
    // Memory must not grow with rows: the same organizations with 4x fewer respondents.
    let small = args.shape(args.orgs, (args.respondents / 4).max(1));
    if let Ok(files) = synth::write_inputs(&tmp.join("quarter"), &small) {
        reset_peak_rss();
        let before = peak_rss_kb();
        let sources = Sources {
            customers: files.customers.clone(),
            ..Sources::default()
        };
        if bench
            .phase("ingest memory, 1/4 rows", "flat in rows", || {
                read_surveys(&sources, catalog)
            })
            .is_some()
        {
            let growth = peak_rss_kb().zip(before).map(|(p, b)| p.saturating_sub(b));
            bench.record(
                format!("ingest memory growth, {} rows", files.customer_rows),
                mb(growth),
                "flat in rows",
            );
        }
    }
}

/// The organizations as ingest reads them, or built in memory when ingest is not ready.
fn organization_inputs(
    bench: &mut Bench,
    shape: &Shape,
    big: &synth::Files,
    setup: &Setup,
) -> Vec<OrganizationInput> {
    let from_ingest = setup.catalog.as_ref().and_then(|c| {
        bench.phase("ingest (all three files)", "", || {
            read_surveys(&sources(big), c)
        })
    });
    match from_ingest {
        Some(set) => set.organizations.into_values().collect(),
        None => {
            println!("  (rules and reports get organizations built in memory instead)");
            synth::organization_inputs(shape)
        }
    }
}

/// Rule evaluation on one thread: organizations per second, reasons included.
fn bench_rules(
    bench: &mut Bench,
    setup: &Setup,
    inputs: &[OrganizationInput],
) -> Vec<Recommendation> {
    let Some(rules) = &setup.rules else {
        return Vec::new();
    };
    let started = Instant::now();
    let recs = bench.phase("rule evaluation, one thread", ">= 2,000 orgs/s", || {
        inputs
            .iter()
            .map(|input| {
                rules
                    .evaluate(input)
                    .unwrap_or_else(|e| panic!("rule error: {e:?}"))
            })
            .collect::<Vec<_>>()
    });
    let elapsed = started.elapsed();
    if let Some(recs) = &recs {
        let reasons: usize = recs
            .iter()
            .map(|r| r.services.iter().map(|s| s.reasons.len()).sum::<usize>())
            .sum();
        bench.record(
            format!("rule evaluation, {} orgs, one thread", inputs.len()),
            format!("{:.0} orgs/s", inputs.len() as f64 / elapsed.as_secs_f64()),
            ">= 2,000 orgs/s",
        );
        bench.record(
            "  service reasons per organization",
            format!("{:.1}", reasons as f64 / inputs.len().max(1) as f64),
            "",
        );
    }
    recs.unwrap_or_default()
}

/// PDF and JSON of one report on one thread, median of `reps`.
fn bench_render(
    bench: &mut Bench,
    args: &Args,
    setup: &Setup,
    inputs: &[OrganizationInput],
    recs: &[Recommendation],
) {
    let (Some(catalog), Some(input), Some(rec)) = (&setup.catalog, inputs.first(), recs.first())
    else {
        bench.record(
            "PDF / JSON writing",
            "needs rules",
            "<= 4 ms per 10-page PDF",
        );
        return;
    };
    let ctx = context(catalog);
    let mut pdf_bytes = Vec::new();
    let pdf = bench.phase("PDF writing, one report", "<= 4 ms (10 pages)", || {
        median(
            (0..args.reps)
                .map(|_| {
                    let started = Instant::now();
                    pdf_bytes =
                        report::render_pdf(&ctx, input, rec).unwrap_or_else(|e| panic!("pdf: {e}"));
                    started.elapsed()
                })
                .collect(),
        )
    });
    if let Some(t) = pdf {
        let pages = lopdf::Document::load_mem(&pdf_bytes)
            .map(|d| d.get_pages().len())
            .unwrap_or(0);
        bench.record(
            format!(
                "PDF writing, one report ({pages} pages, {} kB)",
                pdf_bytes.len() / 1024
            ),
            format!("{} median", ms(t)),
            "<= 4 ms (10 pages)",
        );
    }
    let json = bench.phase("JSON writing, one report", "", || {
        let mut size = 0;
        let t = median(
            (0..args.reps)
                .map(|_| {
                    let started = Instant::now();
                    size = report::render_json(&ctx, input, rec).len();
                    started.elapsed()
                })
                .collect(),
        );
        (t, size)
    });
    if let Some((t, size)) = json {
        bench.record(
            format!("JSON writing, one report ({} kB)", size / 1024),
            format!("{} median", ms(t)),
            "",
        );
    }
}

/// What a whole run writes: (file name, bytes), in organization order.
type Outputs = Vec<(String, Vec<u8>)>;

/// The pipeline of `pmo-advisor run` from files to files: catalog, rules, ingest, evaluation
/// and rendering in parallel over organizations, every file through `atomic_file`.
fn whole_run(sources: &Sources, out: &Path) -> Outputs {
    let catalog = Arc::new(read_catalog());
    let rules = load_rules(&catalog);
    let surveys = read_surveys(sources, &catalog);
    let organizations: Vec<&OrganizationInput> = surveys.organizations.values().collect();
    let recs: Vec<Recommendation> = organizations
        .par_iter()
        .map(|input| {
            rules
                .evaluate(input)
                .unwrap_or_else(|e| panic!("rule error: {e:?}"))
        })
        .collect();
    let ctx = context(&catalog);
    organizations
        .par_iter()
        .zip(&recs)
        .flat_map_iter(|(input, rec)| {
            let id = input.id.as_str();
            let json = report::render_json(&ctx, input, rec);
            let pdf = report::render_pdf(&ctx, input, rec).unwrap_or_else(|e| panic!("pdf: {e}"));
            let files = [(format!("{id}.json"), json), (format!("{id}.pdf"), pdf)];
            for (name, bytes) in &files {
                write_atomic(&out.join(name), bytes).unwrap_or_else(|e| panic!("write: {e}"));
            }
            files
        })
        .collect()
}

fn bench_whole_run(bench: &mut Bench, args: &Args, big: &synth::Files, setup: &Setup, tmp: &Path) {
    if setup.rules.is_none() {
        bench.record("whole run", "needs rules", "<= 2 s, <= 150 MB");
        return;
    }
    let label = format!(
        "whole run, {} orgs x {} respondents",
        args.orgs, args.respondents
    );
    let out = tmp.join("reports/2026-Q3");
    reset_peak_rss();
    let started = Instant::now();
    let outputs = bench.phase(&label, "<= 2 s on 2 cores", || {
        whole_run(&sources(big), &out)
    });
    let elapsed = started.elapsed();
    let peak = peak_rss_kb();
    let Some(outputs) = outputs else { return };
    bench.record(
        format!("{label} ({} threads)", rayon::current_num_threads()),
        format!("{:.2} s", elapsed.as_secs_f64()),
        "<= 2 s on 2 cores",
    );
    bench.record("  peak memory of that run (VmHWM)", mb(peak), "<= 150 MB");
    let bytes: usize = outputs.iter().map(|(_, b)| b.len()).sum();
    bench.record(
        "  files written",
        format!("{} ({:.1} MB)", outputs.len(), bytes as f64 / 1e6),
        "",
    );
    if args.verify {
        // The same run on one thread must give the same bytes (issue 2: reproducible output).
        let single = rayon::ThreadPoolBuilder::new().num_threads(1).build();
        let same = single
            .map(|pool| pool.install(|| whole_run(&sources(big), &tmp.join("single")) == outputs));
        bench.record(
            "  same bytes as a one-thread run",
            format!("{}", same.unwrap_or(false)),
            "true",
        );
    }
}

/// One organization from files to files, median of `reps` (everything a one-org run pays).
fn bench_one_organization(bench: &mut Bench, args: &Args, tmp: &Path) {
    let shape = args.shape(1, args.respondents);
    let Ok(files) = synth::write_inputs(&tmp.join("one"), &shape) else {
        return;
    };
    let out = tmp.join("one-out");
    let label = format!(
        "one organization end to end ({} respondents)",
        args.respondents
    );
    let t = bench.phase(&label, "<= 50 ms", || {
        median(
            (0..args.reps.min(11))
                .map(|_| {
                    let started = Instant::now();
                    std::hint::black_box(whole_run(&sources(&files), &out));
                    started.elapsed()
                })
                .collect(),
        )
    });
    if let Some(t) = t {
        bench.record(label, format!("{} median", ms(t)), "<= 50 ms");
    }
}
