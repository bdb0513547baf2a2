//! The CI outputs of a run that failed before it had results (a rule error, unreadable data,
//! a refused period): the same files the pipeline expects, holding the errors instead, so the
//! dashboards show why the job failed rather than a missing-artifact error.

use std::fmt::Write;

use serde::Serialize;

use crate::diag::{render_github, render_human, render_sarif, Diagnostic};
use crate::report::ci::{xml_escape, CiFormat, RUN_SCHEMA_VERSION, TOOL_NAME};
use crate::report::json::to_pretty_bytes;

/// The JSON document of a failed run.
#[derive(Serialize)]
struct FailureJson<'a> {
    schema_version: u32,
    tool_version: &'a str,
    ok: bool,
    exit_code: i32,
    errors: &'a [Diagnostic],
}

/// `format` for a run that ended with `exit_code` and these error diagnostics.
pub fn render_failure(
    format: CiFormat,
    errors: &[Diagnostic],
    exit_code: i32,
    tool_version: &str,
) -> String {
    match format {
        CiFormat::Json => String::from_utf8_lossy(&to_pretty_bytes(&FailureJson {
            schema_version: RUN_SCHEMA_VERSION,
            tool_version,
            ok: false,
            exit_code,
            errors,
        }))
        .into_owned(),
        CiFormat::Sarif => {
            let mut text =
                serde_json::to_string_pretty(&render_sarif(errors, TOOL_NAME, tool_version))
                    .unwrap_or_default();
            text.push('\n');
            text
        }
        CiFormat::Github => errors.iter().map(|d| render_github(d) + "\n").collect(),
        CiFormat::Junit => {
            let messages: Vec<String> = errors.iter().map(render_human).collect();
            let first = errors.first().map_or("failed", |d| d.message.as_str());
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            let _ = writeln!(
                out,
                "<testsuites name=\"{TOOL_NAME}\" tests=\"1\" failures=\"0\" errors=\"1\">"
            );
            let _ = writeln!(
                out,
                "  <testsuite name=\"run\" tests=\"1\" failures=\"0\" errors=\"1\">"
            );
            let _ = writeln!(out, "    <testcase name=\"run\" classname=\"{TOOL_NAME}\">");
            let _ = writeln!(
                out,
                "      <error type=\"exit code {exit_code}\" message=\"{}\">{}</error>",
                xml_escape(first),
                xml_escape(&messages.join("\n"))
            );
            out.push_str("    </testcase>\n  </testsuite>\n</testsuites>\n");
            out
        }
        CiFormat::Markdown => {
            let mut out = format!(
                "# {TOOL_NAME} run failed\n\nExit code {exit_code}; no reports were written for this period.\n\n"
            );
            for d in errors {
                let _ = writeln!(out, "```text\n{}\n```\n", render_human(d).trim_end());
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Location, Severity};

    fn errors() -> Vec<Diagnostic> {
        vec![Diagnostic::new(
            "R001",
            Severity::Error,
            "unknown service <x> & co",
            Location::None,
        )]
    }

    #[test]
    fn every_format_carries_the_error() {
        for format in CiFormat::ALL {
            let text = render_failure(format, &errors(), 3, "0.1.0");
            assert!(text.contains("unknown service"), "{format:?}: {text}");
        }
        let junit = render_failure(CiFormat::Junit, &errors(), 3, "0.1.0");
        assert!(junit.contains("errors=\"1\""));
        assert!(junit.contains("&lt;x&gt; &amp; co"), "{junit}");
        let json: serde_json::Value =
            serde_json::from_str(&render_failure(CiFormat::Json, &errors(), 3, "0.1.0")).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["exit_code"], 3);
    }
}
