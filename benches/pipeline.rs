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
mod regenerate;
mod stages;
mod synth;

use std::panic;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pmo_advisor::ingest::Sources;
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::recommendation::Recommendation;
use pmo_advisor::model::survey::OrganizationInput;
use pmo_advisor::report::Renderer;
use pmo_advisor::rules::RuleSet;

use measure::{mb, median, ms, peak_rss_kb, reset_peak_rss, Bench};
use stages::{context, load_rules, read_catalog, read_surveys, sources, whole_run};
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
    /// `--regenerate`: only the rule-edit loop on the bundled sample (seconds, not minutes).
    regenerate_only: bool,
    /// `--rules`: only rule evaluation, on organizations built in memory (for profiling).
    rules_only: bool,
    /// `--ingest`: only ingest and the `csv` crate's reference rate (for profiling).
    ingest_only: bool,
    /// `--growth`: only the growth table (the binary on growing inputs).
    growth_only: bool,
    /// `--growth-shapes 1000x200,1000x1000,…`: the shapes of the growth table.
    growth_shapes: Vec<(usize, usize)>,
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
            regenerate_only: false,
            rules_only: false,
            ingest_only: false,
            growth_only: false,
            growth_shapes: vec![(1000, 200), (1000, 1000), (5000, 200), (10000, 200)],
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
                "--regenerate" => args.regenerate_only = true,
                "--rules" => args.rules_only = true,
                "--ingest" => args.ingest_only = true,
                "--growth" => args.growth_only = true,
                "--growth-shapes" => {
                    let shapes: Vec<(usize, usize)> =
                        value(i).split(',').filter_map(parse_shape).collect();
                    if !shapes.is_empty() {
                        args.growth_shapes = shapes;
                    }
                }
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

/// `1000x200` → (organizations, respondents).
fn parse_shape(text: &str) -> Option<(usize, usize)> {
    let (orgs, respondents) = text.trim().split_once('x')?;
    Some((orgs.parse().ok()?, respondents.parse().ok()?))
}

/// What every stage needs: the catalog and compiled rules (each may be unfinished).
struct Setup {
    catalog: Option<Arc<Catalog>>,
    rules: Option<RuleSet>,
}

// The binary's own allocator (src/main.rs), so that rule evaluation and rendering are
// measured as the binary runs them. Before 2026-12-06 the benchmark used the system
// allocator; docs/performance.md gives both figures for that date.
#[global_allocator]
static GLOBAL: pmo_advisor::alloc::Counted = pmo_advisor::alloc::Counted(mimalloc::MiMalloc);

// With the binary's options (`alloc::tune_allocator`), set before anything allocates.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = pmo_advisor::alloc::tune_allocator;

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
    if args.regenerate_only {
        bench_regenerate(&mut bench, &args, &work);
        bench.print_table();
        return;
    }
    if args.rules_only {
        bench_rules_only(&mut bench, &args);
        bench.print_table();
        return;
    }
    if args.ingest_only {
        bench_ingest_only(&mut bench, &args, &work);
        bench.print_table();
        return;
    }
    if args.growth_only {
        bench_growth(&args, &work);
        return;
    }
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
    {
        // Dropped before the whole run, so that its peak memory is its own.
        let inputs = organization_inputs(&mut bench, &shape, &big, &setup);
        let recs = bench_rules(&mut bench, &args, &setup, &inputs);
        bench_render(&mut bench, &args, &setup, &inputs, &recs);
    }
    bench_whole_run(&mut bench, &args, &big, &setup, &work);
    bench_one_organization(&mut bench, &args, &work);
    bench_regenerate(&mut bench, &args, &work);

    bench.print_table();
    println!(
        "\npeak memory of the benchmark process (VmHWM): {}",
        mb(peak_rss_kb())
    );
}

/// The csv crate alone, then our ingest, over the big customers file: MB/s and memory.
fn bench_ingest(bench: &mut Bench, args: &Args, big: &synth::Files, setup: &Setup, tmp: &Path) {
    let Some(catalog) = &setup.catalog else {
        csv_rate(bench, big, args.reps.clamp(1, 3));
        return;
    };
    // Memory must not grow with rows. Ingest a quarter of the rows (same organizations)
    // first, then all of them: with streaming aggregation the second peak is no higher.
    let quarter = args.shape(args.orgs, (args.respondents / 4).max(1));
    let Ok(small) = synth::write_inputs(&tmp.join("quarter"), &quarter) else {
        return;
    };
    for files in [&small, big] {
        let only = Sources {
            customers: files.customers.clone(),
            ..Sources::default()
        };
        reset_peak_rss();
        let what = format!("ingest peak RSS, {} rows", files.customer_rows);
        if bench
            .phase(&what, "flat in rows", || read_surveys(&only, catalog))
            .is_none()
        {
            return;
        }
        bench.record(what, mb(peak_rss_kb()), "flat in rows");
    }
    ingest_rate(bench, big, catalog, args.reps.clamp(1, 3));
}

/// The `csv` crate alone reading the customers file into `ByteRecord`s: the reference rate.
fn csv_rate(bench: &mut Bench, big: &synth::Files, reps: usize) {
    let size_mb = big.customer_bytes as f64 / 1e6;
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
}

/// Ingest and validation of the customers file, next to the `csv` crate alone on it.
fn ingest_rate(bench: &mut Bench, big: &synth::Files, catalog: &Arc<Catalog>, reps: usize) {
    csv_rate(bench, big, reps);
    let size_mb = big.customer_bytes as f64 / 1e6;
    let customers_only = Sources {
        customers: big.customers.clone(),
        ..Sources::default()
    };
    let t = median(
        (0..reps)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(read_surveys(&customers_only, catalog));
                started.elapsed()
            })
            .collect(),
    );
    bench.record(
        format!("ingest + validation, {} rows", big.customer_rows),
        format!("{:.0} MB/s ({})", size_mb / t.as_secs_f64(), ms(t)),
        ">= 250 MB/s",
    );
}

/// `--ingest`: only the ingest rate (and the `csv` crate's) on the shape's customers file, the
/// loop to run under a profiler.
fn bench_ingest_only(bench: &mut Bench, args: &Args, work: &Path) {
    let big = synth::write_inputs(&work.join("big"), &args.shape(args.orgs, args.respondents))
        .unwrap_or_else(|e| panic!("writing synthetic inputs: {e}"));
    let catalog = Arc::new(read_catalog());
    ingest_rate(bench, &big, &catalog, args.reps);
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

/// `--rules`: rule evaluation alone, `--reps` rounds over organizations built in memory, the
/// median round in organizations per second (no files: the loop to run under a profiler).
fn bench_rules_only(bench: &mut Bench, args: &Args) {
    let catalog = Arc::new(read_catalog());
    let rules = load_rules(&catalog);
    let inputs = synth::organization_inputs(&args.shape(args.orgs, args.respondents));
    let rounds: Vec<Duration> = (0..args.reps.max(1))
        .map(|_| {
            let started = Instant::now();
            for input in &inputs {
                rules
                    .evaluate(input)
                    .unwrap_or_else(|e| panic!("rule error: {e:?}"));
            }
            started.elapsed()
        })
        .collect();
    let round = median(rounds);
    bench.record(
        format!(
            "rule evaluation, {} orgs, one thread, median of {} rounds",
            inputs.len(),
            args.reps.max(1)
        ),
        format!("{:.0} orgs/s", inputs.len() as f64 / round.as_secs_f64()),
        ">= 2,000 orgs/s",
    );
}

/// Rule evaluation on one thread: organizations per second, reasons included.
fn bench_rules(
    bench: &mut Bench,
    args: &Args,
    setup: &Setup,
    inputs: &[OrganizationInput],
) -> Vec<Recommendation> {
    let Some(rules) = &setup.rules else {
        return Vec::new();
    };
    // The median of a few rounds, each recommendation dropped once counted, as a run drops it
    // once its report is written: one cold round that held all of them read 1,628/s in the
    // same minute as 1,904–1,933/s for `--rules` (issue 16).
    let rounds = args.reps.clamp(1, 5);
    let measured = bench.phase("rule evaluation, one thread", ">= 2,000 orgs/s", || {
        let mut times = Vec::with_capacity(rounds);
        let (mut first, mut reasons) = (None, 0);
        for _ in 0..rounds {
            reasons = 0;
            let started = Instant::now();
            for input in inputs {
                let rec = rules
                    .evaluate(input)
                    .unwrap_or_else(|e| panic!("rule error: {e:?}"));
                reasons += rec.services.iter().map(|s| s.reasons.len()).sum::<usize>();
                first.get_or_insert(rec);
            }
            times.push(started.elapsed());
        }
        (median(times), reasons, first)
    });
    let Some((round, reasons, first)) = measured else {
        return Vec::new();
    };
    bench.record(
        format!(
            "rule evaluation, {} orgs, one thread, median of {rounds} rounds",
            inputs.len()
        ),
        format!("{:.0} orgs/s", inputs.len() as f64 / round.as_secs_f64()),
        ">= 2,000 orgs/s",
    );
    bench.record(
        "  service reasons per organization",
        format!("{:.1}", reasons as f64 / inputs.len().max(1) as f64),
        "",
    );
    first.into_iter().collect()
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
    // Paid once per run (fonts subset and compressed), then shared by every report.
    let started = Instant::now();
    let renderer = Renderer::new();
    bench.record(
        "renderer: fonts prepared",
        ms(started.elapsed()),
        "once per run",
    );
    let mut pdf_bytes = Vec::new();
    let pdf = bench.phase("PDF writing, one report", "<= 4 ms (10 pages)", || {
        median(
            (0..args.reps)
                .map(|_| {
                    let started = Instant::now();
                    pdf_bytes = renderer
                        .render_pdf(&ctx, input, rec)
                        .unwrap_or_else(|e| panic!("pdf: {e}"));
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
                    size = renderer.render_json(&ctx, input, rec).len();
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

fn bench_whole_run(bench: &mut Bench, args: &Args, big: &synth::Files, setup: &Setup, tmp: &Path) {
    if setup.rules.is_none() {
        bench.record("whole run", "needs rules", "<= 2 s, <= 150 MB");
        return;
    }
    let label = format!(
        "whole run in process, {} orgs x {} respondents, {} threads",
        args.orgs,
        args.respondents,
        rayon::current_num_threads()
    );
    let out = tmp.join("reports").join(stages::PERIOD);
    reset_peak_rss();
    let started = Instant::now();
    let outcome = bench.phase(&label, "<= 2 s on 2 cores", || {
        whole_run(&sources(big), &out)
    });
    let elapsed = started.elapsed();
    let peak = peak_rss_kb();
    let Some(outcome) = outcome else { return };
    bench.record(
        &label,
        format!("{:.2} s", elapsed.as_secs_f64()),
        "<= 2 s on 2 cores",
    );
    bench.record("  peak RSS of that run (VmHWM)", mb(peak), "<= 150 MB");
    let s = &outcome.steps;
    for (step, d) in [
        ("  setup: catalog, rules", s.setup),
        ("  ingest, three files", s.ingest),
        ("  run_period: evaluate, render, stage, commit", s.period),
    ] {
        bench.record(step, ms(d), "");
    }
    bench.record(
        "  files written",
        format!(
            "{} ({:.1} MB)",
            outcome.files.len(),
            outcome.bytes as f64 / 1e6
        ),
        "",
    );
    if args.verify {
        // The same run on one thread must give the same bytes (issue 2: reproducible output).
        let single = rayon::ThreadPoolBuilder::new().num_threads(1).build();
        let same = single.map(|pool| {
            pool.install(|| whole_run(&sources(big), &tmp.join("single")).files == outcome.files)
        });
        bench.record(
            "  same bytes as a one-thread run",
            format!("{}", same.unwrap_or(false)),
            "true",
        );
    }
    let binary = format!(
        "whole run, the binary, {} orgs x {} respondents",
        args.orgs, args.respondents
    );
    match stages::run_binary(big, &tmp.join("reports-binary")) {
        Ok(run) if run.code == Some(0) => {
            bench.record(
                binary,
                format!("{:.2} s", run.elapsed.as_secs_f64()),
                "<= 2 s on 2 cores",
            );
            bench.record("  peak RSS of the binary", mb(run.peak_kb), "<= 150 MB");
        }
        Ok(run) => bench.record(binary, format!("failed, exit {:?}", run.code), ""),
        Err(e) => bench.record(binary, format!("cannot start: {e}"), ""),
    }
}

/// Issue 4's inner loop: a rule edit, then the sample regenerated by the binary.
fn bench_regenerate(bench: &mut Bench, args: &Args, tmp: &Path) {
    let reps = args.reps.min(11);
    let label = "regenerate the sample after a rule edit, the binary (run --force)";
    match regenerate::regenerate_sample(&tmp.join("regenerate"), reps) {
        Ok(r) => {
            bench.record(
                label,
                format!("{} median", ms(r.after_edit)),
                "feels instant (<= 100 ms)",
            );
            bench.record(
                "  re-run with nothing changed (up to date)",
                format!("{} median", ms(r.unchanged)),
                "",
            );
        }
        Err(e) => bench.record(label, format!("failed: {e}"), ""),
    }
}

/// One organization from files to files, median of `reps` (everything a one-org run pays):
/// in process, and as the binary (process start, config, manifest included).
fn bench_one_organization(bench: &mut Bench, args: &Args, tmp: &Path) {
    let shape = args.shape(1, args.respondents);
    let Ok(files) = synth::write_inputs(&tmp.join("one"), &shape) else {
        return;
    };
    let out = tmp.join("one-out");
    let reps = args.reps.min(11);
    let label = format!(
        "one organization in process ({} respondents)",
        args.respondents
    );
    let t = bench.phase(&label, "<= 50 ms", || {
        median(
            (0..reps)
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
    let mut times = Vec::new();
    for _ in 0..reps {
        match stages::run_binary(&files, &tmp.join("one-binary")) {
            Ok(run) if run.code == Some(0) => times.push(run.elapsed),
            _ => break,
        }
    }
    let label = "one organization, the binary";
    if times.len() == reps {
        bench.record(label, format!("{} median", ms(median(times))), "<= 50 ms");
    } else {
        bench.record(label, "failed", "<= 50 ms");
    }
}

/// `--growth`: the binary on each shape of `--growth-shapes`, one after the other, and a table
/// of time and peak memory against the first shape (issue 16: linear time, flat memory).
/// Each shape's inputs and reports are removed once all have run (with `--dir`, they are kept
/// there).
fn bench_growth(args: &Args, work: &Path) {
    println!(
        "pmo-advisor growth: the binary, {} thread(s), seed {}",
        rayon::current_num_threads(),
        args.seed
    );
    let mut rows = Vec::new();
    let mut written = Vec::new();
    for &(orgs, respondents) in &args.growth_shapes {
        let dir = work.join(format!("growth-{orgs}x{respondents}"));
        let files = match synth::write_inputs(&dir, &args.shape(orgs, respondents)) {
            Ok(files) => files,
            Err(e) => {
                println!("  {orgs} x {respondents}: cannot write inputs: {e}");
                continue;
            }
        };
        let run = stages::run_binary(&files, &dir.join("reports"));
        // Deleted only once every shape has run: ext4 skips the inodes of files deleted in
        // the last minutes when it makes new ones, reading the inode table to find them,
        // and thousands of reports deleted just before a run cost it 1.6 s of system time
        // at 1,000 x 200 (2.2 s against 0.6 s), which no scheduled job on a fresh checkout
        // pays. Every shape's reports together take about 7 GB.
        written.push(dir);
        match run {
            Ok(run) if run.code == Some(0) => {
                println!(
                    "  {orgs} x {respondents}: {:.2} s, {}",
                    run.elapsed.as_secs_f64(),
                    mb(run.peak_kb)
                );
                rows.push((orgs, respondents, files, run));
            }
            Ok(run) => println!("  {orgs} x {respondents}: failed, exit {:?}", run.code),
            Err(e) => println!("  {orgs} x {respondents}: cannot start: {e}"),
        }
    }
    if args.dir.is_none() {
        for dir in written {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    let Some((_, _, _, first)) = rows.first() else {
        return;
    };
    let (base_time, base_peak) = (first.elapsed.as_secs_f64(), first.peak_kb.unwrap_or(0));
    let base_user = first.cpu.map_or(0.0, |(user, _)| user.as_secs_f64());
    // Wall time also counts the kernel making thousands of files and finding page-cache
    // room for them, which grows faster than the reports when the cache is full of earlier
    // runs' files: the user CPU column is our code's own growth (issue 16).
    println!(
        "\n| organizations x respondents | rows | customers file | time | x first | user CPU | x first | system CPU | peak memory | x first |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for (orgs, respondents, files, run) in &rows {
        let time = run.elapsed.as_secs_f64();
        let peak = run.peak_kb.unwrap_or(0);
        let (user, system) = match run.cpu {
            Some((user, system)) => (
                format!(
                    "{:.2} s | {:.2}",
                    user.as_secs_f64(),
                    user.as_secs_f64() / base_user.max(f64::EPSILON)
                ),
                format!("{:.2} s", system.as_secs_f64()),
            ),
            None => ("unknown | -".to_string(), "unknown".to_string()),
        };
        println!(
            "| {orgs} x {respondents} | {} | {:.1} MB | {time:.2} s | {:.2} | {user} | {system} | {} | {:.2} |",
            files.customer_rows,
            files.customer_bytes as f64 / 1e6,
            time / base_time.max(f64::EPSILON),
            mb(run.peak_kb),
            peak as f64 / base_peak.max(1) as f64,
        );
    }
}
