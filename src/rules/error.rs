//! `RuleError`: a script that does not compile, fails at run time, or hits a sandbox limit.

use crate::diag::Diagnostic;

/// A rule problem (exit code 3).
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// Placeholder until the rules stage lands.
    #[error("{}", .0.message)]
    Script(Box<Diagnostic>),
}

impl RuleError {
    /// As a diagnostic, for rendering.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            RuleError::Script(d) => (**d).clone(),
        }
    }
}
