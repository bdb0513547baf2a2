//! Reading the options maps of the method's host functions (`#{ decay: 0.5, hit: "…" }`), and
//! the small numeric helpers they share.

use rhai::Map;

use crate::rules::api::keys::number;
use crate::rules::state::ApiError;

/// A number from an options map, named in the error when missing or not a number.
pub(crate) fn option_number(options: &Map, name: &str) -> Result<f64, ApiError> {
    let v = options.get(name).ok_or_else(|| {
        ApiError::new(format!("the options map needs `{name}`, which is missing"))
    })?;
    number(v, name)
}

/// A text from an options map, named in the error when missing.
pub(crate) fn option_text(options: &Map, name: &str) -> Result<String, ApiError> {
    options
        .get(name)
        .and_then(|v| v.clone().into_immutable_string().ok())
        .map(|s| s.to_string())
        .ok_or_else(|| {
            ApiError::new(format!(
                "the options map needs the text `{name}`, which is missing"
            ))
        })
}

/// A number with two decimals, trailing zeros dropped.
pub(crate) fn fixed2(v: f64) -> String {
    crate::rules::api::text::fixed(v, 2)
}

/// The median of values sorted from highest to lowest (0 when empty).
pub(crate) fn median(sorted_desc: &[f64]) -> f64 {
    let n = sorted_desc.len();
    match n {
        0 => 0.0,
        n if n % 2 == 1 => sorted_desc[n / 2],
        n => (sorted_desc[n / 2 - 1] + sorted_desc[n / 2]) / 2.0,
    }
}
