//! GitHub workflow annotations of a run, one command per line: data-quality findings and rule
//! diagnostics at their file, line and column (rendered by `diag`), then each alert
//! (`::error` critical, `::warning` warning, `::notice` info), then each failed gate.
//!
//! Every property and message goes through `diag`'s escapes (`%`, CR, LF; `:` and `,` in
//! properties), so an organization id or a reason text cannot end a command early.

use crate::diag::{github_data, github_property, render_github};
use crate::model::recommendation::AlertLevel;
use crate::report::ci::CiResults;

/// The annotations, newline-terminated.
pub(super) fn render(run: &CiResults<'_>) -> String {
    let mut lines: Vec<String> = run.diagnostics().iter().map(render_github).collect();
    for h in run.headlines {
        for alert in &h.alerts {
            let command = match alert.level {
                AlertLevel::Critical => "error",
                AlertLevel::Warning => "warning",
                AlertLevel::Info => "notice",
            };
            let group = alert
                .group
                .map_or(String::new(), |g| format!(" ({})", g.as_str()));
            let title = format!(
                "{}: {} alert {}{group}",
                h.organization,
                alert.level.as_str(),
                alert.code()
            );
            lines.push(format!(
                "::{command} title={}::{}",
                github_property(&title),
                github_data(alert.text())
            ));
        }
    }
    for gate in run.gates.iter().filter(|g| !g.passed) {
        lines.push(format!(
            "::error title={}::{}",
            github_property(&format!("gate --{} {}", gate.name, gate.threshold)),
            github_data(&gate.message)
        ));
    }
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ci::fixture::with_sample;

    #[test]
    fn findings_alerts_and_failed_gates_are_escaped_commands() {
        with_sample(|run| {
            let text = render(run);
            let lines: Vec<&str> = text.lines().collect();
            let alerts: usize = run.headlines.iter().map(|h| h.alerts.len()).sum();
            assert_eq!(lines.len(), 2 + alerts + 1, "{text}");
            assert_eq!(
                lines[0],
                "::warning file=data/a%2Cb.csv,line=3,col=2,title=I102::expected a whole number from 1 to 5, found \"6\": 50%25"
            );
            assert!(lines[1].starts_with("::warning file=rules/x.rhai,line=7,col=1,title=L002::"));
            assert!(lines
                .iter()
                .any(|l| l.starts_with("::error title=gate --max-rejected-rows 2%25::10 of 200")));
            for line in &lines[2..2 + alerts] {
                assert!(line.starts_with("::"), "{line}");
                assert!(
                    line.contains("%3A critical alert")
                        || line.contains("%3A warning alert")
                        || line.contains("%3A info alert"),
                    "{line}"
                );
            }
        });
    }
}
