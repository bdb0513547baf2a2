//! The AST walk behind lint: keys in literals passed to host functions, fields of the maps
//! scripts read, conditions on constants, shadowed variables, blank reasons and table calls
//! (the last in `walk/tables.rs`).
//!
//! The walk follows scopes (blocks, loops, function bodies) so that shadowing is exact, and
//! tracks what a variable holds when it is bound to `org`, `org.baseline`, a group, `params`,
//! or an array of string literals. It is deliberately conservative: anything it cannot see
//! statically (a computed key, a map built at run time) is not reported.

use std::collections::{BTreeMap, BTreeSet};

use rhai::{BinaryExpr, Expr, FnCallExpr, Position, Stmt, StmtBlock};

use crate::diag::{closest, Diagnostic, Severity};
use crate::model::customer::CustomerGroup;
use crate::model::outcome::OutcomeKey;
use crate::rules::lint::functions::check_call;
use crate::rules::lint::shape::{constant_truth, describe, flatten, Step};
use crate::rules::lint::syntax::{lint_engine, lint_scope};
use crate::rules::lint::types::{field_type, literal_type, mismatch, Owner, Ty};
use crate::rules::lint::vocab::{host_args, Arg, BASELINE_FIELDS, GROUP_FIELDS, ORG_FIELDS};
use crate::rules::lint::{
    at, Facts, LintContext, MISSING_REASON, NEVER_FIRES, SHADOWED, TYPE_MISMATCH, UNKNOWN_FIELD,
    UNKNOWN_FUNCTION, UNKNOWN_KEY,
};

mod tables;

/// What a variable or expression holds, as far as lint can tell.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Org,
    Baseline,
    Groups,
    Group,
    OutcomeMap,
    Params,
    Weights,
    /// An array of string literals with their positions.
    Strings(Vec<(String, Position)>),
    /// A plain value of a known type (a field of the inputs, a param).
    Value(Ty),
    Other,
}

/// Which map a kind is, for its fields' types.
fn owner(kind: &Kind) -> Option<Owner> {
    Some(match kind {
        Kind::Org => Owner::Org,
        Kind::Baseline => Owner::Baseline,
        Kind::Group => Owner::Group,
        Kind::OutcomeMap => Owner::OutcomeMap,
        Kind::Weights => Owner::Weights,
        Kind::Params => Owner::Params,
        _ => return None,
    })
}

/// What `kind.name` (or `kind[name]`; `None` for a computed index) holds.
fn child(kind: &Kind, name: Option<&str>) -> Kind {
    match (kind, name) {
        (Kind::Org, Some("baseline")) => Kind::Baseline,
        (Kind::Org, Some("groups")) => Kind::Groups,
        (Kind::Groups, _) => Kind::Group,
        (Kind::Group, Some("outcomes" | "answered")) => Kind::OutcomeMap,
        (Kind::OutcomeMap | Kind::Weights, _) => Kind::Value(Ty::Number),
        (_, Some(name)) => owner(kind)
            .and_then(|o| field_type(o, name))
            .map_or(Kind::Other, Kind::Value),
        _ => Kind::Other,
    }
}

/// Lints one parsed script.
pub(crate) fn lint_ast(
    file: &str,
    text: &str,
    context: &LintContext,
    facts: &mut Facts,
) -> Vec<Diagnostic> {
    let Ok(ast) = lint_engine().compile_with_scope(&lint_scope(), text) else {
        return Vec::new();
    };
    let mut fns: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for f in ast.iter_functions() {
        fns.entry(f.name.to_string())
            .or_default()
            .push(f.params.len());
    }
    let mut w = Walker {
        file,
        context,
        facts,
        out: Vec::new(),
        scopes: Vec::new(),
        fns,
    };
    w.scopes.push(vec![
        ("org".into(), Kind::Org, Position::NONE),
        ("params".into(), Kind::Params, Position::NONE),
        ("weights".into(), Kind::Weights, Position::NONE),
    ]);
    w.scopes.push(Vec::new());
    for stmt in ast.statements() {
        w.stmt(stmt);
    }
    // Function bodies: `walk` visits them too; their statements are the depth-1 nodes that
    // are not top-level statements. Script functions see only their parameters.
    let top: BTreeSet<*const Stmt> = ast.statements().iter().map(|s| s as *const Stmt).collect();
    // Each body statement gets a fresh scope (no false shadowing across functions).
    ast.walk(&mut |path: &[rhai::ASTNode]| {
        if let [rhai::ASTNode::Stmt(stmt)] = path {
            if !top.contains(&(*stmt as *const Stmt)) {
                w.scopes = vec![Vec::new()];
                w.stmt(stmt);
            }
        }
        true
    });
    w.out
}

struct Walker<'a> {
    file: &'a str,
    context: &'a LintContext,
    facts: &'a mut Facts,
    out: Vec<Diagnostic>,
    scopes: Vec<Vec<(String, Kind, Position)>>,
    /// The script's own functions: name → numbers of parameters.
    fns: BTreeMap<String, Vec<usize>>,
}

fn line_col(pos: Position) -> (u32, u32) {
    let n = |v: Option<usize>| u32::try_from(v.unwrap_or(1)).unwrap_or(1);
    (n(pos.line()), n(pos.position()))
}

impl Walker<'_> {
    fn report(
        &mut self,
        code: &'static str,
        severity: Severity,
        pos: Position,
        message: String,
        hint: Option<String>,
    ) {
        let (line, column) = line_col(pos);
        let mut d = at(code, severity, self.file, line, column, message);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.out.push(d);
    }

    fn lookup(&self, name: &str) -> Option<&(String, Kind, Position)> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|(n, ..)| n == name)
    }

    fn declare(&mut self, name: &str, kind: Kind, pos: Position) {
        if !name.starts_with('_') {
            if let Some((_, _, earlier)) = self.lookup(name) {
                let message = if earlier.is_none() {
                    format!("`{name}` shadows the `{name}` every script reads")
                } else {
                    format!(
                        "`{name}` shadows the variable declared at line {}",
                        line_col(*earlier).0
                    )
                };
                self.report(
                    SHADOWED,
                    Severity::Warning,
                    pos,
                    message,
                    Some(
                        "give it another name, or assign to the existing variable without `let`"
                            .into(),
                    ),
                );
            }
        }
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name.to_string(), kind, pos));
        }
    }

    fn block(&mut self, block: &StmtBlock) {
        self.scopes.push(Vec::new());
        for s in block.iter() {
            self.stmt(s);
        }
        self.scopes.pop();
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Var(x, _, pos) => {
                let (ident, expr, _) = &**x;
                self.expr(expr);
                let kind = self.kind_of(expr);
                self.declare(ident.name.as_str(), kind, *pos);
            }
            Stmt::If(flow, pos) => {
                self.expr(&flow.expr);
                match constant_truth(&flow.expr) {
                    Some(false) => self.report(
                        NEVER_FIRES,
                        Severity::Warning,
                        *pos,
                        "this rule can never fire: its condition is always false".into(),
                        Some("remove the rule, or make the condition depend on the inputs".into()),
                    ),
                    Some(true) if !flow.branch.is_empty() => self.report(
                        NEVER_FIRES,
                        Severity::Warning,
                        *pos,
                        "the `else` branch can never fire: the condition is always true".into(),
                        Some(
                            "remove the `else` branch, or make the condition depend on the inputs"
                                .into(),
                        ),
                    ),
                    _ => {}
                }
                self.block(&flow.body);
                self.block(&flow.branch);
            }
            Stmt::While(flow, pos) | Stmt::Do(flow, _, pos) => {
                self.expr(&flow.expr);
                if matches!(stmt, Stmt::While(..)) && constant_truth(&flow.expr) == Some(false) {
                    self.report(
                        NEVER_FIRES,
                        Severity::Warning,
                        *pos,
                        "this loop never runs: its condition is always false".into(),
                        None,
                    );
                }
                self.block(&flow.body);
            }
            Stmt::For(x, pos) => {
                let (var, counter, flow) = &**x;
                self.expr(&flow.expr);
                self.scopes.push(Vec::new());
                self.declare(var.name.as_str(), Kind::Other, *pos);
                if let Some(c) = counter {
                    self.declare(c.name.as_str(), Kind::Other, *pos);
                }
                self.block(&flow.body);
                self.scopes.pop();
            }
            Stmt::TryCatch(flow, pos) => {
                self.block(&flow.body);
                self.scopes.push(Vec::new());
                if let Expr::Variable(v, ..) = &flow.expr {
                    self.declare(v.1.as_str(), Kind::Other, *pos);
                }
                self.block(&flow.branch);
                self.scopes.pop();
            }
            Stmt::Assignment(x) => {
                let (_, BinaryExpr { lhs, rhs }) = &**x;
                self.expr(lhs);
                self.expr(rhs);
                // A variable given a value of another kind holds either afterwards: lint no
                // longer types it (`maturity = "unknown"` after `let maturity = g.pm_maturity`).
                if let Expr::Variable(v, ..) = lhs {
                    let kind = self.kind_of(rhs);
                    let name = v.1.as_str();
                    if let Some(entry) = self
                        .scopes
                        .iter_mut()
                        .rev()
                        .flat_map(|s| s.iter_mut().rev())
                        .find(|(n, ..)| n == name)
                    {
                        if entry.1 != kind {
                            entry.1 = Kind::Other;
                        }
                    }
                }
            }
            Stmt::FnCall(call, pos) => self.call(call, *pos),
            Stmt::Block(block) => self.block(block),
            Stmt::Expr(e) => self.expr(e),
            Stmt::Return(Some(e), ..) | Stmt::BreakLoop(Some(e), ..) => self.expr(e),
            Stmt::Switch(x, _) => self.expr(&x.0),
            _ => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::FnCall(call, pos) => self.call(call, *pos),
            Expr::MethodCall(call, pos) => {
                call.args.iter().for_each(|a| self.expr(a));
                self.function(call, true, *pos);
            }
            Expr::Dot(..) | Expr::Index(..) => self.chain(expr),
            Expr::InterpolatedString(parts, _) | Expr::Array(parts, _) => {
                parts.iter().for_each(|e| self.expr(e))
            }
            Expr::Map(x, _) => x.0.iter().for_each(|(_, e)| self.expr(e)),
            Expr::And(list, _) | Expr::Or(list, _) | Expr::Coalesce(list, _) => {
                list.iter().for_each(|e| self.expr(e))
            }
            Expr::Stmt(block) => self.block(block),
            _ => {}
        }
    }

    /// A host-function call: literal keys, blank reasons, tables.
    fn call(&mut self, call: &FnCallExpr, pos: Position) {
        for a in call.args.iter() {
            self.expr(a);
        }
        if call.op_token.is_some() && call.args.len() == 2 {
            self.operands(call, pos);
        }
        if call.op_token.is_none() && !call.is_qualified() {
            self.function(call, false, pos);
        }
        if call.is_qualified() {
            return;
        }
        let name = call.name.as_str();
        match name {
            "prioritize_services" | "rank_services" => self.facts.all_prioritized = true,
            "recommend" => match call.args.first() {
                Some(Expr::StringConstant(s, _)) => {
                    self.facts.recommended.insert(s.to_string());
                }
                _ => self.facts.dynamic_recommend = true,
            },
            "table" if call.args.len() == 2 => self.table_call(call),
            "table_column" if call.args.len() == 4 => self.table_column_call(call),
            _ => {}
        }
        let Some(args) = host_args(name, call.args.len()) else {
            return;
        };
        for (index, arg) in args {
            let Some(expr) = call.args.get(*index) else {
                continue;
            };
            match arg {
                Arg::Key(vocabulary, keys) => {
                    if let Expr::StringConstant(s, p) = expr {
                        self.key(vocabulary, keys, s, *p, name);
                    }
                }
                Arg::Keys(vocabulary, keys) => {
                    let list = match expr {
                        Expr::Array(items, _) => items
                            .iter()
                            .filter_map(|e| match e {
                                Expr::StringConstant(s, p) => Some((s.to_string(), *p)),
                                _ => None,
                            })
                            .collect(),
                        Expr::Variable(..) => match self.kind_of(expr) {
                            Kind::Strings(list) => list,
                            _ => Vec::new(),
                        },
                        _ => Vec::new(),
                    };
                    for (s, p) in list {
                        self.key(vocabulary, keys, &s, p, name);
                    }
                }
                Arg::Reason => {
                    let blank = match expr {
                        Expr::StringConstant(s, _) => s.trim().is_empty(),
                        Expr::InterpolatedString(parts, _) => parts.is_empty(),
                        _ => false,
                    };
                    if blank {
                        self.report(
                            MISSING_REASON,
                            Severity::Error,
                            expr.position(),
                            format!("`{name}` is given a blank reason"),
                            Some(
                                "say why in business terms, e.g. \"executives rate it 4.6/5\""
                                    .into(),
                            ),
                        );
                    }
                }
            }
        }
    }

    fn key(&mut self, vocabulary: &str, keys: &[&str], value: &str, pos: Position, function: &str) {
        if keys.contains(&value) {
            return;
        }
        let hint = match closest(value, keys) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("expected one of: {}", keys.join(", ")),
        };
        self.report(
            UNKNOWN_KEY,
            Severity::Error,
            pos,
            format!("unknown {vocabulary} `{value}` passed to `{function}`"),
            Some(hint),
        );
    }

    /// A property chain such as `org.groups[g].satisfaction`: checks each field it can type.
    fn chain(&mut self, expr: &Expr) {
        let (root, steps) = flatten(expr);
        self.expr(root);
        let mut kind = self.kind_of(root);
        for step in steps {
            match step {
                Step::Prop(name, pos) => kind = self.field(&kind, name, pos),
                Step::Index(e) => {
                    self.expr(e);
                    kind = match e {
                        Expr::StringConstant(s, p) => self.field(&kind, s.as_str(), *p),
                        _ => child(&kind, None),
                    };
                }
                Step::Method(call) => {
                    call.args.iter().for_each(|a| self.expr(a));
                    kind = Kind::Other;
                }
            }
        }
    }

    /// The kind of `kind.name`, reporting an unknown field.
    fn field(&mut self, kind: &Kind, name: &str, pos: Position) -> Kind {
        let params: Vec<&str> = self.context.params.iter().map(String::as_str).collect();
        let (what, fields): (&str, &[&str]) = match kind {
            Kind::Org => ("`org` field", ORG_FIELDS),
            Kind::Baseline => ("baseline field", BASELINE_FIELDS.as_slice()),
            Kind::Group => ("group field", GROUP_FIELDS),
            Kind::Groups => ("answered group", CustomerGroup::KEYS),
            Kind::Weights => ("group", CustomerGroup::KEYS),
            Kind::OutcomeMap => ("outcome", OutcomeKey::KEYS),
            Kind::Params if !params.is_empty() => ("parameter", params.as_slice()),
            _ => return Kind::Other,
        };
        if !fields.contains(&name) && !matches!(kind, Kind::Groups) {
            let hint = closest(name, fields).map_or_else(
                || format!("expected one of: {}", fields.join(", ")),
                |b| format!("did you mean `{b}`?"),
            );
            self.report(
                UNKNOWN_FIELD,
                Severity::Error,
                pos,
                format!("unknown {what} `{name}`"),
                Some(hint),
            );
            return Kind::Other;
        }
        child(kind, Some(name))
    }

    fn kind_of(&self, expr: &Expr) -> Kind {
        match expr {
            Expr::Variable(v, ..) if v.2.is_empty() => self
                .lookup(v.1.as_str())
                .map_or(Kind::Other, |(_, k, _)| k.clone()),
            Expr::Array(items, _) => {
                let list: Vec<(String, Position)> = items
                    .iter()
                    .filter_map(|e| match e {
                        Expr::StringConstant(s, p) => Some((s.to_string(), *p)),
                        _ => None,
                    })
                    .collect();
                if list.len() == items.len() && !list.is_empty() {
                    Kind::Strings(list)
                } else {
                    Kind::Other
                }
            }
            Expr::Dot(..) | Expr::Index(..) => {
                let (root, steps) = flatten(expr);
                let mut kind = self.kind_of(root);
                for step in steps {
                    kind = match step {
                        Step::Prop(name, _) => child(&kind, Some(name)),
                        Step::Index(Expr::StringConstant(s, _)) => child(&kind, Some(s.as_str())),
                        Step::Index(_) => child(&kind, None),
                        Step::Method(_) => Kind::Other,
                    };
                }
                kind
            }
            other => literal_type(other).map_or(Kind::Other, Kind::Value),
        }
    }

    /// A call of an unknown function, or with a wrong number of arguments.
    fn function(&mut self, call: &FnCallExpr, method: bool, pos: Position) {
        let name = call.name.as_str();
        if let Some((message, hint)) = check_call(name, call.args.len(), method, &self.fns) {
            self.report(UNKNOWN_FUNCTION, Severity::Error, pos, message, Some(hint));
        }
    }

    /// An operator on two operands of known, incompatible types.
    fn operands(&mut self, call: &FnCallExpr, pos: Position) {
        let (Some(a), Some(b)) = (call.args.first(), call.args.get(1)) else {
            return;
        };
        let (Kind::Value(ta), Kind::Value(tb)) = (self.kind_of(a), self.kind_of(b)) else {
            return;
        };
        let (sa, sb) = (describe(a), describe(b));
        let op = call.name.as_str();
        if let Some(m) = mismatch(op, (ta, &sa, a), (tb, &sb, b)) {
            self.report(TYPE_MISMATCH, Severity::Error, pos, m.message, Some(m.hint));
            return;
        }
        // A key field compared with a literal that is not one of its keys.
        if matches!(op, "==" | "!=") {
            for (ty, shown, other) in [(ta, &sa, b), (tb, &sb, a)] {
                let (Ty::Text(Some(keys)), Expr::StringConstant(value, p)) = (ty, other) else {
                    continue;
                };
                if keys.contains(&value.as_str()) {
                    continue;
                }
                let hint = closest(value, keys).map_or_else(
                    || format!("`{shown}` holds one of: {}", keys.join(", ")),
                    |best| format!("did you mean `\"{best}\"`?"),
                );
                self.report(
                    UNKNOWN_KEY,
                    Severity::Error,
                    *p,
                    format!("`{shown}` is never `\"{value}\"`: that is not one of its keys"),
                    Some(hint),
                );
            }
        }
    }
}

#[cfg(test)]
#[path = "walk_tests.rs"]
mod tests;
