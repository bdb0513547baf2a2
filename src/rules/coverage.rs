//! Rule coverage: which script functions and branches ran, over a test suite or a dataset.
//!
//! A `Collector` registers Rhai's debugger hook on the engine (only when coverage is asked:
//! `RuleSet::load_with`; the hook steps through every statement and expression, which costs
//! several times the evaluation) and counts hits per source and position. `Collector::report`
//! then walks the compiled scripts and modules and lists every function (including each
//! script's top level), every `if`/`else` branch (the implicit `else` too: taken when the `if`
//! was reached more often than its body) and every loop body, with its hit count. This file
//! only observes: it never changes what the rules decide.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rhai::debugger::{DebuggerCommand, DebuggerEvent};
use rhai::{ASTNode, Engine, Expr, Position, Stmt, StmtBlock, AST};
use serde::Serialize;

use crate::rules::RuleSet;

/// A node as the debugger reports it: statement or expression, line, column.
type Key = (bool, u32, u32);

/// Counts the statements and expressions evaluated, per script.
#[derive(Debug, Default)]
pub struct Collector {
    hits: Mutex<HashMap<String, HashMap<Key, u64>>>,
    /// Decision-table rows that answered a call: table file → line → times.
    rows: Mutex<BTreeMap<String, BTreeMap<u32, u64>>>,
}

impl Collector {
    /// A collector with no hits yet.
    pub fn new() -> Arc<Collector> {
        Arc::new(Collector::default())
    }

    /// Registers the debugger hook that records every step on `engine`.
    #[allow(deprecated)] // `register_debugger` is marked volatile, not deprecated.
    pub(crate) fn install(self: &Arc<Self>, engine: &mut Engine) {
        let me = Arc::clone(self);
        engine.register_debugger(
            |_, debugger| debugger,
            move |_, event, node, source, pos| {
                if matches!(event, DebuggerEvent::Start | DebuggerEvent::Step) {
                    me.hit(source.unwrap_or(""), node, pos);
                }
                Ok(DebuggerCommand::StepInto)
            },
        );
    }

    fn hit(&self, source: &str, node: ASTNode, pos: Position) {
        let Some(key) = key_at(node.is_stmt(), pos) else {
            return;
        };
        // A poisoned lock only means another thread panicked while counting; counts stay valid.
        let mut hits = self.hits.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(file) = hits.get_mut(source) {
            *file.entry(key).or_default() += 1;
        } else {
            hits.insert(source.to_string(), HashMap::from([(key, 1)]));
        }
    }

    /// Counts the rows of the table `file` that answered one `table(…)` call.
    pub(crate) fn table_rows(&self, file: &str, lines: impl Iterator<Item = u32>) {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let table = rows.entry(file.to_string()).or_default();
        for line in lines {
            *table.entry(line).or_default() += 1;
        }
    }

    fn count(&self, source: &str, key: Option<Key>) -> u64 {
        let hits = self.hits.lock().unwrap_or_else(PoisonError::into_inner);
        key.and_then(|k| hits.get(source).and_then(|f| f.get(&k)).copied())
            .unwrap_or(0)
    }

    /// The coverage of `rules` (compiled from `dir`) with the hits so far.
    pub fn report(&self, rules: &RuleSet, dir: &Path) -> CoverageReport {
        let mut files = Vec::new();
        for (script, ast) in rules.scripts().iter().zip(rules.asts()) {
            files.push(self.file_coverage(&script.path, ast, true));
        }
        for (display, full) in module_files(dir, &display_of(rules, dir)) {
            let Ok(text) = crate::rules::resolver::read_confined_text(dir, &full) else {
                continue;
            };
            if let Ok(ast) = rules.engine().compile(&text) {
                files.push(self.file_coverage(&display, &ast, false));
            }
        }
        let matched = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let tables = rules
            .tables()
            .tables
            .values()
            .map(|t| TableCoverage {
                file: t.file.clone(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| RowCoverage {
                        line: r.line,
                        hits: matched
                            .get(&t.file)
                            .and_then(|m| m.get(&r.line))
                            .copied()
                            .unwrap_or(0),
                    })
                    .collect(),
            })
            .collect();
        CoverageReport { files, tables }
    }

    fn file_coverage(&self, file: &str, ast: &AST, top_level: bool) -> FileCoverage {
        let mut functions = Vec::new();
        if top_level {
            let first = ast.statements().first().and_then(first_key_of_stmt);
            functions.push(FunctionCoverage {
                name: "<script>".into(),
                line: first.map_or(1, |k| k.1),
                calls: self.count(file, first).min(1),
            });
        }
        for def in ast.iter_fn_def() {
            // Rhai reports a call as a no-op statement at the body's opening brace.
            let entry = key_at(true, def.body.start_position());
            functions.push(FunctionCoverage {
                name: def.name.to_string(),
                line: entry.map_or(1, |k| k.1),
                calls: self.count(file, entry),
            });
        }
        let mut branches = Vec::new();
        ast.walk(&mut |path: &[ASTNode]| {
            if let Some(ASTNode::Stmt(stmt)) = path.last() {
                self.branches_of(file, stmt, &mut branches);
            }
            true
        });
        branches.sort_by_key(|b| (b.line, b.column));
        functions.sort_by_key(|f| f.line);
        FileCoverage {
            file: file.to_string(),
            functions,
            branches,
        }
    }

    fn branches_of(&self, file: &str, stmt: &Stmt, out: &mut Vec<BranchCoverage>) {
        let Some((_, line, column)) = key_at(true, stmt.position()) else {
            return;
        };
        let mut push = |kind: &'static str, hits: u64| {
            out.push(BranchCoverage {
                line,
                column,
                kind,
                hits,
            })
        };
        match stmt {
            Stmt::If(flow, _) => {
                let reached = self.count(file, key_at(true, stmt.position()));
                let then = self.count(file, first_key(&flow.body));
                push("then", then);
                let other = if flow.branch.is_empty() {
                    reached.saturating_sub(then)
                } else {
                    self.count(file, first_key(&flow.branch))
                };
                push("else", other);
            }
            Stmt::While(flow, _) | Stmt::Do(flow, ..) => {
                push("loop body", self.count(file, first_key(&flow.body)))
            }
            Stmt::For(x, _) => push("loop body", self.count(file, first_key(&x.2.body))),
            _ => {}
        }
    }
}

/// The rules folder as scripts name it (`rules` for `rules/10_outcomes.rhai`).
fn display_of(rules: &RuleSet, dir: &Path) -> String {
    rules
        .scripts()
        .first()
        .and_then(|s| s.path.rsplit_once('/').map(|(d, _)| d.to_string()))
        .unwrap_or_else(|| dir.display().to_string())
}

/// `*.rhai` files in subfolders of `dir` (modules), sorted: (display path, full path).
fn module_files(dir: &Path, display: &str) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let sub = format!("{display}/{name}");
            collect_rhai(&path, &sub, &mut out);
        }
    }
    out.sort();
    out
}

fn collect_rhai(dir: &Path, display: &str, out: &mut Vec<(String, std::path::PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            collect_rhai(&path, &format!("{display}/{name}"), out);
        } else if path.extension().is_some_and(|e| e == "rhai") {
            out.push((format!("{display}/{name}"), path));
        }
    }
}

fn key_at(is_stmt: bool, pos: Position) -> Option<Key> {
    let line = u32::try_from(pos.line()?).ok()?;
    let column = u32::try_from(pos.position().unwrap_or(0)).ok()?;
    Some((is_stmt, line, column))
}

/// The key the debugger reports when a block starts running (its first statement).
fn first_key(block: &StmtBlock) -> Option<Key> {
    block.statements().first().and_then(first_key_of_stmt)
}

/// An expression statement is reported as its expression (Rhai skips the wrapper), and a
/// statement block inside an expression as its first statement.
fn first_key_of_stmt(stmt: &Stmt) -> Option<Key> {
    match stmt {
        Stmt::Expr(expr) => match &**expr {
            Expr::Stmt(block) => first_key(block),
            e => key_at(false, e.position()),
        },
        Stmt::Block(block) => first_key(block),
        s => key_at(true, s.position()),
    }
}

/// Coverage of every rule file.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    /// Scripts in evaluation order, then modules.
    pub files: Vec<FileCoverage>,
    /// Decision tables, by name, with how often each row matched.
    pub tables: Vec<TableCoverage>,
}

/// How often each row of one decision table answered a `table(…)` call.
#[derive(Debug, Clone, Serialize)]
pub struct TableCoverage {
    /// Display path, such as `rules/tables/approach_by_maturity.csv`.
    pub file: String,
    /// Every data row, in file order.
    pub rows: Vec<RowCoverage>,
}

/// How often one table row matched.
#[derive(Debug, Clone, Serialize)]
pub struct RowCoverage {
    /// 1-based line of the row.
    pub line: u32,
    /// Calls it answered.
    pub hits: u64,
}

impl TableCoverage {
    /// Rows matched / all rows.
    pub fn tally(&self) -> Tally {
        Tally {
            covered: self.rows.iter().filter(|r| r.hits > 0).count(),
            total: self.rows.len(),
        }
    }
}

/// Coverage of one script or module.
#[derive(Debug, Clone, Serialize)]
pub struct FileCoverage {
    /// Display path, such as `rules/20_services.rhai`.
    pub file: String,
    /// The top level (`<script>`) and each `fn`, by line.
    pub functions: Vec<FunctionCoverage>,
    /// Every branch, by line.
    pub branches: Vec<BranchCoverage>,
}

/// How often a function (or a script's top level) ran.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionCoverage {
    /// `fn` name, or `<script>` for the top level.
    pub name: String,
    /// Line of the body.
    pub line: u32,
    /// Calls counted (the top level: 1 when it ran).
    pub calls: u64,
}

/// How often one branch was taken.
#[derive(Debug, Clone, Serialize)]
pub struct BranchCoverage {
    /// Line of the `if` or loop.
    pub line: u32,
    /// Column of the `if` or loop.
    pub column: u32,
    /// `then`, `else` (explicit or implicit) or `loop body`.
    pub kind: &'static str,
    /// Times taken.
    pub hits: u64,
}

/// Covered and total items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Items that ran at least once.
    pub covered: usize,
    /// All items.
    pub total: usize,
}

impl Tally {
    /// The share covered in percent (100 when there is nothing to cover).
    pub fn percent(self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / self.total as f64
        }
    }

    fn add(self, other: Tally) -> Tally {
        Tally {
            covered: self.covered + other.covered,
            total: self.total + other.total,
        }
    }
}

impl FileCoverage {
    /// Functions that ran / all functions.
    pub fn functions_tally(&self) -> Tally {
        Tally {
            covered: self.functions.iter().filter(|f| f.calls > 0).count(),
            total: self.functions.len(),
        }
    }

    /// Branches taken / all branches.
    pub fn branches_tally(&self) -> Tally {
        Tally {
            covered: self.branches.iter().filter(|b| b.hits > 0).count(),
            total: self.branches.len(),
        }
    }
}

impl CoverageReport {
    /// Functions and branches together, over every file: what `--min-coverage` compares.
    pub fn total(&self) -> Tally {
        self.files.iter().fold(Tally::default(), |t, f| {
            t.add(f.functions_tally()).add(f.branches_tally())
        })
    }

    /// Decision-table rows matched / all rows, over every table (reported beside `total`,
    /// not in it: `--min-coverage` keeps measuring functions and branches).
    pub fn rows_tally(&self) -> Tally {
        self.tables
            .iter()
            .fold(Tally::default(), |t, table| t.add(table.tally()))
    }

    /// Per file, per function and per branch, with the items never covered marked `✗`.
    pub fn render(&self, only_missed: bool) -> String {
        let mut out = String::new();
        let mut by_file: BTreeMap<usize, String> = BTreeMap::new();
        for (i, f) in self.files.iter().enumerate() {
            let (fun, br) = (f.functions_tally(), f.branches_tally());
            let mut text = format!(
                "{}: functions {}/{}, branches {}/{} ({:.0}%)\n",
                f.file,
                fun.covered,
                fun.total,
                br.covered,
                br.total,
                fun.add(br).percent()
            );
            for func in &f.functions {
                if !only_missed || func.calls == 0 {
                    let mark = if func.calls > 0 { "✓" } else { "✗" };
                    text.push_str(&format!(
                        "  {mark} fn {} (line {}): {} call(s)\n",
                        func.name, func.line, func.calls
                    ));
                }
            }
            for b in &f.branches {
                if !only_missed || b.hits == 0 {
                    let mark = if b.hits > 0 { "✓" } else { "✗" };
                    text.push_str(&format!(
                        "  {mark} {}:{}:{} {}: {} time(s)\n",
                        f.file, b.line, b.column, b.kind, b.hits
                    ));
                }
            }
            by_file.insert(i, text);
        }
        for text in by_file.into_values() {
            out.push_str(&text);
        }
        for t in &self.tables {
            let tally = t.tally();
            out.push_str(&format!(
                "{}: rows matched {}/{} ({:.0}%)\n",
                t.file,
                tally.covered,
                tally.total,
                tally.percent()
            ));
            for r in &t.rows {
                if r.hits == 0 {
                    out.push_str(&format!("  ✗ {}:{} row never matched\n", t.file, r.line));
                } else if !only_missed {
                    out.push_str(&format!(
                        "  ✓ {}:{} row matched {} time(s)\n",
                        t.file, r.line, r.hits
                    ));
                }
            }
        }
        let total = self.total();
        out.push_str(&format!(
            "coverage: {}/{} functions and branches ({:.1}%)",
            total.covered,
            total.total,
            total.percent()
        ));
        let rows = self.rows_tally();
        if rows.total > 0 {
            out.push_str(&format!(
                "; decision-table rows {}/{} matched",
                rows.covered, rows.total
            ));
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::organization::OrganizationId;
    use crate::model::survey::OrganizationInput;
    use crate::rules::RuleSettings;

    fn rules_in(dir: &Path, collector: &Arc<Collector>) -> RuleSet {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = Arc::new(crate::ingest::read_catalog(&root.join("data/catalog")).unwrap());
        RuleSet::load_with(dir, catalog, RuleSettings::default(), Some(collector)).unwrap()
    }

    /// The coverage of the rules in `dir` after evaluating one empty organization.
    fn evaluated_once(dir: &Path) -> CoverageReport {
        let collector = Collector::new();
        let rules = rules_in(dir, &collector);
        let input = OrganizationInput::new(OrganizationId::new("x").unwrap());
        rules.evaluate(&input).unwrap();
        collector.report(&rules, dir)
    }

    #[test]
    fn counts_functions_and_both_sides_of_each_branch() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("lib")).unwrap();
        std::fs::write(
            dir.path().join("lib/m.rhai"),
            "fn big(x) {\n    if x > 10 { return true; }\n    false\n}\nfn unused() { 1 }\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("a.rhai"),
            "import \"lib/m\" as m;\nlet n = org.respondents;\nif m::big(n) {\n    n = 1;\n}\nfor g in org.group_keys {\n    n += 1;\n}\nif n > 100 {\n    n = 2;\n} else {\n    n = 3;\n}\n",
        )
        .unwrap();
        let report = evaluated_once(dir.path());
        let files: Vec<&str> = report.files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(files.len(), 2, "{report:?}");
        let a = &report.files[0];
        assert_eq!(a.functions.len(), 1);
        assert_eq!(a.functions[0].calls, 1);
        let hits: Vec<(u32, &str, u64)> = a
            .branches
            .iter()
            .map(|b| (b.line, b.kind, b.hits))
            .collect();
        assert_eq!(
            hits,
            [
                (3, "then", 0),
                (3, "else", 1),
                (6, "loop body", 0),
                (9, "then", 0),
                (9, "else", 1)
            ]
        );
        let m = &report.files[1];
        assert!(m.file.ends_with("lib/m.rhai"), "{}", m.file);
        let calls: Vec<(&str, u64)> = m
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.calls))
            .collect();
        assert_eq!(calls, [("big", 1), ("unused", 0)]);
        assert_eq!(
            m.branches.iter().map(|b| b.hits).collect::<Vec<_>>(),
            [0, 1]
        );
        let total = report.total();
        assert!(total.covered < total.total);
        let text = report.render(true);
        assert!(text.contains("✗ fn unused"), "{text}");
        assert!(text.contains("a.rhai:6:1 loop body"), "{text}");
    }

    #[test]
    fn table_rows_that_never_matched_are_listed_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("tables")).unwrap();
        std::fs::write(
            dir.path().join("tables/t.csv"),
            "# hit: first\nin:m,out:a\n>= 4,high\n>= 2,mid\n-,low\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("a.rhai"),
            "let x = table(\"t\", #{ m: 3 });\nlet y = table(\"t\", #{ m: 2.5 });\n",
        )
        .unwrap();
        let report = evaluated_once(dir.path());
        let rows: Vec<(u32, u64)> = report.tables[0]
            .rows
            .iter()
            .map(|r| (r.line, r.hits))
            .collect();
        assert_eq!(rows, [(3, 0), (4, 2), (5, 0)]);
        assert_eq!(
            report.rows_tally(),
            Tally {
                covered: 1,
                total: 3
            }
        );
        let text = report.render(true);
        let shown = report.tables[0].file.clone();
        assert!(
            text.contains(&format!(
                "  ✗ {shown}:3 row never matched\n  ✗ {shown}:5 row never matched\n"
            )),
            "{text}"
        );
        assert!(
            text.ends_with("; decision-table rows 1/3 matched\n"),
            "{text}"
        );
    }

    #[test]
    fn tally_percent_of_nothing_is_full() {
        assert_eq!(Tally::default().percent(), 100.0);
        assert_eq!(
            Tally {
                covered: 1,
                total: 4
            }
            .percent(),
            25.0
        );
    }
}
