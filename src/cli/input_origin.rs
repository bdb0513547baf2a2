//! Where the inputs of a run came from, so nothing is taken silently from the config (issue 15,
//! point 8).
//!
//! Run inside the project folder with `--customers` and `--baseline`, the tool also took the
//! sample's `service_maturity` from `pmo-advisor.toml`: another organization's data could
//! attach to a client's report. A run that names some input files by flag therefore gets one
//! warning for every input still taken from the config, and `--organization` gets one when a
//! mapping sets the organization instead. This module only words warnings; `config::resolve`
//! decides the inputs, `load` prints the warnings on stderr, and `check` also lists them in
//! its JSON, SARIF and GitHub output (as `C010` and `C011`), where CI reads them.

use std::path::{Path, PathBuf};

use crate::cli::args::InputArgs;
use crate::cli::config::RawInputs;
use crate::diag::{Diagnostic, Location, Severity};
use crate::ingest::mapping::Mapping;

/// A warning about where an input came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginWarning {
    /// An input taken from the config while others come from flags.
    FromConfig(String),
    /// `--organization` is given but the customer mapping sets the organization, which wins.
    IgnoredOrganization(String),
}

impl std::fmt::Display for OriginWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OriginWarning::FromConfig(text) | OriginWarning::IgnoredOrganization(text) => {
                f.write_str(text)
            }
        }
    }
}

/// Code of an input taken from the config while others come from flags.
pub const FROM_CONFIG: &str = "C010";
/// Code of an `--organization` the customer mapping overrides.
pub const IGNORED_ORGANIZATION: &str = "C011";

impl OriginWarning {
    /// As a warning diagnostic; one taken from the config points at `config`, the file in use.
    pub fn to_diagnostic(&self, config: Option<&Path>) -> Diagnostic {
        let (code, location) = match self {
            OriginWarning::FromConfig(_) => (
                FROM_CONFIG,
                config.map_or(Location::None, |file| Location::File {
                    file: file.display().to_string(),
                }),
            ),
            OriginWarning::IgnoredOrganization(_) => (IGNORED_ORGANIZATION, Location::None),
        };
        Diagnostic::new(code, Severity::Warning, self.to_string(), location)
    }
}

/// What the config held that a flagged run might not expect.
pub struct ConfigInputs<'a> {
    /// The config file in use.
    pub file: &'a Path,
    /// Its inputs for the period resolved (`[inputs]` or `[periods."…"]`).
    pub inputs: &'a RawInputs,
    /// Its `organization`.
    pub organization: Option<&'a str>,
}

/// One warning for every input taken from the config while others come from flags (none when
/// no input file is flagged: then the config is the run's whole story).
pub fn config_warnings(args: &InputArgs, config: &ConfigInputs<'_>) -> Vec<OriginWarning> {
    if !args.names_input_files() {
        return Vec::new();
    }
    let flagged_list = flagged_inputs(args);
    let verb = if flagged_list.len() == 1 {
        "comes"
    } else {
        "come"
    };
    let flagged = flagged_list.join(", ");
    let file = config.file.display();
    let mut warnings: Vec<OriginWarning> = taken_from_config(args, config.inputs)
        .into_iter()
        .map(|(key, flag, path)| {
            OriginWarning::FromConfig(format!(
                "[inputs] {key} = {} taken from {file} while {flagged} {verb} from flags; pass {flag} to choose it, or --config another file",
                path.display()
            ))
        })
        .collect();
    if let (Some(organization), None) = (config.organization, &args.organization) {
        warnings.push(OriginWarning::FromConfig(format!(
            "organization `{organization}` taken from {file} while {flagged} come from flags; pass --organization to choose it"
        )));
    }
    warnings
}

/// A warning when `--organization` is given but the customer mapping sets the organization,
/// which wins.
pub fn ignored_organization(
    args: &InputArgs,
    customers_mapping: Option<&Mapping>,
) -> Option<OriginWarning> {
    let organization = args.organization.as_ref()?;
    customers_mapping?.organization.as_ref()?;
    Some(OriginWarning::IgnoredOrganization(format!(
        "--organization {organization} is ignored: the customers mapping sets `organization`"
    )))
}

/// One survey input: its config key, its flag and the flag's value. The catalog is left out:
/// it is the project's method, shared by every organization, not one organization's data.
struct Slot<'a> {
    key: &'static str,
    flag: &'static str,
    given: Option<&'a PathBuf>,
}

/// The input slots, in the order of [`RawInputs`]' fields as [`configured`] lists them.
fn slots(args: &InputArgs) -> [Slot<'_>; 5] {
    fn slot<'a>(key: &'static str, flag: &'static str, given: &'a Option<PathBuf>) -> Slot<'a> {
        Slot {
            key,
            flag,
            given: given.as_ref(),
        }
    }
    [
        slot("customers", "--customers", &args.customers),
        slot(
            "customers_mapping",
            "--customers-mapping",
            &args.customers_mapping,
        ),
        slot("baseline", "--baseline", &args.baseline),
        slot(
            "baseline_mapping",
            "--baseline-mapping",
            &args.baseline_mapping,
        ),
        slot(
            "service_maturity",
            "--service-maturity",
            &args.service_maturity,
        ),
    ]
}

/// The config's paths in the order of [`slots`].
fn configured(inputs: &RawInputs) -> [&Option<PathBuf>; 5] {
    [
        &inputs.customers,
        &inputs.customers_mapping,
        &inputs.baseline,
        &inputs.baseline_mapping,
        &inputs.service_maturity,
    ]
}

/// The input-file flags given, as `--customers`, `--baseline` ….
fn flagged_inputs(args: &InputArgs) -> Vec<&'static str> {
    slots(args)
        .into_iter()
        .filter(|s| s.given.is_some())
        .map(|s| s.flag)
        .collect()
}

/// Each config input without its flag: (config key, flag, path as the config writes it).
fn taken_from_config<'a>(
    args: &InputArgs,
    inputs: &'a RawInputs,
) -> Vec<(&'static str, &'static str, &'a PathBuf)> {
    slots(args)
        .into_iter()
        .zip(configured(inputs))
        .filter_map(|(slot, path)| match (slot.given, path) {
            (None, Some(path)) => Some((slot.key, slot.flag, path)),
            _ => None,
        })
        .collect()
}
