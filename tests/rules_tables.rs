//! Decision tables through the public API: hit policies, gap/overlap/unreachable analysis, and
//! the default tables of `rules/tables/` (complete, no overlap, every row reachable).

use pmo_advisor::rules::table::{analyze, parse_table, HitPolicy, Tables};
use rhai::{Array, Dynamic, Map};

fn table(text: &str) -> pmo_advisor::rules::table::DecisionTable {
    parse_table("t", "rules/tables/t.csv", text).unwrap()
}

fn map(pairs: &[(&str, Dynamic)]) -> Map {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), v.clone()))
        .collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    analyze(&table(text)).iter().map(|d| d.code).collect()
}

#[test]
fn hit_policies() {
    let first = table("# hit: first\nin:risk,in:m,out:a\nhigh,-,x\n-,>= 3,y\n-,-,z\n");
    assert_eq!(first.policy, HitPolicy::First);
    let out = first
        .evaluate(&map(&[
            ("risk", "high".into()),
            ("m", Dynamic::from(4_i64)),
        ]))
        .unwrap();
    assert_eq!(out.cast::<Map>()["a"].to_string(), "x");
    let out = first
        .evaluate(&map(&[("risk", "low".into()), ("m", Dynamic::from(4_i64))]))
        .unwrap();
    assert_eq!(out.cast::<Map>()["a"].to_string(), "y");

    let unique = table("# hit: unique\nin:m,out:a\n< 3,x\n>= 3,y\n");
    let out = unique
        .evaluate(&map(&[("m", Dynamic::from_float(3.0))]))
        .unwrap();
    assert_eq!(out.cast::<Map>()["a"].to_string(), "y");
    let clash = table("# hit: unique\nin:m,out:a\n<= 3,x\n>= 3,y\n");
    assert!(clash
        .evaluate(&map(&[("m", Dynamic::from(3_i64))]))
        .is_err());

    let collect = table("# hit: collect\nin:m,out:a,priority\n-,low,1\n>= 2,high,3\n>= 1,mid,2\n");
    let out = collect
        .evaluate(&map(&[("m", Dynamic::from(2_i64))]))
        .unwrap()
        .cast::<Array>();
    let got: Vec<String> = out
        .into_iter()
        .map(|m| m.cast::<Map>()["a"].to_string())
        .collect();
    assert_eq!(got, ["high", "mid", "low"]);
}

#[test]
fn analysis_finds_gaps_overlaps_and_dead_rows() {
    // Complete under a domain.
    assert!(codes("# hit: first\n# domain m: 1..5\nin:m,out:a\n>= 3,x\n< 3,y\n").is_empty());
    // Gap between 2 and 3 (both excluded).
    assert_eq!(
        codes("# hit: unique\n# domain m: 1..5\nin:m,out:a\n<= 2,x\n>= 3,y\n"),
        ["R061"]
    );
    // Overlap at 3 under unique.
    assert_eq!(
        codes("# hit: unique\n# domain m: 1..5\nin:m,out:a\n<= 3,x\n>= 3,y\n"),
        ["R062"]
    );
    // A row outside the domain and a row shadowed under first.
    assert_eq!(
        codes("# hit: collect\n# domain m: 1..5\nin:m,out:a\n> 5,x\n-,y\n"),
        ["R063"]
    );
    assert_eq!(
        codes("# hit: first\n# domain r: a|b\nin:r,out:a\na|b,x\na,y\n"),
        ["R063"]
    );
    // Two inputs: the missing combination is named.
    let t = table("# hit: first\n# domain r: low|high\n# domain x: true|false\nin:r,in:x,out:a\nlow,-,1\nhigh,true,2\n");
    let found = analyze(&t);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("r = high, x = false"),
        "{}",
        found[0].message
    );
}

#[test]
fn the_default_tables_are_complete_and_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let tables = Tables::load(&dir, "rules").unwrap();
    assert!(tables.tables.contains_key("approach_by_maturity"));
    assert!(tables.tables.contains_key("approach_shift_by_risk"));
    for t in tables.tables.values() {
        let found = analyze(t);
        assert!(found.is_empty(), "{}: {found:#?}", t.name);
    }
    // The maturity table reproduces the former rounding: 4.5 → consultative, 1.49 → controlling.
    let m = &tables.tables["approach_by_maturity"];
    for (maturity, approach) in [
        (4.5, "consultative"),
        (3.49, "facilitative"),
        (2.5, "facilitative"),
        (1.49, "controlling"),
        (5.0, "consultative"),
    ] {
        let out = m
            .evaluate(&map(&[("maturity", Dynamic::from_float(maturity))]))
            .unwrap();
        assert_eq!(
            out.cast::<Map>()["approach"].to_string(),
            approach,
            "maturity {maturity}"
        );
    }
}

#[test]
fn a_rule_set_exposes_its_tables_with_their_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog =
        std::sync::Arc::new(pmo_advisor::ingest::read_catalog(&root.join("data/catalog")).unwrap());
    let rules = pmo_advisor::rules::RuleSet::load(&root.join("rules"), catalog, Default::default())
        .unwrap();
    let tables = &rules.tables().tables;
    assert_eq!(
        tables.keys().collect::<Vec<_>>(),
        [
            "allowed_approaches",
            "approach_by_maturity",
            "approach_shift_by_risk"
        ]
    );
    assert!(tables["approach_by_maturity"]
        .source
        .contains("# hit: first"));
}
