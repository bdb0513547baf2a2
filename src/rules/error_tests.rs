//! Tests of `error.rs`.

use super::*;

#[test]
fn renders_file_line_column() {
    let e = RuleError::new(RuleErrorKind::Compile, codes::SYNTAX, "syntax error: x").at_line(
        "rules/a.rhai",
        3,
        5,
    );
    assert_eq!(e.to_string(), "rules/a.rhai:3:5: syntax error: x");
    let d = e.to_diagnostic();
    assert_eq!(d.code, "R010");
    assert_eq!(
        crate::diag::render_location(&d.location),
        "rules/a.rhai:3:5"
    );
}

#[test]
fn limits_name_the_limit() {
    let limits = Limits::default();
    let e = classify(
        &EvalAltResult::ErrorTooManyOperations(Position::NONE),
        &limits,
    );
    assert!(e.is_limit());
    assert!(
        e.message().contains("operation budget of 2000000 exceeded"),
        "{}",
        e.message()
    );
    let e = classify(
        &EvalAltResult::ErrorTerminated("time".into(), Position::NONE),
        &limits,
    );
    assert_eq!(e.code(), "R051");
    assert!(e.message().contains("time budget of 1000 ms exceeded"));
}

#[test]
fn strips_rhai_position_suffix() {
    assert_eq!(strip_position("Oops (line 3, position 4)"), "Oops");
    assert_eq!(lower_first("Oops"), "oops");
}

#[test]
fn a_field_read_from_nothing_is_said_plainly() {
    let e = classify(
        &EvalAltResult::ErrorDotExpr(
            "Unknown property 'approach' - a getter is not registered for type '()'".into(),
            Position::NONE,
        ),
        &Limits::default(),
    );
    assert_eq!(e.code(), "R031");
    assert_eq!(
        e.message(),
        "`.approach` was read from a value that is nothing (`()`)"
    );
    assert_eq!(nothing_field("Unknown property 'x' on map"), None);
}

#[test]
fn failed_calls_name_types_in_plain_words() {
    assert_eq!(
        plain_signature("helper (i64, &str | ImmutableString | String)"),
        "no function `helper` takes these arguments: `helper(whole number, text)`"
    );
    assert_eq!(
        plain_signature("f ()"),
        "no function `f` takes these arguments: `f()`"
    );
    assert_eq!(
        plain_signature("- (f64, &str | ImmutableString | String)"),
        "`-` cannot be used between a number and text"
    );
}
