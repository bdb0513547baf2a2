//! `--watch` for `run` and `test`: re-run on every save and print what changed in the results.
//!
//! Polls the modification time and size of every watched file every 300 ms (std only: a
//! handful of files need no OS notification crate, and polling behaves the same on every
//! platform and file system, network mounts included). The "what changed" part is a pure
//! function (`diff_runs`, `diff_tests`) so it is unit-tested without files or clocks. Watching
//! never stops on a rule or data error: it prints the error and waits for the next save.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cli::args::InputArgs;
use crate::cli::cmd::test::{self, TestArgs};
use crate::cli::config::{self, Settings};
use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::load::load;
use crate::cli::term::{ColorChoice, Term, Verbosity};
use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::recommendation::Recommendation;
use crate::model::service::{Priority, ServiceKey};
use crate::rules::cases::{CaseResult, Status};

/// How often files are polled.
const POLL: Duration = Duration::from_millis(300);

/// The decisions of one organization that `watch` compares between runs (priorities and
/// approaches; `model::headline::Headline` is what a run keeps for its summary).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compared {
    /// Priority per service.
    pub priorities: BTreeMap<ServiceKey, Priority>,
    /// Dominant approach per group.
    pub approaches: BTreeMap<CustomerGroup, Approach>,
}

impl Compared {
    /// What `watch` compares of a recommendation.
    pub fn of(rec: &Recommendation) -> Compared {
        Compared {
            priorities: rec.services.iter().map(|s| (s.key, s.priority)).collect(),
            approaches: rec.groups.iter().map(|g| (g.group, g.approach)).collect(),
        }
    }
}

/// What changed between two runs, one line per change, by organization: services whose
/// priority changed, groups whose approach changed, organizations that came or went.
pub fn diff_runs(
    before: &BTreeMap<String, Compared>,
    after: &BTreeMap<String, Compared>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (org, new) in after {
        let Some(old) = before.get(org) else {
            out.push(format!("{org}: new organization"));
            continue;
        };
        for (s, p) in &new.priorities {
            match old.priorities.get(s) {
                Some(q) if q != p => out.push(format!("{org}: {s} {q} → {p}")),
                None => out.push(format!("{org}: {s} → {p}")),
                _ => {}
            }
        }
        for (g, a) in &new.approaches {
            match old.approaches.get(g) {
                Some(b) if b != a => out.push(format!("{org}: {g} approach {b} → {a}")),
                None => out.push(format!("{org}: {g} now answered ({a})")),
                _ => {}
            }
        }
        for g in old
            .approaches
            .keys()
            .filter(|g| !new.approaches.contains_key(g))
        {
            out.push(format!("{org}: {g} no longer answered"));
        }
    }
    for org in before.keys().filter(|o| !after.contains_key(*o)) {
        out.push(format!("{org}: gone"));
    }
    out
}

fn status_word(s: &Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail { .. } => "fail",
        Status::Error { .. } => "error",
    }
}

/// Cases whose status changed between two test runs (and cases added or removed).
pub fn diff_tests(before: &[CaseResult], after: &[CaseResult]) -> Vec<String> {
    let key = |r: &CaseResult| format!("{} › {}", r.file, r.name);
    let old: BTreeMap<String, &'static str> = before
        .iter()
        .map(|r| (key(r), status_word(&r.status)))
        .collect();
    let new: BTreeMap<String, &'static str> = after
        .iter()
        .map(|r| (key(r), status_word(&r.status)))
        .collect();
    let mut out = Vec::new();
    for (k, s) in &new {
        match old.get(k) {
            None => out.push(format!("{k}: new case ({s})")),
            Some(o) if o != s => out.push(format!("{k}: {o} → {s}")),
            _ => {}
        }
    }
    for k in old.keys().filter(|k| !new.contains_key(*k)) {
        out.push(format!("{k}: removed"));
    }
    out
}

/// Modification time and size of every watched file (folders: every file below them).
pub fn snapshot(paths: &[PathBuf]) -> BTreeMap<PathBuf, (Option<SystemTime>, u64)> {
    let mut out = BTreeMap::new();
    for p in paths {
        collect(p, &mut out, 0);
    }
    out
}

fn collect(path: &Path, out: &mut BTreeMap<PathBuf, (Option<SystemTime>, u64)>, depth: u32) {
    let Ok(meta) = std::fs::metadata(path) else {
        out.insert(path.to_path_buf(), (None, 0));
        return;
    };
    if meta.is_dir() {
        // Rules folders are shallow; the bound guards against symlink loops.
        if depth > 4 {
            return;
        }
        if let Ok(entries) = std::fs::read_dir(path) {
            for e in entries.flatten() {
                collect(&e.path(), out, depth + 1);
            }
        }
    } else {
        out.insert(path.to_path_buf(), (meta.modified().ok(), meta.len()));
    }
}

/// The files a run reads: rules (scripts, modules, tables, tests), catalog, config, data.
pub fn watched(settings: &Settings, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths = vec![
        settings.rules.clone(),
        settings.catalog.clone(),
        settings.customers.clone(),
    ];
    paths.extend(settings.baseline.iter().cloned());
    paths.extend(settings.service_maturity.iter().cloned());
    paths.extend(settings.config_file.iter().cloned());
    paths.extend(extra.iter().cloned());
    paths
}

/// Waits until a watched file changes, then returns the changed paths (after a short settle,
/// so an editor's save-in-several-writes counts once).
fn wait_for_change(
    paths: &[PathBuf],
    last: &mut BTreeMap<PathBuf, (Option<SystemTime>, u64)>,
) -> Vec<PathBuf> {
    loop {
        std::thread::sleep(POLL);
        let now = snapshot(paths);
        if now != *last {
            std::thread::sleep(POLL / 3);
            let settled = snapshot(paths);
            let mut changed: Vec<PathBuf> = settled
                .iter()
                .filter(|(p, v)| last.get(*p) != Some(v))
                .map(|(p, _)| p.clone())
                .collect();
            changed.extend(last.keys().filter(|p| !settled.contains_key(*p)).cloned());
            *last = settled;
            return changed;
        }
    }
}

fn print_changes(term: &Term, changed: &[PathBuf]) {
    let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
    term.line(&format!("── changed: {} ──", names.join(", ")));
}

fn print_diff(lines: &[String], first: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if first {
        let _ = writeln!(out, "watching for changes (Ctrl-C to stop)");
    } else if lines.is_empty() {
        let _ = writeln!(out, "no change in the results");
    } else {
        let _ = writeln!(out, "changes since the last run:");
        for l in lines {
            let _ = writeln!(out, "  {l}");
        }
    }
    let _ = out.flush();
}

/// `test --watch`: runs the suite, then again on every save, printing cases whose status changed.
pub fn watch_test(args: &TestArgs, term: &Term) -> Result<ExitCode, CliError> {
    let settings = test::settings_for(args)?;
    let paths = watched(&settings, &args.paths);
    let mut last = snapshot(&paths);
    let mut previous: Option<Vec<CaseResult>> = None;
    let mut code = ExitCode::Ok;
    for iteration in 1.. {
        match test::run_once(args, term) {
            Ok(outcome) => {
                let lines = previous
                    .as_ref()
                    .map(|p| diff_tests(p, &outcome.results))
                    .unwrap_or_default();
                print_diff(&lines, previous.is_none());
                code = outcome.code;
                previous = Some(outcome.results);
            }
            Err(e) => code = e.report(term),
        }
        if args.max_iterations.is_some_and(|max| iteration >= max) {
            break;
        }
        print_changes(term, &wait_for_change(&paths, &mut last));
    }
    Ok(code)
}

/// `run --watch`: runs (`run_once`), then again on every save, printing services whose
/// priority changed and groups whose approach changed (from a quiet re-evaluation).
pub fn watch_run(
    inputs: &InputArgs,
    max_iterations: Option<u32>,
    term: &Term,
    run_once: impl Fn() -> Result<ExitCode, CliError>,
) -> Result<ExitCode, CliError> {
    let paths = watched(&config::resolve(inputs)?, &[]);
    let mut last = snapshot(&paths);
    let mut previous: Option<BTreeMap<String, Compared>> = None;
    let mut code = ExitCode::Ok;
    for iteration in 1.. {
        match run_once().and_then(|c| Ok((c, compared(inputs)?))) {
            Ok((c, now)) => {
                let lines = previous
                    .as_ref()
                    .map(|p| diff_runs(p, &now))
                    .unwrap_or_default();
                print_diff(&lines, previous.is_none());
                code = c;
                previous = Some(now);
            }
            Err(e) => code = e.report(term),
        }
        if max_iterations.is_some_and(|max| iteration >= max) {
            break;
        }
        print_changes(term, &wait_for_change(&paths, &mut last));
    }
    Ok(code)
}

/// What `watch` compares of every organization, evaluated again without printing anything.
fn compared(inputs: &InputArgs) -> Result<BTreeMap<String, Compared>, CliError> {
    let settings = config::resolve(inputs)?;
    let quiet = Term::new(ColorChoice::Never, Verbosity::Quiet);
    let loaded = load(&settings, &quiet)?;
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (id, input) in &loaded.surveys.organizations {
        match loaded.rules.evaluate(input) {
            Ok(rec) => {
                out.insert(id.to_string(), Compared::of(&rec));
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CliError::Rules(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headline(p: &[(ServiceKey, Priority)], a: &[(CustomerGroup, Approach)]) -> Compared {
        Compared {
            priorities: p.iter().copied().collect(),
            approaches: a.iter().copied().collect(),
        }
    }

    #[test]
    fn diff_lists_priority_and_approach_changes_only() {
        use CustomerGroup::*;
        use ServiceKey::*;
        let before = BTreeMap::from([
            (
                "acme".to_string(),
                headline(
                    &[
                        (RiskManagement, Priority::Could),
                        (IssueManagement, Priority::Must),
                    ],
                    &[(Executive, Approach::Supportive)],
                ),
            ),
            ("gone".to_string(), Compared::default()),
        ]);
        let after = BTreeMap::from([
            (
                "acme".to_string(),
                headline(
                    &[
                        (RiskManagement, Priority::Must),
                        (IssueManagement, Priority::Must),
                    ],
                    &[
                        (Executive, Approach::Directive),
                        (ProjectManager, Approach::Managed),
                    ],
                ),
            ),
            ("new".to_string(), Compared::default()),
        ]);
        assert_eq!(
            diff_runs(&before, &after),
            [
                "acme: risk_management could → must",
                "acme: project_manager now answered (managed)",
                "acme: executive approach supportive → directive",
                "new: new organization",
                "gone: gone",
            ]
        );
        assert!(diff_runs(&after, &after).is_empty());
    }

    #[test]
    fn test_diff_lists_status_changes() {
        let r = |name: &str, status: Status| CaseResult {
            file: "f.toml".into(),
            name: name.into(),
            status,
        };
        let before = [
            r("a", Status::Pass),
            r("b", Status::Pass),
            r("old", Status::Pass),
        ];
        let after = [
            r("a", Status::Pass),
            r(
                "b",
                Status::Error {
                    message: "x".into(),
                },
            ),
            r("c", Status::Pass),
        ];
        assert_eq!(
            diff_tests(&before, &after),
            [
                "f.toml › b: pass → error",
                "f.toml › c: new case (pass)",
                "f.toml › old: removed"
            ]
        );
    }

    #[test]
    fn snapshots_see_writes_and_new_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rhai"), "1").unwrap();
        let paths = vec![dir.path().to_path_buf(), dir.path().join("missing.csv")];
        let first = snapshot(&paths);
        assert_eq!(first.len(), 2);
        assert_eq!(snapshot(&paths), first);
        std::fs::write(dir.path().join("a.rhai"), "12").unwrap();
        assert_ne!(snapshot(&paths), first);
        std::fs::write(dir.path().join("b.rhai"), "").unwrap();
        assert_eq!(snapshot(&paths).len(), 3);
    }
}
