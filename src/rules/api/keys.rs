//! Parsing the keys and numbers scripts pass to host functions, with "did you mean" hints.
//!
//! A script that writes `recommend("risk_managment", …)` must learn which key it meant, so an
//! unknown key names the vocabulary, the closest valid keys, and (when nothing is close) all of
//! them. This file only checks values; it records nothing.

use rhai::Dynamic;

use crate::diag::did_you_mean;
use crate::model::key::UnknownKey;
use crate::rules::limits::{show_number, MAX_NUMBER};
use crate::rules::state::ApiError;

/// Parses one key of a vocabulary, or explains what was expected.
pub(crate) fn parse_key<K>(
    text: &str,
    parse: fn(&str) -> Result<K, UnknownKey>,
    argument: &str,
) -> Result<K, ApiError> {
    parse(text).map_err(|unknown| unknown_key(&unknown, argument))
}

/// Parses a key held in a list item: a string is read in place (items used to be copied
/// with `to_string` first, which showed in profiles); anything else by its display form.
pub(crate) fn parse_item<K>(
    item: &Dynamic,
    parse: fn(&str) -> Result<K, UnknownKey>,
    argument: &str,
) -> Result<K, ApiError> {
    match item.read_lock::<rhai::ImmutableString>() {
        Some(text) => parse_key(text.as_str(), parse, argument),
        None => parse_key(&item.to_string(), parse, argument),
    }
}

fn unknown_key(unknown: &UnknownKey, argument: &str) -> ApiError {
    let mut error = ApiError::new(format!(
        "unknown {} `{}` for `{argument}`",
        unknown.vocabulary, unknown.found
    ));
    match did_you_mean(&unknown.found, unknown.expected.iter().copied()) {
        Some(best) => error.hints.push(format!("did you mean `{best}`?")),
        None => error
            .hints
            .push(format!("expected one of: {}", unknown.expected.join(", "))),
    }
    error
}

/// A finite number within `MAX_NUMBER` from an integer or a float argument.
pub(crate) fn number(value: &Dynamic, argument: &str) -> Result<f64, ApiError> {
    let n = if let Ok(f) = value.as_float() {
        f
    } else if let Ok(i) = value.as_int() {
        i as f64
    } else {
        return Err(ApiError::new(format!(
            "expected a number for `{argument}`, found {}",
            crate::rules::error::plain_type(value.type_name())
        )));
    };
    // Bounded as well as finite: `1e300` points overflowed chart scaling (issue 11).
    if n.is_finite() && n.abs() <= MAX_NUMBER {
        Ok(n)
    } else {
        Err(ApiError::new(format!(
            "expected a number from -{MAX_NUMBER} to {MAX_NUMBER} for `{argument}`, found {}",
            show_number(n)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::service::ServiceKey;

    #[test]
    fn suggests_the_closest_key() {
        let e = parse_key("risk_managment", ServiceKey::parse, "service").unwrap_err();
        assert_eq!(e.message, "unknown service `risk_managment` for `service`");
        assert_eq!(e.hints, vec!["did you mean `risk_management`?".to_string()]);
        let e = parse_key("zzz", ServiceKey::parse, "service").unwrap_err();
        assert!(e.hints[0].starts_with("expected one of: advice_to_executive_level"));
    }

    #[test]
    fn numbers_accept_ints_and_floats() {
        assert_eq!(number(&Dynamic::from(2_i64), "x").unwrap(), 2.0);
        assert_eq!(number(&Dynamic::from(2.5_f64), "x").unwrap(), 2.5);
        assert_eq!(
            number(&Dynamic::from("a"), "points").unwrap_err().message,
            "expected a number for `points`, found text"
        );
    }
}
