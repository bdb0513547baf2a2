//! The look of each line-chart style: colour, dash pattern, marker shape and width. One
//! table per property, indexed by the series' style, so a style looks the same in every
//! chart and two styles differ in greyscale (dash and marker), not in colour alone.

use crate::report::display::{Color, Item, LineItem, RectItem};
use crate::report::document::OVERALL_STYLE;
use crate::report::layout::theme;

/// Line width of the series.
pub(super) const LINE_WIDTH: f64 = 1.3;
/// Marker size (width and height of its box).
pub(super) const MARKER: f64 = 5.0;

/// Dash patterns as alternating on/off lengths; empty is solid. One per style, so two lines
/// of the same colour in greyscale still differ.
const DASHES: [&[f64]; 8] = [
    &[],
    &[5.0, 3.0],
    &[1.2, 2.2],
    &[5.0, 2.5, 1.2, 2.5],
    &[2.5, 2.0],
    &[8.0, 4.0],
    &[6.0, 2.0, 1.2, 2.0, 1.2, 2.0],
    // OVERALL_STYLE: solid, near-black and heavier than the group lines.
    &[],
];

/// Colours per style: distinct hues of different lightness, all dark enough for text-weight
/// lines on white.
const COLORS: [Color; 8] = [
    theme::BAR,
    theme::TARGET,
    theme::BAR_WARM,
    Color::rgb(0x3a, 0x7d, 0x44),
    Color::rgb(0x6a, 0x4c, 0x93),
    theme::MUTED,
    Color::rgb(0x1b, 0x8a, 0x8f),
    theme::TEXT,
];

/// Marker shapes, one per style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    FilledSquare,
    HollowSquare,
    Diamond,
    Cross,
    Plus,
    Triangle,
    DottedSquare,
    /// A filled horizontal bar: the all-customers line.
    Bar,
}

const MARKERS: [Marker; 8] = [
    Marker::FilledSquare,
    Marker::HollowSquare,
    Marker::Diamond,
    Marker::Cross,
    Marker::Plus,
    Marker::Triangle,
    Marker::DottedSquare,
    Marker::Bar,
];

fn style_index(style: u8) -> usize {
    usize::from(style) % COLORS.len()
}

pub(super) fn line(x1: f64, y1: f64, x2: f64, y2: f64, color: Color, width: f64) -> Item {
    Item::Line(LineItem {
        x1,
        y1,
        x2,
        y2,
        color,
        width,
    })
}

/// Pushes a straight segment in a style's dash pattern (the pattern restarts per segment).
pub(super) fn push_dashed(
    items: &mut Vec<Item>,
    (x1, y1): (f64, f64),
    (x2, y2): (f64, f64),
    style: u8,
) {
    let i = style_index(style);
    let color = COLORS[i];
    let pattern = DASHES[i];
    let width = if style == OVERALL_STYLE {
        LINE_WIDTH * 2.0
    } else {
        LINE_WIDTH
    };
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = libm::hypot(dx, dy);
    if pattern.is_empty() || length <= 0.0 {
        items.push(line(x1, y1, x2, y2, color, width));
        return;
    }
    let (ux, uy) = (dx / length, dy / length);
    let mut at = 0.0;
    let mut k = 0;
    while at < length {
        let step = pattern[k % pattern.len()];
        if k % 2 == 0 {
            let end = (at + step).min(length);
            items.push(line(
                x1 + ux * at,
                y1 + uy * at,
                x1 + ux * end,
                y1 + uy * end,
                color,
                width,
            ));
        }
        at += step;
        k += 1;
    }
}

/// Pushes a style's marker centred on (x, y).
pub(super) fn push_marker(items: &mut Vec<Item>, x: f64, y: f64, style: u8) {
    let i = style_index(style);
    let color = COLORS[i];
    let h = MARKER / 2.0;
    let white = Color::rgb(0xff, 0xff, 0xff);
    let square = |fill: Color| {
        Item::Rect(RectItem {
            x: x - h,
            y: y - h,
            width: MARKER,
            height: MARKER,
            fill: Some(fill),
            stroke: Some((color, 1.0)),
        })
    };
    match MARKERS[i] {
        Marker::FilledSquare => items.push(square(color)),
        Marker::Bar => items.push(Item::Rect(RectItem {
            x: x - MARKER * 0.75,
            y: y - MARKER * 0.35,
            width: MARKER * 1.5,
            height: MARKER * 0.7,
            fill: Some(color),
            stroke: None,
        })),
        Marker::HollowSquare => items.push(square(white)),
        Marker::DottedSquare => {
            items.push(square(white));
            items.push(Item::Rect(RectItem {
                x: x - 1.0,
                y: y - 1.0,
                width: 2.0,
                height: 2.0,
                fill: Some(color),
                stroke: None,
            }));
        }
        Marker::Diamond => {
            let r = h + 0.8;
            for (a, b) in [
                ((x, y - r), (x + r, y)),
                ((x + r, y), (x, y + r)),
                ((x, y + r), (x - r, y)),
                ((x - r, y), (x, y - r)),
            ] {
                items.push(line(a.0, a.1, b.0, b.1, color, 1.1));
            }
        }
        Marker::Cross => {
            items.push(line(x - h, y - h, x + h, y + h, color, 1.4));
            items.push(line(x - h, y + h, x + h, y - h, color, 1.4));
        }
        Marker::Plus => {
            let r = h + 0.6;
            items.push(line(x - r, y, x + r, y, color, 1.4));
            items.push(line(x, y - r, x, y + r, color, 1.4));
        }
        Marker::Triangle => {
            let r = h + 0.6;
            let (top, left, right) = ((x, y - r), (x - r, y + r * 0.8), (x + r, y + r * 0.8));
            for (a, b) in [(top, right), (right, left), (left, top)] {
                items.push(line(a.0, a.1, b.0, b.1, color, 1.1));
            }
        }
    }
}
