//! `pmo-advisor run`: inputs → rules → reports/<period>/ (PDF + JSON per organization, manifest).
//!
//! Organizations are evaluated and rendered in parallel; each output depends only on its own
//! organization, and the manifest lists outputs in id order, so the files are byte-identical
//! to a single-threaded run. Each organization is evaluated, rendered and written in one pass
//! into a staging folder (`history::commit`), then sheds its reasons, so memory does not grow
//! with the number of organizations; the staged period is swapped in whole only when every
//! organization succeeded, so a rule error, a failed write or a SIGKILL leaves the previous
//! results untouched. The reports root is locked for the whole run (`history::lock`).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use rayon::prelude::*;

use super::period::{display, plan_manifest, rules_version, MANIFEST};
use super::shard::ShardArg;
use crate::cli::args::InputArgs;
use crate::cli::config::{self, Settings};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::{load, Loaded};
use crate::cli::term::Term;
use crate::history::commit::{recover, Recovery, Staging};
use crate::history::decision::{decide, record_replaced, Decision};
use crate::history::earlier::{earlier_periods, earlier_results, EarlierPeriod};
use crate::history::lock::RootLock;
use crate::history::results::parse_result;
use crate::model::period::ReportDate;
use crate::model::recommendation::{AlertLevel, Recommendation};
use crate::model::service::Priority;
use crate::model::survey::OrganizationInput;
use crate::report::{HashedFile, History, Manifest, Renderer, ReportContext};
use crate::rules::RuleError;

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

/// Back-fills the configured earlier periods, then writes the one asked for, holding the
/// reports root's lock throughout.
fn run_all(args: &RunArgs, term: &Term) -> Result<ExitCode, CliError> {
    let settings = config::resolve(&args.inputs)?;
    let (_lock, warning) = RootLock::acquire(&settings.out)?;
    if let Some(warning) = warning {
        term.note(&format!("warning: {warning}"));
    }
    // Input-file flags name this period's files only; earlier periods then stay as they are.
    if !args.inputs.names_input_files() {
        for &period in &settings.earlier_periods {
            let dir = settings.out.join(period.to_string());
            recover_period(&dir, term)?;
            if !dir.join(MANIFEST).is_file() {
                term.note(&format!(
                    "{period}: no results in {} yet; writing them first (the config lists its inputs)",
                    display(&dir)
                ));
                let inputs = InputArgs {
                    period: Some(period.to_string()),
                    ..args.inputs.clone()
                };
                run_period(args, &config::resolve(&inputs)?, term, false)?;
            }
        }
    }
    run_period(args, &settings, term, true)
}

/// Writes one period. `primary` is the period the user asked for: only it prints the
/// headline results, writes the CI outputs and answers to the gates.
fn run_period(
    args: &RunArgs,
    settings: &Settings,
    term: &Term,
    primary: bool,
) -> Result<ExitCode, CliError> {
    let loaded = load(settings, term)?;
    if args.inputs.strict && !loaded.surveys.data_quality.findings.is_empty() {
        return Err(CliError::Strict(loaded.surveys.data_quality.findings.len()));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            CliError::Config(config::ConfigError::Invalid(format!(
                "cannot start workers: {e}"
            )))
        })?;

    let shard = args.shard.map(|s| s.0);
    let organizations: Vec<&OrganizationInput> = loaded
        .surveys
        .organizations
        .values()
        .filter(|o| shard.is_none_or(|s| super::shard::contains(s, o.id.as_str())))
        .collect();
    let rules_version = rules_version(&loaded);
    let ctx = ReportContext {
        catalog: &loaded.catalog,
        period: settings.period,
        date: report_date(settings),
        rules_version: &rules_version,
        tool_version: env!("CARGO_PKG_VERSION"),
        paper: settings.paper,
    };
    let mut planned = plan_manifest(settings, &loaded, &ctx, &output_options(args, settings))?;
    planned.shard = shard;
    let period_dir = settings.out.join(settings.period.to_string());
    recover_period(&period_dir, term)?;
    let decision = decide(&period_dir, &planned, args.force)?;
    // The run document (`--format json`) embeds every result with its reasons; nothing else
    // needs them once a report is written.
    let keep_reasons = args.ci.embeds_results();
    let recommendations = match &decision {
        Decision::UpToDate => {
            term.note(&format!(
                "{}: up to date (same inputs, config and rules as {}/{MANIFEST}); nothing written",
                settings.period,
                display(&period_dir)
            ));
            // Still evaluated: the CI outputs and the gates answer for every run.
            pool.install(|| evaluate_all(&loaded, &organizations, keep_reasons))?
        }
        Decision::Replace { .. } | Decision::Fresh => {
            if let Decision::Replace { changes, .. } = &decision {
                term.note(&format!(
                    "{}: replacing the results in {} ({})",
                    settings.period,
                    display(&period_dir),
                    changes.join(", ")
                ));
            }
            let target = Target {
                ctx: &ctx,
                period_dir: &period_dir,
                decision: &decision,
                keep_reasons,
            };
            pool.install(|| write_period(args, &loaded, &organizations, &target, planned, term))?
        }
    };
    let pairs: Vec<_> = organizations
        .iter()
        .copied()
        .zip(&recommendations)
        .collect();
    if !primary {
        return Ok(ExitCode::Ok);
    }
    if args.ci.prints_text() {
        print_summary(&organizations, &recommendations);
    }
    let ci_run = super::run_ci::CiRun {
        settings,
        loaded: &loaded,
        ctx: &ctx,
        results: &pairs,
    };
    super::run_ci::finish(&args.ci, &ci_run, term)
}

/// Ends a replacement a killed run left half done, before anything reads the period, and says
/// what it did.
fn recover_period(period_dir: &Path, term: &Term) -> Result<(), CliError> {
    let what = match recover(period_dir)? {
        Recovery::Clean => return Ok(()),
        Recovery::Completed => "completed the replacement an interrupted run had begun",
        Recovery::RolledBack => "rolled back the unfinished results of an interrupted run",
    };
    term.note(&format!("warning: {}: {what}", display(period_dir)));
    Ok(())
}

/// Where and how a period is written.
struct Target<'a> {
    ctx: &'a ReportContext<'a>,
    period_dir: &'a Path,
    decision: &'a Decision,
    keep_reasons: bool,
}

/// What one organization's pass produced.
enum Done {
    /// Evaluated, rendered and staged.
    Written(Box<Recommendation>, Vec<HashedFile>, Vec<String>),
    /// A rule error (all are reported together).
    Rule(RuleError),
    /// Evaluated, not rendered: another organization already failed.
    Skipped,
}

/// Evaluates, renders and stages every organization in one parallel pass (each
/// recommendation sheds its reasons once its report is written, so memory stays flat), then,
/// when all succeeded, stages the summary (unless sharded: `merge` writes it for the whole
/// period) and the manifest and swaps the staged period in. On any error the staged files are
/// dropped and the period folder is as it was.
fn write_period(
    args: &RunArgs,
    loaded: &Loaded,
    organizations: &[&OrganizationInput],
    target: &Target<'_>,
    mut manifest: Manifest,
    term: &Term,
) -> Result<Vec<Recommendation>, CliError> {
    let (ctx, period_dir) = (target.ctx, target.period_dir);
    let renderer = Renderer::new();
    let (history, warnings) =
        earlier_periods(period_dir.parent().unwrap_or(period_dir), ctx.period);
    for warning in warnings {
        term.note(&format!("warning: {warning}"));
    }
    let staging = Staging::new(period_dir)?;
    let failed = AtomicBool::new(false);
    let progress = Progress::new(term, organizations.len());
    let done: Vec<Result<Done, CliError>> = organizations
        .par_iter()
        .map(|input| {
            let outcome = match loaded.rules.evaluate(input) {
                Err(e) => Ok(Done::Rule(e)),
                Ok(_) if failed.load(Ordering::Relaxed) => Ok(Done::Skipped),
                Ok(mut rec) => {
                    let staged = stage_organization(
                        args, &renderer, target, &staging, &history, input, &rec,
                    );
                    staged.map(|(files, warnings)| {
                        if !target.keep_reasons {
                            rec.shed_reasons();
                        }
                        Done::Written(Box::new(rec), files, warnings)
                    })
                }
            };
            if !matches!(outcome, Ok(Done::Written(..))) {
                failed.store(true, Ordering::Relaxed);
            }
            progress.tick();
            outcome
        })
        .collect();
    progress.finish();
    let mut recommendations = Vec::with_capacity(done.len());
    let mut rule_errors = Vec::new();
    let mut first_error = None;
    for (input, outcome) in organizations.iter().zip(done) {
        match outcome {
            Ok(Done::Written(rec, files, warnings)) => {
                for warning in warnings {
                    term.note(&format!("warning: {}.pdf: {warning}", input.id));
                }
                manifest.outputs.extend(files);
                recommendations.push(*rec);
            }
            Ok(Done::Rule(e)) => rule_errors.push(e),
            Ok(Done::Skipped) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(error) =
        first_error.or_else(|| (!rule_errors.is_empty()).then_some(CliError::Rules(rule_errors)))
    {
        staging.abandon()?;
        return Err(error);
    }
    if manifest.shard.is_none() {
        let pairs: Vec<_> = organizations
            .iter()
            .copied()
            .zip(&recommendations)
            .collect();
        let summary = crate::report::render_summary(ctx, &pairs);
        staging.write("summary.md", summary.as_bytes())?;
        manifest
            .outputs
            .push(HashedFile::new("summary.md", summary.as_bytes()));
    }
    record_replaced(&mut manifest, target.decision);
    if let Some(warning) = staging.commit(&manifest)? {
        term.note(&format!("warning: {warning}"));
    }
    term.note(&format!(
        "wrote {} report(s) to {}",
        recommendations.len(),
        display(period_dir)
    ));
    Ok(recommendations)
}

/// One organization's JSON, PDF and briefs, written into the staging folder.
fn stage_organization(
    args: &RunArgs,
    renderer: &Renderer,
    target: &Target<'_>,
    staging: &Staging,
    history: &[EarlierPeriod],
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<(Vec<HashedFile>, Vec<String>), CliError> {
    let (mut files, warnings) =
        write_organization(renderer, target.ctx, staging, history, input, rec)?;
    if args.group_briefs {
        files.extend(write_briefs(renderer, target.ctx, staging, input, rec)?);
    }
    Ok((files, warnings))
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

/// Evaluates every organization (a period that is up to date still answers the gates); all
/// rule errors are reported, not only the first.
fn evaluate_all(
    loaded: &Loaded,
    organizations: &[&OrganizationInput],
    keep_reasons: bool,
) -> Result<Vec<Recommendation>, CliError> {
    let results: Vec<Result<Recommendation, RuleError>> = organizations
        .par_iter()
        .map(|input| {
            let mut rec = loaded.rules.evaluate(input)?;
            if !keep_reasons {
                rec.shed_reasons();
            }
            Ok(rec)
        })
        .collect();
    let mut recommendations = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(rec) => recommendations.push(rec),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(recommendations)
    } else {
        Err(CliError::Rules(errors))
    }
}

/// Renders and writes one organization's JSON and PDF; returns their hashes (the bytes are
/// dropped at once, so memory does not grow with the number of organizations) and the PDF's
/// layout warnings.
fn write_organization(
    renderer: &Renderer,
    ctx: &ReportContext<'_>,
    staging: &Staging,
    history: &[EarlierPeriod],
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<(Vec<HashedFile>, Vec<String>), CliError> {
    let id = input.id.as_str();
    let json = renderer.render_json(ctx, input, rec);
    let render_error = |source| CliError::Render {
        organization: id.to_string(),
        source,
    };
    let (earlier, mut warnings) = earlier_results(history, id);
    let mut pdf = if earlier.is_empty() {
        renderer.render_pdf_with_warnings(ctx, input, rec)
    } else {
        // This period goes through the same door as the earlier ones: its JSON, read back.
        let current =
            parse_result(&json, &format!("{id}.json")).map_err(|e| CliError::History {
                path: format!("{id}.json"),
                message: format!("the result just rendered does not read back: {e}"),
            })?;
        let trends = History {
            earlier: &earlier,
            current: &current,
            changes: None,
        };
        renderer.render_pdf_with_history(ctx, input, rec, Some(&trends))
    }
    .map_err(render_error)?;
    warnings.append(&mut pdf.warnings);
    let mut hashes = Vec::with_capacity(2);
    for (name, bytes) in [
        (format!("{id}.json"), &json),
        (format!("{id}.pdf"), &pdf.bytes),
    ] {
        staging.write(&name, bytes)?;
        hashes.push(HashedFile::new(name, bytes));
    }
    Ok((hashes, warnings))
}

/// Writes one brief per customer group that answered, as `<org>/briefs/<group>.pdf`.
fn write_briefs(
    renderer: &Renderer,
    ctx: &ReportContext<'_>,
    staging: &Staging,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<Vec<HashedFile>, CliError> {
    let id = input.id.as_str();
    let mut hashes = Vec::with_capacity(rec.groups.len());
    for group in rec.groups.iter().map(|g| g.group) {
        let brief = renderer
            .render_group_brief(ctx, input, rec, group)
            .map_err(|source| CliError::Render {
                organization: id.to_string(),
                source,
            })?;
        if let Some(pdf) = brief {
            let name = format!("{id}/briefs/{}.pdf", group.as_str());
            staging.write(&name, &pdf.bytes)?;
            hashes.push(HashedFile::new(name, &pdf.bytes));
        }
    }
    Ok(hashes)
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
fn print_summary(organizations: &[&OrganizationInput], recommendations: &[Recommendation]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for (input, rec) in organizations.iter().zip(recommendations) {
        let count = |p: Priority| rec.services.iter().filter(|s| s.priority == p).count();
        let alerts = |l: AlertLevel| rec.alerts.iter().filter(|a| a.level == l).count();
        // A closed stdout (`| head`) is not an error worth reporting.
        let _ = writeln!(
            out,
            "{}: {} respondents; {} scope, {} control; {} must, {} should, {} could; alerts: {} critical, {} warning",
            input.id,
            input.respondents(),
            rec.profile.coverage_scope,
            rec.profile.control_level,
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
