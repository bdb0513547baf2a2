//! Organization ids.

use serde::Serialize;

/// An organization's id as the surveys write it (also its report file name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct OrganizationId(String);

impl OrganizationId {
    /// Accepts a non-empty id of letters, digits, `-`, `_` and `.`, not starting with `.`,
    /// because it becomes a file name under `reports/`.
    pub fn new(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let valid = !text.is_empty()
            && text.len() <= 64
            && !text.starts_with('.')
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if valid {
            Ok(OrganizationId(text.to_string()))
        } else {
            Err(format!(
                "expected an organization id of up to 64 letters, digits, '-', '_' or '.', found {text:?}"
            ))
        }
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for OrganizationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_file_names() {
        assert!(OrganizationId::new("acme-energy").is_ok());
        assert!(OrganizationId::new("../etc").is_err());
        assert!(OrganizationId::new("a/b").is_err());
        assert!(OrganizationId::new(" ").is_err());
    }
}
