//! `pmo-advisor run`: inputs → rules → reports/<period>/ (PDF + JSON per organization, manifest).
//!
//! The flags, the config and the earlier periods to back-fill are the command line's; the
//! period itself is written by `history::run::run_period` (recovery, decision, one parallel
//! pass, atomic commit), the same function the benchmark's whole run calls. The reports root
//! is locked for the whole command (`history::lock`).

use clap::Args;

use super::config_folder::ConfigFolder;
use super::period::{display, plan_manifest, rules_version, MANIFEST};
use super::shard::ShardArg;
use crate::cli::args::InputArgs;
use crate::cli::config::{self, Settings};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::load_with;
use crate::cli::term::Term;
use crate::history::lock::RootLock;
use crate::history::run::{run_period, PeriodJob};
use crate::model::headline::Headline;
use crate::model::period::ReportDate;
use crate::model::recommendation::AlertLevel;
use crate::model::service::Priority;
use crate::model::survey::OrganizationInput;
use crate::report::ReportContext;

/// `run` flags.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// CI outputs and gates (`--format`, `--output`, `--fail-on`, `--max-rejected-rows`, …)
    #[command(flatten)]
    ci: super::run_ci::CiArgs,
    /// Worker threads [default: one per core]
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Re-run on every save of rules, tables, config or data, printing what changed
    #[arg(long)]
    watch: bool,
    /// Stop watching after N runs (for tests)
    #[arg(long, hide = true, value_name = "N")]
    max_iterations: Option<u32>,
    /// Also write a one- or two-page PDF brief per customer group (<org>/briefs/<group>.pdf)
    #[arg(long)]
    group_briefs: bool,
    /// Replace the period's results even though they were made from other inputs
    #[arg(long)]
    force: bool,
    /// Write only shard K of N of the organizations (for a CI matrix; `merge` joins the shards)
    #[arg(long, value_name = "K/N")]
    shard: Option<ShardArg>,
}

/// Runs the whole pipeline: first any earlier period the config lists that has no results
/// yet (so trends have their history), then the period asked for.
pub fn run(args: &RunArgs, term: &Term) -> Result<ExitCode, CliError> {
    if args.watch {
        // Watching is the edit-and-regenerate loop: every save replaces the period's results.
        let once = RunArgs {
            watch: false,
            force: true,
            ..args.clone()
        };
        return super::watch::watch_run(&args.inputs, args.max_iterations, term, || {
            run(&once, term)
        });
    }
    run_all(args, term).inspect_err(|e| super::run_ci::on_error(&args.ci, e, term))
}

/// Back-fills the configured earlier periods, then writes the one asked for, from the
/// config's folder (`config_folder.rs`) and holding the reports root's lock throughout.
fn run_all(args: &RunArgs, term: &Term) -> Result<ExitCode, CliError> {
    let moved = ConfigFolder::enter(args.inputs.config.as_deref())?;
    let rebased;
    let args = match &moved {
        None => args,
        Some(folder) => {
            rebased = rebase_paths(args, folder);
            &rebased
        }
    };
    let settings = config::resolve(&args.inputs)?;
    let (_lock, warning) = RootLock::acquire(&settings.out)?;
    if let Some(warning) = warning {
        term.note(&format!("warning: {warning}"));
    }
    // Input-file flags name this period's files only; earlier periods then stay as they are.
    if !args.inputs.names_input_files() {
        for &period in &settings.earlier_periods {
            let dir = settings.out.join(period.to_string());
            if !dir.join(MANIFEST).is_file() {
                term.note(&format!(
                    "{period}: no results in {} yet; writing them first (the config lists its inputs)",
                    display(&dir)
                ));
                let inputs = InputArgs {
                    period: Some(period.to_string()),
                    ..args.inputs.clone()
                };
                run_one(args, &config::resolve(&inputs)?, term, false)?;
            }
        }
    }
    run_one(args, &settings, term, true)
}

/// `args` with every path flag relative to the config's folder.
fn rebase_paths(args: &RunArgs, folder: &ConfigFolder) -> RunArgs {
    let mut args = args.clone();
    let inputs = &mut args.inputs;
    for path in [
        &mut inputs.config,
        &mut inputs.customers,
        &mut inputs.customers_mapping,
        &mut inputs.baseline,
        &mut inputs.baseline_mapping,
        &mut inputs.service_maturity,
        &mut inputs.catalog,
        &mut inputs.rules,
        &mut inputs.out,
    ] {
        if let Some(p) = path.as_mut() {
            *p = folder.rebase(p);
        }
    }
    args.ci.map_output_paths(|p| folder.rebase(p));
    args
}

/// Writes one period. `primary` is the period the user asked for: only it prints the
/// headline results, writes the CI outputs and answers to the gates.
fn run_one(
    args: &RunArgs,
    settings: &Settings,
    term: &Term,
    primary: bool,
) -> Result<ExitCode, CliError> {
    let mut loaded = load_with(settings, term, true)?;
    // What ingest freed (its id table, its blocks, the reader threads' heaps) goes back to
    // the system before the reports are made: left to the allocator's own timing, part of it
    // stayed resident through the run's peak (issue 16). Each pool thread releases its own
    // heap: ingest's workers freed parsed blocks there, and a collection on this thread alone
    // left them resident (1,000 x 200: 60-65 MB peak instead of 47).
    rayon::broadcast(|_| crate::alloc::release_free_memory());
    crate::alloc::release_free_memory();
    if args.inputs.strict && !loaded.surveys.data_quality.findings.is_empty() {
        return Err(CliError::Strict(loaded.surveys.data_quality.findings.len()));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .stack_size(crate::cli::RULES_STACK_BYTES)
        .build()
        .map_err(|e| {
            CliError::Config(config::ConfigError::Workers {
                message: e.to_string(),
            })
        })?;

    let shard = args.shard.map(|s| s.0);
    let rules_version = rules_version(&loaded.rules);
    let ctx = ReportContext {
        catalog: &loaded.catalog,
        period: settings.period,
        date: report_date(settings),
        rules_version: &rules_version,
        tool_version: env!("CARGO_PKG_VERSION"),
        paper: settings.paper,
        fte_cost: settings.fte_cost.as_ref(),
    };
    let mut planned = plan_manifest(settings, &loaded, &ctx, &output_options(args, settings))?;
    planned.run.shard = shard;
    // Owned by the run, which lets each organization shed its details once its report is
    // written (`PeriodJob::organizations`); nothing after the run reads the others.
    // The shard's organizations first, then collected at their exact size: filtered on the
    // way, the vector grew by doubling while the map drained into it, and with its copies was
    // 0.7 KB per organization at the run's peak (issue 16).
    let mut all = std::mem::take(&mut loaded.surveys.organizations);
    if let Some(s) = shard {
        all.retain(|input| super::shard::contains(s, input.id.as_str()));
    }
    let mut organizations: Vec<OrganizationInput> = all.into_values().collect();
    let period_dir = settings.out.join(settings.period.to_string());
    let progress = Progress::new(term, organizations.len());
    let job = PeriodJob {
        rules: &loaded.rules,
        organizations: &mut organizations,
        ctx: &ctx,
        period_dir: &period_dir,
        manifest: planned,
        force: args.force,
        group_briefs: args.group_briefs,
        // The run document (`--format json`) embeds every result with its reasons; nothing
        // else needs them once a report is written.
        keep_details: args.ci.embeds_results(),
        fallback_fonts: &settings.fallback_fonts,
        texts: loaded.surveys.texts.as_ref(),
    };
    let note = |message: String| term.note(&message);
    let outcome = pool.install(|| run_period(job, &note, &|| progress.tick()));
    progress.finish();
    let outcome = outcome?;
    // Whole recommendations are kept only for the run document (`keep_details`).
    let pairs: Vec<_> = organizations.iter().zip(&outcome.recommendations).collect();
    if !primary {
        return Ok(ExitCode::Ok);
    }
    if args.ci.prints_text() {
        print_summary(&outcome.headlines);
    }
    let ci_run = super::run_ci::CiRun {
        settings,
        loaded: &loaded,
        ctx: &ctx,
        results: &pairs,
        headlines: &outcome.headlines,
    };
    super::run_ci::finish(&args.ci, &ci_run, term)
}

/// Command-line choices that change the output bytes, recorded in the manifest so that a
/// re-run with other choices is not mistaken for a no-op.
fn output_options(args: &RunArgs, settings: &Settings) -> Vec<(&'static str, String)> {
    let mut options = vec![
        ("group_briefs", args.group_briefs.to_string()),
        (
            "paper",
            match settings.paper {
                crate::report::Paper::A4 => "a4",
                crate::report::Paper::Letter => "letter",
            }
            .to_string(),
        ),
    ];
    if let Some(org) = &settings.organization {
        options.push(("organization", org.to_string()));
    }
    options
}

/// `SOURCE_DATE_EPOCH` when set (reproducible-builds convention), else the period's last day.
fn report_date(settings: &Settings) -> ReportDate {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    ReportDate {
        epoch_seconds: from_env.unwrap_or_else(|| settings.period.end_epoch_seconds()),
    }
}

/// One line per organization on stdout: the headline results.
fn print_summary(headlines: &[Headline]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for h in headlines {
        let count = |p: Priority| h.services_at(p).count();
        let alerts = |l: AlertLevel| h.alerts_at(l);
        // A closed stdout (`| head`) is not an error worth reporting.
        let _ = writeln!(
            out,
            "{}: {} respondents; {} scope, {} PMO; {} must, {} should, {} could; alerts: {} critical, {} warning",
            h.organization,
            h.respondents,
            crate::report::build::scope_text(h.scope),
            h.control,
            count(Priority::Must),
            count(Priority::Should),
            count(Priority::Could),
            alerts(AlertLevel::Critical),
            alerts(AlertLevel::Warning),
        );
    }
}

/// A progress bar on a terminal only (never in CI logs).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(term: &Term, total: usize) -> Self {
        Progress(term.progress_allowed().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} reports")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
