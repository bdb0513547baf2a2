//! The shapes lint reads in Rhai's AST: property chains flattened into steps, and conditions
//! that are constants. Pure functions over borrowed AST nodes; they report nothing.

use rhai::{ASTFlags, Expr, FnCallExpr, Position};

/// One step of a property chain after its root.
pub(crate) enum Step<'a> {
    /// `.name`
    Prop(&'a str, Position),
    /// `[expr]`
    Index(&'a Expr),
    /// `.method(args)`
    Method(&'a FnCallExpr),
}

/// `org.groups[g].x` → (`org`, [groups, [g], x]). Rhai nests chains to the right, and an
/// index followed by more of the chain holds `Dot(index, rest)` unless flagged `BREAK`.
pub(crate) fn flatten(expr: &Expr) -> (&Expr, Vec<Step<'_>>) {
    let mut steps = Vec::new();
    match expr {
        Expr::Dot(x, ..) => {
            tail(&x.rhs, &mut steps);
            (&x.lhs, steps)
        }
        Expr::Index(x, flags, _) => {
            index_tail(&x.rhs, *flags, &mut steps);
            (&x.lhs, steps)
        }
        other => (other, steps),
    }
}

fn tail<'a>(expr: &'a Expr, steps: &mut Vec<Step<'a>>) {
    match expr {
        Expr::Property(p, pos) => steps.push(Step::Prop(p.2.as_str(), *pos)),
        Expr::MethodCall(call, _) => steps.push(Step::Method(call)),
        Expr::Dot(x, ..) => {
            tail(&x.lhs, steps);
            tail(&x.rhs, steps);
        }
        Expr::Index(x, flags, _) => {
            tail(&x.lhs, steps);
            index_tail(&x.rhs, *flags, steps);
        }
        _ => {}
    }
}

fn index_tail<'a>(rhs: &'a Expr, flags: ASTFlags, steps: &mut Vec<Step<'a>>) {
    if flags.contains(ASTFlags::BREAK) {
        steps.push(Step::Index(rhs));
        return;
    }
    match rhs {
        Expr::Dot(x, ..) => {
            steps.push(Step::Index(&x.lhs));
            tail(&x.rhs, steps);
        }
        Expr::Index(x, f, _) => {
            steps.push(Step::Index(&x.lhs));
            index_tail(&x.rhs, *f, steps);
        }
        other => steps.push(Step::Index(other)),
    }
}

/// How an operand reads in the script, for messages: `b.industry`, `org.groups[g].nps`,
/// `"4"`, `3`; anything else is `…`.
pub(crate) fn describe(expr: &Expr) -> String {
    match expr {
        Expr::Variable(v, ..) => v.1.to_string(),
        Expr::StringConstant(s, _) => format!("{s:?}"),
        Expr::IntegerConstant(i, _) => i.to_string(),
        Expr::FloatConstant(f, _) => f.to_string(),
        Expr::BoolConstant(b, _) => b.to_string(),
        Expr::Dot(..) | Expr::Index(..) => {
            let (root, steps) = flatten(expr);
            let mut text = describe(root);
            for step in steps {
                match step {
                    Step::Prop(name, _) => text.push_str(&format!(".{name}")),
                    Step::Index(e) => text.push_str(&format!("[{}]", describe(e))),
                    Step::Method(call) => text.push_str(&format!(".{}(…)", call.name)),
                }
            }
            text
        }
        _ => "…".to_string(),
    }
}

/// `Some(b)` when a condition is a constant: a literal, `!` of one, or a comparison of two
/// literals.
pub(crate) fn constant_truth(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BoolConstant(b, _) => Some(*b),
        Expr::FnCall(call, _) if call.name == "!" && call.args.len() == 1 => {
            constant_truth(&call.args[0]).map(|b| !b)
        }
        Expr::And(list, _) => {
            let values: Vec<Option<bool>> = list.iter().map(constant_truth).collect();
            if values.contains(&Some(false)) {
                Some(false)
            } else if values.iter().all(|v| *v == Some(true)) {
                Some(true)
            } else {
                None
            }
        }
        Expr::Or(list, _) => {
            let values: Vec<Option<bool>> = list.iter().map(constant_truth).collect();
            if values.contains(&Some(true)) {
                Some(true)
            } else if values.iter().all(|v| *v == Some(false)) {
                Some(false)
            } else {
                None
            }
        }
        Expr::FnCall(call, _) if call.args.len() == 2 && call.op_token.is_some() => {
            let (a, b) = (number(&call.args[0]), number(&call.args[1]));
            if let (Some(a), Some(b)) = (a, b) {
                return compare(call.name.as_str(), a.partial_cmp(&b)?);
            }
            match (&call.args[0], &call.args[1]) {
                (Expr::StringConstant(a, _), Expr::StringConstant(b, _)) => {
                    compare(call.name.as_str(), a.cmp(b))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn number(e: &Expr) -> Option<f64> {
    match e {
        Expr::IntegerConstant(i, _) => Some(*i as f64),
        Expr::FloatConstant(f, _) => Some(**f),
        _ => None,
    }
}

fn compare(op: &str, ord: std::cmp::Ordering) -> Option<bool> {
    use std::cmp::Ordering::*;
    Some(match op {
        "==" => ord == Equal,
        "!=" => ord != Equal,
        "<" => ord == Less,
        "<=" => ord != Greater,
        ">" => ord == Greater,
        ">=" => ord != Less,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lint::syntax::{lint_engine, lint_scope};

    fn condition(text: &str) -> Option<bool> {
        let ast = lint_engine()
            .compile_with_scope(&lint_scope(), format!("if {text} {{ }}"))
            .unwrap();
        match &ast.statements()[0] {
            rhai::Stmt::If(flow, _) => constant_truth(&flow.expr),
            _ => None,
        }
    }

    #[test]
    fn constants_are_recognised() {
        assert_eq!(condition("false"), Some(false));
        assert_eq!(condition("!false"), Some(true));
        assert_eq!(condition("1 > 2.5"), Some(false));
        assert_eq!(condition("\"a\" == \"a\""), Some(true));
        assert_eq!(condition("false && org.id == \"x\""), Some(false));
        assert_eq!(condition("org.respondents > 2"), None);
    }
}
