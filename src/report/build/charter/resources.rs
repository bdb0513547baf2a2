//! The charter's resources: PMO headcount as a range, our estimate. Each must and should
//! service takes the effort of the catalog's table (`service_effort.csv`: FTE at the
//! facilitative approach in an organization of 1,000 to 10,000 people), scaled by how
//! intensively the PMO delivers it (the approaches chosen for the groups that receive it) and
//! by the organization's size; the PMO lead is one more FTE. Could services are left out:
//! they join when capacity allows.
//!
//! The budget is the headcount times a loaded cost per FTE, which only the configuration can
//! give (`[report] fte_cost`); without it the charter says so rather than invent a figure.

use crate::model::approach::Approach;
use crate::model::prose;
use crate::model::recommendation::Recommendation;
use crate::model::service::{Priority, ServiceKey};
use crate::model::survey::OrganizationInput;
use crate::report::build::num;
use crate::report::json::charter::{ResourcesJson, ServiceEffortJson};
use crate::report::ReportContext;

/// How much more (or less) PMO effort an approach takes than the facilitative reference.
pub(super) fn approach_factor(approach: Approach) -> f64 {
    match approach {
        Approach::Consultative => 0.6,
        Approach::Supportive => 0.8,
        Approach::Facilitative => 1.0,
        Approach::Directive => 1.2,
        Approach::Controlling => 1.4,
        // The PMO runs the work itself.
        Approach::Managed => 2.0,
    }
}

/// The size factor and its words, from the number of employees.
pub(super) fn size_factor(employees: Option<u32>) -> (f64, String) {
    match employees {
        None => (
            1.0,
            "size not given: an organization of 1,000 to 10,000 people assumed".into(),
        ),
        Some(n) => {
            let factor = match n {
                0..250 => 0.5,
                250..1_000 => 0.75,
                1_000..=10_000 => 1.0,
                10_001..=50_000 => 1.5,
                _ => 2.0,
            };
            // Read inside the basis's parentheses: "by size (8,400 employees, ×1)".
            let words = format!(
                "{} employees, \u{d7}{factor}",
                prose::thousands(i64::from(n))
            );
            (factor, words)
        }
    }
}

/// The mean approach factor of a service over the groups that receive it (1 when none).
fn service_factor(rec: &Recommendation, key: ServiceKey) -> (f64, Option<Approach>) {
    let approaches: Vec<Approach> = rec
        .groups
        .iter()
        .filter_map(|g| g.service_approaches.get(&key).copied())
        .collect();
    if approaches.is_empty() {
        return (1.0, None);
    }
    let mean =
        approaches.iter().map(|a| approach_factor(*a)).sum::<f64>() / approaches.len() as f64;
    // The most frequent approach names the scaling (ties: the more controlling).
    let mut counts = [0usize; Approach::COUNT];
    for a in &approaches {
        counts[a.index()] += 1;
    }
    let top = (0..Approach::COUNT)
        .rev()
        .max_by_key(|i| counts[*i])
        .map(|i| Approach::ALL[i]);
    (mean, top)
}

/// Rounds down (low) or up (high) to the nearest half FTE.
fn half(value: f64, up: bool) -> f64 {
    let halves = value * 2.0;
    let rounded = if up { halves.ceil() } else { halves.floor() };
    (rounded / 2.0).max(0.5)
}

/// The resources section's data.
pub(super) fn resources(
    ctx: &ReportContext<'_>,
    input: &OrganizationInput,
    rec: &Recommendation,
) -> ResourcesJson {
    let (size, size_words) = size_factor(input.baseline.as_ref().and_then(|b| b.employees));
    let mut services = vec![ServiceEffortJson {
        service: "PMO lead".into(),
        fte_low: 1.0,
        fte_high: 1.0,
        scaling: "one full-time lead".into(),
    }];
    let mut missing = Vec::new();
    for s in rec
        .services
        .iter()
        .filter(|s| matches!(s.priority, Priority::Must | Priority::Should))
    {
        let name = ctx.catalog.service(s.key).name.clone();
        let Some(effort) = ctx.catalog.effort(s.key) else {
            missing.push(name);
            continue;
        };
        let (factor, approach) = service_factor(rec, s.key);
        let scaling = match approach {
            Some(a) => format!(
                "mostly {}, \u{d7}{} for approach and \u{d7}{} for size",
                a.as_str(),
                num(factor, 2),
                num(size, 2)
            ),
            None => format!("no group approach, \u{d7}{} for size", num(size, 2)),
        };
        services.push(ServiceEffortJson {
            service: name,
            fte_low: (effort.fte_low * factor * size * 100.0).round() / 100.0,
            fte_high: (effort.fte_high * factor * size * 100.0).round() / 100.0,
            scaling,
        });
    }
    let low: f64 = services.iter().map(|s| s.fte_low).sum();
    let high: f64 = services.iter().map(|s| s.fte_high).sum();
    let mut basis = format!(
        "Our estimate, not a quote: each must and should service takes the effort of the catalog\u{2019}s table (data/catalog/service_effort.csv, full-time equivalents at the facilitative approach in an organization of 1,000 to 10,000 people), scaled by the approaches chosen for the groups that receive it (consultative \u{d7}0.6 to managed \u{d7}2) and by size ({size_words}); the PMO lead is one more. Could services are not counted: they join when capacity allows."
    );
    if !ctx.catalog.has_effort() {
        basis = "The catalog has no effort table (data/catalog/service_effort.csv), so only the PMO lead is counted: add the table to size the services.".into();
    } else if !missing.is_empty() {
        basis.push_str(&format!(
            " Not in the effort table, so not counted: {}.",
            missing.join(", ")
        ));
    }
    ResourcesJson {
        fte_low: half(low, false),
        fte_high: half(high, true),
        budget: match ctx.fte_cost {
            Some(cost) => cost.budget_text(half(low, false), half(high, true)),
            None => "Not set: the configuration gives no loaded cost per FTE ([report] fte_cost), so no currency figure is given. The budget is the headcount range times the organization\u{2019}s own loaded cost per FTE, plus tools and training.".into(),
        },
        basis,
        services,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_round_outward_to_half_ftes() {
        assert_eq!(half(2.3, false), 2.0);
        assert_eq!(half(2.3, true), 2.5);
        assert_eq!(half(0.1, false), 0.5);
        assert_eq!(
            size_factor(Some(8400)),
            (1.0, "8,400 employees, \u{d7}1".to_string())
        );
        assert_eq!(size_factor(Some(60_000)).1, "60,000 employees, \u{d7}2");
        assert_eq!(size_factor(Some(120)).0, 0.5);
        assert!(approach_factor(Approach::Managed) > approach_factor(Approach::Controlling));
    }
}
