//! Periods as history: the sample's three consecutive quarters, the no-op re-run, the
//! refusal to overwrite without `--force`, what a forced run records, and `--shard`/`merge`
//! equivalence with an unsharded run, byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::Case;

const PERIODS: [&str; 3] = ["2026-Q1", "2026-Q2", "2026-Q3"];

/// Every file below `dir` with its bytes, by relative path.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn manifest(case: &Case, period: &str) -> serde_json::Value {
    serde_json::from_str(&case.read(&format!("reports/{period}/manifest.json"))).unwrap()
}

#[test]
fn a_fresh_run_back_fills_the_earlier_periods_in_order() {
    let case = Case::sample().args(["run"]);
    let run = case.run().expect_code(0);
    let err = run.stderr();
    let q1 = err.find("2026-Q1: no results").expect(&err);
    let q2 = err.find("2026-Q2: no results").expect(&err);
    assert!(q1 < q2, "{err}");
    for period in PERIODS {
        let m = manifest(&case, period);
        assert_eq!(m["period"], period);
        assert!(m.get("replaces").is_none());
        let inputs = m["inputs"].to_string();
        let expected = if period == "2026-Q3" {
            "data/sample/customers.csv".to_string()
        } else {
            format!("data/sample/{period}/customers.csv")
        };
        assert!(inputs.contains(&expected), "{period}: {inputs}");
        for org in ["harbor-construction", "lumen-software", "northwind-health"] {
            let json: serde_json::Value =
                serde_json::from_str(&case.read(&format!("reports/{period}/{org}.json"))).unwrap();
            assert_eq!(json["period"], period);
        }
    }
    // The latest period's report shows the history; the first has none to show.
    let text = |period: &str| {
        let doc = lopdf::Document::load(
            case.path()
                .join(format!("reports/{period}/northwind-health.pdf")),
        )
        .unwrap();
        crate::pdf_text::extract(&doc)
    };
    let q3 = text("2026-Q3");
    for heading in ["Changes since last period", "Trends across periods"] {
        assert!(q3.contains(heading), "2026-Q3 lacks {heading}");
        assert!(!text("2026-Q1").contains(heading), "2026-Q1 has {heading}");
    }
    assert!(
        q3.contains("2026-Q1") && q3.contains("2026-Q2"),
        "trend axes name the periods"
    );
    assert!(
        q3.contains("Since 2026-Q2"),
        "the changes are against the previous period"
    );
    // The headline lines on stdout are the asked-for period's only.
    assert_eq!(run.stdout().lines().count(), 3, "{}", run.stdout());
}

#[test]
fn the_same_inputs_again_are_a_no_op_that_says_so() {
    let case = Case::sample().args(["run"]);
    case.run().expect_code(0);
    let before = tree(&case.path().join("reports"));
    let again = case.run().expect_code(0);
    assert!(
        again.stderr().contains("2026-Q3: up to date"),
        "{}",
        again.stderr()
    );
    assert!(!again.stderr().contains("wrote"), "{}", again.stderr());
    assert_eq!(tree(&case.path().join("reports")), before);
}

#[test]
fn other_inputs_need_force_and_the_manifest_keeps_what_it_replaced() {
    let case = Case::sample().args(["run"]);
    case.run().expect_code(0);
    let old = manifest(&case, "2026-Q3");
    let case = case.edit("rules/20_services.rhai", |t| format!("{t}\n// reviewed\n"));
    let refused = case.run().expect_code(2);
    let err = refused.stderr();
    assert!(err.contains("error[C004]"), "{err}");
    assert!(err.contains("rules/20_services.rhai changed"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(manifest(&case, "2026-Q3"), old, "nothing was touched");

    let forced = case;
    let run = forced.run_with(&["run", "--force"]).expect_code(0);
    assert!(
        run.stderr().contains("2026-Q3: replacing the results"),
        "{}",
        run.stderr()
    );
    let new = manifest(&forced, "2026-Q3");
    assert_eq!(new["replaces"]["rules_version"], old["rules_version"]);
    assert_eq!(new["replaces"]["rules"], old["rules"]);
    assert_ne!(new["rules_version"], old["rules_version"]);
    // Earlier periods are history: a rule edit does not rewrite them.
    assert!(manifest(&forced, "2026-Q1").get("replaces").is_none());
}

#[test]
fn a_rule_error_leaves_the_period_as_it_was() {
    let case = Case::sample().args(["run"]);
    case.run().expect_code(0);
    let before = tree(&case.path().join("reports"));
    // The script fails at run time for one organization only, after others were rendered.
    let case = case.file(
        "rules/99_fails_for_lumen.rhai",
        "if org.id == \"lumen-software\" { throw \"no data for lumen\"; }\n",
    );
    let run = case.run_with(&["run", "--force"]).expect_code(3);
    assert!(
        run.stderr().contains("no data for lumen"),
        "{}",
        run.stderr()
    );
    assert!(
        tree(&case.path().join("reports")) == before,
        "reports changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(case.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".pmo-advisor.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_lost_output_is_restored_without_force() {
    let case = Case::sample().args(["run"]);
    case.run().expect_code(0);
    let pdf = case.bytes("reports/2026-Q3/lumen-software.pdf");
    std::fs::remove_file(case.path().join("reports/2026-Q3/lumen-software.pdf")).unwrap();
    let run = case.run().expect_code(0);
    assert!(
        run.stderr().contains("1 missing (lumen-software.pdf)"),
        "{}",
        run.stderr()
    );
    assert_eq!(case.bytes("reports/2026-Q3/lumen-software.pdf"), pdf);
}

#[test]
fn shards_merged_equal_an_unsharded_run_byte_for_byte() {
    let case = Case::sample();
    case.run_with(&["run", "--period", "2026-Q3", "--out", "whole"])
        .expect_code(0);
    // Shards run from the same checkout into separate roots, as CI runners would.
    for k in 1..=3 {
        let out = format!("shard{k}");
        case.run_with(&[
            "run",
            "--period",
            "2026-Q3",
            "--shard",
            &format!("{k}/3"),
            "--out",
            &out,
        ])
        .expect_code(0);
        let m: serde_json::Value =
            serde_json::from_str(&case.read(&format!("{out}/2026-Q3/manifest.json"))).unwrap();
        assert_eq!(m["shard"]["index"], k);
        assert_eq!(m["shard"]["count"], 3);
        assert!(
            !case
                .path()
                .join(format!("{out}/2026-Q3/summary.md"))
                .exists(),
            "a shard writes no summary"
        );
    }
    let merge = [
        "merge",
        "shard3/2026-Q3",
        "shard1/2026-Q3",
        "shard2/2026-Q3",
        "--out",
        "merged",
    ];
    let run = case.run_with(&merge).expect_code(0);
    assert!(
        run.stderr()
            .contains("merged 3 shard(s), 3 organization(s)"),
        "{}",
        run.stderr()
    );
    let merged = tree(&case.path().join("merged/2026-Q3"));
    assert_eq!(merged.len(), 8, "{:?}", merged.keys());
    assert!(
        merged == tree(&case.path().join("whole/2026-Q3")),
        "merged shards differ from the unsharded run"
    );
    // Merging again is a no-op; a missing shard is named and nothing is written.
    let again = case.run_with(&merge).expect_code(0);
    assert!(again.stderr().contains("up to date"), "{}", again.stderr());
    let partial = case
        .run_with(&[
            "merge",
            "shard1/2026-Q3",
            "shard3/2026-Q3",
            "--out",
            "partial",
        ])
        .expect_code(2);
    assert!(
        partial.stderr().contains("2/3 missing"),
        "{}",
        partial.stderr()
    );
    assert!(!case.path().join("partial").exists());
}

#[test]
fn merge_refuses_a_folder_that_is_not_a_shard() {
    let case = Case::sample();
    case.run_with(&["run", "--period", "2026-Q3"])
        .expect_code(0);
    let run = case
        .run_with(&["merge", "reports/2026-Q3", "--out", "merged"])
        .expect_code(4);
    assert!(run.stderr().contains("not a shard"), "{}", run.stderr());
}
