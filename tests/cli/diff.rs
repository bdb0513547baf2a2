//! `pmo-advisor diff` between periods: formats, result folders, defaults, `--fail-on-change`
//! exit codes and missing periods. The bundled sample back-fills 2026-Q1 and 2026-Q2 before
//! 2026-Q3, so one `run` gives three periods to compare.

use crate::support::{Case, Run};

/// Runs the binary in the case's folder (the case stays usable for the next command).
pub fn pmo(case: &Case, args: &[&str]) -> Run {
    case.run_with(args)
}

/// A scratch copy of the sample with its three periods run into `reports/`.
fn three_periods() -> Case {
    let case = Case::sample();
    pmo(&case, &["run", "-q"]).expect_code(0);
    case
}

#[test]
fn diff_defaults_to_the_last_two_periods_in_every_format() {
    let case = three_periods();
    let human = pmo(&case, &["diff"]).expect_code(0).stdout();
    assert!(
        human.starts_with("Changes from 2026-Q2 to 2026-Q3\n"),
        "{human}"
    );
    assert!(human.contains("3 organization(s) in both"), "{human}");
    assert!(human.contains("Kinds of change: "), "{human}");

    let json = pmo(
        &case,
        &[
            "diff", "--base", "2026-Q1", "--head", "2026-Q3", "--format", "json",
        ],
    )
    .expect_code(0)
    .stdout();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["base"], "2026-Q1");
    assert_eq!(doc["head"], "2026-Q3");
    let orgs = doc["organizations"].as_array().unwrap();
    let ids: Vec<&str> = orgs.iter().map(|o| o["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "organizations in id order");
    for o in orgs {
        assert_eq!(o["base_period"], "2026-Q1");
        assert_eq!(o["head_period"], "2026-Q3");
        for p in o["priorities"].as_array().unwrap() {
            let dir = p["direction"].as_str().unwrap();
            assert!(dir == "rose" || dir == "fell");
        }
    }
    assert!(!doc["kinds"].as_array().unwrap().is_empty());

    let markdown = pmo(&case, &["diff", "--format", "markdown"])
        .expect_code(0)
        .stdout();
    assert!(
        markdown.starts_with(
            "## Changes from 2026-Q2 to 2026-Q3\n\n| Organization | Changes |\n|---|---|\n"
        ),
        "{markdown}"
    );

    // Result folders instead of periods: the same diff, labelled by folder.
    let by_dir = pmo(
        &case,
        &[
            "diff",
            "--base",
            "reports/2026-Q2",
            "--head",
            "reports/2026-Q3",
            "--format",
            "json",
        ],
    )
    .expect_code(0)
    .stdout();
    let dir_doc: serde_json::Value = serde_json::from_str(&by_dir).unwrap();
    assert_eq!(dir_doc["base"], "reports/2026-Q2");
    let by_period = pmo(&case, &["diff", "--format", "json"])
        .expect_code(0)
        .stdout();
    let period_doc: serde_json::Value = serde_json::from_str(&by_period).unwrap();
    assert_eq!(dir_doc["organizations"], period_doc["organizations"]);

    // A period against itself: nothing changed.
    let same = pmo(&case, &["diff", "--base", "2026-Q3", "--head", "2026-Q3"])
        .expect_code(0)
        .stdout();
    assert!(same.ends_with("No change.\n"), "{same}");
}

#[test]
fn fail_on_change_sets_the_exit_code_and_missing_periods_are_usage_errors() {
    let case = three_periods();
    let kinds: Vec<String> = {
        let json = pmo(&case, &["diff", "--format", "json"])
            .expect_code(0)
            .stdout();
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        doc["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect()
    };
    assert!(kinds.contains(&"priority".to_string()), "{kinds:?}");
    let run = pmo(
        &case,
        &["diff", "--fail-on-change", "organization_added,priority"],
    )
    .expect_code(1);
    assert!(run.stderr().contains("priority"), "{}", run.stderr());
    pmo(&case, &["diff", "--fail-on-change", "organization_removed"]).expect_code(0);
    pmo(&case, &["diff", "--fail-on-change", "any"]).expect_code(1);
    pmo(
        &case,
        &[
            "diff",
            "--base",
            "2026-Q3",
            "--head",
            "2026-Q3",
            "--fail-on-change",
            "any",
        ],
    )
    .expect_code(0);
    let bad = pmo(&case, &["diff", "--fail-on-change", "priorty"]).expect_code(2);
    assert!(
        bad.stderr().contains("expected a change kind"),
        "{}",
        bad.stderr()
    );

    let missing = pmo(&case, &["diff", "--base", "2025-Q4"]).expect_code(2);
    assert!(
        missing.stderr().contains("no results for 2025-Q4")
            && missing.stderr().contains("2026-Q1, 2026-Q2, 2026-Q3"),
        "{}",
        missing.stderr()
    );
    let nonsense = pmo(&case, &["diff", "--head", "lastquarter"]).expect_code(2);
    assert!(
        nonsense.stderr().contains("expected a period"),
        "{}",
        nonsense.stderr()
    );
    let empty = pmo(&case, &["diff", "--out", "nowhere"]).expect_code(2);
    assert!(
        empty.stderr().contains("no periods under nowhere"),
        "{}",
        empty.stderr()
    );
}

#[test]
fn a_broken_result_names_its_file_and_field() {
    let case = three_periods();
    let path = case.path().join("reports/2026-Q2/lumen-software.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("\"priority\": \"", "\"priority\": \"x", 1),
    )
    .unwrap();
    // Issue 12: a period whose files no longer match its manifest is refused as damaged.
    let run = pmo(&case, &["diff"]).expect_code(4);
    let err = run.stderr();
    assert!(err.contains("does not match its manifest"), "{err}");
    assert!(err.contains("1 changed (lumen-software.json)"), "{err}");
    // Without a manifest (results downloaded from elsewhere) the file is parsed, and the
    // error names the file and the field.
    std::fs::remove_file(case.path().join("reports/2026-Q2/manifest.json")).unwrap();
    let run = pmo(
        &case,
        &["diff", "--base", "reports/2026-Q2", "--head", "2026-Q3"],
    )
    .expect_code(4);
    let err = run.stderr();
    assert!(err.contains("lumen-software.json"), "{err}");
    assert!(err.contains("services[0].priority"), "{err}");
}

/// A service's share of the top score in a result, and the group's approach, set by hand.
fn set_service(doc: &mut serde_json::Value, index: usize, priority: &str, share: f64) {
    let s = &mut doc["services"][index];
    s["priority"] = priority.into();
    s["share"] = share.into();
}

#[test]
fn a_label_change_within_the_margin_is_reported_as_unchanged_and_context_moves_are_named() {
    let case = three_periods();
    let text = case.read("reports/2026-Q3/lumen-software.json");
    let base: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut base = base;
    // Two offered services: the first changes label on a share move of 0.03 (within the
    // 0.05 margin), the second on a move of 0.25 (a real rise).
    let offered: Vec<usize> = base["services"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, s)| ["should", "could"].contains(&s["priority"].as_str().unwrap()))
        .map(|(i, _)| i)
        .take(2)
        .collect();
    let key = |i: usize| base["services"][i]["key"].as_str().unwrap().to_string();
    let (noise, rise) = (key(offered[0]), key(offered[1]));
    set_service(&mut base, offered[0], "should", 0.72);
    set_service(&mut base, offered[1], "could", 0.40);
    let mut head = base.clone();
    set_service(&mut head, offered[0], "must", 0.75);
    set_service(&mut head, offered[1], "should", 0.65);
    // A baseline input moved: the diff lists it beside the results it may explain.
    head["baseline"] = serde_json::json!({ "change_readiness": 4.5 });
    base["baseline"] = serde_json::json!({ "change_readiness": 3.0 });
    for (dir, doc) in [("cmp/base", &base), ("cmp/head", &head)] {
        std::fs::create_dir_all(case.path().join(dir)).unwrap();
        std::fs::write(
            case.path().join(dir).join("lumen-software.json"),
            serde_json::to_string_pretty(doc).unwrap(),
        )
        .unwrap();
    }
    let args = |format: &'static str| {
        [
            "diff", "--base", "cmp/base", "--head", "cmp/head", "--format", format,
        ]
    };

    let json = pmo(&case, &args("json")).expect_code(0).stdout();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let org = &doc["organizations"][0];
    assert_eq!(
        org["priorities_within_margin"][0]["service"],
        noise.as_str(),
        "{json}"
    );
    assert_eq!(org["priorities_within_margin"][0]["share"]["head"], 0.75);
    let rose: Vec<&str> = org["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["service"].as_str().unwrap())
        .collect();
    assert_eq!(rose, [rise.as_str()], "{json}");
    assert_eq!(org["baseline_inputs"][0]["input"], "change_readiness");
    let kinds = doc["kinds"].as_array().unwrap();
    assert!(kinds.contains(&"priority_within_margin".into()), "{json}");

    let human = pmo(&case, &args("human")).expect_code(0).stdout();
    assert!(
        human.contains(&format!(
            "{noise} should \u{2192} must, but its share of the top score moved only 0.72 \u{2192} 0.75, within the 0.05 borderline margin: unchanged within the margin"
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!("{rise} rose from could to should")),
        "{human}"
    );
    assert!(
        human.contains("baseline change readiness 3 \u{2192} 4.5"),
        "{human}"
    );
    assert!(!human.contains(&format!("{noise} rose")), "{human}");

    let markdown = pmo(&case, &args("markdown")).expect_code(0).stdout();
    assert!(
        markdown.contains("unchanged within the margin"),
        "{markdown}"
    );

    // Only the within-margin move left: `--fail-on-change priority` does not fire on it.
    set_service(&mut head, offered[1], "could", 0.40);
    std::fs::write(
        case.path().join("cmp/head/lumen-software.json"),
        serde_json::to_string_pretty(&head).unwrap(),
    )
    .unwrap();
    let mut quiet = args("json").to_vec();
    quiet.extend(["--fail-on-change", "priority"]);
    pmo(&case, &quiet).expect_code(0);
}
