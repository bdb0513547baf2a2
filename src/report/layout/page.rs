//! Pages and the flow of content down them: the cursor, page breaks, and the running header
//! and "Page N of M" footer added once the page count is known.
//!
//! Everything that places items goes through `Flow`, so page breaks happen in one place. The
//! header and footer sit inside the page margins, above and below the body area.

use crate::report::display::{Anchor, Color, Item, LineItem, Page, PageGeometry, TextRun};
use crate::report::fonts::{metrics, FontFace};
use crate::report::layout::text::{fit, Fragment, Line};
use crate::report::layout::theme;

/// Space between the top margin and the body (room for the running header).
pub const HEADER_BAND: f64 = 30.0;
/// Space between the body and the bottom margin (room for the footer).
pub const FOOTER_BAND: f64 = 28.0;

/// A cursor moving down the pages being filled.
#[derive(Debug)]
pub struct Flow {
    /// Page geometry.
    pub geometry: PageGeometry,
    /// Pages so far; the last one is being filled.
    pub pages: Vec<Page>,
    /// Current vertical position (top of the next item).
    pub y: f64,
    /// Outline entries so far.
    pub outline: Vec<Anchor>,
    /// Link destinations that are not outline entries (reasons-trace entries), so far.
    pub destinations: Vec<Anchor>,
    /// Warnings met while laying out.
    pub warnings: Vec<String>,
}

impl Flow {
    /// A flow with one empty page.
    pub fn new(geometry: PageGeometry) -> Flow {
        let mut flow = Flow {
            geometry,
            pages: Vec::new(),
            y: 0.0,
            outline: Vec::new(),
            destinations: Vec::new(),
            warnings: Vec::new(),
        };
        flow.new_page();
        flow
    }

    /// Top of the body area.
    pub fn body_top(&self) -> f64 {
        self.geometry.top + HEADER_BAND
    }

    /// Bottom of the body area.
    pub fn body_bottom(&self) -> f64 {
        self.geometry.height - self.geometry.bottom - FOOTER_BAND
    }

    /// Left edge of the body.
    pub fn left(&self) -> f64 {
        self.geometry.left
    }

    /// Width of the body.
    pub fn width(&self) -> f64 {
        self.geometry.content_width()
    }

    /// Starts a new page and moves the cursor to its body top.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.body_top();
    }

    /// Whether the cursor is at the top of a page (nothing placed in the body yet).
    pub fn at_page_top(&self) -> bool {
        self.y <= self.body_top() + 0.001
    }

    /// Height left on the current page.
    pub fn remaining(&self) -> f64 {
        self.body_bottom() - self.y
    }

    /// Breaks the page unless `height` fits below the cursor (or the page is still empty).
    pub fn ensure(&mut self, height: f64) {
        if height > self.remaining() && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Adds an item to the current page.
    pub fn push(&mut self, item: Item) {
        // Invariant: `new` creates the first page, and pages are never removed.
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    /// Adds an outline entry at `level` pointing at the cursor.
    pub fn anchor(&mut self, title: &str, level: u8) {
        let page_index = self.pages.len() - 1;
        self.outline.push(Anchor {
            title: title.to_string(),
            level,
            page_index,
            y: self.y,
        });
    }

    /// Places wrapped lines at `x`, one line every `leading` points, breaking pages between
    /// lines as needed. The lines' texts move into the page.
    pub fn place_lines(&mut self, lines: Vec<Line>, x: f64, size: f64, leading: f64) {
        for line in lines {
            self.ensure(leading);
            let baseline = baseline_in(self.y, size, leading);
            for fragment in line.fragments {
                self.push(text_run(fragment, x, baseline, size));
            }
            self.y += leading;
        }
    }
}

impl Flow {
    /// Places a paragraph's lines like `place_lines`, but never leaves its first line alone
    /// at the foot of a page (orphan) or its last line alone at the top of the next (widow).
    pub fn place_lines_kept(&mut self, mut lines: Vec<Line>, x: f64, size: f64, leading: f64) {
        let n = lines.len();
        let fit = (self.remaining() / leading + 1e-6).floor().max(0.0) as usize;
        if n <= fit || self.at_page_top() {
            return self.place_lines(lines, x, size, leading);
        }
        if fit < 2 || n < 4 {
            // An orphan (or a short paragraph that would split): move it whole.
            self.new_page();
            return self.place_lines(lines, x, size, leading);
        }
        // Keep at least two lines for the next page.
        let first = if n - fit < 2 { n - 2 } else { fit };
        let rest = lines.split_off(first);
        self.place_lines(lines, x, size, leading);
        self.new_page();
        self.place_lines(rest, x, size, leading);
    }
}

/// The baseline that centres a line of `size` points in a box of height `leading` whose top is
/// `top`.
pub fn baseline_in(top: f64, size: f64, leading: f64) -> f64 {
    let m = metrics(FontFace::Regular);
    let ink = m.ascent(size) + m.descent(size);
    top + (leading - ink) / 2.0 + m.ascent(size)
}

/// Pushes one wrapped line's fragments as text runs.
pub fn push_line(flow: &mut Flow, line: &Line, x: f64, baseline: f64, size: f64) {
    for fragment in &line.fragments {
        flow.push(text_run(fragment.clone(), x, baseline, size));
    }
}

/// One fragment of a line starting at `x`, as a text run on `baseline`.
fn text_run(fragment: Fragment, x: f64, baseline: f64, size: f64) -> Item {
    Item::Text(TextRun {
        x: x + fragment.dx,
        y: baseline,
        text: fragment.text,
        face: fragment.face,
        size,
        color: fragment.color,
    })
}

/// Adds the running header (all pages but the first) and the footer with "Page N of M" (every
/// page), now that the page count is known.
pub fn add_furniture(pages: &mut [Page], geometry: PageGeometry, header: &str, footer: &str) {
    let total = pages.len();
    let size = theme::FURNITURE_SIZE;
    let left = geometry.left;
    let right = geometry.width - geometry.right;
    let regular = metrics(FontFace::Regular);
    let header_baseline = geometry.top + regular.ascent(size);
    let header_rule = geometry.top + 14.0;
    let footer_rule = geometry.height - geometry.bottom - 16.0;
    let footer_baseline = geometry.height - geometry.bottom - regular.descent(size);
    for (index, page) in pages.iter_mut().enumerate() {
        let number = format!("Page {} of {}", index + 1, total);
        let number_width = regular.width(&number, size);
        let text_room = right - left - number_width - 12.0;
        if index > 0 {
            page.items.push(text(
                left,
                header_baseline,
                fit(header, FontFace::Regular, size, right - left),
                size,
            ));
            page.items.push(rule(left, right, header_rule, theme::RULE));
        }
        page.items.push(rule(left, right, footer_rule, theme::RULE));
        page.items.push(text(
            left,
            footer_baseline,
            fit(footer, FontFace::Regular, size, text_room),
            size,
        ));
        page.items
            .push(text(right - number_width, footer_baseline, number, size));
    }
}

fn text(x: f64, y: f64, text: String, size: f64) -> Item {
    Item::Text(TextRun {
        x,
        y,
        text,
        face: FontFace::Regular,
        size,
        color: theme::MUTED,
    })
}

fn rule(x1: f64, x2: f64, y: f64, color: Color) -> Item {
    Item::Line(LineItem {
        x1,
        y1: y,
        x2,
        y2: y,
        color,
        width: 0.5,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry() -> PageGeometry {
        PageGeometry {
            width: 300.0,
            height: 400.0,
            left: 20.0,
            right: 20.0,
            top: 20.0,
            bottom: 20.0,
        }
    }

    #[test]
    fn ensure_breaks_only_when_needed_and_never_on_an_empty_page() {
        let mut flow = Flow::new(geometry());
        flow.ensure(1000.0);
        assert_eq!(flow.pages.len(), 1, "an empty page keeps oversize content");
        flow.y += 100.0;
        flow.ensure(50.0);
        assert_eq!(flow.pages.len(), 1);
        flow.ensure(flow.remaining() + 1.0);
        assert_eq!(flow.pages.len(), 2);
        assert!(flow.at_page_top());
    }

    #[test]
    fn furniture_numbers_pages_and_skips_the_cover_header() {
        let mut pages = vec![Page::default(), Page::default(), Page::default()];
        add_furniture(&mut pages, geometry(), "Report", "footer");
        let texts: Vec<String> = pages[2]
            .items
            .iter()
            .filter_map(|i| {
                if let Item::Text(t) = i {
                    Some(t.text.clone())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(texts, ["Report", "footer", "Page 3 of 3"]);
        assert_eq!(pages[0].items.len(), 3);
    }
}
