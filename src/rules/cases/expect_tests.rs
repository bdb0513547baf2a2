//! Tests of `expect.rs`.

use super::*;

#[test]
fn alert_patterns_match_level_code_and_group() {
    assert!(alert_matches(
        "few_respondents",
        "warning:few_respondents@executive"
    ));
    assert!(alert_matches(
        "warning:few_respondents",
        "warning:few_respondents@executive"
    ));
    assert!(alert_matches(
        "few_respondents@executive",
        "warning:few_respondents@executive"
    ));
    assert!(!alert_matches(
        "critical:few_respondents",
        "warning:few_respondents@executive"
    ));
    assert!(!alert_matches(
        "few_respondents@sponsor",
        "warning:few_respondents@executive"
    ));
    assert!(alert_matches(
        "info:baseline_disagreement",
        "info:baseline_disagreement"
    ));
}

#[test]
fn services_take_a_priority_or_a_table() {
    let e: Expect = serde_json::from_value(serde_json::json!({
        "services": { "risk_management": "must", "issue_management": { "priority": "could", "min_score": 3 } }
    }))
    .unwrap();
    assert_eq!(
        e.services[&ServiceKey::RiskManagement],
        ServiceExpect::Priority(Priority::Must)
    );
    assert!(matches!(
        e.services[&ServiceKey::IssueManagement],
        ServiceExpect::Detail(_)
    ));
}
