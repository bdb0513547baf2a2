//! Every example of docs/rules.md runs (issue 14): Rhai blocks are added to the sample rules and
//! must pass `check` with nothing reported in them; config snippets must load; decision-table
//! blocks must parse and analyse clean; test-file blocks must parse and pass. The "add an
//! alert" recipe names the existing cases it breaks, and this test keeps that list true.

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use support::{root, Case};

/// Variables the snippets use as the rules define them (`b`, a group `g`, a service list).
const PRELUDE: &str =
    "let b = org.baseline;\nlet g = \"executive\";\nlet control_services = [\"risk_management\"];\n";

/// The fenced blocks of docs/rules.md: (language, first line number, text).
fn blocks() -> Vec<(String, usize, String)> {
    let text = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<(String, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => current = Some((lang.trim().to_string(), i + 2, String::new())),
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some((_, _, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn json(run: &support::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()))
}

#[test]
fn every_rhai_example_passes_check() {
    let rhai: Vec<_> = blocks().into_iter().filter(|b| b.0 == "rhai").collect();
    assert!(rhai.len() >= 4, "examples missing: {}", rhai.len());
    for (_, line, body) in rhai {
        let run = Case::sample()
            .file("rules/99_doc.rhai", &format!("{PRELUDE}{body}"))
            .run_with(&["check", "--format", "json"]);
        let v = json(&run);
        assert_eq!(v["ok"], true, "docs/rules.md:{line}: {v:#}");
        let reported: Vec<_> = ["errors", "warnings"]
            .iter()
            .flat_map(|k| v[k].as_array().unwrap().clone())
            .filter(|d| d["location"]["file"] == "rules/99_doc.rhai")
            .collect();
        assert!(reported.is_empty(), "docs/rules.md:{line}: {reported:#?}");
    }
}

#[test]
fn every_config_table_and_test_file_example_is_valid() {
    let mut seen = (0, 0, 0);
    for (lang, line, body) in blocks() {
        let config = std::fs::read_to_string(root().join("pmo-advisor.toml")).unwrap();
        if lang == "toml" && body.contains("[rules.params]") {
            seen.0 += 1;
            // The example's `[rules.group_weights]` replaces the sample's (a table appears once):
            // the sample's runs to the next table header.
            let start = config.find("[rules.group_weights]").unwrap();
            let end = config[start + 1..]
                .find("\n[")
                .map_or(config.len(), |e| start + 2 + e);
            let config = format!("{}{}\n{body}", &config[..start], &config[end..]);
            Case::sample()
                .file("pmo-advisor.toml", &config)
                .run_with(&["check"])
                .expect_code(0);
        } else if lang == "text" && body.contains("# hit:") {
            seen.1 += 1;
            let run = Case::sample()
                .file("rules/tables/doc_example.csv", &body)
                .run_with(&["check", "--format", "json"]);
            let v = json(&run);
            let table: Vec<_> = v["errors"]
                .as_array()
                .unwrap()
                .iter()
                .chain(v["warnings"].as_array().unwrap())
                .filter(|d| d["location"]["file"] == "rules/tables/doc_example.csv")
                .cloned()
                .collect();
            assert!(table.is_empty(), "docs/rules.md:{line}: {table:#?}");
        } else if lang == "toml" && (body.contains("[[case]]") || body.contains("[[table]]")) {
            seen.2 += 1;
            let run = Case::sample()
                .file("rules/tests/doc_example.toml", &body)
                .run_with(&["test", "rules/tests/doc_example.toml"]);
            assert_eq!(
                run.code(),
                0,
                "docs/rules.md:{line}: {}{}",
                run.stdout(),
                run.stderr()
            );
        }
    }
    assert!(seen.0 >= 1 && seen.1 >= 2 && seen.2 >= 2, "{seen:?}");
}

/// The cases `pmo-advisor test` fails once the "add an alert" recipe is in 50_alerts.rhai:
/// the recipe lists them, so an author knows what to update.
const CASES_THE_ALERT_RECIPE_BREAKS: &[&str] = &[
    "a healthy organization raises no alert",
    "no baseline warns and skips the baseline adjustments",
    "scenario alerts",
    "a group that rated nothing gets no top outcomes and no note",
];

#[test]
fn the_add_an_alert_recipe_names_the_cases_to_update() {
    let doc = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let recipe = &doc[doc.find("**Add an alert.**").unwrap()..];
    let recipe = &recipe[..recipe.find("\n\n**").unwrap()];
    let code = recipe
        .split("```rhai\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let run = Case::sample()
        .edit("rules/50_alerts.rhai", |t| format!("{t}\n{code}"))
        .run_with(&["test", "--format", "json"]);
    let v = json(&run);
    let mut failing: Vec<String> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "pass")
        .map(|c| {
            let name = c["name"].as_str().unwrap();
            name.split(" [").next().unwrap().to_string()
        })
        .collect();
    failing.sort();
    failing.dedup();
    let mut expected: Vec<String> = CASES_THE_ALERT_RECIPE_BREAKS
        .iter()
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    assert_eq!(failing, expected);
    let recipe = recipe.replace('\n', " ");
    for name in CASES_THE_ALERT_RECIPE_BREAKS {
        assert!(
            recipe.contains(&format!("\"{name}\"")),
            "the recipe does not name {name:?}"
        );
    }
}
