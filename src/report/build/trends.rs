//! Trend charts across every period on file: satisfaction, Net Promoter Score and
//! project-management maturity per customer group, service maturity per category, and the
//! number of `must` services, one line chart each.
//!
//! Also home of `History`, what a caller hands the report about earlier periods. The values
//! come from snapshots (the rounded figures the JSON results carry), so this period's point
//! equals what a later run reads back from disk. Wording and scales only; geometry is in
//! `layout/line_chart.rs`. Nothing here reads files.

use crate::model::customer::CustomerGroup;
use crate::model::diff::OrgDiff;
use crate::model::service::{Priority, ServiceCategory, ServiceKey};
use crate::model::snapshot::{GroupSnapshot, OrgSnapshot, Overall};
use crate::report::build::portfolio::category_series;
use crate::report::build::{capitalize, num, section, signed};
use crate::report::document::{
    Block, LineChart, LineSeries, Paragraph, Section, Span, OVERALL_STYLE,
};

/// What the report knows about earlier periods of the same organization.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// Earlier periods' results, oldest first; entries not before `current`'s period are
    /// ignored, and of two entries for one period the later one counts.
    pub earlier: &'a [OrgSnapshot],
    /// This period's results (read back from the JSON this run rendered).
    pub current: &'a OrgSnapshot,
    /// The difference from the previous period; computed from the last earlier snapshot when
    /// `None`.
    pub changes: Option<&'a OrgDiff>,
}

impl<'a> History<'a> {
    /// Every period on file in time order, one snapshot per period, ending with the current.
    pub fn periods(&self) -> Vec<&'a OrgSnapshot> {
        let mut list: Vec<&'a OrgSnapshot> = self
            .earlier
            .iter()
            .filter(|s| s.period < self.current.period)
            .collect();
        // Stable sort, then keep the last of equal periods: the caller's later entry wins.
        list.sort_by_key(|s| s.period);
        let mut out: Vec<&'a OrgSnapshot> = Vec::with_capacity(list.len() + 1);
        for s in list {
            match out.last_mut() {
                Some(last) if last.period == s.period => *last = s,
                _ => out.push(s),
            }
        }
        out.push(self.current);
        out
    }

    /// The previous period's snapshot, if any.
    pub fn previous(&self) -> Option<&'a OrgSnapshot> {
        let periods = self.periods();
        periods.len().checked_sub(2).map(|i| periods[i])
    }
}

/// A group's name short enough for a direct label beside a chart.
pub(super) fn short_group(group: CustomerGroup) -> &'static str {
    match group {
        CustomerGroup::ProjectManager => "Project managers",
        CustomerGroup::ProgramManager => "Program managers",
        CustomerGroup::PortfolioManager => "Portfolio managers",
        CustomerGroup::Executive => "Executives",
        CustomerGroup::ProjectTeamMember => "Project teams",
        CustomerGroup::FunctionalManager => "Functional managers",
        CustomerGroup::ExternalPartner => "External partners",
    }
}

/// The last non-missing value of a series, for its direct label.
fn last(values: &[Option<f64>]) -> Option<f64> {
    values.iter().rev().find_map(|v| *v)
}

/// One series per customer group that has the metric in some period, in group order; a
/// group keeps its style (its group index) in every chart. With `answers`, the direct label
/// carries the n of its latest value (`Project managers 1.8 (n 16)`).
fn group_series(
    periods: &[&OrgSnapshot],
    metric: fn(&GroupSnapshot) -> Option<f64>,
    answers: Option<fn(&GroupSnapshot) -> u32>,
    value_text: fn(f64) -> String,
) -> Vec<LineSeries> {
    CustomerGroup::ALL
        .iter()
        .filter_map(|&g| {
            let values: Vec<Option<f64>> = periods
                .iter()
                .map(|s| s.groups.get(&g).and_then(metric))
                .collect();
            let latest = last(&values)?;
            // The newest name the results carry (names come from the catalog of each run).
            let name = periods
                .iter()
                .rev()
                .find_map(|s| s.groups.get(&g).map(|gs| gs.name.clone()))
                .unwrap_or_else(|| short_group(g).to_string());
            let n = answers.and_then(|count| {
                periods
                    .iter()
                    .rev()
                    .filter_map(|s| s.groups.get(&g))
                    .find(|gs| metric(gs).is_some())
                    .map(count)
                    .filter(|n| *n > 0)
            });
            Some(LineSeries {
                label: name,
                end_label: match n {
                    Some(n) => format!("{} {} (n {n})", short_group(g), value_text(latest)),
                    None => format!("{} {}", short_group(g), value_text(latest)),
                },
                values,
                style: g.index() as u8,
            })
        })
        .collect()
}

/// The groups' series plus, when any period has it, the line of every answer together
/// (heavier, drawn last so it lies on top): what an executive reads first. Its n is every
/// group's answers of the latest period with a value, when the results recorded them.
fn with_overall(
    mut series: Vec<LineSeries>,
    periods: &[&OrgSnapshot],
    metric: fn(&Overall) -> Option<f64>,
    answers: fn(&GroupSnapshot) -> u32,
    value_text: fn(f64) -> String,
) -> Vec<LineSeries> {
    let values: Vec<Option<f64>> = periods.iter().map(|s| metric(&s.overall)).collect();
    if let Some(latest) = last(&values) {
        let n: u32 = periods
            .iter()
            .rev()
            .find(|s| metric(&s.overall).is_some())
            .map_or(0, |s| s.groups.values().map(answers).sum());
        series.push(LineSeries {
            label: "All customers (every answer)".into(),
            end_label: if n > 0 {
                format!("All {} (n {n})", value_text(latest))
            } else {
                format!("All {}", value_text(latest))
            },
            values,
            style: OVERALL_STYLE,
        });
    }
    series
}

fn chart(
    title: &str,
    periods: &[&OrgSnapshot],
    series: Vec<LineSeries>,
    (min, max): (f64, f64),
    ticks: Vec<(f64, String)>,
    axis_label: &str,
) -> Block {
    Block::LineChart(LineChart {
        title: title.to_string(),
        categories: periods.iter().map(|s| s.period.to_string()).collect(),
        series,
        min,
        max,
        ticks,
        axis_label: axis_label.to_string(),
    })
}

fn likert_ticks() -> Vec<(f64, String)> {
    (1..=5).map(|v| (f64::from(v), v.to_string())).collect()
}

fn percent_text(v: f64) -> String {
    format!("{}%", num(v, 0))
}

/// Adds a chart (titled), or its title and a sentence when no period has the figures.
fn push_chart(blocks: &mut Vec<Block>, chart: Block, missing: &str) {
    match chart {
        Block::LineChart(c) if c.series.is_empty() => {
            blocks.push(Block::Heading(c.title));
            blocks.push(Block::Paragraph(Paragraph::text(missing)));
        }
        chart => blocks.push(chart),
    }
}

/// The trend section: one line chart per figure across all periods on file.
pub(super) fn trends_section(history: &History<'_>) -> Section {
    let periods = history.periods();
    let first = periods
        .first()
        .map_or(String::new(), |s| s.period.to_string());
    let current = history.current.period.to_string();
    let mut blocks = vec![Block::Paragraph(Paragraph::spans(vec![
        Span::normal(format!(
            "How the figures moved over the {} periods on file, {first} to {current}. Each line is one customer group or category, with its latest value at the right; the heavy black line is all customers together. ",
            periods.len()
        )),
        Span::note(
            "A break in a line means the group did not answer in that period, or nobody answered the question. Scales are fixed, so charts of different reports compare.",
        ),
    ]))];

    push_chart(
        &mut blocks,
        chart(
            "Satisfaction with the PMO by group",
            &periods,
            with_overall(
                group_series(
                    &periods,
                    |g| g.satisfaction,
                    Some(|g| g.satisfaction_answers),
                    |v| num(v, 1),
                ),
                &periods,
                |o| o.satisfaction,
                |g| g.satisfaction_answers,
                |v| num(v, 1),
            ),
            (1.0, 5.0),
            likert_ticks(),
            "satisfaction, mean (1 = very dissatisfied, 5 = very satisfied)",
        ),
        "No group rated its satisfaction in any period on file.",
    );
    push_chart(
        &mut blocks,
        chart(
            "Net Promoter Score by group",
            &periods,
            with_overall(
                group_series(&periods, |g| g.nps, Some(|g| g.nps_answers), signed),
                &periods,
                |o| o.nps,
                |g| g.nps_answers,
                signed,
            ),
            (-100.0, 100.0),
            [-100.0, -50.0, 0.0, 50.0, 100.0]
                .iter()
                .map(|&v| (v, signed(v)))
                .collect(),
            "% promoters (9\u{2013}10) minus % detractors (0\u{2013}6)",
        ),
        "No group answered the recommendation question in any period on file.",
    );
    push_chart(
        &mut blocks,
        chart(
            "Project-management maturity by group",
            &periods,
            group_series(&periods, |g| g.pm_maturity, None, |v| num(v, 1)),
            (1.0, 5.0),
            likert_ticks(),
            "self-assessed maturity, mean (1 = ad hoc, 5 = optimized)",
        ),
        "No group assessed its project-management maturity in any period on file.",
    );

    let categories: Vec<LineSeries> = ServiceCategory::ALL
        .iter()
        .filter_map(|&c| {
            let values: Vec<Option<f64>> = periods
                .iter()
                .map(|s| s.category_maturity.get(&c).map(|m| m.current_percent))
                .collect();
            let latest = last(&values)?;
            Some(LineSeries {
                label: format!("{} services", capitalize(c.as_str())),
                end_label: format!("{} {}", capitalize(c.as_str()), percent_text(latest)),
                values,
                style: category_series(c),
            })
        })
        .collect();
    push_chart(
        &mut blocks,
        chart(
            "Service maturity by category",
            &periods,
            categories,
            (0.0, 100.0),
            [0.0, 25.0, 50.0, 75.0, 100.0]
                .iter()
                .map(|&v| (v, percent_text(v)))
                .collect(),
            "current maturity: sum of levels \u{00F7} (services in the category \u{00D7} 5), %",
        ),
        "No service-maturity assessment was given in any period on file.",
    );

    let count = |p: fn(Priority) -> bool| -> Vec<Option<f64>> {
        periods
            .iter()
            .map(|s| Some(s.services.values().filter(|x| p(x.priority)).count() as f64))
            .collect()
    };
    let must = count(|p| p == Priority::Must);
    let selected = count(Priority::is_selected);
    let end = |label: &str, values: &[Option<f64>]| {
        format!(
            "{label} {}",
            last(values).map_or(String::new(), |v| num(v, 0))
        )
    };
    let services = vec![
        LineSeries {
            label: "Must services".into(),
            end_label: end("Must", &must),
            values: must,
            style: 0,
        },
        LineSeries {
            label: "All offered services (must, should, could)".into(),
            end_label: end("Offered", &selected),
            values: selected,
            style: 1,
        },
    ];
    let top = ServiceKey::COUNT as f64;
    push_chart(
        &mut blocks,
        chart(
            "Services the PMO should offer",
            &periods,
            services,
            (0.0, top),
            [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]
                .iter()
                .map(|&v| (v, num(v, 0)))
                .collect(),
            &format!(
                "number of services, of the {} in the catalog",
                ServiceKey::COUNT
            ),
        ),
        "",
    );
    // No page of its own: each chart is kept whole, so the section flows on below the
    // changes and the report grows by as few pages as the charts need.
    section("Trends across periods", 2, false, blocks)
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::approach::Approach;
    use crate::model::baseline::CoverageScope;
    use crate::model::period::Period;
    use crate::model::recommendation::ControlLevel;
    use crate::model::service::Horizon;
    use crate::model::snapshot::{
        CategoryMaturitySnapshot, ProfileSnapshot, RowCounts, ServiceSnapshot,
    };

    /// A small organization: every service (priority by catalog position), three groups.
    pub(in crate::report::build) fn snapshot(period: &str) -> OrgSnapshot {
        let priorities = [
            Priority::Must,
            Priority::Should,
            Priority::Could,
            Priority::NotNow,
        ];
        let services = ServiceKey::ALL
            .iter()
            .map(|&k| {
                (
                    k,
                    ServiceSnapshot {
                        name: format!("Service {}", k.number()),
                        category: ServiceCategory::ALL[k.index() % 3],
                        score: k.index() as f64,
                        priority: priorities[k.index() % 4],
                        share: None,
                        horizon: Horizon::Short,
                        reasons: Vec::new(),
                    },
                )
            })
            .collect();
        let group = |name: &str, sat: f64, approach: Approach| GroupSnapshot {
            name: name.into(),
            respondents: 10,
            pm_maturity: Some(sat - 1.0),
            satisfaction: Some(sat),
            nps: Some(sat * 10.0 - 30.0),
            nps_answers: 8,
            satisfaction_answers: 8,
            approach,
            service_approaches: BTreeMap::new(),
            reasons: Vec::new(),
        };
        let groups = [
            (
                CustomerGroup::ProjectManager,
                group("Project managers", 3.5, Approach::Supportive),
            ),
            (
                CustomerGroup::Executive,
                group("Executives and senior management", 3.0, Approach::Directive),
            ),
            (
                CustomerGroup::ProjectTeamMember,
                group("Project team members", 4.0, Approach::Consultative),
            ),
        ]
        .into_iter()
        .collect();
        OrgSnapshot {
            id: "acme".into(),
            overall: Default::default(),
            name: "Acme".into(),
            period: Period::parse(period).unwrap(),
            rules_version: "r1".into(),
            baseline_pm_maturity: Some(2.5),
            baseline_inputs: Default::default(),
            profile: ProfileSnapshot {
                coverage_scope: CoverageScope::Divisional,
                control_level: ControlLevel::Controlling,
                category_mix: ServiceCategory::ALL
                    .iter()
                    .map(|&c| (c, 1.0 / 3.0))
                    .collect(),
                labels: vec!["departmental PMO".into()],
            },
            services,
            groups,
            alerts: Vec::new(),
            category_maturity: BTreeMap::new(),
            rows: RowCounts::default(),
            findings: 0,
        }
    }

    #[test]
    fn periods_are_sorted_deduplicated_and_end_with_the_current() {
        let (q1, q2, q3) = (
            snapshot("2026-Q1"),
            snapshot("2026-Q2"),
            snapshot("2026-Q3"),
        );
        let mut q2b = q2.clone();
        q2b.name = "later".into();
        let later = snapshot("2026-Q4");
        let earlier = vec![q2, q1, q2b, later];
        let h = History {
            earlier: &earlier,
            current: &q3,
            changes: None,
        };
        let periods: Vec<String> = h.periods().iter().map(|s| s.period.to_string()).collect();
        assert_eq!(periods, ["2026-Q1", "2026-Q2", "2026-Q3"]);
        assert_eq!(h.periods()[1].name, "later");
        assert_eq!(
            h.previous().map(|s| s.period),
            Period::parse("2026-Q2").ok()
        );
    }

    #[test]
    fn charts_have_a_point_per_period_and_gaps_where_values_are_missing() {
        let q1 = snapshot("2026-Q1");
        let mut q2 = snapshot("2026-Q2");
        q2.groups.remove(&CustomerGroup::Executive);
        let mut q3 = snapshot("2026-Q3");
        q3.overall.satisfaction = Some(3.12);
        q3.category_maturity.insert(
            ServiceCategory::Strategic,
            CategoryMaturitySnapshot {
                current_percent: 40.0,
                target_percent: 80.0,
            },
        );
        let earlier = vec![q1, q2];
        let section = trends_section(&History {
            earlier: &earlier,
            current: &q3,
            changes: None,
        });
        let charts: Vec<&LineChart> = section
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::LineChart(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(charts.len(), 5);
        let satisfaction = charts[0];
        assert_eq!(satisfaction.categories, ["2026-Q1", "2026-Q2", "2026-Q3"]);
        let exec = satisfaction
            .series
            .iter()
            .find(|s| s.style == CustomerGroup::Executive.index() as u8)
            .unwrap();
        assert_eq!(exec.values[1], None);
        let all = satisfaction.series.last().unwrap();
        assert_eq!(all.style, OVERALL_STYLE, "all customers drawn last, on top");
        assert_eq!(all.values, [None, None, Some(3.12)]);
        // Every figure carries its n: the groups' answers of the period the value is from.
        assert_eq!(all.end_label, "All 3.1 (n 24)");
        assert!(exec.end_label.ends_with("(n 8)"), "{}", exec.end_label);
        assert!(
            charts[1].series.iter().all(|s| s.style != OVERALL_STYLE),
            "no overall NPS in any period: no line"
        );
        assert!(exec.values[0].is_some() && exec.values[2].is_some());
        assert_eq!((charts[1].min, charts[1].max), (-100.0, 100.0));
        let strategic = &charts[3].series[0];
        assert_eq!(strategic.values, [None, None, Some(40.0)]);
        assert_eq!(strategic.end_label, "Strategic 40%");
        assert!(charts[4].series[0].end_label.starts_with("Must "));
    }
}
