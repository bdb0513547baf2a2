use super::*;

fn table(text: &str) -> DecisionTable {
    parse_table("t", "rules/tables/t.csv", text).unwrap()
}

fn inputs(pairs: &[(&str, Dynamic)]) -> Map {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), v.clone()))
        .collect()
}

#[test]
fn first_returns_the_first_matching_row_with_filled_text() {
    let t =
        table("# hit: first\nin:m,out:a,out:why\n>= 4,high,m is {m}\n>= 2,mid,m is {m}\n-,low,\n");
    let r = t
        .evaluate(&inputs(&[("m", Dynamic::from_float(4.5))]))
        .unwrap();
    let m = r.cast::<Map>();
    assert_eq!(m["a"].to_string(), "high");
    assert_eq!(m["why"].to_string(), "m is 4.5");
    assert_eq!(m["row"].as_int().unwrap(), 3);
    let r = t
        .evaluate(&inputs(&[("m", Dynamic::from(1_i64))]))
        .unwrap()
        .cast::<Map>();
    assert_eq!(r["a"].to_string(), "low");
    assert!(r["why"].is_unit());
}

#[test]
fn unique_refuses_two_matches_and_collect_orders_by_priority() {
    let t = table("# hit: unique\nin:m,out:a\n1..3,x\n3..5,y\n");
    assert!(t.evaluate(&inputs(&[("m", Dynamic::from(2_i64))])).is_ok());
    let e = t
        .evaluate(&inputs(&[("m", Dynamic::from(3_i64))]))
        .unwrap_err();
    assert!(e.contains("lines 3 and 4"), "{e}");
    assert!(t
        .evaluate(&inputs(&[("m", Dynamic::from(9_i64))]))
        .unwrap()
        .is_unit());

    let t = table("# hit: collect\nin:r,out:a,priority\n-,low,1\nhigh|medium,mid,5\nhigh,top,9\n");
    let r = t
        .evaluate(&inputs(&[("r", "high".into())]))
        .unwrap()
        .cast::<Array>();
    let got: Vec<String> = r
        .iter()
        .map(|m| m.clone().cast::<Map>()["a"].to_string())
        .collect();
    assert_eq!(got, ["top", "mid", "low"]);
}

#[test]
fn missing_inputs_and_unknown_tables_are_explained() {
    let t = table("# hit: first\nin:m,out:a\n-,x\n");
    let e = t.evaluate(&Map::new()).unwrap_err();
    assert!(e.contains("needs the input `m`"));
    let mut tables = Tables::default();
    tables.tables.insert("approach_by_maturity".into(), t);
    let e = tables.get("approach_by_maturty").unwrap_err();
    assert!(e.contains("did you mean `approach_by_maturity`"), "{e}");
}

#[test]
fn unit_only_matches_any() {
    assert!(Condition::Any.matches(None));
    assert!(!Condition::Compare(Cmp::Ge, Literal::Number(1.0)).matches(None));
    assert!(Condition::Compare(Cmp::Ne, Literal::Text("a".into()))
        .matches(Some(&Literal::Text("b".into()))));
}
