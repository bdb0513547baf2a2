//! Rule-change impact: the same inputs replayed through two versions of the rules, which
//! decisions changed, and which rule lines — changed or not — stand behind them.
//!
//! Plain data plus one pure function, `changed_lines`, a line diff (longest common
//! subsequence) that tells which lines of a rule file differ between the two versions. The
//! CLI reads the files and evaluates the rules; report renders `RuleImpact`.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::diff::PeriodDiff;

/// How a rule file differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Only in the head.
    Added,
    /// Only in the base.
    Removed,
    /// In both, with other content.
    Modified,
}

/// A rule file (path relative to the rules folder) that differs, with the 1-based lines that
/// differ on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleFileChange {
    /// Path relative to the rules folder, `/`-separated.
    pub file: String,
    /// Added, removed or modified.
    pub status: FileStatus,
    /// Lines of the base version that are not in the head (all, for a removed file).
    pub base_lines: BTreeSet<u32>,
    /// Lines of the head version that are not in the base (all, for an added file).
    pub head_lines: BTreeSet<u32>,
}

/// A rule location behind a decision, and whether its line is one that changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RuleSite {
    /// Path relative to the rules folder.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// True when this line differs between the two rule versions.
    pub changed: bool,
}

/// A decision whose outcome changed, with the rules that made it on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedDecision {
    /// Organization id.
    pub organization: String,
    /// Which decision: `service portfolio_management`, `approach project_manager`,
    /// `profile`, `alert low_nps project_manager`.
    pub decision: String,
    /// Rule locations of the base's reasons, sorted, without duplicates.
    pub base_rules: Vec<RuleSite>,
    /// Rule locations of the head's reasons, sorted, without duplicates.
    pub head_rules: Vec<RuleSite>,
}

impl ChangedDecision {
    /// Whether a changed rule line stands behind the decision on either side.
    pub fn has_changed_rule(&self) -> bool {
        self.base_rules
            .iter()
            .chain(&self.head_rules)
            .any(|s| s.changed)
    }
}

/// A param whose value differs between the two sides (as each side's engine received it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamChange {
    /// The param's name (`must_cutoff`).
    pub name: String,
    /// The base's value; `None` when the base has no such param.
    pub base: Option<f64>,
    /// The head's value; `None` when the head has no such param.
    pub head: Option<f64>,
}

/// On which side a decision-table row matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowSide {
    /// Only under the base rules.
    Base,
    /// Only under the head rules.
    Head,
    /// Under both (listed when its line changed).
    Both,
}

/// A decision-table row behind an organization's changed decisions: it matched on one side
/// only, or its line differs between the versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TableRowChange {
    /// Organization id.
    pub organization: String,
    /// The table file, relative to the rules folder (`tables/approach_by_maturity.csv`).
    pub file: String,
    /// 1-based line of the row (on the side it matched; the head's when both).
    pub line: u32,
    /// Where it matched.
    pub side: RowSide,
    /// True when this line differs between the two versions.
    pub changed: bool,
}

/// How much was compared, so that "nothing differs" can say of what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Compared {
    /// Rule files (scripts, modules, tables, tests) on either side.
    pub rule_files: usize,
    /// Params on either side.
    pub params: usize,
    /// Organizations replayed.
    pub organizations: usize,
}

/// The impact of a rule change on the same inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleImpact {
    /// The base rules as named (a folder or `rev:path`).
    pub base: String,
    /// The head rules folder as named.
    pub head: String,
    /// Rule files that differ, by path.
    pub files: Vec<RuleFileChange>,
    /// Changed decisions, by organization, then in diff order.
    pub decisions: Vec<ChangedDecision>,
    /// The results' diff (base rules → head rules).
    pub diff: PeriodDiff,
    /// Params that differ, by name.
    pub params: Vec<ParamChange>,
    /// Decision-table rows behind the changed organizations, sorted.
    pub table_rows: Vec<TableRowChange>,
    /// How much was compared.
    pub compared: Compared,
}

impl RuleImpact {
    /// True when no rule file, no param and no result differs.
    pub fn nothing_differs(&self) -> bool {
        self.files.is_empty() && self.params.is_empty() && self.diff.changed().next().is_none()
    }
}

/// The 1-based lines of `base` and of `head` that are not part of a longest common
/// subsequence of lines: what a line diff shows as removed and added.
pub fn changed_lines(base: &str, head: &str) -> (BTreeSet<u32>, BTreeSet<u32>) {
    let a: Vec<&str> = base.lines().collect();
    let b: Vec<&str> = head.lines().collect();
    // Common prefix and suffix first: edits are usually small, which keeps the table small.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let (n, m) = (mid_a.len(), mid_b.len());
    // lcs[i][j] = LCS length of mid_a[i..] and mid_b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if mid_a[i] == mid_b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut removed, mut added) = (BTreeSet::new(), BTreeSet::new());
    let line = |index: usize| (prefix + index + 1) as u32;
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && mid_a[i] == mid_b[j] {
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.insert(line(j));
            j += 1;
        } else {
            removed.insert(line(i));
            i += 1;
        }
    }
    (removed, added)
}

/// Every line number of a text (for added or removed files).
pub fn all_lines(text: &str) -> BTreeSet<u32> {
    (1..=text.lines().count() as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_shows_on_both_sides() {
        let base = "a\nb\nlet x = 0.75;\nc\n";
        let head = "a\nb\nlet x = 0.60;\nc\n";
        let (removed, added) = changed_lines(base, head);
        assert_eq!(removed.into_iter().collect::<Vec<_>>(), [3]);
        assert_eq!(added.into_iter().collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn insertions_shift_nothing_else() {
        let (removed, added) = changed_lines("a\nb\nc\n", "a\nnew\nb\nc\nend\n");
        assert!(removed.is_empty());
        assert_eq!(added.into_iter().collect::<Vec<_>>(), [2, 5]);
        let (removed, added) = changed_lines("a\nb\nc\n", "c\n");
        assert_eq!(removed.into_iter().collect::<Vec<_>>(), [1, 2]);
        assert!(added.is_empty());
        assert_eq!(all_lines("x\ny").len(), 2);
    }

    #[test]
    fn a_decision_knows_whether_a_changed_rule_is_behind_it() {
        let site = |changed| RuleSite {
            file: "20_services.rhai".into(),
            line: 56,
            changed,
        };
        let mut d = ChangedDecision {
            organization: "acme".into(),
            decision: "profile".into(),
            base_rules: vec![site(false)],
            head_rules: vec![site(false)],
        };
        assert!(!d.has_changed_rule());
        d.head_rules.push(site(true));
        assert!(d.has_changed_rule());
    }
}
