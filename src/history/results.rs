//! Reads our own outputs back: one JSON result → `OrgSnapshot`, with errors that name the file
//! and the field (`acme.json: services[3].priority: expected a priority …`).
//!
//! This is the one door through which every period reaches `diff`, `history` and trends, the
//! current run's included (it parses the bytes it just rendered), so values compare equal
//! across runs. The JSON layout is `report::json`'s (its wire types borrow from the model, so
//! they serialize only); the fields read here are the ones history needs: fields added later
//! are ignored (adding a field is compatible), and a `schema_version` other than the ones this
//! build reads is refused rather than misread. Period folders and manifests are read in
//! `results/period.rs`.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::customer::CustomerGroup;
use crate::model::period::Period;
use crate::model::recommendation::{AlertLevel, ControlLevel};
use crate::model::service::{Horizon, ServiceCategory, ServiceKey};
use crate::model::snapshot::{
    AlertSnapshot, BaselineInputs, CategoryMaturitySnapshot, GroupSnapshot, OrgSnapshot, Overall,
    ProfileSnapshot, ReasonSnapshot, RowCounts, RuleRef, ServiceSnapshot,
};

mod period;

pub use period::{
    list_periods, organizations, period_of, read_manifest_file, read_period, ManifestState,
    PeriodEntry, PeriodResults,
};

use crate::report::json::SCHEMA_VERSION;

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

/// Parses one JSON result (`file` names it in errors).
pub fn parse_result(bytes: &[u8], file: &str) -> Result<OrgSnapshot, ResultsError> {
    let doc: Value = parse_json(bytes, file)?;
    let root = At::root(&doc, file);
    let version: u32 = root.get("schema_version")?.parse()?;
    if version == 0 || version > SCHEMA_VERSION {
        return Err(root.get("schema_version")?.error(format!(
            "expected a schema_version from 1 to {SCHEMA_VERSION}, found {version} (written by a newer pmo-advisor?)"
        )));
    }
    let organization = root.get("organization")?;
    let period_field = root.get("period")?;
    let period_text: String = period_field.parse()?;
    let period = Period::parse(&period_text).map_err(|e| period_field.error(e))?;
    let (baseline_pm_maturity, baseline_inputs) = match root.opt("baseline") {
        Some(b) => (
            b.opt("pm_maturity").map(|v| v.parse()).transpose()?,
            BaselineInputs {
                change_readiness: b.opt("change_readiness").map(|v| v.parse()).transpose()?,
                risk_tolerance: b.opt("risk_tolerance").map(|v| v.parse()).transpose()?,
                regulatory_intensity: b
                    .opt("regulatory_intensity")
                    .map(|v| v.parse())
                    .transpose()?,
                decision_style: b.opt("decision_style").map(|v| v.parse()).transpose()?,
                existing_pmo: b.opt("existing_pmo").map(|v| v.parse()).transpose()?,
                mandate: b.opt("mandate").map(|v| v.parse()).transpose()?,
            },
        ),
        None => (None, BaselineInputs::default()),
    };
    let mut services = BTreeMap::new();
    for s in root.get("services")?.items()? {
        let key: ServiceKey = s.get("key")?.parse()?;
        services.insert(
            key,
            ServiceSnapshot {
                name: s.get("name")?.parse()?,
                category: s.get("category")?.parse()?,
                score: s.get("score")?.parse()?,
                priority: s.get("priority")?.parse()?,
                // Absent before schema_version 2: the diff then skips its margin check.
                share: s.opt("share").map(|v| v.parse()).transpose()?,
                horizon: s.get("horizon")?.parse::<Horizon>()?,
                reasons: reasons(&s)?,
            },
        );
    }
    let mut groups = BTreeMap::new();
    for g in root.get("groups")?.items()? {
        let key: CustomerGroup = g.get("key")?.parse()?;
        groups.insert(
            key,
            GroupSnapshot {
                name: g.get("name")?.parse()?,
                respondents: g.get("respondents")?.parse()?,
                pm_maturity: g.opt("pm_maturity").map(|v| v.parse()).transpose()?,
                satisfaction: g.opt("satisfaction").map(|v| v.parse()).transpose()?,
                nps: g.opt("nps").map(|v| v.parse()).transpose()?,
                approach: g.get("approach")?.parse::<Approach>()?,
                service_approaches: match g.opt("service_approaches") {
                    Some(m) => m.parse::<BTreeMap<ServiceKey, Approach>>()?,
                    None => BTreeMap::new(),
                },
                reasons: reasons(&g)?,
            },
        );
    }
    let mut alerts = Vec::new();
    for a in root.get("alerts")?.items()? {
        alerts.push(AlertSnapshot {
            level: a.get("level")?.parse::<AlertLevel>()?,
            code: a.get("code")?.parse()?,
            group: a.opt("group").map(|v| v.parse()).transpose()?,
            text: a.get("reason")?.get("text")?.parse()?,
        });
    }
    let mut category_maturity = BTreeMap::new();
    if let Some(m) = root.opt("service_maturity") {
        for c in m.get("categories")?.items()? {
            category_maturity.insert(
                c.get("category")?.parse::<ServiceCategory>()?,
                CategoryMaturitySnapshot {
                    current_percent: c.get("current_percent")?.parse()?,
                    target_percent: c.get("target_percent")?.parse()?,
                },
            );
        }
    }
    let dq = root.get("data_quality")?;
    let overall = match root.opt("overall") {
        Some(o) => Overall {
            respondents: o.get("respondents")?.parse()?,
            satisfaction: o.opt("satisfaction").map(|v| v.parse()).transpose()?,
            nps: o.opt("nps").map(|v| v.parse()).transpose()?,
        },
        // Results written before `overall` existed: the count is exact, the means unknown.
        None => Overall {
            respondents: groups.values().map(|g: &GroupSnapshot| g.respondents).sum(),
            satisfaction: None,
            nps: None,
        },
    };
    Ok(OrgSnapshot {
        overall,
        id: organization.get("id")?.parse()?,
        name: organization.get("name")?.parse()?,
        period,
        rules_version: root.get("rules_version")?.parse()?,
        baseline_pm_maturity,
        baseline_inputs,
        profile: profile(&root.get("profile")?)?,
        services,
        groups,
        alerts,
        category_maturity,
        rows: RowCounts {
            read: dq.get("rows_read")?.parse()?,
            used: dq.get("rows_used")?.parse()?,
            rejected: dq.get("rows_rejected")?.parse()?,
        },
        findings: dq.get("issues")?.items()?.len() as u64,
    })
}

fn profile(p: &At<'_>) -> Result<ProfileSnapshot, ResultsError> {
    let mix = p.get("category_mix")?;
    let mut category_mix = BTreeMap::new();
    for c in ServiceCategory::ALL {
        category_mix.insert(*c, mix.get(c.as_str())?.parse::<f64>()?);
    }
    Ok(ProfileSnapshot {
        coverage_scope: p.get("coverage_scope")?.parse::<CoverageScope>()?,
        control_level: p.get("control_level")?.parse::<ControlLevel>()?,
        category_mix,
        labels: p.get("labels")?.parse()?,
    })
}

/// The rule location as the JSON has it (the column is dropped: diffs compare lines).
#[derive(Deserialize)]
struct RuleJson {
    file: String,
    line: u32,
}

fn reasons(parent: &At<'_>) -> Result<Vec<ReasonSnapshot>, ResultsError> {
    let Some(list) = parent.opt("reasons") else {
        return Ok(Vec::new());
    };
    list.items()?
        .iter()
        .map(|r| {
            Ok(ReasonSnapshot {
                text: r.get("text")?.parse()?,
                rule: r
                    .opt("rule")
                    .map(|v| v.parse::<RuleJson>())
                    .transpose()?
                    .map(|j| RuleRef {
                        file: j.file,
                        line: j.line,
                    }),
            })
        })
        .collect()
}

/// JSON text → value, with the 1-based line and column of a syntax error.
fn parse_json(bytes: &[u8], file: &str) -> Result<Value, ResultsError> {
    serde_json::from_slice(bytes).map_err(|e| ResultsError::Syntax {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

/// serde_json appends " at line L column C"; the error carries them separately.
fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_string()
}

/// A value inside a document with the path that reached it, so that every error names its
/// field.
struct At<'v> {
    value: &'v Value,
    path: String,
    file: &'v str,
}

impl<'v> At<'v> {
    fn root(value: &'v Value, file: &'v str) -> Self {
        At {
            value,
            path: String::new(),
            file,
        }
    }

    fn child(&self, value: &'v Value, step: String) -> At<'v> {
        At {
            value,
            path: step,
            file: self.file,
        }
    }

    fn error(&self, message: impl Into<String>) -> ResultsError {
        ResultsError::Field {
            file: self.file.to_string(),
            field: if self.path.is_empty() {
                "(document)".to_string()
            } else {
                self.path.clone()
            },
            message: message.into(),
        }
    }

    fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// A required field (present, possibly null).
    fn get(&self, key: &str) -> Result<At<'v>, ResultsError> {
        let Value::Object(map) = self.value else {
            return Err(self.error(format!("expected an object, found {}", kind(self.value))));
        };
        match map.get(key) {
            Some(v) => Ok(self.child(v, self.key_path(key))),
            None => Err(self
                .child(self.value, self.key_path(key))
                .error("missing field")),
        }
    }

    /// An optional field: `None` when absent or null.
    fn opt(&self, key: &str) -> Option<At<'v>> {
        match self.value.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(self.child(v, self.key_path(key))),
        }
    }

    /// The elements of an array.
    fn items(&self) -> Result<Vec<At<'v>>, ResultsError> {
        let Value::Array(list) = self.value else {
            return Err(self.error(format!("expected an array, found {}", kind(self.value))));
        };
        Ok(list
            .iter()
            .enumerate()
            .map(|(i, v)| self.child(v, format!("{}[{i}]", self.path)))
            .collect())
    }

    /// The value as `T`.
    fn parse<T: DeserializeOwned>(&self) -> Result<T, ResultsError> {
        T::deserialize(self.value).map_err(|e| self.error(e.to_string()))
    }
}

/// What kind of JSON value, for "expected …, found …".
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[path = "results/tests.rs"]
mod tests;
