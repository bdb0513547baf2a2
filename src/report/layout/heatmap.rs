//! The approach heat map: rows (services) × columns (customer groups) of cells filled from an
//! ordered six-step scale and labelled with the step's short text, so the map reads in
//! greyscale and for colour-blind readers; the column header repeats on every page it spans,
//! and the legend shows the scale in order.
//!
//! Plain rectangles and text, placed through `Flow`; nothing here knows about PDF.

use crate::report::display::{Item, RectItem, TextRun};
use crate::report::document::{HeatMap, Span};
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::{baseline_in, push_line, Flow};
use crate::report::layout::text::{fit, wrap};
use crate::report::layout::theme;

const ROW_HEIGHT: f64 = 13.0;
const HEADER_HEIGHT: f64 = 16.0;
const MAX_CELL: f64 = 58.0;

/// Places a heat map at the cursor.
pub fn layout_heatmap(flow: &mut Flow, map: &HeatMap) {
    let size = theme::TABLE_SIZE_COMPACT + 0.5;
    let regular = metrics(FontFace::Regular);
    let columns = map.columns.len().max(1) as f64;
    let widest = map
        .rows
        .iter()
        .map(|r| regular.width(r, size))
        .fold(0.0, f64::max);
    let cell = ((flow.width() - (widest + 12.0).min(flow.width() * 0.5)) / columns).min(MAX_CELL);
    let label_width = flow.width() - cell * columns;
    let grid_left = flow.left() + label_width;

    flow.ensure(HEADER_HEIGHT + 6.0 * ROW_HEIGHT);
    header(flow, map, grid_left, cell, size);
    for (row, label) in map.rows.iter().enumerate() {
        if ROW_HEIGHT > flow.remaining() {
            flow.new_page();
            header(flow, map, grid_left, cell, size);
        }
        let top = flow.y;
        let baseline = baseline_in(top, size, ROW_HEIGHT);
        flow.push(Item::Text(TextRun {
            x: flow.left(),
            y: baseline,
            text: fit(label, FontFace::Regular, size, label_width - 8.0),
            face: FontFace::Regular,
            size,
            color: theme::TEXT,
        }));
        for (col, value) in map.cells.get(row).into_iter().flatten().enumerate() {
            let x = grid_left + col as f64 * cell;
            let Some((step, text)) = value else {
                flow.push(centered(
                    x,
                    cell,
                    baseline,
                    "\u{2013}".into(),
                    size,
                    theme::MUTED,
                    FontFace::Regular,
                ));
                continue;
            };
            let step = usize::from(*step).min(theme::HEAT.len() - 1);
            flow.push(Item::Rect(RectItem {
                x: x + 0.5,
                y: top + 0.5,
                width: cell - 1.0,
                height: ROW_HEIGHT - 1.0,
                fill: Some(theme::HEAT[step]),
                stroke: None,
            }));
            let color = if step >= 3 {
                theme::HEADER_TEXT
            } else {
                theme::TEXT
            };
            flow.push(centered(
                x,
                cell,
                baseline,
                fit(text, FontFace::Regular, size, cell - 4.0),
                size,
                color,
                FontFace::Regular,
            ));
        }
        flow.y = top + ROW_HEIGHT;
    }
    flow.y += 6.0;
    legend(flow, map, size);
    flow.y += theme::BLOCK_GAP;
}

fn centered(
    x: f64,
    width: f64,
    baseline: f64,
    text: String,
    size: f64,
    color: crate::report::display::Color,
    face: FontFace,
) -> Item {
    let w = metrics(face).width(&text, size);
    Item::Text(TextRun {
        x: x + (width - w) / 2.0,
        y: baseline,
        text,
        face,
        size,
        color,
    })
}

fn header(flow: &mut Flow, map: &HeatMap, grid_left: f64, cell: f64, size: f64) {
    let top = flow.y;
    let baseline = baseline_in(top, size, HEADER_HEIGHT);
    for (col, label) in map.columns.iter().enumerate() {
        let x = grid_left + col as f64 * cell;
        let text = fit(label, FontFace::Bold, size, cell - 2.0);
        flow.push(centered(
            x,
            cell,
            baseline,
            text,
            size,
            theme::ACCENT,
            FontFace::Bold,
        ));
    }
    flow.y = top + HEADER_HEIGHT;
}

/// The ordered scale as swatches in one row (wrapping when needed), then the column legend.
fn legend(flow: &mut Flow, map: &HeatMap, size: f64) {
    let regular = metrics(FontFace::Regular);
    let swatch = 32.0;
    let mut x = flow.left();
    flow.ensure(ROW_HEIGHT * 2.0 + 20.0);
    let mut top = flow.y;
    let arrow = "Scale, from most customer autonomy to least:";
    let width = flow.width();
    let title = wrap(&[Span::note(arrow)], width, size);
    if let Some(line) = title.first() {
        push_line(flow, line, x, baseline_in(top, size, ROW_HEIGHT), size);
    }
    top += ROW_HEIGHT + 2.0;
    for (step, (short, meaning)) in map.scale.iter().enumerate() {
        let w = swatch + 4.0 + regular.width(meaning, size) + 9.0;
        if x + w > flow.left() + flow.width() {
            x = flow.left();
            top += ROW_HEIGHT + 3.0;
        }
        let fill = theme::HEAT[step.min(theme::HEAT.len() - 1)];
        // Inset by half the stroke so the outline stays inside the margin.
        flow.push(Item::Rect(RectItem {
            x: x + 0.2,
            y: top,
            width: swatch - 0.4,
            height: ROW_HEIGHT - 1.0,
            fill: Some(fill),
            stroke: Some((theme::RULE, 0.4)),
        }));
        let color = if step >= 3 {
            theme::HEADER_TEXT
        } else {
            theme::TEXT
        };
        let baseline = baseline_in(top, size, ROW_HEIGHT - 1.0);
        flow.push(centered(
            x,
            swatch,
            baseline,
            short.clone(),
            size,
            color,
            FontFace::Regular,
        ));
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
    flow.y = top + ROW_HEIGHT + 6.0;
    if !map.column_legend.is_empty() {
        let mut spans = vec![Span::note("Columns: ")];
        let parts: Vec<String> = map
            .column_legend
            .iter()
            .map(|(s, f)| format!("{s} = {f}"))
            .collect();
        spans.push(Span::note(parts.join("; ")));
        let lines = wrap(&spans, flow.width().min(theme::MEASURE + 40.0), size);
        let x = flow.left();
        flow.place_lines(lines, x, size, size * theme::LEADING);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::display::PageGeometry;

    #[test]
    fn cells_are_filled_by_step_and_labelled() {
        let mut flow = Flow::new(PageGeometry {
            width: 400.0,
            height: 600.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        });
        let map = HeatMap {
            rows: vec!["Risk management".into()],
            columns: vec!["PjM".into(), "Exec".into()],
            cells: vec![vec![Some((0, "CONS".into())), Some((5, "MNGD".into()))]],
            scale: (0..6)
                .map(|i| (format!("S{i}"), format!("step {i}")))
                .collect(),
            column_legend: vec![("PjM".into(), "Project managers".into())],
        };
        layout_heatmap(&mut flow, &map);
        let fills: Vec<_> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect(r) if r.height == ROW_HEIGHT - 1.0 && r.stroke.is_none() => r.fill,
                _ => None,
            })
            .collect();
        assert_eq!(fills, [theme::HEAT[0], theme::HEAT[5]]);
        let texts: Vec<&str> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"MNGD") && texts.contains(&"step 5"));
        for item in &flow.pages[0].items {
            let (l, _, r, _) = item.bounds();
            assert!(l >= 19.99 && r <= 380.01, "{item:?}");
        }
    }
}
