//! Every sandbox limit with its default and the reason for the number.
//!
//! `[limits]` in `pmo-advisor.toml` uses these field names. The defaults leave the default
//! rules (a few thousand operations, well under a millisecond) a margin of several hundred
//! times, while an endless loop is stopped in well under the 2 seconds the issue allows. This
//! file holds numbers only; `engine.rs` applies them.

use serde::{Deserialize, Serialize};

/// Hard limits for one organization's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Rhai operations per organization, across all scripts (2 million: ~0.2 s of work).
    pub max_operations: u64,
    /// Wall-clock budget per organization, in milliseconds (checked every 1024 operations).
    pub time_budget_ms: u64,
    /// Nested function calls (32: rules never need deep recursion; catches endless recursion).
    pub max_call_levels: usize,
    /// Expression nesting at the top level of a script.
    pub max_expr_depth: usize,
    /// Expression nesting inside functions.
    pub max_function_expr_depth: usize,
    /// Bytes in one string (64 KiB: a reason is a sentence).
    pub max_string_size: usize,
    /// Elements in one array.
    pub max_array_size: usize,
    /// Entries in one object map.
    pub max_map_size: usize,
    /// Modules a script may import.
    pub max_modules: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_operations: 2_000_000,
            time_budget_ms: 1_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_function_expr_depth: 32,
            max_string_size: 64 * 1024,
            max_array_size: 10_000,
            max_map_size: 10_000,
            max_modules: 16,
        }
    }
}
