//! The rules sandbox: compile errors, limits, imports, `eval`, strict variables and host-API
//! errors, each reported with the script, line and column and a stable code.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pmo_advisor::ingest::read_catalog;
use pmo_advisor::model::catalog::Catalog;
use pmo_advisor::model::organization::OrganizationId;
use pmo_advisor::model::survey::OrganizationInput;
use pmo_advisor::rules::{Limits, RuleError, RuleErrorKind, RuleSet, RuleSettings};

fn catalog() -> Arc<Catalog> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
    Arc::new(read_catalog(&dir).expect("the bundled catalog is valid"))
}

/// Writes `files` into a temporary `rules` folder and loads it.
fn load_with(
    files: &[(&str, &str)],
    limits: Limits,
) -> (tempfile::TempDir, Result<RuleSet, Vec<RuleError>>) {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir_all(rules.join("lib")).unwrap();
    for (name, text) in files {
        std::fs::write(rules.join(name), text).unwrap();
    }
    let settings = RuleSettings {
        limits,
        ..RuleSettings::default()
    };
    let set = RuleSet::load(&rules, catalog(), settings);
    (tmp, set)
}

fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<RuleSet, Vec<RuleError>>) {
    load_with(files, Limits::default())
}

fn org() -> OrganizationInput {
    OrganizationInput::new(OrganizationId::new("acme").unwrap())
}

fn load_errors(files: &[(&str, &str)]) -> Vec<RuleError> {
    match load(files).1 {
        Ok(_) => panic!("expected compile errors"),
        Err(errors) => errors,
    }
}

fn eval_error(files: &[(&str, &str)], limits: Limits) -> RuleError {
    let (_tmp, set) = load_with(files, limits);
    let set = set.unwrap_or_else(|e| panic!("compiles: {e:?}"));
    set.evaluate(&org()).expect_err("evaluation fails")
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let errors = load_errors(&[
        ("10_a.rhai", "let x = 1;\nlet y = ;\n"),
        ("20_b.rhai", "let ok = 1;\n"),
    ]);
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.code(), "R010");
    assert!(e.file().unwrap().ends_with("rules/10_a.rhai"), "{e}");
    assert_eq!((e.line(), e.column()), (Some(2), Some(9)));
    assert!(
        e.to_string().contains("rules/10_a.rhai:2:9: syntax error"),
        "{e}"
    );
}

#[test]
fn every_broken_file_is_reported() {
    let errors = load_errors(&[
        ("a.rhai", "let = 1;"),
        ("b.rhai", "fn ("),
        ("c.rhai", "1 + 1;"),
    ]);
    assert_eq!(errors.len(), 2);
    assert!(errors[0].file().unwrap().ends_with("a.rhai"));
    assert!(errors[1].file().unwrap().ends_with("b.rhai"));
}

#[test]
fn endless_loop_is_stopped_by_the_operation_budget() {
    let started = Instant::now();
    let e = eval_error(
        &[("loop.rhai", "let x = 0;\nloop {\n    x += 1;\n}\n")],
        Limits::default(),
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(e.kind(), RuleErrorKind::Limit);
    assert_eq!(e.code(), "R050");
    assert!(e.file().unwrap().ends_with("rules/loop.rhai"));
    assert!(
        e.message().contains("operation budget of 2000000 exceeded"),
        "{e}"
    );
}

#[test]
fn endless_loop_is_stopped_by_the_time_budget() {
    let limits = Limits {
        max_operations: u64::MAX,
        time_budget_ms: 300,
        ..Limits::default()
    };
    let started = Instant::now();
    let e = eval_error(
        &[(
            "spin.rhai",
            "let s = \"\";\nwhile true {\n    s = `${s.len()}`;\n}\n",
        )],
        limits,
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(e.code(), "R051");
    assert!(
        e.message().contains("time budget of 300 ms exceeded"),
        "{e}"
    );
    assert!(e
        .to_string()
        .starts_with(&format!("{}:", e.file().unwrap())));
    assert!(e.file().unwrap().ends_with("rules/spin.rhai"));
    assert_eq!(e.line(), Some(3));
}

#[test]
fn the_budget_is_per_organization_across_scripts() {
    // Each script alone fits in 150k operations; together they do not.
    let busy = "let i = 0;\nwhile i < 20000 { i += 1; }\n";
    let limits = Limits {
        max_operations: 150_000,
        ..Limits::default()
    };
    let (_tmp, set) = load_with(
        &[("a.rhai", busy), ("b.rhai", busy), ("c.rhai", busy)],
        limits,
    );
    let e = set.unwrap().evaluate(&org()).unwrap_err();
    assert_eq!(e.code(), "R050");
    assert!(e.file().unwrap().ends_with("c.rhai") || e.file().unwrap().ends_with("b.rhai"));
}

#[test]
fn deep_recursion_hits_the_call_depth_limit() {
    let e = eval_error(
        &[("r.rhai", "fn f(n) { f(n + 1) }\nf(0);\n")],
        Limits::default(),
    );
    assert_eq!(e.code(), "R052");
    assert!(e.message().contains("max_call_levels"), "{e}");
}

#[test]
fn huge_strings_hit_the_size_limit() {
    let limits = Limits {
        max_string_size: 1000,
        ..Limits::default()
    };
    let e = eval_error(
        &[("s.rhai", "let s = \"x\";\nfor i in 0..20 { s += s; }\n")],
        limits,
    );
    assert_eq!(e.code(), "R054");
}

#[test]
fn imports_outside_the_rules_folder_are_refused() {
    for path in ["../x", "lib/../../x", "/etc/passwd"] {
        let script = format!("// header\nimport \"{path}\" as x;\n");
        let errors = load_errors(&[("imp.rhai", &script)]);
        let e = &errors[0];
        assert_eq!(e.code(), "R020", "{e}");
        assert_eq!(e.kind(), RuleErrorKind::Import);
        assert!(e.file().unwrap().ends_with("rules/imp.rhai"), "{e}");
        assert_eq!(e.line(), Some(2), "{e}");
        assert!(e.message().contains(path), "{e}");
        assert!(e.message().contains("refused"), "{e}");
    }
}

#[test]
fn imports_inside_the_rules_folder_work() {
    let (_tmp, set) = load(&[
        ("lib/util.rhai", "fn double(x) { x * 2 }\n"),
        (
            "main.rhai",
            "import \"lib/util\" as util;\nif util::double(2) != 4 { throw \"bad\"; }\n",
        ),
    ]);
    set.unwrap().evaluate(&org()).unwrap();
}

#[test]
fn eval_is_refused() {
    let errors = load_errors(&[("e.rhai", "let x = eval(\"1 + 1\");\n")]);
    assert_eq!(errors[0].code(), "R012", "{}", errors[0]);
    assert!(errors[0].message().contains("eval"));
}

#[test]
fn strict_variables_catch_a_typo() {
    let errors = load_errors(&[("t.rhai", "let total = 1;\nlet y = totl + 1;\n")]);
    let e = &errors[0];
    assert_eq!(e.code(), "R011", "{e}");
    assert!(e.message().contains("totl"));
    assert_eq!(e.line(), Some(2));
}

#[test]
fn missing_map_properties_are_errors() {
    let e = eval_error(
        &[("p.rhai", "let x = org.baseline.industy;\n")],
        Limits::default(),
    );
    assert_eq!(e.code(), "R031", "{e}");
    assert!(e.message().contains("industy"));
}

#[test]
fn unknown_service_key_suggests_the_closest() {
    let e = eval_error(
        &[(
            "s.rhai",
            "// x\nrecommend(\"risk_managment\", \"must\", \"because\");\n",
        )],
        Limits::default(),
    );
    assert_eq!(e.code(), "R040", "{e}");
    assert!(
        e.message().contains("unknown service `risk_managment`"),
        "{e}"
    );
    assert_eq!(e.hints(), ["did you mean `risk_management`?"]);
    assert_eq!((e.line(), e.column()), (Some(2), Some(1)));
    let d = e.to_diagnostic();
    assert!(d.hints.iter().any(|h| h.contains("risk_management")));
}

#[test]
fn blank_reasons_are_refused() {
    let e = eval_error(
        &[(
            "s.rhai",
            "recommend(\"risk_management\", \"must\", \"  \");\n",
        )],
        Limits::default(),
    );
    assert_eq!(e.code(), "R040");
    assert!(e.message().contains("reason"));
}

#[test]
fn sleep_print_and_the_clock_are_not_available() {
    let e = eval_error(&[("s.rhai", "sleep(10);\n")], Limits::default());
    assert_eq!(e.code(), "R032", "{e}");
    let e = eval_error(&[("t.rhai", "let t = timestamp();\n")], Limits::default());
    assert_eq!(e.code(), "R032", "{e}");
    // print goes nowhere rather than failing.
    let (_tmp, set) = load(&[("p.rhai", "print(\"hello\"); debug(1);\n")]);
    set.unwrap().evaluate(&org()).unwrap();
}

#[test]
fn empty_or_missing_folder_is_an_error() {
    let errors = load_errors(&[]);
    assert_eq!(errors[0].code(), "R001");
    let missing = RuleSet::load(
        Path::new("/nonexistent/rules"),
        catalog(),
        RuleSettings::default(),
    );
    assert_eq!(missing.err().unwrap()[0].code(), "R001");
}

#[test]
fn decisions_carry_the_script_location() {
    let (_tmp, set) = load(&[(
        "d.rhai",
        "let x = 1;\n   recommend(\"risk_management\", \"must\", \"regulators expect it\");\n",
    )]);
    let rec = set.unwrap().evaluate(&org()).unwrap();
    let risk = rec.service(pmo_advisor::model::service::ServiceKey::RiskManagement);
    let reason = &risk.reasons[0];
    assert_eq!(reason.text, "regulators expect it");
    let rule = reason.rule.as_ref().unwrap();
    assert!(rule.file.ends_with("rules/d.rhai"));
    assert_eq!((rule.line, rule.column), (2, 4));
}
