//! A small builder for running the real binary in a scratch folder, in the style of
//! ripgrep's `tests/util.rs` and xsv's `workdir.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root (where `data/`, `rules/` and `pmo-advisor.toml` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder with a copy of the project's catalog, rules, sample data and config.
pub struct Case {
    pub dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl Case {
    /// A scratch folder holding the bundled sample set-up.
    pub fn sample() -> Case {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["data/catalog", "data/sample", "rules"] {
            copy_dir(&root().join(sub), &dir.path().join(sub));
        }
        std::fs::copy(
            root().join("pmo-advisor.toml"),
            dir.path().join("pmo-advisor.toml"),
        )
        .unwrap();
        Case {
            dir,
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    /// The scratch folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file below the scratch folder.
    pub fn file(self, rel: &str, text: &str) -> Case {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Edits a file below the scratch folder.
    pub fn edit(self, rel: &str, f: impl FnOnce(String) -> String) -> Case {
        let path = self.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, f(text)).unwrap();
        self
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Case {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Case {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs the binary in the scratch folder.
    pub fn run(&self) -> Run {
        self.run_with(&self.args)
    }

    /// Runs the binary in the scratch folder with other arguments (several commands, one folder).
    pub fn run_with<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pmo-advisor"));
        cmd.current_dir(self.path())
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH");
        cmd.env("NO_COLOR", "1").env_remove("CI");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let output = cmd.output().unwrap();
        Run { output }
    }

    /// Reads an output file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Reads an output file as bytes.
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }
}

/// A finished run.
pub struct Run {
    pub output: Output,
}

impl Run {
    /// Exit code.
    pub fn code(&self) -> i32 {
        self.output.status.code().expect("exited normally")
    }

    /// Stdout as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Stderr as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts the exit code, showing both streams on failure.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
