//! A draft PMO charter, complete enough to sign: vision and mission, the mandate (why, scope,
//! primary customers), objectives with baselines, targets and dates, governance (who and
//! when), strategy (what and how: the phases and the path to autonomy), the initial service
//! catalogue with service levels, resources (our estimate), roles and a RACI summary, success
//! measures, how it is reviewed, and an approval block.
//!
//! It is labelled a draft to discuss: the wording turns results into proposals, and the PMO
//! lead, sponsor and customer groups decide. The content is built as data first
//! (`content.rs` → `CharterJson`), so the JSON carries the same charter; this file draws it.

mod content;
mod levels;
mod resources;

pub use content::charter_json;

use crate::model::recommendation::ServiceDecision;
use crate::model::service::{Horizon, Priority};
use crate::report::build::{col, num, section};
use crate::report::document::{Align, Block, Cell, Paragraph, Section, Span, Table};
use crate::report::json::charter::CharterJson;

/// The roadmap phase of a service by its horizon alone (the group briefs' short form; the
/// charter and the roadmap chapter use the sequenced roadmap).
pub(super) fn phase(s: &ServiceDecision) -> (u8, &'static str) {
    match s.horizon {
        Horizon::Short => (1, "Phase 1: next quarter"),
        Horizon::Medium => (2, "Phase 2: within two to three quarters"),
        Horizon::Long => (3, "Phase 3: within a year and beyond"),
    }
}

fn table(columns: &[(&str, f64)], rows: Vec<Vec<Cell>>, compact: bool) -> Block {
    Block::Table(Table {
        columns: columns
            .iter()
            .map(|(h, w)| col(h, *w, Align::Left))
            .collect(),
        rows,
        compact,
    })
}

/// The charter's sections, drawn from its data.
pub(super) fn charter_sections(c: &CharterJson) -> Vec<Section> {
    let mut sections = vec![section(
        "Draft PMO charter",
        1,
        true,
        vec![
            Block::Callout { draft: true, text: Paragraph::spans(vec![
                Span::strong("Draft to discuss. "),
                Span::normal("This charter is assembled from the survey results and the recommendations. It is a starting point for the PMO lead, the sponsor and the customer groups to change and agree, not an approved document."),
            ]) },
            Block::Facts(vec![
                ("Vision".into(), c.vision.clone()),
                ("Mission".into(), c.mission.clone()),
            ]),
            Block::Paragraph(Paragraph::text(
                "It follows the three structural components of the PMO Value Ring: the mandate says why the PMO exists and for whom, governance says who decides and when, and the strategy says what the PMO offers and how it grows.",
            )),
        ],
    )];

    sections.push(section(
        "Mandate",
        2,
        false,
        vec![Block::Facts(vec![
            ("Purpose".into(), c.mandate.purpose.clone()),
            ("Authority".into(), c.mandate.authority.clone()),
            ("Coverage scope".into(), c.mandate.coverage_scope.clone()),
            ("Scope".into(), c.mandate.scope.clone()),
            (
                "Primary customers".into(),
                c.mandate.primary_customers.join(", "),
            ),
        ])],
    ));

    if !c.objectives.is_empty() {
        sections.push(section(
            "Objectives",
            2,
            false,
            vec![
                Block::Paragraph(Paragraph::spans(vec![
                    Span::normal("From the outcomes customers rate highest, each with a measure of the value delivered. "),
                    Span::note("The measures and targets are our proposals; a baseline the survey does not give is measured in the first quarter, never assumed."),
                ])),
                table(
                    &[("Objective", 2.2), ("Value-delivery measure", 2.6), ("Baseline", 1.7), ("Target", 1.5), ("By", 0.8)],
                    c.objectives
                        .iter()
                        .map(|o| {
                            vec![
                                Cell::text(if o.importance.is_empty() {
                                    o.objective.clone()
                                } else {
                                    format!("{} ({})", o.objective, o.importance)
                                }),
                                Cell::text(o.measure.clone()),
                                Cell::text(o.baseline.clone()),
                                Cell::text(o.target.clone()),
                                Cell::text(o.by.clone()),
                            ]
                        })
                        .collect(),
                    true,
                ),
            ],
        ));
    }

    let g = &c.governance;
    sections.push(section(
        "Governance",
        2,
        false,
        vec![
            Block::Facts(vec![
                ("Sponsor".into(), g.sponsor.clone()),
                ("Decision rights".into(), g.decision_rights.clone()),
                ("Escalation".into(), g.escalation.clone()),
                ("Review cadence".into(), g.cadence.clone()),
            ]),
            Block::Paragraph(Paragraph::spans(vec![Span::note(g.note.clone())])),
        ],
    ));

    let mut strategy = vec![Block::Paragraph(Paragraph::text(
        "Quick wins come first, to show value early and earn trust; the other services follow in the order of the Roadmap chapter, as the PMO and its customers mature.",
    ))];
    if !c.strategy.phases.is_empty() {
        strategy.push(table(
            &[("Phase", 1.6), ("Services that start", 5.0)],
            c.strategy
                .phases
                .iter()
                .map(|p| {
                    vec![
                        Cell::strong(p.label.clone()),
                        Cell::text(p.services.join(", ")),
                    ]
                })
                .collect(),
            false,
        ));
    }
    if !c.strategy.autonomy.is_empty() {
        strategy.push(Block::Heading("Toward more autonomy".into()));
        strategy.push(Block::Bullets(
            c.strategy
                .autonomy
                .iter()
                .map(|a| {
                    Paragraph::spans(vec![
                        Span::strong(format!("{}: ", a.group)),
                        Span::normal(a.text.clone()),
                    ])
                })
                .collect(),
        ));
    }
    sections.push(section("Strategy and roadmap", 2, false, strategy));

    let mut catalogue = if c.catalogue.is_empty() {
        vec![Block::Paragraph(Paragraph::text(
            "No must or should service was selected; agree the first services with the sponsor.",
        ))]
    } else {
        vec![
            Block::Paragraph(Paragraph::text(
                if c.catalogue
                    .iter()
                    .any(|row| row.priority == super::priority_text(Priority::Could))
                {
                    "The must and should services, and the could services they build on, which start with them as groundwork; the other could services join when capacity allows."
                } else {
                    "The must and should services; the could services join when capacity allows."
                },
            )),
            table(
                &[
                    ("#", 0.5),
                    ("Service", 3.2),
                    ("Category", 1.2),
                    ("Priority", 0.9),
                    ("Horizon", 1.1),
                    ("Starts", 0.9),
                ],
                c.catalogue
                    .iter()
                    .map(|r| {
                        vec![
                            Cell::text(format!("S{}", r.number)),
                            Cell::text(r.service.clone()),
                            Cell::text(r.category.clone()),
                            Cell::text(r.priority.clone()),
                            Cell::text(r.horizon.clone()),
                            Cell::text(r.starts.clone()),
                        ]
                    })
                    .collect(),
                true,
            ),
        ]
    };
    if !c.service_levels.is_empty() {
        catalogue.push(Block::Heading("Service levels of the must services".into()));
        catalogue.push(Block::Bullets(
            c.service_levels
                .iter()
                .map(|l| {
                    Paragraph::spans(vec![
                        Span::strong(format!("{}: ", l.service)),
                        Span::normal(format!("{}.", l.level)),
                    ])
                })
                .collect(),
        ));
        catalogue.push(Block::Paragraph(Paragraph::spans(vec![Span::note(
            "Proposed service levels, ours, to agree with each customer group before they are published.",
        )])));
    }
    sections.push(section("Initial service catalogue", 2, false, catalogue));

    let r = &c.resources;
    sections.push(section(
        "Resources",
        2,
        false,
        vec![
            Block::Facts(vec![
                (
                    "PMO headcount (our estimate)".into(),
                    if r.fte_low == r.fte_high {
                        format!(
                            "{} full-time equivalent, the PMO lead included",
                            num(r.fte_low, 1)
                        )
                    } else {
                        format!(
                            "{} to {} full-time equivalents, the PMO lead included",
                            num(r.fte_low, 1),
                            num(r.fte_high, 1)
                        )
                    },
                ),
                ("Budget".into(), r.budget.clone()),
            ]),
            table(
                &[("Counted", 3.0), ("FTE", 1.0), ("Scaling", 4.0)],
                r.services
                    .iter()
                    .map(|s| {
                        vec![
                            Cell::text(s.service.clone()),
                            Cell::text(format!(
                                "{}\u{2013}{}",
                                num(s.fte_low, 1),
                                num(s.fte_high, 1)
                            )),
                            Cell::text(s.scaling.clone()),
                        ]
                    })
                    .collect(),
                true,
            ),
            Block::Paragraph(Paragraph::spans(vec![Span::note(r.basis.clone())])),
        ],
    ));

    let raci_columns: Vec<(&str, f64)> = std::iter::once(("Activity", 3.4))
        .chain(c.raci.roles.iter().map(|r| (r.as_str(), 1.0)))
        .collect();
    sections.push(section(
        "Roles and responsibilities",
        2,
        false,
        vec![
            table(
                &[("Role", 2.2), ("Who", 1.8), ("Answers for", 4.0)],
                c.roles
                    .iter()
                    .map(|r| vec![Cell::strong(r.role.clone()), Cell::text(r.who.clone()), Cell::text(r.responsibilities.clone())])
                    .collect(),
                true,
            ),
            Block::Heading("RACI summary".into()),
            table(
                &raci_columns,
                c.raci
                    .rows
                    .iter()
                    .map(|row| {
                        std::iter::once(Cell::text(row.activity.clone()))
                            .chain(row.assignments.iter().map(|a| Cell::text(a.clone())))
                            .collect()
                    })
                    .collect(),
                true,
            ),
            Block::Paragraph(Paragraph::spans(vec![Span::note(
                "R responsible (does the work), A accountable (one per activity, decides), C consulted, I informed.",
            )])),
        ],
    ));

    sections.push(section(
        "Success measures",
        2,
        false,
        vec![
            Block::Paragraph(Paragraph::spans(vec![
                Span::normal("How the sponsor and the customers will see whether the PMO is valued, beside the value-delivery measures of the objectives. "),
                Span::note(c.success_note.clone()),
            ])),
            table(
                &[("Measure", 3.0), ("Today", 1.0), ("Target for next year", 2.0)],
                c.success_measures
                    .iter()
                    .map(|m| vec![Cell::text(m.measure.clone()), Cell::text(m.today.clone()), Cell::text(m.target.clone())])
                    .collect(),
                false,
            ),
        ],
    ));

    sections.push(section(
        "Review and update",
        2,
        false,
        vec![Block::Bullets(
            c.review
                .iter()
                .map(|t| Paragraph::text(t.clone()))
                .collect(),
        )],
    ));

    // Lines to sign on: the table's rows are the block a sponsor fills in by hand.
    let line = "_".repeat(14);
    sections.push(section(
        "Approval",
        2,
        false,
        vec![
            Block::Paragraph(Paragraph::text(c.approval.statement.clone())),
            table(
                &[
                    ("Role", 1.4),
                    ("Name", 2.4),
                    ("Signature", 2.4),
                    ("Date", 1.4),
                ],
                c.approval
                    .signatories
                    .iter()
                    .map(|role| {
                        vec![
                            Cell::strong(role.clone()),
                            Cell::text(line.clone()),
                            Cell::text(line.clone()),
                            Cell::text("_".repeat(8)),
                        ]
                    })
                    .collect(),
                false,
            ),
        ],
    ));
    sections
}
