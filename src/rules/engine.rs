//! Builds the sandboxed Rhai engine, once per run; it is never changed after `build_engine`.
//!
//! A raw engine (no print hook, no file resolver, no `sleep`, no clock) gets only the standard
//! packages rules need (arithmetic, logic, strings, arrays, maps, math, iterators) and our host
//! package from `api/`. Every limit comes from `Limits`. The wall-clock budget and the
//! per-organization operation budget are enforced in the `on_progress` callback against a
//! thread-local budget that `Budget::start` arms around each evaluation, so the engine itself
//! holds no per-evaluation state and can be shared by every thread.

use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rhai::packages::{
    ArithmeticPackage, BasicArrayPackage, BasicIteratorPackage, BasicMapPackage, BasicMathPackage,
    BasicStringPackage, LogicPackage, MoreStringPackage, Package,
};
use rhai::{Dynamic, Engine, OptimizationLevel};

use crate::rules::api::{sandbox_overrides, HostPackage};
use crate::rules::coverage::Collector;
use crate::rules::limits::{Limits, MAX_EVALUATION_BYTES};
use crate::rules::resolver::ConfinedResolver;

/// Token of `ErrorTerminated` when the per-organization operation budget runs out.
pub(crate) const OPERATIONS_TOKEN: &str = "operations";
/// Token of `ErrorTerminated` when the wall-clock budget runs out.
pub(crate) const TIME_TOKEN: &str = "time";
/// Token of `ErrorTerminated` when the memory budget runs out.
pub(crate) const MEMORY_TOKEN: &str = "memory";

thread_local! {
    /// Bytes allocated minus bytes freed on this thread, as the binary's allocator reports
    /// them through `note_allocation` (zero in a library user that does not).
    static ALLOCATED: Cell<isize> = const { Cell::new(0) };
}

/// Counts an allocation (positive) or a release (negative) on this thread, for the memory
/// budget. Called by the binary's global allocator: it must not allocate, and it does not
/// (a const thread-local `Cell`; `try_with` is a no-op while the thread shuts down).
pub fn note_allocation(delta: isize) {
    let _ = ALLOCATED.try_with(|a| a.set(a.get().wrapping_add(delta)));
}

fn allocated() -> isize {
    ALLOCATED.try_with(Cell::get).unwrap_or(0)
}

/// How often (in operations) the clock is read: reading it on every operation would cost more
/// than the scripts; 1024 operations take well under a millisecond.
const CLOCK_EVERY_OPERATIONS: u64 = 1024;

/// How often (in operations) the budget is looked at at all (a divisor of the above).
const CHECK_EVERY_OPERATIONS: u64 = 64;

/// Builds the engine with every limit, the host API and the confined resolver.
/// With `coverage`, imported modules are compiled with coverage counters.
pub(crate) fn build_engine(
    limits: &Limits,
    rules_dir: &Path,
    display_dir: &str,
    coverage: Option<&Arc<Collector>>,
) -> Engine {
    let mut engine = Engine::new_raw();
    for package in [
        ArithmeticPackage::new().as_shared_module(),
        LogicPackage::new().as_shared_module(),
        BasicStringPackage::new().as_shared_module(),
        MoreStringPackage::new().as_shared_module(),
        BasicIteratorPackage::new().as_shared_module(),
        BasicArrayPackage::new().as_shared_module(),
        BasicMapPackage::new().as_shared_module(),
        BasicMathPackage::new().as_shared_module(),
        HostPackage::new().as_shared_module(),
        sandbox_overrides(),
    ] {
        engine.register_global_module(package);
    }
    engine
        .set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(limits.max_expr_depth, limits.max_function_expr_depth)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_modules(limits.max_modules)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true)
        // Constants are not propagated from the scope (org, params differ per evaluation).
        .set_optimization_level(OptimizationLevel::Simple)
        .disable_symbol("eval")
        .set_module_resolver(ConfinedResolver::new(
            rules_dir,
            display_dir,
            coverage.cloned().map(|collector| {
                Arc::new(move |display: &str, text: &str, ast: &rhai::AST| {
                    collector.instrument(display, text, ast, false)
                }) as crate::rules::resolver::Instrument
            }),
        ));
    let max_operations = limits.max_operations;
    engine.on_progress(move |ops| Budget::check(ops, max_operations));
    engine
}

thread_local! {
    /// The running evaluation's deadline and the operations spent by earlier scripts.
    static BUDGET: Cell<Option<BudgetState>> = const { Cell::new(None) };
}

#[derive(Debug, Clone, Copy)]
struct BudgetState {
    deadline: Instant,
    spent_before: u64,
    last_seen: u64,
    /// `allocated()` when the organization's evaluation began.
    allocated_at_start: isize,
}

/// The per-organization budget; disarmed when dropped (also on panic).
pub(crate) struct Budget(());

impl Budget {
    /// Arms the budget for one organization on this thread.
    pub(crate) fn start(time_budget_ms: u64) -> Budget {
        let deadline = Instant::now() + Duration::from_millis(time_budget_ms);
        BUDGET.with(|b| {
            b.set(Some(BudgetState {
                deadline,
                spent_before: 0,
                last_seen: 0,
                allocated_at_start: allocated(),
            }))
        });
        Budget(())
    }

    /// Called between scripts: the operations of the script that ended count toward the budget.
    pub(crate) fn next_script(&self) {
        BUDGET.with(|b| {
            if let Some(mut s) = b.get() {
                s.spent_before += s.last_seen;
                s.last_seen = 0;
                b.set(Some(s));
            }
        });
    }

    fn check(ops: u64, max_operations: u64) -> Option<Dynamic> {
        // Rhai calls this on every operation: look at the budget every CHECK_EVERY_OPERATIONS
        // only. The sum over scripts may then miss up to that many operations per script,
        // against a budget of millions.
        if !ops.is_multiple_of(CHECK_EVERY_OPERATIONS) {
            return None;
        }
        BUDGET.with(|b| {
            let mut s = b.get()?;
            s.last_seen = ops;
            b.set(Some(s));
            if s.spent_before + ops > max_operations {
                return Some(Dynamic::from(OPERATIONS_TOKEN));
            }
            if ops.is_multiple_of(CLOCK_EVERY_OPERATIONS) {
                if Instant::now() >= s.deadline {
                    return Some(Dynamic::from(TIME_TOKEN));
                }
                // Many variables each holding a string under `max_string_size` still added
                // up to 450 MB in one second (issue 11): Rhai has no total memory limit.
                let grown = allocated().saturating_sub(s.allocated_at_start);
                if usize::try_from(grown).is_ok_and(|g| g > MAX_EVALUATION_BYTES) {
                    return Some(Dynamic::from(MEMORY_TOKEN));
                }
            }
            None
        })
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        BUDGET.with(|b| b.set(None));
    }
}
