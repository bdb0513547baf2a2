//! The sponsor page's "Risks of not acting": the organization's own alerts, framed as what
//! goes wrong if nothing is done, and the evidence of the services (regulated work without
//! its compliance services, services delivered below target, a portfolio spread thin).
//! Data-quality alerts and a group's figures from a small sample carry no risk here.

use crate::model::recommendation::{ActionKind, AlertLevel, Recommendation};
use crate::model::roadmap::Placement;
use crate::model::service::{Priority, ServiceKey};
use crate::model::survey::OrganizationInput;
use crate::report::build::decisions::{by_standing, service_names, standing, FOCUS, MAX_RISKS};
use crate::report::build::summary::group_figure;
use crate::report::json::decisions::RiskJson;
use crate::report::ReportContext;

/// Answers below which a group's figures are indicative only and carry no risk on the
/// sponsor's page by themselves (the domain's small-sample rule).
const MIN_ANSWERS: u32 = 5;

/// What each kind of alert puts at risk when nothing is done (unknown codes: the alert alone;
/// data-quality alerts are not risks of inaction and are left out).
fn risk_framing(code: &str, no_pmo: bool) -> Option<&'static str> {
    Some(match code {
        "crisis_scenario" | "collapse_scenario" | "decline_scenario" => {
            "The PMO loses its sponsor and its customers"
        }
        "low_satisfaction" | "negative_nps" if no_pmo => {
            "A new PMO starts from low trust in the support people get today"
        }
        "low_satisfaction" => "Customers keep working around the PMO",
        "negative_nps" => "Detractors shape the PMO's reputation",
        "perception_gap" => "Executives overrate the value that reaches delivery",
        "strategy_conflict" => "The portfolio drifts from the stated strategy",
        "scenario_contradicted" => "Decisions rest on the wrong picture of the PMO",
        "few_respondents"
        | "missing_baseline"
        | "baseline_disagreement"
        | "groups_diverge"
        | "strategy_unasked"
        | "scenario_inconsistent" => return None,
        _ => "If nothing is done",
    })
}

/// The risks, most serious first: critical alerts, then the evidence of the services, then
/// the other alerts; at most `MAX_RISKS`, and never none.
pub(super) fn risks(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
    no_pmo: bool,
) -> Vec<RiskJson> {
    let mut risks: Vec<RiskJson> = Vec::new();
    let mut extra: Vec<Vec<String>> = Vec::new();
    // Alerts of one code share a risk (the first group's figures speak for it, the others
    // follow with their own figures); a group's figures from fewer than MIN_ANSWERS answers are left out.
    for alert in &rec.alerts {
        let Some(framing) = risk_framing(&alert.code, no_pmo) else {
            continue;
        };
        let small = alert.group.is_some_and(|g| {
            input.groups.get(&g).is_none_or(|a| {
                let n = match alert.code.as_str() {
                    "negative_nps" => a.nps.answered(),
                    "low_satisfaction" => a.satisfaction.answered(),
                    _ => a.respondents,
                };
                n < MIN_ANSWERS
            })
        });
        if small {
            continue;
        }
        if let Some(i) = risks.iter().position(|r| r.source == alert.code) {
            if let Some(g) = alert.group {
                extra[i].push(group_figure(input, rec, &alert.code, g));
            }
            continue;
        }
        let mut text = alert.reason.text.trim_end_matches('.');
        // A scenario alert's second half is the remedy, which the next steps carry already.
        if alert.code.ends_with("_scenario") {
            text = text.split(": ").next().unwrap_or(text);
        }
        risks.push(RiskJson {
            level: alert.level.as_str().into(),
            text: format!("{framing}: {text}."),
            source: alert.code.clone(),
        });
        extra.push(Vec::new());
    }
    // Each other group with its own figure, as the summary lists them: a count alone ("4
    // more groups") hid how far apart they are.
    // The figures take the sign of the rule's sentence they extend (`-20`, not `−20`), so
    // the JSON's text reads alike; the PDF sets both as minus signs.
    for (r, others) in risks.iter_mut().zip(&extra) {
        if !others.is_empty() {
            let others = others.join(", ").replace('\u{2212}', "-");
            r.text = format!("{} Also {others}.", r.text);
        }
    }
    let critical = risks
        .iter()
        .take_while(|r| r.level == AlertLevel::Critical.as_str())
        .count();
    let mut evidence = Vec::new();
    if rec.roadmap.regulated {
        let compliance: Vec<ServiceKey> = rec
            .roadmap
            .items
            .iter()
            .filter(|i| i.placement == Placement::Regulatory)
            .map(|i| i.service)
            .collect();
        if !compliance.is_empty() {
            evidence.push(RiskJson {
                level: "evidence".into(),
                text: format!(
                    "Regulated work stays exposed: without {} in place next quarter, an audit or a regulator\u{2019}s finding falls on projects that no one oversees.",
                    if compliance.len() > 2 {
                        format!("its {} compliance services", compliance.len())
                    } else {
                        service_names(ctx, &compliance)
                    }
                ),
                source: "regulation".into(),
            });
        }
    }
    let improve: Vec<ServiceKey> = rec
        .services
        .iter()
        .filter(|s| s.priority.is_selected())
        .filter(|s| s.actions.iter().any(|a| a.kind == ActionKind::Improve))
        .map(|s| s.key)
        .collect();
    if !improve.is_empty() {
        evidence.push(RiskJson {
            level: "evidence".into(),
            text: format!(
                "Services customers need are delivered below their target level ({}): funding them without improving their delivery buys more of what does not work.",
                service_names(ctx, &improve)
            ),
            source: "improve".into(),
        });
    }
    let focus = rec
        .services
        .iter()
        .filter(|s| matches!(s.priority, Priority::Must | Priority::Should))
        .count();
    if focus > FOCUS {
        // "A first year" is a new PMO's; one that runs already carries them beside its work.
        let when = by_standing(
            standing(input),
            "to run and develop at once",
            "for a first year",
            "at once",
        );
        evidence.push(RiskJson {
            level: "evidence".into(),
            text: format!(
                "The PMO spreads thin: {focus} must and should services {when}, where about {FOCUS} can be delivered well; without a choice, the must services get the same attention as the rest."
            ),
            source: "focus".into(),
        });
    }
    let rest = risks.split_off(critical);
    risks.extend(evidence);
    risks.extend(rest);
    risks.truncate(MAX_RISKS);
    if risks.is_empty() {
        risks.push(RiskJson {
            level: "evidence".into(),
            text: "No alert or gap calls for urgent action. The risk of waiting is the momentum of the survey: the customers who answered expect to see what changes, and the next survey will show whether anything did.".into(),
            source: "momentum".into(),
        });
    }
    risks
}
