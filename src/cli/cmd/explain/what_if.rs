//! `explain --organization ORG --set PATH=VALUE…`: the organization evaluated twice, as the
//! inputs are and with the overrides, and what would change, shown with the model diff that
//! `diff` uses between periods (profile, service priorities, approaches, alerts). Writes no
//! report. One organization, two evaluations (plus one rules load when a param is set).

use std::sync::Arc;

use crate::cli::cmd::explain::set::{apply, param_overrides, parse_override, Override, SetError};
use crate::cli::cmd::impact_replay::snapshot;
use crate::cli::cmd::period::rules_version;
use crate::cli::config::Settings;
use crate::cli::error::CliError;
use crate::cli::load::Loaded;
use crate::cli::term::write_stdout;
use crate::model::diff::diff_period;
use crate::model::survey::OrganizationInput;
use crate::report::diff::{render_diff_json, render_diff_text, DiffLabels};
use crate::rules::trace::input_facts;
use crate::rules::RuleSet;

/// Parses every `--set` (all mistakes stop before any evaluation).
pub fn parse_all(texts: &[String], rules: &RuleSet) -> Result<Vec<Override>, SetError> {
    texts
        .iter()
        .map(|t| parse_override(t, rules.param_decls()))
        .collect()
}

/// The value a path has before the override, as `explain` lists it (`5/5`; `none`).
fn was<'a>(input: &OrganizationInput, rules: &RuleSet) -> impl Fn(&str) -> String + 'a {
    let facts = input_facts(input, None);
    let params = rules.params();
    move |path: &str| {
        if let Some(name) = path.strip_prefix("params.") {
            return params.get(name).map_or("none".into(), |v| format!("{v}"));
        }
        let name = path.strip_prefix("groups.").unwrap_or(path);
        facts
            .iter()
            .find(|f| f.name == name)
            .map_or("none".into(), |f| f.value.clone())
    }
}

/// Evaluates `input` as it is and with `overrides`, and prints what would change.
pub fn what_if(
    settings: &Settings,
    loaded: &Loaded,
    input: &OrganizationInput,
    overrides: &[Override],
    json: bool,
) -> Result<Result<(), SetError>, CliError> {
    let mut changed = input.clone();
    if let Err(e) = apply(&mut changed, overrides) {
        return Ok(Err(e));
    }
    let params = param_overrides(overrides);
    let reloaded;
    let head_rules = if params.is_empty() {
        &loaded.rules
    } else {
        let mut rule_settings = settings.rule_settings();
        rule_settings.params.extend(params.clone());
        reloaded = RuleSet::load(&settings.rules, Arc::clone(&loaded.catalog), rule_settings)
            .map_err(CliError::Rules)?;
        &reloaded
    };
    let evaluate = |rules: &RuleSet, input: &OrganizationInput| {
        let rec = rules
            .evaluate(input)
            .map_err(|e| CliError::Rules(vec![e]))?;
        snapshot(
            settings,
            &loaded.catalog,
            &rules_version(rules),
            input,
            &rec,
        )
    };
    let base = evaluate(&loaded.rules, input)?;
    let mut head = evaluate(head_rules, &changed)?;
    // The diff reads a priority that moved while its share barely did as survey noise within
    // the borderline margin, but only under the same rules. Here every move is the effect of
    // the overrides, so the head is marked as other rules and each move is reported.
    head.rules_version.push_str("+set");
    let diff = diff_period(&[base], &[head]);
    let labels = DiffLabels {
        base: "as is".into(),
        head: overrides
            .iter()
            .map(|o| format!("{}={}", o.path, o.value))
            .collect::<Vec<_>>()
            .join(", "),
    };
    if json {
        write_stdout(&String::from_utf8_lossy(&render_diff_json(&diff, &labels)));
    } else {
        let mut text = format!("What if, for {}:\n", input.id);
        let was = was(input, &loaded.rules);
        for o in overrides {
            let before = was(&o.path);
            text.push_str(&format!("  {} = {} (was {before})\n", o.path, o.value));
        }
        text.push('\n');
        text.push_str(&render_diff_text(&diff, &labels));
        write_stdout(&text);
    }
    Ok(Ok(()))
}
