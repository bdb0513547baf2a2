//! The diff as plain text for a terminal: a headline, then each changed organization's
//! sentences under short headings. No colour and no terminal width: `cli` decides those.

use std::fmt::Write;

use crate::model::diff::PeriodDiff;
use crate::report::build::upper_first;
use crate::report::diff::{org_sentences, DiffLabels};

/// The diff as human-readable text with a trailing newline.
pub fn render_diff_text(diff: &PeriodDiff, labels: &DiffLabels) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(out, "Changes from {} to {}", labels.base, labels.head);
    if let Some(first) = diff.organizations.first() {
        let r = &first.rules_version;
        if r.base != r.head {
            let _ = write!(out, " (rules {} → {})", r.base, r.head);
        }
    }
    out.push('\n');
    for o in &diff.organizations_added {
        let _ = writeln!(out, "organization added: {} ({})", o.id, o.name);
    }
    for o in &diff.organizations_removed {
        let _ = writeln!(out, "organization removed: {} ({})", o.id, o.name);
    }
    let changed = diff.changed().count();
    let _ = writeln!(
        out,
        "{} organization(s) in both: {changed} changed, {} unchanged",
        diff.organizations.len(),
        diff.organizations.len() - changed
    );
    for d in &diff.organizations {
        let kinds: Vec<&str> = d.kinds().iter().map(|k| k.as_str()).collect();
        out.push('\n');
        if kinds.is_empty() {
            let _ = writeln!(out, "{} ({}): no change", d.id, d.name);
            continue;
        }
        let _ = writeln!(out, "{} ({}): {}", d.id, d.name, kinds.join(", "));
        for (title, lines) in org_sentences(d) {
            let _ = writeln!(out, "  {}", upper_first(title));
            for line in lines {
                let _ = writeln!(out, "    - {line}");
            }
        }
    }
    let kinds: Vec<&str> = diff.kinds().iter().map(|k| k.as_str()).collect();
    out.push('\n');
    if kinds.is_empty() {
        out.push_str("No change.\n");
    } else {
        let _ = writeln!(out, "Kinds of change: {}", kinds.join(", "));
    }
    out
}
