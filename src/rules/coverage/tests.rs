//! Coverage counts of small rule folders.

use super::*;
use crate::model::organization::OrganizationId;
use crate::model::survey::OrganizationInput;
use crate::rules::RuleSettings;

fn rules_in(dir: &Path, collector: &Arc<Collector>) -> RuleSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = Arc::new(crate::ingest::read_catalog(&root.join("data/catalog")).unwrap());
    RuleSet::load_with(dir, catalog, RuleSettings::default(), Some(collector)).unwrap()
}

/// The coverage of the rules in `dir` after evaluating one empty organization.
fn evaluated_once(dir: &Path) -> CoverageReport {
    let collector = Collector::new();
    let rules = rules_in(dir, &collector);
    let input = OrganizationInput::new(OrganizationId::new("x").unwrap());
    rules.evaluate(&input).unwrap();
    collector.report(&rules, dir)
}

#[test]
fn counts_functions_and_both_sides_of_each_branch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("lib")).unwrap();
    std::fs::write(
        dir.path().join("lib/m.rhai"),
        "fn big(x) {\n    if x > 10 { return true; }\n    false\n}\nfn unused() { 1 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.rhai"),
        "import \"lib/m\" as m;\nlet n = org.respondents;\nif m::big(n) {\n    n = 1;\n}\nfor g in org.group_keys {\n    n += 1;\n}\nif n > 100 {\n    n = 2;\n} else {\n    n = 3;\n}\n",
    )
    .unwrap();
    let report = evaluated_once(dir.path());
    let files: Vec<&str> = report.files.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files.len(), 2, "{report:?}");
    let a = &report.files[0];
    assert_eq!(a.functions.len(), 1);
    assert_eq!(a.functions[0].calls, 1);
    let hits: Vec<(u32, &str, u64)> = a
        .branches
        .iter()
        .map(|b| (b.line, b.kind, b.hits))
        .collect();
    assert_eq!(
        hits,
        [
            (3, "then", 0),
            (3, "else", 1),
            (6, "loop body", 0),
            (9, "then", 0),
            (9, "else", 1)
        ]
    );
    let m = &report.files[1];
    assert!(m.file.ends_with("lib/m.rhai"), "{}", m.file);
    let calls: Vec<(&str, u64)> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.calls))
        .collect();
    assert_eq!(calls, [("big", 1), ("unused", 0)]);
    assert_eq!(
        m.branches.iter().map(|b| b.hits).collect::<Vec<_>>(),
        [0, 1]
    );
    let total = report.total();
    assert!(total.covered < total.total);
    let text = report.render(true);
    assert!(text.contains("✗ fn unused"), "{text}");
    assert!(text.contains("a.rhai:6:1 loop body"), "{text}");
}

#[test]
fn closures_are_named_the_same_in_every_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.rhai"),
        "let double = |x| { let y = x * 2; y };\nlet n = double.call(2);\nlet f = |y| y + 1; let g = |z| z;\n",
    )
    .unwrap();
    let report = evaluated_once(dir.path());
    let functions: Vec<(&str, u32, u64)> = report.files[0]
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.calls))
        .collect();
    assert_eq!(
        functions,
        [
            ("<closure>", 1, 1),
            ("<script>", 1, 1),
            ("<closure>", 3, 0),
            ("<closure>", 3, 0)
        ]
    );
}

/// The coverage after one evaluation of `script` beside the table `tables/t.csv`, with the
/// times each row of the table matched, in line order.
fn with_table(table: &str, script: &str) -> (CoverageReport, Vec<(u32, u64)>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tables")).unwrap();
    std::fs::write(dir.path().join("tables/t.csv"), table).unwrap();
    std::fs::write(dir.path().join("a.rhai"), script).unwrap();
    let report = evaluated_once(dir.path());
    let rows = report.tables[0]
        .rows
        .iter()
        .map(|r| (r.line, r.hits))
        .collect();
    (report, rows)
}

#[test]
fn table_rows_that_never_matched_are_listed_with_their_line() {
    let (report, rows) = with_table(
        "# hit: first\nin:m,out:a\n>= 4,high\n>= 2,mid\n-,low\n",
        "let x = table(\"t\", #{ m: 3 });\nlet y = table(\"t\", #{ m: 2.5 });\n",
    );
    assert_eq!(rows, [(3, 0), (4, 2), (5, 0)]);
    assert_eq!(
        report.rows_tally(),
        Tally {
            covered: 1,
            total: 3
        }
    );
    let text = report.render(true);
    let shown = report.tables[0].file.clone();
    assert!(
        text.contains(&format!(
            "  ✗ {shown}:3 row never matched\n  ✗ {shown}:5 row never matched\n"
        )),
        "{text}"
    );
    assert!(
        text.ends_with("; decision-table rows 1/3 matched\n"),
        "{text}"
    );
}

#[test]
fn table_column_counts_the_rows_it_matched_as_table_calls_do() {
    let table = "# hit: first\nin:s,out:a\nx,1\ny,\nz,3\n";
    let keys = r#"["x", "y", "x", "none"]"#;
    let (_, at_once) = with_table(
        table,
        &format!("table_column(\"t\", \"s\", {keys}, \"a\");\n"),
    );
    // Row 4 (`y`) matched even though its empty cell leaves `y` out of the result.
    assert_eq!(at_once, [(3, 2), (4, 1), (5, 0)]);
    let (_, per_key) = with_table(
        table,
        &format!("for k in {keys} {{ table(\"t\", #{{ s: k }}); }}\n"),
    );
    assert_eq!(at_once, per_key);
}

#[test]
fn tally_percent_of_nothing_is_full() {
    assert_eq!(Tally::default().percent(), 100.0);
    assert_eq!(
        Tally {
            covered: 1,
            total: 4
        }
        .percent(),
        25.0
    );
}
