//! Sandboxed Rhai scripts → decisions, each with a reason and the rule's location.
//!
//! `RuleSet::load` compiles every script in the rules folder once; `RuleSet::evaluate` runs
//! them for one organization (any thread, any order: evaluation shares nothing mutable), and
//! returns a `Recommendation`. Scripts see the host API of `api/` and nothing else: no files,
//! no clock, no `eval`, imports confined to the rules folder, and hard limits from `limits.rs`.
//! The authoring guide is `docs/rules.md`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rhai::{Dynamic, Engine, EvalAltResult, Scope, AST};

use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::recommendation::Recommendation;
use crate::model::survey::OrganizationInput;

mod api;
pub mod cases;
mod convert;
pub mod coverage;
mod engine;
mod error;
mod finish;
mod host_reason;
mod limits;
pub mod lint;
pub mod params;
pub mod reference;
mod resolver;
pub mod roadmap;
mod state;
pub mod table;
pub mod trace;
mod warm;

pub use engine::note_allocation;
pub use error::{RuleError, RuleErrorKind};
pub use limits::{show_number, Limits, MAX_EVALUATION_BYTES, MAX_NUMBER, RANGES};

use error::codes;
use state::{Context, Recorder, Shared};

/// Settings the scripts read: limits, group weights and named parameters from the config.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Sandbox limits.
    pub limits: Limits,
    /// Weight of each customer group when outcome priorities are combined (default 1.0).
    pub group_weights: BTreeMap<CustomerGroup, f64>,
    /// Named numeric parameters (`[rules.params]` in the config), read by scripts as `params`;
    /// merged over the defaults the rules declare (`rules/params.csv`, see `params.rs`).
    pub params: BTreeMap<String, f64>,
}

/// A rule script as loaded: its display path and bytes (hashed into the manifest).
#[derive(Debug, Clone)]
pub struct ScriptFile {
    /// Path as shown to users, such as `rules/services.rhai`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The compiled rules of one run (`Send + Sync`: share one across threads).
pub struct RuleSet {
    scripts: Vec<ScriptFile>,
    asts: Vec<AST>,
    /// The scripts with coverage counters (`coverage.rs`), run instead of `asts` when coverage
    /// is collected; empty otherwise.
    counted: Vec<AST>,
    engine: Engine,
    shared: Arc<Shared>,
    limits: Limits,
    top_outcomes: usize,
    /// `params.regulatory_threshold`, which the roadmap's regulatory rule reads too.
    regulatory_threshold: f64,
    /// `params.new_pmo_starts_per_quarter` and `params.existing_pmo_changes_per_quarter`:
    /// the roadmap's capacity step.
    capacity: roadmap::Capacity,
    tables: Arc<table::Tables>,
    /// The maturity table's band starts, read once at load for every report.
    maturity_bands: Vec<f64>,
    /// The params the rules declare.
    param_decls: params::ParamDecls,
    /// Function-resolution caches kept warm across evaluations.
    warm: warm::WarmCaches,
}

/// The names scripts read, pushed into every scope (compiled as variables, run as constants).
const SCOPE_NAMES: [&str; 3] = ["org", "params", "weights"];

impl RuleSet {
    /// Compiles every `*.rhai` file in `dir` (in name order); reports every file's errors.
    pub fn load(
        dir: &Path,
        catalog: Arc<Catalog>,
        settings: RuleSettings,
    ) -> Result<RuleSet, Vec<RuleError>> {
        Self::load_with(dir, catalog, settings, None)
    }

    /// `load`, with coverage counters compiled into a copy of every script and module when a
    /// collector is given (only then: see `coverage.rs`).
    pub fn load_with(
        dir: &Path,
        catalog: Arc<Catalog>,
        settings: RuleSettings,
        coverage: Option<&Arc<coverage::Collector>>,
    ) -> Result<RuleSet, Vec<RuleError>> {
        let display_dir = display_dir(dir);
        let settings = RuleSettings {
            limits: settings.limits.clamped(),
            ..settings
        };
        let files = list_scripts(dir, &display_dir).map_err(|e| vec![e])?;
        let param_decls = params::ParamDecls::load(dir, &display_dir)
            .map_err(|diags| diags.iter().map(table::to_rule_error).collect::<Vec<_>>())?;
        let values = param_decls.resolve(&settings.params).map_err(|problems| {
            problems
                .iter()
                .map(|p| p.to_rule_error("`[rules.params]`", &param_decls.file))
                .collect::<Vec<_>>()
        })?;
        let params = convert::params_map(&values);
        let top_outcomes = params
            .get("top_outcomes")
            .and_then(|v| v.as_float().ok())
            .map_or(5, |v| v.clamp(0.0, 30.0) as usize);
        let regulatory_threshold = params
            .get("regulatory_threshold")
            .and_then(|v| v.as_float().ok())
            .unwrap_or(4.0);
        let services_param = |name: &str, default: usize| {
            params
                .get(name)
                .and_then(|v| v.as_float().ok())
                .map_or(default, |v| v.clamp(1.0, 26.0) as usize)
        };
        let capacity = roadmap::Capacity {
            new_pmo: services_param(
                "new_pmo_starts_per_quarter",
                roadmap::Capacity::DEFAULT.new_pmo,
            ),
            existing_pmo: services_param(
                "existing_pmo_changes_per_quarter",
                roadmap::Capacity::DEFAULT.existing_pmo,
            ),
        };
        let shared = Arc::new(Shared::new(
            catalog,
            params,
            convert::weights_map(&settings.group_weights),
        ));
        let mut engine = engine::build_engine(&settings.limits, dir, &display_dir, coverage);
        if let Some(collector) = coverage {
            collector.install(&mut engine);
        }
        let mut compile_scope = Scope::new();
        for name in SCOPE_NAMES {
            compile_scope.push_dynamic(name, Dynamic::UNIT);
        }
        let mut errors = Vec::new();
        // Decision tables (rules/tables/*.csv), called by scripts as `table(name, inputs)` and
        // `table_column(name, input, keys, output)`.
        let tables = Arc::new(
            table::Tables::load(dir, &display_dir).unwrap_or_else(|diags| {
                errors.extend(diags.iter().map(table::to_rule_error));
                table::Tables::default()
            }),
        );
        table::register(&mut engine, Arc::clone(&tables), coverage.cloned());
        let mut scripts = Vec::new();
        let mut asts = Vec::new();
        let mut counted = Vec::new();
        for (path, full) in files {
            let bytes = match resolver::read_confined(dir, &full) {
                Ok(b) => b,
                Err(e) => {
                    errors.push(file_error(&path, &format!("cannot read the script: {e}")));
                    continue;
                }
            };
            let Ok(text) = std::str::from_utf8(&bytes) else {
                errors.push(file_error(&path, "the script is not valid UTF-8"));
                continue;
            };
            // Modules imported by the script are evaluated now, with no organization to decide
            // about and under the same time budget.
            let _context = Context::enter(Arc::clone(&shared), None);
            let _budget = engine::Budget::start(settings.limits.time_budget_ms);
            match engine.compile_into_self_contained(&compile_scope, text) {
                Ok(mut ast) => {
                    ast.set_source(path.as_str());
                    if let Some(collector) = coverage {
                        let text = collector.instrument(&path, text, &ast, true);
                        match engine.compile_into_self_contained(&compile_scope, &text) {
                            Ok(mut with_counters) => {
                                with_counters.set_source(path.as_str());
                                counted.push(with_counters);
                            }
                            Err(err) => errors.push(file_error(
                                &path,
                                &format!("coverage counters do not compile into it: {err}"),
                            )),
                        }
                    }
                    asts.push(ast);
                }
                Err(err) => errors.push(compile_error(&path, text, &err, &settings.limits)),
            }
            scripts.push(ScriptFile { path, bytes });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RuleSet {
            scripts,
            asts,
            counted,
            engine,
            shared,
            limits: settings.limits,
            top_outcomes,
            regulatory_threshold,
            capacity,
            maturity_bands: maturity_bands(&tables),
            tables,
            param_decls,
            warm: warm::WarmCaches::default(),
        })
    }

    /// Runs the scripts for one organization.
    pub fn evaluate(&self, input: &OrganizationInput) -> Result<Recommendation, RuleError> {
        self.run(input, false).map(|(rec, _)| rec)
    }

    /// `evaluate`, keeping the trace `explain` shows: every score addition, priority and
    /// approach set (overrides included) and every table row matched. Same decisions.
    pub fn evaluate_traced(
        &self,
        input: &OrganizationInput,
    ) -> Result<(Recommendation, trace::log::TraceLog), RuleError> {
        trace::log::start_table_hits();
        let result = self.run(input, true);
        let tables = trace::log::take_table_hits();
        let (rec, log) = result?;
        let mut log = log.unwrap_or_default();
        log.tables = tables;
        Ok((rec, log))
    }

    /// A runtime error's hint with the input values its line reads for this organization
    /// (issue 14: errors name the inputs involved, in plain words).
    fn with_line_inputs(
        &self,
        error: RuleError,
        script: &ScriptFile,
        input: &OrganizationInput,
    ) -> RuleError {
        if !matches!(error.kind(), RuleErrorKind::Runtime | RuleErrorKind::Api) {
            return error;
        }
        let Some(line) = error.line().filter(|l| *l > 0) else {
            return error;
        };
        let text = String::from_utf8_lossy(&script.bytes);
        let Some(source) = text.lines().nth(line as usize - 1) else {
            return error;
        };
        match trace::line_inputs(source, input, &self.params()) {
            Some(values) => {
                error.with_hint(format!("this line reads, for this organization: {values}"))
            }
            None => error,
        }
    }

    fn run(
        &self,
        input: &OrganizationInput,
        traced: bool,
    ) -> Result<(Recommendation, Option<trace::log::TraceLog>), RuleError> {
        let mut recorder = Recorder::new(input);
        recorder.trace = traced.then(trace::log::TraceLog::default);
        let context = Context::enter(Arc::clone(&self.shared), Some(recorder));
        let budget = engine::Budget::start(self.limits.time_budget_ms);
        let mut scope = Scope::new();
        // Shared constants: Rhai clones a plain constant on every access, a shared one only
        // clones the pointer (measured: 5x faster on `org.groups[g].outcomes[o]`). Each
        // evaluation shares its own copies: Rhai write-locks a shared value to read through
        // it, and when another thread holds the lock it sleeps 10 ms and retries (five times,
        // then fails the script). One `params` shared by every thread put 87 of those sleeps
        // into a 1,000-organization run (issue 16).
        let org = convert::org_to_dynamic(input, &self.shared).into_shared();
        scope.push_constant_dynamic(SCOPE_NAMES[0], org);
        scope.push_constant_dynamic(SCOPE_NAMES[1], self.shared.params.clone().into_shared());
        scope.push_constant_dynamic(SCOPE_NAMES[2], self.shared.weights.clone().into_shared());
        // A record left by an earlier organization on this thread must not explain this one.
        table::take_unmatched();
        let asts = if self.counted.is_empty() {
            &self.asts
        } else {
            &self.counted
        };
        let mut caches = self.warm.take(asts.len());
        for ((script, ast), caches) in self.scripts.iter().zip(asts).zip(&mut caches) {
            if let Err(err) = warm::run_ast(&self.engine, caches, &mut scope, ast) {
                let host = context.take_host_error().filter(|h| same_message(&err, h));
                let error = RuleError::from_eval(&script.path, &err, &self.limits, host);
                let error = self.with_line_inputs(error, script, input);
                return Err(match table::take_unmatched() {
                    Some(u) => error.explain_unmatched(&u.table, &u.file, &u.inputs),
                    None => error,
                });
            }
            // Top-level variables of one script are not visible to the next.
            scope.rewind(SCOPE_NAMES.len());
            budget.next_script();
        }
        self.warm.give_back(caches);
        let mut recorder = context
            .take_recorder()
            .unwrap_or_else(|| Recorder::new(input));
        let log = recorder.trace.take();
        let mut rec =
            finish::build_recommendation(&input.id, recorder, &self.shared, self.top_outcomes);
        rec.maturity_bands = self.maturity_bands.clone();
        rec.roadmap = roadmap::build_roadmap(
            &rec.services,
            &self.shared.catalog,
            input.baseline.as_ref(),
            &input.service_maturity,
            self.regulatory_threshold,
            self.capacity,
        );
        Ok((rec, log))
    }

    /// The params as the scripts receive them (the rules' defaults merged with the config),
    /// by name.
    pub fn params(&self) -> BTreeMap<String, f64> {
        let params = self.shared.params.read_lock::<rhai::Map>();
        params
            .iter()
            .flat_map(|m| m.iter())
            .filter_map(|(k, v)| Some((k.to_string(), v.as_float().ok()?)))
            .collect()
    }

    /// Where the bands of the `approach_by_maturity` table start (its `maturity >= x` and
    /// `> x` rows), lowest first: the charter's thresholds follow an edited table.
    pub fn maturity_bands(&self) -> &[f64] {
        &self.maturity_bands
    }

    /// The params the rules declare (name, default, range, unit, doc).
    pub fn param_decls(&self) -> &params::ParamDecls {
        &self.param_decls
    }

    /// The scripts loaded, in evaluation order.
    pub fn scripts(&self) -> &[ScriptFile] {
        &self.scripts
    }

    /// The decision tables loaded (with their text, for the manifest's rule hash).
    pub fn tables(&self) -> &table::Tables {
        &self.tables
    }

    /// The limits in force (for the manifest).
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The compiled scripts, in evaluation order (for coverage).
    pub(crate) fn asts(&self) -> &[AST] {
        &self.asts
    }

    /// The engine (for coverage: modules compile with the same settings).
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// Whether the host error recorded is the one that stopped the script (not an earlier one a
/// script caught with `try`).
fn same_message(err: &EvalAltResult, host: &RuleError) -> bool {
    let mut current = err;
    loop {
        match current {
            EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
            | EvalAltResult::ErrorInModule(_, inner, _) => current = inner,
            EvalAltResult::ErrorRuntime(value, _) => {
                return value
                    .clone()
                    .into_string()
                    .is_ok_and(|m| m == host.message())
            }
            _ => return false,
        }
    }
}

/// `rules` for `rules/`, `./rules` → `rules`: the folder as the user named it.
fn display_dir(dir: &Path) -> String {
    let text = dir.to_string_lossy().replace('\\', "/");
    let text = text.trim_end_matches('/');
    let text = text.strip_prefix("./").unwrap_or(text);
    if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    }
}

fn file_error(path: &str, message: &str) -> RuleError {
    RuleError::new(RuleErrorKind::Io, codes::FILE, message).at(path, rhai::Position::NONE)
}

/// The `*.rhai` files directly in `dir`, by file name: (display path, full path).
fn list_scripts(
    dir: &Path,
    display_dir: &str,
) -> Result<Vec<(String, std::path::PathBuf)>, RuleError> {
    let folder_error = |message: String| {
        RuleError::new(RuleErrorKind::Io, codes::FOLDER, message)
            .at(display_dir, rhai::Position::NONE)
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|e| folder_error(format!("cannot read the rules folder: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| folder_error(format!("cannot read the rules folder: {e}")))?;
        let path = entry.path();
        let is_script = path.extension().is_some_and(|e| e == "rhai") && path.is_file();
        if let (true, Some(name)) = (is_script, path.file_name()) {
            let name = name.to_string_lossy().into_owned();
            files.push((format!("{display_dir}/{name}"), path));
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(
            folder_error("the rules folder holds no `*.rhai` script".into())
                .with_hint("point `--rules` or `[rules] dir` at the folder with the rule scripts"),
        );
    }
    Ok(files)
}

/// A compile failure: syntax (with position) or an import refused or broken.
fn compile_error(path: &str, text: &str, err: &EvalAltResult, limits: &Limits) -> RuleError {
    if let EvalAltResult::ErrorParsing(kind, pos) = err {
        // At its true place (a missing `;` or `}`), as `check` reports it.
        let parse = rhai::ParseError(Box::new(kind.clone()), *pos);
        return lint::parse_error(path, text, &parse).0;
    }
    // Imports are resolved while compiling, without the import's position: find the statement.
    let message = error::innermost_message(err);
    let (line, column) = import_position(text, &message).unwrap_or((1, 1));
    let mut e = RuleError::from_eval(path, err, limits, None);
    if !e.is_limit() {
        e = RuleError::new(RuleErrorKind::Import, codes::IMPORT, message)
            .with_hint("imports are paths relative to the rules folder, such as `import \"lib/text\" as text;`");
    }
    e.at_line(path, line, column)
}

/// The 1-based line and column of the `import` statement whose path the message names (or of
/// the first import).
fn import_position(text: &str, message: &str) -> Option<(u32, u32)> {
    let mut first = None;
    for (i, line) in text.lines().enumerate() {
        let Some(col) = line.find("import") else {
            continue;
        };
        let here = (u32::try_from(i + 1).ok()?, u32::try_from(col + 1).ok()?);
        first.get_or_insert(here);
        let rest = &line[col..];
        if let Some(path) = rest.split('"').nth(1) {
            if message.contains(&format!("\"{path}\"")) || message.contains(path) {
                return Some(here);
            }
        }
    }
    first
}

/// The band starts of the `approach_by_maturity` table (see `RuleSet::maturity_bands`).
fn maturity_bands(tables: &table::Tables) -> Vec<f64> {
    let Ok(table) = tables.get("approach_by_maturity") else {
        return Vec::new();
    };
    let Some(column) = table.inputs.iter().position(|i| i == "maturity") else {
        return Vec::new();
    };
    let mut bands: Vec<f64> = table
        .rows
        .iter()
        .filter_map(|row| match row.conditions.get(column) {
            Some(table::Condition::Compare(
                table::Cmp::Ge | table::Cmp::Gt,
                table::Literal::Number(n),
            )) => Some(*n),
            _ => None,
        })
        .collect();
    bands.sort_by(f64::total_cmp);
    bands.dedup();
    bands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_dir_is_the_folder_as_named() {
        assert_eq!(display_dir(Path::new("rules/")), "rules");
        assert_eq!(display_dir(Path::new("./rules")), "rules");
        assert_eq!(display_dir(Path::new("/a/b/rules")), "/a/b/rules");
    }

    #[test]
    fn import_position_finds_the_named_import() {
        let text = "// x\nimport \"lib/a\" as a;\n  import \"../b\" as b;\n";
        assert_eq!(
            import_position(text, "import \"../b\" refused"),
            Some((3, 3))
        );
        assert_eq!(import_position(text, "something else"), Some((2, 1)));
        assert_eq!(import_position("let x = 1;", "x"), None);
    }

    /// Rhai write-locks a shared value to read through it, and gives up with a data-race
    /// error when the lock stays taken (after five 10 ms sleeps): an evaluation must read
    /// `params` and `weights` through values no other evaluation, on any thread, can hold.
    #[test]
    fn an_evaluation_shares_its_constants_with_no_other() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let catalog = crate::ingest::read_catalog(&root.join("data/catalog")).unwrap();
        let set = RuleSet::load(
            &root.join("rules"),
            Arc::new(catalog),
            RuleSettings::default(),
        )
        .unwrap();
        let org = OrganizationInput::new(
            crate::model::organization::OrganizationId::new("acme").unwrap(),
        );
        let expected = set.evaluate(&org).unwrap();
        // Another evaluation in the middle of reading them, as far as a shared value can tell.
        let (mut params, mut weights) = (set.shared.params.clone(), set.shared.weights.clone());
        let _held = (
            params.write_lock::<rhai::Map>(),
            weights.write_lock::<rhai::Map>(),
        );
        assert_eq!(set.evaluate(&org).unwrap(), expected);
    }

    #[test]
    fn rule_set_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<RuleSet>();
    }
}
