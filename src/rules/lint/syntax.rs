//! Every syntax error of a script, not only the first: Rhai's parser stops at the first error,
//! so after each one the statement around the failing line is blanked (positions kept) and the
//! script parsed again, until it parses or an error repeats. Later errors carry a hint that
//! they were found after skipping the earlier statement.

use rhai::{Engine, Scope};

use crate::diag::Diagnostic;
use crate::rules::lint::recover::{parse_error, Misplaced};

/// The largest expression depth a config may set (`RANGES`).
const MAX_DEPTH: usize = crate::rules::limits::RANGES[3].2 as usize;

/// At most this many syntax errors per file.
const MAX_ERRORS: usize = 20;

/// The parser `check` uses: strict variables as in a run, no optimisation, nothing registered
/// (calls are resolved when a script runs, not when it parses).
pub(crate) fn lint_engine() -> Engine {
    let mut engine = Engine::new_raw();
    engine
        .set_strict_variables(true)
        .set_optimization_level(rhai::OptimizationLevel::None)
        // The run reports depth limits with the configured values (`RuleSet::load`); lint
        // parses with the highest depth a config may set, never unlimited: 100k nested
        // parentheses overflowed the stack under `check` (issue 11).
        .set_max_expr_depths(MAX_DEPTH, MAX_DEPTH)
        .disable_symbol("eval");
    engine
}

/// The scope names scripts can read (as in `RuleSet`).
pub(crate) fn lint_scope() -> Scope<'static> {
    let mut scope = Scope::new();
    for name in ["org", "params", "weights"] {
        scope.push_dynamic(name, rhai::Dynamic::UNIT);
    }
    scope
}

/// The syntax errors of one script, first to last.
pub fn syntax_errors(file: &str, text: &str) -> Vec<Diagnostic> {
    let engine = lint_engine();
    let scope = lint_scope();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut out = Vec::new();
    let mut last_line = 0usize;
    while out.len() < MAX_ERRORS {
        let source = lines.join("\n");
        let Err(err) = engine.compile_with_scope(&scope, &source) else {
            break;
        };
        let line = err.1.line().unwrap_or(0);
        let (error, found) = parse_error(file, &source, &err);
        let mut d = error.to_diagnostic();
        if !out.is_empty() {
            d = d.with_hint(format!(
                "found after skipping the statement at line {last_line}: fix the errors above first if this one looks odd"
            ));
        }
        out.push(d);
        match found {
            // Parse on as if the `;` were there: blanking the next line made every later
            // statement "miss" its `;` too.
            Some(Misplaced::Semicolon(l, _)) if l > last_line && l <= lines.len() => {
                lines[l - 1].push(';');
                last_line = l;
                continue;
            }
            // The file ended inside the block: nothing after it can be parsed differently.
            Some(_) => break,
            None => {}
        }
        if line == 0 || line <= last_line || line > lines.len() {
            break;
        }
        let end = statement_end(&lines, line - 1);
        for l in &mut lines[line - 1..=end] {
            *l = " ".repeat(l.chars().count());
        }
        last_line = line;
    }
    out
}

/// The index of the line that ends the statement starting at `start` (0-based): the first
/// line from `start` ending in `;`, `{` or `}` (comments ignored), else the last line.
fn statement_end(lines: &[String], start: usize) -> usize {
    for (i, line) in lines.iter().enumerate().skip(start) {
        let code = line.split("//").next().unwrap_or("").trim_end();
        if code.ends_with(';') || code.ends_with('{') || code.ends_with('}') {
            return i;
        }
    }
    lines.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn lines(errors: &[Diagnostic]) -> Vec<u32> {
        errors
            .iter()
            .map(|d| match d.location {
                Location::Script { line, .. } => line,
                _ => 0,
            })
            .collect()
    }

    #[test]
    fn reports_every_broken_statement() {
        let text = "let a = 1;\nlet = 2;\nlet b = (3;\nlet c = a + ;\nlet d = 4;\n";
        let errors = syntax_errors("x.rhai", text);
        assert_eq!(lines(&errors), [2, 3, 4], "{errors:?}");
        assert!(errors[0].hints.iter().all(|h| !h.contains("skipping")));
        assert!(errors[1]
            .hints
            .iter()
            .any(|h| h.contains("skipping the statement at line 2")));
    }

    #[test]
    fn a_missing_semicolon_is_one_error_at_its_line() {
        let text = "let a = 1;\nlet b = 2\nlet c = 3;\nif a > 0 {\n    let d = 4;\n}\nlet e = 5;\n";
        let errors = syntax_errors("x.rhai", text);
        assert_eq!(lines(&errors), [2], "{errors:?}");
        assert_eq!(
            errors[0].message,
            "syntax error: this statement needs a `;` at its end"
        );
    }

    #[test]
    fn a_missing_brace_is_one_error_at_the_open_brace() {
        let text = "let a = 1;\nif a > 0 {\n    let b = 2;\n\nlet c = 3;\n";
        let errors = syntax_errors("x.rhai", text);
        assert_eq!(lines(&errors), [2], "{errors:?}");
        assert!(errors[0].message.contains("this `{` is never closed"));
    }

    #[test]
    fn a_clean_script_has_none_and_undefined_variables_count() {
        assert!(syntax_errors("x.rhai", "let a = org.id;\n").is_empty());
        let errors = syntax_errors("x.rhai", "let a = 1;\nlet b = nope + 1;\n");
        assert_eq!(errors[0].code, "R011");
        assert_eq!(lines(&errors), [2]);
    }
}
