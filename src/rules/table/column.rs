//! `table_column(name, input, keys, output)`: one output column of a decision table for a list
//! of keys, in one host call.
//!
//! Issue 16: `30_approaches.rhai` read `allowed_approaches` with a `table` call per selected
//! service (a map literal, the call, a `split` and an indexer each), 4.5% of all rule
//! evaluation by instructions, nearly all of it Rhai's per-call overhead. Here the loop runs in Rust: each key
//! is one evaluation of the table, recorded for coverage and `explain` through the same
//! `note_rows` as `table`, so the two are interchangeable in what they count and show. The
//! misfits of a table for such a call (`misfits`) are shared with lint, which finds them
//! before a run.

use std::sync::Arc;

use rhai::{Array, Dynamic, EvalAltResult, FuncRegistration, Map, NativeCallContext};

use crate::diag::closest;
use crate::rules::coverage::Collector;
use crate::rules::table::{note_rows, take_unmatched, DecisionTable, HitPolicy, Tables};

/// Why a table cannot answer `table_column(name, input, keys, output)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Misfit {
    /// A `# hit: collect` table: several rows, no one value per key.
    Collect,
    /// `input` is not an input of the table (the closest one, if any).
    NoInput(Option<String>),
    /// The table has inputs besides `input`, which the call cannot set.
    OtherInputs(Vec<String>),
    /// `output` is not an output of the table (the closest one, if any).
    NoOutput(Option<String>),
}

/// Which argument of the call a misfit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Argument {
    /// `name`.
    Name,
    /// `input`.
    Input,
    /// `output`.
    Output,
}

impl Misfit {
    /// The argument to point at.
    pub(crate) fn argument(&self) -> Argument {
        match self {
            Misfit::Collect => Argument::Name,
            Misfit::NoInput(_) | Misfit::OtherInputs(_) => Argument::Input,
            Misfit::NoOutput(_) => Argument::Output,
        }
    }

    /// What is wrong: "table `t` has no output `alowed`".
    pub(crate) fn message(&self, table: &DecisionTable, input: &str, output: &str) -> String {
        let name = &table.name;
        match self {
            Misfit::Collect => format!("table `{name}` has hit policy `collect`"),
            Misfit::NoInput(_) => format!("table `{name}` has no input `{input}`"),
            Misfit::OtherInputs(others) => format!(
                "table `{name}` has inputs besides `{input}`: {}",
                quoted(others)
            ),
            Misfit::NoOutput(_) => format!("table `{name}` has no output `{output}`"),
        }
    }

    /// The likely fix: "did you mean `allowed`?".
    pub(crate) fn hint(&self, table: &DecisionTable) -> String {
        let did_you_mean = |best: &Option<String>, kind: &str, all: &[String]| match best {
            Some(b) => format!("did you mean `{b}`?"),
            None => format!("its {kind} are: {}", all.join(", ")),
        };
        match self {
            Misfit::Collect => "`table_column` reads `first` and `unique` tables only; call `table` for every matching row".into(),
            Misfit::NoInput(best) => did_you_mean(best, "inputs", &table.inputs),
            Misfit::OtherInputs(_) => "`table_column` sets one input; call `table` for a table of several inputs".into(),
            Misfit::NoOutput(best) => did_you_mean(best, "outputs", &table.outputs),
        }
    }
}

/// Names as a list of code spans: "`a`, `b`".
pub(crate) fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything that keeps `table` from answering `table_column(…, input, keys, output)`, in the
/// order a reader fixes them (empty: it fits).
pub(crate) fn misfits(table: &DecisionTable, input: &str, output: &str) -> Vec<Misfit> {
    let mut out = Vec::new();
    if table.policy == HitPolicy::Collect {
        out.push(Misfit::Collect);
    }
    if table.inputs.iter().any(|i| i == input) {
        let others: Vec<String> = table
            .inputs
            .iter()
            .filter(|i| *i != input)
            .cloned()
            .collect();
        if !others.is_empty() {
            out.push(Misfit::OtherInputs(others));
        }
    } else {
        let best = closest_name(input, &table.inputs);
        out.push(Misfit::NoInput(best));
    }
    if !table.outputs.iter().any(|o| o == output) {
        let best = closest_name(output, &table.outputs);
        out.push(Misfit::NoOutput(best));
    }
    out
}

fn closest_name(word: &str, names: &[String]) -> Option<String> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    closest(word, &names).map(str::to_string)
}

/// The name, parameters and doc comment of `table_column`, for `register` and the reference
/// alike (see `registration` in mod.rs).
pub(super) fn registration() -> FuncRegistration {
    FuncRegistration::new("table_column")
        .with_params_info(["name: &str", "input: &str", "keys: Array", "output: &str", "Map"])
        .with_comments([
            "/// Calls the decision table `rules/tables/<name>.csv` once per key of `keys` (text), \
             with its one input `input` set to the key, and returns a map from each key to the \
             value of the output column `output` in the row that matched; keys that match no row, \
             or whose cell is empty, are left out.\n\
             /// The same as a `table(name, #{ <input>: key })` call per key (coverage and `explain` \
             count each), in one call. Errors: an unknown table (with the closest name), an \
             `input` or `output` the table does not have, a table with other inputs too or with \
             `# hit: collect`, a key that is not text.\n\
             /// Example: `let allowed = table_column(\"allowed_approaches\", \"service\", \
             selected_services(), \"allowed\"); // #{ audit_assessments: \"consultative;…\" }`",
        ])
}

/// The function scripts call.
pub(super) fn call(
    tables: Arc<Tables>,
    coverage: Option<Arc<Collector>>,
) -> impl Fn(NativeCallContext, &str, &str, Array, &str) -> Result<Map, Box<EvalAltResult>> {
    move |ctx: NativeCallContext, name: &str, input: &str, keys: Array, output: &str| {
        let table = tables
            .get(name)
            .map_err(|e| -> Box<EvalAltResult> { e.into() })?;
        if let Some(m) = misfits(table, input, output).first() {
            let text = format!("{} — {}", m.message(table, input, output), m.hint(table));
            return Err(text.into());
        }
        let mut inputs = Map::new();
        let mut out = Map::new();
        for key in keys {
            let Ok(text) = key.clone().into_immutable_string() else {
                return Err(format!(
                    "`table_column` keys must be text: found `{key}` ({}) in `keys`",
                    key.type_name()
                )
                .into());
            };
            inputs.insert(input.into(), key);
            let (value, rows) = table.evaluate_rows(&inputs)?;
            note_rows(&ctx, table, coverage.as_deref(), &inputs, &rows);
            let cell = value
                .read_lock::<Map>()
                .and_then(|row| row.get(output).cloned())
                .filter(|v| !v.is_unit() && !is_empty_text(v));
            if let Some(cell) = cell {
                out.insert(text.as_str().into(), cell);
            }
        }
        // The result is never `()`, so no earlier unmatched `table` call can explain a later
        // read from `()` any more (see `Unmatched`).
        take_unmatched();
        Ok(out)
    }
}

fn is_empty_text(value: &Dynamic) -> bool {
    value
        .read_lock::<rhai::ImmutableString>()
        .is_some_and(|t| t.is_empty())
}

#[cfg(test)]
mod tests {
    use rhai::Engine;

    use super::*;
    use crate::rules::table::parse_table;

    const ALLOWED: &str = "# hit: first\nin:service,out:allowed,out:note\n\
        audit_assessments,consultative;controlling,audited\n\
        risk_management,,none\n\
        training_and_development,supportive,\n";

    /// An engine with the tables `allowed` (above), `two` (two inputs) and `all` (`collect`).
    fn column(script: &str) -> Result<Vec<(String, String)>, String> {
        let mut tables = Tables::default();
        for (name, text) in [
            ("allowed", ALLOWED),
            (
                "two",
                "# hit: first\nin:service,in:risk,out:allowed\n-,-,x\n",
            ),
            ("all", "# hit: collect\nin:service,out:allowed\n-,x\n"),
        ] {
            let file = format!("rules/tables/{name}.csv");
            tables
                .tables
                .insert(name.to_string(), parse_table(name, &file, text).unwrap());
        }
        let mut engine = Engine::new_raw();
        super::super::register(&mut engine, Arc::new(tables), None);
        engine
            .eval::<Map>(script)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn one_value_per_matched_key_without_unmatched_or_empty_cells() {
        let got = column(
            r#"table_column("allowed", "service", ["training_and_development", "audit_assessments", "risk_management", "nope"], "allowed")"#,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                (
                    "audit_assessments".into(),
                    "consultative;controlling".into()
                ),
                ("training_and_development".into(), "supportive".into()),
            ]
        );
        let notes = column(r#"table_column("allowed", "service", ["risk_management"], "note")"#);
        assert_eq!(notes.unwrap(), [("risk_management".into(), "none".into())]);
        assert_eq!(
            column(r#"table_column("allowed", "service", [], "allowed")"#).unwrap(),
            []
        );
    }

    #[test]
    fn each_misfit_is_an_error_with_the_fix() {
        for (call, expected) in [
            (
                r#"("alowed", "service", [], "allowed")"#,
                "unknown table `alowed` — did you mean `allowed`?",
            ),
            (
                r#"("allowed", "servce", [], "allowed")"#,
                "table `allowed` has no input `servce` — did you mean `service`?",
            ),
            (
                r#"("allowed", "service", [], "alowed")"#,
                "table `allowed` has no output `alowed` — did you mean `allowed`?",
            ),
            (
                r#"("allowed", "service", [], "xyzzy_quux")"#,
                "no output `xyzzy_quux` — its outputs are: allowed, note",
            ),
            (
                r#"("allowed", "service", ["audit_assessments", 3], "allowed")"#,
                "keys must be text: found `3` (i64)",
            ),
            (
                r#"("two", "service", [], "allowed")"#,
                "table `two` has inputs besides `service`: `risk` — `table_column` sets one input",
            ),
            (
                r#"("all", "service", [], "allowed")"#,
                "table `all` has hit policy `collect` — `table_column` reads `first` and `unique` tables only",
            ),
        ] {
            let e = column(&format!("table_column{call}")).unwrap_err();
            assert!(e.contains(expected), "{e}");
        }
    }
}
