//! One period's run, from compiled rules and ingested organizations to a committed period
//! folder: the one function `pmo-advisor run` and the benchmark's whole run both call.
//!
//! A half-done swap is ended first (`commit::recover`), then `decision::decide` says whether
//! there is anything to write. Organizations are evaluated, rendered and staged in one
//! parallel pass (each output depends only on its own organization, and the manifest lists
//! outputs sorted, so the bytes do not depend on the thread count); once its report is
//! written, an organization is held to the run's end as its `Headline` only, what the summary,
//! the CI outputs and the gates read (a few hundred bytes and the alerts' sentences, not the
//! 100 KB its recommendation and answers were). `summary.md` is written as it is made. The
//! staged period is swapped in only when every organization succeeded. Runs on the current
//! rayon pool.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::history::commit::{recover, Recovery, Staging};
use crate::history::decision::{decide, record_replaced, Decision};
use crate::history::earlier::{earlier_periods, earlier_results, EarlierPeriod};
use crate::history::results::parse_result;
use crate::history::{display, HistoryError, MANIFEST};
use crate::model::headline::Headline;
use crate::model::kept_text::StoredTexts;
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;
use crate::report::ReportError;
use crate::report::{
    write_summary, FallbackFont, HashedFile, History, Manifest, PrefixHasher, Renderer,
    ReportContext,
};
use crate::rules::{RuleError, RuleSet};

/// Everything one period's run needs, as plain values.
pub struct PeriodJob<'a> {
    /// The compiled rules.
    pub rules: &'a RuleSet,
    /// The organizations to write (a shard's, or all), in id order. Unless `keep_details`,
    /// each lets go of its answers once its report is written
    /// (`OrganizationInput::shed_details`).
    pub organizations: &'a mut [OrganizationInput],
    /// Catalog, period, date, versions and paper.
    pub ctx: &'a ReportContext<'a>,
    /// `<root>/<period>`.
    pub period_dir: &'a Path,
    /// The planned manifest: inputs, rules, limits, options and shard; outputs empty.
    pub manifest: Manifest,
    /// Replace results made from other inputs (`--force`).
    pub force: bool,
    /// Also write a brief per customer group.
    pub group_briefs: bool,
    /// Keep every recommendation and input whole (the run document embeds them); otherwise
    /// only each organization's headline outlives its report.
    pub keep_details: bool,
    /// Fonts for the characters the bundled ones lack (`[report] fallback_fonts`).
    pub fallback_fonts: &'a [FallbackFont],
    /// Where the organizations' comments and quotes wait, when ingest stored them
    /// (`SurveySet::texts`): each organization loads its own before its rules run.
    pub texts: Option<&'a StoredTexts>,
}

/// What a period's run did.
pub struct PeriodOutcome {
    /// One headline per organization, in the job's order.
    pub headlines: Vec<Headline>,
    /// One whole recommendation per organization, in the job's order, when the job keeps
    /// details; empty otherwise.
    pub recommendations: Vec<Recommendation>,
    /// Whether files were written (false when the period was up to date).
    pub written: bool,
}

/// Why a period's run stopped; the period folder is then as it was.
#[derive(Debug, thiserror::Error)]
pub enum PeriodError {
    /// Rule errors, every organization's.
    #[error("{} rule error(s)", .0.len())]
    Rules(Vec<RuleError>),
    /// A report could not be rendered.
    #[error("cannot render the report of {organization}: {source}")]
    Render {
        /// Organization.
        organization: String,
        /// Cause.
        source: ReportError,
    },
    /// An organization's comments could not be read back from ingest's temporary file.
    #[error("cannot read the comments of {organization} back from their temporary file: {source}")]
    Texts {
        /// Organization.
        organization: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The result just rendered does not read back (a bug between `report` and `history`).
    #[error("{path}: the result just rendered does not read back: {message}")]
    ReadBack {
        /// The result's file name.
        path: String,
        /// What the reader said.
        message: String,
    },
    /// The folder could not be locked, read, staged or committed.
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Runs one period: recovery, decision, then the parallel pass and the commit. `note` gets
/// every message for the user (warnings start with `warning:`); `tick` is called once per
/// organization evaluated.
pub fn run_period(
    mut job: PeriodJob<'_>,
    note: &(dyn Fn(String) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Result<PeriodOutcome, PeriodError> {
    let (period, dir) = (job.ctx.period, display(job.period_dir));
    match recover(job.period_dir)? {
        Recovery::Clean => {}
        Recovery::Completed => note(format!(
            "warning: {dir}: completed the replacement an interrupted run had begun"
        )),
        Recovery::RolledBack => note(format!(
            "warning: {dir}: rolled back the unfinished results of an interrupted run"
        )),
    }
    let decision = decide(job.period_dir, &job.manifest, job.force)?;
    match &decision {
        Decision::UpToDate => {
            note(format!(
                "{period}: up to date (same inputs, config and rules as {dir}/{MANIFEST}); nothing written"
            ));
            // Still evaluated: the CI outputs and the gates answer for every run.
            let (headlines, recommendations) = evaluate_all(&mut job)?;
            return Ok(PeriodOutcome {
                headlines,
                recommendations,
                written: false,
            });
        }
        Decision::Replace { changes, .. } => note(format!(
            "{period}: replacing the results in {dir} ({})",
            changes.join(", ")
        )),
        Decision::Fresh => {}
    }
    let (headlines, recommendations) = write_period(&mut job, &decision, note, tick)?;
    note(format!("wrote {} report(s) to {dir}", headlines.len()));
    Ok(PeriodOutcome {
        headlines,
        recommendations,
        written: true,
    })
}

/// What one organization's pass produced.
enum Done {
    /// Evaluated, rendered and staged: the headline, the whole recommendation when the job
    /// keeps details, the staged files and the PDF's layout warnings.
    Written(Kept, Vec<HashedFile>, Vec<String>),
    /// A rule error of the named organization (the first one stops the run).
    Rule(String, RuleError),
    /// Evaluated, not rendered: another organization already failed.
    Skipped,
}

/// Reads the organization's stored comments and quotes back, before anything reads them.
fn load_texts(job: &PeriodJob<'_>, input: &mut OrganizationInput) -> Result<(), PeriodError> {
    match job.texts {
        Some(texts) => input
            .load_texts(&*texts.0)
            .map_err(|source| PeriodError::Texts {
                organization: input.id.to_string(),
                source,
            }),
        None => Ok(()),
    }
}

/// What outlives an organization's report: its headline, and its whole recommendation when
/// the job keeps details.
type Kept = (Box<Headline>, Option<Box<Recommendation>>);

/// The headline of `rec`; unless the job keeps details, `input` lets go of its answers and
/// `rec` is dropped.
fn keep(job: &PeriodJob<'_>, input: &mut OrganizationInput, rec: Recommendation) -> Kept {
    let headline = Box::new(Headline::of(input, &rec));
    if job.keep_details {
        (headline, Some(Box::new(rec)))
    } else {
        input.shed_details();
        (headline, None)
    }
}

/// Headlines and, when kept, whole recommendations, in the job's order.
type Results = (Vec<Headline>, Vec<Recommendation>);

/// Splits what was kept of each organization into headlines and whole recommendations.
fn unzip_kept(kept: Vec<Kept>) -> Results {
    let mut headlines = Vec::with_capacity(kept.len());
    let mut recommendations = Vec::new();
    for (headline, rec) in kept {
        headlines.push(*headline);
        recommendations.extend(rec.map(|r| *r));
    }
    (headlines, recommendations)
}

/// The parallel pass and the commit; on any error the staged files are dropped.
fn write_period(
    job: &mut PeriodJob<'_>,
    decision: &Decision,
    note: &(dyn Fn(String) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Result<Results, PeriodError> {
    let renderer = Renderer::with_fallback_fonts(job.fallback_fonts.to_vec());
    let root = job.period_dir.parent().unwrap_or(job.period_dir);
    let (history, warnings) = earlier_periods(root, job.ctx.period);
    for warning in warnings {
        note(format!("warning: {warning}"));
    }
    let staging = Staging::new(job.period_dir)?;
    let hasher = PrefixHasher::new(renderer.pdf_prefix());
    let failed = AtomicBool::new(false);
    // Out of the job for the pass, so that each worker may shed its organization's details
    // while reading the rest of the job.
    let organizations = std::mem::take(&mut job.organizations);
    let job = &*job;
    let done: Vec<Result<Done, PeriodError>> = organizations
        .par_iter_mut()
        .map(|input| {
            // Fail fast: once one organization failed, the others are not even evaluated.
            if failed.load(Ordering::Relaxed) {
                tick();
                return Ok(Done::Skipped);
            }
            if let Err(e) = load_texts(job, input) {
                failed.store(true, Ordering::Relaxed);
                tick();
                return Err(e);
            }
            let outcome = match job.rules.evaluate(input) {
                Err(e) => Ok(Done::Rule(input.id.to_string(), e)),
                Ok(_) if failed.load(Ordering::Relaxed) => Ok(Done::Skipped),
                Ok(rec) => {
                    stage_organization(job, (&renderer, &hasher), &staging, &history, input, &rec)
                        .map(|(files, warnings)| {
                            Done::Written(keep(job, input, rec), files, warnings)
                        })
                }
            };
            if !matches!(outcome, Ok(Done::Written(..))) {
                failed.store(true, Ordering::Relaxed);
            }
            tick();
            outcome
        })
        .collect();
    let mut manifest = job.manifest.clone();
    // Room for every staged file and the summary at once: doubling while 10,000 entries went
    // in held the old and the new vector at the run's end, where its peak is (issue 16).
    let staged: usize = done
        .iter()
        .map(|d| match d {
            Ok(Done::Written(_, files, _)) => files.len(),
            _ => 0,
        })
        .sum();
    manifest.outputs.reserve_exact(staged + 1);
    let mut kept = Vec::with_capacity(done.len());
    let mut rule_errors = Vec::new();
    let mut skipped = 0;
    let mut first_error = None;
    for (input, outcome) in organizations.iter().zip(done) {
        match outcome {
            Ok(Done::Written(k, files, warnings)) => {
                for warning in warnings {
                    note(format!("warning: {}.pdf: {warning}", input.id));
                }
                manifest.outputs.extend(files);
                kept.push(k);
            }
            Ok(Done::Rule(id, e)) => rule_errors.push((id, e)),
            Ok(Done::Skipped) => skipped += 1,
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(error) = first_error.or_else(|| first_rule_error(rule_errors, skipped)) {
        staging.abandon()?;
        return Err(error);
    }
    // A shard writes no summary: `merge` writes it for the whole period.
    let (headlines, recommendations) = unzip_kept(kept);
    if manifest.run.shard.is_none() {
        let summary =
            staging.write_streamed("summary.md", |out| write_summary(out, job.ctx, &headlines))?;
        manifest.outputs.push(summary);
    }
    if let Decision::Replace { previous, .. } = decision {
        let kept = staging.keep_unlisted(previous)?;
        if !kept.is_empty() {
            note(format!(
                "warning: {}: kept {} file(s) no manifest lists: {}",
                display(job.period_dir),
                kept.len(),
                kept.join(", ")
            ));
        }
    }
    record_replaced(&mut manifest, decision);
    if let Some(warning) = staging.commit(&mut manifest)? {
        note(format!("warning: {warning}"));
    }
    Ok((headlines, recommendations))
}

/// Every organization evaluated (a period that is up to date still answers the gates); the
/// first rule error stops the others.
fn evaluate_all(job: &mut PeriodJob<'_>) -> Result<Results, PeriodError> {
    let failed = AtomicBool::new(false);
    let organizations = std::mem::take(&mut job.organizations);
    let job = &*job;
    // The run document embeds each organization's comments and quotes.
    if job.keep_details {
        organizations
            .par_iter_mut()
            .try_for_each(|input| load_texts(job, input))?;
    }
    let results: Vec<Option<Result<Kept, RuleError>>> = organizations
        .par_iter_mut()
        .map(|input| {
            // Fail fast, as `write_period` does.
            if failed.load(Ordering::Relaxed) {
                return None;
            }
            // The rules read no comment or quote, only their counts: unless kept for the run
            // document, the texts stay where they are.
            let result = job.rules.evaluate(input).map(|rec| keep(job, input, rec));
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            Some(result)
        })
        .collect();
    let mut kept = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    let mut skipped = 0;
    for (input, result) in organizations.iter().zip(results) {
        match result {
            Some(Ok(k)) => kept.push(k),
            Some(Err(e)) => errors.push((input.id.to_string(), e)),
            None => skipped += 1,
        }
    }
    match first_rule_error(errors, skipped) {
        None => Ok(unzip_kept(kept)),
        Some(error) => Err(error),
    }
}

/// The first rule error (in organization order) naming its organization and how many were not
/// evaluated; the others that ran at the same time are dropped, as they are usually the same
/// error again (issue 11: 400 identical error blocks).
fn first_rule_error(errors: Vec<(String, RuleError)>, skipped: usize) -> Option<PeriodError> {
    let not_evaluated = skipped + errors.len().saturating_sub(1);
    let (id, error) = errors.into_iter().next()?;
    Some(PeriodError::Rules(vec![
        error.in_organization(&id, not_evaluated)
    ]))
}

/// One organization's JSON, PDF (with its trends when earlier periods exist) and briefs,
/// staged; returns their hashes (the bytes are dropped at once, so memory does not grow with
/// the number of organizations) and the PDF's layout warnings.
fn stage_organization(
    job: &PeriodJob<'_>,
    (renderer, hasher): (&Renderer, &PrefixHasher),
    staging: &Staging,
    history: &[EarlierPeriod],
    input: &OrganizationInput,
    rec: &Recommendation,
) -> Result<(Vec<HashedFile>, Vec<String>), PeriodError> {
    let (ctx, id) = (job.ctx, input.id.as_str());
    let render_error = |source| PeriodError::Render {
        organization: id.to_string(),
        source,
    };
    let json = renderer.render_json(ctx, input, rec);
    let (earlier, mut warnings) = earlier_results(history, id);
    let mut pdf = if earlier.is_empty() {
        renderer.render_pdf_with_warnings(ctx, input, rec)
    } else {
        // This period goes through the same door as the earlier ones: its JSON, read back.
        let current =
            parse_result(&json, &format!("{id}.json")).map_err(|e| PeriodError::ReadBack {
                path: format!("{id}.json"),
                message: e.to_string(),
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
    let mut files = Vec::with_capacity(2);
    for (name, bytes) in [
        (format!("{id}.json"), &json),
        (format!("{id}.pdf"), &pdf.bytes),
    ] {
        staging.write(&name, bytes)?;
        files.push(hasher.file(name, bytes));
    }
    if job.group_briefs {
        for group in rec.groups.iter().map(|g| g.group) {
            if let Some(brief) = renderer
                .render_group_brief(ctx, input, rec, group)
                .map_err(render_error)?
            {
                let name = format!("{id}/briefs/{}.pdf", group.as_str());
                staging.write(&name, &brief.bytes)?;
                files.push(hasher.file(name, &brief.bytes));
            }
        }
    }
    Ok((files, warnings))
}
