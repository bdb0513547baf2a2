//! The display list: pages of positioned items, the hand-off between layout and backends.
//!
//! Lengths are points with the origin at the top-left corner of the page and y growing
//! downwards; a text run's `y` is its baseline. Backends flip the axis themselves. This module
//! holds plain data only: it never measures text (layout does) and knows nothing about PDF.

use crate::report::fonts::{metrics, FontFace};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Color {
    /// A colour from its components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// `#rrggbb`, for text dumps.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A run of text on one line, in one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left edge.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// The text (only characters an embedded font can show).
    pub text: String,
    /// Face.
    pub face: FontFace,
    /// Size in points.
    pub size: f64,
    /// Colour.
    pub color: Color,
}

impl TextRun {
    /// The run's advance width.
    pub fn width(&self) -> f64 {
        metrics(self.face).width(&self.text, self.size)
    }

    /// The run's ink box as (left, top, right, bottom).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let m = metrics(self.face);
        (
            self.x,
            self.y - m.ascent(self.size),
            self.x + self.width(),
            self.y + m.descent(self.size),
        )
    }
}

/// A filled and/or stroked rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct RectItem {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Fill colour, if filled.
    pub fill: Option<Color>,
    /// Stroke colour and width, if stroked.
    pub stroke: Option<(Color, f64)>,
}

/// A straight line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    /// Start x.
    pub x1: f64,
    /// Start y.
    pub y1: f64,
    /// End x.
    pub x2: f64,
    /// End y.
    pub y2: f64,
    /// Colour.
    pub color: Color,
    /// Stroke width.
    pub width: f64,
}

/// A clickable area that jumps to an outline entry (contents lines).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkItem {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Index into `DisplayList::outline` of the destination, or past its end into
    /// `DisplayList::destinations`.
    pub target: usize,
}

/// One positioned item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text.
    Text(TextRun),
    /// Rectangle.
    Rect(RectItem),
    /// Line.
    Line(LineItem),
    /// Internal link (no ink).
    Link(LinkItem),
}

impl Item {
    /// The item's box as (left, top, right, bottom), stroke included.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        match self {
            Item::Text(t) => t.bounds(),
            Item::Rect(r) => {
                let half = r.stroke.map_or(0.0, |(_, w)| w / 2.0);
                (
                    r.x - half,
                    r.y - half,
                    r.x + r.width + half,
                    r.y + r.height + half,
                )
            }
            Item::Link(k) => (k.x, k.y, k.x + k.width, k.y + k.height),
            Item::Line(l) => {
                // Butt caps: the stroke widens a line across its direction only.
                let half = l.width / 2.0;
                let (dx, dy) = if l.y1 == l.y2 {
                    (0.0, half)
                } else if l.x1 == l.x2 {
                    (half, 0.0)
                } else {
                    (half, half)
                };
                (
                    l.x1.min(l.x2) - dx,
                    l.y1.min(l.y2) - dy,
                    l.x1.max(l.x2) + dx,
                    l.y1.max(l.y2) + dy,
                )
            }
        }
    }
}

/// A destination for the document outline (bookmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// Title shown in the outline.
    pub title: String,
    /// Nesting level: 1 for chapters, 2 for sections inside the chapter before.
    pub level: u8,
    /// 0-based page index.
    pub page_index: usize,
    /// Top of the destination on that page.
    pub y: f64,
}

/// One page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Items in painting order.
    pub items: Vec<Item>,
}

/// Page geometry: size and the margins no item may cross.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Left margin.
    pub left: f64,
    /// Right margin.
    pub right: f64,
    /// Top margin.
    pub top: f64,
    /// Bottom margin.
    pub bottom: f64,
}

impl PageGeometry {
    /// The width between the margins.
    pub fn content_width(&self) -> f64 {
        self.width - self.left - self.right
    }
}

/// Document information the backend writes into its metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentInfo {
    /// Title.
    pub title: String,
    /// Author.
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Producing tool and version.
    pub creator: String,
    /// Creation and modification time, seconds since 1970 (never the clock).
    pub epoch_seconds: i64,
}

/// The laid-out report.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayList {
    /// Page size and margins (the same on every page).
    pub geometry: PageGeometry,
    /// Pages.
    pub pages: Vec<Page>,
    /// Outline entries in document order.
    pub outline: Vec<Anchor>,
    /// Link destinations that are not outline entries (reasons-trace entries); a link target
    /// past the outline's end indexes these.
    pub destinations: Vec<Anchor>,
    /// Metadata.
    pub info: DocumentInfo,
    /// Layout warnings (rows shortened, items outside the margins), in the order met.
    pub warnings: Vec<String>,
    /// Characters no embedded font has, replaced with `fonts::FALLBACK_CHAR`, in code-point
    /// order.
    pub missing_chars: Vec<char>,
}

impl DisplayList {
    /// Items whose box crosses the page margins, as (page index, item); empty when all is well.
    pub fn items_outside_margins(&self) -> Vec<(usize, &Item)> {
        // A hundredth of a point of tolerance absorbs float rounding.
        const EPS: f64 = 0.01;
        let g = self.geometry;
        let mut out = Vec::new();
        for (index, page) in self.pages.iter().enumerate() {
            for item in &page.items {
                let (l, t, r, b) = item.bounds();
                if l < g.left - EPS
                    || t < g.top - EPS
                    || r > g.width - g.right + EPS
                    || b > g.height - g.bottom + EPS
                {
                    out.push((index, item));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_with(item: Item) -> DisplayList {
        DisplayList {
            geometry: PageGeometry {
                width: 200.0,
                height: 300.0,
                left: 10.0,
                right: 10.0,
                top: 10.0,
                bottom: 10.0,
            },
            pages: vec![Page { items: vec![item] }],
            outline: Vec::new(),
            destinations: Vec::new(),
            info: DocumentInfo::default(),
            warnings: Vec::new(),
            missing_chars: Vec::new(),
        }
    }

    #[test]
    fn text_bounds_use_font_metrics() {
        let run = TextRun {
            x: 20.0,
            y: 50.0,
            text: "Hello".into(),
            face: FontFace::Regular,
            size: 10.0,
            color: Color::rgb(0, 0, 0),
        };
        let (l, t, r, b) = run.bounds();
        assert_eq!(l, 20.0);
        assert!(t < 50.0 && b > 50.0 && r > 40.0);
        assert!(list_with(Item::Text(run))
            .items_outside_margins()
            .is_empty());
    }

    #[test]
    fn items_crossing_margins_are_reported() {
        let rect = Item::Rect(RectItem {
            x: 150.0,
            y: 20.0,
            width: 45.0,
            height: 10.0,
            fill: Some(Color::rgb(1, 2, 3)),
            stroke: None,
        });
        assert_eq!(list_with(rect).items_outside_margins().len(), 1);
        assert_eq!(Color::rgb(255, 0, 16).hex(), "#ff0010");
    }
}
