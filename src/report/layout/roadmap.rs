//! The roadmap chart: services as rows and quarters as columns, grouped under phase
//! dividers. Each service has a set-up bar over its start quarters, labelled inside with its
//! priority (and `regulatory` where a deadline placed it), then a thin line while it runs as
//! usual; must, should and could differ in fill *and* in the text, so the chart reads in
//! greyscale. The quarter header repeats on every page the chart spans.
//!
//! Plain rectangles, lines and text, placed through `Flow`; nothing here knows about PDF.

use crate::report::display::{Color, Item, LineItem, RectItem, TextRun};
use crate::report::document::RoadmapChart;
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::{baseline_in, Flow};
use crate::report::layout::text::fit;
use crate::report::layout::theme;

const ROW_HEIGHT: f64 = 14.0;
const HEADER_HEIGHT: f64 = 16.0;
const PHASE_HEIGHT: f64 = 13.0;
/// The label column's share of the width at most.
const LABEL_SHARE: f64 = 0.42;

/// Fill and text colour of a style: dark for must, mid for should, outline only for could.
fn style(step: u8) -> (Option<Color>, Color) {
    match step {
        0 => (Some(theme::BAR), theme::HEADER_TEXT),
        1 => (Some(theme::BAR_LIGHT), theme::TEXT),
        _ => (None, theme::TEXT),
    }
}

/// Places a roadmap chart at the cursor.
pub fn layout_roadmap(flow: &mut Flow, chart: &RoadmapChart) {
    let size = theme::TABLE_SIZE_COMPACT + 0.5;
    let regular = metrics(FontFace::Regular);
    let columns = chart.quarters.len().max(1);
    let widest = chart
        .rows
        .iter()
        .map(|r| regular.width(&r.label, size))
        .fold(0.0, f64::max);
    let label_width = (widest + 10.0).min(flow.width() * LABEL_SHARE);
    let cell = (flow.width() - label_width) / columns as f64;
    let grid_left = flow.left() + label_width;
    let grid_right = grid_left + cell * columns as f64;

    flow.ensure(HEADER_HEIGHT + PHASE_HEIGHT + 4.0 * ROW_HEIGHT);
    header(flow, chart, grid_left, cell, size);
    for (index, row) in chart.rows.iter().enumerate() {
        let phase = chart.phases.iter().find(|b| b.before == index);
        let needed = ROW_HEIGHT + phase.map_or(0.0, |_| PHASE_HEIGHT);
        if needed > flow.remaining() {
            flow.new_page();
            header(flow, chart, grid_left, cell, size);
        }
        if let Some(band) = phase {
            let top = flow.y;
            flow.push(Item::Line(LineItem {
                x1: flow.left(),
                y1: top + 0.5,
                x2: grid_right,
                y2: top + 0.5,
                color: theme::ACCENT,
                width: 0.6,
            }));
            flow.push(Item::Text(TextRun {
                x: flow.left(),
                y: baseline_in(top + 1.0, size, PHASE_HEIGHT),
                text: fit(&band.label, FontFace::Bold, size, flow.width()),
                face: FontFace::Bold,
                size,
                color: theme::ACCENT,
            }));
            flow.y = top + PHASE_HEIGHT;
        }
        let top = flow.y;
        let baseline = baseline_in(top, size, ROW_HEIGHT);
        flow.push(Item::Text(TextRun {
            x: flow.left(),
            y: baseline,
            text: fit(&row.label, FontFace::Regular, size, label_width - 6.0),
            face: FontFace::Regular,
            size,
            color: theme::TEXT,
        }));
        let start = row.start.min(columns - 1);
        let end = (start + row.span.max(1)).min(columns);
        let x = grid_left + start as f64 * cell;
        let width = (end - start) as f64 * cell;
        let (fill, text_color) = style(row.style);
        flow.push(Item::Rect(RectItem {
            x: x + 1.0,
            y: top + 2.0,
            width: width - 2.0,
            height: ROW_HEIGHT - 4.0,
            fill,
            stroke: Some((theme::BAR, 0.6)),
        }));
        flow.push(Item::Text(TextRun {
            x: x + 4.0,
            y: baseline,
            text: fit(&row.bar_text, FontFace::Regular, size - 0.5, width - 8.0),
            face: FontFace::Regular,
            size: size - 0.5,
            color: text_color,
        }));
        if end < columns {
            // Running as usual after set-up: a thin line to the chart's end.
            let mid = top + ROW_HEIGHT / 2.0;
            flow.push(Item::Line(LineItem {
                x1: x + width - 1.0,
                y1: mid,
                x2: grid_right - 1.0,
                y2: mid,
                color: theme::MUTED,
                width: 0.8,
            }));
        }
        flow.y = top + ROW_HEIGHT;
    }
    flow.y += 6.0;
    legend(flow, chart, size);
    flow.y += theme::BLOCK_GAP;
}

/// `2026-Q4` as `Q4 ’26`; any other label unchanged.
fn compact_quarter(label: &str) -> String {
    match label.split_once("-Q") {
        Some((year, q)) if year.len() == 4 && q.len() == 1 => {
            format!("Q{q} \u{2019}{}", &year[2..])
        }
        _ => label.to_string(),
    }
}

/// Quarter labels over the grid, with light column rules down to the header's foot.
fn header(flow: &mut Flow, chart: &RoadmapChart, grid_left: f64, cell: f64, size: f64) {
    let top = flow.y;
    let baseline = baseline_in(top, size, HEADER_HEIGHT);
    let bold = metrics(FontFace::Bold);
    for (col, label) in chart.quarters.iter().enumerate() {
        let x = grid_left + col as f64 * cell;
        // Eight quarters leave no room for "2026-Q4": "Q4 ’26" says the same in fewer glyphs.
        let text = if bold.width(label, size) <= cell - 2.0 {
            label.clone()
        } else {
            fit(&compact_quarter(label), FontFace::Bold, size, cell - 2.0)
        };
        let w = bold.width(&text, size);
        flow.push(Item::Rect(RectItem {
            x: x + 0.5,
            y: top,
            width: cell - 1.0,
            height: HEADER_HEIGHT - 2.0,
            fill: Some(theme::ZEBRA),
            stroke: None,
        }));
        flow.push(Item::Text(TextRun {
            x: x + (cell - w) / 2.0,
            y: baseline - 1.0,
            text,
            face: FontFace::Bold,
            size,
            color: theme::ACCENT,
        }));
    }
    flow.y = top + HEADER_HEIGHT;
}

/// The styles as swatches with their meaning, then a note on the thin line.
fn legend(flow: &mut Flow, chart: &RoadmapChart, size: f64) {
    let regular = metrics(FontFace::Regular);
    let swatch = 18.0;
    flow.ensure(ROW_HEIGHT * 2.0);
    let top = flow.y;
    let baseline = baseline_in(top, size, ROW_HEIGHT);
    let mut x = flow.left();
    for (step, meaning) in &chart.legend {
        let (fill, _) = style(*step);
        let w = swatch + 4.0 + regular.width(meaning, size) + 10.0;
        if x + w > flow.left() + flow.width() {
            break;
        }
        flow.push(Item::Rect(RectItem {
            x: x + 0.5,
            y: top + 2.0,
            width: swatch,
            height: ROW_HEIGHT - 4.0,
            fill,
            stroke: Some((theme::BAR, 0.6)),
        }));
        flow.push(Item::Text(TextRun {
            x: x + swatch + 4.0,
            y: baseline,
            text: meaning.clone(),
            face: FontFace::Regular,
            size,
            color: theme::TEXT,
        }));
        x += w;
    }
    flow.y = top + ROW_HEIGHT;
}

#[cfg(test)]
mod tests {
    use super::compact_quarter;

    #[test]
    fn quarters_shorten_only_when_they_are_quarters() {
        assert_eq!(compact_quarter("2026-Q4"), "Q4 \u{2019}26");
        assert_eq!(compact_quarter("later"), "later");
    }
}
