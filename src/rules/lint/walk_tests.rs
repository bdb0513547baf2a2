//! Tests of `walk.rs`.

use super::*;
use crate::model::service::ServiceKey;
use crate::rules::lint::{NEVER_PRIORITIZED, UNKNOWN_TABLE};

fn lint(text: &str) -> Vec<(String, u32, u32, String)> {
    let mut context = LintContext::default();
    context.params.insert("must_cutoff".into());
    let mut facts = Facts::default();
    lint_ast("t.rhai", text, &context, &mut facts)
        .into_iter()
        .map(|d| match d.location {
            crate::diag::Location::Script { line, column, .. } => {
                (d.code.to_string(), line, column, d.message)
            }
            _ => (d.code.to_string(), 0, 0, d.message),
        })
        .collect()
}

#[test]
fn unknown_keys_in_literals_and_list_variables() {
    let found = lint("recommend(\"risk_managment\", \"must\", \"x\");\nlet l = [\"quality_assurance\", \"audti\"];\nadd_scores(l, 1, \"y\");\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].2),
        ("L001", 1, 11)
    );
    assert_eq!((found[1].1, found[1].2), (2, 31));
}

#[test]
fn unknown_fields_through_aliases_and_indexes() {
    let found = lint("let b = org.baseline;\nlet x = b.industy;\nfor g in org.group_keys { let s = org.groups[g].satisfation; }\nlet p = params.must_cutof;\n");
    let codes: Vec<(u32, &str)> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(
        codes,
        [
            (2, "unknown baseline field `industy`"),
            (3, "unknown group field `satisfation`"),
            (4, "unknown parameter `must_cutof`")
        ]
    );
}

#[test]
fn constant_conditions_shadowing_and_blank_reasons() {
    let found = lint("if false { let a = 1; }\nif 1 > 2 { let c = 2; }\nlet a = 1;\nif a > 0 { let a = 2; }\nnote_group(\"executive\", \"  \");\n");
    let codes: Vec<(&str, u32)> = found.iter().map(|f| (f.0.as_str(), f.1)).collect();
    assert_eq!(
        codes,
        [("L003", 1), ("L003", 2), ("L005", 4), ("L006", 5)],
        "{found:?}"
    );
}

#[test]
fn services_no_rule_prioritizes_are_listed_once_for_the_rule_set() {
    let context = LintContext::default();
    let mut facts = Facts::default();
    lint_ast(
        "a.rhai",
        "recommend(\"risk_management\", \"must\", \"x\");\n",
        &context,
        &mut facts,
    );
    let found = facts.finish("rules");
    assert_eq!(found.len(), ServiceKey::COUNT - 1);
    assert!(found.iter().all(|d| d.code == NEVER_PRIORITIZED));
    assert!(!found
        .iter()
        .any(|d| d.message.contains("`risk_management`")));
    // `prioritize_services` sets every priority; a computed service name could be any.
    for text in [
        "prioritize_services(#{ must: 0.7, should: 0.5, could: 0.3 });",
        "for s in services() { recommend(s, \"could\", \"x\"); }",
    ] {
        let mut facts = Facts::default();
        lint_ast("a.rhai", text, &context, &mut facts);
        assert!(facts.finish("rules").is_empty(), "{text}");
    }
}

#[test]
fn the_default_rules_are_clean() {
    let dir = std::path::Path::new("rules");
    let found = crate::rules::lint::check_rule_set(dir, "rules");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn table_column_calls_name_what_does_not_fit_the_table() {
    let mut context = LintContext::default();
    for (name, text) in [
        ("allowed", "# hit: first\nin:service,out:allowed\n-,x\n"),
        (
            "shifts",
            "# hit: collect\nin:service,in:risk,out:steps\n-,-,1\n",
        ),
    ] {
        let file = format!("rules/tables/{name}.csv");
        let table = crate::rules::table::parse_table(name, &file, text).unwrap();
        context.tables.tables.insert(name.into(), table);
    }
    let found = |text: &str| -> Vec<(u32, u32, String)> {
        lint_ast("t.rhai", text, &context, &mut Facts::default())
            .into_iter()
            .map(|d| {
                let crate::diag::Location::Script { line, column, .. } = d.location else {
                    panic!("{d:?}");
                };
                assert_eq!(d.code, UNKNOWN_TABLE);
                (
                    line,
                    column,
                    format!("{} ({})", d.message, d.hints.join("; ")),
                )
            })
            .collect()
    };
    assert_eq!(
        found("let a = table_column(\"alowed\", \"service\", [], \"allowed\");"),
        [(
            1,
            22,
            "unknown decision table `alowed` (did you mean `allowed`?)".into()
        )]
    );
    assert_eq!(
        found("let a = table_column(\"allowed\", \"servce\", [], \"alowed\");"),
        [
            (
                1,
                33,
                "table `allowed` has no input `servce` (did you mean `service`?)".into()
            ),
            (
                1,
                47,
                "table `allowed` has no output `alowed` (did you mean `allowed`?)".into()
            ),
        ]
    );
    assert_eq!(
        found("let a = table_column(\"shifts\", \"service\", [], \"steps\");"),
        [
            (1, 22, "table `shifts` has hit policy `collect` (`table_column` reads `first` and `unique` tables only; call `table` for every matching row)".into()),
            (1, 32, "table `shifts` has inputs besides `service`: `risk` (`table_column` sets one input; call `table` for a table of several inputs)".into()),
        ]
    );
    // Computed arguments are left to the run; a fitting call is clean.
    assert!(found("let i = \"x\"; let a = table_column(\"allowed\", i, [], i);").is_empty());
    assert!(
        found("let a = table_column(\"allowed\", \"service\", [\"a\"], \"allowed\");").is_empty()
    );
}
