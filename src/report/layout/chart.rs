//! Simple vector charts: horizontal bars with a label, an optional second value drawn as a
//! lighter bar behind the main one (such as a target), and the value as text.
//!
//! Only rectangles and text: no trigonometry, so nothing here needs `libm`.

use crate::report::display::{Item, RectItem, TextRun};
use crate::report::document::{BarChart, Span};
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::{baseline_in, push_line, Flow};
use crate::report::layout::text::{fit, wrap};
use crate::report::layout::theme;

const ROW_HEIGHT: f64 = 15.0;
const BAR_HEIGHT: f64 = 8.0;
const VALUE_WIDTH: f64 = 90.0;

/// Places a bar chart at the cursor; rows are kept whole across page breaks.
pub fn layout_chart(flow: &mut Flow, chart: &BarChart) {
    let size = theme::TABLE_SIZE;
    let label_width = flow.width() * 0.34;
    let bar_left = flow.left() + label_width + 6.0;
    let bar_room = flow.width() - label_width - 6.0 - VALUE_WIDTH;
    let max = if chart.max > 0.0 { chart.max } else { 1.0 };
    let legend_height = if chart.legend.is_some() {
        ROW_HEIGHT
    } else {
        0.0
    };
    flow.ensure(legend_height + ROW_HEIGHT * chart.bars.len().min(3) as f64);
    for bar in &chart.bars {
        flow.ensure(ROW_HEIGHT);
        let top = flow.y;
        let baseline = baseline_in(top, size, ROW_HEIGHT);
        let label = fit(&bar.label, FontFace::Regular, size, label_width);
        flow.push(Item::Text(TextRun {
            x: flow.left(),
            y: baseline,
            text: label,
            face: FontFace::Regular,
            size,
            color: theme::TEXT,
        }));
        let bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        flow.push(Item::Rect(RectItem {
            x: bar_left,
            y: bar_top,
            width: bar_room,
            height: BAR_HEIGHT,
            fill: Some(theme::ZEBRA),
            stroke: None,
        }));
        if let Some(second) = bar.second {
            let w = bar_room * (second / max).clamp(0.0, 1.0);
            flow.push(Item::Rect(RectItem {
                x: bar_left,
                y: bar_top,
                width: w,
                height: BAR_HEIGHT,
                fill: Some(theme::BAR_SECOND),
                stroke: None,
            }));
        }
        let w = bar_room * (bar.value / max).clamp(0.0, 1.0);
        let inset = if bar.second.is_some() { 2.0 } else { 0.0 };
        flow.push(Item::Rect(RectItem {
            x: bar_left,
            y: bar_top + inset,
            width: w,
            height: BAR_HEIGHT - 2.0 * inset,
            fill: Some(theme::BAR),
            stroke: None,
        }));
        let value = fit(&bar.value_text, FontFace::Regular, size, VALUE_WIDTH - 6.0);
        flow.push(Item::Text(TextRun {
            x: bar_left + bar_room + 6.0,
            y: baseline,
            text: value,
            face: FontFace::Regular,
            size,
            color: theme::TEXT,
        }));
        flow.y = top + ROW_HEIGHT;
    }
    if let Some((main, second)) = &chart.legend {
        flow.ensure(ROW_HEIGHT);
        let top = flow.y;
        let baseline = baseline_in(top, size, ROW_HEIGHT);
        let mut x = bar_left;
        for (text, color) in [(main, theme::BAR), (second, theme::BAR_SECOND)] {
            flow.push(Item::Rect(RectItem {
                x,
                y: top + 4.0,
                width: 8.0,
                height: 8.0,
                fill: Some(color),
                stroke: None,
            }));
            let lines = wrap(
                &[Span::note(text.clone())],
                bar_room / 2.0,
                size,
                &mut flow.warnings,
            );
            if let Some(line) = lines.first() {
                push_line(flow, line, x + 12.0, baseline, size);
            }
            x += 12.0
                + metrics(FontFace::Oblique)
                    .width(text, size)
                    .min(bar_room / 2.0)
                + 16.0;
        }
        flow.y = top + ROW_HEIGHT;
    }
    flow.y += theme::BLOCK_GAP;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::display::PageGeometry;
    use crate::report::document::Bar;

    #[test]
    fn bars_scale_to_the_maximum() {
        let g = PageGeometry {
            width: 400.0,
            height: 400.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        };
        let mut flow = Flow::new(g);
        let chart = BarChart {
            bars: vec![
                Bar {
                    label: "Strategic".into(),
                    value: 50.0,
                    second: Some(100.0),
                    value_text: "50% → 100%".into(),
                },
                Bar {
                    label: "Tactical".into(),
                    value: 25.0,
                    second: None,
                    value_text: "25%".into(),
                },
            ],
            max: 100.0,
            legend: Some(("current".into(), "target".into())),
        };
        layout_chart(&mut flow, &chart);
        let widths: Vec<f64> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect(r) if r.fill == Some(theme::BAR) && r.width != 8.0 => Some(r.width),
                _ => None,
            })
            .collect();
        assert_eq!(widths.len(), 2);
        assert!((widths[0] - 2.0 * widths[1]).abs() < 1e-9);
    }
}
