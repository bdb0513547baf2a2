//! Cell parsers: raw cell bytes or text → values, or a `Problem` saying what was expected.
//!
//! They know nothing about files, rows or columns: the caller, which holds the location,
//! turns a `Problem` into a finding or an error with `Problem::finding` / `Problem::error`.
//! Numbers are parsed from bytes without allocating (the hot path of ingest).

use crate::diag::did_you_mean;
use crate::diag::{Diagnostic, Location, Severity};
use crate::ingest::error::IngestError;
use crate::model::key::UnknownKey;
use crate::model::scale::{Likert, NpsAnswer};

/// Why a cell could not be used: what was expected, and maybe a likely fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Finding code (`finding::BAD_VALUE` or `finding::UNKNOWN_CHOICE`).
    pub code: &'static str,
    /// What was expected, as a noun phrase ("a whole number from 1 to 5").
    pub expected: String,
    /// A likely fix ("did you mean `matrix`?").
    pub hint: Option<String>,
}

impl Problem {
    /// A malformed or out-of-range value.
    pub fn bad_value(expected: impl Into<String>) -> Self {
        Problem {
            code: crate::ingest::finding::BAD_VALUE,
            expected: expected.into(),
            hint: None,
        }
    }

    /// An unknown key, with a did-you-mean hint against the vocabulary.
    pub fn unknown(e: &UnknownKey) -> Self {
        Problem {
            code: crate::ingest::finding::UNKNOWN_CHOICE,
            expected: e.expectation(),
            hint: did_you_mean(&e.found, e.expected.iter().copied())
                .map(|k| format!("did you mean `{k}`?")),
        }
    }

    /// `expected …, found "…"`.
    fn message(&self, raw: &str) -> String {
        let shown = crate::diag::shorten(raw, crate::diag::MAX_VALUE_CHARS);
        format!("expected {}, found {shown:?}", self.expected)
    }

    /// A warning finding at `location`; the cell counts as missing.
    pub fn finding(self, location: Location, raw: &str) -> Diagnostic {
        let mut d = Diagnostic::new(self.code, Severity::Warning, self.message(raw), location)
            .with_value(raw)
            .with_expected(self.expected);
        if let Some(hint) = self.hint {
            d = d.with_hint(hint);
        }
        d
    }

    /// An error at `location` with the given code (catalog files, where a bad cell stops).
    pub fn error(self, code: &'static str, location: Location, raw: &str) -> IngestError {
        let mut d = self.finding(location, raw);
        d.code = code;
        d.severity = Severity::Error;
        IngestError::Invalid(Box::new(d))
    }
}

/// The cell without surrounding ASCII whitespace.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// A whole number, allowing a zero fraction (`4`, `4.0`) as spreadsheets write it; `None` if
/// malformed or above `u32::MAX`. No allocation.
pub(crate) fn parse_whole(bytes: &[u8]) -> Option<u32> {
    let bytes = trim(bytes);
    let (int, frac) = match bytes.iter().position(|&b| b == b'.') {
        Some(dot) => (&bytes[..dot], &bytes[dot + 1..]),
        None => (bytes, &b""[..]),
    };
    if int.is_empty() || !frac.iter().all(|&b| b == b'0') {
        return None;
    }
    let mut value: u32 = 0;
    for &b in int {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(value)
}

/// A 1–5 answer; blank is `Ok(None)` (not answered).
#[inline]
pub(crate) fn parse_likert(bytes: &[u8]) -> Result<Option<Likert>, Problem> {
    // Fast path: the common single digit.
    if let [d @ b'1'..=b'5'] = bytes {
        return Ok(Likert::new(d - b'0'));
    }
    if trim(bytes).is_empty() {
        return Ok(None);
    }
    parse_whole(bytes)
        .and_then(|v| u8::try_from(v).ok())
        .and_then(Likert::new)
        .map(Some)
        .ok_or_else(|| Problem::bad_value("a whole number from 1 to 5"))
}

/// A 0–10 recommendation answer; blank is `Ok(None)`.
pub(crate) fn parse_nps(bytes: &[u8]) -> Result<Option<NpsAnswer>, Problem> {
    if trim(bytes).is_empty() {
        return Ok(None);
    }
    parse_whole(bytes)
        .and_then(|v| u8::try_from(v).ok())
        .and_then(NpsAnswer::new)
        .map(Some)
        .ok_or_else(|| Problem::bad_value("a whole number from 0 to 10"))
}

/// A non-negative head count; blank is `Ok(None)`.
pub(crate) fn parse_count(bytes: &[u8]) -> Result<Option<u32>, Problem> {
    if trim(bytes).is_empty() {
        return Ok(None);
    }
    parse_whole(bytes)
        .map(Some)
        .ok_or_else(|| Problem::bad_value("a whole number of employees"))
}

/// yes/no, true/false, y/n (any case); blank is `Ok(None)`.
pub(crate) fn parse_yes_no(text: &str) -> Result<Option<bool>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let is = |options: &[&str]| options.iter().any(|o| o.eq_ignore_ascii_case(text));
    if is(&["yes", "y", "true"]) {
        Ok(Some(true))
    } else if is(&["no", "n", "false"]) {
        Ok(Some(false))
    } else {
        Err(Problem::bad_value("yes or no"))
    }
}

/// A closed-vocabulary key via its `parse`; blank is `Ok(None)`.
pub(crate) fn parse_key<K>(
    text: &str,
    parse: impl Fn(&str) -> Result<K, UnknownKey>,
) -> Result<Option<K>, Problem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse(text).map(Some).map_err(|e| Problem::unknown(&e))
}

/// A `;`-separated list of keys (catalog links and domains); blanks between `;` are skipped.
pub(crate) fn parse_key_list<K: PartialEq>(
    text: &str,
    parse: impl Fn(&str) -> Result<K, UnknownKey>,
) -> Result<Vec<K>, Problem> {
    let mut keys = Vec::new();
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let key = parse(part).map_err(|e| Problem::unknown(&e))?;
        if keys.contains(&key) {
            return Err(Problem::bad_value(format!(
                "each key once, `{}` repeats",
                part.trim()
            )));
        }
        keys.push(key);
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::baseline::Structure;

    #[test]
    fn likert_accepts_1_to_5_and_blank() {
        assert_eq!(parse_likert(b"3"), Ok(Likert::new(3)));
        assert_eq!(parse_likert(b" 4.0 "), Ok(Likert::new(4)));
        assert_eq!(parse_likert(b"  "), Ok(None));
        for bad in [&b"6"[..], b"0", b"4.5", b"x", b"-1", b"99999999999"] {
            let p = parse_likert(bad).unwrap_err();
            assert_eq!(p.expected, "a whole number from 1 to 5");
        }
    }

    #[test]
    fn nps_accepts_0_to_10() {
        assert_eq!(parse_nps(b"0").unwrap().map(|v| v.get()), Some(0));
        assert_eq!(parse_nps(b"10").unwrap().map(|v| v.get()), Some(10));
        assert!(parse_nps(b"11").is_err());
    }

    #[test]
    fn yes_no_variants() {
        assert_eq!(parse_yes_no("Y"), Ok(Some(true)));
        assert_eq!(parse_yes_no("false"), Ok(Some(false)));
        assert!(parse_yes_no("maybe").is_err());
    }

    #[test]
    fn unknown_key_gets_a_hint_and_finding_text() {
        let p = parse_key("matrx", Structure::parse).unwrap_err();
        assert_eq!(p.hint.as_deref(), Some("did you mean `matrix`?"));
        let d = p.finding(Location::None, "matrx");
        assert_eq!(
            d.message,
            "expected a structure (functional, matrix, projectized), found \"matrx\""
        );
        assert_eq!(d.value.as_deref(), Some("matrx"));
    }

    #[test]
    fn key_lists_reject_repeats() {
        assert_eq!(
            parse_key_list("matrix; functional;", Structure::parse)
                .unwrap()
                .len(),
            2
        );
        assert!(parse_key_list("matrix;matrix", Structure::parse).is_err());
    }
}
