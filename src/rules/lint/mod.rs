//! Static checks of the rule scripts for `pmo-advisor check`: every syntax error of every
//! file, and lint against the catalog vocabularies and the input schema.
//!
//! Rhai stops at the first syntax error of a script, so `syntax.rs` re-parses with the failing
//! line blanked to find later ones. Scripts that parse are compiled without optimisation (so
//! `if false` stays visible) and their ASTs walked by `walk.rs`. Lint never runs a script and
//! never fails: it returns diagnostics, the CLI decides what they mean for the exit code.

mod functions;
mod recover;
mod shape;
mod syntax;
mod types;
mod vocab;
mod walk;

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Diagnostic, Location, Severity};
use crate::model::service::ServiceKey;
use crate::rules::params::ParamDecls;
use crate::rules::table::Tables;

pub(crate) use recover::parse_error;
pub use syntax::syntax_errors;

/// Unknown service, outcome, group, approach or other key in a literal passed to the host API.
pub const UNKNOWN_KEY: &str = "L001";
/// Unknown field of `org`, `org.baseline`, a group or `params`.
pub const UNKNOWN_FIELD: &str = "L002";
/// A rule that can never fire (a condition on constants).
pub const NEVER_FIRES: &str = "L003";
/// A service no rule ever prioritizes.
pub const NEVER_PRIORITIZED: &str = "L004";
/// A variable that shadows another.
pub const SHADOWED: &str = "L005";
/// A blank reason.
pub const MISSING_REASON: &str = "L006";
/// An unknown decision table, or a table input or output that does not fit the call.
pub const UNKNOWN_TABLE: &str = "L007";
/// A number compared with or added to text (or true/false), on input fields of known types.
pub const TYPE_MISMATCH: &str = "L008";
/// A call of a function that does not exist, or with a wrong number of arguments.
pub const UNKNOWN_FUNCTION: &str = "L009";

/// What lint checks against besides the scripts.
#[derive(Debug, Clone, Default)]
pub struct LintContext {
    /// The names `params` holds (the rules' declarations).
    pub params: BTreeSet<String>,
    /// The decision tables of the rules folder.
    pub tables: Tables,
}

/// Everything `check` says about a rules folder without running it: table errors and
/// analysis (gaps, overlaps, unreachable rows), the params' declarations, then every script's
/// syntax errors and lint.
pub fn check_rule_set(dir: &Path, display_dir: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let params = match ParamDecls::load(dir, display_dir) {
        Ok(decls) => decls.names().map(str::to_string).collect(),
        Err(errors) => {
            out.extend(errors);
            BTreeSet::new()
        }
    };
    let tables = match Tables::load(dir, display_dir) {
        Ok(tables) => tables,
        Err(errors) => {
            out.extend(errors);
            Tables::default()
        }
    };
    for table in tables.tables.values() {
        out.extend(crate::rules::table::analyze(table));
    }
    let context = LintContext { params, tables };
    out.extend(lint_rules(dir, display_dir, &context));
    out
}

/// Syntax errors and lint findings for every `*.rhai` file directly in `dir`, in file order,
/// plus the findings that concern the rule set as a whole. Unreadable files are skipped here
/// (`RuleSet::load` reports them).
pub fn lint_rules(dir: &Path, display_dir: &str, context: &LintContext) -> Vec<Diagnostic> {
    let mut files = Vec::new();
    rhai_files(dir, "", 0, &mut files);
    files.sort();
    let mut out = Vec::new();
    let mut facts = Facts::default();
    let mut scripts = 0;
    for (rel, path) in files {
        // Links out of the rules folder are skipped here and reported by `RuleSet::load`.
        let Ok(text) = crate::rules::resolver::read_confined_text(dir, &path) else {
            continue;
        };
        let shown = format!("{display_dir}/{rel}");
        if rel.contains('/') {
            // A module (`rules/lib/…`): syntax errors at their own line, instead of only at the
            // `import` that loads it; its functions see no `org`, so no rule-set facts.
            out.extend(syntax_errors(&shown, &text));
        } else {
            scripts += 1;
            out.extend(lint_script(&shown, &text, context, &mut facts));
        }
    }
    // No script read, no rule set to judge: a missing or empty folder is `RuleSet::load`'s
    // one error, not also 26 services "no rule ever prioritizes".
    if scripts > 0 {
        out.extend(facts.finish(display_dir));
    }
    dedup(out)
}

/// `*.rhai` files under `dir` as (path relative to the rules folder, full path); modules in
/// subfolders too (two levels at most, as imports are short paths).
fn rhai_files(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, std::path::PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if path.is_dir() && depth < 2 {
            rhai_files(&path, &format!("{prefix}{name}/"), depth + 1, out);
        } else if path.extension().is_some_and(|e| e == "rhai") && path.is_file() {
            out.push((format!("{prefix}{name}"), path));
        }
    }
}

/// Syntax errors and lint findings of one script's text (`facts` gathers what is checked over
/// the whole rule set).
pub fn lint_script(
    file: &str,
    text: &str,
    context: &LintContext,
    facts: &mut Facts,
) -> Vec<Diagnostic> {
    let errors = syntax_errors(file, text);
    if !errors.is_empty() {
        facts.incomplete = true;
        return errors;
    }
    walk::lint_ast(file, text, context, facts)
}

/// What is learnt across all scripts of a rule set.
#[derive(Debug, Default)]
pub struct Facts {
    /// Some script did not parse: rule-set-wide findings would be guesses.
    pub incomplete: bool,
    /// `prioritize_services` is called somewhere (it sets every service's priority).
    pub(crate) all_prioritized: bool,
    /// A `recommend` call names its service with something other than a literal.
    pub(crate) dynamic_recommend: bool,
    /// Services named by `recommend` literals.
    pub(crate) recommended: BTreeSet<String>,
}

impl Facts {
    /// Findings about the rule set as a whole.
    pub(crate) fn finish(self, display_dir: &str) -> Vec<Diagnostic> {
        if self.incomplete || self.all_prioritized || self.dynamic_recommend {
            return Vec::new();
        }
        ServiceKey::KEYS
            .iter()
            .filter(|s| !self.recommended.contains(**s))
            .map(|s| {
                Diagnostic::new(
                    NEVER_PRIORITIZED,
                    Severity::Warning,
                    format!("no rule ever prioritizes the service `{s}`: it will always be `not_now` by default"),
                    crate::diag::Location::File { file: display_dir.to_string() },
                )
                .with_hint("call `recommend(service, priority, reason)`, `rank_services(…)` or `prioritize_services(…)`")
            })
            .collect()
    }
}

/// Drops repeated findings (a list variable used twice reports its literal once).
fn dedup(list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    list.into_iter()
        .filter(|d| {
            seen.insert((
                d.code,
                d.message.clone(),
                crate::diag::render_location(&d.location),
            ))
        })
        .collect()
}

/// A diagnostic at a script position.
pub(crate) fn at(
    code: &'static str,
    severity: Severity,
    file: &str,
    line: u32,
    column: u32,
    message: String,
) -> Diagnostic {
    Diagnostic::new(
        code,
        severity,
        message,
        Location::Script {
            file: file.to_string(),
            line,
            column,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_scripts_gets_no_rule_set_findings() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let missing = folder.path().join("missing");
        let context = LintContext::default();
        assert!(lint_rules(folder.path(), "rules", &context).is_empty());
        assert!(lint_rules(&missing, "rules", &context).is_empty());
        // One script is a rule set: its gaps are reported.
        std::fs::write(folder.path().join("a.rhai"), "let x = 1;\n").expect("script");
        let found = lint_rules(folder.path(), "rules", &context);
        assert_eq!(found.len(), ServiceKey::COUNT);
        assert!(found.iter().all(|d| d.code == NEVER_PRIORITIZED));
    }
}
