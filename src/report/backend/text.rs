//! DisplayList → a stable text dump, one item per line, for snapshots and debugging.
//!
//! Numbers are printed with two decimals so that the dump changes only when the layout does.
//! Snapshots compare this dump, never PDF bytes.

use std::fmt::Write;

use crate::report::display::{DisplayList, Item};

/// The dump: a header line, then per page one line per item, then the outline and warnings.
pub fn render_text(list: &DisplayList) -> String {
    let g = list.geometry;
    let mut out = format!(
        "document {:.2}x{:.2} margins {:.2} {:.2} {:.2} {:.2} pages {}\n",
        g.width,
        g.height,
        g.top,
        g.right,
        g.bottom,
        g.left,
        list.pages.len()
    );
    for (index, page) in list.pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", index + 1);
        for item in &page.items {
            let _ = match item {
                Item::Text(t) => writeln!(
                    out,
                    "  text {:.2} {:.2} {} {:.2} {} {:?}",
                    t.x,
                    t.y,
                    t.face.short_name(),
                    t.size,
                    t.color.hex(),
                    t.text
                ),
                Item::Rect(r) => writeln!(
                    out,
                    "  rect {:.2} {:.2} {:.2} {:.2} fill {} stroke {}",
                    r.x,
                    r.y,
                    r.width,
                    r.height,
                    r.fill.map_or("none".to_string(), |c| c.hex()),
                    r.stroke
                        .map_or("none".to_string(), |(c, w)| format!("{} {w:.2}", c.hex()))
                ),
                Item::Link(k) => writeln!(
                    out,
                    "  link {:.2} {:.2} {:.2} {:.2} -> {}",
                    k.x, k.y, k.width, k.height, k.target
                ),
                Item::Line(l) => writeln!(
                    out,
                    "  line {:.2} {:.2} {:.2} {:.2} {} {:.2}",
                    l.x1,
                    l.y1,
                    l.x2,
                    l.y2,
                    l.color.hex(),
                    l.width
                ),
            };
        }
    }
    for a in &list.outline {
        let _ = writeln!(
            out,
            "outline {} page {} {:.2} {:?}",
            a.level,
            a.page_index + 1,
            a.y,
            a.title
        );
    }
    for w in &list.warnings {
        let _ = writeln!(out, "warning {w}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::display::{Color, DocumentInfo, Page, PageGeometry, TextRun};
    use crate::report::fonts::FontFace;

    #[test]
    fn one_line_per_item() {
        let list = DisplayList {
            geometry: PageGeometry {
                width: 100.0,
                height: 200.0,
                left: 1.0,
                right: 2.0,
                top: 3.0,
                bottom: 4.0,
            },
            pages: vec![Page {
                items: vec![Item::Text(TextRun {
                    x: 10.0,
                    y: 20.456,
                    text: "Hi".into(),
                    face: FontFace::Bold,
                    size: 9.5,
                    color: Color::rgb(0, 0, 0),
                })],
            }],
            outline: Vec::new(),
            destinations: Vec::new(),
            info: DocumentInfo::default(),
            warnings: vec!["w".into()],
            missing_chars: Vec::new(),
        };
        assert_eq!(
            render_text(&list),
            "document 100.00x200.00 margins 3.00 2.00 4.00 1.00 pages 1\npage 1\n  text 10.00 20.46 bold 9.50 #000000 \"Hi\"\nwarning w\n"
        );
    }
}
