//! Customer-group labels as surveys write them: the 7 keys, the catalog's display names and
//! the configured aliases, all matched case-insensitively.
//!
//! Separate from the customer reader so the matching rules (and later, per-platform label
//! sets) live in one place. It knows no rows or files.

use crate::ingest::cell::Problem;
use crate::ingest::finding;
use crate::ingest::IngestOptions;
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;

/// Customer-group labels: the 7 keys, the catalog's display names and configured aliases,
/// all matched case-insensitively.
pub(crate) struct GroupLabels {
    labels: Vec<(String, CustomerGroup)>,
}

impl GroupLabels {
    /// The keys, display names and aliases.
    pub(crate) fn new(catalog: &Catalog, options: &IngestOptions) -> Self {
        let mut labels: Vec<(String, CustomerGroup)> = CustomerGroup::ALL
            .iter()
            .map(|&g| (g.as_str().to_string(), g))
            .collect();
        labels.extend(
            CustomerGroup::ALL
                .iter()
                .map(|&g| (catalog.group(g).name.to_lowercase(), g)),
        );
        labels.extend(
            options
                .group_aliases
                .iter()
                .map(|(label, &g)| (label.trim().to_lowercase(), g)),
        );
        GroupLabels { labels }
    }

    /// Matches an ASCII label on raw bytes (the hot path: no decoding).
    pub(crate) fn find_bytes(&self, raw: &[u8]) -> Option<CustomerGroup> {
        let raw = raw.trim_ascii();
        self.labels
            .iter()
            .find(|(l, _)| l.as_bytes().eq_ignore_ascii_case(raw))
            .map(|(_, g)| *g)
    }

    /// Matches a decoded label, with Unicode case folding for non-ASCII text.
    pub(crate) fn find(&self, text: &str) -> Option<CustomerGroup> {
        let text = text.trim();
        if let Some((_, g)) = self
            .labels
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(text))
        {
            return Some(*g);
        }
        // Non-ASCII labels ("Gerentes de projeto…") need full Unicode case folding; rare, so
        // the allocation is paid only here.
        if !text.is_ascii() {
            let lower = text.to_lowercase();
            return self
                .labels
                .iter()
                .find(|(l, _)| *l == lower)
                .map(|(_, g)| *g);
        }
        None
    }

    /// What an unknown label is reported as.
    pub(crate) fn problem(&self) -> Problem {
        Problem {
            code: finding::UNKNOWN_GROUP,
            expected: format!(
                "a customer group ({}) or a configured alias",
                CustomerGroup::KEYS.join(", ")
            ),
            hint: None,
        }
    }

    /// Every accepted label (lower case), for did-you-mean hints.
    pub(crate) fn labels(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|(l, _)| l.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read_catalog;

    #[test]
    fn keys_names_and_aliases_match_in_any_case() {
        let catalog =
            read_catalog(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog"))
                .unwrap();
        let mut options = IngestOptions::default();
        options
            .group_aliases
            .insert("Gerente de Projeto".into(), CustomerGroup::ProjectManager);
        let labels = GroupLabels::new(&catalog, &options);
        assert_eq!(
            labels.find_bytes(b" EXECUTIVE "),
            Some(CustomerGroup::Executive)
        );
        assert_eq!(
            labels.find_bytes(b"project managers"),
            Some(CustomerGroup::ProjectManager)
        );
        assert_eq!(
            labels.find("GERENTE DE PROJETO"),
            Some(CustomerGroup::ProjectManager)
        );
        assert_eq!(labels.find("Équipe"), None);
        assert_eq!(labels.find_bytes(b"nobody"), None);
    }
}
