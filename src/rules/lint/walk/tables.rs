//! Lint of decision-table calls: `table(name, inputs)` and
//! `table_column(name, input, keys, output)` against the tables of the rules folder, when the
//! names are string constants (a computed name is checked at run time only).

use rhai::{Expr, FnCallExpr, Position};

use crate::diag::{closest, Severity};
use crate::rules::lint::walk::Walker;
use crate::rules::lint::UNKNOWN_TABLE;
use crate::rules::table::{misfits, quoted, Argument, DecisionTable};

impl<'a> Walker<'a> {
    /// `table(name, #{ … })`: the table exists and the map literal gives every input.
    pub(super) fn table_call(&mut self, call: &FnCallExpr) {
        let Some(table) = self.known_table(call) else {
            return;
        };
        let name = &table.name;
        if let Some(Expr::Map(x, mp)) = call.args.get(1) {
            let given: Vec<&str> = x.0.iter().map(|(k, _)| k.name.as_str()).collect();
            let missing: Vec<&String> = table
                .inputs
                .iter()
                .filter(|i| !given.contains(&i.as_str()))
                .collect();
            if !missing.is_empty() {
                let list = quoted(&missing);
                self.report(
                    UNKNOWN_TABLE,
                    Severity::Error,
                    *mp,
                    format!("table `{name}` needs the input(s) {list}"),
                    Some(format!("its inputs are: {}", table.inputs.join(", "))),
                );
            }
        }
    }

    /// `table_column(name, input, keys, output)`: the table exists and fits the call (the
    /// checks `table_column` makes when it runs, on the arguments that are constants).
    pub(super) fn table_column_call(&mut self, call: &FnCallExpr) {
        let Some(table) = self.known_table(call) else {
            return;
        };
        let constant = |index: usize| match call.args.get(index) {
            Some(Expr::StringConstant(s, p)) => Some((s.to_string(), *p)),
            _ => None,
        };
        let (input, output) = (constant(1), constant(3));
        let text = |arg: &Option<(String, Position)>| {
            arg.as_ref().map_or("", |(s, _)| s.as_str()).to_string()
        };
        let (input_text, output_text) = (text(&input), text(&output));
        for misfit in misfits(table, &input_text, &output_text) {
            // A misfit of an argument that is not a constant was found with "" for it: skipped.
            let at = match misfit.argument() {
                Argument::Name => call.args.first().map(Expr::position),
                Argument::Input => input.as_ref().map(|(_, p)| *p),
                Argument::Output => output.as_ref().map(|(_, p)| *p),
            };
            if let Some(pos) = at {
                self.report(
                    UNKNOWN_TABLE,
                    Severity::Error,
                    pos,
                    misfit.message(table, &input_text, &output_text),
                    Some(misfit.hint(table)),
                );
            }
        }
    }

    /// The table a call's first argument names, when it is a constant; an unknown name is
    /// reported (with the closest one) and gives `None`, as does a computed name.
    fn known_table(&mut self, call: &FnCallExpr) -> Option<&'a DecisionTable> {
        let Some(Expr::StringConstant(name, p)) = call.args.first() else {
            return None;
        };
        let tables = &self.context.tables.tables;
        if let Some(table) = tables.get(name.as_str()) {
            return Some(table);
        }
        let names: Vec<&str> = tables.keys().map(String::as_str).collect();
        let hint = closest(name, &names)
            .map(|b| format!("did you mean `{b}`?"))
            .unwrap_or_else(|| format!("tables in rules/tables/: {}", names.join(", ")));
        self.report(
            UNKNOWN_TABLE,
            Severity::Error,
            *p,
            format!("unknown decision table `{name}`"),
            Some(hint),
        );
        None
    }
}
