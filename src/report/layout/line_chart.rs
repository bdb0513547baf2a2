//! Line charts drawn as vectors: values over ordered categories (report periods) on a fixed
//! value range, with horizontal gridlines, category labels under the plot, a legend above it
//! and a direct label at each line's last point.
//!
//! Lines differ in colour, dash pattern *and* marker shape, so a chart still reads printed in
//! greyscale; the same style index looks the same in every chart (a customer group keeps its
//! look across the trend charts). A missing value leaves a gap: no marker, and no segment to
//! or from it. Dashes are drawn as short straight lines (the display list has no dash
//! pattern), markers as rectangles and lines, so nothing here needs trigonometry or `libm`.
//! A chart is kept whole on one page.

mod style;

use style::{line, push_dashed, push_marker, MARKER};

use crate::report::display::{Color, Item, TextRun};
use crate::report::document::LineChart;
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::{baseline_in, Flow};
use crate::report::layout::text::fit;
use crate::report::layout::theme;

/// Height of the plot area.
const PLOT_HEIGHT: f64 = 112.0;
/// One row of legend entries.
const LEGEND_ROW: f64 = 13.0;
/// The axis label's row above the plot.
const AXIS_LABEL_ROW: f64 = 14.0;
/// Category labels under the plot.
const CATEGORY_ROW: f64 = 16.0;
/// Legend swatch length.
const SWATCH: f64 = 20.0;

fn text(x: f64, y: f64, text: String, face: FontFace, size: f64, color: Color) -> Item {
    Item::Text(TextRun {
        x,
        y,
        text,
        face,
        size,
        color,
    })
}

/// Spreads label baselines (sorted by wanted position) at least `gap` apart within
/// `[low, high]`, moving each as little as the order allows.
fn spread(wanted: &[f64], gap: f64, low: f64, high: f64) -> Vec<f64> {
    let mut placed: Vec<f64> = Vec::with_capacity(wanted.len());
    for &w in wanted {
        let floor = placed.last().map_or(low, |&p| p + gap);
        placed.push(w.max(floor));
    }
    // Push back up from the bottom when the last labels ran past it.
    let mut ceiling = high;
    for p in placed.iter_mut().rev() {
        *p = p.min(ceiling);
        ceiling = *p - gap;
    }
    placed
}

/// The height a legend of these labels takes at this width.
fn legend_rows(chart: &LineChart, width: f64, size: f64) -> Vec<Vec<usize>> {
    let m = metrics(FontFace::Regular);
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut x = 0.0;
    for (i, s) in chart.series.iter().enumerate() {
        let w = SWATCH + 5.0 + m.width(&s.label, size).min(width - SWATCH - 5.0) + 14.0;
        match rows.last_mut() {
            Some(row) if x + w <= width => row.push(i),
            _ => {
                rows.push(vec![i]);
                x = 0.0;
            }
        }
        x += w;
    }
    rows
}

/// Places a line chart at the cursor, whole on one page.
pub fn layout_line_chart(flow: &mut Flow, chart: &LineChart) {
    let size = theme::TABLE_SIZE;
    let small = size - 1.0;
    let regular = metrics(FontFace::Regular);
    let left = flow.left();
    let right = left + flow.width();
    let legend = legend_rows(chart, flow.width(), size);
    // The title is set like a sub-heading (5 pt above, one line, 1 pt below).
    let title_row = if chart.title.is_empty() {
        0.0
    } else {
        6.0 + theme::HEADING_SIZE * theme::LEADING
    };
    let total =
        title_row + legend.len() as f64 * LEGEND_ROW + AXIS_LABEL_ROW + PLOT_HEIGHT + CATEGORY_ROW;
    flow.ensure(total + theme::BLOCK_GAP);
    let mut items = Vec::new();

    let mut y = flow.y;
    if !chart.title.is_empty() {
        let heading = theme::HEADING_SIZE;
        items.push(text(
            left,
            baseline_in(y + 5.0, heading, heading * theme::LEADING),
            fit(&chart.title, FontFace::Bold, heading, right - left),
            FontFace::Bold,
            heading,
            theme::ACCENT,
        ));
        y += title_row;
    }
    // Legend rows: a swatch of the line with its marker, then the name.
    for row in &legend {
        let mut x = left;
        let baseline = baseline_in(y, size, LEGEND_ROW);
        for &i in row {
            let s = &chart.series[i];
            let mid = y + LEGEND_ROW / 2.0;
            push_dashed(&mut items, (x, mid), (x + SWATCH, mid), s.style);
            push_marker(&mut items, x + SWATCH / 2.0, mid, s.style);
            let label = fit(&s.label, FontFace::Regular, size, right - x - SWATCH - 5.0);
            let w = regular.width(&label, size);
            items.push(text(
                x + SWATCH + 5.0,
                baseline,
                label,
                FontFace::Regular,
                size,
                theme::TEXT,
            ));
            x += SWATCH + 5.0 + w + 14.0;
        }
        y += LEGEND_ROW;
    }

    // Geometry: tick labels on the left, direct labels on the right.
    let tick_width = chart
        .ticks
        .iter()
        .map(|(_, t)| regular.width(t, small))
        .fold(0.0, f64::max);
    let plot_left = left + tick_width + 6.0;
    let widest_end = chart
        .series
        .iter()
        .map(|s| regular.width(&s.end_label, small))
        .fold(0.0, f64::max);
    let label_room = (widest_end + MARKER + 12.0).min(flow.width() * 0.3);
    let plot_right = right - label_room;
    let plot_width = (plot_right - plot_left).max(40.0);
    if !chart.axis_label.is_empty() {
        let label = fit(&chart.axis_label, FontFace::Oblique, small, right - left);
        items.push(text(
            left,
            baseline_in(y, small, AXIS_LABEL_ROW - 2.0),
            label,
            FontFace::Oblique,
            small,
            theme::MUTED,
        ));
    }
    let plot_top = y + AXIS_LABEL_ROW;
    let plot_bottom = plot_top + PLOT_HEIGHT;
    let (min, max) = if chart.max > chart.min {
        (chart.min, chart.max)
    } else {
        (0.0, 1.0)
    };
    let y_of = |v: f64| plot_top + (max - v.clamp(min, max)) / (max - min) * PLOT_HEIGHT;
    let n = chart.categories.len().max(1);
    let step = plot_width / n as f64;
    let x_of = |i: usize| plot_left + (i as f64 + 0.5) * step;

    // Gridlines with their labels, the zero line stronger when the range spans zero.
    for (value, label) in &chart.ticks {
        let gy = y_of(*value);
        let zero = *value == 0.0 && min < 0.0;
        items.push(line(
            plot_left,
            gy,
            plot_left + plot_width,
            gy,
            if zero { theme::MUTED } else { theme::GRID },
            if zero { 0.8 } else { 0.4 },
        ));
        let w = regular.width(label, small);
        items.push(text(
            plot_left - 4.0 - w,
            gy + regular.ascent(small) / 2.0 - 0.5,
            label.clone(),
            FontFace::Regular,
            small,
            theme::MUTED,
        ));
    }
    items.push(line(
        plot_left,
        plot_bottom,
        plot_left + plot_width,
        plot_bottom,
        theme::MUTED,
        0.6,
    ));
    // Many periods: label every k-th one (counted back from the newest, which is always
    // labelled) rather than shorten every label past reading.
    let widest_category = chart
        .categories
        .iter()
        .map(|c| regular.width(c, small))
        .fold(0.0, f64::max);
    let every = ((widest_category + 6.0) / step).ceil().max(1.0) as usize;
    let newest = chart.categories.len().saturating_sub(1);
    for (i, category) in chart.categories.iter().enumerate() {
        let x = x_of(i);
        items.push(line(
            x,
            plot_bottom,
            x,
            plot_bottom + 3.0,
            theme::MUTED,
            0.6,
        ));
        if !(newest - i).is_multiple_of(every) {
            continue;
        }
        let label = fit(
            category,
            FontFace::Regular,
            small,
            step * every as f64 - 2.0,
        );
        let w = regular.width(&label, small);
        items.push(text(
            (x - w / 2.0).clamp(left, right - w),
            plot_bottom + 4.0 + regular.ascent(small),
            label,
            FontFace::Regular,
            small,
            theme::TEXT,
        ));
    }

    // Lines, then markers on top, then the direct labels.
    let point = |i: usize, v: Option<f64>| v.map(|v| (x_of(i), y_of(v)));
    for s in &chart.series {
        for (i, pair) in s.values.windows(2).enumerate() {
            if let (Some(a), Some(b)) = (point(i, pair[0]), point(i + 1, pair[1])) {
                push_dashed(&mut items, a, b, s.style);
            }
        }
    }
    let mut ends: Vec<(f64, usize)> = Vec::new();
    for (k, s) in chart.series.iter().enumerate() {
        for (i, v) in s.values.iter().enumerate().take(n) {
            if let Some((x, y)) = point(i, *v) {
                push_marker(&mut items, x, y, s.style);
            }
        }
        let last = s.values.iter().take(n).rposition(Option::is_some);
        if let Some(y) = last.and_then(|i| point(i, s.values[i])).map(|p| p.1) {
            ends.push((y, k));
        }
    }
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let gap = small * 1.25;
    let wanted: Vec<f64> = ends.iter().map(|e| e.0).collect();
    let placed = spread(
        &wanted,
        gap,
        plot_top + 2.0,
        plot_bottom + CATEGORY_ROW - 4.0,
    );
    let label_x = plot_left + plot_width + 6.0;
    for (&(_, k), &ly) in ends.iter().zip(&placed) {
        let s = &chart.series[k];
        push_marker(&mut items, label_x + MARKER / 2.0, ly, s.style);
        let label = fit(
            &s.end_label,
            FontFace::Regular,
            small,
            right - label_x - MARKER - 4.0,
        );
        items.push(text(
            label_x + MARKER + 4.0,
            ly + regular.ascent(small) / 2.0 - 0.5,
            label,
            FontFace::Regular,
            small,
            theme::TEXT,
        ));
    }
    for item in items {
        flow.push(item);
    }
    flow.y = plot_bottom + CATEGORY_ROW + theme::BLOCK_GAP;
}

#[cfg(test)]
mod tests {
    use super::style::LINE_WIDTH;
    use super::*;
    use crate::report::display::PageGeometry;
    use crate::report::display::{LineItem, RectItem};
    use crate::report::document::LineSeries;

    fn flow() -> Flow {
        Flow::new(PageGeometry {
            width: 500.0,
            height: 500.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        })
    }

    fn chart(series: Vec<LineSeries>) -> LineChart {
        LineChart {
            title: "Satisfaction".into(),
            categories: vec!["2026-Q1".into(), "2026-Q2".into(), "2026-Q3".into()],
            series,
            min: 1.0,
            max: 5.0,
            ticks: (1..=5).map(|v| (f64::from(v), v.to_string())).collect(),
            axis_label: "mean satisfaction".into(),
        }
    }

    fn series(label: &str, values: Vec<Option<f64>>, style: u8) -> LineSeries {
        LineSeries {
            label: label.into(),
            end_label: format!("{label} end"),
            values,
            style,
        }
    }

    fn texts(flow: &Flow) -> Vec<&str> {
        flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn periods_ticks_legend_and_direct_labels_are_printed_inside_the_margins() {
        let mut flow = flow();
        layout_line_chart(
            &mut flow,
            &chart(vec![
                series("Executives", vec![Some(2.0), Some(3.0), Some(4.5)], 0),
                series("Team", vec![Some(4.5), None, Some(4.4)], 1),
            ]),
        );
        let texts = texts(&flow);
        for expected in [
            "2026-Q1",
            "2026-Q3",
            "1",
            "5",
            "Executives",
            "Team end",
            "mean satisfaction",
            "Satisfaction",
        ] {
            assert!(texts.contains(&expected), "{expected} in {texts:?}");
        }
        for item in &flow.pages[0].items {
            let (l, t, r, b) = item.bounds();
            assert!(
                l >= 20.0 - 0.01 && r <= 480.0 + 0.01 && t >= 0.0 && b <= 480.0,
                "{item:?}"
            );
        }
    }

    #[test]
    fn a_missing_value_leaves_a_gap_and_higher_values_sit_higher() {
        let mut flow = flow();
        // Solid style: one line item per segment, so segments can be counted.
        layout_line_chart(
            &mut flow,
            &chart(vec![series("A", vec![Some(1.0), None, Some(5.0)], 0)]),
        );
        let segments: Vec<&LineItem> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) if l.width == LINE_WIDTH && l.x1 != l.x2 && l.y1 != l.y2 => Some(l),
                _ => None,
            })
            .collect();
        assert!(segments.is_empty(), "no segment across the gap");
        let squares: Vec<&RectItem> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect(r) if r.width == MARKER => Some(r),
                _ => None,
            })
            .collect();
        // Two points plus the legend swatch plus the direct label's marker.
        assert_eq!(squares.len(), 4);
        let (low, high) = (squares[1], squares[2]);
        assert!(high.y < low.y, "5 is drawn above 1");
    }

    #[test]
    fn many_periods_label_every_few_and_always_the_newest() {
        let mut flow = flow();
        let mut c = chart(vec![series("A", vec![Some(3.0); 24], 0)]);
        c.categories = (0..24)
            .map(|i| format!("{}-Q{}", 2020 + i / 4, i % 4 + 1))
            .collect();
        layout_line_chart(&mut flow, &c);
        let texts = texts(&flow);
        let shown: Vec<&&str> = texts.iter().filter(|t| t.contains("-Q")).collect();
        assert!(shown.len() < 24 && shown.len() >= 4, "{shown:?}");
        assert!(texts.contains(&"2025-Q4"), "{texts:?}");
        assert!(shown.iter().all(|t| !t.contains('\u{2026}')), "{shown:?}");
    }

    #[test]
    fn dashes_follow_the_segment_and_labels_are_spread_apart() {
        let mut items = Vec::new();
        push_dashed(&mut items, (0.0, 0.0), (30.0, 40.0), 1);
        assert!(items.len() > 4);
        for item in &items {
            let Item::Line(l) = item else { panic!() };
            assert!((l.x1 * 4.0 - l.y1 * 3.0).abs() < 1e-9);
            assert!(l.x2 <= 30.0 + 1e-9 && l.y2 <= 40.0 + 1e-9);
        }
        let placed = spread(&[50.0, 50.0, 51.0, 200.0], 10.0, 0.0, 100.0);
        assert_eq!(placed, vec![50.0, 60.0, 70.0, 100.0]);
        let crowded = spread(&[95.0, 96.0, 97.0], 10.0, 0.0, 100.0);
        assert_eq!(crowded, vec![80.0, 90.0, 100.0]);
    }
}
