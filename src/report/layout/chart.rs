//! Horizontal bar charts drawn as vectors: labelled bars on a value axis with ticks and an
//! axis label, the value printed at each bar, optional target markers, labelled band dividers
//! (priority cut-offs) and a legend.
//!
//! Series differ in lightness *and* pattern (solid, striped, outlined), so a chart still reads
//! when printed in greyscale. Values sit beside their bar, in the room reserved right of the
//! plot (or right of the zero line for negative bars), so no text overlaps. Only rectangles,
//! lines and text: no trigonometry, so nothing here needs `libm`.

use crate::report::display::{Color, Item, LineItem, RectItem, TextRun};
use crate::report::document::num_text;
use crate::report::document::BarChart;
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::{baseline_in, Flow};
use crate::report::layout::text::fit;
use crate::report::layout::theme;

const ROW_HEIGHT: f64 = 14.0;
const BAR_HEIGHT: f64 = 9.0;
const BAND_HEIGHT: f64 = 15.0;
const AXIS_HEIGHT: f64 = 26.0;
const LEGEND_HEIGHT: f64 = 16.0;

/// The fill and pattern of one series.
#[derive(Debug, Clone, Copy)]
struct SeriesStyle {
    fill: Color,
    /// A white stripe along the middle of the bar.
    striped: bool,
    /// A dark outline (for the lightest fill).
    outlined: bool,
}

fn series_style(series: u8) -> SeriesStyle {
    match series {
        0 => SeriesStyle {
            fill: theme::BAR,
            striped: false,
            outlined: false,
        },
        1 => SeriesStyle {
            fill: theme::BAR_MID,
            striped: true,
            outlined: false,
        },
        2 => SeriesStyle {
            fill: theme::BAR_LIGHT,
            striped: false,
            outlined: true,
        },
        _ => SeriesStyle {
            fill: theme::BAR_WARM,
            striped: true,
            outlined: false,
        },
    }
}

/// Draws one bar (or legend swatch) in a series' style.
fn push_bar(flow: &mut Flow, x: f64, y: f64, width: f64, height: f64, series: u8) {
    if width <= 0.0 {
        return;
    }
    let style = series_style(series);
    flow.push(Item::Rect(RectItem {
        x,
        y,
        width,
        height,
        fill: Some(style.fill),
        stroke: style.outlined.then_some((theme::BAR, 0.6)),
    }));
    if style.striped && width > 2.0 {
        let mid = y + height / 2.0;
        flow.push(Item::Line(LineItem {
            x1: x + 1.0,
            y1: mid,
            x2: x + width - 1.0,
            y2: mid,
            color: Color::rgb(0xff, 0xff, 0xff),
            width: 1.2,
        }));
    }
}

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

/// Places a bar chart at the cursor; a chart that fits a page is kept whole.
pub fn layout_chart(flow: &mut Flow, chart: &BarChart) {
    let size = theme::TABLE_SIZE;
    let regular = metrics(FontFace::Regular);
    let widest_label = chart
        .bars
        .iter()
        .map(|b| regular.width(&b.label, size))
        .fold(0.0, f64::max);
    let label_width = (widest_label + 12.0).min(flow.width() * 0.45);
    let widest_value = chart
        .bars
        .iter()
        .map(|b| regular.width(&b.value_text, size))
        .fold(0.0, f64::max);
    let value_room = widest_value + 10.0;
    let has_second = chart.bars.iter().any(|b| b.second.is_some());
    let plot_left = flow.left() + label_width;
    let plot_width = (flow.width() - label_width - value_room).max(40.0);
    let (min, max) = if chart.max > chart.min {
        (chart.min, chart.max)
    } else {
        (0.0, 1.0)
    };
    let x_of = |v: f64| plot_left + (v.clamp(min, max) - min) / (max - min) * plot_width;

    let legend_height = if chart.legend.is_empty() {
        0.0
    } else {
        LEGEND_HEIGHT
    };
    let total = legend_height
        + chart.bars.len() as f64 * ROW_HEIGHT
        + chart.bands.len() as f64 * BAND_HEIGHT
        + AXIS_HEIGHT;
    let page_body = flow.body_bottom() - flow.body_top();
    flow.ensure(if total <= page_body {
        total
    } else {
        legend_height + 4.0 * ROW_HEIGHT
    });

    if !chart.legend.is_empty() {
        layout_legend(flow, chart, plot_left, size);
    }
    let mut top = flow.y;
    let mut segment_top = top;
    let mut bands = chart.bands.iter().peekable();
    for (index, bar) in chart.bars.iter().enumerate() {
        let band = bands.next_if(|b| b.before == index);
        let needed = ROW_HEIGHT + if band.is_some() { BAND_HEIGHT } else { 0.0 };
        if top + needed > flow.body_bottom() {
            draw_grid(flow, chart, segment_top, top, &x_of, size, false);
            flow.new_page();
            top = flow.y;
            segment_top = top;
        }
        if let Some(band) = band {
            // The cut-off: a dashed-looking divider with the band's name.
            let y = top + BAND_HEIGHT - 3.0;
            flow.push(Item::Line(LineItem {
                x1: flow.left(),
                y1: y,
                x2: flow.left() + flow.width(),
                y2: y,
                color: theme::MUTED,
                width: 0.5,
            }));
            flow.push(text(
                flow.left(),
                y - 3.0,
                fit(&band.label, FontFace::Bold, size - 0.5, flow.width()),
                FontFace::Bold,
                size - 0.5,
                theme::ACCENT,
            ));
            top += BAND_HEIGHT;
        }
        let baseline = baseline_in(top, size, ROW_HEIGHT);
        flow.push(text(
            flow.left(),
            baseline,
            fit(&bar.label, FontFace::Regular, size, label_width - 8.0),
            FontFace::Regular,
            size,
            theme::TEXT,
        ));
        let bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        let zero = x_of(0.0_f64.clamp(min, max));
        let end = x_of(bar.value);
        let (x, w) = if end >= zero {
            (zero, end - zero)
        } else {
            (end, zero - end)
        };
        push_bar(flow, x, bar_top, w, BAR_HEIGHT, bar.series);
        // With target markers the values line up in one column right of the plot, where they
        // can never collide with a marker; otherwise each value sits at its bar's end.
        let mut text_x = if has_second {
            plot_left + plot_width + 6.0
        } else {
            end.max(zero) + 4.0
        };
        if let Some(second) = bar.second {
            let tx = x_of(second);
            flow.push(Item::Line(LineItem {
                x1: tx,
                y1: bar_top - 2.0,
                x2: tx,
                y2: bar_top + BAR_HEIGHT + 2.0,
                color: theme::TARGET,
                width: 2.0,
            }));
            if !has_second {
                text_x = text_x.max(tx + 4.0);
            }
        }
        let value = fit(
            &bar.value_text,
            FontFace::Regular,
            size,
            flow.left() + flow.width() - text_x,
        );
        flow.push(text(
            text_x,
            baseline,
            value,
            FontFace::Regular,
            size,
            theme::TEXT,
        ));
        top += ROW_HEIGHT;
    }
    draw_grid(flow, chart, segment_top, top, &x_of, size, true);
    flow.y = top + AXIS_HEIGHT + theme::BLOCK_GAP;
}

/// Tick lines behind the bars' segment on this page, the zero line, and (under the last
/// segment) the axis with tick labels and the axis label.
fn draw_grid(
    flow: &mut Flow,
    chart: &BarChart,
    top: f64,
    bottom: f64,
    x_of: &dyn Fn(f64) -> f64,
    size: f64,
    with_axis: bool,
) {
    let mut grid = Vec::new();
    for t in drawn_ticks(&chart.ticks) {
        let x = x_of(t);
        grid.push(Item::Line(LineItem {
            x1: x,
            y1: top,
            x2: x,
            y2: bottom,
            color: if t == 0.0 && chart.min < 0.0 {
                theme::MUTED
            } else {
                theme::GRID
            },
            width: if t == 0.0 && chart.min < 0.0 {
                0.8
            } else {
                0.4
            },
        }));
    }
    // Grid lines go under the bars: insert them before this segment's items.
    if let Some(page) = flow.pages.last_mut() {
        let at = page
            .items
            .iter()
            .position(|i| i.bounds().1 >= top - 0.01 && !matches!(i, Item::Link(_)))
            .unwrap_or(page.items.len());
        let tail = page.items.split_off(at);
        page.items.extend(grid);
        page.items.extend(tail);
    }
    if !with_axis {
        return;
    }
    let (left, right) = (x_of(chart.min), x_of(chart.max));
    flow.push(Item::Line(LineItem {
        x1: left,
        y1: bottom,
        x2: right,
        y2: bottom,
        color: theme::MUTED,
        width: 0.6,
    }));
    let small = size - 1.0;
    let m = metrics(FontFace::Regular);
    let page_left = flow.left();
    let page_right = flow.left() + flow.width();
    for t in drawn_ticks(&chart.ticks) {
        let label = num_text(t);
        let w = m.width(&label, small);
        let x = (x_of(t) - w / 2.0).clamp(page_left, page_right - w);
        flow.push(text(
            x,
            bottom + 2.0 + m.ascent(small),
            label,
            FontFace::Regular,
            small,
            theme::MUTED,
        ));
    }
    if !chart.axis_label.is_empty() {
        // Centred under the plot, but free to use the whole text width when it is long.
        let label = fit(
            &chart.axis_label,
            FontFace::Oblique,
            small,
            page_right - page_left,
        );
        let w = metrics(FontFace::Oblique).width(&label, small);
        flow.push(text(
            ((left + right - w) / 2.0).clamp(page_left, page_right - w),
            bottom + 13.0 + m.ascent(small),
            label,
            FontFace::Oblique,
            small,
            theme::MUTED,
        ));
    }
}

fn layout_legend(flow: &mut Flow, chart: &BarChart, start: f64, size: f64) {
    let top = flow.y;
    let baseline = baseline_in(top, size, LEGEND_HEIGHT);
    let mut x = start;
    let right = flow.left() + flow.width();
    for (series, label) in &chart.legend {
        let w = metrics(FontFace::Oblique).width(label, size);
        if x + 14.0 + w > right {
            break;
        }
        match series {
            Some(s) => push_bar(flow, x, top + 4.0, 12.0, 8.0, *s),
            None => flow.push(Item::Line(LineItem {
                x1: x + 6.0,
                y1: top + 2.0,
                x2: x + 6.0,
                y2: top + 14.0,
                color: theme::TARGET,
                width: 2.0,
            })),
        }
        flow.push(text(
            x + 16.0,
            baseline,
            label.clone(),
            FontFace::Oblique,
            size,
            theme::MUTED,
        ));
        x += 16.0 + w + 14.0;
    }
    flow.y = top + LEGEND_HEIGHT;
}

/// At most this many ticks are drawn: the page bounds the axis, never the values (issue 11: a
/// huge score asked for millions of ticks). Every n-th tick is kept, the first one included.
const MAX_TICKS: usize = 12;

fn drawn_ticks(ticks: &[f64]) -> impl Iterator<Item = f64> + '_ {
    let every = ticks.len().div_ceil(MAX_TICKS).max(1);
    ticks.iter().copied().step_by(every)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_ticks_are_thinned_to_what_the_page_holds() {
        let ticks: Vec<f64> = (0..=10_000).map(f64::from).collect();
        assert!(drawn_ticks(&ticks).count() <= MAX_TICKS);
        assert_eq!(drawn_ticks(&[0.0, 50.0, 100.0]).count(), 3);
    }
    use crate::report::display::PageGeometry;
    use crate::report::document::{Band, Bar};

    fn flow() -> Flow {
        Flow::new(PageGeometry {
            width: 400.0,
            height: 400.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        })
    }

    fn bar(label: &str, value: f64, series: u8) -> Bar {
        Bar {
            label: label.into(),
            value,
            second: None,
            value_text: num_text(value),
            series,
        }
    }

    #[test]
    fn bars_scale_to_the_axis_and_values_are_printed() {
        let mut flow = flow();
        let chart = BarChart {
            bars: vec![bar("Strategic", 50.0, 0), bar("Tactical", 25.0, 1)],
            min: 0.0,
            max: 100.0,
            ticks: vec![0.0, 50.0, 100.0],
            axis_label: "share (%)".into(),
            bands: vec![Band {
                before: 1,
                label: "Should".into(),
            }],
            legend: vec![(Some(0), "strategic".into())],
        };
        layout_chart(&mut flow, &chart);
        let widths: Vec<f64> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect(r) if r.height == BAR_HEIGHT => Some(r.width),
                _ => None,
            })
            .collect();
        assert_eq!(widths.len(), 2);
        assert!((widths[0] - 2.0 * widths[1]).abs() < 1e-9);
        let texts: Vec<&str> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        for expected in ["50", "25", "Should", "share (%)", "100", "strategic"] {
            assert!(texts.contains(&expected), "{expected} in {texts:?}");
        }
    }

    #[test]
    fn negative_values_grow_left_of_zero_and_stay_inside_the_margins() {
        let mut flow = flow();
        let chart = BarChart {
            bars: vec![bar("Executives", -100.0, 0), bar("Team", 40.0, 0)],
            min: -100.0,
            max: 100.0,
            ticks: vec![-100.0, 0.0, 100.0],
            axis_label: "NPS".into(),
            bands: Vec::new(),
            legend: Vec::new(),
        };
        layout_chart(&mut flow, &chart);
        for item in &flow.pages[0].items {
            let (l, _, r, _) = item.bounds();
            assert!(l >= 20.0 - 0.01 && r <= 380.0 + 0.01, "{item:?}");
        }
    }
}
