//! Decision tables: CSV files in `rules/tables/` that map inputs to outputs, row by row.
//!
//! Analysts prefer a table to code for mappings such as maturity → approach. A table is read
//! once per run (`parse.rs`), called by scripts through the host functions
//! `table(name, inputs)` and `table_column(name, input, keys, output)` (`column.rs`), both
//! registered by `register`, and analysed by `check` for gaps, overlaps and rows that can never
//! match (`analyze.rs`). This module decides nothing by itself: a table returns values, the
//! script records the decision with its reason.
//!
//! File format (documented in docs/rules.md):
//!
//! ```text
//! # hit: first                      first | unique | collect
//! # domain maturity: 1..5           numeric range, or a list of values `low|medium|high`
//! in:maturity,out:approach,out:why
//! >= 4.5,consultative,"{maturity}/5 rounds to 5"
//! ```

mod analyze;
mod column;
pub(crate) mod parse;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rhai::{
    Array, Dynamic, Engine, EvalAltResult, FuncRegistration, Map, Module, NativeCallContext, INT,
};

use crate::diag::Diagnostic;
use crate::rules::coverage::Collector;
use crate::rules::trace::log::{note_table_hits, TableHit};

pub use analyze::analyze;
pub(crate) use column::{misfits, quoted, Argument};
pub use parse::parse_table;

/// How many rows of a table may answer one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitPolicy {
    /// The first matching row, in file order; `()` when none matches.
    First,
    /// Exactly one row may match (two is an error); `()` when none matches.
    Unique,
    /// Every matching row, highest `priority` first, then in file order (an array of maps).
    Collect,
}

impl HitPolicy {
    /// The keyword used in the `# hit:` line.
    pub fn as_str(self) -> &'static str {
        match self {
            HitPolicy::First => "first",
            HitPolicy::Unique => "unique",
            HitPolicy::Collect => "collect",
        }
    }
}

/// A literal value in a condition, a domain or an output cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number (ints and floats compare as numbers).
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// Anything else, compared as text.
    Text(String),
}

impl Literal {
    /// Reads a cell: a number, `true`/`false`, else text (trimmed).
    pub fn read(text: &str) -> Literal {
        let t = text.trim();
        if let Ok(n) = t.parse::<f64>() {
            if n.is_finite() {
                return Literal::Number(n);
            }
        }
        match t {
            "true" => Literal::Bool(true),
            "false" => Literal::Bool(false),
            _ => Literal::Text(t.to_string()),
        }
    }

    /// As the value appears in messages: `3.5`, `high`.
    pub fn display(&self) -> String {
        match self {
            Literal::Number(n) => number_text(*n),
            Literal::Bool(b) => b.to_string(),
            Literal::Text(t) => t.clone(),
        }
    }

    fn from_dynamic(value: &Dynamic) -> Option<Literal> {
        if let Ok(f) = value.as_float() {
            Some(Literal::Number(f))
        } else if let Ok(i) = value.as_int() {
            Some(Literal::Number(i as f64))
        } else if let Ok(b) = value.as_bool() {
            Some(Literal::Bool(b))
        } else if value.is_string() {
            Some(Literal::Text(value.to_string()))
        } else {
            None
        }
    }
}

/// `4`, `4.5`: no trailing zeros.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Comparison operators of a condition cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `!=`
    Ne,
}

/// One condition cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `-` or empty: any value, `()` included.
    Any,
    /// `>= 4`, `< 2.5`, `!= high`.
    Compare(Cmp, Literal),
    /// `1..3`: from 1 to 3, both included.
    Range(f64, f64),
    /// `a|b|c` or a single value: equal to one of them.
    OneOf(Vec<Literal>),
}

impl Condition {
    /// Whether a value satisfies the condition (`None` is a missing value, `()`).
    pub fn matches(&self, value: Option<&Literal>) -> bool {
        let Some(value) = value else {
            return matches!(self, Condition::Any);
        };
        match self {
            Condition::Any => true,
            Condition::Range(lo, hi) => matches!(value, Literal::Number(n) if lo <= n && n <= hi),
            Condition::OneOf(list) => list.iter().any(|l| l == value),
            Condition::Compare(Cmp::Ne, l) => l != value,
            Condition::Compare(op, Literal::Number(limit)) => {
                let Literal::Number(n) = value else {
                    return false;
                };
                match op {
                    Cmp::Lt => n < limit,
                    Cmp::Le => n <= limit,
                    Cmp::Gt => n > limit,
                    Cmp::Ge => n >= limit,
                    Cmp::Ne => n != limit,
                }
            }
            Condition::Compare(..) => false,
        }
    }
}

/// The values an input can take, declared with `# domain NAME: …` (used for gap analysis).
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// A closed numeric range.
    Range(f64, f64),
    /// An enumeration.
    Values(Vec<Literal>),
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// 1-based line in the file.
    pub line: u32,
    /// One condition per input column.
    pub conditions: Vec<Condition>,
    /// One value per output column (`None`: empty cell, `()`).
    pub outputs: Vec<Option<Literal>>,
    /// The `priority` column (0 when absent), for `collect` ordering.
    pub priority: i64,
}

/// A parsed decision table.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionTable {
    /// The file stem: what scripts pass to `table(name, …)`.
    pub name: String,
    /// The file as shown to users (`rules/tables/approach_by_maturity.csv`).
    pub file: String,
    /// The hit policy.
    pub policy: HitPolicy,
    /// Input column names, in column order.
    pub inputs: Vec<String>,
    /// Declared domains by input name.
    pub domains: BTreeMap<String, Domain>,
    /// Output column names.
    pub outputs: Vec<String>,
    /// Data rows, in file order.
    pub rows: Vec<TableRow>,
    /// 1-based line of the header row.
    pub header_line: u32,
    /// The file's text as read (hashed with the scripts into the manifest).
    pub source: String,
}

impl DecisionTable {
    /// The rows matching `inputs` (a map of input name → value), in file order.
    pub fn matching(&self, values: &[Option<Literal>]) -> Vec<&TableRow> {
        self.rows
            .iter()
            .filter(|r| {
                r.conditions
                    .iter()
                    .zip(values)
                    .all(|(c, v)| c.matches(v.as_ref()))
            })
            .collect()
    }

    /// Evaluates the table for a script: a map (`first`, `unique`; `()` when no row matches)
    /// or an array of maps (`collect`). Output text fills `{input}` placeholders.
    pub fn evaluate(&self, inputs: &Map) -> Result<Dynamic, String> {
        self.evaluate_rows(inputs).map(|(value, _)| value)
    }

    /// `evaluate`, with the rows that answered (for `explain` and coverage): the first
    /// matching row (`first`, `unique`) or every matching one (`collect`).
    pub fn evaluate_rows(&self, inputs: &Map) -> Result<(Dynamic, Vec<&TableRow>), String> {
        let mut values = Vec::with_capacity(self.inputs.len());
        for name in &self.inputs {
            let Some(v) = inputs.get(name.as_str()) else {
                return Err(format!(
                    "table `{}` needs the input `{name}` (inputs: {})",
                    self.name,
                    self.inputs.join(", ")
                ));
            };
            values.push(Literal::from_dynamic(v));
        }
        let mut rows = self.matching(&values);
        match self.policy {
            HitPolicy::First => Ok(match rows.first() {
                Some(r) => (self.output(r, inputs), vec![*r]),
                None => (Dynamic::UNIT, Vec::new()),
            }),
            HitPolicy::Unique => match rows.as_slice() {
                [] => Ok((Dynamic::UNIT, Vec::new())),
                [row] => Ok((self.output(row, inputs), vec![*row])),
                [a, b, ..] => Err(format!(
                    "table `{}` has hit policy `unique` but rows on lines {} and {} both match {}",
                    self.name,
                    a.line,
                    b.line,
                    self.describe(&values)
                )),
            },
            HitPolicy::Collect => {
                // Stable: equal priorities keep file order.
                rows.sort_by_key(|r| std::cmp::Reverse(r.priority));
                let out: Array = rows.iter().map(|r| self.output(r, inputs)).collect();
                Ok((out.into(), rows))
            }
        }
    }

    /// `maturity = 3.5, risk = high`.
    pub fn describe(&self, values: &[Option<Literal>]) -> String {
        self.inputs
            .iter()
            .zip(values)
            .map(|(n, v)| format!("{n} = {}", v.as_ref().map_or("()".into(), Literal::display)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn output(&self, row: &TableRow, inputs: &Map) -> Dynamic {
        let mut m = Map::new();
        for (name, value) in self.outputs.iter().zip(&row.outputs) {
            let v = match value {
                None => Dynamic::UNIT,
                Some(Literal::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => {
                    Dynamic::from(*n as INT)
                }
                Some(Literal::Number(n)) => Dynamic::from_float(*n),
                Some(Literal::Bool(b)) => Dynamic::from(*b),
                Some(Literal::Text(t)) => fill(t, inputs).into(),
            };
            m.insert(name.as_str().into(), v);
        }
        m.insert("row".into(), INT::from(row.line).into());
        m.into()
    }
}

/// Replaces `{name}` with the input's value (numbers without trailing zeros), in one pass:
/// a `replace` per input allocated a pattern and a copy of the text for each (profile).
fn fill(template: &str, inputs: &Map) -> String {
    let bytes = template.as_bytes();
    let mut out = String::with_capacity(template.len() + 16);
    let (mut literal, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let value = bytes[i + 1..]
                .iter()
                .position(|&b| b == b'}')
                .and_then(|len| inputs.get(&template[i + 1..i + 1 + len]).map(|v| (len, v)));
            if let Some((len, v)) = value {
                out.push_str(&template[literal..i]);
                match Literal::from_dynamic(v) {
                    Some(l) => out.push_str(&l.display()),
                    None => out.push_str(&v.to_string()),
                }
                i += len + 2;
                literal = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&template[literal..]);
    out
}

/// Every table of a rules folder, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    /// Tables by name (file stem).
    pub tables: BTreeMap<String, DecisionTable>,
}

impl Tables {
    /// Reads `dir/tables/*.csv` (no folder: no tables). Errors carry file, line and column.
    pub fn load(dir: &Path, display_dir: &str) -> Result<Tables, Vec<Diagnostic>> {
        let folder = dir.join("tables");
        let mut tables = BTreeMap::new();
        let mut errors = Vec::new();
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Ok(Tables::default());
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv") && p.is_file())
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shown = format!("{display_dir}/tables/{name}.csv");
            match crate::rules::resolver::read_confined_text(dir, &path) {
                Ok(text) => match parse_table(&name, &shown, &text) {
                    Ok(t) => {
                        tables.insert(name, t);
                    }
                    Err(mut e) => errors.append(&mut e),
                },
                Err(e) => errors.push(parse::error(
                    &shown,
                    1,
                    1,
                    format!("cannot read the table: {e}"),
                )),
            }
        }
        if errors.is_empty() {
            Ok(Tables { tables })
        } else {
            Err(errors)
        }
    }

    /// The table named, or an error with the closest name.
    pub fn get(&self, name: &str) -> Result<&DecisionTable, String> {
        self.tables.get(name).ok_or_else(|| {
            let names: Vec<&str> = self.tables.keys().map(String::as_str).collect();
            let hint = match crate::diag::closest(name, &names) {
                Some(best) => format!(" — did you mean `{best}`?"),
                None if names.is_empty() => " (rules/tables/ holds no table)".to_string(),
                None => format!(" (tables: {})", names.join(", ")),
            };
            format!("unknown table `{name}`{hint}")
        })
    }
}

/// A table diagnostic as a rule error (exit code 3), for `RuleSet::load`.
pub(crate) fn to_rule_error(d: &Diagnostic) -> crate::rules::RuleError {
    use crate::diag::Location;
    use crate::rules::error::RuleErrorKind;
    let mut e = crate::rules::RuleError::new(RuleErrorKind::Compile, d.code, d.message.clone());
    if let Location::Script { file, line, column } = &d.location {
        e = e.at_line(file.clone(), *line, *column);
    }
    for h in &d.hints {
        e = e.with_hint(h.clone());
    }
    e
}

/// The name, parameters and doc comment of `table(name, inputs)`. `register` and the API
/// reference (`rules::reference`, through `module`) both start from it, so the reference
/// cannot miss or misdescribe the function scripts get.
fn registration() -> FuncRegistration {
    FuncRegistration::new("table")
        .with_params_info(["name: &str", "inputs: Map", "Dynamic"])
        .with_comments([
            "/// Calls the decision table `rules/tables/<name>.csv` with the input values in `inputs` \
             (extra entries fill `{NAME}` placeholders in its text outputs).\n\
             /// Returns the matching row as a map of its outputs plus `row` (its line), or `()` when \
             none matches (`# hit: first` or `unique`; two matching rows are an error for `unique`); \
             an array of such maps, highest `priority` first, empty when none matches (`# hit: collect`).\n\
             /// An unknown table name is an error with the closest name. See docs/rules.md, \
             \"Decision tables\".\n\
             /// Example: `let start = table(\"approach_by_maturity\", #{ maturity: 3.4 }); // start.approach`",
        ])
}

/// The function scripts call: looks the table up by name and evaluates it, noting the rows
/// that answered for coverage (when collected) and for a traced evaluation.
fn call(
    tables: Arc<Tables>,
    coverage: Option<Arc<Collector>>,
) -> impl Fn(NativeCallContext, &str, Map) -> Result<Dynamic, Box<EvalAltResult>> {
    move |ctx: NativeCallContext, name: &str, inputs: Map| -> Result<Dynamic, Box<EvalAltResult>> {
        let table = tables
            .get(name)
            .map_err(|e| -> Box<EvalAltResult> { e.into() })?;
        let (value, rows) = table.evaluate_rows(&inputs)?;
        UNMATCHED.with(|u| {
            *u.borrow_mut() = value.is_unit().then(|| Unmatched {
                table: table.name.clone(),
                file: table.file.clone(),
                inputs: table.describe(&input_values(table, &inputs)),
            })
        });
        note_rows(&ctx, table, coverage.as_deref(), &inputs, &rows);
        Ok(value)
    }
}

/// Notes the rows that answered one evaluation of `table` with `inputs`: counted into
/// `coverage` (when collected) and listed for a traced evaluation (`explain`). `table` and
/// `table_column` (once per key) both record through here, so one `table_column` call counts
/// and explains exactly as the `table` calls it replaces.
fn note_rows(
    ctx: &NativeCallContext,
    table: &DecisionTable,
    coverage: Option<&Collector>,
    inputs: &Map,
    rows: &[&TableRow],
) {
    if let Some(c) = coverage {
        c.table_rows(&table.file, rows.iter().map(|r| r.line));
    }
    note_table_hits(|| {
        let values: Vec<Option<Literal>> = input_values(table, inputs)
            .into_iter()
            .map(|v| v.map(rounded))
            .collect();
        let called_at = crate::rules::state::location(ctx).map(|l| l.to_string());
        rows.iter()
            .map(|r| TableHit {
                file: table.file.clone(),
                line: r.line,
                inputs: table.describe(&values),
                called_at: called_at.clone(),
            })
            .collect()
    });
}

/// The last `table(…)` call of this thread that matched no row (`()`), while no later call
/// matched: a script reading `.approach` from it fails with Rhai's "a getter is not registered
/// for type '()'", which `RuleSet::evaluate` replaces with the table, its file and the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unmatched {
    /// The table's name.
    pub table: String,
    /// Its file, as shown to users.
    pub file: String,
    /// The inputs, `maturity = 1.2, …`.
    pub inputs: String,
}

thread_local! {
    static UNMATCHED: std::cell::RefCell<Option<Unmatched>> = const { std::cell::RefCell::new(None) };
}

/// Takes (and clears) the record of the last unmatched table call of this thread.
pub(crate) fn take_unmatched() -> Option<Unmatched> {
    UNMATCHED.with(|u| u.borrow_mut().take())
}

/// The values a call gave the table's inputs, in the table's input order (`None`: not given
/// or not a literal), for the messages that describe a call.
fn input_values(table: &DecisionTable, inputs: &Map) -> Vec<Option<Literal>> {
    table
        .inputs
        .iter()
        .map(|n| inputs.get(n.as_str()).and_then(Literal::from_dynamic))
        .collect()
}

/// A number shown with at most 2 decimals (`2.35`, not `2.3529411764705883`) for `explain`.
fn rounded(l: Literal) -> Literal {
    match l {
        Literal::Number(n) => Literal::Number((n * 100.0).round() / 100.0),
        other => other,
    }
}

/// Registers `table(name, inputs)` and `table_column(name, input, keys, output)` on the
/// engine, reading these tables (and counting the rows matched into `coverage`, when given).
pub fn register(engine: &mut Engine, tables: Arc<Tables>, coverage: Option<Arc<Collector>>) {
    registration().register_into_engine(engine, call(Arc::clone(&tables), coverage.clone()));
    column::registration().register_into_engine(engine, column::call(tables, coverage));
}

/// The table functions registered exactly as `register` does, in a module of their own (with
/// `Tables::default()`, no table): what the API reference lists and declares.
pub fn module() -> Module {
    let tables = Arc::new(Tables::default());
    let mut module = Module::new();
    registration().set_into_module(&mut module, call(Arc::clone(&tables), None));
    column::registration().set_into_module(&mut module, column::call(tables, None));
    module
}

#[cfg(test)]
mod tests;
