//! What a starter mapping suggests from what `inspect` saw (issue 15): the `complete` line
//! when a status or finished column is there, and `unselected = 1` for a "pick what
//! matters" multi-select. Lines are TOML comments: the analyst decides, nothing is guessed
//! into a setting.

use crate::ingest::profile::{ColumnKind, ColumnProfile, FileProfile};

/// Column names (letters and digits, lower-cased) that mark complete responses.
const MARKER_NAMES: [&str; 6] = [
    "status",
    "finished",
    "complete",
    "completed",
    "responsestatus",
    "submitted",
];

/// Values that mean "complete" in such a column, in order of preference.
const COMPLETE_VALUES: [&str; 6] = [
    "complete",
    "completed",
    "finished",
    "true",
    "submitted",
    "1",
];

/// Commented lines for `incomplete = "reject"` with the `complete` marker, when a column
/// looks like one; `selector` writes a column's inline selector.
pub(crate) fn completion_lines(
    p: &FileProfile,
    selector: impl Fn(&ColumnProfile) -> Option<String>,
) -> Vec<String> {
    let Some((c, sel)) = first_column(p, |c| is_marker_name(&c.name), selector) else {
        return Vec::new();
    };
    let complete = COMPLETE_VALUES
        .iter()
        .find_map(|v| c.examples.iter().find(|e| e.eq_ignore_ascii_case(v)))
        .or(c.examples.first())
        .map_or("…", String::as_str);
    let any_of = toml::Value::String(complete.to_string());
    let inner = inline(&sel);
    vec![
        format!(
            "# Column {} {:?} looks like a completion marker (values: {}).",
            c.column,
            c.name,
            c.examples.join(" | ")
        ),
        "# To leave out partial responses (I132), uncomment and check the value:".to_string(),
        "# incomplete = \"reject\"".to_string(),
        format!("# complete = {{ {inner}, any_of = [{any_of}] }}"),
    ]
}

/// The first column that `wanted` accepts and `selector` can name, with its selector.
fn first_column(
    p: &FileProfile,
    wanted: impl Fn(&ColumnProfile) -> bool,
    selector: impl Fn(&ColumnProfile) -> Option<String>,
) -> Option<(&ColumnProfile, String)> {
    p.columns
        .iter()
        .filter(|c| wanted(c))
        .find_map(|c| Some((c, selector(c)?)))
}

/// `{ column = "x" }` as the key-value text inside the braces.
fn inline(selector: &str) -> &str {
    selector
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim()
}

fn is_marker_name(name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    MARKER_NAMES.contains(&squashed.as_str())
}

/// A commented `[[choices]]` block with `unselected = 1` for the first multi-select column:
/// every option of a "pick what matters" question was shown, so one not picked means "less
/// important", not "not answered".
pub(crate) fn choices_lines(
    p: &FileProfile,
    selector: impl Fn(&ColumnProfile) -> Option<String>,
) -> Vec<String> {
    let multi = |c: &ColumnProfile| c.kind == ColumnKind::MultiSelect;
    let Some((c, sel)) = first_column(p, multi, selector) else {
        return Vec::new();
    };
    // One column per option (SurveyMonkey): the question selects them all.
    let inner = if sel.starts_with("{ question") {
        format!("question = {}", toml::Value::String(c.question.clone()))
    } else {
        inline(&sel).to_string()
    };
    let mut options: Vec<&str> = Vec::new();
    for example in &c.examples {
        let parts = match &c.split {
            Some(sep) => example.split(sep.as_str()).map(str::trim).collect(),
            None => vec![example.as_str()],
        };
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            if !options.contains(&part) {
                options.push(part);
            }
        }
    }
    let options: Vec<String> = options
        .iter()
        .map(|o| {
            format!(
                "{} = \"<outcome key>\"",
                toml::Value::String((*o).to_string())
            )
        })
        .collect();
    let mut lines = vec![
        format!(
            "# Column {} is a multi-select. For a \"pick what matters\" question every option was",
            c.column
        ),
        "# shown, so one not picked means \"less important\", not \"not answered\": unselected = 1.".to_string(),
        "# [[choices]]".to_string(),
        format!("# {inner}"),
    ];
    if let Some(sep) = &c.split {
        lines.push(format!("# split = {}", toml::Value::String(sep.clone())));
    }
    lines.push(format!("# options = {{ {} }}", options.join(", ")));
    lines.push("# unselected = 1".to_string());
    lines
}

#[cfg(test)]
mod tests {
    use crate::cli::cmd::inspect::starter_mapping;
    use crate::cli::cmd::inspect::tests::profile_of;
    use crate::ingest::mapping::Mapping;

    #[test]
    fn issue_15_a_status_column_suggests_the_complete_line() {
        let mut text = String::from("Response ID,Time Started,Status,Which matter?\n");
        for i in 0..20 {
            let status = ["Complete", "Partial"][i % 2];
            let picks = ["Budget;Risk", "Risk", "Budget"][i % 3];
            text.push_str(&format!("{i},2024-01-01 10:00:00,{status},{picks}\n"));
        }
        let toml = starter_mapping("t.csv", &profile_of(&text));
        assert!(
            toml.contains("# complete = { column = \"Status\", any_of = [\"Complete\"] }"),
            "{toml}"
        );
        assert!(toml.contains("# incomplete = \"reject\""), "{toml}");
        assert!(toml.contains("# unselected = 1"), "{toml}");
        assert!(toml.contains("# split = \";\""), "{toml}");
        assert!(toml.contains("\"Budget\" = \"<outcome key>\""), "{toml}");
        // Uncommented, the suggestion is a valid mapping.
        let uncommented = toml
            .replace("# incomplete", "incomplete")
            .replace("# complete", "complete");
        let mapping = Mapping::from_toml(&uncommented, "starter").unwrap();
        assert_eq!(mapping.complete.unwrap().any_of, ["Complete"]);
    }

    #[test]
    fn issue_15_limesurvey_code_and_text_headings_emit_the_code() {
        let p = profile_of(
            "\"id. Response ID\",\"submitdate. Date submitted\",\"lastpage. Last page\",\"startlanguage. Start language\",\"role. Your role?\"\n\"1\",\"2020-01-01 10:00:00\",\"2\",\"en\",\"PM\"\n\"2\",\"\",\"1\",\"en\",\"Exec\"\n",
        );
        let toml = starter_mapping("t.csv", &p);
        assert!(
            toml.contains("respondent_id = { column = \"id\" }"),
            "{toml}"
        );
        assert!(toml.contains("{ column = \"role\" }"), "{toml}");
        assert!(
            toml.contains("Your role?"),
            "the text stays visible: {toml}"
        );
    }
}
