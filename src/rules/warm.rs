//! Scripts run with warm function-resolution caches (issue 16).
//!
//! `Engine::run_ast_with_scope` starts every run with empty caches, so each call site of a
//! script looked its function up again, through every registered package, for every
//! organization. The engine and the compiled scripts never change during a run, so what a
//! call site resolved to for one organization holds for the next: each evaluation borrows one
//! cache per script from a pool, and gives it back.

use std::sync::Mutex;

use rhai::{Caches, Engine, EvalAltResult, ImmutableString, Scope, AST};

/// Resolution caches, one per script, for as many evaluations as ran at once.
#[derive(Default)]
pub(crate) struct WarmCaches {
    pool: Mutex<Vec<Vec<Caches>>>,
}

impl WarmCaches {
    /// A cache per script for one evaluation: warm when an earlier one gave its set back.
    pub(crate) fn take(&self, scripts: usize) -> Vec<Caches> {
        let warm = self.pool.lock().ok().and_then(|mut pool| pool.pop());
        warm.filter(|set| set.len() == scripts)
            .unwrap_or_else(|| (0..scripts).map(|_| Caches::new()).collect())
    }

    /// Gives a set back for the next evaluation. An evaluation that stops at a rule error
    /// drops its set instead (a later one then starts cold): errors end a run, and keeping
    /// that path simple is worth more than its caches.
    pub(crate) fn give_back(&self, set: Vec<Caches>) {
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(set);
        }
    }
}

/// Runs `ast` in `scope` as `Engine::run_ast_with_scope` does (a new global state with the
/// script's source, functions and embedded modules), resolving calls through `caches`.
pub(crate) fn run_ast(
    engine: &Engine,
    caches: &mut Caches,
    scope: &mut Scope,
    ast: &AST,
) -> Result<(), Box<EvalAltResult>> {
    let mut global = engine.new_global_runtime_state();
    global.source = ast.source().map(ImmutableString::from);
    global.lib.push(ast.shared_lib().clone());
    global.embedded_module_resolver = ast.resolver().cloned();
    // Rhai's own `run_ast_with_scope` is this call with fresh caches; the method is only
    // deprecated in favour of such wrappers.
    #[allow(deprecated)]
    engine
        .eval_statements_raw(&mut global, caches, scope, ast.statements())
        .map(|_| ())
}
