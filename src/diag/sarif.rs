//! Machine renderings of diagnostics for CI: SARIF 2.1.0 (code-scanning uploads) and GitHub
//! workflow commands (`::error file=…,line=…,col=…::message`).
//!
//! Pure functions from diagnostics to text or JSON values; they print nothing and read no file.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::diag::codes::describe;
use crate::diag::diagnostic::{Diagnostic, Severity};
use crate::diag::location::Location;

/// The SARIF 2.1.0 schema URI written into every log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF 2.1.0 log with one run of `tool` (name, version) holding every diagnostic.
pub fn render_sarif(diagnostics: &[Diagnostic], tool: &str, version: &str) -> Value {
    // One rule per code (sorted by id), described by what the code checks: the first message
    // seen named one organization's or line's problem as if it were the rule.
    let mut rules: BTreeMap<&str, &str> = BTreeMap::new();
    for d in diagnostics {
        rules
            .entry(d.code)
            .or_insert_with(|| describe(d.code).unwrap_or("A pmo-advisor diagnostic."));
    }
    let rule_ids: Vec<&str> = rules.keys().copied().collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            for hint in &d.hints {
                text.push_str("\nhint: ");
                text.push_str(hint);
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": rule_ids.iter().position(|r| *r == d.code).unwrap_or(0),
                "level": match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "note",
                },
                "message": { "text": text },
            });
            if let Some(location) = sarif_location(&d.location) {
                result["locations"] = json!([location]);
            }
            result
        })
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": tool,
                "version": version,
                "rules": rules.iter().map(|(id, text)| json!({
                    "id": id,
                    "shortDescription": { "text": text },
                })).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    })
}

fn sarif_location(location: &Location) -> Option<Value> {
    let (file, region) = match location {
        Location::Script { file, line, column } => {
            (file, json!({ "startLine": line, "startColumn": column }))
        }
        Location::Csv {
            file, line, column, ..
        } => {
            let mut region = json!({ "startLine": line });
            if let Some(c) = column {
                region["startColumn"] = json!(c.column);
            }
            (file, region)
        }
        // A workbook has no lines: the file only; the cell reference is in human renderings.
        Location::File { file } | Location::Sheet { file, .. } => (file, Value::Null),
        Location::None => return None,
    };
    let mut physical = json!({ "artifactLocation": { "uri": file.replace('\\', "/") } });
    if !region.is_null() {
        physical["region"] = region;
    }
    Some(json!({ "physicalLocation": physical }))
}

/// One GitHub workflow command: `::error file=rules/a.rhai,line=4,col=12,title=L001::message`.
pub fn render_github(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = Vec::new();
    match &d.location {
        Location::Script { file, line, column } => {
            props.push(format!("file={}", github_property(file)));
            props.push(format!("line={line}"));
            props.push(format!("col={column}"));
        }
        Location::Csv {
            file, line, column, ..
        } => {
            props.push(format!("file={}", github_property(file)));
            props.push(format!("line={line}"));
            if let Some(c) = column {
                props.push(format!("col={}", c.column));
            }
        }
        Location::File { file } | Location::Sheet { file, .. } => {
            props.push(format!("file={}", github_property(file)));
        }
        Location::None => {}
    }
    props.push(format!("title={}", github_property(d.code)));
    let mut text = d.message.clone();
    for hint in &d.hints {
        text.push_str("\nhint: ");
        text.push_str(hint);
    }
    format!("::{command} {}::{}", props.join(","), github_data(&text))
}

/// Escapes a command's message (`%`, CR, LF), as GitHub's workflow-command parser expects.
pub fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (also `:` and `,`, which end a property).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::new(
            "L001",
            Severity::Error,
            "unknown service `risk_managment`, 50%",
            Location::Script {
                file: "rules/a,b.rhai".into(),
                line: 4,
                column: 12,
            },
        )
        .with_hint("did you mean `risk_management`?")
    }

    #[test]
    fn github_commands_escape_properties_and_data() {
        assert_eq!(
            render_github(&sample()),
            "::error file=rules/a%2Cb.rhai,line=4,col=12,title=L001::unknown service `risk_managment`, 50%25%0Ahint: did you mean `risk_management`?"
        );
    }

    #[test]
    fn sarif_has_rules_results_and_regions() {
        let log = render_sarif(&[sample()], "pmo-advisor", "0.1.0");
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "L001");
        // The rule is described by what it checks, not by the first message with its code.
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["shortDescription"]["text"],
            "Unknown service, outcome, group, approach or other key in a literal passed to the host API."
        );
        let r = &run["results"][0];
        assert_eq!(r["level"], "error");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            12
        );
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "rules/a,b.rhai"
        );
    }
}
