//! Where a syntax error really is, for the two mistakes Rhai reports far from their cause:
//!
//! - a missing `;` is reported at the next token, often on the next line, and blanking that
//!   line made every following statement "miss" its `;` too (20 errors for one);
//! - a missing `}` is reported at the end of the file, not at the brace left open.
//!
//! Both `check` (every error, `syntax.rs`) and `RuleSet::load` (the first) place them here.

use rhai::{ParseError, ParseErrorType};

use crate::rules::error::{codes, RuleError, RuleErrorKind};

/// What the mistake is, with its 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Misplaced {
    /// A `;` is missing at the end of the code ending at this position (after its last
    /// character).
    Semicolon(usize, usize),
    /// The `{` at this position is never closed.
    Brace(usize, usize),
}

/// The true place of `err` in `text`, when it is one of the two mistakes above.
pub(crate) fn misplaced(text: &str, err: &ParseError) -> Option<Misplaced> {
    let ParseErrorType::MissingToken(token, _) = err.0.as_ref() else {
        return None;
    };
    match token.as_str() {
        ";" => {
            let line = err.1.line()?;
            let column = err.1.position().unwrap_or(1);
            let (l, c) = end_of_code_before(text, line, column)?;
            (l < line).then_some(Misplaced::Semicolon(l, c))
        }
        "}" => {
            let (l, c) = unclosed_brace(text)?;
            Some(Misplaced::Brace(l, c))
        }
        _ => None,
    }
}

/// `err` of `file` as a rule error at its true place (see `misplaced`), and the mistake found.
pub(crate) fn parse_error(
    file: &str,
    text: &str,
    err: &ParseError,
) -> (RuleError, Option<Misplaced>) {
    let error = RuleError::from_parse(file, err);
    let found = misplaced(text, err);
    let error = match found {
        Some(Misplaced::Semicolon(l, c)) => RuleError::new(
            RuleErrorKind::Compile,
            codes::SYNTAX,
            "syntax error: this statement needs a `;` at its end",
        )
        .at_line(file, n(l), n(c))
        .with_hint(
            "add `;` here: every statement ends with one (a block `{ … }` does not need one)",
        ),
        Some(Misplaced::Brace(l, c)) => RuleError::new(
            RuleErrorKind::Compile,
            codes::SYNTAX,
            "syntax error: this `{` is never closed: the file ends inside its block",
        )
        .at_line(file, n(l), n(c))
        .with_hint("add the `}` that ends this block, at the indentation of this line"),
        None => error,
    };
    (error, found)
}

fn n(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The code of each line with comments and string contents replaced by spaces (positions
/// kept), so braces and semicolons in text do not count.
fn code_lines(text: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut quote: Option<char> = None;
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut code = vec![' '; chars.len()];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if in_block {
                if c == '*' && next == Some('/') {
                    in_block = false;
                    i += 1;
                }
            } else if let Some(q) = quote {
                if c == '\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                    code[i] = c;
                }
            } else if c == '/' && next == Some('/') {
                break;
            } else if c == '/' && next == Some('*') {
                in_block = true;
                i += 1;
            } else {
                if c == '"' || c == '`' {
                    quote = Some(c);
                }
                code[i] = c;
            }
            i += 1;
        }
        // Plain strings end with their line; backtick strings may span lines.
        if quote == Some('"') {
            quote = None;
        }
        out.push(code);
    }
    out
}

/// The line and column just after the last code character before (`line`, `column`), when it
/// is not a character that ends a statement or opens a block.
fn end_of_code_before(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let lines = code_lines(text);
    let mut l = line.checked_sub(1)?;
    let mut limit = column.saturating_sub(1);
    loop {
        let code = lines.get(l)?;
        let end = limit.min(code.len());
        if let Some(i) = code[..end].iter().rposition(|c| !c.is_whitespace()) {
            return match code[i] {
                ';' | '{' | '}' => None,
                _ => Some((l + 1, i + 2)),
            };
        }
        l = l.checked_sub(1)?;
        limit = usize::MAX;
    }
}

/// The `{` left open when a file ends inside a block: the first brace ending its line whose
/// block's indentation is left without a `}` (the author's layout says where the `}` was
/// meant to be), else the outermost brace still open.
fn unclosed_brace(text: &str) -> Option<(usize, usize)> {
    let lines = code_lines(text);
    let mut open = Vec::new();
    let mut line_braces = Vec::new();
    for (l, code) in lines.iter().enumerate() {
        for (c, ch) in code.iter().enumerate() {
            match ch {
                '{' => open.push((l, c)),
                '}' => {
                    open.pop();
                }
                _ => {}
            }
        }
        let last = code.iter().rposition(|c| !c.is_whitespace());
        if let Some(i) = last.filter(|i| code[*i] == '{') {
            line_braces.push((l, i));
        }
    }
    let first_open = *open.first()?;
    let indent = |code: &[char]| code.iter().take_while(|c| c.is_whitespace()).count();
    for (l, c) in line_braces {
        let own = indent(&lines[l]);
        let next = lines
            .iter()
            .skip(l + 1)
            .find(|code| code.iter().any(|c| !c.is_whitespace()) && indent(code) <= own);
        if let Some(code) = next {
            if code[indent(code)] != '}' || indent(code) < own {
                return Some((l + 1, c + 1));
            }
        }
    }
    Some((first_open.0 + 1, first_open.1 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Option<Misplaced> {
        let engine = crate::rules::lint::syntax::lint_engine();
        let err = engine
            .compile_with_scope(&crate::rules::lint::syntax::lint_scope(), text)
            .unwrap_err();
        misplaced(text, &err)
    }

    #[test]
    fn a_missing_semicolon_is_at_the_end_of_its_line() {
        let text = "let a = 1;\nlet b = 2 // two\nlet c = 3;\n";
        assert_eq!(place(text), Some(Misplaced::Semicolon(2, 10)));
    }

    #[test]
    fn a_missing_brace_is_at_the_brace_left_open() {
        let text = "let a = 1;\nif a > 0 {\n    let b = \"{\";\n    if a > 1 {\n        let c = 2;\n\n}\nlet d = 4;\nif a > 2 {\n    let e = 5;\n} else {\n    let f = #{\n        g: 1\n    };\n}\n";
        assert_eq!(place(text), Some(Misplaced::Brace(4, 14)));
    }
}
