//! Every sandbox limit with its default and the reason for the number.

use serde::{Deserialize, Serialize};

/// Hard limits for one organization's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Rhai operations per organization.
    pub max_operations: u64,
    /// Wall-clock budget per organization, in milliseconds.
    pub time_budget_ms: u64,
    /// Nested function calls.
    pub max_call_levels: usize,
    /// Expression nesting at the top level of a script.
    pub max_expr_depth: usize,
    /// Expression nesting inside functions.
    pub max_function_expr_depth: usize,
    /// Bytes in one string.
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
