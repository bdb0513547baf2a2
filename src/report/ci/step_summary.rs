//! The Markdown step summary of a run (for `$GITHUB_STEP_SUMMARY` or a merge-request note):
//! the gate verdicts first, so a reader sees at once whether the run passed, then the data
//! quality, then `summary.md`'s headline table and per-organization sections unchanged.

use std::fmt::Write;

use crate::report::ci::{rejected_percent, CiResults};
use crate::report::markdown::escape;
use crate::report::render_summary;

/// The step summary, newline-terminated.
pub(super) fn render(run: &CiResults<'_>) -> String {
    let mut out = render_summary(run.ctx, run.headlines);
    out.push_str("\n## Gates\n\n");
    if run.gates.is_empty() {
        out.push_str("No gate was set (`--fail-on`, `--max-rejected-rows`, `--max-findings`).\n");
    } else {
        let verdict = if run.passed() { "passed" } else { "failed" };
        let _ = writeln!(out, "**Verdict: {verdict}.**\n");
        out.push_str("| Gate | Threshold | Actual | Verdict |\n|---|---|---|---|\n");
        for gate in run.gates {
            let _ = writeln!(
                out,
                "| `--{}` | {} | {} | {} |",
                gate.name,
                escape(&gate.threshold),
                escape(&gate.actual),
                if gate.passed { "pass" } else { "**FAIL**" }
            );
        }
    }
    let dq = run.data_quality;
    let _ = writeln!(
        out,
        "\n## Data quality\n\n{} row(s) read, {} used, {} rejected ({:.2}%); {} finding(s).\n",
        dq.rows_read(),
        dq.rows_used(),
        dq.rows_rejected(),
        rejected_percent(dq),
        dq.findings.len()
    );
    if !dq.sources.is_empty() {
        out.push_str("| File | Kind | Read | Used | Rejected |\n|---|---|---:|---:|---:|\n");
        for s in &dq.sources {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&s.file),
                escape(&s.kind),
                s.rows_read,
                s.rows_used,
                s.rows_rejected
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ci::fixture::with_sample;

    #[test]
    fn gates_and_data_quality_follow_the_headline_table() {
        with_sample(|run| {
            let text = render(run);
            assert!(
                text.starts_with("# PMO recommendations, 2026-Q3\n"),
                "{text}"
            );
            assert!(text.contains("**Verdict: failed.**"));
            assert!(
                text.contains("| `--max-rejected-rows` | 2% | 10 of 200 rows (5.00%) | **FAIL** |")
            );
            assert!(text.contains("200 row(s) read, 190 used, 10 rejected (5.00%); 1 finding(s)."));
            assert!(text.contains("| data/a,b.csv | customers | 200 | 190 | 10 |"));
        });
    }
}
