//! `pmo-advisor run` on the bundled sample: files, JSON contents, PDF contents, determinism.

use crate::support::Case;

const PERIOD_DIR: &str = "reports/2026-Q3";
const ORGS: [&str; 3] = ["harbor-construction", "lumen-software", "northwind-health"];

fn sample_run() -> Case {
    let case = Case::sample().args(["run"]);
    case.run().expect_code(0);
    case
}

fn json(case: &Case, org: &str) -> serde_json::Value {
    serde_json::from_str(&case.read(&format!("{PERIOD_DIR}/{org}.json"))).unwrap()
}

#[test]
fn writes_a_pdf_and_a_json_per_organization_and_a_manifest() {
    let case = sample_run();
    let mut names: Vec<String> = std::fs::read_dir(case.path().join(PERIOD_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = ORGS
        .iter()
        .flat_map(|o| [format!("{o}.json"), format!("{o}.pdf")])
        .collect();
    expected.push("manifest.json".into());
    expected.push("summary.md".into());
    expected.sort();
    assert_eq!(names, expected, "no temporary or extra files");
}

/// The line per organization on stdout names the scope as the cover does, not as the JSON
/// key (`program_project`).
#[test]
fn stdout_names_each_organization_s_scope_in_words() {
    let case = Case::sample().args(["run"]);
    let run = case.run().expect_code(0);
    let out = run.stdout();
    assert!(
        out.contains("harbor-construction: 40 respondents; program or project scope"),
        "{out}"
    );
    assert!(
        out.contains("; enterprise-wide scope, controlling PMO;"),
        "{out}"
    );
    assert!(!out.contains("program_project"), "{out}");
}

/// The summary says how many selected services each category has, as the JSON lists them:
/// counts add up where rounded shares did not (6, 4 and 6 of 16 read "38%, 25%, 38%").
#[test]
fn the_summary_counts_each_organization_s_services_per_category() {
    let case = sample_run();
    let summary = case.read(&format!("{PERIOD_DIR}/summary.md"));
    let profiles: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("**Profile:**"))
        .collect();
    assert_eq!(profiles.len(), ORGS.len(), "{summary}");
    for org in ORGS {
        let v = json(&case, org);
        let name = v["organization"]["name"].as_str().unwrap();
        let count = |category: &str| {
            v["services"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["priority"] != "not_now" && s["category"] == category)
                .count()
        };
        let [s, t, o] = ["strategic", "tactical", "operational"].map(count);
        let expected = format!(
            "its {} services are {s} strategic, {t} tactical and {o} operational",
            s + t + o
        );
        let section = summary
            .split("\n## ")
            .find(|s| s.starts_with(name))
            .unwrap();
        assert!(section.contains(&expected), "{org}: {expected}\n{section}");
        assert!(!section.contains("% strategic"), "{section}");
    }
}

#[test]
fn json_results_carry_the_documented_fields() {
    let case = sample_run();
    for org in ORGS {
        let v = json(&case, org);
        assert!(v["schema_version"].is_number(), "{org}: schema_version");
        let services = v["services"].as_array().unwrap();
        assert_eq!(services.len(), 26, "{org}: all 26 services");
        for s in services {
            for field in ["key", "category", "score", "priority", "reasons"] {
                assert!(!s[field].is_null(), "{org}: service field {field}");
            }
            let priority = s["priority"].as_str().unwrap();
            assert!(["must", "should", "could", "not_now"].contains(&priority));
            assert!(
                !s["reasons"].as_array().unwrap().is_empty(),
                "{org}: every decision has a reason"
            );
        }
        let groups = v["groups"].as_array().unwrap();
        assert!(!groups.is_empty());
        for g in groups {
            for field in ["key", "respondents", "approach", "top_outcomes", "reasons"] {
                assert!(!g[field].is_null(), "{org}: group field {field}");
            }
        }
        for field in [
            "coverage_scope",
            "category_mix",
            "control_level",
            "labels",
            "reasons",
        ] {
            assert!(
                !v["profile"][field].is_null(),
                "{org}: profile field {field}"
            );
        }
        let dq = &v["data_quality"];
        let read = dq["rows_read"].as_u64().unwrap();
        let used = dq["rows_used"].as_u64().unwrap();
        let rejected = dq["rows_rejected"].as_u64().unwrap();
        assert_eq!(read, used + rejected, "{org}: rows are conserved");
        assert!(v["alerts"].is_array());
    }
}

#[test]
fn the_sample_organizations_come_out_clearly_different() {
    let case = sample_run();
    let musts = |org: &str| -> Vec<String> {
        json(&case, org)["services"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["priority"] == "must")
            .map(|s| s["key"].as_str().unwrap().to_string())
            .collect()
    };
    let health = musts("northwind-health");
    let software = musts("lumen-software");
    assert_ne!(health, software);
    let approaches = |org: &str| -> Vec<String> {
        json(&case, org)["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["approach"].as_str().unwrap().to_string())
            .collect()
    };
    assert_ne!(approaches("northwind-health"), approaches("lumen-software"));
}

#[test]
fn deliberate_data_problems_are_reported_with_file_row_and_column() {
    let case = Case::sample().args(["run"]);
    let run = case.run().expect_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("customers.csv row "), "{stderr}");
    assert!(stderr.contains(", column "), "{stderr}");
    let v = json(&case, "northwind-health");
    let all_issues: usize = ORGS
        .iter()
        .map(|o| {
            json(&case, o)["data_quality"]["issues"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert!(all_issues >= 3, "the sample's deliberate problems show up");
    let _ = v;
}

/// An organization no customer row counts for gets no report, and says why: one only the
/// baseline names, and one whose every customer row was rejected.
#[test]
fn an_organization_without_customer_answers_gets_a_warning_not_a_report() {
    let case = Case::sample()
        .edit("data/sample/baseline.csv", |text| {
            text + "delta-corp,Delta Corp,energy,2000,3,matrix,enterprise,consensus,3,3,3,growing,yes,advisory,strategic_alignment\n"
        })
        .edit("data/sample/customers.csv", |text| {
            let blanks = ",".repeat(31);
            text + format!("G1,ghost-org,clinical_lead{blanks}\nG2,ghost-org,nurse{blanks}\n").as_str()
        })
        .args(["run"]);
    let run = case.run().expect_code(0);
    let stderr = run.stderr();
    assert!(
        stderr.contains("warning[I121]: data/sample/customers.csv: organization `delta-corp` is named by the baseline, but by no customer-survey row: no report is written for it (its other rows count as rejected)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "organization `ghost-org`: none of its 2 customer-survey row(s) could be used"
        ),
        "{stderr}"
    );
    // delta-corp's baseline row was used for no report.
    assert!(
        stderr.contains("baseline.csv: 11 row(s) read, 10 used, 1 rejected"),
        "{stderr}"
    );
    for org in ["delta-corp", "ghost-org"] {
        assert!(
            !case.path().join(format!("{PERIOD_DIR}/{org}.pdf")).exists(),
            "{org}"
        );
        assert!(!run.stdout().contains(org), "{}", run.stdout());
        assert!(!case.read(&format!("{PERIOD_DIR}/summary.md")).contains(org));
    }
    for org in ORGS {
        assert!(
            case.path().join(format!("{PERIOD_DIR}/{org}.pdf")).exists(),
            "{org}"
        );
    }
    // A warning like the others: --strict fails on it.
    case.run_with(&["run", "--strict", "--force"])
        .expect_code(4);
}

#[test]
fn strict_turns_findings_into_exit_code_4_and_writes_nothing() {
    let case = Case::sample().args(["run", "--strict"]);
    let run = case.run().expect_code(4);
    assert!(run.stderr().contains("--strict"), "{}", run.stderr());
    assert!(!case.path().join(PERIOD_DIR).exists());
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let a = Case::sample().args(["run"]);
    a.run().expect_code(0);
    let b = Case::sample().args(["run", "--jobs", "1"]);
    b.run().expect_code(0);
    for org in ORGS {
        for ext in ["json", "pdf"] {
            let name = format!("{PERIOD_DIR}/{org}.{ext}");
            assert!(
                a.bytes(&name) == b.bytes(&name),
                "{name} differs between runs"
            );
        }
    }
    assert_eq!(
        a.read(&format!("{PERIOD_DIR}/manifest.json")),
        b.read(&format!("{PERIOD_DIR}/manifest.json"))
    );
}

#[test]
fn source_date_epoch_sets_the_report_date() {
    let case = Case::sample()
        .args(["run"])
        .env("SOURCE_DATE_EPOCH", "1790000000");
    case.run().expect_code(0);
    let text = case.read(&format!("{PERIOD_DIR}/lumen-software.json"));
    assert!(text.contains("2026-09-21"), "date from SOURCE_DATE_EPOCH");
}

#[test]
fn manifest_hashes_every_input_and_output() {
    let case = sample_run();
    let manifest: serde_json::Value =
        serde_json::from_str(&case.read(&format!("{PERIOD_DIR}/manifest.json"))).unwrap();
    let text = manifest.to_string();
    for needle in [
        "customers.csv",
        "baseline.csv",
        "service_maturity.csv",
        "pmo-advisor.toml",
        "tables/approach_by_maturity.csv",
        ".rhai",
        "max_operations",
    ] {
        assert!(text.contains(needle), "manifest mentions {needle}: {text}");
    }
    for org in ORGS {
        assert!(
            text.contains(&format!("{org}.pdf")),
            "manifest lists {org}.pdf"
        );
    }
}

#[test]
fn fail_on_gates_on_alert_levels() {
    let case = Case::sample().args(["run", "--fail-on", "info"]);
    case.run().expect_code(1);
}

#[test]
fn pdf_reports_contain_the_sections_services_and_groups() {
    let case = sample_run();
    let bytes = case.bytes(&format!("{PERIOD_DIR}/northwind-health.pdf"));
    let doc = lopdf::Document::load_mem(&bytes).expect("a parseable PDF");
    let pages = doc.get_pages();
    assert!(pages.len() >= 5, "a real report, got {} pages", pages.len());
    let fonts_embedded = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .any(|d| d.has(b"FontFile2"));
    assert!(fonts_embedded, "the font is embedded");
    // Lower-cased, spaces removed: extraction drops the space where a line wrapped.
    let text = crate::pdf_text::extract(&doc)
        .to_lowercase()
        .replace(char::is_whitespace, "");
    let needles = [
        "Executive summary",
        "Service portfolio",
        "Approach matrix",
        "Data quality",
        "Method",
        "Portfolio management",
        "Project managers",
        "Northwind",
    ];
    for needle in needles {
        let needle = needle.to_lowercase().replace(' ', "");
        assert!(text.contains(&needle), "PDF text contains {needle:?}");
    }
}

/// The headline results of every sample organization: one reviewable snapshot that changes
/// when rules, catalog or sample change, and shows how.
#[test]
fn sample_results_snapshot() {
    let case = sample_run();
    let mut summary = String::new();
    for org in ORGS {
        let v = json(&case, org);
        summary.push_str(&format!("== {org}\n"));
        summary.push_str(&format!(
            "profile: {} scope, {} control, labels {}\n",
            v["profile"]["coverage_scope"].as_str().unwrap(),
            v["profile"]["control_level"].as_str().unwrap(),
            v["profile"]["labels"]
        ));
        for s in v["services"].as_array().unwrap() {
            summary.push_str(&format!(
                "service {:<42} {:>7} {}\n",
                s["key"].as_str().unwrap(),
                s["score"],
                s["priority"].as_str().unwrap()
            ));
        }
        for g in v["groups"].as_array().unwrap() {
            summary.push_str(&format!(
                "group {:<20} n={:<3} approach {}\n",
                g["key"].as_str().unwrap(),
                g["respondents"],
                g["approach"].as_str().unwrap()
            ));
        }
        for a in v["alerts"].as_array().unwrap() {
            summary.push_str(&format!(
                "alert {} {} {}\n",
                a["level"].as_str().unwrap(),
                a["code"].as_str().unwrap(),
                a["group"].as_str().unwrap_or("-")
            ));
        }
    }
    insta::assert_snapshot!("sample_results", summary);
    // The whole JSON of one organization, byte for byte.
    insta::assert_snapshot!(
        "lumen_software_json",
        case.read(&format!("{PERIOD_DIR}/lumen-software.json"))
    );
}

#[test]
fn the_reports_read_as_method_v2_advice() {
    // Issue 10 in the sample's own reports: a draft to validate, remedies before services in a
    // crisis, governance chosen by the rules, and no "PMO NPS" where there is no PMO.
    let case = sample_run();
    let text = |org: &str| {
        let doc =
            lopdf::Document::load(case.path().join(format!("{PERIOD_DIR}/{org}.pdf"))).unwrap();
        crate::pdf_text::extract(&doc)
    };
    let northwind = text("northwind-health");
    for expected in [
        "What to do first (a draft to validate with each customer group)",
        "Run a PMO health check with each customer group first",
        "Chosen by the rules: fitted to enterprise coverage",
        "Fortnightly steering meetings until satisfaction recovers",
        "Demand and cut-offs are our formulas",
    ] {
        assert!(northwind.contains(expected), "northwind: {expected}");
    }
    let harbor = text("harbor-construction");
    assert!(harbor.contains("the project support they get today"));
    assert!(!harbor.contains("the PMO an NPS"));
    assert!(harbor.contains("Start small"));
    let v = json(&case, "northwind-health");
    assert_eq!(v["schema_version"], 2);
    assert!(v["governance"]["cadence"]
        .as_str()
        .unwrap()
        .starts_with("fortnightly"));
    assert!(v["advice"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["code"] == "health_check"));
    assert_eq!(v["profile"]["lean"], "tactical");
    let now = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["priority"] == "must" || s["priority"] == "should")
        .count();
    assert!(now <= 7, "{now}");
    // The mandate and the stated strategy: read by the baseline table and the charter, and a
    // strategy that customers rank low goes to the sponsor as an alert.
    for expected in [
        "PMO mandate",
        "Stated strategy",
        "Authority",
        "Delegated by executives",
    ] {
        assert!(northwind.contains(expected), "northwind: {expected}");
    }
    let conflict = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "strategy_conflict")
        .expect("northwind's strategy conflict");
    assert!(conflict["reason"]["text"]
        .as_str()
        .unwrap()
        .contains("customers of low project-management maturity (2/5)"));
    assert_eq!(v["baseline"]["mandate"], "delegated");
    let lumen = json(&case, "lumen-software");
    assert!(!lumen["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["code"] == "strategy_conflict"));
}
