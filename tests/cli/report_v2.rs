//! Issue 13 (report v2) on the bundled sample: the body pages read without rule locations,
//! every figure carries its n, what customers wrote is grouped by theme, the briefs say where
//! the plan goes against a group's ask, and the JSON carries the data behind them.

use crate::support::Case;

const PERIOD_DIR: &str = "reports/2026-Q3";
const ORGS: [&str; 3] = ["harbor-construction", "lumen-software", "northwind-health"];

/// The text of each page, in order.
fn pages(case: &Case, rel: &str) -> Vec<String> {
    let doc = lopdf::Document::load_mem(&case.bytes(rel)).expect("a parseable PDF");
    doc.get_pages()
        .keys()
        .map(|&p| crate::pdf_reader::text(&doc, &[p]))
        .collect()
}

/// Lower-cased with whitespace removed: extraction drops or adds spaces where lines wrap.
fn squash(text: &str) -> String {
    text.to_lowercase().replace(char::is_whitespace, "")
}

fn json(case: &Case, org: &str) -> serde_json::Value {
    serde_json::from_str(&case.read(&format!("{PERIOD_DIR}/{org}.json"))).unwrap()
}

#[test]
fn issue_13_body_pages_carry_no_rule_locations_and_read_plainly() {
    let case = Case::sample().args(["run"]);
    let run = case.run().expect_code(0);
    assert!(
        !run.stdout().contains("controlling control"),
        "{}",
        run.stdout()
    );
    for org in ORGS {
        let pages = pages(&case, &format!("{PERIOD_DIR}/{org}.pdf"));
        let appendix = pages
            .iter()
            .position(|p| p.contains("Every decision the rules made for this organization"))
            .unwrap_or_else(|| panic!("{org}: no reasons trace"));
        assert!(appendix > 3, "{org}: appendix on page {}", appendix + 1);
        for (i, page) in pages[..appendix].iter().enumerate() {
            for needle in [".rhai:", ".csv line", "controlling control"] {
                assert!(
                    !page.contains(needle),
                    "{org}: page {} shows {needle:?}:\n{page}",
                    i + 1
                );
            }
        }
        let body = pages[..appendix].concat();
        // Body reasons point at their trace entry, and the entry exists with its rule.
        let trace = pages[appendix..].concat();
        assert!(squash(&body).contains("(a.1") || squash(&body).contains(",a.1"));
        assert!(trace.contains("A.1 "), "{org}: numbered trace entries");
        assert!(
            trace.contains(".rhai:"),
            "{org}: the trace keeps rule locations"
        );
        // No doubled message: a reason does not restate the regulation it follows.
        assert!(
            !squash(&body).contains("calls for more control; regulatory intensity"),
            "{org}"
        );
    }
}

#[test]
fn issue_13_customers_chapter_shows_themes_quotes_and_confidence() {
    let case = Case::sample().args(["run", "--group-briefs"]);
    case.run().expect_code(0);
    let northwind = pages(&case, &format!("{PERIOD_DIR}/northwind-health.pdf")).concat();
    let text = squash(&northwind);
    for needle in [
        "What customers said",
        "Every comment fits at least one theme.",
        "Bureaucracy and overhead",
        "Skills and training",
        // The shortest sentence showing the reporting burden, quoted.
        "\u{201C}Please stop asking for status in four different spreadsheets.\u{201D}",
        // n beside figures, a small-sample mark and its legend, promoters and detractors.
        "(n = ",
        "Portfolio managers (n = 2) *",
        "* indicative only (under 5 answers)",
        "\u{2212}61: 2 P, 13 D",
        "P promoters, D detractors",
        // The trend charts' labels and the changes table carry n too.
        "Project managers 1.8 (n 16)",
        "All 2.2 (n 63)",
        "(\u{2212}0.38); n 16 \u{2192}",
    ] {
        assert!(
            text.contains(&squash(needle)),
            "northwind: missing {needle:?}"
        );
    }
    // The summary's alerts keep every group's own figure.
    assert!(!text.contains(&squash("more groups")), "northwind");
    assert!(
        text.contains(&squash(
            "also program managers \u{2212}57, executives \u{2212}100"
        )),
        "northwind: the other groups' NPS"
    );
    // Comments that fit no theme are counted.
    let harbor = pages(&case, &format!("{PERIOD_DIR}/harbor-construction.pdf")).concat();
    assert!(squash(&harbor).contains(&squash("1 comment fits no theme of the lexicon.")));

    // Harbor's executives rank customer relationships high; the plan leaves the services
    // that serve it for later (start small), and their brief says so.
    let brief = pages(
        &case,
        &format!("{PERIOD_DIR}/harbor-construction/briefs/executive.pdf"),
    )
    .concat();
    for needle in [
        "Where the plan differs from what you asked",
        "You rated improved project customer relationships 4.6/5, among your top outcomes",
        "come only when capacity allows",
        "Your group rated its satisfaction with the project support they get today",
    ] {
        assert!(
            squash(&brief).contains(&squash(needle)),
            "harbor brief: missing {needle:?}"
        );
    }

    for org in ORGS {
        let v = json(&case, org);
        let themes = v["comment_themes"].as_array().unwrap();
        assert!(!themes.is_empty(), "{org}: comment themes");
        for t in themes {
            let count = t["count"].as_u64().unwrap();
            let by_group: u64 = t["groups"]
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_u64().unwrap())
                .sum();
            assert_eq!(count, by_group, "{org}: {t}");
            let examples = t["examples"].as_array().unwrap();
            assert!((1..=2).contains(&examples.len()), "{org}: {t}");
            assert!(examples
                .iter()
                .all(|e| e["text"].as_str().unwrap().len() <= 120 * 4));
        }
        assert!(v["comments_unthemed"].is_u64(), "{org}");
        for s in v["services"].as_array().unwrap() {
            let sum: f64 = s["score_components"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["points"].as_f64().unwrap())
                .sum();
            let score = s["score"].as_f64().unwrap();
            assert!(
                (sum - score).abs() < 0.05,
                "{org}: {} {sum} vs {score}",
                s["key"]
            );
        }
        for g in v["groups"].as_array().unwrap() {
            for field in [
                "promoters",
                "detractors",
                "nps_answers",
                "satisfaction_answers",
            ] {
                assert!(g[field].is_u64(), "{org}: group field {field}");
            }
        }
    }
}

#[test]
fn issue_13_peers_compare_an_organization_with_a_pmo_and_explain_one_without() {
    let case = Case::sample().args(["run"]);
    case.run().expect_code(0);
    let northwind = squash(&pages(&case, &format!("{PERIOD_DIR}/northwind-health.pdf")).concat());
    for needle in [
        "Compared with peers",
        "Satisfaction (1\u{2013}5) 2.2 (n = 63) 2.7 / 3.2 / 3.7 bottom quarter of peers",
        "Healthcare, medium (row 6)",
    ] {
        assert!(
            northwind.contains(&squash(needle)),
            "northwind: missing {needle:?}"
        );
    }
    let harbor = squash(&pages(&case, &format!("{PERIOD_DIR}/harbor-construction.pdf")).concat());
    assert!(harbor.contains(&squash("Compared with peers")));
    assert!(harbor.contains(&squash("but it is not used here: there is no PMO yet")));
    assert!(
        !harbor.contains(&squash("Peers p25 / p50 / p75")),
        "harbor compares nothing"
    );
    // The JSON carries the same comparison.
    let v = json(&case, "northwind-health");
    let peers: pmo_advisor::report::json::PeersJson =
        serde_json::from_value(v["peers"].clone()).expect("peers round-trip");
    assert!(peers.compared);
    assert_eq!(peers.measures.len(), 3);
    assert_eq!(peers.measures[0].quartiles, [2.7, 3.2, 3.7]);
    assert_eq!(peers.measures[0].standing, "bottom quarter of peers");
    let v = json(&case, "harbor-construction");
    assert_eq!(v["peers"]["compared"], false);
    assert!(v["peers"]["measures"].as_array().unwrap().is_empty());
    // The benchmark is an input of the period: hashed into the manifest.
    assert!(case
        .read(&format!("{PERIOD_DIR}/manifest.json"))
        .contains("data/sample/benchmark.csv"));
}

#[test]
fn issue_13_a_bad_benchmark_cell_stops_the_run_naming_file_row_and_column() {
    let case = Case::sample()
        .edit("data/sample/benchmark.csv", |text| {
            text.replacen("all,all,nps,-20,", "all,all,nps,minus twenty,", 1)
        })
        .args(["run"]);
    let run = case.run().expect_code(4);
    let stderr = run.stderr();
    assert!(
        stderr.contains("I009")
            && stderr.contains("benchmark.csv row 3, column 4 \"p25\"")
            && stderr
                .contains("expected a number from -100 to 100 for nps, found \"minus twenty\""),
        "{stderr}"
    );
    assert!(!case.path().join(PERIOD_DIR).join("manifest.json").exists());
}

#[test]
fn issue_13_a_scope_the_baseline_does_not_state_is_not_asked_to_be_confirmed() {
    // Harbor's baseline without its coverage scope: the rules fall back to their default,
    // and the sponsor is asked to agree a scope, not to confirm an assumed one.
    let case = Case::sample()
        .edit("data/sample/baseline.csv", |t| {
            t.replace(",functional,program_project,", ",functional,,")
        })
        .args(["run"]);
    case.run().expect_code(0);
    let ask = json(&case, "harbor-construction")["decisions"]["decisions"][0]["ask"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ask.starts_with(
            "Set up a PMO and its scope (the baseline does not state one; the rules assumed a"
        ),
        "{ask}"
    );
    // Where the baseline states it, the scope is asked as it stands.
    let ask = json(&case, "northwind-health")["decisions"]["decisions"][0]["ask"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ask.starts_with("Confirm the PMO's mandate with an enterprise-wide scope"),
        "{ask}"
    );
}
