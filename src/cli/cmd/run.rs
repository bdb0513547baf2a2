//! `pmo-advisor run`: inputs → rules → reports/<period>/ (PDF + JSON per organization, manifest).
//!
//! Organizations are evaluated and rendered in parallel; each output depends only on its own
//! organization, and the manifest lists outputs in id order, so the files are byte-identical
//! to a single-threaded run. Every rule is evaluated before any file is written: a rule error
//! leaves the previous results untouched.

use std::path::Path;

use clap::Args;
use rayon::prelude::*;

use crate::atomic_file::write_atomic;
use crate::cli::args::InputArgs;
use crate::cli::config::{self, Settings};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::{load, Loaded};
use crate::cli::term::Term;
use crate::model::period::ReportDate;
use crate::model::recommendation::{AlertLevel, Recommendation};
use crate::model::service::Priority;
use crate::model::survey::OrganizationInput;
use crate::report::{render_manifest, sha256_hex, HashedFile, Manifest, Renderer, ReportContext};
use crate::rules::RuleError;

/// `run` flags.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Exit with code 1 when any organization has an alert at or above this level
    #[arg(long, value_name = "LEVEL", value_parser = ["info", "warning", "critical"])]
    fail_on: Option<String>,
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
}

/// Runs the whole pipeline.
pub fn run(args: &RunArgs, term: &Term) -> Result<ExitCode, CliError> {
    if args.watch {
        let once = RunArgs {
            watch: false,
            ..args.clone()
        };
        return super::watch::watch_run(&args.inputs, args.max_iterations, term, || {
            run(&once, term)
        });
    }
    let settings = config::resolve(&args.inputs)?;
    let loaded = load(&settings, term)?;
    if args.inputs.strict && !loaded.surveys.data_quality.findings.is_empty() {
        return Err(CliError::Strict(loaded.surveys.data_quality.findings.len()));
    }
    let fail_on = args
        .fail_on
        .as_deref()
        .map(AlertLevel::parse)
        .transpose()
        .map_err(|e| CliError::Config(config::ConfigError::Invalid(e.to_string())))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            CliError::Config(config::ConfigError::Invalid(format!(
                "cannot start workers: {e}"
            )))
        })?;

    let organizations: Vec<&OrganizationInput> = loaded.surveys.organizations.values().collect();
    let recommendations = pool.install(|| evaluate_all(&loaded, &organizations))?;

    let rules_version = rules_version(&loaded);
    let ctx = ReportContext {
        catalog: &loaded.catalog,
        period: settings.period,
        date: report_date(&settings),
        rules_version: &rules_version,
        tool_version: env!("CARGO_PKG_VERSION"),
        paper: settings.paper,
    };
    let period_dir = settings.out.join(settings.period.to_string());
    let renderer = Renderer::new();
    let progress = Progress::new(term, organizations.len());
    let written = pool.install(|| {
        organizations
            .par_iter()
            .zip(&recommendations)
            .map(|(input, rec)| {
                let files = write_organization(&renderer, &ctx, &period_dir, input, rec).and_then(
                    |(mut files, warnings)| {
                        if args.group_briefs {
                            files.extend(write_briefs(&renderer, &ctx, &period_dir, input, rec)?);
                        }
                        Ok((files, warnings))
                    },
                );
                progress.tick();
                files
            })
            .collect::<Result<Vec<_>, CliError>>()
    })?;
    progress.finish();
    for (input, (_, warnings)) in organizations.iter().zip(&written) {
        for warning in warnings {
            term.note(&format!("warning: {}.pdf: {warning}", input.id));
        }
    }
    let mut outputs: Vec<HashedFile> = written.into_iter().flat_map(|(files, _)| files).collect();
    let pairs: Vec<_> = organizations
        .iter()
        .copied()
        .zip(&recommendations)
        .collect();
    let summary = crate::report::render_summary(&ctx, &pairs);
    write_file(&period_dir.join("summary.md"), summary.as_bytes())?;
    outputs.push(HashedFile::new("summary.md", summary.as_bytes()));
    write_manifest(&settings, &loaded, &ctx, &period_dir, outputs)?;

    print_summary(&organizations, &recommendations);
    term.note(&format!(
        "wrote {} report(s) to {}",
        organizations.len(),
        period_dir.display()
    ));
    let worst = recommendations
        .iter()
        .filter_map(Recommendation::worst_alert)
        .max();
    Ok(match (fail_on, worst) {
        (Some(threshold), Some(worst)) if worst >= threshold => {
            term.note(&format!(
                "alerts at level {worst} reached --fail-on {threshold}"
            ));
            ExitCode::Policy
        }
        _ => ExitCode::Ok,
    })
}

/// Evaluates every organization; all rule errors are reported, not only the first.
fn evaluate_all(
    loaded: &Loaded,
    organizations: &[&OrganizationInput],
) -> Result<Vec<Recommendation>, CliError> {
    let results: Vec<Result<Recommendation, RuleError>> = organizations
        .par_iter()
        .map(|input| loaded.rules.evaluate(input))
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
    period_dir: &Path,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<(Vec<HashedFile>, Vec<String>), CliError> {
    let id = input.id.as_str();
    let json = renderer.render_json(ctx, input, rec);
    let pdf = renderer
        .render_pdf_with_warnings(ctx, input, rec)
        .map_err(|source| CliError::Render {
            organization: id.to_string(),
            source,
        })?;
    let mut hashes = Vec::with_capacity(2);
    for (name, bytes) in [
        (format!("{id}.json"), &json),
        (format!("{id}.pdf"), &pdf.bytes),
    ] {
        write_file(&period_dir.join(&name), bytes)?;
        hashes.push(HashedFile::new(name, bytes));
    }
    Ok((hashes, pdf.warnings))
}

/// Writes one brief per customer group that answered, as `<org>/briefs/<group>.pdf`.
fn write_briefs(
    renderer: &Renderer,
    ctx: &ReportContext<'_>,
    period_dir: &Path,
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
            write_file(&period_dir.join(&name), &pdf.bytes)?;
            hashes.push(HashedFile::new(name, &pdf.bytes));
        }
    }
    Ok(hashes)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_atomic(path, bytes).map_err(|source| CliError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// The manifest: what went in (hashes of every input, config and rule file), the limits, and
/// what came out. Written last, so its presence means the period is complete.
fn write_manifest(
    settings: &Settings,
    loaded: &Loaded,
    ctx: &ReportContext<'_>,
    period_dir: &Path,
    outputs: Vec<HashedFile>,
) -> Result<(), CliError> {
    let mut manifest = Manifest::new(ctx.tool_version, ctx.period, ctx.date, ctx.rules_version);
    let inputs = [
        Some(&settings.customers),
        settings.baseline.as_ref(),
        settings.service_maturity.as_ref(),
    ];
    for path in inputs.into_iter().flatten() {
        manifest.add_input(display(path), &read_for_hash(path)?);
    }
    let mut catalog_files: Vec<_> = std::fs::read_dir(&settings.catalog)
        .map_err(|source| CliError::Write {
            path: display(&settings.catalog),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    catalog_files.sort();
    for path in &catalog_files {
        manifest.add_input(display(path), &read_for_hash(path)?);
    }
    if let Some(config) = &settings.config_file {
        manifest.add_config(display(config), &read_for_hash(config)?);
    }
    for (path, bytes) in rule_files(loaded) {
        manifest.add_rule(path, bytes);
    }
    manifest.set_limits(&settings.limits);
    manifest.outputs = outputs;
    write_file(
        &period_dir.join("manifest.json"),
        &render_manifest(&manifest),
    )
}

/// Re-reads an input for its hash. A file that vanished since ingest read it is an error:
/// the manifest must describe what was actually used.
fn read_for_hash(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|source| CliError::Write {
        path: display(path),
        source,
    })
}

/// A path as users wrote it, with `/` separators so manifests compare across machines.
fn display(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// Short hash of the rule scripts (paths and bytes, in evaluation order).
fn rules_version(loaded: &Loaded) -> String {
    let mut all = Vec::new();
    for (path, bytes) in rule_files(loaded) {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        all.extend_from_slice(bytes);
        all.push(0);
    }
    sha256_hex(&all)[..12].to_string()
}

/// Every file that shapes the decisions: the scripts in evaluation order, then the decision
/// tables by name. Both the rules version and the manifest use this one list, so editing a
/// table changes the version like editing a script does.
fn rule_files(loaded: &Loaded) -> Vec<(&str, &[u8])> {
    let scripts = loaded
        .rules
        .scripts()
        .iter()
        .map(|s| (s.path.as_str(), s.bytes.as_slice()));
    let tables = loaded
        .rules
        .tables()
        .tables
        .values()
        .map(|t| (t.file.as_str(), t.source.as_bytes()));
    scripts.chain(tables).collect()
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
