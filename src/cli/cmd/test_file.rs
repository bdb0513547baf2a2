//! Errors in rule test files (`rules/tests/*.toml`) at their line and column, with "did you
//! mean": the cases are expanded from JSON-like data (`rules::cases`), which has no positions,
//! so a file whose `[[case]]` entries do not deserialize is read again here with toml, whose
//! errors carry the span of the bad key or value.

use serde::Deserialize;

use crate::cli::config::line_column;
use crate::diag::did_you_mean;
use crate::rules::cases::Case;

/// The shape of a test file, for located errors only (`[[table]]` rows are checked after
/// expansion, where their row number names them).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    #[serde(default)]
    #[allow(dead_code)]
    case: Vec<Case>,
    #[serde(default)]
    #[allow(dead_code)]
    table: Vec<toml::Value>,
}

/// `file:line:col: message` (and "did you mean") for the first error toml finds in a test
/// file's `[[case]]` entries, or `None` when toml finds none.
pub(crate) fn located_error(text: &str, file: &str) -> Option<String> {
    let error = toml::from_str::<TestFile>(text).err()?;
    let message = error.message().trim().to_string();
    let hint = suggestion(&message)
        .map(|best| format!(" (did you mean `{best}`?)"))
        .unwrap_or_default();
    Some(match error.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("{file}:{line}:{column}: {message}{hint}")
        }
        None => format!("{file}: {message}{hint}"),
    })
}

/// The closest expected name in a serde or key message: "unknown field `expec`, expected one
/// of `name`, `expect`" and "expected a priority (must, should), found \"mst\"".
fn suggestion(message: &str) -> Option<String> {
    let (found, expected): (&str, Vec<&str>) = if let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    {
        let (found, rest) = rest.split_once('`')?;
        let list = rest.split_once("expected ")?.1;
        let list = list.strip_prefix("one of ").unwrap_or(list);
        (
            found,
            list.split(", ").map(|s| s.trim_matches('`')).collect(),
        )
    } else {
        let (head, found) = message.rsplit_once(", found \"")?;
        let found = found.strip_suffix('"')?;
        let list = head.rsplit_once('(')?.1.strip_suffix(')')?;
        (found, list.split(", ").collect())
    };
    did_you_mean(found, expected).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_line_column_and_a_suggestion() {
        let text = "[[case]]\nname = \"a\"\nexpect.services = { risk_management = \"mst\" }\n";
        let e = located_error(text, "t.toml").unwrap();
        assert!(e.starts_with("t.toml:3:39: expected a priority"), "{e}");
        assert!(e.ends_with("(did you mean `must`?)"), "{e}");
        let text = "[[case]]\nname = \"a\"\nexpec = { profile = { lean = \"balanced\" } }\n";
        let e = located_error(text, "t.toml").unwrap();
        assert!(e.starts_with("t.toml:3:1: unknown field `expec`"), "{e}");
        assert!(e.ends_with("(did you mean `expect`?)"), "{e}");
        let text = "[[case]]\nname = \"a\"\nexpect.services = { risk_management = { priority = \"must\", horizn = \"short\" } }\n";
        let e = located_error(text, "t.toml").unwrap();
        assert!(e.contains("unknown field `horizn`"), "{e}");
        assert!(e.ends_with("(did you mean `horizon`?)"), "{e}");
        assert!(!e.contains("untagged"), "{e}");
        assert_eq!(located_error("[[case]]\nname = \"a\"\n", "t.toml"), None);
    }
}
