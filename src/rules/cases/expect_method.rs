//! The Method v2 expectations of a rule test case: advice codes, the focus cap, and bounds on
//! the approaches a group gets (most controlling allowed, services that must have none), and
//! the text of the charter's governance.

use crate::model::decision::Reason;
use crate::model::recommendation::{Governance, Recommendation};
use crate::model::service::Priority;
use crate::rules::cases::expect::{fail, Expect, Failure};

/// Reads one part of the governance.
type GovernancePart = fn(&Governance) -> &str;

impl Expect {
    /// Method v2 checks: actions, advice, focus and approach bounds.
    pub(super) fn check_method(&self, rec: &Recommendation, out: &mut Vec<Failure>) {
        let codes: Vec<&str> = rec.advice.iter().map(|a| a.code.as_str()).collect();
        let reasons: Vec<Reason> = rec.advice.iter().map(|a| a.reason.clone()).collect();
        for code in &self.advice {
            if !codes.contains(&code.as_str()) {
                out.push(fail("advice".into(), code, codes.join(", "), &reasons));
            }
        }
        for code in &self.no_advice {
            if codes.contains(&code.as_str()) {
                out.push(fail(
                    "no_advice".into(),
                    format!("no {code}"),
                    codes.join(", "),
                    &reasons,
                ));
            }
        }
        if let Some(max) = self.max_now {
            let now: Vec<&str> = rec
                .services
                .iter()
                .filter(|s| matches!(s.priority, Priority::Must | Priority::Should))
                .map(|s| s.key.as_str())
                .collect();
            if now.len() > max {
                out.push(fail(
                    "max_now".into(),
                    format!("at most {max} services at must or should"),
                    format!("{} ({})", now.len(), now.join(", ")),
                    &[],
                ));
            }
        }
        for (g, most) in &self.max_approach {
            let Some(d) = rec.groups.iter().find(|d| d.group == *g) else {
                continue;
            };
            for (s, a) in &d.service_approaches {
                if a > most {
                    out.push(fail(
                        format!("max_approach.{g}.{s}"),
                        format!("at most {most}"),
                        a,
                        &d.reasons,
                    ));
                }
            }
        }
        let g = &self.governance;
        let parts: [(&str, &Option<String>, GovernancePart); 4] = [
            ("sponsor", &g.sponsor, |x| &x.sponsor),
            ("decision_rights", &g.decision_rights, |x| {
                &x.decision_rights
            }),
            ("escalation", &g.escalation, |x| &x.escalation),
            ("cadence", &g.cadence, |x| &x.cadence),
        ];
        for (part, want, read) in parts {
            let Some(want) = want else { continue };
            let found = rec.governance.as_ref().map(read);
            if !found.is_some_and(|f| f.contains(want.as_str())) {
                out.push(fail(
                    format!("governance.{part}"),
                    format!("text containing {want:?}"),
                    found.unwrap_or("no governance chosen"),
                    rec.governance.as_ref().map_or(&[][..], |gov| &gov.reasons),
                ));
            }
        }
        for (g, services) in &self.no_approach {
            let Some(d) = rec.groups.iter().find(|d| d.group == *g) else {
                continue;
            };
            for s in services {
                if let Some(a) = d.service_approaches.get(s) {
                    out.push(fail(
                        format!("no_approach.{g}.{s}"),
                        "no approach (the service does not concern the group)",
                        a,
                        &d.reasons,
                    ));
                }
            }
        }
    }
}
