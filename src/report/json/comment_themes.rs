//! `comment_themes`: what customers wrote, by theme of the catalog's lexicon, with counts per
//! group and short quotes: the data behind the report's "What customers said" section.
//!
//! Owned wire data (Serialize and Deserialize), so that a reader of the JSON can rebuild the
//! section; the counting and the choice of quotes live in `report::build::themes`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::customer::CustomerGroup;
use crate::report::build::ThemeSummary;

/// One theme that at least one comment shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentThemeJson {
    /// The theme's key in `themes.csv`.
    pub theme: String,
    /// Its display name.
    pub name: String,
    /// Comments showing it, all groups together.
    pub count: u32,
    /// Comments showing it per group (groups with none are absent).
    pub groups: BTreeMap<CustomerGroup, u32>,
    /// One or two short representative quotes (the shortest sentences showing the theme).
    pub examples: Vec<QuoteJson>,
}

/// A quote and the group that wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteJson {
    /// The group.
    pub group: CustomerGroup,
    /// One sentence of a comment, cut at a word when long.
    pub text: String,
}

impl From<&ThemeSummary> for CommentThemeJson {
    fn from(t: &ThemeSummary) -> Self {
        CommentThemeJson {
            theme: t.key.clone(),
            name: t.name.clone(),
            count: t.count,
            groups: t.groups.clone(),
            examples: t
                .examples
                .iter()
                .map(|(group, text)| QuoteJson {
                    group: *group,
                    text: text.clone(),
                })
                .collect(),
        }
    }
}
