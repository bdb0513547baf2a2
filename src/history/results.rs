//! Reads our own outputs back: one JSON result → `OrgSnapshot`, with errors that name the file
//! and the field (`acme.json: services[3].priority: expected a priority …`).
//!
//! This is the one door through which every period reaches `diff`, `history` and trends, the
//! current run's included (it parses the bytes it just rendered), so values compare equal
//! across runs. There is one definition of the layout: a result is deserialized into
//! `report::json::ReportJson`, the very type `run` serializes (and a manifest into
//! `report::Manifest`), and then turned into the snapshot history compares. Unknown fields
//! are ignored (adding a field is compatible), fields added later read as their defaults from
//! older results, and a `schema_version` other than the ones this build reads is refused
//! rather than misread. `serde_path_to_error` keeps the path of the field at fault. Period
//! folders and manifests are read in `results/period.rs`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use crate::model::decision::Reason;
use crate::model::service::ServiceCategory;
use crate::model::snapshot::{
    AlertSnapshot, BaselineInputs, CategoryMaturitySnapshot, GroupSnapshot, OrgSnapshot, Overall,
    ProfileSnapshot, ReasonSnapshot, RowCounts, RuleRef, ServiceSnapshot,
};
use crate::report::json::{ProfileJson, ReportJson};

mod period;

pub use period::{
    list_periods, organizations, period_of, read_manifest_file, read_period, ManifestState,
    PeriodEntry, PeriodResults,
};

/// A result or manifest that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// A file or folder could not be read.
    #[error("cannot read {file}: {source}")]
    Read {
        /// The file or folder.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A field is missing or has a value of the wrong kind.
    #[error("{file}: {field}: {message}")]
    Field {
        /// The file.
        file: String,
        /// Path of the field, such as `services[3].priority`.
        field: String,
        /// What was expected and found.
        message: String,
    },
    /// A period folder does not match its manifest (changed, missing or unlisted files).
    #[error("{file}: {message}")]
    Damaged {
        /// The folder.
        file: String,
        /// What differs.
        message: String,
    },
    /// A period folder holds two results for one organization.
    #[error("{file}: organization `{id}` appears twice in the period")]
    Duplicate {
        /// The second file.
        file: String,
        /// The organization id.
        id: String,
    },
}

impl ResultsError {
    /// A field error; an empty path names the whole document.
    fn field(file: &str, field: &str, message: impl Into<String>) -> ResultsError {
        ResultsError::Field {
            file: file.to_string(),
            field: if field.is_empty() {
                "(document)".to_string()
            } else {
                field.to_string()
            },
            message: message.into(),
        }
    }
}

/// Parses one JSON result (`file` names it in errors).
pub fn parse_result(bytes: &[u8], file: &str) -> Result<OrgSnapshot, ResultsError> {
    let json: ReportJson<'static> = read_json(bytes, file)?;
    Ok(snapshot(json))
}

/// The snapshot history compares, from a result read back.
fn snapshot(json: ReportJson<'_>) -> OrgSnapshot {
    let baseline = json.baseline.map(Cow::into_owned);
    let baseline_inputs = baseline
        .as_ref()
        .map(|b| BaselineInputs {
            change_readiness: b.change_readiness,
            risk_tolerance: b.risk_tolerance,
            regulatory_intensity: b.regulatory_intensity,
            decision_style: b.decision_style.map(|d| d.as_str().to_string()),
            existing_pmo: b.existing_pmo,
            mandate: b.mandate.map(|m| m.as_str().to_string()),
        })
        .unwrap_or_default();
    let services = json
        .services
        .into_iter()
        .map(|s| {
            let snapshot = ServiceSnapshot {
                name: s.name.into_owned(),
                category: s.category,
                score: s.score,
                priority: s.priority,
                // Absent before schema_version 2: the diff then skips its margin check.
                share: s.share,
                horizon: s.horizon,
                reasons: reasons(s.reasons),
            };
            (s.key, snapshot)
        })
        .collect();
    let groups: BTreeMap<_, _> = json
        .groups
        .into_iter()
        .map(|g| {
            let snapshot = GroupSnapshot {
                name: g.name.into_owned(),
                respondents: g.respondents,
                pm_maturity: g.pm_maturity,
                satisfaction: g.satisfaction,
                satisfaction_answers: g.satisfaction_answers,
                nps: g.nps,
                nps_answers: g.nps_answers,
                approach: g.approach,
                service_approaches: g.service_approaches.into_owned(),
                reasons: reasons(g.reasons),
            };
            (g.key, snapshot)
        })
        .collect();
    let alerts = json
        .alerts
        .into_iter()
        .map(|a| AlertSnapshot {
            level: a.level,
            code: a.code.into_owned(),
            group: a.group,
            text: a.reason.into_owned().text,
        })
        .collect();
    let category_maturity = json
        .service_maturity
        .map(|m| {
            m.categories
                .into_iter()
                .map(|c| {
                    let snapshot = CategoryMaturitySnapshot {
                        current_percent: c.current_percent,
                        target_percent: c.target_percent,
                    };
                    (c.category, snapshot)
                })
                .collect()
        })
        .unwrap_or_default();
    let overall = match json.overall {
        Some(o) => Overall {
            respondents: o.respondents,
            satisfaction: o.satisfaction,
            nps: o.nps,
        },
        // Results written before `overall` existed: the count is exact, the means unknown.
        None => Overall {
            respondents: groups.values().map(|g: &GroupSnapshot| g.respondents).sum(),
            satisfaction: None,
            nps: None,
        },
    };
    let dq = json.data_quality;
    OrgSnapshot {
        id: json.organization.id,
        name: json.organization.name,
        period: json.period,
        rules_version: json.rules_version.into_owned(),
        overall,
        baseline_pm_maturity: baseline.as_ref().and_then(|b| b.pm_maturity),
        baseline_inputs,
        profile: profile(json.profile),
        services,
        groups,
        alerts,
        category_maturity,
        rows: RowCounts {
            read: dq.rows_read,
            used: dq.rows_used,
            rejected: dq.rows_rejected,
        },
        findings: dq.issues.count(),
    }
}

fn profile(p: ProfileJson<'_>) -> ProfileSnapshot {
    let mix = p.category_mix;
    ProfileSnapshot {
        coverage_scope: p.coverage_scope,
        control_level: p.control_level,
        category_mix: BTreeMap::from([
            (ServiceCategory::Strategic, mix.strategic),
            (ServiceCategory::Tactical, mix.tactical),
            (ServiceCategory::Operational, mix.operational),
        ]),
        labels: p.labels.into_owned(),
    }
}

/// Reasons as history keeps them: the sentence and the rule's file and line (the column and
/// inputs are dropped: diffs compare lines).
fn reasons(list: Cow<'_, [Reason]>) -> Vec<ReasonSnapshot> {
    list.into_owned()
        .into_iter()
        .map(|r| ReasonSnapshot {
            text: r.text,
            rule: r.rule.map(|l| RuleRef {
                file: l.file.to_string(),
                line: l.line,
            }),
        })
        .collect()
}

/// JSON text → `T`, with the 1-based line and column of a syntax error, or the path of the
/// field at fault.
fn read_json<T: DeserializeOwned>(bytes: &[u8], file: &str) -> Result<T, ResultsError> {
    // serde also reads a struct from an array of its fields in order; a document is an object.
    let found = match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Some("an array"),
        Some(b'"') => Some("a string"),
        Some(b't' | b'f') => Some("a boolean"),
        Some(b'n') => Some("null"),
        Some(b'-' | b'0'..=b'9') => Some("a number"),
        _ => None,
    };
    if let Some(found) = found {
        return Err(ResultsError::field(
            file,
            "",
            format!("expected an object, found {found}"),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        field_error(file, &field, e.into_inner())
    })?;
    de.end().map_err(|e| field_error(file, ".", e))?;
    Ok(value)
}

/// A serde_json error at `field` (`.` for the document): a syntax error with its position, or
/// a field error in the words the rest of the tool uses.
fn field_error(file: &str, field: &str, e: serde_json::Error) -> ResultsError {
    let message = strip_position(&e.to_string());
    if e.is_syntax() || e.is_eof() || e.is_io() {
        return ResultsError::Syntax {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message,
        };
    }
    let field = if field == "." { "" } else { field };
    // serde names a missing field in the message; the path names it here.
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        return ResultsError::field(file, &join(field, name), "missing field");
    }
    ResultsError::field(file, field, plain_words(&message))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// serde's "invalid type: integer `3`, expected a sequence" in JSON's words: "expected an
/// array, found a number".
fn plain_words(message: &str) -> String {
    let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|m| m.split_once(", expected "))
    else {
        return message.to_string();
    };
    let found = match found.split(' ').next().unwrap_or(found) {
        "integer" | "floating" => "a number",
        "string" => "a string",
        "boolean" => "a boolean",
        "sequence" => "an array",
        "map" => "an object",
        "null" => "null",
        _ => found,
    };
    let expected = match expected {
        "a sequence" => "an array",
        "a map" => "an object",
        e if e.starts_with("struct ") => "an object",
        "a borrowed string" => "a string",
        e if ["u8", "u32", "u64", "usize", "f64", "i64"].contains(&e) => "a number",
        e => e,
    };
    format!("expected {expected}, found {found}")
}

/// serde_json appends " at line L column C"; the error carries them separately.
fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_string()
}

#[cfg(test)]
#[path = "results/tests.rs"]
mod tests;
