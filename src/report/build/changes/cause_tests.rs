//! Tests of the approach-change cause: maturity is credited only across a band in the
//! approach's direction; another input that moved is named; nothing moved is said plainly.

use super::*;
use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::diff::diff;
use crate::model::snapshot::OrgSnapshot;
use crate::report::build::trends::tests::snapshot;

/// The executives' cause after their maturity went from 2.00 to `maturity` and their
/// approach from directive to `approach`; `edit` changes anything else of the head.
fn exec_cause(maturity: f64, approach: Approach, edit: impl FnOnce(&mut OrgSnapshot)) -> String {
    let base = snapshot("2026-Q1");
    let mut head = snapshot("2026-Q2");
    let exec = head.groups.get_mut(&CustomerGroup::Executive).unwrap();
    exec.pm_maturity = Some(maturity);
    exec.approach = approach;
    edit(&mut head);
    let d = diff(&base, &head);
    let g = d
        .groups
        .iter()
        .find(|g| g.group == CustomerGroup::Executive)
        .unwrap();
    let a = g.approach.unwrap();
    approach_cause(&d, g, a.toward_autonomy)
}

#[test]
fn bands_start_where_the_default_mapping_says() {
    assert_eq!(band(1.49), 0);
    assert_eq!(band(1.5), 1);
    assert_eq!(band(2.49), 1);
    assert_eq!(band(2.5), 2);
    assert_eq!(band(3.5), 3);
    assert_eq!(band(4.5), 4);
    assert_eq!(band(5.0), 4);
}

#[test]
fn maturity_that_fell_is_not_credited_and_the_moved_input_is_named() {
    let text = exec_cause(1.8, Approach::Supportive, |h| {
        h.baseline_inputs.change_readiness = Some(4.5);
    });
    assert!(
        text.contains("change readiness \u{2013} \u{2192} 4.5"),
        "{text}"
    );
    assert!(
        text.contains("PM maturity fell (2.00 \u{2192} 1.80), so it is not the cause"),
        "{text}"
    );
    assert!(!text.contains("matures"), "{text}");
}

#[test]
fn maturity_across_a_band_is_credited() {
    let text = exec_cause(2.7, Approach::Facilitative, |_| {});
    assert_eq!(
        text,
        "the group's PM maturity rose (2.00 \u{2192} 2.70), into a higher band of the default mapping"
    );
}

#[test]
fn maturity_within_its_band_with_nothing_else_moved_claims_no_cause() {
    let text = exec_cause(2.4, Approach::Supportive, |_| {});
    assert!(
        text.starts_with("the cause is not in the compared inputs"),
        "{text}"
    );
    assert!(
        text.contains("stayed within its band (2.00 \u{2192} 2.40)"),
        "{text}"
    );
}

#[test]
fn nothing_moved_but_the_rules_says_the_rules_changed() {
    let text = exec_cause(2.0, Approach::Supportive, |h| h.rules_version = "r2".into());
    assert!(text.contains("did not change"), "{text}");
    assert!(
        text.ends_with("the rules changed (r1 \u{2192} r2)"),
        "{text}"
    );
}

#[test]
fn a_fall_in_maturity_across_a_band_explains_more_control() {
    let text = exec_cause(1.2, Approach::Controlling, |h| {
        h.baseline_inputs.regulatory_intensity = Some(5.0);
    });
    assert!(
        text.starts_with("the group's PM maturity fell (2.00 \u{2192} 1.20), into a lower band"),
        "{text}"
    );
    assert!(
        text.contains("also changed: regulatory intensity \u{2013} \u{2192} 5"),
        "{text}"
    );
}
