//! The per-row answer readers of a `Plan`: numeric fields through scales, rankings,
//! multi-select choices, text and dates, each problem a finding through `RowCtx`.
//!
//! Split from `plan` (which resolves the mapping once per file) to keep both readable; it
//! must not resolve selectors or touch files.

use crate::ingest::finding;
use crate::ingest::mapping::{normalize_label, Choices, Ranking};
use crate::ingest::platform::plan::{NumberField, Plan};
use crate::ingest::platform::rows::{hits, DecodedRow, RowCtx};
use crate::ingest::platform::select::Selected;
use crate::ingest::platform::values::{self, date_matches, rank_importance, split_options, Value};
use crate::model::outcome::OutcomeKey;
use crate::model::scale::{Likert, NpsAnswer};

impl Plan {
    /// Every mapped answer into `row`.
    pub fn answers(&self, ctx: &mut RowCtx, row: &mut DecodedRow) {
        let likert = |v: Option<u8>| v.and_then(Likert::new);
        row.respondent.pm_maturity = likert(self.number(ctx, self.maturity.as_ref(), (1, 5), row));
        row.respondent.satisfaction =
            likert(self.number(ctx, self.satisfaction.as_ref(), (1, 5), row));
        row.respondent.nps = self
            .number(ctx, self.nps.as_ref(), (0, 10), row)
            .and_then(NpsAnswer::new);
        for (_, key, field) in &self.outcomes {
            let v = likert(self.number(ctx, Some(field), (1, 5), row));
            let slot = &mut row.respondent.outcomes[key.index()];
            if slot.is_none() {
                *slot = v;
            }
        }
        for (ranking, selected) in &self.rankings {
            self.ranking(ctx, ranking, selected, row);
        }
        for (choices, selected) in &self.choices {
            self.choices(ctx, choices, selected, row);
        }
        row.respondent.comment = self.comment.as_ref().and_then(|s| {
            let v = match s {
                Selected::Constant(v) => v.as_str(),
                s => ctx.cell(s.first()?),
            };
            (!v.is_empty()).then(|| v.to_string())
        });
        for (format, selected) in &self.dates {
            let Some(i) = selected.first() else { continue };
            let raw = ctx.cell(i);
            let skip = raw.is_empty()
                || self.placeholder_date == Some(raw)
                || raw == crate::ingest::platform::redcap::NOT_COMPLETED;
            if !skip && !date_matches(raw, format) {
                ctx.note(
                    finding::BAD_DATE,
                    format!("expected a date like {format:?}, found {raw:?}"),
                    i,
                    format!("a date in the format {format:?}"),
                );
            }
        }
    }

    fn number(
        &self,
        ctx: &mut RowCtx,
        field: Option<&NumberField>,
        range: (u8, u8),
        row: &mut DecodedRow,
    ) -> Option<u8> {
        let field = field?;
        let hits = hits(&field.selected);
        let index = if field.one_of {
            let filled: Vec<usize> = hits
                .iter()
                .map(|h| h.index)
                .filter(|&i| !ctx.cell(i).is_empty())
                .collect();
            if filled.len() > 1 {
                let names: Vec<String> = filled
                    .iter()
                    .map(|&i| ctx.layout.columns[i].display())
                    .collect();
                ctx.note(
                    finding::AMBIGUOUS_ANSWER,
                    format!(
                        "{} columns of a one-answer group are filled: {}",
                        filled.len(),
                        names.join("; ")
                    ),
                    filled[0],
                    "exactly one filled column".into(),
                );
                return None;
            }
            *filled.first()?
        } else {
            hits.first()?.index
        };
        let choices = &ctx.layout.columns[index].choices;
        match values::number(
            ctx.cell(index),
            field.scale.as_ref(),
            range,
            field.reverse,
            self.negative_na,
            choices,
        ) {
            Ok(Value::Number(v)) => Some(v),
            Ok(Value::Blank) => None,
            Ok(Value::NotApplicable) => {
                row.not_applicable.push(ctx.layout.columns[index].display());
                None
            }
            Err(p) => {
                ctx.problem(index, p);
                None
            }
        }
    }

    fn ranking(
        &self,
        ctx: &mut RowCtx,
        ranking: &Ranking,
        selected: &Selected,
        row: &mut DecodedRow,
    ) {
        let top = u32::from(ranking.top.unwrap_or(u8::MAX));
        let mut set = |item: &str, rank: u32, index: usize, ctx: &mut RowCtx| match ranking
            .items
            .iter()
            .find(|(k, _)| normalize_label(k) == normalize_label(item))
        {
            Some((_, key)) => {
                if let Ok(key) = OutcomeKey::parse(key) {
                    if rank <= top {
                        row.respondent.outcomes[key.index()] = Likert::new(rank_importance(rank));
                    }
                }
            }
            None => ctx.note(
                finding::UNKNOWN_OPTION,
                format!("ranked item {item:?} is not in the mapping's items"),
                index,
                "an item listed in the ranking's items".into(),
            ),
        };
        match &ranking.split {
            Some(sep) => {
                let Some(i) = selected.first() else { return };
                let raw = ctx.cell(i).to_string();
                let items: Vec<&str> = raw
                    .split(sep.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                for (n, item) in items.iter().enumerate() {
                    set(item, n as u32 + 1, i, ctx);
                }
            }
            None => {
                for hit in hits(selected) {
                    let raw = ctx.cell(hit.index);
                    if raw.is_empty() {
                        continue;
                    }
                    let item = hit
                        .captures
                        .first()
                        .cloned()
                        .unwrap_or_else(|| ctx.layout.columns[hit.index].label.clone());
                    match crate::ingest::cell::parse_whole(raw.as_bytes()).filter(|&r| r >= 1) {
                        Some(rank) => set(&item, rank, hit.index, ctx),
                        None => ctx.problem(
                            hit.index,
                            crate::ingest::cell::Problem::bad_value("a rank (1, 2, 3…)"),
                        ),
                    }
                }
            }
        }
    }

    fn choices(
        &self,
        ctx: &mut RowCtx,
        choices: &Choices,
        selected: &Selected,
        row: &mut DecodedRow,
    ) {
        let selected_value = Likert::new(choices.selected.unwrap_or(5));
        let unselected_value = choices.unselected.and_then(Likert::new);
        let mut picked: Vec<String> = Vec::new();
        let hits = hits(selected);
        let mut answered = false;
        match &choices.split {
            Some(sep) => {
                let Some(i) = selected.first() else { return };
                let raw = ctx.cell(i);
                answered = !raw.is_empty();
                let options: Vec<&str> = choices.options.keys().map(String::as_str).collect();
                let (found, unknown) = split_options(raw, sep, &options);
                picked.extend(found.iter().map(|s| s.to_string()));
                for piece in unknown {
                    ctx.note(
                        finding::UNKNOWN_OPTION,
                        format!("{piece:?} matches none of the declared options"),
                        i,
                        format!("options joined with {sep:?}: {}", options.join(" | ")),
                    );
                }
            }
            None => {
                for hit in hits {
                    let raw = ctx.cell(hit.index);
                    if raw.is_empty() {
                        continue;
                    }
                    answered = true;
                    if raw == "0" || raw.eq_ignore_ascii_case("unchecked") {
                        continue;
                    }
                    let col = &ctx.layout.columns[hit.index];
                    let option = hit.captures.first().cloned().unwrap_or_else(|| {
                        if col.label.is_empty() {
                            raw.to_string()
                        } else {
                            col.label.clone()
                        }
                    });
                    picked.push(option);
                }
            }
        }
        if answered {
            for (option, key) in &choices.options {
                let Ok(key) = OutcomeKey::parse(key) else {
                    continue;
                };
                let is_picked = picked
                    .iter()
                    .any(|p| normalize_label(p) == normalize_label(option));
                let v = if is_picked {
                    selected_value
                } else {
                    unselected_value
                };
                if v.is_some() && row.respondent.outcomes[key.index()].is_none() {
                    row.respondent.outcomes[key.index()] = v;
                }
            }
        }
        let name = hits
            .first()
            .map(|h| ctx.layout.columns[h.index].question.clone())
            .unwrap_or_default();
        row.selections.push((name, picked));
    }
}
