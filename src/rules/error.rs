//! `RuleError`: a script that does not compile, fails at run time, or hits a sandbox limit.
//!
//! Rhai's errors are translated here and nowhere else: each becomes a stable `R0xx` code, the
//! script path as the user gave it, a 1-based line and column, the innermost message, and a
//! call trace (innermost first). Sandbox limits name the limit and its configured value, so a
//! user can tell "my script is wrong" from "my script needs a bigger budget". This module
//! renders nothing: `to_diagnostic` hands the CLI data, and the CLI draws the code frame.

use rhai::{EvalAltResult, ParseError, ParseErrorType, Position};

use crate::diag::{Diagnostic, Location, Severity};
use crate::rules::limits::Limits;

/// What kind of rule problem this is (all exit with code 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleErrorKind {
    /// The rules folder or a script file could not be read.
    Io,
    /// A script does not compile (syntax, undefined variable, forbidden symbol).
    Compile,
    /// An `import` was refused or failed.
    Import,
    /// A script failed while running (type error, missing property, `throw`).
    Runtime,
    /// A host function was called with an unknown key or a bad value.
    Api,
    /// A sandbox limit stopped the script.
    Limit,
    /// A param given in the config or a test case that no rule declares, or out of its range.
    Params,
}

/// A rule problem (exit code 3): code, message, script location and call trace.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct RuleError(Box<Inner>);

/// Boxed so that `Result<_, RuleError>` stays small on the hot path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: RuleErrorKind,
    code: &'static str,
    message: String,
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    hints: Vec<String>,
    trace: Vec<String>,
    /// The field a script read from `()` (Rhai: "a getter is not registered for type '()'").
    read_from_nothing: Option<String>,
}

/// Stable codes; never reuse one.
pub(crate) mod codes {
    /// The rules folder cannot be read or holds no script.
    pub const FOLDER: &str = "R001";
    /// A script file cannot be read or is not UTF-8.
    pub const FILE: &str = "R002";
    /// Syntax error.
    pub const SYNTAX: &str = "R010";
    /// A variable is used before it is defined (strict variables).
    pub const UNDEFINED_VARIABLE: &str = "R011";
    /// A forbidden or reserved symbol (`eval`, …).
    pub const FORBIDDEN: &str = "R012";
    /// Import outside the rules folder, or of a missing or broken module.
    pub const IMPORT: &str = "R020";
    /// Runtime error in a script.
    pub const RUNTIME: &str = "R030";
    /// A missing map property (scripts must spell every field exactly).
    pub const PROPERTY: &str = "R031";
    /// A function that does not exist (or not with these argument types).
    pub const FUNCTION: &str = "R032";
    /// A script called `throw`.
    pub const THROWN: &str = "R033";
    /// A host function got an unknown key or a bad value.
    pub const API: &str = "R040";
    /// The operation budget was exceeded.
    pub const OPERATIONS: &str = "R050";
    /// The wall-clock budget was exceeded.
    pub const TIME: &str = "R051";
    /// Too many nested calls.
    pub const CALL_DEPTH: &str = "R052";
    /// An expression nested too deeply.
    pub const EXPR_DEPTH: &str = "R053";
    /// A string, array or map grew past its limit.
    pub const DATA_SIZE: &str = "R054";
    /// Too many modules imported.
    pub const MODULES: &str = "R055";
    /// The evaluation's memory budget was exceeded.
    pub const MEMORY: &str = "R056";
    /// `[rules.params]` or a test case sets a param that no rule declares.
    pub const PARAM_UNDECLARED: &str = "R071";
    /// A param value outside the range its declaration gives.
    pub const PARAM_RANGE: &str = "R072";
}

impl RuleError {
    /// A new error with no location.
    pub(crate) fn new(kind: RuleErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        RuleError(Box::new(Inner {
            kind,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            hints: Vec::new(),
            trace: Vec::new(),
            read_from_nothing: None,
        }))
    }

    /// Sets the file (and a Rhai position, ignored when it is "none").
    pub(crate) fn at(mut self, file: impl Into<String>, pos: Position) -> Self {
        self.0.file = Some(file.into());
        if let (Some(line), Some(column)) = (pos.line(), pos.position()) {
            self.0.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
            self.0.column = Some(u32::try_from(column).unwrap_or(u32::MAX));
        } else if let Some(line) = pos.line() {
            self.0.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        }
        self
    }

    /// Sets an explicit 1-based line and column.
    pub(crate) fn at_line(mut self, file: impl Into<String>, line: u32, column: u32) -> Self {
        self.0.file = Some(file.into());
        self.0.line = Some(line);
        self.0.column = Some(column);
        self
    }

    /// Sets the file only (no line is known).
    pub(crate) fn at_file(mut self, file: impl Into<String>) -> Self {
        self.0.file = Some(file.into());
        self
    }

    /// Adds a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.0.hints.push(hint.into());
        self
    }

    /// When the error is a field read from nothing (`()`) and the last table call matched no
    /// row, says so: the table, its file and the inputs, instead of Rhai's getter message.
    pub(crate) fn explain_unmatched(mut self, table: &str, file: &str, inputs: &str) -> Self {
        let Some(field) = self.0.read_from_nothing.clone() else {
            return self;
        };
        self.0.message = format!(
            "table `{table}` ({file}) matched no row for {inputs}, so `.{field}` has no value"
        );
        self.0.hints = vec![
            "add a row for these inputs to the table, or a last row of `-` as the default; or test the result first: `if row != () { … }`".to_string(),
        ];
        self
    }

    /// Names the organization being evaluated and how many others were cancelled (a run stops
    /// at the first rule error: 400 organizations used to print 400 identical errors).
    pub fn in_organization(self, organization: &str, not_evaluated: usize) -> Self {
        let others = match not_evaluated {
            0 => String::new(),
            1 => "; 1 other organization was not evaluated".to_string(),
            n => format!("; {n} other organizations were not evaluated"),
        };
        self.with_hint(format!(
            "while evaluating organization `{organization}`{others}"
        ))
    }

    /// The kind of problem.
    pub fn kind(&self) -> RuleErrorKind {
        self.0.kind
    }

    /// The stable code, such as `R051`.
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    /// The message (lower-case, no location).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The script path as the user gave it, when known.
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// 1-based line, when known.
    pub fn line(&self) -> Option<u32> {
        self.0.line
    }

    /// 1-based column, when known.
    pub fn column(&self) -> Option<u32> {
        self.0.column
    }

    /// Likely fixes.
    pub fn hints(&self) -> &[String] {
        &self.0.hints
    }

    /// The calls that led to the error, innermost first (`in call to function 'f'`).
    pub fn trace(&self) -> &[String] {
        &self.0.trace
    }

    /// Whether a sandbox limit (not a script mistake) stopped the script.
    pub fn is_limit(&self) -> bool {
        self.0.kind == RuleErrorKind::Limit
    }

    /// As a diagnostic, for rendering (`rules/loop.rhai:3:5: …`).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let location = match (&self.0.file, self.0.line) {
            (Some(file), Some(line)) => Location::Script {
                file: file.clone(),
                line,
                column: self.0.column.unwrap_or(1),
            },
            (Some(file), None) => Location::File { file: file.clone() },
            (None, _) => Location::None,
        };
        let mut d = Diagnostic::new(
            self.0.code,
            Severity::Error,
            self.0.message.clone(),
            location,
        );
        for step in &self.0.trace {
            d = d.with_hint(step.clone());
        }
        for hint in &self.0.hints {
            d = d.with_hint(hint.clone());
        }
        d
    }

    fn render(&self) -> String {
        let mut s = String::new();
        if let Some(file) = &self.0.file {
            s.push_str(file);
            if let Some(line) = self.0.line {
                s.push_str(&format!(":{line}:{}", self.0.column.unwrap_or(1)));
            }
            s.push_str(": ");
        }
        s.push_str(&self.0.message);
        s
    }

    /// Translates a compile error of `file`.
    pub(crate) fn from_parse(file: &str, err: &ParseError) -> Self {
        let ParseError(kind, pos) = err;
        let (code, kind_of, message) = match kind.as_ref() {
            ParseErrorType::VariableUndefined(name) => (
                codes::UNDEFINED_VARIABLE,
                RuleErrorKind::Compile,
                format!("variable `{name}` is not defined (strict variables: declare it with `let` first)"),
            ),
            ParseErrorType::Reserved(name) | ParseErrorType::ForbiddenVariable(name)
                if name == "eval" =>
            {
                (codes::FORBIDDEN, RuleErrorKind::Compile, "`eval` is not allowed in rules".to_string())
            }
            ParseErrorType::Reserved(name) => (
                codes::FORBIDDEN,
                RuleErrorKind::Compile,
                format!("`{name}` is reserved or disabled in rules"),
            ),
            ParseErrorType::ExprTooDeep => (
                codes::EXPR_DEPTH,
                RuleErrorKind::Limit,
                "expression nested too deeply (limits: max_expr_depth, max_function_expr_depth)"
                    .to_string(),
            ),
            // A disabled symbol is reported by the lexer as "reserved keyword 'eval' is disabled".
            other if other.to_string().contains("'eval'") => {
                (codes::FORBIDDEN, RuleErrorKind::Compile, "`eval` is not allowed in rules".to_string())
            }
            other if other.to_string().contains("is disabled") => (
                codes::FORBIDDEN,
                RuleErrorKind::Compile,
                format!("{other} in rules"),
            ),
            other => (codes::SYNTAX, RuleErrorKind::Compile, format!("syntax error: {other}")),
        };
        RuleError::new(kind_of, code, message).at(file, *pos)
    }

    /// Translates a runtime error raised while `file` ran; `host` is the last host-API error
    /// recorded during the evaluation (it carries hints Rhai's error cannot).
    pub(crate) fn from_eval(
        file: &str,
        err: &EvalAltResult,
        limits: &Limits,
        host: Option<RuleError>,
    ) -> Self {
        // Unwrap nested calls into a trace, innermost error last seen.
        let mut trace = Vec::new();
        let mut current = err;
        let mut source = file.to_string();
        loop {
            match current {
                EvalAltResult::ErrorInFunctionCall(name, src, inner, pos) => {
                    trace.push(format!(
                        "in call to function `{name}`{}",
                        at_text(src, *pos)
                    ));
                    if !src.is_empty() {
                        source = src.clone();
                    }
                    current = inner;
                }
                EvalAltResult::ErrorInModule(name, inner, pos) => {
                    trace.push(format!("in module `{name}`{}", at_text("", *pos)));
                    current = inner;
                }
                _ => break,
            }
        }
        trace.reverse();
        let pos = current.position();
        let mut error = match (current, host) {
            (EvalAltResult::ErrorRuntime(..), Some(host)) => host,
            _ => classify(current, limits),
        };
        error = error.at(source, pos);
        error.0.trace = trace;
        error
    }
}

/// The innermost message of a nested error, without Rhai's position suffix.
pub(crate) fn innermost_message(err: &EvalAltResult) -> String {
    let mut current = err;
    loop {
        match current {
            EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
            | EvalAltResult::ErrorInModule(_, inner, _) => current = inner,
            EvalAltResult::ErrorRuntime(value, _) => return value.to_string(),
            other => return lower_first(&strip_position(&other.to_string())),
        }
    }
}

fn at_text(src: &str, pos: Position) -> String {
    match (src.is_empty(), pos.line()) {
        (false, Some(line)) => format!(" at {src}:{line}"),
        (true, Some(line)) => format!(" at line {line}"),
        _ => String::new(),
    }
}

/// Limits and ordinary runtime errors.
fn classify(err: &EvalAltResult, limits: &Limits) -> RuleError {
    use EvalAltResult as E;
    let limit = |code, message: String| RuleError::new(RuleErrorKind::Limit, code, message);
    let runtime = |code, message: String| RuleError::new(RuleErrorKind::Runtime, code, message);
    match err {
        E::ErrorTooManyOperations(_) => limit(
            codes::OPERATIONS,
            format!(
                "operation budget of {} exceeded (limit max_operations)",
                limits.max_operations
            ),
        )
        .with_hint("an endless loop? otherwise raise `max_operations` under [limits]"),
        E::ErrorTerminated(token, _) => {
            let token = token.clone().into_string();
            if token.as_deref() == Ok(crate::rules::engine::MEMORY_TOKEN) {
                limit(
                    codes::MEMORY,
                    format!(
                        "memory budget of {} MiB exceeded for one organization",
                        crate::rules::limits::MAX_EVALUATION_BYTES / (1024 * 1024)
                    ),
                )
                .with_hint("many large strings kept in variables? keep only what a reason needs")
            } else if token.as_deref() == Ok(crate::rules::engine::OPERATIONS_TOKEN) {
                limit(
                    codes::OPERATIONS,
                    format!(
                        "operation budget of {} exceeded (limit max_operations)",
                        limits.max_operations
                    ),
                )
                .with_hint("an endless loop? otherwise raise `max_operations` under [limits]")
            } else {
                limit(
                    codes::TIME,
                    format!(
                        "time budget of {} ms exceeded (limit time_budget_ms)",
                        limits.time_budget_ms
                    ),
                )
                .with_hint("an endless loop? otherwise raise `time_budget_ms` under [limits]")
            }
        }
        E::ErrorStackOverflow(_) => limit(
            codes::CALL_DEPTH,
            format!(
                "more than {} nested function calls (limit max_call_levels)",
                limits.max_call_levels
            ),
        )
        .with_hint("endless recursion?"),
        E::ErrorDataTooLarge(what, _) => limit(
            codes::DATA_SIZE,
            format!(
                "{} (limits max_string_size {}, max_array_size {}, max_map_size {})",
                what.to_lowercase(),
                limits.max_string_size,
                limits.max_array_size,
                limits.max_map_size
            ),
        ),
        E::ErrorTooManyModules(_) => limit(
            codes::MODULES,
            format!(
                "more than {} modules imported (limit max_modules)",
                limits.max_modules
            ),
        ),
        E::ErrorPropertyNotFound(name, _) => runtime(
            codes::PROPERTY,
            format!("property `{name}` does not exist on this map"),
        )
        .with_hint("field names are exact; see docs/rules.md for every field"),
        E::ErrorFunctionNotFound(sig, _) => runtime(codes::FUNCTION, plain_signature(sig))
            .with_hint(
                "check the name, the number of arguments and their types against docs/rule-api.md",
            ),
        E::ErrorModuleNotFound(name, _) => RuleError::new(
            RuleErrorKind::Import,
            codes::IMPORT,
            format!("module `{name}` not found"),
        ),
        E::ErrorRuntime(value, _) => runtime(codes::THROWN, format!("the script threw: {value}")),
        E::ErrorParsing(kind, pos) => {
            RuleError::from_parse("", &ParseError(Box::new(kind.clone()), *pos))
        }
        other => {
            let text = strip_position(&other.to_string());
            match nothing_field(&text) {
                Some(field) => {
                    let mut e = runtime(
                        codes::PROPERTY,
                        format!("`.{field}` was read from a value that is nothing (`()`)"),
                    )
                    .with_hint(format!(
                        "the value before `.{field}` is missing for this organization (an answer nobody gave, or a table that matched no row): test it first with `if x != () {{ … }}`"
                    ));
                    e.0.read_from_nothing = Some(field);
                    e
                }
                None => runtime(codes::RUNTIME, lower_first(&text)),
            }
        }
    }
}

/// The field of Rhai's "Unknown property 'x' - a getter is not registered for type '()'".
fn nothing_field(text: &str) -> Option<String> {
    if !text.contains("for type '()'") {
        return None;
    }
    let rest = text.split_once("property '")?.1;
    Some(rest.split_once('\'')?.0.to_string())
}

/// `helper (i64, &str | ImmutableString | String)` → "no function `helper` takes these
/// arguments: `helper(whole number, text)`", and `- (f64, &str)` → "`-` cannot be used between
/// a number and text": Rhai's signature of a failed call, in the words of docs/rules.md.
fn plain_signature(sig: &str) -> String {
    let Some((name, rest)) = sig.split_once(" (") else {
        return format!("no function `{sig}`");
    };
    let args = rest.trim_end_matches(')');
    let plain: Vec<String> = if args.trim().is_empty() {
        Vec::new()
    } else {
        args.split(", ").map(plain_type).collect()
    };
    // An operator between values it cannot combine (a number and text, say).
    if let ([a, b], false) = (
        plain.as_slice(),
        name.chars().all(|c| c.is_alphanumeric() || c == '_'),
    ) {
        return format!(
            "`{name}` cannot be used between {} and {}",
            article(a),
            article(b)
        );
    }
    format!(
        "no function `{name}` takes these arguments: `{name}({})`",
        plain.join(", ")
    )
}

/// `text` → `text`, `number` → `a number`, `list` → `a list`.
fn article(words: &str) -> String {
    match words {
        "text" | "nothing" | "any value" | "true/false" => words.to_string(),
        _ => format!("a {words}"),
    }
}

/// A Rust or Rhai type name in plain words: never `&str | ImmutableString | String`.
pub(crate) fn plain_type(ty: &str) -> String {
    let ty = ty
        .trim()
        .trim_start_matches("&mut ")
        .trim_start_matches('&')
        .trim();
    let words = match ty {
        "str" | "String" | "ImmutableString" | "&str | ImmutableString | String" | "string" => {
            "text"
        }
        "i64" | "i32" | "u32" | "INT" | "int" | "usize" => "whole number",
        "f64" | "f32" | "FLOAT" | "float" => "number",
        "bool" => "true/false",
        "char" => "character",
        "Array" | "array" | "Vec<Dynamic>" => "list",
        "Map" | "map" => "map",
        "Dynamic" | "?" | "any" => "any value",
        "()" => "nothing",
        "FnPtr" => "function",
        other if other.contains("ImmutableString") || other.contains("&str") => "text",
        other if other.starts_with("Range") => "range",
        other => return other.to_string(),
    };
    words.to_string()
}

/// Rhai's Display appends " (line 3, position 5)"; the location is shown separately.
fn strip_position(text: &str) -> String {
    match text.rfind(" (line ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text.to_string(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
