//! The contents page: one line per outline entry after it, with dot leaders, the page number
//! and a link to the entry, filled in once the rest of the report is laid out.
//!
//! Layout reserves the page first, so the page numbers it prints are final. It never moves
//! other content; when the entries outnumber the lines of one page, level-2 entries are left
//! out (the PDF outline still lists them).

use crate::report::display::{Item, LineItem, LinkItem, TextRun};
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::page::{baseline_in, Flow};
use crate::report::layout::text::fit;
use crate::report::layout::theme;

/// The contents page's title (also its outline entry).
pub const TITLE: &str = "Contents";

const CHAPTER_SIZE: f64 = 10.5;
const SECTION_SIZE: f64 = 9.0;

/// Writes the contents onto page `page_index` (reserved, still empty).
pub fn fill_contents(flow: &mut Flow, page_index: usize) {
    let Some(start) = flow.outline.iter().position(|a| a.title == TITLE) else {
        return;
    };
    let entries: Vec<usize> = (start + 1..flow.outline.len()).collect();
    let row = |level: u8| if level <= 1 { 22.0 } else { 15.0 };
    let room = flow.body_bottom() - flow.body_top() - 40.0;
    let total: f64 = entries.iter().map(|&i| row(flow.outline[i].level)).sum();
    let entries: Vec<usize> = if total <= room {
        entries
    } else {
        entries
            .into_iter()
            .filter(|&i| flow.outline[i].level <= 1)
            .collect()
    };
    let left = flow.left();
    let right = left + flow.width();
    let mut items = Vec::new();
    let mut y = flow.body_top();
    let title_size = theme::TITLE_SIZE;
    items.push(Item::Text(TextRun {
        x: left,
        y: baseline_in(y, title_size, title_size * theme::LEADING),
        text: TITLE.to_string(),
        face: FontFace::Bold,
        size: title_size,
        color: theme::ACCENT,
    }));
    y += title_size * theme::LEADING + 1.0;
    items.push(Item::Line(LineItem {
        x1: left,
        y1: y,
        x2: right,
        y2: y,
        color: theme::ACCENT,
        width: 0.8,
    }));
    y += 14.0;
    for index in entries {
        let anchor = &flow.outline[index];
        let chapter = anchor.level <= 1;
        let (face, size, indent, color) = if chapter {
            (FontFace::Bold, CHAPTER_SIZE, 0.0, theme::TEXT)
        } else {
            (FontFace::Regular, SECTION_SIZE, 16.0, theme::TEXT)
        };
        let height = row(anchor.level);
        let top = if chapter { y + 5.0 } else { y };
        let line_height = height - if chapter { 5.0 } else { 0.0 };
        let baseline = baseline_in(top, size, line_height);
        let m = metrics(face);
        let number = (anchor.page_index + 1).to_string();
        let number_width = m.width(&number, size);
        let title_room = right - left - indent - number_width - 40.0;
        let title = fit(&anchor.title, face, size, title_room);
        let title_width = m.width(&title, size);
        items.push(Item::Text(TextRun {
            x: left + indent,
            y: baseline,
            text: title,
            face,
            size,
            color,
        }));
        // Dot leaders between the title and the number.
        let dots_left = left + indent + title_width + 6.0;
        let dots_right = right - number_width - 6.0;
        let dot = metrics(FontFace::Regular).width(". ", size);
        if dot > 0.0 && dots_right > dots_left + dot {
            let count = ((dots_right - dots_left) / dot).floor() as usize;
            let text = ". ".repeat(count);
            let width = metrics(FontFace::Regular).width(text.trim_end(), size);
            items.push(Item::Text(TextRun {
                x: dots_right - width,
                y: baseline,
                text: text.trim_end().to_string(),
                face: FontFace::Regular,
                size,
                color: theme::RULE,
            }));
        }
        items.push(Item::Text(TextRun {
            x: right - number_width,
            y: baseline,
            text: number,
            face,
            size,
            color,
        }));
        items.push(Item::Link(LinkItem {
            x: left,
            y: top,
            width: right - left,
            height: line_height,
            target: index,
        }));
        y += height;
    }
    if let Some(page) = flow.pages.get_mut(page_index) {
        page.items.extend(items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::display::PageGeometry;

    #[test]
    fn contents_lists_later_entries_with_page_numbers_and_links() {
        let mut flow = Flow::new(PageGeometry {
            width: 400.0,
            height: 500.0,
            left: 30.0,
            right: 30.0,
            top: 30.0,
            bottom: 30.0,
        });
        flow.anchor("Cover", 1);
        flow.new_page();
        flow.anchor(TITLE, 1);
        flow.new_page();
        flow.anchor("Executive summary", 1);
        flow.new_page();
        flow.anchor("Customers", 1);
        flow.anchor("Project managers", 2);
        fill_contents(&mut flow, 1);
        let texts: Vec<&str> = flow.pages[1]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) if !t.text.starts_with('.') => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                TITLE,
                "Executive summary",
                "3",
                "Customers",
                "4",
                "Project managers",
                "4"
            ]
        );
        let links: Vec<usize> = flow.pages[1]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Link(l) => Some(l.target),
                _ => None,
            })
            .collect();
        assert_eq!(links, [2, 3, 4]);
    }
}
