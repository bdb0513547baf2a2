//! "Did you mean …?": the closest known name to a misspelt one, for every stage's hints
//! (unknown columns and choices in ingest, unknown keys in rule scripts, unknown flags' values).
//!
//! One implementation, so a typo gets the same suggestion whether it is in a CSV header, a
//! config file or a script.

/// Longer values get no suggestion (issue 11).
const MAX_SUGGESTED_BYTES: usize = 100;

/// The candidate closest to `found`, if it is close enough to be a likely typo.
///
/// Comparison ignores case and treats `_`, `-` and space alike. A candidate qualifies when its
/// edit distance is at most a third of its length (at least 2: a dropped letter or a swapped
/// pair), or when it contains `found` and `found` has 4 or more characters (`risk` →
/// `risk_management`). The smallest distance wins; ties go to the first candidate.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // No name is this long, and the edit distance is quadratic: a 50 MB cell took 49 s.
    if found.len() > MAX_SUGGESTED_BYTES {
        return None;
    }
    let found = normalize(found);
    if found.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let normalized = normalize(candidate);
        let distance = edit_distance(&found, &normalized);
        let limit = (normalized.chars().count() / 3).max(2);
        let contains = found.chars().count() >= 4 && normalized.contains(found.as_str());
        if (distance <= limit || contains) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Up to `max` distinct candidates near `found`, nearest first: within half their length in
/// edits, containing `found` (4 or more characters), or standing at its start (a LimeSurvey
/// code before its text: `id. Response ID` → `id`). For "did you mean" over column names,
/// where one near miss rarely tells which of several similar columns was meant.
pub fn nearest<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    if found.len() > MAX_SUGGESTED_BYTES {
        return Vec::new();
    }
    let found = normalize(found);
    if found.is_empty() {
        return Vec::new();
    }
    let mut ranked: Vec<(bool, usize, &'a str)> = Vec::new();
    for candidate in candidates {
        let normalized = normalize(candidate);
        if normalized.is_empty() || normalized.len() > MAX_SUGGESTED_BYTES {
            continue;
        }
        let distance = edit_distance(&found, &normalized);
        let near = distance <= (normalized.chars().count() / 2).max(2);
        let contains = found.chars().count() >= 4 && normalized.contains(found.as_str());
        let prefix = found.starts_with(normalized.as_str());
        if (near || contains || prefix) && !ranked.iter().any(|r| r.2 == candidate) {
            ranked.push((!(prefix || contains), distance, candidate));
        }
    }
    ranked.sort_by_key(|&(far, distance, _)| (far, distance));
    ranked.into_iter().take(max).map(|r| r.2).collect()
}

fn normalize(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if matches!(c, ' ' | '-') {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// The closest of `candidates` to `word` (lower-cased), when close enough to be a likely
/// typo: within a third of the candidate's length (at least 2 edits), or containing `word`
/// of 4 or more characters. Lint, decision tables and `explain` share it.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, c), *c))
        .filter(|(d, c)| {
            *d <= (c.len() / 3).max(2) || (c.contains(word.as_str()) && word.len() >= 4)
        })
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters; inputs are short labels, so O(n·m) is fine.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let keys = [
            "strategic_alignment",
            "higher_roi",
            "success_rates",
            "risk_management",
        ];
        assert_eq!(
            did_you_mean("strategic_alignmnt", keys),
            Some("strategic_alignment")
        );
        assert_eq!(did_you_mean("Success Rates", keys), Some("success_rates"));
        assert_eq!(
            did_you_mean("risk_managment", keys),
            Some("risk_management")
        );
        assert_eq!(did_you_mean("risk", keys), Some("risk_management"));
        assert_eq!(did_you_mean("weather", keys), None);
        assert_eq!(did_you_mean("", keys), None);
    }

    #[test]
    fn nearest_lists_close_names_and_codes_first() {
        let names = ["id", "submitdate", "lastpage", "Q1[SQ001]", "Q1[SQ002]"];
        assert_eq!(nearest("id. Response ID", names, 3), ["id"]);
        assert_eq!(nearest("Q1[SQ003]", names, 3), ["Q1[SQ001]", "Q1[SQ002]"]);
        assert_eq!(nearest("submit", names, 3), ["submitdate"]);
        assert!(nearest("weather", names, 3).is_empty());
    }

    #[test]
    fn distance_is_levenshtein() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
