//! `explain`'s plain text: the inputs and params, then one paragraph per decision with every
//! line behind it (points added, values set, overrides), "why not" for services below `must`,
//! and the decision-table rows matched.

use std::fmt::Write;

use crate::rules::trace::{num, Because, Explanation};

/// `rules/20_services.rhai:49; +0.85 points` — what goes in the parentheses: the rule first
/// (or `default`), then what the line added or set.
fn annotation(b: &Because) -> String {
    let mut parts = vec![b.rule.clone().unwrap_or_else(|| "default".into())];
    if let Some(points) = b.points {
        let sign = if points < 0.0 { "" } else { "+" };
        parts.push(format!("{sign}{} points", num(points)));
    }
    if let Some(sets) = &b.sets {
        parts.push(format!("sets {sets}"));
    }
    parts.join("; ")
}

impl Explanation {
    /// Plain text: the inputs, then one paragraph per decision with its reasons and rules.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n", self.organization);
        for (title, facts) in [("inputs", &self.inputs), ("params", &self.params)] {
            if !facts.is_empty() {
                let _ = writeln!(s, "\n{title}:");
                for f in facts {
                    let _ = writeln!(s, "  {} = {}", f.name, f.value);
                }
            }
        }
        let mut stage = "";
        for step in &self.steps {
            if step.stage != stage {
                stage = step.stage;
                let _ = writeln!(s, "\n{stage}:");
            }
            let _ = writeln!(s, "  {}: {}", step.subject, step.decision);
            for b in &step.because {
                let _ = write!(s, "    — {} ({})", b.text, annotation(b));
                if let Some(by) = &b.overridden_by {
                    let _ = write!(s, " [overridden by {by}]");
                }
                s.push('\n');
            }
            if let Some(why) = &step.why_not {
                let _ = writeln!(s, "    why not higher: {why}");
            }
        }
        if !self.tables.is_empty() {
            s.push_str("\ndecision-table rows matched:\n");
            for t in &self.tables {
                let _ = write!(s, "  {}:{} ({})", t.file, t.line, t.inputs);
                if let Some(at) = &t.called_at {
                    let _ = write!(s, " called at {at}");
                }
                s.push('\n');
            }
        }
        s
    }
}
