//! Every sandbox limit with its default, its allowed range and the reason for the numbers.
//!
//! `[limits]` in `pmo-advisor.toml` uses these field names. The defaults leave the default
//! rules (a few thousand operations, well under a millisecond) a margin of several hundred
//! times, while an endless loop is stopped in well under the 2 seconds the issue allows. This
//! file holds numbers only; `engine.rs` applies them.
//!
//! Every limit has a range (`RANGES`), checked when the config is read, because some values
//! switch the sandbox off instead of tightening it (issue 11): Rhai reads a string or array
//! size of 0 as "unlimited", and a call depth of a million overflows the native stack before
//! Rhai's own check fires. Out of range is a configuration error naming the line.

use serde::{Deserialize, Deserializer, Serialize};

/// The largest magnitude of a number a script hands to the host (a score, points, an outcome
/// priority) and of a `[rules.params]` value: far above any real score (the default rules stay
/// under 100), far below what makes charts or text formatting misbehave (issue 11: `1e300`
/// points panicked in report building).
pub const MAX_NUMBER: f64 = 1_000_000.0;

/// A number for a message: huge ones in exponent form (`1e300`, not 301 digits).
pub fn show_number(n: f64) -> String {
    if n.is_finite() && n.abs() < 1e15 {
        n.to_string()
    } else {
        format!("{n:e}")
    }
}

/// Memory one organization's evaluation may grow by (allocations minus releases on its
/// thread), checked with the clock every 1,024 operations: the default rules grow by a few
/// megabytes. Counted by the binary's allocator; with `--jobs N`, N evaluations may each
/// hold this much.
pub const MAX_EVALUATION_BYTES: usize = 128 * 1024 * 1024;

/// The longest reason, in bytes: a reason is a sentence or two for a business reader.
pub const MAX_REASON_BYTES: usize = 4096;

/// Decisions (reasons) one organization's evaluation may record: the default rules record a
/// few hundred.
pub const MAX_DECISIONS: usize = 10_000;

/// Bytes of all reasons of one organization: the default rules write about 45 KB. Reasons
/// reach the JSON and the PDF's appendix, so this also bounds those (19,990 reasons of 4 KB
/// made an 84 MB JSON and a 520 MB process, issue 11).
pub const MAX_REASON_BYTES_PER_ORGANIZATION: usize = 1024 * 1024;

/// Hard limits for one organization's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Rhai operations per organization, across all scripts (2 million: ~0.2 s of work).
    #[serde(deserialize_with = "in_range::<_, u64, 0>")]
    pub max_operations: u64,
    /// Wall-clock budget per organization, in milliseconds (checked every 1024 operations).
    #[serde(deserialize_with = "in_range::<_, u64, 1>")]
    pub time_budget_ms: u64,
    /// Nested function calls (32: rules never need deep recursion; catches endless recursion).
    #[serde(deserialize_with = "in_range::<_, usize, 2>")]
    pub max_call_levels: usize,
    /// Expression nesting at the top level of a script.
    #[serde(deserialize_with = "in_range::<_, usize, 3>")]
    pub max_expr_depth: usize,
    /// Expression nesting inside functions.
    #[serde(deserialize_with = "in_range::<_, usize, 4>")]
    pub max_function_expr_depth: usize,
    /// Bytes in one string (64 KiB: a reason is a sentence).
    #[serde(deserialize_with = "in_range::<_, usize, 5>")]
    pub max_string_size: usize,
    /// Elements in one array.
    #[serde(deserialize_with = "in_range::<_, usize, 6>")]
    pub max_array_size: usize,
    /// Entries in one object map.
    #[serde(deserialize_with = "in_range::<_, usize, 7>")]
    pub max_map_size: usize,
    /// Modules a script may import (0: no imports at all).
    #[serde(deserialize_with = "in_range::<_, usize, 8>")]
    pub max_modules: usize,
}

/// One limit's documented range: (key, smallest, largest, why the bounds).
pub const RANGES: [(&str, u64, u64, &str); 9] = [
    (
        "max_operations",
        1_000,
        1_000_000_000,
        "0 is not a budget; a billion operations take minutes",
    ),
    (
        "time_budget_ms",
        10,
        60_000,
        "a minute per organization is already a hang in CI",
    ),
    (
        "max_call_levels",
        1,
        128,
        "the evaluation threads' stack holds 128 levels with room to spare",
    ),
    (
        "max_expr_depth",
        1,
        256,
        "deeper nesting only serves to overflow the parser's stack",
    ),
    ("max_function_expr_depth", 1, 256, "as max_expr_depth"),
    (
        "max_string_size",
        64,
        1_048_576,
        "0 means unlimited in Rhai; 1 MiB bounds the memory of string functions",
    ),
    ("max_array_size", 1, 100_000, "0 means unlimited in Rhai"),
    ("max_map_size", 1, 100_000, "0 means unlimited in Rhai"),
    ("max_modules", 0, 256, "0 forbids imports"),
];

/// Deserializes limit number `INDEX` of `RANGES` and refuses values outside its range; toml
/// puts the value's line and column in front of the message.
fn in_range<'de, D, T, const INDEX: usize>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    let (key, low, high, _) = RANGES[INDEX];
    let value = i64::deserialize(deserializer)?;
    let fits = u64::try_from(value).is_ok_and(|v| v >= low && v <= high);
    match T::try_from(u64::try_from(value).unwrap_or(u64::MAX)) {
        Ok(v) if fits => Ok(v),
        _ => Err(serde::de::Error::custom(format!(
            "`{key}` must be from {low} to {high}, found {value} (docs/security.md)"
        ))),
    }
}

impl Limits {
    /// The limits with each value moved into its range: the engine applies these, so a
    /// library caller that builds `Limits` by hand cannot switch the sandbox off either.
    pub fn clamped(&self) -> Limits {
        let c = |index: usize, value: u64| {
            let (_, low, high, _) = RANGES[index];
            value.clamp(low, high)
        };
        let cu = |index: usize, value: usize| {
            usize::try_from(c(index, value as u64)).unwrap_or(usize::MAX)
        };
        Limits {
            max_operations: c(0, self.max_operations),
            time_budget_ms: c(1, self.time_budget_ms),
            max_call_levels: cu(2, self.max_call_levels),
            max_expr_depth: cu(3, self.max_expr_depth),
            max_function_expr_depth: cu(4, self.max_function_expr_depth),
            max_string_size: cu(5, self.max_string_size),
            max_array_size: cu(6, self.max_array_size),
            max_map_size: cu(7, self.max_map_size),
            max_modules: cu(8, self.max_modules),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges() {
        let d = Limits::default();
        assert_eq!(d.clamped(), d);
    }

    #[test]
    fn clamping_never_switches_a_limit_off() {
        let zero = Limits {
            max_string_size: 0,
            max_array_size: 0,
            max_call_levels: 1_000_000,
            max_operations: u64::MAX,
            ..Limits::default()
        }
        .clamped();
        assert_eq!(zero.max_string_size, 64);
        assert_eq!(zero.max_array_size, 1);
        assert_eq!(zero.max_call_levels, 128);
        assert_eq!(zero.max_operations, 1_000_000_000);
    }
}
