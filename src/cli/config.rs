//! `pmo-advisor.toml`: the raw file (serde) and its resolution with the command-line overrides.
//!
//! Paths in the file are relative to the file's folder, so a config works from any working
//! directory; paths on the command line are relative to the working directory, as users expect.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::args::InputArgs;
use crate::cli::input_origin::{
    config_warnings, ignored_organization, ConfigInputs, OriginWarning,
};
use crate::ingest::{IngestOptions, Sources};
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::period::Period;
use crate::report::cost::FteCost;
use crate::report::{FallbackFont, Paper};
use crate::rules::{Limits, RuleSettings, MAX_NUMBER};

/// The default config file name, looked up in the working directory.
pub const DEFAULT_CONFIG: &str = "pmo-advisor.toml";

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Period such as `2026-Q3`.
    pub period: Option<String>,
    /// Organization id assumed when the customer file has no `organization` column.
    pub organization: Option<String>,
    /// Input files.
    #[serde(default)]
    pub inputs: RawInputs,
    /// Rule settings.
    #[serde(default)]
    pub rules: RawRules,
    /// Customer-group label aliases.
    #[serde(default)]
    pub groups: RawGroups,
    /// Sandbox limits.
    #[serde(default)]
    pub limits: Limits,
    /// Output settings.
    #[serde(default)]
    pub output: RawOutput,
    /// Report settings.
    #[serde(default)]
    pub report: RawReport,
    /// Earlier periods' input files, by period (`[periods."2026-Q2"]`).
    #[serde(default)]
    pub periods: BTreeMap<String, RawInputs>,
}

/// `[inputs]`, and each `[periods."<period>"]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInputs {
    /// Customer survey.
    pub customers: Option<PathBuf>,
    /// Baseline survey.
    pub baseline: Option<PathBuf>,
    /// Service-maturity assessment.
    pub service_maturity: Option<PathBuf>,
    /// Catalog folder.
    pub catalog: Option<PathBuf>,
    /// Mapping file (TOML) for a customer file that is a platform export.
    pub customers_mapping: Option<PathBuf>,
    /// Mapping file (TOML) for a baseline file that is a platform export.
    pub baseline_mapping: Option<PathBuf>,
    /// Peer benchmark (CSV of quartiles by industry and size band), for the report only.
    pub benchmark: Option<PathBuf>,
}

/// `[rules]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// Rules folder.
    pub dir: Option<PathBuf>,
    /// Weight per customer group.
    #[serde(default, deserialize_with = "bounded_numbers")]
    pub group_weights: BTreeMap<CustomerGroup, f64>,
    /// Named numeric parameters the scripts read as `params`.
    #[serde(default, deserialize_with = "bounded_numbers")]
    pub params: BTreeMap<String, f64>,
}

/// A config number that scripts read: finite and within `MAX_NUMBER`. NaN, `inf` and `1e308`
/// are valid TOML but fail later, far from their cause, as a rule error blamed on a rule line or
/// a panic in report building (issue 11); refused here, toml names the value's line.
struct BoundedNumber(f64);

impl<'de> Deserialize<'de> for BoundedNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        if value.is_finite() && value.abs() <= MAX_NUMBER {
            Ok(BoundedNumber(value))
        } else {
            Err(serde::de::Error::custom(format!(
                "expected a number from -{MAX_NUMBER} to {MAX_NUMBER}, found {}",
                crate::rules::show_number(value)
            )))
        }
    }
}

/// A table of `BoundedNumber`s as plain numbers.
fn bounded_numbers<'de, D, K>(deserializer: D) -> Result<BTreeMap<K, f64>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord,
{
    let map = BTreeMap::<K, BoundedNumber>::deserialize(deserializer)?;
    Ok(map.into_iter().map(|(k, v)| (k, v.0)).collect())
}

/// `[groups]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroups {
    /// Survey label → group key.
    #[serde(default)]
    pub aliases: BTreeMap<String, CustomerGroup>,
}

/// `[output]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// Reports root.
    pub dir: Option<PathBuf>,
    /// Paper size.
    pub paper: Option<Paper>,
}

/// `[report]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    /// Font files for characters the bundled DejaVu faces lack (CJK…), tried in order.
    #[serde(default)]
    pub fallback_fonts: Vec<PathBuf>,
    /// The loaded cost of one PMO FTE a year (`{ low, high, currency }`), for the budget.
    pub fte_cost: Option<FteCost>,
}

/// Everything a run needs, resolved and validated.
#[derive(Debug)]
pub struct Settings {
    /// The config file read, if any (hashed into the manifest).
    pub config_file: Option<PathBuf>,
    /// Period.
    pub period: Period,
    /// Default organization.
    pub organization: Option<OrganizationId>,
    /// Customer survey.
    pub customers: PathBuf,
    /// Baseline survey.
    pub baseline: Option<PathBuf>,
    /// Service maturity.
    pub service_maturity: Option<PathBuf>,
    /// Peer benchmark (hashed into the manifest with the inputs).
    pub benchmark: Option<PathBuf>,
    /// Catalog folder.
    pub catalog: PathBuf,
    /// Rules folder.
    pub rules: PathBuf,
    /// Reports root (the period folder goes below it).
    pub out: PathBuf,
    /// Paper size.
    pub paper: Paper,
    /// Fallback fonts, read and checked, in the configured order.
    pub fallback_fonts: Vec<FallbackFont>,
    /// The loaded cost per FTE, checked, for the charter's budget.
    pub fte_cost: Option<FteCost>,
    /// Their files (hashed into the manifest with the inputs: they change the PDFs).
    pub font_files: Vec<PathBuf>,
    /// Group weights.
    pub group_weights: BTreeMap<CustomerGroup, f64>,
    /// Rule parameters.
    pub params: BTreeMap<String, f64>,
    /// Group aliases, lower-cased.
    pub group_aliases: BTreeMap<String, CustomerGroup>,
    /// Sandbox limits.
    pub limits: Limits,
    /// How to read the customer file when it is a platform export.
    pub customers_mapping: Option<crate::ingest::mapping::Mapping>,
    /// How to read the baseline file when it is a platform export.
    pub baseline_mapping: Option<crate::ingest::mapping::Mapping>,
    /// Mapping files read (hashed into the manifest with the inputs).
    pub mapping_files: Vec<PathBuf>,
    /// Periods the config lists before this one, oldest first (`run` back-fills them).
    pub earlier_periods: Vec<Period>,
    /// Inputs taken from the config while others come from flags, and ignored flags
    /// (`input_origin.rs`); printed before the surveys are read.
    pub warnings: Vec<OriginWarning>,
}

impl Settings {
    /// What the rule engine needs of the settings.
    pub fn rule_settings(&self) -> RuleSettings {
        RuleSettings {
            limits: self.limits,
            group_weights: self.group_weights.clone(),
            params: self.params.clone(),
        }
    }

    /// The survey files to read.
    pub fn sources(&self) -> Sources {
        Sources {
            customers: self.customers.clone(),
            baseline: self.baseline.clone(),
            service_maturity: self.service_maturity.clone(),
        }
    }

    /// How to read them.
    pub fn ingest_options(&self) -> IngestOptions {
        IngestOptions {
            group_aliases: self.group_aliases.clone(),
            default_organization: self.organization.clone(),
            customers_mapping: self.customers_mapping.clone(),
            baseline_mapping: self.baseline_mapping.clone(),
            store_texts: false,
        }
    }
}

/// A configuration problem (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read config {file}: {source}")]
    Read {
        /// File.
        file: String,
        /// OS error.
        source: std::io::Error,
    },
    /// The config file is not valid.
    #[error("invalid config {file}: {message}")]
    Parse {
        /// File.
        file: String,
        /// What toml said, with line and column.
        message: String,
    },
    /// Neither the config nor `--period` names the period.
    #[error("no period: set `period = \"2026-Q3\"` in the config or pass --period")]
    NoPeriod,
    /// The period is not `YYYY-Qn`.
    #[error("invalid period: {message}")]
    Period {
        /// What the parser said.
        message: String,
    },
    /// The default organization is not a valid id.
    #[error("invalid organization: {message}")]
    Organization {
        /// What the parser said.
        message: String,
    },
    /// Neither the config nor `--customers` names the customer survey.
    #[error("no customer survey: set `customers` under [inputs] in {DEFAULT_CONFIG} or pass --customers")]
    NoCustomers,
    /// A group weight is negative or not a number.
    #[error("invalid weight for group `{group}`: expected a number >= 0, found {weight}")]
    GroupWeight {
        /// The group key.
        group: String,
        /// The weight found.
        weight: f64,
    },
    /// A `[periods."…"]` table's name is not a period.
    #[error("invalid period `[periods.\"{table}\"]`: {message}")]
    PeriodTable {
        /// The table's name.
        table: String,
        /// What the parser said.
        message: String,
    },
    /// A `[periods."…"]` table names the config's own period.
    #[error(
        "`[periods.\"{table}\"]` names the config's own period; its files belong under [inputs]"
    )]
    OwnPeriodTable {
        /// The table's name.
        table: String,
    },
    /// A `[periods."…"]` table lists no customer survey.
    #[error("`[periods.\"{table}\"]` has no `customers` file")]
    PeriodTableWithoutCustomers {
        /// The table's name.
        table: String,
    },
    /// A `[report] fallback_fonts` file cannot be read or is not a usable font.
    #[error("fallback font {file}: {problem}")]
    Font {
        /// The file, as resolved against the config's folder.
        file: String,
        /// Why it cannot be used.
        problem: String,
    },
    /// The worker threads (`--jobs`) could not be started.
    #[error("cannot start workers: {message}")]
    Workers {
        /// What rayon said.
        message: String,
    },
    /// `merge` was not given every shard of the period.
    #[error("shard(s) {} missing: merge needs every shard of the period", .missing.join(", "))]
    ShardsMissing {
        /// The missing shards, `K/N`.
        missing: Vec<String>,
    },
    /// Any other bad flag or setting, described in words (the usage errors of `diff` and
    /// `test`, and the limits and parameters validated elsewhere).
    #[error("{0}")]
    Invalid(String),
}

/// Reads the config (the named one, or `pmo-advisor.toml` when present) and applies the flags.
pub fn resolve(args: &InputArgs) -> Result<Settings, ConfigError> {
    let (raw, base, config_file) = match &args.config {
        Some(path) => {
            let (raw, base) = read_config(path)?;
            (raw, base, Some(path.clone()))
        }
        None if Path::new(DEFAULT_CONFIG).is_file() => {
            let path = PathBuf::from(DEFAULT_CONFIG);
            let (raw, base) = read_config(&path)?;
            (raw, base, Some(path))
        }
        None => (RawConfig::default(), PathBuf::new(), None),
    };
    let from_file = |p: Option<PathBuf>| p.map(|p| base.join(p));

    let period_text = args
        .period
        .clone()
        .or(raw.period.clone())
        .ok_or(ConfigError::NoPeriod)?;
    let period = Period::parse(&period_text).map_err(|message| ConfigError::Period { message })?;
    let (inputs, earlier_periods) = period_inputs(&raw, period)?;
    let mut warnings = config_file
        .as_deref()
        .map(|file| {
            let config = ConfigInputs {
                file,
                inputs: &inputs,
                organization: raw.organization.as_deref(),
            };
            config_warnings(args, &config)
        })
        .unwrap_or_default();
    let organization = args
        .organization
        .clone()
        .or(raw.organization)
        .map(|o| {
            OrganizationId::new(&o).map_err(|e| ConfigError::Organization {
                message: e.to_string(),
            })
        })
        .transpose()?;
    let customers = args
        .customers
        .clone()
        .or_else(|| from_file(inputs.customers))
        .ok_or(ConfigError::NoCustomers)?;
    let mut mapping_files = Vec::new();
    let mut mapping = |flag: &Option<PathBuf>, configured: Option<PathBuf>| {
        let path = flag.clone().or_else(|| from_file(configured));
        path.map(|path| {
            let mapping = load_mapping(&path)?;
            mapping_files.push(path);
            Ok::<_, ConfigError>(mapping)
        })
        .transpose()
    };
    let customers_mapping = mapping(&args.customers_mapping, inputs.customers_mapping.clone())?;
    let baseline_mapping = mapping(&args.baseline_mapping, inputs.baseline_mapping.clone())?;
    warnings.extend(ignored_organization(args, customers_mapping.as_ref()));
    let font_files: Vec<PathBuf> = raw
        .report
        .fallback_fonts
        .iter()
        .map(|p| base.join(p))
        .collect();
    let fallback_fonts = font_files
        .iter()
        .map(|path| load_font(path))
        .collect::<Result<_, _>>()?;
    if let Some(cost) = &raw.report.fte_cost {
        cost.validate()
            .map_err(|m| ConfigError::Invalid(format!("[report] fte_cost: {m}")))?;
    }
    for (name, weight) in &raw.rules.group_weights {
        if !weight.is_finite() || *weight < 0.0 {
            return Err(ConfigError::GroupWeight {
                group: name.to_string(),
                weight: *weight,
            });
        }
    }
    Ok(Settings {
        config_file,
        period,
        organization,
        customers,
        baseline: args.baseline.clone().or_else(|| from_file(inputs.baseline)),
        service_maturity: args
            .service_maturity
            .clone()
            .or_else(|| from_file(inputs.service_maturity)),
        benchmark: from_file(inputs.benchmark),
        catalog: args
            .catalog
            .clone()
            .or_else(|| from_file(inputs.catalog))
            .unwrap_or_else(|| base.join("data/catalog")),
        rules: args
            .rules
            .clone()
            .or_else(|| from_file(raw.rules.dir))
            .unwrap_or_else(|| base.join("rules")),
        out: args
            .out
            .clone()
            .or_else(|| from_file(raw.output.dir))
            .unwrap_or_else(|| base.join("reports")),
        paper: args
            .paper
            .map(Paper::from)
            .or(raw.output.paper)
            .unwrap_or_default(),
        fallback_fonts,
        fte_cost: raw.report.fte_cost,
        font_files,
        group_weights: raw.rules.group_weights,
        params: raw.rules.params,
        group_aliases: raw
            .groups
            .aliases
            .into_iter()
            .map(|(label, group)| (label.trim().to_lowercase(), group))
            .collect(),
        limits: raw.limits,
        customers_mapping,
        baseline_mapping,
        mapping_files,
        earlier_periods,
        warnings,
    })
}

/// The input files of `period`: `[inputs]` for the config's own period (or any period without
/// a table of its own), else its `[periods."<period>"]` table, which inherits the catalog and
/// the mappings from `[inputs]` (survey structure rarely changes between quarters) but never
/// the survey files. Also returns the configured periods before `period`, oldest first.
fn period_inputs(raw: &RawConfig, period: Period) -> Result<(RawInputs, Vec<Period>), ConfigError> {
    let mut earlier = Vec::new();
    let mut own = None;
    for (text, inputs) in &raw.periods {
        let listed = Period::parse(text).map_err(|e| ConfigError::PeriodTable {
            table: text.clone(),
            message: e.to_string(),
        })?;
        if raw.period.as_deref() == Some(text.as_str()) {
            return Err(ConfigError::OwnPeriodTable {
                table: text.clone(),
            });
        }
        if inputs.customers.is_none() {
            return Err(ConfigError::PeriodTableWithoutCustomers {
                table: text.clone(),
            });
        }
        if listed < period {
            earlier.push(listed);
        }
        if listed == period {
            own = Some(inputs);
        }
    }
    earlier.sort();
    let inputs = match own {
        None => raw.inputs.clone(),
        Some(own) => RawInputs {
            catalog: own.catalog.clone().or_else(|| raw.inputs.catalog.clone()),
            customers_mapping: own
                .customers_mapping
                .clone()
                .or_else(|| raw.inputs.customers_mapping.clone()),
            baseline_mapping: own
                .baseline_mapping
                .clone()
                .or_else(|| raw.inputs.baseline_mapping.clone()),
            ..own.clone()
        },
    };
    Ok((inputs, earlier))
}

/// The reports root for commands that read results (`history`, `diff`, `merge`): `--out`,
/// else the config's `[output] dir` (relative to the config), else `reports`. Unlike
/// [`resolve`], it needs no period and no input files.
pub fn reports_root(config: Option<&Path>, out: Option<&Path>) -> Result<PathBuf, ConfigError> {
    if let Some(out) = out {
        return Ok(out.to_path_buf());
    }
    let path = match config {
        Some(path) => path.to_path_buf(),
        None if Path::new(DEFAULT_CONFIG).is_file() => PathBuf::from(DEFAULT_CONFIG),
        None => return Ok(PathBuf::from("reports")),
    };
    let (raw, base) = read_config(&path)?;
    Ok(base.join(raw.output.dir.unwrap_or_else(|| PathBuf::from("reports"))))
}

/// Reads a fallback font file and checks that it is a font with Unicode characters.
fn load_font(path: &Path) -> Result<FallbackFont, ConfigError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ConfigError::Font {
        file: file.clone(),
        problem: format!("cannot read the file: {e}"),
    })?;
    FallbackFont::parse(file.clone(), bytes).map_err(|problem| ConfigError::Font { file, problem })
}

/// Reads a survey mapping (`docs/survey-sources.md`): TOML errors with line and column, then
/// the checks that need no data file; a relative `dictionary` is relative to the mapping.
pub fn load_mapping(path: &Path) -> Result<crate::ingest::mapping::Mapping, ConfigError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        file: file.clone(),
        source,
    })?;
    let mut mapping = crate::ingest::mapping::Mapping::from_toml(&text, &file)?;
    mapping.resolve_paths(path.parent().unwrap_or(Path::new("")));
    Ok(mapping)
}

// TOML belongs to the command line layer (tests/architecture.rs), so parsing a mapping lives
// here rather than in `ingest::mapping`.
impl crate::ingest::mapping::Mapping {
    /// Parses mapping TOML (`file` names it in errors, with line and column) and checks it.
    pub fn from_toml(text: &str, file: &str) -> Result<Self, ConfigError> {
        let mapping: Self = toml::from_str(text).map_err(|e| ConfigError::Parse {
            file: file.to_string(),
            message: describe_toml_error(text, &e),
        })?;
        mapping.check().map_err(|message| ConfigError::Parse {
            file: file.to_string(),
            message,
        })?;
        Ok(mapping)
    }
}

fn read_config(path: &Path) -> Result<(RawConfig, PathBuf), ConfigError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        file: file.clone(),
        source,
    })?;
    let raw = parse_config(&text, &file)?;
    // The folder as the shortest spelling from here (issue 12): every path from the config
    // is built on it and reaches manifests, results and reports.
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = match std::env::current_dir() {
        Ok(cwd) => crate::history::fingerprint::tidy_path(&base, &cwd),
        Err(_) => base,
    };
    Ok((raw, base))
}

/// Parses config text (`file` names it in errors): every key known, every value in range.
pub fn parse_config(text: &str, file: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse {
        file: file.to_string(),
        message: describe_toml_error(text, &e),
    })
}

pub mod params;
mod toml_error;

use toml_error::describe_toml_error;
pub(crate) use toml_error::line_column;

#[cfg(test)]
mod tests;
