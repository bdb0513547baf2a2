//! "What customers said": the free-text comments read against the catalog's theme lexicon
//! (`themes.csv`), with counts per group, one or two short quotes per theme, and the comments
//! that fit no theme counted too, so a reader sees how much of what was written the themes
//! cover.
//!
//! The summaries are computed here once and serve both the PDF section and the JSON
//! `comment_themes`, so the two never disagree. Quotes are chosen deterministically: the
//! shortest sentences showing the theme, preferring two different groups.

use std::collections::BTreeMap;

use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::survey::OrganizationInput;
use crate::report::build::{col, section};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table};
use crate::report::ReportContext;

/// Quotes shown per theme for the whole organization.
const EXAMPLES_PER_THEME: usize = 2;

/// One theme's comments across the organization.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeSummary {
    /// The theme's key in the lexicon.
    pub key: String,
    /// Its display name.
    pub name: String,
    /// Comments showing it, all groups together.
    pub count: u32,
    /// Comments showing it per group (groups with none are absent).
    pub groups: BTreeMap<CustomerGroup, u32>,
    /// Short representative quotes with the group that wrote them.
    pub examples: Vec<(CustomerGroup, String)>,
}

/// The themes that at least one comment shows, most frequent first (lexicon order among
/// equals).
pub fn theme_summaries(catalog: &Catalog, input: &OrganizationInput) -> Vec<ThemeSummary> {
    // Each summary with its theme's index in the lexicon, which the groups' tallies use.
    let mut out: Vec<(usize, ThemeSummary)> = catalog
        .themes()
        .iter()
        .enumerate()
        .filter_map(|(index, t)| {
            let groups: BTreeMap<CustomerGroup, u32> = input
                .groups
                .iter()
                .map(|(g, a)| (*g, a.themes.comments(index)))
                .filter(|(_, n)| *n > 0)
                .collect();
            let count: u32 = groups.values().sum();
            (count > 0).then(|| {
                let summary = ThemeSummary {
                    key: t.key.clone(),
                    name: t.name.clone(),
                    count,
                    groups,
                    examples: Vec::new(),
                };
                (index, summary)
            })
        })
        .collect();
    // A stable sort keeps the lexicon's order among themes with equal counts.
    out.sort_by_key(|(_, t)| std::cmp::Reverse(t.count));
    // Quotes in reading order: a sentence already quoted for an earlier theme is used again
    // only when the theme has no other.
    let mut used: Vec<String> = Vec::new();
    for (index, t) in &mut out {
        t.examples = examples(input, *index, &used);
        used.extend(t.examples.iter().map(|(_, q)| q.clone()));
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// Comments that fit no theme, all groups together.
pub fn unthemed_comments(input: &OrganizationInput) -> u32 {
    input.groups.values().map(|a| a.themes.unthemed()).sum()
}

/// The shortest quote first, then the shortest from another group (or the next shortest when
/// only one group wrote about the theme); quotes not in `used` come before those that are.
fn examples(
    input: &OrganizationInput,
    theme: usize,
    used: &[String],
) -> Vec<(CustomerGroup, String)> {
    let mut all: Vec<(CustomerGroup, &str)> = input
        .groups
        .iter()
        .flat_map(|(g, a)| a.themes.quotes(theme).map(move |q| (*g, q)))
        .collect();
    all.sort_by_key(|(_, q)| (used.iter().any(|u| u == q), q.chars().count()));
    let mut chosen: Vec<(CustomerGroup, String)> = Vec::new();
    if let Some((g, q)) = all.first() {
        chosen.push((*g, (*q).to_string()));
    }
    let other = all
        .iter()
        .skip(1)
        .find(|(g, _)| chosen.iter().all(|(c, _)| c != g))
        .or_else(|| all.get(1));
    if let Some((g, q)) = other {
        chosen.push((*g, (*q).to_string()));
    }
    chosen.truncate(EXAMPLES_PER_THEME);
    chosen
}

/// The "What customers said" section, or `None` when nobody wrote a comment.
pub(super) fn what_customers_said(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
) -> Option<Section> {
    let total: u32 = input.groups.values().map(|a| a.comments_total).sum();
    if total == 0 {
        return None;
    }
    let themes = theme_summaries(ctx.catalog, input);
    let unthemed = unthemed_comments(input);
    let mut blocks = vec![Block::Paragraph(Paragraph::text(format!(
        "{total} of {} respondents wrote a comment. Each comment is read against the theme lexicon (the catalog\u{2019}s themes.csv, ours and editable); one comment can show several themes. Quotes are the shortest sentences showing each theme, from two groups where two wrote about it.",
        input.respondents()
    )))];
    if !themes.is_empty() {
        let rows = themes
            .iter()
            .map(|t| {
                let by_group: Vec<String> = t
                    .groups
                    .iter()
                    .map(|(g, n)| format!("{} {n}", ctx.catalog.group(*g).name))
                    .collect();
                let quotes: Vec<String> = t
                    .examples
                    .iter()
                    .map(|(g, q)| {
                        format!(
                            "\u{201C}{q}\u{201D} ({})",
                            ctx.catalog.group(*g).name.to_lowercase()
                        )
                    })
                    .collect();
                vec![
                    Cell::strong(t.name.clone()),
                    Cell::text(t.count.to_string()),
                    Cell::text(by_group.join("; ")),
                    Cell::text(quotes.join(" ")),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                col("Theme", 2.0, Align::Left),
                col("Comments", 1.25, Align::Right),
                col("By group", 2.2, Align::Left),
                col("In their words", 4.6, Align::Left),
            ],
            rows,
            compact: true,
        }));
    }
    blocks.push(Block::Paragraph(Paragraph::spans(vec![Span::note(
        match unthemed {
            0 => "Every comment fits at least one theme.".to_string(),
            1 => "1 comment fits no theme of the lexicon.".to_string(),
            n => format!("{n} comments fit no theme of the lexicon."),
        },
    )])));
    Some(section("What customers said", 2, false, blocks))
}
