//! `CliError`: the one top-level handler that renders any stage's error and picks the exit code.

use crate::cli::config::ConfigError;
use crate::cli::exit::ExitCode;
use crate::cli::term::Term;
use crate::diag::{Diagnostic, Location, Severity};
use crate::history::run::PeriodError;
use crate::history::HistoryError;
use crate::ingest::IngestError;
use crate::report::ReportError;
use crate::rules::RuleError;

/// Anything that ends a command early.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The catalog could not be loaded (configuration, exit code 2).
    #[error("invalid catalog")]
    Catalog(IngestError),
    /// An input file could not be read or used.
    #[error(transparent)]
    Ingest(IngestError),
    /// One or more rule errors.
    #[error("{} rule error(s)", .0.len())]
    Rules(Vec<RuleError>),
    /// Findings under `--strict`.
    #[error("{0} data-quality finding(s) under --strict")]
    Strict(usize),
    /// A report could not be rendered.
    #[error("cannot render the report of {organization}: {source}")]
    Render {
        /// Organization.
        organization: String,
        /// Cause.
        source: ReportError,
    },
    /// An input could not be read again (for its hash) or a folder listed.
    #[error("cannot read {path}: {source}")]
    Read {
        /// File.
        path: String,
        /// OS error.
        source: std::io::Error,
    },
    /// Earlier results (a manifest or a JSON result) could not be used.
    #[error("{path}: {message}")]
    History {
        /// File or folder.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The period already has results made from other inputs, and `--force` was not given.
    #[error("{dir} already holds results made from different inputs")]
    PeriodExists {
        /// The period folder.
        dir: String,
        /// What differs.
        changes: Vec<String>,
    },
    /// Another run holds the reports root's lock (exit code 2).
    #[error("another run (pid {pid}) is writing {root}")]
    Locked {
        /// The reports root.
        root: String,
        /// The holder's process id.
        pid: u32,
    },
    /// An output could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// File.
        path: String,
        /// OS error.
        source: std::io::Error,
    },
}

impl From<HistoryError> for CliError {
    fn from(e: HistoryError) -> CliError {
        match e {
            HistoryError::Locked { root, pid } => CliError::Locked { root, pid },
            HistoryError::Write { path, source } => CliError::Write { path, source },
            HistoryError::Read { path, source } => CliError::Read { path, source },
            HistoryError::PeriodExists { dir, changes } => CliError::PeriodExists { dir, changes },
            HistoryError::Unusable { path, message } => CliError::History { path, message },
        }
    }
}

impl From<PeriodError> for CliError {
    fn from(e: PeriodError) -> CliError {
        match e {
            PeriodError::Rules(errors) => CliError::Rules(errors),
            PeriodError::Render {
                organization,
                source,
            } => CliError::Render {
                organization,
                source,
            },
            PeriodError::ReadBack { path, message } => CliError::History {
                path,
                message: format!("the result just rendered does not read back: {message}"),
            },
            PeriodError::Texts {
                organization,
                source,
            } => CliError::Read {
                path: format!("the temporary file of {organization}'s comments"),
                source,
            },
            PeriodError::History(e) => e.into(),
        }
    }
}

impl CliError {
    /// The exit code this error means.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Config(_)
            | CliError::Catalog(_)
            | CliError::PeriodExists { .. }
            | CliError::Locked { .. } => ExitCode::Usage,
            CliError::Rules(_) => ExitCode::Rules,
            CliError::Ingest(_)
            | CliError::Strict(_)
            | CliError::Read { .. }
            | CliError::History { .. } => ExitCode::Data,
            CliError::Render { .. } | CliError::Write { .. } => ExitCode::Output,
        }
    }

    /// Prints the error on stderr and returns its exit code.
    pub fn report(&self, term: &Term) -> ExitCode {
        for d in self.diagnostics() {
            term.diagnostic(&d);
        }
        self.exit_code()
    }

    /// The error as diagnostics (one per rule error).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let error = |code, message: String, location| {
            vec![Diagnostic::new(code, Severity::Error, message, location)]
        };
        match self {
            CliError::Config(e) => error("C001", e.to_string(), Location::None),
            CliError::Catalog(e) | CliError::Ingest(e) => vec![e.to_diagnostic()],
            CliError::Rules(errors) => errors.iter().map(RuleError::to_diagnostic).collect(),
            CliError::Strict(n) => error(
                "C002",
                format!("{n} data-quality finding(s) and --strict is set; no reports written"),
                Location::None,
            ),
            CliError::Render { .. } => error("P001", self.to_string(), Location::None),
            CliError::Read { path, source } => error(
                "C005",
                format!("cannot read the file: {source}"),
                Location::File { file: path.clone() },
            ),
            CliError::History { path, message } => error(
                "C006",
                message.clone(),
                Location::File { file: path.clone() },
            ),
            CliError::PeriodExists { dir, changes } => {
                let shown: Vec<&str> = changes.iter().take(8).map(String::as_str).collect();
                let more = changes.len().saturating_sub(shown.len());
                let message = format!(
                    "{dir} already holds results made from different inputs ({}{}); \
                     pass --force to replace them (the new manifest records the replaced hashes), \
                     or --period to write another period",
                    shown.join(", "),
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                );
                error("C004", message, Location::None)
            }
            CliError::Locked { .. } => error(
                "C007",
                format!("{self}; wait for it to finish (the lock is released when it exits)"),
                Location::None,
            ),
            CliError::Write { path, source } => error(
                "C003",
                format!("cannot write the output: {source}"),
                Location::File { file: path.clone() },
            ),
        }
    }
}
