//! The catalog's sequencing and sizing tables: which service needs another in place first
//! (`dependencies.csv`), and how much PMO effort a service takes (`service_effort.csv`).
//!
//! Both are our own editable data, not the guide's: the roadmap reads the first, the charter's
//! resources the second. Plain data and one graph check; reading the files is `ingest`'s job.

use crate::model::service::ServiceKey;

/// One row of the dependency table: `service` is best started after `depends_on`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDependency {
    /// The service that waits.
    pub service: ServiceKey,
    /// The service it builds on.
    pub depends_on: ServiceKey,
    /// Why, in a sentence a sponsor can read.
    pub why: String,
    /// The 1-based row of the table (header = row 1), for the appendix trace.
    pub row: u64,
}

/// One row of the effort table: PMO full-time equivalents a service takes to run at the
/// reference approach (facilitative) in a mid-sized organization (1,000 to 10,000 people).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceEffort {
    /// The service.
    pub service: ServiceKey,
    /// Low end of the FTE range.
    pub fte_low: f64,
    /// High end of the FTE range.
    pub fte_high: f64,
}

/// The index of a dependency that closes a cycle (a service that would wait on itself), if
/// any. Rows are visited in order, so the answer names the first row that makes a cycle.
pub fn first_cycle(deps: &[ServiceDependency]) -> Option<usize> {
    for (i, dep) in deps.iter().enumerate() {
        // With rows 0..i in place, adding `service → depends_on` closes a cycle when
        // `depends_on` already (transitively) depends on `service`.
        if reaches(&deps[..i], dep.depends_on, dep.service) {
            return Some(i);
        }
    }
    None
}

/// Whether `from` depends on `to`, directly or through other rows.
fn reaches(deps: &[ServiceDependency], from: ServiceKey, to: ServiceKey) -> bool {
    let mut seen = [false; ServiceKey::COUNT];
    let mut stack = vec![from];
    while let Some(s) = stack.pop() {
        if s == to {
            return true;
        }
        if std::mem::replace(&mut seen[s.index()], true) {
            continue;
        }
        stack.extend(deps.iter().filter(|d| d.service == s).map(|d| d.depends_on));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(service: ServiceKey, depends_on: ServiceKey) -> ServiceDependency {
        ServiceDependency {
            service,
            depends_on,
            why: String::new(),
            row: 0,
        }
    }

    #[test]
    fn a_cycle_is_found_at_the_row_that_closes_it() {
        use ServiceKey::*;
        let deps = [
            dep(AuditAssessments, GovernanceOversight),
            dep(PerformanceManagement, DataAnalyticsAndReporting),
            dep(GovernanceOversight, PerformanceManagement),
            dep(DataAnalyticsAndReporting, AuditAssessments),
        ];
        assert_eq!(first_cycle(&deps[..3]), None);
        assert_eq!(first_cycle(&deps), Some(3));
    }
}
