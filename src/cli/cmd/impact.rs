//! `pmo-advisor diff --rules-base <dir|rev> [--rules-head <dir>]`: the review aid for a pull
//! request that edits `rules/`. The same inputs go through both rule versions; each
//! organization's JSON result is rendered and read back (the same door as history, so the
//! comparison is the one `diff` makes between periods); then every changed decision is listed
//! with the rule lines behind it on each side, marked when the line differs between the two
//! versions.
//!
//! A `--rules-base` that is not a folder is a git revision: `<rev>:<rules folder>` is copied
//! into a scratch folder (removed afterwards) with `git ls-tree` and `git show`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cli::cmd::diff::{gate, print_out, results_error, usage, DiffArgs};
use crate::cli::config;
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::load;
use crate::cli::term::{ColorChoice, Term, Verbosity};
use crate::history::results::parse_result;
use crate::model::decision::Reason;
use crate::model::diff::impact::{
    all_lines, changed_lines, ChangedDecision, FileStatus, RuleFileChange, RuleImpact, RuleSite,
};
use crate::model::diff::{diff_period, ChangeKind, PeriodDiff};
use crate::model::period::ReportDate;
use crate::model::recommendation::Recommendation;
use crate::model::service::ServiceKey;
use crate::model::snapshot::OrgSnapshot;
use crate::report::diff::{render_impact_json, render_impact_markdown, render_impact_text};
use crate::report::{render_json, ReportContext};

/// Replays the inputs through two rule versions and reports what changes and why.
pub fn impact(
    args: &DiffArgs,
    fail_on: &BTreeSet<ChangeKind>,
    term: &Term,
) -> Result<ExitCode, CliError> {
    let head_dir = match &args.rules_head {
        Some(dir) => dir.clone(),
        None => config::resolve(&args.inputs)?.rules,
    };
    if !head_dir.is_dir() {
        return Err(usage(format!(
            "--rules-head: no rules folder at {}",
            head_dir.display()
        )));
    }
    let base_arg = args.rules_base.as_deref().unwrap_or_default();
    let scratch;
    let (base_dir, base_label) = if Path::new(base_arg).is_dir() {
        (PathBuf::from(base_arg), base_arg.to_string())
    } else {
        scratch = materialize(base_arg, &head_dir)?;
        let label = format!("{base_arg}:{}", display_dir(&head_dir));
        (scratch.0.clone(), label)
    };
    let head = replay(args, &head_dir, term)?;
    // The inputs' findings were printed for the head; the base would repeat them.
    let quiet = Term::new(ColorChoice::Never, Verbosity::Quiet);
    let base = replay(args, &base_dir, &quiet)?;
    let snaps = |side: &[(OrgSnapshot, Recommendation)]| -> Vec<OrgSnapshot> {
        side.iter().map(|(s, _)| s.clone()).collect()
    };
    let diff = diff_period(&snaps(&base), &snaps(&head));
    let files = rule_file_changes(&base_dir, &head_dir)?;
    let recs = |side: &[(OrgSnapshot, Recommendation)]| -> BTreeMap<String, Recommendation> {
        side.iter()
            .map(|(s, r)| (s.id.clone(), r.clone()))
            .collect()
    };
    let sides = Sides {
        base: recs(&base),
        head: recs(&head),
        base_display: display_dir(&base_dir),
        head_display: display_dir(&head_dir),
        files: &files,
    };
    let impact = RuleImpact {
        base: base_label,
        head: display_dir(&head_dir),
        decisions: sides.changed_decisions(&diff),
        files,
        diff,
    };
    let out = match args.format.as_str() {
        "json" => render_impact_json(&impact),
        "markdown" => render_impact_markdown(&impact).into_bytes(),
        _ => render_impact_text(&impact).into_bytes(),
    };
    print_out(&out);
    Ok(gate(&impact.diff.kinds(), fail_on, term))
}

/// Each organization's snapshot (through the JSON renderer and back) and recommendation
/// under the rules in `rules`, in id order.
fn replay(
    args: &DiffArgs,
    rules: &Path,
    term: &Term,
) -> Result<Vec<(OrgSnapshot, Recommendation)>, CliError> {
    let mut inputs = args.inputs.clone();
    inputs.rules = Some(rules.to_path_buf());
    let settings = config::resolve(&inputs)?;
    let loaded = load(&settings, term)?;
    let rules_version = rules_version(&loaded.rules);
    let ctx = ReportContext {
        catalog: &loaded.catalog,
        period: settings.period,
        date: ReportDate {
            epoch_seconds: settings.period.end_epoch_seconds(),
        },
        rules_version: &rules_version,
        tool_version: env!("CARGO_PKG_VERSION"),
        paper: settings.paper,
        fte_cost: settings.fte_cost.as_ref(),
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for input in loaded.surveys.organizations.values() {
        match loaded.rules.evaluate(input) {
            Ok(rec) => {
                let file = format!("{}.json", input.id);
                let json = render_json(&ctx, input, &rec);
                let snapshot = parse_result(&json, &file).map_err(results_error)?;
                out.push((snapshot, rec));
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(CliError::Rules(errors));
    }
    out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    Ok(out)
}

/// Short hash of the scripts and tables, as `run` computes it.
fn rules_version(rules: &crate::rules::RuleSet) -> String {
    crate::history::fingerprint::rules_version(&crate::history::fingerprint::rule_files(rules))
}

/// A folder as the rules stage shows it in rule locations (mirrors `rules::display_dir`).
fn display_dir(dir: &Path) -> String {
    let text = dir.to_string_lossy().replace('\\', "/");
    let text = text.trim_end_matches('/');
    let text = text.strip_prefix("./").unwrap_or(text);
    if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    }
}

/// Every file below `dir`, as (path relative to `dir` with `/`, text), sorted.
fn rule_files(dir: &Path) -> Result<BTreeMap<String, String>, CliError> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<(), CliError> {
        let err = |e: std::io::Error| usage(format!("cannot read {}: {e}", dir.display()));
        for entry in std::fs::read_dir(dir).map_err(err)? {
            let path = entry.map_err(err)?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(rel) = path.strip_prefix(root) {
                let bytes = std::fs::read(&path).map_err(err)?;
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

/// The rule files that differ between the two folders, with their changed lines.
fn rule_file_changes(base: &Path, head: &Path) -> Result<Vec<RuleFileChange>, CliError> {
    let (base, head) = (rule_files(base)?, rule_files(head)?);
    let names: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
    let mut changes = Vec::new();
    for name in names {
        let change = match (base.get(name), head.get(name)) {
            (Some(b), Some(h)) if b == h => continue,
            (Some(b), Some(h)) => {
                let (base_lines, head_lines) = changed_lines(b, h);
                (FileStatus::Modified, base_lines, head_lines)
            }
            (None, Some(h)) => (FileStatus::Added, BTreeSet::new(), all_lines(h)),
            (Some(b), None) => (FileStatus::Removed, all_lines(b), BTreeSet::new()),
            (None, None) => continue,
        };
        changes.push(RuleFileChange {
            file: name.clone(),
            status: change.0,
            base_lines: change.1,
            head_lines: change.2,
        });
    }
    Ok(changes)
}

/// What `changed_decisions` needs of both sides.
struct Sides<'a> {
    base: BTreeMap<String, Recommendation>,
    head: BTreeMap<String, Recommendation>,
    base_display: String,
    head_display: String,
    files: &'a [RuleFileChange],
}

impl Sides<'_> {
    /// Every changed decision of every changed organization, with its rule sites.
    fn changed_decisions(&self, diff: &PeriodDiff) -> Vec<ChangedDecision> {
        let mut out = Vec::new();
        for d in diff.changed() {
            let (Some(b), Some(h)) = (self.base.get(&d.id), self.head.get(&d.id)) else {
                continue;
            };
            let mut push = |decision: String, base: Vec<&Reason>, head: Vec<&Reason>| {
                out.push(ChangedDecision {
                    organization: d.id.clone(),
                    decision,
                    base_rules: self.sites(&base, true),
                    head_rules: self.sites(&head, false),
                });
            };
            if !d.profile.is_empty() {
                push(
                    "profile".into(),
                    b.profile.reasons.iter().collect(),
                    h.profile.reasons.iter().collect(),
                );
            }
            let services: BTreeSet<ServiceKey> = d
                .priorities
                .iter()
                .map(|p| p.service)
                .chain(d.services_added.iter().map(|s| s.service))
                .chain(d.services_dropped.iter().map(|s| s.service))
                .collect();
            for key in services {
                push(
                    format!("service {key}"),
                    b.service(key).reasons.iter().collect(),
                    h.service(key).reasons.iter().collect(),
                );
            }
            for g in &d.groups {
                if g.approach.is_none() && g.service_approaches.is_empty() {
                    continue;
                }
                let reasons = |rec: &Recommendation| -> Vec<Reason> {
                    rec.groups
                        .iter()
                        .filter(|x| x.group == g.group)
                        .flat_map(|x| x.reasons.clone())
                        .collect()
                };
                let (rb, rh) = (reasons(b), reasons(h));
                push(
                    format!("approach {}", g.group),
                    rb.iter().collect(),
                    rh.iter().collect(),
                );
            }
            let alert_reasons = |rec: &Recommendation, code: &str, group| -> Vec<Reason> {
                rec.alerts
                    .iter()
                    .filter(|a| a.code == code && a.group == group)
                    .map(|a| a.reason.clone())
                    .collect()
            };
            let alerts = d
                .alerts_new
                .iter()
                .map(|a| (&a.code, a.group))
                .chain(d.alerts_resolved.iter().map(|a| (&a.code, a.group)))
                .chain(d.alert_levels.iter().map(|a| (&a.code, a.group)));
            for (code, group) in alerts {
                let name = group.map_or(String::new(), |g| format!(" {g}"));
                let (rb, rh) = (alert_reasons(b, code, group), alert_reasons(h, code, group));
                push(
                    format!("alert {code}{name}"),
                    rb.iter().collect(),
                    rh.iter().collect(),
                );
            }
        }
        out
    }

    /// The reasons' rule locations relative to the rules folder, marked when changed.
    fn sites(&self, reasons: &[&Reason], base: bool) -> Vec<RuleSite> {
        let display = if base {
            &self.base_display
        } else {
            &self.head_display
        };
        let prefix = format!("{display}/");
        let mut sites: Vec<RuleSite> = reasons
            .iter()
            .filter_map(|r| r.rule.as_ref())
            .map(|rule| {
                let file = rule.file.strip_prefix(&prefix).unwrap_or(&rule.file);
                let changed = self.files.iter().any(|f| {
                    f.file == file && {
                        let lines = if base { &f.base_lines } else { &f.head_lines };
                        lines.contains(&rule.line)
                    }
                });
                RuleSite {
                    file: file.to_string(),
                    line: rule.line,
                    changed,
                }
            })
            .collect();
        sites.sort();
        sites.dedup();
        sites
    }
}

/// A scratch folder removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies `<rev>:<rules folder>` into a scratch folder with git.
fn materialize(rev: &str, rules_dir: &Path) -> Result<Scratch, CliError> {
    let git = |args: &[&str]| -> Result<Vec<u8>, CliError> {
        let output = Command::new("git")
            .arg("-C")
            .arg(rules_dir)
            .args(args)
            .output()
            .map_err(|e| {
                usage(format!(
                    "--rules-base `{rev}` is not a folder, and git cannot run to read it as a revision ({e}); pass a folder instead"
                ))
            })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(usage(format!(
                "--rules-base `{rev}` is not a folder, and git cannot read it as a revision: {}",
                stderr.lines().next().unwrap_or("git failed").trim()
            )));
        }
        Ok(output.stdout)
    };
    // Paths relative to the rules folder (ls-tree prints them relative to `-C`).
    let names = git(&["ls-tree", "-r", "--name-only", rev, "--", "."])?;
    let names: Vec<String> = String::from_utf8_lossy(&names)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        return Err(usage(format!(
            "revision `{rev}` has no files under {}",
            rules_dir.display()
        )));
    }
    let scratch = scratch_dir()?;
    for name in &names {
        let bytes = git(&["show", &format!("{rev}:./{name}")])?;
        let path = scratch.0.join(name);
        let write = |e: std::io::Error| CliError::Write {
            path: path.display().to_string(),
            source: e,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write)?;
        }
        // A scratch copy, not an output: no atomic write needed, the folder goes away.
        std::fs::write(&path, bytes).map_err(write)?;
    }
    Ok(scratch)
}

fn scratch_dir() -> Result<Scratch, CliError> {
    let base = std::env::temp_dir();
    let mut last = None;
    for n in 0..100 {
        let path = base.join(format!("pmo-advisor-rules-{}-{n}", std::process::id()));
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(Scratch(path)),
            Err(e) => last = Some((path, e)),
        }
    }
    Err(match last {
        Some((path, source)) => CliError::Write {
            path: path.display().to_string(),
            source,
        },
        None => usage("cannot create a scratch folder".into()),
    })
}
