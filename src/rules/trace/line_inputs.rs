//! The input values a failing script line reads, for a runtime error's hint: a field after a
//! `.` on that line that names a baseline field, a group figure or a param is shown with this
//! organization's value (`baseline.regulatory_intensity = 5/5`), so the author sees the data
//! that broke the rule without running `explain`.

use std::collections::BTreeMap;

use crate::model::survey::OrganizationInput;
use crate::rules::trace::facts::input_facts;

/// Group values listed per figure before the rest are counted, to keep the hint one line.
const MAX_GROUPS: usize = 3;

/// The fields read after a `.` on `line`, in order, each once.
fn fields_read(line: &str) -> Vec<&str> {
    let mut fields: Vec<&str> = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'.' {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            let field = &line[start..end];
            if !field.is_empty()
                && !field.as_bytes()[0].is_ascii_digit()
                && !fields.contains(&field)
            {
                fields.push(field);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    fields
}

/// `name = value` for every input the line reads, or `None` when it reads none we know.
pub fn line_inputs(
    line: &str,
    input: &OrganizationInput,
    params: &BTreeMap<String, f64>,
) -> Option<String> {
    let facts = input_facts(input, None);
    let mut shown: Vec<String> = Vec::new();
    for field in fields_read(line) {
        if let Some(f) = facts
            .iter()
            .find(|f| f.name.strip_prefix("baseline.") == Some(field))
        {
            shown.push(format!("{} = {}", f.name, f.value));
            continue;
        }
        if line.contains(&format!("params.{field}")) {
            if let Some(v) = params.get(field) {
                shown.push(format!("params.{field} = {v}"));
            }
            continue;
        }
        let per_group: Vec<String> = facts
            .iter()
            .filter(|f| f.name.split_once('.').is_some_and(|(_, n)| n == field))
            .filter(|f| !f.name.starts_with("baseline."))
            .map(|f| format!("{} = {}", f.name, f.value))
            .collect();
        if !per_group.is_empty() {
            let more = per_group.len().saturating_sub(MAX_GROUPS);
            let mut text = per_group[..per_group.len().min(MAX_GROUPS)].join(", ");
            if more > 0 {
                text.push_str(&format!(" (and {more} more groups)"));
            }
            shown.push(text);
        }
    }
    (!shown.is_empty()).then(|| shown.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_after_a_dot_are_read_once_and_numbers_are_not_fields() {
        assert_eq!(
            fields_read(
                "if b.regulatory_intensity >= 4.5 && b.industry == org.baseline.industry {"
            ),
            ["regulatory_intensity", "industry", "baseline"]
        );
    }
}
