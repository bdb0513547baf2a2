//! The analyst's inner loop (issue 4): edit a rule, regenerate the bundled sample. Timed as
//! the `pmo-advisor` binary from process start to exit (reports written, manifest last), in a
//! scratch copy of the project, with the sample's history (2026-Q1, 2026-Q2) already written,
//! so each edit regenerates 2026-Q3 with its trends, as it does for an analyst.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::measure::median;

/// Medians of a forced regenerate after a rule edit, and of an unchanged re-run (no-op).
pub struct Regenerate {
    /// `run --force` after appending a line to a rule script.
    pub after_edit: Duration,
    /// `run` with nothing changed (`up to date`).
    pub unchanged: Duration,
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

fn run(dir: &Path, force: bool) -> Result<Duration, String> {
    let started = Instant::now();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"));
    cmd.current_dir(dir).args(["run", "--quiet"]);
    if force {
        cmd.arg("--force");
    }
    let status = cmd
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot start: {e}"))?;
    let elapsed = started.elapsed();
    match status.code() {
        Some(0) => Ok(elapsed),
        code => Err(format!("exit {code:?}")),
    }
}

/// Copies the sample set-up to `work`, writes its history once, then times `reps` edits.
pub fn regenerate_sample(work: &Path, reps: usize) -> Result<Regenerate, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A kept `--dir` holds the last run's edited copy: start from a clean one.
    match std::fs::remove_dir_all(work) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.to_string()),
        _ => {}
    }
    for sub in ["data/catalog", "data/sample", "rules"] {
        copy_dir(&root.join(sub), &work.join(sub)).map_err(|e| format!("copy {sub}: {e}"))?;
    }
    std::fs::copy(root.join("pmo-advisor.toml"), work.join("pmo-advisor.toml"))
        .map_err(|e| format!("copy config: {e}"))?;
    run(work, false)?;
    let script = work.join("rules/20_services.rhai");
    let original = std::fs::read_to_string(&script).map_err(|e| e.to_string())?;
    let mut after_edit = Vec::with_capacity(reps);
    for i in 0..reps {
        std::fs::write(&script, format!("{original}\n// analyst edit {i}\n"))
            .map_err(|e| e.to_string())?;
        after_edit.push(run(work, true)?);
    }
    let unchanged = (0..reps)
        .map(|_| run(work, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Regenerate {
        after_edit: median(after_edit),
        unchanged: median(unchanged),
    })
}
