//! Cell values through a mapping: scales (labels, codes, aliases, not-applicable values,
//! reverse coding), lookups (platform labels → our keys), multi-select splitting against
//! declared options, ranks, and date formats.
//!
//! Pure functions of a cell's text: no rows, files or findings (a `Problem` says what was
//! expected). Unmatched values are problems, never guesses.

use crate::ingest::cell::{parse_whole, Problem};
use crate::ingest::mapping::{normalize_label, Scale};

/// A decoded numeric answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Blank: not answered.
    Blank,
    /// A not-applicable value: excluded and counted, never a low score.
    NotApplicable,
    /// A number in the model's range.
    Number(u8),
}

/// Whether `raw` is a negative whole number (`-1`, `-99`): Qualtrics' not-applicable codes.
pub fn is_negative_code(raw: &str) -> bool {
    raw.strip_prefix('-')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Decodes a numeric answer in `min..=max` through an optional scale.
///
/// Order: blank → the scale's `na` values (and negative codes when `negative_na`) → a
/// point's label or alias → a plain number (when the scale allows numbers) → problem.
/// `reverse` maps `v` to `lo + hi - v` over the scale's own range (or `min..=max`).
/// `choices` are REDCap dictionary code → label pairs: a code also matches by its label.
pub(crate) fn number(
    raw: &str,
    scale: Option<&Scale>,
    (min, max): (u8, u8),
    reverse: bool,
    negative_na: bool,
    choices: &[(String, String)],
) -> Result<Value, Problem> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(Value::Blank);
    }
    let norm = normalize_label(text);
    // A dictionary code whose label a scale names ("2" → "Agree").
    let label = choices
        .iter()
        .find(|(code, _)| code == text)
        .map(|(_, l)| normalize_label(l));
    let expected = || match scale {
        Some(s) if !s.points.is_empty() => {
            let labels: Vec<String> = s
                .points
                .iter()
                .map(|p| p.label.clone().unwrap_or_else(|| p.value.to_string()))
                .collect();
            format!("one of the scale's points ({})", labels.join(", "))
        }
        _ => format!("a whole number from {min} to {max}"),
    };
    if let Some(s) = scale {
        if s.na.iter().any(|n| normalize_label(n) == norm) {
            return Ok(Value::NotApplicable);
        }
    }
    if negative_na && is_negative_code(text) {
        return Ok(Value::NotApplicable);
    }
    let (lo, hi) = match scale {
        Some(s) if !s.points.is_empty() => (
            s.points.iter().map(|p| p.value).min().unwrap_or(min),
            s.points.iter().map(|p| p.value).max().unwrap_or(max),
        ),
        _ => (min, max),
    };
    let mut found = None;
    if let Some(s) = scale {
        found = s
            .points
            .iter()
            .find(|p| {
                let names = p.label.iter().chain(p.aliases.iter());
                names
                    .map(|n| normalize_label(n))
                    .any(|n| n == norm || label.as_ref() == Some(&n))
            })
            .map(|p| p.value);
    }
    let numeric = scale.is_none_or(|s| s.numeric.unwrap_or(true));
    if found.is_none() && numeric {
        found = parse_whole(text.as_bytes())
            .and_then(|v| u8::try_from(v).ok())
            .filter(|v| (lo..=hi).contains(v));
    }
    let Some(mut v) = found else {
        let mut p = Problem::bad_value(expected());
        if scale.is_some() && parse_whole(text.as_bytes()).is_none() {
            p.code = crate::ingest::finding::UNKNOWN_CHOICE;
            p.hint = Some("add it to the scale's aliases or `na` in the mapping".into());
        }
        return Err(p);
    };
    if reverse {
        v = lo + hi - v;
    }
    if !(min..=max).contains(&v) {
        return Err(Problem::bad_value(format!(
            "a value from {min} to {max} after the scale"
        )));
    }
    Ok(Value::Number(v))
}

/// The key whose labels (or the key itself) match `raw`, case- and quote-insensitively.
pub fn lookup<'a>(
    raw: &str,
    table: &'a std::collections::BTreeMap<String, Vec<String>>,
) -> Option<&'a str> {
    let norm = normalize_label(raw);
    table
        .iter()
        .find(|(key, labels)| {
            normalize_label(key) == norm || labels.iter().any(|l| normalize_label(l) == norm)
        })
        .map(|(k, _)| k.as_str())
}

/// Splits a joined multi-select cell against the declared `options` (longest first, so an
/// option containing the separator stays whole). Returns the matched options in cell order
/// and the pieces that matched none (free "other" text or unknown options).
pub fn split_options<'a>(raw: &str, sep: &str, options: &[&'a str]) -> (Vec<&'a str>, Vec<String>) {
    let mut sorted: Vec<&'a str> = options.to_vec();
    sorted.sort_by_key(|o| std::cmp::Reverse(o.len()));
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    let mut rest = raw.trim();
    let sep_trim = sep.trim();
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix(sep).or_else(|| {
            (!sep_trim.is_empty())
                .then(|| rest.strip_prefix(sep_trim))
                .flatten()
        }) {
            rest = r;
            continue;
        }
        let hit = sorted.iter().find(|o| {
            let lower = rest.to_lowercase();
            let ol = o.trim().to_lowercase();
            lower.starts_with(&ol) && {
                let after = &lower[ol.len()..];
                after.trim().is_empty()
                    || after.starts_with(sep)
                    || (!sep_trim.is_empty() && after.trim_start().starts_with(sep_trim))
            }
        });
        match hit {
            Some(o) => {
                found.push(*o);
                rest = &rest[o.trim().len()..];
            }
            None => {
                let end = rest.find(sep).unwrap_or(rest.len());
                let piece = rest[..end].trim();
                if !piece.is_empty() {
                    unknown.push(piece.to_string());
                }
                rest = &rest[end..];
            }
        }
    }
    (found, unknown)
}

/// Rank → importance: 1 → 5, 2 → 4, 3 → 3, 4 → 2, lower → 1.
pub fn rank_importance(rank: u32) -> u8 {
    match rank {
        1 => 5,
        2 => 4,
        3 => 3,
        4 => 2,
        _ => 1,
    }
}

/// Checks `text` against a strftime-like `format` (`%Y %m %d %H %M %S %y %I %p`, `%%`,
/// other characters literal; numbers may have fewer digits than the field width).
pub fn date_matches(text: &str, format: &str) -> bool {
    let s = text.trim().as_bytes();
    let f = format.as_bytes();
    let (mut i, mut j) = (0, 0);
    while j < f.len() {
        if f[j] == b'%' && j + 1 < f.len() {
            let spec = f[j + 1];
            j += 2;
            let (width, lo, hi): (usize, u32, u32) = match spec {
                b'Y' => (4, 1000, 9999),
                b'y' => (2, 0, 99),
                b'm' => (2, 1, 12),
                b'd' => (2, 1, 31),
                b'H' => (2, 0, 23),
                b'I' => (2, 1, 12),
                b'M' | b'S' => (2, 0, 59),
                b'p' => {
                    let ampm = s.get(i..i + 2).map(|p| p.to_ascii_uppercase());
                    if matches!(ampm.as_deref(), Some(b"AM") | Some(b"PM")) {
                        i += 2;
                        continue;
                    }
                    return false;
                }
                b'%' => {
                    if s.get(i) != Some(&b'%') {
                        return false;
                    }
                    i += 1;
                    continue;
                }
                _ => return false,
            };
            let start = i;
            while i < s.len() && i - start < width && s[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[start..i];
            let min_digits = if spec == b'Y' { 4 } else { 1 };
            if digits.len() < min_digits {
                return false;
            }
            let v = digits
                .iter()
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
            if !(lo..=hi).contains(&v) {
                return false;
            }
        } else {
            if s.get(i) != Some(&f[j]) {
                return false;
            }
            i += 1;
            j += 1;
        }
    }
    i == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::mapping::ScalePoint;

    fn agree() -> Scale {
        Scale {
            points: (1..=5)
                .map(|v| ScalePoint {
                    value: v,
                    label: Some(
                        [
                            "Strongly disagree",
                            "Disagree",
                            "Neutral",
                            "Agree",
                            "Strongly agree",
                        ][usize::from(v - 1)]
                        .into(),
                    ),
                    aliases: vec![format!("A{v}")],
                })
                .collect(),
            na: vec!["N/A".into()],
            numeric: None,
        }
    }

    #[test]
    fn scales_map_labels_codes_na_and_reverse() {
        let s = agree();
        let n = |raw: &str, reverse: bool| number(raw, Some(&s), (1, 5), reverse, true, &[]);
        assert_eq!(n("strongly AGREE", false), Ok(Value::Number(5)));
        assert_eq!(n("A2", false), Ok(Value::Number(2)));
        assert_eq!(n("2", true), Ok(Value::Number(4)));
        assert_eq!(n("n/a", false), Ok(Value::NotApplicable));
        assert_eq!(n("-99", false), Ok(Value::NotApplicable));
        assert_eq!(n(" ", false), Ok(Value::Blank));
        let p = n("Sort of", false).unwrap_err();
        assert_eq!(p.code, crate::ingest::finding::UNKNOWN_CHOICE);
        assert!(p.expected.contains("Strongly disagree"));
        assert!(n("7", false).is_err());
        let choices = [("4".to_string(), "Agree".to_string())];
        let s2 = Scale {
            numeric: Some(false),
            ..agree()
        };
        assert_eq!(
            number("4", Some(&s2), (1, 5), false, false, &choices),
            Ok(Value::Number(4))
        );
        assert_eq!(
            number("11", None, (0, 10), false, false, &[])
                .unwrap_err()
                .expected,
            "a whole number from 0 to 10"
        );
    }

    #[test]
    fn splits_against_options_containing_the_separator() {
        let options = [
            "Homeworks / problem sets",
            "Mixed (conferences, workshops, etc.)",
            "Exams",
        ];
        let (found, unknown) = split_options(
            "Mixed (conferences, workshops, etc.), Exams, Something else",
            ", ",
            &options,
        );
        assert_eq!(found, ["Mixed (conferences, workshops, etc.)", "Exams"]);
        assert_eq!(unknown, ["Something else"]);
        let (found, unknown) = split_options("Exams;Homeworks / problem sets;", ";", &options);
        assert_eq!((found.len(), unknown.len()), (2, 0));
    }

    #[test]
    fn dates_and_ranks() {
        assert!(date_matches("2017-07-18 08:28:09", "%Y-%m-%d %H:%M:%S"));
        assert!(date_matches("4/22/2016 19:57:50", "%m/%d/%Y %H:%M:%S"));
        assert!(date_matches("7/10/14 18:37", "%m/%d/%y %H:%M"));
        assert!(date_matches(
            "10/09/2024 11:02:03 PM",
            "%m/%d/%Y %I:%M:%S %p"
        ));
        assert!(!date_matches("2017-13-18 08:28:09", "%Y-%m-%d %H:%M:%S"));
        assert!(!date_matches("[not completed]", "%Y-%m-%d %H:%M:%S"));
        assert_eq!((rank_importance(1), rank_importance(9)), (5, 1));
        assert!(is_negative_code("-1") && !is_negative_code("-") && !is_negative_code("3"));
    }
}
