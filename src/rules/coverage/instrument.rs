//! Counting calls compiled into a copy of a script, only when coverage is asked.
//!
//! Coverage used to ride on Rhai's `debugging` feature, whose step hook slowed every
//! evaluation by 5–7% even when no debugger was registered. Now a coverage run compiles each
//! script and module a second time from its text with `__cov(id);` inserted just after the
//! opening brace of every function body, `if`/`else` body and loop body, an `else {…}` added
//! where an `if` has none (the implicit else), and one call before the script's first
//! statement. The positions come from the file's own compiled AST, the one the report walks.
//! Insertions never add a line, so lines (in errors, in reasons' `file:line`, in code frames)
//! stay exact; only a column after an insertion on the same line (a one-line block) moves.
//! Runs without coverage compile and run the scripts as written and pay nothing.

use std::collections::HashMap;

use rhai::{ASTNode, Position, Stmt, StmtBlock, AST};

/// The counting function the inserted calls name (`__` keeps it out of the authors' way).
pub(crate) const COUNTER_FN: &str = "__cov";

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Point {
    /// The script's top level ran (line and column 0).
    Script,
    /// A function was called (at its body's opening brace).
    Entry,
    /// An `if` body ran (at the `if`).
    Then,
    /// An `if`'s `else` ran, written or implicit (at the `if`).
    Else,
    /// A loop body ran once more (at the loop).
    Loop,
}

/// A counted point: what, and the line and column of its `if`, loop or function body.
pub(crate) type PointKey = (Point, u32, u32);

/// The line and column of `pos` as the report keys them.
pub(crate) fn line_col(pos: Position) -> Option<(u32, u32)> {
    let line = u32::try_from(pos.line()?).ok()?;
    let column = u32::try_from(pos.position().unwrap_or(0)).ok()?;
    Some((line, column))
}

/// What follows an `if` body.
enum Branch {
    /// No `else`: one is added to count the implicit else.
    Implicit,
    /// `else {`, at this position.
    Braced(Position),
    /// `else if`: the inner `if` at this position counts for this else.
    ElseIf((u32, u32)),
}

/// One `if` as found in the AST (positions only: the walk lends nodes for one call).
struct If {
    at: (u32, u32),
    body: Position,
    body_end: Position,
    branch: Branch,
}

/// `text` (which compiled to `ast`) with counters inserted; a top-level script's first
/// statement counted too (a module's top level is not reported, and its `///` comments must
/// stay next to their `fn`). `counter` gives the id of a counter that adds one to each of
/// the given points.
pub(crate) fn instrument(
    text: &str,
    ast: &AST,
    top_level: bool,
    counter: &mut dyn FnMut(Vec<PointKey>) -> i64,
) -> String {
    let lines = Lines::new(text);
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let call = |id: i64| format!("{COUNTER_FN}({id});");
    if top_level {
        inserts.push((
            script_start(text),
            call(counter(vec![(Point::Script, 0, 0)])),
        ));
    }
    let mut ifs = Vec::new();
    let mut loops = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Stmt(Stmt::If(flow, pos))) => {
                if let Some(at) = line_col(*pos) {
                    ifs.push(If {
                        at,
                        body: flow.body.position(),
                        body_end: flow.body.end_position(),
                        branch: branch_of(text, &lines, &flow.branch),
                    });
                }
            }
            Some(ASTNode::Stmt(Stmt::While(flow, pos) | Stmt::Do(flow, _, pos))) => {
                loops.push((*pos, flow.body.position()))
            }
            Some(ASTNode::Stmt(Stmt::For(x, pos))) => loops.push((*pos, x.2.body.position())),
            _ => {}
        }
        true
    });
    // Points that also count whenever the `if` at a position is reached.
    let mut also: HashMap<(u32, u32), Vec<PointKey>> = HashMap::new();
    for def in ast.iter_fn_def() {
        let start = def.body.start_position();
        let Some((line, column)) = line_col(start) else {
            continue;
        };
        let entry = (Point::Entry, line, column);
        if let Some(at) = lines.after(text, start, '{') {
            inserts.push((at, call(counter(vec![entry]))));
        } else if ifs.iter().any(|i| i.at == (line, column)) {
            // A closure whose body is a bare `if` (`|x, y| if … { 1 } else { 0 }`).
            also.entry((line, column)).or_default().push(entry);
        }
    }
    ifs.sort_by_key(|i| i.at);
    // Outer `if`s come first, so an `else if` inherits its outer chain whole.
    for i in &ifs {
        if let Branch::ElseIf(inner) = i.branch {
            let mut points = vec![(Point::Else, i.at.0, i.at.1)];
            points.extend(also.get(&i.at).into_iter().flatten().copied());
            also.entry(inner).or_default().extend(points);
        }
    }
    for i in &ifs {
        let with_also = |p: Point| {
            let mut points = vec![(p, i.at.0, i.at.1)];
            points.extend(also.get(&i.at).into_iter().flatten().copied());
            points
        };
        if let Some(at) = lines.after(text, i.body, '{') {
            inserts.push((at, call(counter(with_also(Point::Then)))));
        }
        match i.branch {
            Branch::Braced(pos) => {
                if let Some(at) = lines.after(text, pos, '{') {
                    inserts.push((at, call(counter(with_also(Point::Else)))));
                }
            }
            Branch::Implicit => {
                if let Some(at) = lines.after(text, i.body_end, '}') {
                    let id = counter(with_also(Point::Else));
                    inserts.push((at, format!(" else {{{}}}", call(id))));
                }
            }
            Branch::ElseIf(_) => {}
        }
    }
    for (pos, body) in loops {
        if let (Some((line, column)), Some(at)) = (line_col(pos), lines.after(text, body, '{')) {
            inserts.push((at, call(counter(vec![(Point::Loop, line, column)]))));
        }
    }
    // Stable: two insertions at one offset keep the order they were found in.
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + inserts.len() * 16);
    let mut from = 0;
    for (at, piece) in inserts {
        out.push_str(&text[from..at]);
        out.push_str(&piece);
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

fn branch_of(text: &str, lines: &Lines, branch: &StmtBlock) -> Branch {
    if branch.is_empty() {
        return Branch::Implicit;
    }
    if lines.after(text, branch.position(), '{').is_some() {
        return Branch::Braced(branch.position());
    }
    match branch.statements() {
        [Stmt::If(_, pos)] => line_col(*pos).map_or(Branch::Implicit, Branch::ElseIf),
        // Not seen from Rhai's parser; counted as if implicit, like before.
        _ => Branch::Implicit,
    }
}

/// Byte offsets of line starts, to turn Rhai's 1-based line and character column into bytes.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// The byte offset just after the character `expected` at `pos`, if that is what is there.
    fn after(&self, text: &str, pos: Position, expected: char) -> Option<usize> {
        let (line, column) = line_col(pos)?;
        let start = *self.0.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
        let skip = usize::try_from(column).ok()?.checked_sub(1)?;
        let (offset, found) = text[start..].char_indices().nth(skip)?;
        (found == expected).then_some(start + offset + expected.len_utf8())
    }
}

/// Where the script's first statement can be counted: at the start of the blank line before
/// its first code (so no column moves), else at that code itself.
fn script_start(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut comment_end = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'#' if i == 0 && bytes.get(1) == Some(&b'!') => {
                i = text.find('\n').unwrap_or(bytes.len());
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(text, i);
                comment_end = i;
            }
            _ => break,
        }
    }
    let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
    let before = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    if line_start > 0 && before >= comment_end && text[before..line_start].trim().is_empty() {
        before
    } else {
        i
    }
}

/// The offset after the block comment opening at `i` (Rhai nests them).
fn block_comment_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}
