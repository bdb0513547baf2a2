//! The Method v2 expectations of a rule test case: advice codes, the focus cap, and bounds on
//! the approaches a group gets (most controlling allowed, services that must have none).

use crate::model::decision::Reason;
use crate::model::recommendation::Recommendation;
use crate::model::service::Priority;
use crate::rules::cases::expect::{fail, Expect, Failure};

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
