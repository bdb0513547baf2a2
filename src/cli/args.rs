//! Flag groups shared by subcommands, so a flag means the same everywhere.

use std::path::PathBuf;

use clap::Args;

use crate::cli::term::{ColorChoice, Verbosity};
use crate::report::Paper;

/// `--paper` values (clap stays out of `report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Paper {
        match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

/// Where the inputs are: the config file and its overrides.
#[derive(Debug, Clone, Default, Args)]
pub struct InputArgs {
    /// Config file [default: pmo-advisor.toml when present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Customer survey CSV (overrides [inputs] customers)
    #[arg(long, value_name = "FILE")]
    pub customers: Option<PathBuf>,
    /// Mapping (TOML) for a customer file exported from a survey platform (overrides [inputs] customers_mapping)
    #[arg(long, value_name = "FILE")]
    pub customers_mapping: Option<PathBuf>,
    /// Baseline survey CSV (overrides [inputs] baseline)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Mapping (TOML) for a baseline file exported from a survey platform (overrides [inputs] baseline_mapping)
    #[arg(long, value_name = "FILE")]
    pub baseline_mapping: Option<PathBuf>,
    /// Service-maturity CSV (overrides [inputs] service_maturity)
    #[arg(long, value_name = "FILE")]
    pub service_maturity: Option<PathBuf>,
    /// Catalog folder (overrides [inputs] catalog) [default: data/catalog]
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Rules folder (overrides [rules] dir) [default: rules]
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Reports root; results go to DIR/<period>/ (overrides [output] dir) [default: reports]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Period such as 2026-Q3 (overrides `period`)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Organization assumed when the customer survey has no organization column
    #[arg(long, value_name = "ID")]
    pub organization: Option<String>,
    /// Paper size (overrides [output] paper)
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// Treat every data-quality finding as an error (exit code 4)
    #[arg(long)]
    pub strict: bool,
}

/// Where earlier results are, for commands that only read them (`history`, `merge`).
#[derive(Debug, Clone, Default, Args)]
pub struct RootArgs {
    /// Config file, for its [output] dir [default: pmo-advisor.toml when present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Reports root [default: the config's [output] dir, else reports]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl RootArgs {
    /// The reports root: `--out`, else the config's `[output] dir`, else `reports`.
    pub fn root(&self) -> Result<PathBuf, crate::cli::config::ConfigError> {
        crate::cli::config::reports_root(self.config.as_deref(), self.out.as_deref())
    }
}

impl InputArgs {
    /// Whether a flag names a survey file: such a run is about those files, so `run` does
    /// not back-fill the earlier periods of the config with them.
    pub fn names_input_files(&self) -> bool {
        self.customers.is_some()
            || self.baseline.is_some()
            || self.service_maturity.is_some()
            || self.customers_mapping.is_some()
            || self.baseline_mapping.is_some()
    }
}

/// Output verbosity and colour.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Print errors only
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every finding and more detail
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to colour diagnostics
    #[arg(long, value_enum, default_value_t, global = true)]
    pub color: ColorChoice,
}

impl OutputArgs {
    /// The verbosity the flags ask for.
    pub fn verbosity(&self) -> Verbosity {
        if self.quiet {
            Verbosity::Quiet
        } else if self.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }
}
