//! `pmo-advisor schema [config|test-case]`: JSON Schemas (draft 2020-12) for editors.
//!
//! Written by hand so they carry the closed vocabularies (group, service, outcome, approach …
//! keys come from the model's `KEYS`) and descriptions; `schema_check.rs` proves in tests that
//! their property names are exactly the serde fields of `RawConfig` and of the test-case types,
//! and that the committed `pmo-advisor.toml` and `rules/tests/*.toml` validate. Prints only.

use clap::Args;
use serde_json::{json, Map, Value};

use crate::cli::error::CliError;
use crate::cli::exit::ExitCode;
use crate::cli::term::write_stdout;
use crate::model::approach::Approach;
use crate::model::baseline::{
    CoverageScope, DecisionStyle, Industry, Mandate, Scenario, Structure,
};
use crate::model::customer::CustomerGroup;
use crate::model::outcome::OutcomeKey;
use crate::model::recommendation::{ActionKind, ControlLevel, Lean};
use crate::model::service::{Horizon, Priority, ServiceKey};
use crate::rules::RANGES;

/// `schema` flags.
#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// Which schema
    #[arg(value_parser = ["config", "test-case"], default_value = "config")]
    pub which: String,
}

/// Prints the schema on stdout.
pub fn schema(args: &SchemaArgs) -> Result<ExitCode, CliError> {
    let value = if args.which == "test-case" {
        test_case_schema()
    } else {
        config_schema()
    };
    // Plain JSON values always serialize.
    write_stdout(&(serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"));
    Ok(ExitCode::Ok)
}

fn keys(list: &[&str]) -> Value {
    json!({ "type": "string", "enum": list })
}

fn obj(description: &str, props: Value, required: &[&str]) -> Value {
    json!({ "type": "object", "description": description, "properties": props,
            "required": required, "additionalProperties": false })
}

fn map_of(key_list: &[&str], value: Value, description: &str) -> Value {
    json!({ "type": "object", "description": description, "propertyNames": keys(key_list),
            "additionalProperties": value })
}

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn number(description: &str) -> Value {
    json!({ "type": "number", "description": description })
}

fn integer(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 0, "description": description })
}

/// The schema of `pmo-advisor.toml` (as JSON: TOML tables are objects).
pub fn config_schema() -> Value {
    // Each limit with its range (rules::RANGES), so editors flag what the config would refuse.
    let limit = |key: &str, d: &str| {
        let (_, low, high, _) =
            RANGES
                .iter()
                .find(|r| r.0 == key)
                .copied()
                .unwrap_or((key, 0, u64::MAX, ""));
        json!({ "type": "integer", "minimum": low, "maximum": high, "description": d })
    };
    let input_files = json!({
        "customers": string("Customer survey CSV"),
        "baseline": string("Baseline survey CSV"),
        "service_maturity": string("Service-maturity CSV"),
        "catalog": string("Catalog folder (default data/catalog)"),
        "customers_mapping": string("Mapping (TOML) when the customer file is a survey-platform export; see docs/survey-sources.md"),
        "baseline_mapping": string("Mapping (TOML) when the baseline file is a survey-platform export"),
        "benchmark": string("Peer benchmark CSV: quartiles of satisfaction, NPS and maturity by industry and size band (docs/input-format.md)"),
    });
    let mut schema = obj(
        "pmo-advisor configuration; paths are relative to this file",
        json!({
            "period": { "type": "string", "pattern": "^[0-9]{4}-Q[1-4]$", "description": "Reporting period such as 2026-Q3" },
            "organization": string("Organization id assumed when the customer survey has no organization column"),
            "inputs": obj("Input files of the current period", input_files.clone(), &[]),
            "periods": { "type": "object",
                         "description": "Earlier periods' input files, by period (`[periods.\"2026-Q2\"]`); catalog and mappings default to [inputs]'s; `run` back-fills the periods without results",
                         "propertyNames": { "pattern": "^[0-9]{4}-Q[1-4]$" },
                         "additionalProperties": obj("One period's input files", input_files, &["customers"]) },
            "rules": obj("Rule settings", json!({
                "dir": string("Rules folder (default rules)"),
                "group_weights": map_of(CustomerGroup::KEYS, json!({ "type": "number", "minimum": 0 }), "Weight per customer group (default 1.0)"),
                "params": { "type": "object", "description": "Named numbers the scripts read as `params` (see docs/rules.md)",
                            "additionalProperties": { "type": "number" } },
            }), &[]),
            "groups": obj("Customer-group labels", json!({
                "aliases": { "type": "object", "description": "Survey label → group key",
                             "additionalProperties": keys(CustomerGroup::KEYS) },
            }), &[]),
            "limits": obj("Sandbox limits per organization (docs/rules.md)", json!({
                "max_operations": limit("max_operations", "Rhai operations per organization"),
                "time_budget_ms": limit("time_budget_ms", "Wall-clock budget per organization, ms"),
                "max_call_levels": limit("max_call_levels", "Nested function calls"),
                "max_expr_depth": limit("max_expr_depth", "Expression nesting at the top level"),
                "max_function_expr_depth": limit("max_function_expr_depth", "Expression nesting inside functions"),
                "max_string_size": limit("max_string_size", "Bytes in one string"),
                "max_array_size": limit("max_array_size", "Elements in one array"),
                "max_map_size": limit("max_map_size", "Entries in one map"),
                "max_modules": limit("max_modules", "Modules a script may import"),
            }), &[]),
            "output": obj("Output settings", json!({
                "dir": string("Reports root (default reports)"),
                "paper": { "type": "string", "enum": ["a4", "letter"], "description": "Paper size" },
            }), &[]),
            "report": obj("Report settings", json!({
                "fallback_fonts": { "type": "array", "items": { "type": "string" },
                                    "description": "Font files (TrueType or OpenType, relative to the config) for characters DejaVu Sans lacks, such as CJK; tried in order" },
                "fte_cost": { "type": "object", "additionalProperties": false,
                              "required": ["low", "high", "currency"],
                              "description": "Loaded cost of one PMO full-time equivalent a year, for the charter's budget range; without it the budget is stated as not set",
                              "properties": {
                                  "low": { "type": "number", "exclusiveMinimum": 0, "description": "Low end" },
                                  "high": { "type": "number", "exclusiveMinimum": 0, "description": "High end (at least low)" },
                                  "currency": { "type": "string", "minLength": 1, "maxLength": 8, "description": "Currency code or symbol, such as EUR" } } },
            }), &[]),
        }),
        &[],
    );
    decorate(
        &mut schema,
        "https://pmo-advisor.local/schema/config.json",
        "pmo-advisor.toml",
    );
    schema
}

fn decorate(schema: &mut Value, id: &str, title: &str) {
    if let Value::Object(m) = schema {
        m.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        m.insert("$id".into(), json!(id));
        m.insert("title".into(), json!(title));
    }
}

fn answers(description: &str) -> Value {
    json!({ "description": description, "anyOf": [
        { "type": "number", "minimum": 1, "maximum": 5 },
        { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 5 } } ] })
}

/// The case properties, shared by `[[case]]` and `[[table]]` templates.
fn case_properties() -> Map<String, Value> {
    let group = obj(
        "One customer group's aggregates",
        json!({
            "respondents": integer("Respondents (default: the longest answer list, else 10)"),
            "maturity": answers("Self-assessed PM maturity: a mean or each answer"),
            "satisfaction": answers("Satisfaction with the PMO: a mean or each answer"),
            "nps": { "description": "NPS (-100..100) or each 0-10 answer", "anyOf": [
                { "type": "number", "minimum": -100, "maximum": 100 },
                { "type": "array", "items": { "type": "integer", "minimum": 0, "maximum": 10 } } ] },
            "outcomes": map_of(OutcomeKey::KEYS, answers("Importance"), "Importance per outcome"),
            "comments": { "type": "array", "description": "Free-text comments, counted against the catalog's themes", "items": { "type": "string" } },
        }),
        &[],
    );
    let likert = json!({ "type": "integer", "minimum": 1, "maximum": 5 });
    let respondent = obj(
        "One respondent row",
        json!({
            "group": keys(CustomerGroup::KEYS), "maturity": likert, "satisfaction": likert,
            "nps": { "type": "integer", "minimum": 0, "maximum": 10 },
            "outcomes": map_of(OutcomeKey::KEYS, likert.clone(), "Importance per outcome"),
        }),
        &["group"],
    );
    let baseline = obj(
        "The baseline; a missing field is a missing answer",
        json!({
            "organization_name": string("Display name"), "industry": keys(Industry::KEYS),
            "employees": integer("Head count"), "pm_maturity": number("Organizational maturity 1-5"),
            "structure": keys(Structure::KEYS), "coverage_scope": keys(CoverageScope::KEYS),
            "decision_style": keys(DecisionStyle::KEYS), "risk_tolerance": number("1-5"),
            "change_readiness": number("1-5"), "regulatory_intensity": number("1-5"),
            "scenario": keys(Scenario::KEYS), "existing_pmo": { "type": "boolean" },
            "mandate": keys(Mandate::KEYS),
            "strategic_outcomes": { "type": "array", "items": keys(OutcomeKey::KEYS) },
            "respondents": integer("Baseline respondents (default 1)"),
            "disagreements": { "type": "array", "items": obj("A field the respondents disagreed on", json!({
                "field": string("Baseline column"), "chosen": string("Answer kept"),
                "answers": { "type": "object", "additionalProperties": { "type": "integer", "minimum": 0 } },
            }), &["field", "chosen"]) },
        }),
        &[],
    );
    let files = obj(
        "Fixture files, relative to the test file",
        json!({
            "customers": string("Customer survey CSV"), "baseline": string("Baseline CSV"),
            "service_maturity": string("Service-maturity CSV"), "organization": string("Organization to take"),
        }),
        &["customers", "organization"],
    );
    let maturity = obj(
        "Service maturity levels",
        json!({ "current": likert, "target": likert }),
        &[],
    );
    let service = json!({ "anyOf": [ keys(Priority::KEYS), obj("Checks on one service", json!({
        "priority": keys(Priority::KEYS), "horizon": keys(Horizon::KEYS),
        "min_score": number("Score at least"), "max_score": number("Score at most"),
        "not_priority": keys(Priority::KEYS), "borderline": { "type": "boolean" },
        "actions": { "type": "array", "items": keys(ActionKind::KEYS) },
        "no_actions": { "type": "array", "items": keys(ActionKind::KEYS) },
    }), &[]) ] });
    let approach = keys(Approach::KEYS);
    let expect = obj(
        "What the rules must decide; absent keys are not checked",
        json!({
            "services": map_of(ServiceKey::KEYS, service, "Per service: a priority or checks"),
            "approaches": map_of(CustomerGroup::KEYS, approach.clone(), "Dominant approach per group"),
            "service_approaches": map_of(CustomerGroup::KEYS, map_of(ServiceKey::KEYS, approach, "Approach per service"), "Per group"),
            "top_outcomes": map_of(CustomerGroup::KEYS, json!({ "type": "array", "items": keys(OutcomeKey::KEYS) }), "First top outcomes per group, in order"),
            "org_top_outcomes": { "type": "array", "items": keys(OutcomeKey::KEYS) },
            "profile": obj("Profile checks", json!({
                "coverage_scope": keys(CoverageScope::KEYS), "control_level": keys(ControlLevel::KEYS),
                "lean": keys(Lean::KEYS),
                "labels": { "type": "array", "items": { "type": "string" } },
                "category_mix": map_of(&["strategic", "tactical", "operational"], json!({ "type": "number" }), "Shares ±0.01"),
            }), &[]),
            "alerts": { "type": "array", "description": "code, level:code or level:code@group", "items": { "type": "string" } },
            "no_alerts": { "type": "array", "items": { "type": "string" } },
            "alert_count": integer("Exact number of alerts"),
            "advice": { "type": "array", "description": "Advice codes that must be given", "items": { "type": "string" } },
            "no_advice": { "type": "array", "description": "Advice codes that must not be given", "items": { "type": "string" } },
            "max_now": integer("At most this many services at must or should"),
            "governance": obj("Text each part of the charter's governance contains", json!({
                "sponsor": string("Who sponsors the PMO"), "decision_rights": string("Who decides what"),
                "escalation": string("How an issue escalates"), "cadence": string("How often the PMO is steered"),
            }), &[]),
            "max_approach": map_of(CustomerGroup::KEYS, keys(Approach::KEYS), "Most controlling approach allowed per group"),
            "no_approach": map_of(CustomerGroup::KEYS, json!({ "type": "array", "items": keys(ServiceKey::KEYS) }), "Services that must have no approach"),
            "reasons": { "type": "array", "items": obj("A reason that must appear", json!({
                "contains": string("Text the reason contains"), "service": keys(ServiceKey::KEYS),
                "group": keys(CustomerGroup::KEYS), "profile": { "type": "boolean" }, "alert": { "type": "boolean" },
            }), &["contains"]) },
            "error": string("A rule error containing this text is expected"),
        }),
        &[],
    );
    let props = json!({
        "name": string("Shown in results, matched by --filter"),
        "description": string("What the case shows"),
        "organization": string("Organization id (default case)"),
        "files": files, "baseline": baseline,
        "groups": map_of(CustomerGroup::KEYS, group, "Customer groups with their aggregates"),
        "respondents": { "type": "array", "items": respondent },
        "service_maturity": map_of(ServiceKey::KEYS, maturity, "Service maturity"),
        "params": { "type": "object", "additionalProperties": { "type": "number" } },
        "weights": map_of(CustomerGroup::KEYS, json!({ "type": "number" }), "Group weights"),
        "expect": expect,
    });
    match props {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The schema of `rules/tests/*.toml`.
pub fn test_case_schema() -> Value {
    let props = case_properties();
    let case = json!({ "type": "object", "properties": props, "required": ["name"], "additionalProperties": false });
    let mut table_props = props;
    table_props.insert("columns".into(), json!({ "type": "array", "description": "Dotted paths each row sets, such as groups.executive.maturity or expect.approaches.executive", "items": { "type": "string" } }));
    table_props.insert(
        "rows".into(),
        json!({ "type": "array", "items": { "type": "array" } }),
    );
    let table = json!({ "type": "object", "properties": table_props, "required": ["name", "columns", "rows"], "additionalProperties": false });
    let mut schema = json!({
        "type": "object",
        "description": "Rule test cases: [[case]] entries and [[table]] templates with rows",
        "properties": { "case": { "type": "array", "items": case }, "table": { "type": "array", "items": table } },
        "additionalProperties": false,
    });
    decorate(
        &mut schema,
        "https://pmo-advisor.local/schema/test-case.json",
        "rules/tests/*.toml",
    );
    schema
}
