//! Sandboxed Rhai scripts → decisions, each with a reason and the rule's location.
//!
//! `RuleSet::load` compiles every script in the rules folder once; `RuleSet::evaluate` runs
//! them for one organization (any thread, any order: evaluation shares nothing mutable), and
//! returns a `Recommendation`. Scripts see the host API of `api/` and nothing else: no files,
//! no clock, no `eval`, imports confined to the rules folder, and hard limits from `limits.rs`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;

mod error;
mod limits;

pub use error::RuleError;
pub use limits::Limits;

/// Settings the scripts read: limits, group weights and named parameters from the config.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Sandbox limits.
    pub limits: Limits,
    /// Weight of each customer group when outcome priorities are combined (default 1.0).
    pub group_weights: BTreeMap<CustomerGroup, f64>,
    /// Named numeric parameters (`[rules.params]` in the config), read by scripts as `params`.
    pub params: BTreeMap<String, f64>,
}

/// A rule script as loaded: its display path and bytes (hashed into the manifest).
#[derive(Debug, Clone)]
pub struct ScriptFile {
    /// Path as shown to users, such as `rules/services.rhai`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The compiled rules of one run.
pub struct RuleSet {
    scripts: Vec<ScriptFile>,
}

impl RuleSet {
    /// Compiles every `*.rhai` file in `dir` (in name order); reports every file's errors.
    pub fn load(
        dir: &Path,
        catalog: Arc<Catalog>,
        settings: RuleSettings,
    ) -> Result<RuleSet, Vec<RuleError>> {
        let _ = (dir, catalog, settings);
        todo!("issue 2: rules")
    }

    /// Runs the scripts for one organization.
    pub fn evaluate(&self, input: &OrganizationInput) -> Result<Recommendation, RuleError> {
        let _ = input;
        todo!("issue 2: rules")
    }

    /// The scripts loaded, in evaluation order.
    pub fn scripts(&self) -> &[ScriptFile] {
        &self.scripts
    }
}
