//! Headline figures in a row of tiles: a big value over a short label, every word of it.

use crate::report::display::{Item, RectItem, TextRun};
use crate::report::document::{Figure, Span};
use crate::report::fonts::FontFace;
use crate::report::layout::page::{baseline_in, push_line, Flow};
use crate::report::layout::text::{self, wrap};
use crate::report::layout::theme;

/// Headline figures in a row of tiles: a big value over a short label.
pub(super) fn layout_figures(flow: &mut Flow, figures: &[Figure]) {
    if figures.is_empty() {
        return;
    }
    let gap = 8.0;
    let n = figures.len() as f64;
    let tile = (flow.width() - gap * (n - 1.0)) / n;
    let value_size = 17.0;
    let label_size = 7.5;
    let labels: Vec<_> = figures
        .iter()
        .map(|f| wrap(&[Span::normal(f.label.clone())], tile - 16.0, label_size))
        .collect();
    // Every tile as tall as the longest label, two lines at least: a label cut to two lines
    // had dropped words ("151" without "detractors" under an NPS).
    let label_lines = labels.iter().map(Vec::len).max().unwrap_or(0).max(2);
    let height = 14.0 + value_size * 1.2 + label_lines as f64 * label_size * theme::LEADING + 6.0;
    flow.ensure(height);
    let top = flow.y;
    for (i, (figure, lines)) in figures.iter().zip(&labels).enumerate() {
        let x = flow.left() + i as f64 * (tile + gap);
        flow.push(Item::Rect(RectItem {
            x,
            y: top,
            width: tile,
            height,
            fill: Some(theme::ZEBRA),
            stroke: None,
        }));
        flow.push(Item::Rect(RectItem {
            x,
            y: top,
            width: tile,
            height: 2.0,
            fill: Some(theme::ACCENT),
            stroke: None,
        }));
        let value = text::fit(&figure.value, FontFace::Bold, value_size, tile - 16.0);
        flow.push(Item::Text(TextRun {
            x: x + 8.0,
            y: top + 8.0 + crate::report::fonts::metrics(FontFace::Bold).ascent(value_size),
            text: value,
            face: FontFace::Bold,
            size: value_size,
            color: theme::ACCENT,
        }));
        for (k, line) in lines.iter().enumerate() {
            let mut muted = line.clone();
            for f in &mut muted.fragments {
                f.color = theme::MUTED;
            }
            let y = top + 10.0 + value_size * 1.2 + k as f64 * label_size * theme::LEADING;
            push_line(
                flow,
                &muted,
                x + 8.0,
                baseline_in(y, label_size, label_size * theme::LEADING),
                label_size,
            );
        }
    }
    flow.y = top + height + theme::BLOCK_GAP;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow() -> Flow {
        Flow::new(crate::report::layout::geometry(crate::report::Paper::A4))
    }

    fn texts(flow: &Flow) -> String {
        let mut out = Vec::new();
        for item in &flow.pages[0].items {
            if let Item::Text(run) = item {
                out.push(run.text.clone());
            }
        }
        out.join(" ")
    }

    fn figure(value: &str, label: &str) -> Figure {
        Figure {
            value: value.into(),
            label: label.into(),
        }
    }

    #[test]
    fn a_label_of_three_lines_is_drawn_whole_and_the_tiles_grow_to_it() {
        let short = [figure("200", "respondents"), figure("2.4", "satisfaction")];
        let mut two = flow();
        layout_figures(&mut two, &short);
        let long = [
            figure("200", "respondents"),
            figure(
                "\u{2212}79",
                "NPS, n = 188: 2 promoters, 151 detractors, 35 passives",
            ),
            figure("2.4", "satisfaction"),
            figure("7", "of 26 services now"),
        ];
        let mut three = flow();
        layout_figures(&mut three, &long);
        let drawn = texts(&three);
        for word in ["151", "detractors,", "35", "passives"] {
            assert!(drawn.contains(word), "{word} missing from {drawn}");
        }
        assert!(three.y > two.y, "taller tiles: {} vs {}", three.y, two.y);
    }
}
