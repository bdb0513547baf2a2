//! Types of the input fields scripts read, and the operator checks built on them: a number
//! compared with or added to text (`b.regulatory_intensity >= "4"`, `b.industry > 3`) is
//! silently false (or glues text) at run time, so lint reports it with the fix.
//!
//! The types follow `convert.rs` (the `org` map) and `BaselineField::kind`; the test in
//! `vocab.rs` keeps the field lists in step with the real maps.

use rhai::Expr;

use crate::model::baseline::{BaselineField, FieldKind};

/// What a value read from the inputs is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A number (whole or not).
    Number,
    /// Text; a key of a closed vocabulary when the keys are given.
    Text(Option<&'static [&'static str]>),
    /// `true` or `false`.
    Bool,
    /// A list.
    List,
}

impl Ty {
    /// The type in words, for messages.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Ty::Number => "a number",
            Ty::Text(Some(_)) => "a key (text)",
            Ty::Text(None) => "text",
            Ty::Bool => "true or false",
            Ty::List => "a list",
        }
    }
}

/// Which map a field is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Org,
    Baseline,
    Group,
    /// `outcomes[o]` (a mean priority) or `answered[o]` (a count).
    OutcomeMap,
    Weights,
    Params,
}

/// The type of `owner.name`, when it is a plain value.
pub(crate) fn field_type(owner: Owner, name: &str) -> Option<Ty> {
    match owner {
        Owner::Org => match name {
            "id" | "name" => Some(Ty::Text(None)),
            "has_baseline" => Some(Ty::Bool),
            "respondents" => Some(Ty::Number),
            "group_keys" => Some(Ty::List),
            _ => None,
        },
        Owner::Baseline => match name {
            "respondents" => Some(Ty::Number),
            "disagreements" => Some(Ty::List),
            _ => {
                let field = BaselineField::ALL.iter().find(|f| f.as_str() == name)?;
                Some(match field.kind() {
                    FieldKind::Text => Ty::Text(None),
                    FieldKind::Category(keys) => Ty::Text(Some(keys)),
                    FieldKind::Count | FieldKind::Scale => Ty::Number,
                    FieldKind::YesNo => Ty::Bool,
                    FieldKind::Outcomes => Ty::List,
                })
            }
        },
        Owner::Group => match name {
            "outcomes" | "answered" | "themes" => None,
            _ => Some(Ty::Number),
        },
        Owner::OutcomeMap | Owner::Weights | Owner::Params => Some(Ty::Number),
    }
}

/// The type of a literal.
pub(crate) fn literal_type(expr: &Expr) -> Option<Ty> {
    match expr {
        Expr::IntegerConstant(..) | Expr::FloatConstant(..) => Some(Ty::Number),
        Expr::StringConstant(..) | Expr::InterpolatedString(..) | Expr::CharConstant(..) => {
            Some(Ty::Text(None))
        }
        Expr::BoolConstant(..) => Some(Ty::Bool),
        Expr::Array(..) => Some(Ty::List),
        _ => None,
    }
}

/// A mistake of operand types: what the operator does with them, and the fix.
pub(crate) struct Mismatch {
    /// The message.
    pub message: String,
    /// The fix.
    pub hint: String,
}

/// Whether `left op right` mixes types the operator cannot compare or add; `shown` is how
/// each operand reads in the script.
pub(crate) fn mismatch(
    op: &str,
    (left, left_shown, left_expr): (Ty, &str, &Expr),
    (right, right_shown, right_expr): (Ty, &str, &Expr),
) -> Option<Mismatch> {
    let number_and_text = matches!(
        (left, right),
        (Ty::Number, Ty::Text(_)) | (Ty::Text(_), Ty::Number)
    );
    let bool_and_other = matches!(
        (left, right),
        (Ty::Bool, Ty::Number | Ty::Text(_)) | (Ty::Number | Ty::Text(_), Ty::Bool)
    );
    if !number_and_text && !bool_and_other {
        return None;
    }
    let effect = match op {
        "==" | "<" | "<=" | ">" | ">=" => "is always false",
        "!=" => "is always true",
        "+" if number_and_text => "joins them as text (\"4\" + 1 is \"41\")",
        "+" | "-" | "*" | "/" | "%" => "stops the rules with an error",
        _ => return None,
    };
    let message = format!(
        "`{left_shown} {op} {right_shown}` {effect}: `{left_shown}` is {} and `{right_shown}` is {}",
        left.words(),
        right.words()
    );
    let hint = fix(
        op,
        (left, left_shown, left_expr),
        (right, right_shown, right_expr),
    );
    Some(Mismatch { message, hint })
}

/// The fix for a mismatch: drop the quotes of a number, compare a key with a key.
fn fix(op: &str, left: (Ty, &str, &Expr), right: (Ty, &str, &Expr)) -> String {
    if op == "+" {
        let number = if left.0 == Ty::Number {
            left.1
        } else {
            right.1
        };
        return format!(
            "to put a number in a sentence, interpolate it in backticks: `${{{number}}} …`, or format it with `fmt({number}, 1)`"
        );
    }
    for ((ty, shown, _), (_, other_shown, other), is_left) in
        [(left, right, true), (right, left, false)]
    {
        match (ty, other) {
            (Ty::Number, Expr::StringConstant(s, _)) if s.trim().parse::<f64>().is_ok() => {
                let number = s.trim();
                let (l, r) = if is_left {
                    (shown, number)
                } else {
                    (number, shown)
                };
                return format!("write the number without quotes: `{l} {op} {r}`");
            }
            (Ty::Text(Some(keys)), _) => {
                let example = keys.first().copied().unwrap_or("key");
                return format!(
                    "`{shown}` holds one of: {}; compare it with a key in quotes, such as `{shown} == \"{example}\"`",
                    keys.join(", ")
                );
            }
            (Ty::Number, _) if matches!(other, Expr::StringConstant(..)) => {
                return format!(
                    "`{shown}` is a number: compare it with a number, not `{other_shown}`"
                );
            }
            _ => {}
        }
    }
    "compare values of the same kind: numbers with numbers, text with text".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_have_the_types_of_the_org_map() {
        assert_eq!(
            field_type(Owner::Baseline, "regulatory_intensity"),
            Some(Ty::Number)
        );
        assert!(matches!(
            field_type(Owner::Baseline, "industry"),
            Some(Ty::Text(Some(keys))) if !keys.is_empty()
        ));
        assert_eq!(field_type(Owner::Baseline, "existing_pmo"), Some(Ty::Bool));
        assert_eq!(field_type(Owner::Org, "id"), Some(Ty::Text(None)));
        assert_eq!(field_type(Owner::Group, "satisfaction"), Some(Ty::Number));
        assert_eq!(field_type(Owner::Group, "outcomes"), None);
    }
}
