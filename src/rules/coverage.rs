//! Rule coverage: which script functions and branches ran, over a test suite or a dataset.
//!
//! Only when coverage is asked (`RuleSet::load_with` with a `Collector`), every script and
//! module is compiled a second time with counting calls inserted (`instrument.rs`) and the
//! counting function registered; runs without coverage compile and run the scripts as written.
//! `Collector::report` then walks the scripts and modules as written and lists every function
//! (including each script's top level), every `if`/`else` branch (the implicit `else` too) and
//! every loop body, with its hit count. This file only observes: it never changes what the
//! rules decide.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rhai::{ASTNode, Engine, Stmt, AST};
use serde::Serialize;

use crate::rules::RuleSet;

mod instrument;

use instrument::{line_col, Point, PointKey};

/// Counts the points the inserted calls reach, per file.
#[derive(Debug, Default)]
pub struct Collector {
    counts: Mutex<Counts>,
    /// Decision-table rows that answered a call: table file → line → times.
    rows: Mutex<BTreeMap<String, BTreeMap<u32, u64>>>,
}

/// The counters handed out and what they reached.
#[derive(Debug, Default)]
struct Counts {
    /// File → point → slot in `hits`.
    slots: HashMap<String, HashMap<PointKey, usize>>,
    /// Times each point was reached.
    hits: Vec<u64>,
    /// Counter id → the slots one call adds one to.
    counters: Vec<Vec<usize>>,
    /// The id of each (file, points) already handed out: rule sets loaded again (one per
    /// test case) reuse them.
    ids: HashMap<(String, Vec<PointKey>), i64>,
}

impl Counts {
    fn slot(&mut self, file: &str, point: PointKey) -> usize {
        let next = self.hits.len();
        let slot = *self
            .slots
            .entry(file.to_string())
            .or_default()
            .entry(point)
            .or_insert(next);
        if slot == next {
            self.hits.push(0);
        }
        slot
    }

    fn counter(&mut self, file: &str, points: Vec<PointKey>) -> i64 {
        if let Some(id) = self.ids.get(&(file.to_string(), points.clone())) {
            return *id;
        }
        let slots = points.iter().map(|p| self.slot(file, *p)).collect();
        let id = i64::try_from(self.counters.len()).unwrap_or(i64::MAX);
        self.counters.push(slots);
        self.ids.insert((file.to_string(), points), id);
        id
    }
}

impl Collector {
    /// A collector with no hits yet.
    pub fn new() -> Arc<Collector> {
        Arc::new(Collector::default())
    }

    /// Registers the counting function the instrumented scripts call on `engine`.
    pub(crate) fn install(self: &Arc<Self>, engine: &mut Engine) {
        let me = Arc::clone(self);
        engine.register_fn(instrument::COUNTER_FN, move |id: i64| me.hit(id));
    }

    /// `text` (the file `file`, which compiled to `ast`; a script when `top_level`, else a
    /// module) with its counting calls inserted.
    pub(crate) fn instrument(&self, file: &str, text: &str, ast: &AST, top_level: bool) -> String {
        let mut counts = self.lock();
        instrument::instrument(text, ast, top_level, &mut |points| {
            counts.counter(file, points)
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        // A poisoned lock only means another thread panicked while counting; counts stay valid.
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn hit(&self, id: i64) {
        let mut counts = self.lock();
        let Counts { counters, hits, .. } = &mut *counts;
        let Some(slots) = usize::try_from(id).ok().and_then(|i| counters.get(i)) else {
            return;
        };
        for slot in slots {
            hits[*slot] += 1;
        }
    }

    /// Counts the rows of the table `file` that answered one `table(…)` call (or one key of a
    /// `table_column(…)`).
    pub(crate) fn table_rows(&self, file: &str, lines: impl Iterator<Item = u32>) {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let table = rows.entry(file.to_string()).or_default();
        for line in lines {
            *table.entry(line).or_default() += 1;
        }
    }

    fn count(&self, file: &str, point: Option<PointKey>) -> u64 {
        let counts = self.lock();
        point
            .and_then(|p| counts.slots.get(file)?.get(&p).copied())
            .map_or(0, |slot| counts.hits[slot])
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
            let first = ast
                .statements()
                .first()
                .and_then(|s| line_col(s.position()));
            functions.push(FunctionCoverage {
                name: "<script>".into(),
                line: first.map_or(1, |(line, _)| line),
                calls: self.count(file, Some((Point::Script, 0, 0))).min(1),
            });
        }
        for def in ast.iter_fn_def() {
            let entry = line_col(def.body.start_position());
            functions.push(FunctionCoverage {
                name: shown_name(&def.name),
                line: entry.map_or(1, |(line, _)| line),
                calls: self.count(file, entry.map(|(l, c)| (Point::Entry, l, c))),
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
        // Closures on one line share a name: their counts order them, so the order never
        // depends on the AST's (hash-ordered) function library.
        functions.sort_by(|a, b| (a.line, &a.name, a.calls).cmp(&(b.line, &b.name, b.calls)));
        FileCoverage {
            file: file.to_string(),
            functions,
            branches,
        }
    }

    fn branches_of(&self, file: &str, stmt: &Stmt, out: &mut Vec<BranchCoverage>) {
        let Some((line, column)) = line_col(stmt.position()) else {
            return;
        };
        let hits = |point: Point| self.count(file, Some((point, line, column)));
        let mut push = |kind: &'static str, hits: u64| {
            out.push(BranchCoverage {
                line,
                column,
                kind,
                hits,
            })
        };
        match stmt {
            Stmt::If(..) => {
                push("then", hits(Point::Then));
                push("else", hits(Point::Else));
            }
            Stmt::While(..) | Stmt::Do(..) | Stmt::For(..) => push("loop body", hits(Point::Loop)),
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

/// A function's name as coverage shows it: Rhai names a closure `anon$` and a hash of a
/// per-process random seed, which would make every run's report differ, so closures are
/// `<closure>` (their line tells them apart).
fn shown_name(name: &str) -> String {
    if name.starts_with("anon$") {
        "<closure>".to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests;
