//! Unit tests of `history::results`: results rendered by the real renderer from the bundled
//! sample, read back.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::*;
use crate::ingest::{read_catalog, read_surveys, IngestOptions, Sources};
use crate::model::period::{Period, ReportDate};
use crate::model::service::ServiceKey;
use crate::report::{Paper, ReportContext};
use crate::rules::{RuleSet, RuleSettings};

/// Each sample organization's JSON result, as `run` renders it, in id order.
fn sample_results() -> Vec<(String, Vec<u8>)> {
    let catalog = Arc::new(read_catalog(Path::new("data/catalog")).unwrap());
    let rules = RuleSet::load(
        Path::new("rules"),
        Arc::clone(&catalog),
        RuleSettings::default(),
    )
    .unwrap();
    let sources = Sources {
        customers: "data/sample/customers.csv".into(),
        baseline: Some("data/sample/baseline.csv".into()),
        service_maturity: Some("data/sample/service_maturity.csv".into()),
    };
    let surveys = read_surveys(&sources, &catalog, &IngestOptions::default()).unwrap();
    let period = Period::parse("2026-Q3").unwrap();
    let ctx = ReportContext {
        catalog: &catalog,
        period,
        date: ReportDate {
            epoch_seconds: period.end_epoch_seconds(),
        },
        rules_version: "abc123",
        tool_version: "0.1.0",
        paper: Paper::A4,
        fte_cost: None,
    };
    surveys
        .organizations
        .values()
        .map(|input| {
            let rec = rules.evaluate(input).unwrap();
            (
                input.id.to_string(),
                crate::report::render_json(&ctx, input, &rec),
            )
        })
        .collect()
}

#[test]
fn a_rendered_result_reads_back_with_its_values() {
    let results = sample_results();
    assert!(results.len() >= 2);
    for (id, bytes) in &results {
        let snap = parse_result(bytes, &format!("{id}.json")).unwrap();
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(&snap.id, id);
        assert_eq!(snap.period.to_string(), "2026-Q3");
        assert_eq!(snap.rules_version, "abc123");
        assert_eq!(snap.services.len(), ServiceKey::COUNT);
        assert_eq!(snap.groups.len(), doc["groups"].as_array().unwrap().len());
        assert_eq!(snap.alerts.len(), doc["alerts"].as_array().unwrap().len());
        let first = &doc["services"][0];
        let key = ServiceKey::parse(first["key"].as_str().unwrap()).unwrap();
        let service = &snap.services[&key];
        assert_eq!(service.score, first["score"].as_f64().unwrap());
        assert_eq!(
            service.priority.as_str(),
            first["priority"].as_str().unwrap()
        );
        assert_eq!(service.share, first["share"].as_f64());
        assert!(
            service.share.is_some(),
            "schema_version 2 carries the share"
        );
        assert_eq!(
            snap.baseline_inputs.change_readiness,
            doc["baseline"]["change_readiness"].as_f64()
        );
        let rule = service.reasons[0].rule.as_ref().unwrap();
        assert_eq!(
            rule.file,
            first["reasons"][0]["rule"]["file"].as_str().unwrap()
        );
        let mix = snap.profile.category_mix[&ServiceCategory::Strategic];
        assert_eq!(
            mix,
            doc["profile"]["category_mix"]["strategic"]
                .as_f64()
                .unwrap()
        );
        assert_eq!(
            snap.baseline_pm_maturity,
            doc["baseline"]["pm_maturity"].as_f64()
        );
        assert_eq!(
            snap.rows.read,
            doc["data_quality"]["rows_read"].as_u64().unwrap()
        );
    }
    // Some sample organization has a service-maturity assessment.
    let any_maturity = results
        .iter()
        .any(|(id, b)| !parse_result(b, id).unwrap().category_maturity.is_empty());
    assert!(any_maturity);
}

fn edited(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(bytes).unwrap();
    edit(&mut doc);
    serde_json::to_vec(&doc).unwrap()
}

#[test]
fn errors_name_the_file_and_the_field() {
    let (_, bytes) = &sample_results()[0];
    let bad = edited(bytes, |d| d["services"][3]["priority"] = "mustt".into());
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert!(
        err.starts_with("acme.json: services[3].priority: "),
        "{err}"
    );
    assert!(err.contains("expected a priority"), "{err}");

    let bad = edited(bytes, |d| {
        d["organization"].as_object_mut().unwrap().remove("id");
    });
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert_eq!(err, "acme.json: organization.id: missing field");

    let bad = edited(bytes, |d| d["groups"] = 3.into());
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert_eq!(err, "acme.json: groups: expected an array, found a number");

    let bad = edited(bytes, |d| d["period"] = "2026-Q7".into());
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert!(
        err.starts_with("acme.json: period: expected a period"),
        "{err}"
    );

    let bad = edited(bytes, |d| d["schema_version"] = 99.into());
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert!(err.contains("newer pmo-advisor"), "{err}");

    let err = parse_result(b"{\n  \"a\": ", "acme.json").unwrap_err();
    assert!(matches!(err, ResultsError::Syntax { line: 2, .. }), "{err}");
}

#[test]
fn errors_deep_in_the_result_name_the_whole_path() {
    let (_, bytes) = &sample_results()[0];
    let bad = edited(bytes, |d| d["groups"][0]["approach"] = "bossy".into());
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert!(
        err.starts_with("acme.json: groups[0].approach: expected an approach"),
        "{err}"
    );
    let bad = edited(bytes, |d| {
        d["services"][2]["reasons"][0]["rule"]["line"] = "ten".into()
    });
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert_eq!(
        err,
        "acme.json: services[2].reasons[0].rule.line: expected a number, found a string"
    );
    let bad = edited(bytes, |d| d["data_quality"]["issues"] = "none".into());
    let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
    assert_eq!(
        err,
        "acme.json: data_quality.issues: expected an array, found a string"
    );
    for version in [0, 3] {
        let bad = edited(bytes, |d| d["schema_version"] = version.into());
        let err = parse_result(&bad, "acme.json").unwrap_err().to_string();
        assert_eq!(
            err,
            format!("acme.json: schema_version: expected a schema_version from 1 to 2, found {version} (written by a newer pmo-advisor?)")
        );
    }
    let err = parse_result(&[bytes.as_slice(), b"{}"].concat(), "acme.json").unwrap_err();
    assert!(matches!(err, ResultsError::Syntax { .. }), "{err}");
}

#[test]
fn the_findings_are_counted_and_the_report_types_read_back_what_they_wrote() {
    for (id, bytes) in &sample_results() {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        let snap = parse_result(bytes, id).unwrap();
        let issues = doc["data_quality"]["issues"].as_array().unwrap().len();
        assert_eq!(snap.findings, issues as u64);
        let json: crate::report::json::ReportJson = serde_json::from_slice(bytes).unwrap();
        assert_eq!(json.advice.len(), doc["advice"].as_array().unwrap().len());
        assert_eq!(
            json.governance.is_some(),
            !doc["governance"].is_null(),
            "{id}"
        );
        assert_eq!(
            serde_json::to_value(&json.services).unwrap(),
            doc["services"],
            "a service reads back to the same JSON"
        );
        assert_eq!(
            serde_json::to_value(&json.baseline).unwrap(),
            doc["baseline"]
        );
    }
}

#[test]
fn unknown_fields_are_ignored() {
    let (id, bytes) = &sample_results()[0];
    let extra = edited(bytes, |d| d["trend"] = "later field".into());
    assert_eq!(
        parse_result(&extra, id).unwrap(),
        parse_result(bytes, id).unwrap()
    );
}

#[test]
fn a_schema_version_1_result_without_the_fields_version_2_added_still_reads() {
    let (id, bytes) = &sample_results()[0];
    let old = edited(bytes, |d| {
        d["schema_version"] = 1.into();
        for s in d["services"].as_array_mut().unwrap() {
            s.as_object_mut().unwrap().remove("share");
        }
        d["baseline"] = serde_json::json!({ "pm_maturity": 2.5 });
        // Fields schema_version 2 added.
        for field in ["unasked_outcomes", "advice", "governance"] {
            d.as_object_mut().unwrap().remove(field);
        }
        d["profile"].as_object_mut().unwrap().remove("lean");
        for s in d["services"].as_array_mut().unwrap() {
            let s = s.as_object_mut().unwrap();
            s.remove("borderline");
            s.remove("actions");
        }
        for g in d["groups"].as_array_mut().unwrap() {
            let g = g.as_object_mut().unwrap();
            for field in [
                "satisfaction_answers",
                "nps_answers",
                "promoters",
                "detractors",
            ] {
                g.remove(field);
            }
        }
    });
    let snap = parse_result(&old, id).unwrap();
    assert!(snap.services.values().all(|s| s.share.is_none()));
    assert_eq!(snap.baseline_inputs, Default::default());
    assert_eq!(snap.baseline_pm_maturity, Some(2.5));
}

/// A manifest for `dir` listing `outputs` with the hashes of the files there (empty bytes for
/// a file that is not there), and two inputs.
fn manifest(period: &str, dir: &Path, outputs: &[&str]) -> Vec<u8> {
    let period = crate::model::period::Period::parse(period).unwrap();
    let date = ReportDate {
        epoch_seconds: period.end_epoch_seconds(),
    };
    let mut m = crate::report::Manifest::new("0.1.0", period, date, "abc");
    m.add_input("b.csv", b"11");
    m.add_input("a.csv", b"222");
    for name in outputs {
        m.add_output(*name, &std::fs::read(dir.join(name)).unwrap_or_default());
    }
    crate::report::render_manifest(&m)
}

#[test]
fn period_folders_list_in_order_and_read_their_results() {
    let root = tempfile::tempdir().unwrap();
    let results = sample_results();
    let q3 = root.path().join("2026-Q3");
    std::fs::create_dir_all(q3.join("x/briefs")).unwrap();
    let mut outputs = vec!["summary.md", "x/briefs/executive.pdf"];
    for (id, bytes) in results.iter().rev() {
        std::fs::write(q3.join(format!("{id}.json")), bytes).unwrap();
    }
    let names: Vec<String> = results.iter().map(|(id, _)| format!("{id}.json")).collect();
    outputs.extend(names.iter().map(String::as_str));
    std::fs::write(q3.join("summary.md"), "# summary").unwrap();
    std::fs::write(q3.join("x/briefs/executive.pdf"), "%PDF").unwrap();
    std::fs::write(q3.join("manifest.json"), manifest("2026-Q3", &q3, &outputs)).unwrap();
    // An incomplete later period, an earlier one, and folders that are not periods.
    let q4 = root.path().join("2026-Q4");
    std::fs::create_dir_all(&q4).unwrap();
    std::fs::write(q4.join(format!("{}.json", results[0].0)), &results[0].1).unwrap();
    std::fs::create_dir_all(root.path().join("2025-Q4")).unwrap();
    std::fs::write(
        root.path().join("2025-Q4/manifest.json"),
        manifest("2025-Q4", root.path(), &[]),
    )
    .unwrap();
    std::fs::create_dir_all(root.path().join("drafts")).unwrap();
    std::fs::write(root.path().join("2027-Q1"), "a file, not a folder").unwrap();

    let listed = list_periods(root.path()).unwrap();
    let names: Vec<(String, bool)> = listed
        .iter()
        .map(|e| (e.period.to_string(), e.is_complete()))
        .collect();
    assert_eq!(
        names,
        [
            ("2025-Q4".to_string(), true),
            ("2026-Q3".to_string(), true),
            ("2026-Q4".to_string(), false)
        ]
    );
    let summary = listed[1].manifest().unwrap();
    assert_eq!(summary.outputs.len(), outputs.len());
    assert_eq!(summary.run.inputs[0].path, "a.csv");
    let ids: Vec<&str> = results.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(organizations(summary), ids);

    let period = read_period(&q3).unwrap();
    assert_eq!(period.period.unwrap().to_string(), "2026-Q3");
    let read_ids: Vec<&str> = period.organizations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(read_ids, ids);
    let incomplete = read_period(&q4).unwrap();
    assert!(incomplete.manifest.is_none());
    assert_eq!(incomplete.organizations.len(), 1);
    assert!(list_periods(&root.path().join("missing"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_result_the_manifest_lists_must_exist_and_parse() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("manifest.json"),
        manifest("2026-Q3", root.path(), &["gone.json"]),
    )
    .unwrap();
    let err = read_period(root.path()).unwrap_err().to_string();
    assert!(err.contains("1 missing (gone.json)"), "{err}");
    std::fs::write(root.path().join("gone.json"), "[]").unwrap();
    let err = read_period(root.path()).unwrap_err().to_string();
    assert!(err.contains("1 changed (gone.json)"), "{err}");
    std::fs::write(
        root.path().join("manifest.json"),
        manifest("2026-Q3", root.path(), &["gone.json"]),
    )
    .unwrap();
    let err = read_period(root.path()).unwrap_err().to_string();
    assert!(
        err.ends_with("gone.json: (document): expected an object, found an array"),
        "{err}"
    );
}

#[test]
fn one_damaged_manifest_marks_only_its_period_and_a_wrong_period_or_version_is_refused() {
    let root = tempfile::tempdir().unwrap();
    for period in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        let dir = root.path().join(period);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("manifest.json"), manifest(period, &dir, &[])).unwrap();
    }
    std::fs::write(root.path().join("2026-Q2/manifest.json"), "{ broken").unwrap();
    std::fs::write(
        root.path().join("2026-Q3/manifest.json"),
        manifest("2026-Q1", root.path(), &[]),
    )
    .unwrap();
    let listed = list_periods(root.path()).unwrap();
    assert!(listed[0].is_complete());
    assert!(
        matches!(&listed[1].manifest, ManifestState::Damaged(m) if m.contains("not valid JSON"))
    );
    assert!(
        matches!(&listed[2].manifest, ManifestState::Damaged(m) if m.contains("the manifest is for 2026-Q1, but its folder is 2026-Q3")),
        "{:?}",
        listed[2].manifest
    );
    let q1 = root.path().join("2026-Q1/manifest.json");
    let text = std::fs::read_to_string(&q1)
        .unwrap()
        .replace("\"schema_version\": 2", "\"schema_version\": 99");
    std::fs::write(&q1, text).unwrap();
    let err = read_manifest_file(&q1, None).unwrap_err().to_string();
    assert!(
        err.contains("schema_version: expected a schema_version from 1 to"),
        "{err}"
    );
}
