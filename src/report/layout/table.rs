//! Tables: column widths from weights, wrapped cells, a header row repeated at the top of every
//! page the table spans, and rows that are never split across pages.
//!
//! A row taller than a whole page body (which only absurd input can produce) is shortened to
//! fit, with a warning, rather than overflowing the margins.

use crate::report::display::{Item, LineItem, RectItem};
use crate::report::document::{Align, Cell, Emphasis, Table, Tone};
use crate::report::layout::page::{baseline_in, push_line, Flow};
use crate::report::layout::text::{wrap_text, Line};
use crate::report::layout::theme;

const PAD_X: f64 = 4.0;
const PAD_Y: f64 = 2.5;

struct LaidRow {
    cells: Vec<Vec<Line>>,
    height: f64,
}

/// Places a table at the cursor.
pub fn layout_table(flow: &mut Flow, table: &Table) {
    let size = if table.compact {
        theme::TABLE_SIZE_COMPACT
    } else {
        theme::TABLE_SIZE
    };
    let leading = size * theme::LEADING;
    let total_weight: f64 = table
        .columns
        .iter()
        .map(|c| c.weight)
        .sum::<f64>()
        .max(f64::EPSILON);
    let widths: Vec<f64> = table
        .columns
        .iter()
        .map(|c| flow.width() * c.weight / total_weight)
        .collect();
    let max_height = flow.body_bottom() - flow.body_top();

    let header_cells: Vec<Cell> = table
        .columns
        .iter()
        .map(|c| Cell {
            text: c.header.clone(),
            emphasis: Emphasis::Strong,
            tone: None,
        })
        .collect();
    let header = lay_row(
        flow,
        &header_cells,
        &widths,
        size,
        leading,
        max_height / 3.0,
    );
    let rows: Vec<LaidRow> = table
        .rows
        .iter()
        .map(|r| lay_row(flow, r, &widths, size, leading, max_height - header.height))
        .collect();

    // Keep the header with at least the first row.
    let first = rows.first().map_or(0.0, |r| r.height);
    flow.ensure(header.height + first);
    draw_row(
        flow,
        table,
        &header,
        &header_cells,
        &widths,
        size,
        leading,
        true,
        0,
    );
    for (index, (row, cells)) in rows.iter().zip(&table.rows).enumerate() {
        if row.height > flow.remaining() {
            flow.new_page();
            draw_row(
                flow,
                table,
                &header,
                &header_cells,
                &widths,
                size,
                leading,
                true,
                0,
            );
        }
        draw_row(
            flow, table, row, cells, &widths, size, leading, false, index,
        );
    }
    flow.y += theme::BLOCK_GAP;
}

fn lay_row(
    flow: &mut Flow,
    cells: &[Cell],
    widths: &[f64],
    size: f64,
    leading: f64,
    max_height: f64,
) -> LaidRow {
    let max_lines = (((max_height - 2.0 * PAD_Y) / leading).floor() as usize).max(1);
    let mut laid = Vec::with_capacity(widths.len());
    for (cell, width) in cells.iter().zip(widths) {
        let mut lines = wrap_text(&cell.text, cell.emphasis, width - 2.0 * PAD_X, size);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            flow.warnings
                .push("a table cell was shortened to fit one page".to_string());
        }
        laid.push(lines);
    }
    let lines = laid.iter().map(Vec::len).max().unwrap_or(1);
    LaidRow {
        cells: laid,
        height: lines as f64 * leading + 2.0 * PAD_Y,
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    flow: &mut Flow,
    table: &Table,
    row: &LaidRow,
    cells: &[Cell],
    widths: &[f64],
    size: f64,
    leading: f64,
    is_header: bool,
    index: usize,
) {
    let top = flow.y;
    let left = flow.left();
    let full = flow.width();
    let band = if is_header {
        Some(theme::HEADER_FILL)
    } else if index % 2 == 1 {
        Some(theme::ZEBRA)
    } else {
        None
    };
    if let Some(fill) = band {
        flow.push(Item::Rect(RectItem {
            x: left,
            y: top,
            width: full,
            height: row.height,
            fill: Some(fill),
            stroke: None,
        }));
    }
    let mut x = left;
    for (col, (lines, width)) in row.cells.iter().zip(widths).enumerate() {
        if let Some(tone) = cells.get(col).and_then(|c| c.tone) {
            flow.push(Item::Rect(RectItem {
                x: x + 0.5,
                y: top + 0.5,
                width: width - 1.0,
                height: row.height - 1.0,
                fill: Some(tone_color(tone)),
                stroke: None,
            }));
        }
        let align = table.columns.get(col).map_or(Align::Left, |c| c.align);
        for (i, line) in lines.iter().enumerate() {
            let dx = match align {
                Align::Left => PAD_X,
                Align::Right => width - PAD_X - line.width,
                Align::Center => (width - line.width) / 2.0,
            };
            let baseline = baseline_in(top + PAD_Y + i as f64 * leading, size, leading);
            if is_header {
                let mut white = line.clone();
                for f in &mut white.fragments {
                    f.color = theme::HEADER_TEXT;
                }
                push_line(flow, &white, x + dx, baseline, size);
            } else {
                push_line(flow, line, x + dx, baseline, size);
            }
        }
        x += width;
    }
    let bottom = top + row.height;
    flow.push(Item::Line(LineItem {
        x1: left,
        y1: bottom,
        x2: left + full,
        y2: bottom,
        color: theme::RULE,
        width: 0.4,
    }));
    flow.y = bottom;
}

/// The background colour of a tone.
pub fn tone_color(tone: Tone) -> crate::report::display::Color {
    match tone {
        Tone::Strong => theme::TONE_STRONG,
        Tone::Medium => theme::TONE_MEDIUM,
        Tone::Light => theme::TONE_LIGHT,
        Tone::Muted => theme::TONE_MUTED,
        Tone::Alert => theme::TONE_ALERT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::display::{Item, PageGeometry};
    use crate::report::document::Column;

    fn table(rows: usize) -> Table {
        Table {
            columns: vec![
                Column {
                    header: "Service".into(),
                    weight: 3.0,
                    align: Align::Left,
                },
                Column {
                    header: "Score".into(),
                    weight: 1.0,
                    align: Align::Right,
                },
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        Cell::text(format!("service number {i}")),
                        Cell::text(format!("{i}.0")),
                    ]
                })
                .collect(),
            compact: false,
        }
    }

    fn headers_on(flow: &Flow, page: usize) -> usize {
        flow.pages[page]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Text(t) if t.text == "Service"))
            .count()
    }

    #[test]
    fn header_repeats_on_each_page_and_rows_stay_whole() {
        let g = PageGeometry {
            width: 300.0,
            height: 300.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        };
        let mut flow = Flow::new(g);
        layout_table(&mut flow, &table(40));
        assert!(flow.pages.len() >= 3);
        for page in 0..flow.pages.len() {
            assert_eq!(headers_on(&flow, page), 1, "page {page}");
            for item in &flow.pages[page].items {
                let (_, top, _, bottom) = item.bounds();
                assert!(
                    top >= flow.body_top() - 0.01 && bottom <= flow.body_bottom() + 0.5,
                    "{item:?}"
                );
            }
        }
        let rows: usize = flow
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i, Item::Text(t) if t.text.starts_with("service number")))
            .count();
        assert_eq!(rows, 40);
    }

    #[test]
    fn numbers_align_right() {
        let g = PageGeometry {
            width: 300.0,
            height: 300.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        };
        let mut flow = Flow::new(g);
        layout_table(&mut flow, &table(2));
        let right_edges: Vec<f64> = flow.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if t.text.ends_with(".0") => Some(t.x + t.width()),
                _ => None,
            })
            .collect();
        assert_eq!(right_edges.len(), 2);
        assert!((right_edges[0] - (280.0 - PAD_X)).abs() < 1e-6);
    }
}
