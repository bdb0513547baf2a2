//! Reasons: why a rule decided something, where the rule is, and the inputs it used.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The script location of the rule that made a decision.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RuleLocation {
    /// Script path as shown to users (such as `rules/services.rhai`). Shared: every reason
    /// carries one, hundreds per organization, and a script's reasons share its name.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl std::fmt::Display for RuleLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A business-readable reason for one decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// The sentence a business reader sees.
    pub text: String,
    /// Where the rule is; `None` for decisions the host made (defaults).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleLocation>,
    /// Input values that drove the decision, by name (for `explain`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<String, String>,
}

impl Reason {
    /// A reason with a rule location and no recorded inputs.
    pub fn new(text: impl Into<String>, rule: Option<RuleLocation>) -> Self {
        Reason {
            text: text.into(),
            rule,
            inputs: BTreeMap::new(),
        }
    }
}
