//! Issue 12: a period folder always matches its manifest. A replacement is all or nothing
//! (a failed write, a SIGKILL at the commit), one writer holds the reports root, the same
//! inputs give the same manifest whatever the spelling of `--config` or the working folder,
//! and `history`, `diff` and the trends notice damage and keep it local.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::periods::tree;
use crate::support::Case;

/// Asserts that a period folder holds exactly what its manifest lists, with those hashes;
/// returns the manifest's rules version (which run wrote it).
fn assert_matches_manifest(dir: &Path) -> String {
    let files = tree(dir);
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("a manifest");
    let mut listed = Vec::new();
    for output in manifest["outputs"].as_array().unwrap() {
        let path = output["path"].as_str().unwrap();
        let bytes = files.get(path).unwrap_or_else(|| panic!("{path} missing"));
        let hash = pmo_advisor::report::sha256_hex(bytes);
        assert_eq!(hash, output["sha256"].as_str().unwrap(), "{path} changed");
        listed.push(path.to_string());
    }
    listed.push("manifest.json".into());
    listed.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), listed);
    manifest["rules_version"].as_str().unwrap().to_string()
}

/// The sample's three periods written, then a rule edited so that `run --force` replaces Q3.
fn sample_with_an_edited_rule() -> Case {
    let case = Case::sample();
    case.run_with(&["run", "-q"]).expect_code(0);
    case.edit("rules/20_services.rhai", |t| format!("{t}\n// reviewed\n"))
}

fn hidden_siblings(case: &Case) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(case.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".pmo-advisor.lock")
        .collect();
    names.sort();
    names
}

#[test]
fn issue_12_a_write_that_fails_midway_leaves_the_old_period_whole() {
    let case = sample_with_an_edited_rule();
    let before = tree(&case.path().join("reports/2026-Q3"));
    // A file-size limit makes the first large report fail with EFBIG (SIGXFSZ ignored, as
    // a full disk or a quota would fail it): the run has staged some files by then.
    let output = Command::new("sh")
        .current_dir(case.path())
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 40; exec \"$0\" run --force")
        .arg(env!("CARGO_BIN_EXE_pmo-advisor"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(
        tree(&case.path().join("reports/2026-Q3")) == before,
        "Q3 changed"
    );
    assert!(
        hidden_siblings(&case).is_empty(),
        "{:?}",
        hidden_siblings(&case)
    );
    let history = case.run_with(&["history"]).expect_code(0).stdout();
    assert!(history.contains("2026-Q3  complete"), "{history}");
}

/// Starts `run --force`, waits for `ready` to hold, kills the run with SIGKILL; false when
/// the run finished first (a fast machine).
fn kill_when(case: &Case, ready: impl Fn() -> bool) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
        .current_dir(case.path())
        .args(["run", "--force", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !ready() {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if started.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait().unwrap();
    true
}

#[cfg(unix)]
#[test]
fn issue_12_sigkill_at_the_commit_or_while_staging_leaves_a_period_matching_its_manifest() {
    use std::os::unix::fs::MetadataExt;
    let case = sample_with_an_edited_rule();
    let q3 = case.path().join("reports/2026-Q3");
    let old_version = assert_matches_manifest(&q3);
    let staging = case.path().join("reports/.2026-Q3.staging");

    // Killed while staging: the old period stands, `history` mentions the leftover, and the
    // next run rolls it back.
    if kill_when(&case, || staging.join("harbor-construction.json").exists()) {
        assert_eq!(assert_matches_manifest(&q3), old_version);
        let history = case.run_with(&["history"]).expect_code(0);
        assert!(
            history
                .stderr()
                .contains("an interrupted run left reports/.2026-Q3.staging"),
            "{}",
            history.stderr()
        );
    }

    // Killed the moment the first output's inode changes (the swap): the new period stands.
    // Another edit first, so that there is a replacement even if the first run finished.
    let case = case.edit("rules/20_services.rhai", |t| format!("{t}// again\n"));
    let old_version = assert_matches_manifest(&q3);
    let first = q3.join("harbor-construction.json");
    let inode = std::fs::metadata(&first).unwrap().ino();
    kill_when(&case, || {
        std::fs::metadata(&first).is_ok_and(|m| m.ino() != inode)
    });
    let version = assert_matches_manifest(&q3);

    let next = case.run_with(&["run", "--force"]).expect_code(0);
    let err = next.stderr();
    if version == old_version {
        // The kill came before the swap (a slow machine): rolled back, then replaced.
        assert!(
            err.contains("rolled back") || err.contains("replacing"),
            "{err}"
        );
    } else {
        assert!(
            err.contains("up to date") || err.contains("completed"),
            "{err}"
        );
    }
    assert_ne!(assert_matches_manifest(&q3), old_version);
    assert!(
        hidden_siblings(&case).is_empty(),
        "{:?}",
        hidden_siblings(&case)
    );
}

#[test]
fn issue_12_a_second_writer_is_refused_and_a_dead_runs_lock_is_taken_over() {
    let case = Case::sample();
    let root = case.path().join("reports");
    let (lock, _) = pmo_advisor::history::lock::RootLock::acquire(&root).unwrap();
    let refused = case.run_with(&["run"]).expect_code(2);
    let expected = format!("another run (pid {}) is writing", std::process::id());
    assert!(refused.stderr().contains(&expected), "{}", refused.stderr());
    assert!(!root.join("2026-Q3").exists());
    drop(lock);

    // What a SIGKILLed holder leaves: its record, and no lock (the kernel dropped it).
    std::fs::write(root.join(".pmo-advisor.lock"), "pid 4194303\nstarted 1\n").unwrap();
    let run = case.run_with(&["run"]).expect_code(0);
    assert!(
        run.stderr().contains("taking over the lock") && run.stderr().contains("pid 4194303"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".pmo-advisor.lock")).unwrap(),
        ""
    );
}

#[test]
fn issue_12_the_spelling_of_config_and_the_working_folder_change_nothing() {
    let case = Case::sample();
    case.run_with(&["run", "-q", "--config", "./pmo-advisor.toml"])
        .expect_code(0);
    let before = tree(&case.path().join("reports"));
    let config = case.path().join("pmo-advisor.toml");
    std::fs::create_dir_all(case.path().join("elsewhere")).unwrap();
    for cwd in [case.path().to_path_buf(), case.path().join("elsewhere")] {
        let output = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
            .current_dir(&cwd)
            .arg("run")
            .arg("--config")
            .arg(&config)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert!(err.contains("2026-Q3: up to date"), "{err}");
    }
    assert!(
        tree(&case.path().join("reports")) == before,
        "outputs changed"
    );
    let manifest = case.read("reports/2026-Q3/manifest.json");
    assert!(
        manifest.contains("\"path\": \"data/sample/customers.csv\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"path\": \"rules/20_services.rhai\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"path\": \"pmo-advisor.toml\""),
        "{manifest}"
    );

    // An absolute spelling writes the same bytes.
    let fresh = Case::sample();
    let absolute = fresh.path().join("pmo-advisor.toml");
    fresh
        .run_with(&[
            std::ffi::OsStr::new("run"),
            "-q".as_ref(),
            "--config".as_ref(),
            absolute.as_os_str(),
        ])
        .expect_code(0);
    assert!(
        tree(&fresh.path().join("reports")) == before,
        "bytes depend on the spelling"
    );
    // A run from another folder writes the same bytes too; `--output` stays where it was
    // started.
    let away = Case::sample();
    std::fs::create_dir_all(away.path().join("ci/job")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"))
        .current_dir(away.path().join("ci/job"))
        .args(["run", "-q", "--config", "../../pmo-advisor.toml"])
        .args(["--output", "json=run.json"])
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        tree(&away.path().join("reports")) == before,
        "bytes depend on the working folder"
    );
    assert!(away.path().join("ci/job/run.json").is_file());
    // A config in a folder that does not exist is still a config error.
    let missing = away
        .run_with(&["run", "--config", "nowhere/pmo-advisor.toml"])
        .expect_code(2);
    assert!(
        missing.stderr().contains("nowhere/pmo-advisor.toml"),
        "{}",
        missing.stderr()
    );
}

#[test]
fn issue_12_history_and_diff_check_every_output_and_damage_stays_local() {
    let case = Case::sample();
    case.run_with(&["run", "-q"]).expect_code(0);
    let q2 = case.path().join("reports/2026-Q2");
    let mut pdf = std::fs::read(q2.join("lumen-software.pdf")).unwrap();
    let last = pdf.len() - 2;
    pdf[last] ^= 1;
    std::fs::write(q2.join("lumen-software.pdf"), pdf).unwrap();
    std::fs::remove_file(q2.join("summary.md")).unwrap();
    std::fs::write(q2.join("notes.txt"), "mine").unwrap();
    let run = case.run_with(&["history"]).expect_code(4);
    let out = run.stdout();
    assert!(out.contains("2026-Q1  complete"), "{out}");
    assert!(out.contains("2026-Q2  damaged"), "{out}");
    assert!(
        out.contains(
            "1 changed (lumen-software.pdf); 1 missing (summary.md); 1 unlisted (notes.txt)"
        ),
        "{out}"
    );
    let json = case
        .run_with(&["history", "--format", "json"])
        .expect_code(4)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["periods"][1]["status"], "damaged");
    assert_eq!(doc["periods"][1]["missing"][0], "summary.md");

    let diff = case.run_with(&["diff"]).expect_code(4);
    assert!(
        diff.stderr().contains("does not match its manifest"),
        "{}",
        diff.stderr()
    );
    let refused = case
        .run_with(&["diff", "--base", "2026-Q2", "--head", "2026-Q3"])
        .expect_code(4);
    assert!(refused.stderr().contains("2026-Q2"), "{}", refused.stderr());

    // A corrupted earlier manifest and a tampered result cost only their own trend points.
    std::fs::write(
        case.path().join("reports/2026-Q1/manifest.json"),
        "{ broken",
    )
    .unwrap();
    // A note someone keeps in the period folder survives the replacement.
    let case = case
        .edit("rules/20_services.rhai", |t| format!("{t}\n// reviewed\n"))
        .file("reports/2026-Q3/notes.txt", "keep me");
    let run = case.run_with(&["run", "--force"]).expect_code(0);
    let err = run.stderr();
    assert!(err.contains("2026-Q1 left out of the trends"), "{err}");
    assert!(
        err.contains("kept 1 file(s) no manifest lists: notes.txt"),
        "{err}"
    );
    assert_eq!(case.read("reports/2026-Q3/notes.txt"), "keep me");
    let doc =
        lopdf::Document::load(case.path().join("reports/2026-Q3/northwind-health.pdf")).unwrap();
    let text = crate::pdf_text::extract(&doc);
    assert!(
        text.contains("Trends across periods"),
        "the Q2 point remains"
    );
    assert!(
        text.contains("2026-Q2") && !text.contains("2026-Q1"),
        "Q1 left out"
    );

    // A manifest whose period or schema version was edited is damaged, not misread.
    let q1 = case.path().join("reports/2026-Q1/manifest.json");
    let q3 = case.read("reports/2026-Q3/manifest.json");
    std::fs::write(
        &q1,
        q3.replace("\"schema_version\": 2", "\"schema_version\": 7"),
    )
    .unwrap();
    let out = case.run_with(&["history"]).expect_code(4).stdout();
    assert!(out.contains("2026-Q1  damaged"), "{out}");
    assert!(out.contains("schema_version"), "{out}");
}
