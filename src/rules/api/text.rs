//! Host helpers for numbers and sentences in reasons: fixed decimals, percentages, lists.
//!
//! Rhai prints floats with all their digits (`4.666666666666667`); reasons must read like a
//! consultant wrote them, so scripts format numbers through these. Pure functions of their
//! arguments.

use rhai::plugin::*;

/// The text and number helpers.
#[export_module]
pub mod text_api {
    use super::{as_float, checked_parts, fixed};
    use crate::rules::state::HostResult;
    use rhai::{Array, Dynamic, NativeCallContext, FLOAT, INT};

    /// A number with a fixed count of decimals, trailing zeros dropped.
    /// Example: `fmt(4.6666, 1)` → "4.7"; `fmt(2.0, 1)` → "2"
    pub fn fmt(value: Dynamic, decimals: INT) -> String {
        fixed(
            as_float(&value),
            u32::try_from(decimals.clamp(0, 6)).unwrap_or(0),
        )
    }

    /// A signed number for adjustments. Example: `signed(4.0, 1)` → "+4"
    pub fn signed(value: Dynamic, decimals: INT) -> String {
        let text = fmt(value.clone(), decimals);
        if as_float(&value) > 0.0 && text != "0" {
            format!("+{text}")
        } else {
            text
        }
    }

    /// A share as a whole percentage. Example: `pct(0.456)` → "46%"
    pub fn pct(share: Dynamic) -> String {
        format!("{}%", fmt(Dynamic::from_float(as_float(&share) * 100.0), 0))
    }

    /// Rounds to a number of decimals. Example: `round_to(4.666, 2)` → 4.67
    pub fn round_to(value: Dynamic, decimals: INT) -> FLOAT {
        let factor = 10f64.powi(i32::try_from(decimals.clamp(0, 12)).unwrap_or(0));
        (as_float(&value) * factor).round() / factor
    }

    /// Joins items as a sentence list; an item with an "and" of its own puts a comma before the
    /// last. Example: `join_list(["a", "b", "c"])` → "a, b and c"
    #[rhai_fn(return_raw)]
    pub fn join_list(ctx: NativeCallContext, items: Array) -> HostResult<String> {
        // Room for the ", and " an item with an "and" of its own brings.
        let parts = checked_parts(&ctx, &items, ", and ")?;
        Ok(crate::model::prose::and_list(&parts))
    }

    /// A whole number with a comma between thousands. Example: `thousands(8400)` → "8,400"
    pub fn thousands(n: INT) -> String {
        crate::model::prose::thousands(n)
    }

    /// A snake_case key as words. Example: `words("financial_services")` → "financial services"
    pub fn words(key: &str) -> String {
        key.replace('_', " ")
    }

    /// Joins items with a separator. Example: `join(["a", "b"], "; ")` → "a; b"
    #[rhai_fn(return_raw)]
    pub fn join(ctx: NativeCallContext, items: Array, separator: &str) -> HostResult<String> {
        Ok(checked_parts(&ctx, &items, separator)?.join(separator))
    }
}

use rhai::{Dynamic, FLOAT};

/// A number with at most `decimals` decimals, trailing zeros dropped ("4.7", "2", "-0.5").
/// Integer arithmetic and hand-written digits: `format!` (its exact float path, and even its
/// integer path) showed in profiles, where reasons format hundreds of numbers per organization.
pub(crate) fn fixed(v: f64, decimals: u32) -> String {
    let mut out = String::with_capacity(8);
    push_fixed(&mut out, v, decimals);
    out
}

/// Appends `fixed(v, decimals)` to `out`.
pub(crate) fn push_fixed(out: &mut String, v: f64, decimals: u32) {
    let decimals = decimals.min(6);
    let factor = 10i64.pow(decimals);
    let scaled = (v * factor as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 1e15 {
        out.push_str(&v.to_string());
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push('-');
    }
    let abs = scaled.unsigned_abs();
    let factor = factor.unsigned_abs();
    let (whole, mut frac) = (abs / factor, abs % factor);
    push_int(out, whole);
    if frac == 0 {
        return;
    }
    let mut digits = decimals;
    while frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    out.push('.');
    let mut buf = [b'0'; 6];
    for slot in buf[..digits as usize].iter_mut().rev() {
        *slot = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    out.extend(buf[..digits as usize].iter().map(|&b| char::from(b)));
}

/// Appends a whole number's digits to `out`.
pub(crate) fn push_int(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// The items as text, once their joined size (with `separator` between them) is known to fit
/// `max_string_size`: the join used to be built first and checked after (issue 11).
fn checked_parts(
    ctx: &rhai::NativeCallContext,
    items: &rhai::Array,
    separator: &str,
) -> Result<Vec<String>, Box<rhai::EvalAltResult>> {
    let separators = separator
        .len()
        .saturating_mul(items.len().saturating_sub(1));
    if !super::strings::fits(ctx, separators) {
        return Err(super::strings::too_large("Length of string"));
    }
    let mut total = separators;
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        let text = item.to_string();
        total = total.saturating_add(text.len());
        if !super::strings::fits(ctx, total) {
            return Err(super::strings::too_large("Length of string"));
        }
        parts.push(text);
    }
    Ok(parts)
}

fn as_float(value: &Dynamic) -> FLOAT {
    value
        .as_float()
        .or_else(|_| value.as_int().map(|i| i as FLOAT))
        .unwrap_or(FLOAT::NAN)
}

#[cfg(test)]
mod tests {
    use super::text_api::*;
    use rhai::Dynamic;

    #[test]
    fn formats_like_a_person() {
        assert_eq!(fmt(Dynamic::from(4.6666_f64), 1), "4.7");
        assert_eq!(fmt(Dynamic::from(2.0_f64), 1), "2");
        assert_eq!(fmt(Dynamic::from(3_i64), 2), "3");
        assert_eq!(fmt(Dynamic::from(-0.04_f64), 1), "0");
        assert_eq!(fmt(Dynamic::from(-2.25_f64), 2), "-2.25");
        assert_eq!(fmt(Dynamic::from(4.05_f64), 2), "4.05");
        assert_eq!(signed(Dynamic::from(4.0_f64), 1), "+4");
        assert_eq!(signed(Dynamic::from(-2.5_f64), 1), "-2.5");
        assert_eq!(pct(Dynamic::from(0.456_f64)), "46%");
        assert_eq!(round_to(Dynamic::from(4.666_f64), 2), 4.67);
    }

    #[test]
    fn joins_check_the_size_before_building() {
        let mut engine = rhai::Engine::new_raw();
        engine.register_global_module(rhai::exported_module!(super::text_api).into());
        engine.set_max_string_size(100);
        let joined: String = engine.eval(r#"join_list(["a", "b", "c"])"#).unwrap();
        assert_eq!(joined, "a, b and c");
        let err = engine
            .eval::<String>(r#"join(["a", "b", "c"], "0123456789012345678901234567890123456789012345678901234567890")"#)
            .unwrap_err();
        assert!(
            matches!(*err, rhai::EvalAltResult::ErrorDataTooLarge(..)),
            "{err}"
        );
    }

    /// The old `format!`-based `fixed`, kept as the reference the hand-written digits match.
    fn reference(v: f64, decimals: u32) -> String {
        let factor = 10i64.pow(decimals);
        let scaled = (v * factor as f64).round() as i64;
        let (sign, abs) = if scaled < 0 {
            ("-", -scaled)
        } else {
            ("", scaled)
        };
        let (whole, mut frac) = (abs / factor, abs % factor);
        if frac == 0 {
            return format!("{sign}{whole}");
        }
        let mut digits = decimals as usize;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        format!("{sign}{whole}.{frac:0digits$}")
    }

    #[test]
    fn fixed_matches_the_format_reference() {
        for i in -20_000..20_000 {
            let v = f64::from(i) * 0.0137;
            for decimals in 0..=4 {
                assert_eq!(
                    super::fixed(v, decimals),
                    reference(v, decimals),
                    "{v} {decimals}"
                );
            }
        }
        assert_eq!(super::fixed(4.05, 1), reference(4.05, 1));
        assert_eq!(super::fixed(-0.04, 1), "0");
        assert_eq!(super::fixed(0.5, 0), "1");
        assert_eq!(super::fixed(1.0e300, 1), 1.0e300.to_string());
        assert_eq!(super::fixed(f64::NAN, 1), "NaN");
    }
}
