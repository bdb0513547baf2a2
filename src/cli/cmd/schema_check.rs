//! Tests of the JSON Schemas: they match the serde types field for field, and the committed
//! `pmo-advisor.toml` and `rules/tests/*.toml` validate against them.
//!
//! `fields_of` asks a type's `Deserialize` impl for its field names (serde passes them to
//! `deserialize_struct`), so a field added to `RawConfig` or a case type without the schema, or
//! the other way round, fails here. `validate` is a minimal JSON Schema checker for the
//! keywords our schemas use. Test-only code: compiled under `cfg(test)`.

use serde::de::{self, Deserialize, Visitor};
use serde_json::Value;

/// The error that carries the field names out of `deserialize_struct`.
#[derive(Debug)]
struct Probe(Vec<&'static str>);

impl std::fmt::Display for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Probe {}

impl de::Error for Probe {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Probe(Vec::new())
    }
}

struct FieldProbe;

impl<'de> de::Deserializer<'de> for FieldProbe {
    type Error = Probe;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probe> {
        Err(Probe(Vec::new()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probe> {
        Err(Probe(fields.to_vec()))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The serde field names of `T`, sorted.
pub fn fields_of<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    let mut fields = match T::deserialize(FieldProbe) {
        Err(Probe(f)) => f,
        Ok(_) => Vec::new(),
    };
    fields.sort_unstable();
    fields
}

/// The property names of the schema at `path` (object keys, `*` for `additionalProperties`,
/// `[]` for array items, `|n` for the n-th `anyOf` branch), sorted.
pub fn properties_at(schema: &Value, path: &[&str]) -> Vec<String> {
    let mut node = schema;
    for step in path {
        node = match *step {
            "*" => &node["additionalProperties"],
            "[]" => &node["items"],
            s if s.starts_with('|') => &node["anyOf"][s[1..].parse::<usize>().unwrap_or(0)],
            s => &node["properties"][s],
        };
    }
    let mut names: Vec<String> = node["properties"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|n| n.fract() == 0.0),
        _ => false,
    }
}

/// Validates `value` against `schema` (type, enum, pattern-free checks, minimum, maximum,
/// properties, required, additionalProperties, propertyNames, items, anyOf); returns the
/// problems with their JSON paths.
pub fn validate(schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(options) = schema["anyOf"].as_array() {
        let ok = options.iter().any(|o| {
            let mut p = Vec::new();
            validate(o, value, at, &mut p);
            p.is_empty()
        });
        if !ok {
            out.push(format!("{at}: matches no alternative"));
        }
        return;
    }
    if let Some(t) = schema["type"].as_str() {
        if !type_ok(t, value) {
            out.push(format!("{at}: expected {t}, found {value}"));
            return;
        }
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            out.push(format!("{at}: {value} is not one of the allowed values"));
        }
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if n < min {
            out.push(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), value.as_f64()) {
        if n > max {
            out.push(format!("{at}: {n} > {max}"));
        }
    }
    if let Value::Object(map) = value {
        for r in schema["required"].as_array().into_iter().flatten() {
            if let Some(name) = r.as_str().filter(|n| !map.contains_key(*n)) {
                out.push(format!("{at}: missing `{name}`"));
            }
        }
        for (k, v) in map {
            let here = format!("{at}.{k}");
            if !schema["propertyNames"].is_null() {
                validate(
                    &schema["propertyNames"],
                    &Value::String(k.clone()),
                    &here,
                    out,
                );
            }
            match (&schema["properties"][k], &schema["additionalProperties"]) {
                (Value::Null, Value::Bool(false)) => out.push(format!("{here}: unknown key")),
                (Value::Null, Value::Null | Value::Bool(true)) => {}
                (Value::Null, extra) => validate(extra, v, &here, out),
                (prop, _) => validate(prop, v, &here, out),
            }
        }
    }
    if let (Value::Array(items), false) = (value, schema["items"].is_null()) {
        for (i, item) in items.iter().enumerate() {
            validate(&schema["items"], item, &format!("{at}[{i}]"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::cmd::schema::{config_schema, test_case_schema};
    use crate::cli::config::{RawConfig, RawGroups, RawInputs, RawOutput, RawReport, RawRules};
    use crate::rules::cases::expect::{ProfileExpect, ReasonExpect, ServiceDetail};
    use crate::rules::cases::input::{DisagreementInput, MaturityInput};
    use crate::rules::cases::{
        BaselineInput, Case, Expect, FixtureFiles, GroupInput, RespondentInput,
    };
    use crate::rules::Limits;

    fn toml_file(rel: &str) -> Value {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        serde_json::to_value(toml::from_str::<toml::Value>(&text).unwrap()).unwrap()
    }

    #[test]
    fn config_schema_has_exactly_the_config_fields() {
        let s = config_schema();
        assert_eq!(properties_at(&s, &[]), fields_of::<RawConfig>());
        assert_eq!(properties_at(&s, &["inputs"]), fields_of::<RawInputs>());
        assert_eq!(properties_at(&s, &["rules"]), fields_of::<RawRules>());
        assert_eq!(properties_at(&s, &["groups"]), fields_of::<RawGroups>());
        assert_eq!(properties_at(&s, &["limits"]), fields_of::<Limits>());
        assert_eq!(properties_at(&s, &["output"]), fields_of::<RawOutput>());
        assert_eq!(properties_at(&s, &["report"]), fields_of::<RawReport>());
    }

    #[test]
    fn test_case_schema_has_exactly_the_case_fields() {
        let s = test_case_schema();
        let case = ["case", "[]"];
        let at = |rest: &[&str]| properties_at(&s, &[&case[..], rest].concat());
        assert_eq!(at(&[]), fields_of::<Case>());
        assert_eq!(at(&["groups", "*"]), fields_of::<GroupInput>());
        assert_eq!(at(&["respondents", "[]"]), fields_of::<RespondentInput>());
        assert_eq!(at(&["baseline"]), fields_of::<BaselineInput>());
        assert_eq!(
            at(&["baseline", "disagreements", "[]"]),
            fields_of::<DisagreementInput>()
        );
        assert_eq!(at(&["files"]), fields_of::<FixtureFiles>());
        assert_eq!(at(&["service_maturity", "*"]), fields_of::<MaturityInput>());
        assert_eq!(at(&["expect"]), fields_of::<Expect>());
        assert_eq!(
            at(&["expect", "services", "*", "|1"]),
            fields_of::<ServiceDetail>()
        );
        assert_eq!(at(&["expect", "profile"]), fields_of::<ProfileExpect>());
        assert_eq!(
            at(&["expect", "reasons", "[]"]),
            fields_of::<ReasonExpect>()
        );
    }

    #[test]
    fn the_committed_config_and_test_files_validate() {
        let mut problems = Vec::new();
        validate(
            &config_schema(),
            &toml_file("pmo-advisor.toml"),
            "pmo-advisor.toml",
            &mut problems,
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for entry in std::fs::read_dir(root.join("rules/tests")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let rel = format!(
                    "rules/tests/{}",
                    path.file_name().unwrap().to_string_lossy()
                );
                validate(&test_case_schema(), &toml_file(&rel), &rel, &mut problems);
                n += 1;
            }
        }
        assert!(n >= 5);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_validator_rejects_what_serde_rejects() {
        let bad = serde_json::json!({ "period": "2026-Q3", "limits": { "max_operatons": 5 },
                                      "rules": { "group_weights": { "execs": 1 } } });
        let mut problems = Vec::new();
        validate(&config_schema(), &bad, "cfg", &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("limits.max_operatons: unknown key")
                || problems[1].contains("max_operatons")
        );
        let case = serde_json::json!({ "case": [{ "name": "x", "groups": { "executive": { "maturity": 7 } },
                                                   "expect": { "services": { "risk_management": "always" } } }] });
        let mut problems = Vec::new();
        validate(&test_case_schema(), &case, "t", &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
