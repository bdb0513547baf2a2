//! Table-driven rule tests: the cases of `rules/tests/*.toml`, their inputs and expectations.
//!
//! A test file holds `[[case]]` entries (one input, one set of expectations each) and
//! `[[table]]` entries (a case template with `columns` and `rows`: each row sets the dotted
//! paths named by the columns and becomes one case). The CLI parses the TOML and hands the
//! document over as JSON-like data (`toml` lives in `cli`); this module expands tables,
//! deserializes cases, builds each case's `OrganizationInput` in memory (`input.rs`), runs it
//! through a `RuleSet` (`run.rs`) and compares the results with the expectations
//! (`expect.rs`). It never reads files: fixture files are loaded by the caller.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::model::customer::CustomerGroup;
use crate::model::service::ServiceKey;

pub mod expect;
mod expect_method;
pub mod input;
pub mod run;

pub use expect::{Expect, Failure};
pub use input::{BaselineInput, FixtureFiles, GroupInput, RespondentInput};
pub use run::{CaseResult, Runner, Status};

/// One test case as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Name shown in results and matched by `--filter`.
    pub name: String,
    /// What the case shows, for readers.
    #[serde(default)]
    pub description: Option<String>,
    /// Organization id (default `case`).
    #[serde(default)]
    pub organization: Option<String>,
    /// Fixture files to ingest instead of (or under) the inline input.
    #[serde(default)]
    pub files: Option<FixtureFiles>,
    /// The baseline; absent means no baseline row names the organization.
    #[serde(default)]
    pub baseline: Option<BaselineInput>,
    /// Customer groups with their aggregates.
    #[serde(default)]
    pub groups: BTreeMap<CustomerGroup, GroupInput>,
    /// Individual respondent rows, added to their group's aggregates.
    #[serde(default)]
    pub respondents: Vec<RespondentInput>,
    /// Service maturity, `{ current, target }` per service.
    #[serde(default)]
    pub service_maturity: BTreeMap<ServiceKey, input::MaturityInput>,
    /// `params` overrides for this case (over the defaults).
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    /// Group weights for this case (default 1.0).
    #[serde(default)]
    pub weights: BTreeMap<CustomerGroup, f64>,
    /// What the rules must decide.
    #[serde(default)]
    pub expect: Expect,
}

/// A case with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The test file, as shown to users.
    pub file: String,
    /// The case.
    pub case: Case,
}

/// Expands a test file's document (`{ case: [...], table: [...] }`) into its cases, in file
/// order (cases first, then each table's rows).
pub fn parse_cases(file: &str, doc: Value) -> Result<Vec<LoadedCase>, String> {
    let Value::Object(mut doc) = doc else {
        return Err(format!(
            "{file}: expected a table with [[case]] or [[table]] entries"
        ));
    };
    let cases = take_array(&mut doc, "case", file)?;
    let tables = take_array(&mut doc, "table", file)?;
    if let Some(key) = doc.keys().next() {
        return Err(format!(
            "{file}: unknown key `{key}` (a test file holds [[case]] and [[table]] entries)"
        ));
    }
    let mut out = Vec::new();
    for (i, value) in cases.into_iter().enumerate() {
        let case = deserialize_case(value).map_err(|e| format!("{file}: case {}: {e}", i + 1))?;
        out.push(LoadedCase {
            file: file.to_string(),
            case,
        });
    }
    for (i, table) in tables.into_iter().enumerate() {
        let expanded = expand_table(table).map_err(|e| format!("{file}: table {}: {e}", i + 1))?;
        for (row, value) in expanded.into_iter().enumerate() {
            let case = deserialize_case(value)
                .map_err(|e| format!("{file}: table {}, row {}: {e}", i + 1, row + 1))?;
            out.push(LoadedCase {
                file: file.to_string(),
                case,
            });
        }
    }
    Ok(out)
}

fn take_array(
    doc: &mut serde_json::Map<String, Value>,
    key: &str,
    file: &str,
) -> Result<Vec<Value>, String> {
    match doc.remove(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(format!(
            "{file}: `{key}` must be an array of tables ([[{key}]])"
        )),
    }
}

fn deserialize_case(value: Value) -> Result<Case, String> {
    let case: Case = serde_json::from_value(value).map_err(|e| e.to_string())?;
    if case.name.trim().is_empty() {
        return Err("the case has a blank `name`".into());
    }
    Ok(case)
}

/// One case per row: the template with each column's dotted path set to the row's value.
fn expand_table(table: Value) -> Result<Vec<Value>, String> {
    let Value::Object(mut template) = table else {
        return Err("expected a table".into());
    };
    let columns: Vec<String> = match template.remove("columns") {
        Some(Value::Array(c)) => c
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                other => Err(format!(
                    "a column must be a dotted path string, found {other}"
                )),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("`columns` (an array of dotted paths) is required".into()),
    };
    let Some(Value::Array(rows)) = template.remove("rows") else {
        return Err("`rows` (an array of arrays) is required".into());
    };
    let name = match template.get("name") {
        Some(Value::String(n)) => n.clone(),
        _ => return Err("the table has no `name`".into()),
    };
    let mut out = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let Value::Array(values) = row else {
            return Err(format!("row {} is not an array", r + 1));
        };
        if values.len() != columns.len() {
            return Err(format!(
                "row {} has {} value(s) for {} column(s)",
                r + 1,
                values.len(),
                columns.len()
            ));
        }
        let mut case = Value::Object(template.clone());
        let mut labels = Vec::new();
        for (path, value) in columns.iter().zip(values) {
            if !path.starts_with("expect.") {
                labels.push(format!("{}={}", last_segment(path), short(&value)));
            }
            set_path(&mut case, path, value).map_err(|e| format!("row {}: {e}", r + 1))?;
        }
        if let Value::Object(map) = &mut case {
            map.insert(
                "name".into(),
                Value::String(format!("{name} [{}]", labels.join(", "))),
            );
        }
        out.push(case);
    }
    Ok(out)
}

fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn short(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Sets `a.b.c` in `root`, creating tables on the way.
fn set_path(root: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let mut current = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            return Err(format!("empty segment in column `{path}`"));
        }
        let Value::Object(map) = current else {
            return Err(format!(
                "column `{path}`: `{}` is not a table",
                parts[..i].join(".")
            ));
        };
        if i + 1 == parts.len() {
            map.insert((*part).to_string(), value);
            return Ok(());
        }
        current = map
            .entry((*part).to_string())
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tables_expand_into_one_named_case_per_row() {
        let doc = json!({
            "case": [{ "name": "plain", "expect": {} }],
            "table": [{
                "name": "maturity",
                "groups": { "executive": { "respondents": 10 } },
                "columns": ["groups.executive.maturity", "expect.approaches.executive"],
                "rows": [[5, "consultative"], [1, "controlling"]]
            }]
        });
        let cases = parse_cases("t.toml", doc).unwrap();
        let names: Vec<&str> = cases.iter().map(|c| c.case.name.as_str()).collect();
        assert_eq!(
            names,
            ["plain", "maturity [maturity=5]", "maturity [maturity=1]"]
        );
        let exec = &cases[2].case.groups[&CustomerGroup::Executive];
        assert_eq!(exec.respondents, Some(10));
        assert!(cases[2]
            .case
            .expect
            .approaches
            .contains_key(&CustomerGroup::Executive));
    }

    #[test]
    fn bad_documents_name_the_problem() {
        let err = parse_cases("t.toml", json!({ "cases": [] })).unwrap_err();
        assert!(err.contains("unknown key `cases`"), "{err}");
        let err = parse_cases(
            "t.toml",
            json!({ "case": [{ "name": "x", "groups": { "execs": {} } }] }),
        )
        .unwrap_err();
        assert!(err.contains("case 1") && err.contains("execs"), "{err}");
        let table = json!({ "table": [{ "name": "t", "columns": ["a"], "rows": [[1, 2]] }] });
        let err = parse_cases("t.toml", table).unwrap_err();
        assert!(err.contains("2 value(s) for 1 column(s)"), "{err}");
    }
}
