//! A mapping resolved against one file's layout: which column (or constant) feeds each
//! canonical field, with its scale and lookup, and the per-row readers of those fields.
//!
//! Resolved once per file; per row it only indexes cells. Every cell problem becomes a
//! finding through `RowCtx`; nothing is guessed.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Severity};
use crate::ingest::error::IngestError;
use crate::ingest::finding;
use crate::ingest::group_labels::GroupLabels;
use crate::ingest::mapping::{
    normalize_label, Choices, Column, Filter, IncompletePolicy, Mapping, OutcomeColumn, Ranking,
    Scale,
};
use crate::ingest::platform::rows::{completion_ok, filter_refuses, hits, resolve_one, RowCtx};
use crate::ingest::platform::select::{fill, Hit, Selected};
use crate::ingest::platform::{nearest, values};
use crate::ingest::platform::{Completion, Layout};

mod answers;
use crate::model::customer::CustomerGroup;
use crate::model::organization::OrganizationId;
use crate::model::outcome::OutcomeKey;

/// A lookup table: our key → the labels that mean it.
type Lookup = BTreeMap<String, Vec<String>>;

/// A resolved numeric field.
#[derive(Debug, Clone)]
struct NumberField {
    selected: Selected,
    scale: Option<Scale>,
    reverse: bool,
    one_of: bool,
}

/// A mapping resolved against a layout.
pub(crate) struct Plan {
    pub(crate) incomplete: IncompletePolicy,
    pub(crate) used_columns: BTreeSet<usize>,
    filters: Vec<(Filter, Selected)>,
    complete: Option<Completion>,
    id: Option<Selected>,
    organization: Option<(Selected, Option<Lookup>)>,
    group: (Selected, Option<Lookup>),
    labels: GroupLabels,
    business_unit: Option<Selected>,
    comment: Option<Selected>,
    maturity: Option<NumberField>,
    satisfaction: Option<NumberField>,
    nps: Option<NumberField>,
    outcomes: Vec<(usize, OutcomeKey, NumberField)>,
    rankings: Vec<(Ranking, Selected)>,
    choices: Vec<(Choices, Selected)>,
    dates: Vec<(String, Selected)>,
    negative_na: bool,
    placeholder_date: Option<&'static str>,
}

/// The outcome key text of one column of an `[[outcomes]]` entry: the template filled from
/// the regex captures and `{label}` (the column's row-2 label, issue 15: a SurveyMonkey matrix
/// keyed by its row labels), then looked up in `items` (labels compared as labels are).
/// `None` when `items` maps it to `""`.
fn outcome_text(o: &OutcomeColumn, label: &str, hit: &Hit) -> Option<String> {
    let name = fill(&o.outcome.replace("{label}", label), &hit.captures);
    let wanted = normalize_label(&name);
    let item = o.items.get(&name).or_else(|| {
        o.items
            .iter()
            .find(|(k, _)| normalize_label(k) == wanted)
            .map(|(_, v)| v)
    });
    match item {
        Some(key) if key.is_empty() => None,
        Some(key) => Some(key.clone()),
        None => Some(name),
    }
}

/// The warning for `incomplete = "reject"` on an export with no completion marker (issue 15):
/// without it the setting silently rejected nothing.
fn no_completion_marker(file: &str, layout: &Layout) -> Diagnostic {
    Diagnostic::new(
        finding::NO_COMPLETION_MARKER,
        Severity::Warning,
        format!(
            "incomplete = \"reject\" rejects nothing: a {} export has no completion marker",
            layout.platform
        ),
        crate::diag::Location::File {
            file: file.to_string(),
        },
    )
    .with_expected("a completion marker")
    .with_hint(
        "name the column that marks complete responses: complete = { column = \"…\", any_of = [\"…\"] }",
    )
}

impl Plan {
    /// Resolves every selector; absent optional columns become findings, an absent id or
    /// group column (when the mapping names one) is an error.
    pub(crate) fn resolve(
        file: &str,
        layout: &Layout,
        mapping: &Mapping,
        labels: GroupLabels,
        findings: &mut Vec<Diagnostic>,
    ) -> Result<Plan, IngestError> {
        let mut one =
            |what: &str, c: &Column| resolve_one(file, layout, mapping, what, c, findings);
        let number = |selected: Selected, c: &Column| NumberField {
            selected,
            scale: c
                .scale
                .as_ref()
                .and_then(|s| mapping.scales.get(s))
                .cloned(),
            reverse: c.reverse,
            one_of: c.one_of,
        };
        let lookup = |c: &Column| {
            c.lookup
                .as_ref()
                .and_then(|l| mapping.lookups.get(l))
                .cloned()
        };
        let opt =
            |what: &str,
             c: &Option<Column>,
             one: &mut dyn FnMut(&str, &Column) -> Result<Selected, IngestError>| {
                c.as_ref().map(|c| one(what, c)).transpose()
            };
        let mut filters = Vec::new();
        for f in &mapping.filters {
            filters.push((f.clone(), one("filter", &f.select)?));
        }
        let complete = match &mapping.complete {
            Some(f) => {
                let s = one("complete", &f.select)?;
                s.first().map(|i| Completion::Values(i, f.any_of.clone()))
            }
            None => layout.completion.clone(),
        };
        let no_marker = (mapping.incomplete == IncompletePolicy::Reject && complete.is_none())
            .then(|| no_completion_marker(file, layout));
        let id = opt("respondent_id", &mapping.respondent_id, &mut one)?;
        let organization = match &mapping.organization {
            Some(c) => Some((one("organization", c)?, lookup(c))),
            None => None,
        };
        let group = match &mapping.customer_group {
            Some(c) => (one("customer_group", c)?, lookup(c)),
            None => {
                let i = layout.find_name(&["customer_group"]);
                (
                    Selected::Columns(
                        i.map(|index| crate::ingest::platform::select::Hit {
                            index,
                            captures: vec![],
                        })
                        .into_iter()
                        .collect(),
                    ),
                    None,
                )
            }
        };
        let missing_required = |what: &str, s: &Selected, c: Option<&Column>| {
            matches!(s, Selected::Columns(h) if h.is_empty()).then(|| {
                let mut d = Diagnostic::new(
                    finding::MISSING_COLUMN,
                    Severity::Error,
                    format!("the mapping's {what} matches no column of the export, so no row could be used"),
                    crate::diag::Location::File { file: file.to_string() },
                );
                if let Some(hint) = c.and_then(|c| nearest::hint(layout, mapping.key, c)) {
                    d = d.with_hint(hint);
                }
                IngestError::Invalid(Box::new(d))
            })
        };
        let group_column = mapping.customer_group.as_ref();
        if let Some(e) = missing_required("customer_group", &group.0, group_column) {
            return Err(e);
        }
        let id_column = mapping.respondent_id.as_ref();
        if let Some(e) = id
            .as_ref()
            .and_then(|s| missing_required("respondent_id", s, id_column))
        {
            return Err(e);
        }
        let business_unit = opt("business_unit", &mapping.business_unit, &mut one)?;
        let comment = opt("comment", &mapping.comment, &mut one)?;
        let mut field =
            |what: &str, c: &Option<Column>| -> Result<Option<NumberField>, IngestError> {
                Ok(match c {
                    Some(c) => Some(number(one(what, c)?, c)),
                    None => None,
                })
            };
        let maturity = field("maturity", &mapping.maturity)?;
        let satisfaction = field("satisfaction", &mapping.satisfaction)?;
        let nps = field("nps", &mapping.nps)?;
        let mut outcomes = Vec::new();
        for o in &mapping.outcomes {
            let selected = resolve_one(
                file,
                layout,
                mapping,
                &format!("outcome {}", o.outcome),
                &o.select,
                findings,
            )?;
            for hit in hits(&selected) {
                let Some(key_text) = outcome_text(o, &layout.columns[hit.index].label, hit) else {
                    continue; // an `items` entry "" leaves this matrix row out
                };
                let key = OutcomeKey::parse(&key_text).map_err(|e| {
                    IngestError::invalid(
                        finding::MAPPING,
                        format!("outcome {:?} for column {}: {e}", key_text, hit.index + 1),
                        crate::diag::Location::File {
                            file: file.to_string(),
                        },
                    )
                })?;
                let one_hit = Selected::Columns(vec![hit.clone()]);
                outcomes.push((hit.index, key, number(one_hit, &o.select)));
            }
        }
        let mut rankings = Vec::new();
        for r in &mapping.rankings {
            rankings.push((
                r.clone(),
                resolve_one(file, layout, mapping, "ranking", &r.select, findings)?,
            ));
        }
        let mut choices = Vec::new();
        for c in &mapping.choices {
            choices.push((
                c.clone(),
                resolve_one(file, layout, mapping, "choices", &c.select, findings)?,
            ));
        }
        let mut dates = Vec::new();
        for d in &mapping.dates {
            dates.push((
                d.format.clone(),
                resolve_one(file, layout, mapping, "date", &d.select, findings)?,
            ));
        }
        findings.extend(no_marker);
        let mut plan = Plan {
            incomplete: mapping.incomplete,
            used_columns: BTreeSet::new(),
            filters,
            complete,
            id,
            organization,
            group,
            labels,
            business_unit,
            comment,
            maturity,
            satisfaction,
            nps,
            outcomes,
            rankings,
            choices,
            dates,
            negative_na: layout.negative_na,
            placeholder_date: layout.placeholder_date,
        };
        plan.used_columns = plan
            .all_selected()
            .flat_map(|s| hits(s).iter().map(|h| h.index))
            .collect();
        Ok(plan)
    }

    fn all_selected(&self) -> impl Iterator<Item = &Selected> {
        let numbers = [&self.maturity, &self.satisfaction, &self.nps]
            .into_iter()
            .flatten()
            .map(|n| &n.selected)
            .chain(self.outcomes.iter().map(|(_, _, n)| &n.selected));
        self.id
            .iter()
            .chain(self.organization.iter().map(|(s, _)| s))
            .chain(std::iter::once(&self.group.0))
            .chain(self.business_unit.iter())
            .chain(self.comment.iter())
            .chain(numbers)
            .chain(self.rankings.iter().map(|(_, s)| s))
            .chain(self.choices.iter().map(|(_, s)| s))
    }

    /// The first filter that refuses the row, as a rejection.
    pub fn refused(&self, ctx: &RowCtx) -> Option<Diagnostic> {
        for (filter, selected) in &self.filters {
            let index = selected.first()?;
            let raw = ctx.cell(index);
            if filter_refuses(filter, raw) {
                let mut expected = if filter.any_of.is_empty() {
                    "any value".to_string()
                } else {
                    format!("one of {:?}", filter.any_of)
                };
                if !filter.none_of.is_empty() {
                    expected.push_str(&format!(", not {:?}", filter.none_of));
                }
                return Some(
                    ctx.reject(
                        finding::FILTERED,
                        "row rejected: refused by the mapping's filter",
                        Some(index),
                    )
                    .with_expected(expected),
                );
            }
        }
        None
    }

    /// Whether the response is complete by the platform's (or the mapping's) marker.
    pub fn complete(&self, ctx: &RowCtx) -> bool {
        self.complete.as_ref().is_none_or(|c| completion_ok(c, ctx))
    }

    /// The column of the completion marker, for messages.
    pub fn completion_column(&self) -> Option<usize> {
        match self.complete.as_ref()? {
            Completion::Values(i, _) | Completion::NotBlank(i) => Some(*i),
            Completion::NoneEquals(cols, _) => cols.first().copied(),
        }
    }

    /// The id column (mapping or platform default).
    pub fn id_column(&self) -> Option<usize> {
        self.id.as_ref().and_then(Selected::first)
    }

    /// The respondent id: mapped column, constant, or `row-<n>`.
    pub fn respondent_id(&self, ctx: &RowCtx) -> String {
        match &self.id {
            Some(Selected::Constant(v)) => v.clone(),
            Some(s) => s
                .first()
                .map_or_else(String::new, |i| ctx.cell(i).to_string()),
            None => match ctx.layout.id_column {
                Some(i) => ctx.cell(i).to_string(),
                None => format!("row-{}", ctx.record.row),
            },
        }
    }

    /// The organization: constant, column (through its lookup) or the configured default.
    pub fn organization(
        &self,
        ctx: &RowCtx,
        default: Option<&OrganizationId>,
    ) -> Result<OrganizationId, Box<Diagnostic>> {
        let (text, index) = match &self.organization {
            Some((Selected::Constant(v), _)) => (v.clone(), None),
            Some((s, table)) => match s.first() {
                Some(i) => {
                    let raw = ctx.cell(i);
                    let mapped = table
                        .as_ref()
                        .and_then(|t| values::lookup(raw, t))
                        .unwrap_or(raw);
                    (mapped.to_string(), Some(i))
                }
                None => (String::new(), None),
            },
            None => (String::new(), None),
        };
        if text.trim().is_empty() {
            return default.cloned().ok_or_else(|| {
                Box::new(
                    ctx.reject(finding::MISSING_ORGANIZATION, "row rejected: no organization", index)
                        .with_expected("an organization id")
                        .with_hint("map an organization column, set `organization = { value = \"…\" }`, or name one organization in the configuration"),
                )
            });
        }
        OrganizationId::new(text.trim()).map_err(|e| {
            Box::new(
                ctx.reject(
                    finding::BAD_ORGANIZATION,
                    &format!("row rejected: {e}"),
                    index,
                )
                .with_expected("an organization id of up to 64 letters, digits, '-', '_' or '.'")
                .with_hint("add a lookup that maps this label to an organization id"),
            )
        })
    }

    /// The customer group: constant or column, through the lookup, then keys, names and
    /// configured aliases. Blank or unmatched rejects the row.
    pub fn group(&self, ctx: &RowCtx) -> Result<CustomerGroup, Box<Diagnostic>> {
        let (raw, index) = match &self.group.0 {
            Selected::Constant(v) => (v.as_str(), None),
            s => {
                // Several columns (SurveyMonkey expanded single choice): the one filled cell.
                let filled: Vec<usize> = hits(s)
                    .iter()
                    .map(|h| h.index)
                    .filter(|&i| !ctx.cell(i).is_empty())
                    .collect();
                if filled.len() > 1 {
                    return Err(Box::new(
                        ctx.reject(
                            finding::AMBIGUOUS_ANSWER,
                            &format!(
                                "row rejected: {} customer-group columns are filled",
                                filled.len()
                            ),
                            filled.first().copied(),
                        )
                        .with_expected("exactly one filled column"),
                    ));
                }
                match filled.first().or(s.first().as_ref()) {
                    Some(&i) => (ctx.cell(i), Some(i)),
                    None => ("", None),
                }
            }
        };
        if raw.is_empty() {
            return Err(Box::new(
                ctx.reject(
                    finding::BLANK_GROUP,
                    "row rejected: the customer group is blank",
                    index,
                )
                .with_expected("a customer group"),
            ));
        }
        // A REDCap code also matches through its dictionary label.
        let label = index
            .and_then(|i| ctx.layout.columns[i].choices.iter().find(|(c, _)| c == raw))
            .map(|(_, l)| l.as_str());
        let from_table = self.group.1.as_ref().and_then(|t| {
            values::lookup(raw, t).or_else(|| label.and_then(|l| values::lookup(l, t)))
        });
        let group = match from_table {
            Some(key) => CustomerGroup::parse(key).ok(),
            None => self.labels.find(raw),
        };
        group.ok_or_else(|| {
            let p = self.labels.problem();
            Box::new(
                ctx.reject(
                    finding::UNKNOWN_GROUP,
                    &format!("row rejected: unknown customer group {raw:?}"),
                    index,
                )
                .with_expected(p.expected)
                .with_hint("add the label to the mapping's group lookup"),
            )
        })
    }
}
