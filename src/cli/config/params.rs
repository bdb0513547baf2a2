//! `[rules.params]` against the params the rules declare (`rules/params.csv`): an undeclared
//! name or a value out of range is a rule error (exit code 3) at the config key's line and
//! column, for `run`, `check` and `explain` alike, before any script runs.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::cli::config::{line_column, Settings};
use crate::rules::params::ParamDecls;
use crate::rules::RuleError;

/// What `[rules.params]` sets that the rules do not declare or allow, located in the config.
/// Declarations that do not parse are left to `check` and `RuleSet::load`, which report them.
pub fn param_errors(settings: &Settings) -> Vec<RuleError> {
    if settings.params.is_empty() {
        return Vec::new();
    }
    let shown = settings.rules.to_string_lossy().replace('\\', "/");
    let shown = shown.trim_end_matches('/');
    let Ok(decls) = ParamDecls::load(&settings.rules, shown) else {
        return Vec::new();
    };
    let problems = decls.problems(&settings.params);
    if problems.is_empty() {
        return Vec::new();
    }
    let (file, positions) = match &settings.config_file {
        Some(path) => (path.display().to_string(), key_positions(path)),
        None => (String::new(), BTreeMap::new()),
    };
    problems
        .iter()
        .map(|p| {
            let e = p.to_rule_error("`[rules.params]`", &decls.file);
            match positions.get(p.name()) {
                Some((line, column)) => e.at_line(file.clone(), *line, *column),
                None if !file.is_empty() => e.at_file(file.clone()),
                None => e,
            }
        })
        .collect()
}

#[derive(Default, Deserialize)]
struct SpanConfig {
    #[serde(default)]
    rules: SpanRules,
}

#[derive(Default, Deserialize)]
struct SpanRules {
    #[serde(default)]
    params: BTreeMap<toml::Spanned<String>, toml::Value>,
}

/// The 1-based line and column of each `[rules.params]` key in the config file (none when the
/// file cannot be read again: the error is still reported, without a position).
fn key_positions(path: &Path) -> BTreeMap<String, (u32, u32)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let Ok(doc) = toml::from_str::<SpanConfig>(&text) else {
        return BTreeMap::new();
    };
    doc.rules
        .params
        .keys()
        .map(|key| {
            let (line, column) = line_column(&text, key.span().start);
            let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
            (key.get_ref().clone(), (n(line), n(column)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_located_in_tables_and_inline_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "period = \"2026-Q3\"\n[rules.params]\nmust_cutof = 0.8\n  focus_cap = 5\n",
        )
        .unwrap();
        let found = key_positions(&path);
        assert_eq!(found["must_cutof"], (3, 1));
        assert_eq!(found["focus_cap"], (4, 3));
        std::fs::write(&path, "[rules]\nparams = { must_cutof = 0.8 }\n").unwrap();
        assert_eq!(key_positions(&path)["must_cutof"], (2, 12));
    }
}
